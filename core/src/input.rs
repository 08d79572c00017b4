//! Reading a member's file into a header and rows, keeping the row numbers a spreadsheet shows
//! (header = row 1).
//!
//! CSV: `,` or `;` delimited (detected from the header line), UTF-8 with or without BOM, CRLF or
//! LF line ends, fully empty rows skipped (spreadsheets often leave some at the end).

use std::path::Path;

/// Largest input file accepted (bytes).
pub(crate) const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A file read into cells, before validation.
#[derive(Debug, Clone)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Row>,
}

/// One data row.
#[derive(Debug, Clone)]
pub struct Row {
    /// The row number as a spreadsheet shows it (header = 1).
    pub number: usize,
    pub cells: Vec<String>,
}

impl Drop for Row {
    /// Cells may hold names and identifiers: wiped when the row is dropped.
    fn drop(&mut self) {
        use zeroize::Zeroize;
        self.cells.zeroize();
    }
}

/// Why a file could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
    #[error("the file is larger than {max} bytes")]
    TooLarge { max: u64 },
    #[error("the file is empty")]
    Empty,
    #[error("the file is not text (byte {offset} is a control character): is it really a CSV file?")]
    NotText { offset: usize },
    #[error("row {row}: the CSV cannot be read: {what}")]
    Csv { row: usize, what: String },
    #[error(
        "row {row}: a quotation mark (\") is opened here and never closed; the rest of the file would be one cell"
    )]
    UnclosedQuote { row: usize },
    #[error("the header row has no semicolons or commas; the file seems to be separated by {found:?}: save it as CSV with semicolons (Swedish Excel's default)")]
    Delimiter { found: char },
    #[error("unsupported file type {0:?}: use a .csv or .xlsx file")]
    UnsupportedType(String),
    #[error("the Excel file cannot be read: {0}")]
    Xlsx(String),
    #[error("the Excel file is beyond what Samla reads ({kind:?}: {found}, at most {limit}); copy the data into the year's template, or save it as CSV")]
    XlsxLimit { kind: XlsxLimit, found: u64, limit: u64 },
}

/// Which of the [`xlsx_limits`] a workbook is beyond.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XlsxLimit {
    /// All parts unpacked, in MiB (found: at least the limit + 1).
    UnpackedMib,
    Rows,
    Columns,
    Cells,
    /// Characters of one cell's text.
    CellText,
    /// Text of all cells, in MiB.
    TextMib,
}

/// Limits checked on a workbook's parts before it is parsed (a crafted file of a few KB can
/// otherwise claim a sheet of 17 billion cells, or one huge text in thousands of cells).
pub mod xlsx_limits {
    /// All parts together, unpacked.
    pub(crate) const UNPACKED_BYTES: u64 = 256 * 1024 * 1024;
    /// Rows and columns a sheet may reach (from A1): far beyond a member's year.
    pub(crate) const ROWS: u64 = 200_000;
    pub(crate) const COLUMNS: u64 = 1_000;
    /// Cells of the sheet's bounding box.
    pub(crate) const CELLS: u64 = 5_000_000;
    /// Excel's own limit on the text of one cell (characters).
    pub(crate) const CELL_TEXT: usize = 32_767;
    /// Text of all cells together, shared strings counted once per cell that uses them.
    pub(crate) const TEXT_BYTES: u64 = 64 * 1024 * 1024;
}

/// Read a CSV or XLSX file from disk (by its extension).
pub fn read_path(path: &Path) -> Result<Table, InputError> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    if !matches!(ext.as_str(), "csv" | "txt" | "xlsx" | "") {
        return Err(InputError::UnsupportedType(ext));
    }
    let len = std::fs::metadata(path)?.len();
    if len > MAX_FILE_BYTES {
        return Err(InputError::TooLarge { max: MAX_FILE_BYTES });
    }
    // The raw bytes hold names and birth dates: wiped when read.
    let bytes = zeroize::Zeroizing::new(std::fs::read(path)?);
    if ext == "xlsx" {
        read_xlsx(&bytes)
    } else {
        read_csv(&bytes)
    }
}

