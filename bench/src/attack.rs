//! A frequency-alignment attack on Bloom-filter encodings (after Kuzu et al. 2011 and Christen
//! et al. 2017): the attacker holds the encodings and knows the population's name frequencies
//! (the worst case: the true distribution of the encoded data set), but not the key. Identical
//! encodings are grouped and ranked by frequency; the i-th most frequent encoding is taken to be
//! the i-th most frequent name. A record counts as re-identified when the name guessed for its
//! encoding is its own. Printed for an unhardened attribute-level encoding (one filter of the
//! given name, as field-level CLK schemes build them) and for Samla's record-level encoding.

use std::collections::HashMap;

use samla_core::clk::{Clk, Encoder, Features, WEIGHTS};
use samla_core::normalize::name_tokens;

use crate::{Harden, Row};

fn share_reidentified(encodings: &[Clk], names: &[String]) -> (f64, usize) {
    let mut enc_count: HashMap<&Clk, usize> = HashMap::new();
    for e in encodings {
        *enc_count.entry(e).or_insert(0) += 1;
    }
    let mut name_count: HashMap<&str, usize> = HashMap::new();
    for n in names {
        *name_count.entry(n).or_insert(0) += 1;
    }
    let mut encs: Vec<(&Clk, usize)> = enc_count.into_iter().collect();
    encs.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let mut ns: Vec<(&str, usize)> = name_count.into_iter().collect();
    ns.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let guess: HashMap<&Clk, &str> = encs.iter().zip(&ns).map(|((e, _), (n, _))| (*e, *n)).collect();
    let hits = encodings.iter().zip(names).filter(|(e, n)| guess.get(e).is_some_and(|g| *g == n.as_str())).count();
    (hits as f64 / encodings.len() as f64, encs.len())
}

/// Samla's record-level encoding of each row (names, birth date; no country in these data
/// sets), with `harden` applied.
fn record_level(rows: &[Row], balanced: bool, harden: Harden) -> Vec<Clk> {
    let enc = Encoder::new(&[42u8; 32], WEIGHTS, balanced);
    rows.iter()
        .enumerate()
        .map(|(i, r)| {
            let mut names: Vec<String> = name_tokens(&r.given_name);
            names.extend(name_tokens(&r.surname));
            names.sort();
            names.dedup();
            let d: String = r.date_of_birth.chars().filter(char::is_ascii_digit).collect();
            let f = Features {
                names: names.iter().map(String::as_str).collect(),
                birth_year: d.get(0..4).and_then(|y| y.parse().ok()),
                birth_month: d.get(4..6).and_then(|m| m.parse().ok()),
                birth_day: d.get(6..8).and_then(|x| x.parse().ok()),
                ..Default::default()
            };
            let mut c = enc.encode(&f);
            harden.apply(&mut c, i as u64);
            c
        })
        .collect()
}

fn given_names(rows: &[Row]) -> Vec<String> {
    rows.iter().map(|r| name_tokens(&r.given_name).join(" ")).collect()
}

/// The share of records whose given name the attack recovers from Samla's record-level
/// encodings with `harden` applied.
pub fn record_level_share(rows: &[Row], balanced: bool, harden: Harden) -> f64 {
    share_reidentified(&record_level(rows, balanced, harden), &given_names(rows)).0
}

pub fn run(rows: &[Row], label: &str) {
    let enc = Encoder::new(&[42u8; 32], WEIGHTS, samla_core::clk::BALANCED);
    let given = given_names(rows);
    // Unhardened, attribute level: the given name alone.
    let attr: Vec<Clk> = given
        .iter()
        .map(|g| {
            enc.encode(&Features { names: g.split(' ').filter(|t| !t.is_empty()).collect(), ..Default::default() })
        })
        .collect();
    let rec = record_level(rows, samla_core::clk::BALANCED, Harden::None);
    let (a, na) = share_reidentified(&attr, &given);
    let (s, ns) = share_reidentified(&rec, &given);
    println!("| {label} | unhardened attribute-level (given name) | {} | {na} | {:.2} % |", rows.len(), a * 100.0);
    println!("| {label} | Samla record-level (names + birth date) | {} | {ns} | {:.2} % |", rows.len(), s * 100.0);
}

