//! Normalisation of identifying values before they are turned into keyed pseudonyms.
//!
//! Names: Unicode NFKC, transliteration to ASCII (which also strips diacritics), case-folding,
//! apostrophes and dots removed, every other non-alphanumeric character a token separator, and
//! the tokens treated as a set (given and family name swapped is common).
//! Dates: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, real calendar dates.
//! Swedish personal/co-ordination numbers: 10 or 12 digits with or without `-`/`+`, checked with
//! the Luhn digit, normalised to 12 digits.

use std::collections::BTreeSet;

use time::{Date, Month};
use unicode_normalization::UnicodeNormalization;

/// Tokens of one name field, normalised.
pub fn name_tokens(s: &str) -> Vec<String> {
    let nfkc: String = s.nfkc().collect();
    let ascii = deunicode::deunicode(&nfkc);
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            cur.push(c.to_ascii_lowercase());
        } else if matches!(c, '\'' | '`' | '.' | '"') {
            // O'Brien → obrien, Al.Hassan handled as one token: dropped punctuation
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The set of name tokens of given and family name together (the tests' oracle).
#[cfg(test)]
pub(crate) fn name_set(given: &str, family: &str) -> BTreeSet<String> {
    name_tokens(given).into_iter().chain(name_tokens(family)).collect()
}

/// Canonical text of a token set: sorted tokens joined by a space.
pub(crate) fn canonical_set(set: &BTreeSet<String>) -> String {
    set.iter().map(String::as_str).collect::<Vec<_>>().join(" ")
}

/// A birth date known to day, month or year precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

/// Why a date was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("not a date in the form YYYY-MM-DD, YYYY-MM or YYYY")]
    Format,
    #[error("no such date in the calendar")]
    NotReal,
    #[error("date is in the future")]
    Future,
    #[error("date is before 1900")]
    TooOld,
}

impl PartialDate {
    /// Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; `today` bounds it from above.
    pub fn parse(s: &str, today: Date) -> Result<PartialDate, DateError> {
        let parts: Vec<&str> = s.trim().split('-').collect();
        let num = |p: &str, len: usize| -> Result<u32, DateError> {
            if p.len() != len || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(DateError::Format);
            }
            p.parse().map_err(|_| DateError::Format)
        };
        let d = match parts.as_slice() {
            [y] => PartialDate { year: num(y, 4)? as i32, month: None, day: None },
            [y, m] => PartialDate { year: num(y, 4)? as i32, month: Some(num(m, 2)? as u8), day: None },
            [y, m, d] => {
                PartialDate { year: num(y, 4)? as i32, month: Some(num(m, 2)? as u8), day: Some(num(d, 2)? as u8) }
            }
            _ => return Err(DateError::Format),
        };
        if d.year < 1900 {
            return Err(DateError::TooOld);
        }
        if let Some(m) = d.month {
            let month = Month::try_from(m).map_err(|_| DateError::NotReal)?;
            if let Some(day) = d.day {
                Date::from_calendar_date(d.year, month, day).map_err(|_| DateError::NotReal)?;
            }
        }
        if d.earliest() > today {
            return Err(DateError::Future);
        }
        Ok(d)
    }

    /// The earliest real date this partial date can stand for.
    pub fn earliest(&self) -> Date {
        let m = self.month.and_then(|m| Month::try_from(m).ok()).unwrap_or(Month::January);
        let d = self.day.unwrap_or(1);
        Date::from_calendar_date(self.year, m, d).unwrap_or(Date::MIN)
    }

    /// The latest real date this partial date can stand for.
    pub fn latest(&self) -> Date {
        let m = self.month.and_then(|m| Month::try_from(m).ok()).unwrap_or(Month::December);
        let d = self.day.unwrap_or_else(|| m.length(self.year));
        Date::from_calendar_date(self.year, m, d).unwrap_or(Date::MAX)
    }
}

/// Age in whole years at `at` of someone born on `born`.
pub(crate) fn age_at(born: Date, at: Date) -> i32 {
    let mut age = at.year() - born.year();
    if (at.month() as u8, at.day()) < (born.month() as u8, born.day()) {
        age -= 1;
    }
    age
}

/// The age group code for an age in years.
pub fn age_group(age: i32) -> &'static str {
    match age {
        i32::MIN..=8 => "0-8",
        9..=17 => "9-17",
        18..=26 => "18-26",
        27..=38 => "27-38",
        39..=47 => "39-47",
        _ => "48+",
    }
}

/// The date at which a person's age is taken for the report year (see docs/DECISIONS.md):
/// 1 January for a continuing case (contact started before the year), else 1 July.
pub(crate) fn age_reference_date(year: i32, contact_start_year: Option<i32>) -> Date {
    let continuing = contact_start_year.is_some_and(|c| c < year);
    let month = if continuing { Month::January } else { Month::July };
    Date::from_calendar_date(year, month, 1).unwrap_or(Date::MIN)
}

