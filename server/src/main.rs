//! `samla-server`: the platform's collector and admin tool.
//!
//! Modules: `http` (the API: uploads streamed, checked and stored; receipts; status), `error`
//! (every API refusal as one enum), `store` (SQLite: members and their keys, rounds, batches,
//! the hash-chained audit log), `schedule` (round calendar, admission, round states), `rounds`
//! (scheduler, completeness, reminders), `admin` (the offline aggregation), `cli` (the
//! commands and arguments) and `i18n` (its words). This file is the dispatch, one function per
//! command group.
#![forbid(unsafe_code)]

/// glibc's allocator fragments badly on the millions of small allocations of a national-scale
/// aggregation (docs/LINKAGE.md, scale); mimalloc keeps the peak near the live data. It is
/// built without transparent huge pages (`no_thp`): mimalloc returns freed memory in 64 KiB
/// pieces, and on a huge-page arena every such piece touched again faulted in and zeroed a whole
/// 2 MiB page — 40 of 87 s of a national year went to the kernel zeroing pages.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod admin;
mod cli;
mod dashboard;
mod error;
mod http;
mod http_keys;
mod i18n;
mod invites;
mod invites_cli;
mod rounds;
mod schedule;
mod store;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};

use anyhow::{bail, Context as _, Result};
use samla_core::Lang;
use zeroize::Zeroizing;

use crate::cli::*;
use crate::store::Store;

/// Shortest passphrase accepted for the admin identity, from a prompt or SAMLA_PASSPHRASE.
const MIN_PASSPHRASE: usize = 12;

fn passphrase(confirm: bool, lang: Lang) -> Result<Zeroizing<String>> {
    let min = [("min", i18n::n(MIN_PASSPHRASE))];
    if let Ok(p) = std::env::var("SAMLA_PASSPHRASE") {
        // The same rule as at the prompt, wherever the passphrase comes from.
        if p.chars().count() < MIN_PASSPHRASE {
            bail!("{}", i18n::msg(lang, "err-passphrase-short-env", &min));
        }
        return Ok(Zeroizing::new(p));
    }
    let p = Zeroizing::new(
        rpassword::prompt_password(i18n::text(lang, "passphrase-prompt"))
            .with_context(|| i18n::text(lang, "err-passphrase-none"))?,
    );
    if confirm {
        let q = Zeroizing::new(rpassword::prompt_password(i18n::text(lang, "passphrase-repeat"))?);
        if *p != *q {
            bail!("{}", i18n::text(lang, "err-passphrase-differ"));
        }
    }
    if p.chars().count() < MIN_PASSPHRASE {
        bail!("{}", i18n::msg(lang, "err-passphrase-short", &min));
    }
    Ok(p)
}

fn valid_year(y: i32, lang: Lang) -> Result<()> {
    if !(2020..=2100).contains(&y) {
        bail!("{}", i18n::msg(lang, "err-year", &[("year", y.to_string().into())]));
    }
    Ok(())
}

/// A path as a message argument.
fn p(path: &Path) -> i18n::Value<'static> {
    path.display().to_string().into()
}

/// A string as a message argument.
fn s(text: &str) -> i18n::Value<'static> {
    text.to_string().into()
}

fn open(data: &Path) -> Result<Store> {
    Ok(Store::open(data)?)
}

fn main() {
    let cli = parse_cli();
    let lang = cli.lang;
    if let Err(e) = run(cli) {
        let core = samla_core::i18n::localized_chain(e.chain(), lang);
        let message = match (e.downcast_ref::<store::StoreError>(), core) {
            (Some(se), _) => se.message(lang),
            (None, Some(m)) => m,
            (None, None) => format!("{e:#}"),
        };
        eprintln!("{}", i18n::msg(lang, "error-line", &[("message", message.into())]));
        std::process::exit(1);
    }
}

