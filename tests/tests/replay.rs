//! No roll-back by replay (issue: hardening, item 2): a batch sealed but never delivered, then
//! posted after a newer one was counted, is refused, and the newer one stays counted. With the
//! real client (its outbox), the real server on a loopback port and a raw replay of the saved
//! bytes.

use samla_e2e::*;

const YEAR: i32 = 2024;

const FIRST: &str = "local_id;given_name;family_name;birth_date;gender;exploitation_forms\n\
                     A-1;Olga;Ivanova;1990-03-04;female;sexual\n";
const SECOND: &str = "local_id;given_name;family_name;birth_date;gender;exploitation_forms\n\
                      A-1;Olga;Ivanova;1990-03-04;female;sexual\n\
                      A-2;Grace;Okafor;1995;female;labour\n";

fn counted(p: &Platform) -> Vec<String> {
    let db = p.db();
    let mut st = db.prepare("SELECT batch_id FROM batches WHERE superseded_by IS NULL").expect("prepare");
    let v = st.query_map([], |r| r.get(0)).expect("query").collect::<Result<_, _>>().expect("rows");
    v
}

#[test]
fn an_old_sealed_batch_posted_after_a_newer_one_is_refused_and_the_newer_stays_counted() {
    let mut p = Platform::new(YEAR);
    let cfg = p.member("org-a");
    let dir = p.dir.path().to_path_buf();
    std::fs::write(dir.join("first.csv"), FIRST).expect("write");
    std::fs::write(dir.join("second.csv"), SECOND).expect("write");

    // A: sealed while the server is down; it waits in the outbox. Save its bytes.
    let listen = p.server.as_ref().expect("server").addr();
    p.server = None;
    let o = p.submit(&cfg, &dir.join("first.csv"), YEAR);
    assert!(!o.status.success(), "the server is down: A waits");
    let outbox = cfg.join("outbox");
    let item = std::fs::read_dir(&outbox)
        .expect("outbox")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "json"))
        .expect("A in the outbox");
    let saved: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&item).expect("item")).expect("json");
    let a_id = saved["batch_id"].as_str().expect("id").to_string();
    let a_bytes = std::fs::read(outbox.join(format!("{a_id}.age"))).expect("A's ciphertext");

    // B: sealed later and sent; the client drops A from its outbox (no two live drafts).
    p.server = Some(Server::start_on(&p.data, &listen));
    std::thread::sleep(std::time::Duration::from_millis(5));
    let o = p.submit(&cfg, &dir.join("second.csv"), YEAR);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!outbox.join(format!("{a_id}.age")).exists(), "A was dropped from the outbox when B was sealed");
    let b = counted(&p);
    assert_eq!(b.len(), 1);
    assert_ne!(b[0], a_id);

    // A's saved bytes posted now: refused, B still counted, A not stored.
    let (s, body) = post_signed(
        &p,
        saved["manifest"].as_str().expect("manifest"),
        saved["signature"].as_str().expect("signature"),
        a_bytes,
    );
    assert_eq!(s, 409, "{body}");
    assert_eq!(body["error"], "stale_batch", "{body}");
    assert_eq!(counted(&p), b, "B is still the counted batch");
    assert_eq!(p.batch_count(), 1, "A was not stored");
    let out = dir.join("out");
    run_expect(server_cmd().args(["round", "close", "--year", &YEAR.to_string(), "--data"]).arg(&p.data), 0);
    let r = p.aggregate(YEAR, &out, true);
    assert_eq!(r["totals"]["raw_sum"], 2, "B's two records are counted");
}

#[test]
fn a_batch_dated_in_the_future_is_refused() {
    let p = Platform::new(YEAR);
    let cfg = p.member("org-a");
    let ct = ciphertext(&p, b"{}");
    let mut m = manifest("org-a", YEAR, uuid::Uuid::new_v4(), &ct);
    m.created_at = "2999-01-01T00:00:00Z".into();
    let (s, body) = post(&p, &m, &member_key(&cfg), ct.clone());
    assert_eq!(s, 400, "{body}");
    assert_eq!(body["error"], "bad_created_at");
    m.created_at = "yesterday".into();
    let (s, body) = post(&p, &m, &member_key(&cfg), ct);
    assert_eq!(s, 400, "{body}");
    assert_eq!(p.batch_count(), 0);
}
