//! A whole collection round on a simulated clock, with the real server (scheduler on), the
//! real client, and a real SMTP sink on loopback:
//!
//! the round opens by schedule (an upload before is refused with the opening time); three
//! members submit, one correcting an earlier batch and one during the grace period; the fourth
//! gets reminders at 14 and 7 days before the deadline and at the deadline, none twice (also
//! across a server restart); the round closes by schedule; late uploads are refused; the
//! completeness table and API say who is on time, late and missing; the aggregate uses exactly
//! the latest batch of each member; backup and restore keep everything.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use samla_e2e::*;
use serde_json::Value;

const MEMBERS: [&str; 4] = ["kvinnojouren-a", "juristbyran-b", "stodcentrum-c", "tystnaden-d"];

fn addr(org: &str) -> String {
    format!("statistik@{org}.example.org")
}

fn set_clock(file: &Path, t: &str) {
    std::fs::write(file, t).expect("clock");
}

fn status_json(p: &Platform) -> Value {
    let o = run_expect(server_cmd().args(["status", "--year", "2024", "--json", "--data"]).arg(&p.data), 0);
    serde_json::from_str(&stdout(&o)).expect("status json")
}

fn wait_state(p: &Platform, state: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if status_json(p)["state"] == state {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("the scheduler did not make the round {state}: {}", status_json(p));
}

fn start(p: &Platform, listen: &str, config: &Path, clock: &Path) -> Server {
    Server::start_with(&p.data, listen, &["--config".as_ref(), config.as_os_str()], &[("SAMLA_TEST_CLOCK_FILE", clock)])
}

fn demo(org: &str) -> PathBuf {
    repo_root().join(format!("demo/data/{org}.csv"))
}

/// One round for 2024 run by the scheduler on a simulated clock, with an SMTP sink for the
/// reminders: the state every step below works on, in order.
struct Round {
    p: Platform,
    dir: PathBuf,
    sink: SmtpSink,
    clock: PathBuf,
    config: PathBuf,
    cfg: Vec<PathBuf>,
    token: String,
    listen: String,
}

fn a_scheduled_round() -> Round {
    let mut p = Platform::new(2023); // a round for another year; 2024 runs by schedule
    let dir = p.dir.path().to_path_buf();
    let sink = SmtpSink::start();
    let clock = dir.join("clock");
    set_clock(&clock, "2025-01-10T00:00:00Z");
    let config = dir.join("samla-server.toml");
    let members: String = MEMBERS.iter().map(|m| format!("{m} = \"{}\"\n", addr(m))).collect();
    std::fs::write(
        &config,
        format!(
            "[[round]]\nyear = 2024\nopens = \"2025-01-15\"\ndeadline = \"2025-03-01\"\ngrace_end = \"2025-03-15\"\nclose = \"2025-03-31\"\n\n\
             [reminders]\ndays_before_deadline = [14, 7]\n\n\
             [smtp]\nhost = \"127.0.0.1\"\nport = {}\ntls = \"none\"\nfrom = \"Samla <samla@plattformen.example.org>\"\n\n\
             [scheduler]\ntick_seconds = 0.1\n\n[members]\n{members}",
            sink.port
        ),
    )
    .expect("config");
    p.server = None;
    p.server = Some(start(&p, "127.0.0.1:0", &config, &clock));
    let listen = p.server.as_ref().map(|s| s.addr()).expect("addr");
    let cfg: Vec<PathBuf> = MEMBERS.iter().map(|m| p.member(m)).collect();
    let token = last_line(&run_expect(server_cmd().args(["admin-token", "--data"]).arg(&p.data), 0));

    Round { p, dir, sink, clock, config, cfg, token, listen: listen.to_string() }
}

/// The whole year on one clock: each step is a named case and fails under its own name.
#[test]
fn a_whole_round_on_a_simulated_clock() {
    let mut r = a_scheduled_round();
    refused_before_the_round_opens(&mut r);
    opened_by_the_scheduler(&mut r);
    a_correction_supersedes_the_first_version(&mut r);
    reminded_14_days_before_the_deadline(&mut r);
    a_restart_does_not_repeat_reminders(&mut r);
    a_dry_run_prints_and_sends_nothing(&mut r);
    reminded_7_days_before_and_at_the_deadline(&mut r);
    late_in_the_grace_period(&mut r);
    completeness_in_the_cli_and_the_api(&mut r);
    the_member_sees_both_versions(&mut r);
    refused_after_grace_and_after_closing(&mut r);
    backup_restore_and_aggregate(&mut r);
}

fn refused_before_the_round_opens(r: &mut Round) {
    let Round { p, cfg, .. } = r;
    // Before the round opens: refused before anything is encrypted, with the opening time in
    // Swedish time; nothing waits in the outbox.
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(status_json(p)["state"], "scheduled");
    let o = p.submit(&cfg[0], &demo(MEMBERS[0]), 2024);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("har inte öppnat än; den öppnar 2025-01-15 01:00"), "{}", stderr(&o));
    assert!(stderr(&o).contains("Inget har krypterats"), "{}", stderr(&o));
    let waiting = std::fs::read_dir(cfg[0].join("outbox"))
        .map(|d| d.flatten().filter(|e| e.path().is_file()).count())
        .unwrap_or(0);
    assert_eq!(waiting, 0, "nothing sealed");
    assert_eq!(p.batch_count(), 0);
}

