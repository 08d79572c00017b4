//! The plaintext batch: what leaves the member, inside age encryption.
//!
//! It holds the statistical columns of each validated row plus pseudonyms: `record_ref` (keyed
//! hash of `local_id` under the member's own secret), `related_to_ref`, `birth_year` (coarse, for
//! linking children) and keyed `match_keys`. No identifying column is copied.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::contract::Contract;
use crate::pseudonym::{Identifiers, LinkageSecret, MatchKey, MemberSecret};
use crate::validate::ValidRow;

pub(crate) const BATCH_FORMAT: &str = "samla-batch-v1";

/// A batch as encrypted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Batch {
    pub format: String,
    pub schema_version: String,
    pub year: i32,
    pub org: String,
    pub batch_id: uuid::Uuid,
    pub created_at: String,
    /// The id of the linkage secret the keys were made with ([`LinkageSecret::id`]): batches
    /// made under different secrets cannot be linked. Absent from batches before it was added.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linkage_id: Option<String>,
    pub records: Vec<SentRecord>,
}

/// One record as it leaves the member, typed once for the client, the aggregation and the
/// benchmarks: the pseudonymous linkage fields, and the data contract's statistical fields
/// (whose names come from `schemas/`, so they stay a map; `birth_year` and `birth_precision`
/// are among them). The JSON is the same as before the type existed (contract version 1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentRecord {
    /// Keyed with the member's own secret: ties a member's corrections together, means
    /// nothing to anyone else.
    pub record_ref: String,
    /// `record_ref` of the person an indirect person (a child) is related to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub related_to_ref: Option<String>,
    /// Keyed match keys (national id, names with the birth date, …).
    #[serde(default)]
    pub match_keys: Vec<MatchKey>,
    /// Keyed Bloom-filter encodings, base64 on the wire.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "clk_base64")]
    pub clk: Option<crate::clk::Clk>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "clk_base64")]
    pub clk_year: Option<crate::clk::Clk>,
    /// The statistical fields.
    #[serde(flatten)]
    pub stats: Map<String, Value>,
}

/// An encoding as base64 of its little-endian words (the wire form of `clk`, `clk_year`).
mod clk_base64 {
    use base64::Engine as _;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(c: &Option<crate::clk::Clk>, s: S) -> Result<S::Ok, S::Error> {
        match c {
            Some(c) => s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(crate::clk::to_bytes(c))),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<crate::clk::Clk>, D::Error> {
        let Some(text) = Option::<String>::deserialize(d)? else { return Ok(None) };
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(text)
            .map_err(|_| serde::de::Error::custom("an encoding is not base64"))?;
        if crate::clk::is_legacy_frame(&bytes) {
            return Ok(None);
        }
        crate::clk::from_bytes(&bytes)
            .map(Some)
            .ok_or_else(|| serde::de::Error::custom("an encoding has the wrong length"))
    }
}

/// Problems found in a decrypted batch (admin side).
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    #[error("the batch is not valid JSON of format {BATCH_FORMAT}: {0}")]
    Parse(String),
    #[error("the batch says {field} = {found:?} but its signed manifest says {expected:?}")]
    Mismatch { field: &'static str, found: String, expected: String },
    #[error("record {index}: {what}")]
    Record { index: usize, what: String },
}

/// Who sends which batch, when.
#[derive(Debug, Clone)]
pub struct BatchMeta {
    pub year: i32,
    pub org: String,
    pub batch_id: uuid::Uuid,
    pub created_at: String,
}

/// Build the batch from validated rows.
pub fn build(
    rows: &[ValidRow],
    contract: &Contract,
    meta: BatchMeta,
    linkage: &LinkageSecret,
    member: &MemberSecret,
) -> Batch {
    build_with_progress(rows, contract, meta, linkage, member, &|_| {})
}

/// As [`build`], calling `progress(i)` after each row (for a progress bar on long files).
pub fn build_with_progress(
    rows: &[ValidRow],
    contract: &Contract,
    meta: BatchMeta,
    linkage: &LinkageSecret,
    member: &MemberSecret,
    progress: &dyn Fn(usize),
) -> Batch {
    let BatchMeta { year, org, batch_id, created_at } = meta;
    let keyer = linkage.match_keyer(&contract.version);
    let encoder =
        crate::clk::Encoder::new(&linkage.clk_key(&contract.version), crate::clk::WEIGHTS, crate::clk::BALANCED);
    let refs = member.record_refs(&contract.version);
    let records = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            progress(i);
            let mut rec = r.stats.clone();
            let ids = Identifiers {
                national_id: r.national_id.as_deref(),
                migration_id: r.migration_id.as_deref(),
                given: crate::normalize::name_tokens(&r.given_name).into_iter().collect(),
                family: crate::normalize::name_tokens(&r.family_name).into_iter().collect(),
                birth: r.birth,
            };
            let country = r.stats.get("birth_country").and_then(Value::as_str);
            let l = linkage_fields(&keyer, &encoder, &ids, country);
            if let Some(b) = l.birth {
                rec.insert("birth_year".into(), Value::from(b.year));
                let precision = match (b.month, b.day) {
                    (Some(_), Some(_)) => "day",
                    (Some(_), None) => "month",
                    _ => "year",
                };
                rec.insert("birth_precision".into(), Value::from(precision));
            }
            let both = l.clk.zip(l.clk_year);
            SentRecord {
                record_ref: refs.record_ref(&r.local_id),
                related_to_ref: r.related_to.as_ref().map(|rel| refs.record_ref(rel)),
                match_keys: l.keys,
                clk: both.map(|b| b.0),
                clk_year: both.map(|b| b.1),
                stats: rec,
            }
        })
        .collect();
    Batch {
        format: BATCH_FORMAT.into(),
        schema_version: contract.version.clone(),
        year,
        org,
        batch_id,
        created_at,
        linkage_id: Some(linkage.id()),
        records,
    }
}

