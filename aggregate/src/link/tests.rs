//! Tests of the whole linkage (`group_with`) on records encoded as the client encodes them.

use super::*;
use samla_core::batch::linkage_fields;
use samla_core::clk::{Encoder, WEIGHTS};
use samla_core::normalize::{name_tokens, PartialDate};
use samla_core::pseudonym::{Identifiers, LinkageSecret};

/// A record as the client encodes it.
fn rec(s: &LinkageSecret, member: u32, given: &str, family: &str, date: &str, nid: Option<&str>) -> LinkRecord {
    let today = time::Date::from_calendar_date(2025, time::Month::January, 1).expect("date");
    let birth = if date.is_empty() { None } else { PartialDate::parse(date, today).ok() };
    let ids = Identifiers {
        national_id: nid,
        migration_id: None,
        given: name_tokens(given).into_iter().collect(),
        family: name_tokens(family).into_iter().collect(),
        birth,
    };
    let enc = Encoder::new(&s.clk_key("1"), WEIGHTS, false);
    let l = linkage_fields(&s.match_keyer("1"), &enc, &ids, Some("NG"));
    LinkRecord::from_fields(member, &l, Some("female"), Some("NG"))
}

fn secret() -> LinkageSecret {
    LinkageSecret::generate().expect("secret")
}

#[test]
fn the_same_person_at_three_members_is_one_and_the_range_holds_it() {
    let s = secret();
    let mut recs = vec![
        rec(&s, 0, "Blessing", "Igbinedion", "1994-05-17", None),
        rec(&s, 1, "Blessing", "Igbinedion", "1994-05-17", None),
        rec(&s, 2, "Igbinedion", "Blessing", "1994-05-17", None),
        rec(&s, 1, "Precious", "Omoregie", "1988-11-02", None),
    ];
    let g = group(&mut recs, &fuzzy::PARAMS);
    assert_eq!(g.groups.len(), 2, "{:?}", g.groups);
    assert_eq!(g.persons_estimate, 2);
    assert!(g.persons_lower <= 2 && g.persons_upper >= 2);
}

#[test]
fn names_less_alike_than_the_floor_are_compared_when_the_full_birth_dates_agree() {
    let s = secret();
    let mut recs = vec![
        rec(&s, 0, "Connor James", "Shepherd", "1932-09-07", None),
        rec(&s, 1, "Stirling", "Shepherd", "1932-09-07", None),
        rec(&s, 2, "Stirling", "Shepherd", "1932-10-17", None),
    ];
    // Others born that year, so the year's bits can be told from the names' bits.
    for (k, (given, family)) in
        [("Amina", "Bello"), ("Olga", "Ivanova"), ("Joy", "Osagie"), ("Grace", "Eze")].iter().enumerate()
    {
        recs.push(rec(&s, 3, given, family, &format!("1932-0{}-1{k}", k + 1), None));
    }
    let g = group_with(&mut recs, &fuzzy::PARAMS, TAU, 1, true);
    let pairs: Vec<(u32, u32)> = g.pairs.iter().map(|&(a, b, _, _)| (a, b)).collect();
    assert!(pairs.contains(&(0, 1)), "same date: {pairs:?}");
    assert!(!pairs.contains(&(0, 2)), "another date: {pairs:?}");
}

#[test]
fn a_long_given_name_alone_is_found_inside_the_full_name() {
    let s = secret();
    let mut recs = vec![
        rec(&s, 0, "Alexandru", "Pop", "2001-05-18", None),
        rec(&s, 1, "Alexandru", "", "", None),
        rec(&s, 2, "Alexandra", "Popa", "2001-05-18", None),
        rec(&s, 3, "Grace", "Okonkwo", "1999-02-11", None),
    ];
    // A year of ordinary names, so a long given name alone is not short enough for the
    // search of `contained_pairs` but is tested on the candidate pairs.
    let names =
        [("Grace", "Okonkwo"), ("Olga", "Ivanova"), ("Fatima", "Yusuf"), ("Hanna", "Petrova"), ("Mercy", "Okafor")];
    for (k, (given, family)) in names.iter().cycle().take(20).enumerate() {
        recs.push(rec(&s, 4 + k as u32 % 4, given, family, &format!("19{}-0{}-1{}", 80 + k, 1 + k % 9, k % 10), None));
    }
    let views: Vec<View<'_>> = recs.iter().map(|r| r.view(samla_core::clk::NAME_NOISE)).collect();
    let with_clk: Vec<usize> = (0..recs.len()).collect();
    let band3 = Gamma { name: 3, year: compare::MISSING, date: compare::MISSING, gender: 0, country: 0 };
    // One person's short and full name; two people with similar full names; unrelated names.
    let mut compared = vec![(0, 1, band3), (0, 2, band3), (1, 3, band3)];
    let mut contained = candidates::Contained::default();
    candidates::contained_among_candidates(
        &views,
        &with_clk,
        &mut compared,
        &mut contained,
        samla_core::clk::NAME_NOISE,
    );
    let levels: Vec<u8> = compared.iter().map(|c| c.2.name).collect();
    assert_eq!(levels, vec![CONTAINED, 3, 3], "{compared:?}");
    assert_eq!(contained.pairs.get(&(0, 1)), Some(&1));
}

