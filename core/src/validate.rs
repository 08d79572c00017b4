//! Validation of a member's file: every problem in the file at once, each naming the row (as a
//! spreadsheet shows it), the column, the value and what is allowed.
//!
//! Each row is turned into a JSON object and checked with the `jsonschema` crate against the
//! year's record schema (`schemas/<version>/record.schema.json`); then the cross-field rules of
//! DESIGN.md §4.2 are checked here.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use fluent_bundle::FluentValue;
use serde_json::{Map, Value};
use time::Date;

use crate::contract::{Contract, Field, Kind};
use crate::input::Table;
use crate::normalize::{self, DateError, NationalIdError, PartialDate};
use crate::{i18n, Lang};

/// What is wrong, independent of language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    UnknownColumn,
    DuplicateColumn,
    MissingColumn,
    CellCount { expected: usize, got: usize },
    NotInCodeList,
    NotAYear,
    YearOutOfRange,
    Date(DateError),
    NationalId(NationalIdError),
    MigrationId,
    Required,
    DuplicateLocalId { first_row: usize },
    TooLong { max: u64 },
    RepeatedCode,
    CombinedExclusive,
    IndirectWithExploitation,
    RelatedToRequired,
    RelatedToUnknown,
    RelatedToNotDirect,
    RelatedToOnDirect,
    OnlyWithPoliceReport,
    ContactAfterYear { year: i32 },
    AgeGroupMismatch { expected: String },
    NoRows,
    Schema(String),
}

/// One problem in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Spreadsheet row number (header = 1); `None` for whole-file problems.
    pub row: Option<usize>,
    pub column: Option<String>,
    pub value: Option<String>,
    pub kind: ProblemKind,
}

/// Context of a validation run.
#[derive(Debug, Clone, Copy)]
pub struct Context<'c> {
    pub contract: &'c Contract,
    pub year: i32,
    pub today: Date,
}

/// A row that passed validation, with identifiers kept apart from what may be sent.
#[derive(Debug, Clone)]
pub struct ValidRow {
    pub row: usize,
    pub local_id: String,
    pub given_name: String,
    pub family_name: String,
    pub birth: Option<PartialDate>,
    pub national_id: Option<String>,
    pub migration_id: Option<String>,
    pub related_to: Option<String>,
    /// Statistical fields only, codes as keys, `unknown` and empty cells left out.
    pub stats: Map<String, Value>,
}

impl Drop for ValidRow {
    /// Identifying values are wiped from memory when the row is dropped.
    fn drop(&mut self) {
        use zeroize::Zeroize;
        self.local_id.zeroize();
        self.given_name.zeroize();
        self.family_name.zeroize();
        if let Some(n) = self.national_id.as_mut() {
            n.zeroize();
        }
        if let Some(n) = self.migration_id.as_mut() {
            n.zeroize();
        }
        if let Some(n) = self.related_to.as_mut() {
            n.zeroize();
        }
    }
}

/// Validate a whole table. `Ok` only when there is no problem at all.
pub fn validate(table: &Table, ctx: &Context<'_>) -> Result<Vec<ValidRow>, Vec<Problem>> {
    let mut problems = Vec::new();
    let columns = header_columns(table, ctx.contract, &mut problems);
    if problems.iter().any(|p| p.kind == ProblemKind::MissingColumn) {
        return Err(problems);
    }
    let objects = schema_checked_rows(table, &columns, ctx.contract, &mut problems);
    let relation_of = first_rows(&objects, &mut problems);
    let mut valid = Vec::new();
    for (row, obj) in &objects {
        let before = problems.len();
        let facts = cross_field_rules(*row, obj, &relation_of, ctx, &mut problems);
        if problems.len() == before && !problems.iter().any(|q| q.row == Some(*row)) {
            valid.push(valid_row(*row, obj, facts, ctx.contract));
        }
    }
    if problems.is_empty() {
        Ok(valid)
    } else {
        problems.sort_by_key(|p| (p.row.unwrap_or(0), p.column.clone()));
        problems.dedup();
        Err(problems)
    }
}

