//! From weighed pairs to persons (docs/LINKAGE.md §2.8–2.10): the pairs above the floor join
//! units into connected components, each component's clusterings are sampled ([`sample`]),
//! the draws give every linkage figure its range, and the published grouping is, per component,
//! the most probable sampled clustering at the component's median number of persons.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::candidates::Uf;
use super::compare::{Candidate, Gamma};
use super::params::Model;
use super::sample::{self, Chain, Component, Rng, Tally, BUCKETS};
use super::LinkRecord;

/// Draws of the sampler kept per year (after [`BURN`] sweeps), pooled over the prior variants.
pub(crate) const DRAWS: usize = 400;
/// Sweeps discarded before the draws.
pub(crate) const BURN: usize = 60;
/// Variants of the person prior the draws are pooled over (multiples of [`PRIOR_SPREAD`]).
const PRIOR_VARIANTS: [f64; 3] = [-1.0, 0.0, 1.0];
/// Spread of the person prior, in log-odds. Of 0.7 / 0.75 / 0.8 / 0.9 on the stress years: 0.8
/// and 0.9 made the range wider than 10 %, 0.75 just under it (9.8 %, no margin for a year's
/// fresh secret), 0.7 9.3 % with the truth in range in 93 % of 120 (docs/LINKAGE.md §2.9).
pub(crate) const PRIOR_SPREAD: f64 = 0.7;
/// Candidate pairs below this posterior do not join components.
const EDGE_FLOOR: f64 = 0.01;
/// Work one chain may do (unit and edge visits over all its sweeps) before it is given fewer
/// sweeps: about a second on one core. Only crowds of thousands of units reach it.
const SWEEP_BUDGET: f64 = 2.0e7;
/// Unit and edge visits per sweep that one task of the pool takes at least (small
/// components are sampled in batches, so a national year is not a million tiny tasks).
const TASK_WORK: usize = 20_000;

/// Burn-in and kept sweeps for a chain over a component with `work` unit and edge visits
/// per sweep: [`BURN`] and `per`, scaled down to [`SWEEP_BUDGET`] for a crowd (at least 10
/// and 20).
pub(super) fn sweeps_for(work: usize, per: usize) -> (usize, usize) {
    let full = (BURN + per) as f64 * work as f64;
    if full <= SWEEP_BUDGET {
        return (BURN, per);
    }
    let f = SWEEP_BUDGET / full;
    (((BURN as f64 * f) as usize).max(10), ((per as f64 * f) as usize).max(20))
}

/// An edge between two units: (unit index, unit index, summed log-odds, comparison).
pub(super) type Edge = (u32, u32, f64, Gamma);

/// The weighed pairs between units.
pub(super) struct Weighed {
    /// The unit (root record) of each record.
    pub(super) unit_of: Vec<usize>,
    /// The root record of each unit, and each root record's unit index.
    pub(super) units: Vec<usize>,
    pub(super) unit_index: Vec<u32>,
    /// Edges by the unit they were stored at.
    pub(super) edges: Vec<Vec<Edge>>,
    pub(super) refused_same_member: usize,
    pub(super) refused_id_conflict: usize,
    pub(super) uncertain_by_evidence: BTreeMap<String, usize>,
    /// Every candidate pair with its log-odds (only when asked for).
    pub(super) kept: Vec<(u32, u32, Gamma, f64)>,
    /// Pairs of units in one component that are no edge (below the floor, or no candidate),
    /// with their summed log-odds, by the unit they were stored at ([`fill`]).
    pub(super) weak: Vec<Vec<(u32, u32, f64)>>,
}

/// The log-odds of [`EDGE_FLOOR`].
fn floor_log_odds() -> f64 {
    (EDGE_FLOOR / (1.0 - EDGE_FLOOR)).ln()
}

