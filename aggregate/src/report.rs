//! The annual aggregate: tables over merged individuals, disclosure control, and the three
//! outputs (JSON for machines, CSV for spreadsheets, HTML for people).

use std::collections::{BTreeMap, BTreeSet};

use samla_core::contract::{Contract, Kind, Region};
use samla_core::Lang;
use serde::{Deserialize, Serialize};

use crate::disclosure::{protect_table, small, RULE_EN, RULE_SV};
use crate::link::Linkage;
use crate::merge::Individual;
use crate::MemberRecords;

/// Totals (table 1 of DESIGN.md §6).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Totals {
    pub persons: usize,
    /// `None` when hidden by disclosure control.
    pub direct: Option<usize>,
    pub indirect: Option<usize>,
    pub raw_sum: usize,
    pub multi_member_persons: Option<usize>,
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
    pub refused_same_member: usize,
    pub refused_id_conflict: usize,
    pub conflicts_by_field: BTreeMap<String, usize>,
    pub persons_by_member_count: BTreeMap<String, usize>,
    pub bounds_method: String,
    /// Records whose grouping is uncertain, by what their most uncertain pair rests on
    /// (`name_only`, `year`, `month`, `full_date`, `dates_differ`).
    #[serde(default)]
    pub uncertain_by_evidence: BTreeMap<String, usize>,
    /// Records comparable by name alone (no birth date), and with only a birth year.
    #[serde(default)]
    pub records_name_only: usize,
    #[serde(default)]
    pub records_year_only: usize,
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

fn derived_label(key: &str) -> (&'static str, &'static str) {
    match key {
        "minor" => ("Barn (under 18 år)", "Minor (under 18)"),
        "adult" => ("Vuxen (18 år eller äldre)", "Adult (18 or older)"),
        "SE" => ("Sverige", "Sweden"),
        "EU_EEA" => ("Övriga EU/EES", "Other EU/EEA"),
        "THIRD" => ("Tredjeland", "Third country"),
        "stateless" => ("Statslös", "Stateless"),
        "single" => ("En exploateringsform", "One form of exploitation"),
        "multiple" => ("Multipel exploatering", "Multiple exploitation"),
        "sweden_only" => ("Endast i Sverige", "In Sweden only"),
        "abroad_only" => ("Endast utomlands", "Abroad only"),
        "both" => ("Både i Sverige och utomlands", "Both in Sweden and abroad"),
        "continuing" => ("Pågående ärende (kontakt före året)", "Continuing case (contact before the year)"),
        "new" => ("Nytt under året", "New this year"),
        "direct" => ("Direkt utsatta", "Directly exploited"),
        "all" => ("Alla", "All"),
        "any" => ("Något stöd", "Any support"),
        _ => ("", ""),
    }
}

struct Builder<'a> {
    contract: &'a Contract,
    order: Vec<String>,
    tables: BTreeMap<String, Table>,
}

type Pop<'a> = Vec<&'a Individual>;

