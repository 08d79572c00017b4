//! The platform's dashboard (`/admin`) of the real server, spoken to over HTTP as a browser and
//! as an attacker would: the login and its session cookie, five wrong passwords slowing an
//! account down (and audited), a change without the page's `Origin` or CSRF token refused;
//! completeness turning from missing to received, a reminder sent now to a real SMTP sink,
//! enrolling and disabling a member, closing the round — each behind its confirmation page.

use std::path::{Path, PathBuf};

use reqwest::blocking::Client;
use reqwest::header;
use samla_e2e::*;

const PASSWORD: &str = OPERATOR_PASSWORD;

fn client() -> Client {
    Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client")
}

struct Dashboard {
    p: Platform,
    sink: SmtpSink,
    base: String,
    a: PathBuf,
}

/// A platform with two members and a dashboard operator; the server runs with a configuration
/// naming the members' addresses and a real SMTP sink.
fn platform() -> Dashboard {
    let mut p = Platform::new(2024);
    let a = p.member("org-a");
    p.member("org-b");
    let sink = p.with_dashboard(&[("org-a", "a@org-a.example.org"), ("org-b", "b@org-b.example.org")]);
    let base = p.url();
    Dashboard { p, sink, base, a }
}

fn login(d: &Dashboard, name: &str, password: &str) -> reqwest::blocking::Response {
    client()
        .post(format!("{}/admin/login", d.base))
        .header(header::ORIGIN, &d.base)
        .form(&[("name", name), ("password", password)])
        .send()
        .expect("post")
}

fn get(d: &Dashboard, cookie: &str, path: &str) -> (u16, String) {
    let r = client().get(format!("{}{path}", d.base)).header(header::COOKIE, cookie).send().expect("get");
    (r.status().as_u16(), r.text().expect("text"))
}

/// Follow an action's confirmation link and press its button; the result page.
fn act(d: &Dashboard, cookie: &str, query: &str) -> (u16, String) {
    let (code, confirm) = get(d, cookie, &format!("/admin/confirm?{query}"));
    assert_eq!(code, 200, "{confirm}");
    let fields = hidden_fields(&confirm);
    let r = client()
        .post(format!("{}/admin/do", d.base))
        .header(header::COOKIE, cookie)
        .header(header::ORIGIN, &d.base)
        .form(&fields)
        .send()
        .expect("post");
    (r.status().as_u16(), r.text().expect("text"))
}

fn hidden_fields(page: &str) -> Vec<(String, String)> {
    let form = &page[page.find("action=\"/admin/do").expect("the confirmation form")..];
    form.split("<input type=\"hidden\" ")
        .skip(1)
        .map(|f| {
            let attr = |a: &str| f.split(&format!("{a}=\"")).nth(1).and_then(|v| v.split('"').next()).unwrap_or("");
            (attr("name").to_string(), attr("value").replace("&amp;", "&"))
        })
        .collect()
}

fn audit_actions(data: &Path) -> String {
    let out = data.with_extension(format!("audit-{}.jsonl", uuid::Uuid::new_v4().simple()));
    run_expect(server_cmd().args(["audit", "export", "--data"]).arg(data).arg("--out").arg(&out), 0);
    std::fs::read_to_string(&out).expect("audit export")
}

