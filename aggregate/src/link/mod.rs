//! Linkage across members: the same person found in several members' batches, counted once,
//! with the uncertainty of that count and of every linkage figure (docs/LINKAGE.md).
//!
//! One module per step:
//!
//! 1. [`candidates`]: records that share a national id or a migration id are one person (also
//!    within one member; differing national ids never join); the candidate pairs share a name
//!    key, have similar year-less encodings (banded MinHash, [`fuzzy`]) or a contained short
//!    name, and are compared ([`compare`]).
//! 2. [`names`]: how many people carry each name, without a name value.
//! 3. [`params`]: u from the year's data, m and λ by MAP-EM: a Fellegi–Sunter weight per pair.
//! 4. [`sample`] and [`cluster`]: clusterings sampled per connected component (a member reports
//!    a person once, a group needs evidence against every record in it). Each draw tallies
//!    persons by number of members, so the person count, the people reported by more than one
//!    member and the people by number of members all get a range (5th–95th percentile, pooled
//!    over the person prior); the published groups are, per component, the most probable
//!    sampled clustering at the component's median number of persons.
//!
//! Children and other indirect persons without names are linked when their `related_to` persons
//! are in one group and gender and birth year agree.

pub mod candidates;
pub mod cluster;
pub mod compare;
pub mod names;
pub mod params;
pub mod sample;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use samla_core::batch::SentRecord;
use samla_core::clk::Clk;
use samla_core::pseudonym::MatchKind;
use serde_json::Value;

use crate::{fuzzy, MemberRecords};
use compare::{Candidate, Gamma, View, CONTAINED, U_SAME_GIVEN};
use params::Model;
use sample::{Tally, BUCKETS};

/// A record's position: (member index, record index).
pub type RecordId = (usize, usize);

/// The result of linkage.
#[derive(Debug, Clone)]
pub struct Linkage {
    /// Groups of records, each one person.
    pub groups: Vec<Vec<RecordId>>,
    /// Unions made, by the kind of evidence that made them.
    pub links_by_kind: BTreeMap<String, usize>,
    /// Strong candidates (posterior ≥ 0.5) not merged because both records came from the same
    /// member.
    pub refused_same_member: usize,
    /// Candidates not merged because the national ids differ.
    pub refused_id_conflict: usize,
    /// The model's point estimate of the number of persons: the number of groups (each
    /// component at its median number of persons).
    pub persons_estimate: usize,
    /// 5th and 95th percentile of the sampled numbers of persons.
    pub persons_lower: usize,
    pub persons_upper: usize,
    /// Records whose grouping is uncertain (a candidate partner with a posterior between 0.1
    /// and 0.9), by the evidence of their most uncertain pair.
    pub uncertain_by_evidence: BTreeMap<String, usize>,
    /// Records with a name but no birth date (comparable by name alone).
    pub records_name_only: usize,
    /// Records with a name and only a birth year.
    pub records_year_only: usize,
    /// The ranges of the figures the report publishes from the linkage.
    pub ranges: FigureRanges,
}

/// The range of one linkage figure: the 5th and 95th percentiles of its sampled values, and
/// its value in the published grouping before the indirect persons are linked (`base`). The
/// report's figure comes after that linking, and its range moves by the same difference
/// ([`Range::around`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Range {
    pub lower: usize,
    pub upper: usize,
    pub base: usize,
    /// The median of the draws.
    pub median: usize,
}

impl Range {
    /// The range of a published `value` whose grouping gave `base`: shifted by the difference,
    /// and widened to contain the value itself.
    pub fn around(&self, value: usize) -> (usize, usize) {
        let d = value as i64 - self.base as i64;
        let lo = (self.lower as i64 + d).max(0) as usize;
        let hi = (self.upper as i64 + d).max(0) as usize;
        (lo.min(value), hi.max(value))
    }
}

