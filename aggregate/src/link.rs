//! Linkage across members with keyed match keys.
//!
//! Records sharing a match key are candidates. Evidence is applied strongest first (national id,
//! migration id, name + full date, name + month, name + year). A union is made unless
//!
//! - the two groups already hold a record of the same member and the evidence is not an exact
//!   identifier (one member's records are distinct people unless an identifier says otherwise),
//! - or both groups carry a national id and the ids differ (two different people).
//!
//! Refused candidates are counted; they and the weakest links give the bounds (docs/LINKAGE.md):
//! `persons_lower` treats every refused name candidate as the same person, `persons_upper` drops
//! every link that rests on name + birth year alone.
//!
//! Children and other indirect persons without names are linked when their `related_to` persons
//! are in one group and gender and birth year agree.

use std::collections::{BTreeMap, HashMap};

use base64::Engine as _;
use samla_core::clk::{self, Clk};
use samla_core::pseudonym::MatchKind;
use serde_json::Value;

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
    /// Candidate unions refused because both groups held a record of the same member.
    pub refused_same_member: usize,
    /// Candidate unions refused because the national ids differ.
    pub refused_id_conflict: usize,
    pub persons_lower: usize,
    pub persons_upper: usize,
}

/// What linkage needs of one record.
#[derive(Debug, Clone, Default)]
pub struct LinkRecord {
    pub member: u32,
    pub keys: Vec<(MatchKind, [u8; 32])>,
    pub clk: Option<Clk>,
    /// The encoding with the birth date cut to its year (compared when either record's birth
    /// date is less precise than a day, so missing parts do not count as disagreement).
    pub clk_year: Option<Clk>,
    /// Birth-date precision: 0 unknown, 1 year, 2 month, 3 day.
    pub precision: u8,
    /// The relation code (`direct`, `indirect_child`, …).
    pub relation: String,
    /// Index (in the same slice) of the person this indirect person is related to.
    pub related_to: Option<usize>,
    pub gender: Option<String>,
    pub birth_year: Option<i64>,
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
    pub persons_lower: usize,
    pub persons_upper: usize,
}

struct Uf {
    parent: Vec<u32>,
    members: Vec<Vec<u32>>,
    nids: Vec<Vec<[u8; 32]>>,
    /// The records of each group (at its root).
    items: Vec<Vec<u32>>,
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
            items: (0..recs.len() as u32).map(|i| vec![i]).collect(),
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
        self.nids[big].extend(n);
        let it = std::mem::take(&mut self.items[small]);
        self.items[big].extend(it);
    }
    /// Every pair across the two groups whose records both have encodings is at least `floor`
    /// similar: a chain of near matches does not make one person of people who differ.
    fn coherent(&self, a: usize, b: usize, recs: &[LinkRecord], floor: f64) -> bool {
        self.items[a].iter().all(|&x| {
            self.items[b].iter().all(|&y| pair_score(&recs[x as usize], &recs[y as usize]).is_none_or(|s| s >= floor))
        })
    }
    fn share_member(&self, a: usize, b: usize) -> bool {
        self.members[a].iter().any(|m| self.members[b].contains(m))
    }
    fn id_conflict(&self, a: usize, b: usize) -> bool {
        !self.nids[a].is_empty() && !self.nids[b].is_empty() && !self.nids[a].iter().any(|x| self.nids[b].contains(x))
    }
    fn count(&mut self) -> usize {
        (0..self.parent.len()).filter(|&i| self.find(i) == i).count()
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The published result.
    Decide,
    /// Lower bound: refused name candidates and near-threshold fuzzy pairs merged too.
    Lower,
    /// Upper bound: links by name + year only, and fuzzy links near the threshold, not made.
    Upper,
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

/// The fuzzy similarity of two records: the full encodings when both birth dates are known to
/// the day, else the year-level encodings.
pub fn pair_score(x: &LinkRecord, y: &LinkRecord) -> Option<f64> {
    match (x.precision.min(y.precision), &x.clk, &y.clk, &x.clk_year, &y.clk_year) {
        (3, Some(a), Some(b), _, _) => Some(clk::dice(a, b)),
        (_, _, _, Some(a), Some(b)) => Some(clk::dice(a, b)),
        (_, Some(a), Some(b), _, _) => Some(clk::dice(a, b)),
        _ => None,
    }
}

/// Coarse fields that support a fuzzy pair below the threshold: the same birth year, and the
/// same gender when both records give one.
fn corroborates(x: &LinkRecord, y: &LinkRecord) -> bool {
    let same_year = matches!((x.birth_year, y.birth_year), (Some(a), Some(b)) if a == b);
    let gender_ok = match (&x.gender, &y.gender) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    };
    same_year && gender_ok
}

