//! `samla-bench coverage`: does the published range hold the true number of persons?
//!
//! Generates years of varied shape ([`crate::years`]), builds every record's linkage fields
//! exactly as the client does (`samla_core::batch::linkage_fields`: keyed match keys, keyed
//! Bloom filters, the 1 January rule), links them as the aggregation does, and prints per year
//! the point error and whether the truth lies in the range; then the share of years covered,
//! the median absolute error and the median width.

use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

use samla_aggregate::fuzzy;
use samla_aggregate::link::{group_with, LinkRecord};
use samla_core::batch::linkage_fields_with_noise;
use samla_core::clk::{Encoder, WEIGHTS};
use samla_core::normalize::{name_tokens, PartialDate};
use samla_core::pseudonym::{Identifiers, LinkageSecret};

use crate::years::{generate, Family, Rec, Shape};

/// The linkage view of generated records, built as the client builds it.
pub fn link_records(recs: &[Rec], secret: &LinkageSecret) -> Vec<LinkRecord> {
    link_records_with_noise(recs, secret, samla_core::clk::NAME_NOISE)
}

/// [`link_records`] with another noise rate on the name-level encodings.
pub fn link_records_with_noise(recs: &[Rec], secret: &LinkageSecret, noise: f64) -> Vec<LinkRecord> {
    let keyer = secret.match_keyer("1");
    let encoder = Encoder::new(&secret.clk_key("1"), WEIGHTS, samla_core::clk::BALANCED);
    let today = time::Date::from_calendar_date(2025, time::Month::January, 1).expect("date");
    recs.iter()
        .map(|r| {
            let birth = if r.birth.is_empty() { None } else { PartialDate::parse(&r.birth, today).ok() };
            let ids = Identifiers {
                national_id: None,
                migration_id: None,
                given: name_tokens(&r.given).into_iter().collect(),
                family: name_tokens(&r.family).into_iter().collect(),
                birth,
            };
            let l = linkage_fields_with_noise(&keyer, &encoder, &ids, r.country, noise);
            LinkRecord::from_fields(r.member, &l, Some(r.gender), r.country)
        })
        .collect()
}

/// A fresh linkage secret, as a real year has; or, with `SAMLA_BENCH_FIXED_SECRET` set, the
/// same one every run (to compare two versions of the linkage on identical encodings).
pub fn year_secret() -> LinkageSecret {
    if std::env::var_os("SAMLA_BENCH_FIXED_SECRET").is_some() {
        return LinkageSecret::parse("samla-linkage-secret-v1:QkVOQ0hNQVJLIEZJWEVEIFNFQ1JFVCBGT1IgQS9CISE=")
            .expect("bench secret");
    }
    LinkageSecret::generate().expect("secret")
}

/// One year's outcome.
pub struct YearResult {
    pub records: usize,
    pub truth: usize,
    pub estimate: usize,
    pub lower: usize,
    pub upper: usize,
    pub multi_truth: usize,
    pub multi_found: usize,
    /// The published range of `multi_found`.
    pub multi_range: (usize, usize),
    /// People by number of members (1, 2, 3, 4+): truth, published, published range.
    pub by_truth: [usize; 4],
    pub by_found: [usize; 4],
    pub by_range: [(usize, usize); 4],
    /// The median of the draws of each figure by number of members (diagnostics: the published
    /// grouping is one clustering, its figures can lean where the draws do not).
    pub by_median: [usize; 4],
    /// The median of the draws of the count (moved by what indirect linking adds).
    pub persons_median: usize,
    pub precision: f64,
    pub recall: f64,
    pub seconds: f64,
}

