//! The signed upload manifest and the server's signed receipt.
//!
//! age has no sender authentication, so each upload carries a **manifest** (who, which year,
//! which batch, the SHA-256 of the ciphertext) signed with the member's Ed25519 key. The server
//! answers with a **receipt** signed with its own Ed25519 key. Signatures cover the exact bytes
//! sent, prefixed with a domain-separation tag, so a signature of one kind can never be replayed
//! as the other.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use ring::signature::{self, Ed25519KeyPair, KeyPair as _};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

const MANIFEST_TAG: &[u8] = b"samla/v1/manifest\0";
const RECEIPT_TAG: &[u8] = b"samla/v1/receipt\0";
const KEY_PREFIX: &str = "samla-ed25519-pkcs8-v1:";
const PUB_PREFIX: &str = "samla-ed25519:";

/// Errors of signing, verification and parsing.
#[derive(Debug, thiserror::Error)]
pub enum EnvelopeError {
    #[error("not a Samla signing key")]
    BadKey,
    #[error("not a Samla public key (expected samla-ed25519:…)")]
    BadPublicKey,
    #[error("the signature does not verify")]
    BadSignature,
    #[error("malformed {0}")]
    Malformed(&'static str),
    #[error("the system random generator failed")]
    Random,
}

/// An Ed25519 signing key (member or server).
pub struct SigningKey {
    pair: Ed25519KeyPair,
    pkcs8: Zeroizing<Vec<u8>>,
}

impl SigningKey {
    pub fn generate() -> Result<Self, EnvelopeError> {
        let rng = ring::rand::SystemRandom::new();
        let doc = Ed25519KeyPair::generate_pkcs8(&rng).map_err(|_| EnvelopeError::Random)?;
        Self::from_pkcs8(doc.as_ref())
    }
    fn from_pkcs8(der: &[u8]) -> Result<Self, EnvelopeError> {
        let pair = Ed25519KeyPair::from_pkcs8(der).map_err(|_| EnvelopeError::BadKey)?;
        Ok(SigningKey { pair, pkcs8: Zeroizing::new(der.to_vec()) })
    }
    /// Parse the text form written by [`SigningKey::encode`].
    pub fn parse(text: &str) -> Result<Self, EnvelopeError> {
        let b64 = text.trim().strip_prefix(KEY_PREFIX).ok_or(EnvelopeError::BadKey)?;
        let der = Zeroizing::new(STANDARD.decode(b64).map_err(|_| EnvelopeError::BadKey)?);
        Self::from_pkcs8(&der)
    }
    /// Text form, for a 0600 file.
    pub fn encode(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("{KEY_PREFIX}{}\n", STANDARD.encode(&self.pkcs8[..])))
    }
    pub fn public(&self) -> PublicKey {
        let mut k = [0u8; 32];
        k.copy_from_slice(self.pair.public_key().as_ref());
        PublicKey(k)
    }
    /// A signature for one purpose (`purpose` is a domain-separation tag: a signature made for
    /// one purpose never verifies for another): invitations, deliveries, custodian requests.
    pub fn sign_for(&self, purpose: &str, msg: &[u8]) -> String {
        URL_SAFE_NO_PAD.encode(self.sign(format!("samla/v1/{purpose}\0").as_bytes(), msg))
    }
    fn sign(&self, tag: &[u8], msg: &[u8]) -> Vec<u8> {
        let mut m = Vec::with_capacity(tag.len() + msg.len());
        m.extend_from_slice(tag);
        m.extend_from_slice(msg);
        self.pair.sign(&m).as_ref().to_vec()
    }
}

/// An Ed25519 public key, written `samla-ed25519:<base64url>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicKey(pub [u8; 32]);

impl PublicKey {
    /// Check a signature made by [`SigningKey::sign_for`] for the same purpose.
    pub fn verify_for(&self, purpose: &str, msg: &[u8], signature: &str) -> Result<(), EnvelopeError> {
        let sig = URL_SAFE_NO_PAD.decode(signature.trim()).map_err(|_| EnvelopeError::Malformed("signature"))?;
        self.verify(format!("samla/v1/{purpose}\0").as_bytes(), msg, &sig)
    }
    /// A short fingerprint of the key (SHA-256, first 16 bytes, hex), for invitation codes and
    /// for people comparing keys by eye.
    pub fn fingerprint(&self) -> String {
        sha256_hex(&self.0)[..32].to_string()
    }
    fn verify(&self, tag: &[u8], msg: &[u8], sig: &[u8]) -> Result<(), EnvelopeError> {
        let mut m = Vec::with_capacity(tag.len() + msg.len());
        m.extend_from_slice(tag);
        m.extend_from_slice(msg);
        signature::UnparsedPublicKey::new(&signature::ED25519, &self.0)
            .verify(&m, sig)
            .map_err(|_| EnvelopeError::BadSignature)
    }
}

