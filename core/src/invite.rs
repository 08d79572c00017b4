//! The invitation code: everything a member needs to set up, in one string to paste.
//!
//! The platform's operator makes one per member (`samla-server org invite`, or the dashboard).
//! It carries the server's address, the member's id, a fingerprint of the server's receipt key,
//! a fingerprint of the key custodian's key and a one-time token (128 bits) that the server
//! keeps only as a hash. The member's client checks both fingerprints against what the server
//! shows before it trusts anything from it, then enrols its own public keys with the token,
//! which the server then marks as used.
//!
//! Wire form: `SAMLA-` and the base64url (no padding) of
//! `version(1) | token(16) | server fp(16) | custodian fp(16) | len(1) org | len(1) url | crc(4)`,
//! where `crc` is the first four bytes of SHA-256 over everything before it, so a code mangled
//! in copying is told apart from one the server does not know.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use ring::rand::SecureRandom as _;

const PREFIX: &str = "SAMLA-";
const VERSION: u8 = 1;

/// Why a code cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InviteError {
    /// Not a code at all, or damaged in copying (the check sum does not match).
    #[error("not a Samla invitation code, or only part of one")]
    Malformed,
    /// A code from a newer version of Samla.
    #[error("an invitation code of a newer version of Samla")]
    Version,
    #[error("the system random generator failed")]
    Random,
}

/// An invitation, decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    pub token: [u8; 16],
    /// [`crate::envelope::PublicKey::fingerprint`] of the server's receipt key, as raw bytes.
    pub server_fp: [u8; 16],
    /// The same of the key custodian's key.
    pub custodian_fp: [u8; 16],
    pub org: String,
    pub url: String,
}

fn fp_bytes(hex32: &str) -> Option<[u8; 16]> {
    hex::decode(hex32).ok()?.try_into().ok()
}

impl Invitation {
    /// A new invitation with a fresh random token.
    pub fn new(org: &str, url: &str, server_fp: &str, custodian_fp: &str) -> Result<Invitation, InviteError> {
        let mut token = [0u8; 16];
        ring::rand::SystemRandom::new().fill(&mut token).map_err(|_| InviteError::Random)?;
        Ok(Invitation {
            token,
            server_fp: fp_bytes(server_fp).ok_or(InviteError::Malformed)?,
            custodian_fp: fp_bytes(custodian_fp).ok_or(InviteError::Malformed)?,
            org: org.to_string(),
            url: url.to_string(),
        })
    }

    /// The token as the server keeps it: SHA-256 hex (the token itself is never stored).
    pub fn token_hash(&self) -> String {
        token_hash(&self.token_text())
    }

