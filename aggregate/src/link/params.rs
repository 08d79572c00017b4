//! The model's parameters from the year's own data (docs/LINKAGE.md §2.5–2.7): u of every
//! comparison part but the name ([`Background`]), and m and the share of matches λ by MAP-EM
//! over the candidate pairs with u fixed ([`Model::estimate`]).

use std::collections::{BTreeMap, HashMap};

use super::compare::{
    self, Candidate, Gamma, View, CONTAINED, MISSING, NAME_BANDS, SAME_GIVEN_OTHER_FAMILY, U_SAME_GIVEN, YEAR_APART,
};
use super::sample::Rng;
use super::LinkRecord;

/// Weight of the prior on m (virtual matches), see [`Model::estimate`].
pub(crate) const PRIOR_WEIGHT: f64 = 20.0;

/// u of the parts other than the name band 0, from the year's data (see the module docs).
#[derive(Debug, Clone)]
pub struct Background {
    /// u of name band 1 relative to band 0 (band 0 is [`Candidate::u_same_name`], by name).
    pub near_name_rel: f64,
    /// u of name bands 2, 3 and 4 (the same for every name; `random_name_u`).
    pub name_u: [f64; 3],
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
    // Band 4 spans a wide range of similarity (its u is much larger than band 3's): not
    // bound by band 3's m.
    for i in 1..4 {
        o[i] = o[i].min(o[i - 1]);
    }
    norm(o)
}

/// m of the birth year and of the rest of the date, from the pairs whose name only these two
/// records carry: a mixture of one person's records (m, with the Dirichlet pseudo-counts `py`
/// and `pd`) and of two people who share a rare name (u, known), their share starting at
/// `namesakes` and estimated with m by a few EM steps (u is fixed, so the classes cannot swap).
fn dates_of_one_person(
    cands: &[Candidate],
    bg: &Background,
    namesakes: f64,
    py: [f64; 3],
    pd: [f64; 3],
) -> ([f64; 3], [f64; 3]) {
    let rare: Vec<(u8, u8)> =
        cands.iter().filter(|c| c.gamma.name <= 1 && c.rare_name).map(|c| (c.gamma.year, c.gamma.date)).collect();
    let (mut my, mut md) = (norm(py), norm(pd));
    let mut ns = namesakes.clamp(0.01, 0.9);
    for _ in 0..50 {
        let (mut cy, mut cd) = (py, pd);
        let mut two = 0.0;
        for &(y, d) in &rare {
            let (mut lm, mut lu) = (1.0 - ns, ns);
            if y != MISSING {
                lm *= my[usize::from(y)];
                lu *= bg.year[usize::from(y)];
            }
            if d != MISSING {
                lm *= md[usize::from(d)];
                lu *= bg.date[usize::from(d)];
            }
            let r = lm / (lm + lu).max(1e-300);
            two += 1.0 - r;
            if y != MISSING {
                cy[usize::from(y)] += r;
            }
            if d != MISSING {
                cd[usize::from(d)] += r;
            }
        }
        my = norm(cy);
        md = norm(cd);
        ns = (two / rare.len().max(1) as f64).clamp(0.01, 0.9);
    }
    (my, md)
}

/// Per candidate pair (a, b): the slot of "a with b's member" and of "b with a's member", and
/// the number of slots.
fn member_slots(cands: &[Candidate], member_of: &[u32]) -> (Vec<(u32, u32)>, usize) {
    let mut ids: HashMap<(u32, u32), u32> = HashMap::new();
    let mut slot = |r: u32, m: u32| -> u32 {
        let next = ids.len() as u32;
        *ids.entry((r, m)).or_insert(next)
    };
    let v = cands
        .iter()
        .map(|c| {
            let (ma, mb) = (member_of[c.a as usize], member_of[c.b as usize]);
            (slot(c.a, mb), slot(c.b, ma))
        })
        .collect();
    (v, ids.len())
}

/// `m` with the level "contained" set to `m_contained` and the other levels sharing the rest
/// in their proportions.
fn with_contained(m: [f64; NAME_BANDS], m_contained: f64) -> [f64; NAME_BANDS] {
    let c = m_contained.clamp(1e-6, 0.5);
    let rest: f64 = m.iter().enumerate().filter(|(k, _)| *k != usize::from(CONTAINED)).map(|(_, v)| v).sum();
    let mut o = m;
    for (k, v) in o.iter_mut().enumerate() {
        *v = if k == usize::from(CONTAINED) { c } else { *v / rest.max(1e-12) * (1.0 - c) };
    }
    o
}

