//! `samla-server`: the platform's collector and admin tool.
//!
//! Modules: `http` (the API: uploads streamed, checked and stored; receipts; status), `error`
//! (every API refusal as one enum), `store` (SQLite: members and their keys, rounds, batches,
//! the hash-chained audit log), `schedule` (round calendar, admission, round states), `rounds`
//! (scheduler, completeness, reminders) and `admin` (the offline aggregation). This file is the
//! command line and the dispatch.
#![forbid(unsafe_code)]

/// glibc's allocator fragments badly on the millions of small allocations of a national-scale
/// aggregation (docs/LINKAGE.md, scale); mimalloc keeps the peak near the live data.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod admin;
mod error;
mod http;
mod rounds;
mod schedule;
mod store;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::{bail, Context as _, Result};
use clap::{Parser, Subcommand};
use samla_core::Lang;
use zeroize::Zeroizing;

use crate::store::Store;

/// Samla collector: stores members' encrypted batches, runs the yearly rounds, and lets the
/// admin decrypt, link, merge and publish the annual aggregate.
#[derive(Parser)]
#[command(name = "samla-server", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// The tamper-evident audit log: verify its chain, export it.
    Audit {
        #[command(subcommand)]
        cmd: AuditCmd,
    },
    /// Create a new data directory: database, receipt-signing key (0600).
    Init {
        #[arg(long)]
        data: PathBuf,
        /// File of admin recipients (age1…) that the server advertises to clients.
        #[arg(long)]
        admin_recipients: Option<PathBuf>,
    },
    /// Create the admin identity (age X25519), encrypted with a passphrase
    /// (SAMLA_PASSPHRASE or a prompt). Prints the recipient (age1…) on the last line.
    AdminKeygen {
        #[arg(long)]
        out: PathBuf,
        /// scrypt work factor (log2 N) for fast tests: only in debug builds, never in a
        /// release binary (which always uses age's default).
        #[cfg(debug_assertions)]
        #[arg(long, hide = true)]
        work_factor: Option<u8>,
    },
    /// Set the admin recipients the server advertises.
    AdminRecipients {
        file: PathBuf,
        #[arg(long)]
        data: PathBuf,
    },
    /// Enrol members.
    Org {
        #[command(subcommand)]
        cmd: OrgCmd,
    },
    /// Collection rounds.
    Round {
        #[command(subcommand)]
        cmd: RoundCmd,
    },
    /// Run the HTTP API (and, with --config, the round scheduler and reminders).
    Serve {
        #[arg(long)]
        data: PathBuf,
        /// Address to listen on, e.g. 127.0.0.1:8443 (port 0 picks a free port).
        #[arg(long)]
        listen: SocketAddr,
        /// The deployment's configuration: round schedule, reminders, SMTP, member addresses
        /// (docs/OPERATIONS.md).
        #[arg(long)]
        config: Option<PathBuf>,
        /// Seconds a client has to send a whole upload body (slow clients are cut off).
        #[arg(long, default_value_t = 60)]
        body_timeout_secs: u64,
    },
    /// Completeness of a year's round: expected, received, on time, late, missing, superseded.
    Status {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        data: PathBuf,
        /// Print JSON (the shape of GET /v1/rounds/{year}/status).
        #[arg(long)]
        json: bool,
    },
    /// Issue a new admin API token (for GET /v1/rounds/{year}/status); printed once.
    AdminToken {
        #[arg(long)]
        data: PathBuf,
    },
    /// Send the reminders due now (what the scheduler does), or print them with --dry-run.
    Remind {
        #[arg(long)]
        data: PathBuf,
        #[arg(long)]
        config: PathBuf,
        #[arg(long)]
        dry_run: bool,
    },
    /// Copy the store to a file with SQLite's online backup API (safe while serving).
    Backup {
        #[arg(long)]
        data: PathBuf,
        #[arg(long)]
        out: PathBuf,
    },
    /// Put a backup in place as the store of a data directory (server stopped).
    Restore {
        #[arg(long)]
        from: PathBuf,
        #[arg(long)]
        data: PathBuf,
    },
    /// Decrypt, link, merge and write report.json, report.csv and report.html.
    Aggregate {
        #[arg(long)]
        year: i32,
        /// The passphrase-protected admin identity (passphrase from SAMLA_PASSPHRASE or a prompt).
        #[arg(long)]
        identity: PathBuf,
        #[arg(long)]
        data: PathBuf,
        #[arg(long)]
        out: PathBuf,
        /// Unprotected counts for the admin's own checks, marked INTERNAL.
        #[arg(long)]
        internal: bool,
        /// Language of the report: sv (default) or en.
        #[arg(long, default_value = "sv")]
        lang: Lang,
        /// The previous year's report.json: key tables then show both years and the change.
        #[arg(long)]
        previous: Option<PathBuf>,
        /// Finish with exit status 0 even when some members' batches could not be read (they
        /// are left out and listed in the report). Without it such a run writes the report
        /// but exits with status 3, so nobody publishes without noticing.
        #[arg(long)]
        accept_unreadable: bool,
        /// Aggregate although the round is still open (a preliminary run; audited).
        #[arg(long)]
        allow_open_round: bool,
    },
}

