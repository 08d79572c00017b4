//! Making invitations and naming the key custodian (the command line and the dashboard share
//! [`invite`]).

use anyhow::{bail, Result};
use samla_core::envelope::PublicKey;
use samla_core::invite::Invitation;
use samla_core::Lang;

use crate::cli::CustodianCmd;
use crate::i18n;
use crate::store::Store;

/// An invitation made: the code (shown once) and the day it can last be used.
pub struct Made {
    pub code: String,
    pub until: String,
}

/// Make an invitation for `org`, valid `days` days. `url` (if given) is checked and remembered
/// as the server's public address.
pub fn invite(store: &Store, org: &str, days: u32, url: Option<&str>, lang: Lang) -> Result<Made> {
    if !(1..=90).contains(&days) {
        bail!("{}", i18n::text(lang, "err-invite-days"));
    }
    if let Some(u) = url {
        set_url(store, u, lang)?;
    }
    let Some(url) = store.public_url()? else {
        bail!("{}", i18n::text(lang, "err-invite-no-url"));
    };
    let Some(custodian) = store.custodian_key()? else {
        bail!("{}", i18n::text(lang, "err-invite-no-custodian"));
    };
    let server = store.signing_key()?.public();
    let inv = Invitation::new(org, &url, &server.fingerprint(), &custodian.fingerprint())?;
    let until =
        time::OffsetDateTime::now_utc().replace_nanosecond(0).unwrap_or_else(|_| time::OffsetDateTime::now_utc())
            + time::Duration::days(i64::from(days));
    let until = crate::schedule::rfc3339(until);
    store.add_invitation(org, &inv.token_hash(), &until)?;
    Ok(Made { code: inv.encode(), until: samla_core::envelope::display_time(&until) })
}

fn set_url(store: &Store, u: &str, lang: Lang) -> Result<()> {
    let ok = u.starts_with("https://")
        || u.starts_with("http://127.0.0.1")
        || u.starts_with("http://localhost")
        || u.starts_with("http://[::1]");
    if !ok || u.len() > 200 || u.chars().any(char::is_whitespace) {
        bail!("{}", i18n::msg(lang, "err-invite-url", &[("url", u.to_string().into())]));
    }
    store.set_public_url(u.trim_end_matches('/'))?;
    Ok(())
}

/// `samla-server public-url URL`.
pub fn public_url(store: &Store, u: &str, lang: Lang) -> Result<()> {
    set_url(store, u, lang)?;
    println!("{}", i18n::msg(lang, "public-url-set", &[("url", u.trim_end_matches('/').to_string().into())]));
    Ok(())
}

/// `samla-server custodian …`.
pub fn custodian(cmd: CustodianCmd, lang: Lang) -> Result<()> {
    match cmd {
        CustodianCmd::Set { key, data } => {
            let k: PublicKey = key.parse().map_err(|_| {
                anyhow::anyhow!("{}", i18n::msg(lang, "err-public-key", &[("command", "samla custodian init".into())]))
            })?;
            Store::open(&data)?.set_custodian_key(&k)?;
            println!("{}", i18n::msg(lang, "custodian-set", &[("fingerprint", k.fingerprint().into())]));
        }
        CustodianCmd::Show { data } => {
            let s = Store::open(&data)?;
            match s.custodian_key()? {
                Some(k) => println!(
                    "{}",
                    i18n::msg(
                        lang,
                        "custodian-is",
                        &[("key", k.to_string().into()), ("fingerprint", k.fingerprint().into())]
                    )
                ),
                None => println!("{}", i18n::text(lang, "custodian-none")),
            }
            let waiting = s.waiting_for_linkage()?;
            println!(
                "{}",
                i18n::msg(
                    lang,
                    "custodian-waiting",
                    &[("n", samla_core::i18n::n(waiting.len())), ("members", waiting.join(", ").into())]
                )
            );
        }
    }
    Ok(())
}
