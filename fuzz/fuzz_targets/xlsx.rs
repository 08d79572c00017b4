//! Excel workbooks (zip + XML): reading never panics, whatever the bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = samla_core::input::read_xlsx(data);
});