fn norm<const N: usize>(v: [f64; N]) -> [f64; N] {
    let s: f64 = v.iter().sum();
    let mut o = v;
    for x in &mut o {
        *x = (*x / s).max(1e-6);
    }
    o
}

/// The log Bayes factor of a statistical field that agrees (level 0) or disagrees (1), with m
/// the chance for one person's records and u for two people. Two people's records disagree at
/// least as often as one person's do: the same data-entry errors happen to both, so u of
/// "disagree" is never taken below m of it. (Among people who share a full name u of
/// "different gender" is tiny; without the floor a disagreement counted as strong evidence
/// *for* one person, m/u ≈ 300.)
fn agreement(m: [f64; 2], u: [f64; 2], level: u8) -> f64 {
    let u_disagree = u[1].max(m[1]).min(1.0 - 1e-9);
    let u = [1.0 - u_disagree, u_disagree];
    let i = usize::from(level.min(1));
    (m[i] / u[i]).ln()
}

impl Model {
    fn u_name(&self, c: &Candidate) -> f64 {
        let b0 = c.u_same_name;
        match c.gamma.name {
            0 => b0,
            1 => (b0 * self.background.near_name_rel).min(1.0),
            2 | 3 => self.background.name_u[usize::from(c.gamma.name) - 2],
            // Band 4: names 0.35–0.70 alike, compared for the same full birth date (or by a
            // shared name key).
            4 => self.background.name_u[2],
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
            w += agreement(self.m_gender, bg.gender[band], g.gender);
        }
        if g.country != MISSING {
            w += agreement(self.m_country, bg.country[band], g.country);
        }
        w
    }

    /// Log posterior odds that the pair is one person.
    pub fn log_odds(&self, c: &Candidate) -> f64 {
        (self.lambda / (1.0 - self.lambda)).ln() + self.log_bf(c)
    }

    /// Log posterior odds of a pair whose names are less alike than the candidate floor (a
    /// pair of records in one component that was not a candidate). Nearly every pair of two
    /// people is that far apart (u ≈ 1); for one person's two records the chance is taken as
    /// m of the lowest band above the floor (the tail of one person's name similarity, which
    /// is not observed below the floor, falls off no faster than it does there).
    pub fn log_odds_not_similar(&self, c: &Candidate) -> f64 {
        let name = (self.m_name[3].max(1e-6) / self.u_name(c).max(1e-12)).ln();
        self.log_odds(c) - name + self.m_name[3].max(1e-6).ln()
    }

    /// The log-odds of records `a` and `b` (views `x` and `y`) that were not a candidate pair
    /// (see `cluster::fill`); records without an encoding are "not similar".
    pub(crate) fn log_odds_of_records(&self, a: u32, b: u32, x: &View<'_>, y: &View<'_>, u_same_name: f64) -> f64 {
        let Some((gamma, _)) = compare::compare(x, y) else { return super::sample::NOT_SIMILAR };
        let c = Candidate { a, b, gamma, u_same_name, rare_name: false };
        match gamma.name {
            // Similar after all (the candidate search is banded), or a shared given-name key.
            0..=3 | SAME_GIVEN_OTHER_FAMILY => self.log_odds(&c),
            _ => self.log_odds_not_similar(&c),
        }
    }

