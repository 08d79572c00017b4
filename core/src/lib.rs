//! # samla-core
//!
//! The parts of Samla that the member client and the collector must agree on:
//!
//! - [`contract`]: the data contract (fields, code lists, labels), read from `schemas/`;
//! - [`input`]: reading a member's CSV file into rows;
//! - [`validate`]: JSON Schema and cross-field validation with messages a person can act on;
//! - [`normalize`]: name, date and identifier normalisation before pseudonymisation;
//! - [`pseudonym`]: keyed match keys (HMAC-SHA256, HKDF-derived per-purpose keys);
//! - [`batch`]: the plaintext batch that the client encrypts (what leaves the member);
//! - [`envelope`]: the signed upload manifest and the server's signed receipt (Ed25519);
//! - [`crypto`]: age encryption to the admin recipients and passphrase-protected identities;
//! - [`secret`]: 0600 secret files, zeroized after use;
//! - [`invite`]: the invitation code a member sets up with; [`delivery`]: the linkage secret
//!   sealed by the key custodian to each member;
//! - [`api`]: the collector's HTTP bodies (server info, refusals, receipts), shared by both sides;
//! - [`clk`]: keyed Bloom-filter encodings; [`i18n`]: Fluent messages (sv/en).
// No unsafe code anywhere, except the one module that calls the Win32 security API on Windows
// (`secret_windows`, which says why).
#![cfg_attr(not(windows), forbid(unsafe_code))]
#![cfg_attr(windows, deny(unsafe_code))]

pub mod api;
pub mod batch;
pub mod clk;
pub mod contract;
pub mod crypto;
pub mod delivery;
pub mod envelope;
pub mod i18n;
pub mod input;
pub mod invite;
pub mod localtime;
pub mod normalize;
pub mod pseudonym;
pub mod secret;
#[cfg(windows)]
mod secret_windows;
pub mod validate;
pub mod web;

pub use contract::{Contract, SCHEMA_VERSION};

/// Language of user-facing text. Swedish is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Sv,
    En,
}

impl std::str::FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "sv" | "sv-SE" | "sv_SE" => Ok(Lang::Sv),
            "en" | "en-GB" | "en-US" | "en_GB" | "en_US" => Ok(Lang::En),
            other => Err(format!("unsupported language {other:?} (use sv or en)")),
        }
    }
}

/// Pick the Swedish or the English text.
pub fn tr<'a>(lang: Lang, sv: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Sv => sv,
        Lang::En => en,
    }
}
