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
use samla_core::{tr, Lang};
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
    let cli = Cli::parse();
    let lang = cli.lang;
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("samla: {}: {e:#}", tr(lang, "fel", "error"));
            ExitCode::from(1)
        }
    }
}

fn check_year(year: i32) -> Result<&'static Contract> {
    Contract::for_year(year).map_err(|e| anyhow::anyhow!("--year {year}: {e}"))
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
    let contract = check_year(year)?;
    let name = file.display().to_string();
    let sp = progress::spinner(format!("{} {name}…", tr(lang, "Läser och kontrollerar", "Reading and checking")));
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
    }
}

fn build_batch(m: &Member, rows: &[ValidRow], contract: &Contract, year: i32) -> Batch {
    let meta = batch::BatchMeta {
        year,
        org: m.config.org.clone(),
        batch_id: uuid::Uuid::new_v4(),
        created_at: samla_core::envelope::now_rfc3339(),
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
            let contract = check_year(year)?;
            if out.exists() {
                bail!(
                    "{}: {}",
                    out.display(),
                    tr(lang, "finns redan; välj ett annat filnamn", "already exists; choose another file name")
                );
            }
            match format {
                Format::Csv => template::csv(contract, &out)?,
                Format::Xlsx => template::xlsx(contract, year, lang, &out)?,
            }
            println!("{} {}", tr(lang, "Mall skriven:", "Template written:"), out.display());
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
            match lang {
                Lang::Sv => {
                    println!("{}: {} rader är giltiga för {year}. Ingenting har skickats.", file.display(), rows.len())
                }
                Lang::En => println!("{}: {} rows are valid for {year}. Nothing was sent.", file.display(), rows.len()),
            }
        }
        Cmd::Preview { file, year, full, records } => {
            let m = Member::load(&cfg_dir()?)?;
            let Some((rows, contract)) = read_valid(&file, year, lang)? else {
                return Ok(ExitCode::from(1));
            };
            let b = build_batch(&m, &rows, contract, year);
            if full {
                eprintln!(
                    "{}",
                    tr(
                        lang,
                        "Detta är exakt den text som krypteras och skickas (med nytt batch-id och ny tid vid varje körning). Namn, födelsedatum, personnummer och egna ärende-id finns inte med; de har ersatts av nycklar som bara medlemmarna kan räkna fram.",
                        "This is exactly the text that is encrypted and sent (with a new batch id and time on each run). Names, birth dates, personal numbers and case ids are not in it; they are replaced by keys only members can compute.",
                    )
                );
                use std::io::Write as _;
                std::io::stdout().write_all(&Zeroizing::new(b.to_bytes()))?;
            } else {
                print_preview(&file, &rows, contract, &b, records, lang)?;
            }
        }
        Cmd::Submit { file, year, retry: _, attempts } => {
            let mut m = Member::load(&cfg_dir()?)?;
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
                eprintln!(
                    "{} {id}",
                    tr(
                        lang,
                        "Batchen är krypterad och ligger i utkorgen:",
                        "The batch is encrypted and in the outbox:"
                    )
                );
            }
            return send_outbox(&mut m, &ob, attempts, lang);
        }
        Cmd::Status { year } => status(&Member::load(&cfg_dir()?)?, year, lang)?,
        Cmd::LinkageSecret { cmd: LinkageCmd::New { out } } => {
            let s = LinkageSecret::generate()?;
            samla_core::secret::write_new(&out, s.encode().as_bytes())?;
            println!(
                "{} {}",
                tr(
                    lang,
                    "Ny länknyckel skriven (läsbar bara för dig):",
                    "New linkage secret written (readable by you only):"
                ),
                out.display()
            );
            println!(
                "{}",
                tr(
                    lang,
                    "Ge den till varje medlem krypterad till medlemmen (t.ex. med age), aldrig till plattformens admin eller server.",
                    "Give it to each member encrypted to that member (e.g. with age), never to the platform's admin or server.",
                )
            );
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
        bail!(
            "{}: {}",
            dir.display(),
            tr(lang, "redan konfigurerad; använd en annan --config", "already configured; use another --config")
        );
    }
    let rtext = std::fs::read_to_string(recipients).with_context(|| format!("{}", recipients.display()))?;
    let rs = samla_core::crypto::parse_recipients(&rtext).with_context(|| format!("{}", recipients.display()))?;
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
                eprintln!(
                    "{} ({e})",
                    tr(
                        lang,
                        "Varning: servern kunde inte nås; dess nyckel fästs vid första kontakten",
                        "Warning: the server could not be reached; its key will be pinned at first contact"
                    )
                );
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
    match lang {
        Lang::Sv => {
            println!("Samla är konfigurerat för {org} i {}.", dir.display());
            if let Some(k) = &pinned_key {
                println!("Serverns kvittonyckel är fäst: {k}");
            }
            println!("Ge organisationens publika nyckel till plattformens admin:");
        }
        Lang::En => {
            println!("Samla is configured for {org} in {}.", dir.display());
            if let Some(k) = &pinned_key {
                println!("The server's receipt key is pinned: {k}");
            }
            println!("Give the organisation's public key to the platform's admin:");
        }
    }
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
        bail!(
            "{}",
            tr(
                lang,
                "servern anger andra admin-mottagare än de som är fästa i er konfiguration. Ingenting har skickats. Kontakta plattformen: servern kan vara komprometterad.",
                "the server advertises admin recipients other than the ones pinned in your configuration. Nothing was sent. Contact the platform: the server may be compromised.",
            )
        );
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
    let plaintext = Zeroizing::new(b.to_bytes());
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
        eprintln!(
            "samla: {old}: {} {year}",
            tr(
                lang,
                "ersätts i utkorgen av den nya batchen (den hade aldrig tagits emot) för",
                "replaced in the outbox by the new batch (it was never received) for",
            )
        );
    }
    ob.put(&item, &ciphertext)?;
    Ok(item.batch_id)
}

