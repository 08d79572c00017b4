//! `samla preview`: what leaves the organisation and what stays, and the first records exactly
//! as they would be sent.

use anyhow::Result;
use samla_core::batch::Batch;
use samla_core::contract::Contract;
use samla_core::validate::ValidRow;
use samla_core::Lang;

use crate::i18n;
use std::path::Path;

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
    let used: std::collections::BTreeSet<&str> = rows.iter().flat_map(|r| r.stats.keys().map(String::as_str)).collect();
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
    for f in contract.statistical_fields() {
        let filled = used.contains(f.key.as_str());
        println!(
            "  {:<28} {}",
            format!("{} ({})", f.key, f.label.get(lang)),
            if filled { t("preview-field-filled") } else { t("preview-field-empty") }
        );
    }
    println!("  {:<28} {}", "birth_year, birth_precision", t("preview-birth-year"));
    println!("  {:<28} {}", "record_ref, related_to_ref", t("preview-record-refs"));
    println!("  {:<28} {}", "match_keys, clk, clk_year", t("preview-linkage-keys"));
    println!();
    println!("{}", t("preview-kept-heading"));
    for f in contract.fields.iter().filter(|f| f.kind == samla_core::contract::Kind::Identifying) {
        println!("  {} ({})", f.key, f.label.get(lang));
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
