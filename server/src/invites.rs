//! Invitations, the key custodian and the linkage-secret envelopes, in the store.
//!
//! - An **invitation** is kept as the SHA-256 of its one-time token, the member id it is for,
//!   when it expires and when it was used: the code itself (which carries the token) is printed
//!   once and never stored.
//! - The **custodian**'s public key: envelopes are stored only when it signed them.
//! - A **delivery** is the linkage secret encrypted by the custodian to one member's own age
//!   recipient: the server stores it and hands it to that member, and cannot open it.

use rusqlite::{params, OptionalExtension};
use samla_core::delivery::Delivery;
use samla_core::envelope::{now_rfc3339, PublicKey};

use crate::store::{Store, StoreError};

/// The tables of this module (created by [`Store::open`] and [`Store::init`] with the rest).
pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS invitations (
  token_sha256 TEXT PRIMARY KEY,
  org_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT
);
CREATE TABLE IF NOT EXISTS member_recipients (
  org_id TEXT PRIMARY KEY REFERENCES orgs(org_id),
  recipient TEXT NOT NULL,
  set_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS deliveries (
  org_id TEXT NOT NULL REFERENCES orgs(org_id),
  generation INTEGER NOT NULL,
  secret_id TEXT NOT NULL,
  envelope TEXT NOT NULL,
  stored_at TEXT NOT NULL,
  PRIMARY KEY (org_id, generation)
);
";

/// What became of an enrolment with an invitation's token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Redeemed {
    Enrolled {
        org: String,
        at: String,
    },
    /// No invitation has this token (mistyped, or never made).
    Unknown,
    /// The invitation was used already (by this member or by someone who had the code).
    Used,
    Expired,
    /// The code names another member than the one the invitation was made for.
    WrongMember,
}

/// One invitation as the dashboard lists it (never the token).
#[derive(Debug, Clone)]
pub struct InvitationRow {
    pub org: String,
    pub created_at: String,
    pub expires_at: String,
    pub used_at: Option<String>,
}

impl Store {
    /// Every stored batch's id.
    pub fn batch_ids(&self) -> Result<Vec<String>, StoreError> {
        let mut st = self.conn.prepare("SELECT batch_id FROM batches")?;
        let v = st.query_map([], |r| r.get(0))?.collect::<Result<Vec<String>, _>>()?;
        Ok(v)
    }

    /// When a round was opened (by hand or by the scheduler), if it was.
    pub fn round_opened_at(&self, year: i32) -> Result<Option<String>, StoreError> {
        Ok(self.conn.query_row("SELECT opened_at FROM rounds WHERE year = ?1", [year], |r| r.get(0)).optional()?)
    }

    /// The server's public address as members reach it (put in invitation codes).
    pub fn public_url(&self) -> Result<Option<String>, StoreError> {
        Ok(self.conn.query_row("SELECT value FROM meta WHERE key = 'public_url'", [], |r| r.get(0)).optional()?)
    }