/// The ranges of the linkage figures: persons, persons reported by more than one member,
/// and persons by number of members (1, 2, 3, 4 or more).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FigureRanges {
    pub persons: Range,
    pub multi_member: Range,
    pub by_members: [Range; BUCKETS],
}

/// The ranges of the figures by number of members (and of "more than one member") are the
/// draws' 5th–95th percentiles stretched by this factor about the draws' median. The draws hold
/// the model's uncertainty but not the error of its estimated parameters, which moves these
/// figures more than the count (a person split or joined moves two figures at once). 2 is the
/// least of 1.3 / 1.6 / 2 that held the truth in ≥ 90 % of generated years of both families
/// with the person prior pooled at e^±[`cluster::PRIOR_SPREAD`] (docs/LINKAGE.md §2.9, §3).
/// The count's own range is not stretched.
pub(crate) const FIGURE_SPREAD: f64 = 2.0;

impl FigureRanges {
    /// Percentiles of the draws; `published` is the published grouping's tally.
    fn of(draws: &[[u64; BUCKETS]], published: Tally) -> FigureRanges {
        let range = |f: &dyn Fn(&[u64; BUCKETS]) -> u64, base: u32| {
            let mut v: Vec<u64> = draws.iter().map(f).collect();
            v.sort_unstable();
            let q = |p: f64| v.get(((v.len().max(1) - 1) as f64 * p).round() as usize).copied().unwrap_or(0) as usize;
            Range { lower: q(0.05), upper: q(0.95), base: base as usize, median: q(0.5) }
        };
        let sum = |t: &[u32]| t.iter().sum::<u32>();
        let widen = |r: Range| Range {
            lower: (r.median as f64 - FIGURE_SPREAD * (r.median - r.lower) as f64).floor().max(0.0) as usize,
            upper: (r.median as f64 + FIGURE_SPREAD * (r.upper - r.median) as f64).ceil() as usize,
            ..r
        };
        FigureRanges {
            persons: range(&|d| d.iter().sum(), sum(&published)),
            multi_member: widen(range(&|d| d[1..].iter().sum(), sum(&published[1..]))),
            by_members: std::array::from_fn(|b| widen(range(&|d| d[b], published[b]))),
        }
    }
}

/// What linkage needs of one record.
#[derive(Debug, Clone, Default)]
pub struct LinkRecord {
    pub member: u32,
    /// Boxed, not a `Vec`: a national year holds a million of them (no spare capacity).
    pub keys: Box<[(MatchKind, [u8; 32])]>,
    pub clk: Option<Clk>,
    /// The encoding with the birth date cut to its year (compared when either record's birth
    /// date is less precise than a day, so missing parts do not count as disagreement).
    pub clk_year: Option<Clk>,
    /// Birth-date precision: 0 unknown, 1 year, 2 month, 3 day.
    pub precision: u8,
    /// The relation code (`direct`, `indirect_child`, …). The short codes are shared
    /// (`Arc<str>`) among the records of a batch rather than allocated once per record.
    pub relation: Arc<str>,
    /// Index (in the same slice) of the person this indirect person is related to.
    pub related_to: Option<usize>,
    pub gender: Option<Arc<str>>,
    pub birth_year: Option<i64>,
    pub country: Option<Arc<str>>,
}

impl LinkRecord {
    /// The linkage view of a direct person's record from the fields the client computes
    /// ([`samla_core::batch::linkage_fields`]); for benchmarks and tests that skip the batch.
    pub fn from_fields(
        member: u32,
        l: &samla_core::batch::LinkageFields,
        gender: Option<&str>,
        country: Option<&str>,
    ) -> LinkRecord {
        LinkRecord {
            member,
            keys: l
                .keys
                .iter()
                .filter_map(|k| {
                    let mut b = [0u8; 32];
                    hex::decode_to_slice(&k.key, &mut b).ok().map(|_| (k.kind, b))
                })
                .collect(),
            clk: l.clk,
            clk_year: l.clk_year,
            precision: match l.birth {
                Some(samla_core::normalize::PartialDate { day: Some(_), .. }) => 3,
                Some(samla_core::normalize::PartialDate { month: Some(_), .. }) => 2,
                Some(_) => 1,
                None => 0,
            },
            relation: "direct".into(),
            related_to: None,
            gender: gender.map(Arc::from),
            birth_year: l.birth.map(|b| i64::from(b.year)),
            country: country.map(Arc::from),
        }
    }

