//! # samla-aggregate
//!
//! What the admin runs after a round closes, on decrypted batches held in memory only:
//!
//! - [`link`]: find the same person across members from keyed match keys and encodings (two
//!   records of one member are never merged unless an exact identifier agrees), with
//!   [`prob`] (Fellegi–Sunter weights estimated on the year's data, sampled groupings) for the
//!   deduplicated total and its range, and [`fuzzy`] for the candidate search;
//! - [`merge`]: turn each linked group into one individual by the rules of DESIGN.md §4.3;
//! - [`report`]: the annual aggregate tables and their JSON/CSV output; [`report::disclosure`]: the
//!   disclosure control applied to the publishable version; [`html`]: the standalone page;
//! - [`open_all`]: decrypt and check every member's batch (on all cores), leaving out and
//!   listing the ones that cannot be read ([`LeftOut`]); [`aggregate`]: link, merge, tables.
#![forbid(unsafe_code)]

pub mod fuzzy;
pub mod html;
pub mod i18n;
pub mod link;
pub mod merge;
pub mod report;

use samla_core::batch::{Batch, BatchError};
use samla_core::crypto::CryptoError;
use serde_json::{Map, Value};

/// One member's latest batch, decrypted and checked: the statistical fields of each record, and
/// apart from them what linkage needs in compact form (the encodings and keys are taken out of
/// the JSON as soon as a batch is read, so a national year fits in memory).
#[derive(Debug, Clone)]
pub struct MemberRecords {
    pub org: String,
    /// The statistical fields of each record.
    pub records: Vec<Stats>,
    /// Linkage view of `records` (same order; `member` is set when members are linked together,
    /// `related_to` is an index within this member).
    pub link: Vec<link::LinkRecord>,
}

/// The statistical fields of one record, held as compact JSON until the merge needs them: a
/// parsed map costs about ten times the memory, and a national year holds a million of them.
#[derive(Debug, Clone)]
pub struct Stats(Box<[u8]>);

impl Stats {
    pub fn new(fields: &Map<String, Value>) -> Stats {
        // Serialising a map of JSON values cannot fail.
        Stats(serde_json::to_vec(fields).unwrap_or_default().into_boxed_slice())
    }
    /// The fields as a JSON object.
    pub fn fields(&self) -> Map<String, Value> {
        serde_json::from_slice(&self.0).unwrap_or_default()
    }
}

impl MemberRecords {
    pub fn new(org: impl Into<String>, records: Vec<samla_core::batch::SentRecord>) -> MemberRecords {
        let link = link::link_records_for(&records);
        let records = records.iter().map(|r| Stats::new(&r.stats)).collect();
        MemberRecords { org: org.into(), records, link }
    }
}

/// A stored batch to open: who sent it, for which year, and its ciphertext. The ciphertext is
/// taken out (and freed) as soon as the batch is decrypted, so a national year never holds
/// every ciphertext and every opened record at once.
#[derive(Debug)]
pub struct Sealed<'a> {
    pub org: &'a str,
    pub year: i32,
    pub batch_id: uuid::Uuid,
    pub ciphertext: std::sync::Mutex<Vec<u8>>,
}

impl<'a> Sealed<'a> {
    pub fn new(org: &'a str, year: i32, batch_id: uuid::Uuid, ciphertext: Vec<u8>) -> Sealed<'a> {
        Sealed { org, year, batch_id, ciphertext: std::sync::Mutex::new(ciphertext) }
    }
}

/// Why a batch could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("batch {batch_id} of {org}: cannot decrypt with this identity ({source})")]
    Decrypt { org: String, batch_id: uuid::Uuid, source: CryptoError },
    #[error("batch {batch_id} of {org} is not a valid batch: {source}")]
    Invalid { org: String, batch_id: uuid::Uuid, source: BatchError },
}

/// A batch left out of the aggregate: who sent it and why it could not be used.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LeftOut {
    pub org: String,
    pub batch_id: String,
    /// Why, in words for the operator (never record content).
    pub reason: String,
}