    pub fn set_public_url(&self, url: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO meta(key, value) VALUES ('public_url', ?1) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [url],
        )?;
        self.audit("public-url", url)?;
        Ok(())
    }

    /// The key custodian's key, once named.
    pub fn custodian_key(&self) -> Result<Option<PublicKey>, StoreError> {
        let k: Option<String> =
            self.conn.query_row("SELECT value FROM meta WHERE key = 'custodian_key'", [], |r| r.get(0)).optional()?;
        Ok(k.and_then(|k| k.parse().ok()))
    }

    /// Name the key custodian (audited). Envelopes signed by a custodian named before stay
    /// stored; members only open those their pinned custodian signed.
    pub fn set_custodian_key(&self, key: &PublicKey) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO meta(key, value) VALUES ('custodian_key', ?1) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key.to_string()],
        )?;
        self.audit("custodian-set", &key.to_string())?;
        Ok(())
    }

    /// Record a new invitation for `org` (only the token's hash is kept). Audited without the
    /// token.
    pub fn add_invitation(&self, org: &str, token_sha256: &str, expires_at: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO invitations(token_sha256, org_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
            params![token_sha256, org, now_rfc3339(), expires_at],
        )?;
        self.audit("org-invite", &format!("{org}: invitation valid until {expires_at}"))?;
        Ok(())
    }

    /// Invitations, newest first.
    pub fn invitations(&self) -> Result<Vec<InvitationRow>, StoreError> {
        let mut st = self.conn.prepare(
            "SELECT org_id, created_at, expires_at, used_at FROM invitations ORDER BY created_at DESC, org_id",
        )?;
        let v = st
            .query_map([], |r| {
                Ok(InvitationRow { org: r.get(0)?, created_at: r.get(1)?, expires_at: r.get(2)?, used_at: r.get(3)? })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(v)
    }

    /// Enrol a member with an invitation's token: in one transaction the token is checked
    /// (known, unused, not expired, for this member) and marked used, the member's signing key
    /// enrolled (a member enrolled before gets the new key, the old one retired) and its
    /// recipient kept. Audited.
    pub fn redeem_invitation(
        &mut self,
        token_sha256: &str,
        org: &str,
        key: &PublicKey,
        recipient: &str,
        now: &str,
    ) -> Result<Redeemed, StoreError> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let row: Option<(String, String, Option<String>)> = tx
            .query_row(
                "SELECT org_id, expires_at, used_at FROM invitations WHERE token_sha256 = ?1",
                [token_sha256],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((for_org, expires_at, used_at)) = row else { return Ok(Redeemed::Unknown) };
        if used_at.is_some() {
            return Ok(Redeemed::Used);
        }
        if for_org != org {
            return Ok(Redeemed::WrongMember);
        }
        let expired = match (samla_core::envelope::parse_rfc3339(&expires_at), samla_core::envelope::parse_rfc3339(now))
        {
            (Some(e), Some(n)) => n >= e,
            _ => true,
        };
        if expired {
            return Ok(Redeemed::Expired);
        }
        tx.execute("UPDATE invitations SET used_at = ?2 WHERE token_sha256 = ?1", params![token_sha256, now])?;
        let old: Option<String> =
            tx.query_row("SELECT public_key FROM orgs WHERE org_id = ?1", [org], |r| r.get(0)).optional()?;
        match old {
            Some(old) => {
                tx.execute(
                    "INSERT INTO retired_keys(org_id, public_key, retired_at) VALUES (?1, ?2, ?3)",
                    params![org, old, now],
                )?;
                tx.execute("UPDATE orgs SET public_key = ?2 WHERE org_id = ?1", params![org, key.to_string()])?;
                // Its envelopes were sealed to its old recipient: the custodian delivers again.
                tx.execute("DELETE FROM deliveries WHERE org_id = ?1", [org])?;
            }
            None => {
                tx.execute(
                    "INSERT INTO orgs(org_id, public_key, enrolled_at) VALUES (?1, ?2, ?3)",
                    params![org, key.to_string(), now],
                )?;
            }
        }
        tx.execute(
            "INSERT INTO member_recipients(org_id, recipient, set_at) VALUES (?1, ?2, ?3)
             ON CONFLICT(org_id) DO UPDATE SET recipient = excluded.recipient, set_at = excluded.set_at",
            params![org, recipient, now],
        )?;
        crate::store::append_audit(&tx, now, "org-enrol-invitation", &format!("{org}: key {key}"))?;
        tx.commit()?;
        Ok(Redeemed::Enrolled { org: org.into(), at: now.into() })
    }

    /// Every enabled member with an age recipient, and the newest generation of the linkage
    /// secret the server holds an envelope of for it.
    pub fn custodian_members(&self) -> Result<Vec<samla_core::api::CustodianMember>, StoreError> {
        let mut st = self.conn.prepare(
            "SELECT m.org_id, m.recipient, (SELECT MAX(generation) FROM deliveries d WHERE d.org_id = m.org_id)
             FROM member_recipients m
             WHERE m.org_id NOT IN (SELECT org_id FROM org_disabled) ORDER BY m.org_id",
        )?;
        let v = st
            .query_map([], |r| {
                Ok(samla_core::api::CustodianMember {
                    org: r.get(0)?,
                    recipient: r.get(1)?,
                    delivered_generation: r.get::<_, Option<u32>>(2)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(v)
    }

    /// The newest generation of the linkage secret delivered at all (`None`: none yet).
    pub fn newest_generation(&self) -> Result<Option<u32>, StoreError> {
        Ok(self.conn.query_row("SELECT MAX(generation) FROM deliveries", [], |r| r.get(0))?)
    }

    /// Store envelopes the custodian signed (checked by the caller). Audited per member,
    /// without the envelope.
    pub fn store_deliveries(&mut self, ds: &[Delivery]) -> Result<(), StoreError> {
        let now = now_rfc3339();
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        for d in ds {
            let body = serde_json::to_string(d).map_err(|e| StoreError::Io(e.to_string()))?;
            tx.execute(
                "INSERT INTO deliveries(org_id, generation, secret_id, envelope, stored_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(org_id, generation) DO UPDATE SET secret_id = excluded.secret_id,
                   envelope = excluded.envelope, stored_at = excluded.stored_at",
                params![d.org, d.generation, d.secret_id, body, now],
            )?;
            crate::store::append_audit(
                &tx,
                &now,
                "linkage-delivered",
                &format!("{}: generation {} (id {})", d.org, d.generation, d.secret_id),
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// A member's newest envelope.
    pub fn delivery(&self, org: &str) -> Result<Option<Delivery>, StoreError> {
        let t: Option<String> = self
            .conn
            .query_row(
                "SELECT envelope FROM deliveries WHERE org_id = ?1 ORDER BY generation DESC LIMIT 1",
                [org],
                |r| r.get(0),
            )
            .optional()?;
        t.map(|t| serde_json::from_str(&t).map_err(|e| StoreError::Io(e.to_string()))).transpose()
    }

    /// Members enrolled through an invitation whose newest envelope is missing or older than
    /// the newest generation: they wait for the custodian's next delivery.
    pub fn waiting_for_linkage(&self) -> Result<Vec<String>, StoreError> {
        let newest = self.newest_generation()?.unwrap_or(0);
        Ok(self
            .custodian_members()?
            .into_iter()
            .filter(|m| m.delivered_generation.is_none_or(|g| g < newest))
            .map(|m| m.org)
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invitation_is_used_once_and_expires() {
        let dir = tempfile::tempdir().unwrap();
        let (mut s, _) = Store::init(&dir.path().join("d")).unwrap();
        let key = samla_core::envelope::SigningKey::generate().unwrap().public();
        let r = samla_core::crypto::age::x25519::Identity::generate().to_public().to_string();
        s.add_invitation("member-a", "h1", "2030-01-01T00:00:00Z").unwrap();
        s.add_invitation("member-b", "h2", "2020-01-01T00:00:00Z").unwrap();
        let now = "2026-12-04T10:00:00Z";
        assert_eq!(s.redeem_invitation("nope", "member-a", &key, &r, now).unwrap(), Redeemed::Unknown);
        assert_eq!(s.redeem_invitation("h1", "member-b", &key, &r, now).unwrap(), Redeemed::WrongMember);
        assert!(matches!(s.redeem_invitation("h1", "member-a", &key, &r, now).unwrap(), Redeemed::Enrolled { .. }));
        assert_eq!(s.redeem_invitation("h1", "member-a", &key, &r, now).unwrap(), Redeemed::Used);
        assert_eq!(s.redeem_invitation("h2", "member-b", &key, &r, now).unwrap(), Redeemed::Expired);
        assert_eq!(s.org_key("member-a").unwrap(), Some(key));
        assert_eq!(s.org_key("member-b").unwrap(), None);
        assert_eq!(s.waiting_for_linkage().unwrap(), vec!["member-a".to_string()]);
    }
}