impl<'a> Builder<'a> {
    fn label(&self, field: Option<&str>, key: &str) -> (String, String) {
        if let Some(f) = field.and_then(|f| self.contract.field(f)) {
            if let Some((_, l)) = f.codes.iter().find(|(k, _)| k == key) {
                return (l.sv.clone(), l.en.clone());
            }
        }
        if let Some((a, b)) = key.split_once('|') {
            let (fa, fb) = match field {
                Some("form_by_gender") => (Some("exploitation_forms"), Some("gender")),
                Some("gender_by_age") => (Some("gender"), None),
                _ => (None, None),
            };
            let (asv, aen) = self.label(fa, a);
            let (bsv, ben) = self.label(fb, b);
            return (format!("{asv} – {bsv}"), format!("{aen} – {ben}"));
        }
        let (sv, en) = derived_label(key);
        if sv.is_empty() {
            (key.to_string(), key.to_string())
        } else {
            (sv.into(), en.into())
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        key: &str,
        title: (&str, &str),
        population: &str,
        pop: &Pop<'_>,
        multi: bool,
        label_field: Option<&str>,
        order: &[String],
        value: impl Fn(&Individual) -> Vec<String>,
    ) {
        let mut counts: BTreeMap<String, u64> = order.iter().map(|k| (k.clone(), 0)).collect();
        let mut answered = 0;
        for ind in pop {
            let vs = value(ind);
            if vs.is_empty() {
                continue;
            }
            answered += 1;
            for v in vs {
                *counts.entry(v).or_insert(0) += 1;
            }
        }
        let mut keys: Vec<String> = order.to_vec();
        keys.extend(counts.keys().filter(|k| !order.contains(k)).cloned());
        let rows = keys
            .into_iter()
            .map(|k| {
                let c = counts.get(&k).copied().unwrap_or(0);
                let (sv, en) = self.label(label_field, &k);
                Cell {
                    percent: (answered > 0).then(|| (c as f64 * 1000.0 / answered as f64).round() / 10.0),
                    key: k,
                    label_sv: sv,
                    label_en: en,
                    count: Some(c),
                    suppressed: false,
                }
            })
            .collect();
        let size = pop.len() as u64;
        self.order.push(key.to_string());
        self.tables.insert(
            key.to_string(),
            Table {
                title_sv: title.0.into(),
                title_en: title.1.into(),
                population: population.into(),
                population_size: Some(size),
                answered: Some(answered),
                missing: Some(size - answered),
                multi_valued: multi,
                rows,
                cross: None,
            },
        );
    }
}

fn is_minor(ind: &Individual) -> Option<bool> {
    ind.get("age_group").map(|g| g == "0-8" || g == "9-17")
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
    let all: Pop<'_> = inds.iter().collect();
    let direct: Pop<'_> = inds.iter().filter(|i| i.is_direct()).collect();
    let indirect: Pop<'_> = inds.iter().filter(|i| !i.is_direct()).collect();
    let mut b = Builder { contract, order: Vec::new(), tables: BTreeMap::new() };
    let codes = |f: &str| -> Vec<String> {
        contract
            .field(f)
            .map(|f| f.codes.iter().map(|(k, _)| k.clone()).filter(|k| k != "unknown").collect())
            .unwrap_or_default()
    };
    let one = |f: &str| {
        let f = f.to_string();
        move |i: &Individual| i.get(&f).map(|v| vec![v.to_string()]).unwrap_or_default()
    };
    let many = |f: &str| {
        let f = f.to_string();
        move |i: &Individual| i.values(&f).map(|s| s.iter().cloned().collect()).unwrap_or_default()
    };

    // 1. Totals by relation.
    b.add(
        "relation",
        ("Relation till exploateringen", "Relation to the exploitation"),
        "all",
        &all,
        false,
        Some("relation"),
        &codes("relation"),
        one("relation"),
    );
    // 2. Direct: gender, age.
    b.add(
        "gender",
        ("Kön (direkt utsatta)", "Gender (directly exploited)"),
        "direct",
        &direct,
        false,
        Some("gender"),
        &codes("gender"),
        one("gender"),
    );
    b.add(
        "age_group",
        ("Åldersgrupp (direkt utsatta)", "Age group (directly exploited)"),
        "direct",
        &direct,
        false,
        Some("age_group"),
        &codes("age_group"),
        one("age_group"),
    );
    b.add(
        "minors_adults",
        ("Barn och vuxna (direkt utsatta)", "Minors and adults (directly exploited)"),
        "direct",
        &direct,
        false,
        None,
        &["minor".into(), "adult".into()],
        |i| is_minor(i).map(|m| vec![if m { "minor" } else { "adult" }.to_string()]).unwrap_or_default(),
    );
    let gba: Vec<String> =
        ["female", "male", "other"].iter().flat_map(|g| ["minor", "adult"].map(|a| format!("{g}|{a}"))).collect();
    b.add(
        "gender_by_age",
        ("Kön och ålder (direkt utsatta)", "Gender by age (directly exploited)"),
        "direct",
        &direct,
        false,
        Some("gender_by_age"),
        &gba,
        |i| match (i.get("gender"), is_minor(i)) {
            (Some(g), Some(m)) => vec![format!("{g}|{}", if m { "minor" } else { "adult" })],
            _ => vec![],
        },
    );
    if let Some(t) = b.tables.get_mut("gender_by_age") {
        t.cross = Some(["gender".into(), "minor_adult".into()]);
    }
    // 3. Origin.
    let region = |i: &Individual| -> Vec<String> {
        match i.get("birth_country") {
            Some("stateless") => vec!["stateless".into()],
            Some(c) => match contract.region(c) {
                Some(Region::Sweden) => vec!["SE".into()],
                Some(Region::EuEea) => vec!["EU_EEA".into()],
                Some(Region::Third) => vec!["THIRD".into()],
                None => vec![],
            },
            None => vec![],
        }
    };
    let regions: Vec<String> = ["SE", "EU_EEA", "THIRD", "stateless"].map(String::from).to_vec();
    b.add(
        "birth_region",
        ("Ursprung (direkt utsatta)", "Origin (directly exploited)"),
        "direct",
        &direct,
        false,
        None,
        &regions,
        region,
    );
    b.add(
        "birth_region_all",
        ("Ursprung (direkt och indirekt utsatta)", "Origin (directly and indirectly affected)"),
        "all",
        &all,
        false,
        None,
        &regions,
        region,
    );
    b.add(
        "birth_country",
        ("Födelseland (direkt utsatta)", "Country of birth (directly exploited)"),
        "direct",
        &direct,
        false,
        Some("birth_country"),
        &[],
        one("birth_country"),
    );
    b.add(
        "birth_country_all",
        ("Födelseland (direkt och indirekt utsatta)", "Country of birth (directly and indirectly affected)"),
        "all",
        &all,
        false,
        Some("birth_country"),
        &[],
        one("birth_country"),
    );
    b.add(
        "citizenship",
        ("Medborgarskap (direkt utsatta)", "Citizenship (directly exploited)"),
        "direct",
        &direct,
        true,
        Some("citizenship"),
        &[],
        many("citizenship"),
    );
    let distinct = |p: &Pop<'_>| -> u64 {
        p.iter()
            .filter_map(|i| i.values("citizenship"))
            .flatten()
            .filter(|c| *c != "stateless")
            .collect::<BTreeSet<_>>()
            .len() as u64
    };
    let (nd, na) = (distinct(&direct), distinct(&all));
    b.add(
        "distinct_nationalities",
        ("Antal olika medborgarskap", "Number of distinct nationalities"),
        "all",
        &all,
        false,
        None,
        &["direct".into(), "all".into()],
        |_| vec![],
    );
    if let Some(t) = b.tables.get_mut("distinct_nationalities") {
        let answered_all = all.iter().filter(|i| i.values("citizenship").is_some()).count() as u64;
        t.answered = Some(answered_all);
        t.missing = t.population_size.map(|s| s - answered_all);
        for r in &mut t.rows {
            r.count = Some(if r.key == "direct" { nd } else { na });
            r.percent = None;
        }
    }
    // 4. Exploitation.
    b.add(
        "exploitation_forms",
        (
            "Exploateringsform (direkt utsatta, alla former som nämnts)",
            "Form of exploitation (directly exploited, every form mentioned)",
        ),
        "direct",
        &direct,
        true,
        Some("exploitation_forms"),
        &codes("exploitation_forms"),
        many("exploitation_forms"),
    );
    b.add(
        "exploitation_single_multiple",
        ("En eller flera exploateringsformer", "Single or multiple exploitation"),
        "direct",
        &direct,
        false,
        None,
        &["single".into(), "multiple".into()],
        |i| {
            i.values("exploitation_forms")
                .map(|s| vec![if s.len() > 1 { "multiple" } else { "single" }.to_string()])
                .unwrap_or_default()
        },
    );
    let fbg: Vec<String> = codes("exploitation_forms")
        .iter()
        .flat_map(|f| ["female", "male", "other"].map(|g| format!("{f}|{g}")))
        .collect();
    b.add(
        "form_by_gender",
        ("Exploateringsform efter kön", "Form of exploitation by gender"),
        "direct",
        &direct,
        true,
        Some("form_by_gender"),
        &fbg,
        |i| match (i.values("exploitation_forms"), i.get("gender")) {
            (Some(fs), Some(g)) => fs.iter().map(|f| format!("{f}|{g}")).collect(),
            _ => vec![],
        },
    );
    if let Some(t) = b.tables.get_mut("form_by_gender") {
        t.cross = Some(["exploitation_forms".into(), "gender".into()]);
    }
    // 5. Country of exploitation.
    b.add(
        "exploitation_place",
        ("Var exploateringen skett", "Where the exploitation took place"),
        "direct",
        &direct,
        false,
        None,
        &["sweden_only".into(), "abroad_only".into(), "both".into()],
        |i| {
            i.values("exploitation_countries")
                .map(|s| {
                    let se = s.contains("SE");
                    vec![match (se, s.len() > usize::from(se)) {
                        (true, false) => "sweden_only",
                        (false, _) => "abroad_only",
                        (true, true) => "both",
                    }
                    .to_string()]
                })
                .unwrap_or_default()
        },
    );
    // Every other field of §4.2 over its natural population.
    let police: Pop<'_> = direct.iter().copied().filter(|i| i.get("police_report") == Some("yes")).collect();
    let labour: Pop<'_> = direct
        .iter()
        .copied()
        .filter(|i| i.values("exploitation_forms").is_some_and(|s| s.contains("labour")))
        .collect();
    for f in contract.statistical_fields() {
        if b.tables.contains_key(&f.key) || f.key == "contact_start_year" {
            continue;
        }
        let (pop, pname) = match f.key.as_str() {
            "labour_sector" => (&labour, "direct_labour"),
            "reported_crimes" | "legal_status" => (&police, "direct_police_report"),
            "basic_needs_unmet" => (&all, "all"),
            _ => (&direct, "direct"),
        };
        let key = f.key.as_str();
        let order = if f.key.ends_with("countries") { vec![] } else { codes(key) };
        let title = (f.label.sv.as_str(), f.label.en.as_str());
        match f.kind {
            Kind::Many => b.add(key, title, pname, pop, true, Some(key), &order, many(key)),
            _ => b.add(key, title, pname, pop, false, Some(key), &order, one(key)),
        }
    }
    b.add(
        "social_services_any_support",
        ("Fått något stöd från socialtjänsten", "Received any support from social services"),
        "direct",
        &direct,
        false,
        None,
        &["any".into()],
        |i| {
            i.values("social_services_support")
                .map(|s| {
                    if s.iter().any(|v| v != "none" && v != "denied" && v != "applied_no_decision") {
                        vec!["any".to_string()]
                    } else {
                        vec!["none".to_string()]
                    }
                })
                .unwrap_or_default()
        },
    );
    let sexual_se: Pop<'_> = direct
        .iter()
        .copied()
        .filter(|i| {
            i.values("exploitation_forms").is_some_and(|s| s.contains("sexual"))
                && i.values("exploitation_countries").is_some_and(|s| s.contains("SE"))
        })
        .collect();
    b.add(
        "sexual_in_sweden_by_origin",
        ("Sexuell exploatering i Sverige efter ursprung", "Sexual exploitation in Sweden by origin"),
        "direct_sexual_in_sweden",
        &sexual_se,
        false,
        None,
        &regions,
        region,
    );
    b.add(
        "continuing_cases",
        ("Pågående och nya ärenden", "Continuing and new cases"),
        "all",
        &all,
        false,
        None,
        &["continuing".into(), "new".into()],
        |i| {
            i.contact_start_year
                .map(|y| vec![if y < i64::from(year) { "continuing" } else { "new" }.to_string()])
                .unwrap_or_default()
        },
    );
    let minors: Pop<'_> = direct.iter().copied().filter(|i| is_minor(i) == Some(true)).collect();
    b.add(
        "minors_exploitation_forms",
        ("Exploateringsform (direkt utsatta barn)", "Form of exploitation (directly exploited minors)"),
        "direct_minors",
        &minors,
        true,
        Some("exploitation_forms"),
        &codes("exploitation_forms"),
        many("exploitation_forms"),
    );
    b.add(
        "civil_society_interventions",
        (
            "Insatser från civilsamhället (antal insatser, summerat över medlemmar)",
            "Civil-society interventions (number of interventions, summed over members)",
        ),
        "direct",
        &direct,
        true,
        Some("civil_society_support"),
        &codes("civil_society_support"),
        |i| i.interventions.iter().flat_map(|(k, n)| std::iter::repeat_n(k.clone(), *n)).collect(),
    );
    if let Some(t) = b.tables.get_mut("civil_society_interventions") {
        // Count interventions, not people: recount from the individuals.
        let mut counts: BTreeMap<String, u64> = BTreeMap::new();
        for i in &direct {
            for (k, n) in &i.interventions {
                *counts.entry(k.clone()).or_insert(0) += *n as u64;
            }
        }
        let total: u64 = counts.values().sum();
        for r in &mut t.rows {
            let c = counts.get(&r.key).copied().unwrap_or(0);
            r.count = Some(c);
            r.percent = (total > 0).then(|| (c as f64 * 1000.0 / total as f64).round() / 10.0);
        }
    }
    // 12. Completeness per question.
    let mut completeness = Vec::new();
    for k in b.order.clone() {
        if let Some(t) = b.tables.get(&k) {
            completeness.push((
                k.clone(),
                t.answered.unwrap_or(0),
                t.population_size.unwrap_or(0),
                t.population.clone(),
            ));
        }
    }
    let rows = completeness
        .iter()
        .map(|(k, answered, size, _)| {
            let (sv, en) = b.tables.get(k).map(|t| (t.title_sv.clone(), t.title_en.clone())).unwrap_or_default();
            Cell {
                key: k.clone(),
                label_sv: sv,
                label_en: en,
                count: Some(*answered),
                percent: (*size > 0).then(|| (*answered as f64 * 1000.0 / *size as f64).round() / 10.0),
                suppressed: false,
            }
        })
        .collect();
    b.order.push("data_completeness".into());
    b.tables.insert(
        "data_completeness".into(),
        Table {
            title_sv: "Datakvalitet: andel besvarade per fråga".into(),
            title_en: "Data completeness: share answered per question".into(),
            population: "per_table".into(),
            population_size: Some(all.len() as u64),
            answered: Some(all.len() as u64),
            missing: Some(0),
            multi_valued: true,
            rows,
            cross: None,
        },
    );