fn opened_by_the_scheduler(r: &mut Round) {
    let Round { p, clock, cfg, .. } = r;
    // The scheduler opens the round.
    set_clock(clock, "2025-01-16T09:00:00Z");
    wait_state(p, "open");
    let o = p.submit(&cfg[0], &demo(MEMBERS[0]), 2024);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stdout(&o).contains("räknas som sen"), "on time is not called late: {}", stdout(&o));
}

fn a_correction_supersedes_the_first_version(r: &mut Round) {
    let Round { p, dir, sink, clock, cfg, .. } = r;
    // B sends a first version (its direct people only), then the correction (the whole file).
    let b_text = std::fs::read_to_string(demo(MEMBERS[1])).expect("b");
    let b_first = dir.join("b-first.csv");
    let direct_only: Vec<&str> =
        b_text.lines().enumerate().filter(|(i, l)| *i == 0 || l.contains(";direct;")).map(|(_, l)| l).collect();
    assert!(direct_only.len() < b_text.lines().count(), "the first version is smaller");
    std::fs::write(&b_first, direct_only.join("\n") + "\n").expect("write");
    assert!(p.submit(&cfg[1], &b_first, 2024).status.success());
    set_clock(clock, "2025-02-01T09:00:00Z");
    assert!(p.submit(&cfg[1], &demo(MEMBERS[1]), 2024).status.success());
    assert_eq!(sink.count(), 0, "no reminder before the first offset");
}

fn reminded_14_days_before_the_deadline(r: &mut Round) {
    let Round { sink, clock, .. } = r;
    // 14 days before the deadline: C and D get a reminder.
    set_clock(clock, "2025-02-16T08:00:00Z");
    assert_eq!(sink.wait_for(2), 2);
    for org in ["stodcentrum-c", "tystnaden-d"] {
        let m = sink.to(&addr(org));
        assert_eq!(m.len(), 1, "{org}");
        assert!(m[0].data.contains("statistik f=C3=B6r 2024") || m[0].data.contains("2024"), "{}", m[0].data);
    }
    assert!(sink.to(&addr("kvinnojouren-a")).is_empty(), "members that submitted get none");
}

fn a_restart_does_not_repeat_reminders(r: &mut Round) {
    let Round { p, sink, clock, config, listen, .. } = r;
    // A restart does not repeat them. (Reminders are at least once: the server records one after
    // the SMTP server took it, so a stop between the two would send it again. Stop only once
    // both are recorded, as an operator's restart would find them.)
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while p.db().query_row("SELECT COUNT(*) FROM reminders", [], |r| r.get::<_, i64>(0)).expect("count") < 2
        && std::time::Instant::now() < deadline
    {
        std::thread::sleep(Duration::from_millis(20));
    }
    p.server = None;
    p.server = Some(start(p, listen, config, clock));
    std::thread::sleep(Duration::from_millis(600));
    assert_eq!(sink.count(), 2, "not sent twice across a restart");
}

fn a_dry_run_prints_and_sends_nothing(r: &mut Round) {
    let Round { p, dir, sink, config, .. } = r;
    // A dry run prints what would be sent at 7 days and sends nothing.
    let dry_clock = dir.join("dry-clock");
    set_clock(&dry_clock, "2025-02-23T08:00:00Z");
    let o = run_expect(
        server_cmd()
            .env("SAMLA_TEST_CLOCK_FILE", &dry_clock)
            .args(["remind", "--dry-run", "--data"])
            .arg(&p.data)
            .arg("--config")
            .arg(&config),
        0,
    );
    assert!(
        stdout(&o).contains("skulle skicka till stodcentrum-c") && stdout(&o).contains("(7 dagar före"),
        "{}",
        stdout(&o)
    );
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(sink.count(), 2, "a dry run sends nothing");
}

