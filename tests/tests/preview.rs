//! `samla preview`: the member's proof that names never leave — what is sent and as what, what
//! stays, and the first records exactly as sent; `--full` prints the whole plaintext batch.

use samla_e2e::*;

#[test]
fn preview_shows_what_leaves_and_no_identifier_appears() {
    let p = Platform::new(2024);
    let cfg = p.member("kvinnojouren-a");
    let file = repo_root().join("demo/data/kvinnojouren-a.csv");
    let o = run_expect(samla().arg("--config").arg(&cfg).arg("preview").arg(&file).args(["--year", "2024"]), 0);
    let out = stdout(&o);
    for want in [
        "SKICKAS",
        "STANNAR HOS ER",
        "given_name (Förnamn)",
        "national_id",
        "i stället för identiteten",
        "Kön",
        "De första 3 personerna",
        "Ingenting har skickats",
    ] {
        assert!(out.contains(want), "{want}:\n{out}");
    }
    // No name, birth date or case id from the file appears anywhere in the preview.
    let text = std::fs::read_to_string(&file).expect("csv");
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    let header: Vec<&str> = lines.next().expect("header").split(';').collect();
    let mut checked = 0;
    for line in lines {
        for (k, v) in header.iter().zip(line.split(';')) {
            if matches!(*k, "local_id" | "given_name" | "family_name" | "birth_date") && v.len() >= 4 {
                assert!(!out.contains(v), "{k} {v:?} appears in the preview");
                checked += 1;
            }
        }
    }
    assert!(checked > 50, "checked {checked} identifying values");
    // --full: the exact plaintext batch, which parses and holds every row.
    let o =
        run_expect(samla().arg("--config").arg(&cfg).arg("preview").arg(&file).args(["--year", "2024", "--full"]), 0);
    let batch: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("batch json");
    let rows = text.lines().count() - 1;
    assert_eq!(batch["records"].as_array().map(Vec::len), Some(rows));
    assert_eq!(p.batch_count(), 0, "nothing sent");
}
