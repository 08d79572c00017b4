//! Set-up by invitation (`samla init --invite CODE`, and the window's set-up) and the linkage
//! secret's arrival.
//!
//! From the code alone: the server's address, the member's id and the fingerprints of the
//! server's and the key custodian's keys. The client checks both fingerprints against what the
//! server shows before it trusts anything from it, takes the platform's admin recipients from
//! the same answer, makes its keys (signing key, own secret, age identity), enrols the public
//! halves with the invitation's one-time token and only then writes its configuration. A code
//! that is damaged, used or expired gets a sentence saying what to ask the platform for, and
//! nothing is written.
//!
//! The linkage secret arrives later, from the custodian, as an envelope only this member can
//! open ([`fetch_linkage`]): it is installed 0600 and every later batch carries its id.

use std::path::Path;

use anyhow::{bail, Result};
use samla_core::api::EnrolRequest;
use samla_core::envelope::{PublicKey, SigningKey};
use samla_core::invite::{Invitation, InviteError};
use samla_core::pseudonym::MemberSecret;
use samla_core::Lang;

use crate::config::{self, Config, Member};
use crate::{i18n, net};

/// What set-up by invitation made.
pub(crate) struct Enrolled {
    pub org: String,
    pub server: String,
    /// Whether the linkage secret was already there to install.
    pub linkage: LinkageState,
}

/// Where the member's linkage secret stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LinkageState {
    /// Installed now or before (generation).
    Installed(u32),
    /// The custodian has not delivered it yet.
    Waiting,
}

/// Set up an organisation in `dir` from an invitation code.
///
/// With `replace`, a member set up before changes its settings with a new invitation for the
/// same organisation (a wrong server address, a lost key): new keys are enrolled with the new
/// code (the server retires the old key) and replace the old ones only once enrolled; the
/// linkage secret installed stays.
pub(crate) fn init_with_invite(dir: &Path, code: &str, replace: bool, lang: Lang) -> Result<Enrolled> {
    let inv = Invitation::decode(code).map_err(|e| {
        anyhow::anyhow!(
            "{}",
            i18n::text(lang, if e == InviteError::Version { "err-invite-version" } else { "err-invite-malformed" })
        )
    })?;
    let previous = if dir.join(config::CONFIG_FILE).exists() {
        if !replace {
            bail!("{}", i18n::text(lang, "err-invite-already-configured"));
        }
        let m = Member::load(dir, lang)?;
        if m.config.org != inv.org {
            bail!("{}", i18n::msg(lang, "err-invite-other-org", &[("org", m.config.org.clone().into())]));
        }
        // Waiting batches are signed with the old key: the server would refuse them after.
        if !crate::outbox::Outbox::open(dir)?.items(lang)?.is_empty() {
            bail!("{}", i18n::text(lang, "err-invite-outbox-not-empty"));
        }
        Some(m)
    } else {
        None
    };
    let client = net::Client::new(&inv.url, 3, lang)?;
    let info = client.info().map_err(|e| {
        anyhow::anyhow!("{}", i18n::msg(lang, "err-invite-unreachable", &[("detail", e.message(lang).into())]))
    })?;
    let server_key: PublicKey =
        info.server_key.parse().map_err(|_| anyhow::anyhow!("{}", i18n::text(lang, "err-invite-wrong-server")))?;
    if server_key.fingerprint() != inv.server_fingerprint() {
        bail!("{}", i18n::text(lang, "err-invite-wrong-server"));
    }
    let custodian: PublicKey = info
        .custodian_key
        .as_deref()
        .and_then(|k| k.parse().ok())
        .filter(|k: &PublicKey| k.fingerprint() == inv.custodian_fingerprint())
        .ok_or_else(|| anyhow::anyhow!("{}", i18n::text(lang, "err-invite-wrong-custodian")))?;
    let recipients = samla_core::crypto::parse_recipients(&info.admin_recipients.join("\n"))
        .ok()
        .filter(|r| !r.is_empty())
        .ok_or_else(|| anyhow::anyhow!("{}", i18n::text(lang, "err-invite-no-recipients")))?;

    // The keys are made and written first (0600, in a 0700 directory); the configuration only
    // once the server has enrolled them, so a refused code leaves nothing behind.
    samla_core::secret::private_dir(dir)?;
    let signing = SigningKey::generate()?;
    let identity = age::x25519::Identity::generate();
    // A member changing its settings keeps its own secret (its record references stay the
    // same, so a correction still replaces what it sent before).
    let member_secret = match &previous {
        Some(m) => m.member_secret.encode(),
        None => MemberSecret::generate()?.encode(),
    };
    let files = [config::SIGNING_KEY, config::MEMBER_SECRET, config::MEMBER_IDENTITY];
    let staged = |f: &str| dir.join(format!("{f}.new"));
    let cleanup = || {
        for f in files {
            let _ = std::fs::remove_file(staged(f));
        }
    };
    cleanup();
    let written = (|| -> Result<()> {
        use age::secrecy::ExposeSecret as _;
        samla_core::secret::write_new(&staged(config::SIGNING_KEY), signing.encode().as_bytes())?;
        samla_core::secret::write_new(&staged(config::MEMBER_SECRET), member_secret.as_bytes())?;
        let id_text = zeroize::Zeroizing::new(format!("{}\n", identity.to_string().expose_secret()));
        samla_core::secret::write_new(&staged(config::MEMBER_IDENTITY), id_text.as_bytes())?;
        Ok(())
    })();
    if let Err(e) = written {
        cleanup();
        return Err(e);
    }
    let recipient = identity.to_public().to_string();
    let token = inv.token_text();
    let req = EnrolRequest {
        signature: signing.sign_for("enrol", &EnrolRequest::signed_bytes(&token, &inv.org, &recipient)),
        token,
        org: inv.org.clone(),
        public_key: signing.public().to_string(),
        recipient,
    };
    if let Err(e) = client.enrol(&req) {
        cleanup();
        let id = match &e {
            net::SendError::Refused { code, .. } if code == "invitation_used" => "err-invite-used",
            net::SendError::Refused { code, .. } if code == "invitation_expired" => "err-invite-expired",
            net::SendError::Refused { code, .. } if code == "invitation_unknown" => "err-invite-unknown",
            _ => {
                bail!("{}", i18n::msg(lang, "err-invite-unreachable", &[("detail", e.message(lang).into())]))
            }
        };
        bail!("{}", i18n::text(lang, id));
    }
    for f in files {
        std::fs::rename(staged(f), dir.join(f))?;
    }
    let rbody: String = recipients.iter().map(|r| format!("{r}\n")).collect();
    std::fs::write(dir.join(config::RECIPIENTS), rbody)?;
    config::save(
        dir,
        &Config {
            org: inv.org.clone(),
            server: inv.url.clone(),
            server_key: Some(server_key.to_string()),
            custodian_key: Some(custodian.to_string()),
            linkage_generation: previous.as_ref().and_then(|m| m.config.linkage_generation),
        },
    )?;
    let mut m = Member::load(dir, lang)?;
    // The custodian may have delivered already (a member enrolled again); if not, it arrives
    // with the custodian's next delivery.
    let linkage = fetch_linkage(&mut m, lang).unwrap_or(LinkageState::Waiting);
    Ok(Enrolled { org: inv.org, server: inv.url, linkage })
}