/// Possible age groups for a partial birth date (one, or two near a boundary).
pub(crate) fn possible_age_groups(born: &PartialDate, at: Date) -> BTreeSet<&'static str> {
    let oldest = age_at(born.earliest(), at);
    let youngest = age_at(born.latest(), at);
    (youngest..=oldest).map(age_group).collect()
}

/// The age group the client sends: from the midpoint of the birth date's range.
pub(crate) fn derived_age_group(born: &PartialDate, at: Date) -> &'static str {
    let mid = match (born.month, born.day) {
        (Some(_), Some(_)) => born.earliest(),
        (Some(_), None) => born.earliest().replace_day(15).unwrap_or(born.earliest()),
        _ => Date::from_calendar_date(born.year, Month::July, 1).unwrap_or(born.earliest()),
    };
    age_group(age_at(mid, at).max(0))
}

/// Why a personal or co-ordination number was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NationalIdError {
    #[error("not 10 or 12 digits with an optional - or +")]
    Format,
    #[error("the date part is not a real date")]
    Date,
    #[error("the check digit is wrong")]
    CheckDigit,
    /// Excel showed (and saved) the number in scientific notation, e.g. `1,99703E+11`: the
    /// digits are lost and only the member can type them again in a text column.
    #[error("Excel turned the number into scientific notation")]
    ExcelNumber,
}

/// Whether a cell looks like a number Excel wrote in scientific notation (`1,99703E+11`,
/// `1.99703e11`).
pub fn excel_scientific(s: &str) -> bool {
    let t = s.trim();
    let Some((mantissa, exp)) = t.split_once(['E', 'e']) else { return false };
    let exp = exp.strip_prefix('+').unwrap_or(exp);
    !mantissa.is_empty()
        && mantissa.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.')
        && mantissa.chars().any(|c| c.is_ascii_digit())
        && !exp.is_empty()
        && exp.chars().all(|c| c.is_ascii_digit())
}

/// Normalise a Swedish personnummer or samordningsnummer to 12 digits (`YYYYMMDDNNNC`).
pub fn national_id(s: &str, today: Date) -> Result<String, NationalIdError> {
    if excel_scientific(s) {
        return Err(NationalIdError::ExcelNumber);
    }
    let t = s.trim();
    let plus = t.contains('+');
    let digits: String = t.chars().filter(|c| !matches!(c, '-' | '+' | ' ')).collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) || t.matches(['-', '+']).count() > 1 {
        return Err(NationalIdError::Format);
    }
    let full = match digits.len() {
        12 => digits,
        10 => {
            let yy: i32 = digits[0..2].parse().map_err(|_| NationalIdError::Format)?;
            let now = today.year();
            let mut year = now - (now - yy).rem_euclid(100);
            if plus {
                year -= 100;
            }
            format!("{year:04}{}", &digits[2..])
        }
        _ => return Err(NationalIdError::Format),
    };
    let y: i32 = full[0..4].parse().map_err(|_| NationalIdError::Format)?;
    let m: u8 = full[4..6].parse().map_err(|_| NationalIdError::Format)?;
    let mut d: u8 = full[6..8].parse().map_err(|_| NationalIdError::Format)?;
    if d > 60 {
        d -= 60; // samordningsnummer
    }
    let month = Month::try_from(m).map_err(|_| NationalIdError::Date)?;
    Date::from_calendar_date(y, month, d).map_err(|_| NationalIdError::Date)?;
    if !luhn_ok(&full[2..]) {
        return Err(NationalIdError::CheckDigit);
    }
    Ok(full)
}

