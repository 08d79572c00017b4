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
    for (i, r) in b.records.iter().take(n).enumerate() {
        println!("{}", i18n::msg(lang, "preview-person", &[("n", i18n::n(i + 1))]));
        let lines = readable(r, contract, lang);
        let width = lines.iter().map(|(l, _)| l.chars().count()).max().unwrap_or(0);
        for (label, value) in lines {
            println!("  {label:<width$}  {value}");
        }
    }
    println!();
    println!("{}", i18n::msg(lang, "preview-all-records", &[("n", i18n::n(b.records.len()))]));
    Ok(())
}

/// One record as sent, as a person reads it: each statistical field with its label and the
/// code's label, then one line for the keys and encodings that stand in for the identifiers
/// (their bytes mean nothing to a reader; `samla preview --full` prints them).
pub(crate) fn readable(r: &samla_core::batch::SentRecord, contract: &Contract, lang: Lang) -> Vec<(String, String)> {
    let code = |f: Option<&samla_core::contract::Field>, v: &str| match f.and_then(|f| f.code_label(v, lang)) {
        Some(l) if l != v => format!("{l} ({v})"),
        _ => v.to_string(),
    };
    let mut out = Vec::new();
    for (key, value) in &r.stats {
        let f = contract.field(key);
        // The two fields made from the birth date are not columns of the file.
        let derived = match (key.as_str(), value.as_str()) {
            ("birth_precision", Some(p)) => {
                Some(("preview-birth-precision-label", format!("preview-birth-precision-{p}")))
            }
            ("birth_year", _) => Some(("preview-birth-year-label", String::new())),
            _ => None,
        };
        if let Some((label_id, value_id)) = derived {
            let shown = if value_id.is_empty() { value.to_string() } else { i18n::text(lang, &value_id) };
            out.push((i18n::text(lang, label_id), shown));
            continue;
        }
        let label = f.map_or_else(|| key.clone(), |f| f.label.get(lang).to_string());
        let shown = match value {
            serde_json::Value::Array(items) => {
                items.iter().map(|v| code(f, v.as_str().unwrap_or(&v.to_string()))).collect::<Vec<_>>().join(", ")
            }
            serde_json::Value::String(v) => code(f, v),
            other => other.to_string(),
        };
        out.push((label, shown));
    }
    let encodings = usize::from(r.clk.is_some()) + usize::from(r.clk_year.is_some());
    out.push((
        i18n::text(lang, "preview-keys-label"),
        i18n::msg(
            lang,
            "preview-keys-value",
            &[
                ("keys", i18n::n(1 + r.match_keys.len() + usize::from(r.related_to_ref.is_some()))),
                ("encodings", i18n::n(encodings)),
            ],
        ),
    ));
    out
}
