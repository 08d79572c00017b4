//! Sampling the clusterings of one connected component (docs/LINKAGE.md §2.8): a Gibbs
//! sampler over which units (records, or groups an identifier fixed) are one person, with the
//! person prior, "a member reports a person once", "differing national ids never join" and
//! "joining needs the evidence against every record of the group".

use std::collections::HashMap;

/// Persons of one draw by the number of members that reported them: 1, 2, 3, 4 or more.
pub const BUCKETS: usize = 4;
/// One draw's persons by number of members (index k: k + 1 members; the last: 4 or more).
pub type Tally = [u32; BUCKETS];

/// A small deterministic generator (SplitMix64) for the sampler.
#[derive(Debug, Clone)]
pub struct Rng(pub u64);

impl Rng {
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// One connected component to sample: units (records or groups fixed by an identifier), the
/// members and national ids of each unit, and the log-odds between units.
#[derive(Debug, Clone, Default)]
pub struct Component {
    pub members: Vec<Vec<u32>>,
    pub nids: Vec<Vec<[u8; 32]>>,
    /// Adjacency: (other unit, summed log-odds) for candidate pairs.
    pub edges: Vec<Vec<(u32, f64)>>,
    /// Added to the best pair's log-odds when a unit joins a group: the pair prior λ is the
    /// chance that two *records* are one person, while joining a group asks whether a record
    /// is this *person* (see `join_prior_shift`). 0 leaves pairwise odds as they are.
    pub shift: f64,
    /// A pair below −`tolerated` log-odds is a contradiction ([`TOLERATED`] beyond the pair
    /// prior: a pair with no evidence either way is none).
    pub tolerated: f64,
}

/// The correction from a pair prior to a person prior: the prior odds that a record belongs
/// to one given other person are π / ((1 − π) · people), where π, the share of records whose
/// person has another record, follows from the expected number of other records per record
/// (λ · cross-member pairs · 2 / records); the pairwise log-odds carry log(λ / (1 − λ)).
pub(crate) fn join_prior_shift(lambda: f64, cross_pairs: f64, records: f64, people: f64) -> f64 {
    if records <= 0.0 || people <= 1.0 || lambda <= 0.0 {
        return 0.0;
    }
    let partners = lambda * cross_pairs * 2.0 / records;
    let pi = (partners / (1.0 + partners / 2.0)).clamp(1e-3, 0.9);
    (pi / ((1.0 - pi) * people)).ln() - (lambda / (1.0 - lambda)).ln()
}

/// Log-odds charged for each pair of records in one group that was not a candidate pair (their
/// encodings are not even similar).
pub(crate) const NOT_SIMILAR: f64 = -14.0;

/// Log-odds down to −TOLERATED beyond the pair prior between a record and the other records of
/// a group are no contradiction (repeated weak evidence, such as the same common name without a
/// date; a pair with no evidence either way). Until v3 the pair prior was not taken out, so in
/// a year of thousands of records (prior about −8) a pair that said nothing counted as a
/// contradiction of −4.
pub(crate) const TOLERATED: f64 = 4.0;

/// One chain of the sampler: `burn` sweeps discarded, `draws` kept, the temperature on the
/// pairwise evidence and the person prior's log-odds.
#[derive(Debug, Clone, Copy)]
pub struct Chain {
    pub burn: usize,
    pub draws: usize,
    pub tau: f64,
    pub shift: f64,
}

impl Component {
    /// Sort each unit's edges by neighbour (the sampler looks weights up by binary search).
    pub(crate) fn sort_edges(&mut self) {
        for e in &mut self.edges {
            e.sort_by_key(|x| x.0);
        }
    }

    /// Unit and edge visits of one sweep of the sampler.
    pub fn work(&self) -> usize {
        self.edges.len() + self.edges.iter().map(Vec::len).sum::<usize>()
    }

    /// The log-odds of the pair (i, j), or [`NOT_SIMILAR`] if it was not a candidate.
    fn weight(&self, i: usize, j: u32) -> f64 {
        let e = &self.edges[i];
        e.binary_search_by_key(&j, |x| x.0).map_or(NOT_SIMILAR, |k| e[k].1)
    }

