//! Keyed pseudonyms.
//!
//! Every match key is `HMAC-SHA256(K_purpose, canonical value)`, where `K_purpose` is derived
//! from the platform-wide **linkage secret** with HKDF-SHA256, domain-separated by purpose and
//! data-contract version. The admin and the server never hold the linkage secret, so they cannot
//! run a dictionary of names and birth dates against the keys. `local_id` is sent only as a
//! keyed hash under the member's **own** secret, so even other members cannot recognise it.

use std::collections::BTreeSet;

use base64::Engine as _;
use ring::{hkdf, hmac, rand::SecureRandom};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::normalize::{canonical_set, PartialDate};

const LINKAGE_PREFIX: &str = "samla-linkage-secret-v1:";
const MEMBER_PREFIX: &str = "samla-member-secret-v1:";

/// Errors with secrets.
#[derive(Debug, thiserror::Error)]
pub enum PseudonymError {
    #[error("not a Samla {0} (expected a line starting with {1:?})")]
    Format(&'static str, &'static str),
    #[error("the system random generator failed")]
    Random,
}

/// A 32-byte secret, zeroized when dropped.
struct Secret32(Zeroizing<[u8; 32]>);

impl Secret32 {
    fn generate() -> Result<Self, PseudonymError> {
        let mut k = Zeroizing::new([0u8; 32]);
        ring::rand::SystemRandom::new().fill(&mut k[..]).map_err(|_| PseudonymError::Random)?;
        Ok(Secret32(k))
    }
    fn parse(text: &str, prefix: &'static str, what: &'static str) -> Result<Self, PseudonymError> {
        let b64 = text.trim().strip_prefix(prefix).ok_or(PseudonymError::Format(what, prefix))?;
        let raw = Zeroizing::new(
            base64::engine::general_purpose::STANDARD
                .decode(b64.trim())
                .map_err(|_| PseudonymError::Format(what, prefix))?,
        );
        let arr: [u8; 32] = raw[..].try_into().map_err(|_| PseudonymError::Format(what, prefix))?;
        Ok(Secret32(Zeroizing::new(arr)))
    }
    fn encode(&self, prefix: &str) -> Zeroizing<String> {
        Zeroizing::new(format!("{prefix}{}\n", base64::engine::general_purpose::STANDARD.encode(&self.0[..])))
    }
    fn derive(&self, salt: &[u8], info: &str) -> hmac::Key {
        let prk = hkdf::Salt::new(hkdf::HKDF_SHA256, salt).extract(&self.0[..]);
        let info = [info.as_bytes()];
        match prk.expand(&info, hmac::HMAC_SHA256) {
            Ok(okm) => hmac::Key::from(okm),
            // expand only fails for output lengths > 255*32; HMAC_SHA256 is 32 bytes.
            Err(_) => unreachable!("HKDF output length is fixed and valid"),
        }
    }
}

/// The platform-wide linkage secret (held by members only).
pub struct LinkageSecret(Secret32);

impl LinkageSecret {
    pub fn generate() -> Result<Self, PseudonymError> {
        Secret32::generate().map(LinkageSecret)
    }
    pub fn parse(text: &str) -> Result<Self, PseudonymError> {
        Secret32::parse(text, LINKAGE_PREFIX, "linkage secret").map(LinkageSecret)
    }
    pub fn encode(&self) -> Zeroizing<String> {
        self.0.encode(LINKAGE_PREFIX)
    }
    /// The secret's id: a keyed fingerprint (HMAC under a key derived from the secret itself,
    /// 128 bits, hex). Every batch carries it so the aggregation can refuse to link batches
    /// made under different secrets; it tells nothing about the secret.
    pub fn id(&self) -> String {
        let k = self.0.derive(b"samla linkage", "samla/linkage-secret-id");
        hex::encode(&hmac::sign(&k, b"samla linkage secret id").as_ref()[..16])
    }
    /// Key material for the Bloom-filter encodings of one data-contract version.
    pub fn clk_key(&self, schema_version: &str) -> Zeroizing<[u8; 32]> {
        struct Len;
        impl hkdf::KeyType for Len {
            fn len(&self) -> usize {
                32
            }
        }
        let prk = hkdf::Salt::new(hkdf::HKDF_SHA256, b"samla linkage").extract(&self.0 .0[..]);
        let info = format!("samla/v{schema_version}/clk");
        let info = [info.as_bytes()];
        let mut out = Zeroizing::new([0u8; 32]);
        match prk.expand(&info, Len).and_then(|okm| okm.fill(&mut out[..])) {
            Ok(()) => out,
            Err(_) => unreachable!("HKDF output of 32 bytes is always valid"),
        }
    }

