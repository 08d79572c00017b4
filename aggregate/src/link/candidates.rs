//! Candidate pairs (docs/LINKAGE.md §2.1, §2.3): records that share a national or migration id
//! are joined outright; the pairs worth comparing are those that share a name key, whose
//! year-less encodings are similar (banded MinHash, [`fuzzy`]), or where a short name is
//! contained in the other's; each is compared ([`compare::compare`]).

use std::collections::{BTreeMap, HashMap};

use samla_core::clk::Clk;
use samla_core::pseudonym::MatchKind;

use super::compare::{self, Gamma, View, CONTAINED, SAME_GIVEN_OTHER_FAMILY};
use super::LinkRecord;
use crate::fuzzy;

pub(super) struct Uf {
    parent: Vec<u32>,
    pub(super) members: Vec<Vec<u32>>,
    pub(super) nids: Vec<Vec<[u8; 32]>>,
}

impl Uf {
    pub(super) fn new(recs: &[LinkRecord]) -> Self {
        Uf {
            parent: (0..recs.len() as u32).collect(),
            members: recs.iter().map(|r| vec![r.member]).collect(),
            nids: recs
                .iter()
                .map(|r| r.keys.iter().filter(|(k, _)| *k == MatchKind::NationalId).map(|(_, v)| *v).collect())
                .collect(),
        }
    }
    pub(super) fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] as usize != x {
            let p = self.parent[x] as usize;
            self.parent[x] = self.parent[p];
            x = p;
        }
        x
    }
    pub(super) fn union(&mut self, a: usize, b: usize) {
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
        for x in n {
            if !self.nids[big].contains(&x) {
                self.nids[big].push(x);
            }
        }
    }
    pub(super) fn share_member(&self, a: usize, b: usize) -> bool {
        self.members[a].iter().any(|m| self.members[b].contains(m))
    }
    pub(super) fn id_conflict(&self, a: usize, b: usize) -> bool {
        !self.nids[a].is_empty() && !self.nids[b].is_empty() && !self.nids[a].iter().any(|x| self.nids[b].contains(x))
    }
}

/// Keys in one run of a name key above which the run makes no candidate pairs (a crowd of one
/// key is better found by the encodings).
const KEY_RUN_LIMIT: usize = 64;

/// What the identifiers decided: the units they fixed, the pairs the name keys propose, the
/// unions made by kind, and unions refused because national ids differ.
pub(super) struct Identified {
    pub(super) uf: Uf,
    pub(super) key_pairs: Vec<(u32, u32)>,
    pub(super) links_by_kind: BTreeMap<String, usize>,
    pub(super) refused_id_conflict: usize,
}

/// Join records that share a national id or a migration id (never two national ids that
/// differ), and collect the pairs that share a name key.
pub(super) fn by_identifiers(recs: &[LinkRecord]) -> Identified {
    let mut out =
        Identified { uf: Uf::new(recs), key_pairs: Vec::new(), links_by_kind: BTreeMap::new(), refused_id_conflict: 0 };
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
    for run in keyed.chunk_by(|x, y| x.0 == y.0 && x.1 == y.1) {
        let kind = run[0].0;
        if kind.is_exact_identifier() {
            for other in &run[1..] {
                let (a, b) = (out.uf.find(run[0].2 as usize), out.uf.find(other.2 as usize));
                if a == b {
                    continue;
                }
                if out.uf.id_conflict(a, b) {
                    out.refused_id_conflict += 1;
                    continue;
                }
                out.uf.union(a, b);
                *out.links_by_kind.entry(super::kind_name(kind).to_string()).or_insert(0) += 1;
            }
        } else if run.len() <= KEY_RUN_LIMIT {
            // Name keys make candidates (weighed like any other pair); a given-name key only
            // pairs a record without a family name with another (two people who share a given
            // name and a birth date but have different family names are not candidates by it).
            for (i, x) in run.iter().enumerate() {
                for y in &run[i + 1..] {
                    if kind == MatchKind::GivenDate && !x.3 && !y.3 {
                        continue;
                    }
                    out.key_pairs.push((x.2.min(y.2), x.2.max(y.2)));
                }
            }
        }
    }
    out
}

/// The compared candidate pairs (within members too: a name's records at one member are
/// different people, which the name counts use).
pub(super) struct Compared {
    pub(super) compared: Vec<(u32, u32, Gamma)>,
    pub(super) contained: Contained,
    /// Dice coefficients computed by the candidate search.
    pub(super) comparisons: u64,
    /// Records with an encoding.
    pub(super) with_clk: usize,
}

