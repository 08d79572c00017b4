//! The annual aggregate: tables over merged individuals, disclosure control, and the outputs
//! (JSON for machines, CSV for spreadsheets; HTML for people is [`crate::html`]).
//!
//! Modules: [`model`] (what `report.json` holds), `specs` (which tables, over whom, with which
//! rows), `cells` (counting a table and labelling its cells), [`disclosure`] (suppression of
//! small and recomputable cells), `csv` (the spreadsheet output). Every title, label and rule
//! text comes from `report.ftl` or the data contract.

mod cells;
mod csv;
pub mod disclosure;
pub mod linkage_sdc;
pub mod model;
mod specs;

use std::collections::{BTreeMap, BTreeSet};

use samla_core::contract::Contract;
use samla_core::Lang;

use crate::i18n;

pub use model::*;

use crate::link::Linkage;
use crate::merge::Individual;
use crate::MemberRecords;
use disclosure::{protect_table, small};
use specs::{Ctx, SUBPOPULATIONS};

/// The disclosure rule as `report.json` states it (English in `rule`, Swedish in `rule_sv`).
fn disclosure_statement(applied: bool, suppressed_cells: usize) -> Disclosure {
    let id = if applied { "disclosure-rule" } else { "disclosure-none" };
    Disclosure { applied, rule: i18n::text(Lang::En, id), rule_sv: i18n::text(Lang::Sv, id), suppressed_cells }
}

/// Build the internal (unprotected) aggregate.
pub fn build(
    year: i32,
    schema_version: &str,
    members: &[MemberRecords],
    linkage: &Linkage,
    inds: &[Individual],
) -> Aggregate {
    let contract = Contract::version(schema_version)
        .or_else(|_| Contract::version(samla_core::SCHEMA_VERSION))
        .expect("the build's own contract version is embedded");
    let ctx = Ctx { contract, year };
    let mut tables = BTreeMap::new();
    let mut order = Vec::new();
    // Each population once (a national year has a million individuals and thirty tables).
    let mut pops: std::collections::HashMap<specs::Population, Vec<&Individual>> = Default::default();
    for spec in specs::tables(contract) {
        let pop = pops
            .entry(spec.population)
            .or_insert_with(|| inds.iter().filter(|i| spec.population.includes(i)).collect());
        let mut t = cells::count(&ctx, &spec, pop);
        match spec.key.as_str() {
            "distinct_nationalities" => distinct_nationalities(&mut t, inds),
            "civil_society_interventions" => count_interventions(&mut t, pop),
            _ => {}
        }
        order.push(spec.key.clone());
        tables.insert(spec.key, t);
    }
    let completeness = data_completeness(&order, &tables, inds.len() as u64);
    order.push("data_completeness".into());
    tables.insert("data_completeness".into(), completeness);

    let mut conflicts_by_field: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_members: BTreeMap<String, usize> = BTreeMap::new();
    for i in inds {
        for c in &i.conflicts {
            *conflicts_by_field.entry(c.clone()).or_insert(0) += 1;
        }
        let k = if i.members >= 4 { "4+".to_string() } else { i.members.to_string() };
        *by_members.entry(k).or_insert(0) += 1;
    }
    let direct = inds.iter().filter(|i| i.is_direct()).count();
    let multi = inds.iter().filter(|i| i.members > 1).count();
    let (lo, hi) = linkage.ranges.multi_member.around(multi);
    let by_members_range: BTreeMap<String, [usize; 2]> = by_members
        .iter()
        .map(|(k, &v)| {
            let b = k.trim_end_matches('+').parse::<usize>().unwrap_or(4).clamp(1, 4) - 1;
            let (lo, hi) = linkage.ranges.by_members[b].around(v);
            (k.clone(), [lo, hi])
        })
        .collect();
    let totals = Totals {
        persons: inds.len(),
        direct: Some(direct),
        indirect: Some(inds.len() - direct),
        raw_sum: members.iter().map(|m| m.records.len()).sum(),
        multi_member_persons: Some(multi),
        multi_member_range: Some([lo, hi]),
        persons_lower: linkage.persons_lower,
        persons_upper: linkage.persons_upper,
        members_reporting: members.iter().filter(|m| !m.records.is_empty()).count(),
    };
    Aggregate {
        left_out: Vec::new(),
        year,
        schema_version: contract.version.clone(),
        internal: true,
        notice: Some(i18n::text(Lang::En, "internal-notice")),
        totals,
        tables,
        table_order: order,
        linkage: LinkageQuality {
            links_by_kind: linkage.links_by_kind.clone(),
            refused_same_member: Some(linkage.refused_same_member),
            refused_id_conflict: Some(linkage.refused_id_conflict),
            conflicts_by_field,
            persons_by_member_count: by_members,
            persons_by_member_count_range: by_members_range,
            bounds_method: i18n::text(Lang::En, "linkage-bounds-method"),
            uncertain_by_evidence: linkage.uncertain_by_evidence.clone(),
            records_name_only: Some(linkage.records_name_only),
            records_year_only: Some(linkage.records_year_only),
        },
        disclosure_control: disclosure_statement(false, 0),
        previous: None,
    }
}

