//! The key custodian (`samla custodian init|deliver|rotate`): the one person who holds the
//! platform's linkage secret outside the members, run by a member or a person the platform
//! names — never with the admin's key, and never on the server.
//!
//! Its directory (`--config`, default `~/.config/samla-custodian`, 0700):
//!
//! | file | what | mode |
//! |---|---|---|
//! | `custodian.toml` | server address, pinned server key, the secret's generation | 0644 |
//! | `custodian-key` | the custodian's Ed25519 key: signs every envelope | 0600 |
//! | `linkage-secret` | the current linkage secret | 0600 |
//!
//! `deliver` asks the server for the enrolled members and their age recipients, shows who
//! will receive the secret, encrypts it to each member that does not have this generation
//! and uploads the signed envelopes. `rotate` makes a new secret (a member's key was lost or
//! exposed): the next `deliver` gives it to every member, and batches from then on carry its
//! id (the aggregation refuses to link batches of one year made under different secrets).

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _, Result};
use samla_core::delivery::{request_bytes, Delivery};
use samla_core::envelope::{PublicKey, SigningKey};
use samla_core::pseudonym::LinkageSecret;
use samla_core::Lang;
use serde::{Deserialize, Serialize};

use crate::{i18n, net};

const CONFIG: &str = "custodian.toml";
const KEY: &str = "custodian-key";
const SECRET: &str = "linkage-secret";

#[derive(Debug, Clone, Serialize, Deserialize)]
struct CustodianConfig {
    server: String,
    server_key: String,
    generation: u32,
}

/// The custodian's directory: `--config`, or beside the member's default.
pub(crate) fn dir(arg: Option<PathBuf>, lang: Lang) -> Result<PathBuf> {
    if let Some(d) = arg {
        return Ok(d);
    }
    let member = crate::config::dir(None, lang)?;
    Ok(member.with_file_name("samla-custodian"))
}

struct Custodian {
    dir: PathBuf,
    config: CustodianConfig,
    key: SigningKey,
    secret: LinkageSecret,
}

impl Custodian {
    fn load(dir: &Path, lang: Lang) -> Result<Custodian> {
        let text = std::fs::read_to_string(dir.join(CONFIG)).map_err(|_| {
            anyhow::anyhow!(
                "{}",
                i18n::msg(lang, "err-custodian-not-set-up", &[("dir", dir.display().to_string().into())])
            )
        })?;
        let config: CustodianConfig =
            toml::from_str(&text).with_context(|| format!("{}", dir.join(CONFIG).display()))?;
        let key = SigningKey::parse(&samla_core::secret::read_text(&dir.join(KEY))?)
            .with_context(|| format!("{}", dir.join(KEY).display()))?;
        let secret = LinkageSecret::parse(&samla_core::secret::read_text(&dir.join(SECRET))?)
            .with_context(|| format!("{}", dir.join(SECRET).display()))?;
        Ok(Custodian { dir: dir.to_path_buf(), config, key, secret })
    }

    fn save(&self) -> Result<()> {
        let tmp = self.dir.join(".custodian.toml.tmp");
        std::fs::write(&tmp, toml::to_string(&self.config)?)?;
        std::fs::rename(&tmp, self.dir.join(CONFIG))?;
        Ok(())
    }
}

/// `samla custodian init`: the custodian's key and the linkage secret (a new one, or one the
/// platform's members already use, from `import`).
pub(crate) fn init(dir: &Path, server: &str, import: Option<&Path>, lang: Lang) -> Result<()> {
    if dir.join(CONFIG).exists() {
        bail!("{}", i18n::msg(lang, "err-custodian-exists", &[("dir", dir.display().to_string().into())]));
    }
    let client = net::Client::new(server, 2, lang)?;
    let info = client.info().map_err(|e| anyhow::anyhow!("{}", e.message(lang)))?;
    let server_key: PublicKey =
        info.server_key.parse().with_context(|| i18n::text(lang, "err-server-key-malformed"))?;
    let secret = match import {
        Some(f) => {
            LinkageSecret::parse(&samla_core::secret::read_text(f)?).with_context(|| format!("{}", f.display()))?
        }
        None => LinkageSecret::generate()?,
    };
    samla_core::secret::private_dir(dir)?;
    let key = SigningKey::generate()?;
    samla_core::secret::write_new(&dir.join(KEY), key.encode().as_bytes())?;
    samla_core::secret::write_new(&dir.join(SECRET), secret.encode().as_bytes())?;
    let c = Custodian {
        dir: dir.to_path_buf(),
        config: CustodianConfig { server: server.into(), server_key: server_key.to_string(), generation: 1 },
        key,
        secret,
    };
    c.save()?;
    println!("{}", i18n::msg(lang, "custodian-made", &[("dir", dir.display().to_string().into())]));
    println!("{}", c.key.public());
    Ok(())
}