impl std::fmt::Display for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{PUB_PREFIX}{}", URL_SAFE_NO_PAD.encode(self.0))
    }
}

impl std::str::FromStr for PublicKey {
    type Err = EnvelopeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let b = s.trim().strip_prefix(PUB_PREFIX).ok_or(EnvelopeError::BadPublicKey)?;
        let raw = URL_SAFE_NO_PAD.decode(b).map_err(|_| EnvelopeError::BadPublicKey)?;
        let k: [u8; 32] = raw.try_into().map_err(|_| EnvelopeError::BadPublicKey)?;
        Ok(PublicKey(k))
    }
}

/// What the member signs for each upload. The server sees it in the clear: it carries no
/// record content (not even a record count).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: String,
    pub org: String,
    pub year: i32,
    pub batch_id: uuid::Uuid,
    pub schema_version: String,
    pub created_at: String,
    pub ciphertext_sha256: String,
    pub ciphertext_len: u64,
}

pub const MANIFEST_FORMAT: &str = "samla-manifest-v1";

/// Whether `s` is a valid member id: 2–64 characters of a–z, 0–9, `-` and `_`, starting with a
/// letter or digit (so an id can never be a path or carry markup).
pub fn valid_org_id(s: &str) -> bool {
    let b = s.as_bytes();
    (2..=64).contains(&b.len())
        && b[0].is_ascii_alphanumeric()
        && b.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-' || *c == b'_')
}

/// Current time as RFC 3339 UTC with second precision (manifests, receipts, the audit log).
pub fn now_rfc3339() -> String {
    let t = time::OffsetDateTime::now_utc();
    t.replace_nanosecond(0).unwrap_or(t).format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}

/// Current time as RFC 3339 UTC with microseconds: the `created_at` of a batch, which orders a
/// member's batches (the server refuses one that is not newer than the batch it counts), so
/// two batches sealed within one second still have an order.
pub fn now_rfc3339_precise() -> String {
    let t = time::OffsetDateTime::now_utc();
    let t = t.replace_nanosecond(t.microsecond() * 1000).unwrap_or(t);
    t.format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}

/// A time as a person reads it, to the minute: `2025-02-10 14:03 UTC` (what is not RFC 3339 is
/// shown as it is).
pub fn display_time(rfc3339: &str) -> String {
    match parse_rfc3339(rfc3339) {
        Some(t) => {
            let t = t.to_offset(time::UtcOffset::UTC);
            format!("{} {:02}:{:02} UTC", t.date(), t.hour(), t.minute())
        }
        None => rfc3339.to_string(),
    }
}

/// The last day an end-of-day instant includes: a deadline stored as `2025-03-02T00:00:00Z`
/// (the first moment after it) is the day `2025-03-01`, as it was typed.
pub fn display_last_day(rfc3339: &str) -> String {
    match parse_rfc3339(rfc3339) {
        Some(t) => (t.to_offset(time::UtcOffset::UTC) - time::Duration::seconds(1)).date().to_string(),
        None => rfc3339.to_string(),
    }
}

/// Parse an RFC 3339 time (as written by [`now_rfc3339`] or [`now_rfc3339_precise`]).
pub fn parse_rfc3339(s: &str) -> Option<time::OffsetDateTime> {
    time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).ok()
}

/// SHA-256 hex of bytes.
pub fn sha256_hex(b: &[u8]) -> String {
    hex::encode(ring::digest::digest(&ring::digest::SHA256, b).as_ref())
}

/// A manifest as signed and sent: exact bytes + signature (both base64url in HTTP headers).
#[derive(Debug, Clone)]
pub struct SignedManifest {
    pub bytes: Vec<u8>,
    pub signature: Vec<u8>,
}