/// The batches that could be opened, and those that could not.
pub struct Opened {
    pub members: Vec<MemberRecords>,
    pub schema_version: String,
    pub left_out: Vec<LeftOut>,
    /// Each opened member's linkage-secret id (as in its batch; `None` in batches from before
    /// the id was added), in the order of `members`.
    pub linkage_ids: Vec<Option<String>>,
}

impl Opened {
    /// The members grouped by the linkage secret their batches were made with, when there is
    /// more than one secret among them: such batches cannot be linked (their keys never match),
    /// so the year must not be counted as one. `None` when all agree.
    pub fn mixed_linkage(&self) -> Option<Vec<(Option<String>, Vec<String>)>> {
        let mut by: std::collections::BTreeMap<Option<String>, Vec<String>> = std::collections::BTreeMap::new();
        for (m, id) in self.members.iter().zip(&self.linkage_ids) {
            by.entry(id.clone()).or_default().push(m.org.clone());
        }
        (by.len() > 1).then(|| by.into_iter().collect())
    }
}

/// Decrypt, check and compact every batch, on all cores; the plaintext of a batch is zeroized
/// as soon as its records are parsed. A batch that cannot be decrypted or is not a valid batch
/// is left out and listed with the reason: one member's broken upload never stops the year
/// for everyone else (the caller decides whether a report with members left out may be
/// published). The opened members are in the order of `sealed`.
pub fn open_all(sealed: &[Sealed<'_>], identities: &[samla_core::crypto::age::x25519::Identity]) -> Opened {
    let open = |s: &Sealed<'_>| -> Result<(MemberRecords, String, Option<String>), OpenError> {
        // A poisoned lock only means another batch's thread panicked: the bytes are intact.
        let ciphertext = std::mem::take(&mut *s.ciphertext.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
        let plain = samla_core::crypto::decrypt(&ciphertext, identities).map_err(|source| OpenError::Decrypt {
            org: s.org.to_string(),
            batch_id: s.batch_id,
            source,
        })?;
        drop(ciphertext);
        let b = Batch::parse_and_check(&plain, s.org, s.year, s.batch_id).map_err(|source| OpenError::Invalid {
            org: s.org.to_string(),
            batch_id: s.batch_id,
            source,
        })?;
        Ok((MemberRecords::new(s.org, b.records), b.schema_version, b.linkage_id))
    };
    let opened = par_map(sealed, open);
    let mut out = Opened {
        members: Vec::with_capacity(opened.len()),
        schema_version: samla_core::SCHEMA_VERSION.to_string(),
        left_out: Vec::new(),
        linkage_ids: Vec::new(),
    };
    for (s, o) in sealed.iter().zip(opened) {
        match o {
            Ok((m, v, id)) => {
                out.members.push(m);
                out.schema_version = v;
                out.linkage_ids.push(id);
            }
            Err(e) => out.left_out.push(LeftOut {
                org: s.org.to_string(),
                batch_id: s.batch_id.to_string(),
                reason: e.to_string(),
            }),
        }
    }
    out
}

/// `items.iter().map(f)` on all cores, in order. Each thread takes the next item when it is
/// free (items of very different cost, such as one huge linkage component among many small
/// ones, do not leave a core idle).
pub(crate) fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, items.len().max(1));
    if threads == 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|sc| {
        let (f, next) = (&f, &next);
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                sc.spawn(move || {
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        out.push((i, f(item)));
                    }
                    out
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    });
    done.sort_unstable_by_key(|x| x.0);
    done.into_iter().map(|x| x.1).collect()
}

/// Run linkage, merge and tables over all members' records.
/// The members' linkage views are used up (see [`link::link`]).
pub fn aggregate(year: i32, schema_version: &str, members: &mut [MemberRecords]) -> report::Aggregate {
    let linkage = link::link(members);
    let individuals = merge::merge_all(members, &linkage);
    report::build(year, schema_version, members, &linkage, &individuals)
}