/// What linkage gets of one record: match keys, the two encodings and the birth date as the
/// linkage sees it.
#[derive(Debug, Clone)]
pub struct LinkageFields {
    pub keys: Vec<MatchKey>,
    pub clk: Option<crate::clk::Clk>,
    pub clk_year: Option<crate::clk::Clk>,
    /// The birth date used for linkage: a 1 January date is taken as "year only" (registrations
    /// use it as a placeholder for an unknown date, docs/LINKAGE.md).
    pub birth: Option<crate::normalize::PartialDate>,
}

/// The linkage date of a birth date: 1 January is a placeholder far more often than a birthday
/// in this population, so it counts as the year alone.
pub(crate) fn linkage_date(b: crate::normalize::PartialDate) -> crate::normalize::PartialDate {
    if b.month == Some(1) && b.day == Some(1) {
        crate::normalize::PartialDate { year: b.year, month: None, day: None }
    } else {
        b
    }
}

/// The linkage fields of one record (the one place the client and the benchmarks build them).
pub fn linkage_fields(
    keyer: &crate::pseudonym::MatchKeyer,
    encoder: &crate::clk::Encoder,
    ids: &Identifiers<'_>,
    country: Option<&str>,
) -> LinkageFields {
    linkage_fields_with_noise(keyer, encoder, ids, country, crate::clk::NAME_NOISE)
}

/// [`linkage_fields`] with another noise rate on the encoding of a record without a birth date (benchmarks measure
/// what the noise costs; the client always uses [`crate::clk::NAME_NOISE`]).
pub fn linkage_fields_with_noise(
    keyer: &crate::pseudonym::MatchKeyer,
    encoder: &crate::clk::Encoder,
    ids: &Identifiers<'_>,
    country: Option<&str>,
    noise: f64,
) -> LinkageFields {
    let birth = ids.birth.map(linkage_date);
    let ids = Identifiers {
        national_id: ids.national_id,
        migration_id: ids.migration_id,
        given: ids.given.clone(),
        family: ids.family.clone(),
        birth,
    };
    let keys = keyer.keys(&ids);
    let mut names: Vec<&str> = ids.given.iter().chain(ids.family.iter()).map(String::as_str).collect();
    names.sort_unstable();
    names.dedup();
    let (clk, clk_year) = if names.is_empty() {
        (None, None)
    } else {
        let f = crate::clk::Features {
            names,
            birth_year: birth.map(|b| b.year),
            birth_month: birth.and_then(|b| b.month),
            birth_day: birth.and_then(|b| b.day),
            country,
            other: vec![],
        };
        let year_only = crate::clk::Features { birth_month: None, birth_day: None, ..f.clone() };
        // Without a birth date the encoding is of the names (and country) alone: it is sent
        // with noise (clk::NAME_NOISE), once (two independent noisy copies could be combined to
        // take the noise back out).
        if birth.is_none() {
            let mut names_only = encoder.encode(&year_only);
            if !crate::clk::blip(&mut names_only, noise) {
                return LinkageFields { keys, clk: None, clk_year: None, birth };
            }
            (Some(names_only), Some(names_only))
        } else {
            (Some(encoder.encode(&f)), Some(encoder.encode(&year_only)))
        }
    };
    LinkageFields { keys, clk, clk_year, birth }
}