/// Link all records of all members. The linkage views are taken out of `members` (nothing
/// after linkage needs them, and a national year should not hold them twice).
pub fn link(members: &mut [MemberRecords]) -> Linkage {
    let ids: Vec<RecordId> =
        members.iter().enumerate().flat_map(|(m, b)| (0..b.records.len()).map(move |r| (m, r))).collect();
    let recs = link_records_of(members);
    let g = group(&recs, &fuzzy::PARAMS);
    Linkage {
        groups: g.groups.into_iter().map(|v| v.into_iter().map(|i| ids[i]).collect()).collect(),
        links_by_kind: g.links_by_kind,
        refused_same_member: g.refused_same_member,
        refused_id_conflict: g.refused_id_conflict,
        persons_lower: g.persons_lower,
        persons_upper: g.persons_upper,
    }
}

/// The linkage view of one member's sent records (`member` 0, `related_to` within the member).
pub fn link_records_for(records: &[serde_json::Map<String, Value>]) -> Vec<LinkRecord> {
    let refs: HashMap<&str, usize> = records
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.get("record_ref").and_then(Value::as_str).map(|s| (s, i)))
        .collect();
    let decode = |v: Option<&str>| {
        v.and_then(|c| base64::engine::general_purpose::STANDARD.decode(c).ok()).and_then(|b| clk::from_bytes(&b))
    };
    records
        .iter()
        .map(|r| {
            let s = |k: &str| r.get(k).and_then(Value::as_str);
            LinkRecord {
                member: 0,
                keys: match_keys(r),
                clk_year: decode(s("clk_year")),
                precision: match s("birth_precision") {
                    Some("day") => 3,
                    Some("month") => 2,
                    Some("year") => 1,
                    _ => 0,
                },
                clk: decode(s("clk")),
                relation: s("relation").unwrap_or("direct").to_string(),
                related_to: s("related_to_ref").and_then(|x| refs.get(x).copied()),
                gender: s("gender").map(str::to_string),
                birth_year: r.get("birth_year").and_then(Value::as_i64),
            }
        })
        .collect()
}

