//! The submit path, usable as a library function (the browser interface calls it too): build
//! the pseudonymised batch, seal it (encrypt, sign) into the outbox, send what waits there and
//! keep the verified receipts.

use anyhow::{bail, Context as _, Result};
use samla_core::batch::{self, Batch};
use samla_core::contract::Contract;
use samla_core::envelope::{sha256_hex, Manifest, SignedManifest, MANIFEST_FORMAT};
use samla_core::validate::ValidRow;
use samla_core::Lang;

use crate::i18n;
use std::process::ExitCode;
use zeroize::Zeroizing;

use crate::config::Member;
use crate::{net, outbox, progress};

use crate::setup::*;

pub(crate) fn build_batch(m: &Member, rows: &[ValidRow], contract: &Contract, year: i32, lang: Lang) -> Batch {
    let meta = batch::BatchMeta {
        year,
        org: m.config.org.clone(),
        batch_id: uuid::Uuid::new_v4(),
        created_at: samla_core::envelope::now_rfc3339_precise(),
    };
    let pb = progress::bar(rows.len(), i18n::text(lang, "progress-pseudonymising"));
    let b = batch::build_with_progress(rows, contract, meta, &m.linkage, &m.member_secret, &|i| {
        if i % 64 == 0 {
            pb.set_position(i as u64);
        }
    });
    pb.finish_and_clear();
    b
}

/// Build, encrypt and sign a batch and put it in the outbox; returns its id.
pub(crate) fn seal(
    m: &Member,
    ob: &outbox::Outbox,
    rows: &[ValidRow],
    contract: &Contract,
    year: i32,
    lang: Lang,
) -> Result<String> {
    let b = build_batch(m, rows, contract, year, lang);
    let plaintext = Zeroizing::new(b.to_padded_bytes());
    let ciphertext = samla_core::crypto::encrypt(&plaintext, &m.recipients)?;
    drop(plaintext);
    let manifest = Manifest {
        format: MANIFEST_FORMAT.into(),
        org: m.config.org.clone(),
        year,
        batch_id: b.batch_id,
        schema_version: contract.version.clone(),
        created_at: b.created_at.clone(),
        ciphertext_sha256: sha256_hex(&ciphertext),
        ciphertext_len: ciphertext.len() as u64,
    };
    drop(b);
    let signed = SignedManifest::sign(&manifest, &m.signing)?;
    let (mh, sh) = signed.to_headers();
    let item = outbox::Item {
        year,
        batch_id: manifest.batch_id.to_string(),
        created_at: manifest.created_at.clone(),
        manifest: mh,
        signature: sh,
        ciphertext_sha256: manifest.ciphertext_sha256.clone(),
    };
    for old in ob.drop_year(year, lang)? {
        eprintln!(
            "{}",
            i18n::msg(lang, "seal-replaced", &[("batch", old.to_string().into()), ("year", year.to_string().into())])
        );
    }
    ob.put(&item, &ciphertext)?;
    Ok(item.batch_id)
}

/// The server's receipt key: the pinned one (refusing a server that shows another), or pinned
/// now on first contact.
pub(crate) fn pin_server_key(m: &mut Member, info: &net::Info, lang: Lang) -> Result<samla_core::envelope::PublicKey> {
    match m.server_key() {
        Some(k) if k.to_string() == info.server_key => Ok(k),
        Some(_) => bail!("{}", i18n::text(lang, "err-receipt-key-differs")),
        None => {
            let k: samla_core::envelope::PublicKey =
                info.server_key.parse().with_context(|| i18n::text(lang, "err-server-key-malformed"))?;
            m.config.server_key = Some(k.to_string());
            m.save_config()?;
            eprintln!("{}", i18n::msg(lang, "submit-key-pinned-now", &[("key", k.to_string().into())]));
            Ok(k)
        }
    }
}

/// Send every batch waiting in the outbox, oldest first.
pub(crate) fn send_outbox(m: &mut Member, ob: &outbox::Outbox, attempts: u32, lang: Lang) -> Result<ExitCode> {
    let items = ob.items(lang)?;
    if items.is_empty() {
        println!("{}", i18n::text(lang, "submit-outbox-empty"));
        return Ok(ExitCode::SUCCESS);
    }
    let waiting_note = |n: usize| {
        eprintln!("{}", i18n::msg(lang, "submit-waiting", &[("n", i18n::n(n))]));
    };
    let client = net::Client::new(&m.config.server, attempts, lang)?;
    let info = match client.info() {
        Ok(i) => i,
        Err(e) => {
            eprintln!("samla: {}", e.message(lang));
            eprintln!("{}", i18n::text(lang, "submit-unreachable"));
            waiting_note(items.len());
            return Ok(ExitCode::from(1));
        }
    };
    check_advertised(&info.admin_recipients, &m.recipients_text, lang)?;
    let server_key = pin_server_key(m, &info, lang)?;
    let mut left = items.len();
    for (item, ciphertext) in items {
        match client.upload((item.manifest.clone(), item.signature.clone()), &ciphertext, &server_key) {
            Ok(receipt) => {
                let r = receipt.verify(&server_key)?;
                if r.batch_id.to_string() != item.batch_id
                    || r.ciphertext_sha256 != item.ciphertext_sha256
                    || r.org != m.config.org
                    || r.year != item.year
                {
                    bail!("{}", i18n::text(lang, "err-receipt-mismatch"));
                }
                let dir = m.receipts_dir(item.year);
                std::fs::create_dir_all(&dir)?;
                let path = dir.join(format!("{}.json", r.batch_id));
                std::fs::write(&path, serde_json::to_string_pretty(&receipt)? + "\n")?;
                ob.done(&item.batch_id)?;
                left -= 1;
                print_receipt(&r, lang);
                println!("{}", i18n::msg(lang, "submit-receipt-saved", &[("file", path.display().to_string().into())]));
            }
            Err(e @ net::SendError::Refused { .. }) => {
                let to = ob.refuse(&item.batch_id, &e.to_string())?;
                left -= 1;
                eprintln!("samla: {}", e.message(lang));
                eprintln!("{}", i18n::msg(lang, "submit-refused-moved", &[("file", to.display().to_string().into())]));
                waiting_note(left);
                return Ok(ExitCode::from(1));
            }
            Err(e) => {
                eprintln!("samla: {}", e.message(lang));
                let advice = match e {
                    net::SendError::BadAnswer(_) | net::SendError::ReceiptNotSigned => {
                        i18n::text(lang, "submit-bad-answer")
                    }
                    _ => i18n::text(lang, "submit-unreachable"),
                };
                eprintln!("{advice}");
                waiting_note(left);
                return Ok(ExitCode::from(1));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn print_receipt(r: &samla_core::envelope::Receipt, lang: Lang) {
    println!("{}", i18n::text(lang, "receipt-heading"));
    println!("  {:<14} {}", i18n::text(lang, "receipt-member"), r.org);
    println!("  {:<14} {}", i18n::text(lang, "receipt-year"), r.year);
    println!("  {:<14} {}", i18n::text(lang, "receipt-batch"), r.batch_id);
    println!("  {:<14} {}", i18n::text(lang, "receipt-sha256"), r.ciphertext_sha256);
    println!("  {:<14} {}", i18n::text(lang, "receipt-received"), r.received_at);
    if let Some(s) = r.supersedes {
        println!("  {:<14} {s}", i18n::text(lang, "receipt-supersedes"));
    }
}
