//! `samla`: the member organisation's client. Validates the year's file, turns identifying
//! columns into keyed pseudonyms, encrypts the batch to the pinned admin recipients with age,
//! signs it, uploads it and keeps the server's signed receipt.
#![forbid(unsafe_code)]

mod config;
mod net;
mod outbox;
mod progress;
mod template;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context as _, Result};
use clap::{Parser, Subcommand, ValueEnum};
use samla_core::batch::{self, Batch};
use samla_core::contract::Contract;
use samla_core::envelope::{sha256_hex, Manifest, SignedManifest, SignedReceipt, SigningKey, MANIFEST_FORMAT};
use samla_core::pseudonym::{LinkageSecret, MemberSecret};
use samla_core::validate::{self, Context, ValidRow};
use samla_core::{i18n, Lang};
use zeroize::Zeroizing;

use crate::config::{Config, Member};

/// Samla: send your organisation's yearly statistics to the platform without any person
/// ever being identifiable outside your organisation.
#[derive(Parser)]
#[command(name = "samla", version, about, long_about = None)]
struct Cli {
    /// Configuration directory (default: ~/.config/samla).
    #[arg(long, global = true, env = "SAMLA_CONFIG")]
    config: Option<PathBuf>,
    /// Language of messages: sv (default) or en.
    #[arg(long, global = true, env = "SAMLA_LANG", default_value = "sv")]
    lang: Lang,
    /// No progress bars and no informational lines (for scripts); errors are still printed.
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Csv,
    Xlsx,
}

#[derive(Subcommand)]
enum Cmd {
    /// Set up this organisation: signing key, own secret, pinned admin recipients and server key.
    /// Prints the organisation's public key on the last line (give it to the platform's admin).
    Init {
        #[arg(long)]
        org: String,
        #[arg(long)]
        server: String,
        /// File with the admin recipients (age1…), from the platform.
        #[arg(long)]
        admin_recipients: PathBuf,
        /// The linkage-secret file from the key custodian (mode 0600).
        #[arg(long)]
        linkage_secret: PathBuf,
        /// The server's receipt key (samla-ed25519:…); fetched from the server when not given.
        #[arg(long)]
        server_key: Option<String>,
    },
    /// Write an empty template for a reporting year.
    Template {
        #[arg(long)]
        year: i32,
        #[arg(long, value_enum)]
        format: Format,
        #[arg(long)]
        out: PathBuf,
    },
    /// Check a file against the year's data contract. Nothing is sent.
    Validate {
        file: PathBuf,
        #[arg(long)]
        year: i32,
        /// Print the result as JSON on stdout (problems with row, column, value, code, message).
        #[arg(long)]
        json: bool,
    },
    /// Show what would leave the organisation and what stays, and the first records exactly as
    /// they would be sent (`--full`: the whole plaintext batch). Nothing is sent.
    Preview {
        file: PathBuf,
        #[arg(long)]
        year: i32,
        /// Print the whole plaintext batch, byte for byte, instead of the readable overview.
        #[arg(long)]
        full: bool,
        /// Records shown in the overview.
        #[arg(long, default_value_t = 3)]
        records: usize,
    },
    /// Validate, pseudonymise, encrypt, sign and upload; prints and stores the receipt. The
    /// sealed batch waits in the outbox until the server has acknowledged it; batches already
    /// waiting there are sent first.
    Submit {
        #[arg(required_unless_present = "retry")]
        file: Option<PathBuf>,
        #[arg(long, required_unless_present = "retry")]
        year: Option<i32>,
        /// Only send what waits in the outbox (safe to run from cron or a systemd timer).
        #[arg(long, conflicts_with = "file")]
        retry: bool,
        /// Connection attempts before giving up (with backoff between them).
        #[arg(long, default_value_t = 5)]
        attempts: u32,
    },
    /// Show the receipts this organisation holds, what the server holds and counts, and what
    /// waits in the outbox.
    Status {
        #[arg(long)]
        year: Option<i32>,
    },
    /// Make a new signing key for this organisation (a lost or exposed key, or routine
    /// rotation). Prints the new public key on the last line: the platform's admin enrols it with
    /// `samla-server org rekey`; until then uploads are refused. The old key is kept beside it
    /// (0600) as `signing-key.replaced-<time>`.
    Rekey,
    /// Pin new admin recipients (the platform rotated its admin key): the file from the
    /// platform, checked against what the server advertises when it can be reached.
    Recipients {
        /// File with the admin recipients (age1…), from the platform.
        file: PathBuf,
    },
    /// Key custodian: create the platform's linkage secret.
    LinkageSecret {
        #[command(subcommand)]
        cmd: LinkageCmd,
    },
}