pub fn run_year(shape: &Shape, secret: &LinkageSecret, tau: f64) -> YearResult {
    let (recs, truth) = generate(shape);
    let mut links = link_records(&recs, secret);
    let t = Instant::now();
    let g = group_with(&mut links, &fuzzy::PARAMS, tau, shape.seed, std::env::var_os("SAMLA_BENCH_DEBUG").is_some());
    let seconds = t.elapsed().as_secs_f64();
    if !g.pairs.is_empty() {
        debug(&recs, &g);
        missed_candidates(&recs, &links, &g);
        split_people(&recs, &g);
    }
    // Pairwise quality of the published groups, and people at several members.
    let (mut predicted, mut tp) = (0u64, 0u64);
    let mut multi_found = 0;
    let mut by_found = [0usize; 4];
    for grp in &g.groups {
        let mut ms: Vec<u32> = grp.iter().map(|&i| recs[i].member).collect();
        ms.sort_unstable();
        ms.dedup();
        if ms.len() > 1 {
            multi_found += 1;
        }
        by_found[ms.len().clamp(1, 4) - 1] += 1;
        for (i, &a) in grp.iter().enumerate() {
            for &b in &grp[i + 1..] {
                predicted += 1;
                tp += u64::from(recs[a].entity == recs[b].entity);
            }
        }
    }
    let mut per_entity: HashMap<u32, Vec<u32>> = HashMap::new();
    for r in &recs {
        per_entity.entry(r.entity).or_default().push(r.member);
    }
    let truth_pairs: u64 = per_entity.values().map(|v| (v.len() * (v.len() - 1) / 2) as u64).sum();
    let mut by_truth = [0usize; 4];
    for v in per_entity.values_mut() {
        v.sort_unstable();
        v.dedup();
        by_truth[v.len().clamp(1, 4) - 1] += 1;
    }
    let multi_truth = per_entity.values().filter(|v| v.len() > 1).count();
    YearResult {
        records: recs.len(),
        truth,
        estimate: g.persons_estimate,
        lower: g.persons_lower,
        upper: g.persons_upper,
        multi_truth,
        multi_found,
        multi_range: g.ranges.multi_member.around(multi_found),
        by_truth,
        by_found,
        by_range: std::array::from_fn(|b| g.ranges.by_members[b].around(by_found[b])),
        by_median: std::array::from_fn(|b| g.ranges.by_members[b].median),
        persons_median: (g.ranges.persons.median + g.persons_estimate).saturating_sub(g.ranges.persons.base),
        precision: if predicted > 0 { tp as f64 / predicted as f64 } else { 1.0 },
        recall: if truth_pairs > 0 { tp as f64 / truth_pairs as f64 } else { 1.0 },
        seconds,
    }
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return f64::NAN;
    }
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// One linkage figure over the years: years whose truth is in the range, absolute relative
/// errors, relative widths, signed errors.
type Figure = (usize, Vec<f64>, Vec<f64>, Vec<f64>);