    /// The per-purpose match-key keys for one data-contract version.
    pub fn match_keyer(&self, schema_version: &str) -> MatchKeyer {
        let k =
            |purpose: &str| self.0.derive(b"samla linkage", &format!("samla/v{schema_version}/match-key/{purpose}"));
        MatchKeyer { national_id: k("national_id"), migration_id: k("migration_id"), name: k("name+birth-date") }
    }
}

/// A member's own secret, used for `record_ref` (keyed hash of `local_id`).
pub struct MemberSecret(Secret32);

impl MemberSecret {
    pub fn generate() -> Result<Self, PseudonymError> {
        Secret32::generate().map(MemberSecret)
    }
    pub fn parse(text: &str) -> Result<Self, PseudonymError> {
        Secret32::parse(text, MEMBER_PREFIX, "member secret").map(MemberSecret)
    }
    pub fn encode(&self) -> Zeroizing<String> {
        self.0.encode(MEMBER_PREFIX)
    }
    pub(crate) fn record_refs(&self, schema_version: &str) -> RecordRefKeyer {
        RecordRefKeyer(self.0.derive(b"samla member", &format!("samla/v{schema_version}/record-ref")))
    }
}

/// Computes `record_ref` values.
pub struct RecordRefKeyer(hmac::Key);

impl RecordRefKeyer {
    pub fn record_ref(&self, local_id: &str) -> String {
        hex::encode(hmac::sign(&self.0, local_id.trim().as_bytes()).as_ref())
    }
}

/// The kind of evidence a match key carries, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    NationalId,
    MigrationId,
    NameDate,
    /// Transliteration-folded name codes (see [`crate::clk::phonetic`]) + full date: links
    /// Mohammed/Muhammad, Olga/Olha, Aleksandr/Alexander when the full birth date agrees.
    PhoneticDate,
    NameMonth,
    NameYear,
    /// Given names + full date, from a record that also has a family name.
    GivenDate,
    /// Given names + full date, from a record without a family name. Links only with a record
    /// of either given-name kind, so two people who share a given name and a birth date but
    /// have different family names are never linked by it.
    GivenOnlyDate,
}

impl MatchKind {
    /// Exact identifiers may link two records of the same member; name keys may not.
    pub fn is_exact_identifier(self) -> bool {
        matches!(self, MatchKind::NationalId | MatchKind::MigrationId)
    }
}

/// One keyed match key as sent.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct MatchKey {
    pub kind: MatchKind,
    pub key: String,
}

/// Derived HMAC keys for match keys.
pub struct MatchKeyer {
    national_id: hmac::Key,
    migration_id: hmac::Key,
    name: hmac::Key,
}

/// The identifying inputs of one record, already normalised.
#[derive(Default)]
pub struct Identifiers<'a> {
    pub national_id: Option<&'a str>,
    pub migration_id: Option<&'a str>,
    pub given: BTreeSet<String>,
    pub family: BTreeSet<String>,
    pub birth: Option<PartialDate>,
}

impl MatchKeyer {
    fn mac(key: &hmac::Key, s: &str) -> String {
        let s = Zeroizing::new(s.to_string());
        hex::encode(hmac::sign(key, s.as_bytes()).as_ref())
    }