/// Read the data sheet of an XLSX workbook: the sheet named "Uppgifter" or "Data" when there is
/// one, else the first. Date cells become `YYYY-MM-DD`; whole numbers lose their ".0".
pub fn read_xlsx(bytes: &[u8]) -> Result<Table, InputError> {
    // calamine can panic on hostile workbooks (an arithmetic overflow on a huge cell reference,
    // found by fuzzing; fuzz/README.md): a damaged file must get a message, never a crash.
    std::panic::catch_unwind(|| read_xlsx_inner(bytes))
        .unwrap_or_else(|_| Err(InputError::Xlsx("the workbook's structure cannot be parsed".into())))
}

/// Keep panics that [`read_xlsx`] catches inside calamine off the terminal; every other panic is
/// reported as before. Binaries that read workbooks install it once at start.
pub fn quiet_caught_xlsx_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let in_calamine = info.location().is_some_and(|l| l.file().contains("calamine"));
        if !in_calamine {
            default(info);
        }
    }));
}

/// Check a workbook's parts against [`xlsx_limits`] without parsing it: unpacked sizes (read
/// with a cap, whatever the zip directory claims), each sheet's extent (its `dimension` and
/// every cell and row reference), the length of each shared string, and the text all cells
/// would hold.
pub(crate) fn check_xlsx_limits(bytes: &[u8]) -> Result<(), InputError> {
    use std::io::Read as _;
    use xlsx_limits as lim;
    let limit = |kind: XlsxLimit, found: u64, limit: u64| InputError::XlsxLimit { kind, found, limit };
    const MIB: u64 = 1024 * 1024;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| InputError::Xlsx(format!("not an xlsx workbook ({e})")))?;
    let mut budget = lim::UNPACKED_BYTES;
    let mut shared: Vec<usize> = Vec::new();
    let mut sheets: Vec<Vec<u8>> = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).map_err(|e| InputError::Xlsx(e.to_string()))?;
        let name = f.name().map(|n| n.to_string()).unwrap_or_default();
        let is_sheet = name.starts_with("xl/worksheets/") && name.ends_with(".xml");
        let is_shared = name == "xl/sharedStrings.xml";
        let mut part = Vec::new();
        let read = (&mut f).take(budget + 1).read_to_end(&mut part).map_err(|e| InputError::Xlsx(e.to_string()))?;
        if read as u64 > budget {
            return Err(limit(XlsxLimit::UnpackedMib, lim::UNPACKED_BYTES / MIB + 1, lim::UNPACKED_BYTES / MIB));
        }
        budget -= read as u64;
        if is_shared {
            shared = shared_string_lengths(&part);
            if let Some(&n) = shared.iter().max().filter(|&&n| n > lim::CELL_TEXT) {
                return Err(limit(XlsxLimit::CellText, n as u64, lim::CELL_TEXT as u64));
            }
        } else if is_sheet {
            sheets.push(part);
        }
    }
    for sheet in &sheets {
        let (rows, cols, text) = sheet_extent(sheet, &shared);
        if rows > lim::ROWS {
            return Err(limit(XlsxLimit::Rows, rows, lim::ROWS));
        }
        if cols > lim::COLUMNS {
            return Err(limit(XlsxLimit::Columns, cols, lim::COLUMNS));
        }
        if rows * cols > lim::CELLS {
            return Err(limit(XlsxLimit::Cells, rows * cols, lim::CELLS));
        }
        if text > lim::TEXT_BYTES {
            return Err(limit(XlsxLimit::TextMib, text.div_ceil(MIB), lim::TEXT_BYTES / MIB));
        }
    }
    Ok(())
}

