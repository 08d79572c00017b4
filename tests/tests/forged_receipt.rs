//! A server that answers with a receipt not signed by the key pinned at `samla init` is not
//! believed: the member is told, exits 1 and keeps no receipt. The impostor here is a minimal
//! HTTP server on a loopback port that shows the pinned key at /v1/info but signs receipts with
//! another key (as a compromised or spoofed server would).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;

use samla_core::envelope::{Receipt, SignedManifest, SignedReceipt, SigningKey, RECEIPT_FORMAT};
use samla_e2e::*;

fn serve_impostor(listener: TcpListener, pinned: String, forger: SigningKey, requests: usize) {
    for stream in listener.incoming().take(requests) {
        let Ok(mut s) = stream else { continue };
        let mut r = BufReader::new(s.try_clone().expect("clone"));
        let mut first = String::new();
        r.read_line(&mut first).expect("request line");
        let mut headers = Vec::new();
        loop {
            let mut l = String::new();
            r.read_line(&mut l).expect("header");
            if l == "\r\n" || l.is_empty() {
                break;
            }
            headers.push(l.trim().to_string());
        }
        let header = |n: &str| {
            headers.iter().find_map(|h| {
                h.split_once(':').filter(|(k, _)| k.eq_ignore_ascii_case(n)).map(|(_, v)| v.trim().to_string())
            })
        };
        let len: usize = header("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
        let mut body = vec![0; len];
        r.read_exact(&mut body).expect("body");
        let reply = if first.starts_with("GET /v1/info") {
            serde_json::json!({"server_key": pinned, "admin_recipients": []}).to_string()
        } else {
            let m = SignedManifest::from_headers(
                &header("samla-manifest").unwrap_or_default(),
                &header("samla-signature").unwrap_or_default(),
            )
            .expect("manifest")
            .parse_unverified()
            .expect("parse");
            let receipt = Receipt {
                format: RECEIPT_FORMAT.into(),
                batch_id: m.batch_id,
                org: m.org,
                year: m.year,
                ciphertext_sha256: m.ciphertext_sha256,
                received_at: "2025-01-20T10:00:00Z".into(),
                supersedes: None,
                audit_head: None,
                audit_index: None,
                audit_acc: None,
            };
            serde_json::to_string(&SignedReceipt::sign(&receipt, &forger).expect("sign")).expect("json")
        };
        let status = if first.starts_with("GET") { "200 OK" } else { "201 Created" };
        let _ = write!(s, "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{reply}", reply.len());
    }
}

#[test]
fn a_receipt_not_signed_by_the_pinned_key_is_refused() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let dir = tempfile::tempdir().expect("tempdir");
    let genuine = SigningKey::generate().expect("key").public().to_string();
    let recipients = dir.path().join("r.txt");
    std::fs::write(&recipients, format!("{}\n", age::x25519::Identity::generate().to_public())).expect("write");
    let linkage = dir.path().join("ls");
    run_expect(samla().args(["linkage-secret", "new", "--out"]).arg(&linkage), 0);
    let cfg = dir.path().join("cfg");
    run_expect(
        samla()
            .arg("--config")
            .arg(&cfg)
            .args(["init", "--org", "org-a", "--server", &url, "--server-key", &genuine, "--admin-recipients"])
            .arg(&recipients)
            .arg("--linkage-secret")
            .arg(&linkage),
        0,
    );
    let forger = SigningKey::generate().expect("key");
    let pinned = genuine.clone();
    let t = std::thread::spawn(move || serve_impostor(listener, pinned, forger, 3));
    let file = dir.path().join("a.csv");
    std::fs::write(&file, "local_id;gender\nA-1;female\n").expect("write");
    let o = run_expect(
        samla().arg("--config").arg(&cfg).arg("submit").arg(&file).args(["--year", "2024", "--attempts", "1"]),
        1,
    );
    assert!(stderr(&o).contains("inte signerat med serverns nyckel"), "{}", stderr(&o));
    assert!(!cfg.join("receipts").exists(), "no receipt kept");
    t.join().expect("impostor");
}