/// Hide a table's population size, answered, missing and percentages (its counts stay): 1 when
/// something was hidden.
fn hide_population_size(t: &mut Table) -> usize {
    if t.population_size.is_none() {
        return 0;
    }
    t.population_size = None;
    t.answered = None;
    t.missing = None;
    for r in &mut t.rows {
        r.percent = None;
    }
    1
}

/// The number of distinct citizenships among the directly exploited and among all (not a
/// count of people: no percentages).
fn distinct_nationalities(t: &mut Table, inds: &[Individual]) {
    let distinct = |direct_only: bool| -> u64 {
        inds.iter()
            .filter(|i| !direct_only || i.is_direct())
            .filter_map(|i| i.values("citizenship"))
            .flatten()
            .filter(|c| *c != "stateless")
            .collect::<BTreeSet<_>>()
            .len() as u64
    };
    let answered = inds.iter().filter(|i| i.values("citizenship").is_some()).count() as u64;
    t.answered = Some(answered);
    t.missing = t.population_size.map(|s| s - answered);
    for r in &mut t.rows {
        r.count = Some(distinct(r.key == "direct"));
        r.percent = None;
    }
}

/// Interventions are counted, not people: each row is the sum of the members' numbers, and
/// its percentage is of all interventions.
fn count_interventions(t: &mut Table, pop: &[&Individual]) {
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    for i in pop {
        for (k, n) in &i.interventions {
            *counts.entry(k.clone()).or_insert(0) += *n as u64;
        }
    }
    let total: u64 = counts.values().sum();
    for r in &mut t.rows {
        let c = counts.get(&r.key).copied().unwrap_or(0);
        r.count = Some(c);
        r.percent = cells::percent(c, total);
    }
}

/// Table 12: the share answered of every table, over that table's population.
fn data_completeness(order: &[String], tables: &BTreeMap<String, Table>, persons: u64) -> Table {
    let rows = order
        .iter()
        .filter_map(|k| tables.get(k).map(|t| (k, t)))
        .map(|(k, t)| {
            let answered = t.answered.unwrap_or(0);
            Cell {
                key: k.clone(),
                label_sv: t.title_sv.clone(),
                label_en: t.title_en.clone(),
                count: Some(answered),
                percent: cells::percent(answered, t.population_size.unwrap_or(0)),
                suppressed: false,
            }
        })
        .collect();
    Table {
        title_sv: i18n::text(Lang::Sv, "table-data_completeness"),
        title_en: i18n::text(Lang::En, "table-data_completeness"),
        population: "per_table".into(),
        population_size: Some(persons),
        answered: Some(persons),
        missing: Some(0),
        multi_valued: true,
        rows,
        cross: None,
    }
}

impl Aggregate {
    /// The publishable version: disclosure control applied.
    pub fn publishable(&self) -> Aggregate {
        let mut a = self.clone();
        a.internal = false;
        a.notice = None;
        // The totals and the linkage section, with the equations that tie them to the headline
        // figures (linkage_sdc).
        let mut n = linkage_sdc::protect(&mut a);
        // A hidden number of direct or indirect people would come back as `persons − size` from
        // a table over the direct (or indirect) population: those tables keep their counts but
        // not their population's size, answered, missing or percentages.
        if a.totals.direct.is_none() || a.totals.indirect.is_none() {
            for t in a.tables.values_mut().filter(|t| t.population == "direct" || t.population == "indirect") {
                n += hide_population_size(t);
            }
        }
        for key in &a.table_order {
            if key == "data_completeness" {
                continue;
            }
            if let Some(t) = a.tables.get_mut(key) {
                n += protect_table(t);
            }
        }
        // A table over a sub-population whose defining cell is hidden elsewhere would give that
        // cell away in its population size: hide the size, answered and missing.
        for (table, (source, row)) in SUBPOPULATIONS {
            let hidden = a.tables.get(*source).is_some_and(|t| t.rows.iter().any(|r| r.key == *row && r.suppressed));
            if let Some(t) = a.tables.get_mut(*table).filter(|_| hidden) {
                n += hide_population_size(t);
            }
        }
        // Completeness repeats each table's answered count: it goes where that count went.
        let gone: Vec<String> = a.tables.iter().filter(|(_, t)| t.answered.is_none()).map(|(k, _)| k.clone()).collect();
        if let Some(t) = a.tables.get_mut("data_completeness") {
            for r in &mut t.rows {
                if gone.contains(&r.key) || small(r.count) {
                    r.suppressed = true;
                    r.count = None;
                    r.percent = None;
                    n += 1;
                }
            }
        }
        a.disclosure_control = disclosure_statement(true, n);
        a
    }

    /// Read a report.json written by [`Aggregate::to_json`].
    pub fn from_json(text: &str) -> Result<Aggregate, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// Add the previous year's key tables. A publishable report never shows an unprotected
    /// figure: an internal previous aggregate is protected first.
    pub fn set_previous(&mut self, prev: &Aggregate) {
        let prev = if prev.internal && !self.internal { prev.publishable() } else { prev.clone() };
        let tables = KEY_TABLES
            .iter()
            .filter_map(|k| {
                let t = prev.tables.get(*k)?;
                Some((k.to_string(), t.rows.iter().map(|r| (r.key.clone(), r.count)).collect()))
            })
            .collect();
        self.previous = Some(Previous { year: prev.year, totals: prev.totals, tables });
    }

    /// JSON (DESIGN.md §7 shape, extra keys allowed).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }
}
