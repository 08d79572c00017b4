//! `samla status`: the receipts this organisation holds, what the server holds and counts, and
//! what waits in the outbox.

use std::path::PathBuf;

use anyhow::{bail, Context as _, Result};
use samla_core::envelope::SignedReceipt;
use samla_core::Lang;

use crate::i18n;

use crate::config::Member;
use crate::{net, outbox};

/// What the server holds for one year, verified with the pinned key: (receipts, counted index).
pub(crate) fn server_receipts(
    m: &Member,
    year: i32,
    lang: Lang,
) -> Result<(Vec<samla_core::envelope::Receipt>, Option<usize>)> {
    let key = m.server_key().with_context(|| i18n::text(lang, "err-no-server-key"))?;
    let client = net::Client::new(&m.config.server, 2, lang)?;
    let time = samla_core::envelope::now_rfc3339();
    let sig = samla_core::envelope::sign_receipts_request(&m.signing, &m.config.org, year, &time);
    let v = client.member_receipts(&m.config.org, year, &time, &sig)?;
    let mut out = Vec::new();
    for r in &v.receipts {
        out.push(r.verify(&key).with_context(|| i18n::text(lang, "err-server-receipt-invalid"))?);
    }
    if out.iter().any(|r| r.org != m.config.org || r.year != year) {
        bail!("{}", i18n::text(lang, "err-server-receipts-foreign"));
    }
    Ok((out, v.counted))
}

/// The years this organisation holds receipts for, oldest first.
pub(crate) fn receipt_years(m: &Member) -> Vec<i32> {
    let mut years: Vec<i32> = match std::fs::read_dir(m.dir.join("receipts")) {
        Ok(rd) => rd.filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok()).collect(),
        Err(_) => Vec::new(),
    };
    years.sort();
    years
}

/// The receipts kept here for a year, oldest first, each verified with the pinned server key
/// (`None`: the signature does not hold, or the file is not a receipt).
pub(crate) fn local_receipts(m: &Member, year: i32) -> Vec<(Option<samla_core::envelope::Receipt>, PathBuf)> {
    let key = m.server_key();
    let mut rs: Vec<_> = std::fs::read_dir(m.receipts_dir(year))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| {
            let verified = std::fs::read_to_string(e.path())
                .ok()
                .and_then(|text| serde_json::from_str::<SignedReceipt>(&text).ok())
                .and_then(|sr| key.as_ref().and_then(|k| sr.verify(k).ok()));
            (verified, e.path())
        })
        .collect();
    rs.sort_by(|a, b| a.0.as_ref().map(|r| r.received_at.clone()).cmp(&b.0.as_ref().map(|r| r.received_at.clone())));
    rs
}

/// Where the server's audit log stands against the receipts kept here.
pub(crate) enum AuditWord {
    /// It extends what the newest receipt saw (from entry, to entry).
    Extends(i64, i64),
    /// It does not: rewritten or cut (the receipt's batch id).
    Broken(String),
    /// No receipt here carries an accumulator yet, or the server could not be asked.
    Unknown,
}

/// Ask the server to prove that its audit log extends the one the newest receipt kept here
/// saw (signed by the pinned server key; the hashes folded onto the receipt's accumulator).
pub(crate) fn audit_check(m: &Member, lang: Lang) -> AuditWord {
    let Some(key) = m.server_key() else { return AuditWord::Unknown };
    let newest = receipt_years(m)
        .into_iter()
        .flat_map(|y| local_receipts(m, y))
        .filter_map(|(r, _)| r)
        .filter_map(|r| Some((r.audit_index?, r.audit_acc.clone()?, r.batch_id)))
        .max_by_key(|(i, _, _)| *i);
    let Some((from, acc, batch)) = newest else { return AuditWord::Unknown };
    let Ok(client) = net::Client::new(&m.config.server, 1, lang) else { return AuditWord::Unknown };
    let time = samla_core::envelope::now_rfc3339();
    let sig = m
        .signing
        .sign_for("audit-request", &samla_core::delivery::request_bytes(&format!("{}\n{from}", m.config.org), &time));
    match client.audit_proof(&m.config.org, from, &time, &sig) {
        Ok((proof, signature)) => {
            let signed = key.verify_for("audit-proof", &proof.signed_bytes(), &signature).is_ok();
            if signed && proof.from == from && proof.extends(&acc) {
                AuditWord::Extends(from, proof.to)
            } else {
                AuditWord::Broken(batch.to_string())
            }
        }
        // An answer that refuses to prove is as telling as a wrong proof; an unreachable
        // server says nothing.
        Err(net::SendError::Refused { .. }) | Err(net::SendError::BadAnswer(_)) => AuditWord::Broken(batch.to_string()),
        Err(_) => AuditWord::Unknown,
    }
}

