//! Fuzzy matching of Bloom-filter encodings: candidate pairs by MinHash locality-sensitive
//! hashing (one permutation, banded), so the cost grows with the number of similar pairs rather
//! than with n², each scored with the Dice coefficient.

use std::collections::HashMap;

use samla_core::clk::{dice, Clk, WORDS};

/// Parameters of the candidate search and the decision.
#[derive(Debug, Clone, Copy)]
pub struct Params {
    /// Accept a pair at or above this Dice coefficient.
    pub threshold: f64,
    /// Pairs within this distance of the threshold are "uncertain" (they make the bounds).
    pub margin: f64,
    /// LSH bands (at most `bins / rows`).
    pub tables: usize,
    /// MinHash bins per band.
    pub bits_per_table: usize,
    /// A fuzzy union of two groups needs every cross pair at least `threshold - group_slack`.
    pub group_slack: f64,
    /// Pairs from here up to `threshold` are accepted when coarse fields corroborate them (same
    /// birth year, no gender disagreement).
    pub corroborated_threshold: f64,
}

/// The parameters Samla uses (docs/LINKAGE.md).
pub const PARAMS: Params = Params {
    threshold: 0.84,
    margin: 0.03,
    tables: 25,
    bits_per_table: 5,
    group_slack: 0.1,
    corroborated_threshold: 0.84,
};

/// A scored candidate pair (indexes into the slice given to [`scored_pairs_counted`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scored {
    pub score: f32,
    pub a: u32,
    pub b: u32,
}

/// Every pair with a Dice coefficient of at least `threshold - margin` that shares an LSH bucket,
/// without duplicates, highest score first. `skip(a, b)` drops pairs before scoring (for
/// instance two records of the same member that may never be merged). Also returns how many
/// Dice coefficients were computed.
pub fn scored_pairs_counted(clks: &[Clk], p: &Params, skip: impl Fn(u32, u32) -> bool) -> (Vec<Scored>, u64) {
    scored_pairs_by(clks, p, skip, |a, b| Some(dice(&clks[a as usize], &clks[b as usize])))
}

/// As [`scored_pairs_counted`], with candidates found on `clks` but scored by `score` (which
/// may compare other encodings of the two records; `None` = not comparable).
pub fn scored_pairs_by(
    clks: &[Clk],
    p: &Params,
    skip: impl Fn(u32, u32) -> bool,
    score: impl Fn(u32, u32) -> Option<f64>,
) -> (Vec<Scored>, u64) {
    let mut computed = 0u64;
    let floor = p.threshold.min(p.corroborated_threshold) - p.margin;
    let mut found: HashMap<(u32, u32), f32> = HashMap::new();
    let mut buckets: HashMap<u64, Vec<u32>> = HashMap::new();
    // One-permutation MinHash on the set bits: the encoding (already permuted with a keyed
    // permutation) is cut into 16-bit bins; a bin's value is its lowest set bit (16 if empty).
    // Two records agree on a bin with probability close to the Jaccard similarity of their
    // bit sets; a band of `rows` bins is a bucket key.
    let bins = WORDS * 4;
    let rows = p.bits_per_table.clamp(1, 10);
    let bands = (bins / rows).min(p.tables);
    let bin = |c: &Clk, i: usize| -> u64 { u64::from(((c[i / 4] >> ((i % 4) * 16)) as u16).trailing_zeros()) };
    for t in 0..bands {
        buckets.clear();
        for (i, c) in clks.iter().enumerate() {
            let mut k = t as u64;
            let mut ones = 0;
            for j in 0..rows {
                let v = bin(c, t * rows + j);
                ones += usize::from(v < 16);
                k = k.wrapping_mul(0x0100_0000_01B3).wrapping_add(v + 1);
            }
            // A band of empty bins says nothing about similarity.
            if ones * 2 >= rows {
                buckets.entry(k).or_default().push(i as u32);
            }
        }
        for members in buckets.values() {
            if members.len() < 2 {
                continue;
            }
            for (x, &a) in members.iter().enumerate() {
                for &b in &members[x + 1..] {
                    if found.contains_key(&(a, b)) || skip(a, b) {
                        continue;
                    }
                    let Some(s) = score(a, b) else { continue };
                    computed += 1;
                    if s >= floor {
                        found.insert((a, b), s as f32);
                    }
                }
            }
        }
    }
    let mut v: Vec<Scored> = found.into_iter().map(|((a, b), score)| Scored { score, a, b }).collect();
    v.sort_by(|x, y| y.score.total_cmp(&x.score).then(x.a.cmp(&y.a)).then(x.b.cmp(&y.b)));
    (v, computed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use samla_core::clk::{Encoder, Features, WEIGHTS};

    #[test]
    fn finds_similar_pairs_and_not_dissimilar_ones() {
        let e = Encoder::new(&[3u8; 32], WEIGHTS, true);
        let f = |n: &'static [&'static str], y| Features {
            names: n.to_vec(),
            birth_year: Some(y),
            birth_month: Some(5),
            birth_day: Some(17),
            ..Default::default()
        };
        let clks = vec![
            e.encode(&f(&["amina", "bello"], 1994)),
            e.encode(&f(&["amina", "belo"], 1994)),
            e.encode(&f(&["grace", "okafor"], 1970)),
            e.encode(&f(&["amina", "bello"], 1994)),
        ];
        let pairs = scored_pairs_counted(&clks, &PARAMS, |_, _| false).0;
        let has = |a, b| pairs.iter().any(|s| s.a == a && s.b == b);
        assert!(has(0, 3) && has(0, 1) && has(1, 3));
        assert!(!pairs.iter().any(|s| s.a == 2 || s.b == 2));
        assert!(pairs.windows(2).all(|w| w[0].score >= w[1].score));
        assert_eq!(pairs[0].score, 1.0);
        let none = scored_pairs_counted(&clks, &PARAMS, |a, b| a == 0 && b == 3).0;
        assert!(!none.iter().any(|s| s.a == 0 && s.b == 3));
    }
}