    /// Estimate m of the name levels and λ by EM over the candidate pairs with u fixed (missing parts take no
    /// part in their comparison's update). Pairs that are not candidates are taken as
    /// non-matches.
    ///
    /// m of the birth year and of the rest of the date are not left to EM (which, where the
    /// classes overlap, talks itself into "one person never has two birth years"): they are
    /// counted on the pairs of records that share a *rare* name (the only two records of their
    /// name in the year), which are nearly always one person whatever their dates say, so
    /// their dates show how often one person's dates disagree. (Rarity is not judged from the
    /// estimated number of people of the name: that counts a pair whose dates disagree as two
    /// people, and m of disagreeing dates would be counted only on pairs that agree.) The
    /// share of such pairs that are two people who share a rare name is `namesakes`; their
    /// expected counts (at u) are taken out.
    /// m of the level "contained" is not left to EM either: it is `m_contained`, the chance
    /// that one person's two records have exactly one short name (a family or given name
    /// missing at one member) and that the short one is found in the other. (EM, with that
    /// level's small u, takes crowds of namesakes for matches.)
    ///
    /// A member reports a person once, so a record has at most one match among another
    /// member's records: in each E-step the pairs of a record with one member share at most one
    /// match between them (their posteriors are scaled down where they sum to more), so a short
    /// or common name with hundreds of namesakes does not count as hundreds of partial matches
    /// in λ and m. `member_of` gives each record's member.
    pub fn estimate(
        cands: &[Candidate],
        background: Background,
        records: f64,
        m_contained: f64,
        namesakes: f64,
        member_of: &[u32],
    ) -> Model {
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
        let (m_year, m_date) = dates_of_one_person(cands, &model.background, namesakes, py, pd);
        model.m_year = m_year;
        model.m_date = m_date;
        // Everything but m of the name and λ is fixed during EM: precomputed once per pair.
        let fixed: Vec<f64> =
            cands.iter().map(|c| model.log_bf(c) - model.m_name[usize::from(c.gamma.name)].ln()).collect();
        let slots = member_slots(cands, member_of);
        let mut per_slot = vec![0.0f64; slots.1];
        let mut p = vec![0.0f64; cands.len()];
        for it in 0..100 {
            let mut mn = pn;
            let mut sum_p = 0.0;
            let prior = (model.lambda / (1.0 - model.lambda)).ln();
            let ln_m = model.m_name.map(f64::ln);
            per_slot.iter_mut().for_each(|x| *x = 0.0);
            for (k, (c, f)) in cands.iter().zip(&fixed).enumerate() {
                p[k] = 1.0 / (1.0 + (-(prior + ln_m[usize::from(c.gamma.name)] + f)).exp());
                let (x, y) = slots.0[k];
                per_slot[x as usize] += p[k];
                per_slot[y as usize] += p[k];
            }
            for (k, c) in cands.iter().enumerate() {
                let (x, y) = slots.0[k];
                let q = p[k] / per_slot[x as usize].max(per_slot[y as usize]).max(1.0);
                sum_p += q;
                mn[usize::from(c.gamma.name)] += q;
            }
            let lambda = (sum_p / model.background.cross_pairs.max(1.0)).clamp(1e-12, 0.5);
            let delta = (lambda / model.lambda - 1.0).abs();
            model.lambda = lambda;
            // A closer name is never less likely for one person than for two (keeps EM from
            // turning the "match" class into a crowd of look-alikes).
            model.m_name = with_contained(monotone_bands(norm(mn)), m_contained);
            model.iterations = it + 1;
            if delta < 1e-6 {
                break;
            }
        }
        model
    }
}

/// Pseudo-pairs of the priors of the background (u) estimates: they matter only in small
/// years.
const BACKGROUND_PRIOR: f64 = 2000.0;

