//! # samla-aggregate
//!
//! What the admin runs after a round closes, on decrypted batches held in memory only:
//!
//! - [`link`]: find the same person across members from keyed match keys (union-find with the
//!   rule that two records of one member are never merged unless an exact identifier agrees),
//!   and bound the deduplicated total;
//! - [`merge`]: turn each linked group into one individual by the rules of DESIGN.md §4.3;
//! - [`report`]: the annual aggregate tables, disclosure control, and JSON/CSV/HTML output.
#![forbid(unsafe_code)]

pub mod fuzzy;
pub mod html;
pub mod link;
pub mod merge;
pub mod report;

use serde_json::{Map, Value};

/// One member's latest batch, decrypted and checked.
#[derive(Debug, Clone)]
pub struct MemberRecords {
    pub org: String,
    pub records: Vec<Map<String, Value>>,
}

/// Run linkage, merge and tables over all members' records.
pub fn aggregate(year: i32, schema_version: &str, members: &[MemberRecords]) -> report::Aggregate {
    let linkage = link::link(members);
    let individuals = merge::merge_all(members, &linkage);
    report::build(year, schema_version, members, &linkage, &individuals)
}