    /// The token as sent at enrolment (base64url).
    pub fn token_text(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.token)
    }

    pub fn server_fingerprint(&self) -> String {
        hex::encode(self.server_fp)
    }

    pub fn custodian_fingerprint(&self) -> String {
        hex::encode(self.custodian_fp)
    }

    /// The code to give the member.
    pub fn encode(&self) -> String {
        let mut b = vec![VERSION];
        b.extend_from_slice(&self.token);
        b.extend_from_slice(&self.server_fp);
        b.extend_from_slice(&self.custodian_fp);
        for s in [&self.org, &self.url] {
            b.push(s.len().min(255) as u8);
            b.extend_from_slice(&s.as_bytes()[..s.len().min(255)]);
        }
        let crc = ring::digest::digest(&ring::digest::SHA256, &b);
        b.extend_from_slice(&crc.as_ref()[..4]);
        format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(b))
    }

    /// Read a code as pasted: spaces, line breaks and a missing or lower-case prefix are
    /// forgiven; anything else damaged is [`InviteError::Malformed`].
    pub fn decode(text: &str) -> Result<Invitation, InviteError> {
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let body = match compact.get(..PREFIX.len()) {
            Some(p) if p.eq_ignore_ascii_case(PREFIX) => &compact[PREFIX.len()..],
            _ => compact.as_str(),
        };
        let b = URL_SAFE_NO_PAD.decode(body).map_err(|_| InviteError::Malformed)?;
        if b.len() < 1 + 48 + 2 + 4 {
            return Err(InviteError::Malformed);
        }
        let (data, crc) = b.split_at(b.len() - 4);
        if ring::digest::digest(&ring::digest::SHA256, data).as_ref()[..4] != *crc {
            return Err(InviteError::Malformed);
        }
        if data[0] != VERSION {
            return Err(InviteError::Version);
        }
        let arr = |r: std::ops::Range<usize>| -> [u8; 16] {
            let mut a = [0u8; 16];
            a.copy_from_slice(&data[r]);
            a
        };
        let mut at = 49;
        let mut text = || -> Result<String, InviteError> {
            let n = *data.get(at).ok_or(InviteError::Malformed)? as usize;
            let s = data.get(at + 1..at + 1 + n).ok_or(InviteError::Malformed)?;
            at += 1 + n;
            String::from_utf8(s.to_vec()).map_err(|_| InviteError::Malformed)
        };
        let org = text()?;
        let url = text()?;
        if !crate::envelope::valid_org_id(&org) || url.is_empty() {
            return Err(InviteError::Malformed);
        }
        Ok(Invitation { token: arr(1..17), server_fp: arr(17..33), custodian_fp: arr(33..49), org, url })
    }
}

/// SHA-256 hex of a token as sent (what the server stores and looks up).
pub fn token_hash(token_text: &str) -> String {
    crate::envelope::sha256_hex(format!("samla-invitation-token\n{}", token_text.trim()).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sample() -> Invitation {
        Invitation::new("kvinnojouren-x", "https://samla.plattformen.example", &"ab".repeat(16), &"cd".repeat(16))
            .expect("new")
    }

    #[test]
    fn round_trips_and_forgives_spaces_and_case() {
        let i = sample();
        let code = i.encode();
        assert!(code.starts_with("SAMLA-"));
        assert_eq!(Invitation::decode(&code), Ok(i.clone()));
        let spaced: String = code
            .chars()
            .enumerate()
            .flat_map(|(n, c)| if n % 20 == 19 { vec![c, '\n', ' '] } else { vec![c] })
            .collect();
        assert_eq!(Invitation::decode(&spaced), Ok(i.clone()));
        assert_eq!(Invitation::decode(&code.replacen("SAMLA-", "samla-", 1)), Ok(i));
    }

    #[test]
    fn a_changed_character_is_caught() {
        let code = sample().encode();
        for at in [8, 20, code.len() - 3] {
            let mut c: Vec<char> = code.chars().collect();
            c[at] = if c[at] == 'A' { 'B' } else { 'A' };
            let c: String = c.into_iter().collect();
            assert_eq!(Invitation::decode(&c), Err(InviteError::Malformed), "{c}");
        }
        assert_eq!(Invitation::decode(&code[..code.len() - 5]), Err(InviteError::Malformed));
        assert_eq!(Invitation::decode(""), Err(InviteError::Malformed));
    }

    #[test]
    fn tokens_differ_and_are_stored_only_as_a_hash() {
        let (a, b) = (sample(), sample());
        assert_ne!(a.token, b.token);
        assert_ne!(a.token_hash(), a.token_text());
        assert_eq!(a.token_hash(), token_hash(&a.token_text()));
    }

    proptest! {
        #[test]
        fn any_text_decodes_or_is_refused_without_panic(s in ".{0,200}") {
            let _ = Invitation::decode(&s);
        }

        #[test]
        fn any_invitation_round_trips(org in "[a-z0-9][a-z0-9-]{1,40}", host in "[a-z]{1,30}") {
            let url = format!("https://{host}.example");
            let i = Invitation::new(&org, &url, &"01".repeat(16), &"02".repeat(16)).unwrap();
            prop_assert_eq!(Invitation::decode(&i.encode()), Ok(i));
        }
    }
}
