//! A member's first year from one invitation code, with the real binaries and a real server:
//! the key custodian is made and named, the operator invites two members, each sets up with
//! the code alone (keys made, enrolled with the one-time token), cannot send until the
//! custodian delivers the linkage secret, then sends and gets a receipt; the aggregate links
//! them. A used, damaged or unknown code gets its sentence and writes nothing. The server's
//! store, its log and the admin's outputs never hold the linkage secret. After a rotation, a
//! year with batches made under two secrets is refused, naming the members.

use std::path::{Path, PathBuf};

use base64::Engine as _;
use samla_e2e::*;

const YEAR: i32 = 2024;

struct Setup {
    p: Platform,
    custodian: PathBuf,
}

fn setup() -> Setup {
    let p = Platform::new(YEAR);
    let custodian = p.custodian();
    Setup { p, custodian }
}

fn invite(s: &Setup, org: &str) -> String {
    s.p.invite(org)
}

fn member_dir(s: &Setup, org: &str) -> PathBuf {
    s.p.dir.path().join("members").join(org)
}

fn deliver(s: &Setup) -> String {
    s.p.deliver(&s.custodian)
}

fn demo(org: &str) -> PathBuf {
    repo_root().join(format!("demo/data/{org}.csv"))
}

/// Every file under `dir` (recursively).
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(files(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

#[test]
fn a_member_sets_up_from_one_code_and_the_secret_never_reaches_the_server() {
    let s = setup();
    let a = member_dir(&s, "kvinnojouren-a");
    let b = member_dir(&s, "juristbyran-b");
    let code_a = invite(&s, "kvinnojouren-a");
    let code_b = invite(&s, "juristbyran-b");

    // A damaged code (one character changed) and an unknown one: a sentence, nothing written.
    let mut damaged: Vec<char> = code_a.chars().collect();
    let at = damaged.len() / 2;
    damaged[at] = if damaged[at] == 'x' { 'y' } else { 'x' };
    let damaged: String = damaged.into_iter().collect();
    let out = run_expect(samla().arg("--config").arg(&a).args(["init", "--invite", &damaged]), 1);
    assert!(stderr(&out).contains("kopierades"), "{}", stderr(&out));
    assert!(!a.join("config.toml").exists() && !a.join("signing-key").exists());

    // The code alone sets the member up (a line break from an e-mail client is forgiven).
    let (head, tail) = code_a.split_at(30);
    let out = run_expect(samla().arg("--config").arg(&a).args(["init", "--invite", &format!("{head}\n  {tail}")]), 0);
    assert!(stdout(&out).contains("registrerat hos plattformen"), "{}", stdout(&out));
    assert!(stdout(&out).contains("Länknyckeln har inte kommit"), "{}", stdout(&out));
    #[cfg(unix)]
    for f in ["signing-key", "member-secret", "member-identity"] {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(a.join(f)).expect("key file").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{f}");
    }
    assert!(!a.join("linkage-secret").exists(), "no secret before the custodian delivers");
    let listed = stdout(&run_expect(server_cmd().args(["org", "list", "--data"]).arg(&s.p.data), 0));
    assert!(listed.contains("kvinnojouren-a"), "enrolled: {listed}");

    // The same code again: used.
    let again = member_dir(&s, "again");
    let out = run_expect(samla().arg("--config").arg(&again).args(["init", "--invite", &code_a]), 1);
    assert!(stderr(&out).contains("redan använts"), "{}", stderr(&out));
    assert!(!again.join("config.toml").exists() && !again.join("signing-key").exists());

    // Without the linkage secret nothing can be sent, and the member is told why.
    let out = s.p.submit(&a, &demo("kvinnojouren-a"), YEAR);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("Länknyckeln har inte kommit"), "{}", stderr(&out));
    assert_eq!(s.p.batch_count(), 0);

    // The custodian delivers; the member's next command installs it and sends.
    // (A year without a round is refused before anything is encrypted.)
    let said = deliver(&s);
    assert!(said.contains("1 medlem:") && said.contains("kvinnojouren-a"), "{said}");
    let out = s.p.submit(&a, &demo("kvinnojouren-a"), 2025);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("Det finns ingen insamling för 2025"), "{}", stderr(&out));
    assert!(files(&a.join("outbox")).is_empty(), "nothing sealed into the outbox");
    assert_eq!(s.p.batch_count(), 0);
    let waiting = stdout(&run_expect(server_cmd().args(["custodian", "show", "--data"]).arg(&s.p.data), 0));
    assert!(waiting.contains("Alla registrerade medlemmar har länknyckeln"), "{waiting}");
    let out = s.p.submit(&a, &demo("kvinnojouren-a"), YEAR);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(a.join("linkage-secret").exists());

    // The second member: invited, set up, waits (shown to the operator), delivered, sends.
    run_expect(samla().arg("--config").arg(&b).args(["init", "--invite", &code_b]), 0);
    let waiting = stdout(&run_expect(server_cmd().args(["custodian", "show", "--data"]).arg(&s.p.data), 0));
    assert!(waiting.contains("1 medlem väntar") && waiting.contains("juristbyran-b"), "{waiting}");
    let said = deliver(&s);
    assert!(said.contains("juristbyran-b") && !said.contains("kvinnojouren-a"), "only the one waiting: {said}");
    let st = stdout(&run_expect(samla().arg("--config").arg(&b).arg("status"), 0));
    assert!(st.contains("Länknyckeln är på plats"), "{st}");
    let out = s.p.submit(&b, &demo("juristbyran-b"), YEAR);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    // Both members hold the same secret as the custodian.
    let secret = std::fs::read_to_string(s.custodian.join("linkage-secret")).expect("custodian's secret");
    for m in [&a, &b] {
        assert_eq!(std::fs::read_to_string(m.join("linkage-secret")).expect("member's secret"), secret);
    }

    // The aggregate links the two (one secret) and writes its outputs.
    let out_dir = s.p.dir.path().join("report");
    let report = s.p.aggregate(YEAR, &out_dir, true);
    #[cfg(unix)]
    {
        // INTERNAL counts are the admin's alone.
        use std::os::unix::fs::PermissionsExt;
        let mode = |f: &Path| std::fs::metadata(f).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode(&out_dir), 0o700);
        assert_eq!(mode(&out_dir.join("report.json")), 0o600);
    }
    assert!(report["persons"]["total"].as_u64().unwrap_or(0) > 0 || report.get("tables").is_some(), "{report}");

    // The secret is nowhere on the server's side: store, WAL, log, the admin's outputs; neither
    // its text nor its raw bytes.
    let b64 = secret.trim().trim_start_matches("samla-linkage-secret-v1:").to_string();
    let raw = base64::engine::general_purpose::STANDARD.decode(&b64).expect("base64");
    assert_eq!(raw.len(), 32);
    let server_log = s.p.server.as_ref().map(|x| x.log.clone()).expect("log");
    let mut looked = 0;
    for f in files(&s.p.data).into_iter().chain(files(&out_dir)).chain([server_log]) {
        let bytes = std::fs::read(&f).unwrap_or_default();
        looked += bytes.len();
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(&b64), "the secret's text in {}", f.display());
        assert!(!bytes.windows(32).any(|w| w == raw.as_slice()), "the secret's bytes in {}", f.display());
    }
    assert!(looked > 10_000, "the check read the store ({looked} bytes)");
    // The check can fail: the members' own directories do hold it.
    assert!(files(&a).iter().any(|f| std::fs::read_to_string(f).is_ok_and(|t| t.contains(&b64))));
}

