//! One bad batch never blocks the year (issue: hardening, item 1), with the real binaries on a
//! loopback server: a well-signed batch that cannot be decrypted is stored (the server cannot
//! tell), the aggregation leaves it out, lists it, finishes the report for everyone else and
//! exits non-zero unless told to accept it; `status` marks the member unreadable; the operator
//! lets that one member correct after the close without reopening the round for the others.

use std::path::Path;

use samla_e2e::*;

const YEAR: i32 = 2024;

const GOOD: &str = "local_id;given_name;family_name;birth_date;gender;exploitation_forms\n\
                    A-1;Olga;Ivanova;1990-03-04;female;sexual\n\
                    A-2;Grace;Okafor;1995;female;labour\n";
const OTHER: &str = "local_id;given_name;family_name;birth_date;gender;exploitation_forms\n\
                     B-1;Mihai;Popescu;1988-11-02;male;labour\n";

/// `samla-server aggregate` under umask 000: what it writes must still be private.
fn aggregate(p: &Platform, out: &Path, extra: &[&str]) -> std::process::Output {
    let server = server_cmd();
    let mut c = std::process::Command::new("sh");
    c.arg("-c").arg("umask 000; exec \"$@\"").arg("sh").arg(server.get_program());
    for (k, v) in server.get_envs() {
        if let Some(v) = v {
            c.env(k, v);
        }
    }
    let o = c
        .args(["aggregate", "--year", &YEAR.to_string(), "--identity"])
        .arg(&p.identity)
        .arg("--data")
        .arg(&p.data)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .expect("spawn aggregate");
    use std::os::unix::fs::PermissionsExt;
    if out.exists() {
        // INTERNAL output is the admin's alone; the publishable report is meant to be shared.
        let internal = extra.contains(&"--internal");
        let (dir_mode, file_mode) = if internal { (0o700, 0o600) } else { (0o755, 0o644) };
        let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode(out), dir_mode, "output directory (internal: {internal})");
        for f in ["report.json", "report.csv", "report.html"] {
            if out.join(f).exists() {
                assert_eq!(mode(&out.join(f)), file_mode, "{f} (internal: {internal})");
            }
        }
    }
    o
}

fn report(out: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).expect("report.json")).expect("json")
}

fn status(p: &Platform) -> serde_json::Value {
    let o = run_expect(server_cmd().args(["status", "--year", &YEAR.to_string(), "--json", "--data"]).arg(&p.data), 0);
    serde_json::from_str(&stdout(&o)).expect("status json")
}

fn member_status(st: &serde_json::Value, org: &str) -> String {
    st["members"].as_array().expect("members").iter().find(|m| m["org"] == org).expect("member")["status"]
        .as_str()
        .expect("status")
        .to_string()
}

#[test]
fn an_unreadable_batch_is_left_out_listed_and_correctable_by_that_member_alone() {
    let p = Platform::new(YEAR);
    let a = p.member("org-a");
    let b = p.member("org-b");
    let c = p.member("org-c");
    let dir = p.dir.path();
    std::fs::write(dir.join("good.csv"), GOOD).expect("write");
    std::fs::write(dir.join("other.csv"), OTHER).expect("write");
    let sent = p.submit(&a, &dir.join("good.csv"), YEAR);
    assert!(sent.status.success(), "{}", stderr(&sent));

    // org-b: a valid age header, then garbage. Well signed, so the server stores it.
    let mut ct = ciphertext(&p, br#"{"records":[]}"#);
    let n = ct.len();
    for (i, byte) in ct[n - 24..].iter_mut().enumerate() {
        *byte = 0x5a ^ i as u8;
    }
    let (s, body) = post(&p, &manifest("org-b", YEAR, uuid::Uuid::new_v4(), &ct), &member_key(&b), ct);
    assert_eq!(s, 201, "{body}");
    run_expect(server_cmd().args(["round", "close", "--year", &YEAR.to_string(), "--data"]).arg(&p.data), 0);

    // Without --accept-unreadable: the report is written for everyone else, status 3.
    let out = dir.join("out1");
    let o = aggregate(&p, &out, &[]);
    assert_eq!(o.status.code(), Some(3), "stdout {} stderr {}", stdout(&o), stderr(&o));
    assert!(stderr(&o).contains("org-b"), "{}", stderr(&o));
    let r = report(&out);
    assert_eq!(r["totals"]["persons"], 2, "org-a's two people are counted");
    assert_eq!(r["left_out"][0]["org"], "org-b", "{}", r["left_out"]);
    let html = std::fs::read_to_string(out.join("report.html")).expect("html");
    assert!(html.contains("org-b: mottagen men oläsbar"), "the report says who is missing");
    assert_eq!(member_status(&status(&p), "org-b"), "unreadable");
    assert!(["on_time", "late"].contains(&member_status(&status(&p), "org-a").as_str()));
    assert_eq!(status(&p)["unreadable"], 1);

    // Accepted explicitly: status 0, still listed.
    let out2 = dir.join("out2");
    let o = aggregate(&p, &out2, &["--accept-unreadable"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(report(&out2)["left_out"][0]["org"], "org-b");

    // The round is closed: org-b may correct once the operator allows it, org-c may not.
    let refused = p.submit(&b, &dir.join("other.csv"), YEAR);
    assert!(!refused.status.success(), "closed round refuses org-b before the exception");
    run_expect(
        server_cmd()
            .args([
                "round",
                "allow-correction",
                "--year",
                &YEAR.to_string(),
                "--org",
                "org-b",
                "--hours",
                "2",
                "--data",
            ])
            .arg(&p.data),
        0,
    );
    let fixed = p.submit(&b, &dir.join("other.csv"), YEAR);
    assert!(fixed.status.success(), "{}", stderr(&fixed));
    let late = p.submit(&c, &dir.join("other.csv"), YEAR);
    assert!(!late.status.success(), "the round stays closed for org-c");
    let st = member_status(&status(&p), "org-b");
    assert!(["on_time", "late"].contains(&st.as_str()), "the corrected batch replaces the unreadable one: {st}");

    let out3 = dir.join("out3");
    let o = aggregate(&p, &out3, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let r = report(&out3);
    assert_eq!(r["totals"]["persons"], 3);
    assert!(r.get("left_out").is_none(), "{}", r["left_out"]);
    let audit: Vec<String> = p
        .db()
        .prepare("SELECT action FROM audit ORDER BY id")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert!(audit.iter().any(|a| a == "unreadable"), "{audit:?}");
    assert!(audit.iter().any(|a| a == "correction-granted"), "{audit:?}");
}