    fn compatible(&self, unit: usize, cluster: &[u32]) -> bool {
        let u_m = &self.members[unit];
        let u_n = &self.nids[unit];
        let mut c_has_nid = false;
        let mut nid_shared = false;
        for &j in cluster {
            let j = j as usize;
            if j == unit {
                continue;
            }
            if self.members[j].iter().any(|m| u_m.contains(m)) {
                return false;
            }
            if !self.nids[j].is_empty() {
                c_has_nid = true;
                nid_shared |= self.nids[j].iter().any(|x| u_n.contains(x));
            }
        }
        u_n.is_empty() || !c_has_nid || nid_shared
    }

    /// Sum of log-odds between unit `i` and every other unit of `cluster`.
    /// The log-odds that unit `i` is the person of `cluster`: its best pair with the group
    /// (the same evidence — one name, one date — is not counted once per record of the group,
    /// as a sum of pairwise log-odds would), plus every clear contradiction with the others (a
    /// pair below −[`TOLERATED`], such as a different full birth date or a name that is not
    /// even similar), so a chain of near matches does not make one person of people who differ.
    fn join_score(&self, i: usize, cluster: &[u32], shift: f64) -> f64 {
        let mut best = f64::NEG_INFINITY;
        let mut penalty = 0.0;
        for &j in cluster {
            if j as usize == i {
                continue;
            }
            let l = self.weight(i, j);
            penalty += (l + self.tolerated).min(0.0);
            best = best.max(l);
        }
        if best == f64::NEG_INFINITY {
            return 0.0;
        }
        // The best pair is counted as itself (with the person prior), not as a contradiction.
        best + shift - (best + self.tolerated).min(0.0) + penalty
    }

    /// The log-posterior (up to a constant) of a clustering: the log-odds of every pair that
    /// it puts in one group.
    pub(crate) fn score(&self, label: &[u32]) -> f64 {
        // Candidate pairs inside a group count their log-odds; every other pair inside a group
        // counts NOT_SIMILAR (counted from the group sizes, not pair by pair).
        let mut s = 0.0;
        let mut inside = 0u64;
        for (i, e) in self.edges.iter().enumerate() {
            for &(j, w) in e {
                if (j as usize) > i && label[i] == label[j as usize] {
                    s += w;
                    inside += 1;
                }
            }
        }
        let mut sizes: HashMap<u32, u64> = HashMap::new();
        for &l in label {
            *sizes.entry(l).or_insert(0) += 1;
        }
        let pairs: u64 = sizes.values().map(|k| k * (k - 1) / 2).sum();
        s + NOT_SIMILAR * (pairs - inside) as f64
    }

    /// How many members each cluster's person was reported by, as a [`Tally`].
    pub(crate) fn tally(&self, clusters: &[Vec<u32>]) -> Tally {
        let mut t = [0u32; BUCKETS];
        for c in clusters.iter().filter(|c| !c.is_empty()) {
            let m: usize = c.iter().map(|&u| self.members[u as usize].len()).sum();
            t[m.clamp(1, BUCKETS) - 1] += 1;
        }
        t
    }

    /// Gibbs sampling of the clusterings: after `burn` sweeps, `draws` sweeps each push the
    /// persons by number of members to `out`.
    #[cfg(test)]
    pub(crate) fn sample(&self, rng: &mut Rng, burn: usize, draws: usize, tau: f64, out: &mut Vec<Tally>) {
        let mut states = Vec::new();
        self.sample_states(rng, Chain { burn, draws, tau, shift: self.shift }, out, &mut states);
    }