#[derive(Subcommand)]
enum LinkageCmd {
    /// Create a new linkage secret file (mode 0600).
    New {
        #[arg(long)]
        out: PathBuf,
    },
}

/// Exit code 1: invalid data or a refused operation; 2: usage (clap).
fn main() -> ExitCode {
    samla_core::input::quiet_caught_xlsx_panics();
    let cli = Cli::parse();
    let lang = cli.lang;
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("samla: {}: {e:#}", i18n::text(lang, "client-error"));
            ExitCode::from(1)
        }
    }
}

fn check_year(year: i32, lang: Lang) -> Result<&'static Contract> {
    Contract::for_year(year)
        .map_err(|_| anyhow::anyhow!("{}", i18n::msg(lang, "err-unknown-year", &[("year", year.to_string().into())])))
}

/// The organisation's configuration, or a sentence saying there is none here.
fn load_member(dir: &Path, lang: Lang) -> Result<Member> {
    if !dir.join(config::CONFIG_FILE).exists() {
        bail!("{}", i18n::msg(lang, "err-not-configured", &[("dir", dir.display().to_string().into())]));
    }
    Member::load(dir)
}

/// Admin recipients from a file, with a sentence naming the file and line when one is wrong.
fn read_recipients(file: &Path, lang: Lang) -> Result<Vec<age::x25519::Recipient>> {
    let text = std::fs::read_to_string(file).with_context(|| format!("{}", file.display()))?;
    samla_core::crypto::parse_recipients(&text).map_err(|e| match e {
        samla_core::crypto::CryptoError::BadRecipient { line, .. } => anyhow::anyhow!(
            "{}",
            i18n::msg(
                lang,
                "err-bad-recipients-file",
                &[("file", file.display().to_string().into()), ("line", (line as f64).into())]
            )
        ),
        other => anyhow::anyhow!("{}: {other}", file.display()),
    })
}

fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

/// Read and validate; on problems print the report and return `None`.
fn read_valid(file: &Path, year: i32, lang: Lang) -> Result<Option<(Vec<ValidRow>, &'static Contract)>> {
    read_valid_as(file, year, lang, false)
}

/// Read and validate a file; problems go to stderr (or as JSON to stdout with `json`).
fn read_valid_as(file: &Path, year: i32, lang: Lang, json: bool) -> Result<Option<(Vec<ValidRow>, &'static Contract)>> {
    let contract = check_year(year, lang)?;
    let name = file.display().to_string();
    let sp = progress::spinner(format!("{} {name}…", i18n::text(lang, "client-reading-and-checking")));
    let table = match samla_core::input::read_path(file) {
        Ok(t) => t,
        Err(e) => {
            sp.finish_and_clear();
            let msg = input_error(&e, lang);
            if json {
                let v = serde_json::json!({
                    "file": name, "valid": false, "sent": false, "problem_count": 1, "rows_with_problems": 0,
                    "problems": [{"row": null, "column": null, "column_label": null, "value": null,
                                  "code": "unreadable_file", "message": msg}],
                });
                println!("{}", serde_json::to_string_pretty(&v)?);
            } else {
                eprintln!("{name}: {msg}");
                eprintln!("{}", samla_core::i18n::text(lang, "nothing-sent"));
            }
            return Ok(None);
        }
    };
    let ctx = Context { contract, year, today: today() };
    let result = validate::validate(&table, &ctx);
    sp.finish_and_clear();
    match result {
        Ok(rows) => Ok(Some((rows, contract))),
        Err(problems) => {
            let report = validate::Report { file: &name, problems: &problems, contract, lang };
            if json {
                println!("{}", serde_json::to_string_pretty(&report.to_json())?);
            } else {
                eprintln!("{report}");
            }
            Ok(None)
        }
    }
}