/// Run `years` generated years (seeds `first_seed`..) and print the table.
pub fn run(years: usize, first_seed: u64, max_people: usize, tau: f64, family: Family) {
    let secret = year_secret();
    println!("| seed | members | people | records | common names | full DOB | no DOB | multi | truth | estimate | range | error | in range | width | multi truth/found [range] | pair P/R | s |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|---:|---|---|---:|");
    let mut errors = Vec::new();
    let mut widths = Vec::new();
    let mut covered = 0;
    let mut by_size: BTreeMap<&str, (usize, usize, Vec<f64>)> = BTreeMap::new();
    let mut signed = Vec::new();
    // Per figure (people at more than one member, then by 1, 2, 3, 4+ members): years whose
    // truth is in the range, absolute errors, widths.
    let mut figures: Vec<Figure> = vec![(0, Vec::new(), Vec::new(), Vec::new()); 5];
    // Per figure by number of members: years the draws' median is over and under the truth.
    let mut medians = [(0usize, 0usize); 4];
    let mut persons_median = (0usize, 0usize, Vec::new());
    let only: Option<u64> = std::env::var("SAMLA_BENCH_SEED_ONLY").ok().and_then(|v| v.parse().ok());
    for seed in first_seed..first_seed + years as u64 {
        if only.is_some_and(|o| o != seed) {
            continue;
        }
        let shape = Shape::of(family, seed, max_people);
        let y = run_year(&shape, &secret, tau);
        let err = (y.estimate as f64 - y.truth as f64) / y.truth as f64;
        let inside = y.lower <= y.truth && y.truth <= y.upper;
        let width = (y.upper - y.lower) as f64 / y.estimate.max(1) as f64;
        covered += usize::from(inside);
        errors.push(err.abs());
        signed.push(err);
        let mut fig = |k: usize, truth: usize, found: usize, (lo, hi): (usize, usize)| {
            let f: &mut Figure = &mut figures[k];
            f.0 += usize::from(lo <= truth && truth <= hi);
            f.1.push((found as f64 - truth as f64).abs() / truth.max(1) as f64);
            f.3.push(found as f64 - truth as f64);
            f.2.push((hi - lo) as f64 / found.max(1) as f64);
        };
        fig(0, y.multi_truth, y.multi_found, y.multi_range);
        for (b, m) in medians.iter_mut().enumerate() {
            fig(b + 1, y.by_truth[b], y.by_found[b], y.by_range[b]);
            m.0 += usize::from(y.by_median[b] > y.by_truth[b]);
            m.1 += usize::from(y.by_median[b] < y.by_truth[b]);
        }
        widths.push(width);
        persons_median.0 += usize::from(y.persons_median > y.truth);
        persons_median.1 += usize::from(y.persons_median < y.truth);
        persons_median.2.push((y.persons_median as f64 - y.truth as f64) / y.truth as f64);
        let size = match y.truth {
            0..=499 => "a: < 500 people",
            500..=1999 => "b: 500–1 999",
            _ => "c: ≥ 2 000",
        };
        let e = by_size.entry(size).or_default();
        e.0 += 1;
        e.1 += usize::from(inside);
        e.2.push(err.abs());
        println!(
            "| {seed} | {} | {} | {} | {:.2} | {:.2} | {:.2} | {:.2} | {} | {} | [{}, {}] | {:+.2} % | {} | {:.2} % | {}/{} [{}, {}] | {:.3}/{:.3} | {:.1} |",
            shape.members,
            shape.people,
            y.records,
            shape.common_names,
            shape.full_dob,
            shape.missing_dob,
            shape.multi,
            y.truth,
            y.estimate,
            y.lower,
            y.upper,
            err * 100.0,
            if inside { "yes" } else { "**no**" },
            width * 100.0,
            y.multi_truth,
            y.multi_found,
            y.multi_range.0,
            y.multi_range.1,
            y.precision,
            y.recall,
            y.seconds
        );
    }
    println!();
    println!("| years | truth in range | median abs error | median width |");
    println!("|---:|---:|---:|---:|");
    println!(
        "| {} | {:.0} % ({covered}) | {:.2} % | {:.2} % |",
        years,
        100.0 * covered as f64 / years as f64,
        median(&mut errors.clone()) * 100.0,
        median(&mut widths) * 100.0
    );
    let over = signed.iter().filter(|e| **e > 0.0).count();
    let under = signed.iter().filter(|e| **e < 0.0).count();
    println!();
    println!(
        "Sign: {over} years over, {under} under, {} exact; median signed error {:+.2} %.",
        signed.len() - over - under,
        median(&mut signed) * 100.0
    );
    println!();
    println!("| linkage figure | truth in range | median abs error | median width | over : under |");
    println!("|---|---:|---:|---:|---:|");
    let names =
        ["people at more than one member", "people at 1 member", "at 2 members", "at 3 members", "at 4+ members"];
    for (name, (c, mut e, mut w, d)) in names.iter().zip(figures) {
        println!(
            "| {name} | {:.0} % ({c}) | {:.2} % | {:.2} % | {} : {} |",
            100.0 * c as f64 / years as f64,
            median(&mut e) * 100.0,
            median(&mut w) * 100.0,
            d.iter().filter(|x| **x > 0.0).count(),
            d.iter().filter(|x| **x < 0.0).count()
        );
    }
    println!();
    println!(
        "The draws' median count: {} over, {} under, median signed error {:+.2} %.",
        persons_median.0,
        persons_median.1,
        median(&mut persons_median.2) * 100.0
    );
    println!(
        "The draws' median, over : under the truth (1, 2, 3, 4+ members): {}.",
        medians.iter().map(|(o, u)| format!("{o} : {u}")).collect::<Vec<_>>().join(", ")
    );
    println!();
    println!("| size | years | truth in range | median abs error |");
    println!("|---|---:|---:|---:|");
    for (k, (n, c, mut e)) in by_size {
        println!("| {k} | {n} | {c} | {:.2} % |", median(&mut e) * 100.0);
    }
}