#[test]
fn batches_made_under_two_secrets_are_not_linked() {
    let s = setup();
    let a = member_dir(&s, "kvinnojouren-a");
    let b = member_dir(&s, "juristbyran-b");
    let code_a = invite(&s, "kvinnojouren-a");
    run_expect(samla().arg("--config").arg(&a).args(["init", "--invite", &code_a]), 0);
    deliver(&s);
    assert_eq!(s.p.submit(&a, &demo("kvinnojouren-a"), YEAR).status.code(), Some(0));

    // A rotation: the next delivery gives generation 2 to everyone; b sends under it while
    // a's batch of the year was made under generation 1.
    let out = run_expect(samla().arg("--config").arg(&s.custodian).args(["custodian", "rotate"]), 0);
    assert!(stdout(&out).contains("generation 2"), "{}", stdout(&out));
    let code_b = invite(&s, "juristbyran-b");
    run_expect(samla().arg("--config").arg(&b).args(["init", "--invite", &code_b]), 0);
    let said = deliver(&s);
    assert!(said.contains("2 medlemmar"), "{said}");
    assert_eq!(s.p.submit(&b, &demo("juristbyran-b"), YEAR).status.code(), Some(0));

    let out_dir = s.p.dir.path().join("report");
    let out = run_expect(
        server_cmd()
            .args(["aggregate", "--year", &YEAR.to_string(), "--allow-open-round", "--identity"])
            .arg(&s.p.identity)
            .arg("--data")
            .arg(&s.p.data)
            .arg("--out")
            .arg(&out_dir),
        1,
    );
    let err = stderr(&out);
    assert!(err.contains("2 olika länknycklar"), "{err}");
    assert!(err.contains("kvinnojouren-a") && err.contains("juristbyran-b"), "names the members: {err}");
    assert!(!out_dir.join("report.json").exists(), "nothing written");

    // Once a sends again (it fetched generation 2), the year links.
    run_expect(samla().arg("--config").arg(&a).arg("status"), 0);
    assert_eq!(s.p.submit(&a, &demo("kvinnojouren-a"), YEAR).status.code(), Some(0));
    s.p.aggregate(YEAR, &out_dir, false);
}

#[test]
fn a_server_nobody_answers_at_is_said_and_nothing_is_saved() {
    let dir = tempfile::tempdir().expect("dir");
    // A code that points to a port nobody listens on.
    let inv = samla_core::invite::Invitation::new("org-a", "http://127.0.0.1:9", &"ab".repeat(16), &"cd".repeat(16))
        .expect("code");
    let cfg = dir.path().join("cfg");
    let out = run_expect(samla().arg("--config").arg(&cfg).args(["init", "--invite", &inv.encode()]), 1);
    let err = stderr(&out);
    assert!(err.contains("gick inte att nå") && err.contains("Inbjudan gäller fortfarande"), "{err}");
    assert!(!err.contains("error sending") && !err.contains("127.0.0.1"), "no technical English: {err}");
    assert!(!cfg.join("config.toml").exists() && !cfg.join("signing-key").exists(), "nothing saved");
}

#[test]
fn an_invitation_needs_a_named_custodian_and_an_address() {
    let p = Platform::new(YEAR);
    let out = run_expect(server_cmd().args(["org", "invite", "kvinnojouren-a", "--data"]).arg(&p.data), 1);
    assert!(stderr(&out).contains("--url"), "{}", stderr(&out));
    let out =
        run_expect(server_cmd().args(["org", "invite", "kvinnojouren-a", "--url", &p.url(), "--data"]).arg(&p.data), 1);
    assert!(stderr(&out).contains("nyckelförvaltare"), "{}", stderr(&out));
}
