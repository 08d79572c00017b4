//! Setting up an organisation (`samla init`) and what it pins: the admin recipients, the
//! server's receipt key; loading the configuration back.

use anyhow::{bail, Context as _, Result};
use samla_core::envelope::SigningKey;
use samla_core::pseudonym::{LinkageSecret, MemberSecret};
use samla_core::Lang;

use crate::i18n;
use std::path::Path;

use crate::config::{self, Config};
use crate::net;

/// Admin recipients from a file, with a sentence naming the file and line when one is wrong.
pub(crate) fn read_recipients(file: &Path, lang: Lang) -> Result<Vec<age::x25519::Recipient>> {
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

/// What set-up made: the server's receipt key if it was pinned, the organisation's public key
/// to give the platform.
pub(crate) struct Initialised {
    pub server_key: Option<String>,
    pub public_key: String,
}

/// What `samla init` (or the set-up page) is given.
pub(crate) struct Setup<'a> {
    pub org: &'a str,
    pub server: &'a str,
    pub recipients: &'a Path,
    pub linkage: &'a Path,
    pub server_key: Option<&'a str>,
    /// Change an existing configuration of the same organisation (server address, recipients,
    /// linkage secret, server key) and keep its keys, so its enrolment stays valid.
    pub reconfigure: bool,
}

/// `samla init`: set up and print what was made.
pub(crate) fn init(dir: &Path, s: &Setup<'_>, lang: Lang) -> Result<()> {
    let made = configure(dir, s, lang)?;
    let done = if s.reconfigure { "init-reconfigured" } else { "init-configured" };
    println!(
        "{}",
        i18n::msg(lang, done, &[("org", s.org.to_string().into()), ("dir", dir.display().to_string().into())])
    );
    if let Some(k) = &made.server_key {
        println!("{}", i18n::msg(lang, "init-server-key-pinned", &[("key", k.to_string().into())]));
    }
    println!("{}", i18n::text(lang, "init-give-public-key"));
    println!("{}", made.public_key);
    Ok(())
}

/// Set up an organisation in `dir` (the command line and the browser window both call this).
pub(crate) fn configure(dir: &Path, s: &Setup<'_>, lang: Lang) -> Result<Initialised> {
    let Setup { org, server, recipients, linkage, server_key, reconfigure } = *s;
    if !samla_core::envelope::valid_org_id(org) {
        bail!("{}", i18n::msg(lang, "err-org-id", &[("org", format!("{org:?}").into())]));
    }
    net::check_url(server).map_err(|e| anyhow::anyhow!("{}", e.message(lang)))?;
    let existing = if dir.join(config::CONFIG_FILE).exists() {
        if !reconfigure {
            bail!("{}", i18n::msg(lang, "err-already-configured", &[("dir", dir.display().to_string().into())]));
        }
        let m = crate::config::Member::load(dir, lang)?;
        if m.config.org != org {
            bail!(
                "{}",
                i18n::msg(
                    lang,
                    "err-reconfigure-org",
                    &[("org", org.to_string().into()), ("configured", m.config.org.clone().into())]
                )
            );
        }
        Some(m)
    } else {
        if reconfigure {
            bail!("{}", i18n::msg(lang, "err-reconfigure-nothing", &[("dir", dir.display().to_string().into())]));
        }
        None
    };
    let rs = read_recipients(recipients, lang)?;
    let ltext = samla_core::secret::read_text(linkage)?;
    let ls = LinkageSecret::parse(&ltext).with_context(|| format!("{}", linkage.display()))?;
    let pinned_key = match server_key {
        Some(k) => Some(
            k.parse::<samla_core::envelope::PublicKey>()
                .map_err(|e| {
                    anyhow::anyhow!("{}", i18n::msg(lang, "err-server-key", &[("detail", e.to_string().into())]))
                })?
                .to_string(),
        ),
        None => match net::Client::new(server, 2, lang)?.info() {
            Ok(info) => {
                check_advertised(&info.admin_recipients, &rs.iter().map(|r| r.to_string()).collect::<Vec<_>>(), lang)?;
                Some(info.server_key)
            }
            Err(e) => {
                eprintln!("{}", i18n::msg(lang, "init-server-unreachable", &[("detail", e.message(lang).into())]));
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
    let kept = existing.as_ref().map(|m| (m.config.custodian_key.clone(), m.config.linkage_generation));
    let public_key = match existing {
        // The keys stay: the platform has this organisation's public key already.
        Some(m) => {
            let fresh = dir.join(format!("{}.new", config::LINKAGE_SECRET));
            let _ = std::fs::remove_file(&fresh);
            samla_core::secret::write_new(&fresh, ls.encode().as_bytes())?;
            std::fs::rename(&fresh, dir.join(config::LINKAGE_SECRET))?;
            m.signing.public().to_string()
        }
        None => {
            let key = SigningKey::generate()?;
            samla_core::secret::write_new(&dir.join(config::SIGNING_KEY), key.encode().as_bytes())?;
            samla_core::secret::write_new(
                &dir.join(config::MEMBER_SECRET),
                MemberSecret::generate()?.encode().as_bytes(),
            )?;
            samla_core::secret::write_new(&dir.join(config::LINKAGE_SECRET), ls.encode().as_bytes())?;
            key.public().to_string()
        }
    };
    let rbody: String = rs.iter().map(|r| format!("{r}\n")).collect();
    std::fs::write(dir.join(config::RECIPIENTS), rbody)?;
    let (custodian_key, linkage_generation) = kept.unwrap_or((None, None));
    config::save(
        dir,
        &Config {
            org: org.into(),
            server: server.into(),
            server_key: pinned_key.clone(),
            custodian_key,
            linkage_generation,
        },
    )?;
    Ok(Initialised { server_key: pinned_key, public_key })
}

/// A server that advertises admin recipients other than the pinned ones is refused.
pub(crate) fn check_advertised(advertised: &[String], pinned: &[String], lang: Lang) -> Result<()> {
    if advertised.is_empty() {
        return Ok(());
    }
    let a: std::collections::BTreeSet<&String> = advertised.iter().collect();
    let p: std::collections::BTreeSet<&String> = pinned.iter().collect();
    if a != p {
        bail!("{}", i18n::text(lang, "err-admin-recipients-differ"));
    }
    Ok(())
}
