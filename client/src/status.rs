//! `samla status`: the receipts this organisation holds, what the server holds and counts, and
//! what waits in the outbox.

use anyhow::{bail, Context as _, Result};
use samla_core::envelope::SignedReceipt;
use samla_core::{i18n, Lang};

use crate::config::Member;
use crate::{net, outbox};

/// What the server holds for one year, verified with the pinned key: (receipts, counted index).
pub(crate) fn server_receipts(m: &Member, year: i32) -> Result<(Vec<samla_core::envelope::Receipt>, Option<usize>)> {
    let key = m.server_key().context("no server key is pinned yet (it is pinned at the first submit)")?;
    let client = net::Client::new(&m.config.server, 2)?;
    let time = samla_core::envelope::now_rfc3339();
    let sig = samla_core::envelope::sign_receipts_request(&m.signing, &m.config.org, year, &time);
    let v = client.member_receipts(&m.config.org, year, &time, &sig)?;
    let mut out = Vec::new();
    for r in &v.receipts {
        out.push(r.verify(&key).context("a receipt from the server does not verify with the pinned key")?);
    }
    if out.iter().any(|r| r.org != m.config.org || r.year != year) {
        bail!("the server answered with receipts of another member or year");
    }
    Ok((out, v.counted))
}

pub(crate) fn status(m: &Member, year: Option<i32>, lang: Lang) -> Result<()> {
    let key = m.server_key();
    let root = m.dir.join("receipts");
    let mut years: Vec<i32> = match std::fs::read_dir(&root) {
        Ok(rd) => rd.filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok()).collect(),
        Err(_) => Vec::new(),
    };
    if let Some(y) = year {
        years.push(y);
    }
    years.retain(|y| year.is_none_or(|w| w == *y));
    years.sort();
    years.dedup();
    let waiting = outbox::waiting(&m.dir);
    if waiting > 0 {
        println!(
            "{} {waiting} ({})",
            i18n::text(lang, "client-batches-waiting-in-the-outbox"),
            i18n::text(lang, "client-send-with-samla-submit-retry")
        );
    }
    if years.is_empty() {
        println!("{}", i18n::text(lang, "client-no-receipts-yet"));
        return Ok(());
    }
    for y in years {
        let mut rs = Vec::new();
        for e in std::fs::read_dir(m.receipts_dir(y)).into_iter().flatten().flatten() {
            let text = std::fs::read_to_string(e.path())?;
            let sr: SignedReceipt = serde_json::from_str(&text).with_context(|| format!("{}", e.path().display()))?;
            let verified = key.as_ref().and_then(|k| sr.verify(k).ok());
            rs.push((verified, e.path()));
        }
        rs.sort_by(|a, b| {
            a.0.as_ref().map(|r| r.received_at.clone()).cmp(&b.0.as_ref().map(|r| r.received_at.clone()))
        });
        println!("{} {y}:", i18n::text(lang, "client-year-2"));
        let latest = rs.iter().rev().find_map(|(r, _)| r.as_ref().map(|r| r.batch_id));
        println!("  {}", i18n::text(lang, "client-receipts-kept-here"));
        if rs.is_empty() {
            println!("    {}", i18n::text(lang, "client-none"));
        }
        for (r, path) in &rs {
            match r {
                Some(r) => println!(
                    "    {} {} {}{}",
                    r.received_at,
                    r.batch_id,
                    &r.ciphertext_sha256[..16],
                    if Some(r.batch_id) == latest {
                        i18n::text(lang, "client-latest")
                    } else {
                        i18n::text(lang, "client-superseded")
                    }
                ),
                None => println!(
                    "    {}: {}",
                    path.display(),
                    i18n::text(lang, "client-invalid-receipt-signature-does-not")
                ),
            }
        }
        match server_receipts(m, y) {
            Ok((server, counted)) => {
                println!("  {}", i18n::text(lang, "client-on-the-server-receipts-verified"));
                if server.is_empty() {
                    println!("    {}", i18n::text(lang, "client-no-batches"));
                }
                for (i, r) in server.iter().enumerate() {
                    println!(
                        "    {} {} {}{}",
                        r.received_at,
                        r.batch_id,
                        &r.ciphertext_sha256[..16],
                        if Some(i) == counted {
                            i18n::text(lang, "client-the-one-counted")
                        } else {
                            i18n::text(lang, "client-superseded")
                        }
                    );
                }
                let counted_id = counted.and_then(|i| server.get(i)).map(|r| r.batch_id);
                match (counted_id, latest) {
                    (Some(c), Some(l)) if c == l => {
                        println!("  {}", i18n::text(lang, "client-the-server-counts-your-latest"))
                    }
                    (Some(_), Some(_)) => println!("  {}", i18n::text(lang, "client-note-the-server-does-not")),
                    (Some(_), None) => println!("  {}", i18n::text(lang, "client-the-server-holds-a-batch")),
                    (None, _) => println!("  {}", i18n::text(lang, "client-the-server-counts-no-batch")),
                }
            }
            Err(e) => println!("  {} ({e:#})", i18n::text(lang, "client-the-server-could-not-be-2")),
        }
    }
    Ok(())
}
