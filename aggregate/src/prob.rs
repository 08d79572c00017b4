//! Probabilistic linkage: Fellegi–Sunter match weights with a frequency-aware name weight,
//! m estimated by EM on the year's own candidate pairs, and an uncertainty range from sampled
//! clusterings (docs/LINKAGE.md §2).
//!
//! Each candidate pair gets a comparison vector of independent parts:
//!
//! - **name**: a band of the similarity of the two year-level encodings after the bits of both
//!   birth years are taken out ([`YearMasks`]), so that "the same name" scores the same whether
//!   the years agree, differ or are unknown;
//! - **birth year**: same, one apart, further apart — or unknown on a side (neutral);
//! - **the rest of the birth date** (month and day), compared on the bits that only the full
//!   encoding has (`clk` minus `clk_year`), so it does not depend on the names — or unknown;
//! - **gender** and **birth country** from the statistical fields — or unknown.
//!
//! u is P(comparison | two different people): for the year and the date from the year's own
//! distribution of birth dates, for gender, country and the near-name bands from pairs whose
//! birth years are far apart (different people that share a name), and for the name itself
//! from how many *other* people carry that name ([`NameCounts`]): the name's records are
//! grouped into people by their birth dates, the people known only by a record without a date
//! are added by an empirical-Bayes rule, and u = (people with the name − 1) / people. So a
//! name nine people share is weak evidence and a name one person carries is strong, and no
//! name value is ever needed. m and the share of matches λ are estimated by EM with u fixed
//! (as Splink does). A missing value has Bayes factor 1.
//!
//! Pairwise posteriors then feed a Gibbs sampler over the clusterings of each connected
//! component (a member reports a person once; differing national ids never merge; joining a
//! group needs the evidence against *every* record in it), giving the distribution of the
//! number of persons.

use std::collections::HashMap;

use samla_core::clk::{dice, Clk, WORDS};

/// Year classes.
pub(crate) const YEAR_SAME: u8 = 0;
pub(crate) const YEAR_ONE_APART: u8 = 1;
pub(crate) const YEAR_APART: u8 = 2;
/// Name-similarity bands (lower is more similar): ≥ 0.95, ≥ 0.88, ≥ 0.80, ≥ 0.70 (the
/// candidate floor), below (pairs that are candidates only by a shared name key); and
/// [`SAME_GIVEN_OTHER_FAMILY`].
const NAME_BAND_LIMITS: [f64; 4] = [0.95, 0.88, 0.80, 0.70];
const NAME_BANDS: usize = 7;
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

/// Weight of the prior on m (virtual matches), see [`Model::estimate`].
pub(crate) const PRIOR_WEIGHT: f64 = 20.0;

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
}

fn ones(c: &Clk) -> u32 {
    c.iter().map(|w| w.count_ones()).sum()
}

fn both(a: &Clk, b: &Clk) -> u32 {
    a.iter().zip(b.iter()).map(|(x, y)| (x & y).count_ones()).sum()
}

/// The bits of the full encoding that the year-level one lacks: month and day.
fn date_bits(v: &View<'_>) -> Option<Clk> {
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

/// The bits a birth year sets in the year-level encodings, learnt from the records that have
/// that year (the bits all of them share). Taking them out of both encodings of a pair leaves
/// the names (and the birth country) to compare. docs/THREAT_MODEL.md says what this means for
/// the admin: the year bits of a record-level encoding are no secret from someone who holds
/// many encodings and their plaintext birth years.
#[derive(Debug, Clone, Default)]
pub struct YearMasks(HashMap<i64, Clk>);

impl YearMasks {
    pub fn learn<'a>(views: impl Iterator<Item = View<'a>>) -> YearMasks {
        let mut acc: HashMap<i64, (Clk, u32)> = HashMap::new();
        for v in views {
            let (Some(y), Some(c)) = (v.birth_year, v.clk_year) else { continue };
            let e = acc.entry(y).or_insert(([u64::MAX; WORDS], 0));
            for (a, w) in e.0.iter_mut().zip(c.iter()) {
                *a &= w;
            }
            e.1 += 1;
        }
        // One record alone does not tell its year bits from its name bits.
        YearMasks(acc.into_iter().filter(|(_, (_, n))| *n >= 2).map(|(y, (m, _))| (y, m)).collect())
    }

    /// The mask of a birth year, if it could be learnt.
    pub fn get(&self, y: Option<i64>) -> Option<&Clk> {
        y.and_then(|y| self.0.get(&y))
    }
}