fn run(cli: Cli) -> Result<()> {
    let lang = cli.lang;
    match cli.cmd {
        Cmd::Init { data, admin_recipients } => {
            let (store, key) = Store::init(&data)?;
            if let Some(f) = admin_recipients {
                let text = std::fs::read_to_string(&f).with_context(|| format!("{}", f.display()))?;
                store.set_admin_recipients(&text)?;
            }
            println!("{}", i18n::msg(lang, "init-done", &[("dir", p(&data))]));
            println!("{}", i18n::text(lang, "init-key"));
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
                bail!("{}", i18n::msg(lang, "err-identity-exists", &[("file", p(&out))]));
            }
            let pass = passphrase(true, lang)?;
            let (file, recipient) = samla_core::crypto::new_admin_identity(&pass, work_factor)?;
            samla_core::secret::write_new(&out, &file)?;
            println!("{}", i18n::msg(lang, "keygen-done", &[("file", p(&out))]));
            println!("{}", i18n::text(lang, "keygen-give"));
            println!("{recipient}");
        }
        Cmd::AdminRecipients { file, data } => {
            let text = std::fs::read_to_string(&file).with_context(|| format!("{}", file.display()))?;
            let n = open(&data)?.set_admin_recipients(&text)?;
            println!("{}", i18n::msg(lang, "recipients-set", &[("n", i18n::n(n))]));
        }
        Cmd::Serve { data, listen, config, body_timeout_secs } => {
            serve(&data, listen, config.as_deref(), std::time::Duration::from_secs(body_timeout_secs.max(1)), lang)?
        }
        Cmd::Status { year, data, json } => {
            valid_year(year, lang)?;
            let store = open(&data)?;
            let st = rounds::status(&store, year)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&st)?);
            } else {
                rounds::print_status(&st, lang);
            }
        }
        Cmd::AdminToken { data } => {
            let store = open(&data)?;
            let mut raw = Zeroizing::new([0u8; 32]);
            ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut raw[..])
                .map_err(|_| anyhow::anyhow!("{}", i18n::text(lang, "err-random")))?;
            use base64::Engine as _;
            let token = Zeroizing::new(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&raw[..]));
            store.set_admin_token_hash(&samla_core::envelope::sha256_hex(token.as_bytes()))?;
            eprintln!("{}", i18n::text(lang, "token-new"));
            println!("{}", token.as_str());
        }
        Cmd::Remind { data, config, dry_run } => {
            let cfg = schedule::Config::load(&config).map_err(anyhow::Error::msg)?;
            let store = open(&data)?;
            for w in cfg.windows() {
                store.set_schedule(&w)?;
            }
            let n = rounds::reminder_pass(&Mutex::new(store), &cfg, &schedule::Clock::from_env(), dry_run, lang)
                .map_err(anyhow::Error::msg)?;
            println!("{}", i18n::msg(lang, if dry_run { "remind-dry" } else { "remind-sent" }, &[("n", i18n::n(n))]));
        }
        Cmd::Backup { data, out } => {
            let store = open(&data)?;
            if out.exists() {
                bail!("{}", i18n::msg(lang, "err-backup-exists", &[("file", p(&out))]));
            }
            store.backup_to(&out)?;
            store::check_integrity(&out)?;
            println!(
                "{}",
                i18n::msg(lang, "backup-done", &[("from", p(&data.join(store::DB_FILE))), ("file", p(&out))])
            );
        }
        Cmd::Restore { from, data } => {
            store::restore(&from, &data)?;
            println!("{}", i18n::msg(lang, "restore-done", &[("from", p(&from)), ("dir", p(&data))]));
        }
        Cmd::Org { cmd } => org(cmd, lang)?,
        Cmd::Custodian { cmd } => invites_cli::custodian(cmd, lang)?,
        Cmd::PublicUrl { url, data } => invites_cli::public_url(&open(&data)?, &url, lang)?,
        Cmd::Operator { cmd } => operator(cmd, lang)?,
        Cmd::Round { cmd } => round(cmd, lang)?,
        Cmd::Audit { cmd } => audit(cmd, lang)?,
        Cmd::Aggregate(args) => aggregate(args, lang)?,
    }
    Ok(())
}

