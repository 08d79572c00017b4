//! The corpus of bad inputs: every file in tests/corpus/bad (written by make_bad.py) and a few
//! made here (a file over the size limit; xlsx workbooks with merged cells, several sheets and
//! formulas) goes through the real `samla validate`, and its message must be exactly the one in
//! tests/corpus/expected (blessed with `SAMLA_BLESS=1` and reviewed). Each exits 1, none panics,
//! and `samla submit` of each, against a real server, sends nothing and seals nothing.

use std::path::{Path, PathBuf};

use samla_e2e::*;

fn corpus() -> PathBuf {
    repo_root().join("tests/corpus")
}

/// Files made at test time (not committed): returns the directory holding them.
fn make_runtime_files(dir: &Path) {
    use rust_xlsxwriter::{Format, Workbook};
    // Over the 64 MiB limit (sparse: costs no disk).
    let f = std::fs::File::create(dir.join("huge-65mib.csv")).expect("create");
    f.set_len(65 * 1024 * 1024).expect("set_len");
    let header = ["local_id", "given_name", "family_name", "birth_date", "gender", "exploitation_forms"];
    // Merged cells over the header.
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.merge_range(0, 0, 0, 2, "Uppgifter 2024", &Format::new()).expect("merge");
    for (c, h) in header.iter().enumerate().skip(3) {
        ws.write_string(0, c as u16, *h).expect("write");
    }
    ws.write_string(1, 0, "KV-1").expect("write");
    wb.save(dir.join("merged-header-cells.xlsx")).expect("save");
    // Several sheets: instructions first, the data on a sheet with another name.
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Läs mig").expect("name");
    ws.write_string(0, 0, "Fyll i bladet Personer").expect("write");
    let ws = wb.add_worksheet().set_name("Personer").expect("name");
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h).expect("write");
    }
    wb.save(dir.join("data-on-second-sheet.xlsx")).expect("save");
    // Formulas and an unknown code in an xlsx data sheet.
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Uppgifter").expect("name");
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h).expect("write");
    }
    ws.write_string(1, 0, "KV-1").expect("write");
    ws.write_string(1, 1, "Olga").expect("write");
    ws.write_string(1, 2, "Ivanova").expect("write");
    ws.write_string(1, 3, "1990-02-30").expect("write");
    ws.write_formula(1, 4, "=\"fe\"&\"male!\"").expect("formula");
    ws.write_string(1, 5, "sexual;begging;sexual").expect("write");
    wb.save(dir.join("formulas-and-errors.xlsx")).expect("save");
}

fn cases() -> (tempfile::TempDir, Vec<(PathBuf, String)>) {
    let runtime = tempfile::tempdir().expect("tmp");
    make_runtime_files(runtime.path());
    let mut v = Vec::new();
    for dir in [corpus().join("bad"), runtime.path().to_path_buf()] {
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .expect("corpus")
            .flatten()
            .filter_map(|e| e.file_name().to_str().map(str::to_string))
            .collect();
        names.sort();
        v.extend(names.into_iter().map(|n| (dir.clone(), n)));
    }
    (runtime, v)
}

#[test]
fn every_bad_file_gets_its_exact_message_and_nothing_is_sent() {
    let (_keep, cases) = cases();
    assert!(cases.len() >= 100, "the corpus has {} files", cases.len());
    let bless = std::env::var_os("SAMLA_BLESS").is_some();
    let expected_dir = corpus().join("expected");
    let mut mismatches = Vec::new();
    for (dir, name) in &cases {
        let o = samla().current_dir(dir).args(["validate", name, "--year", "2024"]).output().expect("run");
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{name}: exit {:?}\n{err}", o.status.code());
        assert!(!err.contains("panicked"), "{name}: {err}");
        assert!(err.contains(name.as_str()), "{name}: the message names the file\n{err}");
        assert!(err.contains("Ingenting har skickats"), "{name}: says nothing was sent\n{err}");
        let path = expected_dir.join(format!("{name}.txt"));
        if bless {
            std::fs::create_dir_all(&expected_dir).expect("dir");
            std::fs::write(&path, &err).expect("bless");
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_else(|_| format!("(no expected file {})", path.display()));
        if want != err {
            mismatches.push(format!("--- {name}: expected\n{want}--- got\n{err}"));
        }
    }
    assert!(mismatches.is_empty(), "{} messages differ:\n{}", mismatches.len(), mismatches.join("\n"));

    // Submitting any of them sends nothing and leaves nothing sealed in the outbox.
    let p = Platform::new(2024);
    let cfg = p.member("org-a");
    for (dir, name) in &cases {
        let o = samla()
            .current_dir(dir)
            .arg("--config")
            .arg(&cfg)
            .args(["submit", name, "--year", "2024"])
            .output()
            .expect("run");
        assert_eq!(o.status.code(), Some(1), "{name}");
    }
    assert_eq!(p.batch_count(), 0, "nothing stored");
    let sealed = std::fs::read_dir(cfg.join("outbox"))
        .map(|rd| rd.flatten().filter(|e| e.path().is_file()).count())
        .unwrap_or(0);
    assert_eq!(sealed, 0, "nothing sealed");
}

#[test]
fn json_gives_the_same_problems_for_machines() {
    let dir = corpus().join("bad");
    let o = samla()
        .current_dir(&dir)
        .args(["validate", "forty-rows-two-problems-each.csv", "--year", "2024", "--json"])
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json on stdout");
    assert_eq!(v["valid"], false);
    assert_eq!(v["sent"], false);
    assert_eq!(v["problem_count"].as_u64(), Some(80));
    assert_eq!(v["rows_with_problems"].as_u64(), Some(40));
    let first = &v["problems"][0];
    assert_eq!(
        (first["row"].as_u64(), first["column"].as_str(), first["code"].as_str()),
        (Some(2), Some("birth_date"), Some("date"))
    );
    let o =
        samla().current_dir(&dir).args(["validate", "empty.csv", "--year", "2024", "--json"]).output().expect("run");
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v["problems"][0]["code"], "unreadable_file");
}
