//! Merging a linked group of records into one individual (DESIGN.md §4.3).

use std::collections::{BTreeMap, BTreeSet};

use samla_core::contract::{Contract, Kind};
use serde_json::{Map, Value};

use crate::link::Linkage;
use crate::MemberRecords;

/// One person after linkage and merge. Missing (unknown) values are absent.
#[derive(Debug, Clone, Default)]
pub struct Individual {
    /// Number of distinct members that reported this person.
    pub members: usize,
    /// Records merged.
    pub records: usize,
    /// Single-valued fields.
    pub one: BTreeMap<String, String>,
    /// Multi-valued fields (union).
    pub many: BTreeMap<String, BTreeSet<String>>,
    pub contact_start_year: Option<i64>,
    /// Civil-society interventions summed over members (for "number of interventions").
    pub interventions: BTreeMap<String, usize>,
    /// Fields whose values conflicted (set to unknown).
    pub conflicts: Vec<String>,
}

impl Individual {
    pub fn get(&self, field: &str) -> Option<&str> {
        self.one.get(field).map(String::as_str)
    }
    pub fn values(&self, field: &str) -> Option<&BTreeSet<String>> {
        self.many.get(field)
    }
    pub fn is_direct(&self) -> bool {
        self.get("relation") == Some("direct")
    }
}

fn legal_rank(s: &str) -> Option<u8> {
    Some(match s {
        "not_started" => 0,
        "investigation_ongoing" => 1,
        "investigation_closed" | "prosecuted" => 2,
        "convicted" | "acquitted" => 3,
        _ => return None,
    })
}

fn precision_rank(s: Option<&str>) -> u8 {
    match s {
        Some("day") => 3,
        Some("month") => 2,
        Some("year") => 1,
        _ => 0,
    }
}

/// Merge one group.
pub fn merge(contract: &Contract, recs: &[(usize, &Map<String, Value>)]) -> Individual {
    let mut ind = Individual {
        members: recs.iter().map(|(m, _)| *m).collect::<BTreeSet<_>>().len(),
        records: recs.len(),
        ..Default::default()
    };
    let s = |r: &Map<String, Value>, k: &str| r.get(k).and_then(Value::as_str).map(str::to_string);
    // relation: direct if any; else the (first) indirect kind.
    let rels: BTreeSet<String> = recs.iter().filter_map(|(_, r)| s(r, "relation")).collect();
    let relation = if rels.contains("direct") || rels.is_empty() {
        "direct".to_string()
    } else {
        rels.iter().next().cloned().unwrap_or_default()
    };
    ind.one.insert("relation".into(), relation);
    ind.contact_start_year = recs.iter().filter_map(|(_, r)| r.get("contact_start_year").and_then(Value::as_i64)).min();
    for f in contract.statistical_fields() {
        let key = f.key.as_str();
        match (key, f.kind) {
            ("relation", _) | ("contact_start_year", _) => {}
            ("age_group", _) => {
                let best = recs
                    .iter()
                    .map(|(_, r)| precision_rank(r.get("birth_precision").and_then(Value::as_str)))
                    .max()
                    .unwrap_or(0);
                let vals: BTreeSet<String> = recs
                    .iter()
                    .filter(|(_, r)| precision_rank(r.get("birth_precision").and_then(Value::as_str)) == best)
                    .filter_map(|(_, r)| s(r, key))
                    .collect();
                agree(&mut ind, key, vals);
            }
            ("identified_by", _) => {
                let earliest = recs
                    .iter()
                    .filter(|(_, r)| r.contains_key(key))
                    .map(|(_, r)| r.get("contact_start_year").and_then(Value::as_i64).unwrap_or(i64::MAX))
                    .min();
                let vals: BTreeSet<String> = recs
                    .iter()
                    .filter(|(_, r)| {
                        Some(r.get("contact_start_year").and_then(Value::as_i64).unwrap_or(i64::MAX)) == earliest
                    })
                    .filter_map(|(_, r)| s(r, key))
                    .collect();
                agree(&mut ind, key, vals);
            }
            ("legal_status", _) => {
                let vals: Vec<String> = recs.iter().filter_map(|(_, r)| s(r, key)).collect();
                if let Some(top) = vals.iter().filter_map(|v| legal_rank(v)).max() {
                    let at_top: BTreeSet<&String> = vals.iter().filter(|v| legal_rank(v) == Some(top)).collect();
                    if at_top.len() == 1 {
                        ind.one.insert(key.into(), at_top.into_iter().next().cloned().unwrap_or_default());
                    } else {
                        ind.conflicts.push(key.into());
                    }
                }
            }
            (_, Kind::One) if f.codes.iter().any(|(c, _)| c == "yes") => {
                let vals: BTreeSet<String> = recs.iter().filter_map(|(_, r)| s(r, key)).collect();
                if vals.contains("yes") {
                    ind.one.insert(key.into(), "yes".into());
                } else if vals.contains("no") {
                    ind.one.insert(key.into(), "no".into());
                }
            }
            (_, Kind::One) => {
                let vals: BTreeSet<String> = recs.iter().filter_map(|(_, r)| s(r, key)).collect();
                agree(&mut ind, key, vals);
            }
            (_, Kind::Many) => {
                let mut union = BTreeSet::new();
                for (_, r) in recs {
                    if let Some(Value::Array(a)) = r.get(key) {
                        for v in a.iter().filter_map(Value::as_str) {
                            union.insert(v.to_string());
                            if key == "civil_society_support" {
                                *ind.interventions.entry(v.to_string()).or_insert(0) += 1;
                            }
                        }
                    }
                }
                if union.len() > 1 {
                    union.remove("none");
                }
                if !union.is_empty() {
                    ind.many.insert(key.into(), union);
                }
            }
            _ => {}
        }
    }
    ind
}

