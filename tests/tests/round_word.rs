//! Rounds keep their word (issue: hardening, item 9), with the real server on a loopback port:
//! a round opened by hand takes late reports only until the grace the operator set, and the
//! aggregation of a round still open needs an explicit flag.

use samla_e2e::*;

const YEAR: i32 = 2024;

#[test]
fn a_hand_opened_round_refuses_uploads_after_its_grace_and_open_rounds_are_not_aggregated_by_accident() {
    let mut p = Platform::new(YEAR);
    let cfg = p.member("org-a");
    let deadline = future_deadline(); // 1 March next year, grace 14 days (the default)
    let next: i32 = deadline[..4].parse().expect("year");
    let clock = p.dir.path().join("clock");
    let start =
        |p: &Platform| Server::start_with(&p.data, "127.0.0.1:0", &[], &[("SAMLA_TEST_CLOCK_FILE", clock.as_path())]);
    let send = |p: &Platform| {
        let ct = ciphertext(p, b"{}");
        post(p, &manifest("org-a", YEAR, uuid::Uuid::new_v4(), &ct), &member_key(&cfg), ct)
    };

    // Within the grace: taken (late).
    std::fs::write(&clock, format!("{next}-03-10T12:00:00Z")).expect("clock");
    p.server = None;
    p.server = Some(start(&p));
    let (s, body) = send(&p);
    assert_eq!(s, 201, "{body}");
    // After it: refused, nothing stored.
    std::fs::write(&clock, format!("{next}-03-16T00:00:01Z")).expect("clock");
    let (s, body) = send(&p);
    assert_eq!(s, 403, "{body}");
    assert_eq!(body["error"], "round_past_grace", "{body}");
    assert_eq!(p.batch_count(), 1);

    // The round is still open: aggregating needs --allow-open-round.
    let o = server_cmd()
        .args(["aggregate", "--year", &YEAR.to_string(), "--identity"])
        .arg(&p.identity)
        .arg("--data")
        .arg(&p.data)
        .arg("--out")
        .arg(p.dir.path().join("out"))
        .output()
        .expect("aggregate");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--allow-open-round"), "{}", stderr(&o));
    assert!(!p.dir.path().join("out/report.json").exists(), "nothing written");
}