/// Weigh the candidates: pairs above [`EDGE_FLOOR`] between units that may be one person
/// become edges (several record pairs of two units add up); the uncertain ones are counted
/// by their evidence.
pub(super) fn weigh(cands: &[Candidate], model: &Model, uf: &mut Uf, n: usize, keep_pairs: bool) -> Weighed {
    let unit_of: Vec<usize> = (0..n).map(|i| uf.find(i)).collect();
    let floor = floor_log_odds();
    let mut by_pair: HashMap<(u32, u32), (f64, Gamma)> = HashMap::new();
    let (mut refused_same_member, mut refused_id_conflict) = (0usize, 0usize);
    let mut uncertain: HashMap<u32, (f64, &'static str)> = HashMap::new();
    let mut kept = Vec::new();
    for c in cands {
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
        let (ua, ub) = (unit_of[c.a as usize], unit_of[c.b as usize]);
        if lo < floor || ua == ub {
            continue;
        }
        if uf.id_conflict(ua, ub) || uf.share_member(ua, ub) {
            if pr >= 0.5 {
                if uf.id_conflict(ua, ub) {
                    refused_id_conflict += 1;
                } else {
                    refused_same_member += 1;
                }
            }
            continue;
        }
        let e = by_pair.entry((ua.min(ub) as u32, ua.max(ub) as u32)).or_insert((0.0, c.gamma));
        // Several records of two units: their evidence adds up.
        e.0 += lo;
    }
    let mut uncertain_by_evidence: BTreeMap<String, usize> = BTreeMap::new();
    for (_, (_, ev)) in uncertain {
        *uncertain_by_evidence.entry(ev.to_string()).or_insert(0) += 1;
    }
    let units: Vec<usize> = (0..n).filter(|&i| unit_of[i] == i).collect();
    let mut unit_index = vec![u32::MAX; n];
    for (k, &u) in units.iter().enumerate() {
        unit_index[u] = k as u32;
    }
    let mut edges: Vec<Vec<Edge>> = vec![Vec::new(); units.len()];
    for (&(a, b), &(w, g)) in &by_pair {
        let (ia, ib) = (unit_index[a as usize], unit_index[b as usize]);
        edges[ia as usize].push((ia, ib, w, g));
    }
    let weak = vec![Vec::new(); units.len()];
    Weighed {
        unit_of,
        units,
        unit_index,
        edges,
        refused_same_member,
        refused_id_conflict,
        uncertain_by_evidence,
        kept,
        weak,
    }
}

/// Components of at most this many units have every pair of their units weighed: the pairs
/// that were not candidates are compared now (`weigh_pair`) instead of being charged
/// [`sample::NOT_SIMILAR`]. One person reported by four members often has one pair of records
/// whose names are less alike than the candidate floor (a variant at one member, a typo at
/// another); charged as "not even similar", that pair split the person.
const FILL_UNITS: usize = 48;

/// Weigh the pairs of units inside components that are not edges (see [`Weighed::weak`]):
/// candidate pairs below the floor with their log-odds, and in components of at most
/// [`FILL_UNITS`] units every other pair of records by `weigh_pair`.
pub(super) fn fill(
    comps: &[Vec<usize>],
    w: &mut Weighed,
    cands: &[Candidate],
    log_odds: impl Fn(&Candidate) -> f64,
    uf: &Uf,
    weigh_pair: impl Fn(u32, u32) -> f64,
) {
    let floor = floor_log_odds();
    let mut comp_of = vec![u32::MAX; w.units.len()];
    for (c, ks) in comps.iter().enumerate().filter(|(_, ks)| ks.len() >= 3) {
        for &k in ks {
            comp_of[k] = c as u32;
        }
    }
    let unit = |r: u32| w.unit_index[w.unit_of[r as usize]] as usize;
    let edge: HashSet<(u32, u32)> = w
        .edges
        .iter()
        .flatten()
        .filter(|e| comp_of[e.0 as usize] != u32::MAX)
        .map(|e| (e.0.min(e.1), e.0.max(e.1)))
        .collect();
    let apart = |a: usize, b: usize| uf.share_member(w.units[a], w.units[b]) || uf.id_conflict(w.units[a], w.units[b]);
    let mut weak: HashMap<(u32, u32), f64> = HashMap::new();
    let mut compared: HashSet<(u32, u32)> = HashSet::new();
    for c in cands {
        let (ia, ib) = (unit(c.a), unit(c.b));
        let key = (ia.min(ib) as u32, ia.max(ib) as u32);
        if ia == ib || comp_of[ia] == u32::MAX || comp_of[ia] != comp_of[ib] || edge.contains(&key) || apart(ia, ib) {
            continue;
        }
        let lo = log_odds(c);
        debug_assert!(lo < floor);
        *weak.entry(key).or_insert(0.0) += lo;
        compared.insert((c.a.min(c.b), c.a.max(c.b)));
    }
    let mut records: HashMap<u32, Vec<u32>> = HashMap::new();
    for r in 0..w.unit_of.len() as u32 {
        let k = unit(r);
        if comp_of[k] != u32::MAX && comps[comp_of[k] as usize].len() <= FILL_UNITS {
            records.entry(k as u32).or_default().push(r);
        }
    }
    for ks in comps.iter().filter(|ks| (3..=FILL_UNITS).contains(&ks.len())) {
        for (x, &a) in ks.iter().enumerate() {
            for &b in &ks[x + 1..] {
                let key = (a.min(b) as u32, a.max(b) as u32);
                if edge.contains(&key) || apart(a, b) {
                    continue;
                }
                let mut sum = 0.0;
                for &ra in &records[&(a as u32)] {
                    for &rb in &records[&(b as u32)] {
                        if !compared.contains(&(ra.min(rb), ra.max(rb))) {
                            sum += weigh_pair(ra, rb);
                        }
                    }
                }
                *weak.entry(key).or_insert(0.0) += sum;
            }
        }
    }
    for ((a, b), lo) in weak {
        w.weak[a as usize].push((a, b, lo));
    }
}

/// The connected components of the units (unit indexes, singletons included), in a fixed
/// order.
pub(super) fn components(w: &Weighed) -> Vec<Vec<usize>> {
    fn root(p: &mut [u32], mut x: usize) -> usize {
        while p[x] as usize != x {
            p[x] = p[p[x] as usize];
            x = p[x] as usize;
        }
        x
    }
    let mut parent: Vec<u32> = (0..w.units.len() as u32).collect();
    for &(a, b, _, _) in w.edges.iter().flatten() {
        let (x, y) = (root(&mut parent, a as usize), root(&mut parent, b as usize));
        if x != y {
            parent[x] = y as u32;
        }
    }
    let mut comps: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for k in 0..w.units.len() {
        let r = root(&mut parent, k);
        comps.entry(r).or_default().push(k);
    }
    comps.into_values().collect()
}

/// What the sampler gives the year.
pub(super) struct Sampled {
    /// Per draw (pooled over the prior variants): persons by number of members.
    pub(super) draws: Vec<[u64; BUCKETS]>,
    /// The published cluster of each unit (a unit index of its cluster).
    pub(super) unit_label: Vec<usize>,
}

/// The sampler's settings for one year.
#[derive(Debug, Clone, Copy)]
pub(super) struct Settings {
    /// The person prior's log-odds correction ([`sample::join_prior_shift`]).
    pub(super) shift: f64,
    /// [`sample::Component::tolerated`].
    pub(super) tolerated: f64,
    pub(super) tau: f64,
    pub(super) seed: u64,
}

/// Sample every component (all cores) and pick the published grouping. The person prior is
/// the least certain part of the model: the draws are pooled over it at e^−PRIOR_SPREAD, 1
/// and e^+PRIOR_SPREAD times its estimate, the same variant for every component in the same
/// draw (it is one number for the whole year). Each component has its own generator seeded
/// from the year's seed, the component and the variant, so the result does not depend on the
/// number of cores.
pub(super) fn sample_year(comps: &[Vec<usize>], w: &Weighed, uf: &Uf, s: Settings) -> Sampled {
    let per = DRAWS / PRIOR_VARIANTS.len();
    let members_of = |k: usize| uf.members[w.units[k]].len();
    let mut unit_label: Vec<usize> = (0..w.units.len()).collect();
    // Singletons are one person in every draw.
    let mut alone = [0u64; BUCKETS];
    for ks in comps.iter().filter(|ks| ks.len() == 1) {
        alone[members_of(ks[0]).clamp(1, BUCKETS) - 1] += 1;
    }
    let mut draws = vec![alone; per * PRIOR_VARIANTS.len()];
    // The rest in tasks of at least TASK_WORK, largest components first so both cores stay
    // busy; each task is one prior variant of its components.
    let work = |ks: &Vec<usize>| ks.len() + 2 * ks.iter().map(|&k| w.edges[k].len() + w.weak[k].len()).sum::<usize>();
    let mut multi: Vec<&Vec<usize>> = comps.iter().filter(|ks| ks.len() > 1).collect();
    multi.sort_by_cached_key(|ks| (std::cmp::Reverse(work(ks)), ks[0]));
    let mut chunks: Vec<&[&Vec<usize>]> = Vec::new();
    let mut start = 0;
    let mut acc = 0;
    for (i, ks) in multi.iter().enumerate() {
        acc += work(ks);
        if acc >= TASK_WORK || i + 1 == multi.len() {
            chunks.push(&multi[start..=i]);
            start = i + 1;
            acc = 0;
        }
    }
    let tasks: Vec<(usize, usize)> =
        (0..chunks.len()).flat_map(|c| (0..PRIOR_VARIANTS.len()).map(move |v| (c, v))).collect();
    let results = crate::par_map(&tasks, |&(c, v)| sample_chunk(chunks[c], v, w, uf, s, per));
    for (&(_, v), (partial, picks)) in tasks.iter().zip(results) {
        for (d, p) in draws[v * per..(v + 1) * per].iter_mut().zip(&partial) {
            for b in 0..BUCKETS {
                d[b] += u64::from(p[b]);
            }
        }
        for (ks, state) in picks {
            for (i, &k) in ks.iter().enumerate() {
                unit_label[k] = ks[state.get(i).copied().unwrap_or(i as u32) as usize];
            }
        }
    }
    Sampled { draws, unit_label }
}

/// Published states of a task: (component, label of each of its units as a local index).
type Picks<'a> = Vec<(&'a [usize], Vec<u32>)>;