fn reminded_7_days_before_and_at_the_deadline(r: &mut Round) {
    let Round { sink, clock, .. } = r;
    // 7 days before, and at the deadline.
    set_clock(clock, "2025-02-23T08:00:00Z");
    assert_eq!(sink.wait_for(4), 4);
    set_clock(clock, "2025-03-03T08:00:00Z");
    assert_eq!(sink.wait_for(6), 6);
    std::thread::sleep(Duration::from_millis(400));
    assert_eq!(sink.count(), 6, "each offset once");
    assert_eq!(sink.to(&addr("tystnaden-d")).len(), 3);
}

fn late_in_the_grace_period(r: &mut Round) {
    let Round { p, cfg, .. } = r;
    // C submits during the grace period: accepted, late.
    let o = p.submit(&cfg[2], &demo(MEMBERS[2]), 2024);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains(
            "OBS: sista dag för 2024 var 2025-03-01. Batchen togs emot under respittiden och räknas som sen."
        ),
        "the member is told it was late: {}",
        stdout(&o)
    );
}

fn completeness_in_the_cli_and_the_api(r: &mut Round) {
    let Round { p, token, .. } = r;
    // Completeness: the CLI table and the admin API.
    let o = run_expect(server_cmd().args(["status", "--year", "2024", "--data"]).arg(&p.data), 0);
    let table = stdout(&o);
    assert!(table.contains("3 av 4 medlemmar har skickat in (2 i tid, 1 sent); 1 saknas."), "{table}");
    assert!(table.contains("Saknas: tystnaden-d"), "{table}");
    let url = format!("{}/v1/rounds/2024/status", p.url());
    let http = reqwest::blocking::Client::new();
    assert_eq!(http.get(&url).send().expect("get").status().as_u16(), 401, "the API needs the admin token");
    assert_eq!(http.get(&url).bearer_auth("wrong").send().expect("get").status().as_u16(), 401);
    let st: Value = http.get(&url).bearer_auth(token).send().expect("get").json().expect("json");
    let by: std::collections::BTreeMap<String, Value> = st["members"]
        .as_array()
        .expect("members")
        .iter()
        .map(|m| (m["org"].as_str().unwrap_or("").into(), m.clone()))
        .collect();
    assert_eq!(by["kvinnojouren-a"]["status"], "on_time");
    assert_eq!(
        (by["juristbyran-b"]["status"].as_str(), by["juristbyran-b"]["superseded"].as_u64()),
        (Some("on_time"), Some(1))
    );
    assert_eq!(by["stodcentrum-c"]["status"], "late");
    assert_eq!(by["tystnaden-d"]["status"], "missing");
    assert_eq!((st["expected"].as_u64(), st["received"].as_u64(), st["late"].as_u64()), (Some(4), Some(3), Some(1)));
}

fn the_member_sees_both_versions(r: &mut Round) {
    let Round { cfg, .. } = r;
    // B sees both its versions on the server, and that the latest is the one counted.
    let o = run_expect(samla().arg("--config").arg(&cfg[1]).args(["status", "--year", "2024"]), 0);
    let s = stdout(&o);
    assert!(s.contains("Servern räknar er senaste batch."), "{s}");
    assert_eq!(s.matches("(ersatt)").count(), 2, "the first version, here and on the server: {s}");
}

fn refused_after_grace_and_after_closing(r: &mut Round) {
    let Round { p, clock, cfg, .. } = r;
    // After the grace period: refused as late; after closing: refused as closed (frozen).
    set_clock(clock, "2025-03-20T08:00:00Z");
    let o = p.submit(&cfg[3], &demo(MEMBERS[2]), 2024);
    assert_eq!(o.status.code(), Some(1));
    // Said before anything is encrypted, with the last day and the end of the grace period.
    assert!(stderr(&o).contains("tar inte emot batcher nu: sista dag var"), "{}", stderr(&o));
    assert!(stderr(&o).contains("Inget har krypterats"), "{}", stderr(&o));
    set_clock(clock, "2025-04-01T08:00:00Z");
    wait_state(p, "closed");
    let o = run_expect(
        samla().arg("--config").arg(&cfg[1]).args(["submit"]).arg(demo(MEMBERS[1])).args(["--year", "2024"]),
        1,
    );
    assert!(stderr(&o).contains("tar inte emot batcher nu"), "{}", stderr(&o));
    assert_eq!(p.batch_count(), 4, "A, B twice, C; nothing refused was stored");
}