/// Phase 1: the header's columns as contract fields (by key, by either label, or by the
/// template's "Label (key)"); unknown and repeated columns are problems and are ignored.
fn header_columns<'c>(table: &Table, c: &'c Contract, problems: &mut Vec<Problem>) -> Vec<Option<&'c Field>> {
    let header_problem = |column: &str, kind| Problem { row: Some(1), column: Some(column.into()), value: None, kind };
    let mut columns: Vec<Option<&Field>> = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for name in &table.header {
        // "Kön (gender)" as the XLSX template writes it → "gender".
        let key = match name.trim().rsplit_once('(') {
            Some((_, k)) if k.ends_with(')') && c.field(k.trim_end_matches(')').trim()).is_some() => {
                k.trim_end_matches(')').trim()
            }
            _ => name.trim(),
        };
        let field = c.fields.iter().find(|f| {
            f.key == key
                || f.key.eq_ignore_ascii_case(key)
                || f.label.sv.to_lowercase() == key.to_lowercase()
                || f.label.en.to_lowercase() == key.to_lowercase()
        });
        match field {
            None if key.is_empty() => columns.push(None),
            None => {
                problems.push(header_problem(key, ProblemKind::UnknownColumn));
                columns.push(None);
            }
            Some(f) if seen.insert(&f.key, 1).is_some() => {
                problems.push(header_problem(&f.key, ProblemKind::DuplicateColumn));
                columns.push(None);
            }
            Some(f) => columns.push(Some(f)),
        }
    }
    if !seen.contains_key("local_id") {
        problems.push(header_problem("local_id", ProblemKind::MissingColumn));
    }
    if table.rows.is_empty() {
        problems.push(Problem { row: None, column: None, value: None, kind: ProblemKind::NoRows });
    }
    columns
}

/// Phase 2: each row as a JSON object of its filled cells, checked against the year's JSON
/// Schema (cells beyond the header are a problem when not empty).
fn schema_checked_rows(
    table: &Table,
    columns: &[Option<&Field>],
    c: &Contract,
    problems: &mut Vec<Problem>,
) -> Vec<(usize, Map<String, Value>)> {
    let mut objects = Vec::new();
    for row in &table.rows {
        if row.cells.len() > table.header.len() && row.cells[table.header.len()..].iter().any(|c| !c.is_empty()) {
            problems.push(Problem {
                row: Some(row.number),
                column: None,
                value: None,
                kind: ProblemKind::CellCount { expected: table.header.len(), got: row.cells.len() },
            });
        }
        let mut obj = Map::new();
        for (cell, field) in row.cells.iter().zip(columns) {
            let (Some(f), false) = (field, cell.is_empty()) else {
                continue;
            };
            obj.insert(f.key.clone(), cell_value(f, cell));
        }
        for err in c.record_validator.iter_errors(&Value::Object(obj.clone())) {
            problems.push(schema_problem(row.number, &err));
        }
        objects.push((row.number, obj));
    }
    objects
}

/// Phase 3: each own case id once (a repeat is a problem); returns each id's relation, for
/// the `related_to` rules.
fn first_rows(objects: &[(usize, Map<String, Value>)], problems: &mut Vec<Problem>) -> HashMap<String, String> {
    let mut first_row: HashMap<String, usize> = HashMap::new();
    let mut relation_of: HashMap<String, String> = HashMap::new();
    for (row, obj) in objects {
        let Some(id) = obj.get("local_id").and_then(Value::as_str) else { continue };
        if let Some(first) = first_row.get(id) {
            problems.push(Problem {
                row: Some(*row),
                column: Some("local_id".into()),
                value: Some(id.into()),
                kind: ProblemKind::DuplicateLocalId { first_row: *first },
            });
        } else {
            first_row.insert(id.to_string(), *row);
            relation_of.insert(id.to_string(), relation(obj).to_string());
        }
    }
    relation_of
}

/// What the cross-field rules parsed from a row, for building it.
struct RowFacts {
    birth: Option<PartialDate>,
    national_id: Option<String>,
    migration_id: Option<String>,
    /// The date the age group refers to.
    at: Date,
}

