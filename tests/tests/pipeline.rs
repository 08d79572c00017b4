//! The whole yearly pipeline with the real binaries: three members with overlapping people
//! (demo/data), a real server on loopback, the aggregate checked against the ground truth in
//! demo/data/truth.csv.

use std::collections::{BTreeMap, BTreeSet};

use samla_e2e::*;

const YEAR: i32 = 2024;
const MEMBERS: [&str; 3] = ["kvinnojouren-a", "juristbyran-b", "stodcentrum-c"];

struct Truth {
    persons: usize,
    direct: usize,
    indirect: usize,
    raw_sum: usize,
    multi_member: usize,
    direct_gender: BTreeMap<String, u64>,
}

fn truth() -> Truth {
    let text = std::fs::read_to_string(repo_root().join("demo/data/truth.csv")).expect("truth.csv");
    let mut members_of: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut info: BTreeMap<String, (String, String)> = BTreeMap::new();
    let mut raw = 0;
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(';').collect();
        raw += 1;
        members_of.entry(f[2].to_string()).or_default().insert(f[0].to_string());
        info.insert(f[2].to_string(), (f[3].to_string(), f[4].to_string()));
    }
    let direct: Vec<&(String, String)> = info.values().filter(|(r, _)| r == "direct").collect();
    let mut direct_gender = BTreeMap::new();
    for (_, g) in &direct {
        *direct_gender.entry(g.clone()).or_insert(0) += 1;
    }
    Truth {
        persons: info.len(),
        direct: direct.len(),
        indirect: info.len() - direct.len(),
        raw_sum: raw,
        multi_member: members_of.values().filter(|m| m.len() > 1).count(),
        direct_gender,
    }
}

/// Identifying values from the demo files that must never reach the server or a report.
fn canaries() -> Vec<String> {
    let mut out = BTreeSet::new();
    for m in MEMBERS {
        let text = std::fs::read_to_string(repo_root().join(format!("demo/data/{m}.csv"))).expect("csv");
        let text = text.trim_start_matches('\u{feff}');
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().expect("header").split(';').collect();
        for line in lines {
            for (k, v) in header.iter().zip(line.split(';')) {
                let id_col = matches!(
                    *k,
                    "local_id" | "given_name" | "family_name" | "birth_date" | "national_id" | "migration_id"
                );
                if id_col && v.chars().count() >= 5 {
                    out.insert(v.to_string());
                }
            }
        }
    }
    out.into_iter().collect()
}

fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut v = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                v.extend(files_under(&p));
            } else {
                v.push(p);
            }
        }
    }
    v
}