/// One prior variant `v` of a batch of components: the summed tallies of its `per` draws and,
/// for the central variant, each component's published state.
fn sample_chunk<'a>(
    chunk: &[&'a Vec<usize>],
    v: usize,
    w: &Weighed,
    uf: &Uf,
    s: Settings,
    per: usize,
) -> (Vec<Tally>, Picks<'a>) {
    let central = v == PRIOR_VARIANTS.len() / 2;
    let shift = s.shift + PRIOR_VARIANTS[v] * PRIOR_SPREAD;
    let mut sum = vec![[0u32; BUCKETS]; per];
    let mut picks = Vec::new();
    for ks in chunk {
        let seed = s.seed
            ^ (ks[0] as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
            ^ (v as u64 + 1).wrapping_mul(0xD1B5_4A32_D192_ED03);
        let mut rng = Rng(seed);
        let c = build(ks, w, uf, s);
        let (drawn, state) = if ks.len() == 2 {
            two(&c, &mut rng, s.tau, shift, per)
        } else {
            let (burn, draws) = sweeps_for(c.work(), per);
            let (mut d, mut st) = (Vec::new(), Vec::new());
            c.sample_states(&mut rng, Chain { burn, draws, tau: s.tau, shift }, &mut d, &mut st);
            let state = if central { published(&c, &d, st) } else { Vec::new() };
            (d, state)
        };
        // A crowd has fewer draws than `per`: they are reused in turn.
        for (k, t) in sum.iter_mut().enumerate() {
            let d = &drawn[k % drawn.len().max(1)];
            for b in 0..BUCKETS {
                t[b] += d[b];
            }
        }
        if central {
            picks.push((ks.as_slice(), state));
        }
    }
    (sum, picks)
}

/// Two units and one edge: the draws are Bernoulli, no chain needed; published joined when
/// the central posterior is at least one half.
fn two(c: &Component, rng: &mut Rng, tau: f64, shift: f64, per: usize) -> (Vec<Tally>, Vec<u32>) {
    let w = c.edges[0].first().map_or(sample::NOT_SIMILAR, |e| e.1);
    let p = 1.0 / (1.0 + (-(tau * w + shift)).exp());
    let joined = c.tally(&[vec![0, 1]]);
    let apart = c.tally(&[vec![0], vec![1]]);
    let draws = (0..per).map(|_| if rng.unit() < p { joined } else { apart }).collect();
    (draws, vec![0, u32::from(p < 0.5)])
}

/// The component of units `ks` for the sampler.
fn build(ks: &[usize], w: &Weighed, uf: &Uf, s: Settings) -> Component {
    let local: HashMap<u32, u32> = ks.iter().enumerate().map(|(i, &k)| (k as u32, i as u32)).collect();
    let mut c = Component {
        members: ks.iter().map(|&k| uf.members[w.units[k]].clone()).collect(),
        nids: ks.iter().map(|&k| uf.nids[w.units[k]].clone()).collect(),
        edges: vec![Vec::new(); ks.len()],
        shift: s.shift,
        tolerated: s.tolerated,
    };
    for &k in ks {
        let weak = w.weak[k].iter().copied();
        for (ia, ib, wt) in w.edges[k].iter().map(|&(a, b, x, _)| (a, b, x)).chain(weak) {
            let (la, lb) = (local[&ia], local[&ib]);
            c.edges[la as usize].push((lb, wt));
            c.edges[lb as usize].push((la, wt));
        }
    }
    c.sort_edges();
    c
}

/// The published clustering of a component: the most probable of the sampled clusterings
/// (of the central prior) that have the component's median number of persons (or the nearest
/// number sampled), so the tables add up to the published count and a pair that is one
/// person in a minority of draws is not merged.
fn published(c: &Component, drawn: &[Tally], mut states: Vec<Vec<u32>>) -> Vec<u32> {
    let persons = |t: &Tally| t.iter().sum::<u32>();
    let mut sorted: Vec<u32> = drawn.iter().map(persons).collect();
    sorted.sort_unstable();
    let Some(&med) = sorted.get(sorted.len() / 2) else { return Vec::new() };
    let mut pick: Option<(u32, f64, usize)> = None;
    for (k, (t, st)) in drawn.iter().zip(&states).enumerate() {
        let dist = persons(t).abs_diff(med);
        if pick.is_some_and(|(best_dist, _, _)| dist > best_dist) {
            continue;
        }
        let sc = c.score(st);
        if pick.is_none_or(|(best_dist, best_sc, _)| dist < best_dist || sc > best_sc) {
            pick = Some((dist, sc, k));
        }
    }
    pick.map(|(_, _, k)| std::mem::take(&mut states[k])).unwrap_or_default()
}

/// The published groups of records (before indirect persons are linked), the unions they
/// made by evidence, and their persons by number of members.
pub(super) fn groups(
    w: &Weighed,
    uf: &Uf,
    sampled: &Sampled,
    links: &mut BTreeMap<String, usize>,
) -> (Vec<Vec<usize>>, Tally) {
    let mut by_label: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, &u) in w.unit_of.iter().enumerate() {
        by_label.entry(sampled.unit_label[w.unit_index[u] as usize]).or_default().push(i);
    }
    for &(ia, ib, _, g) in w.edges.iter().flatten() {
        if sampled.unit_label[ia as usize] == sampled.unit_label[ib as usize] {
            *links.entry(format!("probabilistic_{}", g.evidence())).or_insert(0) += 1;
        }
    }
    let mut members: BTreeMap<usize, usize> = BTreeMap::new();
    for (k, &l) in sampled.unit_label.iter().enumerate() {
        *members.entry(l).or_insert(0) += uf.members[w.units[k]].len();
    }
    let mut tally = [0u32; BUCKETS];
    for m in members.values() {
        tally[(*m).clamp(1, BUCKETS) - 1] += 1;
    }
    (by_label.into_values().collect(), tally)
}