/// `samla custodian deliver`: the secret to every member that does not have this generation.
pub(crate) fn deliver(dir: &Path, yes: bool, lang: Lang) -> Result<()> {
    let c = Custodian::load(dir, lang)?;
    let client = net::Client::new(&c.config.server, 2, lang)?;
    let info = client.info().map_err(|e| anyhow::anyhow!("{}", e.message(lang)))?;
    if info.server_key != c.config.server_key {
        bail!("{}", i18n::text(lang, "err-receipt-key-differs"));
    }
    if info.custodian_key.as_deref() != Some(c.key.public().to_string().as_str()) {
        bail!("{}", i18n::text(lang, "err-custodian-not-named"));
    }
    let time = samla_core::envelope::now_rfc3339();
    let sig = c.key.sign_for("custodian-request", &request_bytes("custodian", &time));
    let members = client.custodian_members(&time, &sig).map_err(|e| anyhow::anyhow!("{}", e.message(lang)))?;
    let due: Vec<_> =
        members.into_iter().filter(|m| m.delivered_generation.is_none_or(|g| g < c.config.generation)).collect();
    if due.is_empty() {
        println!("{}", i18n::text(lang, "custodian-nothing-due"));
        return Ok(());
    }
    let names: Vec<String> = due.iter().map(|m| m.org.clone()).collect();
    println!(
        "{}",
        i18n::msg(lang, "custodian-will-deliver", &[("n", i18n::n(due.len())), ("members", names.join(", ").into())])
    );
    if !yes {
        if !std::io::stdin().is_terminal() {
            bail!("{}", i18n::text(lang, "err-custodian-confirm"));
        }
        eprint!("{} ", i18n::text(lang, "custodian-confirm"));
        let mut answer = String::new();
        std::io::stdin().read_line(&mut answer)?;
        if !matches!(answer.trim().to_lowercase().as_str(), "j" | "ja" | "y" | "yes") {
            println!("{}", i18n::text(lang, "custodian-cancelled"));
            return Ok(());
        }
    }
    let mut envelopes = Vec::with_capacity(due.len());
    for m in &due {
        let r: age::x25519::Recipient = m.recipient.parse().map_err(|_| {
            anyhow::anyhow!("{}", i18n::msg(lang, "err-custodian-bad-recipient", &[("org", m.org.clone().into())]))
        })?;
        envelopes.push(Delivery::seal(&c.secret, c.config.generation, &m.org, &r, &c.key)?);
    }
    client.deliver(&envelopes).map_err(|e| anyhow::anyhow!("{}", e.message(lang)))?;
    println!(
        "{}",
        i18n::msg(
            lang,
            "custodian-delivered",
            &[("n", i18n::n(due.len())), ("generation", i18n::n(c.config.generation as usize))]
        )
    );
    Ok(())
}

/// `samla custodian rotate`: a new secret, the next generation.
pub(crate) fn rotate(dir: &Path, lang: Lang) -> Result<()> {
    let mut c = Custodian::load(dir, lang)?;
    let secret = LinkageSecret::generate()?;
    let fresh = dir.join(format!("{SECRET}.new"));
    let _ = std::fs::remove_file(&fresh);
    samla_core::secret::write_new(&fresh, secret.encode().as_bytes())?;
    std::fs::rename(&fresh, dir.join(SECRET))?;
    c.secret = secret;
    c.config.generation += 1;
    c.save()?;
    println!("{}", i18n::msg(lang, "custodian-rotated", &[("generation", i18n::n(c.config.generation as usize))]));
    Ok(())
}
