//! Templates for the year's file: CSV (header row of column keys) and XLSX (Swedish headers with
//! the key, drop-down lists of the code lists, an instruction sheet, a frozen header row).

use std::path::Path;

use anyhow::{Context as _, Result};
use rust_xlsxwriter::{DataValidation, DataValidationErrorStyle, Format, Formula, Workbook};
use samla_core::contract::{Contract, Kind};
use samla_core::Lang;

use crate::i18n;

/// Header text of a column in the XLSX template: "Swedish label (key)".
pub fn xlsx_header(label: &str, key: &str) -> String {
    format!("{label} ({key})")
}

/// The CSV template: the same headers as the workbook's, "Label (key)" in the member's
/// language (the reader takes the key in brackets, the label, or the key alone).
pub fn csv(contract: &Contract, lang: Lang, out: &Path) -> Result<()> {
    let mut w =
        csv::WriterBuilder::new().delimiter(b';').from_path(out).with_context(|| format!("{}", out.display()))?;
    w.write_record(contract.fields.iter().map(|f| xlsx_header(f.label.get(lang), &f.key)))?;
    w.flush()?;
    Ok(())
}

pub fn xlsx(contract: &Contract, year: i32, lang: Lang, out: &Path) -> Result<()> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold().set_text_wrap().set_background_color("#E8DDEB");
    // Code lists sheet first in memory so data validation can refer to it.
    let coded: Vec<_> = contract.fields.iter().filter(|f| f.is_coded()).collect();
    {
        let data = wb.add_worksheet();
        data.set_name(i18n::text(lang, "template-sheet-data"))?;
        for (c, f) in contract.fields.iter().enumerate() {
            let col = c as u16;
            data.write_string_with_format(0, col, xlsx_header(f.label.get(lang), &f.key), &bold)?;
            data.set_column_width(col, 22)?;
            if f.key == "birth_date" {
                // A date typed here stays YYYY-MM-DD whatever the spreadsheet's locale, also when
                // the sheet is saved as CSV.
                data.set_column_format(col, &Format::new().set_num_format("yyyy-mm-dd"))?;
            }
            if let Some(i) = coded.iter().position(|g| g.key == f.key) {
                let letter = col_letter(i);
                let n = f.codes.len() + 1;
                let sheet = i18n::text(lang, "template-sheet-codes");
                let mut dv = DataValidation::new()
                    .allow_list_formula(Formula::new(format!("={sheet}!${letter}$2:${letter}${n}")))
                    .set_error_style(DataValidationErrorStyle::Information)
                    .set_error_title(i18n::text(lang, "template-not-in-list"))?;
                if f.kind == Kind::Many {
                    dv = dv.set_input_message(i18n::text(lang, "template-several-values"))?;
                }
                data.add_data_validation(1, col, 5000, col, &dv)?;
            }
        }
        data.set_freeze_panes(1, 0)?;
    }
    {
        let codes = wb.add_worksheet();
        codes.set_name(i18n::text(lang, "template-sheet-codes"))?;
        for (i, f) in coded.iter().enumerate() {
            let col = i as u16;
            codes.write_string_with_format(0, col, xlsx_header(f.label.get(lang), &f.key), &bold)?;
            codes.set_column_width(col, 28)?;
            for (r, (_, l)) in f.codes.iter().enumerate() {
                codes.write_string(r as u32 + 1, col, l.get(lang))?;
            }
        }
    }
    {
        let help = wb.add_worksheet();
        help.set_name(i18n::text(lang, "template-sheet-instructions"))?;
        help.set_column_width(0, 110)?;
        let lines = instructions(year, lang);
        for (i, l) in lines.iter().enumerate() {
            help.write_string(i as u32, 0, l)?;
        }
    }
    wb.save(out).with_context(|| format!("{}", out.display()))?;
    Ok(())
}

fn col_letter(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push((b'A' + (i % 26) as u8) as char);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.iter().rev().collect()
}

fn instructions(year: i32, lang: Lang) -> Vec<String> {
    i18n::msg(lang, "template-instructions-text", &[("year", year.to_string().into())])
        .lines()
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn column_letters() {
        assert_eq!(super::col_letter(0), "A");
        assert_eq!(super::col_letter(25), "Z");
        assert_eq!(super::col_letter(26), "AA");
    }
}