/// `samla-server operator …`: the dashboard's accounts.
fn operator(cmd: OperatorCmd, lang: Lang) -> Result<()> {
    match cmd {
        OperatorCmd::Add { name, data } => {
            if name.is_empty()
                || name.len() > 64
                || !name.chars().all(|c| c.is_ascii_alphanumeric() || "-_.@".contains(c))
            {
                bail!("{}", i18n::msg(lang, "err-operator-name", &[("name", format!("{name:?}").into())]));
            }
            let store = open(&data)?;
            let min = [("min", i18n::n(dashboard::auth::MIN_PASSWORD))];
            let password = match std::env::var("SAMLA_OPERATOR_PASSWORD") {
                Ok(p) => Zeroizing::new(p),
                Err(_) => {
                    let p = Zeroizing::new(
                        rpassword::prompt_password(i18n::text(lang, "operator-password-prompt"))
                            .with_context(|| i18n::text(lang, "err-passphrase-none"))?,
                    );
                    let q = Zeroizing::new(rpassword::prompt_password(i18n::text(lang, "passphrase-repeat"))?);
                    if *p != *q {
                        bail!("{}", i18n::text(lang, "err-passphrase-differ"));
                    }
                    p
                }
            };
            if password.chars().count() < dashboard::auth::MIN_PASSWORD {
                bail!("{}", i18n::msg(lang, "err-operator-password-short", &min));
            }
            let hash = dashboard::auth::hash(&password)?;
            store.set_operator(&name, &hash)?;
            println!("{}", i18n::msg(lang, "operator-added", &[("name", s(&name))]));
        }
        OperatorCmd::Disable { name, data } => {
            if !open(&data)?.disable_operator(&name)? {
                bail!("{}", i18n::msg(lang, "err-operator-unknown", &[("name", s(&name))]));
            }
            println!("{}", i18n::msg(lang, "operator-disabled", &[("name", s(&name))]));
        }
        OperatorCmd::List { data } => {
            for (name, enabled) in open(&data)?.operators()? {
                if enabled {
                    println!("{name}");
                } else {
                    println!("{}", i18n::msg(lang, "org-disabled-tag", &[("org", s(&name))]));
                }
            }
        }
    }
    Ok(())
}

/// `samla-server org …`: enrol, list, rekey, disable, enable members.
fn org(cmd: OrgCmd, lang: Lang) -> Result<()> {
    match cmd {
        OrgCmd::Add { org_id, public_key, data } => {
            if !samla_core::envelope::valid_org_id(&org_id) {
                bail!("{}", i18n::msg(lang, "err-org-id", &[("org", format!("{org_id:?}").into())]));
            }
            let key = public_key.parse().map_err(|_| {
                anyhow::anyhow!("{}", i18n::msg(lang, "err-public-key", &[("command", s("samla init"))]))
            })?;
            open(&data)?.add_org(&org_id, &key)?;
            println!("{}", i18n::msg(lang, "org-enrolled", &[("org", s(&org_id))]));
        }
        OrgCmd::Invite { org_id, data, days, url } => {
            if !samla_core::envelope::valid_org_id(&org_id) {
                bail!("{}", i18n::msg(lang, "err-org-id", &[("org", format!("{org_id:?}").into())]));
            }
            let store = open(&data)?;
            let made = invites_cli::invite(&store, &org_id, days, url.as_deref(), lang)?;
            println!(
                "{}",
                i18n::msg(
                    lang,
                    "org-invited",
                    &[("org", s(&org_id)), ("until", s(&made.until)), ("days", samla_core::i18n::n(days as usize))]
                )
            );
            println!("{}", made.code);
        }
        OrgCmd::List { data } => {
            let store = open(&data)?;
            for o in store.orgs()? {
                if store.org_disabled(&o)? {
                    println!("{}", i18n::msg(lang, "org-disabled-tag", &[("org", s(&o))]));
                } else {
                    println!("{o}");
                }
            }
        }
        OrgCmd::Rekey { org_id, public_key, data } => {
            let key = public_key.parse().map_err(|_| {
                anyhow::anyhow!("{}", i18n::msg(lang, "err-public-key", &[("command", s("samla rekey"))]))
            })?;
            open(&data)?.rekey_org(&org_id, &key)?;
            println!("{}", i18n::msg(lang, "org-rekeyed", &[("org", s(&org_id)), ("key", key.to_string().into())]));
        }
        OrgCmd::Disable { org_id, data } => {
            open(&data)?.set_org_disabled(&org_id, true)?;
            println!("{}", i18n::msg(lang, "org-disabled", &[("org", s(&org_id))]));
        }
        OrgCmd::Enable { org_id, data } => {
            open(&data)?.set_org_disabled(&org_id, false)?;
            println!("{}", i18n::msg(lang, "org-enabled", &[("org", s(&org_id))]));
        }
    }
    Ok(())
}