/// Phase 4: the rules between fields of one row (exclusive codes, indirect persons and whom
/// they are related to, police report, contact year, dates, age group, identifiers).
fn cross_field_rules(
    row: usize,
    obj: &Map<String, Value>,
    relation_of: &HashMap<String, String>,
    ctx: &Context<'_>,
    problems: &mut Vec<Problem>,
) -> RowFacts {
    let c = ctx.contract;
    let mut p = |column: &str, value: Option<&str>, kind| {
        problems.push(Problem { row: Some(row), column: Some(column.into()), value: value.map(str::to_string), kind })
    };
    let s = |k: &str| obj.get(k).and_then(Value::as_str).map(str::trim);
    let direct = relation(obj) == "direct";
    // Exclusive codes.
    for f in c.fields.iter().filter(|f| f.kind == Kind::Many) {
        if let Some(Value::Array(a)) = obj.get(&f.key) {
            for excl in ["none", "unknown"] {
                if a.len() > 1 && a.iter().any(|v| v == excl) {
                    p(&f.key, Some(&join(a)), ProblemKind::CombinedExclusive);
                }
            }
        }
    }
    if !direct {
        for k in ["exploitation_forms", "labour_sector", "exploitation_countries"] {
            if obj.contains_key(k) {
                p(k, Some(&display(&obj[k])), ProblemKind::IndirectWithExploitation);
            }
        }
        match s("related_to") {
            None => p("related_to", None, ProblemKind::RelatedToRequired),
            Some(r) => match relation_of.get(r) {
                None => p("related_to", Some(r), ProblemKind::RelatedToUnknown),
                Some(k) if k != "direct" => p("related_to", Some(r), ProblemKind::RelatedToNotDirect),
                _ => {}
            },
        }
    } else if let Some(r) = s("related_to") {
        p("related_to", Some(r), ProblemKind::RelatedToOnDirect);
    }
    if s("police_report") != Some("yes") {
        for k in ["reported_crimes", "legal_status"] {
            if obj.contains_key(k) {
                p(k, Some(&display(&obj[k])), ProblemKind::OnlyWithPoliceReport);
            }
        }
    }
    let contact = obj.get("contact_start_year").and_then(Value::as_i64).map(|y| y as i32);
    if let Some(y) = contact.filter(|y| *y > ctx.year) {
        p("contact_start_year", Some(&y.to_string()), ProblemKind::ContactAfterYear { year: ctx.year });
    }
    let mut birth = None;
    if let Some(b) = s("birth_date") {
        match PartialDate::parse(b, ctx.today) {
            Ok(d) => birth = Some(d),
            // A format error is already reported by the schema's pattern.
            Err(DateError::Format) => {}
            Err(e) => p("birth_date", Some(b), ProblemKind::Date(e)),
        }
    }
    let at = normalize::age_reference_date(ctx.year, contact);
    if let (Some(d), Some(g)) = (birth, s("age_group")) {
        let possible = normalize::possible_age_groups(&d, at);
        if g != "unknown" && !possible.contains(g) {
            let expected = normalize::derived_age_group(&d, at).to_string();
            p("age_group", Some(g), ProblemKind::AgeGroupMismatch { expected });
        }
    }
    let mut national_id = None;
    if let Some(n) = s("national_id") {
        match normalize::national_id(n, ctx.today) {
            Ok(v) => national_id = Some(v),
            Err(NationalIdError::Format) => {} // reported by the schema pattern
            Err(e) => p("national_id", Some(n), ProblemKind::NationalId(e)),
        }
    }
    let mut migration_id = None;
    if let Some(v) = s("migration_id") {
        match normalize::migration_id(v) {
            Some(n) => migration_id = Some(n),
            None if v.starts_with(|c: char| c.is_ascii_digit()) => p("migration_id", Some(v), ProblemKind::MigrationId),
            None => {} // reported by the schema pattern
        }
    }
    RowFacts { birth, national_id, migration_id, at }
}

