//! Hostile requests not covered in refusals.rs: a replayed old upload, a very slow client,
//! path traversal in ids, malformed JSON in the manifest, malformed receipt queries. Each gets
//! the right status, none stores anything, and the server stays healthy.

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use base64::Engine as _;
use samla_core::envelope::SigningKey;
use samla_e2e::*;

const YEAR: i32 = 2024;

#[test]
fn hostile_requests_are_refused_and_nothing_is_stored() {
    let mut p = Platform::new(YEAR);
    let cfg = p.member("org-a");
    let key = member_key(&cfg);
    let listen = p.server.as_ref().map(|s| s.addr()).expect("addr");
    // Restart with a short body timeout so the slow client is cut off within the test.
    p.server = None;
    p.server = Some(Server::start_with(&p.data, &listen, &["--body-timeout-secs".as_ref(), "2".as_ref()], &[]));

    // A replayed old upload after a newer one: the same receipt back (200), nothing stored, and
    // the newer batch stays the one counted.
    let (a, b) = (ciphertext(&p, b"{\"v\":1}"), ciphertext(&p, b"{\"v\":2}"));
    let (ida, idb) = (uuid::Uuid::new_v4(), uuid::Uuid::new_v4());
    let (sa, ra) = post(&p, &manifest("org-a", YEAR, ida, &a), &key, a.clone());
    assert_eq!(sa, 201);
    assert_eq!(post(&p, &manifest("org-a", YEAR, idb, &b), &key, b.clone()).0, 201);
    let (sr, rr) = post(&p, &manifest("org-a", YEAR, ida, &a), &key, a.clone());
    assert_eq!((sr, &rr), (200, &ra), "a replay gets the original receipt");
    let counted: String = p
        .db()
        .query_row("SELECT batch_id FROM batches WHERE superseded_by IS NULL", [], |r| r.get(0))
        .expect("counted");
    assert_eq!(counted, idb.to_string(), "a replay does not bring the old batch back");
    assert_eq!(p.batch_count(), 2);

    let http = reqwest::blocking::Client::new();
    let raw_post = |manifest_b64: &str, sig_b64: &str| {
        http.post(format!("{}/v1/batches", p.url()))
            .header("content-type", "application/octet-stream")
            .header("samla-manifest", manifest_b64)
            .header("samla-signature", sig_b64)
            .body(a.clone())
            .send()
            .expect("send")
    };
    let b64 = |s: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    // Malformed JSON in a well-encoded manifest.
    let r = raw_post(&b64(b"{\"format\": \"samla-manifest-v1\", \"org\": "), &b64(&[0u8; 64]));
    assert_eq!(r.status().as_u16(), 400);
    // Path traversal in the member id and the batch id.
    let ghost = SigningKey::generate().expect("key");
    let (s, body) = post(&p, &manifest("../../etc/passwd", YEAR, uuid::Uuid::new_v4(), &a), &ghost, a.clone());
    assert_eq!(s, 401, "not an enrolled member: answered as a bad signature: {body}");
    let mut m = serde_json::to_value(manifest("org-a", YEAR, uuid::Uuid::new_v4(), &a)).expect("json");
    m["batch_id"] = "../../../samla.db".into();
    let r = raw_post(&b64(&serde_json::to_vec(&m).expect("json")), &b64(&[0u8; 64]));
    assert_eq!(r.status().as_u16(), 400, "a batch id is a UUID or nothing");
    for path in [
        "/v1/members/..%2F..%2Fetc%2Fpasswd/receipts?year=2024",
        "/v1/members/org-a/receipts?year=abc",
        "/v1/members/org-a/receipts",
    ] {
        let s = http.get(format!("{}{path}", p.url())).send().expect("get").status().as_u16();
        assert!(matches!(s, 400 | 401), "{path}: {s}");
    }
    let s = http.get(format!("{}/v1/rounds/2024/status", p.url())).send().expect("get").status().as_u16();
    assert_eq!(s, 401, "no admin token");
    let s = http.get(format!("{}/../../etc/passwd", p.url())).send().expect("get").status().as_u16();
    assert_eq!(s, 404);

    // A very slow client: headers, then a trickle of the body; cut off with 408 after the
    // body timeout, while the server keeps serving others.
    let ct = ciphertext(&p, b"{\"slow\":1}");
    let (h1, h2) =
        samla_core::envelope::SignedManifest::sign(&manifest("org-a", YEAR, uuid::Uuid::new_v4(), &ct), &key)
            .expect("sign")
            .to_headers();
    let mut s = TcpStream::connect(&listen).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(20))).expect("timeout");
    write!(
        s,
        "POST /v1/batches HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nSamla-Manifest: {h1}\r\nSamla-Signature: {h2}\r\nContent-Length: {}\r\n\r\n",
        ct.len()
    )
    .expect("headers");
    let started = Instant::now();
    let mut answer = String::new();
    for byte in ct.iter().take(20) {
        if s.write_all(&[*byte]).is_err() {
            break;
        }
        std::thread::sleep(Duration::from_millis(250));
        // Meanwhile the server answers others.
        if started.elapsed() > Duration::from_secs(1) && answer.is_empty() {
            let h = http.get(format!("{}/v1/health", p.url())).send().expect("health").status().as_u16();
            assert_eq!(h, 200);
            answer.push('-');
        }
    }
    let mut buf = vec![0u8; 4096];
    let n = s.read(&mut buf).unwrap_or(0);
    let reply = String::from_utf8_lossy(&buf[..n]);
    assert!(reply.starts_with("HTTP/1.1 408"), "slow client: {reply}");
    assert!(started.elapsed() < Duration::from_secs(10));

    // Slow headers (slowloris): a client that trickles its request headers is cut off too.
    let mut s = TcpStream::connect(&listen).expect("connect");
    s.set_read_timeout(Some(Duration::from_millis(200))).expect("timeout");
    s.write_all(b"POST /v1/batches HTTP/1.1\r\nHost: x\r\n").expect("start");
    let started = Instant::now();
    let mut closed = false;
    while started.elapsed() < Duration::from_secs(15) {
        if s.write_all(b"X").is_err() {
            closed = true;
            break;
        }
        let mut one = [0u8; 256];
        match s.read(&mut one) {
            Ok(0) => {
                closed = true;
                break;
            }
            Ok(_) => {
                closed = true; // an error response, then close
                break;
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock || e.kind() == std::io::ErrorKind::TimedOut => {}
            Err(_) => {
                closed = true;
                break;
            }
        }
        std::thread::sleep(Duration::from_millis(300));
    }
    assert!(closed, "a slow-header client is disconnected");
    assert!(started.elapsed() < Duration::from_secs(8), "within the header timeout: {:?}", started.elapsed());

    assert_eq!(p.batch_count(), 2, "nothing hostile was stored");
    assert_eq!(http.get(format!("{}/v1/health", p.url())).send().expect("health").status().as_u16(), 200);
}
