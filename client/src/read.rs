//! Reading and validating a member's file for a reporting year (shared by `validate`,
//! `preview` and `submit`): the messages a person can act on, in their language.

use anyhow::Result;
use samla_core::contract::Contract;
use samla_core::validate::{self, Context, ValidRow};
use samla_core::Lang;

use crate::i18n;
use std::path::Path;

use crate::progress;

pub(crate) fn check_year(year: i32, lang: Lang) -> Result<&'static Contract> {
    Contract::for_year(year)
        .map_err(|_| anyhow::anyhow!("{}", i18n::msg(lang, "err-unknown-year", &[("year", year.to_string().into())])))
}

pub(crate) fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

/// What checking a file found: printed by the commands, shown as a page by the browser window.
pub(crate) enum Checked {
    Valid(Vec<ValidRow>),
    Problems(Vec<validate::Problem>),
    /// The file could not be read at all: the sentence saying why.
    Unreadable(String),
}

/// Read and validate a file for a year, returning what was found (nothing printed).
pub(crate) fn check_file(file: &Path, year: i32, lang: Lang) -> Result<(Checked, &'static Contract)> {
    let contract = check_year(year, lang)?;
    let table = match samla_core::input::read_path(file) {
        Ok(t) => t,
        Err(e) => return Ok((Checked::Unreadable(input_error(&e, lang)), contract)),
    };
    let ctx = Context { contract, year, today: today() };
    Ok(match validate::validate(&table, &ctx) {
        Ok(rows) => (Checked::Valid(rows), contract),
        Err(problems) => (Checked::Problems(problems), contract),
    })
}

/// Read and validate; on problems print the report and return `None`.
pub(crate) fn read_valid(file: &Path, year: i32, lang: Lang) -> Result<Option<(Vec<ValidRow>, &'static Contract)>> {
    read_valid_as(file, year, lang, false)
}

/// Read and validate a file; problems go to stderr (or as JSON to stdout with `json`).
pub(crate) fn read_valid_as(
    file: &Path,
    year: i32,
    lang: Lang,
    json: bool,
) -> Result<Option<(Vec<ValidRow>, &'static Contract)>> {
    let name = file.display().to_string();
    let sp = progress::spinner(i18n::msg(lang, "reading-file", &[("file", name.clone().into())]));
    let checked = check_file(file, year, lang);
    sp.finish_and_clear();
    match checked? {
        (Checked::Valid(rows), contract) => Ok(Some((rows, contract))),
        (Checked::Unreadable(msg), _) => {
            if json {
                let v = serde_json::json!({
                    "file": name, "valid": false, "sent": false, "problem_count": 1, "rows_with_problems": 0,
                    "problems": [{"row": null, "column": null, "column_label": null, "value": null,
                                  "code": "unreadable_file", "message": msg}],
                });
                println!("{}", serde_json::to_string_pretty(&v)?);
            } else {
                eprintln!("{name}: {msg}");
                eprintln!("{}", crate::i18n::text(lang, "nothing-sent"));
            }
            Ok(None)
        }
        (Checked::Problems(problems), contract) => {
            let report = validate::Report { file: &name, problems: &problems, contract, lang };
            if json {
                println!("{}", serde_json::to_string_pretty(&report.to_json())?);
            } else {
                eprintln!("{report}");
            }
            Ok(None)
        }
    }
}

/// Windows refuses to open a workbook that Excel has open (a sharing or lock violation).
fn locked_by_another_program(err: &std::io::Error) -> bool {
    // ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION
    cfg!(windows) && matches!(err.raw_os_error(), Some(32 | 33))
}

pub(crate) fn input_error(e: &samla_core::input::InputError, lang: Lang) -> String {
    use crate::i18n::{msg, n, text};
    use samla_core::input::InputError as E;
    match e {
        E::Empty => text(lang, "input-empty"),
        E::TooLarge { max } => msg(lang, "input-too-large", &[("mib", n((*max / (1024 * 1024)) as usize))]),
        E::NotText { offset } => msg(lang, "input-not-text", &[("offset", n(*offset))]),
        E::UnclosedQuote { row } => msg(lang, "input-unclosed-quote", &[("row", n(*row))]),
        E::Delimiter { found } => msg(lang, "input-delimiter", &[("found", found.to_string().into())]),
        E::Csv { row, what } => msg(lang, "input-csv", &[("row", n(*row)), ("what", what.clone().into())]),
        E::UnsupportedType(t) => msg(lang, "input-unsupported-type", &[("ext", t.clone().into())]),
        E::Io(err) if locked_by_another_program(err) => text(lang, "input-locked"),
        E::Io(err) if err.kind() == std::io::ErrorKind::NotFound => text(lang, "input-not-found"),
        E::Io(err) => msg(lang, "input-io", &[("what", err.to_string().into())]),
        E::Xlsx(_) => text(lang, "input-xlsx"),
        E::XlsxLimit { kind, found, limit } => {
            use samla_core::input::XlsxLimit as L;
            let id = match kind {
                L::UnpackedMib => "input-xlsx-limit-unpacked",
                L::Rows => "input-xlsx-limit-rows",
                L::Columns => "input-xlsx-limit-columns",
                L::Cells => "input-xlsx-limit-cells",
                L::CellText => "input-xlsx-limit-cell-text",
                L::TextMib => "input-xlsx-limit-text",
            };
            msg(lang, id, &[("found", (*found as f64).into()), ("limit", (*limit as f64).into())])
        }
    }
}

#[cfg(test)]
mod tests {
    use samla_core::input::InputError;
    use samla_core::Lang;

    use super::input_error;

    #[test]
    fn a_missing_file_and_a_workbook_open_in_excel_are_said_plainly() {
        let missing = InputError::Io(std::io::Error::from(std::io::ErrorKind::NotFound));
        assert_eq!(input_error(&missing, Lang::En), "there is no such file: check the name and the folder");
        // ERROR_SHARING_VIOLATION, as Windows reports a workbook Excel holds open.
        let locked = input_error(&InputError::Io(std::io::Error::from_raw_os_error(32)), Lang::Sv);
        if cfg!(windows) {
            assert!(locked.contains("öppen i ett annat program"), "{locked}");
        } else {
            assert!(!locked.contains("Excel"), "not on this system: {locked}");
        }
    }
}