#[derive(Subcommand)]
enum AuditCmd {
    /// Check the hash chain of the audit log and that every receipt's audit head is in it.
    /// Exit status 0 when intact (prints the entry count and the head hash to keep elsewhere),
    /// 4 when an entry was deleted, inserted or edited.
    Verify {
        #[arg(long)]
        data: PathBuf,
    },
    /// Write the audit log as JSON lines (id, at, action, detail, hash), mode 0600.
    Export {
        #[arg(long)]
        data: PathBuf,
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum OrgCmd {
    /// Enrol a member's public signing key (printed by `samla init`).
    Add {
        org_id: String,
        #[arg(long)]
        public_key: String,
        #[arg(long)]
        data: PathBuf,
    },
    /// List enrolled members.
    List {
        #[arg(long)]
        data: PathBuf,
    },
    /// Replace a member's key (a lost or compromised key, or `samla rekey`): the old key is
    /// refused from now on; batches it signed before stay verifiable.
    Rekey {
        org_id: String,
        #[arg(long)]
        public_key: String,
        #[arg(long)]
        data: PathBuf,
    },
    /// Refuse every upload of a member from now on (what it sent before still counts).
    Disable {
        org_id: String,
        #[arg(long)]
        data: PathBuf,
    },
    /// Let a disabled member upload again.
    Enable {
        org_id: String,
        #[arg(long)]
        data: PathBuf,
    },
}

#[derive(Subcommand)]
enum RoundCmd {
    /// Open the round for a reporting year.
    Open {
        #[arg(long)]
        year: i32,
        /// YYYY-MM-DD (uploads on that day are on time)
        #[arg(long)]
        deadline: String,
        /// Days after the deadline when late reports are still taken (0–90); refused after.
        #[arg(long, default_value_t = 14)]
        grace_days: u32,
        /// Reopen a round that was closed (written to the audit log).
        #[arg(long)]
        reopen: bool,
        #[arg(long)]
        data: PathBuf,
    },
    /// Close (freeze) the round for a reporting year.
    Close {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        data: PathBuf,
    },
    /// Let one member send a corrected batch for a closed round, for a limited time, without
    /// reopening the round for everyone (written to the audit log).
    AllowCorrection {
        #[arg(long)]
        year: i32,
        /// The member's id.
        #[arg(long)]
        org: String,
        /// How long the exception lasts, in hours (1–336).
        #[arg(long, default_value_t = 72)]
        hours: u32,
        #[arg(long)]
        data: PathBuf,
    },
}

/// Shortest passphrase accepted for the admin identity, from a prompt or SAMLA_PASSPHRASE.
const MIN_PASSPHRASE: usize = 12;

fn passphrase(confirm: bool) -> Result<Zeroizing<String>> {
    if let Ok(p) = std::env::var("SAMLA_PASSPHRASE") {
        // The same rule as at the prompt, wherever the passphrase comes from.
        if p.chars().count() < MIN_PASSPHRASE {
            bail!("SAMLA_PASSPHRASE: use a passphrase of at least {MIN_PASSPHRASE} characters");
        }
        return Ok(Zeroizing::new(p));
    }
    let p = Zeroizing::new(
        rpassword::prompt_password("Passphrase: ")
            .context("no passphrase: set SAMLA_PASSPHRASE or run in a terminal")?,
    );
    if confirm {
        let q = Zeroizing::new(rpassword::prompt_password("Repeat passphrase: ")?);
        if *p != *q {
            bail!("the passphrases differ");
        }
    }
    if p.chars().count() < MIN_PASSPHRASE {
        bail!("use a passphrase of at least {MIN_PASSPHRASE} characters");
    }
    Ok(p)
}

fn valid_year(y: i32) -> Result<()> {
    if !(2020..=2100).contains(&y) {
        bail!("--year {y}: give a four-digit reporting year between 2020 and 2100");
    }
    Ok(())
}

fn open(data: &Path) -> Result<Store> {
    Ok(Store::open(data)?)
}

fn main() {
    let cli = Cli::parse();
    if let Err(e) = run(cli) {
        eprintln!("samla-server: error: {e:#}");
        std::process::exit(1);
    }
}

fn run(cli: Cli) -> Result<()> {
    match cli.cmd {
        Cmd::Init { data, admin_recipients } => {
            let (store, key) = Store::init(&data)?;
            if let Some(f) = admin_recipients {
                let text = std::fs::read_to_string(&f).with_context(|| format!("{}", f.display()))?;
                store.set_admin_recipients(&text)?;
            }
            println!("Initialised {}.", data.display());
            println!("Server receipt key (members pin it with `samla init`):");
            println!("{key}");
        }
        Cmd::AdminKeygen {
            out,
            #[cfg(debug_assertions)]
            work_factor,
        } => {
            #[cfg(not(debug_assertions))]
            let work_factor: Option<u8> = None;
            if out.exists() {
                bail!("{}: already exists; refusing to overwrite an identity", out.display());
            }
            let p = passphrase(true)?;
            let (file, recipient) = samla_core::crypto::new_admin_identity(&p, work_factor)?;
            samla_core::secret::write_new(&out, &file)?;
            println!("Admin identity written to {} (passphrase-protected, mode 0600).", out.display());
            println!("Give this recipient to the members (their --admin-recipients file):");
            println!("{recipient}");
        }
        Cmd::AdminRecipients { file, data } => {
            let text = std::fs::read_to_string(&file).with_context(|| format!("{}", file.display()))?;
            let n = open(&data)?.set_admin_recipients(&text)?;
            println!("The server now advertises {n} admin recipient(s).");
        }
        Cmd::Org { cmd: OrgCmd::Add { org_id, public_key, data } } => {
            if !samla_core::envelope::valid_org_id(&org_id) {
                bail!(
                    "{org_id:?}: a member id is 2–64 characters of a–z, 0–9, - and _, starting with a letter or digit"
                );
            }
            let key = public_key.parse().map_err(|_| anyhow::anyhow!("--public-key: not a Samla public key; copy the last line printed by `samla init` (samla-ed25519:…)"))?;
            open(&data)?.add_org(&org_id, &key)?;
            println!("Enrolled {org_id}.");
        }
        Cmd::Audit { cmd: AuditCmd::Verify { data } } => match open(&data)?.verify_audit()? {
            store::AuditCheck::Intact { entries, head } => {
                println!("The audit log is intact: {entries} entries, every receipt's head among them.");
                println!("head {head}");
            }
            store::AuditCheck::Broken { id, why } => {
                eprintln!("samla-server: the audit log is NOT intact: entry {id}: {why}.");
                std::process::exit(4);
            }
        },
        Cmd::Audit { cmd: AuditCmd::Export { data, out } } => {
            let entries = open(&data)?.audit_entries()?;
            let mut body = String::new();
            for (id, at, action, detail, hash) in &entries {
                body.push_str(&serde_json::to_string(
                    &serde_json::json!({"id": id, "at": at, "action": action, "detail": detail, "hash": hash}),
                )?);
                body.push('\n');
            }
            samla_core::secret::write_private(&out, body.as_bytes())?;
            println!("Wrote {} audit entries to {}.", entries.len(), out.display());
        }
        Cmd::Org { cmd: OrgCmd::List { data } } => {
            let store = open(&data)?;
            for o in store.orgs()? {
                if store.org_disabled(&o)? {
                    println!("{o} (disabled)");
                } else {
                    println!("{o}");
                }
            }
        }
        Cmd::Org { cmd: OrgCmd::Rekey { org_id, public_key, data } } => {
            let key = public_key.parse().map_err(|_| anyhow::anyhow!("--public-key: not a Samla public key; copy the last line printed by `samla rekey` (samla-ed25519:…)"))?;
            open(&data)?.rekey_org(&org_id, &key)?;
            println!("{org_id} now signs with {key}; the old key is refused from now on.");
        }
        Cmd::Org { cmd: OrgCmd::Disable { org_id, data } } => {
            open(&data)?.set_org_disabled(&org_id, true)?;
            println!("{org_id} is disabled: its uploads are refused (what it sent before still counts).");
        }
        Cmd::Org { cmd: OrgCmd::Enable { org_id, data } } => {
            open(&data)?.set_org_disabled(&org_id, false)?;
            println!("{org_id} may upload again.");
        }
        Cmd::Round { cmd: RoundCmd::Open { year, deadline, grace_days, reopen, data } } => {
            valid_year(year)?;
            if grace_days > 90 {
                bail!("--grace-days {grace_days}: give 0–90 days");
            }
            let fmt = time::macros::format_description!("[year]-[month]-[day]");
            time::Date::parse(&deadline, &fmt)
                .map_err(|_| anyhow::anyhow!("--deadline {deadline:?}: give a date as YYYY-MM-DD"))?;
            let end_of_deadline = schedule::parse_instant(&deadline, true).map_err(anyhow::Error::msg)?;
            let grace_end = end_of_deadline + time::Duration::days(i64::from(grace_days));
            if grace_end <= time::OffsetDateTime::now_utc() {
                bail!(
                    "--deadline {deadline} with {grace_days} grace day(s) is already over: members could send nothing; give a later deadline"
                );
            }
            open(&data)?.open_round(year, &deadline, &schedule::rfc3339(grace_end), reopen)?;
            println!(
                "Round {year} is open; deadline {deadline}; late reports taken until {}.",
                schedule::rfc3339(grace_end)
            );
        }
        Cmd::Round { cmd: RoundCmd::Close { year, data } } => {
            open(&data)?.close_round(year)?;
            println!("Round {year} is closed; uploads for {year} are refused from now on.");
        }
        Cmd::Round { cmd: RoundCmd::AllowCorrection { year, org, hours, data } } => {
            valid_year(year)?;
            if !(1..=336).contains(&hours) {
                bail!("--hours {hours}: give 1–336 hours (at most two weeks)");
            }
            let until = time::OffsetDateTime::now_utc()
                .replace_nanosecond(0)
                .unwrap_or_else(|_| time::OffsetDateTime::now_utc())
                + time::Duration::hours(i64::from(hours));
            let until = schedule::rfc3339(until);
            open(&data)?.grant_correction(year, &org, &until)?;
            println!(
                "{org} may send a corrected batch for {year} until {until}; the round stays closed for everyone else."
            );
        }
        Cmd::Serve { data, listen, config, body_timeout_secs } => {
            serve(&data, listen, config.as_deref(), std::time::Duration::from_secs(body_timeout_secs.max(1)))?
        }
        Cmd::Status { year, data, json } => {
            valid_year(year)?;
            let store = open(&data)?;
            let st = rounds::status(&store, year)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&st)?);
            } else {
                rounds::print_status(&st);
            }
        }
        Cmd::AdminToken { data } => {
            let store = open(&data)?;
            let mut raw = Zeroizing::new([0u8; 32]);
            ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut raw[..])
                .map_err(|_| anyhow::anyhow!("the system random generator failed"))?;
            use base64::Engine as _;
            let token = Zeroizing::new(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&raw[..]));
            store.set_admin_token_hash(&samla_core::envelope::sha256_hex(token.as_bytes()))?;
            eprintln!("New admin token (shown once; the server keeps only its hash; any earlier token stops working):");
            println!("{}", token.as_str());
        }
        Cmd::Remind { data, config, dry_run } => {
            let cfg = schedule::Config::load(&config).map_err(anyhow::Error::msg)?;
            let store = open(&data)?;
            for w in cfg.windows() {
                store.set_schedule(&w)?;
            }
            let n = rounds::reminder_pass(&Mutex::new(store), &cfg, &schedule::Clock::from_env(), dry_run)
                .map_err(anyhow::Error::msg)?;
            println!("{n} reminder(s) {}", if dry_run { "would be sent" } else { "sent" });
        }
        Cmd::Backup { data, out } => {
            let store = open(&data)?;
            if out.exists() {
                bail!("{}: already exists; choose a new file for each backup", out.display());
            }
            store.backup_to(&out)?;
            store::check_integrity(&out)?;
            println!("Backed up {} to {} (integrity check ok).", data.join(store::DB_FILE).display(), out.display());
        }
        Cmd::Restore { from, data } => {
            store::restore(&from, &data)?;
            println!("Restored {} into {}.", from.display(), data.display());
        }
        Cmd::Aggregate { year, identity, data, out, internal, lang, previous, accept_unreadable, allow_open_round } => {
            valid_year(year)?;
            let store = open(&data)?;
            if let Some((state, _)) = store.round(year)? {
                if state == schedule::RoundState::Open && !allow_open_round {
                    bail!("the round for {year} is still open: members may still submit or correct, so this would not be the year's final figure. Close it first (`samla-server round close --year {year}`), or add --allow-open-round for a preliminary run.");
                }
                if state == schedule::RoundState::Open {
                    eprintln!("samla-server: the round for {year} is still open: a preliminary aggregate, members may still submit or correct.");
                    store.audit("aggregate-open-round", &format!("year {year}: aggregated while the round is open"))?;
                }
            }
            let p = passphrase(false)?;
            let agg = admin::aggregate(
                &store,
                &admin::AggregateOptions {
                    year,
                    identity_file: &identity,
                    passphrase: &p,
                    out: &out,
                    internal,
                    lang,
                    previous: previous.as_deref(),
                },
            )?;
            let t = &agg.totals;
            if internal {
                println!("INTERNAL — unprotected counts, not for publication");
            }
            let shown = |x: Option<usize>| x.map_or_else(|| "hidden".to_string(), |v| v.to_string());
            println!("Year {year}: {} people ({} direct, {} indirect); {} reported by more than one member; members' raw sum {}; range {}–{}.",
                t.persons, shown(t.direct), shown(t.indirect), shown(t.multi_member_persons), t.raw_sum, t.persons_lower, t.persons_upper);
            println!("Wrote {}", out.join("report.json").display());
            println!("Wrote {}", out.join("report.csv").display());
            println!("Wrote {}", out.join("report.html").display());
            if !agg.left_out.is_empty() {
                eprintln!(
                    "samla-server: {} batch(es) could not be read and are NOT in the report (the members are marked unreadable in `status`):",
                    agg.left_out.len()
                );
                for l in &agg.left_out {
                    eprintln!("  {} (batch {}): {}", l.org, l.batch_id, l.reason);
                }
                if !accept_unreadable {
                    eprintln!("samla-server: not publishable as is: ask the member(s) to send again (`round allow-correction` if the round is closed), or rerun with --accept-unreadable to publish without them.");
                    std::process::exit(3);
                }
            }
        }
    }
    Ok(())
}