fn luhn_ok(ten: &str) -> bool {
    let mut sum = 0u32;
    for (i, b) in ten.bytes().enumerate() {
        let mut v = u32::from(b - b'0');
        if i % 2 == 0 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum.is_multiple_of(10)
}

/// Normalise a Migrationsverket dossier number: digits only, leading zeros dropped.
pub fn migration_id(s: &str) -> Option<String> {
    let d: String = s.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    if d.is_empty() || d.len() > 12 || !d.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let trimmed = d.trim_start_matches('0');
    Some(if trimmed.is_empty() { "0".into() } else { trimmed.into() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_scientific_notation_is_recognised() {
        for s in ["1,99703E+11", "1.99703E+11", "1,99703e11", " 2E+11 "] {
            assert!(excel_scientific(s), "{s}");
            assert_eq!(national_id(s, time::macros::date!(2025 - 01 - 01)), Err(NationalIdError::ExcelNumber), "{s}");
        }
        for s in ["199703021234", "19970302-1234", "E+11", "1,5", "Emma", "1E"] {
            assert!(!excel_scientific(s), "{s}");
        }
    }
    use proptest::prelude::*;
    use time::macros::date;

    const TODAY: Date = date!(2025 - 02 - 01);

    #[test]
    fn names_fold_diacritics_case_scripts_and_order() {
        assert_eq!(name_tokens("Nguyễn Thị"), vec!["nguyen", "thi"]);
        assert_eq!(name_set("Anna-Maria", "ÖSTLUND"), name_set("östlund", "anna maria"));
        assert_eq!(name_tokens("O'Brien"), vec!["obrien"]);
        assert_eq!(name_tokens("Ольга"), vec!["olga"]);
        assert_eq!(name_tokens("  "), Vec::<String>::new());
        assert_eq!(name_tokens("ＭＡＲＩＡ"), vec!["maria"]); // full-width, NFKC
    }

    #[test]
    fn dates_parse_at_three_precisions() {
        assert_eq!(PartialDate::parse("1990", TODAY), Ok(PartialDate { year: 1990, month: None, day: None }));
        assert_eq!(PartialDate::parse("1990-02", TODAY).map(|d| d.month), Ok(Some(2)));
        assert_eq!(PartialDate::parse("1990-02-30", TODAY), Err(DateError::NotReal));
        assert_eq!(PartialDate::parse("1990-13", TODAY), Err(DateError::NotReal));
        assert_eq!(PartialDate::parse("2030-01-01", TODAY), Err(DateError::Future));
        assert_eq!(PartialDate::parse("90-01-01", TODAY), Err(DateError::Format));
        assert_eq!(PartialDate::parse("1850", TODAY), Err(DateError::TooOld));
    }

    #[test]
    fn age_groups_at_reference_date() {
        let d = PartialDate::parse("2006-08-01", TODAY).expect("date");
        let at = age_reference_date(2024, Some(2024));
        assert_eq!(derived_age_group(&d, at), "9-17"); // 17 on 1 July 2024
        let at = age_reference_date(2024, Some(2023));
        assert_eq!(derived_age_group(&d, at), "9-17");
        let y = PartialDate::parse("2006", TODAY).expect("date");
        assert_eq!(possible_age_groups(&y, age_reference_date(2024, None)).len(), 2);
    }

    #[test]
    fn personnummer_variants_normalise_to_twelve_digits() {
        // 811218-9876 is the Swedish Tax Agency's example number.
        assert_eq!(national_id("811218-9876", TODAY).as_deref(), Ok("198112189876"));
        assert_eq!(national_id("198112189876", TODAY).as_deref(), Ok("198112189876"));
        assert_eq!(national_id("19811218-9876", TODAY).as_deref(), Ok("198112189876"));
        assert_eq!(national_id("8112189876", TODAY).as_deref(), Ok("198112189876"));
        assert_eq!(national_id("811218+9876", TODAY).as_deref(), Ok("188112189876"));
        assert_eq!(national_id("811218-9877", TODAY), Err(NationalIdError::CheckDigit));
        assert_eq!(national_id("811318-9876", TODAY), Err(NationalIdError::Date));
        assert_eq!(national_id("abc", TODAY), Err(NationalIdError::Format));
    }

    #[test]
    fn migration_ids() {
        assert_eq!(migration_id("0012-345").as_deref(), Some("12345"));
        assert_eq!(migration_id("12a"), None);
    }

    proptest! {
        #[test]
        fn name_tokens_are_ascii_lowercase_and_order_free(a in "\\PC{0,30}", b in "\\PC{0,30}") {
            for t in name_tokens(&a) {
                prop_assert!(!t.is_empty());
                prop_assert!(t.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()));
            }
            prop_assert_eq!(name_set(&a, &b), name_set(&b, &a));
        }

        #[test]
        fn name_tokens_ignore_case_and_idempotent(a in "[A-Za-zÀ-ÿ' -]{0,30}") {
            prop_assert_eq!(name_tokens(&a.to_uppercase()), name_tokens(&a.to_lowercase()));
            let once = name_tokens(&a).join(" ");
            prop_assert_eq!(name_tokens(&once).join(" "), once);
        }

        #[test]
        fn date_parse_never_panics(s in "\\PC{0,12}") {
            let _ = PartialDate::parse(&s, TODAY);
            let _ = national_id(&s, TODAY);
        }

        #[test]
        fn real_dates_round_trip(y in 1900i32..2024, m in 1u8..=12, d in 1u8..=28) {
            let s = format!("{y:04}-{m:02}-{d:02}");
            let p = PartialDate::parse(&s, TODAY).expect("valid");
            prop_assert_eq!(p, PartialDate { year: y, month: Some(m), day: Some(d) });
            prop_assert!(p.earliest() == p.latest());
        }
    }
}
