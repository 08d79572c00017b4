//! What crosses the network in the clear: manifest headers, receipts, the age header check and
//! receipt-request signatures. Parsing and verifying never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use samla_core::envelope::{PublicKey, SignedManifest, SignedReceipt};

fuzz_target!(|data: &[u8]| {
    let key = PublicKey([7u8; 32]);
    let text = String::from_utf8_lossy(data);
    let mid = (0..=text.len() / 2).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
    let (a, b) = text.split_at(mid);
    if let Ok(m) = SignedManifest::from_headers(a, b) {
        let _ = m.parse_unverified();
        let _ = m.verify(&key);
    }
    if let Ok(r) = serde_json::from_slice::<SignedReceipt>(data) {
        let _ = r.verify(&key);
    }
    let _ = samla_core::crypto::check_header(data);
    let _ = samla_core::envelope::verify_receipts_request(&key, "org-a", 2024, a, b);
    let _ = text.parse::<PublicKey>();
});
