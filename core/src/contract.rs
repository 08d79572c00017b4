//! The data contract: field definitions and code lists, read from the JSON Schemas in
//! `schemas/<version>/` (embedded at compile time, so the binary and the schema never drift).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde_json::Value;

use crate::Lang;

/// The data-contract version this build writes.
pub const SCHEMA_VERSION: &str = "1";

const RECORD_SCHEMA_V1: &str = include_str!("../../schemas/1/record.schema.json");
const SENT_SCHEMA_V1: &str = include_str!("../../schemas/1/sent-record.schema.json");
const REGIONS_V1: &str = include_str!("../../schemas/1/country-regions.json");

/// Errors about the contract itself (an unsupported year or version).
#[derive(Debug, thiserror::Error)]
pub enum ContractError {
    #[error("no data contract covers reporting year {0} (supported: 2020–2100)")]
    UnsupportedYear(i32),
    #[error("unknown data-contract version {0:?}")]
    UnknownVersion(String),
    #[error("embedded schema is invalid: {0}")]
    BadSchema(String),
}

/// How a field is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Identifying: used only for pseudonyms inside the client, never sent.
    Identifying,
    /// One code from a list.
    One,
    /// Several codes from a list, `;`-separated in a cell.
    Many,
    /// A four-digit year.
    Year,
}

/// A label in Swedish and English.
#[derive(Debug, Clone)]
pub struct Label {
    pub sv: String,
    pub en: String,
}

impl Label {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Sv => &self.sv,
            Lang::En => &self.en,
        }
    }
}

/// One column of the template / one property of the schema.
#[derive(Debug, Clone)]
pub struct Field {
    pub key: String,
    pub label: Label,
    pub kind: Kind,
    /// Code list in schema order (empty for identifying and year fields).
    pub codes: Vec<(String, Label)>,
}

impl Field {
    /// The code a value not in the list most likely meant: the same code in other letter case,
    /// a code's Swedish or English label, or a label or code one or two letters off (`None`
    /// when nothing is that close).
    pub fn suggest(&self, value: &str) -> Option<&str> {
        let v = value.trim().to_lowercase();
        if v.is_empty() {
            return None;
        }
        // A code, its labels, and each part of a label such as "Kvinna/flicka".
        let names = |(k, l): &(String, Label)| {
            let mut n = vec![k.to_lowercase(), l.sv.to_lowercase(), l.en.to_lowercase()];
            for label in [&l.sv, &l.en] {
                if label.contains('/') {
                    n.extend(label.split('/').map(|p| p.trim().to_lowercase()));
                }
            }
            n
        };
        if let Some((k, _)) = self.codes.iter().find(|c| names(c).contains(&v)) {
            return Some(k);
        }
        let allowed = if v.chars().count() >= 8 { 2 } else { 1 };
        self.codes
            .iter()
            .filter_map(|c| {
                let d = names(c).iter().filter(|n| n.chars().count() >= 4).map(|n| edit_distance(&v, n)).min()?;
                (d <= allowed).then_some((d, c.0.as_str()))
            })
            .min_by_key(|(d, _)| *d)
            .map(|(_, k)| k)
    }

    pub fn code_label(&self, code: &str, lang: Lang) -> Option<&str> {
        self.codes.iter().find(|(k, _)| k == code).map(|(_, l)| l.get(lang))
    }
    pub fn is_coded(&self) -> bool {
        matches!(self.kind, Kind::One | Kind::Many)
    }
}

/// A loaded, compiled data contract.
pub struct Contract {
    pub version: String,
    pub fields: Vec<Field>,
    pub record_schema: Value,
    pub sent_schema: Value,
    pub(crate) record_validator: jsonschema::Validator,
    pub(crate) sent_validator: jsonschema::Validator,
    regions: BTreeMap<String, String>,
}

impl std::fmt::Debug for Contract {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Contract").field("version", &self.version).finish()
    }
}

/// Region of a country for the report: Sweden, other EU/EEA, third country.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    Sweden,
    EuEea,
    Third,
}

