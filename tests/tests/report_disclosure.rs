//! Issue 21, item 5: the published report leaks no small count, in its totals and its linkage
//! section too. The demo year (three members, overlapping people) is aggregated twice, INTERNAL
//! and publishable; from the publishable `report.json` alone this test writes down every
//! equation a reader can (people by number of members sum to the people and, weighted, to the
//! members' sum; those reported by more than one member; direct + indirect; each count map to
//! its total, assumed known) and solves them exactly (its own rational elimination, not the
//! aggregator's): no hidden figure may come out. The INTERNAL report shows the check is not
//! empty — the demo year has counts of 1 and 2 there (e.g. three links by migration or national
//! id, two people reported by all three members).

use std::collections::BTreeMap;

use samla_e2e::*;
use serde_json::Value;

const YEAR: i32 = 2024;

/// Exact rationals, enough for small systems of small integers.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Q(i128, i128);

fn gcd(a: i128, b: i128) -> i128 {
    if b == 0 {
        a.abs().max(1)
    } else {
        gcd(b, a % b)
    }
}

impl Q {
    fn new(n: i128, d: i128) -> Q {
        let g = gcd(n, d);
        let s = if d < 0 { -1 } else { 1 };
        Q(s * n / g, s * d / g)
    }
    fn zero(self) -> bool {
        self.0 == 0
    }
    fn sub(self, o: Q) -> Q {
        Q::new(self.0 * o.1 - o.0 * self.1, self.1 * o.1)
    }
    fn mul(self, o: Q) -> Q {
        Q::new(self.0 * o.0, self.1 * o.1)
    }
    fn div(self, o: Q) -> Q {
        Q::new(self.0 * o.1, self.1 * o.0)
    }
}

/// Which of `n` unknowns each row set determines (a unit vector in the row space).
fn determined(rows: Vec<Vec<i128>>, n: usize) -> Vec<bool> {
    let mut m: Vec<Vec<Q>> = rows.into_iter().map(|r| r.into_iter().map(|x| Q::new(x, 1)).collect()).collect();
    let mut top = 0;
    for c in 0..n {
        let Some(p) = (top..m.len()).find(|&r| !m[r][c].zero()) else { continue };
        m.swap(top, p);
        let piv = m[top][c];
        for x in &mut m[top] {
            *x = x.div(piv);
        }
        let prow = m[top].clone();
        for (r, row) in m.iter_mut().enumerate() {
            if r != top && !row[c].zero() {
                let f = row[c];
                for (x, y) in row.iter_mut().zip(&prow) {
                    *x = x.sub(f.mul(*y));
                }
            }
        }
        top += 1;
    }
    (0..n).map(|c| m[..top].iter().any(|r| (0..n).all(|k| r[k].zero() != (k == c)))).collect()
}

fn num(v: &Value) -> Option<u64> {
    v.as_u64()
}

fn map(v: &Value) -> BTreeMap<String, u64> {
    v.as_object().map(|o| o.iter().filter_map(|(k, v)| Some((k.clone(), v.as_u64()?))).collect()).unwrap_or_default()
}

