//! Comparison of two records: the comparison vector ([`Gamma`]) a pair's weight is computed
//! from, and the year masks that take the birth year out of the encodings.
//!
//! Each candidate pair gets a comparison vector of independent parts:
//!
//! - **name**: a band of the similarity of the two year-level encodings after the bits of both
//!   birth years are taken out ([`YearMasks`]), so that "the same name" scores the same whether
//!   the years agree, differ or are unknown; two special levels (a short name contained in the
//!   other, and the same given name and full date with family names that differ);
//! - **birth year**: same, one apart, further apart — or unknown on a side (neutral);
//! - **the rest of the birth date** (month and day), compared on the bits that only the full
//!   encoding has (`clk` minus `clk_year`), so it does not depend on the names — or unknown;
//! - **gender** and **birth country** from the statistical fields — or unknown.

use std::collections::HashMap;

use samla_core::clk::{dice, Clk, WORDS};

use super::LinkRecord;

/// Year classes.
pub(crate) const YEAR_SAME: u8 = 0;
pub(crate) const YEAR_ONE_APART: u8 = 1;
pub(crate) const YEAR_APART: u8 = 2;
/// Name-similarity bands (lower is more similar): ≥ 0.95, ≥ 0.88, ≥ 0.80, ≥ 0.70 (the
/// candidate floor), below (band 4: pairs of the same full birth date whose names are at least
/// [`DIFFERENT_NAME_FLOOR`] alike, and pairs that are candidates only by a shared name key); and
/// [`SAME_GIVEN_OTHER_FAMILY`].
pub(crate) const NAME_BAND_LIMITS: [f64; 4] = [0.95, 0.88, 0.80, 0.70];
pub(crate) const NAME_BANDS: usize = 7;
/// The least name similarity of band 4 (see [`NAME_BAND_LIMITS`]): one name of the two written
/// differently or replaced (a family name changed at marriage, a given name used for a
/// different one) still leaves this much.
pub(crate) const DIFFERENT_NAME_FLOOR: f64 = 0.35;
/// Name level of two records with full birth dates that share a given-name key (same given
/// names, same date, both with a family name) but neither a name nor a phonetic key, and whose
/// names are not even similar (band 3 or 4): their family names differ beyond spelling. Two women called Olga born the same day with different
/// family names are this level, and stay two people.
pub(crate) const SAME_GIVEN_OTHER_FAMILY: u8 = 5;
/// Name level of a short name (a family or given name missing) contained in the other record's
/// name; u is the share of records that contain it.
pub(crate) const CONTAINED: u8 = 6;
/// u of [`SAME_GIVEN_OTHER_FAMILY`]: how often two different people share a given name (a
/// constant: it cannot be measured without a given-name value, which is not sent).
pub(crate) const U_SAME_GIVEN: f64 = 0.02;

/// Dice of the month-and-day bits from which two full dates agree (a digit off is "partly").
pub(crate) const DATE_AGREE: f64 = 0.85;

/// Missing comparison value.
pub const MISSING: u8 = u8::MAX;

/// The comparison vector of one pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Gamma {
    /// Name band, 0 (same) to 3.
    pub name: u8,
    /// Year class, or [`MISSING`].
    pub year: u8,
    /// Month and day: 0 agree, 1 partly, 2 disagree, or [`MISSING`].
    pub date: u8,
    /// 0 agree, 1 disagree, or [`MISSING`].
    pub gender: u8,
    /// 0 agree, 1 disagree, or [`MISSING`].
    pub country: u8,
}

impl Gamma {
    /// The evidence a pair rests on, for the report: `full_date`, `month`, `year`,
    /// `name_only`, `dates_differ`.
    pub fn evidence(&self) -> &'static str {
        match (self.year, self.date) {
            (MISSING, _) => "name_only",
            (YEAR_SAME, 0) => "full_date",
            (YEAR_SAME, 1) => "month",
            (YEAR_SAME, MISSING) => "year",
            _ => "dates_differ",
        }
    }
}

/// What a comparison needs of one record.
#[derive(Debug, Clone, Copy)]
pub struct View<'a> {
    /// Keyed match keys (name keys tell a spelling variant from another name).
    pub keys: &'a [(samla_core::pseudonym::MatchKind, [u8; 32])],
    pub clk: Option<&'a Clk>,
    pub clk_year: Option<&'a Clk>,
    /// 0 unknown, 1 year, 2 month, 3 day.
    pub precision: u8,
    pub birth_year: Option<i64>,
    pub gender: Option<&'a str>,
    pub country: Option<&'a str>,
    /// The year's noise rate on the encodings of records without a birth date
    /// (`clk::NAME_NOISE`; see [`noise_of`]).
    pub noise: f64,
}

fn ones(c: &Clk) -> u32 {
    c.iter().map(|w| w.count_ones()).sum()
}

fn both(a: &Clk, b: &Clk) -> u32 {
    a.iter().zip(b.iter()).map(|(x, y)| (x & y).count_ones()).sum()
}

