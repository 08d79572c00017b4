//! Threat-model claims that had no test that would fail if they broke (issue: hardening,
//! item 11), with the real binaries on a loopback server: member receipt queries at most five
//! minutes old, the connection cap, and an outbox holding only ciphertext.

use std::io::Write;
use std::net::TcpStream;
use std::time::Duration;

use samla_core::envelope::sign_receipts_request;
use samla_e2e::*;

const YEAR: i32 = 2024;

fn receipts(p: &Platform, org: &str, year: i32, time: &str, sig: &str) -> u16 {
    reqwest::blocking::Client::new()
        .get(format!("{}/v1/members/{org}/receipts?year={year}", p.url()))
        .header("samla-time", time)
        .header("samla-signature", sig)
        .send()
        .expect("send")
        .status()
        .as_u16()
}

fn rfc3339(t: time::OffsetDateTime) -> String {
    t.replace_nanosecond(0).expect("ns").format(&time::format_description::well_known::Rfc3339).expect("fmt")
}

#[test]
fn a_receipts_query_is_signed_by_the_member_and_at_most_five_minutes_old() {
    let p = Platform::new(YEAR);
    let a = p.member("org-a");
    p.member("org-b");
    let key = member_key(&a);
    let now = time::OffsetDateTime::now_utc();
    let fresh = rfc3339(now);
    assert_eq!(receipts(&p, "org-a", YEAR, &fresh, &sign_receipts_request(&key, "org-a", YEAR, &fresh)), 200);
    // The same signed query, six minutes old (a captured query replayed later): refused.
    let old = rfc3339(now - time::Duration::minutes(6));
    assert_eq!(receipts(&p, "org-a", YEAR, &old, &sign_receipts_request(&key, "org-a", YEAR, &old)), 401);
    let ahead = rfc3339(now + time::Duration::minutes(6));
    assert_eq!(receipts(&p, "org-a", YEAR, &ahead, &sign_receipts_request(&key, "org-a", YEAR, &ahead)), 401);
    // Signed for another year or by another member: refused.
    assert_eq!(receipts(&p, "org-a", YEAR, &fresh, &sign_receipts_request(&key, "org-a", YEAR - 1, &fresh)), 401);
    assert_eq!(receipts(&p, "org-b", YEAR, &fresh, &sign_receipts_request(&key, "org-b", YEAR, &fresh)), 401);
}

fn health_within(p: &Platform, timeout: Duration) -> bool {
    reqwest::blocking::Client::builder()
        .timeout(timeout)
        .build()
        .expect("client")
        .get(format!("{}/v1/health", p.url()))
        .send()
        .is_ok_and(|r| r.status().is_success())
}

#[test]
fn at_most_512_connections_are_served_at_once() {
    let p = Platform::new(YEAR);
    let addr = p.server.as_ref().expect("server").addr();
    // 512 connections that send half a request and wait (cut off after the header timeout,
    // 10 s; the test is done well before).
    let mut idle: Vec<TcpStream> = (0..512)
        .map(|_| {
            let mut s = TcpStream::connect(&addr).expect("connect");
            s.write_all(b"GET /v1/health HTTP/1.1\r\n").expect("write");
            s
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    assert!(!health_within(&p, Duration::from_millis(1500)), "a 513th connection waits while 512 are served");
    idle.truncate(500);
    assert!(health_within(&p, Duration::from_secs(5)), "served once connections are free");
}

#[test]
fn the_outbox_holds_only_ciphertext() {
    let mut p = Platform::new(YEAR);
    let cfg = p.member("org-a");
    let file = p.dir.path().join("canary.csv");
    std::fs::write(
        &file,
        "local_id;given_name;family_name;birth_date;national_id;migration_id;gender;exploitation_forms\n\
         CASE-Qx81;Kanariefågel;Xylofonsson;1987-06-05;870605-1235;99887766;female;sexual\n",
    )
    .expect("write");
    p.server = None; // the batch waits in the outbox
    let o = p.submit(&cfg, &file, YEAR);
    assert!(!o.status.success());
    let outbox = cfg.join("outbox");
    let files: Vec<_> = std::fs::read_dir(&outbox).expect("outbox").flatten().filter(|e| e.path().is_file()).collect();
    assert!(files.len() >= 2, "the sealed batch and its manifest wait there");
    // Canaries long and distinctive enough not to occur by chance in base64, hex or ciphertext
    // (a 6-digit one, "870605", once did: any 6 digits turn up in enough hex).
    let canaries = [
        "CASE-Qx81",
        "Kanariefågel",
        "Kanariefagel",
        "kanariefagel",
        "Xylofonsson",
        "xylofonsson",
        "1987-06-05",
        "870605-1235",
        "8706051235",
        "198706051235",
    ];
    // The scan can fail: it finds them in the member's own file.
    let own = std::fs::read_to_string(&file).expect("own file");
    assert!(canaries.iter().filter(|c| own.contains(*c)).count() >= 5, "the canaries are in the file");
    for f in files {
        let bytes = std::fs::read(f.path()).expect("read");
        let text = String::from_utf8_lossy(&bytes);
        for c in canaries {
            assert!(!text.contains(c), "{c:?} found in {}", f.path().display());
        }
        // The manifest headers are base64: decode them and look again.
        if f.path().extension().is_some_and(|x| x == "json") {
            let item: serde_json::Value = serde_json::from_slice(&bytes).expect("json");
            let manifest = base64::Engine::decode(
                &base64::engine::general_purpose::URL_SAFE_NO_PAD,
                item["manifest"].as_str().expect("manifest"),
            )
            .expect("base64");
            let m = String::from_utf8_lossy(&manifest);
            for c in canaries {
                assert!(!m.contains(c), "{c:?} in the manifest");
            }
        } else {
            assert!(bytes.starts_with(b"age-encryption.org/v1\n"), "{}: age ciphertext", f.path().display());
        }
    }
}
