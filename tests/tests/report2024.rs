//! A synthetic year whose true distribution is the platform's 2024 report
//! (reference/seeds/001_*): 403 people, 370 potentially directly exploited and 33 children of
//! victims; 80 % women among the direct; 57 % sexual exploitation; 7 directly exploited minors
//! (6 in sexual exploitation); a police report for 70, whose legal status is 20 unknown,
//! 18 investigation closed, 16 ongoing, 9 not started, 6 convictions and 1 prosecution.
//! 25 people are reported by two members each (428 rows in all).
//!
//! It goes through the real pipeline (three members' CSV files, `samla submit` to a real server,
//! `samla-server aggregate`), and the test checks that the internal report shows those figures,
//! that the published one shows a safe version of them (no 1 or 2 anywhere, and no hidden cell
//! recomputable from the published numbers, tried by solving each table's equations exactly),
//! that the previous year's figures appear with `--previous`, and that the page renders in
//! headless Chromium with its charts and tables.

use std::collections::BTreeMap;
use std::path::Path;

use samla_e2e::*;
use serde_json::Value;

const MEMBERS: [&str; 3] = ["kvinnojouren-a", "juristbyran-b", "stodcentrum-c"];
const HEADER: &str = "local_id;given_name;family_name;birth_date;national_id;migration_id;relation;related_to;gender;birth_country;citizenship;exploitation_forms;labour_sector;exploitation_countries;identified_by;contact_start_year;social_services_contact;social_services_support;civil_society_support;support_reason;nsp;basic_needs_unmet;police_report;reported_crimes;legal_status;rights_met";

const GIVEN: [&str; 24] = [
    "Amina", "Olga", "Thi Lan", "Grace", "Ioana", "Maryna", "Blessing", "Sunisa", "Elena", "Fatima", "Joy", "Mihaela",
    "Nadia", "Precious", "Svetlana", "Rahel", "Chloe", "Adaeze", "Kateryna", "Linh", "Esther", "Bianca", "Hoa",
    "Zainab",
];
const FAMILY: [&str; 20] = [
    "Okafor",
    "Popescu",
    "Nguyen",
    "Kovalenko",
    "Bello",
    "Ionescu",
    "Tran",
    "Mensah",
    "Adeyemi",
    "Dumitru",
    "Shevchenko",
    "Pham",
    "Eze",
    "Stoica",
    "Melnyk",
    "Boateng",
    "Haile",
    "Rusu",
    "Bondarenko",
    "Osei",
];

struct Person {
    local: String,
    given: String,
    family: String,
    birth: String,
    relation: &'static str,
    related_to: String,
    gender: &'static str,
    country: &'static str,
    forms: Vec<&'static str>,
    places: Vec<&'static str>,
    contact: i32,
    police: &'static str,
    legal: &'static str,
    members: Vec<usize>,
}