    let mut conflicts_by_field: BTreeMap<String, usize> = BTreeMap::new();
    for i in inds {
        for c in &i.conflicts {
            *conflicts_by_field.entry(c.clone()).or_insert(0) += 1;
        }
    }
    let mut by_members: BTreeMap<String, usize> = BTreeMap::new();
    for i in inds {
        let k = if i.members >= 4 { "4+".to_string() } else { i.members.to_string() };
        *by_members.entry(k).or_insert(0) += 1;
    }
    let totals = Totals {
        persons: inds.len(),
        direct: Some(direct.len()),
        indirect: Some(indirect.len()),
        raw_sum: members.iter().map(|m| m.records.len()).sum(),
        multi_member_persons: Some(inds.iter().filter(|i| i.members > 1).count()),
        persons_lower: linkage.persons_lower,
        persons_upper: linkage.persons_upper,
        members_reporting: members.iter().filter(|m| !m.records.is_empty()).count(),
    };
    Aggregate {
        left_out: Vec::new(),
        year,
        schema_version: contract.version.clone(),
        internal: true,
        notice: Some("INTERNAL — unprotected counts, not for publication".into()),
        totals,
        tables: b.tables,
        table_order: b.order,
        linkage: LinkageQuality {
            links_by_kind: linkage.links_by_kind.clone(),
            refused_same_member: linkage.refused_same_member,
            refused_id_conflict: linkage.refused_id_conflict,
            conflicts_by_field,
            persons_by_member_count: by_members,
            bounds_method: BOUNDS_METHOD.into(),
            uncertain_by_evidence: linkage.uncertain_by_evidence.clone(),
            records_name_only: linkage.records_name_only,
            records_year_only: linkage.records_year_only,
        },
        disclosure_control: Disclosure {
            applied: false,
            rule: "none (INTERNAL output)".into(),
            rule_sv: "ingen (INTERNT underlag)".into(),
            suppressed_cells: 0,
        },
        previous: None,
    }
}

