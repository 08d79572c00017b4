//! Fuzzy matching of Bloom-filter encodings: candidate pairs by MinHash locality-sensitive
//! hashing (one permutation, banded), so the cost grows with the number of similar pairs rather
//! than with n², each scored with the Dice coefficient.

use samla_core::clk::{Clk, WORDS};

/// Parameters of the candidate search. (Linkage v2 decides nothing by a threshold: a pair's
/// weight comes from `prob`. `margin`, `group_slack` and `corroborated_threshold` were v1's
/// decision rule and only lower the candidate floor here; they are kept for the v1 benches.)
#[derive(Debug, Clone, Copy)]
pub struct Params {
    /// The candidate floor: pairs below this Dice coefficient (of the year-less encodings) are
    /// not candidates.
    pub threshold: f64,
    /// Lowers the floor by this much (v1: the band of "uncertain" pairs).
    pub margin: f64,
    /// LSH bands (at most `bins / rows`).
    pub tables: usize,
    /// MinHash bins per band.
    pub bits_per_table: usize,
    /// v1 only (coherence of fuzzy unions); unused by linkage v2.
    pub group_slack: f64,
    /// v1 only (corroborated pairs); the floor is the lower of this and `threshold`.
    pub corroborated_threshold: f64,
    /// The rate at which the clients flipped the bits of the name-level encodings
    /// (`clk::NAME_NOISE`); name similarities are scaled for it.
    pub name_noise: f64,
}

/// The parameters Samla uses (docs/LINKAGE.md §2: 21 bands of 6 bins, floor 0.70).
pub const PARAMS: Params = Params {
    threshold: 0.70,
    margin: 0.0,
    tables: 21,
    bits_per_table: 6,
    group_slack: 0.1,
    corroborated_threshold: 0.70,
    name_noise: samla_core::clk::NAME_NOISE,
};

/// A scored candidate pair (indexes into the slice given to `scored_pairs_counted`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scored {
    pub score: f32,
    pub a: u32,
    pub b: u32,
}

/// Buckets larger than this are split further on more bins before their pairs are compared
/// (see [`scored_pairs_by`]).
pub(crate) const MAX_BUCKET: usize = 20;

/// At most this many extra bins split one large bucket.
const MAX_REFINE: usize = 12;

/// Every pair with a Dice coefficient of at least `threshold - margin` that shares an LSH bucket,
/// without duplicates, highest score first. `skip(a, b)` drops pairs before scoring (for
/// instance two records of the same member that may never be merged). Also returns how many
/// Dice coefficients were computed.
#[cfg(test)]
pub(crate) fn scored_pairs_counted(
    clks: &[Clk],
    p: &Params,
    skip: impl Fn(u32, u32) -> bool + Sync,
) -> (Vec<Scored>, u64) {
    let refs: Vec<&Clk> = clks.iter().collect();
    scored_pairs_by(&refs, p, skip, |a, b| Some(samla_core::clk::dice(&clks[a as usize], &clks[b as usize])))
}

/// A bin of the one-permutation MinHash: the encoding (already permuted with a keyed
/// permutation) is cut into 8-bit bins; a bin's value is its lowest set bit (8 if empty). (The
/// 2048-bit frames before linkage v3 had half their positions always empty and 16-bit bins:
/// the same eight filter positions per bin on average, so the same statistics.)
/// Two records agree on a bin with probability close to the Jaccard similarity of their bit sets.
fn bin(c: &Clk, i: usize) -> u8 {
    ((c[i / 8] >> ((i % 8) * 8)) as u8).trailing_zeros() as u8
}

