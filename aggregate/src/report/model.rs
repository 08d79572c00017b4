//! The aggregate's data model: what `report.json` holds (DESIGN.md §7 shape, extra keys
//! allowed). Titles and labels are stored in both languages so the file reads on its own; their
//! text comes from the translation files (`report.ftl`) or from the data contract.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Totals (table 1 of DESIGN.md §6).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Totals {
    pub persons: usize,
    /// `None` when hidden by disclosure control.
    pub direct: Option<usize>,
    pub indirect: Option<usize>,
    pub raw_sum: usize,
    pub multi_member_persons: Option<usize>,
    /// 90 % range of `multi_member_persons` (hidden with it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multi_member_range: Option<[usize; 2]>,
    pub persons_lower: usize,
    pub persons_upper: usize,
    pub members_reporting: usize,
}

/// One cell of a table.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Cell {
    pub key: String,
    pub label_sv: String,
    pub label_en: String,
    pub count: Option<u64>,
    pub percent: Option<f64>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub suppressed: bool,
}

/// One table.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Table {
    pub title_sv: String,
    pub title_en: String,
    /// Who is counted: all, direct, indirect, direct_police_report, direct_labour, …
    pub population: String,
    /// `None` (with `answered` and `missing`) when hidden by disclosure control.
    pub population_size: Option<u64>,
    pub answered: Option<u64>,
    pub missing: Option<u64>,
    /// Whether one person can be in several rows (multi-valued question).
    pub multi_valued: bool,
    pub rows: Vec<Cell>,
    /// For cross tables: the two dimensions in each row key `a|b`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cross: Option<[String; 2]>,
}

/// The linkage-quality section (table 12 of §6).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LinkageQuality {
    pub links_by_kind: BTreeMap<String, usize>,
    /// `None` when hidden by disclosure control (a count of 1 or 2).
    pub refused_same_member: Option<usize>,
    pub refused_id_conflict: Option<usize>,
    pub conflicts_by_field: BTreeMap<String, usize>,
    pub persons_by_member_count: BTreeMap<String, usize>,
    /// 90 % range of each `persons_by_member_count` figure (a key hidden there is hidden here).
    #[serde(default)]
    pub persons_by_member_count_range: BTreeMap<String, [usize; 2]>,
    pub bounds_method: String,
    /// Records whose grouping is uncertain, by what their most uncertain pair rests on
    /// (`name_only`, `year`, `month`, `full_date`, `dates_differ`).
    #[serde(default)]
    pub uncertain_by_evidence: BTreeMap<String, usize>,
    /// Records comparable by name alone (no birth date), and with only a birth year.
    #[serde(default)]
    pub records_name_only: Option<usize>,
    #[serde(default)]
    pub records_year_only: Option<usize>,
}

/// Disclosure-control statement.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Disclosure {
    pub applied: bool,
    pub rule: String,
    pub rule_sv: String,
    pub suppressed_cells: usize,
}

/// The whole aggregate.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Aggregate {
    pub year: i32,
    pub schema_version: String,
    pub internal: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
    pub totals: Totals,
    pub tables: BTreeMap<String, Table>,
    /// Order in which tables are presented.
    pub table_order: Vec<String>,
    pub linkage: LinkageQuality,
    pub disclosure_control: Disclosure,
    /// The previous year's key figures, when given (`--previous`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<Previous>,
    /// Batches received but left out (could not be decrypted, verified or read): their
    /// members' figures are missing from every table.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub left_out: Vec<crate::LeftOut>,
}

/// The key tables of the previous year, as published then (or protected now, if an internal
/// aggregate was given): shown beside this year's with the change.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Previous {
    pub year: i32,
    pub totals: Totals,
    /// Table key → row key → count (`None` = hidden).
    pub tables: BTreeMap<String, BTreeMap<String, Option<u64>>>,
}

/// Tables shown with the previous year beside them.
pub const KEY_TABLES: &[&str] = &[
    "relation",
    "gender",
    "minors_adults",
    "birth_region",
    "exploitation_forms",
    "exploitation_place",
    "identified_by",
    "police_report",
    "legal_status",
    "continuing_cases",
];