/// Phase 5: a row without problems as what the client keeps: identifiers for the keys, the
/// statistical fields (`unknown` dropped, relation defaulted, age group derived from a date).
fn valid_row(row: usize, obj: &Map<String, Value>, facts: RowFacts, c: &Contract) -> ValidRow {
    let s = |k: &str| obj.get(k).and_then(Value::as_str).map(str::trim);
    let mut stats = Map::new();
    for f in c.statistical_fields() {
        let Some(v) = obj.get(&f.key) else { continue };
        match v {
            Value::String(x) if x == "unknown" => {}
            Value::Array(a) if a.iter().all(|x| x == "unknown") => {}
            other => {
                stats.insert(f.key.clone(), other.clone());
            }
        }
    }
    stats.entry("relation").or_insert_with(|| Value::String("direct".into()));
    if let Some(d) = facts.birth {
        stats.insert("age_group".into(), Value::String(normalize::derived_age_group(&d, facts.at).into()));
    }
    ValidRow {
        row,
        local_id: s("local_id").unwrap_or_default().to_string(),
        given_name: s("given_name").unwrap_or_default().to_string(),
        family_name: s("family_name").unwrap_or_default().to_string(),
        birth: facts.birth,
        national_id: facts.national_id,
        migration_id: facts.migration_id,
        related_to: s("related_to").map(str::to_string),
        stats,
    }
}

fn relation(obj: &Map<String, Value>) -> &str {
    obj.get("relation").and_then(Value::as_str).unwrap_or("direct")
}

/// Map a code given as key (any case) or as its Swedish/English label to the key.
fn code_of(f: &Field, cell: &str) -> Option<String> {
    let cell = cell.trim();
    f.codes
        .iter()
        .find(|(k, l)| {
            k == cell
                || k.eq_ignore_ascii_case(cell)
                || l.sv.to_lowercase() == cell.to_lowercase()
                || l.en.to_lowercase() == cell.to_lowercase()
        })
        .map(|(k, _)| k.clone())
}

fn cell_value(f: &Field, cell: &str) -> Value {
    match f.kind {
        Kind::Identifying => Value::String(cell.to_string()),
        Kind::One => Value::String(code_of(f, cell).unwrap_or_else(|| cell.to_string())),
        Kind::Many => Value::Array(
            cell.split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| Value::String(code_of(f, s).unwrap_or_else(|| s.to_string())))
                .collect(),
        ),
        Kind::Year => match cell.parse::<i64>() {
            Ok(y) if cell.len() == 4 => Value::from(y),
            _ => Value::String(cell.to_string()),
        },
    }
}

fn join(a: &[Value]) -> String {
    a.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(";")
}

fn display(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(a) => join(a),
        other => other.to_string(),
    }
}

fn schema_problem(row: usize, err: &jsonschema::ValidationError<'_>) -> Problem {
    use jsonschema::error::ValidationErrorKind as K;
    let path = err.instance_path().to_string();
    let column = path.trim_start_matches('/').split('/').next().unwrap_or("").to_string();
    let value = match err.instance().as_ref() {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(a) => Some(join(a)),
        _ => None,
    };
    let kind = match err.kind() {
        K::Enum { .. } => ProblemKind::NotInCodeList,
        K::Type { .. } if column == "contact_start_year" => ProblemKind::NotAYear,
        K::Minimum { .. } | K::Maximum { .. } => ProblemKind::YearOutOfRange,
        K::Pattern { .. } if column == "birth_date" => ProblemKind::Date(DateError::Format),
        K::Pattern { .. } if column == "national_id" && value.as_deref().is_some_and(normalize::excel_scientific) => {
            ProblemKind::NationalId(NationalIdError::ExcelNumber)
        }
        K::Pattern { .. } if column == "national_id" => ProblemKind::NationalId(NationalIdError::Format),
        K::Pattern { .. } if column == "migration_id" => ProblemKind::MigrationId,
        K::MaxLength { limit } => ProblemKind::TooLong { max: *limit },
        K::UniqueItems => ProblemKind::RepeatedCode,
        K::Required { .. } | K::MinLength { .. } => {
            return Problem {
                row: Some(row),
                column: Some("local_id".into()),
                value: None,
                kind: ProblemKind::Required,
            }
        }
        _ => ProblemKind::Schema(err.to_string()),
    };
    Problem { row: Some(row), column: Some(column), value, kind }
}