/// As `scored_pairs_counted` (the encodings by reference, so a national year is not copied),
/// with candidates found on `clks` but scored by `score` (which
/// may compare other encodings of the two records; `None` = not comparable).
///
/// A band of `bits_per_table` bins is a bucket key. A bucket of more than [`MAX_BUCKET`]
/// records is split by the values of further bins (one at a time, up to 12) before its pairs
/// are compared: a similar pair stays together through each split with probability about its
/// Jaccard similarity, while a crowd of records that share only common features (a frequent
/// birth year, a common country) falls apart. So the cost grows with n and with the number of
/// similar pairs, not with the square of a crowded bucket. Bands are shared out over the
/// machine's cores.
pub(crate) fn scored_pairs_by(
    clks: &[&Clk],
    p: &Params,
    skip: impl Fn(u32, u32) -> bool + Sync,
    score: impl Fn(u32, u32) -> Option<f64> + Sync,
) -> (Vec<Scored>, u64) {
    let floor = p.threshold.min(p.corroborated_threshold) - p.margin;
    let bins = WORDS * 8;
    let rows = p.bits_per_table.clamp(1, 10);
    let bands = (bins / rows).min(p.tables);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, bands.max(1));
    let work = |first: usize| -> (Vec<Scored>, u64) {
        let mut out = Vec::new();
        let mut computed = 0u64;
        let mut keys: Vec<(u64, u32)> = Vec::with_capacity(clks.len());
        for t in (first..bands).step_by(threads) {
            keys.clear();
            for (i, c) in clks.iter().enumerate() {
                let mut k = t as u64;
                let mut ones = 0;
                for j in 0..rows {
                    let v = bin(c, t * rows + j);
                    ones += usize::from(v < 8);
                    k = k.wrapping_mul(0x0100_0000_01B3).wrapping_add(u64::from(v) + 1);
                }
                // A band of empty bins says nothing about similarity.
                if ones * 2 >= rows {
                    keys.push((k, i as u32));
                }
            }
            keys.sort_unstable();
            let mut ids = Vec::new();
            for run in keys.chunk_by(|x, y| x.0 == y.0) {
                if run.len() < 2 {
                    continue;
                }
                ids.clear();
                ids.extend(run.iter().map(|x| x.1));
                // Refinement bins: those after this band, wrapping round.
                let extra = |d: usize| ((t + 1) * rows + d) % bins;
                compare_bucket(clks, &mut ids, 0, &extra, &mut |a, b| {
                    if skip(a, b) {
                        return;
                    }
                    let Some(s) = score(a, b) else { return };
                    computed += 1;
                    if s >= floor {
                        out.push(Scored { score: s as f32, a, b });
                    }
                });
            }
        }
        (out, computed)
    };
    let parts: Vec<(Vec<Scored>, u64)> = if threads == 1 {
        vec![work(0)]
    } else {
        std::thread::scope(|sc| {
            let handles: Vec<_> = (0..threads).map(|f| sc.spawn(move || work(f))).collect();
            handles.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
        })
    };
    let computed = parts.iter().map(|x| x.1).sum();
    let mut v: Vec<Scored> = parts.into_iter().flat_map(|x| x.0).collect();
    // A pair found in several bands is kept once.
    v.sort_unstable_by(|x, y| x.a.cmp(&y.a).then(x.b.cmp(&y.b)));
    v.dedup_by(|x, y| x.a == y.a && x.b == y.b);
    v.sort_by(|x, y| y.score.total_cmp(&x.score).then(x.a.cmp(&y.a)).then(x.b.cmp(&y.b)));
    (v, computed)
}

/// Call `pair(a, b)` (a < b) for every pair of `ids`, after splitting a large bucket by the
/// values of refinement bins `extra(depth)`, `extra(depth + 1)`, …
fn compare_bucket(
    clks: &[&Clk],
    ids: &mut [u32],
    depth: usize,
    extra: &dyn Fn(usize) -> usize,
    pair: &mut dyn FnMut(u32, u32),
) {
    if ids.len() > MAX_BUCKET && depth < MAX_REFINE {
        let b = extra(depth);
        ids.sort_unstable_by_key(|&i| (bin(clks[i as usize], b), i));
        let mut start = 0;
        while start < ids.len() {
            let v = bin(clks[ids[start] as usize], b);
            let mut end = start + 1;
            while end < ids.len() && bin(clks[ids[end] as usize], b) == v {
                end += 1;
            }
            if end - start >= 2 {
                compare_bucket(clks, &mut ids[start..end], depth + 1, extra, pair);
            }
            start = end;
        }
        return;
    }
    for (x, &a) in ids.iter().enumerate() {
        for &b in &ids[x + 1..] {
            pair(a.min(b), a.max(b));
        }
    }
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

    #[test]
    fn a_crowd_sharing_common_features_is_split_and_its_true_pair_still_found() {
        let e = Encoder::new(&[9u8; 32], WEIGHTS, false);
        let syl = ["ko", "va", "len", "ska", "ma", "ri", "ne", "sco", "pe", "tro", "ba", "lo"];
        // 400 women called Maria born the same day, family names from few syllables: they share
        // most of their bits, so whole bands collide.
        let names: Vec<String> =
            (0..400).map(|i| format!("maria {}{}{}", syl[i % 12], syl[(i / 12) % 12], syl[(i / 144) % 12])).collect();
        fn f(n: &str) -> Features<'_> {
            Features {
                names: n.split(' ').collect(),
                birth_year: Some(1990),
                birth_month: Some(1),
                birth_day: Some(1),
                ..Default::default()
            }
        }
        let mut clks: Vec<Clk> = names.iter().map(|n| e.encode(&f(n))).collect();
        // The true pair: record 0 once more, with a one-letter typo.
        let typo = names[0].replacen('o', "u", 1);
        clks.push(e.encode(&f(&typo)));
        let n = clks.len() as u32;
        let (pairs, computed) = scored_pairs_counted(&clks, &PARAMS, |_, _| false);
        assert!(pairs.iter().any(|s| s.a == 0 && s.b == n - 1), "the typo pair was lost");
        // Without splitting, the bands of this crowd cost about 3.5 all-pairs passes (measured:
        // 280 196 coefficients for 80 200 pairs); with it, about one (79 044).
        let all_pairs = u64::from(n) * u64::from(n - 1) / 2;
        assert!(computed < all_pairs * 3 / 2, "computed {computed}, all pairs {all_pairs}");
    }
}