/// Find and compare the candidate pairs: `key_pairs` (from [`by_identifiers`]), pairs of
/// similar encodings, and contained short names.
pub(super) fn compared_pairs(
    recs: &[LinkRecord],
    views: &[View<'_>],
    key_pairs: Vec<(u32, u32)>,
    p: &fuzzy::Params,
) -> Compared {
    let n = recs.len();
    let with_clk: Vec<usize> = (0..n).filter(|&i| recs[i].clk_year.or(recs[i].clk).is_some()).collect();
    let clks: Vec<&Clk> = with_clk.iter().filter_map(|&i| recs[i].clk_year.as_ref().or(recs[i].clk.as_ref())).collect();
    // The year bits are out of the encodings: the name similarity is their Dice coefficient,
    // with each encoding's number of set bits counted once.
    let ones: Vec<u32> = clks.iter().map(|c| c.iter().map(|w| w.count_ones()).sum()).collect();
    // And each encoding's noise rate, looked up once (records without a birth date carry it).
    let noise: Vec<f64> = with_clk.iter().map(|&i| compare::noise_of(recs[i].precision, p.name_noise)).collect();
    let (scored, comparisons) = fuzzy::scored_pairs_by(
        &clks,
        p,
        |_, _| false,
        |a, b| {
            let (x, y) = (clks[a as usize], clks[b as usize]);
            let both: u32 = x.iter().zip(y.iter()).map(|(p, q)| (p & q).count_ones()).sum();
            let (a, b) = (a as usize, b as usize);
            Some(compare::name_dice(ones[a], ones[b], both, noise[a], noise[b]))
        },
    );
    let mut pairs: Vec<(u32, u32)> = scored
        .iter()
        .map(|s| {
            let (x, y) = (with_clk[s.a as usize] as u32, with_clk[s.b as usize] as u32);
            (x.min(y), x.max(y))
        })
        .chain(key_pairs)
        .collect();
    drop(scored);
    // Records with a short name (a family or given name missing at this member) are not
    // similar to the full name elsewhere, but contained in it.
    let mut contained = contained_pairs(views, &with_clk, p.name_noise);
    pairs.extend(contained.pairs.keys().copied());
    // Records of the same full birth date whose names are less alike than the floor.
    pairs.extend(same_date_pairs(recs, views));
    pairs.sort_unstable();
    pairs.dedup();
    let mut compared: Vec<(u32, u32, Gamma)> = pairs
        .iter()
        .filter_map(|&(a, b)| {
            let (mut g, _) = compare::compare(&views[a as usize], &views[b as usize])?;
            if g.name >= 3 && g.name != SAME_GIVEN_OTHER_FAMILY && contained.pairs.contains_key(&(a, b)) {
                g.name = CONTAINED;
            }
            Some((a, b, g))
        })
        .collect();
    contained_among_candidates(views, &with_clk, &mut compared, &mut contained, p.name_noise);
    Compared { compared, contained, comparisons, with_clk: with_clk.len() }
}

/// Names longer than [`SHORT_NAME`] but at most [`CONTAINED_NEAR`] of the median name's bits
/// (a long given name alone: "Alexandru", "Nataliya") are not looked for by the search of
/// [`contained_pairs`] (at 10⁶ records it would cost a minute), but a pair that is already a
/// candidate with names 0.70–0.80 alike is tested: if one name lies inside the other, the
/// pair is "contained", its u from the number of candidate partners (of any level) that
/// contain that name.
/// Until v3 one person's "Esther" and "Esther Gaig" compared as names 0.70–0.80 alike (a
/// quarter of such true pairs on realistic years).
pub(super) fn contained_among_candidates(
    views: &[View<'_>],
    with_clk: &[usize],
    compared: &mut [(u32, u32, Gamma)],
    contained: &mut Contained,
    noise: f64,
) {
    let bits = |i: u32| views[i as usize].clk_year.or(views[i as usize].clk);
    // Set bits of each record's name encoding, counted once (0: none).
    let ones: Vec<u32> =
        (0..views.len() as u32).map(|i| bits(i).map_or(0, |c| c.iter().map(|w| w.count_ones()).sum())).collect();
    let mut counts: Vec<u32> = with_clk.iter().map(|&i| ones[i]).filter(|&c| c > 0).collect();
    if counts.len() < 3 {
        return;
    }
    counts.sort_unstable();
    let limit = (f64::from(counts[counts.len() / 2]) * CONTAINED_NEAR) as u32;
    // (pair index, the record whose name is inside the other's)
    let mut found: Vec<(usize, u32)> = Vec::new();
    let mut partners = vec![0u32; views.len()];
    for (k, (a, b, g)) in compared.iter().enumerate() {
        let (s, o) = if ones[*a as usize] <= ones[*b as usize] { (*a, *b) } else { (*b, *a) };
        let (ns, no) = (ones[s as usize], ones[o as usize]);
        if ns > limit || ns == 0 {
            continue;
        }
        let (Some(short), Some(long)) = (bits(s), bits(o)) else { continue };
        let inside: u32 = short.iter().zip(long.iter()).map(|(p, q)| (p & q).count_ones()).sum();
        let expected = expected_inside(
            ns,
            no,
            compare::noise_of(views[s as usize].precision, noise),
            compare::noise_of(views[o as usize].precision, noise),
        );
        if f64::from(inside) >= CONTAINMENT * expected {
            // Every candidate partner that holds the name counts for u; only pairs of names
            // 0.70–0.80 alike change level.
            partners[s as usize] += 1;
            if g.name == 3 {
                found.push((k, s));
            }
        }
    }
    for (k, s) in found {
        let (a, b, g) = &mut compared[k];
        g.name = CONTAINED;
        let n = partners[s as usize];
        let e = contained.pairs.entry((*a, *b)).or_insert(n);
        *e = (*e).max(n);
    }
}

/// A record of a date block: member, set bits of its year-level encoding, that encoding, its
/// month-and-day bits, its keys, its index.
type Gathered = (u32, u32, Clk, Clk, [u64; DATE_BANDS], u32);

/// Bands of the MinHash over the month-and-day bits, each of [`DATE_ROWS`] minima.
const DATE_BANDS: usize = 6;
const DATE_ROWS: usize = 2;
/// A block of more records than this (one birth date shared by a crowd, such as a placeholder
/// date a registration writes for an unknown one) makes no pairs.
const DATE_BLOCK_LIMIT: usize = 256;

/// Cross-member pairs of records with the same full birth date (year, and the month-and-day
/// bits of the encodings, `compare::date_bits`) whose names are at least
/// [`compare::DIFFERENT_NAME_FLOOR`] alike (most of them less than the candidate floor: one person whose
/// given or family name is written quite differently, or replaced, at one member). Found by
/// banded MinHash over the month-and-day bits within each birth year (a bit of the date may be
/// hidden by a name bit at the same position, so no exact key would do).
fn same_date_pairs(recs: &[LinkRecord], views: &[View<'_>]) -> Vec<(u32, u32)> {
    let mix = |mut z: u64| {
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let mut keyed: Vec<(u64, u32)> = Vec::new();
    // Each record's key per band (u64::MAX: none), so a pair is looked at in the first band
    // it shares only.
    let mut keys = vec![[u64::MAX; DATE_BANDS]; views.len()];
    for (i, v) in views.iter().enumerate() {
        let (Some(year), Some(bits)) = (v.birth_year, compare::date_bits(v)) else { continue };
        if v.precision != 3 {
            continue;
        }
        let mut minima = [(u64::MAX, 0u64); DATE_BANDS * DATE_ROWS];
        for (w, word) in bits.iter().enumerate() {
            let mut x = *word;
            while x != 0 {
                let pos = (w * 64) as u64 + u64::from(x.trailing_zeros());
                for (h, m) in minima.iter_mut().enumerate() {
                    let value = mix(pos ^ (h as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
                    if value < m.0 {
                        *m = (value, pos);
                    }
                }
                x &= x - 1;
            }
        }
        if minima[0].0 == u64::MAX {
            continue;
        }
        for (band, rows) in minima.chunks(DATE_ROWS).enumerate() {
            // Year, band and the rows' minimum positions (10 bits each) in one key.
            let mut key = ((year as u64) << 8 | band as u64) << (10 * DATE_ROWS);
            for (r, m) in rows.iter().enumerate() {
                key |= m.1 << (10 * r);
            }
            keys[i][band] = key;
            keyed.push((key, i as u32));
        }
    }
    keyed.sort_unstable();
    let ones = |v: &View<'_>| v.clk_year.map_or(0, |c| c.iter().map(|w| w.count_ones()).sum::<u32>());
    // The blocks in tasks of about 2 000 records (both cores).
    let blocks: Vec<&[(u64, u32)]> =
        keyed.chunk_by(|x, y| x.0 == y.0).filter(|b| (2..=DATE_BLOCK_LIMIT).contains(&b.len())).collect();
    let mut tasks: Vec<&[&[(u64, u32)]]> = Vec::new();
    let (mut start, mut size) = (0, 0);
    for (i, b) in blocks.iter().enumerate() {
        size += b.len();
        if size >= 2_000 || i + 1 == blocks.len() {
            tasks.push(&blocks[start..=i]);
            (start, size) = (i + 1, 0);
        }
    }
    let pairs_of = |block: &[(u64, u32)], out: &mut Vec<(u32, u32)>| {
        let band = (block[0].0 >> (10 * DATE_ROWS) & 0xff) as usize;
        // The block's records gathered once (member, set bits, encoding, earlier bands' keys),
        // so the pairs are checked on contiguous data.
        let local: Vec<Gathered> = block
            .iter()
            .filter_map(|&(_, i)| {
                let v = &views[i as usize];
                Some((recs[i as usize].member, ones(v), *v.clk_year?, compare::date_bits(v)?, keys[i as usize], i))
            })
            .collect();
        for (k, (ma, na, ca, da, ka, a)) in local.iter().enumerate() {
            for (mb, nb, cb, db, kb, b) in &local[k + 1..] {
                if ma == mb || (0..band).any(|j| ka[j] == kb[j]) {
                    continue;
                }
                // The names first (records with a full date carry no noise): most pairs of one
                // birth date are two people with names nothing alike.
                let both: u32 = ca.iter().zip(cb.iter()).map(|(p, q)| (p & q).count_ones()).sum();
                if f64::from(2 * both) < compare::DIFFERENT_NAME_FLOOR * f64::from(na + nb)
                    || compare::date_dice(da, db, ca, cb) < compare::DATE_AGREE
                {
                    continue;
                }
                let Some((g, s)) = compare::compare(&views[*a as usize], &views[*b as usize]) else { continue };
                // Not the same given name with another family name: those stay two people
                // (docs/LINKAGE.md §1, the given-name key).
                if g.date == 0 && s >= compare::DIFFERENT_NAME_FLOOR && g.name != SAME_GIVEN_OTHER_FAMILY {
                    out.push(((*a).min(*b), (*a).max(*b)));
                }
            }
        }
    };
    crate::par_map(&tasks, |task| {
        let mut out = Vec::new();
        for block in task.iter() {
            pairs_of(block, &mut out);
        }
        out
    })
    .into_iter()
    .flatten()
    .collect()
}

/// Pairs where one record's name bits (its year bits taken out) are almost all set in the
/// other's encoding, for records whose name is short (at most [`SHORT_NAME`] of the median
/// number of name bits): a family or given name missing at one member. Each pair carries how
/// many records hold the short record's name (its frequency, for u).
#[derive(Debug, Default)]
pub(super) struct Contained {
    pub(super) pairs: HashMap<(u32, u32), u32>,
    /// The chance that a random pair of records has exactly one short name: the level
    /// "contained" is this rare among pairs of two people before the name itself counts
    /// (its m, estimated over the pairs, includes the same chance).
    pub(super) one_short: f64,
}

/// A name is short when it has at most this share of the median number of name bits.
const SHORT_NAME: f64 = 0.6;
/// Names up to this share of the median name's bits are tested for containment in the
/// candidate pairs that already exist ([`contained_among_candidates`]).
const CONTAINED_NEAR: f64 = 0.9;
/// Share of a short name's bits that must be set in the other encoding (of those a noisy copy
/// of a contained name would have there, [`expected_inside`]).
const CONTAINMENT: f64 = 0.9;
/// A short name is looked up by this many of its rarest bits.
const LOOKUP_BITS: usize = 4;

/// How many of the `ones_a` set bits of a noisy short name are expected to be set in a noisy
/// encoding with `ones_c` set bits that contains the name: its own bits that survive both
/// noises, and its noise bits where the other has a bit anyway.
fn expected_inside(ones_a: u32, ones_c: u32, fa: f64, fc: f64) -> f64 {
    let bits = samla_core::clk::BITS as f64;
    let n = ((f64::from(ones_a) - bits * fa) / (1.0 - 2.0 * fa)).clamp(0.0, f64::from(ones_a));
    let noise = f64::from(ones_a) - n * (1.0 - fa);
    n * (1.0 - fa) * (1.0 - fc) + noise * f64::from(ones_c) / bits
}

fn contained_pairs(views: &[View<'_>], with_clk: &[usize], noise: f64) -> Contained {
    let mut out = Contained { pairs: HashMap::new(), one_short: 1.0 };
    let name_bits = |i: usize| -> Option<Clk> {
        let v = &views[i];
        let c = v.clk_year.or(v.clk)?;
        Some(*c)
    };
    let pop = |c: &Clk| c.iter().map(|w| w.count_ones()).sum::<u32>();
    let mut counts: Vec<u32> = with_clk.iter().filter_map(|&i| name_bits(i)).map(|b| pop(&b)).collect();
    if counts.len() < 3 {
        return out;
    }
    counts.sort_unstable();
    let limit = (f64::from(counts[counts.len() / 2]) * SHORT_NAME) as u32;
    let short: Vec<(usize, Clk)> = with_clk
        .iter()
        .filter_map(|&i| name_bits(i).map(|b| (i, b)))
        .filter(|(_, b)| pop(b) <= limit && pop(b) > 0)
        .collect();
    if short.is_empty() {
        return out;
    }
    let share = short.len() as f64 / with_clk.len().max(1) as f64;
    out.one_short = 2.0 * share * (1.0 - share);
    // How often each bit is set; each short name is looked up by its two rarest bits.
    let bits = samla_core::clk::WORDS * 64;
    let mut freq = vec![0u32; bits];
    for &i in with_clk {
        if let Some(c) = views[i].clk_year.or(views[i].clk) {
            for (w, word) in c.iter().enumerate() {
                let mut x = *word;
                while x != 0 {
                    freq[w * 64 + x.trailing_zeros() as usize] += 1;
                    x &= x - 1;
                }
            }
        }
    }
    let rarest = |b: &Clk| -> [usize; LOOKUP_BITS] {
        let mut set: Vec<usize> = Vec::new();
        for (w, word) in b.iter().enumerate() {
            let mut x = *word;
            while x != 0 {
                set.push(w * 64 + x.trailing_zeros() as usize);
                x &= x - 1;
            }
        }
        set.sort_by_key(|&p| (freq[p], p));
        std::array::from_fn(|k| set[k.min(set.len() - 1)])
    };
    let keys: Vec<[usize; LOOKUP_BITS]> = short.iter().map(|(_, b)| rarest(b)).collect();
    let mut wanted = vec![false; bits];
    for k in keys.iter().flatten() {
        wanted[*k] = true;
    }
    let mut postings: HashMap<usize, Vec<u32>> = HashMap::new();
    for &i in with_clk {
        if let Some(c) = views[i].clk_year.or(views[i].clk) {
            for (w, word) in c.iter().enumerate() {
                let mut x = *word;
                while x != 0 {
                    let p = w * 64 + x.trailing_zeros() as usize;
                    if wanted[p] {
                        postings.entry(p).or_default().push(i as u32);
                    }
                    x &= x - 1;
                }
            }
        }
    }
    let mut hits: HashMap<u32, u32> = HashMap::new();
    for ((i, b), k) in short.iter().zip(&keys) {
        // The records holding at least two of the short name's rarest bits (one of them may
        // be noise, `clk::NAME_NOISE`).
        hits.clear();
        let mut distinct = k.to_vec();
        distinct.dedup();
        for p in &distinct {
            for &j in postings.get(p).map_or(&[][..], Vec::as_slice) {
                *hits.entry(j).or_insert(0) += 1;
            }
        }
        let at_least = (distinct.len() as u32).min(2);
        let mut found: Vec<u32> = Vec::new();
        for (&j, &h) in &hits {
            if h < at_least || j as usize == *i {
                continue;
            }
            let Some(c) = views[j as usize].clk_year.or(views[j as usize].clk) else { continue };
            let inside: u32 = b.iter().zip(c.iter()).map(|(p, q)| (p & q).count_ones()).sum();
            if f64::from(inside)
                >= CONTAINMENT
                    * expected_inside(
                        pop(b),
                        pop(c),
                        compare::noise_of(views[*i].precision, noise),
                        compare::noise_of(views[j as usize].precision, noise),
                    )
            {
                found.push(j);
            }
        }
        found.sort_unstable();
        let n = found.len() as u32;
        for j in found {
            let key = ((*i as u32).min(j), (*i as u32).max(j));
            let e = out.pairs.entry(key).or_insert(n);
            *e = (*e).max(n);
        }
    }
    out
}
