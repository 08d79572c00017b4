//! The member's configuration directory (`--config DIR`, `SAMLA_CONFIG`, or
//! `$XDG_CONFIG_HOME/samla`, `~/.config/samla`):
//!
//! | file | what | mode |
//! |---|---|---|
//! | `config.toml` | member id, server URL, pinned server key | 0644 |
//! | `admin-recipients.txt` | the pinned admin recipients (age1…) | 0644 |
//! | `signing-key` | the member's Ed25519 key | 0600 |
//! | `member-secret` | the member's own key for `record_ref` | 0600 |
//! | `linkage-secret` | the platform's linkage secret (delivered by the key custodian) | 0600 |
//! | `member-identity` | the member's age identity: opens the custodian's envelope | 0600 |
//! | `receipts/<year>/<batch>.json` | signed receipts from the server | 0644 |

use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _, Result};
use samla_core::envelope::{PublicKey, SigningKey};
use samla_core::pseudonym::{LinkageSecret, MemberSecret};
use serde::{Deserialize, Serialize};

pub const CONFIG_FILE: &str = "config.toml";
pub const RECIPIENTS: &str = "admin-recipients.txt";
pub const SIGNING_KEY: &str = "signing-key";
pub const MEMBER_SECRET: &str = "member-secret";
pub const LINKAGE_SECRET: &str = "linkage-secret";
pub const MEMBER_IDENTITY: &str = "member-identity";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Config {
    pub org: String,
    pub server: String,
    /// The server's receipt key, pinned at `init` (or at the first contact).
    pub server_key: Option<String>,
    /// The key custodian's key, pinned at set-up by the invitation's fingerprint: only its
    /// envelopes of the linkage secret are opened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custodian_key: Option<String>,
    /// The generation of the linkage secret installed (a rotation makes the next one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linkage_generation: Option<u32>,
}

/// Resolve the configuration directory: `--config` / `SAMLA_CONFIG`, else where the system
/// keeps a user's own application data (`%APPDATA%\samla` on Windows, `$XDG_CONFIG_HOME/samla`
/// or `~/.config/samla` elsewhere).
pub fn dir(arg: Option<PathBuf>, lang: samla_core::Lang) -> Result<PathBuf> {
    if let Some(d) = arg {
        return Ok(d);
    }
    if cfg!(windows) {
        return match std::env::var_os("APPDATA").filter(|v| !v.is_empty()) {
            Some(d) => Ok(PathBuf::from(d).join("samla")),
            None => bail!("{}", crate::i18n::text(lang, "err-no-config-dir")),
        };
    }
    if let Some(d) = std::env::var_os("XDG_CONFIG_HOME").filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(d).join("samla"));
    }
    match std::env::var_os("HOME") {
        Some(h) => Ok(PathBuf::from(h).join(".config").join("samla")),
        None => bail!("{}", crate::i18n::text(lang, "err-no-config-dir")),
    }
}

/// Everything a member needs to build and send a batch.
pub struct Member {
    pub dir: PathBuf,
    pub config: Config,
    pub signing: SigningKey,
    pub member_secret: MemberSecret,
    /// `None` until the key custodian's envelope has arrived and been installed.
    pub linkage: Option<LinkageSecret>,
    pub recipients: Vec<age::x25519::Recipient>,
    pub recipients_text: Vec<String>,
}

impl Member {
    /// The organisation's configuration in `dir`, or a sentence (in `lang`) saying there is none.
    pub fn load(dir: &Path, lang: samla_core::Lang) -> Result<Member> {
        let cfg_path = dir.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&cfg_path).map_err(|_| {
            anyhow::anyhow!(
                "{}",
                crate::i18n::msg(lang, "err-not-configured", &[("dir", dir.display().to_string().into())])
            )
        })?;
        let config: Config = toml::from_str(&text).with_context(|| {
            crate::i18n::msg(lang, "err-bad-config", &[("file", cfg_path.display().to_string().into())])
        })?;
        let read = |name: &str| samla_core::secret::read_text(&dir.join(name));
        let signing =
            SigningKey::parse(&read(SIGNING_KEY)?).with_context(|| format!("{}", dir.join(SIGNING_KEY).display()))?;
        let member_secret = MemberSecret::parse(&read(MEMBER_SECRET)?)
            .with_context(|| format!("{}", dir.join(MEMBER_SECRET).display()))?;
        let linkage = if dir.join(LINKAGE_SECRET).exists() {
            Some(
                LinkageSecret::parse(&read(LINKAGE_SECRET)?)
                    .with_context(|| format!("{}", dir.join(LINKAGE_SECRET).display()))?,
            )
        } else {
            None
        };
        let rtext = std::fs::read_to_string(dir.join(RECIPIENTS))
            .with_context(|| format!("{}", dir.join(RECIPIENTS).display()))?;
        let recipients = samla_core::crypto::parse_recipients(&rtext)
            .with_context(|| format!("{}", dir.join(RECIPIENTS).display()))?;
        let recipients_text = recipients.iter().map(|r| r.to_string()).collect();
        Ok(Member { dir: dir.to_path_buf(), config, signing, member_secret, linkage, recipients, recipients_text })
    }

    pub fn server_key(&self) -> Option<PublicKey> {
        self.config.server_key.as_deref().and_then(|k| k.parse().ok())
    }

    /// The linkage secret, or the sentence saying it has not arrived yet (nothing can be built
    /// or sent without it).
    pub fn linkage(&self, lang: samla_core::Lang) -> Result<&LinkageSecret> {
        match &self.linkage {
            Some(l) => Ok(l),
            None => bail!("{}", crate::i18n::text(lang, "err-linkage-not-delivered")),
        }
    }

    /// The member's age identity (made at set-up by invitation), if it has one.
    pub fn identity(&self) -> Result<Option<age::x25519::Identity>> {
        let p = self.dir.join(MEMBER_IDENTITY);
        if !p.exists() {
            return Ok(None);
        }
        let text = samla_core::secret::read_text(&p)?;
        let id: age::x25519::Identity =
            text.trim().parse().map_err(|_| anyhow::anyhow!("{}: not an age identity", p.display()))?;
        Ok(Some(id))
    }

    pub fn save_config(&self) -> Result<()> {
        save(&self.dir, &self.config)
    }

    pub fn receipts_dir(&self, year: i32) -> PathBuf {
        self.dir.join("receipts").join(year.to_string())
    }
}

pub fn save(dir: &Path, c: &Config) -> Result<()> {
    let body = toml::to_string(c)?;
    let tmp = dir.join(".config.toml.tmp");
    std::fs::write(&tmp, body).with_context(|| format!("{}", tmp.display()))?;
    std::fs::rename(&tmp, dir.join(CONFIG_FILE)).with_context(|| format!("{}", dir.join(CONFIG_FILE).display()))?;
    Ok(())
}
