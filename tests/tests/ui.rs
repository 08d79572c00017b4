//! `samla ui`, the member's window, run as the real binary on a loopback port and spoken to as a
//! browser would (and as an attacker's page or another local user would): the one-time secret,
//! `Host` and `Origin` checks, the template download and checking a file with three errors and
//! then the fixed file, in Swedish and English. (Driving it in Chromium is issue 15, item 3.)

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Stdio};

use reqwest::blocking::{multipart, Client};
use reqwest::header;
use samla_e2e::*;

const FIXED: &str = "local_id;given_name;family_name;birth_date;gender;exploitation_forms\n\
                     A-1;Olga;Ivanova;1990-02-28;female;sexual\n\
                     A-2;Grace;Okafor;1995;female;labour\n\
                     A-3;Amina;Bello;1994-05-17;female;begging\n";

struct Ui {
    child: Child,
    base: String,
    secret: String,
}

impl Drop for Ui {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start() -> Ui {
    start_with(None)
}

/// `samla ui`, with a member's configuration when given.
fn start_with(config: Option<&std::path::Path>) -> Ui {
    let mut cmd = samla();
    if let Some(c) = config {
        cmd.arg("--config").arg(c);
    }
    let mut child = cmd.args(["ui", "--no-browser"]).stdout(Stdio::piped()).spawn().expect("start samla ui");
    let line = BufReader::new(child.stdout.take().expect("stdout")).lines().next().expect("a line").expect("utf-8");
    let url = line.split_whitespace().find(|w| w.starts_with("http://")).expect("the link").to_string();
    let (base, secret) = url.split_once("/?k=").expect("secret in the link");
    assert!(base.starts_with("http://127.0.0.1:"), "loopback only: {base}");
    assert!(secret.len() >= 32, "a long secret: {secret}");
    Ui { child, base: base.into(), secret: secret.into() }
}

fn client() -> Client {
    Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client")
}

/// The cookie a browser gets from opening the printed link.
fn log_in(ui: &Ui) -> String {
    let r = client().get(format!("{}/?k={}", ui.base, ui.secret)).send().expect("get");
    assert_eq!(r.status().as_u16(), 303, "the secret leaves the address bar");
    let cookie = r.headers().get(header::SET_COOKIE).expect("cookie").to_str().expect("ascii").to_string();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
    assert_eq!(r.headers().get("referrer-policy").map(|v| v.to_str().unwrap_or("")), Some("no-referrer"));
    cookie.split(';').next().expect("name=value").to_string()
}

fn check(ui: &Ui, cookie: &str, lang: &str, name: &str, body: &str) -> (u16, String) {
    let form = multipart::Form::new()
        .text("year", "2024")
        .part("file", multipart::Part::bytes(body.as_bytes().to_vec()).file_name(name.to_string()));
    let r = client()
        .post(format!("{}/check?lang={lang}", ui.base))
        .header(header::COOKIE, cookie)
        .header(header::ORIGIN, &ui.base)
        .multipart(form)
        .send()
        .expect("post");
    (r.status().as_u16(), r.text().expect("text"))
}

#[test]
fn only_the_member_who_started_it_can_use_it() {
    let ui = start();
    let c = client();
    let status = |r: reqwest::blocking::Response| r.status().as_u16();
    assert_eq!(status(c.get(format!("{}/", ui.base)).send().expect("get")), 403, "no secret");
    assert_eq!(status(c.get(format!("{}/?k=0123456789abcdef0123456789abcdef", ui.base)).send().expect("get")), 403);
    let cookie = log_in(&ui);
    let home = c.get(format!("{}/", ui.base)).header(header::COOKIE, &cookie).send().expect("get");
    assert_eq!(home.status().as_u16(), 200);
    let csp = home.headers().get("content-security-policy").map(|v| v.to_str().unwrap_or("").to_string());
    assert!(csp.is_some_and(|v| v.contains("frame-ancestors 'none'")), "cannot be framed");
    assert!(home.text().expect("text").contains("Kontrollera er fil"), "Swedish by default");
    // DNS rebinding: a name that resolves to 127.0.0.1 still carries its own Host.
    let rebound = c
        .get(format!("{}/", ui.base))
        .header(header::COOKIE, &cookie)
        .header(header::HOST, "attacker.example")
        .send()
        .expect("get");
    assert_eq!(status(rebound), 403, "a foreign Host is refused");
    // A page elsewhere posting to the window (the browser would send the cookie only if it
    // were not SameSite=Strict; refused by Origin anyway).
    let form = || multipart::Form::new().text("year", "2024").text("file", "x");
    let foreign = c
        .post(format!("{}/check", ui.base))
        .header(header::COOKIE, &cookie)
        .header(header::ORIGIN, "http://attacker.example")
        .multipart(form())
        .send()
        .expect("post");
    assert_eq!(status(foreign), 403, "a foreign Origin is refused");
    let no_origin =
        c.post(format!("{}/check", ui.base)).header(header::COOKIE, &cookie).multipart(form()).send().expect("post");
    assert_eq!(status(no_origin), 403, "a change without Origin is refused");
}

#[test]
fn a_member_downloads_the_template_and_checks_a_file_until_it_is_right() {
    let ui = start();
    let cookie = log_in(&ui);
    let t = client()
        .get(format!("{}/template?year=2024&format=xlsx", ui.base))
        .header(header::COOKIE, &cookie)
        .send()
        .expect("get");
    assert_eq!(t.status().as_u16(), 200);
    let disposition = t.headers().get(header::CONTENT_DISPOSITION).map(|v| v.to_str().unwrap_or("").to_string());
    assert_eq!(disposition.as_deref(), Some("attachment; filename=\"statistik-2024.xlsx\""));
    assert!(t.bytes().expect("bytes").starts_with(b"PK"), "an xlsx workbook");

    let (code, page) = check(&ui, &cookie, "sv", "statistik 2024.csv", THREE_ERRORS);
    assert_eq!(code, 200);
    let rows = page.matches("<tr><td>").count();
    assert_eq!(rows, 3, "one table row per problem: {page}");
    for value in ["1990-02-30", "kvinna", "juggling"] {
        assert!(page.contains(value), "{value} shown: {page}");
    }
    assert!(page.contains("Ingenting har skickats"), "{page}");
    let (_, english) = check(&ui, &cookie, "en", "statistik 2024.csv", THREE_ERRORS);
    assert!(
        english.contains("What is wrong, and what is allowed") && english.contains("Nothing was sent"),
        "{english}"
    );

    let (code, page) = check(&ui, &cookie, "sv", "statistik 2024.csv", FIXED);
    assert_eq!(code, 200);
    assert!(page.contains("3 rader är giltiga för 2024"), "{page}");
    assert!(page.contains("samla init"), "without a configuration the preview asks for set-up: {page}");
}

#[test]
fn a_configured_member_sees_exactly_what_would_leave_and_never_a_name() {
    let p = Platform::new(2024);
    let cfg = p.member("org-a");
    let ui = start_with(Some(&cfg));
    let cookie = log_in(&ui);
    let (code, page) = check(&ui, &cookie, "sv", "statistik 2024.csv", FIXED);
    assert_eq!(code, 200);
    assert!(page.contains("Det här skulle lämna er organisation"), "{page}");
    assert!(page.contains("record_ref") && page.contains("match_keys"), "the records as sent: {page}");
    assert!(page.contains("exploitation_forms"), "the statistical fields: {page}");
    // Whole words only: the encodings are base64 and may hold any short run of letters.
    let words: std::collections::BTreeSet<&str> = page.split(|c: char| !c.is_alphanumeric() && c != '-').collect();
    for secret in ["Olga", "Ivanova", "Okafor", "Bello", "Amina", "1990-02-28", "1994-05-17", "A-1", "A-2", "A-3"] {
        assert!(!words.contains(secret), "{secret} would be shown as leaving: {page}");
    }
    assert_eq!(p.batch_count(), 0, "nothing was sent");
}