    /// The greedy grouping (strongest pairs first) the chain starts from, so that it starts
    /// near the mode: (label of each unit, units of each label).
    fn greedy_start(&self, shift: f64) -> (Vec<u32>, Vec<Vec<u32>>) {
        let n = self.members.len();
        let mut label: Vec<u32> = (0..n as u32).collect();
        let mut clusters: Vec<Vec<u32>> = (0..n as u32).map(|i| vec![i]).collect();
        let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
        for (i, e) in self.edges.iter().enumerate() {
            for &(j, w) in e {
                if (j as usize) > i && w > 0.0 {
                    pairs.push((w, i, j as usize));
                }
            }
        }
        pairs.sort_by(|a, b| b.0.total_cmp(&a.0));
        for &(_, i, j) in &pairs {
            let (li, lj) = (label[i] as usize, label[j] as usize);
            if li == lj {
                continue;
            }
            let ok = clusters[li].iter().all(|&x| self.compatible(x as usize, &clusters[lj]));
            let score: f64 = clusters[li].iter().map(|&x| self.join_score(x as usize, &clusters[lj], shift)).sum();
            if ok && score > 0.0 {
                let moved = std::mem::take(&mut clusters[li]);
                for &x in &moved {
                    label[x as usize] = lj as u32;
                }
                clusters[lj].extend(moved);
            }
        }
        (label, clusters)
    }

    /// As `Component::sample` with the person prior's log-odds `chain.shift` in place of
    /// `self.shift`, also keeping each draw's cluster label of every unit (`states[d][unit]`).
    /// Returns the last state.
    pub(crate) fn sample_states(
        &self,
        rng: &mut Rng,
        chain: Chain,
        out: &mut Vec<Tally>,
        states: &mut Vec<Vec<u32>>,
    ) -> Vec<u32> {
        debug_assert!(self.edges.iter().all(|e| e.windows(2).all(|w| w[0].0 <= w[1].0)), "edges sorted");
        let (label, clusters) = self.greedy_start(chain.shift);
        let mut st = Sweep::new(label, clusters);
        out.clear();
        states.clear();
        for sweep in 0..chain.burn + chain.draws {
            for i in 0..self.members.len() {
                self.gibbs_step(i, &mut st, rng, chain);
            }
            if sweep >= chain.burn {
                out.push(self.tally(&st.clusters));
                states.push(st.label.clone());
            }
        }
        st.label
    }

