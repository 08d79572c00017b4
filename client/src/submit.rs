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

pub(crate) fn build_batch(m: &Member, rows: &[ValidRow], contract: &Contract, year: i32, lang: Lang) -> Result<Batch> {
    let linkage = m.linkage(lang)?;
    let meta = batch::BatchMeta {
        year,
        org: m.config.org.clone(),
        batch_id: uuid::Uuid::new_v4(),
        created_at: samla_core::envelope::now_rfc3339_precise(),
    };
    let pb = progress::bar(rows.len(), i18n::text(lang, "progress-pseudonymising"));
    let b = batch::build_with_progress(rows, contract, meta, linkage, &m.member_secret, &|i| {
        if i % 64 == 0 {
            pb.set_position(i as u64);
        }
    });
    pb.finish_and_clear();
    Ok(b)
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
    let b = build_batch(m, rows, contract, year, lang)?;
    seal_batch(m, ob, b, contract, year, lang)
}

/// Encrypt and sign a batch already built (the one a member saw in the preview) and put it in
/// the outbox; returns its id.
pub(crate) fn seal_batch(
    m: &Member,
    ob: &outbox::Outbox,
    b: Batch,
    contract: &Contract,
    year: i32,
    lang: Lang,
) -> Result<String> {
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

/// What one attempt to send the outbox did, for the command line and the browser window alike.
#[derive(Default)]
pub(crate) struct Sent {
    /// Nothing was waiting.
    pub was_empty: bool,
    /// Verified receipts, each with the file it was saved in.
    pub receipts: Vec<(samla_core::envelope::Receipt, std::path::PathBuf)>,
    /// Why sending stopped before the outbox was empty (in the user's language).
    pub stopped: Option<Stopped>,
    /// Batches still waiting in the outbox.
    pub left: usize,
    /// Batches taken after their round's last day (in the grace period): (year, last day).
    pub late: Vec<(i32, String)>,
    /// The server refused the batch for good (it was set aside; the status page shows it).
    pub refused: bool,
}

pub(crate) struct Stopped {
    /// What happened (the server's refusal, or why it could not be reached).
    pub what: String,
    /// What it means for the member (a refused batch: where it was moved; it is never sent
    /// again).
    pub advice: String,
}

/// Send every batch waiting in the outbox, oldest first, and say what happened.
pub(crate) fn send_waiting(m: &mut Member, ob: &outbox::Outbox, attempts: u32, lang: Lang) -> Result<Sent> {
    let items = ob.items(lang)?;
    let mut sent = Sent { was_empty: items.is_empty(), left: items.len(), ..Sent::default() };
    if items.is_empty() {
        return Ok(sent);
    }
    let client = net::Client::new(&m.config.server, attempts, lang)?;
    let info = match client.info() {
        Ok(i) => i,
        Err(e) => {
            sent.stopped = Some(Stopped { what: e.message(lang), advice: i18n::text(lang, "submit-unreachable") });
            return Ok(sent);
        }
    };
    check_advertised(&info.admin_recipients, &m.recipients_text, lang)?;
    let server_key = pin_server_key(m, &info, lang)?;
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
                sent.left -= 1;
                if let Some(day) = info.late(r.year, &r.received_at) {
                    sent.late.push((r.year, day));
                }
                sent.receipts.push((r, path));
            }
            Err(e @ net::SendError::Refused { .. }) => {
                let net::SendError::Refused { code, message, .. } = &e else { continue };
                let to = ob.refuse(&item.batch_id, code, message)?;
                sent.left -= 1;
                sent.stopped = Some(Stopped {
                    what: e.message(lang),
                    advice: i18n::msg(lang, "submit-refused-moved", &[("file", to.display().to_string().into())]),
                });
                sent.refused = true;
                return Ok(sent);
            }
            Err(e) => {
                let advice = match e {
                    net::SendError::BadAnswer(_) | net::SendError::ReceiptNotSigned => {
                        i18n::text(lang, "submit-bad-answer")
                    }
                    _ => i18n::text(lang, "submit-unreachable"),
                };
                sent.stopped = Some(Stopped { what: e.message(lang), advice });
                return Ok(sent);
            }
        }
    }
    Ok(sent)
}