/// Characters of each shared string (`<si>` entries, in order).
fn shared_string_lengths(xml: &[u8]) -> Vec<usize> {
    let s = String::from_utf8_lossy(xml);
    let mut out = Vec::new();
    for si in s.split("<si>").skip(1) {
        let body = si.split("</si>").next().unwrap_or("");
        // The text of the <t> runs, markup excluded.
        let mut n = 0usize;
        let mut rest = body;
        while let Some(start) = rest.find("<t") {
            let after = &rest[start..];
            let Some(gt) = after.find('>') else { break };
            if after[..gt].ends_with('/') {
                rest = &after[gt + 1..];
                continue;
            }
            let text = &after[gt + 1..];
            let end = text.find("</t>").unwrap_or(text.len());
            n += text[..end].chars().count();
            rest = &text[end..];
        }
        out.push(n);
    }
    out
}

/// Rows, columns (1-based maxima of every reference in the sheet, including its `dimension`)
/// and the bytes of text its cells hold (a shared string once per cell that uses it).
fn sheet_extent(xml: &[u8], shared: &[usize]) -> (u64, u64, u64) {
    let s = String::from_utf8_lossy(xml);
    let (mut rows, mut cols, mut text) = (0u64, 0u64, 0u64);
    let mut see = |r: &str| {
        let (c, rw) = cell_ref(r);
        cols = cols.max(c);
        rows = rows.max(rw);
    };
    if let Some(d) = s.find("<dimension") {
        if let Some(v) = attr(&s[d..], "ref") {
            for part in v.split(':') {
                see(part);
            }
        }
    }
    let mut rest: &str = &s;
    while let Some(p) = rest.find('<') {
        rest = &rest[p + 1..];
        let tag_end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..tag_end];
        if let Some(t) = tag.strip_prefix("row ") {
            if let Some(r) = attr(t, "r") {
                see(&format!("A{r}"));
            }
        } else if let Some(t) = tag.strip_prefix("c ") {
            if let Some(r) = attr(t, "r") {
                see(r);
            }
            let is_shared = attr(t, "t") == Some("s");
            let body = &rest[tag_end.min(rest.len())..];
            let body = &body[..body.find("</c>").unwrap_or(0)];
            if let (Some(v0), Some(v1)) = (body.find("<v>"), body.find("</v>")) {
                let v = body.get(v0 + 3..v1).unwrap_or("");
                text += if is_shared {
                    v.trim().parse::<usize>().ok().and_then(|k| shared.get(k)).copied().unwrap_or(0) as u64
                } else {
                    v.len() as u64
                };
            }
        }
        rest = &rest[tag_end.min(rest.len())..];
    }
    (rows, cols, text)
}

/// The value of attribute `name` in the text of a tag.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(p) = tag[from..].find(name) {
        let at = from + p;
        let before_ok = at == 0 || tag.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = &tag[at + name.len()..];
        if before_ok {
            if let Some(v) = rest.strip_prefix("=\"") {
                return v.split('"').next();
            }
        }
        from = at + name.len();
    }
    None
}

/// (column, row), 1-based, of a reference such as `XFD1048576` (absurd parts saturate).
fn cell_ref(r: &str) -> (u64, u64) {
    let r = r.trim().trim_start_matches('$');
    let letters: String = r.chars().take_while(char::is_ascii_alphabetic).collect();
    let digits: String = r[letters.len()..].chars().filter(char::is_ascii_digit).collect();
    let col = letters
        .chars()
        .fold(0u64, |acc, c| acc.saturating_mul(26).saturating_add(u64::from(c.to_ascii_uppercase() as u8 - b'A' + 1)));
    (col, digits.parse().unwrap_or(if digits.is_empty() { 0 } else { u64::MAX }))
}