/// Fetch the custodian's newest envelope for this member and install the secret in it when it
/// is newer than the one installed. A member set up before invitations (with a secret file
/// given by hand) keeps its secret.
pub(crate) fn fetch_linkage(m: &mut Member, lang: Lang) -> Result<LinkageState> {
    let (Some(identity), Some(custodian)) =
        (m.identity()?, m.config.custodian_key.as_deref().and_then(|k| k.parse::<PublicKey>().ok()))
    else {
        return Ok(match &m.linkage {
            Some(_) => LinkageState::Installed(m.config.linkage_generation.unwrap_or(1)),
            None => LinkageState::Waiting,
        });
    };
    let client = net::Client::new(&m.config.server, 2, lang)?;
    let time = samla_core::envelope::now_rfc3339();
    let sig = m.signing.sign_for("linkage-request", &samla_core::delivery::request_bytes(&m.config.org, &time));
    let delivered = client.linkage(&m.config.org, &time, &sig).map_err(|e| anyhow::anyhow!("{}", e.message(lang)))?;
    let Some(d) = delivered else {
        return Ok(match (&m.linkage, m.config.linkage_generation) {
            (Some(_), Some(g)) => LinkageState::Installed(g),
            _ => LinkageState::Waiting,
        });
    };
    if m.linkage.is_some() && m.config.linkage_generation.is_some_and(|g| g >= d.generation) {
        return Ok(LinkageState::Installed(m.config.linkage_generation.unwrap_or(d.generation)));
    }
    let secret = d
        .open(&m.config.org, &custodian, &identity)
        .map_err(|_| anyhow::anyhow!("{}", i18n::text(lang, "err-linkage-envelope-bad")))?;
    let fresh = m.dir.join(format!("{}.new", config::LINKAGE_SECRET));
    let _ = std::fs::remove_file(&fresh);
    samla_core::secret::write_new(&fresh, secret.encode().as_bytes())?;
    std::fs::rename(&fresh, m.dir.join(config::LINKAGE_SECRET))?;
    m.linkage = Some(secret);
    m.config.linkage_generation = Some(d.generation);
    m.save_config()?;
    Ok(LinkageState::Installed(d.generation))
}

/// `samla init --invite`: set up and say what happens next.
pub(crate) fn init(dir: &Path, code: &str, lang: Lang) -> Result<()> {
    let e = init_with_invite(dir, code, false, lang)?;
    println!("{}", i18n::msg(lang, "invite-enrolled", &[("org", e.org.into()), ("server", e.server.into())]));
    println!("{}", i18n::text(lang, linkage_sentence(e.linkage)));
    Ok(())
}

/// The sentence for where the linkage secret stands.
pub(crate) fn linkage_sentence(s: LinkageState) -> &'static str {
    match s {
        LinkageState::Installed(_) => "linkage-installed",
        LinkageState::Waiting => "linkage-waiting",
    }
}