impl SignedManifest {
    pub fn sign(m: &Manifest, key: &SigningKey) -> Result<Self, EnvelopeError> {
        let bytes = serde_json::to_vec(m).map_err(|_| EnvelopeError::Malformed("manifest"))?;
        let signature = key.sign(MANIFEST_TAG, &bytes);
        Ok(SignedManifest { bytes, signature })
    }
    /// Header values: (manifest, signature), base64url without padding.
    pub fn to_headers(&self) -> (String, String) {
        (URL_SAFE_NO_PAD.encode(&self.bytes), URL_SAFE_NO_PAD.encode(&self.signature))
    }
    pub fn from_headers(manifest: &str, signature: &str) -> Result<Self, EnvelopeError> {
        if manifest.len() > 4096 || signature.len() > 200 {
            return Err(EnvelopeError::Malformed("manifest header (too long)"));
        }
        Ok(SignedManifest {
            bytes: URL_SAFE_NO_PAD.decode(manifest).map_err(|_| EnvelopeError::Malformed("manifest header"))?,
            signature: URL_SAFE_NO_PAD.decode(signature).map_err(|_| EnvelopeError::Malformed("signature header"))?,
        })
    }
    /// Parse without verifying (to find out who claims to have signed).
    pub fn parse_unverified(&self) -> Result<Manifest, EnvelopeError> {
        let m: Manifest = serde_json::from_slice(&self.bytes).map_err(|_| EnvelopeError::Malformed("manifest"))?;
        if m.format != MANIFEST_FORMAT {
            return Err(EnvelopeError::Malformed("manifest (unknown format)"));
        }
        Ok(m)
    }
    /// Verify with the member's key, then parse.
    pub fn verify(&self, key: &PublicKey) -> Result<Manifest, EnvelopeError> {
        key.verify(MANIFEST_TAG, &self.bytes, &self.signature)?;
        self.parse_unverified()
    }
}

/// The server's acknowledgement of a durably stored batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub format: String,
    pub batch_id: uuid::Uuid,
    pub org: String,
    pub year: i32,
    pub ciphertext_sha256: String,
    pub received_at: String,
    /// The batch this one supersedes, if any.
    pub supersedes: Option<uuid::Uuid>,
    /// Hash of the server's audit log after this upload was written to it (`samla-server audit
    /// verify` checks that every receipt's head is in the chain: a deleted or edited entry
    /// shows). Absent in receipts from before the chain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit_head: Option<String>,
    /// The upload's entry number in the audit log and the log's **accumulator** there
    /// ([`audit_acc`] folded over every entry's hash): a member can later ask the server to
    /// prove that its log still extends this one (`samla status`). Absent from older receipts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit_index: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit_acc: Option<String>,
}

/// The audit accumulator before the first entry.
pub const AUDIT_ACC_GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One step of the audit accumulator: `acc' = SHA-256(tag, acc, entry hash)`. Folding it over
/// the entries' hashes from a receipt's accumulator to the log's end proves that the log
/// extends what the receipt saw, without showing any entry's content (the hashes say nothing).
pub fn audit_acc(acc: &str, entry_hash: &str) -> String {
    sha256_hex(format!("samla-audit-acc-v1\n{acc}\n{entry_hash}").as_bytes())
}

/// `GET /v1/members/{org}/audit-proof?from=N`: the hashes of the entries after `from` and the
/// accumulator at `to`, signed by the server (purpose `audit-proof`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditProof {
    pub from: i64,
    pub to: i64,
    pub acc_to: String,
    pub hashes: Vec<String>,
}

impl AuditProof {
    pub fn signed_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// Whether folding the hashes onto `acc_from` (the accumulator a receipt carried at
    /// `from`) gives `acc_to`.
    pub fn extends(&self, acc_from: &str) -> bool {
        self.to - self.from == self.hashes.len() as i64
            && self.hashes.iter().fold(acc_from.to_string(), |acc, h| audit_acc(&acc, h)) == self.acc_to
    }
}

pub const RECEIPT_FORMAT: &str = "samla-receipt-v1";

/// A receipt as sent by the server and kept by the member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedReceipt {
    /// base64 of the exact receipt bytes that were signed.
    pub receipt: String,
    /// base64 of the Ed25519 signature.
    pub signature: String,
    /// The server's public key (informative; verification uses the pinned key).
    pub server_key: String,
}