    fn view(&self, noise: f64) -> View<'_> {
        View {
            keys: &self.keys,
            clk: self.clk.as_ref(),
            clk_year: self.clk_year.as_ref(),
            precision: self.precision,
            birth_year: self.birth_year.filter(|_| self.precision > 0),
            gender: self.gender.as_deref(),
            country: self.country.as_deref(),
            noise,
        }
    }
}

/// Groups as flat record indexes, with the counts of [`Linkage`].
#[derive(Debug, Clone)]
pub struct Grouping {
    pub groups: Vec<Vec<usize>>,
    /// Dice coefficients computed.
    pub comparisons: u64,
    pub links_by_kind: BTreeMap<String, usize>,
    pub refused_same_member: usize,
    pub refused_id_conflict: usize,
    pub persons_estimate: usize,
    pub persons_lower: usize,
    pub persons_upper: usize,
    pub uncertain_by_evidence: BTreeMap<String, usize>,
    /// The estimated model (for the bench and the report's method note).
    pub model: Option<Model>,
    /// Every cross-member candidate pair with its comparison and log posterior odds (only
    /// when asked for, by the benchmarks).
    pub pairs: Vec<(u32, u32, Gamma, f64)>,
    /// Per record: its name group and the estimated people of that group (only when asked
    /// for).
    pub name_groups: Vec<(u32, f64)>,
    pub ranges: FigureRanges,
}

fn kind_name(k: MatchKind) -> &'static str {
    match k {
        MatchKind::NationalId => "national_id",
        MatchKind::MigrationId => "migration_id",
        MatchKind::NameDate => "name_date",
        MatchKind::PhoneticDate => "phonetic_name_date",
        MatchKind::NameMonth => "name_month",
        MatchKind::NameYear => "name_year",
        MatchKind::GivenDate | MatchKind::GivenOnlyDate => "given_name_date",
    }
}

/// Link all records of all members. The linkage views are taken out of `members` (nothing
/// after linkage needs them, and a national year should not hold them twice).
pub fn link(members: &mut [MemberRecords]) -> Linkage {
    let ids: Vec<RecordId> =
        members.iter().enumerate().flat_map(|(m, b)| (0..b.records.len()).map(move |r| (m, r))).collect();
    let mut recs = link_records_of(members);
    let g = group(&mut recs, &fuzzy::PARAMS);
    Linkage {
        groups: g.groups.into_iter().map(|v| v.into_iter().map(|i| ids[i]).collect()).collect(),
        links_by_kind: g.links_by_kind,
        refused_same_member: g.refused_same_member,
        refused_id_conflict: g.refused_id_conflict,
        persons_estimate: g.persons_estimate,
        persons_lower: g.persons_lower,
        persons_upper: g.persons_upper,
        uncertain_by_evidence: g.uncertain_by_evidence,
        records_name_only: recs.iter().filter(|r| r.clk_year.is_some() && r.precision == 0).count(),
        records_year_only: recs.iter().filter(|r| r.clk_year.is_some() && r.precision == 1).count(),
        ranges: g.ranges,
    }
}

