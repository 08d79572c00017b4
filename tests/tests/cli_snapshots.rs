//! What a user reads, as reviewed snapshots (issue 14, item 4): the main commands and the
//! common mistakes of `samla` (sv and en) and `samla-server`, run as real processes, their exit
//! status, stdout and stderr compared with `tests/snapshots/<case>.txt`. A change in what a user
//! reads is then a diff to review: `SAMLA_BLESS=1 cargo test -p samla-e2e --test cli_snapshots`
//! rewrites the snapshots. Temporary paths are shown as `[TMP]`.

use std::path::Path;
use std::process::Command;

use samla_e2e::*;

const THREE_ERRORS: &str = "local_id;given_name;family_name;birth_date;gender;exploitation_forms\n\
                            A-1;Olga;Ivanova;1990-02-30;female;sexual\n\
                            A-2;Grace;Okafor;1995;kvinna;labour\n\
                            A-3;Amina;Bello;1994-05-17;female;juggling\n";

fn snapshot(name: &str, cmd: &mut Command, tmp: &Path) {
    let o = cmd.output().expect("run");
    let clean = |b: &[u8]| String::from_utf8_lossy(b).replace(&tmp.display().to_string(), "[TMP]");
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
        snapshot(
            &format!("samla-template-unknown-year-{lang}"),
            s().args(["template", "--year", "1999", "--format", "csv", "--out"]).arg(tmp.join("t.csv")),
            tmp,
        );
    }
    snapshot(
        "server-status-not-initialised",
        server_cmd().args(["status", "--year", "2024", "--data"]).arg(tmp.join("nowhere")),
        tmp,
    );
    snapshot(
        "server-round-open-bad-date",
        server_cmd()
            .args(["round", "open", "--year", "2024", "--deadline", "1 March", "--data"])
            .arg(tmp.join("nowhere")),
        tmp,
    );
    snapshot(
        "server-round-open-past-deadline",
        server_cmd()
            .args(["round", "open", "--year", "2024", "--deadline", "2020-03-01", "--grace-days", "0", "--data"])
            .arg(tmp.join("nowhere")),
        tmp,
    );
}