fn input_error(e: &samla_core::input::InputError, lang: Lang) -> String {
    use samla_core::i18n::{msg, n, text};
    use samla_core::input::InputError as E;
    match e {
        E::Empty => text(lang, "input-empty"),
        E::TooLarge { max } => msg(lang, "input-too-large", &[("mib", n((*max / (1024 * 1024)) as usize))]),
        E::NotText { offset } => msg(lang, "input-not-text", &[("offset", n(*offset))]),
        E::UnclosedQuote { row } => msg(lang, "input-unclosed-quote", &[("row", n(*row))]),
        E::Delimiter { found } => msg(lang, "input-delimiter", &[("found", found.to_string().into())]),
        E::Csv { row, what } => msg(lang, "input-csv", &[("row", n(*row)), ("what", what.clone().into())]),
        E::UnsupportedType(t) => msg(lang, "input-unsupported-type", &[("ext", t.clone().into())]),
        E::Io(err) => msg(lang, "input-io", &[("what", err.to_string().into())]),
        E::Xlsx(_) => text(lang, "input-xlsx"),
        E::XlsxLimit { kind, found, limit } => {
            use samla_core::input::XlsxLimit as L;
            let id = match kind {
                L::UnpackedMib => "input-xlsx-limit-unpacked",
                L::Rows => "input-xlsx-limit-rows",
                L::Columns => "input-xlsx-limit-columns",
                L::Cells => "input-xlsx-limit-cells",
                L::CellText => "input-xlsx-limit-cell-text",
                L::TextMib => "input-xlsx-limit-text",
            };
            msg(lang, id, &[("found", (*found as f64).into()), ("limit", (*limit as f64).into())])
        }
    }
}

fn build_batch(m: &Member, rows: &[ValidRow], contract: &Contract, year: i32) -> Batch {
    let meta = batch::BatchMeta {
        year,
        org: m.config.org.clone(),
        batch_id: uuid::Uuid::new_v4(),
        created_at: samla_core::envelope::now_rfc3339_precise(),
    };
    let pb = progress::bar(rows.len(), "pseudonymiserar / pseudonymising".into());
    let b = batch::build_with_progress(rows, contract, meta, &m.linkage, &m.member_secret, &|i| {
        if i % 64 == 0 {
            pb.set_position(i as u64);
        }
    });
    pb.finish_and_clear();
    b
}

