//! The `samla-server` binary's admin commands on a real data directory (no HTTP).

use std::process::{Command, Output};

fn server(args: &[&str], data: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_samla-server"))
        .env("SAMLA_LANG", "en")
        .args(args)
        .arg("--data")
        .arg(data)
        .output()
        .expect("run")
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

#[test]
fn a_short_passphrase_is_refused_from_the_environment_as_at_the_prompt() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("admin.age");
    let keygen = |passphrase: &str| {
        Command::new(env!("CARGO_BIN_EXE_samla-server"))
            .env("SAMLA_LANG", "en")
            .args(["admin-keygen", "--work-factor", "10", "--out"])
            .arg(&out)
            .env("SAMLA_PASSPHRASE", passphrase)
            .output()
            .expect("run")
    };
    let o = keygen("short");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("at least 12 characters"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(!out.exists(), "no identity written");
    let o = keygen("twelve chars");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn a_backup_is_private_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("store");
    assert!(server(&["init"], &data).status.success());
    let out = dir.path().join("backup.db");
    let o = Command::new("sh")
        .arg("-c")
        .arg("umask 000; exec \"$0\" backup --data \"$1\" --out \"$2\"")
        .arg(env!("CARGO_BIN_EXE_samla-server"))
        .arg(&data)
        .arg(&out)
        .output()
        .expect("run");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mode = std::fs::metadata(&out).expect("backup").permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "backup mode {mode:o}");
}
