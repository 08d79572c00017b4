//! Which tables the report has, in order: one [`Spec`] per table (who is counted, which rows,
//! what a person contributes), so adding a table is adding a line here and its title in
//! `report.ftl`. Every statistical field of the data contract without a table of its own gets
//! one over its natural population.

use std::collections::BTreeSet;

use samla_core::contract::{Contract, Kind, Region};

use crate::merge::Individual;

/// Who a table counts (the `population` key of `report.json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Population {
    All,
    Direct,
    DirectPoliceReport,
    DirectLabour,
    DirectMinors,
    DirectSexualInSweden,
}

impl Population {
    pub(super) fn key(self) -> &'static str {
        match self {
            Population::All => "all",
            Population::Direct => "direct",
            Population::DirectPoliceReport => "direct_police_report",
            Population::DirectLabour => "direct_labour",
            Population::DirectMinors => "direct_minors",
            Population::DirectSexualInSweden => "direct_sexual_in_sweden",
        }
    }

    pub(super) fn includes(self, i: &Individual) -> bool {
        let has = |field: &str, v: &str| i.values(field).is_some_and(|s| s.contains(v));
        match self {
            Population::All => true,
            Population::Direct => i.is_direct(),
            Population::DirectPoliceReport => i.is_direct() && i.get("police_report") == Some("yes"),
            Population::DirectLabour => i.is_direct() && has("exploitation_forms", "labour"),
            Population::DirectMinors => i.is_direct() && is_minor(i) == Some(true),
            Population::DirectSexualInSweden => {
                i.is_direct() && has("exploitation_forms", "sexual") && has("exploitation_countries", "SE")
            }
        }
    }
}

/// The rows a table shows even when their count is zero (others found are added after them).
#[derive(Debug, Clone)]
pub(super) enum Rows {
    /// The contract's codes of a field, without `unknown`.
    Codes(String),
    /// A fixed list of derived keys.
    Fixed(Vec<String>),
    /// Only the values found.
    Found,
}

/// What one person contributes to a table (no value: not answered).
#[derive(Clone)]
pub(super) enum Value {
    One(String),
    Many(String),
    Derived(fn(&Ctx<'_>, &Individual) -> Vec<String>),
}

/// What a derived value needs besides the person.
pub(super) struct Ctx<'a> {
    pub contract: &'a Contract,
    pub year: i32,
}

/// One table.
#[derive(Clone)]
pub(super) struct Spec {
    pub key: String,
    pub population: Population,
    pub multi_valued: bool,
    /// The contract field whose code labels the rows carry (`None`: derived labels).
    pub labels: Option<String>,
    pub rows: Rows,
    pub value: Value,
    /// For cross tables: the two dimensions of each row key `a|b`.
    pub cross: Option<[&'static str; 2]>,
    /// The title from the contract's field label, when `report.ftl` has none.
    pub field_title: bool,
}

impl Spec {
    fn new(key: &str, population: Population, rows: Rows, value: Value) -> Spec {
        Spec {
            key: key.into(),
            population,
            multi_valued: matches!(value, Value::Many(_)),
            labels: None,
            rows,
            value,
            cross: None,
            field_title: false,
        }
    }

    /// A table of one contract field: its codes, its labels.
    fn field(key: &str, population: Population) -> Spec {
        Spec { labels: Some(key.into()), ..Spec::new(key, population, Rows::Codes(key.into()), Value::One(key.into())) }
    }

    fn many(key: &str, population: Population) -> Spec {
        Spec {
            labels: Some(key.into()),
            ..Spec::new(key, population, Rows::Codes(key.into()), Value::Many(key.into()))
        }
    }