impl SignedReceipt {
    pub fn sign(r: &Receipt, key: &SigningKey) -> Result<Self, EnvelopeError> {
        let bytes = serde_json::to_vec(r).map_err(|_| EnvelopeError::Malformed("receipt"))?;
        Ok(SignedReceipt {
            signature: STANDARD.encode(key.sign(RECEIPT_TAG, &bytes)),
            receipt: STANDARD.encode(&bytes),
            server_key: key.public().to_string(),
        })
    }
    pub fn verify(&self, key: &PublicKey) -> Result<Receipt, EnvelopeError> {
        let bytes = STANDARD.decode(&self.receipt).map_err(|_| EnvelopeError::Malformed("receipt"))?;
        let sig = STANDARD.decode(&self.signature).map_err(|_| EnvelopeError::Malformed("receipt signature"))?;
        key.verify(RECEIPT_TAG, &bytes, &sig)?;
        let r: Receipt = serde_json::from_slice(&bytes).map_err(|_| EnvelopeError::Malformed("receipt"))?;
        if r.format != RECEIPT_FORMAT {
            return Err(EnvelopeError::Malformed("receipt (unknown format)"));
        }
        Ok(r)
    }
}

/// A member's signed request for the receipts the server holds for it (`GET
/// /v1/members/{org}/receipts?year=`): the signature covers the member, the year and the time,
/// so the request cannot be replayed for long or for another year.
pub fn sign_receipts_request(key: &SigningKey, org: &str, year: i32, time: &str) -> String {
    URL_SAFE_NO_PAD.encode(key.sign(RECEIPTS_REQUEST_TAG, format!("{org}\n{year}\n{time}").as_bytes()))
}

pub fn verify_receipts_request(
    key: &PublicKey,
    org: &str,
    year: i32,
    time: &str,
    signature: &str,
) -> Result<(), EnvelopeError> {
    let sig = URL_SAFE_NO_PAD.decode(signature).map_err(|_| EnvelopeError::Malformed("request signature"))?;
    key.verify(RECEIPTS_REQUEST_TAG, format!("{org}\n{year}\n{time}").as_bytes(), &sig)
}

const RECEIPTS_REQUEST_TAG: &[u8] = b"samla/v1/receipts-request\0";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_shown_to_the_minute_and_deadlines_as_the_day_typed() {
        assert_eq!(display_time("2025-02-10T14:03:59.123456Z"), "2025-02-10 14:03 UTC");
        assert_eq!(display_last_day("2025-03-02T00:00:00Z"), "2025-03-01");
        assert_eq!(display_time("not a time"), "not a time");
    }

    fn manifest() -> Manifest {
        Manifest {
            format: MANIFEST_FORMAT.into(),
            org: "org-a".into(),
            year: 2024,
            batch_id: uuid::Uuid::new_v4(),
            schema_version: "1".into(),
            created_at: "2025-01-20T10:00:00Z".into(),
            ciphertext_sha256: sha256_hex(b"ct"),
            ciphertext_len: 2,
        }
    }

    #[test]
    fn manifest_signature_round_trip_and_tamper() {
        let k = SigningKey::generate().expect("key");
        let k2 = SigningKey::parse(&k.encode()).expect("parse");
        assert_eq!(k.public(), k2.public());
        let pk: PublicKey = k.public().to_string().parse().expect("pub");
        let s = SignedManifest::sign(&manifest(), &k).expect("sign");
        let (h1, h2) = s.to_headers();
        let back = SignedManifest::from_headers(&h1, &h2).expect("headers");
        assert_eq!(back.verify(&pk).expect("verify"), s.parse_unverified().expect("parse"));
        let mut t = back.clone();
        t.bytes[10] ^= 1;
        assert!(t.verify(&pk).is_err());
        let other = SigningKey::generate().expect("key").public();
        assert!(back.verify(&other).is_err());
    }

    #[test]
    fn receipt_signature_cannot_be_replayed_as_manifest() {
        let k = SigningKey::generate().expect("key");
        let r = Receipt {
            format: RECEIPT_FORMAT.into(),
            batch_id: uuid::Uuid::new_v4(),
            org: "org-a".into(),
            year: 2024,
            ciphertext_sha256: sha256_hex(b"x"),
            received_at: "2025-01-20T10:00:00Z".into(),
            supersedes: None,
            audit_head: Some("ab".repeat(32)),
            audit_index: None,
            audit_acc: None,
        };
        let s = SignedReceipt::sign(&r, &k).expect("sign");
        assert_eq!(s.verify(&k.public()).expect("verify"), r);
        let as_manifest = SignedManifest {
            bytes: STANDARD.decode(&s.receipt).expect("b64"),
            signature: STANDARD.decode(&s.signature).expect("b64"),
        };
        assert!(as_manifest.verify(&k.public()).is_err());
        assert!("samla-ed25519:abc".parse::<PublicKey>().is_err());
        assert!(SigningKey::parse("nope").is_err());
    }
}