#[test]
fn a_demo_year_end_to_end_matches_the_truth() {
    let t = truth();
    let p = Platform::new(YEAR);
    for m in MEMBERS {
        let cfg = p.member(m);
        let file = repo_root().join(format!("demo/data/{m}.csv"));
        let v = run_expect(samla().arg("--config").arg(&cfg).arg("validate").arg(&file).args(["--year", "2024"]), 0);
        assert!(stdout(&v).contains("rader är giltiga"), "{}", stdout(&v));
        let o = p.submit(&cfg, &file, YEAR);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(stdout(&o).contains("sha256"), "{}", stdout(&o));
        let receipts = std::fs::read_dir(cfg.join("receipts/2024")).expect("receipts dir").count();
        assert_eq!(receipts, 1);
    }
    let st = run_expect(server_cmd().args(["status", "--year", "2024", "--data"]).arg(&p.data), 0);
    assert!(stdout(&st).contains("3 av 3 medlemmar har skickat in"), "{}", stdout(&st));
    run_expect(server_cmd().args(["round", "close", "--year", "2024", "--data"]).arg(&p.data), 0);

    let internal_dir = p.dir.path().join("internal");
    let r = p.aggregate(YEAR, &internal_dir, true);
    let totals = &r["totals"];
    assert_eq!(totals["persons"], t.persons as u64, "deduplicated total");
    assert_eq!(totals["direct"], t.direct as u64);
    assert_eq!(totals["indirect"], t.indirect as u64);
    assert_eq!(totals["raw_sum"], t.raw_sum as u64);
    assert_eq!(totals["multi_member_persons"], t.multi_member as u64);
    let lower = totals["persons_lower"].as_u64().expect("lower");
    let upper = totals["persons_upper"].as_u64().expect("upper");
    assert!(lower <= t.persons as u64 && t.persons as u64 <= upper, "{lower} ≤ {} ≤ {upper}", t.persons);
    // Every linkage figure carries its range, holding the published figure.
    let multi = totals["multi_member_range"].as_array().expect("multi range");
    let (mlo, mhi) = (multi[0].as_u64().expect("lo"), multi[1].as_u64().expect("hi"));
    assert!(mlo <= t.multi_member as u64 && t.multi_member as u64 <= mhi, "{mlo} ≤ {} ≤ {mhi}", t.multi_member);
    let by = r["linkage"]["persons_by_member_count"].as_object().expect("by members");
    let by_range = r["linkage"]["persons_by_member_count_range"].as_object().expect("by members range");
    assert_eq!(by.keys().collect::<Vec<_>>(), by_range.keys().collect::<Vec<_>>());
    for (k, v) in by {
        let (v, lh) = (v.as_u64().expect("count"), by_range[k].as_array().expect("range"));
        assert!(lh[0].as_u64() <= Some(v) && Some(v) <= lh[1].as_u64(), "{k}: {v} in {lh:?}");
    }
    for row in r["tables"]["gender"]["rows"].as_array().expect("rows") {
        let k = row["key"].as_str().expect("key");
        assert_eq!(row["count"].as_u64(), Some(*t.direct_gender.get(k).unwrap_or(&0)), "gender {k}");
    }
    assert_eq!(r["tables"]["gender"]["answered"].as_u64(), Some(t.direct as u64));
    assert_eq!(r["internal"], true);
    let html = std::fs::read_to_string(internal_dir.join("report.html")).expect("html");
    assert!(html.contains("INTERNT"), "internal html is marked");
    // The linkage figures' ranges in words and in the table of people by number of members.
    assert!(html.contains("Personer efter hur många medlemmar som rapporterat dem"), "by-member table");
    assert!(html.contains("Troligen mellan (90 %)"), "range column");
    assert!(
        html.contains(&format!("Av dem har {} rapporterats av mer än en medlem", t.multi_member)),
        "multi sentence"
    );
    assert!(html.contains("Osäkerhetsintervall för personer som rapporterats av mer än en medlem"));
    assert!(std::fs::read_to_string(internal_dir.join("report.csv")).expect("csv").contains("INTERNAL"));

    let public_dir = p.dir.path().join("public");
    let r = p.aggregate(YEAR, &public_dir, false);
    assert_eq!(r["internal"], false);
    assert!(r["disclosure_control"]["rule"].as_str().is_some_and(|s| s.contains("1 or 2")));
    let mut suppressed = 0;
    for (key, table) in r["tables"].as_object().expect("tables") {
        for row in table["rows"].as_array().expect("rows") {
            match row["count"].as_u64() {
                Some(c) => assert!(!(1..=2).contains(&c), "{key}/{}: {c} is published", row["key"]),
                None => {
                    assert_eq!(row["suppressed"], true);
                    suppressed += 1;
                }
            }
        }
    }
    assert!(suppressed > 0, "a small demo year has cells to suppress");
    // A hidden linkage figure takes its range with it.
    let by = r["linkage"]["persons_by_member_count"].as_object().expect("by members");
    for k in r["linkage"]["persons_by_member_count_range"].as_object().expect("by members range").keys() {
        assert!(by.contains_key(k), "range of hidden {k} published");
    }
    assert_eq!(r["totals"]["multi_member_persons"].is_null(), r["totals"].get("multi_member_range").is_none());
    let html = std::fs::read_to_string(public_dir.join("report.html")).expect("html");
    assert!(!html.contains("INTERNT") && html.contains("<table>"));

    // No identifying value anywhere on the server side or in any report.
    let canaries = canaries();
    assert!(canaries.len() > 100, "enough canaries: {}", canaries.len());
    let mut scanned = files_under(&p.data);
    scanned.extend(files_under(&internal_dir));
    scanned.extend(files_under(&public_dir));
    if let Some(s) = &p.server {
        scanned.push(s.log.clone());
    }
    for f in &scanned {
        let bytes = std::fs::read(f).expect("read");
        let text = String::from_utf8_lossy(&bytes);
        for c in &canaries {
            assert!(!text.contains(c.as_str()), "{} contains identifying value {c:?}", f.display());
        }
    }
    // Every decryption is in the audit log: 3 batches × 2 runs.
    let decrypts: i64 =
        p.db().query_row("SELECT COUNT(*) FROM audit WHERE action = 'decrypt'", [], |r| r.get(0)).expect("audit");
    assert_eq!(decrypts, 6);
    assert!(p.db().execute("DELETE FROM audit", []).is_err(), "audit log is append-only");
}
