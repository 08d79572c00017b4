//! Linkage across members: the same person found in several members' batches, counted once,
//! with the uncertainty of that count (docs/LINKAGE.md).
//!
//! 1. **Identifiers** first: records that share a national id or a migration id are one person
//!    (also within one member); records whose national ids differ are never one person.
//! 2. **Candidates**: pairs that share a name key, or whose encodings are similar (banded
//!    MinHash on the year-level encodings, [`fuzzy`]).
//! 3. **Weights**: each candidate pair is compared ([`prob::compare`]) and weighed by a
//!    Fellegi–Sunter model whose u and m come from the year's own data (m of the names by EM), with
//!    a name's weight scaled by how common it is ([`prob::NameCounts`]).
//! 4. **Clusterings are sampled** (`prob::Component::sample`) per connected component: a
//!    member reports a person once, a group needs evidence against every record in it, differing
//!    national ids never join. The range is the 5th–95th percentiles of the sampled totals
//!    (pooled over the person prior); the published groups — and count — are, per component,
//!    the most probable sampled clustering with the component's median number of persons.
//!
//! Children and other indirect persons without names are linked when their `related_to` persons
//! are in one group and gender and birth year agree.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use samla_core::batch::SentRecord;

use samla_core::clk::Clk;
use samla_core::pseudonym::MatchKind;
use serde_json::Value;

use crate::prob::{self, Background, Candidate, Component, Gamma, GroupFacts, Model, NameCounts, View, YearMasks};
use crate::{fuzzy, MemberRecords};

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

    fn view(&self) -> View<'_> {
        View {
            keys: &self.keys,
            clk: self.clk.as_ref(),
            clk_year: self.clk_year.as_ref(),
            precision: self.precision,
            birth_year: self.birth_year.filter(|_| self.precision > 0),
            gender: self.gender.as_deref(),
            country: self.country.as_deref(),
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
}

struct Uf {
    parent: Vec<u32>,
    members: Vec<Vec<u32>>,
    nids: Vec<Vec<[u8; 32]>>,
}

impl Uf {
    fn new(recs: &[LinkRecord]) -> Self {
        Uf {
            parent: (0..recs.len() as u32).collect(),
            members: recs.iter().map(|r| vec![r.member]).collect(),
            nids: recs
                .iter()
                .map(|r| r.keys.iter().filter(|(k, _)| *k == MatchKind::NationalId).map(|(_, v)| *v).collect())
                .collect(),
        }
    }
    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] as usize != x {
            let p = self.parent[x] as usize;
            self.parent[x] = self.parent[p];
            x = p;
        }
        x
    }
    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a == b {
            return;
        }
        let (big, small) = if self.members[a].len() >= self.members[b].len() { (a, b) } else { (b, a) };
        self.parent[small] = big as u32;
        let m = std::mem::take(&mut self.members[small]);
        for x in m {
            if !self.members[big].contains(&x) {
                self.members[big].push(x);
            }
        }
        let n = std::mem::take(&mut self.nids[small]);
        for x in n {
            if !self.nids[big].contains(&x) {
                self.nids[big].push(x);
            }
        }
    }
    fn share_member(&self, a: usize, b: usize) -> bool {
        self.members[a].iter().any(|m| self.members[b].contains(m))
    }
    fn id_conflict(&self, a: usize, b: usize) -> bool {
        !self.nids[a].is_empty() && !self.nids[b].is_empty() && !self.nids[a].iter().any(|x| self.nids[b].contains(x))
    }
}

/// A plain union-find (parents only), for groupings without the member and id rules.
struct Dsu(Vec<u32>);

impl Dsu {
    fn new(n: usize) -> Dsu {
        Dsu((0..n as u32).collect())
    }
    fn find(&mut self, mut x: usize) -> usize {
        while self.0[x] as usize != x {
            let p = self.0[x] as usize;
            self.0[x] = self.0[p];
            x = p;
        }
        x
    }
    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.0[a.max(b)] = a.min(b) as u32;
        }
    }
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

/// Draws of the sampler kept per component (after [`BURN`] sweeps).
pub(crate) const DRAWS: usize = 400;
/// Sweeps discarded before the draws.
pub(crate) const BURN: usize = 60;
/// The sampler's temperature on the pairwise evidence (docs/LINKAGE.md: calibrated on the
/// generated years).
pub const TAU: f64 = 1.0;
/// Variants of the person prior the draws are pooled over (multiples of [`PRIOR_SPREAD`]).
const PRIOR_VARIANTS: [f64; 3] = [-1.0, 0.0, 1.0];
/// Spread of the person prior, in log-odds (docs/LINKAGE.md: calibrated on generated years).
pub(crate) const PRIOR_SPREAD: f64 = 1.3;

/// Candidate pairs below this posterior do not join components.
const EDGE_FLOOR: f64 = 0.01;

/// Work one chain may do (unit and edge visits over all its sweeps) before it is given fewer
/// sweeps: about a second on one core. Only crowds of thousands of units reach it.
const SWEEP_BUDGET: f64 = 2.0e7;

/// Burn-in and kept sweeps for a chain over a component with `work` unit and edge visits
/// per sweep: [`BURN`] and `per`, scaled down to [`SWEEP_BUDGET`] for a crowd (at least 10
/// and 20).
fn sweeps_for(work: usize, per: usize) -> (usize, usize) {
    let full = (BURN + per) as f64 * work as f64;
    if full <= SWEEP_BUDGET {
        return (BURN, per);
    }
    let f = SWEEP_BUDGET / full;
    (((BURN as f64 * f) as usize).max(10), ((per as f64 * f) as usize).max(20))
}

