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

use std::collections::{BTreeMap, BTreeSet, HashMap};

use samla_core::pseudonym::MatchKind;
use serde_json::Value;

use crate::MemberRecords;

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

struct Uf {
    parent: Vec<usize>,
    members: Vec<BTreeSet<usize>>,
    nids: Vec<BTreeSet<String>>,
}

impl Uf {
    fn new(ids: &[RecordId], nids: Vec<BTreeSet<String>>) -> Self {
        Uf { parent: (0..ids.len()).collect(), members: ids.iter().map(|(m, _)| BTreeSet::from([*m])).collect(), nids }
    }
    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }
    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a == b {
            return;
        }
        let (big, small) = if self.members[a].len() >= self.members[b].len() { (a, b) } else { (b, a) };
        self.parent[small] = big;
        let m = std::mem::take(&mut self.members[small]);
        self.members[big].extend(m);
        let n = std::mem::take(&mut self.nids[small]);
        self.nids[big].extend(n);
    }
    fn count(&mut self) -> usize {
        (0..self.parent.len()).filter(|&i| self.find(i) == i).count()
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The published result.
    Decide,
    /// Lower bound: refused name candidates merged too.
    Lower,
    /// Upper bound: links by name + year only not made.
    Upper,
}

fn kind_name(k: MatchKind) -> &'static str {
    match k {
        MatchKind::NationalId => "national_id",
        MatchKind::MigrationId => "migration_id",
        MatchKind::NameDate => "name_date",
        MatchKind::NameMonth => "name_month",
        MatchKind::NameYear => "name_year",
    }
}

/// Link all records of all members.
pub fn link(members: &[MemberRecords]) -> Linkage {
    let ids: Vec<RecordId> =
        members.iter().enumerate().flat_map(|(m, b)| (0..b.records.len()).map(move |r| (m, r))).collect();
    let index: HashMap<RecordId, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    // key → records, per kind, in a stable order.
    let mut by_key: BTreeMap<(MatchKind, String), Vec<usize>> = BTreeMap::new();
    let mut nids: Vec<BTreeSet<String>> = vec![BTreeSet::new(); ids.len()];
    for (i, (m, r)) in ids.iter().enumerate() {
        for (kind, key) in match_keys(&members[*m].records[*r]) {
            if kind == MatchKind::NationalId {
                nids[i].insert(key.clone());
            }
            by_key.entry((kind, key)).or_default().push(i);
        }
    }
    let run = |mode: Mode| -> (Uf, BTreeMap<String, usize>, usize, usize) {
        let mut uf = Uf::new(&ids, nids.clone());
        let mut links = BTreeMap::new();
        let (mut refused_member, mut refused_id) = (0, 0);
        for ((kind, _), recs) in &by_key {
            if mode == Mode::Upper && *kind == MatchKind::NameYear {
                continue;
            }
            let first = recs[0];
            for &other in &recs[1..] {
                let (a, b) = (uf.find(first), uf.find(other));
                if a == b {
                    continue;
                }
                if !kind.is_exact_identifier() {
                    let id_conflict =
                        !uf.nids[a].is_empty() && !uf.nids[b].is_empty() && uf.nids[a].is_disjoint(&uf.nids[b]);
                    if id_conflict {
                        refused_id += 1;
                        continue;
                    }
                    let same_member = !uf.members[a].is_disjoint(&uf.members[b]);
                    if same_member && mode != Mode::Lower {
                        refused_member += 1;
                        continue;
                    }
                }
                uf.union(a, b);
                *links.entry(kind_name(*kind).to_string()).or_insert(0) += 1;
            }
        }
        link_indirect(members, &ids, &index, &mut uf, &mut links);
        (uf, links, refused_member, refused_id)
    };
    let (mut uf, links_by_kind, refused_same_member, refused_id_conflict) = run(Mode::Decide);
    let persons_lower = run(Mode::Lower).0.count();
    let persons_upper = run(Mode::Upper).0.count();
    let mut groups: BTreeMap<usize, Vec<RecordId>> = BTreeMap::new();
    for (i, id) in ids.iter().enumerate() {
        let root = uf.find(i);
        groups.entry(root).or_default().push(*id);
    }
    Linkage {
        groups: groups.into_values().collect(),
        links_by_kind,
        refused_same_member,
        refused_id_conflict,
        persons_lower,
        persons_upper,
    }
}

