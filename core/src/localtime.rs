//! Times as people in Sweden read them: Europe/Stockholm (CET, UTC+1; summer time CEST, UTC+2
//! from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October, the
//! EU rule in force since 1996). Stored times stay UTC; only what a page or a message shows is
//! local. The rule is written out rather than read from a time-zone database: Samla shows times
//! for one zone, and the rule has one test per edge.

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset, Weekday};

fn last_sunday(year: i32, month: Month) -> Option<Date> {
    let mut d = Date::from_calendar_date(year, month, time::util::days_in_month(month, year)).ok()?;
    while d.weekday() != Weekday::Sunday {
        d = d.previous_day()?;
    }
    Some(d)
}

/// Whether Swedish summer time is in force at `t`.
pub fn summer_time(t: OffsetDateTime) -> bool {
    let t = t.to_offset(UtcOffset::UTC);
    let at_one = |d: Date| PrimitiveDateTime::new(d, Time::from_hms(1, 0, 0).unwrap_or(Time::MIDNIGHT)).assume_utc();
    match (last_sunday(t.year(), Month::March), last_sunday(t.year(), Month::October)) {
        (Some(start), Some(end)) => t >= at_one(start) && t < at_one(end),
        _ => false,
    }
}

/// `t` in Swedish local time.
pub fn stockholm(t: OffsetDateTime) -> OffsetDateTime {
    let hours = if summer_time(t) { 2 } else { 1 };
    t.to_offset(UtcOffset::from_hms(hours, 0, 0).unwrap_or(UtcOffset::UTC))
}

/// An RFC 3339 time as a person in Sweden reads it, to the minute: `2025-02-10 15:03`
/// (what is not a time is shown as it is).
pub fn display(rfc3339: &str) -> String {
    match crate::envelope::parse_rfc3339(rfc3339) {
        Some(t) => {
            let l = stockholm(t);
            format!("{} {:02}:{:02}", l.date(), l.hour(), l.minute())
        }
        None => rfc3339.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn winter_and_summer_and_both_edges() {
        assert_eq!(display("2025-02-10T14:03:59Z"), "2025-02-10 15:03");
        assert_eq!(display("2025-07-01T10:00:00Z"), "2025-07-01 12:00");
        // 2025: summer time from 30 March 01:00 UTC to 26 October 01:00 UTC.
        assert!(!summer_time(datetime!(2025-03-30 00:59:59 UTC)));
        assert!(summer_time(datetime!(2025-03-30 01:00:00 UTC)));
        assert!(summer_time(datetime!(2025-10-26 00:59:59 UTC)));
        assert!(!summer_time(datetime!(2025-10-26 01:00:00 UTC)));
        // 2026: 29 March and 25 October.
        assert!(summer_time(datetime!(2026-03-29 01:00:00 UTC)));
        assert!(!summer_time(datetime!(2026-10-25 01:00:00 UTC)));
        assert_eq!(display("not a time"), "not a time");
    }
}