fn splitmix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The people of a year: `direct` directly exploited people with the 2024 report's
/// distribution (scaled down when fewer), and the 33 children of victims when `children`.
fn people(year: i32, direct: usize, children: bool) -> Vec<Person> {
    let legal: Vec<&str> = std::iter::repeat_n("", 20)
        .chain(std::iter::repeat_n("investigation_closed", 18))
        .chain(std::iter::repeat_n("investigation_ongoing", 16))
        .chain(std::iter::repeat_n("not_started", 9))
        .chain(std::iter::repeat_n("convicted", 6))
        .chain(std::iter::repeat_n("prosecuted", 1))
        .collect();
    let countries = ["NG", "RO", "SE", "TH", "UA", "VN", "BG", "UG", "ER", "SE"];
    let minors = [0usize, 1, 2, 3, 4, 300, 301];
    let mut out = Vec::new();
    for i in 0..direct {
        let r = splitmix(i as u64 * 7919 + 17);
        // Distinct people: name index and birth date both spread by i.
        let given = GIVEN[i % GIVEN.len()];
        let family = format!("{}{}", FAMILY[(i / GIVEN.len()) % FAMILY.len()], if i >= 480 { "sson" } else { "" });
        let minor = minors.contains(&i);
        let birth = if minor {
            format!("{}-{:02}-{:02}", 2008 + (i % 3) as i32, 1 + i % 12, 1 + (i * 7) % 28)
        } else {
            format!("{}-{:02}-{:02}", 1962 + (r % 38) as i32, 1 + (r >> 8) % 12, 1 + (r >> 16) % 28)
        };
        let gender = if i < 296 {
            "female"
        } else if i < 366 {
            "male"
        } else {
            "other"
        };
        let sexual = (i < 210) || i == 300;
        let mut forms = Vec::new();
        if sexual {
            forms.push("sexual");
        }
        if (200..210).contains(&i) || (!sexual && i < 340) {
            forms.push("labour");
        }
        if !sexual && (340..355).contains(&i) {
            forms.push("begging");
        }
        if !sexual && i >= 355 {
            forms.push("criminal_activities");
        }
        let places = match i % 10 {
            0..=6 => vec!["SE"],
            7 | 8 => vec!["SE", ["NG", "RO", "TH", "UA"][i % 4]],
            _ => vec!["DE"],
        };
        let police_n = (i % 5 == 0 && i < 350).then_some(i / 5);
        out.push(Person {
            local: format!("P-{year}-{i:04}"),
            given: given.to_string(),
            family,
            birth,
            relation: "direct",
            related_to: String::new(),
            gender,
            country: countries[i % countries.len()],
            forms,
            places,
            contact: if i % 4 == 0 { year - 1 } else { year },
            police: match police_n {
                Some(_) => "yes",
                None if i % 3 == 0 => "no",
                None => "",
            },
            legal: police_n.map(|n| legal[n]).unwrap_or(""),
            members: if (100..125).contains(&i) { vec![i % 3, (i + 1) % 3] } else { vec![i % 3] },
        });
    }
    if children {
        for c in 0..33 {
            let parent = 10 + c;
            out.push(Person {
                local: format!("C-{year}-{c:03}"),
                given: ["Noah", "Maja", "Elias", "Alva"][c % 4].to_string(),
                family: out[parent].family.clone(),
                birth: format!("{}-{:02}-{:02}", 2012 + c % 9, 1 + c % 12, 2 + c % 26),
                relation: "indirect_child",
                related_to: out[parent].local.clone(),
                gender: if c % 2 == 0 { "male" } else { "female" },
                country: "SE",
                forms: vec![],
                places: vec![],
                contact: year,
                police: "",
                legal: "",
                members: vec![out[parent].members[0]],
            });
        }
    }
    out
}

fn csv_for(people: &[Person], member: usize) -> String {
    let mut s = format!("\u{feff}{HEADER}\n");
    for p in people.iter().filter(|p| p.members.contains(&member)) {
        let q = |v: &[&str]| if v.len() > 1 { format!("\"{}\"", v.join(";")) } else { v.join(";") };
        let direct = p.relation == "direct";
        let fields = [
            p.local.clone(),
            p.given.clone(),
            p.family.clone(),
            p.birth.clone(),
            String::new(),
            String::new(),
            p.relation.to_string(),
            p.related_to.clone(),
            p.gender.to_string(),
            p.country.to_string(),
            p.country.to_string(),
            q(&p.forms),
            String::new(),
            q(&p.places),
            if direct { "other_organisation".into() } else { String::new() },
            p.contact.to_string(),
            String::new(),
            String::new(),
            if direct { "\"legal_advice;accompaniment\"".into() } else { String::new() },
            String::new(),
            String::new(),
            "no".into(),
            p.police.to_string(),
            String::new(),
            p.legal.to_string(),
            String::new(),
        ];
        s.push_str(&fields.join(";"));
        s.push('\n');
    }
    s
}