/// The name similarity of two records: Dice of their year-level encodings, from which the
/// linkage has taken the bits of the birth years out (`link::group`), so the names (and the
/// birth country) are what is compared.
pub(crate) fn name_similarity(x: &View<'_>, y: &View<'_>) -> Option<f64> {
    Some(dice(x.clk_year.or(x.clk)?, y.clk_year.or(y.clk)?))
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
        match (date_bits(x), date_bits(y)) {
            (Some(a), Some(b)) if x.precision == 3 && y.precision == 3 => {
                let d = dice(&a, &b);
                if d >= 0.85 {
                    0
                } else if d >= 0.4 {
                    1
                } else {
                    2
                }
            }
            (Some(a), Some(b)) => {
                // Month on one side only: does the month agree?
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
}

/// How many people carry each name, estimated without any name value.
///
/// Records are grouped by "same name" (name band 0 or 1, any member) into name groups. Within
/// a group the records with a birth year are split into dated identities (one per birth year,
/// more when full dates in that year differ). People known only by undated records are added:
/// a group with `k` dated identities gets ψ · E[λ | k] of them, where E[λ | k] is Robbins'
/// empirical-Bayes estimate `(k + 1) N(k + 1) / N(k)` from the number of groups with k and k + 1
/// identities (so a name seen once is assumed to be carried by about one person, not by the
/// population average), and ψ is the number of people seen only undated per dated identity
/// (from the groups with no dated record). A group is never fewer people than its largest
/// number of records from one member.
#[derive(Debug, Clone, Default)]
pub struct NameCounts {
    /// Estimated people per name group (indexed by group).
    pub people: Vec<f64>,
    /// The name group of each record.
    pub group_of: Vec<u32>,
    /// Estimated number of people in the year.
    pub total_people: f64,
}

impl NameCounts {
    /// u of "same name" for a pair of records.
    pub(crate) fn u_same_name(&self, a: u32, b: u32) -> f64 {
        let n = self.people[self.group_of[a as usize] as usize].max(self.people[self.group_of[b as usize] as usize]);
        ((n - 1.0).max(0.0) + 0.05) / self.total_people.max(1.0)
    }
}

/// How many people stand behind `k` distinct values drawn from `n_eff` equally likely ones
/// (inverse of the expected number of distinct values, the occupancy problem).
pub(crate) fn occupancy(k: u32, n_eff: f64) -> f64 {
    let k = f64::from(k);
    if k <= 1.0 || n_eff <= 1.0 {
        return k;
    }
    if k >= n_eff - 0.5 {
        return 2.0 * k;
    }
    ((1.0 - k / n_eff).ln() / (1.0 - 1.0 / n_eff).ln()).max(k)
}

/// Inputs of [`NameCounts::estimate`] for one name group.
#[derive(Debug, Clone, Default)]
pub struct GroupFacts {
    /// Dated identities known to the day.
    pub dated: u32,
    /// People behind the years known only as years (after `occupancy`).
    pub year_only_people: f64,
    /// Records without a birth year.
    pub undated: u32,
    /// The largest number of the group's records from one member.
    pub max_per_member: u32,
}

impl NameCounts {
    pub fn estimate(facts: &[GroupFacts], group_of: Vec<u32>, records_per_person: f64) -> NameCounts {
        let identities = |f: &GroupFacts| (f64::from(f.dated) + f.year_only_people).round() as usize;
        let kmax = facts.iter().map(identities).max().unwrap_or(0);
        let mut n_k = vec![0f64; kmax + 2];
        for f in facts {
            n_k[identities(f)] += 1.0;
        }
        // ψ from the rare names (a group of at most one dated identity is about one person):
        // people known only undated per person with a date. Name and papers are independent,
        // so the ratio holds for common names too, whose undated-only people hide in groups
        // that also have dated people.
        let undated_only: f64 =
            facts.iter().filter(|f| identities(f) == 0).map(|f| f64::from(f.undated) / records_per_person).sum();
        let psi = if n_k.len() > 1 && n_k[1] > 0.0 { undated_only / n_k[1] } else { 0.0 };
        let robbins = |k: usize| -> f64 {
            let (a, b) = (n_k[k], n_k.get(k + 1).copied().unwrap_or(0.0));
            // Robbins where both counts are well observed, else the plain count.
            if a >= 10.0 && b >= 3.0 {
                ((k + 1) as f64 * b / a).min(k as f64 * 2.0)
            } else {
                k as f64
            }
        };
        let people: Vec<f64> = facts
            .iter()
            .map(|f| {
                let dated = f64::from(f.dated) + f.year_only_people;
                let n = if dated == 0.0 {
                    f64::from(f.undated) / records_per_person
                } else {
                    dated + psi * robbins(dated.round() as usize)
                };
                n.max(f64::from(f.max_per_member)).max(1.0)
            })
            .collect();
        let total_people = people.iter().sum();
        NameCounts { people, group_of, total_people }
    }
}

/// u of the parts other than the name band 0, from the year's data (see the module docs).
#[derive(Debug, Clone)]
pub struct Background {
    /// u of name band 1 relative to band 0 (band 0 is [`Candidate::u_same_name`], by name).
    pub near_name_rel: f64,
    /// u of name bands 2 and 3 (the same for every name); band 4 takes band 3's.
    pub name_u: [f64; 2],
    pub year: [f64; 3],
    pub date: [f64; 3],
    /// Gender and country agree / disagree, per name band (people who share a name mostly
    /// share a gender and a country; people with different names much less).
    pub gender: [[f64; 2]; NAME_BANDS],
    pub country: [[f64; 2]; NAME_BANDS],
    /// Cross-member pairs of records with encodings (the space λ is a share of).
    pub cross_pairs: f64,
}

/// The estimated model.
#[derive(Debug, Clone)]
pub struct Model {
    /// Share of all cross-member pairs that are one person.
    pub lambda: f64,
    pub m_name: [f64; NAME_BANDS],
    pub m_year: [f64; 3],
    pub m_date: [f64; 3],
    pub m_gender: [f64; 2],
    pub m_country: [f64; 2],
    pub background: Background,
    pub iterations: usize,
}

/// Non-increasing along the similarity bands 0–4 (a closer name is never less likely for one
/// person than for two; the special name levels after them are left as estimated).
fn monotone_bands(v: [f64; NAME_BANDS]) -> [f64; NAME_BANDS] {
    let mut o = v;
    for i in 1..5 {
        o[i] = o[i].min(o[i - 1]);
    }
    norm(o)
}

fn norm<const N: usize>(v: [f64; N]) -> [f64; N] {
    let s: f64 = v.iter().sum();
    let mut o = v;
    for x in &mut o {
        *x = (*x / s).max(1e-6);
    }
    o
}

impl Model {
    fn u_name(&self, c: &Candidate) -> f64 {
        let b0 = c.u_same_name;
        match c.gamma.name {
            0 => b0,
            1 => (b0 * self.background.near_name_rel).min(1.0),
            2 | 3 => self.background.name_u[usize::from(c.gamma.name) - 2],
            // Band 4 pairs are candidates only by a shared given-name key (a family name
            // missing on one side): about as common as a moderately similar name.
            4 => self.background.name_u[1],
            SAME_GIVEN_OTHER_FAMILY => U_SAME_GIVEN,
            CONTAINED => b0,
            _ => 1.0,
        }
    }

    /// The log Bayes factor of a pair (natural log); a missing part counts 0.
    pub fn log_bf(&self, c: &Candidate) -> f64 {
        let g = &c.gamma;
        let bg = &self.background;
        let mut w = (self.m_name[usize::from(g.name)] / self.u_name(c).max(1e-12)).ln();
        if g.year != MISSING {
            let i = usize::from(g.year);
            w += (self.m_year[i] / bg.year[i]).ln();
        }
        if g.date != MISSING {
            let i = usize::from(g.date);
            w += (self.m_date[i] / bg.date[i]).ln();
        }
        let band = usize::from(g.name);
        if g.gender != MISSING {
            let i = usize::from(g.gender);
            w += (self.m_gender[i] / bg.gender[band][i]).ln();
        }
        if g.country != MISSING {
            let i = usize::from(g.country);
            w += (self.m_country[i] / bg.country[band][i]).ln();
        }
        w
    }

    /// Log posterior odds that the pair is one person.
    pub fn log_odds(&self, c: &Candidate) -> f64 {
        (self.lambda / (1.0 - self.lambda)).ln() + self.log_bf(c)
    }

    /// Estimate m of the name levels and λ by EM over the candidate pairs with u fixed (missing parts take no
    /// part in their comparison's update). Pairs that are not candidates are taken as
    /// non-matches.
    ///
    /// m of the birth year and of the rest of the date are not left to EM (which, where the
    /// classes overlap, talks itself into "one person never has two birth years"): they are
    /// counted on the pairs of records that share a *rare* name (u of the same name at most
    /// `rare_u`, i.e. a name carried by about one person), which are one person whatever their
    /// dates say, so their dates show how often one person's dates disagree.
    pub fn estimate(cands: &[Candidate], background: Background, records: f64, rare_u: f64) -> Model {
        let mut model = Model {
            lambda: (0.3 * records / background.cross_pairs.max(1.0)).clamp(1e-9, 0.5),
            m_name: [0.85, 0.08, 0.03, 0.01, 0.005, 0.005, 0.02],
            m_year: [0.93, 0.05, 0.02],
            m_date: [0.9, 0.07, 0.03],
            // Data-entry disagreement of one person's gender and birth country across members:
            // fixed, not estimated (EM on a weak comparison drifts).
            m_gender: [0.98, 0.02],
            m_country: [0.95, 0.05],
            background,
            iterations: 0,
        };
        if cands.is_empty() {
            return model;
        }
        // MAP-EM: Dirichlet pseudo-counts of PRIOR_WEIGHT virtual matches spread as
        // typical data-entry disagreement (a year one off, a swapped day and month, a name
        // written quite differently happen to the same person), so that a level the data
        // rarely show is not estimated as impossible.
        let pn = [0.70, 0.12, 0.08, 0.04, 0.02, 0.01, 0.03].map(|x| x * PRIOR_WEIGHT);
        let py = [0.90, 0.07, 0.03].map(|x| x * PRIOR_WEIGHT);
        let pd = [0.90, 0.06, 0.04].map(|x| x * PRIOR_WEIGHT);
        let (mut ry, mut rd) = (py, pd);
        for c in cands.iter().filter(|c| c.gamma.name == 0 && c.u_same_name <= rare_u) {
            if c.gamma.year != MISSING {
                ry[usize::from(c.gamma.year)] += 1.0;
            }
            if c.gamma.date != MISSING {
                rd[usize::from(c.gamma.date)] += 1.0;
            }
        }
        model.m_year = norm(ry);
        model.m_date = norm(rd);
        // Everything but m of the name and λ is fixed during EM: precomputed once per pair.
        let fixed: Vec<f64> =
            cands.iter().map(|c| model.log_bf(c) - model.m_name[usize::from(c.gamma.name)].ln()).collect();
        for it in 0..100 {
            let mut mn = pn;
            let mut sum_p = 0.0;
            let prior = (model.lambda / (1.0 - model.lambda)).ln();
            let ln_m = model.m_name.map(f64::ln);
            for (c, f) in cands.iter().zip(&fixed) {
                let p = 1.0 / (1.0 + (-(prior + ln_m[usize::from(c.gamma.name)] + f)).exp());
                sum_p += p;
                mn[usize::from(c.gamma.name)] += p;
            }
            let lambda = (sum_p / model.background.cross_pairs.max(1.0)).clamp(1e-12, 0.5);
            let delta = (lambda / model.lambda - 1.0).abs();
            model.lambda = lambda;
            // A closer name is never less likely for one person than for two (keeps EM from
            // turning the "match" class into a crowd of look-alikes).
            model.m_name = monotone_bands(norm(mn));
            model.iterations = it + 1;
            if delta < 1e-6 {
                break;
            }
        }
        model
    }
}

/// A small deterministic generator (SplitMix64) for the sampler.
#[derive(Debug, Clone)]
pub struct Rng(pub u64);

impl Rng {
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// One connected component to sample: units (records or groups fixed by an identifier), the
/// members and national ids of each unit, and the log-odds between units.
#[derive(Debug, Clone, Default)]
pub struct Component {
    pub members: Vec<Vec<u32>>,
    pub nids: Vec<Vec<[u8; 32]>>,
    /// Adjacency: (other unit, summed log-odds) for candidate pairs.
    pub edges: Vec<Vec<(u32, f64)>>,
    /// Added to the best pair's log-odds when a unit joins a group: the pair prior λ is the
    /// chance that two *records* are one person, while joining a group asks whether a record
    /// is this *person* (see `join_prior_shift`). 0 leaves pairwise odds as they are.
    pub shift: f64,
}

/// The correction from a pair prior to a person prior: the prior odds that a record belongs
/// to one given other person are π / ((1 − π) · people), where π, the share of records whose
/// person has another record, follows from the expected number of other records per record
/// (λ · cross-member pairs · 2 / records); the pairwise log-odds carry log(λ / (1 − λ)).
pub(crate) fn join_prior_shift(lambda: f64, cross_pairs: f64, records: f64, people: f64) -> f64 {
    if records <= 0.0 || people <= 1.0 || lambda <= 0.0 {
        return 0.0;
    }
    let partners = lambda * cross_pairs * 2.0 / records;
    let pi = (partners / (1.0 + partners / 2.0)).clamp(1e-3, 0.9);
    (pi / ((1.0 - pi) * people)).ln() - (lambda / (1.0 - lambda)).ln()
}

/// Log-odds charged for each pair of records in one group that was not a candidate pair (their
/// encodings are not even similar).
pub(crate) const NOT_SIMILAR: f64 = -14.0;

/// Log-odds down to −TOLERATED between a record and the other records of a group are no
/// contradiction (repeated weak evidence, such as the same common name without a date).
pub(crate) const TOLERATED: f64 = 4.0;

/// One chain of the sampler: `burn` sweeps discarded, `draws` kept, the temperature on the
/// pairwise evidence and the person prior's log-odds.
#[derive(Debug, Clone, Copy)]
pub struct Chain {
    pub burn: usize,
    pub draws: usize,
    pub tau: f64,
    pub shift: f64,
}

impl Component {
    /// Sort each unit's edges by neighbour (the sampler looks weights up by binary search).
    pub(crate) fn sort_edges(&mut self) {
        for e in &mut self.edges {
            e.sort_by_key(|x| x.0);
        }
    }

    /// Unit and edge visits of one sweep of the sampler.
    pub fn work(&self) -> usize {
        self.edges.len() + self.edges.iter().map(Vec::len).sum::<usize>()
    }

    /// The log-odds of the pair (i, j), or [`NOT_SIMILAR`] if it was not a candidate.
    fn weight(&self, i: usize, j: u32) -> f64 {
        let e = &self.edges[i];
        e.binary_search_by_key(&j, |x| x.0).map_or(NOT_SIMILAR, |k| e[k].1)
    }

    fn compatible(&self, unit: usize, cluster: &[u32]) -> bool {
        let u_m = &self.members[unit];
        let u_n = &self.nids[unit];
        let mut c_has_nid = false;
        let mut nid_shared = false;
        for &j in cluster {
            let j = j as usize;
            if j == unit {
                continue;
            }
            if self.members[j].iter().any(|m| u_m.contains(m)) {
                return false;
            }
            if !self.nids[j].is_empty() {
                c_has_nid = true;
                nid_shared |= self.nids[j].iter().any(|x| u_n.contains(x));
            }
        }
        u_n.is_empty() || !c_has_nid || nid_shared
    }

    /// Sum of log-odds between unit `i` and every other unit of `cluster`.
    /// The log-odds that unit `i` is the person of `cluster`: its best pair with the group
    /// (the same evidence — one name, one date — is not counted once per record of the group,
    /// as a sum of pairwise log-odds would), plus every clear contradiction with the others (a
    /// pair below −[`TOLERATED`], such as a different full birth date or a name that is not
    /// even similar), so a chain of near matches does not make one person of people who differ.
    fn join_score(&self, i: usize, cluster: &[u32], shift: f64) -> f64 {
        let mut best = f64::NEG_INFINITY;
        let mut penalty = 0.0;
        for &j in cluster {
            if j as usize == i {
                continue;
            }
            let l = self.weight(i, j);
            penalty += (l + TOLERATED).min(0.0);
            best = best.max(l);
        }
        if best == f64::NEG_INFINITY {
            return 0.0;
        }
        // The best pair is counted as itself (with the person prior), not as a contradiction.
        best + shift - (best + TOLERATED).min(0.0) + penalty
    }

    /// The log-posterior (up to a constant) of a clustering: the log-odds of every pair that
    /// it puts in one group.
    pub(crate) fn score(&self, label: &[u32]) -> f64 {
        // Candidate pairs inside a group count their log-odds; every other pair inside a group
        // counts NOT_SIMILAR (counted from the group sizes, not pair by pair).
        let mut s = 0.0;
        let mut inside = 0u64;
        for (i, e) in self.edges.iter().enumerate() {
            for &(j, w) in e {
                if (j as usize) > i && label[i] == label[j as usize] {
                    s += w;
                    inside += 1;
                }
            }
        }
        let mut sizes: HashMap<u32, u64> = HashMap::new();
        for &l in label {
            *sizes.entry(l).or_insert(0) += 1;
        }
        let pairs: u64 = sizes.values().map(|k| k * (k - 1) / 2).sum();
        s + NOT_SIMILAR * (pairs - inside) as f64
    }

    /// Gibbs sampling of the clusterings: after `burn` sweeps, `draws` sweeps each push the
    /// number of persons to `out`.
    #[cfg(test)]
    pub(crate) fn sample(&self, rng: &mut Rng, burn: usize, draws: usize, tau: f64, out: &mut Vec<u32>) {
        let mut states = Vec::new();
        self.sample_states(rng, Chain { burn, draws, tau, shift: self.shift }, out, &mut states);
    }

    /// As `Component::sample` with the person prior's log-odds `shift` in place of
    /// `self.shift`, also keeping each draw's cluster label of every unit (`states[d][unit]`).
    /// Returns the last state.
    pub(crate) fn sample_states(
        &self,
        rng: &mut Rng,
        chain: Chain,
        out: &mut Vec<u32>,
        states: &mut Vec<Vec<u32>>,
    ) -> Vec<u32> {
        let Chain { burn, draws, tau, shift } = chain;
        let n = self.members.len();
        let mut label: Vec<u32> = (0..n as u32).collect();
        let mut clusters: Vec<Vec<u32>> = (0..n as u32).map(|i| vec![i]).collect();
        debug_assert!(self.edges.iter().all(|e| e.windows(2).all(|w| w[0].0 <= w[1].0)), "edges sorted");
        // Start from the greedy grouping (strongest pairs first) so the chain starts near the
        // mode.
        let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
        for (i, e) in self.edges.iter().enumerate() {
            for &(j, w) in e {
                if (j as usize) > i && w > 0.0 {
                    pairs.push((w, i, j as usize));
                }
            }
        }
        pairs.sort_by(|a, b| b.0.total_cmp(&a.0));
        for &(_, i, j) in &pairs {
            let (li, lj) = (label[i] as usize, label[j] as usize);
            if li == lj {
                continue;
            }
            let ok = clusters[li].iter().all(|&x| self.compatible(x as usize, &clusters[lj]));
            let score: f64 = clusters[li].iter().map(|&x| self.join_score(x as usize, &clusters[lj], shift)).sum();
            if ok && score > 0.0 {
                let moved = std::mem::take(&mut clusters[li]);
                for &x in &moved {
                    label[x as usize] = lj as u32;
                }
                clusters[lj].extend(moved);
            }
        }
        out.clear();
        states.clear();
        // Empty cluster labels, to be taken by a unit that goes alone (never a scan).
        let mut free: Vec<u32> = (0..n as u32).filter(|&l| clusters[l as usize].is_empty()).collect();
        // Per cluster touched by the unit's edges in this step (stamped with the step number):
        // its best pair with the unit, the sum of its clear contradictions, and how many of
        // its units are neighbours. The join score is then read off these in O(degree), not
        // by looking up every unit of every neighbouring cluster (crowds of a common name).
        let mut seen: Vec<u64> = vec![u64::MAX; n];
        let mut best: Vec<f64> = vec![0.0; n];
        let mut penalty: Vec<f64> = vec![0.0; n];
        let mut near: Vec<u32> = vec![0; n];
        let mut touched: Vec<u32> = Vec::new();
        let mut step = 0u64;
        let mut options: Vec<(u32, f64)> = Vec::new();
        for sweep in 0..burn + draws {
            for i in 0..n {
                step += 1;
                let own = label[i] as usize;
                // Take i out of its cluster.
                if let Some(pos) = clusters[own].iter().position(|&x| x as usize == i) {
                    clusters[own].swap_remove(pos);
                }
                // Choices: alone (weight 1), or any cluster holding a neighbour of i.
                options.clear();
                let (alone, borrowed) = if clusters[own].is_empty() {
                    (own as u32, false)
                } else {
                    // i was not alone, so n units fill at most n − 1 clusters: one is free.
                    (free.pop().unwrap_or(own as u32), true)
                };
                options.push((alone, 0.0));
                touched.clear();
                for &(j, w) in &self.edges[i] {
                    let l = label[j as usize] as usize;
                    if seen[l] != step {
                        seen[l] = step;
                        best[l] = f64::NEG_INFINITY;
                        penalty[l] = 0.0;
                        near[l] = 0;
                        touched.push(l as u32);
                    }
                    best[l] = best[l].max(w);
                    penalty[l] += (w + TOLERATED).min(0.0);
                    near[l] += 1;
                }
                for &l in &touched {
                    let l = l as usize;
                    let cluster = &clusters[l];
                    if !self.compatible(i, cluster) {
                        continue;
                    }
                    // The cluster's units that are not neighbours of i are pairs that were
                    // not even candidates.
                    let far = cluster.len() as u32 - near[l];
                    let mut b = best[l];
                    let mut pen = penalty[l];
                    if far > 0 {
                        b = b.max(NOT_SIMILAR);
                        pen += f64::from(far) * (NOT_SIMILAR + TOLERATED).min(0.0);
                    }
                    let score = b + shift - (b + TOLERATED).min(0.0) + pen;
                    options.push((l as u32, tau * score));
                }
                let max = options.iter().map(|w| w.1).fold(f64::NEG_INFINITY, f64::max);
                let total: f64 = options.iter().map(|w| (w.1 - max).exp()).sum();
                let mut r = rng.unit() * total;
                let mut chosen = options[0].0;
                for &(l, w) in &options {
                    r -= (w - max).exp();
                    if r <= 0.0 {
                        chosen = l;
                        break;
                    }
                }
                if borrowed && chosen != alone {
                    free.push(alone);
                }
                if chosen as usize != own && clusters[own].is_empty() && !borrowed {
                    free.push(own as u32);
                }
                label[i] = chosen;
                clusters[chosen as usize].push(i as u32);
            }
            if sweep >= burn {
                out.push((n - free.len()) as u32);
                states.push(label.clone());
            }
        }
        label
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comp(members: Vec<u32>, edges: &[(usize, usize, f64)]) -> Component {
        let n = members.len();
        let mut c = Component {
            members: members.into_iter().map(|m| vec![m]).collect(),
            nids: vec![vec![]; n],
            edges: vec![vec![]; n],
            shift: 0.0,
        };
        for &(a, b, w) in edges {
            c.edges[a].push((b as u32, w));
            c.edges[b].push((a as u32, w));
        }
        c.sort_edges();
        c
    }

    fn mean_persons(c: &Component) -> f64 {
        let mut out = Vec::new();
        c.sample(&mut Rng(7), 50, 2000, 1.0, &mut out);
        out.iter().map(|&x| f64::from(x)).sum::<f64>() / out.len() as f64
    }

    #[test]
    fn a_pair_is_one_person_with_its_posterior_probability() {
        // log-odds 0 → p = 0.5 → 1.5 persons on average.
        let m = mean_persons(&comp(vec![0, 1], &[(0, 1, 0.0)]));
        assert!((m - 1.5).abs() < 0.05, "{m}");
        let m = mean_persons(&comp(vec![0, 1], &[(0, 1, 8.0)]));
        assert!(m < 1.01, "{m}");
    }

    #[test]
    fn one_member_never_twice_in_a_person_and_no_chains() {
        // Two records of member 0 both strongly like a record of member 1: only one may join it.
        let m = mean_persons(&comp(vec![0, 0, 1], &[(0, 2, 9.0), (1, 2, 9.0)]));
        assert!((m - 2.0).abs() < 0.01, "{m}");
        // A chain a~b, b~c with a and c unlike: never one person of three.
        // (Joining the pair costs 6 − (14 − 4) = −4 in log-odds: about 2 % of draws.)
        let c = comp(vec![0, 1, 2], &[(0, 1, 6.0), (1, 2, 6.0)]);
        let mut out = Vec::new();
        c.sample(&mut Rng(1), 20, 2000, 1.0, &mut out);
        let merged = out.iter().filter(|&&k| k == 1).count();
        assert!(merged < 100, "a chain was merged in {merged} of 2000 draws");
    }

    #[test]
    fn differing_national_ids_never_join() {
        let mut c = comp(vec![0, 1], &[(0, 1, 12.0)]);
        c.nids = vec![vec![[1; 32]], vec![[2; 32]]];
        assert_eq!(mean_persons(&c), 2.0);
    }

    #[test]
    fn a_name_seen_once_is_one_person_and_a_crowded_name_many() {
        // 200 name groups with one dated identity, 20 with two, a few crowded ones, and
        // undated-only groups.
        let mut facts = Vec::new();
        facts.extend((0..200).map(|_| GroupFacts { dated: 1, undated: 1, max_per_member: 1, ..Default::default() }));
        facts.extend((0..20).map(|_| GroupFacts { dated: 2, undated: 0, max_per_member: 1, ..Default::default() }));
        facts.push(GroupFacts { dated: 9, undated: 6, max_per_member: 2, ..Default::default() });
        facts.extend((0..30).map(|_| GroupFacts { dated: 0, undated: 1, max_per_member: 1, ..Default::default() }));
        facts.push(GroupFacts { dated: 0, undated: 5, max_per_member: 3, ..Default::default() });
        let n = facts.len() as u32;
        let c = NameCounts::estimate(&facts, (0..n).collect(), 1.3);
        // Robbins: E[λ | 1] = 2 · 20 / 200 = 0.2, so a rare name's undated record adds little.
        assert!(c.people[0] < 1.1, "{}", c.people[0]);
        assert!(c.people[220] > 9.0, "{}", c.people[220]);
        // Never fewer people than one member's records of the name.
        assert!(c.people[n as usize - 1] >= 3.0);
        assert!(c.u_same_name(0, 0) < c.u_same_name(220, 220) / 20.0);
    }
}