/// The bits of the full encoding that the year-level one lacks: month and day.
pub(super) fn date_bits(v: &View<'_>) -> Option<Clk> {
    let (Some(c), Some(y)) = (v.clk, v.clk_year) else { return None };
    if v.precision < 2 {
        return None;
    }
    let mut out = *c;
    for (o, w) in out.iter_mut().zip(y.iter()) {
        *o &= !w;
    }
    Some(out)
}

/// The bits of `d` that neither record's year-level encoding has (`ya`, `yb`): a month or day
/// bit at a position a name also sets is hidden from `clk` minus `clk_year`, and differently
/// for two different names, so dates are compared on the positions both can show.
fn visible(d: &Clk, ya: &Clk, yb: &Clk) -> Clk {
    let mut out = *d;
    for ((o, a), b) in out.iter_mut().zip(ya.iter()).zip(yb.iter()) {
        *o &= !(a | b);
    }
    out
}

/// Dice of two records' month-and-day bits (`date_bits`) on the positions neither name hides.
pub(super) fn date_dice(da: &Clk, db: &Clk, ya: &Clk, yb: &Clk) -> f64 {
    dice(&visible(da, ya, yb), &visible(db, ya, yb))
}

/// The bits a birth year sets in the year-level encodings, learnt from the records that have
/// that year (the bits nearly all of them share: the encodings carry noise,
/// `clk::NAME_NOISE`, so a bit counts when at least [`YEAR_BIT_SHARE`] of the year's records
/// have it). Taking them out of both encodings of a pair leaves the names (and the birth
/// country) to compare. docs/THREAT_MODEL.md says what this means for the admin: the year bits
/// of a record-level encoding are no secret from someone who holds many encodings and their
/// plaintext birth years.
#[derive(Debug, Clone, Default)]
pub struct YearMasks(HashMap<i64, Clk>);

/// Share of a year's records that must have a bit for it to be a bit of the year.
const YEAR_BIT_SHARE: f64 = 0.8;

impl YearMasks {
    pub fn learn<'a>(views: impl Iterator<Item = View<'a>>) -> YearMasks {
        let mut acc: HashMap<i64, (Vec<u32>, u32)> = HashMap::new();
        for v in views {
            let (Some(y), Some(c)) = (v.birth_year, v.clk_year) else { continue };
            let e = acc.entry(y).or_insert_with(|| (vec![0; WORDS * 64], 0));
            for (w, word) in c.iter().enumerate() {
                let mut x = *word;
                while x != 0 {
                    e.0[w * 64 + x.trailing_zeros() as usize] += 1;
                    x &= x - 1;
                }
            }
            e.1 += 1;
        }
        // One record alone does not tell its year bits from its name bits.
        let masks = acc
            .into_iter()
            .filter(|(_, (_, n))| *n >= 2)
            .map(|(y, (counts, n))| {
                let need = (f64::from(n) * YEAR_BIT_SHARE).ceil() as u32;
                let mut m = [0u64; WORDS];
                for (i, &k) in counts.iter().enumerate() {
                    if k >= need.max(2) {
                        m[i / 64] |= 1 << (i % 64);
                    }
                }
                (y, m)
            })
            .collect();
        YearMasks(masks)
    }

    /// The mask of a birth year, if it could be learnt.
    pub fn get(&self, y: Option<i64>) -> Option<&Clk> {
        y.and_then(|y| self.0.get(&y))
    }
}

/// The Dice coefficient of two name-level encodings with `ones_a` and `ones_b` set bits of
/// which `both` are shared, the first sent with noise at rate `fa` and the second at `fb` (0:
/// none), scaled by what two such copies of the same names would score
/// (`clk::noisy_dice_same`), so that "the same names" is 1 as without noise.
pub(crate) fn name_dice(ones_a: u32, ones_b: u32, both: u32, fa: f64, fb: f64) -> f64 {
    if ones_a + ones_b == 0 {
        return 0.0;
    }
    let d = 2.0 * f64::from(both) / f64::from(ones_a + ones_b);
    if fa <= 0.0 && fb <= 0.0 {
        return d;
    }
    let bits = samla_core::clk::BITS as f64;
    let same = samla_core::clk::noisy_dice_same(ones_a, ones_b, fa, fb, bits);
    // Noisy copies of the same names scatter around `same`: lifted by NOISE_LIFT standard
    // deviations so that they still fall in the band of "the same name".
    let spread = samla_core::clk::noisy_dice_spread(ones_a, ones_b, fa, fb, bits);
    (d / same + NOISE_LIFT * spread).min(1.0)
}

/// Standard deviations of the noise a name similarity is lifted by (see [`name_dice`]).
const NOISE_LIFT: f64 = 1.5;

/// The noise rate of a record's encodings: the year's rate for a record without a birth date
/// (the client adds noise to those only), else 0.
pub(crate) fn noise_of(precision: u8, rate: f64) -> f64 {
    if precision == 0 {
        rate
    } else {
        0.0
    }
}