fn read_xlsx_inner(bytes: &[u8]) -> Result<Table, InputError> {
    use calamine::{Data, Reader};
    check_xlsx_limits(bytes)?;
    let mut wb = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| InputError::Xlsx(e.to_string()))?;
    let names = wb.sheet_names();
    // The data sheet: by its name, else the first sheet whose first row has the local_id
    // column (an instruction sheet in front is common), else the first sheet.
    let looks_like_data = |wb: &mut calamine::Sheets<_>, n: &str| -> bool {
        wb.worksheet_range(n).ok().is_some_and(|r| {
            r.rows().find(|row| row.iter().any(|c| !matches!(c, Data::Empty))).is_some_and(|row| {
                row.iter().any(|c| {
                    let t = c.to_string().to_lowercase();
                    t.contains("local_id") || t.contains("ärende-id")
                })
            })
        })
    };
    let sheet = match names.iter().find(|n| n.eq_ignore_ascii_case("Uppgifter") || n.eq_ignore_ascii_case("Data")) {
        Some(n) => n.clone(),
        None => names
            .iter()
            .find(|n| looks_like_data(&mut wb, n))
            .or_else(|| names.first())
            .cloned()
            .ok_or(InputError::Empty)?,
    };
    let range = wb.worksheet_range(&sheet).map_err(|e| InputError::Xlsx(e.to_string()))?;
    let first_row = range.start().map(|(r, _)| r as usize).unwrap_or(0);
    let first_col = range.start().map(|(_, c)| c as usize).unwrap_or(0);
    let text = |d: &Data| -> String {
        match d {
            Data::Empty => String::new(),
            Data::String(s) => s.trim().to_string(),
            Data::Int(i) => i.to_string(),
            Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
            Data::Float(f) => f.to_string(),
            Data::Bool(b) => b.to_string(),
            Data::DateTime(dt) => excel_date(dt.as_f64()).unwrap_or_else(|| dt.as_f64().to_string()),
            Data::DateTimeIso(s) => s.chars().take(10).collect(),
            Data::DurationIso(s) => s.clone(),
            Data::Error(e) => format!("#{e:?}"),
        }
    };
    let mut b = Builder::default();
    for (i, r) in range.rows().enumerate() {
        let mut cells: Vec<String> = vec![String::new(); first_col];
        cells.extend(r.iter().map(text));
        b.push(first_row + i + 1, cells);
    }
    b.finish()
}

/// Collects the first non-empty row as the header and the non-empty rows after it.
#[derive(Default)]
struct Builder {
    header: Option<Vec<String>>,
    rows: Vec<Row>,
}

impl Builder {
    fn push(&mut self, number: usize, cells: Vec<String>) {
        if cells.iter().all(String::is_empty) {
            return;
        }
        if self.header.is_none() {
            self.header = Some(cells);
        } else {
            self.rows.push(Row { number, cells });
        }
    }

    fn finish(self) -> Result<Table, InputError> {
        Ok(Table { header: self.header.ok_or(InputError::Empty)?, rows: self.rows })
    }
}

/// An Excel serial date (1900 system) as `YYYY-MM-DD`.
fn excel_date(serial: f64) -> Option<String> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let base = time::Date::from_calendar_date(1899, time::Month::December, 30).ok()?;
    let d = base.checked_add(time::Duration::days(serial.floor() as i64))?;
    Some(format!("{:04}-{:02}-{:02}", d.year(), d.month() as u8, d.day()))
}

/// The text of a CSV file as Excel writes it in Sweden: UTF-8 (with or without BOM), or else
/// Windows-1252 ("CSV (semikolonavgränsad)" in Swedish Excel). A file with NUL or other
/// control characters is not text at all and is refused rather than decoded into garbage.
pub(crate) fn decode_text(bytes: &[u8]) -> Result<std::borrow::Cow<'_, str>, InputError> {
    if let Some(offset) = bytes.iter().position(|&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) {
        return Err(InputError::NotText { offset });
    }
    match std::str::from_utf8(bytes) {
        Ok(t) => Ok(std::borrow::Cow::Borrowed(t)),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            Ok(text)
        }
    }
}

/// Detect the delimiter from the first line: the most frequent of `;`, `,` and tab outside
/// quotes (Excel's "Text (tab-delimited)" is a common choice too). A header row with none of
/// them but another usual separator is refused with a message that says so.
fn detect_delimiter(text: &str) -> Result<u8, InputError> {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let (mut semi, mut comma, mut tab, mut quoted) = (0, 0, 0, false);
    for c in first.chars() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => semi += 1,
            ',' if !quoted => comma += 1,
            '\t' if !quoted => tab += 1,
            _ => {}
        }
    }
    if semi + comma + tab == 0 {
        if let Some(found) = ['|', ':', '#', '^'].into_iter().find(|c| first.matches(*c).count() >= 2) {
            return Err(InputError::Delimiter { found });
        }
    }
    Ok(if tab > semi && tab > comma {
        b'\t'
    } else if semi >= comma && semi > 0 {
        b';'
    } else {
        b','
    })
}

