//! CSV as members' spreadsheets write it: reading and then validating never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;
use samla_core::validate::{validate, Context};

fuzz_target!(|data: &[u8]| {
    if let Ok(table) = samla_core::input::read_csv(data) {
        if let Ok(contract) = samla_core::Contract::for_year(2024) {
            let today = time_today();
            let _ = validate(&table, &Context { contract, year: 2024, today });
        }
    }
});

fn time_today() -> time::Date {
    time::Date::from_calendar_date(2025, time::Month::February, 1).unwrap_or(time::Date::MIN)
}