/// The linkage view of one member's sent records (`member` 0, `related_to` within the member).
pub(crate) fn link_records_for(records: &[SentRecord]) -> Vec<LinkRecord> {
    let refs: HashMap<&str, usize> = records.iter().enumerate().map(|(i, r)| (r.record_ref.as_str(), i)).collect();
    // Relation, gender and country codes: one shared string per value in the batch.
    let mut codes: HashMap<String, Arc<str>> = HashMap::new();
    let mut code = |v: &str| -> Arc<str> {
        if let Some(c) = codes.get(v) {
            return c.clone();
        }
        let c: Arc<str> = Arc::from(v);
        codes.insert(v.to_string(), c.clone());
        c
    };
    records
        .iter()
        .map(|r| {
            let s = |k: &str| r.stats.get(k).and_then(Value::as_str);
            LinkRecord {
                member: 0,
                keys: match_keys(r),
                clk_year: r.clk_year,
                precision: match s("birth_precision") {
                    Some("day") => 3,
                    Some("month") => 2,
                    Some("year") => 1,
                    _ => 0,
                },
                clk: r.clk,
                relation: code(s("relation").unwrap_or("direct")),
                related_to: r.related_to_ref.as_deref().and_then(|x| refs.get(x).copied()),
                gender: s("gender").map(&mut code),
                birth_year: r.stats.get("birth_year").and_then(Value::as_i64),
                country: s("birth_country").map(&mut code),
            }
        })
        .collect()
}

/// The linkage view of all members (flat, member by member), taken out of `members`.
pub(crate) fn link_records_of(members: &mut [MemberRecords]) -> Vec<LinkRecord> {
    let mut out = Vec::with_capacity(members.iter().map(|m| m.link.len()).sum());
    for (m, b) in members.iter_mut().enumerate() {
        let base = out.len();
        out.extend(std::mem::take(&mut b.link).into_iter().map(|r| LinkRecord {
            member: m as u32,
            related_to: r.related_to.map(|i| base + i),
            ..r
        }));
    }
    out
}

/// The sampler's temperature on the pairwise evidence (docs/LINKAGE.md: calibrated on the
/// generated years).
pub const TAU: f64 = 1.0;

/// Group records into persons (see the module documentation).
/// The records' encodings lose the bits of their birth year (learnt from the records, see
/// [`compare::YearMasks`]) first, in place.
pub fn group(recs: &mut [LinkRecord], p: &fuzzy::Params) -> Grouping {
    group_with(recs, p, TAU, 0x5a3d_1a2b, false)
}

