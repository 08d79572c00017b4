//! `samla preview`: what leaves the organisation and what stays, and the first records exactly
//! as they would be sent.

use anyhow::Result;
use samla_core::batch::Batch;
use samla_core::contract::Contract;
use samla_core::validate::ValidRow;
use samla_core::Lang;

use crate::i18n;
use std::path::Path;

/// What is sent (each statistical field and what of it, the keys and encodings) and what stays
/// (the identifying columns), for the command line and the browser window alike.
pub(crate) fn overview(rows: &[ValidRow], contract: &Contract, lang: Lang) -> (Vec<(String, String)>, Vec<String>) {
    let t = |id: &str| i18n::text(lang, id);
    let used: std::collections::BTreeSet<&str> = rows.iter().flat_map(|r| r.stats.keys().map(String::as_str)).collect();
    let mut sent: Vec<(String, String)> = contract
        .statistical_fields()
        .map(|f| {
            let what = if used.contains(f.key.as_str()) { t("preview-field-filled") } else { t("preview-field-empty") };
            (format!("{} ({})", f.key, f.label.get(lang)), what)
        })
        .collect();
    sent.push(("birth_year, birth_precision".into(), t("preview-birth-year")));
    sent.push(("record_ref, related_to_ref".into(), t("preview-record-refs")));
    sent.push(("match_keys, clk, clk_year".into(), t("preview-linkage-keys")));
    let kept = contract
        .fields
        .iter()
        .filter(|f| f.kind == samla_core::contract::Kind::Identifying)
        .map(|f| format!("{} ({})", f.key, f.label.get(lang)))
        .collect();
    (sent, kept)
}

/// The member's proof that names never leave: what is sent, as what, what stays, and the first
/// records exactly as they are sent.
pub(crate) fn print_preview(
    file: &Path,
    rows: &[ValidRow],
    contract: &Contract,
    b: &Batch,
    shown: usize,
    lang: Lang,
) -> Result<()> {
    let t = |id: &str| i18n::text(lang, id);
    let (sent, kept) = overview(rows, contract, lang);
    println!(
        "{}",
        i18n::msg(
            lang,
            "preview-heading",
            &[
                ("file", file.display().to_string().into()),
                ("people", i18n::n(rows.len())),
                ("year", b.year.to_string().into())
            ]
        )
    );
    println!();
    println!("{}", t("preview-sent-heading"));
    for (name, what) in &sent {
        println!("  {name:<28} {what}");
    }
    println!();
    println!("{}", t("preview-kept-heading"));
    for name in &kept {
        println!("  {name}");
    }
    println!();
    let n = shown.min(b.records.len());
    println!("{}", i18n::msg(lang, "preview-first-records", &[("n", i18n::n(n))]));
    for r in b.records.iter().take(n) {
        println!("{}", serde_json::to_string_pretty(r)?);
    }
    println!();
    println!("{}", i18n::msg(lang, "preview-all-records", &[("n", i18n::n(b.records.len()))]));
    Ok(())
}