/// `samla submit`: send what waits and print what happened (exit 1 if something still waits or
/// was refused).
pub(crate) fn send_outbox(m: &mut Member, ob: &outbox::Outbox, attempts: u32, lang: Lang) -> Result<ExitCode> {
    let sent = send_waiting(m, ob, attempts, lang)?;
    if sent.was_empty {
        println!("{}", i18n::text(lang, "submit-outbox-empty"));
        return Ok(ExitCode::SUCCESS);
    }
    for (r, path) in &sent.receipts {
        print_receipt(r, lang);
        println!("{}", i18n::msg(lang, "submit-receipt-saved", &[("file", path.display().to_string().into())]));
    }
    for (year, day) in &sent.late {
        println!("{}", late_note(*year, day, lang));
    }
    match sent.stopped {
        None => Ok(ExitCode::SUCCESS),
        Some(s) => {
            eprintln!("samla: {}", s.what);
            eprintln!("{}", s.advice);
            eprintln!("{}", i18n::msg(lang, "submit-waiting", &[("n", i18n::n(sent.left))]));
            Ok(ExitCode::from(1))
        }
    }
}

/// The sentence telling a member that a batch arrived after the round's last day.
pub(crate) fn late_note(year: i32, last_day: &str, lang: Lang) -> String {
    i18n::msg(lang, "submit-late", &[("year", year.to_string().into()), ("day", last_day.to_string().into())])
}

pub(crate) fn print_receipt(r: &samla_core::envelope::Receipt, lang: Lang) {
    println!("{}", i18n::text(lang, "receipt-heading"));
    println!("  {:<14} {}", i18n::text(lang, "receipt-member"), r.org);
    println!("  {:<14} {}", i18n::text(lang, "receipt-year"), r.year);
    println!("  {:<14} {}", i18n::text(lang, "receipt-batch"), r.batch_id);
    println!("  {:<14} {}", i18n::text(lang, "receipt-sha256"), r.ciphertext_sha256);
    println!("  {:<14} {}", i18n::text(lang, "receipt-received"), samla_core::envelope::display_time(&r.received_at));
    if let Some(s) = r.supersedes {
        println!("  {:<14} {s}", i18n::text(lang, "receipt-supersedes"));
    }
}

/// Where the year's round stands, as the server says.
pub(crate) enum RoundWord {
    /// Takes batches.
    Open,
    /// Does not take batches now: the sentence saying so (and when it opens, if known).
    Closed(String),
    /// The server could not be asked (the batch may still wait in the outbox).
    Unknown,
}

/// Ask the server whether `year`'s round takes batches, so nothing is encrypted for a year
/// that has no open round.
pub(crate) fn round_word(m: &Member, year: i32, lang: Lang) -> RoundWord {
    let Ok(client) = net::Client::new(&m.config.server, 1, lang) else { return RoundWord::Unknown };
    let Ok(info) = client.info() else { return RoundWord::Unknown };
    match round_word_from(&info, year, lang) {
        // A closed round may still take this member's correction: the server says so in the
        // member's own (signed) view of the year.
        RoundWord::Closed(why) if info.rounds.iter().any(|r| r.year == year) => {
            let time = samla_core::envelope::now_rfc3339();
            let sig = samla_core::envelope::sign_receipts_request(&m.signing, &m.config.org, year, &time);
            match client.member_receipts(&m.config.org, year, &time, &sig) {
                Ok(v) if v.accepting == Some(true) => RoundWord::Open,
                _ => RoundWord::Closed(why),
            }
        }
        w => w,
    }
}

pub(crate) fn round_word_from(info: &net::Info, year: i32, lang: Lang) -> RoundWord {
    let y = ("year", i18n::Value::from(year.to_string()));
    match info.rounds.iter().find(|r| r.year == year) {
        // A server from before `accepting` was added: it decides at upload.
        Some(r) if r.accepting.is_none() => RoundWord::Unknown,
        Some(r) if r.accepting == Some(true) => RoundWord::Open,
        Some(r) => match &r.opens {
            Some(o) => RoundWord::Closed(i18n::msg(
                lang,
                "round-not-yet-open",
                &[y, ("opens", samla_core::localtime::display(o).into())],
            )),
            None => RoundWord::Closed(i18n::msg(
                lang,
                "round-not-taking",
                &[
                    y,
                    ("day", samla_core::envelope::display_last_day(&r.deadline).into()),
                    ("grace", samla_core::envelope::display_last_day(&r.grace_end).into()),
                ],
            )),
        },
        None if info.rounds.iter().any(|r| r.accepting.is_some()) => {
            RoundWord::Closed(i18n::msg(lang, "round-none-for-year", &[y]))
        }
        None => RoundWord::Unknown,
    }
}