fn submit_year(p: &Platform, cfgs: &[std::path::PathBuf], year: i32, people: &[Person]) {
    for (m, cfg) in cfgs.iter().enumerate() {
        let file = p.dir.path().join(format!("{}-{year}.csv", MEMBERS[m]));
        std::fs::write(&file, csv_for(people, m)).expect("write csv");
        let o = p.submit(cfg, &file, year);
        assert!(o.status.success(), "{}\n{}", stdout(&o), stderr(&o));
    }
}

fn rows(r: &Value, table: &str) -> BTreeMap<String, Option<u64>> {
    r["tables"][table]["rows"]
        .as_array()
        .unwrap_or_else(|| panic!("table {table}"))
        .iter()
        .map(|c| (c["key"].as_str().unwrap_or_default().to_string(), c["count"].as_u64()))
        .collect()
}

/// Exact rank over the rationals (fraction-free elimination in i128).
fn rank(mut m: Vec<Vec<i128>>) -> usize {
    let cols = m.first().map_or(0, Vec::len);
    let mut r = 0;
    for c in 0..cols {
        let Some(p) = (r..m.len()).find(|&i| m[i][c] != 0) else { continue };
        m.swap(r, p);
        for i in 0..m.len() {
            if i != r && m[i][c] != 0 {
                let (a, b) = (m[r][c], m[i][c]);
                let pivot = m[r].clone();
                for (x, y) in m[i].iter_mut().zip(pivot) {
                    *x = *x * a - y * b;
                }
                let g = m[i].iter().fold(0i128, |g, &x| gcd(g, x.abs()));
                if g > 1 {
                    m[i].iter_mut().for_each(|x| *x /= g);
                }
            }
        }
        r += 1;
    }
    r
}

fn gcd(a: i128, b: i128) -> i128 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// The attacker: from one published table, every equation a reader can write (for a cross
/// table, every row and column total is assumed known, the worst case), and for each hidden
/// cell whether those equations pin it down. Returns the hidden cells that can be recomputed.
fn recomputable(t: &Value) -> Vec<String> {
    let cells = t["rows"].as_array().expect("rows");
    let n = cells.len();
    let hidden: Vec<usize> = (0..n).filter(|&i| cells[i]["count"].is_null()).collect();
    let missing_hidden = t["missing"].is_null();
    let multi = t["multi_valued"].as_bool().unwrap_or(false);
    let mut unknowns: Vec<usize> = hidden.clone();
    if missing_hidden {
        unknowns.push(n);
    }
    let mut eqs: Vec<Vec<usize>> = Vec::new();
    if t["cross"].is_array() {
        let mut by: BTreeMap<(usize, String), Vec<usize>> = BTreeMap::new();
        for (i, c) in cells.iter().enumerate() {
            let k = c["key"].as_str().unwrap_or_default();
            if let Some((a, b)) = k.split_once('|') {
                by.entry((0, a.into())).or_default().push(i);
                by.entry((1, b.into())).or_default().push(i);
            }
        }
        eqs.extend(by.into_values());
        eqs.push((0..n).collect());
    } else if !multi {
        if !t["answered"].is_null() {
            eqs.push((0..n).collect());
        }
        if !t["population_size"].is_null() {
            eqs.push((0..=n).collect());
        }
    }
    let matrix: Vec<Vec<i128>> =
        eqs.iter().map(|e| unknowns.iter().map(|u| i128::from(e.contains(u))).collect()).collect();
    let base = rank(matrix.clone());
    unknowns
        .iter()
        .enumerate()
        .filter(|(j, _)| {
            let mut with = matrix.clone();
            with.push((0..unknowns.len()).map(|k| i128::from(k == *j)).collect());
            rank(with) == base
        })
        .map(|(_, &u)| if u == n { "missing".to_string() } else { cells[u]["key"].as_str().unwrap_or("?").to_string() })
        .collect()
}

