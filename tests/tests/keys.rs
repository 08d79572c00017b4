//! Keys can be revoked and replaced (issue: hardening, item 4), each step as
//! docs/OPERATIONS.md writes it, with the real binaries on a loopback server: a member makes a
//! new key (`samla rekey`) and the platform enrols it (`org rekey`): the old key is refused,
//! what it signed before still counts; a member is disabled (`org disable`): its uploads are
//! refused, what it sent before still counts; the admin key is rotated for the next round
//! (`admin-recipients`, then `samla recipients` at each member).

use samla_e2e::*;

const FILE: &str = "local_id;given_name;family_name;birth_date;gender;exploitation_forms\n\
                    A-1;Olga;Ivanova;1990-03-04;female;sexual\n";
const OTHER: &str = "local_id;given_name;family_name;birth_date;gender;exploitation_forms\n\
                     B-1;Mihai;Popescu;1988-11-02;male;labour\n";

/// `samla-server aggregate` of `year` with `identity` into `out`.
fn aggregate(p: &Platform, year: &str, identity: &std::path::Path, out: &std::path::Path) -> std::process::Output {
    server_cmd()
        .args(["aggregate", "--year", year, "--identity"])
        .arg(identity)
        .arg("--data")
        .arg(&p.data)
        .arg("--out")
        .arg(out)
        .output()
        .expect("aggregate")
}

fn samla_in(cfg: &std::path::Path, args: &[&str]) -> std::process::Output {
    samla().arg("--config").arg(cfg).args(args).output().expect("samla")
}

#[test]
fn member_keys_are_replaced_and_disabled_and_the_admin_key_rotated() {
    let p = Platform::new(2024);
    let a = p.member("org-a");
    let b = p.member("org-b");
    let dir = p.dir.path();
    std::fs::write(dir.join("a.csv"), FILE).expect("write");
    std::fs::write(dir.join("b.csv"), OTHER).expect("write");
    for cfg in [&a, &b] {
        let o = p.submit(cfg, &dir.join(if cfg == &a { "a.csv" } else { "b.csv" }), 2024);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let old_key_a = member_key(&a);

    // org-a: a new key. Refused until the platform enrols it, then accepted; the old key is
    // refused from then on.
    let o = samla_in(&a, &["rekey"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let new_pub = last_line(&o);
    assert!(new_pub.starts_with("samla-ed25519:"), "{new_pub}");
    let refused = p.submit(&a, &dir.join("a.csv"), 2024);
    assert!(!refused.status.success(), "not yet enrolled");
    // (The refused batch waits in the outbox; it was sealed with the new key, so it is sent
    // once the key is enrolled.)
    run_expect(server_cmd().args(["org", "rekey", "org-a", "--public-key", &new_pub, "--data"]).arg(&p.data), 0);
    let o = p.submit(&a, &dir.join("a.csv"), 2024);
    assert!(o.status.success(), "{}", stderr(&o));
    let ct = ciphertext(&p, b"{}");
    let (s, body) = post(&p, &manifest("org-a", 2024, uuid::Uuid::new_v4(), &ct), &old_key_a, ct);
    assert_eq!((s, body["error"].as_str()), (401, Some("bad_signature")), "the old key is refused");

    // org-b: new key enrolled after its only batch: that batch still counts.
    let o = samla_in(&b, &["rekey"]);
    let b_pub = last_line(&o);
    run_expect(server_cmd().args(["org", "rekey", "org-b", "--public-key", &b_pub, "--data"]).arg(&p.data), 0);
    // Then disabled: uploads refused, the batch it sent still counts.
    run_expect(server_cmd().args(["org", "disable", "org-b", "--data"]).arg(&p.data), 0);
    let list = run_expect(server_cmd().args(["org", "list", "--data"]).arg(&p.data), 0);
    assert!(stdout(&list).contains("org-b (avstängd)"), "{}", stdout(&list));
    let o = p.submit(&b, &dir.join("b.csv"), 2024);
    assert!(!o.status.success(), "a disabled member's upload is refused");
    run_expect(server_cmd().args(["round", "close", "--year", "2024", "--data"]).arg(&p.data), 0);
    let out = dir.join("out-2024");
    let o = aggregate(&p, "2024", &p.identity, &out);
    assert!(o.status.success(), "both members' batches verify under the keys they had: {}", stderr(&o));
    let r: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).expect("report")).expect("json");
    assert_eq!(r["totals"]["raw_sum"], 2);

    // The admin key is rotated for the next round.
    let new_identity = dir.join("admin-2025.age");
    let o = run_expect(server_cmd().args(["admin-keygen", "--work-factor", "10", "--out"]).arg(&new_identity), 0);
    let new_recipients = dir.join("recipients-2025.txt");
    std::fs::write(&new_recipients, format!("{}\n", last_line(&o))).expect("write");
    run_expect(server_cmd().arg("admin-recipients").arg(&new_recipients).arg("--data").arg(&p.data), 0);
    run_expect(
        server_cmd().args(["round", "open", "--year", "2025", "--deadline", &future_deadline(), "--data"]).arg(&p.data),
        0,
    );
    let o = p.submit(&a, &dir.join("a.csv"), 2025);
    assert!(!o.status.success(), "the client refuses a server advertising other recipients than it pinned");
    let o = samla_in(&a, &["recipients", new_recipients.to_str().expect("path")]);
    assert!(o.status.success(), "{}", stderr(&o));
    // The batch refused above was moved aside; a new submit seals to the new recipients.
    let o = p.submit(&a, &dir.join("a.csv"), 2025);
    assert!(o.status.success(), "{}", stderr(&o));
    run_expect(server_cmd().args(["round", "close", "--year", "2025", "--data"]).arg(&p.data), 0);
    let out = dir.join("out-2025");
    let o = aggregate(&p, "2025", &new_identity, &out);
    assert!(o.status.success(), "the new identity reads the new round: {}", stderr(&o));
    let audit: Vec<String> = {
        let db = p.db();
        let mut st = db.prepare("SELECT action FROM audit").expect("prepare");
        let v = st.query_map([], |r| r.get(0)).expect("q").collect::<Result<_, _>>().expect("rows");
        v
    };
    for a in ["org-rekey", "org-disable", "admin-recipients"] {
        assert!(audit.iter().any(|x| x == a), "{a} audited: {audit:?}");
    }
}