/// Link indirect persons whose related persons are one group, when gender and birth year agree.
fn link_indirect(
    members: &[MemberRecords],
    ids: &[RecordId],
    index: &HashMap<RecordId, usize>,
    uf: &mut Uf,
    links: &mut BTreeMap<String, usize>,
) {
    // record_ref → record, per member
    let refs: Vec<HashMap<&str, usize>> = members
        .iter()
        .map(|b| {
            b.records
                .iter()
                .enumerate()
                .filter_map(|(i, r)| r.get("record_ref").and_then(Value::as_str).map(|s| (s, i)))
                .collect()
        })
        .collect();
    let mut candidates: BTreeMap<(usize, String, i64, String), Vec<usize>> = BTreeMap::new();
    for (i, (m, r)) in ids.iter().enumerate() {
        let rec = &members[*m].records[*r];
        if rec.get("relation").and_then(Value::as_str).unwrap_or("direct") == "direct" {
            continue;
        }
        let (Some(rel), Some(g), Some(y)) = (
            rec.get("related_to_ref").and_then(Value::as_str),
            rec.get("gender").and_then(Value::as_str),
            rec.get("birth_year").and_then(Value::as_i64),
        ) else {
            continue;
        };
        let Some(&parent_rec) = refs[*m].get(rel) else {
            continue;
        };
        let Some(&parent) = index.get(&(*m, parent_rec)) else {
            continue;
        };
        let root = uf.find(parent);
        let kind = rec.get("relation").and_then(Value::as_str).unwrap_or("").to_string();
        candidates.entry((root, g.to_string(), y, kind)).or_default().push(i);
    }
    for recs in candidates.values() {
        let first = recs[0];
        for &other in &recs[1..] {
            let (a, b) = (uf.find(first), uf.find(other));
            if a == b || !uf.members[a].is_disjoint(&uf.members[b]) {
                continue;
            }
            uf.union(a, b);
            *links.entry("related_person".into()).or_insert(0) += 1;
        }
    }
}

/// The match keys of a sent record.
pub fn match_keys(rec: &serde_json::Map<String, Value>) -> Vec<(MatchKind, String)> {
    rec.get("match_keys")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|k| {
                    let kind: MatchKind = serde_json::from_value(k.get("kind")?.clone()).ok()?;
                    Some((kind, k.get("key")?.as_str()?.to_string()))
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
        let keys: Vec<Value> = keys.iter().map(|(k, v)| json!({"kind": k, "key": v})).collect();
        json!({"record_ref": r, "relation": "direct", "match_keys": keys}).as_object().cloned().unwrap_or_default()
    }

    fn members(v: Vec<Vec<serde_json::Map<String, Value>>>) -> Vec<MemberRecords> {
        v.into_iter().enumerate().map(|(i, records)| MemberRecords { org: format!("m{i}"), records }).collect()
    }

    #[test]
    fn links_across_members_and_bounds() {
        let ms = members(vec![
            vec![rec("a1", &[("name_date", "k1")]), rec("a2", &[("name_year", "k2")])],
            vec![rec("b1", &[("name_date", "k1")]), rec("b2", &[("name_year", "k2")])],
            vec![rec("c1", &[("national_id", "n1"), ("name_date", "k1")])],
        ]);
        let l = link(&ms);
        assert_eq!(l.groups.len(), 2);
        assert_eq!(l.links_by_kind["name_date"], 2);
        assert_eq!(l.links_by_kind["name_year"], 1);
        assert_eq!(l.persons_upper, 3);
        assert_eq!(l.persons_lower, 2);
    }

    #[test]
    fn same_member_records_never_merge_on_names_but_do_on_ids() {
        let ms = members(vec![
            vec![rec("a1", &[("name_date", "k1")]), rec("a2", &[("name_date", "k1")])],
            vec![rec("b1", &[("name_date", "k1")])],
            vec![rec("c1", &[("national_id", "n1")]), rec("c2", &[("national_id", "n1")])],
        ]);
        let l = link(&ms);
        // a1+b1 one person, a2 alone (refused), c1+c2 one person.
        assert_eq!(l.groups.len(), 3);
        assert_eq!(l.refused_same_member, 1);
        assert_eq!(l.persons_lower, 2);
    }

    #[test]
    fn different_national_ids_are_never_merged_by_name() {
        let ms = members(vec![
            vec![rec("a1", &[("national_id", "n1"), ("name_year", "k")])],
            vec![rec("b1", &[("national_id", "n2"), ("name_year", "k")])],
        ]);
        let l = link(&ms);
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
        let ms = members(vec![
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
        let l = link(&ms);
        // mother once, son once, two daughters of different birth years stay apart.
        assert_eq!(l.groups.len(), 4);
        assert_eq!(l.links_by_kind["related_person"], 1);
    }
}