/// Pairs of records (a < b) of one true person that the linkage did not compare as candidates.
fn true_pairs_not_candidates(recs: &[Rec], g: &samla_aggregate::link::Grouping) -> Vec<(usize, usize)> {
    let cand: std::collections::HashSet<(u32, u32)> = g.pairs.iter().map(|&(a, b, _, _)| (a, b)).collect();
    let mut per_entity: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, r) in recs.iter().enumerate() {
        per_entity.entry(r.entity).or_default().push(i);
    }
    let mut out = Vec::new();
    for v in per_entity.values() {
        for (k, &a) in v.iter().enumerate() {
            out.extend(v[k + 1..].iter().filter(|&&b| !cand.contains(&(a as u32, b as u32))).map(|&b| (a, b)));
        }
    }
    out
}

/// True cross-member pairs that were not candidates, by the two records' birth-date precision
/// and the Dice of their year-less encodings (diagnostics).
fn missed_candidates(recs: &[Rec], links: &[LinkRecord], g: &samla_aggregate::link::Grouping) {
    let mut by: BTreeMap<(u8, u8, u8), usize> = BTreeMap::new();
    for (a, b) in true_pairs_not_candidates(recs, g) {
        if recs[a].member == recs[b].member {
            continue;
        }
        let d = match (links[a].clk_year, links[b].clk_year) {
            (Some(x), Some(y)) => (samla_core::clk::dice(&x, &y) * 10.0) as u8,
            _ => 255,
        };
        let (pa, pb) = (links[a].precision.min(links[b].precision), links[a].precision.max(links[b].precision));
        *by.entry((pa, pb, d)).or_insert(0) += 1;
    }
    eprintln!("true pairs not candidates, by (lower precision, higher precision, Dice×10): {by:?}");
}

/// The published group of each record, and the records of each true person (diagnostics).
fn groups_and_people(recs: &[Rec], g: &samla_aggregate::link::Grouping) -> (Vec<usize>, BTreeMap<u32, Vec<usize>>) {
    let mut group_of = vec![0usize; recs.len()];
    for (k, gr) in g.groups.iter().enumerate() {
        for &i in gr {
            group_of[i] = k;
        }
    }
    let mut per_entity: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for (i, r) in recs.iter().enumerate() {
        per_entity.entry(r.entity).or_default().push(i);
    }
    (group_of, per_entity)
}

/// True people at four or more members that the published groups split: each pair of their
/// records with its log-odds, or "—" when it was not a candidate (diagnostics).
fn split_people(recs: &[Rec], g: &samla_aggregate::link::Grouping) {
    let lo: HashMap<(u32, u32), f64> = g.pairs.iter().map(|&(a, b, _, l)| ((a.min(b), a.max(b)), l)).collect();
    let gam: HashMap<(u32, u32), samla_aggregate::link::compare::Gamma> =
        g.pairs.iter().map(|&(a, b, gm, _)| ((a.min(b), a.max(b)), gm)).collect();
    let (group_of, per_entity) = groups_and_people(recs, g);
    let mut shown = 0;
    for v in per_entity.values() {
        let mut ms: Vec<u32> = v.iter().map(|&i| recs[i].member).collect();
        ms.sort_unstable();
        ms.dedup();
        let mut gs: Vec<usize> = v.iter().map(|&i| group_of[i]).collect();
        gs.sort_unstable();
        gs.dedup();
        if ms.len() < 4 || gs.len() < 2 || shown >= 8 {
            continue;
        }
        shown += 1;
        eprintln!("split person ({} groups):", gs.len());
        for &i in v {
            let r = &recs[i];
            let row: Vec<String> = v
                .iter()
                .map(|&j| match lo.get(&(i.min(j) as u32, i.max(j) as u32)) {
                    _ if i == j => "·".into(),
                    Some(l) => format!("{l:.1}"),
                    None => "—".into(),
                })
                .collect();
            eprintln!(
                "  g{} m{} {} {} {} | {} | name group {} people {:.2}",
                group_of[i],
                r.member,
                r.given,
                r.family,
                r.birth,
                row.join(" "),
                g.name_groups[i].0,
                g.name_groups[i].1
            );
            if let Some(gm) = v.iter().filter(|&&j| j != i).find_map(|&j| gam.get(&(i.min(j) as u32, i.max(j) as u32)))
            {
                eprintln!("     first pair {gm:?}");
            }
        }
    }
}