/// Line breaks in bytes: `\r\n`, `\n`, or a lone `\r` (classic Mac) each count once.
fn count_breaks(b: &[u8]) -> usize {
    b.iter().enumerate().filter(|(i, &c)| c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n'))).count()
}

/// The row where a quotation mark opens a cell that is never closed, if any.
fn unclosed_quote(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let (mut in_quote, mut opened_row, mut row) = (false, 0, 1);
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' if in_quote && b.get(i + 1) == Some(&b'"') => i += 1,
            b'"' => {
                in_quote = !in_quote;
                opened_row = row;
            }
            b'\n' => row += 1,
            b'\r' if b.get(i + 1) != Some(&b'\n') => row += 1,
            _ => {}
        }
        i += 1;
    }
    in_quote.then_some(opened_row)
}

/// Read CSV bytes.
pub fn read_csv(bytes: &[u8]) -> Result<Table, InputError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = decode_text(bytes)?;
    let text = text.as_ref();
    if text.trim().is_empty() {
        return Err(InputError::Empty);
    }
    if let Some(row) = unclosed_quote(text) {
        return Err(InputError::UnclosedQuote { row });
    }
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(detect_delimiter(text)?)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut b = Builder::default();
    // Spreadsheet row of a record: 1 + the line breaks before its first byte (blank lines and
    // line ends skipped), less the line breaks inside earlier cells.
    let bytes = text.as_bytes();
    let (mut prev_end, mut counted_to, mut lines_before, mut breaks_in_cells) = (0usize, 0usize, 0usize, 0usize);
    let mut rec = csv::StringRecord::new();
    loop {
        let more = rdr.read_record(&mut rec).map_err(|e| InputError::Csv {
            row: e.position().map(|p| p.record() as usize + 1).unwrap_or(0),
            what: csv_error_text(&e),
        })?;
        if !more {
            break;
        }
        let mut start = prev_end.min(bytes.len());
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        lines_before += count_breaks(&bytes[counted_to..start]);
        counted_to = start;
        prev_end = rdr.position().byte() as usize;
        let number = 1 + lines_before - breaks_in_cells;
        breaks_in_cells += rec.iter().map(|c| count_breaks(c.as_bytes())).sum::<usize>();
        b.push(number, rec.iter().map(|c| c.trim().to_string()).collect());
    }
    b.finish()
}

