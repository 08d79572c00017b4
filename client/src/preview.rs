//! `samla preview`: what leaves the organisation and what stays, and the first records exactly
//! as they would be sent.

use anyhow::Result;
use samla_core::batch::Batch;
use samla_core::contract::Contract;
use samla_core::validate::ValidRow;
use samla_core::{i18n, Lang};
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
        "{} {} ({} {}, {year})",
        t("client-preview-of"),
        file.display(),
        rows.len(),
        t("client-people"),
        year = b.year
    );
    println!();
    println!("{}", t("client-sent-encrypted-so-that-only"));
    for f in contract.statistical_fields() {
        let filled = used.contains(f.key.as_str());
        println!(
            "  {:<28} {}",
            format!("{} ({})", f.key, f.label.get(lang)),
            if filled { t("client-as-in-the-file-the") } else { t("client-empty-in-the-file-not") }
        );
    }
    println!("  {:<28} {}", "birth_year, birth_precision", t("client-the-birth-year-and-whether"));
    println!("  {:<28} {}", "record_ref, related_to_ref", t("client-keys-only-your-organisation-can"));
    println!("  {:<28} {}", "match_keys, clk, clk_year", t("client-encoded-linkage-keys-of-names"));
    println!();
    println!("{}", t("client-stays-with-you-never-sent"));
    for f in contract.fields.iter().filter(|f| f.kind == samla_core::contract::Kind::Identifying) {
        println!("  {} ({})", f.key, f.label.get(lang));
    }
    println!();
    let n = shown.min(b.records.len());
    println!("{} {n} {}", t("client-the-first"), t("client-records-exactly-as-they-are"));
    for r in b.records.iter().take(n) {
        println!("{}", serde_json::to_string_pretty(r)?);
    }
    println!();
    println!("{} {} samla preview --full", b.records.len(), t("client-records-in-all-nothing-was"),);
    Ok(())
}