fn serve(data: &Path, listen: SocketAddr, config: Option<&Path>, body_timeout: std::time::Duration) -> Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_env("SAMLA_LOG").unwrap_or_else(|_| "info".into()))
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let store = open(data)?;
    let key = store.signing_key()?;
    let cfg = match config {
        Some(p) => Some(schedule::Config::load(p).map_err(anyhow::Error::msg)?),
        None => None,
    };
    if let Some(c) = &cfg {
        for w in c.windows() {
            store.set_schedule(&w)?;
        }
    }
    let clock = schedule::Clock::from_env();
    if let schedule::Clock::File(p) = &clock {
        tracing::warn!(file = %p.display(), "TEST CLOCK in use (SAMLA_TEST_CLOCK_FILE): never in a deployment");
    }
    // Upload bodies are streamed here first; what a crash left behind is removed.
    let incoming = data.join("incoming");
    samla_core::secret::private_dir(&incoming)?;
    for e in std::fs::read_dir(&incoming)?.flatten() {
        if e.path().extension().is_some_and(|x| x == "part") {
            let _ = std::fs::remove_file(e.path());
        }
    }
    let app = Arc::new(http::App {
        store: Mutex::new(store),
        key,
        max_body: http::MAX_BODY,
        body_timeout,
        clock: clock.clone(),
        incoming,
        uploading: Mutex::new(std::collections::HashMap::new()),
        upload_slots: Arc::new(tokio::sync::Semaphore::new(http::MAX_UPLOADS)),
    });
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    rt.block_on(async move {
        let listener =
            tokio::net::TcpListener::bind(listen).await.with_context(|| format!("cannot listen on {listen}"))?;
        let addr = listener.local_addr()?;
        println!("samla-server listening on http://{addr}");
        use std::io::Write as _;
        let _ = std::io::stdout().flush();
        tracing::info!(%addr, "listening");
        if let Some(cfg) = cfg {
            let app = Arc::clone(&app);
            tokio::spawn(async move {
                let mut tick = tokio::time::interval(cfg.tick());
                loop {
                    tick.tick().await;
                    let (app, cfg, clock) = (Arc::clone(&app), cfg.clone(), clock.clone());
                    let r = tokio::task::spawn_blocking(move || -> Result<(), String> {
                        let done = {
                            let s = app.store.lock().map_err(|_| "store poisoned".to_string())?;
                            rounds::scheduler_pass(&s, clock.now()).map_err(|e| e.to_string())?
                        };
                        for d in done {
                            tracing::info!("scheduler: {d}");
                        }
                        rounds::reminder_pass(&app.store, &cfg, &clock, false)?;
                        Ok(())
                    })
                    .await;
                    if let Ok(Err(e)) | Err(e) = r.map_err(|e| e.to_string()) {
                        tracing::error!(error = %e, "scheduler pass failed; will retry");
                    }
                }
            });
        }
        http::serve_connections(listener, http::router(app), body_timeout).await?;
        Ok::<(), anyhow::Error>(())
    })
}
