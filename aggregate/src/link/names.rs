//! How many people carry each name, estimated without any name value (docs/LINKAGE.md §2.6):
//! records are grouped by "same name" pairs, the dated people of a group counted from their
//! birth dates, and the people known only undated added by an empirical-Bayes rule.

use std::collections::{BTreeMap, HashMap};

use super::compare::{Gamma, YEAR_SAME};
use super::LinkRecord;

/// How many people carry each name, estimated without any name value.
///
/// Records are grouped by "same name" (name band 0 or 1, any member) into name groups. Within
/// a group the records with a birth year are split into dated identities (one per birth year,
/// more when full dates in that year differ). People known only by undated records are added:
/// a group with `k` dated identities gets ψ · E[λ | k] of them, where E[λ | k] is Robbins'
/// empirical-Bayes estimate `(k + 1) N(k + 1) / N(k)` from the number of groups with k and k + 1
/// identities (so a name seen once is assumed to be carried by about one person, not by the
/// population average), and ψ is the number of people seen only undated per dated identity
/// (from the groups with no dated record). A group is never fewer people than its largest
/// number of records from one member.
#[derive(Debug, Clone, Default)]
pub struct NameCounts {
    /// Estimated people per name group (indexed by group).
    pub people: Vec<f64>,
    /// The name group of each record.
    pub group_of: Vec<u32>,
    /// Estimated number of people in the year.
    pub total_people: f64,
}

impl NameCounts {
    /// u of "same name" for a pair of records.
    pub(crate) fn u_same_name(&self, a: u32, b: u32) -> f64 {
        let n = self.people[self.group_of[a as usize] as usize].max(self.people[self.group_of[b as usize] as usize]);
        ((n - 1.0).max(0.0) + 0.05) / self.total_people.max(1.0)
    }
}

/// How many people stand behind `k` distinct values drawn from `n_eff` equally likely ones
/// (inverse of the expected number of distinct values, the occupancy problem).
pub(crate) fn occupancy(k: u32, n_eff: f64) -> f64 {
    let k = f64::from(k);
    if k <= 1.0 || n_eff <= 1.0 {
        return k;
    }
    if k >= n_eff - 0.5 {
        return 2.0 * k;
    }
    ((1.0 - k / n_eff).ln() / (1.0 - 1.0 / n_eff).ln()).max(k)
}

/// Inputs of [`NameCounts::estimate`] for one name group.
#[derive(Debug, Clone, Default)]
pub struct GroupFacts {
    /// Dated identities known to the day.
    pub dated: u32,
    /// People behind the years known only as years (after `occupancy`).
    pub year_only_people: f64,
    /// Records without a birth year.
    pub undated: u32,
    /// The largest number of the group's records from one member.
    pub max_per_member: u32,
}

impl NameCounts {
    pub fn estimate(facts: &[GroupFacts], group_of: Vec<u32>, records_per_person: f64) -> NameCounts {
        let identities = |f: &GroupFacts| (f64::from(f.dated) + f.year_only_people).round() as usize;
        let kmax = facts.iter().map(identities).max().unwrap_or(0);
        let mut n_k = vec![0f64; kmax + 2];
        for f in facts {
            n_k[identities(f)] += 1.0;
        }
        // ψ from the rare names (a group of at most one dated identity is about one person):
        // people known only undated per person with a date. Name and papers are independent,
        // so the ratio holds for common names too, whose undated-only people hide in groups
        // that also have dated people.
        let undated_only: f64 =
            facts.iter().filter(|f| identities(f) == 0).map(|f| f64::from(f.undated) / records_per_person).sum();
        let psi = if n_k.len() > 1 && n_k[1] > 0.0 { undated_only / n_k[1] } else { 0.0 };
        let robbins = |k: usize| -> f64 {
            let (a, b) = (n_k[k], n_k.get(k + 1).copied().unwrap_or(0.0));
            // Robbins where both counts are well observed, else the plain count.
            if a >= 10.0 && b >= 3.0 {
                ((k + 1) as f64 * b / a).min(k as f64 * 2.0)
            } else {
                k as f64
            }
        };
        let people: Vec<f64> = facts
            .iter()
            .map(|f| {
                let dated = f64::from(f.dated) + f.year_only_people;
                let n = if dated == 0.0 {
                    f64::from(f.undated) / records_per_person
                } else {
                    dated + psi * robbins(dated.round() as usize)
                };
                n.max(f64::from(f.max_per_member)).max(1.0)
            })
            .collect();
        let total_people = people.iter().sum();
        NameCounts { people, group_of, total_people }
    }
}

