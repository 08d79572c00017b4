//! Delivering the linkage secret to members without the server or the admin ever holding it.
//!
//! The key custodian (a member or a person the platform names, never the admin) keeps the
//! secret. For each enrolled member it encrypts the secret with age to the member's own X25519
//! recipient (made by the member's client at set-up) and signs the envelope with its Ed25519
//! key; the server stores the envelope, which it cannot open. The member's client fetches it,
//! checks the signature against the custodian key it pinned from the invitation, decrypts it
//! with its own identity and installs the secret (0600).
//!
//! The envelope says which member it is for, the secret's generation (a rotation makes the next
//! one) and the secret's id ([`crate::pseudonym::LinkageSecret::id`]); the signature covers all
//! of that and the SHA-256 of the ciphertext.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde::{Deserialize, Serialize};

use crate::envelope::{sha256_hex, PublicKey, SigningKey};
use crate::pseudonym::LinkageSecret;

pub const DELIVERY_FORMAT: &str = "samla-linkage-delivery-v1";
const PURPOSE: &str = "linkage-delivery";

/// Why an envelope cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    #[error("the envelope is not signed by the key custodian pinned at set-up")]
    NotFromCustodian,
    #[error("the envelope is for {found:?}, not for {expected:?}")]
    WrongMember { found: String, expected: String },
    #[error("the envelope cannot be opened with this member's key")]
    CannotOpen,
    #[error("the envelope is malformed: {0}")]
    Malformed(String),
    #[error("{0}")]
    Crypto(#[from] crate::crypto::CryptoError),
}

/// One member's copy of the linkage secret, as stored by the server and fetched by the member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Delivery {
    pub format: String,
    pub org: String,
    pub generation: u32,
    pub secret_id: String,
    pub created_at: String,
    /// The age ciphertext (to the member's recipient), base64.
    pub ciphertext: String,
    /// The custodian's signature over [`Delivery::signed_bytes`].
    pub signature: String,
}

impl Delivery {
    fn signed_bytes(&self) -> Vec<u8> {
        format!(
            "{}\n{}\n{}\n{}\n{}\n{}",
            self.format,
            self.org,
            self.generation,
            self.secret_id,
            self.created_at,
            sha256_hex(self.ciphertext.as_bytes())
        )
        .into_bytes()
    }

    /// Encrypt `secret` to one member and sign it as the custodian.
    pub fn seal(
        secret: &LinkageSecret,
        generation: u32,
        org: &str,
        member: &age::x25519::Recipient,
        custodian: &SigningKey,
    ) -> Result<Delivery, DeliveryError> {
        let ct = crate::crypto::encrypt(secret.encode().as_bytes(), std::slice::from_ref(member))?;
        let mut d = Delivery {
            format: DELIVERY_FORMAT.into(),
            org: org.into(),
            generation,
            secret_id: secret.id(),
            created_at: crate::envelope::now_rfc3339(),
            ciphertext: STANDARD.encode(ct),
            signature: String::new(),
        };
        d.signature = custodian.sign_for(PURPOSE, &d.signed_bytes());
        Ok(d)
    }

    /// Whether the custodian `key` signed this envelope (what the server checks before storing
    /// it, and the member before opening it).
    pub fn verify(&self, key: &PublicKey) -> Result<(), DeliveryError> {
        if self.format != DELIVERY_FORMAT {
            return Err(DeliveryError::Malformed(format!("format {:?}", self.format)));
        }
        key.verify_for(PURPOSE, &self.signed_bytes(), &self.signature).map_err(|_| DeliveryError::NotFromCustodian)
    }

    /// Check and open the envelope: signed by `custodian`, for `org`, decrypted with the
    /// member's identity, and the secret inside has the id the envelope says.
    pub fn open(
        &self,
        org: &str,
        custodian: &PublicKey,
        identity: &age::x25519::Identity,
    ) -> Result<LinkageSecret, DeliveryError> {
        self.verify(custodian)?;
        if self.org != org {
            return Err(DeliveryError::WrongMember { found: self.org.clone(), expected: org.into() });
        }
        let ct = STANDARD.decode(&self.ciphertext).map_err(|_| DeliveryError::Malformed("ciphertext".into()))?;
        let plain =
            crate::crypto::decrypt(&ct, std::slice::from_ref(identity)).map_err(|_| DeliveryError::CannotOpen)?;
        let text = std::str::from_utf8(&plain).map_err(|_| DeliveryError::CannotOpen)?;
        let secret = LinkageSecret::parse(text).map_err(|_| DeliveryError::CannotOpen)?;
        if secret.id() != self.secret_id {
            return Err(DeliveryError::Malformed("the secret's id differs from the envelope's".into()));
        }
        Ok(secret)
    }
}

/// The text a signed request covers: purpose, who, when (at most 5 minutes old on arrival).
pub fn request_bytes(who: &str, time: &str) -> Vec<u8> {
    format!("{who}\n{time}").into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_member_opens_and_only_the_custodian_signs() {
        let secret = LinkageSecret::generate().unwrap();
        let custodian = SigningKey::generate().unwrap();
        let member = age::x25519::Identity::generate();
        let other = age::x25519::Identity::generate();
        let d = Delivery::seal(&secret, 1, "member-a", &member.to_public(), &custodian).unwrap();
        let opened = d.open("member-a", &custodian.public(), &member).unwrap();
        assert_eq!(opened.id(), secret.id());
        // The envelope never holds the secret in the clear.
        let json = serde_json::to_string(&d).unwrap();
        let enc = secret.encode();
        let b64 = enc.trim().trim_start_matches("samla-linkage-secret-v1:");
        assert!(!json.contains(b64));
        assert!(matches!(d.open("member-a", &custodian.public(), &other), Err(DeliveryError::CannotOpen)));
        assert!(matches!(d.open("member-b", &custodian.public(), &member), Err(DeliveryError::WrongMember { .. })));
        let impostor = SigningKey::generate().unwrap();
        assert!(matches!(d.open("member-a", &impostor.public(), &member), Err(DeliveryError::NotFromCustodian)));
        // A server that edits the envelope (another member, another generation) breaks it.
        let mut e = d.clone();
        e.org = "member-b".into();
        assert!(matches!(e.open("member-b", &custodian.public(), &member), Err(DeliveryError::NotFromCustodian)));
        let mut g = d.clone();
        g.generation = 2;
        assert!(g.verify(&custodian.public()).is_err());
    }

    #[test]
    fn the_id_is_stable_and_differs_between_secrets() {
        let a = LinkageSecret::generate().unwrap();
        let b = LinkageSecret::generate().unwrap();
        assert_eq!(a.id(), LinkageSecret::parse(&a.encode()).unwrap().id());
        assert_ne!(a.id(), b.id());
        assert_eq!(a.id().len(), 32);
    }
}