/// `samla-server audit verify`: the chain, the stored receipts against the pinned key, and the
/// heads kept outside (members' receipts, heads saved by the operator).
fn audit_verify(
    data: &Path,
    server_key: Option<String>,
    receipts: &[std::path::PathBuf],
    heads: &[String],
    lang: Lang,
) -> Result<store::AuditCheck> {
    let store = open(data)?;
    let key: samla_core::envelope::PublicKey = match server_key {
        Some(k) => k.parse().map_err(|_| {
            anyhow::anyhow!("{}", i18n::msg(lang, "err-public-key", &[("command", s("samla-server init"))]))
        })?,
        None => store.signing_key()?.public(),
    };
    let mut outside: Vec<(String, String)> =
        heads.iter().map(|h| (h.trim().to_string(), "a saved head".to_string())).collect();
    let stored: std::collections::BTreeSet<String> = store.batch_ids()?.into_iter().collect();
    let mut files = Vec::new();
    for r in receipts {
        collect_json(r, &mut files);
    }
    for f in files {
        let whence = format!("the member's receipt {}", f.display());
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        let Some(rc) =
            serde_json::from_str::<samla_core::envelope::SignedReceipt>(&text).ok().and_then(|sr| sr.verify(&key).ok())
        else {
            return Ok(store::AuditCheck::Broken {
                id: 0,
                why: format!("{whence} cannot be read or is not signed by the server key"),
            });
        };
        if !stored.contains(&rc.batch_id.to_string()) {
            return Ok(store::AuditCheck::Broken {
                id: 0,
                why: format!("{whence}: its batch {} is no longer stored", rc.batch_id),
            });
        }
        if let Some(h) = rc.audit_head {
            outside.push((h, whence));
        }
    }
    Ok(store.verify_audit_with(&key, &outside)?)
}

/// Every `.json` file under `p` (or `p` itself).
fn collect_json(p: &Path, out: &mut Vec<std::path::PathBuf>) {
    if p.is_dir() {
        if let Ok(rd) = std::fs::read_dir(p) {
            let mut v: Vec<_> = rd.flatten().map(|e| e.path()).collect();
            v.sort();
            for e in v {
                collect_json(&e, out);
            }
        }
    } else if p.extension().is_some_and(|x| x == "json") {
        out.push(p.to_path_buf());
    }
}

/// `samla-server round …`: open, close, allow a correction.
fn round(cmd: RoundCmd, lang: Lang) -> Result<()> {
    match cmd {
        RoundCmd::Open { year, deadline, grace_days, reopen, data } => {
            // Year, deadline and grace are checked before the store is opened.
            let grace = rounds::grace_end(year, &deadline, grace_days, lang).map_err(anyhow::Error::msg)?;
            let store = open(&data)?;
            let before = rounds::round_times(&store, year)?;
            store.open_round(year, &deadline, &grace, reopen)?;
            // The grace period ends at the end of its last day: shown as that day, as typed.
            let grace_day = samla_core::envelope::display_last_day(&grace);
            println!(
                "{}",
                i18n::msg(
                    lang,
                    "round-opened",
                    &[("year", year.to_string().into()), ("deadline", s(&deadline)), ("grace", s(&grace_day))]
                )
            );
            if let Some((old, _)) = before {
                let old = samla_core::envelope::display_last_day(&schedule::rfc3339(old));
                if old != deadline {
                    println!(
                        "{}",
                        i18n::msg(lang, "round-deadline-changed", &[("old", s(&old)), ("new", s(&deadline))])
                    );
                }
            }
        }
        RoundCmd::Close { year, data } => {
            open(&data)?.close_round(year)?;
            println!("{}", i18n::msg(lang, "round-closed", &[("year", year.to_string().into())]));
        }
        RoundCmd::AllowCorrection { year, org, hours, data } => {
            valid_year(year, lang)?;
            if !(1..=336).contains(&hours) {
                bail!("{}", i18n::msg(lang, "err-hours", &[("hours", i18n::n(hours as usize))]));
            }
            let until = time::OffsetDateTime::now_utc()
                .replace_nanosecond(0)
                .unwrap_or_else(|_| time::OffsetDateTime::now_utc())
                + time::Duration::hours(i64::from(hours));
            let until = schedule::rfc3339(until);
            open(&data)?.grant_correction(year, &org, &until)?;
            println!(
                "{}",
                i18n::msg(
                    lang,
                    "round-correction",
                    &[("org", s(&org)), ("year", year.to_string().into()), ("until", s(&until))]
                )
            );
        }
    }
    Ok(())
}

