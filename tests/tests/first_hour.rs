//! A new member's first hour, as the README leads it: a wrong server address saved at `init`
//! is changed with `init --reconfigure` (same keys, nothing to enrol again) and the batch that
//! waited is sent; the template takes its format from the file name; Excel's scientific
//! notation and a misspelt country are explained.

use samla_e2e::*;

#[test]
fn a_wrong_server_address_is_changed_without_new_keys_and_the_waiting_batch_goes() {
    let p = Platform::new(2024);
    let cfg = p.dir.path().join("members").join("org-a");
    let init = |server: &str, reconfigure: bool| {
        let mut c = samla();
        c.arg("--config").arg(&cfg).args(["init", "--org", "org-a", "--server", server, "--admin-recipients"]);
        c.arg(&p.recipients).arg("--linkage-secret").arg(&p.linkage);
        if reconfigure {
            c.arg("--reconfigure");
        }
        c.output().expect("samla init")
    };
    // The README's https:// address against this plain-http test server: saved, with a warning.
    let wrong = p.url().replace("http://", "https://");
    let first = init(&wrong, false);
    assert!(first.status.success(), "{}", stderr(&first));
    let key = last_line(&first);
    let again = init(&p.url(), false);
    assert!(!again.status.success());
    assert!(stderr(&again).contains("--reconfigure"), "the way out is named: {}", stderr(&again));
    run_expect(server_cmd().args(["org", "add", "org-a", "--public-key", &key, "--data"]).arg(&p.data), 0);

    let file = repo_root().join("demo/data/kvinnojouren-a.csv");
    let o = p.submit(&cfg, &file, 2024);
    assert!(!o.status.success(), "the wrong address cannot be reached");
    assert_eq!(p.batch_count(), 0);

    let other = run_expect(
        samla()
            .arg("--config")
            .arg(p.dir.path().join("members").join("org-z"))
            .args(["init", "--org", "org-z", "--server", &p.url(), "--reconfigure", "--admin-recipients"])
            .arg(&p.recipients)
            .arg("--linkage-secret")
            .arg(&p.linkage),
        1,
    );
    assert!(stderr(&other).contains("samla init"), "nothing to reconfigure: {}", stderr(&other));
    let fixed = init(&p.url(), true);
    assert!(fixed.status.success(), "{}", stderr(&fixed));
    assert_eq!(last_line(&fixed), key, "the same public key: nothing to enrol again");
    let retry =
        samla().arg("--config").arg(&cfg).args(["submit", "--retry", "--attempts", "1"]).output().expect("retry");
    assert!(retry.status.success(), "{}", stderr(&retry));
    assert_eq!(p.batch_count(), 1, "the batch that waited was sent");
}

#[test]
fn the_template_format_follows_the_file_name_and_excel_damage_is_explained() {
    let dir = tempfile::tempdir().expect("tempdir");
    for name in ["statistik 2024.xlsx", "statistik 2024.csv"] {
        run_expect(samla().args(["template", "--year", "2024", "--out"]).arg(dir.path().join(name)), 0);
    }
    let xlsx = std::fs::read(dir.path().join("statistik 2024.xlsx")).expect("xlsx");
    assert!(xlsx.starts_with(b"PK"), "a workbook");
    let csv = std::fs::read_to_string(dir.path().join("statistik 2024.csv")).expect("csv");
    assert!(
        csv.starts_with("Lokalt id (local_id);") || csv.contains("(local_id);"),
        "labels as in the workbook: {csv}"
    );
    // The template's own header, filled in, validates.
    let header = csv.lines().next().expect("header");
    let row: Vec<&str> = header
        .split(';')
        .map(|h| match h.rsplit_once('(').map(|(_, k)| k.trim_end_matches(')')) {
            Some("local_id") => "A-1",
            Some("given_name") => "Olga",
            Some("family_name") => "Ivanova",
            Some("birth_date") => "1990-02-28",
            Some("gender") => "female",
            Some("exploitation_forms") => "sexual",
            _ => "",
        })
        .collect();
    let filled = dir.path().join("ifylld.csv");
    std::fs::write(&filled, format!("{header}\n{}\n", row.join(";"))).expect("filled");
    run_expect(samla().arg("validate").arg(&filled).args(["--year", "2024"]), 0);
    let o = run_expect(samla().args(["template", "--year", "2024", "--out"]).arg(dir.path().join("mall.ods")), 1);
    assert!(stderr(&o).contains("--format"), "{}", stderr(&o));

    let file = dir.path().join("excel.csv");
    std::fs::write(
        &file,
        "local_id;given_name;family_name;national_id;gender;citizenship;exploitation_forms\n\
         A-1;Olga;Ivanova;1,99703E+11;female;RO;sexual\n\
         A-2;Grace;Okafor;;female;Nigria;labour\n",
    )
    .expect("file");
    let o = run_expect(samla().args(["--lang", "en", "validate"]).arg(&file).args(["--year", "2024"]), 1);
    let e = stderr(&o);
    assert!(e.contains("Excel turned the number into scientific notation") && e.contains("Format Cells, Text"), "{e}");
    assert!(e.contains("Did you mean NG (Nigeria)?"), "{e}");
}