/// Group records into persons (see the module documentation).
/// The records' encodings lose the bits of their birth year (learnt from the records, see
/// [`YearMasks`]) first, in place.
pub fn group(recs: &mut [LinkRecord], p: &fuzzy::Params) -> Grouping {
    group_with(recs, p, TAU, 0x5a3d_1a2b, false)
}

/// [`group`] with the sampler's temperature and seed given (for the coverage bench).
pub fn group_with(recs: &mut [LinkRecord], p: &fuzzy::Params, tau: f64, seed: u64, keep_pairs: bool) -> Grouping {
    strip_year_bits(recs);
    let recs: &[LinkRecord] = recs;
    let n = recs.len();
    let mut links_by_kind: BTreeMap<String, usize> = BTreeMap::new();
    let mut refused_id_conflict = 0usize;
    // 1. Identifiers.
    let mut uf = Uf::new(recs);
    // Both given-name kinds share one run per key value (`GivenOnlyDate` is stored as
    // `GivenDate` here and remembered in the last field).
    let mut keyed: Vec<(MatchKind, [u8; 32], u32, bool)> = recs
        .iter()
        .enumerate()
        .flat_map(|(i, r)| {
            r.keys.iter().map(move |(k, v)| match k {
                MatchKind::GivenOnlyDate => (MatchKind::GivenDate, *v, i as u32, true),
                _ => (*k, *v, i as u32, false),
            })
        })
        .collect();
    keyed.sort_unstable();
    let mut key_pairs: Vec<(u32, u32)> = Vec::new();
    for run in keyed.chunk_by(|x, y| x.0 == y.0 && x.1 == y.1) {
        let kind = run[0].0;
        if kind.is_exact_identifier() {
            for other in &run[1..] {
                let (a, b) = (uf.find(run[0].2 as usize), uf.find(other.2 as usize));
                if a == b {
                    continue;
                }
                if uf.id_conflict(a, b) {
                    refused_id_conflict += 1;
                    continue;
                }
                uf.union(a, b);
                *links_by_kind.entry(kind_name(kind).to_string()).or_insert(0) += 1;
            }
        } else if run.len() <= 64 {
            // Name keys make candidates (weighed like any other pair); a given-name key only
            // pairs a record without a family name with another (two people who share a given
            // name and a birth date but have different family names are not candidates by it).
            for (i, x) in run.iter().enumerate() {
                for y in &run[i + 1..] {
                    if kind == MatchKind::GivenDate && !x.3 && !y.3 {
                        continue;
                    }
                    key_pairs.push((x.2.min(y.2), x.2.max(y.2)));
                }
            }
        }
    }
    // The sorted keys are done with (a national year holds millions of them).
    drop(keyed);
    // 2. Candidates by similar encodings (also within a member: a name's records at one
    // member are different people, which the name counts use).
    let views: Vec<View<'_>> = recs.iter().map(LinkRecord::view).collect();
    let with_clk: Vec<usize> = (0..n).filter(|&i| recs[i].clk_year.or(recs[i].clk).is_some()).collect();
    let clks: Vec<&Clk> = with_clk.iter().filter_map(|&i| recs[i].clk_year.as_ref().or(recs[i].clk.as_ref())).collect();
    // The year bits are out of the encodings: the name similarity is their Dice coefficient,
    // with each encoding's number of set bits counted once.
    let ones: Vec<u32> = clks.iter().map(|c| c.iter().map(|w| w.count_ones()).sum()).collect();
    let (scored, comparisons) = fuzzy::scored_pairs_by(
        &clks,
        p,
        |_, _| false,
        |a, b| {
            let (x, y) = (clks[a as usize], clks[b as usize]);
            let both: u32 = x.iter().zip(y.iter()).map(|(p, q)| (p & q).count_ones()).sum();
            let total = ones[a as usize] + ones[b as usize];
            Some(if total == 0 { 0.0 } else { 2.0 * f64::from(both) / f64::from(total) })
        },
    );
    let mut pairs: Vec<(u32, u32)> = scored
        .iter()
        .map(|s| {
            let (x, y) = (with_clk[s.a as usize] as u32, with_clk[s.b as usize] as u32);
            (x.min(y), x.max(y))
        })
        .chain(key_pairs)
        .collect();
    drop(scored);
    // Records with a short name (a family or given name missing at this member) are not
    // similar to the full name elsewhere, but contained in it.
    let contained = contained_pairs(&views, &with_clk);
    pairs.extend(contained.pairs.keys().copied());
    pairs.sort_unstable();
    pairs.dedup();
    // 3. Compare.
    let compared: Vec<(u32, u32, Gamma)> = pairs
        .iter()
        .filter_map(|&(a, b)| {
            let (mut g, _) = prob::compare(&views[a as usize], &views[b as usize])?;
            if g.name >= 3 && g.name != prob::SAME_GIVEN_OTHER_FAMILY && contained.pairs.contains_key(&(a, b)) {
                g.name = prob::CONTAINED;
            }
            Some((a, b, g))
        })
        .collect();
    drop(pairs);
    let counts = name_counts(recs, &compared);
    let name_groups: Vec<(u32, f64)> =
        if keep_pairs { counts.group_of.iter().map(|&g| (g, counts.people[g as usize])).collect() } else { Vec::new() };
    let background = background(recs, &views, &compared);
    drop(views);
    let cands: Vec<Candidate> = compared
        .iter()
        .filter(|(a, b, _)| recs[*a as usize].member != recs[*b as usize].member)
        .map(|&(a, b, gamma)| {
            // A contained short name: u is how many records hold it, of all records.
            let u = if gamma.name == prob::CONTAINED {
                match contained.pairs.get(&(a, b)) {
                    Some(&k) => f64::from(k) / with_clk.len().max(1) as f64,
                    // By a given-name key only: as often as two people share a given name.
                    None => prob::U_SAME_GIVEN,
                }
            } else {
                counts.u_same_name(a, b)
            };
            Candidate { a, b, gamma, u_same_name: u }
        })
        .collect();
    drop(compared);
    // 4. Estimate and weigh.
    // A name carried by about one person (at most 1.2 estimated people).
    let rare_u = 0.25 / counts.total_people.max(1.0);
    let model = Model::estimate(&cands, background, with_clk.len() as f64, rare_u);
    let unit_of: Vec<usize> = (0..n).map(|i| uf.find(i)).collect();
    let floor = (EDGE_FLOOR / (1.0 - EDGE_FLOOR)).ln();
    let mut edges: HashMap<(u32, u32), (f64, Gamma)> = HashMap::new();
    let mut refused_same_member = 0usize;
    let mut uncertain: HashMap<u32, (f64, &'static str)> = HashMap::new();
    let mut kept = Vec::new();
    for c in &cands {
        let lo = model.log_odds(c);
        if keep_pairs {
            kept.push((c.a, c.b, c.gamma, lo));
        }
        let pr = 1.0 / (1.0 + (-lo).exp());
        if (0.1..0.9).contains(&pr) {
            for r in [c.a, c.b] {
                let closeness = (pr - 0.5).abs();
                let e = uncertain.entry(r).or_insert((1.0, ""));
                if closeness < e.0 {
                    *e = (closeness, c.gamma.evidence());
                }
            }
        }
        if lo < floor {
            continue;
        }
        let (ua, ub) = (unit_of[c.a as usize], unit_of[c.b as usize]);
        if ua == ub {
            continue;
        }
        if uf.id_conflict(ua, ub) {
            if pr >= 0.5 {
                refused_id_conflict += 1;
            }
            continue;
        }
        if uf.share_member(ua, ub) {
            if pr >= 0.5 {
                refused_same_member += 1;
            }
            continue;
        }
        let key = (ua.min(ub) as u32, ua.max(ub) as u32);
        let e = edges.entry(key).or_insert((0.0, c.gamma));
        // Several records of two units: their evidence adds up.
        e.0 += lo;
    }
    let mut uncertain_by_evidence: BTreeMap<String, usize> = BTreeMap::new();
    for (_, (_, ev)) in uncertain {
        *uncertain_by_evidence.entry(ev.to_string()).or_insert(0) += 1;
    }
    // 5. Components of units, sampled.
    let units: Vec<usize> = (0..n).filter(|&i| unit_of[i] == i).collect();
    let mut unit_index = vec![u32::MAX; n];
    for (k, &u) in units.iter().enumerate() {
        unit_index[u] = k as u32;
    }
    let mut comp_uf: Vec<u32> = (0..units.len() as u32).collect();
    fn root(p: &mut [u32], mut x: usize) -> usize {
        while p[x] as usize != x {
            p[x] = p[p[x] as usize];
            x = p[x] as usize;
        }
        x
    }
    for &(a, b) in edges.keys() {
        let (x, y) =
            (root(&mut comp_uf, unit_index[a as usize] as usize), root(&mut comp_uf, unit_index[b as usize] as usize));
        if x != y {
            comp_uf[x] = y as u32;
        }
    }
    let mut comps: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for k in 0..units.len() {
        let r = root(&mut comp_uf, k);
        comps.entry(r).or_default().push(k);
    }
    let shift =
        prob::join_prior_shift(model.lambda, model.background.cross_pairs, with_clk.len() as f64, counts.total_people);
    let mut totals = vec![0u64; DRAWS / PRIOR_VARIANTS.len() * PRIOR_VARIANTS.len()];
    let mut unit_label: Vec<u64> = (0..units.len() as u64).collect();
    let mut edge_list: Vec<Vec<(u32, u32, f64, Gamma)>> = vec![Vec::new(); units.len()];
    for (&(a, b), &(w, g)) in &edges {
        let (ia, ib) = (unit_index[a as usize], unit_index[b as usize]);
        edge_list[ia as usize].push((ia, ib, w, g));
    }
    let mut kinds_of_link: Vec<(u32, u32, Gamma)> = Vec::new();
    let mut multi: Vec<&Vec<usize>> = Vec::new();
    for ks in comps.values() {
        if ks.len() == 1 {
            for t in &mut totals {
                *t += 1;
            }
        } else {
            multi.push(ks);
        }
    }
    // Each component is sampled on its own (all cores), with its own generator seeded from the
    // year's seed, the component and the prior variant, so the result does not depend on the
    // number of cores.
    let per = DRAWS / PRIOR_VARIANTS.len();
    let central = PRIOR_VARIANTS.len() / 2;
    let comp_seed = |ks: &[usize], v: usize| {
        seed ^ (ks[0] as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (v as u64 + 1).wrapping_mul(0xD1B5_4A32_D192_ED03)
    };
    // Two units and one edge: the draws are Bernoulli, no chain needed (all cores: a national
    // year has hundreds of thousands of them).
    let (twos, chained): (Vec<&Vec<usize>>, Vec<&Vec<usize>>) = multi.iter().partition(|ks| ks.len() == 2);
    let bernoulli = |ks: &&Vec<usize>| -> (Vec<u32>, Vec<u32>) {
        let mut rng = prob::Rng(comp_seed(ks, 0));
        let w = edge_list[ks[0]].iter().chain(&edge_list[ks[1]]).map(|e| e.2).next().unwrap_or(prob::NOT_SIMILAR);
        let mut draws = Vec::with_capacity(per * PRIOR_VARIANTS.len());
        for v in PRIOR_VARIANTS {
            let p = 1.0 / (1.0 + (-(tau * w + shift + v * PRIOR_SPREAD)).exp());
            draws.extend((0..per).map(|_| if rng.unit() < p { 1u32 } else { 2 }));
        }
        let mut sorted = draws.clone();
        sorted.sort_unstable();
        let joined = sorted[sorted.len() / 2] == 1;
        (draws, vec![0, u32::from(!joined)])
    };
    let mut results: Vec<(&Vec<usize>, Vec<u32>, Vec<u32>)> =
        twos.iter().zip(crate::par_map(&twos, bernoulli)).map(|(&ks, (d, st))| (ks, d, st)).collect();
    let build = |ks: &&Vec<usize>| -> Component {
        let local: HashMap<u32, u32> = ks.iter().enumerate().map(|(i, &k)| (k as u32, i as u32)).collect();
        let mut c = Component {
            members: ks.iter().map(|&k| uf.members[units[k]].clone()).collect(),
            nids: ks.iter().map(|&k| uf.nids[units[k]].clone()).collect(),
            edges: vec![Vec::new(); ks.len()],
            shift,
        };
        for &k in ks.iter() {
            for &(ia, ib, w, _) in &edge_list[k] {
                let (la, lb) = (local[&ia], local[&ib]);
                c.edges[la as usize].push((lb, w));
                c.edges[lb as usize].push((la, w));
            }
        }
        c.sort_edges();
        c
    };
    let built: Vec<Component> = crate::par_map(&chained, build);
    // The person prior is the least certain part of the model: the draws are pooled over it
    // at e^−PRIOR_SPREAD, 1 and e^+PRIOR_SPREAD times its estimate, the same variant for every
    // component in the same draw (it is one number for the whole year). Each (component,
    // variant) is one chain; the largest go first so both cores stay busy.
    let mut tasks: Vec<(usize, usize)> =
        (0..built.len()).flat_map(|c| (0..PRIOR_VARIANTS.len()).map(move |v| (c, v))).collect();
    tasks.sort_by_key(|&(c, v)| (std::cmp::Reverse(built[c].work()), c, v));
    let chains = crate::par_map(&tasks, |&(ci, v)| {
        let c = &built[ci];
        let mut rng = prob::Rng(comp_seed(chained[ci], v));
        // A crowd of thousands of units (a common name without birth dates) gets fewer sweeps:
        // its number of persons is already a sum over many nearly independent parts, and the
        // draws it has are reused in turn to fill the year's draws.
        let (burn, draws) = sweeps_for(c.work(), per);
        let (mut d, mut st) = (Vec::new(), Vec::new());
        let shift = shift + PRIOR_VARIANTS[v] * PRIOR_SPREAD;
        c.sample_states(&mut rng, prob::Chain { burn, draws, tau, shift }, &mut d, &mut st);
        if v != central {
            st.clear();
        }
        (d, st)
    });
    // Per component and variant: the chain's numbers of persons and (central variant) states.
    type Drawn = Option<(Vec<u32>, Vec<Vec<u32>>)>;
    let mut by_comp: Vec<Vec<Drawn>> = (0..built.len()).map(|_| vec![None; PRIOR_VARIANTS.len()]).collect();
    for (&(ci, v), r) in tasks.iter().zip(chains) {
        by_comp[ci][v] = Some(r);
    }
    for (ci, variants) in by_comp.into_iter().enumerate() {
        let mut draws: Vec<u32> = Vec::with_capacity(DRAWS);
        let mut central_states: Vec<(u32, Vec<u32>)> = Vec::new();
        for (v, r) in variants.into_iter().enumerate() {
            let Some((d, st)) = r else { continue };
            // Fewer draws than `per` (a crowd): reused in turn.
            draws.extend((0..per).map(|k| d[k % d.len().max(1)]));
            if v == central {
                central_states = d.into_iter().zip(st).collect();
            }
        }
        // The published grouping of the component: the most probable of the sampled
        // clusterings (of the central prior) that have the component's median number of
        // persons (or the nearest number sampled), so the tables add up to the published count
        // and a pair that is one person in a minority of draws is not merged.
        let mut sorted = draws.clone();
        sorted.sort_unstable();
        let med = sorted[sorted.len() / 2];
        let c = &built[ci];
        let mut pick: Option<(u32, f64, usize)> = None;
        for (k, (d, st)) in central_states.iter().enumerate() {
            let dist = d.abs_diff(med);
            if pick.is_some_and(|(best_dist, _, _)| dist > best_dist) {
                continue;
            }
            let sc = c.score(st);
            if pick.is_none_or(|(best_dist, best_sc, _)| dist < best_dist || sc > best_sc) {
                pick = Some((dist, sc, k));
            }
        }
        let state = pick.map(|(_, _, k)| std::mem::take(&mut central_states[k].1)).unwrap_or_default();
        results.push((chained[ci], draws, state));
    }
    for (ks, draws, state) in results {
        for (t, &d) in totals.iter_mut().zip(&draws) {
            *t += u64::from(d);
        }
        for (i, &k) in ks.iter().enumerate() {
            unit_label[k] = ks[state.get(i).copied().unwrap_or(i as u32) as usize] as u64;
        }
        for &k in ks.iter() {
            kinds_of_link.extend(edge_list[k].iter().map(|&(ia, ib, _, g)| (ia, ib, g)));
        }
    }
    let mut sorted = totals.clone();
    sorted.sort_unstable();
    let q = |f: f64| sorted[((sorted.len() - 1) as f64 * f).round() as usize] as usize;
    let (persons_lower, persons_upper) = (q(0.05), q(0.95));
    // Groups: units by their label, records by unit.
    let mut by_label: BTreeMap<u64, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        let k = unit_index[unit_of[i]] as usize;
        by_label.entry(unit_label[k]).or_default().push(i);
    }
    for (ia, ib, g) in kinds_of_link {
        if unit_label[ia as usize] == unit_label[ib as usize] {
            *links_by_kind.entry(format!("probabilistic_{}", g.evidence())).or_insert(0) += 1;
        }
    }
    let mut groups: Vec<Vec<usize>> = by_label.into_values().collect();
    // Indirect persons follow their linked related persons.
    let mut uf2 = Uf::new(recs);
    for gr in &groups {
        for w in gr.windows(2) {
            uf2.union(w[0], w[1]);
        }
    }
    let before = links_by_kind.get("related_person").copied().unwrap_or(0);
    link_indirect(recs, &mut uf2, &mut links_by_kind);
    let indirect_links = links_by_kind.get("related_person").copied().unwrap_or(0) - before;
    if indirect_links > 0 {
        let mut m: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for i in 0..n {
            let r = uf2.find(i);
            m.entry(r).or_default().push(i);
        }
        groups = m.into_values().collect();
    }
    let shift = indirect_links;
    let published = groups.len();
    Grouping {
        groups,
        comparisons,
        links_by_kind,
        refused_same_member,
        refused_id_conflict,
        persons_estimate: published,
        // The published count is inside its own range (the sum of the components' medians
        // can sit just outside the percentiles of the sum).
        persons_lower: persons_lower.saturating_sub(shift).min(published),
        persons_upper: persons_upper.saturating_sub(shift).max(published),
        uncertain_by_evidence,
        model: Some(model),
        pairs: kept,
        name_groups,
    }
}

/// Take the bits of each record's birth year out of both its encodings (the year is compared
/// on its own, from the plaintext year; the names then compare alike whatever the years).
fn strip_year_bits(recs: &mut [LinkRecord]) {
    let masks = YearMasks::learn(recs.iter().map(LinkRecord::view));
    let owned: HashMap<i64, Clk> =
        recs.iter().filter_map(|r| r.birth_year).filter_map(|y| masks.get(Some(y)).map(|m| (y, *m))).collect();
    for r in recs.iter_mut() {
        let Some(m) = r.birth_year.filter(|_| r.precision > 0).and_then(|y| owned.get(&y)) else { continue };
        for c in [&mut r.clk, &mut r.clk_year].into_iter().flatten() {
            for (w, k) in c.iter_mut().zip(m.iter()) {
                *w &= !k;
            }
        }
    }
}

/// Pairs where one record's name bits (its year bits taken out) are almost all set in the
/// other's encoding, for records whose name is short (at most [`SHORT_NAME`] of the median
/// number of name bits): a family or given name missing at one member. Each pair carries how
/// many records hold the short record's name (its frequency, for u).
struct Contained {
    pairs: HashMap<(u32, u32), u32>,
}

/// A name is short when it has at most this share of the median number of name bits.
const SHORT_NAME: f64 = 0.6;
/// Share of a short name's bits that must be set in the other encoding.
const CONTAINMENT: f64 = 0.9;

fn contained_pairs(views: &[View<'_>], with_clk: &[usize]) -> Contained {
    let mut out = Contained { pairs: HashMap::new() };
    let name_bits = |i: usize| -> Option<Clk> {
        let v = &views[i];
        let c = v.clk_year.or(v.clk)?;
        Some(*c)
    };
    let pop = |c: &Clk| c.iter().map(|w| w.count_ones()).sum::<u32>();
    let mut counts: Vec<u32> = with_clk.iter().filter_map(|&i| name_bits(i)).map(|b| pop(&b)).collect();
    if counts.len() < 3 {
        return out;
    }
    counts.sort_unstable();
    let limit = (f64::from(counts[counts.len() / 2]) * SHORT_NAME) as u32;
    let short: Vec<(usize, Clk)> = with_clk
        .iter()
        .filter_map(|&i| name_bits(i).map(|b| (i, b)))
        .filter(|(_, b)| pop(b) <= limit && pop(b) > 0)
        .collect();
    if short.is_empty() {
        return out;
    }
    // How often each bit is set; each short name is looked up by its two rarest bits.
    let bits = samla_core::clk::WORDS * 64;
    let mut freq = vec![0u32; bits];
    for &i in with_clk {
        if let Some(c) = views[i].clk_year.or(views[i].clk) {
            for (w, word) in c.iter().enumerate() {
                let mut x = *word;
                while x != 0 {
                    freq[w * 64 + x.trailing_zeros() as usize] += 1;
                    x &= x - 1;
                }
            }
        }
    }
    let rarest = |b: &Clk| -> [usize; 2] {
        let mut set: Vec<usize> = Vec::new();
        for (w, word) in b.iter().enumerate() {
            let mut x = *word;
            while x != 0 {
                set.push(w * 64 + x.trailing_zeros() as usize);
                x &= x - 1;
            }
        }
        set.sort_by_key(|&p| (freq[p], p));
        [set[0], *set.get(1).unwrap_or(&set[0])]
    };
    let keys: Vec<[usize; 2]> = short.iter().map(|(_, b)| rarest(b)).collect();
    let mut wanted = vec![false; bits];
    for k in &keys {
        wanted[k[0]] = true;
        wanted[k[1]] = true;
    }
    let mut postings: HashMap<usize, Vec<u32>> = HashMap::new();
    for &i in with_clk {
        if let Some(c) = views[i].clk_year.or(views[i].clk) {
            for (w, word) in c.iter().enumerate() {
                let mut x = *word;
                while x != 0 {
                    let p = w * 64 + x.trailing_zeros() as usize;
                    if wanted[p] {
                        postings.entry(p).or_default().push(i as u32);
                    }
                    x &= x - 1;
                }
            }
        }
    }
    for ((i, b), k) in short.iter().zip(&keys) {
        let (Some(p0), Some(p1)) = (postings.get(&k[0]), postings.get(&k[1])) else { continue };
        let need = (f64::from(pop(b)) * CONTAINMENT).ceil() as u32;
        let mut found: Vec<u32> = Vec::new();
        let (mut x, mut y) = (0, 0);
        while x < p0.len() && y < p1.len() {
            match p0[x].cmp(&p1[y]) {
                std::cmp::Ordering::Less => x += 1,
                std::cmp::Ordering::Greater => y += 1,
                std::cmp::Ordering::Equal => {
                    let j = p0[x] as usize;
                    x += 1;
                    y += 1;
                    if j == *i {
                        continue;
                    }
                    let Some(c) = views[j].clk_year.or(views[j].clk) else { continue };
                    let inside: u32 = b.iter().zip(c.iter()).map(|(p, q)| (p & q).count_ones()).sum();
                    if inside >= need {
                        found.push(j as u32);
                    }
                }
            }
        }
        let n = found.len() as u32;
        for j in found {
            let key = ((*i as u32).min(j), (*i as u32).max(j));
            let e = out.pairs.entry(key).or_insert(n);
            *e = (*e).max(n);
        }
    }
    out
}

/// People per name (see [`NameCounts`]): name groups from "same name" pairs, dated identities
/// per group from the birth dates.
fn name_counts(recs: &[LinkRecord], compared: &[(u32, u32, Gamma)]) -> NameCounts {
    let n = recs.len();
    let mut groups = Dsu::new(n);
    let mut days = Dsu::new(n);
    for &(a, b, g) in compared {
        if g.name <= 1 {
            groups.union(a as usize, b as usize);
            // One identity per full date, a day or a digit off included (typing).
            if g.year == prob::YEAR_SAME && (g.date == 0 || g.date == 1) {
                days.union(a as usize, b as usize);
            }
        }
    }
    let mut index: HashMap<usize, u32> = HashMap::new();
    let mut group_of = vec![0u32; n];
    for (i, g) in group_of.iter_mut().enumerate() {
        let root = groups.find(i);
        let next = index.len() as u32;
        *g = *index.entry(root).or_insert(next);
    }
    let mut facts = vec![GroupFacts::default(); index.len()];
    // Per group: day identities per year, years with any date, records per member.
    let mut day_roots: HashMap<(u32, i64), Vec<usize>> = HashMap::new();
    let mut years: HashMap<u32, Vec<(i64, bool)>> = HashMap::new();
    let mut per_member: HashMap<(u32, u32), u32> = HashMap::new();
    for (i, r) in recs.iter().enumerate() {
        let g = group_of[i];
        let c = per_member.entry((g, r.member)).or_insert(0);
        *c += 1;
        let f = &mut facts[g as usize];
        f.max_per_member = f.max_per_member.max(*c);
        match r.birth_year.filter(|_| r.precision > 0) {
            None => f.undated += 1,
            Some(y) => {
                years.entry(g).or_default().push((y, r.precision == 3));
                if r.precision == 3 {
                    let root = days.find(i);
                    let v = day_roots.entry((g, y)).or_default();
                    if !v.contains(&root) {
                        v.push(root);
                    }
                }
            }
        }
    }
    // The effective number of birth years (1 / Σ share²): namesakes known only by their year
    // share a year by chance, so k distinct such years stand for more than k people.
    let mut hist: HashMap<i64, f64> = HashMap::new();
    for r in recs.iter().filter(|r| r.precision > 0) {
        if let Some(y) = r.birth_year {
            *hist.entry(y).or_insert(0.0) += 1.0;
        }
    }
    let total: f64 = hist.values().sum();
    let y_eff = if total > 0.0 { 1.0 / hist.values().map(|c| (c / total).powi(2)).sum::<f64>() } else { 20.0 };
    for (g, mut ys) in years {
        ys.sort_unstable();
        ys.dedup();
        let mut distinct: Vec<i64> = ys.iter().map(|x| x.0).collect();
        distinct.dedup();
        let has = |y: i64| distinct.contains(&y);
        let (mut days, mut year_only) = (0u32, 0u32);
        for &y in &distinct {
            match day_roots.get(&(g, y)) {
                Some(v) => days += v.len() as u32,
                // A rare name's year known only as a year, next to its other year, is the
                // same person's estimated year.
                None if distinct.len() <= 2 && (has(y - 1) || has(y + 1)) => {}
                None => year_only += 1,
            }
        }
        facts[g as usize].dated = days;
        facts[g as usize].year_only_people = prob::occupancy(year_only, y_eff);
    }
    let with_clk = recs.iter().filter(|r| r.clk_year.or(r.clk).is_some()).count().max(1) as f64;
    // Records per person: a first guess, then the one the counts imply.
    let first = NameCounts::estimate(&facts, group_of.clone(), 1.3);
    let rpp = (n as f64 / first.total_people.max(1.0)).clamp(1.0, 3.0);
    let _ = with_clk;
    NameCounts::estimate(&facts, group_of, rpp)
}

/// Pseudo-pairs of the priors of the background (u) estimates: they matter only in small
/// years.
const BACKGROUND_PRIOR: f64 = 2000.0;

/// u of everything but the same-name band, from the year's data (see [`prob`]).
fn background(recs: &[LinkRecord], views: &[View<'_>], compared: &[(u32, u32, Gamma)]) -> Background {
    // Birth years: the chance two different people share a year, or are one apart.
    let mut hist: HashMap<i64, f64> = HashMap::new();
    let mut dated: f64 = 0.0;
    for r in recs {
        if let Some(y) = r.birth_year.filter(|_| r.precision > 0) {
            *hist.entry(y).or_insert(0.0) += 1.0;
            dated += 1.0;
        }
    }
    let (mut same, mut one) = (0.0, 0.0);
    for (y, c) in &hist {
        let f = c / dated.max(1.0);
        same += f * f;
        one += 2.0 * f * hist.get(&(y + 1)).map_or(0.0, |d| d / dated.max(1.0));
    }
    // Small years lean on a prior: birth years spread over about 30 years (BACKGROUND_PRIOR
    // pseudo-pairs).
    let w = dated * dated / 2.0;
    let prior = BACKGROUND_PRIOR;
    let year = norm3([
        (same * w + 0.04 * prior) / (w + prior),
        (one * w + 0.07 * prior) / (w + prior),
        ((1.0 - same - one).max(0.0) * w + 0.89 * prior) / (w + prior),
    ]);
    // Month and day: random pairs of full dates in the same year.
    let mut by_year: HashMap<i64, Vec<usize>> = HashMap::new();
    for (i, r) in recs.iter().enumerate() {
        if r.precision == 3 && r.clk.is_some() {
            if let Some(y) = r.birth_year {
                by_year.entry(y).or_default().push(i);
            }
        }
    }
    // Prior: a day and month agree by chance about once in 365, the month alone once in 12.
    let mut date = [BACKGROUND_PRIOR / 365.0, BACKGROUND_PRIOR / 12.0, BACKGROUND_PRIOR];
    let mut rng = prob::Rng(0xda7e);
    let groups: Vec<&Vec<usize>> = by_year.values().filter(|v| v.len() >= 2).collect();
    if !groups.is_empty() {
        for _ in 0..20_000 {
            let v = groups[(rng.next_u64() % groups.len() as u64) as usize];
            let (i, j) = (rng.next_u64() as usize % v.len(), rng.next_u64() as usize % v.len());
            if i == j {
                continue;
            }
            if let Some((g, _)) = prob::compare(&views[v[i]], &views[v[j]]) {
                if g.date != prob::MISSING {
                    date[usize::from(g.date)] += 1.0;
                }
            }
        }
    }
    // Name bands, gender and country among different people who share a name: cross-member
    // pairs whose birth years are far apart.
    let mut bands = [0.5f64; 7];
    let (mut gender, mut country) = ([[0.5f64; 2]; 7], [[0.5f64; 2]; 7]);
    for &(a, b, g) in compared {
        if recs[a as usize].member == recs[b as usize].member || g.year != prob::YEAR_APART {
            continue;
        }
        let band = usize::from(g.name);
        bands[band] += 1.0;
        if g.gender != prob::MISSING {
            gender[band][usize::from(g.gender)] += 1.0;
        }
        if g.country != prob::MISSING {
            country[band][usize::from(g.country)] += 1.0;
        }
    }
    // Band 4 (candidates by a shared key only) is rare among these pairs: as band 3.
    gender[4] = gender[3];
    country[4] = country[3];
    gender[5] = gender[3];
    country[5] = country[3];
    gender[6] = gender[0];
    country[6] = country[0];
    let mut per_member: HashMap<u32, f64> = HashMap::new();
    let mut total = 0.0;
    for r in recs.iter().filter(|r| r.clk_year.or(r.clk).is_some()) {
        *per_member.entry(r.member).or_insert(0.0) += 1.0;
        total += 1.0;
    }
    let cross_pairs = (total * total - per_member.values().map(|k| k * k).sum::<f64>()) / 2.0;
    // Cross-member pairs whose years are far apart (all different people): how often their
    // names fall in bands 2 and 3 is u of those bands.
    let dated_share = dated / (recs.len().max(1) as f64);
    let apart_pairs = (cross_pairs * dated_share * dated_share * year[2]).max(1.0);
    // Prior: similar names (bands 2 and 3) between two people at rates typical of the bench
    // years (1e-3 and 4e-3).
    let name_u = [
        ((bands[2] + 1e-3 * BACKGROUND_PRIOR) / (apart_pairs + BACKGROUND_PRIOR)).min(1.0),
        ((bands[3] + 4e-3 * BACKGROUND_PRIOR) / (apart_pairs + BACKGROUND_PRIOR)).min(1.0),
    ];
    let near_name_rel = bands[1] / bands[0];
    Background {
        near_name_rel,
        name_u,
        year,
        date: norm3(date),
        gender: gender.map(norm2),
        country: country.map(norm2),
        cross_pairs,
    }
}

fn norm3(v: [f64; 3]) -> [f64; 3] {
    let s: f64 = v.iter().sum();
    [v[0] / s, v[1] / s, v[2] / s]
}

fn norm2(v: [f64; 2]) -> [f64; 2] {
    let s = v[0] + v[1];
    [v[0] / s, v[1] / s]
}

/// Link indirect persons whose related persons are one group, when gender and birth year agree.
fn link_indirect(recs: &[LinkRecord], uf: &mut Uf, links: &mut BTreeMap<String, usize>) {
    let mut candidates: BTreeMap<(usize, &str, i64, &str), Vec<usize>> = BTreeMap::new();
    for (i, r) in recs.iter().enumerate() {
        if &*r.relation == "direct" {
            continue;
        }
        let (Some(parent), Some(g), Some(y)) = (r.related_to, r.gender.as_deref(), r.birth_year) else { continue };
        let root = uf.find(parent);
        candidates.entry((root, g, y, &*r.relation)).or_default().push(i);
    }
    for v in candidates.values() {
        let first = v[0];
        for &other in &v[1..] {
            let (a, b) = (uf.find(first), uf.find(other));
            if a == b || uf.share_member(a, b) {
                continue;
            }
            uf.union(a, b);
            *links.entry("related_person".into()).or_insert(0) += 1;
        }
    }
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
mod tests {
    use super::*;
    use samla_core::batch::linkage_fields;
    use samla_core::clk::{Encoder, WEIGHTS};
    use samla_core::normalize::{name_tokens, PartialDate};
    use samla_core::pseudonym::{Identifiers, LinkageSecret};

    /// A record as the client encodes it.
    fn rec(s: &LinkageSecret, member: u32, given: &str, family: &str, date: &str, nid: Option<&str>) -> LinkRecord {
        let today = time::Date::from_calendar_date(2025, time::Month::January, 1).expect("date");
        let birth = if date.is_empty() { None } else { PartialDate::parse(date, today).ok() };
        let ids = Identifiers {
            national_id: nid,
            migration_id: None,
            given: name_tokens(given).into_iter().collect(),
            family: name_tokens(family).into_iter().collect(),
            birth,
        };
        let enc = Encoder::new(&s.clk_key("1"), WEIGHTS, false);
        let l = linkage_fields(&s.match_keyer("1"), &enc, &ids, Some("NG"));
        LinkRecord::from_fields(member, &l, Some("female"), Some("NG"))
    }

    fn secret() -> LinkageSecret {
        LinkageSecret::generate().expect("secret")
    }

    #[test]
    fn the_same_person_at_three_members_is_one_and_the_range_holds_it() {
        let s = secret();
        let mut recs = vec![
            rec(&s, 0, "Blessing", "Igbinedion", "1994-05-17", None),
            rec(&s, 1, "Blessing", "Igbinedion", "1994-05-17", None),
            rec(&s, 2, "Igbinedion", "Blessing", "1994-05-17", None),
            rec(&s, 1, "Precious", "Omoregie", "1988-11-02", None),
        ];
        let g = group(&mut recs, &fuzzy::PARAMS);
        assert_eq!(g.groups.len(), 2, "{:?}", g.groups);
        assert_eq!(g.persons_estimate, 2);
        assert!(g.persons_lower <= 2 && g.persons_upper >= 2);
    }

    #[test]
    fn two_records_of_one_member_are_two_people_unless_an_identifier_says_otherwise() {
        let s = secret();
        let mut recs = vec![
            rec(&s, 0, "Joy", "Osagie", "1995-02-03", None),
            rec(&s, 0, "Joy", "Osagie", "1995-02-03", None),
            rec(&s, 1, "Joy", "Osagie", "1995-02-03", None),
            rec(&s, 2, "Mercy", "Eze", "1990-01-05", Some("199001051234")),
            rec(&s, 2, "Mercy", "Eze", "1990-01-06", Some("199001051234")),
        ];
        let g = group(&mut recs, &fuzzy::PARAMS);
        // Joy Osagie twice at member 0: two people, one of them also at member 1; Mercy Eze once.
        assert_eq!(g.groups.len(), 3, "{:?}", g.groups);
        assert!(g.groups.iter().all(|gr| !(gr.contains(&0) && gr.contains(&1))));
        assert!(g.groups.iter().any(|gr| gr.contains(&3) && gr.contains(&4)));
        assert_eq!(g.links_by_kind.get("national_id"), Some(&1));
    }

    #[test]
    fn different_national_ids_are_never_merged_by_name() {
        let s = secret();
        let mut recs = vec![
            rec(&s, 0, "Faith", "Aigbe", "1993-07-08", Some("199307081234")),
            rec(&s, 1, "Faith", "Aigbe", "1993-07-08", Some("199307085678")),
        ];
        let g = group(&mut recs, &fuzzy::PARAMS);
        assert_eq!(g.groups.len(), 2);
        assert_eq!(g.persons_lower, 2);
    }

    #[test]
    fn children_follow_their_linked_parents() {
        let s = secret();
        let child = |member: u32, parent: usize, gender: &str, year: i64| LinkRecord {
            member,
            relation: "indirect_child".into(),
            related_to: Some(parent),
            gender: Some(gender.into()),
            birth_year: Some(year),
            precision: 1,
            ..Default::default()
        };
        let mut recs = vec![
            rec(&s, 0, "Gift", "Idahosa", "1991-03-04", None),
            child(0, 0, "male", 2019),
            child(0, 0, "female", 2021),
            rec(&s, 1, "Gift", "Idahosa", "1991-03-04", None),
            child(1, 3, "male", 2019),
            child(1, 3, "female", 2020),
        ];
        let g = group(&mut recs, &fuzzy::PARAMS);
        // mother once, son once, two daughters of different birth years stay apart.
        assert_eq!(g.groups.len(), 4, "{:?}", g.groups);
        assert_eq!(g.links_by_kind["related_person"], 1);
        assert_eq!(g.persons_estimate, 4);
    }

    #[test]
    fn a_crowd_gets_fewer_sweeps_and_small_components_all_of_them() {
        let per = DRAWS / PRIOR_VARIANTS.len();
        assert_eq!(sweeps_for(2_000, per), (BURN, per));
        let (burn, draws) = sweeps_for(500_000, per);
        assert!(burn < BURN && draws < per, "{burn} {draws}");
        assert!(((burn + draws) * 500_000) as f64 <= SWEEP_BUDGET * 1.05);
        // Never below the floor, however large.
        assert_eq!(sweeps_for(usize::MAX / 1024, per), (10, 20));
    }

    #[test]
    fn par_map_keeps_the_order_whatever_the_cost_of_each_item() {
        let items: Vec<u64> = (0..200).collect();
        let out = crate::par_map(&items, |&i| {
            // Uneven work: early items are the slowest.
            let mut x = i;
            for _ in 0..(200 - i) * 1000 {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
            }
            (i, x)
        });
        assert_eq!(out.iter().map(|x| x.0).collect::<Vec<_>>(), items);
    }
}