pub const BOUNDS_METHOD: &str = "Fellegi-Sunter match probabilities for every candidate pair (keyed name encodings, birth date, gender, country of birth, name frequency; parameters estimated from the year's own data); persons_lower and persons_upper are the 5th and 95th percentiles of the number of persons over 400 sampled groupings (one record per member and person), pooled over the uncertainty of the person prior (×e^±1.3); persons is the grouping the tables are built on. See docs/LINKAGE.md.";

/// Tables over a sub-population defined by one cell of another table: (table, (source table,
/// row key)).
const SUBPOPULATIONS: &[(&str, (&str, &str))] = &[
    ("reported_crimes", ("police_report", "yes")),
    ("legal_status", ("police_report", "yes")),
    ("labour_sector", ("exploitation_forms", "labour")),
    ("minors_exploitation_forms", ("minors_adults", "minor")),
];

impl Aggregate {
    /// The publishable version: disclosure control applied.
    pub fn publishable(&self) -> Aggregate {
        let mut a = self.clone();
        a.internal = false;
        a.notice = None;
        let mut n = 0;
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
                if t.population_size.is_some() {
                    t.population_size = None;
                    t.answered = None;
                    t.missing = None;
                    for r in &mut t.rows {
                        r.percent = None;
                    }
                    n += 1;
                }
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
        // Totals: direct + indirect = persons, so a small one hides the other.
        let t = &mut a.totals;
        if small(t.direct.map(|x| x as u64)) || small(t.indirect.map(|x| x as u64)) {
            t.direct = None;
            t.indirect = None;
            n += 2;
        }
        if small(t.multi_member_persons.map(|x| x as u64)) {
            t.multi_member_persons = None;
            n += 1;
        }
        let hide = |m: &mut BTreeMap<String, usize>, n: &mut usize| {
            let keys: Vec<String> = m.iter().filter(|(_, v)| (1..=2).contains(*v)).map(|(k, _)| k.clone()).collect();
            for k in keys {
                m.remove(&k);
                *n += 1;
            }
        };
        hide(&mut a.linkage.conflicts_by_field, &mut n);
        hide(&mut a.linkage.persons_by_member_count, &mut n);
        a.disclosure_control =
            Disclosure { applied: true, rule: RULE_EN.into(), rule_sv: RULE_SV.into(), suppressed_cells: n };
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

    /// CSV for Swedish Excel: UTF-8 BOM, `;` delimiter, decimal comma, one row per cell with the
    /// table, row and column keys and their labels (a cross table's cell `a|b` is row `a`,
    /// column `b`).
    pub fn to_csv(&self, lang: Lang) -> String {
        let mut w = csv::WriterBuilder::new().delimiter(b';').from_writer(Vec::new());
        let head = match lang {
            Lang::Sv => [
                "tabell",
                "tabell_namn",
                "population",
                "rad",
                "rad_namn",
                "kolumn",
                "kolumn_namn",
                "antal",
                "procent",
                "dold",
                "besvarade",
                "saknas",
            ],
            Lang::En => [
                "table",
                "table_title",
                "population",
                "row",
                "row_label",
                "column",
                "column_label",
                "count",
                "percent",
                "suppressed",
                "answered",
                "missing",
            ],
        };
        let _ = w.write_record(head);
        if self.internal {
            let mut r = vec![String::new(); head.len()];
            r[0] = "INTERNAL".into();
            r[1] = "INTERNT – ej för publicering / not for publication".into();
            let _ = w.write_record(&r);
        }
        for key in &self.table_order {
            let Some(t) = self.tables.get(key) else {
                continue;
            };
            for r in &t.rows {
                let pct = r
                    .percent
                    .map(|p| format!("{p:.1}").replace('.', if lang == Lang::Sv { "," } else { "." }))
                    .unwrap_or_default();
                let label = if lang == Lang::Sv { &r.label_sv } else { &r.label_en };
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
                    if lang == Lang::Sv { &t.title_sv } else { &t.title_en },
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