    fn derived(key: &str, population: Population, rows: &[&str], f: fn(&Ctx<'_>, &Individual) -> Vec<String>) -> Spec {
        Spec::new(key, population, Rows::Fixed(rows.iter().map(|s| s.to_string()).collect()), Value::Derived(f))
    }

    fn labelled(mut self, field: &str) -> Spec {
        self.labels = Some(field.into());
        self
    }

    fn rows(mut self, rows: Rows) -> Spec {
        self.rows = rows;
        self
    }

    fn multi(mut self) -> Spec {
        self.multi_valued = true;
        self
    }

    fn cross(mut self, dims: [&'static str; 2]) -> Spec {
        self.cross = Some(dims);
        self
    }
}

pub(super) fn is_minor(ind: &Individual) -> Option<bool> {
    ind.get("age_group").map(|g| g == "0-8" || g == "9-17")
}

const REGIONS: &[&str] = &["SE", "EU_EEA", "THIRD", "stateless"];

fn region(ctx: &Ctx<'_>, i: &Individual) -> Vec<String> {
    let key = match i.get("birth_country") {
        Some("stateless") => "stateless",
        Some(c) => match ctx.contract.region(c) {
            Some(Region::Sweden) => "SE",
            Some(Region::EuEea) => "EU_EEA",
            Some(Region::Third) => "THIRD",
            None => return vec![],
        },
        None => return vec![],
    };
    vec![key.into()]
}

fn minor_adult(_: &Ctx<'_>, i: &Individual) -> Vec<String> {
    is_minor(i).map(|m| vec![if m { "minor" } else { "adult" }.to_string()]).unwrap_or_default()
}

fn gender_by_age(_: &Ctx<'_>, i: &Individual) -> Vec<String> {
    match (i.get("gender"), is_minor(i)) {
        (Some(g), Some(m)) => vec![format!("{g}|{}", if m { "minor" } else { "adult" })],
        _ => vec![],
    }
}

fn single_multiple(_: &Ctx<'_>, i: &Individual) -> Vec<String> {
    i.values("exploitation_forms")
        .map(|s| vec![if s.len() > 1 { "multiple" } else { "single" }.to_string()])
        .unwrap_or_default()
}

fn form_by_gender(_: &Ctx<'_>, i: &Individual) -> Vec<String> {
    match (i.values("exploitation_forms"), i.get("gender")) {
        (Some(fs), Some(g)) => fs.iter().map(|f| format!("{f}|{g}")).collect(),
        _ => vec![],
    }
}

fn exploitation_place(_: &Ctx<'_>, i: &Individual) -> Vec<String> {
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
}

fn any_social_support(_: &Ctx<'_>, i: &Individual) -> Vec<String> {
    i.values("social_services_support")
        .map(|s| {
            let any = s.iter().any(|v| v != "none" && v != "denied" && v != "applied_no_decision");
            vec![if any { "any" } else { "none" }.to_string()]
        })
        .unwrap_or_default()
}

fn continuing(ctx: &Ctx<'_>, i: &Individual) -> Vec<String> {
    i.contact_start_year
        .map(|y| vec![if y < i64::from(ctx.year) { "continuing" } else { "new" }.to_string()])
        .unwrap_or_default()
}

fn interventions(_: &Ctx<'_>, i: &Individual) -> Vec<String> {
    i.interventions.iter().flat_map(|(k, n)| std::iter::repeat_n(k.clone(), *n)).collect()
}

fn no_value(_: &Ctx<'_>, _: &Individual) -> Vec<String> {
    vec![]
}

fn crossed(a: &[String], b: &[&str]) -> Vec<String> {
    a.iter().flat_map(|x| b.iter().map(move |y| format!("{x}|{y}"))).collect()
}

/// The contract's codes of a field without `unknown` (a table's rows shown even when empty).
pub(super) fn codes(contract: &Contract, field: &str) -> Vec<String> {
    contract
        .field(field)
        .map(|f| f.codes.iter().map(|(k, _)| k.clone()).filter(|k| k != "unknown").collect())
        .unwrap_or_default()
}

/// All tables but data completeness, in the order of the report (DESIGN.md §6).
pub(super) fn tables(contract: &Contract) -> Vec<Spec> {
    use Population::*;
    let genders: Vec<String> = ["female", "male", "other"].map(String::from).to_vec();
    let mut t = vec![
        // 1. Totals by relation.
        Spec::field("relation", All),
        // 2. Direct: gender, age.
        Spec::field("gender", Direct),
        Spec::field("age_group", Direct),
        Spec::derived("minors_adults", Direct, &["minor", "adult"], minor_adult),
        Spec::derived("gender_by_age", Direct, &[], gender_by_age)
            .labelled("gender_by_age")
            .rows(Rows::Fixed(crossed(&genders, &["minor", "adult"])))
            .cross(["gender", "minor_adult"]),
        // 3. Origin.
        Spec::derived("birth_region", Direct, REGIONS, region),
        Spec::derived("birth_region_all", All, REGIONS, region),
        Spec::field("birth_country", Direct).rows(Rows::Found),
        Spec { key: "birth_country_all".into(), ..Spec::field("birth_country", All).rows(Rows::Found) },
        Spec::many("citizenship", Direct).rows(Rows::Found),
        Spec::derived("distinct_nationalities", All, &["direct", "all"], no_value),
        // 4. Exploitation.
        Spec::many("exploitation_forms", Direct),
        Spec::derived("exploitation_single_multiple", Direct, &["single", "multiple"], single_multiple),
        Spec::derived("form_by_gender", Direct, &[], form_by_gender)
            .labelled("form_by_gender")
            .rows(Rows::Fixed(crossed(&codes(contract, "exploitation_forms"), &["female", "male", "other"])))
            .multi()
            .cross(["exploitation_forms", "gender"]),
        // 5. Country of exploitation.
        Spec::derived("exploitation_place", Direct, &["sweden_only", "abroad_only", "both"], exploitation_place),
    ];
    // Every other field of §4.2 over its natural population.
    let done: BTreeSet<String> = t.iter().map(|s| s.key.clone()).collect();
    for f in contract.statistical_fields() {
        if done.contains(&f.key) || f.key == "contact_start_year" {
            continue;
        }
        let population = match f.key.as_str() {
            "labour_sector" => DirectLabour,
            "reported_crimes" | "legal_status" => DirectPoliceReport,
            "basic_needs_unmet" => All,
            _ => Direct,
        };
        let spec = match f.kind {
            Kind::Many => Spec::many(&f.key, population),
            _ => Spec::field(&f.key, population),
        };
        let spec = if f.key.ends_with("countries") { spec.rows(Rows::Found) } else { spec };
        t.push(Spec { field_title: true, ..spec });
    }
    t.extend([
        Spec::derived("social_services_any_support", Direct, &["any"], any_social_support),
        Spec::derived("sexual_in_sweden_by_origin", DirectSexualInSweden, REGIONS, region),
        Spec::derived("continuing_cases", All, &["continuing", "new"], continuing),
        Spec { key: "minors_exploitation_forms".into(), ..Spec::many("exploitation_forms", DirectMinors) },
        Spec::derived("civil_society_interventions", Direct, &[], interventions)
            .labelled("civil_society_support")
            .rows(Rows::Codes("civil_society_support".into()))
            .multi(),
    ]);
    t
}

/// Tables over a sub-population defined by one cell of another table: (table, (source table,
/// row key)). Disclosure control hides such a table's size when that cell is hidden.
pub(super) const SUBPOPULATIONS: &[(&str, (&str, &str))] = &[
    ("reported_crimes", ("police_report", "yes")),
    ("legal_status", ("police_report", "yes")),
    ("labour_sector", ("exploitation_forms", "labour")),
    ("minors_exploitation_forms", ("minors_adults", "minor")),
];

#[cfg(test)]
mod tests {
    use samla_core::Lang;

    use crate::i18n;

    use super::*;

    /// Every table has a title and every fixed row a label in both languages: a table added
    /// without its words fails here, not in a published report.
    #[test]
    fn every_table_and_derived_row_has_its_words() {
        let contract = Contract::version(samla_core::SCHEMA_VERSION).expect("contract");
        let specs = tables(contract);
        assert!(specs.len() > 20, "{} tables", specs.len());
        for lang in [Lang::Sv, Lang::En] {
            assert!(i18n::has(lang, "table-data_completeness"));
            for s in &specs {
                if s.field_title {
                    assert!(contract.field(&s.key).is_some(), "{}", s.key);
                } else {
                    assert!(i18n::has(lang, &format!("table-{}", s.key)), "{lang:?}: no title for {}", s.key);
                }
                if let (Rows::Fixed(keys), None) = (&s.rows, &s.labels) {
                    for k in keys {
                        assert!(i18n::has(lang, &format!("label-{k}")), "{lang:?}: no label for {}.{k}", s.key);
                    }
                }
            }
        }
    }
}
