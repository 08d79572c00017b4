//! What a user reads, as reviewed snapshots (issue 14, item 4): the main commands and the
//! common mistakes of `samla` (sv and en) and `samla-server`, run as real processes, their exit
//! status, stdout and stderr compared with `tests/snapshots/<case>.txt`. A change in what a user
//! reads is then a diff to review: `SAMLA_BLESS=1 cargo test -p samla-e2e --test cli_snapshots`
//! rewrites the snapshots. Temporary paths are shown as `[TMP]`.

use std::path::Path;
use std::process::Command;

use samla_e2e::*;

const VALID: &str = "local_id;given_name;family_name;birth_date;gender;exploitation_forms\n\
                     A-1;Olga;Ivanova;1990-02-28;female;sexual\n\
                     A-2;Grace;Okafor;1995;female;labour\n";

/// Random parts of an output: batch ids (UUIDs) become `[ID]`, keys and other long random
/// tokens `[KEY]`.
fn normalise(text: &str) -> String {
    let is_uuid = |t: &str| {
        t.len() == 36
            && t.char_indices()
                .all(|(i, c)| if [8, 13, 18, 23].contains(&i) { c == '-' } else { c.is_ascii_hexdigit() })
    };
    let is_key = |t: &str| t.len() >= 40 && t.chars().all(|c| c.is_ascii_alphanumeric() || "+/=_-:".contains(c));
    // Today's date and clock times (a round opened by the test opened now).
    let today = samla_core::envelope::now_rfc3339()[..10].to_string();
    let is_clock = |t: &str| {
        t.len() == 5 && t.as_bytes()[2] == b':' && t.chars().enumerate().all(|(i, c)| i == 2 || c.is_ascii_digit())
    };
    text.split_inclusive('\n')
        .map(|line| {
            line.split(' ')
                .map(|tok| {
                    let core = tok.trim_end_matches(['\n', ':', ',', '.', ')']);
                    let rest = &tok[core.len()..];
                    if is_uuid(core) {
                        format!("[ID]{rest}")
                    } else if is_key(core) {
                        format!("[KEY]{rest}")
                    } else if core == today {
                        format!("[TODAY]{rest}")
                    } else if is_clock(core) {
                        format!("[HH:MM]{rest}")
                    } else {
                        tok.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

fn snapshot(name: &str, cmd: &mut Command, tmp: &Path) {
    let o = cmd.output().expect("run");
    let clean = |b: &[u8]| normalise(&String::from_utf8_lossy(b).replace(&tmp.display().to_string(), "[TMP]"));
    let got = format!(
        "exit {}\n--- stdout\n{}--- stderr\n{}",
        o.status.code().map_or("signal".to_string(), |c| c.to_string()),
        clean(&o.stdout),
        clean(&o.stderr)
    );
    let path = repo_root().join("tests/snapshots").join(format!("{name}.txt"));
    if std::env::var_os("SAMLA_BLESS").is_some() {
        std::fs::write(&path, &got).expect("bless");
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{}: no snapshot; run with SAMLA_BLESS=1 and review it", path.display()));
    assert_eq!(got, want, "{name}: what the user reads changed (SAMLA_BLESS=1 to accept after review)");
}

#[test]
fn what_members_and_operators_read() {
    let dir = tempfile::tempdir().expect("tmp");
    let tmp = dir.path();
    let file = tmp.join("statistik.csv");
    std::fs::write(&file, THREE_ERRORS).expect("write");
    let bad_recipients = tmp.join("recipients.txt");
    std::fs::write(&bad_recipients, "age1notarecipient\n").expect("write");
    let linkage = tmp.join("linkage-secret");
    run_expect(samla().args(["linkage-secret", "new", "--out"]).arg(&linkage), 0);
    for lang in ["sv", "en"] {
        let s = || {
            let mut c = samla();
            c.args(["--lang", lang]);
            c
        };
        snapshot(&format!("samla-help-{lang}"), s().arg("--help"), tmp);
        snapshot(&format!("samla-submit-help-{lang}"), s().args(["submit", "--help"]), tmp);
        snapshot(
            &format!("samla-validate-three-errors-{lang}"),
            s().arg("validate").arg(&file).args(["--year", "2024"]),
            tmp,
        );
        snapshot(
            &format!("samla-validate-unknown-year-{lang}"),
            s().arg("validate").arg(&file).args(["--year", "1999"]),
            tmp,
        );
        snapshot(
            &format!("samla-init-bad-recipients-{lang}"),
            s().arg("--config")
                .arg(tmp.join(format!("cfg-{lang}")))
                .args(["init", "--org", "org-a", "--server", "http://127.0.0.1:9", "--admin-recipients"])
                .arg(&bad_recipients)
                .arg("--linkage-secret")
                .arg(&linkage),
            tmp,
        );
        snapshot(
            &format!("samla-status-not-configured-{lang}"),
            s().arg("--config").arg(tmp.join("nowhere")).arg("status"),
            tmp,
        );
        // A member set up while the server is down: the file is valid, the batch waits.
        let good = tmp.join("statistik-ok.csv");
        std::fs::write(&good, VALID).expect("write");
        let recipients = tmp.join("admin.txt");
        std::fs::write(&recipients, format!("{}\n", age::x25519::Identity::generate().to_public())).expect("write");
        let cfg = tmp.join(format!("down-{lang}"));
        let m = || {
            let mut c = s();
            c.arg("--config").arg(&cfg);
            c
        };
        snapshot(
            &format!("samla-init-server-unreachable-{lang}"),
            m().args(["init", "--org", "org-a", "--server", "http://127.0.0.1:9", "--admin-recipients"])
                .arg(&recipients)
                .arg("--linkage-secret")
                .arg(&linkage),
            tmp,
        );
        snapshot(&format!("samla-validate-ok-{lang}"), s().arg("validate").arg(&good).args(["--year", "2024"]), tmp);
        snapshot(
            &format!("samla-submit-server-unreachable-{lang}"),
            m().args(["--quiet", "submit"]).arg(&good).args(["--year", "2024", "--attempts", "1"]),
            tmp,
        );
        snapshot(&format!("samla-status-waiting-{lang}"), m().arg("status"), tmp);
        // A linkage secret readable by others (copied carelessly): refused, with the fix.
        let open_secret = tmp.join(format!("open-secret-{lang}"));
        std::fs::copy(&linkage, &open_secret).expect("copy");
        std::fs::set_permissions(&open_secret, std::os::unix::fs::PermissionsExt::from_mode(0o644)).expect("chmod");
        snapshot(
            &format!("samla-init-open-secret-{lang}"),
            s().arg("--config")
                .arg(tmp.join(format!("open-{lang}")))
                .args(["init", "--org", "org-a", "--server", "http://127.0.0.1:9", "--admin-recipients"])
                .arg(&recipients)
                .arg("--linkage-secret")
                .arg(&open_secret),
            tmp,
        );
        snapshot(
            &format!("samla-init-plain-http-{lang}"),
            s().arg("--config")
                .arg(tmp.join(format!("http-{lang}")))
                .args(["init", "--org", "org-a", "--server", "http://samla.example.se", "--admin-recipients"])
                .arg(&recipients)
                .arg("--linkage-secret")
                .arg(&linkage),
            tmp,
        );
        snapshot(
            &format!("samla-template-unknown-year-{lang}"),
            s().args(["template", "--year", "1999", "--format", "csv", "--out"]).arg(tmp.join("t.csv")),
            tmp,
        );
    }
    for lang in ["sv", "en"] {
        let srv = || {
            let mut c = server_cmd();
            c.args(["--lang", lang]);
            c
        };
        snapshot(&format!("server-help-{lang}"), srv().arg("--help"), tmp);
        snapshot(
            &format!("server-status-not-initialised-{lang}"),
            srv().args(["status", "--year", "2024", "--data"]).arg(tmp.join("nowhere")),
            tmp,
        );
        snapshot(
            &format!("server-round-open-bad-date-{lang}"),
            srv().args(["round", "open", "--year", "2024", "--deadline", "1 March", "--data"]).arg(tmp.join("nowhere")),
            tmp,
        );
        snapshot(
            &format!("server-round-open-past-deadline-{lang}"),
            srv()
                .args(["round", "open", "--year", "2024", "--deadline", "2020-03-01", "--grace-days", "0", "--data"])
                .arg(tmp.join("nowhere")),
            tmp,
        );
        // An operator's first steps: a data directory, a member, a round, the status table.
        let data = tmp.join(format!("store-{lang}"));
        snapshot(&format!("server-init-{lang}"), srv().arg("init").arg("--data").arg(&data), tmp);
        let key = samla_core::envelope::SigningKey::generate().expect("key").public().to_string();
        snapshot(
            &format!("server-org-add-{lang}"),
            srv().args(["org", "add", "org-a", "--public-key", &key, "--data"]).arg(&data),
            tmp,
        );
        snapshot(
            &format!("server-org-add-again-{lang}"),
            srv().args(["org", "add", "org-a", "--public-key", &key, "--data"]).arg(&data),
            tmp,
        );
        snapshot(
            &format!("server-round-open-{lang}"),
            srv()
                .args(["round", "open", "--year", "2024", "--deadline", "2099-03-01", "--grace-days", "0", "--data"])
                .arg(&data),
            tmp,
        );
        snapshot(&format!("server-status-{lang}"), srv().args(["status", "--year", "2024", "--data"]).arg(&data), tmp);
    }
}