fn agree(ind: &mut Individual, key: &str, vals: BTreeSet<String>) {
    match vals.len() {
        0 => {}
        1 => {
            ind.one.insert(key.into(), vals.into_iter().next().unwrap_or_default());
        }
        _ => ind.conflicts.push(key.into()),
    }
}

/// Merge every group of a linkage.
pub fn merge_all(members: &[MemberRecords], linkage: &Linkage) -> Vec<Individual> {
    let contract = match Contract::version(samla_core::SCHEMA_VERSION) {
        Ok(c) => c,
        Err(_) => return Vec::new(),
    };
    linkage
        .groups
        .iter()
        .map(|g| {
            let fields: Vec<(usize, Map<String, Value>)> =
                g.iter().map(|(m, r)| (*m, members[*m].records[*r].fields())).collect();
            let recs: Vec<(usize, &Map<String, Value>)> = fields.iter().map(|(m, r)| (*m, r)).collect();
            merge(contract, &recs)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn m(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn merge_rules_of_design_4_3() {
        let c = Contract::version("1").expect("c");
        let a = m(
            json!({"relation": "indirect_child", "gender": "female", "age_group": "18-26", "birth_precision": "year",
            "birth_country": "NG", "citizenship": ["NG"], "police_report": "no", "identified_by": "police",
            "contact_start_year": 2023, "legal_status": "investigation_closed", "social_services_support": ["none"],
            "civil_society_support": ["legal_advice"]}),
        );
        let b = m(json!({"relation": "direct", "gender": "female", "age_group": "27-38", "birth_precision": "day",
            "birth_country": "GH", "citizenship": ["GH"], "police_report": "yes", "identified_by": "own_organisation",
            "contact_start_year": 2024, "legal_status": "prosecuted", "social_services_support": ["emergency_housing"],
            "civil_society_support": ["legal_advice", "accompaniment"]}));
        let ind = merge(c, &[(0, &a), (1, &b)]);
        assert_eq!(ind.members, 2);
        assert_eq!(ind.get("relation"), Some("direct"));
        assert_eq!(ind.get("gender"), Some("female"));
        assert_eq!(ind.get("age_group"), Some("27-38"), "most precise birth date wins");
        assert_eq!(ind.get("birth_country"), None);
        assert!(ind.conflicts.contains(&"birth_country".to_string()));
        assert_eq!(ind.values("citizenship").map(|s| s.len()), Some(2));
        assert_eq!(ind.get("police_report"), Some("yes"));
        assert_eq!(ind.get("identified_by"), Some("police"), "earliest contact wins");
        assert_eq!(ind.get("legal_status"), None, "closed and prosecuted share a rank");
        assert!(ind.conflicts.contains(&"legal_status".to_string()));
        assert_eq!(ind.values("social_services_support").map(|s| s.contains("none")), Some(false));
        assert_eq!(ind.interventions["legal_advice"], 2);
        assert_eq!(ind.values("civil_society_support").map(|s| s.len()), Some(2));
        assert_eq!(ind.contact_start_year, Some(2023));
        let c1 = m(json!({"legal_status": "investigation_ongoing", "relation": "direct"}));
        let c2 = m(json!({"legal_status": "convicted", "relation": "direct"}));
        assert_eq!(merge(c, &[(0, &c1), (1, &c2)]).get("legal_status"), Some("convicted"));
    }
}