fn run(cli: Cli) -> Result<ExitCode> {
    let lang = cli.lang;
    progress::set_quiet(cli.quiet);
    let cfg_dir = || config::dir(cli.config.clone());
    match cli.cmd {
        Cmd::Init { org, server, admin_recipients, linkage_secret, server_key } => {
            let dir = cfg_dir()?;
            init(&dir, &org, &server, &admin_recipients, &linkage_secret, server_key.as_deref(), lang)?;
        }
        Cmd::Template { year, format, out } => {
            let contract = check_year(year, lang)?;
            if out.exists() {
                bail!("{}: {}", out.display(), i18n::text(lang, "client-already-exists-choose-another-file"));
            }
            match format {
                Format::Csv => template::csv(contract, &out)?,
                Format::Xlsx => template::xlsx(contract, year, lang, &out)?,
            }
            println!("{} {}", i18n::text(lang, "client-template-written"), out.display());
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
                    "client-rows-valid",
                    &[
                        ("file", file.display().to_string().into()),
                        ("rows", i18n::n(rows.len())),
                        ("year", year.to_string().into())
                    ]
                )
            );
        }
        Cmd::Preview { file, year, full, records } => {
            let m = load_member(&cfg_dir()?, lang)?;
            let Some((rows, contract)) = read_valid(&file, year, lang)? else {
                return Ok(ExitCode::from(1));
            };
            let b = build_batch(&m, &rows, contract, year);
            if full {
                eprintln!("{}", i18n::text(lang, "client-this-is-exactly-the-text"));
                use std::io::Write as _;
                std::io::stdout().write_all(&Zeroizing::new(b.to_bytes()))?;
            } else {
                print_preview(&file, &rows, contract, &b, records, lang)?;
            }
        }
        Cmd::Submit { file, year, retry: _, attempts } => {
            let mut m = load_member(&cfg_dir()?, lang)?;
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
            if let Some((rows, contract, year)) = new {
                let id = seal(&m, &ob, &rows, contract, year, lang)?;
                eprintln!("{} {id}", i18n::text(lang, "client-the-batch-is-encrypted-and"));
            }
            return send_outbox(&mut m, &ob, attempts, lang);
        }
        Cmd::Status { year } => status(&load_member(&cfg_dir()?, lang)?, year, lang)?,
        Cmd::Rekey => {
            let dir = cfg_dir()?;
            let m = load_member(&dir, lang)?;
            let ob = outbox::Outbox::open(&dir)?;
            // Waiting batches are signed with the old key: they would be refused after the
            // platform enrols the new one.
            if !ob.items()?.is_empty() {
                bail!("{}", i18n::text(lang, "client-rekey-outbox-not-empty"));
            }
            let stamp = samla_core::envelope::now_rfc3339().replace(':', "");
            let old = dir.join(format!("{}.replaced-{stamp}", config::SIGNING_KEY));
            samla_core::secret::write_new(&old, m.signing.encode().as_bytes())?;
            let key = SigningKey::generate()?;
            let tmp = dir.join(format!("{}.new", config::SIGNING_KEY));
            samla_core::secret::write_new(&tmp, key.encode().as_bytes())?;
            std::fs::rename(&tmp, dir.join(config::SIGNING_KEY))?;
            println!("{}", i18n::msg(lang, "client-rekey-done", &[("org", m.config.org.clone().into())]));
            println!("{}", key.public());
        }
        Cmd::Recipients { file } => {
            let dir = cfg_dir()?;
            let m = load_member(&dir, lang)?;
            let rs = read_recipients(&file, lang)?;
            let new: Vec<String> = rs.iter().map(|r| r.to_string()).collect();
            match net::Client::new(&m.config.server, 2)?.info() {
                Ok(info) => check_advertised(&info.admin_recipients, &new, lang)?,
                Err(e) => eprintln!("{} ({e})", i18n::text(lang, "client-warning-the-server-could-not")),
            }
            let body: String = new.iter().map(|r| format!("{r}\n")).collect();
            std::fs::write(dir.join(config::RECIPIENTS), body)?;
            println!("{}", i18n::msg(lang, "client-recipients-updated", &[("n", (new.len() as f64).into())]));
        }
        Cmd::LinkageSecret { cmd: LinkageCmd::New { out } } => {
            let s = LinkageSecret::generate()?;
            samla_core::secret::write_new(&out, s.encode().as_bytes())?;
            println!("{} {}", i18n::text(lang, "client-new-linkage-secret-written-readable"), out.display());
            println!("{}", i18n::text(lang, "client-give-it-to-each-member"));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn init(
    dir: &Path,
    org: &str,
    server: &str,
    recipients: &Path,
    linkage: &Path,
    server_key: Option<&str>,
    lang: Lang,
) -> Result<()> {
    if !samla_core::envelope::valid_org_id(org) {
        bail!("--org {org:?}: 2–64 characters of a–z, 0–9, - and _ (the id the platform gave you)");
    }
    net::check_url(server)?;
    if dir.join(config::CONFIG_FILE).exists() {
        bail!("{}: {}", dir.display(), i18n::text(lang, "client-already-configured-use-another-config"));
    }
    let rs = read_recipients(recipients, lang)?;
    let ltext = samla_core::secret::read_text(linkage)?;
    let ls = LinkageSecret::parse(&ltext).with_context(|| format!("{}", linkage.display()))?;
    let pinned_key = match server_key {
        Some(k) => Some(
            k.parse::<samla_core::envelope::PublicKey>().map_err(|e| anyhow::anyhow!("--server-key: {e}"))?.to_string(),
        ),
        None => match net::Client::new(server, 2)?.info() {
            Ok(info) => {
                check_advertised(&info.admin_recipients, &rs.iter().map(|r| r.to_string()).collect::<Vec<_>>(), lang)?;
                Some(info.server_key)
            }
            Err(e) => {
                eprintln!("{} ({e})", i18n::text(lang, "client-warning-the-server-could-not"));
                None
            }
        },
    };
    std::fs::create_dir_all(dir).with_context(|| format!("{}", dir.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    let key = SigningKey::generate()?;
    samla_core::secret::write_new(&dir.join(config::SIGNING_KEY), key.encode().as_bytes())?;
    samla_core::secret::write_new(&dir.join(config::MEMBER_SECRET), MemberSecret::generate()?.encode().as_bytes())?;
    samla_core::secret::write_new(&dir.join(config::LINKAGE_SECRET), ls.encode().as_bytes())?;
    let rbody: String = rs.iter().map(|r| format!("{r}\n")).collect();
    std::fs::write(dir.join(config::RECIPIENTS), rbody)?;
    config::save(dir, &Config { org: org.into(), server: server.into(), server_key: pinned_key.clone() })?;
    println!(
        "{}",
        i18n::msg(
            lang,
            "client-configured",
            &[("org", org.to_string().into()), ("dir", dir.display().to_string().into())]
        )
    );
    if let Some(k) = &pinned_key {
        println!("{}", i18n::msg(lang, "client-server-key-pinned", &[("key", k.to_string().into())]));
    }
    println!("{}", i18n::text(lang, "client-give-public-key"));
    println!("{}", key.public());
    Ok(())
}

/// A server that advertises admin recipients other than the pinned ones is refused.
fn check_advertised(advertised: &[String], pinned: &[String], lang: Lang) -> Result<()> {
    if advertised.is_empty() {
        return Ok(());
    }
    let a: std::collections::BTreeSet<&String> = advertised.iter().collect();
    let p: std::collections::BTreeSet<&String> = pinned.iter().collect();
    if a != p {
        bail!("{}", i18n::text(lang, "client-the-server-advertises-admin-recipients"));
    }
    Ok(())
}

/// Build, encrypt and sign a batch and put it in the outbox; returns its id.
fn seal(
    m: &Member,
    ob: &outbox::Outbox,
    rows: &[ValidRow],
    contract: &Contract,
    year: i32,
    lang: Lang,
) -> Result<String> {
    let b = build_batch(m, rows, contract, year);
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
    for old in ob.drop_year(year)? {
        eprintln!("samla: {old}: {} {year}", i18n::text(lang, "client-replaced-in-the-outbox-by"));
    }
    ob.put(&item, &ciphertext)?;
    Ok(item.batch_id)
}

/// The server's receipt key: the pinned one (refusing a server that shows another), or pinned
/// now on first contact.
fn pin_server_key(m: &mut Member, info: &net::Info, lang: Lang) -> Result<samla_core::envelope::PublicKey> {
    match m.server_key() {
        Some(k) if k.to_string() == info.server_key => Ok(k),
        Some(_) => bail!("{}", i18n::text(lang, "client-the-server-shows-a-different")),
        None => {
            let k: samla_core::envelope::PublicKey =
                info.server_key.parse().context("the server's key is malformed")?;
            m.config.server_key = Some(k.to_string());
            m.save_config()?;
            eprintln!("{} {k}", i18n::text(lang, "client-the-server-s-receipt-key"));
            Ok(k)
        }
    }
}

/// Send every batch waiting in the outbox, oldest first.
fn send_outbox(m: &mut Member, ob: &outbox::Outbox, attempts: u32, lang: Lang) -> Result<ExitCode> {
    let items = ob.items()?;
    if items.is_empty() {
        println!("{}", i18n::text(lang, "client-the-outbox-is-empty-nothing"));
        return Ok(ExitCode::SUCCESS);
    }
    let waiting_note = |n: usize| {
        eprintln!(
            "{} {n}. {}",
            i18n::text(lang, "client-batches-waiting-in-the-outbox"),
            i18n::text(lang, "client-they-are-encrypted-and-will")
        );
    };
    let client = net::Client::new(&m.config.server, attempts)?;
    let info = match client.info() {
        Ok(i) => i,
        Err(e) => {
            eprintln!("samla: {e}");
            eprintln!("{}", i18n::text(lang, "client-the-server-could-not-be"));
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
                    bail!("the receipt does not match the batch that was sent; the batch stays in the outbox");
                }
                let dir = m.receipts_dir(item.year);
                std::fs::create_dir_all(&dir)?;
                let path = dir.join(format!("{}.json", r.batch_id));
                std::fs::write(&path, serde_json::to_string_pretty(&receipt)? + "\n")?;
                ob.done(&item.batch_id)?;
                left -= 1;
                print_receipt(&r, lang);
                println!("{} {}", i18n::text(lang, "client-receipt-saved"), path.display());
            }
            Err(e @ net::SendError::Refused { .. }) => {
                let to = ob.refuse(&item.batch_id, &e.to_string())?;
                left -= 1;
                eprintln!("samla: {e}");
                eprintln!("{} {}", i18n::text(lang, "client-the-server-did-not-accept"), to.display());
                waiting_note(left);
                return Ok(ExitCode::from(1));
            }
            Err(e) => {
                eprintln!("samla: {e}");
                let advice = match e {
                    net::SendError::BadAnswer(_) => i18n::text(lang, "client-the-server-s-answer-could"),
                    _ => i18n::text(lang, "client-the-server-could-not-be"),
                };
                eprintln!("{advice}");
                waiting_note(left);
                return Ok(ExitCode::from(1));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The member's proof that names never leave: what is sent, as what, what stays, and the first
/// records exactly as they are sent.
fn print_preview(
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

fn print_receipt(r: &samla_core::envelope::Receipt, lang: Lang) {
    println!("{}", i18n::text(lang, "client-received-and-stored-by-the"));
    println!("  {:<14} {}", i18n::text(lang, "client-member"), r.org);
    println!("  {:<14} {}", i18n::text(lang, "client-year"), r.year);
    println!("  {:<14} {}", "batch", r.batch_id);
    println!("  {:<14} {}", "sha256", r.ciphertext_sha256);
    println!("  {:<14} {}", i18n::text(lang, "client-received"), r.received_at);
    if let Some(s) = r.supersedes {
        println!("  {:<14} {s}", i18n::text(lang, "client-supersedes"));
    }
}

/// What the server holds for one year, verified with the pinned key: (receipts, counted index).
fn server_receipts(m: &Member, year: i32) -> Result<(Vec<samla_core::envelope::Receipt>, Option<usize>)> {
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

fn status(m: &Member, year: Option<i32>, lang: Lang) -> Result<()> {
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