/// The name similarity of two records: Dice of their year-level encodings, from which the
/// linkage has taken the bits of the birth years out (`strip_year_bits`), so the names (and the
/// birth country) are what is compared; scaled for the noise ([`name_dice`]).
pub(crate) fn name_similarity(x: &View<'_>, y: &View<'_>) -> Option<f64> {
    let (a, b) = (x.clk_year.or(x.clk)?, y.clk_year.or(y.clk)?);
    Some(name_dice(ones(a), ones(b), both(a, b), noise_of(x.precision, x.noise), noise_of(y.precision, y.noise)))
}

/// The comparison vector of two records (None when either has no encoding), and their name
/// similarity.
pub fn compare(x: &View<'_>, y: &View<'_>) -> Option<(Gamma, f64)> {
    use samla_core::pseudonym::MatchKind;
    let s = name_similarity(x, y)?;
    let mut name = NAME_BAND_LIMITS.iter().position(|&l| s >= l).unwrap_or(NAME_BAND_LIMITS.len()) as u8;
    let shares =
        |k: MatchKind| x.keys.iter().any(|(kx, vx)| *kx == k && y.keys.iter().any(|(ky, vy)| *ky == k && vy == vx));
    // A given-name key of a record without a family name, equal to the other's given-name key.
    let given_only = |p: &View<'_>, q: &View<'_>| {
        p.keys.iter().any(|(kp, vp)| {
            *kp == MatchKind::GivenOnlyDate
                && q.keys
                    .iter()
                    .any(|(kq, vq)| matches!(kq, MatchKind::GivenDate | MatchKind::GivenOnlyDate) && vq == vp)
        })
    };
    // Keys matter only for names that are not already similar (and only with full dates).
    if name >= 2 && x.precision == 3 && y.precision == 3 {
        if shares(MatchKind::NameDate) || shares(MatchKind::PhoneticDate) {
            // The same names up to spelling (and the same full date).
            name = 1;
        } else if name >= 3 && (given_only(x, y) || given_only(y, x)) {
            name = CONTAINED;
        } else if shares(MatchKind::GivenDate) && name >= 3 {
            name = SAME_GIVEN_OTHER_FAMILY;
        }
    }
    let year = match (x.birth_year, y.birth_year) {
        (Some(a), Some(b)) if a == b => YEAR_SAME,
        (Some(a), Some(b)) if (a - b).abs() == 1 => YEAR_ONE_APART,
        (Some(_), Some(_)) => YEAR_APART,
        _ => MISSING,
    };
    let date = if year != YEAR_SAME {
        MISSING
    } else {
        match (date_bits(x).zip(x.clk_year), date_bits(y).zip(y.clk_year)) {
            (Some((a, ya)), Some((b, yb))) if x.precision == 3 && y.precision == 3 => {
                let d = date_dice(&a, &b, ya, yb);
                if d >= DATE_AGREE {
                    0
                } else if d >= 0.4 {
                    1
                } else {
                    2
                }
            }
            (Some((a, ya)), Some((b, yb))) => {
                // Month on one side only: does the month agree (on the bits neither name hides)?
                let (a, b) = (visible(&a, ya, yb), visible(&b, ya, yb));
                let (m, full) = if x.precision == 2 { (&a, &b) } else { (&b, &a) };
                let c = f64::from(both(m, full)) / f64::from(ones(m).max(1));
                if c >= 0.8 {
                    1
                } else {
                    2
                }
            }
            _ => MISSING,
        }
    };
    let cat = |a: Option<&str>, b: Option<&str>| match (a, b) {
        (Some(a), Some(b)) if a == "unknown" || b == "unknown" => MISSING,
        (Some(a), Some(b)) => u8::from(a != b),
        _ => MISSING,
    };
    Some((Gamma { name, year, date, gender: cat(x.gender, y.gender), country: cat(x.country, y.country) }, s))
}

/// A candidate pair ready for estimation.
#[derive(Debug, Clone, Copy)]
pub struct Candidate {
    pub a: u32,
    pub b: u32,
    pub gamma: Gamma,
    /// u of the "same name" band for this pair: how many other people carry the name, over
    /// all people ([`NameCounts`]).
    pub u_same_name: f64,
    /// The two records are the only records of their name in the year (the pairs m of the
    /// dates is counted on, see `Model::estimate`).
    pub rare_name: bool,
}

/// Take the bits of each record's birth year out of both its encodings (the year is compared
/// on its own, from the plaintext year; the names then compare alike whatever the years).
pub(super) fn strip_year_bits(recs: &mut [LinkRecord]) {
    let masks = YearMasks::learn(recs.iter().map(|r| r.view(0.0)));
    let owned: HashMap<i64, Clk> =
        recs.iter().filter_map(|r| r.birth_year).filter_map(|y| masks.get(Some(y)).map(|m| (y, *m))).collect();
    for r in recs.iter_mut() {
        let Some(m) = r.birth_year.filter(|_| r.precision > 0).and_then(|y| owned.get(&y)) else { continue };
        for c in [&mut r.clk, &mut r.clk_year].into_iter().flatten() {
            for (w, k) in c.iter_mut().zip(m.iter()) {
                *w &= !k;
            }
        }
    }
}
