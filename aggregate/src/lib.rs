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

/// One member's latest batch, decrypted and checked: the statistical fields of each record, and
/// apart from them what linkage needs in compact form (the encodings and keys are taken out of
/// the JSON as soon as a batch is read, so a national year fits in memory).
#[derive(Debug, Clone)]
pub struct MemberRecords {
    pub org: String,
    pub records: Vec<Map<String, Value>>,
    /// Linkage view of `records` (same order; `member` is set when members are linked together,
    /// `related_to` is an index within this member).
    pub link: Vec<link::LinkRecord>,
}

impl MemberRecords {
    pub fn new(org: impl Into<String>, mut records: Vec<Map<String, Value>>) -> MemberRecords {
        let link = link::link_records_for(&records);
        for r in &mut records {
            for k in ["clk", "clk_year", "match_keys", "record_ref", "related_to_ref"] {
                r.shift_remove(k);
            }
        }
        MemberRecords { org: org.into(), records, link }
    }
}

/// Run linkage, merge and tables over all members' records.
pub fn aggregate(year: i32, schema_version: &str, members: &[MemberRecords]) -> report::Aggregate {
    let linkage = link::link(members);
    let individuals = merge::merge_all(members, &linkage);
    report::build(year, schema_version, members, &linkage, &individuals)
}