/// Text of what a column allows.
pub(crate) fn allowed_text(f: &Field, lang: Lang) -> String {
    match f.key.as_str() {
        "birth_country" | "citizenship" => i18n::text(lang, "allowed-countries-stateless"),
        "exploitation_countries" => i18n::text(lang, "allowed-countries"),
        _ => f.codes.iter().map(|(k, l)| format!("{k} ({})", l.get(lang))).collect::<Vec<_>>().join(", "),
    }
}

impl Problem {
    /// The message in the given language, with a suggestion for a value close to a code of the
    /// list ("Rumänien" in a country column: "did you mean RO?").
    pub fn message(&self, lang: Lang, field: Option<&Field>) -> String {
        let text = self.kind.message(lang, field);
        let (ProblemKind::NotInCodeList, Some(f), Some(v)) = (&self.kind, field, &self.value) else { return text };
        let guesses: Vec<String> = v
            .split([';', ','])
            .map(str::trim)
            .filter(|part| !part.is_empty() && !f.codes.iter().any(|(k, _)| k == part))
            .filter_map(|part| f.suggest(part))
            .map(|code| match f.code_label(code, lang) {
                Some(l) if l != code => format!("{code} ({l})"),
                _ => code.to_string(),
            })
            .collect();
        if guesses.is_empty() {
            return text;
        }
        format!("{text}. {}", i18n::msg(lang, "problem-did-you-mean", &[("codes", guesses.join(", ").into())]))
    }
}

impl ProblemKind {
    /// The message in the given language (Fluent, `core/i18n/*/samla.ftl`); `field` is the
    /// column's definition when known.
    pub fn message(&self, lang: Lang, field: Option<&Field>) -> String {
        use ProblemKind as P;
        let m = |id: &str| i18n::text(lang, id);
        let a = |id: &str, args: &[(&str, FluentValue<'_>)]| i18n::msg(lang, id, args);
        match self {
            P::UnknownColumn => m("problem-unknown-column"),
            P::DuplicateColumn => m("problem-duplicate-column"),
            P::MissingColumn => m("problem-missing-column"),
            P::CellCount { expected, got } => {
                a("problem-cell-count", &[("got", i18n::n(*got)), ("expected", i18n::n(*expected))])
            }
            P::NotInCodeList => {
                let allowed = field.map(|f| allowed_text(f, lang)).unwrap_or_default();
                a("problem-not-in-code-list", &[("allowed", allowed.into())])
            }
            P::NotAYear => m("problem-not-a-year"),
            P::YearOutOfRange => m("problem-year-out-of-range"),
            P::Date(DateError::Format) => m("problem-date-format"),
            P::Date(DateError::NotReal) => m("problem-date-not-real"),
            P::Date(DateError::Future) => m("problem-date-future"),
            P::Date(DateError::TooOld) => m("problem-date-too-old"),
            P::NationalId(NationalIdError::Format) => m("problem-national-id-format"),
            P::NationalId(NationalIdError::Date) => m("problem-national-id-date"),
            P::NationalId(NationalIdError::CheckDigit) => m("problem-national-id-check-digit"),
            P::NationalId(NationalIdError::ExcelNumber) => m("problem-national-id-excel"),
            P::MigrationId => m("problem-migration-id"),
            P::Required => m("problem-required"),
            P::DuplicateLocalId { first_row } => a("problem-duplicate-local-id", &[("first_row", i18n::n(*first_row))]),
            P::TooLong { max } => a("problem-too-long", &[("max", i18n::n(*max as usize))]),
            P::RepeatedCode => m("problem-repeated-code"),
            P::CombinedExclusive => m("problem-combined-exclusive"),
            P::IndirectWithExploitation => m("problem-indirect-with-exploitation"),
            P::RelatedToRequired => m("problem-related-to-required"),
            P::RelatedToUnknown => m("problem-related-to-unknown"),
            P::RelatedToNotDirect => m("problem-related-to-not-direct"),
            P::RelatedToOnDirect => m("problem-related-to-on-direct"),
            P::OnlyWithPoliceReport => m("problem-only-with-police-report"),
            P::ContactAfterYear { year } => a("problem-contact-after-year", &[("year", year.to_string().into())]),
            P::AgeGroupMismatch { expected } => {
                a("problem-age-group-mismatch", &[("expected", expected.clone().into())])
            }
            P::NoRows => m("problem-no-rows"),
            P::Schema(what) => a("problem-schema", &[("what", what.clone().into())]),
        }
    }
}

/// Problems rendered for a person, grouped by row, with a summary line.
pub struct Report<'a> {
    pub file: &'a str,
    pub problems: &'a [Problem],
    pub contract: &'a Contract,
    pub lang: Lang,
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lang = self.lang;
        let mut by_row: BTreeMap<usize, Vec<&Problem>> = BTreeMap::new();
        for p in self.problems {
            by_row.entry(p.row.unwrap_or(0)).or_default().push(p);
        }
        for (row, ps) in &by_row {
            if *row == 0 {
                writeln!(f, "{}:", self.file)?;
            } else {
                writeln!(
                    f,
                    "{}",
                    i18n::msg(lang, "report-row", &[("file", self.file.into()), ("row", i18n::n(*row))])
                )?;
            }
            for p in ps {
                let field = p.column.as_deref().and_then(|k| self.contract.field(k));
                let col = match (field, &p.column) {
                    (Some(fd), _) => format!("{} ({})", fd.key, fd.label.get(lang)),
                    (None, Some(c)) => c.clone(),
                    (None, None) => String::new(),
                };
                let mut line = String::from("  - ");
                if !col.is_empty() {
                    line.push_str(&format!("{} {col}", i18n::text(lang, "report-column")));
                }
                if let Some(v) = &p.value {
                    line.push_str(&format!(", {} \"{}\"", i18n::text(lang, "report-value"), shorten(v)));
                }
                if line.len() > 4 {
                    line.push_str(": ");
                }
                line.push_str(&p.message(lang, field));
                writeln!(f, "{line}")?;
            }
        }
        let rows = by_row.keys().filter(|r| **r > 1).count();
        write!(
            f,
            "{}",
            i18n::msg(
                lang,
                "report-summary",
                &[("problems", i18n::n(self.problems.len())), ("rows", i18n::n(rows)), ("file", self.file.into())]
            )
        )
    }
}

