//! The `samla-server` binary's admin commands on a real data directory (no HTTP).

use std::process::{Command, Output};

fn server(args: &[&str], data: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_samla-server")).args(args).arg("--data").arg(data).output().expect("run")
}

#[test]
fn init_enrol_round_and_status() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("store");
    let o = server(&["init"], &data);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).lines().last().is_some_and(|l| l.starts_with("samla-ed25519:")));
    assert_eq!(server(&["init"], &data).status.code(), Some(1), "no second init");
    let key = samla_core::envelope::SigningKey::generate().expect("key").public().to_string();
    assert!(server(&["org", "add", "org-a", "--public-key", &key], &data).status.success());
    let o = server(&["org", "add", "../etc", "--public-key", &key], &data);
    assert_eq!(o.status.code(), Some(1), "path-like ids refused");
    assert_eq!(
        server(&["org", "add", "org-a", "--public-key", &key], &data).status.code(),
        Some(1),
        "no double enrolment"
    );
    assert_eq!(server(&["org", "add", "org-b", "--public-key", "nope"], &data).status.code(), Some(1));
    assert_eq!(server(&["round", "open", "--year", "2024", "--deadline", "1 March"], &data).status.code(), Some(1));
    let past = server(&["round", "open", "--year", "2024", "--deadline", "2025-03-01", "--grace-days", "0"], &data);
    assert_eq!(past.status.code(), Some(1), "a deadline already over is refused");
    assert!(String::from_utf8_lossy(&past.stderr).contains("already over"));
    let next_year: i32 = samla_core::envelope::now_rfc3339()[..4].parse::<i32>().expect("year") + 1;
    let deadline = format!("{next_year}-03-01");
    assert!(server(&["round", "open", "--year", "2024", "--deadline", &deadline], &data).status.success());
    assert!(server(&["round", "close", "--year", "2024"], &data).status.success());
    let again = server(&["round", "open", "--year", "2024", "--deadline", &deadline], &data);
    assert_eq!(again.status.code(), Some(1), "a closed round is not silently reopened");
    assert!(String::from_utf8_lossy(&again.stderr).contains("--reopen"));
    assert!(server(&["round", "open", "--year", "2024", "--deadline", &deadline, "--reopen"], &data).status.success());
    let o = server(&["status", "--year", "2024"], &data);
    let s = String::from_utf8_lossy(&o.stdout);
    assert!(
        s.contains("org-a") && s.contains("MISSING") && s.contains("Missing: org-a") && s.contains("0 of 1"),
        "{s}"
    );
    let o = server(&["status", "--year", "2024"], &dir.path().join("nowhere"));
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("samla-server init"));
}