/// `samla-server audit …`: verify the chain, export the log.
fn audit(cmd: AuditCmd, lang: Lang) -> Result<()> {
    match cmd {
        AuditCmd::Verify { data, server_key, receipts, head } => {
            match audit_verify(&data, server_key, &receipts, &head, lang)? {
                store::AuditCheck::Intact { entries, head } => {
                    println!("{}", i18n::msg(lang, "audit-intact", &[("entries", i18n::n(entries))]));
                    println!("{}", i18n::msg(lang, "audit-head", &[("head", s(&head))]));
                }
                store::AuditCheck::Broken { id, why } => {
                    eprintln!(
                        "{}",
                        i18n::msg(lang, "audit-broken", &[("id", id.to_string().into()), ("why", s(&why))])
                    );
                    std::process::exit(4);
                }
            }
        }
        AuditCmd::Export { data, out } => {
            let entries = open(&data)?.audit_entries()?;
            let mut body = String::new();
            for (id, at, action, detail, hash) in &entries {
                body.push_str(&serde_json::to_string(
                    &serde_json::json!({"id": id, "at": at, "action": action, "detail": detail, "hash": hash}),
                )?);
                body.push('\n');
            }
            samla_core::secret::write_private(&out, body.as_bytes())?;
            println!("{}", i18n::msg(lang, "audit-exported", &[("n", i18n::n(entries.len())), ("file", p(&out))]));
        }
    }
    Ok(())
}

/// `samla-server aggregate`: decrypt, link, merge, write the report; exit 3 when batches were
/// left out (unless accepted).
fn aggregate(a: AggregateArgs, lang: Lang) -> Result<()> {
    let AggregateArgs { year, identity, data, out, internal, previous, accept_unreadable, allow_open_round } = a;
    valid_year(year, lang)?;
    let store = open(&data)?;
    let y = [("year", i18n::Value::from(year.to_string()))];
    if let Some((state, _)) = store.round(year)? {
        if state == schedule::RoundState::Open && !allow_open_round {
            bail!("{}", i18n::msg(lang, "err-round-open", &y));
        }
        if state == schedule::RoundState::Open {
            eprintln!("{}", i18n::msg(lang, "aggregate-preliminary", &y));
            store.audit("aggregate-open-round", &format!("year {year}: aggregated while the round is open"))?;
        }
    }
    let pass = passphrase(false, lang)?;
    let agg = admin::aggregate(
        &store,
        &admin::AggregateOptions {
            year,
            identity_file: &identity,
            passphrase: &pass,
            out: &out,
            internal,
            lang,
            previous: previous.as_deref(),
        },
    )?;
    let t = &agg.totals;
    if internal {
        println!("{}", i18n::text(lang, "aggregate-internal"));
    }
    let shown = |x: Option<usize>| -> i18n::Value<'static> {
        x.map_or_else(|| i18n::text(lang, "aggregate-hidden").into(), i18n::n)
    };
    println!(
        "{}",
        i18n::msg(
            lang,
            "aggregate-summary",
            &[
                ("year", year.to_string().into()),
                ("persons", i18n::n(t.persons)),
                ("direct", shown(t.direct)),
                ("indirect", shown(t.indirect)),
                ("multi", shown(t.multi_member_persons)),
                ("raw", i18n::n(t.raw_sum)),
                ("lower", i18n::n(t.persons_lower)),
                ("upper", i18n::n(t.persons_upper)),
            ]
        )
    );
    for f in ["report.json", "report.csv", "report.html"] {
        println!("{}", i18n::msg(lang, "aggregate-wrote", &[("file", p(&out.join(f)))]));
    }
    if !agg.left_out.is_empty() {
        eprintln!("{}", i18n::msg(lang, "aggregate-left-out", &[("n", i18n::n(agg.left_out.len()))]));
        for l in &agg.left_out {
            eprintln!(
                "{}",
                i18n::msg(
                    lang,
                    "aggregate-left-out-item",
                    &[("org", s(&l.org)), ("batch", l.batch_id.to_string().into()), ("reason", s(&l.reason))]
                )
            );
        }
        if !accept_unreadable {
            eprintln!("{}", i18n::text(lang, "aggregate-not-publishable"));
            std::process::exit(3);
        }
    }
    Ok(())
}

fn serve(
    data: &Path,
    listen: SocketAddr,
    config: Option<&Path>,
    body_timeout: std::time::Duration,
    lang: Lang,
) -> Result<()> {
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
        cfg: cfg.clone(),
        lang,
        dash: dashboard::Dash::default(),
    });
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .with_context(|| i18n::msg(lang, "err-cannot-listen", &[("addr", listen.to_string().into())]))?;
        let addr = listener.local_addr()?;
        println!("{}", i18n::msg(lang, "serve-listening", &[("url", format!("http://{addr}").into())]));
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
                        rounds::reminder_pass(&app.store, &cfg, &clock, false, lang)?;
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