/// u of name bands 2, 3 and 4 from random cross-member pairs of records (nearly always two
/// people): for bands 2 and 3 the share of random pairs that fall in the band **and** are
/// candidate pairs (`compared`, sorted), since EM counts m on the candidates too (the banded
/// search finds about 93 % of band 2 and 55–75 % of band 3); for band 4 (names at least
/// `DIFFERENT_NAME_FLOOR` but less than the floor alike, compared when the full birth dates
/// agree, which the same-date search nearly always finds) the share in the band. Priors:
/// 1e-3, 4e-3 and 5 % over [`BACKGROUND_PRIOR`] pairs.
///
/// Until v3, u of bands 2 and 3 was counted on the candidate pairs whose birth years are far
/// apart. Those are less alike than pairs in general (names go with the age and origin of a
/// cohort): u came out 1.3–4.5 times too small, the pairs of those bands were taken for one
/// person about 1.5–2 times as often as they were, and the realistic years' count leaned low.
fn random_name_u(recs: &[LinkRecord], views: &[View<'_>], compared: &[(u32, u32, Gamma)]) -> [f64; 3] {
    debug_assert!(compared.windows(2).all(|w| (w[0].0, w[0].1) <= (w[1].0, w[1].1)), "compared sorted");
    let candidate = |a: u32, b: u32| compared.binary_search_by_key(&(a.min(b), a.max(b)), |c| (c.0, c.1)).is_ok();
    let mut rng = Rng(0x0a11_ce5e);
    let with_clk: Vec<usize> = (0..recs.len()).filter(|&i| views[i].clk_year.or(views[i].clk).is_some()).collect();
    let (mut tried, mut alike) = (0.0, [0.0f64; 3]);
    if with_clk.len() >= 2 {
        for _ in 0..RANDOM_PAIRS {
            let a = with_clk[(rng.next_u64() % with_clk.len() as u64) as usize];
            let b = with_clk[(rng.next_u64() % with_clk.len() as u64) as usize];
            if recs[a].member == recs[b].member {
                continue;
            }
            tried += 1.0;
            let Some(s) = compare::name_similarity(&views[a], &views[b]) else { continue };
            let l = compare::NAME_BAND_LIMITS;
            if (l[2]..l[1]).contains(&s) && candidate(a as u32, b as u32) {
                alike[0] += 1.0;
            } else if (l[3]..l[2]).contains(&s) && candidate(a as u32, b as u32) {
                alike[1] += 1.0;
            } else if (compare::DIFFERENT_NAME_FLOOR..l[3]).contains(&s) {
                alike[2] += 1.0;
            }
        }
    }
    let prior = [1e-3, 4e-3, 0.05];
    std::array::from_fn(|k| ((alike[k] + prior[k] * BACKGROUND_PRIOR) / (tried + BACKGROUND_PRIOR)).min(1.0))
}

/// Random pairs drawn for [`random_name_u`] (band 2 is about 2 in 10 000 of them).
const RANDOM_PAIRS: usize = 400_000;

/// u of everything but the same-name band, from the year's data (see the module docs).
pub(super) fn background(recs: &[LinkRecord], views: &[View<'_>], compared: &[(u32, u32, Gamma)]) -> Background {
    // Birth years: the chance two different people share a year, or are one apart.
    let mut hist: BTreeMap<i64, f64> = BTreeMap::new();
    let mut dated: f64 = 0.0;
    for r in recs {
        if let Some(y) = r.birth_year.filter(|_| r.precision > 0) {
            *hist.entry(y).or_insert(0.0) += 1.0;
            dated += 1.0;
        }
    }
    let (mut same, mut one) = (0.0, 0.0);
    for (y, c) in &hist {
        let f = c / dated.max(1.0);
        same += f * f;
        one += 2.0 * f * hist.get(&(y + 1)).map_or(0.0, |d| d / dated.max(1.0));
    }
    // Small years lean on a prior: birth years spread over about 30 years (BACKGROUND_PRIOR
    // pseudo-pairs).
    let w = dated * dated / 2.0;
    let prior = BACKGROUND_PRIOR;
    let year = norm3([
        (same * w + 0.04 * prior) / (w + prior),
        (one * w + 0.07 * prior) / (w + prior),
        ((1.0 - same - one).max(0.0) * w + 0.89 * prior) / (w + prior),
    ]);
    // Month and day: random pairs of full dates in the same year at the *same member* (a
    // member reports a person once, so these are two people; pairs across members would count
    // the same person's records as chance agreement). Each pair equally likely.
    // Ordered: which random pairs are drawn must not depend on a hash map's order (the same
    // year and secret give the same result on every run).
    let mut cells: BTreeMap<(u32, i64), Vec<usize>> = BTreeMap::new();
    for (i, r) in recs.iter().enumerate() {
        if r.precision == 3 && r.clk.is_some() {
            if let Some(y) = r.birth_year {
                cells.entry((r.member, y)).or_default().push(i);
            }
        }
    }
    // Prior: a day and month agree by chance about once in 365, the month alone once in 12.
    let mut date = [BACKGROUND_PRIOR / 365.0, BACKGROUND_PRIOR / 12.0, BACKGROUND_PRIOR];
    let mut rng = Rng(0xda7e);
    let cells: Vec<&Vec<usize>> = cells.values().filter(|v| v.len() >= 2).collect();
    let slots: Vec<(u32, u32)> =
        cells.iter().enumerate().flat_map(|(c, v)| (0..v.len() as u32).map(move |k| (c as u32, k))).collect();
    if !slots.is_empty() {
        for _ in 0..20_000 {
            let (c, i) = slots[(rng.next_u64() % slots.len() as u64) as usize];
            let v = cells[c as usize];
            let j = (i as usize + 1 + (rng.next_u64() % (v.len() as u64 - 1)) as usize) % v.len();
            if let Some((g, _)) = compare::compare(&views[v[i as usize]], &views[v[j]]) {
                if g.date != MISSING {
                    date[usize::from(g.date)] += 1.0;
                }
            }
        }
    }
    // Name bands, gender and country among different people who share a name: cross-member
    // pairs whose birth years are far apart.
    let mut bands = [0.5f64; 7];
    let (mut gender, mut country) = ([[0.5f64; 2]; 7], [[0.5f64; 2]; 7]);
    for &(a, b, g) in compared {
        if recs[a as usize].member == recs[b as usize].member || g.year != YEAR_APART {
            continue;
        }
        let band = usize::from(g.name);
        bands[band] += 1.0;
        if g.gender != MISSING {
            gender[band][usize::from(g.gender)] += 1.0;
        }
        if g.country != MISSING {
            country[band][usize::from(g.country)] += 1.0;
        }
    }
    // Band 4 (candidates by a shared key only) is rare among these pairs: as band 3.
    gender[4] = gender[3];
    country[4] = country[3];
    gender[5] = gender[3];
    country[5] = country[3];
    // Band 6 (a short name contained in the other) keeps its own counts: the name the two
    // share is often a family name, which says little of gender (until v3 it took band 0's,
    // where two people of one full name almost always share a gender).
    let mut per_member: HashMap<u32, f64> = HashMap::new();
    let mut total = 0.0;
    for r in recs.iter().filter(|r| r.clk_year.or(r.clk).is_some()) {
        *per_member.entry(r.member).or_insert(0.0) += 1.0;
        total += 1.0;
    }
    let cross_pairs = (total * total - per_member.values().map(|k| k * k).sum::<f64>()) / 2.0;
    // u of bands 2 and 3 is never taken below what the candidate pairs of years far apart show
    // (their v2 estimate): in a small year of few names the random pairs can find fewer such
    // pairs, and a pair of two people with similar names and the same birth year was then
    // merged under some linkage secrets (tests/tests/report2024.rs, 3 in 60 runs; none with
    // the floor in 60).
    let mut name_u = random_name_u(recs, views, compared);
    {
        let dated_share = dated / (recs.len().max(1) as f64);
        let apart_pairs = (cross_pairs * dated_share * dated_share * year[2]).max(1.0);
        name_u[0] = name_u[0].max(((bands[2] + 1e-3 * BACKGROUND_PRIOR) / (apart_pairs + BACKGROUND_PRIOR)).min(1.0));
        name_u[1] = name_u[1].max(((bands[3] + 4e-3 * BACKGROUND_PRIOR) / (apart_pairs + BACKGROUND_PRIOR)).min(1.0));
    }
    let near_name_rel = bands[1] / bands[0];
    Background {
        near_name_rel,
        name_u,
        year,
        date: norm3(date),
        gender: gender.map(norm2),
        country: country.map(norm2),
        cross_pairs,
    }
}

fn norm3(v: [f64; 3]) -> [f64; 3] {
    let s: f64 = v.iter().sum();
    [v[0] / s, v[1] / s, v[2] / s]
}

fn norm2(v: [f64; 2]) -> [f64; 2] {
    let s = v[0] + v[1];
    [v[0] / s, v[1] / s]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_disagreeing_gender_is_never_evidence_for_one_person() {
        let m = [0.98, 0.02];
        // People who share a full name almost always share a gender (u of "differ" tiny): a
        // disagreement is then a data-entry error as likely for two people as for one.
        let same_name = [1.0 - 6.4e-5, 6.4e-5];
        assert!(agreement(m, same_name, 1) <= 1e-9, "{}", agreement(m, same_name, 1));
        assert!(agreement(m, same_name, 0).abs() < 1e-9);
        // Two random people differ half the time: agreeing is weak evidence for, differing
        // strong evidence against.
        let random = [0.5, 0.5];
        assert!(agreement(m, random, 0) > 0.5);
        assert!(agreement(m, random, 1) < -3.0);
    }
}