fn find_chromium() -> Option<String> {
    ["chromium", "chromium-browser", "google-chrome"].into_iter().find_map(|c| {
        std::process::Command::new(c).arg("--version").output().ok().filter(|o| o.status.success()).map(|_| c.into())
    })
}

/// Render the page in headless Chromium: the DOM as the browser built it, and a screenshot.
fn render_in_chromium(html: &Path, shot: &Path) -> Option<String> {
    let Some(chromium) = find_chromium() else {
        skip("the report in a real browser", "chromium is not installed");
        return None;
    };
    let profile = tempfile::tempdir().expect("profile");
    let common = |c: &mut std::process::Command| {
        c.args(["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions"])
            .arg(format!("--user-data-dir={}", profile.path().display()));
    };
    let mut dump = std::process::Command::new(&chromium);
    common(&mut dump);
    let out = dump.arg("--dump-dom").arg(html).output().expect("run chromium");
    assert!(out.status.success(), "chromium: {}", String::from_utf8_lossy(&out.stderr));
    let mut sc = std::process::Command::new(&chromium);
    common(&mut sc);
    let o = sc
        .arg(format!("--screenshot={}", shot.display()))
        .arg("--window-size=1200,2200")
        .arg("--hide-scrollbars")
        .arg(html)
        .output()
        .expect("run chromium");
    assert!(o.status.success(), "chromium screenshot: {}", String::from_utf8_lossy(&o.stderr));
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The 2024 year submitted by the members (and 2023 before it), and the published report of
/// 2024 written with 2023 beside it: what every case below starts from.
struct Year2024 {
    p: Platform,
    pub_dir: std::path::PathBuf,
    pr: Value,
}

fn year_2024() -> Year2024 {
    let p = Platform::new(2024);
    run_expect(
        server_cmd().args(["round", "open", "--year", "2023", "--deadline", &future_deadline(), "--data"]).arg(&p.data),
        0,
    );
    let cfgs: Vec<_> = MEMBERS.iter().map(|m| p.member(m)).collect();
    let year2024 = people(2024, 370, true);
    assert_eq!(year2024.iter().map(|x| x.members.len()).sum::<usize>(), 428);
    submit_year(&p, &cfgs, 2024, &year2024);
    submit_year(&p, &cfgs, 2023, &people(2023, 250, false));

    // Published: a safe version of the same figures.
    let pub_dir = p.dir.path().join("public");
    let prev_dir = p.dir.path().join("public-2023");
    p.aggregate(2023, &prev_dir, false);
    let mut c = server_cmd();
    c.args(["aggregate", "--year", "2024", "--allow-open-round", "--identity"])
        .arg(&p.identity)
        .arg("--data")
        .arg(&p.data)
        .arg("--out")
        .arg(&pub_dir)
        .arg("--previous")
        .arg(prev_dir.join("report.json"));
    run_expect(&mut c, 0);
    let pr: Value =
        serde_json::from_str(&std::fs::read_to_string(pub_dir.join("report.json")).expect("json")).expect("json");
    Year2024 { p, pub_dir, pr }
}

#[test]
fn the_internal_figures_reproduce_the_2024_report() {
    let Year2024 { p, .. } = year_2024(); // `p` keeps the files alive
                                          // Internal: the report's own figures.
    let internal_dir = p.dir.path().join("internal");
    let r = p.aggregate(2024, &internal_dir, true);
    let t = &r["totals"];
    assert_eq!((t["persons"].as_u64(), t["direct"].as_u64(), t["indirect"].as_u64()), (Some(403), Some(370), Some(33)));
    assert_eq!((t["raw_sum"].as_u64(), t["multi_member_persons"].as_u64()), (Some(428), Some(25)));
    assert_eq!(r["tables"]["relation"]["rows"][1]["count"].as_u64(), Some(33), "children of victims");
    let gender = &r["tables"]["gender"];
    assert_eq!(gender["rows"][0]["key"], "female");
    assert_eq!((gender["rows"][0]["count"].as_u64(), gender["rows"][0]["percent"].as_f64()), (Some(296), Some(80.0)));
    let forms = rows(&r, "exploitation_forms");
    assert_eq!(forms["sexual"], Some(211));
    let sexual = r["tables"]["exploitation_forms"]["rows"][0]["percent"].as_f64();
    assert_eq!(sexual, Some(57.0), "57 % sexual exploitation");
    assert_eq!(rows(&r, "minors_adults")["minor"], Some(7));
    let mf = rows(&r, "minors_exploitation_forms");
    assert_eq!((mf["sexual"], mf["labour"]), (Some(6), Some(1)));
    assert_eq!(rows(&r, "police_report")["yes"], Some(70));
    let legal = &r["tables"]["legal_status"];
    assert_eq!((legal["population_size"].as_u64(), legal["missing"].as_u64()), (Some(70), Some(20)));
    let lr = rows(&r, "legal_status");
    let expect = [
        ("investigation_closed", 18),
        ("investigation_ongoing", 16),
        ("not_started", 9),
        ("convicted", 6),
        ("prosecuted", 1),
        ("acquitted", 0),
    ];
    for (k, v) in expect {
        assert_eq!(lr[k], Some(v), "legal status {k}");
    }
}

#[test]
fn the_published_report_hides_small_and_recomputable_cells() {
    let Year2024 { pr, .. } = year_2024(); // the files are read from `pr` only
    assert_eq!(pr["internal"], false);
    assert_eq!(pr["totals"]["persons"].as_u64(), Some(403));
    assert_eq!(rows(&pr, "gender")["female"], Some(296));
    assert_eq!(rows(&pr, "exploitation_forms")["sexual"], Some(211));
    assert_eq!(rows(&pr, "minors_adults")["minor"], Some(7));
    let mf = rows(&pr, "minors_exploitation_forms");
    assert_eq!((mf["sexual"], mf["labour"]), (Some(6), None), "the one labour-exploited child is hidden");
    let lp = rows(&pr, "legal_status");
    assert_eq!(lp["prosecuted"], None, "the single prosecution is hidden");
    assert!(lp.values().filter(|v| v.is_none()).count() >= 2, "and one more with it: {lp:?}");
    assert_eq!((lp["investigation_closed"], lp["investigation_ongoing"]), (Some(18), Some(16)));
    let rule = pr["disclosure_control"]["rule"].as_str().unwrap_or_default();
    assert!(rule.contains("1 or 2"), "the rule is stated: {rule}");

    // No published number of people is 1 or 2, and no hidden cell can be recomputed.
    let mut hidden_total = 0;
    let mut tried = 0;
    for (key, t) in pr["tables"].as_object().expect("tables") {
        for c in t["rows"].as_array().expect("rows") {
            assert!(!matches!(c["count"].as_u64(), Some(1 | 2)), "{key}: {c}");
            if c["count"].is_null() {
                hidden_total += 1;
            }
        }
        for f in ["answered", "missing", "population_size"] {
            assert!(!matches!(t[f].as_u64(), Some(1 | 2)), "{key}.{f} = {}", t[f]);
        }
        tried += 1;
        let found = recomputable(t);
        assert!(found.is_empty(), "{key}: hidden cells {found:?} can be recomputed from the published numbers");
    }
    for f in ["direct", "indirect", "multi_member_persons"] {
        assert!(!matches!(pr["totals"][f].as_u64(), Some(1 | 2)), "totals.{f}");
    }
    assert!(hidden_total >= 5, "the year has small cells to hide: {hidden_total}");
    eprintln!("disclosure check: {tried} tables, {hidden_total} hidden cells, none recomputable");
}

#[test]
fn the_published_csv_reads_in_swedish_excel() {
    let Year2024 { p: _platform, pub_dir, pr } = year_2024();
    // report.csv: one row per cell, as Swedish Excel reads it (BOM, `;`, decimal comma).
    let csv = std::fs::read_to_string(pub_dir.join("report.csv")).expect("csv");
    assert!(
        csv.starts_with("\u{feff}tabell;tabell_namn;population;rad;rad_namn;kolumn;kolumn_namn;antal;procent;dold;")
    );
    let lines: Vec<Vec<&str>> = csv.lines().skip(1).map(|l| l.split(';').collect()).collect();
    let cells: usize =
        pr["tables"].as_object().expect("tables").values().map(|t| t["rows"].as_array().map_or(0, Vec::len)).sum();
    assert_eq!(lines.len(), cells, "one line per cell");
    assert!(
        lines.iter().any(|l| l[0] == "gender"
            && l[3] == "female"
            && l[4] == "Kvinna/flicka"
            && l[7] == "296"
            && l[8] == "80,0"),
        "the women's row with a decimal comma"
    );
    assert!(
        lines
            .iter()
            .any(|l| l[0] == "form_by_gender" && l[3] == "sexual" && l[5] == "female" && l[6] == "Kvinna/flicka"),
        "a cross table's cell has its row and column keys"
    );
    assert!(lines.iter().all(|l| l[7] != "1" && l[7] != "2"), "no 1 or 2 in the spreadsheet either");
}

#[test]
fn the_previous_year_is_beside_this_one_in_swedish_and_english() {
    let Year2024 { p, pub_dir, pr } = year_2024();
    // The previous year is beside this one.
    assert_eq!(pr["previous"]["year"].as_u64(), Some(2023));
    assert_eq!(pr["previous"]["totals"]["persons"].as_u64(), Some(250));
    let html = std::fs::read_to_string(pub_dir.join("report.html")).expect("html");
    assert!(html.contains("Jämfört med") || html.contains("Förändring"), "comparison columns");
    assert!(html.contains("Kvinna/flicka") && html.contains("Sexuell exploatering"), "Swedish labels");
    assert!(!html.contains("⟦"), "every message is translated");
    assert!(!html.contains("INTERNT"), "the published page is not marked internal");
    assert!(!html.contains("http://") || !html.contains("src=\"http"), "no network resources");

    // English with --lang en.
    let en_dir = p.dir.path().join("public-en");
    let mut c = server_cmd();
    c.args(["aggregate", "--year", "2024", "--allow-open-round", "--lang", "en", "--identity"])
        .arg(&p.identity)
        .arg("--data")
        .arg(&p.data)
        .arg("--out")
        .arg(&en_dir);
    run_expect(&mut c, 0);
    let en = std::fs::read_to_string(en_dir.join("report.html")).expect("html");
    assert!(en.contains("Female/girl") || en.contains("Woman/girl"), "English labels");
    assert!(en.contains("Disclosure control") && !en.contains("⟦"));
}

#[test]
fn the_page_renders_in_a_real_browser() {
    let Year2024 { p, pub_dir, pr: _ } = year_2024();
    // Seen in a real browser.
    let shot = p.dir.path().join("report.png");
    if let Some(dom) = render_in_chromium(&pub_dir.join("report.html"), &shot) {
        let svgs = dom.matches("<svg").count();
        let tables = dom.matches("<table").count();
        let bars = dom.matches("class=\"bar\"").count();
        assert!(svgs >= 30 && tables >= 30 && bars >= 100, "charts {svgs}, tables {tables}, bars {bars}");
        assert!(dom.contains("403") && dom.contains("Kvinna/flicka"));
        let png = std::fs::read(&shot).expect("screenshot");
        assert!(png.starts_with(b"\x89PNG") && png.len() > 20_000, "a real screenshot ({} bytes)", png.len());
        if let Some(dir) = std::env::var_os("SAMLA_SCREENSHOT_DIR") {
            std::fs::copy(&shot, Path::new(&dir).join("report-2024.png")).expect("copy screenshot");
        }
        eprintln!("browser: {svgs} charts, {tables} tables, {bars} bars rendered");
    }
}
