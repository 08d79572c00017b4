//! A template made by `samla template`, filled in with LibreOffice Calc (headless, over UNO, by
//! tests/libreoffice/fill.py) the way a member fills it — Swedish labels from the drop-downs,
//! dates typed into date cells, several values in one cell — saved as .xlsx and as a
//! `;`-separated Windows-1252 CSV, validates and submits to a real server, and the aggregate
//! counts the people in it.

use std::process::Command;

use samla_e2e::*;

fn have_libreoffice() -> bool {
    let soffice = Command::new("soffice").arg("--version").output().is_ok_and(|o| o.status.success());
    let uno = Command::new("/usr/bin/python3").args(["-c", "import uno"]).output().is_ok_and(|o| o.status.success());
    soffice && uno
}

#[test]
fn a_template_filled_in_libreoffice_validates_and_submits() {
    if !have_libreoffice() {
        skip("a template filled in LibreOffice", "LibreOffice or python3-uno is not installed");
        return;
    }
    let p = Platform::new(2024);
    let dir = p.dir.path();
    let template = dir.join("mall-2024.xlsx");
    run_expect(samla().args(["template", "--year", "2024", "--format", "xlsx", "--out"]).arg(&template), 0);
    let (xlsx, csv) = (dir.join("ifylld.xlsx"), dir.join("ifylld.csv"));
    let o = Command::new("/usr/bin/python3")
        .arg(repo_root().join("tests/libreoffice/fill.py"))
        .args([&template, &xlsx, &csv])
        .output()
        .expect("run fill.py");
    assert!(o.status.success(), "fill.py: {}", String::from_utf8_lossy(&o.stderr));

    let bytes = std::fs::read(&csv).expect("csv");
    assert!(std::str::from_utf8(&bytes).is_err(), "LibreOffice wrote Windows-1252, not UTF-8");
    assert!(bytes.windows(3).any(|w| w == b"\";\""), "semicolon-separated");
    assert!(bytes.contains(&0xC5), "Å as Windows-1252");

    let cfg = p.member("kvinnojouren-a");
    for f in [&xlsx, &csv] {
        let o = run_expect(samla().arg("validate").arg(f).args(["--year", "2024"]), 0);
        assert!(stdout(&o).contains("3 rader är giltiga för 2024"), "{}", stdout(&o));
        let o = p.submit(&cfg, f, 2024);
        assert!(o.status.success(), "{}: {}", f.display(), stderr(&o));
    }
    assert_eq!(p.batch_count(), 2, "the CSV supersedes the xlsx");
    let r = p.aggregate(2024, &dir.join("out"), true);
    let t = &r["totals"];
    assert_eq!((t["persons"].as_u64(), t["direct"].as_u64(), t["indirect"].as_u64()), (Some(3), Some(2), Some(1)));
    let forms: Vec<&str> = r["tables"]["exploitation_forms"]["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter(|c| c["count"].as_u64() == Some(1))
        .filter_map(|c| c["key"].as_str())
        .collect();
    assert_eq!(forms, ["sexual", "begging", "criminal_activities"], "labels from the drop-downs became codes");
}