impl Contract {
    /// The contract that governs a reporting year.
    pub fn for_year(year: i32) -> Result<&'static Contract, ContractError> {
        if !(2020..=2100).contains(&year) {
            return Err(ContractError::UnsupportedYear(year));
        }
        Self::version(SCHEMA_VERSION)
    }

    /// A contract by version string.
    pub fn version(v: &str) -> Result<&'static Contract, ContractError> {
        static V1: OnceLock<Result<Contract, String>> = OnceLock::new();
        match v {
            "1" => V1
                .get_or_init(|| Contract::load("1", RECORD_SCHEMA_V1, SENT_SCHEMA_V1, REGIONS_V1))
                .as_ref()
                .map_err(|e| ContractError::BadSchema(e.clone())),
            other => Err(ContractError::UnknownVersion(other.to_string())),
        }
    }

    fn load(version: &str, record: &str, sent: &str, regions: &str) -> Result<Contract, String> {
        let record_schema: Value = serde_json::from_str(record).map_err(|e| e.to_string())?;
        let sent_schema: Value = serde_json::from_str(sent).map_err(|e| e.to_string())?;
        let regions: BTreeMap<String, String> = serde_json::from_str(regions).map_err(|e| e.to_string())?;
        let record_validator = jsonschema::validator_for(&record_schema).map_err(|e| e.to_string())?;
        let sent_validator = jsonschema::validator_for(&sent_schema).map_err(|e| e.to_string())?;
        let props =
            record_schema.get("properties").and_then(Value::as_object).ok_or("record schema has no properties")?;
        let mut fields = Vec::new();
        for (key, p) in props {
            let label = label_of(p.get("x-label")).ok_or(format!("{key}: no x-label"))?;
            let kind = match p.get("x-kind").and_then(Value::as_str) {
                Some("id") => Kind::Identifying,
                Some("one") => Kind::One,
                Some("many") => Kind::Many,
                Some("year") => Kind::Year,
                other => return Err(format!("{key}: bad x-kind {other:?}")),
            };
            let mut codes = Vec::new();
            if let Some(map) = p.get("x-codes").and_then(Value::as_object) {
                let order: Vec<&str> = p
                    .get("enum")
                    .or_else(|| p.get("items").and_then(|i| i.get("enum")))
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                for code in order {
                    let l = label_of(map.get(code)).ok_or(format!("{key}.{code}: no label"))?;
                    codes.push((code.to_string(), l));
                }
            }
            fields.push(Field { key: key.clone(), label, kind, codes });
        }
        Ok(Contract {
            version: version.to_string(),
            fields,
            record_schema,
            sent_schema,
            record_validator,
            sent_validator,
            regions,
        })
    }

    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// Fields that are sent (statistical columns), in template order.
    pub fn statistical_fields(&self) -> impl Iterator<Item = &Field> {
        self.fields.iter().filter(|f| f.kind != Kind::Identifying)
    }

    /// Region of an ISO 3166-1 alpha-2 code; `None` for `stateless`, `unknown` or unknown codes.
    pub fn region(&self, country: &str) -> Option<Region> {
        match self.regions.get(country).map(String::as_str) {
            Some("SE") => Some(Region::Sweden),
            Some("EU_EEA") => Some(Region::EuEea),
            Some("THIRD") => Some(Region::Third),
            _ => None,
        }
    }
}

fn label_of(v: Option<&Value>) -> Option<Label> {
    let v = v?;
    Some(Label { sv: v.get("sv")?.as_str()?.to_string(), en: v.get("en")?.as_str()?.to_string() })
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_near_a_code_gets_a_suggestion_and_a_far_one_none() {
        let c = Contract::for_year(2024).expect("contract");
        let country = c.field("citizenship").expect("citizenship");
        assert_eq!(country.suggest("Nigria"), Some("NG"), "one letter off a label");
        assert_eq!(country.suggest("se"), Some("SE"), "letter case");
        assert_eq!(country.suggest("Sverige"), Some("SE"), "the Swedish label");
        assert_eq!(country.suggest("Sweden"), Some("SE"), "the English label");
        assert_eq!(country.suggest("Atlantis"), None);
        let gender = c.field("gender").expect("gender");
        assert_eq!(gender.suggest("kvinna"), Some("female"), "a part of Kvinna/flicka");
        assert_eq!(gender.suggest("xyz"), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn contract_loads_every_design_column() {
        let c = Contract::for_year(2024).expect("contract");
        for key in [
            "local_id",
            "given_name",
            "family_name",
            "birth_date",
            "national_id",
            "migration_id",
            "related_to",
            "relation",
            "gender",
            "age_group",
            "birth_country",
            "citizenship",
            "exploitation_forms",
            "labour_sector",
            "exploitation_countries",
            "identified_by",
            "contact_start_year",
            "social_services_contact",
            "social_services_support",
            "civil_society_support",
            "support_reason",
            "nsp",
            "basic_needs_unmet",
            "police_report",
            "reported_crimes",
            "legal_status",
            "rights_met",
        ] {
            assert!(c.field(key).is_some(), "missing field {key}");
        }
        assert_eq!(c.fields.len(), 27);
        let g = c.field("gender").expect("gender");
        assert_eq!(g.code_label("female", Lang::Sv), Some("Kvinna/flicka"));
        assert_eq!(g.code_label("female", Lang::En), Some("Woman/girl"));
        assert!(g.codes.iter().any(|(k, _)| k == "unknown"));
        for f in c.fields.iter().filter(|f| f.is_coded()) {
            for (code, l) in &f.codes {
                assert!(!l.sv.is_empty() && !l.en.is_empty(), "{}.{code}", f.key);
            }
        }
        assert_eq!(c.region("SE"), Some(Region::Sweden));
        assert_eq!(c.region("NO"), Some(Region::EuEea));
        assert_eq!(c.region("NG"), Some(Region::Third));
        assert_eq!(c.region("stateless"), None);
    }

    #[test]
    fn years_outside_contract_are_refused() {
        assert!(Contract::for_year(1999).is_err());
        assert!(Contract::version("7").is_err());
    }
}
