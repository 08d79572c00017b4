//! `samla ui`, the member's window, run as the real binary on a loopback port and spoken to as a
//! browser would (and as an attacker's page or another local user would): the one-time secret,
//! `Host` and `Origin` checks, the template download and checking a file with three errors and
//! then the fixed file, in Swedish and English; set-up, sending with the receipt, the outbox
//! while the server is away and retry.

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
    assert_eq!(r.headers().get("referrer-policy").map(|v| v.to_str().unwrap_or("")), Some("same-origin"));
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

/// The link's secret works once and is traded for a separate session value bound to this
/// window's port; the link never shows on a command line when the browser is opened; a window
/// left unused ends its session.
#[test]
fn the_link_works_once_and_the_session_is_not_the_secret() {
    let ui = start();
    let port = ui.base.rsplit(':').next().expect("port").to_string();
    let cookie = log_in(&ui);
    let (name, value) = cookie.split_once('=').expect("name=value");
    assert_eq!(name, format!("samla_ui_{port}"), "the cookie is named for this window's port");
    assert_ne!(value, ui.secret, "the session value is not the link's secret");
    let c = client();
    // A second use of the link (another local user who saw it, or the same browser): refused,
    // and no session is handed out.
    let again = c.get(format!("{}/?k={}", ui.base, ui.secret)).send().expect("get");
    assert_eq!(again.status().as_u16(), 403);
    assert!(again.headers().get(header::SET_COOKIE).is_none());
    assert!(again.text().expect("text").contains("redan använts"));
    // The secret as a cookie value is no session.
    let forged = c.get(format!("{}/", ui.base)).header(header::COOKIE, format!("{name}={}", ui.secret)).send();
    assert_eq!(forged.expect("get").status().as_u16(), 403);
    // The member's session still works.
    let home = c.get(format!("{}/", ui.base)).header(header::COOKIE, &cookie).send().expect("get");
    assert_eq!(home.status().as_u16(), 200);

    // Opening the browser: a private file forwards to the link (no browser here: the file is
    // what the member's browser would have been given).
    let empty = tempfile::tempdir().expect("dir");
    let mut child = samla()
        .args(["ui"])
        .env("PATH", empty.path())
        .env("SAMLA_UI_IDLE_SECS", "2")
        .stdout(Stdio::piped())
        .spawn()
        .expect("start samla ui");
    let line = BufReader::new(child.stdout.take().expect("stdout")).lines().next().expect("a line").expect("utf-8");
    let killer = Ui { child, base: String::new(), secret: String::new() };
    assert!(!line.contains("?k="), "the link is not printed when the browser is opened: {line}");
    let file = line.split_whitespace().find(|w| w.ends_with("open-samla.html")).expect("the file");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(file).expect("file").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "readable by the member alone");
    }
    let html = std::fs::read_to_string(file).expect("read");
    let url = html.split("url=").nth(1).and_then(|r| r.split('"').next()).expect("forwarding").to_string();
    let r = c.get(&url).send().expect("get");
    assert_eq!(r.status().as_u16(), 303);
    let cookie = r.headers().get(header::SET_COOKIE).and_then(|v| v.to_str().ok()).expect("cookie").to_string();
    let cookie = cookie.split(';').next().expect("pair").to_string();
    let base = url.split("/?k=").next().expect("base").to_string();
    assert_eq!(c.get(format!("{base}/")).header(header::COOKIE, &cookie).send().expect("get").status().as_u16(), 200);
    // Unused for longer than the idle limit (2 s here, 30 minutes for real): ended.
    std::thread::sleep(std::time::Duration::from_millis(2500));
    let late = c.get(format!("{base}/")).header(header::COOKIE, &cookie).send().expect("get");
    assert_eq!(late.status().as_u16(), 403);
    assert!(late.text().expect("text").contains("stängts av säkerhetsskäl"));
    drop(killer);
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