pub(crate) fn status(m: &Member, year: Option<i32>, lang: Lang) -> Result<()> {
    let mut years = receipt_years(m);
    if let Some(y) = year {
        years.push(y);
    }
    years.retain(|y| year.is_none_or(|w| w == *y));
    years.sort();
    years.dedup();
    let waiting = outbox::waiting(&m.dir);
    if waiting > 0 {
        println!("{}", i18n::msg(lang, "status-waiting", &[("n", i18n::n(waiting))]));
    }
    match audit_check(m, lang) {
        AuditWord::Extends(from, to) => println!(
            "{}",
            i18n::msg(lang, "status-audit-extends", &[("from", i18n::n(from as usize)), ("to", i18n::n(to as usize))])
        ),
        AuditWord::Broken(batch) => {
            eprintln!("{}", i18n::msg(lang, "status-audit-broken", &[("batch", batch.into())]));
            bail!("{}", i18n::text(lang, "err-audit-broken"));
        }
        AuditWord::Unknown => {}
    }
    let refused = outbox::refused(&m.dir);
    if !refused.is_empty() {
        println!("{}", i18n::text(lang, "status-refused"));
        for (item, r) in &refused {
            println!(
                "  {} {} ({}): {}",
                item.year,
                item.batch_id,
                samla_core::envelope::display_time(&item.created_at),
                net::refusal(&r.code, lang)
            );
        }
    }
    if years.is_empty() {
        println!("{}", i18n::text(lang, "status-no-receipts"));
        return Ok(());
    }
    for y in years {
        let rs = local_receipts(m, y);
        println!("{}", i18n::msg(lang, "status-year", &[("year", y.to_string().into())]));
        let latest = rs.iter().rev().find_map(|(r, _)| r.as_ref().map(|r| r.batch_id));
        println!("  {}", i18n::text(lang, "status-receipts-here"));
        if rs.is_empty() {
            println!("    {}", i18n::text(lang, "status-none"));
        }
        for (r, path) in &rs {
            match r {
                Some(r) => println!(
                    "    {} {} {}{}",
                    samla_core::envelope::display_time(&r.received_at),
                    r.batch_id,
                    &r.ciphertext_sha256[..16],
                    if Some(r.batch_id) == latest {
                        i18n::text(lang, "status-latest")
                    } else {
                        i18n::text(lang, "status-superseded")
                    }
                ),
                None => println!(
                    "    {}",
                    i18n::msg(lang, "status-receipt-invalid", &[("file", path.display().to_string().into())])
                ),
            }
        }
        match server_receipts(m, y, lang) {
            Ok((server, counted)) => {
                println!("  {}", i18n::text(lang, "status-on-server"));
                if server.is_empty() {
                    println!("    {}", i18n::text(lang, "status-no-batches"));
                }
                for (i, r) in server.iter().enumerate() {
                    println!(
                        "    {} {} {}{}",
                        samla_core::envelope::display_time(&r.received_at),
                        r.batch_id,
                        &r.ciphertext_sha256[..16],
                        if Some(i) == counted {
                            i18n::text(lang, "status-counted")
                        } else {
                            i18n::text(lang, "status-superseded")
                        }
                    );
                }
                let counted_id = counted.and_then(|i| server.get(i)).map(|r| r.batch_id);
                match (counted_id, latest) {
                    (Some(c), Some(l)) if c == l => {
                        println!("  {}", i18n::text(lang, "status-counts-latest"))
                    }
                    (Some(_), Some(_)) => println!("  {}", i18n::text(lang, "status-counts-other")),
                    (Some(_), None) => println!("  {}", i18n::text(lang, "status-unknown-batch")),
                    (None, _) => println!("  {}", i18n::text(lang, "status-counts-none")),
                }
            }
            Err(e) => {
                println!("  {}", i18n::msg(lang, "status-server-unreachable", &[("detail", format!("{e:#}").into())]))
            }
        }
    }
    Ok(())
}
