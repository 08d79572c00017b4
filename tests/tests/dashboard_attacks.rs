//! The dashboard under attack, against the real server (issue 21): a session ends when its
//! operator is disabled or gets a new password; parallel guesses get one password check per
//! account name and a burst cannot slip the right password in; made-up names cannot push a
//! locked account out of the throttle (unit test in `server/src/dashboard/auth.rs`); a flood
//! of refused logins writes a handful of audit entries, and 400 parallel logins with made-up
//! names keep the server's memory bounded (at most four Argon2 checks at once, measured from
//! /proc); logging out ends the session whatever the form carried; an `Origin` with the wrong
//! scheme is refused.

use reqwest::blocking::Client;
use reqwest::header;
use samla_e2e::*;

fn client() -> Client {
    Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client")
}

fn login(base: &str, name: &str, password: &str) -> (u16, Option<String>) {
    let r = client()
        .post(format!("{base}/admin/login"))
        .header(header::ORIGIN, base)
        .form(&[("name", name), ("password", password)])
        .send()
        .expect("post");
    let cookie = r
        .headers()
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|c| c.split(';').next())
        .map(str::to_string);
    (r.status().as_u16(), cookie)
}

fn home(base: &str, cookie: &str) -> u16 {
    client().get(format!("{base}/admin")).header(header::COOKIE, cookie).send().expect("get").status().as_u16()
}

fn audit_count(p: &Platform) -> i64 {
    p.db().query_row("SELECT COUNT(*) FROM audit", [], |r| r.get(0)).expect("count")
}

/// The server's peak resident memory (kB), from /proc.
fn peak_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(str::to_string))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        .unwrap_or(0)
}

#[test]
fn sessions_end_with_the_account_and_logout_ends_them_anyway() {
    let mut p = Platform::new(2024);
    p.with_dashboard(&[]);
    let base = p.url();
    let (code, anna) = login(&base, "anna", OPERATOR_PASSWORD);
    assert_eq!(code, 303);
    let anna = anna.expect("cookie");
    assert_eq!(home(&base, &anna), 200);
    run_expect(server_cmd().args(["operator", "disable", "anna", "--data"]).arg(&p.data), 0);
    assert_eq!(home(&base, &anna), 303, "a disabled operator's session ends at once");

    let (_, bertil) = login(&base, "bertil", OPERATOR_PASSWORD);
    let bertil = bertil.expect("cookie");
    assert_eq!(home(&base, &bertil), 200);
    run_expect(
        server_cmd()
            .env("SAMLA_OPERATOR_PASSWORD", "another long password")
            .args(["operator", "add", "bertil", "--data"])
            .arg(&p.data),
        0,
    );
    assert_eq!(home(&base, &bertil), 303, "a new password ends the old sessions");
    let log: String = p
        .db()
        .prepare("SELECT detail FROM audit WHERE action = 'operator-session-ended'")
        .and_then(|mut st| st.query_map([], |r| r.get::<_, String>(0))?.collect::<Result<Vec<_>, _>>())
        .expect("audit")
        .join("\n");
    assert!(log.contains("anna") && log.contains("bertil"), "{log}");

    // Logout with a wrong token: the server session ends all the same.
    let (_, c) = login(&base, "bertil", "another long password");
    let c = c.expect("cookie");
    client()
        .post(format!("{base}/admin/logout"))
        .header(header::COOKIE, &c)
        .header(header::ORIGIN, &base)
        .form(&[("csrf", "0".repeat(64))])
        .send()
        .expect("post");
    assert_eq!(home(&base, &c), 303, "the session is gone on the server");

    // The Origin's scheme counts: for a non-loopback host only https:// is this page.
    let (_, c) = login(&base, "bertil", "another long password");
    let c = c.expect("cookie");
    let post = |origin: &str| {
        client()
            .post(format!("{base}/admin/logout"))
            .header(header::HOST, "samla.plattformen.example")
            .header(header::ORIGIN, origin)
            .header(header::COOKIE, &c)
            .form(&[("csrf", "x")])
            .send()
            .expect("post")
            .status()
            .as_u16()
    };
    assert_eq!(post("http://samla.plattformen.example"), 403, "plain http from a foreign host is not this page");
    assert_eq!(post("https://samla.plattformen.example"), 303, "the https page is");
}

#[test]
fn guesses_in_parallel_get_one_check_and_floods_stay_small() {
    let mut p = Platform::new(2024);
    p.with_dashboard(&[]);
    let base = p.url();
    let pid = p.server.as_ref().expect("server").pid();

    // 200 parallel wrong guesses for one account: at most the free failures are checked.
    let results: Vec<u16> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..200)
            .map(|i| {
                let base = base.clone();
                s.spawn(move || login(&base, "anna", &format!("wrong guess {i}")).0)
            })
            .collect();
        hs.into_iter().map(|h| h.join().expect("thread")).collect()
    });
    let checked = results.iter().filter(|c| **c == 401).count();
    assert!(checked <= 5, "{checked} of 200 parallel guesses were checked: {results:?}");
    assert!(results.iter().all(|c| [401, 429, 503].contains(c)), "{results:?}");
    // Wrong guesses one after another until the account waits; then a burst with the right
    // password among wrong ones does not log in.
    let mut waits = false;
    for i in 0..10 {
        if login(&base, "anna", &format!("one more {i}")).0 == 429 {
            waits = true;
            break;
        }
    }
    assert!(waits, "the account waits after five failures");
    let burst: Vec<(u16, Option<String>)> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..50)
            .map(|i| {
                let base = base.clone();
                let pw = if i == 25 { OPERATOR_PASSWORD.to_string() } else { format!("wrong {i}") };
                s.spawn(move || login(&base, "anna", &pw))
            })
            .collect();
        hs.into_iter().map(|h| h.join().expect("thread")).collect()
    });
    assert!(burst.iter().all(|(c, cookie)| *c == 429 && cookie.is_none()), "{burst:?}");

    // 2 000 refused attempts: a handful of audit entries, not thousands.
    let before = audit_count(&p);
    for i in 0..2000 {
        let (c, _) = login(&base, "anna", &format!("again {i}"));
        assert_eq!(c, 429);
    }
    let written = audit_count(&p) - before;
    assert!(written <= 2, "{written} audit entries for 2000 refused attempts");

    // 400 parallel logins with made-up names: at most four password checks at once, so the
    // server's memory stays bounded (each check takes 19 MiB).
    let base_kb = peak_kb(pid);
    let before = audit_count(&p);
    let results: Vec<u16> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..400)
            .map(|i| {
                let base = base.clone();
                s.spawn(move || login(&base, &format!("nobody-{i}"), "a password").0)
            })
            .collect();
        hs.into_iter().map(|h| h.join().expect("thread")).collect()
    });
    let grown_mib = (peak_kb(pid).saturating_sub(base_kb)) / 1024;
    let checked = results.iter().filter(|c| **c == 401).count();
    let busy = results.iter().filter(|c| **c == 503).count();
    eprintln!(
        "400 parallel logins with made-up names: {checked} checked, {busy} told to retry, peak memory +{grown_mib} MiB"
    );
    assert!(grown_mib < 200, "the server's peak memory grew by {grown_mib} MiB");
    assert!(checked >= 1, "some were checked");
    let written = audit_count(&p) - before;
    assert!(written <= 3, "{written} audit entries for 400 failed logins of made-up names");
}