fn post_form(ui: &Ui, cookie: &str, path: &str, form: &[(&str, &str)]) -> (u16, String) {
    let r = client()
        .post(format!("{}{path}", ui.base))
        .header(header::COOKIE, cookie)
        .header(header::ORIGIN, &ui.base)
        .form(form)
        .send()
        .expect("post");
    (r.status().as_u16(), r.text().expect("text"))
}

fn get(ui: &Ui, cookie: &str, path: &str) -> String {
    client().get(format!("{}{path}", ui.base)).header(header::COOKIE, cookie).send().expect("get").text().expect("text")
}

/// The value of the hidden `token` field of the preview's send form.
fn send_token(page: &str) -> String {
    let at = page.find("name=\"token\" value=\"").expect("a send form") + "name=\"token\" value=\"".len();
    page[at..].split('"').next().expect("token").to_string()
}

#[test]
fn a_member_sets_up_sends_from_the_window_and_keeps_the_receipt_even_when_the_server_was_away() {
    let mut p = Platform::new(2024);
    let cfg = p.dir.path().join("members").join("org-b");
    let ui = start_with(Some(&cfg));
    let cookie = log_in(&ui);
    assert!(get(&ui, &cookie, "/").contains("inte inställt"), "the home page asks for set-up first");

    // First-time set-up from the page: the invitation code alone.
    let custodian = p.custodian();
    let code = p.invite("org-b");
    let (status, page) = post_form(&ui, &cookie, "/setup", &[("invite", "SAMLA-not-a-code")]);
    assert_eq!(status, 400, "a damaged code is refused: {page}");
    assert!(page.contains("class=\"error-summary\"") && page.contains("href=\"#invite\""), "error summary: {page}");
    assert!(page.contains("id=\"invite-error\"") && page.contains("SAMLA-not-a-code"), "inline, value kept: {page}");
    assert!(!cfg.join("config.toml").exists(), "nothing written");
    let (status, page) = post_form(&ui, &cookie, "/setup", &[("invite", &code)]);
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("org-b är registrerad hos plattformen"), "{page}");
    assert!(page.contains("Länknyckeln har inte kommit"), "the member is told the key is on its way: {page}");
    // Before the custodian delivers, a file can be checked but not sent.
    let (_, preview) = check(&ui, &cookie, "sv", "statistik 2024.csv", FIXED);
    assert!(preview.contains("Länknyckeln har inte kommit"), "{preview}");
    assert!(!preview.contains("name=\"token\""), "no send button without the linkage key");
    p.deliver(&custodian);
    let settings = get(&ui, &cookie, "/setup");
    assert!(settings.contains("På plats") && settings.contains("org-b"), "{settings}");
    // The same code again (changing the settings with it) is refused as used, value kept.
    let (status, page) = post_form(&ui, &cookie, "/setup", &[("invite", &code), ("replace", "1")]);
    assert_eq!(status, 400);
    assert!(page.contains("redan använts") && page.contains(&code), "{page}");

    // Check, preview, send: the receipt on the page, kept on disk, counted by the server.
    let (_, preview) = check(&ui, &cookie, "sv", "statistik 2024.csv", FIXED);
    let (code, sent) = post_form(&ui, &cookie, "/send", &[("token", &send_token(&preview))]);
    assert_eq!(code, 200);
    assert!(sent.contains("Krypterar och signerar") && sent.contains("Skickar till servern"), "the steps: {sent}");
    assert!(sent.contains("Mottaget och lagrat av servern"), "the receipt: {sent}");
    assert!(sent.contains("class=\"panel\"") && sent.contains("Mottaget"), "a confirmation panel: {sent}");
    assert!(!sent.contains("UTC") && !sent.contains(&cfg.display().to_string()), "Swedish time, no file path: {sent}");
    assert_eq!(p.batch_count(), 1);
    // The home page says the open round and its last day.
    let home = get(&ui, &cookie, "/");
    assert!(home.contains("Insamlingen för 2024 är öppen. Sista dag:"), "{home}");
    let receipts: Vec<_> = std::fs::read_dir(cfg.join("receipts").join("2024")).expect("receipts").collect();
    assert_eq!(receipts.len(), 1, "the receipt is kept");
    let (_, again) = post_form(&ui, &cookie, "/send", &[("token", &send_token(&preview))]);
    assert!(again.contains("ingen kontrollerad fil"), "a preview is sent once: {again}");
    let status = get(&ui, &cookie, "/status");
    assert!(status.contains("Servern räknar er senaste batch") && status.contains("Ingenting väntar"), "{status}");

    // The server away: the batch waits in the outbox, the page says why; retry sends it.
    let addr = p.server.as_ref().expect("server").addr();
    p.server = None;
    let (_, preview) = check(&ui, &cookie, "en", "statistik 2024.csv", FIXED);
    let (_, away) = post_form(&ui, &cookie, "/send?lang=en", &[("token", &send_token(&preview))]);
    assert!(
        away.contains("could not be reached: this computer got no connection") && away.contains("outbox: 1"),
        "{away}"
    );
    assert!(!away.contains("error sending request") && !away.contains("http://"), "no technical English: {away}");
    let status = get(&ui, &cookie, "/status?lang=en");
    assert!(status.contains("Try sending again") && status.contains("2024"), "the outbox listed: {status}");
    assert!(status.contains("cannot be reached now"), "and why it waits: {status}");
    p.server = Some(Server::start_on(&p.data, &addr));
    let (_, retried) = post_form(&ui, &cookie, "/retry?lang=en", &[]);
    assert!(retried.contains("Received and stored by the server"), "{retried}");
    assert!(retried.contains("supersedes"), "the correction replaces the first batch: {retried}");
    assert_eq!(p.batch_count(), 2);
    assert!(get(&ui, &cookie, "/status?lang=en").contains("Nothing waits in the outbox"));

    // The round closes between the preview and "send": the server refuses, and the refused
    // batch stays visible on Status with the reason in Swedish (the client's words for the
    // server's code).
    let (_, preview) = check(&ui, &cookie, "sv", "statistik 2024.csv", FIXED);
    run_expect(server_cmd().args(["round", "close", "--year", "2024", "--data"]).arg(&p.data), 0);
    let (_, refused) = post_form(&ui, &cookie, "/send", &[("token", &send_token(&preview))]);
    assert!(refused.contains("insamlingen för året är stängd"), "{refused}");
    assert!(
        !refused.contains("round_closed") && !refused.contains("closed at"),
        "no code, no server English: {refused}"
    );
    let status = get(&ui, &cookie, "/status");
    assert!(status.contains("Batcher som servern inte tog emot"), "{status}");
    assert!(status.contains("insamlingen för året är stängd"), "with the reason: {status}");
    // And a new preview for the closed year says so before anything is encrypted.
    let (_, closed) = check(&ui, &cookie, "sv", "statistik 2024.csv", FIXED);
    assert!(closed.contains("tar inte emot batcher nu") && !closed.contains("name=\"token\""), "{closed}");
    assert_eq!(p.batch_count(), 2);

    // Settings changed with a new invitation (a new computer, a wrong address): new keys, the
    // old one retired on the server, the linkage key kept.
    let old_key = std::fs::read_to_string(cfg.join("signing-key")).expect("key");
    let code2 = p.invite("org-b");
    let (status, page) = post_form(&ui, &cookie, "/setup", &[("invite", &code2), ("replace", "1")]);
    assert_eq!(status, 200, "{page}");
    assert_ne!(std::fs::read_to_string(cfg.join("signing-key")).expect("key"), old_key, "a new key");
    assert!(cfg.join("linkage-secret").exists(), "the linkage key stays");
    let settings = get(&ui, &cookie, "/setup");
    assert!(settings.contains("org-b"), "{settings}");
}
