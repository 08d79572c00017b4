//! The `samla` binary on its own (no server): templates, validation, usage errors.

use std::process::Command;

fn samla() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_samla"));
    c.env_remove("SAMLA_CONFIG").env_remove("SAMLA_LANG");
    c
}

#[test]
fn csv_template_round_trips_through_validate() {
    let dir = tempfile::tempdir().expect("tempdir");
    let t = dir.path().join("mall.csv");
    let o = samla().args(["template", "--year", "2024", "--format", "csv", "--out"]).arg(&t).output().expect("run");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let header = std::fs::read_to_string(&t).expect("template");
    // The workbook's headers: "Label (key)" in the member's language.
    let keys: Vec<&str> =
        header.trim_end().split(';').filter_map(|h| h.rsplit_once('(')).map(|(_, k)| k.trim_end_matches(')')).collect();
    assert_eq!(keys[..4], ["local_id", "given_name", "family_name", "birth_date"], "{header}");
    let cols = header.trim_end().split(';').count();
    assert_eq!(cols, 27);
    let mut row = vec![""; cols];
    row[0] = "X-1";
    std::fs::write(&t, format!("{header}{}\n", row.join(";"))).expect("write");
    let o = samla().arg("validate").arg(&t).args(["--year", "2024"]).output().expect("run");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("1 rad är giltig"));
    // Refuses to overwrite.
    let o = samla().args(["template", "--year", "2024", "--format", "csv", "--out"]).arg(&t).output().expect("run");
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn xlsx_template_is_a_workbook_samla_reads_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let t = dir.path().join("mall.xlsx");
    let o = samla().args(["template", "--year", "2024", "--format", "xlsx", "--out"]).arg(&t).output().expect("run");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(&std::fs::read(&t).expect("xlsx")[..2], b"PK");
    // The empty template has its header recognised and no data rows.
    let o = samla().arg("validate").arg(&t).args(["--year", "2024"]).output().expect("run");
    assert_eq!(o.status.code(), Some(1));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("filen har inga datarader") && !e.contains("okänd kolumn"), "{e}");
}

#[test]
fn unreadable_inputs_get_a_clear_message() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, body, expect) in [
        ("tom.csv", &b""[..], "filen är tom"),
        ("binar.csv", &b"local_id\n\xff\xfe\x00junk"[..], "inte en textfil"),
        ("fel.pdf", &b"%PDF"[..], "stöds inte"),
    ] {
        let p = dir.path().join(name);
        std::fs::write(&p, body).expect("write");
        let o = samla().arg("validate").arg(&p).args(["--year", "2024"]).output().expect("run");
        assert_eq!(o.status.code(), Some(1), "{name}");
        let e = String::from_utf8_lossy(&o.stderr);
        assert!(e.contains(expect) && e.contains(name), "{name}: {e}");
    }
    let o = samla().args(["validate", "x.csv", "--year", "1999"]).output().expect("run");
    assert_eq!(o.status.code(), Some(1));
    let o = samla().args(["submit"]).output().expect("run");
    assert_eq!(o.status.code(), Some(2), "usage error");
}