/// Smallest size class of a sent batch (plaintext bytes): every batch up to about 35 records
/// is this size.
pub(crate) const PAD_MIN: usize = 64 * 1024;
/// Above this the classes are multiples of [`PAD_STEP_LARGE`] instead of powers of two (so a
/// large batch is not doubled past the server's upload limit).
pub(crate) const PAD_DOUBLING_UNTIL: usize = 8 * 1024 * 1024;
pub(crate) const PAD_STEP_LARGE: usize = 2 * 1024 * 1024;

/// The size class of a plaintext of `len` bytes: 64 KiB, then the next power of two up to
/// 8 MiB, then the next multiple of 2 MiB. Within a class all batches have the same size; what
/// a size still tells is the class (about 35 records per 64 KiB: fewer than ~35, 35–70,
/// 70–140, … and above ~4 500 records the count to within ~1 100).
pub(crate) fn padded_len(len: usize) -> usize {
    if len <= PAD_MIN {
        PAD_MIN
    } else if len <= PAD_DOUBLING_UNTIL {
        len.next_power_of_two()
    } else {
        len.div_ceil(PAD_STEP_LARGE) * PAD_STEP_LARGE
    }
}

impl Batch {
    /// The exact bytes that are encrypted (and that `samla preview` prints).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut v = serde_json::to_vec_pretty(self).unwrap_or_default();
        v.push(b'\n');
        v
    }

    /// The bytes that are encrypted and sent: [`Batch::to_bytes`] padded with spaces (JSON
    /// whitespace, ignored when parsed) to its size class (`padded_len`), so the size of the
    /// ciphertext does not tell how many people a member reported within a class.
    pub fn to_padded_bytes(&self) -> Vec<u8> {
        let mut v = self.to_bytes();
        let target = padded_len(v.len());
        v.resize(target, b' ');
        v
    }

    /// Parse decrypted bytes and check them against the signed manifest and the schema.
    pub fn parse_and_check(bytes: &[u8], org: &str, year: i32, batch_id: uuid::Uuid) -> Result<Batch, BatchError> {
        /// The batch with its records still untyped: each is checked against the sent-record
        /// schema before it becomes a [`SentRecord`].
        #[derive(Deserialize)]
        struct Raw {
            format: String,
            schema_version: String,
            year: i32,
            org: String,
            batch_id: uuid::Uuid,
            created_at: String,
            #[serde(default)]
            linkage_id: Option<String>,
            records: Vec<Value>,
        }
        let b: Raw = serde_json::from_slice(bytes).map_err(|e| BatchError::Parse(e.to_string()))?;
        if b.format != BATCH_FORMAT {
            return Err(BatchError::Parse(format!("format {:?}", b.format)));
        }
        if b.org != org {
            return Err(BatchError::Mismatch { field: "org", found: b.org, expected: org.into() });
        }
        if b.year != year {
            return Err(BatchError::Mismatch { field: "year", found: b.year.to_string(), expected: year.to_string() });
        }
        if b.batch_id != batch_id {
            return Err(BatchError::Mismatch {
                field: "batch_id",
                found: b.batch_id.to_string(),
                expected: batch_id.to_string(),
            });
        }
        let contract = Contract::version(&b.schema_version).map_err(|e| BatchError::Parse(e.to_string()))?;
        let mut records = Vec::with_capacity(b.records.len());
        for (i, v) in b.records.into_iter().enumerate() {
            let first =
                contract.sent_validator.iter_errors(&v).next().map(|e| format!("{} at {}", e, e.instance_path()));
            if let Some(what) = first {
                return Err(BatchError::Record { index: i, what });
            }
            // Moved, not copied, into the typed record.
            records.push(
                serde_json::from_value::<SentRecord>(v)
                    .map_err(|e| BatchError::Record { index: i, what: e.to_string() })?,
            );
        }
        Ok(Batch {
            format: b.format,
            schema_version: b.schema_version,
            year: b.year,
            org: b.org,
            batch_id: b.batch_id,
            created_at: b.created_at,
            linkage_id: b.linkage_id,
            records,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::read_csv;
    use crate::validate::{validate, Context};
    use time::macros::date;

    const CANARY: &str =
        "local_id;given_name;family_name;birth_date;national_id;migration_id;relation;related_to;gender\n\
        CASE-Zq81;Kanariefågel;Xylofonsson;1987-06-05;870605-1235;99887766;direct;;female\n\
        CASE-Zq82;Lillebarn;Xylofonsson;2019-01-02;;;indirect_child;CASE-Zq81;male\n";

    /// A batch of `n` direct people, encrypted as the client sends it; its ciphertext length.
    fn sent_len(n: usize, recipient: &crate::crypto::age::x25519::Recipient) -> usize {
        let mut csv = String::from("local_id;given_name;family_name;birth_date;gender\n");
        for i in 0..n {
            csv.push_str(&format!("P-{i};Namn{i};Efternamn{i};1990-03-{:02};female\n", 1 + i % 28));
        }
        let c = Contract::for_year(2024).expect("c");
        let ctx = Context { contract: c, year: 2024, today: date!(2025 - 02 - 01) };
        let rows = validate(&read_csv(csv.as_bytes()).expect("csv"), &ctx).expect("valid");
        let meta = BatchMeta {
            year: 2024,
            org: "org-a".into(),
            batch_id: uuid::Uuid::new_v4(),
            created_at: "2025-01-20T10:00:00.123456Z".into(),
        };
        let b = build(&rows, c, meta, &LinkageSecret::generate().expect("l"), &MemberSecret::generate().expect("m"));
        let plain = b.to_padded_bytes();
        assert_eq!(plain.len(), padded_len(b.to_bytes().len()));
        // The padding is JSON whitespace: the admin reads the batch as before.
        let back = Batch::parse_and_check(&plain, "org-a", 2024, b.batch_id).expect("parses");
        assert_eq!(back.records.len(), n);
        crate::crypto::encrypt(&plain, std::slice::from_ref(recipient)).expect("encrypt").len()
    }

    #[test]
    fn batches_of_one_and_of_many_records_in_one_class_have_the_same_size() {
        // age adds a random "grease" stanza to each header (up to a few hundred bytes, the same
        // whatever the content): sizes in one class differ by that noise only.
        const GREASE: usize = 512;
        let id = crate::crypto::age::x25519::Identity::generate();
        let rec = id.to_public();
        let close = |a: usize, b: usize| a.abs_diff(b) < GREASE;
        let one = sent_len(1, &rec);
        assert!(close(one, sent_len(4, &rec)), "1 and 4 records");
        assert!(close(one, sent_len(20, &rec)), "1 and 20 records");
        assert!(sent_len(60, &rec) > one + PAD_MIN - GREASE, "a larger class is larger");
        assert!(close(sent_len(60, &rec), sent_len(80, &rec)), "60 and 80 records share a class");
    }

    #[test]
    fn size_classes() {
        assert_eq!(padded_len(1), PAD_MIN);
        assert_eq!(padded_len(PAD_MIN), PAD_MIN);
        assert_eq!(padded_len(PAD_MIN + 1), 2 * PAD_MIN);
        assert_eq!(padded_len(PAD_DOUBLING_UNTIL), PAD_DOUBLING_UNTIL);
        assert_eq!(padded_len(PAD_DOUBLING_UNTIL + 1), PAD_DOUBLING_UNTIL + PAD_STEP_LARGE);
        for len in [1usize, 5_000, 70_000, 3_000_000, 9_999_999, 30_000_000] {
            let p = padded_len(len);
            assert!(p >= len && padded_len(p) == p, "{len} → {p}: a class holds itself");
        }
    }

    #[test]
    fn no_identifying_value_or_unkeyed_hash_leaves_the_client() {
        let c = Contract::for_year(2024).expect("c");
        let ctx = Context { contract: c, year: 2024, today: date!(2025 - 02 - 01) };
        let rows = validate(&read_csv(CANARY.as_bytes()).expect("csv"), &ctx).expect("valid");
        let l = LinkageSecret::generate().expect("l");
        let m = MemberSecret::generate().expect("m");
        let meta = BatchMeta {
            year: 2024,
            org: "org-a".into(),
            batch_id: uuid::Uuid::new_v4(),
            created_at: "2025-01-20T10:00:00Z".into(),
        };
        let b = build(&rows, c, meta, &l, &m);
        let text = String::from_utf8(b.to_bytes()).expect("utf8").to_lowercase();
        let mut forbidden: Vec<String> = vec![
            "CASE-Zq81",
            "CASE-Zq82",
            "Kanariefågel",
            "kanariefagel",
            "Xylofonsson",
            "Lillebarn",
            "1987-06-05",
            // Long enough not to occur by chance in the batch's hex keys (a 6-digit "870605"
            // could).
            "870605-1235",
            "198706051235",
            "8706051235",
            "2019-01-02",
        ]
        .into_iter()
        .map(str::to_lowercase)
        .collect();
        // Unkeyed hashes of identifying values and of the canonical strings the keys are built from.
        let plain = [
            "CASE-Zq81",
            "Kanariefågel",
            "kanariefagel",
            "kanariefagel xylofonsson",
            "1987-06-05",
            "198706051235",
            "870605-1235",
            "99887766",
            "D|kanariefagel xylofonsson|1987-06-05",
            "Y|kanariefagel xylofonsson|1987",
        ];
        for p in plain {
            for alg in [&ring::digest::SHA256, &ring::digest::SHA1_FOR_LEGACY_USE_ONLY, &ring::digest::SHA512] {
                forbidden.push(hex::encode(ring::digest::digest(alg, p.as_bytes()).as_ref()));
            }
        }
        for f in &forbidden {
            assert!(!text.contains(f.as_str()), "batch contains {f:?}");
        }
        // And what is sent is what the contract allows.
        let back = Batch::parse_and_check(&b.to_bytes(), "org-a", 2024, b.batch_id).expect("check");
        assert_eq!(back.records.len(), 2);
        assert_eq!(back.records[1].related_to_ref.as_ref(), Some(&back.records[0].record_ref));
        assert_eq!(back.records[0].stats["birth_year"], 1987);
        assert!(back.records[0].match_keys.len() >= 4);
        assert!(back.records[0].clk.is_some() && back.records[0].clk_year.is_some());
        // One frame of clk::BITS bits on the wire; an older client's double frame is checked
        // and read as no encoding (the record still links by its keys), not refused.
        let wire: serde_json::Value = serde_json::from_slice(&b.to_bytes()).expect("json");
        let frame = wire["records"][0]["clk"].as_str().expect("clk").to_string();
        use base64::Engine as _;
        let bytes = base64::engine::general_purpose::STANDARD.decode(&frame).expect("base64");
        assert_eq!(bytes.len(), crate::clk::BITS / 8);
        let mut old = wire.clone();
        let legacy = base64::engine::general_purpose::STANDARD.encode([bytes.clone(), vec![0u8; bytes.len()]].concat());
        old["records"][0]["clk"] = legacy.into();
        let old_bytes = serde_json::to_vec(&old).expect("json");
        let back = Batch::parse_and_check(&old_bytes, "org-a", 2024, b.batch_id).expect("an old frame is checked");
        assert!(back.records[0].clk.is_none() && back.records[0].clk_year.is_some());
        old["records"][0]["clk"] = base64::engine::general_purpose::STANDARD.encode(&bytes[..100]).into();
        assert!(Batch::parse_and_check(&serde_json::to_vec(&old).expect("json"), "org-a", 2024, b.batch_id).is_err());
    }

    #[test]
    fn manifest_mismatch_and_foreign_fields_are_refused() {
        let b = Batch {
            format: BATCH_FORMAT.into(),
            schema_version: "1".into(),
            year: 2024,
            org: "org-a".into(),
            batch_id: uuid::Uuid::new_v4(),
            created_at: "x".into(),
            linkage_id: None,
            records: vec![serde_json::from_str(
                r#"{"record_ref":"00","relation":"direct","match_keys":[],"given_name":"Eve"}"#,
            )
            .expect("json")],
        };
        assert!(Batch::parse_and_check(&b.to_bytes(), "org-b", 2024, b.batch_id).is_err());
        assert!(matches!(
            Batch::parse_and_check(&b.to_bytes(), "org-a", 2024, b.batch_id),
            Err(BatchError::Record { .. })
        ));
        assert!(Batch::parse_and_check(b"{}", "org-a", 2024, b.batch_id).is_err());
    }
}