/// [`group`] with the sampler's temperature and seed given, and (for the coverage bench)
/// every candidate pair and name group kept.
pub fn group_with(recs: &mut [LinkRecord], p: &fuzzy::Params, tau: f64, seed: u64, keep_pairs: bool) -> Grouping {
    compare::strip_year_bits(recs);
    let recs: &[LinkRecord] = recs;
    let n = recs.len();
    let candidates::Identified { mut uf, key_pairs, mut links_by_kind, refused_id_conflict } =
        candidates::by_identifiers(recs);
    let views: Vec<View<'_>> = recs.iter().map(|r| r.view(p.name_noise)).collect();
    let c = candidates::compared_pairs(recs, &views, key_pairs, p);
    let counts = names::name_counts(recs, &c.compared);
    let name_groups: Vec<(u32, f64)> =
        if keep_pairs { counts.group_of.iter().map(|&g| (g, counts.people[g as usize])).collect() } else { Vec::new() };
    let background = params::background(recs, &views, &c.compared);
    drop(views);
    let cands = weighed_candidates(recs, &c, &counts);
    let comparisons = c.comparisons;
    let c_one_short = c.contained.one_short;
    let with_clk = c.with_clk as f64;
    drop(c);
    // One person's two records: one short name (found in the other nine times in ten).
    let m_contained = 0.9 * c_one_short;
    let member_of: Vec<u32> = recs.iter().map(|r| r.member).collect();
    let namesakes = names::rare_namesakes(recs, &counts);
    let model = Model::estimate(&cands, background, with_clk, m_contained, namesakes, &member_of);
    drop(member_of);
    let mut w = cluster::weigh(&cands, &model, &mut uf, n, keep_pairs);
    let comps = cluster::components(&w);
    let views = |a: u32, b: u32| (recs[a as usize].view(p.name_noise), recs[b as usize].view(p.name_noise));
    cluster::fill(
        &comps,
        &mut w,
        &cands,
        |c| model.log_odds(c),
        &uf,
        |a, b| {
            let (x, y) = views(a, b);
            model.log_odds_of_records(a, b, &x, &y, counts.u_same_name(a, b))
        },
    );
    drop(cands);
    let shift = sample::join_prior_shift(model.lambda, model.background.cross_pairs, with_clk, counts.total_people);
    // A contradiction is evidence against, beyond the pair prior (docs/LINKAGE.md §2.8).
    let tolerated = sample::TOLERATED - (model.lambda / (1.0 - model.lambda)).ln();
    let sampled = cluster::sample_year(&comps, &w, &uf, cluster::Settings { shift, tolerated, tau, seed });
    let (mut groups, published) = cluster::groups(&w, &uf, &sampled, &mut links_by_kind);
    let ranges = FigureRanges::of(&sampled.draws, published);
    // Indirect persons follow their linked related persons.
    let mut uf2 = candidates::Uf::new(recs);
    for gr in &groups {
        for pair in gr.windows(2) {
            uf2.union(pair[0], pair[1]);
        }
    }
    let before = links_by_kind.get("related_person").copied().unwrap_or(0);
    cluster::link_indirect(recs, &mut uf2, &mut links_by_kind);
    if links_by_kind.get("related_person").copied().unwrap_or(0) > before {
        let mut m: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for i in 0..n {
            m.entry(uf2.find(i)).or_default().push(i);
        }
        groups = m.into_values().collect();
    }
    let (persons_lower, persons_upper) = ranges.persons.around(groups.len());
    Grouping {
        persons_estimate: groups.len(),
        groups,
        comparisons,
        links_by_kind,
        refused_same_member: w.refused_same_member,
        refused_id_conflict: refused_id_conflict + w.refused_id_conflict,
        persons_lower,
        persons_upper,
        uncertain_by_evidence: w.uncertain_by_evidence,
        model: Some(model),
        pairs: w.kept,
        name_groups,
        ranges,
    }
}

/// The cross-member compared pairs as candidates, each with u of "same name": how many people
/// carry the name ([`names::NameCounts`]), or for a contained short name how many records hold
/// it.
fn weighed_candidates(recs: &[LinkRecord], c: &candidates::Compared, counts: &names::NameCounts) -> Vec<Candidate> {
    let mut group_size = vec![0u32; counts.people.len()];
    for &g in &counts.group_of {
        group_size[g as usize] += 1;
    }
    let only_two = |a: u32, b: u32| {
        let (ga, gb) = (counts.group_of[a as usize], counts.group_of[b as usize]);
        ga == gb && group_size[ga as usize] == 2
    };
    c.compared
        .iter()
        .filter(|(a, b, _)| recs[*a as usize].member != recs[*b as usize].member)
        .map(|&(a, b, gamma)| {
            // A short name contained in the other: u is the chance that a pair of two people has
            // one short name (`one_short`) and that the other holds it (how many records do),
            // as m of this level is the chance for one person's records.
            let u = if gamma.name == CONTAINED {
                c.contained.one_short
                    * match c.contained.pairs.get(&(a, b)) {
                        Some(&k) => f64::from(k) / c.with_clk.max(1) as f64,
                        // By a given-name key only: as often as two people share a given name.
                        None => U_SAME_GIVEN,
                    }
            } else {
                counts.u_same_name(a, b)
            };
            Candidate { a, b, gamma, u_same_name: u, rare_name: only_two(a, b) }
        })
        .collect()
}

/// The match keys of a sent record.
pub(crate) fn match_keys(rec: &SentRecord) -> Box<[(MatchKind, [u8; 32])]> {
    rec.match_keys
        .iter()
        .filter_map(|k| {
            let mut key = [0u8; 32];
            hex::decode_to_slice(&k.key, &mut key).ok()?;
            Some((k.kind, key))
        })
        .collect()
}

#[cfg(test)]
mod tests;