#[test]
fn two_records_of_one_member_are_two_people_unless_an_identifier_says_otherwise() {
    let s = secret();
    let mut recs = vec![
        rec(&s, 0, "Joy", "Osagie", "1995-02-03", None),
        rec(&s, 0, "Joy", "Osagie", "1995-02-03", None),
        rec(&s, 1, "Joy", "Osagie", "1995-02-03", None),
        rec(&s, 2, "Mercy", "Eze", "1990-01-05", Some("199001051234")),
        rec(&s, 2, "Mercy", "Eze", "1990-01-06", Some("199001051234")),
    ];
    let g = group(&mut recs, &fuzzy::PARAMS);
    // Joy Osagie twice at member 0: two people, one of them also at member 1; Mercy Eze once.
    assert_eq!(g.groups.len(), 3, "{:?}", g.groups);
    assert!(g.groups.iter().all(|gr| !(gr.contains(&0) && gr.contains(&1))));
    assert!(g.groups.iter().any(|gr| gr.contains(&3) && gr.contains(&4)));
    assert_eq!(g.links_by_kind.get("national_id"), Some(&1));
}

#[test]
fn different_national_ids_are_never_merged_by_name() {
    let s = secret();
    let mut recs = vec![
        rec(&s, 0, "Faith", "Aigbe", "1993-07-08", Some("199307081234")),
        rec(&s, 1, "Faith", "Aigbe", "1993-07-08", Some("199307085678")),
    ];
    let g = group(&mut recs, &fuzzy::PARAMS);
    assert_eq!(g.groups.len(), 2);
    assert_eq!(g.persons_lower, 2);
}

#[test]
fn children_follow_their_linked_parents() {
    let s = secret();
    let child = |member: u32, parent: usize, gender: &str, year: i64| LinkRecord {
        member,
        relation: "indirect_child".into(),
        related_to: Some(parent),
        gender: Some(gender.into()),
        birth_year: Some(year),
        precision: 1,
        ..Default::default()
    };
    let mut recs = vec![
        rec(&s, 0, "Gift", "Idahosa", "1991-03-04", None),
        child(0, 0, "male", 2019),
        child(0, 0, "female", 2021),
        rec(&s, 1, "Gift", "Idahosa", "1991-03-04", None),
        child(1, 3, "male", 2019),
        child(1, 3, "female", 2020),
    ];
    let g = group(&mut recs, &fuzzy::PARAMS);
    // mother once, son once, two daughters of different birth years stay apart.
    assert_eq!(g.groups.len(), 4, "{:?}", g.groups);
    assert_eq!(g.links_by_kind["related_person"], 1);
    assert_eq!(g.persons_estimate, 4);
}

#[test]
fn par_map_keeps_the_order_whatever_the_cost_of_each_item() {
    let items: Vec<u64> = (0..200).collect();
    let out = crate::par_map(&items, |&i| {
        // Uneven work: early items are the slowest.
        let mut x = i;
        for _ in 0..(200 - i) * 1000 {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
        }
        (i, x)
    });
    assert_eq!(out.iter().map(|x| x.0).collect::<Vec<_>>(), items);
}

#[test]
fn the_same_records_give_the_same_result_on_every_run() {
    // An admin who runs the aggregation twice on one year gets one answer (no step may depend
    // on a hash map's order or the time).
    let s = secret();
    let given = ["Amina", "Olga", "Joy", "Grace", "Mercy", "Fatima", "Hanna", "Blessing"];
    let family = ["Bello", "Ivanova", "Osagie", "Eze", "Okafor", "Yusuf", "Petrova"];
    let mut recs = Vec::new();
    for k in 0..90usize {
        let date = if k % 7 == 0 { String::new() } else { format!("{}-0{}-1{}", 1990 + k % 4, 1 + k % 9, k % 10) };
        recs.push(rec(&s, (k % 5) as u32, given[k % 8], family[(k / 3) % 7], &date, None));
    }
    let run = |mut r: Vec<LinkRecord>| {
        let g = group_with(&mut r, &fuzzy::PARAMS, TAU, 1, false);
        let mut groups = g.groups.clone();
        groups.iter_mut().for_each(|x| x.sort_unstable());
        groups.sort();
        (g.persons_estimate, g.persons_lower, g.persons_upper, groups, format!("{:?}", g.model))
    };
    let first = run(recs.clone());
    for _ in 0..3 {
        assert_eq!(run(recs.clone()), first);
    }
}