/// The share of the name groups of exactly two records at two members that are two people
/// (who share a rare name), from the groups of two records at one member (always two people):
/// two people's records are at one member with the chance `c` that two records are, so each
/// such group stands for (1 − c) / c groups of two people across members.
pub(super) fn rare_namesakes(recs: &[LinkRecord], counts: &NameCounts) -> f64 {
    let mut per_member: HashMap<u32, f64> = HashMap::new();
    let mut total = 0.0f64;
    for r in recs.iter().filter(|r| r.clk_year.or(r.clk).is_some()) {
        *per_member.entry(r.member).or_insert(0.0) += 1.0;
        total += 1.0;
    }
    let c = per_member.values().map(|k| (k / total.max(1.0)).powi(2)).sum::<f64>().clamp(1e-6, 1.0);
    let mut members_of: HashMap<u32, Vec<u32>> = HashMap::new();
    for (i, &g) in counts.group_of.iter().enumerate() {
        let v = members_of.entry(g).or_default();
        if v.len() <= 2 {
            v.push(recs[i].member);
        }
    }
    let (mut same, mut cross) = (0.0, 0.0);
    for v in members_of.values().filter(|v| v.len() == 2) {
        if v[0] == v[1] {
            same += 1.0;
        } else {
            cross += 1.0;
        }
    }
    if cross == 0.0 {
        return 0.0;
    }
    (same * (1.0 - c) / c / cross).min(0.9)
}

/// A plain union-find (parents only), for groupings without the member and id rules.
pub(super) struct Dsu(Vec<u32>);

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

/// People per name (see [`NameCounts`]): name groups from "same name" pairs, dated identities
/// per group from the birth dates.
pub(super) fn name_counts(recs: &[LinkRecord], compared: &[(u32, u32, Gamma)]) -> NameCounts {
    let n = recs.len();
    let mut groups = Dsu::new(n);
    let mut days = Dsu::new(n);
    for &(a, b, g) in compared {
        if g.name <= 1 {
            groups.union(a as usize, b as usize);
            // One identity per full date, a day or a digit off included (typing).
            if g.year == YEAR_SAME && (g.date == 0 || g.date == 1) {
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
    let mut hist: BTreeMap<i64, f64> = BTreeMap::new();
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
        facts[g as usize].year_only_people = occupancy(year_only, y_eff);
    }
    // Records per person: a first guess, then the one the counts imply.
    let first = NameCounts::estimate(&facts, group_of.clone(), 1.3);
    let rpp = (n as f64 / first.total_people.max(1.0)).clamp(1.0, 3.0);
    NameCounts::estimate(&facts, group_of, rpp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_seen_once_is_one_person_and_a_crowded_name_many() {
        // 200 name groups with one dated identity, 20 with two, a few crowded ones, and
        // undated-only groups.
        let mut facts = Vec::new();
        facts.extend((0..200).map(|_| GroupFacts { dated: 1, undated: 1, max_per_member: 1, ..Default::default() }));
        facts.extend((0..20).map(|_| GroupFacts { dated: 2, undated: 0, max_per_member: 1, ..Default::default() }));
        facts.push(GroupFacts { dated: 9, undated: 6, max_per_member: 2, ..Default::default() });
        facts.extend((0..30).map(|_| GroupFacts { dated: 0, undated: 1, max_per_member: 1, ..Default::default() }));
        facts.push(GroupFacts { dated: 0, undated: 5, max_per_member: 3, ..Default::default() });
        let n = facts.len() as u32;
        let c = NameCounts::estimate(&facts, (0..n).collect(), 1.3);
        // Robbins: E[λ | 1] = 2 · 20 / 200 = 0.2, so a rare name's undated record adds little.
        assert!(c.people[0] < 1.1, "{}", c.people[0]);
        assert!(c.people[220] > 9.0, "{}", c.people[220]);
        // Never fewer people than one member's records of the name.
        assert!(c.people[n as usize - 1] >= 3.0);
        assert!(c.u_same_name(0, 0) < c.u_same_name(220, 220) / 20.0);
    }
}