fn csv_error_text(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "not UTF-8 text".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn cell_references_and_sheet_extents() {
        assert_eq!(cell_ref("A1"), (1, 1));
        assert_eq!(cell_ref("$AB$12"), (28, 12));
        assert_eq!(cell_ref("XFD1048576"), (16_384, 1_048_576));
        assert_eq!(cell_ref("A99999999999999999999999").1, u64::MAX, "absurd rows saturate");
        let sheet = br#"<worksheet><dimension ref="A1:C3"/><sheetData><row r="2"><c r="B2" t="s"><v>1</v></c><c r="C2"><v>42</v></c></row></sheetData></worksheet>"#;
        assert_eq!(sheet_extent(sheet, &[3, 70_000]), (3, 3, 70_002));
        let shared = br#"<sst><si><t>Olga</t></si><si><r><t xml:space="preserve">Iva</t></r><r><t>nova</t></r></si><si><t/></si></sst>"#;
        assert_eq!(shared_string_lengths(shared), vec![4, 7, 0]);
        assert_eq!(attr(r#"c r="A1" t="s""#, "t"), Some("s"));
        assert_eq!(attr(r#"c cr="Z9" r="A1""#, "r"), Some("A1"), "an attribute ending in the name is not it");
    }

    proptest! {
        #[test]
        fn cell_ref_round_trips(col in 1u64..=16_384, row in 1u64..=1_048_576) {
            let mut letters = String::new();
            let mut c = col;
            while c > 0 {
                let d = (c - 1) % 26;
                letters.insert(0, (b'A' + d as u8) as char);
                c = (c - 1) / 26;
            }
            prop_assert_eq!(cell_ref(&format!("{letters}{row}")), (col, row));
        }
    }

    #[test]
    fn semicolon_bom_crlf_and_empty_rows() {
        let t = read_csv(b"\xEF\xBB\xBFlocal_id;gender\r\nA1;female\r\n;\r\n\r\nA2;\"ma;le\"\r\n").expect("read");
        assert_eq!(t.header, vec!["local_id", "gender"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].number, 2);
        assert_eq!(t.rows[1].number, 5);
        assert_eq!(t.rows[1].cells[1], "ma;le");
    }

    #[test]
    fn rows_count_like_a_spreadsheet_with_multiline_cells() {
        let t = read_csv(b"local_id,note\nA1,\"two\nlines\"\nA2,x\n").expect("read");
        assert_eq!(t.rows[0].number, 2);
        assert_eq!(t.rows[1].number, 3);
    }

    #[test]
    fn comma_delimited() {
        let t = read_csv(b"local_id,citizenship\nA1,\"SE;NG\"\n").expect("read");
        assert_eq!(t.rows[0].cells, vec!["A1", "SE;NG"]);
    }

    #[test]
    fn excel_serial_dates() {
        assert_eq!(excel_date(45292.0).as_deref(), Some("2024-01-01"));
        assert_eq!(excel_date(32874.5).as_deref(), Some("1990-01-01"));
        assert_eq!(excel_date(-3.0), None);
        assert!(matches!(read_xlsx(b"not a zip"), Err(InputError::Xlsx(_))));
    }

    #[test]
    fn refusals() {
        assert!(matches!(read_csv(b""), Err(InputError::Empty)));
        assert!(matches!(read_csv(b"  \n "), Err(InputError::Empty)));
        // Swedish Excel's "CSV (semikolonavgränsad)" is Windows-1252.
        let t = read_csv(b"ort;namn\r\nK\xf6ping;\xc5sa\r\n").expect("windows-1252");
        assert_eq!(t.rows[0].cells, ["Köping", "Åsa"]);
        assert!(matches!(read_csv(b"a,b\n\x00\x01,1\n"), Err(InputError::NotText { offset: 4 })));
    }

    proptest! {
        #[test]
        fn never_panics_on_arbitrary_bytes(b in proptest::collection::vec(any::<u8>(), 0..400)) {
            let _ = read_csv(&b);
        }

        #[test]
        fn cells_round_trip(cells in proptest::collection::vec("[a-zA-Z0-9 ;,\"åäö]{0,12}", 2..6)) {
            let mut w = csv::WriterBuilder::new().delimiter(b';').from_writer(vec![]);
            let header: Vec<String> = (0..cells.len()).map(|i| format!("c{i}")).collect();
            w.write_record(&header).expect("w");
            w.write_record(&cells).expect("w");
            let bytes = w.into_inner().expect("inner");
            let t = read_csv(&bytes).expect("read");
            let trimmed: Vec<String> = cells.iter().map(|c| c.trim().to_string()).collect();
            if trimmed.iter().all(String::is_empty) {
                prop_assert!(t.rows.is_empty());
            } else {
                prop_assert_eq!(&t.rows[0].cells, &trimmed);
            }
        }
    }

    #[test]
    fn a_workbook_that_makes_calamine_panic_is_an_error_not_a_crash() {
        // Found by fuzzing: a cell reference whose row number overflows inside calamine.
        let bytes = include_bytes!("../../fuzz/regressions/xlsx-calamine-multiply-overflow.xlsx");
        assert!(matches!(read_xlsx(bytes), Err(InputError::Xlsx(_))));
    }
}