#[test]
fn nothing_hidden_in_the_totals_or_the_linkage_section_can_be_recomputed() {
    let p = Platform::new(YEAR);
    for org in ["kvinnojouren-a", "juristbyran-b", "stodcentrum-c"] {
        let cfg = p.member(org);
        let o = p.submit(&cfg, &repo_root().join(format!("demo/data/{org}.csv")), YEAR);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let internal = p.aggregate(YEAR, &p.dir.path().join("internal"), true);
    let public = p.aggregate(YEAR, &p.dir.path().join("public"), false);

    // No published figure in these sections is 1 or 2.
    let mut published: Vec<(String, u64)> = Vec::new();
    for k in ["direct", "indirect", "multi_member_persons"] {
        if let Some(v) = num(&public["totals"][k]) {
            published.push((format!("totals.{k}"), v));
        }
    }
    for k in ["refused_same_member", "refused_id_conflict", "records_name_only", "records_year_only"] {
        if let Some(v) = num(&public["linkage"][k]) {
            published.push((format!("linkage.{k}"), v));
        }
    }
    for m in ["links_by_kind", "uncertain_by_evidence", "conflicts_by_field", "persons_by_member_count"] {
        for (k, v) in map(&public["linkage"][m]) {
            published.push((format!("linkage.{m}.{k}"), v));
        }
    }
    let small: Vec<_> = published.iter().filter(|(_, v)| (1..=2).contains(v)).collect();
    assert!(small.is_empty(), "small counts published: {small:?}");

    // The check is not empty: the internal year has small counts here.
    let mut internal_small = 0;
    for m in ["links_by_kind", "uncertain_by_evidence", "conflicts_by_field", "persons_by_member_count"] {
        internal_small += map(&internal["linkage"][m]).values().filter(|v| (1..=2).contains(*v)).count();
    }
    assert!(internal_small >= 2, "the demo year should have small counts to hide: {}", internal["linkage"]);

    // The totals system from what is published: unknowns p_k (hidden keys of the internal
    // distribution, which a reader may guess: "1".."4+"), M, D, I.
    let keys: Vec<String> = ["1", "2", "3", "4+"].iter().map(|s| s.to_string()).collect();
    let pub_dist = map(&public["linkage"]["persons_by_member_count"]);
    let weight = |k: &str| -> i128 { k.trim_end_matches('+').parse().unwrap_or(4) };
    // Unknown index: 0..4 the p_k, 4 = M, 5 = D, 6 = I; a published one is a constant.
    let hidden: Vec<bool> = keys
        .iter()
        .map(|k| !pub_dist.contains_key(k))
        .chain([
            public["totals"]["multi_member_persons"].is_null(),
            public["totals"]["direct"].is_null(),
            public["totals"]["indirect"].is_null(),
        ])
        .collect();
    let eqs: Vec<Vec<i128>> = vec![
        vec![1, 1, 1, 1, 0, 0, 0],
        keys.iter().map(|k| weight(k)).chain([0, 0, 0]).collect(),
        keys.iter().map(|k| if weight(k) >= 2 { -1 } else { 0 }).chain([1, 0, 0]).collect(),
        vec![0, 0, 0, 0, 0, 1, 1],
    ];
    let idx: Vec<usize> = (0..hidden.len()).filter(|&i| hidden[i]).collect();
    let rows: Vec<Vec<i128>> = eqs.iter().map(|e| idx.iter().map(|&i| e[i]).collect()).collect();
    let det = determined(rows, idx.len());
    let names = ["p1", "p2", "p3", "p4+", "multi_member_persons", "direct", "indirect"];
    for (j, &i) in idx.iter().enumerate() {
        // A key that does not exist in the internal report is a zero a reader cannot tell from
        // a hidden one; only real hidden figures count.
        let real = i >= 4 || internal["linkage"]["persons_by_member_count"].get(&keys[i]).is_some();
        assert!(!(det[j] && real), "{} can be recomputed from the published figures", names[i]);
    }

    // Each count map, its total assumed known: never exactly one figure hidden.
    for m in ["links_by_kind", "uncertain_by_evidence", "conflicts_by_field"] {
        let (all, shown) = (map(&internal["linkage"][m]), map(&public["linkage"][m]));
        let gone = all.keys().filter(|k| !shown.contains_key(*k)).count();
        assert!(gone != 1, "{m}: one figure hidden alone is given back by the total ({all:?} → {shown:?})");
    }
}

/// One member with one indirect person: the number of indirect people is hidden, and so is
/// everything that gives it back as `persons − direct` (the totals' direct, and the size of
/// every table over the direct population, which keeps its counts).
#[test]
fn a_hidden_number_of_indirect_people_does_not_come_back_through_the_direct_tables() {
    let p = Platform::new(YEAR);
    let cfg = p.member("stodcentrum-c");
    let o = p.submit(&cfg, &repo_root().join("demo/data/stodcentrum-c.csv"), YEAR);
    assert!(o.status.success(), "{}", stderr(&o));
    let internal = p.aggregate(YEAR, &p.dir.path().join("internal"), true);
    assert_eq!(internal["totals"]["indirect"].as_u64(), Some(1), "the year this test is about");
    let public = p.aggregate(YEAR, &p.dir.path().join("public"), false);
    assert!(public["totals"]["indirect"].is_null() && public["totals"]["direct"].is_null(), "{}", public["totals"]);
    let persons = public["totals"]["persons"].as_u64().expect("persons");
    let mut direct_tables = 0;
    for (key, t) in public["tables"].as_object().expect("tables") {
        if t["population"] == "direct" {
            direct_tables += 1;
            for f in ["population_size", "answered", "missing"] {
                assert!(t[f].is_null(), "{key}.{f} would give back indirect = {persons} − it: {}", t[f]);
            }
            assert!(
                t["rows"].as_array().expect("rows").iter().all(|r| r["percent"].is_null()),
                "{key}: percentages give the size back"
            );
        }
    }
    assert!(direct_tables > 0, "the check looked at the direct tables");
}