fn backup_restore_and_aggregate(r: &mut Round) {
    let Round { p, dir, .. } = r;
    // Backup while serving, restore into a copy, and the aggregate from the restored store
    // uses exactly the latest batch of each member (A + B's correction + C = the demo's 76).
    let backup = dir.join("backup.db");
    run_expect(server_cmd().args(["backup", "--data"]).arg(&p.data).arg("--out").arg(&backup), 0);
    p.server = None;
    std::fs::remove_file(p.data.join("samla.db")).expect("lose the store");
    run_expect(server_cmd().args(["restore", "--from"]).arg(&backup).arg("--data").arg(&p.data), 0);
    assert_eq!(p.batch_count(), 4);
    let r = p.aggregate(2024, &dir.join("out"), true);
    assert_eq!(r["totals"]["raw_sum"].as_u64(), Some(76), "latest batches only");
    assert_eq!(r["totals"]["persons"].as_u64(), Some(63));
}

#[test]
fn the_outbox_keeps_what_could_not_be_sent_and_retry_sends_it_once() {
    let mut p = Platform::new(2024);
    let cfg = p.member("kvinnojouren-a");
    let listen = p.server.as_ref().map(|s| s.addr()).expect("addr");
    p.server = None; // the server is down
    let file = demo("kvinnojouren-a");
    let o = run_expect(
        samla().arg("--config").arg(&cfg).arg("submit").arg(&file).args(["--year", "2024", "--attempts", "1"]),
        1,
    );
    assert!(stderr(&o).contains("Batcher som väntar i utkorgen: 1"), "{}", stderr(&o));
    assert!(stderr(&o).contains("samla submit --retry"), "{}", stderr(&o));
    let waiting: Vec<_> = std::fs::read_dir(cfg.join("outbox"))
        .expect("outbox")
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "age"))
        .collect();
    assert_eq!(waiting.len(), 1, "the encrypted batch waits");
    let st = run_expect(samla().arg("--config").arg(&cfg).args(["status"]), 0);
    assert!(stdout(&st).contains("Batcher som väntar i utkorgen: 1"), "{}", stdout(&st));

    // Back up: --retry sends it (as from cron), and a second --retry has nothing to do.
    p.server = Some(Server::start_on(&p.data, &listen));
    let o = run_expect(samla().arg("--config").arg(&cfg).args(["submit", "--retry"]), 0);
    assert!(stdout(&o).contains("Kvittot är sparat"), "{}", stdout(&o));
    assert_eq!(p.batch_count(), 1);
    let o = run_expect(samla().arg("--config").arg(&cfg).args(["submit", "--retry"]), 0);
    assert!(stdout(&o).contains("Utkorgen är tom"), "{}", stdout(&o));
    assert_eq!(p.batch_count(), 1, "idempotent");

    // Two runs at once: one waits its turn or is told another is running; never both sending.
    let spawn = || {
        samla()
            .arg("--config")
            .arg(&cfg)
            .arg("submit")
            .arg(&file)
            .args(["--year", "2024"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn")
    };
    let (a, b) = (spawn(), spawn());
    let (a, b) = (a.wait_with_output().expect("a"), b.wait_with_output().expect("b"));
    let busy = [&a, &b]
        .iter()
        .filter(|o| String::from_utf8_lossy(&o.stderr).contains("ett annat `samla submit` körs redan"))
        .count();
    let ok = [&a, &b].iter().filter(|o| o.status.success()).count();
    assert_eq!(ok + busy, 2, "each run either sent or was told another one runs");
    assert!(ok >= 1);
    assert_eq!(p.batch_count() as usize, 1 + ok);

    // A change made with the CLI takes effect in the running server.
    run_expect(server_cmd().args(["round", "close", "--year", "2024", "--data"]).arg(&p.data), 0);
    let o = run_expect(samla().arg("--config").arg(&cfg).arg("submit").arg(&file).args(["--year", "2024"]), 1);
    assert!(stderr(&o).contains("tar inte emot batcher nu"), "{}", stderr(&o));
    assert_eq!(p.batch_count() as usize, 1 + ok);
}
