//! Fuzzy matching of Bloom-filter encodings: candidate pairs by bit-sampling locality-sensitive
//! hashing (so the cost grows with the number of similar pairs, not with n²), scored with the
//! Dice coefficient.

use std::collections::HashMap;

use samla_core::clk::{dice, Clk, WORDS};

/// Parameters of the candidate search and the decision.
#[derive(Debug, Clone, Copy)]
pub struct Params {
    /// Accept a pair at or above this Dice coefficient.
    pub threshold: f64,
    /// Pairs within this distance of the threshold are "uncertain" (they make the bounds).
    pub margin: f64,
    /// LSH tables.
    pub tables: usize,
    /// Bits sampled per table.
    pub bits_per_table: usize,
    /// A fuzzy union of two groups needs every cross pair at least `threshold - group_slack`.
    pub group_slack: f64,
}

/// The parameters Samla uses (docs/LINKAGE.md).
pub const PARAMS: Params = Params { threshold: 0.84, margin: 0.03, tables: 24, bits_per_table: 24, group_slack: 0.1 };

/// A scored candidate pair (indexes into the slice given to [`scored_pairs`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scored {
    pub score: f32,
    pub a: u32,
    pub b: u32,
}

fn sample_positions(table: usize, n: usize) -> Vec<usize> {
    // A fixed, public pseudo-random choice (splitmix64): blocking needs no secret, since the
    // encodings are already keyed.
    let mut x = 0x9E37_79B9_7F4A_7C15u64 ^ (table as u64).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = x;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        let p = (z % (WORDS as u64 * 64)) as usize;
        if !out.contains(&p) {
            out.push(p);
        }
    }
    out
}

#[inline]
fn key(c: &Clk, positions: &[usize]) -> u64 {
    positions.iter().enumerate().fold(0u64, |k, (i, &p)| k | ((c[p / 64] >> (p % 64)) & 1) << i)
}

/// Every pair with a Dice coefficient of at least `threshold - margin` that shares an LSH bucket,
/// without duplicates, highest score first. `skip(a, b)` drops pairs before scoring (for
/// instance two records of the same member that may never be merged).
pub fn scored_pairs(clks: &[Clk], p: &Params, skip: impl Fn(u32, u32) -> bool) -> Vec<Scored> {
    scored_pairs_counted(clks, p, skip).0
}

/// As [`scored_pairs`], also returning how many Dice coefficients were computed.
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
    let floor = p.threshold - p.margin;
    let mut found: HashMap<(u32, u32), f32> = HashMap::new();
    let mut buckets: HashMap<u64, Vec<u32>> = HashMap::new();
    for t in 0..p.tables {
        let positions = sample_positions(t, p.bits_per_table.min(63));
        buckets.clear();
        for (i, c) in clks.iter().enumerate() {
            buckets.entry(key(c, &positions)).or_default().push(i as u32);
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
        let pairs = scored_pairs(&clks, &PARAMS, |_, _| false);
        let has = |a, b| pairs.iter().any(|s| s.a == a && s.b == b);
        assert!(has(0, 3) && has(0, 1) && has(1, 3));
        assert!(!pairs.iter().any(|s| s.a == 2 || s.b == 2));
        assert!(pairs.windows(2).all(|w| w[0].score >= w[1].score));
        assert_eq!(pairs[0].score, 1.0);
        let none = scored_pairs(&clks, &PARAMS, |a, b| a == 0 && b == 3);
        assert!(!none.iter().any(|s| s.a == 0 && s.b == 3));
    }
}
