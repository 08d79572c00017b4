//! Disclosure control for the publishable report (DESIGN.md §6): no cell shows 1 or 2 people,
//! and no hidden cell can be recomputed from the numbers that are published.
//!
//! **Primary suppression**: every count of 1 or 2 is hidden, and so is a table's `missing`
//! when it is 1 or 2 (then `answered`, which is `population_size − missing`, and the
//! percentages, which reveal `answered`, are hidden too). A table over a population of 1 or 2
//! people is hidden whole.
//!
//! **Secondary suppression** against the equations a reader can write down from one table:
//!
//! - single-valued table: `rows + missing = population_size` and `rows = answered`;
//! - cross table: every row and every column of the cross sums to a total the reader may know
//!   from other tables (assumed known, which is the cautious side), and for a single-valued cross
//!   the whole table sums to its `answered`.
//!
//! A hidden cell is recomputable exactly when its unit vector lies in the row space of those
//! equations restricted to the hidden cells. While one is, the smallest visible non-zero cell
//! of an equation that holds it is hidden as well, and the test is repeated. Multi-valued
//! tables have no such equations (one person can be in several rows).

use super::model::{Cell, Table};

/// A count that may not be shown.
pub fn small(c: Option<u64>) -> bool {
    matches!(c, Some(1..=2))
}

/// Index of the pseudo-cell `missing` in the equations (after the rows).
fn missing_index(t: &Table) -> usize {
    t.rows.len()
}

/// The equations a reader can write from the published table, as sets of cell indexes whose
/// sum is known (index `rows.len()` stands for `missing`). `answered_known`: whether
/// `answered` is published (then the rows of a single-valued table sum to it).
pub fn equations(t: &Table, answered_known: bool) -> Vec<Vec<usize>> {
    let n = t.rows.len();
    let mut eqs = Vec::new();
    if t.cross.is_some() {
        let mut by: std::collections::BTreeMap<(usize, &str), Vec<usize>> = Default::default();
        for (i, r) in t.rows.iter().enumerate() {
            if let Some((a, b)) = r.key.split_once('|') {
                by.entry((0, a)).or_default().push(i);
                by.entry((1, b)).or_default().push(i);
            }
        }
        eqs.extend(by.into_values());
        if !t.multi_valued && answered_known {
            eqs.push((0..n).collect());
        }
    } else if !t.multi_valued {
        if answered_known {
            eqs.push((0..n).collect());
        }
        eqs.push((0..=n).collect());
    }
    eqs
}

/// One linear equation over the unknowns: (index, coefficient); its constant is known.
pub type Equation = Vec<(usize, f64)>;

/// Whether each hidden unknown (by position in `hidden`) is determined by 0/1 equations (sets of
/// cell indexes whose sum is known).
pub(crate) fn determined(eqs: &[Vec<usize>], hidden: &[usize]) -> Vec<bool> {
    let weighted: Vec<Equation> = eqs.iter().map(|e| e.iter().map(|&i| (i, 1.0)).collect()).collect();
    determined_weighted(&weighted, hidden)
}

/// Whether each hidden unknown (by position in `hidden`) is determined by the equations: some
/// row of the reduced row echelon form of the equations, restricted to the hidden unknowns, is
/// its unit vector (the constants do not matter for whether it is). Gaussian elimination in
/// f64: the matrices are small with small integer coefficients.
pub fn determined_weighted(eqs: &[Equation], hidden: &[usize]) -> Vec<bool> {
    let m = hidden.len();
    let col = |i: usize| hidden.iter().position(|&h| h == i);
    let mut rows: Vec<Vec<f64>> = eqs
        .iter()
        .map(|e| {
            let mut r = vec![0.0; m];
            for &(i, c) in e {
                if let Some(k) = col(i) {
                    r[k] += c;
                }
            }
            r
        })
        .filter(|r| r.iter().any(|x| x.abs() > 1e-12))
        .collect();
    let mut top = 0;
    for c in 0..m {
        let Some(p) = (top..rows.len()).max_by(|&a, &b| rows[a][c].abs().total_cmp(&rows[b][c].abs())) else { break };
        if rows[p][c].abs() < 1e-9 {
            continue;
        }
        rows.swap(top, p);
        let div = rows[top][c];
        for x in &mut rows[top] {
            *x /= div;
        }
        let pivot = rows[top].clone();
        for (r, row) in rows.iter_mut().enumerate() {
            if r != top && row[c].abs() > 1e-12 {
                let f = row[c];
                for (x, y) in row.iter_mut().zip(&pivot) {
                    *x -= f * y;
                }
            }
        }
        top += 1;
    }
    (0..m).map(|c| rows[..top].iter().any(|r| (0..m).all(|k| (r[k].abs() > 1e-9) == (k == c)))).collect()
}

fn hide(c: &mut Cell) {
    c.suppressed = true;
}