/// The linkage view of all members (flat, member by member), taken out of `members`.
pub fn link_records_of(members: &mut [MemberRecords]) -> Vec<LinkRecord> {
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

/// Group records into persons (see the module documentation).
pub fn group(recs: &[LinkRecord], p: &fuzzy::Params) -> Grouping {
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
    // Candidates are searched on the year-level encodings (every record has the information
    // they hold), then scored on the common precision of the pair.
    let with_clk: Vec<usize> = (0..recs.len()).filter(|&i| recs[i].clk_year.or(recs[i].clk).is_some()).collect();
    let clks: Vec<Clk> = with_clk.iter().filter_map(|&i| recs[i].clk_year.or(recs[i].clk)).collect();
    let (scored, comparisons) = fuzzy::scored_pairs_by(
        &clks,
        p,
        |a, b| recs[with_clk[a as usize]].member == recs[with_clk[b as usize]].member,
        |a, b| pair_score(&recs[with_clk[a as usize]], &recs[with_clk[b as usize]]),
    );
    let run = |mode: Mode| -> (Uf, BTreeMap<String, usize>, usize, usize) {
        let mut uf = Uf::new(recs);
        let mut links = BTreeMap::new();
        let (mut refused_member, mut refused_id) = (0, 0);
        let mut refused_incoherent = 0usize;
        let mut try_union = |uf: &mut Uf, x: usize, y: usize, exact: bool, kind: &str| {
            let (a, b) = (uf.find(x), uf.find(y));
            if a == b {
                return;
            }
            if kind == "fuzzy" && !uf.coherent(a, b, recs, p.threshold.min(p.corroborated_threshold) - p.group_slack) {
                refused_incoherent += 1;
                return;
            }
            if !exact {
                if uf.id_conflict(a, b) {
                    refused_id += 1;
                    return;
                }
                if uf.share_member(a, b) && mode != Mode::Lower {
                    refused_member += 1;
                    return;
                }
            }
            uf.union(a, b);
            *links.entry(kind.to_string()).or_insert(0) += 1;
        };
        for run in keyed.chunk_by(|x, y| x.0 == y.0 && x.1 == y.1) {
            let kind = run[0].0;
            if mode == Mode::Upper && kind == MatchKind::NameYear {
                continue;
            }
            if kind == MatchKind::GivenDate {
                // A record without a family name links with any record of the run; two records
                // that both have family names never link by their given names alone.
                for without in run.iter().filter(|x| x.3) {
                    for other in run.iter().filter(|x| x.2 != without.2) {
                        try_union(&mut uf, without.2 as usize, other.2 as usize, false, kind_name(kind));
                    }
                }
                continue;
            }
            let first = run[0].2 as usize;
            for other in &run[1..] {
                try_union(&mut uf, first, other.2 as usize, kind.is_exact_identifier(), kind_name(kind));
            }
        }
        let shift = match mode {
            Mode::Decide => 0.0,
            Mode::Lower => -p.margin,
            Mode::Upper => p.margin,
        };
        let (accept, corroborated) = (p.threshold + shift, p.corroborated_threshold + shift);
        for s in scored.iter().take_while(|s| f64::from(s.score) >= corroborated.min(accept) - 1e-9) {
            let (x, y) = (with_clk[s.a as usize], with_clk[s.b as usize]);
            // Below the threshold, a pair needs the same birth year and no gender disagreement.
            if f64::from(s.score) < accept - 1e-9 && !corroborates(&recs[x], &recs[y]) {
                continue;
            }
            try_union(&mut uf, x, y, false, "fuzzy");
        }
        link_indirect(recs, &mut uf, &mut links);
        (uf, links, refused_member, refused_id)
    };
    let (mut uf, links_by_kind, refused_same_member, refused_id_conflict) = run(Mode::Decide);
    let persons_lower = run(Mode::Lower).0.count();
    let persons_upper = run(Mode::Upper).0.count();
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..recs.len() {
        let root = uf.find(i);
        groups.entry(root).or_default().push(i);
    }
    Grouping {
        groups: groups.into_values().collect(),
        comparisons,
        links_by_kind,
        refused_same_member,
        refused_id_conflict,
        persons_lower,
        persons_upper,
    }
}

/// Link indirect persons whose related persons are one group, when gender and birth year agree.
fn link_indirect(recs: &[LinkRecord], uf: &mut Uf, links: &mut BTreeMap<String, usize>) {
    let mut candidates: BTreeMap<(usize, &str, i64, &str), Vec<usize>> = BTreeMap::new();
    for (i, r) in recs.iter().enumerate() {
        if r.relation == "direct" {
            continue;
        }
        let (Some(parent), Some(g), Some(y)) = (r.related_to, r.gender.as_deref(), r.birth_year) else { continue };
        let root = uf.find(parent);
        candidates.entry((root, g, y, r.relation.as_str())).or_default().push(i);
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
pub fn match_keys(rec: &serde_json::Map<String, Value>) -> Vec<(MatchKind, [u8; 32])> {
    rec.get("match_keys")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|k| {
                    let kind: MatchKind = serde_json::from_value(k.get("kind")?.clone()).ok()?;
                    let mut key = [0u8; 32];
                    hex::decode_to_slice(k.get("key")?.as_str()?, &mut key).ok()?;
                    Some((kind, key))
                })
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rec(r: &str, keys: &[(&str, &str)]) -> serde_json::Map<String, Value> {
        let keys: Vec<Value> = keys
            .iter()
            .map(|(k, v)| json!({"kind": k, "key": samla_core::envelope::sha256_hex(v.as_bytes())}))
            .collect();
        json!({"record_ref": r, "relation": "direct", "match_keys": keys}).as_object().cloned().unwrap_or_default()
    }

    fn members(v: Vec<Vec<serde_json::Map<String, Value>>>) -> Vec<MemberRecords> {
        v.into_iter().enumerate().map(|(i, records)| MemberRecords::new(format!("m{i}"), records)).collect()
    }

    #[test]
    fn links_across_members_and_bounds() {
        let mut ms = members(vec![
            vec![rec("a1", &[("name_date", "k1")]), rec("a2", &[("name_year", "k2")])],
            vec![rec("b1", &[("name_date", "k1")]), rec("b2", &[("name_year", "k2")])],
            vec![rec("c1", &[("national_id", "n1"), ("name_date", "k1")])],
        ]);
        let l = link(&mut ms);
        assert_eq!(l.groups.len(), 2);
        assert_eq!(l.links_by_kind["name_date"], 2);
        assert_eq!(l.links_by_kind["name_year"], 1);
        assert_eq!(l.persons_upper, 3);
        assert_eq!(l.persons_lower, 2);
    }

    #[test]
    fn same_member_records_never_merge_on_names_but_do_on_ids() {
        let mut ms = members(vec![
            vec![rec("a1", &[("name_date", "k1")]), rec("a2", &[("name_date", "k1")])],
            vec![rec("b1", &[("name_date", "k1")])],
            vec![rec("c1", &[("national_id", "n1")]), rec("c2", &[("national_id", "n1")])],
        ]);
        let l = link(&mut ms);
        // a1+b1 one person, a2 alone (refused), c1+c2 one person.
        assert_eq!(l.groups.len(), 3);
        assert_eq!(l.refused_same_member, 1);
        assert_eq!(l.persons_lower, 2);
    }

    #[test]
    fn different_national_ids_are_never_merged_by_name() {
        let mut ms = members(vec![
            vec![rec("a1", &[("national_id", "n1"), ("name_year", "k")])],
            vec![rec("b1", &[("national_id", "n2"), ("name_year", "k")])],
        ]);
        let l = link(&mut ms);
        assert_eq!(l.groups.len(), 2);
        assert_eq!(l.refused_id_conflict, 1);
    }

    #[test]
    fn children_follow_their_linked_parents() {
        let child = |r: &str, parent: &str, g: &str, y: i64| {
            json!({"record_ref": r, "relation": "indirect_child", "related_to_ref": parent,
                   "gender": g, "birth_year": y, "match_keys": []})
            .as_object()
            .cloned()
            .unwrap_or_default()
        };
        let mut ms = members(vec![
            vec![
                rec("pa", &[("name_date", "mother")]),
                child("ca", "pa", "male", 2019),
                child("cb", "pa", "female", 2021),
            ],
            vec![
                rec("pb", &[("name_date", "mother")]),
                child("cc", "pb", "male", 2019),
                child("cd", "pb", "female", 2020),
            ],
        ]);
        let l = link(&mut ms);
        // mother once, son once, two daughters of different birth years stay apart.
        assert_eq!(l.groups.len(), 4);
        assert_eq!(l.links_by_kind["related_person"], 1);
    }
}