/// The server's receipt key: the pinned one (refusing a server that shows another), or pinned
/// now on first contact.
fn pin_server_key(m: &mut Member, info: &net::Info, lang: Lang) -> Result<samla_core::envelope::PublicKey> {
    match m.server_key() {
        Some(k) if k.to_string() == info.server_key => Ok(k),
        Some(_) => bail!(
            "{}",
            tr(
                lang,
                "servern visar en annan kvittonyckel än den som fästes vid `samla init`. Ingenting har skickats. Kontakta plattformen.",
                "the server shows a different receipt key than the one pinned at `samla init`. Nothing was sent. Contact the platform.",
            )
        ),
        None => {
            let k: samla_core::envelope::PublicKey = info.server_key.parse().context("the server's key is malformed")?;
            m.config.server_key = Some(k.to_string());
            m.save_config()?;
            eprintln!("{} {k}", tr(lang, "Serverns kvittonyckel fästes nu:", "The server's receipt key is now pinned:"));
            Ok(k)
        }
    }
}

/// Send every batch waiting in the outbox, oldest first.
fn send_outbox(m: &mut Member, ob: &outbox::Outbox, attempts: u32, lang: Lang) -> Result<ExitCode> {
    let items = ob.items()?;
    if items.is_empty() {
        println!("{}", tr(lang, "Utkorgen är tom; inget att skicka.", "The outbox is empty; nothing to send."));
        return Ok(ExitCode::SUCCESS);
    }
    let waiting_note = |n: usize| {
        eprintln!(
            "{} {n}. {}",
            tr(lang, "Batcher som väntar i utkorgen:", "Batches waiting in the outbox:"),
            tr(
                lang,
                "De är krypterade och skickas med `samla submit --retry` (eller nästa `samla submit`).",
                "They are encrypted and will be sent by `samla submit --retry` (or the next `samla submit`).",
            )
        );
    };
    let client = net::Client::new(&m.config.server, attempts)?;
    let info = match client.info() {
        Ok(i) => i,
        Err(e) => {
            eprintln!("samla: {e}");
            eprintln!("{}", tr(lang, "Servern kunde inte nås.", "The server could not be reached."));
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
                println!("{} {}", tr(lang, "Kvittot är sparat:", "Receipt saved:"), path.display());
            }
            Err(e @ net::SendError::Refused { .. }) => {
                let to = ob.refuse(&item.batch_id, &e.to_string())?;
                left -= 1;
                eprintln!("samla: {e}");
                eprintln!(
                    "{} {}",
                    tr(
                        lang,
                        "Servern tog inte emot batchen och kommer inte att göra det; den har flyttats till",
                        "The server did not accept the batch and will not; it was moved to",
                    ),
                    to.display()
                );
                waiting_note(left);
                return Ok(ExitCode::from(1));
            }
            Err(e) => {
                eprintln!("samla: {e}");
                let advice = match e {
                    net::SendError::BadAnswer(_) => tr(
                        lang,
                        "Serverns svar kunde inte godtas; räkna inte batchen som inskickad.",
                        "The server's answer could not be accepted; do not count the batch as submitted.",
                    ),
                    _ => tr(lang, "Servern kunde inte nås.", "The server could not be reached."),
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
    let t = |sv: &'static str, en: &'static str| tr(lang, sv, en);
    let used: std::collections::BTreeSet<&str> = rows.iter().flat_map(|r| r.stats.keys().map(String::as_str)).collect();
    println!(
        "{} {} ({} {}, {year})",
        t("Förhandsvisning av", "Preview of"),
        file.display(),
        rows.len(),
        t("personer", "people"),
        year = b.year
    );
    println!();
    println!(
        "{}",
        t(
            "SKICKAS (krypterat så att bara plattformens admin kan läsa det):",
            "SENT (encrypted so that only the platform's admin can read it):"
        )
    );
    for f in contract.statistical_fields() {
        let filled = used.contains(f.key.as_str());
        println!(
            "  {:<28} {}",
            format!("{} ({})", f.key, f.label.get(lang)),
            if filled {
                t("som det står i filen (koden)", "as in the file (the code)")
            } else {
                t("tom i filen – skickas inte", "empty in the file – not sent")
            }
        );
    }
    println!(
        "  {:<28} {}",
        "birth_year, birth_precision",
        t(
            "födelseåret och om datumet var helt, månad eller bara år – inte datumet",
            "the birth year and whether the date was full, month or year only – not the date"
        )
    );
    println!(
        "  {:<28} {}",
        "record_ref, related_to_ref",
        t(
            "nycklar som bara er organisation kan räkna fram ur era ärende-id",
            "keys only your organisation can compute from your case ids"
        )
    );
    println!(
        "  {:<28} {}",
        "match_keys, clk, clk_year",
        t(
            "kodade länkningsnycklar av namn, födelsedatum och id-nummer; kan inte vändas tillbaka utan medlemmarnas gemensamma hemliga nyckel",
            "encoded linkage keys of names, birth date and id numbers; cannot be turned back without the members' shared secret key",
        )
    );
    println!();
    println!(
        "{}",
        t(
            "STANNAR HOS ER (skickas aldrig, i någon form som går att läsa):",
            "STAYS WITH YOU (never sent in any readable form):"
        )
    );
    for f in contract.fields.iter().filter(|f| f.kind == samla_core::contract::Kind::Identifying) {
        println!("  {} ({})", f.key, f.label.get(lang));
    }
    println!();
    let n = shown.min(b.records.len());
    println!(
        "{} {n} {}",
        t("De första", "The first"),
        t("posterna exakt som de skickas:", "records exactly as they are sent:")
    );
    for r in b.records.iter().take(n) {
        println!("{}", serde_json::to_string_pretty(r)?);
    }
    println!();
    println!(
        "{} {} samla preview --full",
        b.records.len(),
        t("poster i allt. Ingenting har skickats. Hela batchen:", "records in all. Nothing was sent. The whole batch:"),
    );
    Ok(())
}

fn print_receipt(r: &samla_core::envelope::Receipt, lang: Lang) {
    println!(
        "{}",
        tr(
            lang,
            "Mottaget och lagrat av servern (signerat kvitto):",
            "Received and stored by the server (signed receipt):"
        )
    );
    println!("  {:<14} {}", tr(lang, "medlem", "member"), r.org);
    println!("  {:<14} {}", tr(lang, "år", "year"), r.year);
    println!("  {:<14} {}", "batch", r.batch_id);
    println!("  {:<14} {}", "sha256", r.ciphertext_sha256);
    println!("  {:<14} {}", tr(lang, "mottaget", "received"), r.received_at);
    if let Some(s) = r.supersedes {
        println!("  {:<14} {s}", tr(lang, "ersätter", "supersedes"));
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
            tr(lang, "Batcher som väntar i utkorgen:", "Batches waiting in the outbox:"),
            tr(lang, "skicka med `samla submit --retry`", "send with `samla submit --retry`")
        );
    }
    if years.is_empty() {
        println!("{}", tr(lang, "Inga kvitton ännu.", "No receipts yet."));
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
        println!("{} {y}:", tr(lang, "År", "Year"));
        let latest = rs.iter().rev().find_map(|(r, _)| r.as_ref().map(|r| r.batch_id));
        println!("  {}", tr(lang, "Kvitton sparade här:", "Receipts kept here:"));
        if rs.is_empty() {
            println!("    {}", tr(lang, "inga", "none"));
        }
        for (r, path) in &rs {
            match r {
                Some(r) => println!(
                    "    {} {} {}{}",
                    r.received_at,
                    r.batch_id,
                    &r.ciphertext_sha256[..16],
                    if Some(r.batch_id) == latest {
                        tr(lang, "  ← senaste", "  ← latest")
                    } else {
                        tr(lang, "  (ersatt)", "  (superseded)")
                    }
                ),
                None => println!(
                    "    {}: {}",
                    path.display(),
                    tr(
                        lang,
                        "OGILTIGT kvitto (signaturen stämmer inte)",
                        "INVALID receipt (signature does not verify)"
                    )
                ),
            }
        }
        match server_receipts(m, y) {
            Ok((server, counted)) => {
                println!(
                    "  {}",
                    tr(
                        lang,
                        "Hos servern (kvitton verifierade med den fästa nyckeln):",
                        "On the server (receipts verified with the pinned key):"
                    )
                );
                if server.is_empty() {
                    println!("    {}", tr(lang, "inga batcher", "no batches"));
                }
                for (i, r) in server.iter().enumerate() {
                    println!(
                        "    {} {} {}{}",
                        r.received_at,
                        r.batch_id,
                        &r.ciphertext_sha256[..16],
                        if Some(i) == counted {
                            tr(lang, "  ← den som räknas", "  ← the one counted")
                        } else {
                            tr(lang, "  (ersatt)", "  (superseded)")
                        }
                    );
                }
                let counted_id = counted.and_then(|i| server.get(i)).map(|r| r.batch_id);
                match (counted_id, latest) {
                    (Some(c), Some(l)) if c == l => println!(
                        "  {}",
                        tr(lang, "Servern räknar er senaste batch.", "The server counts your latest batch.")
                    ),
                    (Some(_), Some(_)) => println!(
                        "  {}",
                        tr(
                            lang,
                            "OBS: servern räknar inte den batch ni senast fick kvitto på. Kontakta plattformen.",
                            "NOTE: the server does not count the batch you last got a receipt for. Contact the platform.",
                        )
                    ),
                    (Some(_), None) => println!(
                        "  {}",
                        tr(
                            lang,
                            "Servern har en batch som det inte finns något kvitto för här (skickad från en annan dator?).",
                            "The server holds a batch with no receipt here (sent from another computer?).",
                        )
                    ),
                    (None, _) => println!("  {}", tr(lang, "Servern räknar ingen batch för året.", "The server counts no batch for the year.")),
                }
            }
            Err(e) => println!(
                "  {} ({e:#})",
                tr(
                    lang,
                    "Servern kunde inte frågas; visar bara det som finns här.",
                    "The server could not be asked; showing only what is kept here."
                )
            ),
        }
    }
    Ok(())
}