/// Apply disclosure control to a table in place; returns the number of cells suppressed
/// (counting a hidden `missing` as one).
pub(crate) fn protect_table(t: &mut Table) -> usize {
    let n = t.rows.len();
    if small(t.population_size) {
        for r in &mut t.rows {
            hide(r);
        }
        t.population_size = None;
        t.answered = None;
        t.missing = None;
    }
    for r in &mut t.rows {
        if small(r.count) {
            hide(r);
        }
    }
    let mut missing_hidden = small(t.missing) || t.missing.is_none();
    loop {
        // With `missing` hidden, `answered` goes too (it is `population_size − missing`).
        let eqs = equations(t, !missing_hidden);
        let mut hidden: Vec<usize> = (0..n).filter(|&i| t.rows[i].suppressed).collect();
        if missing_hidden {
            hidden.push(missing_index(t));
        }
        let det = determined(&eqs, &hidden);
        let Some(pos) = det.iter().position(|&d| d) else { break };
        let cell = hidden[pos];
        // The equation holding this cell with a visible cell to hide, smallest such cell first
        // (non-zero preferred: hiding a structural zero protects little).
        let candidate = eqs
            .iter()
            .filter(|e| e.contains(&cell))
            .flat_map(|e| e.iter().copied())
            .filter(|&i| i < n && !t.rows[i].suppressed)
            .min_by_key(|&i| {
                let c = t.rows[i].count.unwrap_or(0);
                (c == 0, c)
            });
        match candidate {
            Some(i) => hide(&mut t.rows[i]),
            None if !missing_hidden && eqs.iter().any(|e| e.contains(&cell) && e.contains(&missing_index(t))) => {
                missing_hidden = true;
            }
            None => {
                // Nothing left to hide in its equations: hide the table.
                for r in &mut t.rows {
                    hide(r);
                }
                missing_hidden = true;
                break;
            }
        }
    }
    let mut hidden = 0;
    if missing_hidden && t.missing.is_some() {
        t.missing = None;
        t.answered = None;
        hidden += 1;
    }
    let percents_reveal_answered = t.answered.is_none();
    for r in &mut t.rows {
        if r.suppressed {
            r.count = None;
            r.percent = None;
            hidden += 1;
        } else if percents_reveal_answered {
            r.percent = None;
        }
    }
    hidden
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn table(multi: bool, counts: &[u64], missing: u64) -> Table {
        let answered = counts.iter().sum::<u64>();
        Table {
            title_sv: String::new(),
            title_en: String::new(),
            population: "direct".into(),
            population_size: Some(answered + missing),
            answered: Some(answered),
            missing: Some(missing),
            multi_valued: multi,
            rows: counts
                .iter()
                .enumerate()
                .map(|(i, c)| Cell {
                    key: format!("k{i}"),
                    label_sv: String::new(),
                    label_en: String::new(),
                    count: Some(*c),
                    percent: Some(1.0),
                    suppressed: false,
                })
                .collect(),
            cross: None,
        }
    }

    fn hidden_determined(t: &Table) -> bool {
        let mut hidden: Vec<usize> = (0..t.rows.len()).filter(|&i| t.rows[i].suppressed).collect();
        if t.missing.is_none() {
            hidden.push(t.rows.len());
        }
        determined(&equations(t, t.answered.is_some()), &hidden).into_iter().any(|d| d)
    }

    #[test]
    fn primary_and_secondary_suppression() {
        let mut t = table(false, &[50, 2, 30, 0], 10);
        assert_eq!(protect_table(&mut t), 2);
        assert!(!hidden_determined(&t));
        assert!(t.rows[1].suppressed && t.rows[2].suppressed);
        let mut t = table(false, &[50, 1, 2, 30], 4);
        assert_eq!(protect_table(&mut t), 2);
        let mut t = table(true, &[50, 2, 30], 5);
        assert_eq!(protect_table(&mut t), 1, "multi-valued rows do not sum to a total");
        let mut t = table(false, &[50, 40], 0);
        assert_eq!(protect_table(&mut t), 0);
        assert!(t.rows.iter().all(|r| r.percent.is_some()));
    }

    #[test]
    fn a_small_missing_hides_answered_and_percentages_and_one_more_cell() {
        let mut t = table(false, &[50, 40, 30], 1);
        protect_table(&mut t);
        assert_eq!((t.missing, t.answered), (None, None));
        assert!(t.rows.iter().all(|r| r.percent.is_none()));
        // missing + rows = population_size: one row must go with it.
        assert_eq!(t.rows.iter().filter(|r| r.suppressed).count(), 1);
        assert!(t.rows[2].suppressed, "the smallest row");
        assert!(!hidden_determined(&t));
    }

    #[test]
    fn cross_tables_protect_each_line_and_bridges() {
        let mut t = table(false, &[], 0);
        t.cross = Some(["a".into(), "b".into()]);
        for (k, c) in [("x|f", 10u64), ("x|m", 2), ("y|f", 20), ("y|m", 7), ("z|f", 30), ("z|m", 40)] {
            t.rows.push(Cell {
                key: k.into(),
                label_sv: String::new(),
                label_en: String::new(),
                count: Some(c),
                percent: None,
                suppressed: false,
            });
        }
        t.answered = Some(109);
        t.population_size = Some(109);
        protect_table(&mut t);
        assert!(t.rows[1].suppressed);
        assert!(!hidden_determined(&t));
        assert!(t.rows.iter().any(|r| !r.suppressed), "not everything needs to go");
    }

    #[test]
    fn determination_is_exact_for_a_bridge() {
        // Two 2×2 cycles joined by one cell: every line holds two hidden cells, yet the bridge
        // is determined (sum of one cycle's rows minus its columns).
        let eqs =
            vec![vec![0, 1], vec![2, 3, 4], vec![0, 2], vec![1, 3], vec![4, 5, 6], vec![5, 7], vec![6, 8], vec![7, 8]];
        let d = determined(&eqs, &[0, 1, 2, 3, 4, 5, 6, 7, 8]);
        assert!(d[4], "the bridge is recomputable");
        assert!(!d[0] && !d[5] && !d[8]);
    }

    #[test]
    fn a_table_about_one_or_two_people_is_hidden_whole() {
        let mut t = table(false, &[2, 0], 0);
        protect_table(&mut t);
        assert!(t.rows.iter().all(|r| r.count.is_none()));
        assert_eq!(t.population_size, None);
    }
}
