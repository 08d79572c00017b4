//! `samla`: the member organisation's client. Validates the year's file, turns identifying
//! columns into keyed pseudonyms, encrypts the batch to the pinned admin recipients with age,
//! signs it, uploads it and keeps the server's signed receipt.
//!
//! This file is the dispatch ([`cli`] holds the commands and arguments, [`i18n`] the words);
//! the work is in one module per part:
//! [`read`] (reading and validating a file), [`setup`] (`init`, pinned keys, the configuration),
//! [`submit`] (build, seal, send; the browser interface calls it too), [`status`],
//! [`preview`], [`template`], and below them [`config`], [`net`], [`outbox`], [`progress`].
#![forbid(unsafe_code)]

mod cli;
mod config;
mod custodian;
mod enrol;
mod i18n;
mod net;
mod outbox;
mod preview;
mod progress;
mod read;
mod setup;
mod status;
mod submit;
mod template;
mod ui;

use std::process::ExitCode;

use anyhow::{bail, Result};
use samla_core::envelope::SigningKey;
use samla_core::pseudonym::LinkageSecret;

use zeroize::Zeroizing;

use crate::cli::*;
use crate::config::Member;
use crate::preview::*;
use crate::read::*;
use crate::setup::*;
use crate::status::*;
use crate::submit::*;

