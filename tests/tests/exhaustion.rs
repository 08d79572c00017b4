//! No member can exhaust the server (issue: hardening, item 3), against the real server on a
//! loopback port: thirty stalled uploads from one valid member get two upload slots and 429
//! for the rest; the bodies go to temporary files, so the server's peak memory (VmHWM, read
//! from /proc — a measurement, not a timing) stays small; `/v1/health` answers while every
//! upload slot of the server is taken; refusals are logged with the member id and the reason.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use samla_core::envelope::SignedManifest;
use samla_e2e::*;

const YEAR: i32 = 2024;
/// Each stalled upload announces this much and sends [`SENT`] of it before it stalls.
const ANNOUNCED: usize = 30 * 1024 * 1024;
const SENT: usize = 8 * 1024 * 1024;

fn vm_hwm_mib(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("status");
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .expect("VmHWM");
    kb / 1024.0
}

/// Open an upload of `ANNOUNCED` bytes signed by the member, send `SENT` of them, leave it open.
fn stalled_upload(p: &Platform, org: &str, cfg: &std::path::Path) -> TcpStream {
    let mut body = ciphertext(p, b"{}");
    body.resize(ANNOUNCED, 0);
    let m = manifest(org, YEAR, uuid::Uuid::new_v4(), &body);
    let (h1, h2) = SignedManifest::sign(&m, &member_key(cfg)).expect("sign").to_headers();
    let addr = p.server.as_ref().expect("server").addr();
    let mut s = TcpStream::connect(&addr).expect("connect");
    s.set_write_timeout(Some(Duration::from_secs(5))).expect("timeout");
    let head = format!(
        "POST /v1/batches HTTP/1.1\r\nhost: {addr}\r\ncontent-type: application/octet-stream\r\nsamla-manifest: {h1}\r\nsamla-signature: {h2}\r\ncontent-length: {ANNOUNCED}\r\n\r\n"
    );
    s.write_all(head.as_bytes()).expect("headers");
    // A refused upload is answered and closed before its body is read: writing may fail.
    let _ = s.write_all(&body[..SENT]);
    s
}

/// The status line of a response already waiting on `s` (None: nothing yet, still streaming).
fn answered(s: &mut TcpStream) -> Option<String> {
    s.set_read_timeout(Some(Duration::from_millis(300))).expect("timeout");
    let mut buf = [0u8; 512];
    match s.read(&mut buf) {
        Ok(n) if n > 0 => Some(String::from_utf8_lossy(&buf[..n]).lines().next().unwrap_or("").to_string()),
        _ => None,
    }
}

fn health(p: &Platform) -> u16 {
    reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client")
        .get(format!("{}/v1/health", p.url()))
        .send()
        .map(|r| r.status().as_u16())
        .unwrap_or(0)
}

#[test]
fn thirty_stalled_uploads_from_one_member_take_two_slots_and_little_memory() {
    let p = Platform::new(YEAR);
    let cfg = p.member("org-a");
    let pid = p.server.as_ref().expect("server").pid();
    let before = vm_hwm_mib(pid);
    let mut conns: Vec<TcpStream> = (0..30).map(|_| stalled_upload(&p, "org-a", &cfg)).collect();
    std::thread::sleep(Duration::from_millis(500));
    let statuses: Vec<Option<String>> = conns.iter_mut().map(answered).collect();
    let refused = statuses.iter().filter(|s| s.as_deref().is_some_and(|l| l.contains(" 429 "))).count();
    let streaming = statuses.iter().filter(|s| s.is_none()).count();
    assert_eq!((refused, streaming), (28, 2), "{statuses:?}");
    assert_eq!(health(&p), 200, "health answers during the stalled uploads");
    let peak = vm_hwm_mib(pid);
    eprintln!("server peak memory: {before:.0} MiB before, {peak:.0} MiB with 30 stalled uploads of {} MiB announced, {} MiB sent each", ANNOUNCED >> 20, SENT >> 20);
    assert!(peak < 150.0, "peak resident memory {peak:.0} MiB: bodies must not be held in memory");
    drop(conns);
    let log = std::fs::read_to_string(&p.server.as_ref().expect("server").log).expect("log");
    assert!(
        log.lines().any(|l| l.contains("org-a") && l.contains("too_many_uploads") && l.contains("429")),
        "refusals are logged with the member and the reason"
    );
    // Nothing was stored, and the partial bodies are gone once their uploads end.
    assert_eq!(p.batch_count(), 0);
}

#[test]
fn health_answers_while_every_upload_slot_is_taken() {
    let p = Platform::new(YEAR);
    // 32 members × 2 slots = every one of the server's 64 upload slots.
    let members: Vec<(String, std::path::PathBuf)> =
        (0..33).map(|i| format!("org-{i:02}")).map(|o| (o.clone(), p.member(&o))).collect();
    let mut conns = Vec::new();
    for (org, cfg) in &members[..32] {
        conns.push(stalled_upload(&p, org, cfg));
        conns.push(stalled_upload(&p, org, cfg));
    }
    std::thread::sleep(Duration::from_millis(500));
    assert!(conns.iter_mut().map(answered).all(|s| s.is_none()), "64 uploads streaming");
    let mut extra = stalled_upload(&p, &members[32].0, &members[32].1);
    std::thread::sleep(Duration::from_millis(300));
    let line = answered(&mut extra).unwrap_or_default();
    assert!(line.contains(" 503 "), "the 65th upload is refused at once: {line:?}");
    assert_eq!(health(&p), 200, "health answers while all upload slots are busy");
    let info = reqwest::blocking::get(format!("{}/v1/info", p.url())).expect("info");
    assert_eq!(info.status().as_u16(), 200);
}