/// Per comparison level: candidate pairs, share truly one person, mean posterior (diagnostics).
/// The kind of a set of records (one person's, or one published group's) for the debug
/// lines: the hardest thing any of them has, in this order.
fn kind<'a>(records: impl Iterator<Item = &'a Rec> + Clone) -> &'static str {
    let any = |f: fn(&Rec) -> bool| records.clone().any(f);
    if any(|r| r.family.is_empty() || r.given.is_empty()) {
        "a name missing"
    } else if any(|r| r.birth.is_empty()) {
        "an undated record"
    } else if any(|r| r.birth.len() == 4 || r.birth.ends_with("-01-01")) {
        "a year-only record"
    } else {
        "full dates only"
    }
}

fn debug(recs: &[Rec], g: &samla_aggregate::link::Grouping) {
    // (pairs, true pairs, posterior mass, posterior mass missing on true pairs) per level.
    type Level = (u8, u8, u8);
    let mut by: BTreeMap<Level, (usize, usize, f64, f64)> = BTreeMap::new();
    for &(a, b, gm, lo) in &g.pairs {
        let e = by.entry((gm.year, gm.name, gm.date)).or_default();
        let t = recs[a as usize].entity == recs[b as usize].entity;
        let p = 1.0 / (1.0 + (-lo).exp());
        e.0 += 1;
        e.1 += usize::from(t);
        e.2 += p;
        if t {
            e.3 += 1.0 - p;
        }
    }
    eprintln!("model: {:#?}", g.model);
    let found: usize =
        g.pairs.iter().filter(|&&(a, b, _, _)| recs[a as usize].entity == recs[b as usize].entity).count();
    let mut per: HashMap<u32, usize> = HashMap::new();
    for r in recs {
        *per.entry(r.entity).or_insert(0) += 1;
    }
    let all: usize = per.values().map(|k| k * (k - 1) / 2).sum();
    let sum_true: f64 = g
        .pairs
        .iter()
        .filter(|&&(a, b, _, _)| recs[a as usize].entity == recs[b as usize].entity)
        .map(|p| 1.0 / (1.0 + (-p.3).exp()))
        .sum();
    let sum_all: f64 = g.pairs.iter().map(|p| 1.0 / (1.0 + (-p.3).exp())).sum();
    // Persons if every true pair among the candidates were linked (the candidate search's
    // own limit).
    let mut parent: Vec<usize> = (0..recs.len()).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    for &(a, b, _, _) in &g.pairs {
        if recs[a as usize].entity == recs[b as usize].entity {
            let (x, y) = (find(&mut parent, a as usize), find(&mut parent, b as usize));
            parent[x] = y;
        }
    }
    let oracle = (0..recs.len()).filter(|&i| find(&mut parent, i) == i).count();
    if std::env::var_os("SAMLA_BENCH_LOW").is_some() {
        for &(a, b, gm, lo) in &g.pairs {
            let t = recs[a as usize].entity == recs[b as usize].entity;
            if t && lo < -1.0 && gm.name == 0 {
                let f = |x: u32| {
                    let r = &recs[x as usize];
                    format!("{} {} {} m{}", r.given, r.family, r.birth, r.member)
                };
                eprintln!("low: {:?} {lo:.1}: {} ~ {}", gm, f(a), f(b));
            }
        }
    }
    {
        // One person's records where one has a name missing: their name level (6: contained).
        let mut by: BTreeMap<(u8, bool), usize> = BTreeMap::new();
        for &(a, b, gm, _) in &g.pairs {
            let (x, y) = (&recs[a as usize], &recs[b as usize]);
            let short = |r: &Rec| r.given.is_empty() || r.family.is_empty();
            if x.entity == y.entity && short(x) != short(y) {
                let s = if short(x) { x } else { y };
                *by.entry((gm.name, s.birth.is_empty())).or_default() += 1;
            }
        }
        eprintln!("true pairs with one name missing, by (name level, the short one undated): {by:?}");
    }
    // Persons by a greedy decision at posterior 0.5 (one record per member and group).
    let mut parent: Vec<usize> = (0..recs.len()).collect();
    let mut members: Vec<Vec<u32>> = recs.iter().map(|r| vec![r.member]).collect();
    let mut sorted: Vec<_> = g.pairs.iter().filter(|p| p.3 > 0.0).collect();
    sorted.sort_by(|x, y| y.3.total_cmp(&x.3));
    for &&(a, b, _, _) in &sorted {
        let (x, y) = (find(&mut parent, a as usize), find(&mut parent, b as usize));
        if x != y && !members[x].iter().any(|m| members[y].contains(m)) {
            parent[x] = y;
            let mx = std::mem::take(&mut members[x]);
            members[y].extend(mx);
        }
    }
    let greedy = (0..recs.len()).filter(|&i| find(&mut parent, i) == i).count();
    // Splits (a true person in several groups) and merges (several people in one group), by
    // the birth dates the person's records carry.
    let (group_of, by_entity) = groups_and_people(recs, g);
    let mut splits: BTreeMap<&str, usize> = BTreeMap::new();
    for v in by_entity.values() {
        let mut gs: Vec<usize> = v.iter().map(|&i| group_of[i]).collect();
        gs.sort_unstable();
        gs.dedup();
        if gs.len() > 1 {
            let class = kind(v.iter().map(|&i| &recs[i]));
            *splits.entry(class).or_default() += gs.len() - 1;
            if std::env::var_os("SAMLA_BENCH_SPLITS").is_some()
                && class == std::env::var("SAMLA_BENCH_SPLITS").unwrap_or_default().as_str()
            {
                let f = |x: usize| {
                    let r = &recs[x];
                    format!(
                        "[{} {} {} m{} g{} n̂{:.1}]",
                        r.given, r.family, r.birth, r.member, group_of[x], g.name_groups[x].1
                    )
                };
                let line: Vec<String> = v.iter().map(|&i| f(i)).collect();
                eprintln!("split: {}", line.join(" "));
            }
        }
    }
    let mut merged = 0;
    let mut merges: BTreeMap<&str, usize> = BTreeMap::new();
    for gr in &g.groups {
        let mut es: Vec<u32> = gr.iter().map(|&i| recs[i].entity).collect();
        es.sort_unstable();
        es.dedup();
        merged += es.len() - 1;
        if es.len() > 1 {
            *merges.entry(kind(gr.iter().map(|&i| &recs[i]))).or_default() += es.len() - 1;
        }
    }
    eprintln!("merges by kind of group: {merges:?}");
    // Estimated against true people per name group, by group size.
    let mut truth_by_group: HashMap<u32, Vec<u32>> = HashMap::new();
    for (i, &(gid, _)) in g.name_groups.iter().enumerate() {
        truth_by_group.entry(gid).or_default().push(recs[i].entity);
    }
    let mut cmp: BTreeMap<usize, (usize, f64, f64)> = BTreeMap::new();
    for (gid, es) in &truth_by_group {
        let mut e = es.clone();
        e.sort_unstable();
        e.dedup();
        let est = g.name_groups.iter().find(|x| x.0 == *gid).map_or(0.0, |x| x.1);
        let bucket = match e.len() {
            1 => 1,
            2..=3 => 2,
            4..=7 => 4,
            8..=15 => 8,
            _ => 16,
        };
        let c = cmp.entry(bucket).or_default();
        c.0 += 1;
        c.1 += e.len() as f64;
        c.2 += est;
    }
    for (b, (n, t, e)) in cmp {
        eprintln!("name groups with {b}+ true people: {n} groups, true people {t}, estimated {e:.0}");
    }
    if let Some(m) = &g.model {
        eprintln!(
            "lambda {:.3e} (true {:.3e}); m_name {:?} m_year {:?} m_date {:?}; near-name {:.3} name u {:?}",
            m.lambda,
            all as f64 / m.background.cross_pairs,
            m.m_name.map(|x| (x * 1000.0).round() / 1000.0),
            m.m_year.map(|x| (x * 1000.0).round() / 1000.0),
            m.m_date.map(|x| (x * 1000.0).round() / 1000.0),
            m.background.near_name_rel,
            m.background.name_u
        );
    }
    eprintln!("splits by kind of person: {splits:?}; people merged into others: {merged}");
    let expected_links: f64 = g.pairs.iter().map(|p| 1.0 / (1.0 + (-p.3).exp())).sum();
    eprintln!(
        "persons by greedy decision at 0.5: {greedy}; records {} − posterior pair mass {expected_links:.0}",
        recs.len()
    );
    eprintln!("persons if all true candidate pairs were linked: {oracle}");
    eprintln!(
        "true pairs {all}, among candidates {found}; posterior mass on true pairs {sum_true:.0}, on all {sum_all:.0}"
    );
    if std::env::var_os("SAMLA_BENCH_MISSED").is_some() {
        for (a, b) in true_pairs_not_candidates(recs, g) {
            let f = |x: usize| format!("{} {} {} {:?}", recs[x].given, recs[x].family, recs[x].birth, recs[x].country);
            eprintln!("missed: {} ~ {}", f(a), f(b));
        }
    }
    eprintln!(
        "| year class | name band | rest of date | pairs | true share | mean posterior | true pairs' missing mass |"
    );
    for ((y, nb, d), (n, t, p, miss)) in by {
        eprintln!("| {y} | {nb} | {d} | {n} | {:.3} | {:.3} | {miss:.1} |", t as f64 / n as f64, p / n as f64);
    }
}

