//! The HTTP bodies of the collector's API, defined once and used by both sides
//! (`samla-server`'s `http` module serialises them, the client's `net` module reads them), so
//! a change of the wire is a compile error on both sides rather than a silent mismatch.

use serde::{Deserialize, Serialize};

use crate::envelope::SignedReceipt;

/// `GET /v1/info`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerInfo {
    #[serde(default)]
    pub service: String,
    #[serde(default)]
    pub version: String,
    /// The server's receipt key (`samla-ed25519:…`), pinned by members.
    pub server_key: String,
    /// The admin recipients (`age1…`) the server advertises.
    #[serde(default)]
    pub admin_recipients: Vec<String>,
    #[serde(default)]
    pub schema_versions: Vec<String>,
    /// The rounds the server runs, with their deadlines (so a member can be told that a batch
    /// arrived late). Absent from servers before it was added.
    #[serde(default)]
    pub rounds: Vec<RoundDeadline>,
    /// The key custodian's key (`samla-ed25519:…`), once the platform has named one; a member
    /// pins it from its invitation's fingerprint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custodian_key: Option<String>,
}

/// A round's deadline and the end of its grace period: RFC 3339, the first moment after each
/// day (`display_last_day` shows the day).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundDeadline {
    pub year: i32,
    pub deadline: String,
    pub grace_end: String,
    /// Whether the round takes batches now (open, or in its grace period). Absent from older
    /// servers.
    #[serde(default)]
    pub accepting: Option<bool>,
    /// When a round not yet open opens (RFC 3339), if scheduled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opens: Option<String>,
}

impl ServerInfo {
    /// Whether a batch of `year` received at `received_at` came after that round's deadline.
    /// `Some(last day)` if so.
    pub fn late(&self, year: i32, received_at: &str) -> Option<String> {
        let r = self.rounds.iter().find(|r| r.year == year)?;
        let (at, deadline) =
            (crate::envelope::parse_rfc3339(received_at)?, crate::envelope::parse_rfc3339(&r.deadline)?);
        (at >= deadline).then(|| crate::envelope::display_last_day(&r.deadline))
    }
}

/// Every refusal: a stable machine-readable `error` code and a sentence for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: String,
    pub message: String,
}

/// `GET /v1/members/{org}/receipts?year=`: every receipt the server holds for the member and
/// year, oldest first, and the index of the one it counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberReceipts {
    pub year: i32,
    pub receipts: Vec<SignedReceipt>,
    pub counted: Option<usize>,
    /// Whether the server takes a batch of this year from this member now (the round is open
    /// or in its grace period, or a correction was granted to this member). Absent from older
    /// servers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepting: Option<bool>,
}

/// `POST /v1/enrol`: a member's client enrols its keys with an invitation's one-time token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnrolRequest {
    pub token: String,
    pub org: String,
    /// The member's Ed25519 key (`samla-ed25519:…`): signs its batches.
    pub public_key: String,
    /// The member's age X25519 recipient (`age1…`): the key custodian encrypts the linkage
    /// secret to it.
    pub recipient: String,
    /// The member's signature (its new key) over token, org and recipient: proves it holds the
    /// key it enrols.
    pub signature: String,
}

impl EnrolRequest {
    pub fn signed_bytes(token: &str, org: &str, recipient: &str) -> Vec<u8> {
        format!("{token}\n{org}\n{recipient}").into_bytes()
    }
}

/// The answer to an enrolment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolAnswer {
    pub org: String,
    pub enrolled_at: String,
}

/// `GET /v1/custodian/members` (signed by the custodian): every enabled member with its
/// recipient, and the generation of the linkage secret the server holds an envelope of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustodianMember {
    pub org: String,
    pub recipient: String,
    pub delivered_generation: Option<u32>,
}