/// Link indirect persons whose related persons are one group, when gender and birth year
/// agree.
pub(super) fn link_indirect(recs: &[LinkRecord], uf: &mut Uf, links: &mut BTreeMap<String, usize>) {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Four units at four members in a chain of strong edges (0–1, 1–2, 2–3), the other pairs
    /// not weighed yet.
    fn chain() -> (Weighed, Uf) {
        let recs: Vec<LinkRecord> = (0..4).map(|m| LinkRecord { member: m, ..LinkRecord::default() }).collect();
        let mut edges = vec![Vec::new(); 4];
        let g = Gamma { name: 0, year: 0, date: 0, gender: 0, country: 0 };
        for a in 0..3u32 {
            edges[a as usize].push((a, a + 1, 8.0, g));
        }
        let w = Weighed {
            unit_of: (0..4).collect(),
            units: (0..4).collect(),
            unit_index: (0..4).collect(),
            edges,
            refused_same_member: 0,
            refused_id_conflict: 0,
            uncertain_by_evidence: BTreeMap::new(),
            kept: Vec::new(),
            weak: vec![Vec::new(); 4],
        };
        (w, Uf::new(&recs))
    }

    /// Persons in the median draw.
    fn median_persons(w: &Weighed, uf: &Uf) -> u64 {
        let comps = components(w);
        let s = sample_year(&comps, w, uf, Settings { shift: 0.0, tolerated: sample::TOLERATED, tau: 1.0, seed: 7 });
        let mut persons: Vec<u64> = s.draws.iter().map(|d| d.iter().sum()).collect();
        persons.sort_unstable();
        persons[persons.len() / 2]
    }

    #[test]
    fn the_pairs_of_a_component_that_were_not_candidates_are_weighed_not_charged_as_strangers() {
        // Unweighed, the pairs 0–2, 0–3 and 1–3 count as "not even similar" and split the chain.
        let (w, uf) = chain();
        assert!(median_persons(&w, &uf) > 1);
        // Weighed (a typo and a variant: weak evidence against, not a contradiction), the four
        // are one person.
        let (mut w, uf) = chain();
        let comps = components(&w);
        fill(&comps, &mut w, &[], |_| 0.0, &uf, |_, _| -3.0);
        let mut weak: Vec<(u32, u32)> = w.weak.iter().flatten().map(|&(a, b, _)| (a, b)).collect();
        weak.sort_unstable();
        assert_eq!(weak, [(0, 2), (0, 3), (1, 3)]);
        assert_eq!(median_persons(&w, &uf), 1);
        // Pairs whose comparison is a clear contradiction still split it.
        let (mut w, uf) = chain();
        fill(&comps, &mut w, &[], |_| 0.0, &uf, |a, b| if (a, b) == (0, 3) { -30.0 } else { -3.0 });
        assert!(median_persons(&w, &uf) > 1);
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
}