#[test]
fn an_operator_follows_the_round_and_acts_with_confirmation() {
    let d = platform();
    // Not signed in: to the login page.
    let r = client().get(format!("{}/admin", d.base)).send().expect("get");
    assert_eq!(r.status().as_u16(), 303);
    assert!(r.headers()[header::LOCATION].to_str().unwrap_or("").starts_with("/admin/login"));

    // Five wrong passwords: the sixth attempt waits, even with the right password.
    for i in 0..5 {
        assert_eq!(login(&d, "bertil", &format!("wrong password {i}")).status().as_u16(), 401);
    }
    let slowed = login(&d, "bertil", PASSWORD);
    assert_eq!(slowed.status().as_u16(), 429, "slowed down after five failures");
    let wait: u64 = slowed.headers()[header::RETRY_AFTER].to_str().unwrap_or("0").parse().unwrap_or(0);
    assert!((25..=30).contains(&wait), "30 s to wait: {wait}");
    assert_eq!(login(&d, "nobody", PASSWORD).status().as_u16(), 401, "an unknown name is just wrong");
    let log = audit_actions(&d.p.data);
    assert_eq!(log.matches("operator-login-failed").count(), 6, "{log}");
    assert!(log.contains("operator-login-throttled"), "{log}");
    assert!(!log.contains("wrong password") && !log.contains(PASSWORD), "no password in the audit log");

    // The right password: a session cookie only this host and no script gets.
    let r = login(&d, "anna", PASSWORD);
    assert_eq!(r.status().as_u16(), 303);
    let set = r.headers()[header::SET_COOKIE].to_str().expect("ascii").to_string();
    for attr in ["__Host-samla_operator=", "Secure", "HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(set.contains(attr), "{attr} in {set}");
    }
    let cookie = set.split(';').next().expect("cookie").to_string();
    let (code, home) = get(&d, &cookie, "/admin");
    assert_eq!(code, 200);
    assert!(home.contains("Insamlingar") && home.contains("org-a") && home.contains("öppen"), "{home}");

    // The round's opening and the end of its grace period are shown (a round opened by hand has
    // no schedule), the grace end the same day the command line says.
    let (_, home_en) = get(&d, &cookie, "/admin?lang=en");
    let cli = stdout(&run_expect(server_cmd().args(["status", "--year", "2024", "--data"]).arg(&d.p.data), 0));
    let grace =
        cli.lines().find_map(|l| l.trim().strip_prefix("respit slutar")).map(str::trim).expect("grace in the CLI");
    let row2024 = home_en.split("2024</a></th>").nth(1).and_then(|r| r.split("</tr>").next()).expect("the 2024 row");
    assert!(row2024.contains(grace), "the dashboard's grace end is the CLI's ({grace}): {row2024}");
    let cells: Vec<&str> = row2024.split("<td>").skip(1).map(|c| c.split("</td>").next().unwrap_or("")).collect();
    assert!(cells.len() >= 4 && cells.iter().all(|c| !c.trim().is_empty()), "no blank cell: {cells:?}");
    // A year that is not a number is said in words on the confirmation page.
    let (code, page) = get(&d, &cookie, "/admin/confirm?action=close&year=tjugo");
    assert_eq!(code, 400);
    assert!(page.contains("Det finns ett problem") && !page.contains("deserialize"), "{page}");

    // Completeness: org-a missing, then received after it submits.
    let (_, round) = get(&d, &cookie, "/admin/rounds/2024");
    assert!(round.contains("0 av 2 har skickat"), "{round}");
    let o = d.p.submit(&d.a, &repo_root().join("demo/data/kvinnojouren-a.csv"), 2024);
    assert!(o.status.success(), "{}", stderr(&o));
    let (_, round) = get(&d, &cookie, "/admin/rounds/2024?lang=en");
    assert!(round.contains("1 of 2 have sent (1 on time, 0 late); 1 missing"), "{round}");
    let row = |org: &str| {
        let at = round.find(&format!("<th scope=\"row\">{org}</th>")).expect("the member's row");
        round[at..].split("</tr>").next().expect("row").to_string()
    };
    assert!(row("org-a").contains("on time") && !row("org-a").contains("Remind now"), "{}", row("org-a"));
    assert!(row("org-b").contains("MISSING") && row("org-b").contains("Remind now"), "{}", row("org-b"));

    // A change from another origin, or without the page's CSRF token, is refused.
    let (_, confirm) = get(&d, &cookie, "/admin/confirm?action=remind&year=2024&org=org-b");
    let fields = hidden_fields(&confirm);
    let foreign = client()
        .post(format!("{}/admin/do", d.base))
        .header(header::COOKIE, &cookie)
        .header(header::ORIGIN, "https://attacker.example")
        .form(&fields)
        .send()
        .expect("post");
    assert_eq!(foreign.status().as_u16(), 403);
    let mut forged = fields.clone();
    forged.retain(|(k, _)| k != "csrf");
    forged.push(("csrf".into(), "0".repeat(64)));
    let no_token = client()
        .post(format!("{}/admin/do", d.base))
        .header(header::COOKIE, &cookie)
        .header(header::ORIGIN, &d.base)
        .form(&forged)
        .send()
        .expect("post");
    assert_eq!(no_token.status().as_u16(), 403);
    assert_eq!(d.sink.count(), 0, "nothing was sent by the refused requests");

    // Remind org-b now: a real e-mail, recorded and shown.
    let (code, done) = act(&d, &cookie, "action=remind&year=2024&org=org-b");
    assert_eq!(code, 200, "{done}");
    assert_eq!(d.sink.wait_for(1), 1);
    assert_eq!(d.sink.to("b@org-b.example.org").len(), 1);
    let (_, round) = get(&d, &cookie, "/admin/rounds/2024");
    assert!(round.contains("(av en operatör)"), "{round}");

    // Enrol and disable a member; close the round.
    let key = samla_core::envelope::SigningKey::generate().expect("key").public().to_string();
    let (code, done) = act(&d, &cookie, &format!("action=add&org=org-c&key={key}"));
    assert_eq!(code, 200, "{done}");
    let (code, _) = act(&d, &cookie, "action=disable&org=org-c");
    assert_eq!(code, 200);
    // A disabled member is not offered a reminder (it cannot send), and one asked for by hand
    // is refused.
    let (code, _) = act(&d, &cookie, "action=disable&org=org-b");
    assert_eq!(code, 200);
    let (_, round) = get(&d, &cookie, "/admin/rounds/2024?lang=en");
    let at = round.find("<th scope=\"row\">org-b</th>").expect("org-b's row");
    assert!(
        !round[at..].split("</tr>").next().unwrap_or("").contains("Remind now"),
        "no reminder for a disabled member"
    );
    let (code, done) = act(&d, &cookie, "action=remind&year=2024&org=org-b");
    assert_eq!(code, 400, "{done}");
    assert!(done.contains("avstängd"), "{done}");
    assert_eq!(d.sink.count(), 1, "no second e-mail");
    let orgs = stdout(&run_expect(server_cmd().args(["org", "list", "--data"]).arg(&d.p.data), 0));
    assert!(orgs.contains("org-c") && orgs.lines().any(|l| l.contains("org-c") && l != "org-c"), "{orgs}");
    let (code, done) = act(&d, &cookie, "action=close&year=2024");
    assert_eq!(code, 200, "{done}");
    let o = d.p.submit(&d.a, &repo_root().join("demo/data/kvinnojouren-a.csv"), 2024);
    assert!(!o.status.success(), "a closed round takes no upload");
    let log = audit_actions(&d.p.data);
    for a in ["operator-login", "operator-remind", "operator-add", "operator-disable", "operator-close"] {
        assert!(log.contains(a), "{a} audited: {log}");
    }

    // Logging out ends the session on the server.
    let (_, page) = get(&d, &cookie, "/admin");
    let csrf = page.split("name=\"csrf\" value=\"").nth(1).and_then(|v| v.split('"').next()).expect("csrf");
    client()
        .post(format!("{}/admin/logout", d.base))
        .header(header::COOKIE, &cookie)
        .header(header::ORIGIN, &d.base)
        .form(&[("csrf", csrf)])
        .send()
        .expect("post");
    let r = client().get(format!("{}/admin", d.base)).header(header::COOKIE, &cookie).send().expect("get");
    assert_eq!(r.status().as_u16(), 303, "the old cookie no longer works");
}
