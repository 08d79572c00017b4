//! CSV for Swedish Excel: UTF-8 BOM, `;` delimiter, decimal comma, one row per cell with the
//! table, row and column keys and their labels (a cross table's cell `a|b` is row `a`, column
//! `b`). Column names from `report.ftl` (`csv-columns`).

use samla_core::Lang;

use crate::i18n;

use super::model::Aggregate;

impl Aggregate {
    /// The report as CSV in one language.
    pub fn to_csv(&self, lang: Lang) -> String {
        let mut w = csv::WriterBuilder::new().delimiter(b';').from_writer(Vec::new());
        let columns = i18n::text(lang, "csv-columns");
        let head: Vec<&str> = columns.split(';').collect();
        let _ = w.write_record(&head);
        if self.internal {
            let mut r = vec![String::new(); head.len()];
            r[0] = "INTERNAL".into();
            r[1] = i18n::text(lang, "csv-internal");
            let _ = w.write_record(&r);
        }
        let sv = lang == Lang::Sv;
        for key in &self.table_order {
            let Some(t) = self.tables.get(key) else {
                continue;
            };
            for r in &t.rows {
                let pct =
                    r.percent.map(|p| format!("{p:.1}").replace('.', if sv { "," } else { "." })).unwrap_or_default();
                let label = if sv { &r.label_sv } else { &r.label_en };
                let (row, col) = match (&t.cross, r.key.split_once('|')) {
                    (Some(_), Some((a, b))) => (a, b),
                    _ => (r.key.as_str(), ""),
                };
                let (row_label, col_label) = match (&t.cross, label.split_once(" – ")) {
                    (Some(_), Some((a, b))) => (a, b),
                    _ => (label.as_str(), ""),
                };
                let _ = w.write_record([
                    key.as_str(),
                    if sv { &t.title_sv } else { &t.title_en },
                    &t.population,
                    row,
                    row_label,
                    col,
                    col_label,
                    &r.count.map(|c| c.to_string()).unwrap_or_default(),
                    &pct,
                    if r.suppressed { "1" } else { "" },
                    &t.answered.map(|x| x.to_string()).unwrap_or_default(),
                    &t.missing.map(|x| x.to_string()).unwrap_or_default(),
                ]);
            }
        }
        let body = w.into_inner().unwrap_or_default();
        format!("\u{feff}{}", String::from_utf8_lossy(&body))
    }
}