impl ProblemKind {
    /// A stable, language-independent code for machine-readable output.
    pub fn code(&self) -> &'static str {
        match self {
            ProblemKind::UnknownColumn => "unknown_column",
            ProblemKind::DuplicateColumn => "duplicate_column",
            ProblemKind::MissingColumn => "missing_column",
            ProblemKind::CellCount { .. } => "cell_count",
            ProblemKind::NotInCodeList => "not_in_code_list",
            ProblemKind::NotAYear => "not_a_year",
            ProblemKind::YearOutOfRange => "year_out_of_range",
            ProblemKind::Date(_) => "date",
            ProblemKind::NationalId(_) => "national_id",
            ProblemKind::MigrationId => "migration_id",
            ProblemKind::Required => "required",
            ProblemKind::DuplicateLocalId { .. } => "duplicate_local_id",
            ProblemKind::TooLong { .. } => "too_long",
            ProblemKind::RepeatedCode => "repeated_code",
            ProblemKind::CombinedExclusive => "combined_exclusive",
            ProblemKind::IndirectWithExploitation => "indirect_with_exploitation",
            ProblemKind::RelatedToRequired => "related_to_required",
            ProblemKind::RelatedToUnknown => "related_to_unknown",
            ProblemKind::RelatedToNotDirect => "related_to_not_direct",
            ProblemKind::RelatedToOnDirect => "related_to_on_direct",
            ProblemKind::OnlyWithPoliceReport => "only_with_police_report",
            ProblemKind::ContactAfterYear { .. } => "contact_after_year",
            ProblemKind::AgeGroupMismatch { .. } => "age_group_mismatch",
            ProblemKind::NoRows => "no_rows",
            ProblemKind::Schema(_) => "schema",
        }
    }
}

