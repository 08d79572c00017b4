//! Excel workbooks (zip + XML): reading never panics, whatever the bytes. Panics inside
//! calamine that `read_xlsx` catches (and turns into an error) are what the product does too,
//! so they are kept from libFuzzer's abort-on-panic hook; any other panic is a crash.
#![no_main]
use libfuzzer_sys::fuzz_target;

static QUIET: std::sync::Once = std::sync::Once::new();

fuzz_target!(|data: &[u8]| {
    QUIET.call_once(samla_core::input::quiet_caught_xlsx_panics);
    let _ = samla_core::input::read_xlsx(data);
});