/// The attack on generated years with realistic birth dates (10–40 % missing, year only,
/// common names): the share of records whose given name is recovered from (1) the full
/// encodings as sent (`clk`), (2) the year-level encodings (`clk_year`; a record without a
/// birth date has names and country only), and (3) the year-level encodings with the bits of
/// the plaintext birth year taken out, as the admin can learn them from many records (what
/// the linkage itself does). (3) is the admin's best case: an encoding of the names alone.
pub fn run_years(years: usize) {
    use crate::years::{generate, Shape};
    let secret = samla_core::pseudonym::LinkageSecret::generate().expect("secret");
    println!("| year (seed) | records | no birth date | re-identified from clk | from clk_year | from clk_year without year bits |");
    println!("|---:|---:|---:|---:|---:|---:|");
    let mut worst = [0f64; 3];
    for seed in 1..=years as u64 {
        let shape = Shape::from_seed(seed, 3000);
        let (recs, _) = generate(&shape);
        let links = crate::coverage::link_records(&recs, &secret);
        let given: Vec<String> = recs.iter().map(|r| name_tokens(&r.given).join(" ")).collect();
        let keep: Vec<usize> = (0..recs.len()).filter(|&i| links[i].clk.is_some() && !given[i].is_empty()).collect();
        let names: Vec<String> = keep.iter().map(|&i| given[i].clone()).collect();
        let clk: Vec<Clk> = keep.iter().filter_map(|&i| links[i].clk).collect();
        let clk_year: Vec<Clk> = keep.iter().filter_map(|&i| links[i].clk_year).collect();
        // The year bits: what every encoding of a birth year shares.
        let mut masks: HashMap<i64, (Clk, u32)> = HashMap::new();
        for &i in &keep {
            if let (Some(y), Some(c)) = (links[i].birth_year, links[i].clk_year) {
                let e = masks.entry(y).or_insert(([u64::MAX; samla_core::clk::WORDS], 0));
                for (a, w) in e.0.iter_mut().zip(c.iter()) {
                    *a &= w;
                }
                e.1 += 1;
            }
        }
        let stripped: Vec<Clk> = keep
            .iter()
            .filter_map(|&i| {
                let mut c = links[i].clk_year?;
                if let Some((m, n)) = links[i].birth_year.and_then(|y| masks.get(&y)) {
                    if *n >= 2 {
                        for (a, k) in c.iter_mut().zip(m.iter()) {
                            *a &= !k;
                        }
                    }
                }
                Some(c)
            })
            .collect();
        let undated = keep.iter().filter(|&&i| links[i].precision == 0).count();
        let r: Vec<f64> = [&clk, &clk_year, &stripped].iter().map(|e| share_reidentified(e, &names).0).collect();
        for k in 0..3 {
            worst[k] = worst[k].max(r[k]);
        }
        println!(
            "| {seed} | {} | {:.0} % | {:.2} % | {:.2} % | {:.2} % |",
            keep.len(),
            100.0 * undated as f64 / keep.len() as f64,
            r[0] * 100.0,
            r[1] * 100.0,
            r[2] * 100.0
        );
    }
    println!(
        "| worst of {years} | | | {:.2} % | {:.2} % | {:.2} % |",
        worst[0] * 100.0,
        worst[1] * 100.0,
        worst[2] * 100.0
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The claim in docs/THREAT_MODEL.md: on the synthetic multi-member set, the frequency
    /// attack re-identifies under 0.5 % of Samla's record-level encodings, while it does work
    /// (over 10 %) on unhardened attribute-level ones, so the test is not vacuous.
    #[test]
    fn the_frequency_attack_stays_under_half_a_percent() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("synthetic.csv");
        crate::synth::write(&path).expect("synth");
        let rows = crate::read_rows(&path).expect("rows");
        let given = given_names(&rows);
        let samla = record_level_share(&rows, samla_core::clk::BALANCED, Harden::None);
        let enc = Encoder::new(&[42u8; 32], WEIGHTS, false);
        let attr: Vec<Clk> = given
            .iter()
            .map(|g| {
                enc.encode(&Features { names: g.split(' ').filter(|t| !t.is_empty()).collect(), ..Default::default() })
            })
            .collect();
        let (unhardened, _) = share_reidentified(&attr, &given);
        assert!(unhardened > 0.10, "the attack works on unhardened encodings: {unhardened}");
        assert!(samla < 0.005, "Samla's encodings: {samla}");
    }
}