/// Exit code 1: invalid data or a refused operation; 2: usage (clap).
fn main() -> ExitCode {
    samla_core::input::quiet_caught_xlsx_panics();
    let cli = parse_cli();
    let lang = cli.lang;
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            let core = samla_core::i18n::localized_chain(e.chain(), lang);
            let message = match (e.downcast_ref::<outbox::Busy>(), core) {
                (Some(b), _) => i18n::msg(lang, "err-outbox-busy", &[("detail", b.0.clone().into())]),
                (None, Some(m)) => m,
                (None, None) => format!("{e:#}"),
            };
            eprintln!("{}", i18n::msg(lang, "error-line", &[("message", message.into())]));
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let lang = cli.lang;
    progress::set_quiet(cli.quiet);
    let cfg_dir = || config::dir(cli.config.clone(), lang);
    match cli.cmd {
        Cmd::Init { invite: Some(code), .. } => enrol::init(&cfg_dir()?, &code, lang)?,
        Cmd::Init { invite: None, org, server, admin_recipients, linkage_secret, server_key, reconfigure } => {
            let dir = cfg_dir()?;
            let (Some(org), Some(server), Some(recipients), Some(linkage)) =
                (org, server, admin_recipients, linkage_secret)
            else {
                bail!("{}", i18n::text(lang, "err-init-needs"));
            };
            let setup = Setup {
                org: &org,
                server: &server,
                recipients: &recipients,
                linkage: &linkage,
                server_key: server_key.as_deref(),
                reconfigure,
            };
            init(&dir, &setup, lang)?;
        }
        Cmd::Custodian { cmd } => {
            let dir = custodian::dir(cli.config.clone(), lang)?;
            match cmd {
                CustodianCmd::Init { server, import } => custodian::init(&dir, &server, import.as_deref(), lang)?,
                CustodianCmd::Deliver { yes } => custodian::deliver(&dir, yes, lang)?,
                CustodianCmd::Rotate => custodian::rotate(&dir, lang)?,
            }
        }
        Cmd::Ui { port, no_browser } => {
            ui::run(cfg_dir().ok(), port, !no_browser, lang)?;
        }
        Cmd::Template { year, format, out } => {
            let contract = check_year(year, lang)?;
            if out.exists() {
                bail!("{}", i18n::msg(lang, "err-file-exists", &[("file", out.display().to_string().into())]));
            }
            let ending = out.extension().and_then(|e| e.to_str()).map(str::to_lowercase);
            let format = match (format, ending.as_deref()) {
                (Some(f), _) => f,
                (None, Some("xlsx")) => Format::Xlsx,
                (None, Some("csv" | "txt")) => Format::Csv,
                (None, _) => {
                    bail!("{}", i18n::msg(lang, "err-template-format", &[("file", out.display().to_string().into())]))
                }
            };
            match format {
                Format::Csv => template::csv(contract, lang, &out)?,
                Format::Xlsx => template::xlsx(contract, year, lang, &out)?,
            }
            println!("{}", i18n::msg(lang, "template-written", &[("file", out.display().to_string().into())]));
        }
        Cmd::Validate { file, year, json } => {
            let Some((rows, _)) = read_valid_as(&file, year, lang, json)? else {
                return Ok(ExitCode::from(1));
            };
            if json {
                let v = serde_json::json!({
                    "file": file.display().to_string(), "valid": true, "rows": rows.len(), "year": year,
                    "problems": [], "problem_count": 0, "sent": false,
                });
                println!("{}", serde_json::to_string_pretty(&v)?);
                return Ok(ExitCode::SUCCESS);
            }
            println!(
                "{}",
                i18n::msg(
                    lang,
                    "validate-rows-valid",
                    &[
                        ("file", file.display().to_string().into()),
                        ("rows", i18n::n(rows.len())),
                        ("year", year.to_string().into())
                    ]
                )
            );
        }
        Cmd::Preview { file, year, full, records } => {
            let m = Member::load(&cfg_dir()?, lang)?;
            let Some((rows, contract)) = read_valid(&file, year, lang)? else {
                return Ok(ExitCode::from(1));
            };
            let b = build_batch(&m, &rows, contract, year, lang)?;
            if full {
                eprintln!("{}", i18n::text(lang, "preview-full-intro"));
                use std::io::Write as _;
                std::io::stdout().write_all(&Zeroizing::new(b.to_bytes()))?;
            } else {
                print_preview(&file, &rows, contract, &b, records, lang)?;
            }
        }
        Cmd::Submit { file, year, retry: _, attempts } => {
            let mut m = Member::load(&cfg_dir()?, lang)?;
            if file.is_some() && m.linkage.is_none() {
                // It may have arrived since set-up.
                let _ = enrol::fetch_linkage(&mut m, lang);
                m.linkage(lang)?;
            }
            let new = match (file, year) {
                (Some(file), Some(year)) => {
                    let Some((rows, contract)) = read_valid(&file, year, lang)? else {
                        return Ok(ExitCode::from(1));
                    };
                    Some((rows, contract, year))
                }
                _ => None,
            };
            let ob = outbox::Outbox::open(&m.dir)?;
            if let Some((_, _, year)) = &new {
                // Nothing is encrypted for a year whose round does not take batches.
                if let RoundWord::Closed(why) = round_word(&m, *year, lang) {
                    bail!("{why}");
                }
            }
            if let Some((rows, contract, year)) = new {
                let id = seal(&m, &ob, &rows, contract, year, lang)?;
                eprintln!("{}", i18n::msg(lang, "seal-in-outbox", &[("id", id.to_string().into())]));
            }
            return send_outbox(&mut m, &ob, attempts, lang);
        }
        Cmd::Status { year } => {
            let mut m = Member::load(&cfg_dir()?, lang)?;
            match enrol::fetch_linkage(&mut m, lang) {
                Ok(s) => println!("{}", i18n::text(lang, enrol::linkage_sentence(s))),
                Err(e) => eprintln!("{}", i18n::msg(lang, "linkage-unknown", &[("detail", format!("{e:#}").into())])),
            }
            status(&m, year, lang)?
        }
        Cmd::Rekey => {
            let dir = cfg_dir()?;
            let m = Member::load(&dir, lang)?;
            let ob = outbox::Outbox::open(&dir)?;
            // Waiting batches are signed with the old key: they would be refused after the
            // platform enrols the new one.
            if !ob.items(lang)?.is_empty() {
                bail!("{}", i18n::text(lang, "err-rekey-outbox-not-empty"));
            }
            let stamp = samla_core::envelope::now_rfc3339().replace(':', "");
            let old = dir.join(format!("{}.replaced-{stamp}", config::SIGNING_KEY));
            samla_core::secret::write_new(&old, m.signing.encode().as_bytes())?;
            let key = SigningKey::generate()?;
            let tmp = dir.join(format!("{}.new", config::SIGNING_KEY));
            samla_core::secret::write_new(&tmp, key.encode().as_bytes())?;
            std::fs::rename(&tmp, dir.join(config::SIGNING_KEY))?;
            println!("{}", i18n::msg(lang, "rekey-done", &[("org", m.config.org.clone().into())]));
            println!("{}", key.public());
        }
        Cmd::Recipients { file } => {
            let dir = cfg_dir()?;
            let m = Member::load(&dir, lang)?;
            let rs = read_recipients(&file, lang)?;
            let new: Vec<String> = rs.iter().map(|r| r.to_string()).collect();
            match net::Client::new(&m.config.server, 2, lang)?.info() {
                Ok(info) => check_advertised(&info.admin_recipients, &new, lang)?,
                Err(e) => {
                    eprintln!(
                        "{}",
                        i18n::msg(lang, "recipients-server-unreachable", &[("detail", e.message(lang).into())])
                    )
                }
            }
            let body: String = new.iter().map(|r| format!("{r}\n")).collect();
            std::fs::write(dir.join(config::RECIPIENTS), body)?;
            println!("{}", i18n::msg(lang, "recipients-updated", &[("n", (new.len() as f64).into())]));
        }
        Cmd::LinkageSecret { cmd: LinkageCmd::New { out } } => {
            let s = LinkageSecret::generate()?;
            samla_core::secret::write_new(&out, s.encode().as_bytes())?;
            println!("{}", i18n::msg(lang, "linkage-secret-written", &[("file", out.display().to_string().into())]));
            println!("{}", i18n::text(lang, "linkage-secret-give"));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The command line, its help in the language asked for.
fn parse_cli() -> Cli {
    samla_core::i18n::cli::parse(&|lang, id| i18n::has(lang, id).then(|| i18n::text(lang, id)))
}

#[cfg(test)]
mod help_tests {
    use clap::CommandFactory as _;

    use super::*;

    /// Every command and argument has its help text in both languages.
    #[test]
    fn help_is_translated() {
        let missing = samla_core::i18n::cli::missing_help(&Cli::command(), &i18n::has);
        assert!(missing.is_empty(), "help without a translation:\n{}", missing.join("\n"));
    }
}