/// What the noise on the name-level encodings costs the count: each year linked twice with the
/// same linkage secret, its encodings built without noise and with `rate` (`clk::NAME_NOISE`; the
/// linkage told the rate each time), and the errors side by side.
pub fn noise_cost(years: usize, first_seed: u64, max_people: usize, rate: f64, family: Family) {
    let secret = LinkageSecret::generate().expect("secret");
    println!("| seed | records | no DOB | truth | error without noise | error with noise | |error| change |");
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    let (mut without, mut with) = (Vec::new(), Vec::new());
    for seed in first_seed..first_seed + years as u64 {
        let shape = Shape::of(family, seed, max_people);
        let (recs, truth) = generate(&shape);
        let mut err = [0f64; 2];
        for (k, noise) in [0.0, rate].into_iter().enumerate() {
            let mut links = link_records_with_noise(&recs, &secret, noise);
            let p = fuzzy::Params { name_noise: noise, ..fuzzy::PARAMS };
            let g = group_with(&mut links, &p, samla_aggregate::link::TAU, seed, false);
            err[k] = (g.persons_estimate as f64 - truth as f64) / truth as f64;
        }
        without.push(err[0].abs());
        with.push(err[1].abs());
        println!(
            "| {seed} | {} | {:.2} | {truth} | {:+.2} % | {:+.2} % | {:+.2} |",
            recs.len(),
            shape.missing_dob,
            err[0] * 100.0,
            err[1] * 100.0,
            (err[1].abs() - err[0].abs()) * 100.0
        );
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    println!();
    println!("| years | median |error| without noise | with noise | mean |error| without | with |");
    println!("|---:|---:|---:|---:|---:|");
    println!(
        "| {years} | {:.2} % | {:.2} % | {:.2} % | {:.2} % |",
        median(&mut without.clone()) * 100.0,
        median(&mut with.clone()) * 100.0,
        mean(&without) * 100.0,
        mean(&with) * 100.0
    );
}
