//! Disclosure control of the report's totals and linkage section (issue 21): every number in
//! the public outputs goes through it, and so do the equations that tie them together.
//!
//! - **People by number of members** (`p_k`), people reported by more than one member (`M`),
//!   direct (`D`) and indirect (`I`) are tied to the headline figures, which are always
//!   published — the number of people `P` and the members' sum `R`:
//!   `Σ p_k = P`, `Σ k·p_k = R` ("4+" taken as 4: an extra equation only ever hides more),
//!   `M = Σ_{k≥2} p_k`, `D + I = P`. A count of 1 or 2 is hidden, and then, as for the tables,
//!   while a hidden number can be recomputed exactly from these equations and the published
//!   numbers, the smallest visible one in an equation with it is hidden too.
//! - **Links by kind, uncertain records by evidence, conflicts by field**: each treated as a
//!   table whose total a reader may know (the cautious side): a count of 1 or 2 is hidden, and
//!   so is a second one so that the total does not give it back.
//! - **Single figures** (links refused, records without a birth date, with a year only): hidden
//!   when 1 or 2.

use std::collections::BTreeMap;

pub use super::disclosure::{determined_weighted as determined, Equation};
use super::disclosure::{protect_table, small};
use super::model::{Aggregate, Cell, Table};

/// The unknowns of the totals system, in this order: `p_k` for each key of
/// `persons_by_member_count` (sorted as the map is), then `M`, `D`, `I`.
pub struct TotalsSystem {
    pub keys: Vec<String>,
    pub values: Vec<Option<u64>>,
    pub equations: Vec<Equation>,
}

/// The weight of a "people reported by k members" key ("4+" counts as 4).
fn weight(key: &str) -> f64 {
    key.trim_end_matches('+').parse::<f64>().unwrap_or(4.0)
}

/// The totals system of an aggregate (values as they stand: `None` where hidden).
pub fn totals_system(a: &Aggregate) -> TotalsSystem {
    let keys: Vec<String> = a.linkage.persons_by_member_count.keys().cloned().collect();
    let k = keys.len();
    let mut values: Vec<Option<u64>> =
        keys.iter().map(|key| a.linkage.persons_by_member_count.get(key).map(|v| *v as u64)).collect();
    values.push(a.totals.multi_member_persons.map(|v| v as u64));
    values.push(a.totals.direct.map(|v| v as u64));
    values.push(a.totals.indirect.map(|v| v as u64));
    let (m, d, i) = (k, k + 1, k + 2);
    let equations = vec![
        (0..k).map(|j| (j, 1.0)).collect(),
        (0..k).map(|j| (j, weight(&keys[j]))).collect(),
        std::iter::once((m, 1.0)).chain((0..k).filter(|&j| weight(&keys[j]) >= 2.0).map(|j| (j, -1.0))).collect(),
        vec![(d, 1.0), (i, 1.0)],
    ];
    TotalsSystem { keys, values, equations }
}

/// Protect the totals and the linkage section in place; returns the number of figures hidden.
pub(crate) fn protect(a: &mut Aggregate) -> usize {
    let mut n = protect_totals(a);
    for map in [&mut a.linkage.links_by_kind, &mut a.linkage.uncertain_by_evidence, &mut a.linkage.conflicts_by_field] {
        n += protect_map(map);
    }
    for v in [
        &mut a.linkage.refused_same_member,
        &mut a.linkage.refused_id_conflict,
        &mut a.linkage.records_name_only,
        &mut a.linkage.records_year_only,
    ] {
        if small(v.map(|x| x as u64)) {
            *v = None;
            n += 1;
        }
    }
    n
}

fn protect_totals(a: &mut Aggregate) -> usize {
    let sys = totals_system(a);
    let k = sys.keys.len();
    let mut hidden: Vec<bool> = sys.values.iter().map(|v| v.is_none() || small(*v)).collect();
    // D + I = P: one hidden hides the other.
    if hidden[k + 1] || hidden[k + 2] {
        hidden[k + 1] = true;
        hidden[k + 2] = true;
    }
    loop {
        let h: Vec<usize> = (0..hidden.len()).filter(|&i| hidden[i]).collect();
        let det = determined(&sys.equations, &h);
        let Some(pos) = det.iter().position(|&d| d) else { break };
        let cell = h[pos];
        let candidate = sys
            .equations
            .iter()
            .filter(|e| e.iter().any(|&(i, _)| i == cell))
            .flat_map(|e| e.iter().map(|&(i, _)| i))
            .filter(|&i| !hidden[i])
            .min_by_key(|&i| {
                let c = sys.values[i].unwrap_or(0);
                (c == 0, c)
            });
        match candidate {
            Some(i) => hidden[i] = true,
            None => break,
        }
    }
    let mut n = 0;
    for (j, key) in sys.keys.iter().enumerate() {
        if hidden[j] && a.linkage.persons_by_member_count.remove(key).is_some() {
            n += 1;
        }
        // A range would give a hidden figure back.
        if hidden[j] {
            a.linkage.persons_by_member_count_range.remove(key);
        }
    }
    if hidden[k] {
        a.totals.multi_member_range = None;
    }
    for (j, v) in
        [(k, &mut a.totals.multi_member_persons), (k + 1, &mut a.totals.direct), (k + 2, &mut a.totals.indirect)]
    {
        if hidden[j] && v.is_some() {
            *v = None;
            n += 1;
        }
    }
    n
}

/// A count map whose total a reader may know: protected as a single-valued table.
fn protect_map(map: &mut BTreeMap<String, usize>) -> usize {
    let total: u64 = map.values().map(|v| *v as u64).sum();
    let mut t = Table {
        title_sv: String::new(),
        title_en: String::new(),
        population: String::new(),
        population_size: Some(total),
        answered: Some(total),
        missing: Some(0),
        multi_valued: false,
        rows: map
            .iter()
            .map(|(k, v)| Cell {
                key: k.clone(),
                label_sv: String::new(),
                label_en: String::new(),
                count: Some(*v as u64),
                percent: None,
                suppressed: false,
            })
            .collect(),
        cross: None,
    };
    // A total of 1 or 2 would hide the table whole; the counts are what is published here.
    if small(t.population_size) {
        t.population_size = Some(3);
    }
    protect_table(&mut t);
    let mut n = 0;
    for r in t.rows.iter().filter(|r| r.suppressed) {
        if map.remove(&r.key).is_some() {
            n += 1;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighted_determination() {
        // p1 + p2 + p3 = P, p1 + 2 p2 + 3 p3 = R, M - p2 - p3 = 0: with p3 alone hidden it is
        // determined three ways; with p2, p3 and M hidden, p3 still is (R - P - M); with p1,
        // p2, p3 and M hidden, none is.
        let eqs: Vec<Equation> = vec![
            vec![(0, 1.0), (1, 1.0), (2, 1.0)],
            vec![(0, 1.0), (1, 2.0), (2, 3.0)],
            vec![(3, 1.0), (1, -1.0), (2, -1.0)],
        ];
        assert_eq!(determined(&eqs, &[2]), vec![true]);
        assert!(determined(&eqs, &[1, 2, 3]).iter().any(|d| *d));
        assert!(determined(&eqs, &[0, 1, 2, 3]).iter().all(|d| !*d));
    }
}