    /// All match keys of one record (see docs/LINKAGE.md for the key families):
    ///
    /// - exact: normalised national id, migration id;
    /// - name + birth date at every precision the record has (day, month, year), over the full
    ///   name-token set and, when a family name is present, over the given-name tokens alone,
    ///   so a record whose family name is missing elsewhere still links;
    /// - a weak key is not emitted: one name token, or the given names alone, need a full date;
    ///   month and year precision need at least two tokens of the full name.
    pub fn keys(&self, ids: &Identifiers<'_>) -> Vec<MatchKey> {
        let mut out = BTreeSet::new();
        if let Some(n) = ids.national_id {
            out.insert(MatchKey { kind: MatchKind::NationalId, key: Self::mac(&self.national_id, n) });
        }
        if let Some(m) = ids.migration_id {
            out.insert(MatchKey { kind: MatchKind::MigrationId, key: Self::mac(&self.migration_id, m) });
        }
        if let Some(b) = ids.birth {
            let full: BTreeSet<String> = ids.given.union(&ids.family).cloned().collect();
            if !full.is_empty() {
                let names = Zeroizing::new(canonical_set(&full));
                let n = full.len();
                let mut push = |kind: MatchKind, tag: &str, names: &str, date: String| {
                    let s = Zeroizing::new(format!("{tag}|{names}|{date}"));
                    out.insert(MatchKey { kind, key: Self::mac(&self.name, &s) });
                };
                if let (Some(m), Some(d)) = (b.month, b.day) {
                    let date = format!("{:04}-{m:02}-{d:02}", b.year);
                    push(MatchKind::NameDate, "D", &names, date.clone());
                    if n >= 2 {
                        let mut codes: Vec<String> =
                            full.iter().map(|t| crate::clk::phonetic(t)).filter(|c| !c.is_empty()).collect();
                        codes.sort_unstable();
                        codes.dedup();
                        if codes.len() >= 2 {
                            push(MatchKind::PhoneticDate, "P", &codes.join(" "), date.clone());
                        }
                    }
                    if !ids.given.is_empty() {
                        let given = Zeroizing::new(canonical_set(&ids.given));
                        let kind = if ids.family.is_empty() { MatchKind::GivenOnlyDate } else { MatchKind::GivenDate };
                        push(kind, "G", &given, date);
                    }
                }
                if n >= 2 {
                    if let Some(m) = b.month {
                        push(MatchKind::NameMonth, "M", &names, format!("{:04}-{m:02}", b.year));
                    }
                    push(MatchKind::NameYear, "Y", &names, format!("{:04}", b.year));
                }
            }
        }
        out.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::name_tokens;
    use time::macros::date;

    fn ids<'a>(given: &str, family: &str, birth: &str) -> Identifiers<'a> {
        Identifiers {
            national_id: None,
            migration_id: None,
            given: name_tokens(given).into_iter().collect(),
            family: name_tokens(family).into_iter().collect(),
            birth: Some(PartialDate::parse(birth, date!(2025 - 01 - 01)).expect("date")),
        }
    }

    fn shares(a: &[MatchKey], b: &[MatchKey]) -> bool {
        a.iter().any(|k| b.contains(k))
    }

    #[test]
    fn secrets_round_trip_and_reject_garbage() {
        let s = LinkageSecret::generate().expect("gen");
        let t = s.encode();
        let s2 = LinkageSecret::parse(&t).expect("parse");
        let a = s.match_keyer("1").keys(&ids("Olga", "Ivanova", "1990-03-04"));
        let b = s2.match_keyer("1").keys(&ids("Olga", "Ivanova", "1990-03-04"));
        assert_eq!(a, b);
        assert!(LinkageSecret::parse("hello").is_err());
        assert!(LinkageSecret::parse(&MemberSecret::generate().expect("g").encode()).is_err());
    }

    #[test]
    fn keys_depend_on_the_secret_and_the_version() {
        let s1 = LinkageSecret::generate().expect("gen");
        let s2 = LinkageSecret::generate().expect("gen");
        let r = ids("Olga", "Ivanova", "1990-03-04");
        assert!(!shares(&s1.match_keyer("1").keys(&r), &s2.match_keyer("1").keys(&r)));
        assert!(!shares(&s1.match_keyer("1").keys(&r), &s1.match_keyer("2").keys(&r)));
    }

    #[test]
    fn tolerated_variations_share_a_key() {
        let k = LinkageSecret::generate().expect("gen").match_keyer("1");
        let base = k.keys(&ids("Amina", "Bello", "1994-05-17"));
        assert!(shares(&base, &k.keys(&ids("Bello", "Amina", "1994-05-17"))), "swapped");
        assert!(shares(&base, &k.keys(&ids("AMINA", "Belló", "1994-05-17"))), "case/diacritic");
        assert!(shares(&base, &k.keys(&ids("Amina", "Bello", "1994"))), "year only");
        assert!(shares(&base, &k.keys(&ids("Amina", "Bello", "1994-05"))), "month only");
        // Family name missing: the given-name key has the same value, of the kind that links
        // only with a record without family name (the aggregation pairs the two kinds).
        let missing = k.keys(&ids("Amina", "", "1994-05-17"));
        let g = missing.iter().find(|x| x.kind == MatchKind::GivenOnlyDate).expect("given-only key");
        assert!(base.iter().any(|x| x.kind == MatchKind::GivenDate && x.key == g.key), "family missing");
    }

    #[test]
    fn different_people_share_no_key() {
        let k = LinkageSecret::generate().expect("gen").match_keyer("1");
        let a = k.keys(&ids("Amina", "Bello", "1994-05-17"));
        assert!(!shares(&a, &k.keys(&ids("Amina", "Bello", "1995-05-17"))));
        assert!(!shares(&a, &k.keys(&ids("Amina", "Okafor", "1994"))));
        // Same given name and birth date, different family names: only the given-name keys
        // agree, and two records that both have a family name never link by those.
        let b = k.keys(&ids("Amina", "Okafor", "1994-05-17"));
        let shared: Vec<&MatchKey> = a.iter().filter(|x| b.contains(x)).collect();
        assert!(shared.iter().all(|x| x.kind == MatchKind::GivenDate), "{shared:?}");
        // one token + year only is too weak to emit at all
        assert!(k.keys(&ids("Amina", "", "1994")).is_empty());
    }

    proptest::proptest! {
        #[test]
        fn keys_ignore_case_order_and_diacritics(
            given in "[A-Za-zÀ-ÿ]{2,10}( [A-Za-zÀ-ÿ]{2,10})?",
            family in "[A-Za-zÀ-ÿ]{2,10}",
            y in 1950i32..2010, m in 1u8..=12, d in 1u8..=28,
        ) {
            let k = LinkageSecret::parse(&"samla-linkage-secret-v1:".to_string().chars().chain(
                base64::engine::general_purpose::STANDARD.encode([7u8; 32]).chars()).collect::<String>()).expect("secret").match_keyer("1");
            let date = format!("{y:04}-{m:02}-{d:02}");
            let a = k.keys(&ids(&given, &family, &date));
            let cased = k.keys(&ids(&given.to_uppercase(), &family.to_lowercase(), &date));
            proptest::prop_assert!(!a.is_empty());
            proptest::prop_assert_eq!(&a, &cased);
            proptest::prop_assert!(shares(&a, &k.keys(&ids(&family, &given, &date))), "swapped names share the full-name keys");
            let folded = deunicode::deunicode(&given);
            proptest::prop_assert!(shares(&a, &k.keys(&ids(&folded, &family, &date))));
            // Keys never contain the input in any recognisable form.
            for key in &a {
                proptest::prop_assert_eq!(key.key.len(), 64);
                proptest::prop_assert!(!key.key.contains(&date.replace('-', "")));
            }
        }
    }

    #[test]
    fn record_refs_are_keyed_per_member() {
        let a = MemberSecret::generate().expect("g").record_refs("1");
        let b = MemberSecret::generate().expect("g").record_refs("1");
        assert_eq!(a.record_ref("K-17"), a.record_ref(" K-17 "));
        assert_ne!(a.record_ref("K-17"), b.record_ref("K-17"));
        assert_eq!(a.record_ref("K-17").len(), 64);
    }
}
