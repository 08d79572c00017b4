//! Decrypted batch bytes as the admin's aggregation reads them: parsing and checking never
//! panics (a member could send anything inside a validly signed, encrypted batch).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = samla_core::batch::Batch::parse_and_check(data, "org-a", 2024, uuid::Uuid::nil());
});