    /// Move unit `i` to a cluster drawn from its conditional distribution: alone, or any
    /// cluster holding a neighbour of `i` that it may join.
    fn gibbs_step(&self, i: usize, st: &mut Sweep, rng: &mut Rng, chain: Chain) {
        st.step += 1;
        let own = st.label[i] as usize;
        if let Some(pos) = st.clusters[own].iter().position(|&x| x as usize == i) {
            st.clusters[own].swap_remove(pos);
        }
        let (alone, borrowed) = if st.clusters[own].is_empty() {
            (own as u32, false)
        } else {
            // i was not alone, so n units fill at most n − 1 clusters: one is free.
            (st.free.pop().unwrap_or(own as u32), true)
        };
        st.options.clear();
        st.options.push((alone, 0.0));
        st.touched.clear();
        for &(j, w) in &self.edges[i] {
            let l = st.label[j as usize] as usize;
            if st.seen[l] != st.step {
                st.seen[l] = st.step;
                st.best[l] = f64::NEG_INFINITY;
                st.penalty[l] = 0.0;
                st.near[l] = 0;
                st.touched.push(l as u32);
            }
            st.best[l] = st.best[l].max(w);
            st.penalty[l] += (w + self.tolerated).min(0.0);
            st.near[l] += 1;
        }
        for k in 0..st.touched.len() {
            let l = st.touched[k] as usize;
            let cluster = &st.clusters[l];
            if !self.compatible(i, cluster) {
                continue;
            }
            // The cluster's units that are not neighbours of i are pairs that were not even
            // candidates.
            let far = cluster.len() as u32 - st.near[l];
            let (mut b, mut pen) = (st.best[l], st.penalty[l]);
            if far > 0 {
                b = b.max(NOT_SIMILAR);
                pen += f64::from(far) * (NOT_SIMILAR + TOLERATED).min(0.0);
            }
            let score = b + chain.shift - (b + self.tolerated).min(0.0) + pen;
            st.options.push((l as u32, chain.tau * score));
        }
        let chosen = draw(&st.options, rng);
        if borrowed && chosen != alone {
            st.free.push(alone);
        }
        if chosen as usize != own && st.clusters[own].is_empty() && !borrowed {
            st.free.push(own as u32);
        }
        st.label[i] = chosen;
        st.clusters[chosen as usize].push(i as u32);
    }
}

/// One of `options` (label, log weight) drawn with probability proportional to its weight.
fn draw(options: &[(u32, f64)], rng: &mut Rng) -> u32 {
    let max = options.iter().map(|w| w.1).fold(f64::NEG_INFINITY, f64::max);
    let total: f64 = options.iter().map(|w| (w.1 - max).exp()).sum();
    let mut r = rng.unit() * total;
    for &(l, w) in options {
        r -= (w - max).exp();
        if r <= 0.0 {
            return l;
        }
    }
    options[0].0
}

/// The state of a chain between steps: the clustering, the free labels, and scratch space
/// per cluster touched by a unit's edges in one step (stamped with the step number: its best
/// pair with the unit, the sum of its clear contradictions, and how many of its units are
/// neighbours), so a join score is read off in O(degree), not by looking up every unit of
/// every neighbouring cluster (crowds of a common name).
struct Sweep {
    label: Vec<u32>,
    clusters: Vec<Vec<u32>>,
    /// Empty cluster labels, to be taken by a unit that goes alone (never a scan).
    free: Vec<u32>,
    seen: Vec<u64>,
    best: Vec<f64>,
    penalty: Vec<f64>,
    near: Vec<u32>,
    touched: Vec<u32>,
    step: u64,
    options: Vec<(u32, f64)>,
}

impl Sweep {
    fn new(label: Vec<u32>, clusters: Vec<Vec<u32>>) -> Sweep {
        let n = label.len();
        let free = (0..n as u32).filter(|&l| clusters[l as usize].is_empty()).collect();
        Sweep {
            label,
            clusters,
            free,
            seen: vec![u64::MAX; n],
            best: vec![0.0; n],
            penalty: vec![0.0; n],
            near: vec![0; n],
            touched: Vec::new(),
            step: 0,
            options: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comp(members: Vec<u32>, edges: &[(usize, usize, f64)]) -> Component {
        let n = members.len();
        let mut c = Component {
            members: members.into_iter().map(|m| vec![m]).collect(),
            nids: vec![vec![]; n],
            edges: vec![vec![]; n],
            shift: 0.0,
            tolerated: TOLERATED,
        };
        for &(a, b, w) in edges {
            c.edges[a].push((b as u32, w));
            c.edges[b].push((a as u32, w));
        }
        c.sort_edges();
        c
    }

    fn mean_persons(c: &Component) -> f64 {
        let mut out = Vec::new();
        c.sample(&mut Rng(7), 50, 2000, 1.0, &mut out);
        out.iter().map(|t| f64::from(t.iter().sum::<u32>())).sum::<f64>() / out.len() as f64
    }

    #[test]
    fn a_pair_is_one_person_with_its_posterior_probability() {
        // log-odds 0 → p = 0.5 → 1.5 persons on average.
        let m = mean_persons(&comp(vec![0, 1], &[(0, 1, 0.0)]));
        assert!((m - 1.5).abs() < 0.05, "{m}");
        let m = mean_persons(&comp(vec![0, 1], &[(0, 1, 8.0)]));
        assert!(m < 1.01, "{m}");
    }

    #[test]
    fn one_member_never_twice_in_a_person_and_no_chains() {
        // Two records of member 0 both strongly like a record of member 1: only one may join it.
        let m = mean_persons(&comp(vec![0, 0, 1], &[(0, 2, 9.0), (1, 2, 9.0)]));
        assert!((m - 2.0).abs() < 0.01, "{m}");
        // A chain a~b, b~c with a and c unlike: never one person of three.
        // (Joining the pair costs 6 − (14 − 4) = −4 in log-odds: about 2 % of draws.)
        let c = comp(vec![0, 1, 2], &[(0, 1, 6.0), (1, 2, 6.0)]);
        let mut out = Vec::new();
        c.sample(&mut Rng(1), 20, 2000, 1.0, &mut out);
        let merged = out.iter().filter(|k| k.iter().sum::<u32>() == 1).count();
        assert!(merged < 100, "a chain was merged in {merged} of 2000 draws");
    }

    #[test]
    fn differing_national_ids_never_join() {
        let mut c = comp(vec![0, 1], &[(0, 1, 12.0)]);
        c.nids = vec![vec![[1; 32]], vec![[2; 32]]];
        assert_eq!(mean_persons(&c), 2.0);
    }
}