impl Report<'_> {
    /// The same problems as machine-readable JSON (`samla validate --json`): each with its row
    /// (header = 1), column key and label, value, a stable code and the message.
    pub fn to_json(&self) -> serde_json::Value {
        let problems: Vec<serde_json::Value> = self
            .problems
            .iter()
            .map(|p| {
                let field = p.column.as_deref().and_then(|k| self.contract.field(k));
                serde_json::json!({
                    "row": p.row,
                    "column": p.column,
                    "column_label": field.map(|f| f.label.get(self.lang).to_string()),
                    "value": p.value,
                    "code": p.kind.code(),
                    "message": p.message(self.lang, field),
                })
            })
            .collect();
        let rows: std::collections::BTreeSet<usize> = self.problems.iter().filter_map(|p| p.row).collect();
        serde_json::json!({
            "file": self.file,
            "valid": false,
            "problems": problems,
            "problem_count": self.problems.len(),
            "rows_with_problems": rows.len(),
            "sent": false,
        })
    }
}

fn shorten(v: &str) -> String {
    if v.chars().count() > 60 {
        format!("{}…", v.chars().take(57).collect::<String>())
    } else {
        v.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::read_csv;
    use proptest::prelude::*;
    use time::macros::date;

    fn ctx() -> Context<'static> {
        Context { contract: Contract::for_year(2024).expect("c"), year: 2024, today: date!(2025 - 02 - 01) }
    }

    fn run(csv: &str) -> Result<Vec<ValidRow>, Vec<Problem>> {
        validate(&read_csv(csv.as_bytes()).expect("csv"), &ctx())
    }

    fn kinds(csv: &str) -> Vec<(Option<usize>, Option<String>, ProblemKind)> {
        run(csv).expect_err("should fail").into_iter().map(|p| (p.row, p.column, p.kind)).collect()
    }

    #[test]
    fn a_good_file_validates_and_separates_identifiers() {
        let rows = run("local_id;given_name;family_name;birth_date;gender;citizenship;exploitation_forms;police_report;legal_status;contact_start_year\n\
                        A1;Olga;Ivanova;1990-03-04;Kvinna/flicka;UA;sexual;yes;investigation_ongoing;2023\n\
                        A2;;;;male;unknown;labour;;;\n")
            .expect("valid");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].given_name, "Olga");
        assert_eq!(rows[0].stats["gender"], "female");
        assert_eq!(rows[0].stats["age_group"], "27-38");
        assert_eq!(rows[0].stats["relation"], "direct");
        assert!(!rows[0].stats.contains_key("given_name"));
        assert!(!rows[1].stats.contains_key("citizenship"), "unknown is left out");
    }

    #[test]
    fn every_problem_is_reported_with_row_and_column() {
        let k = kinds(
            "local_id;gender;birth_date;citizenship;contact_start_year\n\
                       A1;kvinna;1990-02-30;SE;2026\n\
                       A1;female;2099;XX;20x4\n",
        );
        assert!(k.contains(&(Some(2), Some("gender".into()), ProblemKind::NotInCodeList)));
        assert!(k.contains(&(Some(2), Some("birth_date".into()), ProblemKind::Date(DateError::NotReal))));
        assert!(k.contains(&(
            Some(2),
            Some("contact_start_year".into()),
            ProblemKind::ContactAfterYear { year: 2024 }
        )));
        assert!(k.contains(&(Some(3), Some("local_id".into()), ProblemKind::DuplicateLocalId { first_row: 2 })));
        assert!(k.contains(&(Some(3), Some("birth_date".into()), ProblemKind::Date(DateError::Future))));
        assert!(k.contains(&(Some(3), Some("citizenship".into()), ProblemKind::NotInCodeList)));
        assert!(k.contains(&(Some(3), Some("contact_start_year".into()), ProblemKind::NotAYear)));
    }

    #[test]
    fn cross_field_rules() {
        let k = kinds("local_id;relation;related_to;exploitation_forms;police_report;reported_crimes;social_services_support;age_group;birth_date\n\
                       P1;direct;;sexual;no;rape;none;;\n\
                       C1;indirect_child;P9;sexual;;;;;\n\
                       C2;indirect_child;;;;;;;\n\
                       C3;indirect_child;C1;;;;none;0-8;2000-01-01\n\
                       P2;direct;P1;;;;none;;\n\
                       P3;;;;;;none;other;\n\
                       P4;;;;;;none;unknown;\n");
        assert!(k.contains(&(Some(2), Some("reported_crimes".into()), ProblemKind::OnlyWithPoliceReport)));
        assert!(k.contains(&(Some(3), Some("exploitation_forms".into()), ProblemKind::IndirectWithExploitation)));
        assert!(k.contains(&(Some(3), Some("related_to".into()), ProblemKind::RelatedToUnknown)));
        assert!(k.contains(&(Some(4), Some("related_to".into()), ProblemKind::RelatedToRequired)));
        assert!(k.contains(&(Some(5), Some("related_to".into()), ProblemKind::RelatedToNotDirect)));
        assert!(k.contains(&(
            Some(5),
            Some("age_group".into()),
            ProblemKind::AgeGroupMismatch { expected: "18-26".into() }
        )));
        assert!(k.contains(&(Some(6), Some("related_to".into()), ProblemKind::RelatedToOnDirect)));
        assert!(k.contains(&(Some(7), Some("age_group".into()), ProblemKind::NotInCodeList)));
        let k = kinds("local_id;social_services_support\nP1;none;\nP2;none;psychosocial\n");
        assert!(k.iter().any(|x| x.2 == ProblemKind::CellCount { expected: 1, got: 3 }) || !k.is_empty());
        let k = kinds("local_id;social_services_support\nP1;none;psychosocial\n");
        assert!(k.contains(&(Some(2), None, ProblemKind::CellCount { expected: 2, got: 3 })));
        let k = kinds("local_id;social_services_support\nP1;\"none;psychosocial\"\n");
        assert!(k.contains(&(Some(2), Some("social_services_support".into()), ProblemKind::CombinedExclusive)));
    }

    #[test]
    fn header_problems() {
        let k = kinds("gender;shoe_size\nfemale;42\n");
        assert!(k.contains(&(Some(1), Some("shoe_size".into()), ProblemKind::UnknownColumn)));
        assert!(k.contains(&(Some(1), Some("local_id".into()), ProblemKind::MissingColumn)));
        let k = kinds("local_id;gender\n");
        assert!(k.contains(&(None, None, ProblemKind::NoRows)));
    }

    #[test]
    fn report_names_file_row_column_value_and_allowed() {
        let problems = run("local_id;gender\nA1;kvinna\n").expect_err("invalid");
        let c = ctx().contract;
        let sv = Report { file: "data.csv", problems: &problems, contract: c, lang: Lang::Sv }.to_string();
        assert!(sv.contains("data.csv, rad 2:"), "{sv}");
        assert!(sv.contains("kolumn gender (Kön), värde \"kvinna\""), "{sv}");
        assert!(sv.contains("female (Kvinna/flicka)"), "{sv}");
        assert!(sv.contains("Ingenting har skickats"), "{sv}");
        let en = Report { file: "data.csv", problems: &problems, contract: c, lang: Lang::En }.to_string();
        assert!(en.contains("data.csv, row 2:") && en.contains("female (Woman/girl)"), "{en}");
    }

    proptest! {
        #[test]
        fn validation_never_panics(cells in proptest::collection::vec("\\PC{0,20}", 1..8)) {
            let header = "local_id;gender;birth_date;national_id;citizenship;contact_start_year;relation;related_to";
            let line = cells.iter().map(|c| c.replace(['"', '\n', '\r'], "")).collect::<Vec<_>>().join(";");
            if let Ok(t) = read_csv(format!("{header}\n{line}\n").as_bytes()) {
                let _ = validate(&t, &ctx());
            }
        }

        #[test]
        fn valid_gender_codes_in_any_case_or_label_pass(i in 0usize..3, upper in any::<bool>()) {
            let c = ctx().contract.field("gender").expect("g");
            let (key, label) = &c.codes[i];
            let v = if upper { label.sv.to_uppercase() } else { key.clone() };
            let rows = run(&format!("local_id;gender\nA;{v}\n")).expect("valid");
            prop_assert_eq!(rows[0].stats["gender"].as_str(), Some(key.as_str()));
        }
    }
}
