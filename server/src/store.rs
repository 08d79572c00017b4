//! The collector's store: one SQLite file (WAL, `synchronous=FULL`) in the data directory,
//! holding members' public keys, rounds, signed manifests with their **ciphertext** (never
//! plaintext), receipts and the append-only audit log. Beside it: the server's receipt-signing
//! key (0600) and, optionally, the admin recipients it advertises.

use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension};
use samla_core::envelope::{Manifest, PublicKey, Receipt, SignedReceipt, SigningKey, RECEIPT_FORMAT};

/// Errors of the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0}: not a Samla data directory (run `samla-server init --data {0}` first)")]
    NotInitialised(String),
    #[error("{0}: already initialised")]
    AlreadyInitialised(String),
    #[error("database: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("{0}")]
    Io(String),
    #[error("{0}")]
    Secret(#[from] samla_core::secret::SecretError),
    #[error("{0}")]
    Key(#[from] samla_core::envelope::EnvelopeError),
    #[error("member {0:?} is already enrolled")]
    OrgExists(String),
    #[error("no collection round for {0}")]
    NoRound(i32),
    #[error("member {0:?} is not enrolled")]
    UnknownOrg(String),
    #[error("the round for {0} is closed; reopening it changes what members were told is final: add --reopen to do it anyway (written to the audit log)")]
    RoundClosed(i32),
    /// A store whose audit log was hash-chained has lost its chain: never rebuilt silently.
    #[error("the audit log's hash chain has been removed from this store (it was chained: {0}); it is not rebuilt — restore a backup and run `samla-server audit verify`")]
    AuditChainRemoved(String),
}

impl StoreError {
    /// The sentence an operator reads (technical failures keep their own text).
    pub fn message(&self, lang: samla_core::Lang) -> String {
        use crate::i18n;
        let s = |x: &str| -> i18n::Value<'static> { x.to_string().into() };
        match self {
            StoreError::NotInitialised(d) => i18n::msg(lang, "err-store-not-initialised", &[("dir", s(d))]),
            StoreError::AlreadyInitialised(d) => i18n::msg(lang, "err-store-initialised", &[("dir", s(d))]),
            StoreError::OrgExists(o) => i18n::msg(lang, "err-org-exists", &[("org", s(o))]),
            StoreError::UnknownOrg(o) => i18n::msg(lang, "err-org-unknown", &[("org", s(o))]),
            StoreError::NoRound(y) => i18n::msg(lang, "err-no-round", &[("year", y.to_string().into())]),
            StoreError::RoundClosed(y) => i18n::msg(lang, "err-round-closed", &[("year", y.to_string().into())]),
            StoreError::AuditChainRemoved(why) => i18n::msg(lang, "err-audit-chain-removed", &[("why", s(why))]),
            other => other.to_string(),
        }
    }
}

pub const DB_FILE: &str = "samla.db";
pub const KEY_FILE: &str = "server-signing-key";
pub const RECIPIENTS_FILE: &str = "admin-recipients.txt";

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS orgs (
  org_id TEXT PRIMARY KEY,
  public_key TEXT NOT NULL,
  enrolled_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS rounds (
  year INTEGER PRIMARY KEY,
  deadline TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('open', 'closed')),
  opened_at TEXT NOT NULL,
  closed_at TEXT
);
CREATE TABLE IF NOT EXISTS batches (
  batch_id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES orgs(org_id),
  year INTEGER NOT NULL,
  manifest BLOB NOT NULL,
  signature BLOB NOT NULL,
  ciphertext BLOB NOT NULL,
  sha256 TEXT NOT NULL,
  received_at TEXT NOT NULL,
  seq INTEGER NOT NULL,
  superseded_by TEXT,
  receipt TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS batches_org_year ON batches(org_id, year, seq);
CREATE TABLE IF NOT EXISTS schedule (
  year INTEGER PRIMARY KEY,
  opens TEXT NOT NULL,
  deadline TEXT NOT NULL,
  grace_end TEXT NOT NULL,
  close TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS reminders (
  year INTEGER NOT NULL,
  org_id TEXT NOT NULL,
  offset_days INTEGER NOT NULL,
  sent_at TEXT NOT NULL,
  PRIMARY KEY (year, org_id, offset_days)
);
CREATE TABLE IF NOT EXISTS org_disabled (
  org_id TEXT PRIMARY KEY REFERENCES orgs(org_id),
  disabled_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS retired_keys (
  org_id TEXT NOT NULL REFERENCES orgs(org_id),
  public_key TEXT NOT NULL,
  retired_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS round_grace (
  year INTEGER PRIMARY KEY,
  grace_end TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS unreadable (
  batch_id TEXT PRIMARY KEY REFERENCES batches(batch_id),
  year INTEGER NOT NULL,
  org_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  found_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS corrections (
  year INTEGER NOT NULL,
  org_id TEXT NOT NULL REFERENCES orgs(org_id),
  granted_at TEXT NOT NULL,
  until TEXT NOT NULL,
  PRIMARY KEY (year, org_id)
);
CREATE TABLE IF NOT EXISTS operators (
  name TEXT PRIMARY KEY,
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  disabled_at TEXT
);
CREATE TABLE IF NOT EXISTS audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL,
  hash TEXT
);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
";

use samla_core::envelope::now_rfc3339;

use crate::schedule::{parse_instant, rfc3339, RoundInfo, RoundState, Window};

/// The hash before the first audit entry.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Hash of an audit entry: SHA-256 over the previous entry's hash and this entry's id, time,
/// action and detail (a deleted, inserted or edited entry breaks every hash after it).
pub fn audit_hash(prev: &str, id: i64, at: &str, action: &str, detail: &str) -> String {
    samla_core::envelope::sha256_hex(format!("samla-audit-v1\n{prev}\n{id}\n{at}\n{action}\n{detail}").as_bytes())
}

/// Append to the audit chain on `conn` (the caller holds a write transaction).
pub(crate) fn append_audit(conn: &Connection, at: &str, action: &str, detail: &str) -> Result<String, StoreError> {
    let last: Option<(i64, Option<String>)> = conn
        .query_row("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (id, prev) = match last {
        Some((id, Some(h))) => (id + 1, h),
        Some((id, None)) => (id + 1, GENESIS.to_string()),
        None => (1, GENESIS.to_string()),
    };
    let hash = audit_hash(&prev, id, at, action, detail);
    conn.execute(
        "INSERT INTO audit(id, at, action, detail, hash) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, at, action, detail, hash],
    )?;
    Ok(hash)
}

/// Every audit entry's id and hash with the accumulator after it, oldest first (one pass:
/// the accumulator is folded over the entries' hashes, never stored).
pub(crate) fn audit_accumulators(conn: &Connection) -> Result<Vec<(i64, String, String)>, StoreError> {
    let mut st = conn.prepare("SELECT id, COALESCE(hash, '') FROM audit ORDER BY id")?;
    let rows = st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    let mut acc = samla_core::envelope::AUDIT_ACC_GENESIS.to_string();
    let mut out = Vec::new();
    for row in rows {
        let (id, h) = row?;
        acc = samla_core::envelope::audit_acc(&acc, &h);
        out.push((id, h, acc.clone()));
    }
    Ok(out)
}

/// A store from before the hash chain: add the column and chain the entries it holds, once
/// (the append-only triggers are lifted for that one transaction and put back by the schema).
fn migrate_audit_chain(conn: &Connection) -> Result<(), StoreError> {
    let has_audit: bool =
        conn.query_row("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'audit'", [], |r| {
            r.get::<_, i64>(0)
        })? > 0;
    if !has_audit {
        return Ok(());
    }
    let has_hash: bool =
        conn.query_row("SELECT COUNT(*) FROM pragma_table_info('audit') WHERE name = 'hash'", [], |r| {
            r.get::<_, i64>(0)
        })? > 0;
    let marked: bool =
        conn.query_row("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'", [], |r| {
            r.get::<_, i64>(0)
        })? > 0
            && conn
                .query_row("SELECT value FROM meta WHERE key = 'audit_chain'", [], |r| r.get::<_, String>(0))
                .optional()?
                .is_some();
    if has_hash {
        if !marked {
            // A chained store from before the marker: mark it, so a chain removed later is
            // refused rather than rebuilt.
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('audit_chain', 'v1')", [])?;
        }
        return Ok(());
    }
    // No hash column. Only a store from before the chain may be chained now: one that was
    // chained (the marker, or receipts that carry a chain head) has had its chain removed.
    let has_batches =
        conn.query_row("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'batches'", [], |r| {
            r.get::<_, i64>(0)
        })? > 0;
    let mut heads_in_receipts = 0usize;
    if has_batches {
        let mut st = conn.prepare("SELECT receipt FROM batches")?;
        let texts = st.query_map([], |r| r.get::<_, String>(0))?.collect::<Result<Vec<_>, _>>()?;
        heads_in_receipts = texts
            .iter()
            .filter(|t| {
                serde_json::from_str::<SignedReceipt>(t)
                    .ok()
                    .and_then(|sr| sr.verify(&sr.server_key.parse().ok()?).ok())
                    .is_some_and(|r| r.audit_head.is_some())
            })
            .count();
    }
    if marked {
        return Err(StoreError::AuditChainRemoved("the store is marked as chained".into()));
    }
    if heads_in_receipts > 0 {
        return Err(StoreError::AuditChainRemoved(format!("{heads_in_receipts} receipts carry chain heads")));
    }
    conn.execute_batch("BEGIN IMMEDIATE; DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete; ALTER TABLE audit ADD COLUMN hash TEXT;")?;
    let rows: Vec<(i64, String, String, String)> = {
        let mut st = conn.prepare("SELECT id, at, action, detail FROM audit ORDER BY id")?;
        let v =
            st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect::<Result<Vec<_>, _>>()?;
        v
    };
    let mut prev = GENESIS.to_string();
    for (id, at, action, detail) in rows {
        let h = audit_hash(&prev, id, &at, &action, &detail);
        conn.execute("UPDATE audit SET hash = ?1 WHERE id = ?2", params![h, id])?;
        prev = h;
    }
    conn.execute_batch(SCHEMA)?;
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('audit_chain', 'v1')", [])?;
    conn.execute_batch("COMMIT")?;
    Ok(())
}

/// One audit entry: (id, at, action, detail, hash).
pub type AuditEntry = (i64, String, String, String, Option<String>);

/// What `samla-server audit verify` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditCheck {
    Intact { entries: usize, head: String },
    Broken { id: i64, why: String },
}

/// Run SQLite's integrity check on a database file.
pub fn check_integrity(path: &Path) -> Result<(), StoreError> {
    let c = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let r: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if r != "ok" {
        return Err(StoreError::Io(format!("{}: integrity check failed: {r}", path.display())));
    }
    Ok(())
}

/// Put a backup in place as the store of `data` (the server must be stopped). The backup is
/// checked first; an existing store (and its WAL) is kept beside it as `*.before-restore`.
pub fn restore(from: &Path, data: &Path) -> Result<(), StoreError> {
    check_integrity(from)?;
    if !data.join(KEY_FILE).exists() {
        return Err(StoreError::NotInitialised(data.display().to_string()));
    }
    let db = data.join(DB_FILE);
    // The old store and its write-ahead log are kept aside, never mixed with the backup.
    for ext in ["", "-wal", "-shm"] {
        let f = data.join(format!("{DB_FILE}{ext}"));
        if f.exists() {
            std::fs::rename(&f, data.join(format!("{DB_FILE}{ext}.before-restore")))
                .map_err(|e| StoreError::Io(e.to_string()))?;
        }
    }
    let tmp = data.join("samla.db.restoring");
    std::fs::copy(from, &tmp).map_err(|e| StoreError::Io(e.to_string()))?;
    std::fs::File::open(&tmp).and_then(|f| f.sync_all()).map_err(|e| StoreError::Io(e.to_string()))?;
    std::fs::rename(&tmp, &db).map_err(|e| StoreError::Io(e.to_string()))?;
    Store::open(data)?;
    Ok(())
}

/// An open store.
pub struct Store {
    pub dir: PathBuf,
    pub conn: Connection,
}

/// A stored batch as the admin reads it.
pub struct StoredBatch {
    pub received_at: String,
    pub batch_id: String,
    pub org_id: String,
    pub manifest: Vec<u8>,
    pub signature: Vec<u8>,
    pub ciphertext: Vec<u8>,
    pub sha256: String,
}

/// An upload's ciphertext: the temporary file the server streamed it to, and its length.
#[derive(Debug, Clone, Copy)]
pub struct Ciphertext<'a> {
    pub path: &'a Path,
    pub len: u64,
}

/// Outcome of storing an upload.
pub enum Stored {
    New(SignedReceipt),
    Duplicate(SignedReceipt),
    Conflict,
    /// Sealed no later than the batch the member has counted for the year (a replayed or
    /// delayed old batch): refused, the counted batch stays.
    Stale {
        counted: String,
        counted_created_at: String,
    },
    /// `created_at` is not an RFC 3339 time, or more than 10 minutes ahead of the server.
    BadTime,
}

/// One member's line of `status`.
pub struct MemberStatus {
    pub org_id: String,
    pub latest: Option<(String, String)>,
    pub versions: usize,
    /// The latest batch was found unreadable by an aggregation (the reason).
    pub unreadable: Option<String>,
}

fn connect(path: &Path) -> Result<Connection, StoreError> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(conn)
}

impl Store {
    /// Create a new data directory (0700), database and receipt-signing key.
    pub fn init(dir: &Path) -> Result<(Store, PublicKey), StoreError> {
        if dir.join(DB_FILE).exists() {
            return Err(StoreError::AlreadyInitialised(dir.display().to_string()));
        }
        std::fs::create_dir_all(dir).map_err(|e| StoreError::Io(format!("{}: {e}", dir.display())))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
                .map_err(|e| StoreError::Io(format!("{}: {e}", dir.display())))?;
        }
        let key = SigningKey::generate()?;
        samla_core::secret::write_new(&dir.join(KEY_FILE), key.encode().as_bytes())?;
        let conn = connect(&dir.join(DB_FILE))?;
        conn.execute_batch(SCHEMA)?;
        conn.execute_batch(crate::invites::SCHEMA)?;
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('format', 'samla-store-v1')", [])?;
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('audit_chain', 'v1')", [])?;
        let store = Store { dir: dir.to_path_buf(), conn };
        store.audit("init", &format!("server key {}", key.public()))?;
        Ok((store, key.public()))
    }

    /// Open an existing store.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        let db = dir.join(DB_FILE);
        if !db.exists() {
            return Err(StoreError::NotInitialised(dir.display().to_string()));
        }
        let conn = connect(&db)?;
        migrate_audit_chain(&conn)?;
        conn.execute_batch(SCHEMA)?;
        conn.execute_batch(crate::invites::SCHEMA)?;
        Ok(Store { dir: dir.to_path_buf(), conn })
    }

    pub fn signing_key(&self) -> Result<SigningKey, StoreError> {
        let text = samla_core::secret::read_text(&self.dir.join(KEY_FILE))?;
        Ok(SigningKey::parse(&text)?)
    }

    /// The admin recipients the server advertises (empty when not set).
    pub fn admin_recipients(&self) -> Vec<String> {
        std::fs::read_to_string(self.dir.join(RECIPIENTS_FILE))
            .map(|t| t.lines().map(str::trim).filter(|l| l.starts_with("age1")).map(String::from).collect())
            .unwrap_or_default()
    }

    pub fn set_admin_recipients(&self, text: &str) -> Result<usize, StoreError> {
        let rs = samla_core::crypto::parse_recipients(text).map_err(|e| StoreError::Io(e.to_string()))?;
        let body: String = rs.iter().map(|r| format!("{r}\n")).collect();
        std::fs::write(self.dir.join(RECIPIENTS_FILE), body).map_err(|e| StoreError::Io(e.to_string()))?;
        self.audit("admin-recipients", &format!("{} recipient(s) advertised", rs.len()))?;
        Ok(rs.len())
    }

    /// Append an entry to the audit log (hash-chained, see [`audit_hash`]); returns its hash.
    pub fn audit(&self, action: &str, detail: &str) -> Result<String, StoreError> {
        // Reading the head and appending must not interleave with another process.
        let in_tx = !self.conn.is_autocommit();
        if !in_tx {
            self.conn.execute_batch("BEGIN IMMEDIATE")?;
        }
        let r = append_audit(&self.conn, &now_rfc3339(), action, detail);
        if !in_tx {
            match &r {
                Ok(_) => self.conn.execute_batch("COMMIT")?,
                Err(_) => {
                    let _ = self.conn.execute_batch("ROLLBACK");
                }
            }
        }
        r
    }

    /// Check the whole audit chain and that every receipt's audit head is in it.
    /// Check the chain, every stored receipt against the **pinned** server key (not the key a
    /// receipt names inside itself: a forger would name their own), and that every head kept
    /// outside the server (`outside`: heads from members' receipts or saved by the operator,
    /// with where they came from) is in the chain. A receipt that cannot be read or does not
    /// verify is a failure.
    pub fn verify_audit_with(
        &self,
        pinned: &PublicKey,
        outside: &[(String, String)],
    ) -> Result<AuditCheck, StoreError> {
        let rows = self.audit_entries()?;
        let mut prev = GENESIS.to_string();
        let mut heads = std::collections::HashSet::new();
        // The accumulator after each entry, to check the receipts' (folded as the chain is read).
        let mut accs = std::collections::HashMap::new();
        let mut acc = samla_core::envelope::AUDIT_ACC_GENESIS.to_string();
        let mut last_id = 0;
        for (id, at, action, detail, hash) in &rows {
            if *id != last_id + 1 {
                return Ok(AuditCheck::Broken {
                    id: *id,
                    why: format!("entries {}–{} are missing", last_id + 1, id - 1),
                });
            }
            last_id = *id;
            let want = audit_hash(&prev, *id, at, action, detail);
            match hash {
                Some(h) if *h == want => {}
                Some(_) => {
                    return Ok(AuditCheck::Broken {
                        id: *id,
                        why: "edited (its hash does not match its content and the entry before)".into(),
                    })
                }
                None => return Ok(AuditCheck::Broken { id: *id, why: "has no hash".into() }),
            }
            acc = samla_core::envelope::audit_acc(&acc, &want);
            accs.insert(*id, acc.clone());
            heads.insert(want.clone());
            prev = want;
        }
        let mut st = self.conn.prepare("SELECT batch_id, receipt FROM batches ORDER BY seq")?;
        let receipts = st
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        for (batch, text) in receipts {
            let Some(r) = serde_json::from_str::<SignedReceipt>(&text).ok().and_then(|sr| sr.verify(pinned).ok())
            else {
                return Ok(AuditCheck::Broken {
                    id: last_id,
                    why: format!(
                        "the stored receipt of batch {batch} cannot be read or is not signed by the server's key"
                    ),
                });
            };
            if let (Some(i), Some(acc)) = (r.audit_index, r.audit_acc.as_deref()) {
                if accs.get(&i).map(String::as_str) != Some(acc) {
                    return Ok(AuditCheck::Broken {
                        id: i,
                        why: format!(
                            "the receipt of batch {batch} was given another log up to this entry (rewritten?)"
                        ),
                    });
                }
            }
            if let Some(h) = r.audit_head {
                if !heads.contains(&h) {
                    return Ok(AuditCheck::Broken {
                        id: last_id,
                        why: format!("the receipt of batch {batch} names an audit head that is not in the log (entries deleted at the end?)"),
                    });
                }
            }
        }
        for (head, whence) in outside {
            if !heads.contains(head) {
                return Ok(AuditCheck::Broken {
                    id: last_id,
                    why: format!(
                        "{whence} names an audit head that is not in the log (entries deleted or the chain rewritten)"
                    ),
                });
            }
        }
        Ok(AuditCheck::Intact { entries: rows.len(), head: prev })
    }

    /// Every audit entry, oldest first: (id, at, action, detail, hash).
    pub fn audit_entries(&self) -> Result<Vec<AuditEntry>, StoreError> {
        let mut st = self.conn.prepare("SELECT id, at, action, detail, hash FROM audit ORDER BY id")?;
        let v = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(v)
    }

    pub fn add_org(&self, org: &str, key: &PublicKey) -> Result<(), StoreError> {
        let exists: Option<String> =
            self.conn.query_row("SELECT org_id FROM orgs WHERE org_id = ?1", [org], |r| r.get(0)).optional()?;
        if exists.is_some() {
            return Err(StoreError::OrgExists(org.into()));
        }
        self.conn.execute(
            "INSERT INTO orgs(org_id, public_key, enrolled_at) VALUES (?1, ?2, ?3)",
            params![org, key.to_string(), now_rfc3339()],
        )?;
        self.audit("org-add", org)?;
        Ok(())
    }

    /// The key a member signs uploads with now (`None`: not enrolled, or disabled).
    pub fn org_key(&self, org: &str) -> Result<Option<PublicKey>, StoreError> {
        let k: Option<String> = self
            .conn
            .query_row(
                "SELECT public_key FROM orgs WHERE org_id = ?1 AND org_id NOT IN (SELECT org_id FROM org_disabled)",
                [org],
                |r| r.get(0),
            )
            .optional()?;
        Ok(k.and_then(|k| k.parse().ok()))
    }

    /// Every key a member's stored batches may be signed with: the current one first, then the
    /// replaced ones that were valid when `received_at` (RFC 3339) — also for a disabled member
    /// (what it sent while enrolled still counts).
    pub fn org_keys_at(&self, org: &str, received_at: &str) -> Result<Vec<PublicKey>, StoreError> {
        let mut keys: Vec<String> = self
            .conn
            .query_row("SELECT public_key FROM orgs WHERE org_id = ?1", [org], |r| r.get(0))
            .optional()?
            .into_iter()
            .collect();
        let mut st = self.conn.prepare(
            "SELECT public_key FROM retired_keys WHERE org_id = ?1 AND retired_at >= ?2 ORDER BY retired_at",
        )?;
        keys.extend(
            st.query_map(params![org, received_at], |r| r.get::<_, String>(0))?.collect::<Result<Vec<_>, _>>()?,
        );
        Ok(keys.into_iter().filter_map(|k| k.parse().ok()).collect())
    }

    /// Replace a member's key: the old key is refused from now on; batches it signed before
    /// stay verifiable ([`Store::org_keys_at`]). Audited.
    pub fn rekey_org(&self, org: &str, key: &PublicKey) -> Result<(), StoreError> {
        let old: String = self
            .conn
            .query_row("SELECT public_key FROM orgs WHERE org_id = ?1", [org], |r| r.get(0))
            .optional()?
            .ok_or_else(|| StoreError::UnknownOrg(org.into()))?;
        if old == key.to_string() {
            return Err(StoreError::Io(format!("{org}: this is already the member's key")));
        }
        let now = now_rfc3339();
        self.conn.execute(
            "INSERT INTO retired_keys(org_id, public_key, retired_at) VALUES (?1, ?2, ?3)",
            params![org, old, now],
        )?;
        self.conn.execute("UPDATE orgs SET public_key = ?2 WHERE org_id = ?1", params![org, key.to_string()])?;
        self.audit("org-rekey", &format!("{org}: key {old} replaced by {key}"))?;
        Ok(())
    }

    /// Disable (or enable again) a member: its uploads are refused while disabled. Audited.
    pub fn set_org_disabled(&self, org: &str, disabled: bool) -> Result<(), StoreError> {
        let exists: Option<String> =
            self.conn.query_row("SELECT org_id FROM orgs WHERE org_id = ?1", [org], |r| r.get(0)).optional()?;
        if exists.is_none() {
            return Err(StoreError::UnknownOrg(org.into()));
        }
        if disabled {
            self.conn.execute(
                "INSERT OR IGNORE INTO org_disabled(org_id, disabled_at) VALUES (?1, ?2)",
                params![org, now_rfc3339()],
            )?;
            self.audit("org-disable", org)?;
        } else {
            self.conn.execute("DELETE FROM org_disabled WHERE org_id = ?1", [org])?;
            self.audit("org-enable", org)?;
        }
        Ok(())
    }

    /// Whether a member is disabled.
    pub fn org_disabled(&self, org: &str) -> Result<bool, StoreError> {
        Ok(self.conn.query_row("SELECT 1 FROM org_disabled WHERE org_id = ?1", [org], |_| Ok(())).optional()?.is_some())
    }

    /// Create or replace an operator account of the dashboard (`password_hash`: a PHC string,
    /// Argon2id). Replacing a password enables a disabled account again.
    pub fn set_operator(&self, name: &str, password_hash: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO operators(name, password_hash, created_at) VALUES (?1, ?2, ?3)
             ON CONFLICT(name) DO UPDATE SET password_hash = excluded.password_hash, disabled_at = NULL",
            params![name, password_hash, now_rfc3339()],
        )?;
        self.audit("operator-set", name)?;
        Ok(())
    }

    /// An enabled operator's password hash (`None`: no such account, or disabled).
    pub fn operator_hash(&self, name: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT password_hash FROM operators WHERE name = ?1 AND disabled_at IS NULL", [name], |r| {
                r.get(0)
            })
            .optional()?)
    }

    pub fn disable_operator(&self, name: &str) -> Result<bool, StoreError> {
        let n = self.conn.execute(
            "UPDATE operators SET disabled_at = ?2 WHERE name = ?1 AND disabled_at IS NULL",
            params![name, now_rfc3339()],
        )?;
        if n > 0 {
            self.audit("operator-disable", name)?;
        }
        Ok(n > 0)
    }

    /// Operator accounts: (name, enabled).
    pub fn operators(&self) -> Result<Vec<(String, bool)>, StoreError> {
        let mut st = self.conn.prepare("SELECT name, disabled_at IS NULL FROM operators ORDER BY name")?;
        let v = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<Vec<_>, _>>()?;
        Ok(v)
    }

    /// Every year with a round opened or scheduled, newest first.
    pub fn round_years(&self) -> Result<Vec<i32>, StoreError> {
        let mut st = self.conn.prepare("SELECT year FROM rounds UNION SELECT year FROM schedule ORDER BY year DESC")?;
        let v = st.query_map([], |r| r.get(0))?.collect::<Result<Vec<i32>, _>>()?;
        Ok(v)
    }

    /// Reminders sent for a year: (member, days before the deadline or negative for one sent by
    /// an operator, when).
    pub fn reminders(&self, year: i32) -> Result<Vec<(String, i64, String)>, StoreError> {
        let mut st =
            self.conn.prepare("SELECT org_id, offset_days, sent_at FROM reminders WHERE year = ?1 ORDER BY sent_at")?;
        let v = st.query_map([year], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<Result<Vec<_>, _>>()?;
        Ok(v)
    }

    pub fn orgs(&self) -> Result<Vec<String>, StoreError> {
        let mut st = self.conn.prepare("SELECT org_id FROM orgs ORDER BY org_id")?;
        let v = st.query_map([], |r| r.get(0))?.collect::<Result<Vec<String>, _>>()?;
        Ok(v)
    }

    /// Open a round by hand: `deadline` is a date (uploads on it are on time) and uploads are
    /// taken until `grace_end` (late), refused after. A closed round is only reopened with
    /// `reopen` (audited as such).
    pub fn open_round(&self, year: i32, deadline: &str, grace_end: &str, reopen: bool) -> Result<(), StoreError> {
        if let Some((state, _)) = self.round(year)? {
            if state == RoundState::Closed && !reopen {
                return Err(StoreError::RoundClosed(year));
            }
        }
        self.conn.execute(
            "INSERT INTO round_grace(year, grace_end) VALUES (?1, ?2)
             ON CONFLICT(year) DO UPDATE SET grace_end = excluded.grace_end",
            params![year, grace_end],
        )?;
        let how = if reopen {
            format!("REOPENED by hand, grace until {grace_end}")
        } else {
            format!("by hand, grace until {grace_end}")
        };
        self.open_round_at(year, deadline, &now_rfc3339(), &how)
    }

    /// Open (or, by the schedule, reopen) a round; `deadline` is a date or an RFC 3339 time.
    pub fn open_round_at(&self, year: i32, deadline: &str, now: &str, how: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO rounds(year, deadline, state, opened_at) VALUES (?1, ?2, 'open', ?3)
             ON CONFLICT(year) DO UPDATE SET deadline = excluded.deadline, state = 'open', closed_at = NULL",
            params![year, deadline, now],
        )?;
        self.audit("round-open", &format!("year {year}, deadline {deadline}, {how}"))?;
        Ok(())
    }

    pub fn close_round(&self, year: i32) -> Result<(), StoreError> {
        self.close_round_at(year, &now_rfc3339(), "by hand")
    }

    pub fn close_round_at(&self, year: i32, now: &str, how: &str) -> Result<(), StoreError> {
        let n = self
            .conn
            .execute("UPDATE rounds SET state = 'closed', closed_at = ?2 WHERE year = ?1", params![year, now])?;
        if n == 0 {
            return Err(StoreError::NoRound(year));
        }
        self.audit("round-close", &format!("year {year}, {how}"))?;
        Ok(())
    }

    /// Record a round's schedule (from the configuration).
    pub fn set_schedule(&self, w: &Window) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO schedule(year, opens, deadline, grace_end, close) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(year) DO UPDATE SET opens = excluded.opens, deadline = excluded.deadline,
               grace_end = excluded.grace_end, close = excluded.close",
            params![w.year, rfc3339(w.opens), rfc3339(w.deadline), rfc3339(w.grace_end), rfc3339(w.close)],
        )?;
        Ok(())
    }

    pub fn schedules(&self) -> Result<Vec<Window>, StoreError> {
        let mut st = self.conn.prepare("SELECT year, opens, deadline, grace_end, close FROM schedule ORDER BY year")?;
        let rows = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, i32>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows
            .into_iter()
            .filter_map(|(year, o, d, g, c)| {
                Some(Window {
                    year,
                    opens: parse_instant(&o, false).ok()?,
                    deadline: parse_instant(&d, true).ok()?,
                    grace_end: parse_instant(&g, true).ok()?,
                    close: parse_instant(&c, true).ok()?,
                })
            })
            .collect())
    }

    /// The round of a year as uploads and the scheduler see it (`None`: neither opened nor
    /// scheduled).
    pub fn round_info(&self, year: i32) -> Result<Option<RoundInfo>, StoreError> {
        let row: Option<(String, String, Option<String>)> = self
            .conn
            .query_row("SELECT state, deadline, closed_at FROM rounds WHERE year = ?1", [year], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        let window = self.schedules()?.into_iter().find(|w| w.year == year);
        if row.is_none() && window.is_none() {
            return Ok(None);
        }
        let grace_end: Option<String> = self
            .conn
            .query_row("SELECT grace_end FROM round_grace WHERE year = ?1", [year], |r| r.get(0))
            .optional()?;
        Ok(Some(RoundInfo {
            grace_end: grace_end.and_then(|g| parse_instant(&g, true).ok()),
            deadline: row.as_ref().and_then(|r| parse_instant(&r.1, true).ok()),
            state: row.as_ref().and_then(|r| RoundState::parse(&r.0)),
            closed_at: row.and_then(|r| r.2),
            window,
        }))
    }

    pub fn reminder_sent(&self, year: i32, org: &str, offset_days: i64) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT 1 FROM reminders WHERE year = ?1 AND org_id = ?2 AND offset_days = ?3",
                params![year, org, offset_days],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    pub fn record_reminder(&self, year: i32, org: &str, offset_days: i64, now: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT OR IGNORE INTO reminders(year, org_id, offset_days, sent_at) VALUES (?1, ?2, ?3, ?4)",
            params![year, org, offset_days, now],
        )?;
        self.audit("reminder", &format!("year {year} org {org} offset {offset_days} days"))?;
        Ok(())
    }

    /// A new admin API token; only its SHA-256 is kept.
    pub fn set_admin_token_hash(&self, sha256_hex: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO meta(key, value) VALUES ('admin_token_sha256', ?1)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [sha256_hex],
        )?;
        self.audit("admin-token", "a new admin API token was issued")?;
        Ok(())
    }

    pub fn admin_token_hash(&self) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'admin_token_sha256'", [], |r| r.get(0))
            .optional()?)
    }

    /// Every receipt of a member for a year, oldest first, and which batch is counted.
    pub fn member_receipts(&self, org: &str, year: i32) -> Result<Vec<(String, bool)>, StoreError> {
        let mut st = self.conn.prepare(
            "SELECT receipt, superseded_by IS NULL FROM batches WHERE org_id = ?1 AND year = ?2 ORDER BY seq",
        )?;
        let v = st.query_map(params![org, year], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<Vec<_>, _>>()?;
        Ok(v)
    }

    /// Copy the whole store into `dest` with SQLite's online backup API (safe while serving).
    pub fn backup_to(&self, dest: &Path) -> Result<(), StoreError> {
        // The backup holds what the store holds: created 0600 before SQLite writes to it.
        samla_core::secret::write_new(dest, b"")?;
        let mut out = Connection::open(dest)?;
        let b = rusqlite::backup::Backup::new(&self.conn, &mut out)?;
        b.run_to_completion(256, std::time::Duration::from_millis(5), None)?;
        Ok(())
    }

    /// (state, deadline) of a year's round.
    pub fn round(&self, year: i32) -> Result<Option<(RoundState, String)>, StoreError> {
        let row: Option<(String, String)> = self
            .conn
            .query_row("SELECT state, deadline FROM rounds WHERE year = ?1", [year], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        row.map(|(s, d)| {
            RoundState::parse(&s).map(|s| (s, d)).ok_or(StoreError::Io(format!("round {year}: unknown state {s:?}")))
        })
        .transpose()
    }

    /// Store a verified upload durably and return the signed receipt (in one transaction).
    pub fn store_batch(
        &mut self,
        now: &str,
        key: &SigningKey,
        m: &Manifest,
        manifest_bytes: &[u8],
        signature: &[u8],
        ciphertext: Ciphertext<'_>,
    ) -> Result<Stored, StoreError> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let existing: Option<(String, String)> = tx
            .query_row("SELECT sha256, receipt FROM batches WHERE batch_id = ?1", [m.batch_id.to_string()], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        if let Some((sha, receipt)) = existing {
            if sha == m.ciphertext_sha256 {
                let r: SignedReceipt = serde_json::from_str(&receipt).map_err(|e| StoreError::Io(e.to_string()))?;
                return Ok(Stored::Duplicate(r));
            }
            return Ok(Stored::Conflict);
        }
        let previous: Option<(String, Vec<u8>)> = tx
            .query_row(
                "SELECT batch_id, manifest FROM batches WHERE org_id = ?1 AND year = ?2 AND superseded_by IS NULL ORDER BY seq DESC LIMIT 1",
                params![m.org, m.year],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        // A member's batches for a year are ordered by the signed `created_at`: an older batch
        // (left in an outbox, or captured in transit and posted later) never replaces a newer.
        // (Times more than 10 minutes ahead of the real clock are refused before this.)
        let created = samla_core::envelope::parse_rfc3339(&m.created_at);
        if created.is_none() {
            return Ok(Stored::BadTime);
        }
        if let Some((counted, bytes)) = &previous {
            let counted_created_at =
                serde_json::from_slice::<Manifest>(bytes).map(|pm| pm.created_at).unwrap_or_default();
            let newer = match (created, samla_core::envelope::parse_rfc3339(&counted_created_at)) {
                (Some(c), Some(p)) => c > p,
                _ => true,
            };
            if !newer {
                return Ok(Stored::Stale { counted: counted.clone(), counted_created_at });
            }
        }
        let previous = previous.map(|p| p.0);
        let seq: i64 = tx.query_row("SELECT COALESCE(MAX(seq), 0) + 1 FROM batches", [], |r| r.get(0))?;
        let receipt = Receipt {
            format: RECEIPT_FORMAT.into(),
            batch_id: m.batch_id,
            org: m.org.clone(),
            year: m.year,
            ciphertext_sha256: m.ciphertext_sha256.clone(),
            received_at: now.to_string(),
            supersedes: previous.as_deref().and_then(|p| p.parse().ok()),
            audit_head: None,
            audit_index: None,
            audit_acc: None,
        };
        // The upload's audit entry first: the receipt carries the log's head after it.
        let head = append_audit(
            &tx,
            &receipt.received_at,
            "upload",
            &format!("org {} year {} batch {}", m.org, m.year, m.batch_id),
        )?;
        let (index, acc) = audit_accumulators(&tx)?
            .pop()
            .map(|(i, _, a)| (i, a))
            .unwrap_or((0, samla_core::envelope::AUDIT_ACC_GENESIS.to_string()));
        let receipt = Receipt { audit_head: Some(head), audit_index: Some(index), audit_acc: Some(acc), ..receipt };
        let signed = SignedReceipt::sign(&receipt, key)?;
        let signed_json = serde_json::to_string(&signed).map_err(|e| StoreError::Io(e.to_string()))?;
        let len = ciphertext.len;
        tx.execute(
            "INSERT INTO batches(batch_id, org_id, year, manifest, signature, ciphertext, sha256, received_at, seq, receipt)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![m.batch_id.to_string(), m.org, m.year, manifest_bytes, signature, rusqlite::blob::ZeroBlob(len), m.ciphertext_sha256, receipt.received_at, seq, signed_json],
        )?;
        // The ciphertext is copied into the row in pieces (an upload never sits in memory whole).
        let rowid = tx.last_insert_rowid();
        {
            let mut blob = tx.blob_open(rusqlite::MAIN_DB, "batches", "ciphertext", rowid, false)?;
            let copied = std::fs::File::open(ciphertext.path)
                .and_then(|mut f| std::io::copy(&mut f, &mut blob))
                .map_err(|e| StoreError::Io(e.to_string()))?;
            if copied != len {
                return Err(StoreError::Io("the upload's file changed size".into()));
            }
        }
        tx.execute(
            "UPDATE batches SET superseded_by = ?1 WHERE org_id = ?2 AND year = ?3 AND batch_id != ?1 AND superseded_by IS NULL",
            params![m.batch_id.to_string(), m.org, m.year],
        )?;
        tx.commit()?;
        Ok(Stored::New(signed))
    }

    /// The latest non-superseded batch of each member for a year.
    pub fn latest_batches(&self, year: i32) -> Result<Vec<StoredBatch>, StoreError> {
        let mut st = self.conn.prepare(
            "SELECT batch_id, org_id, manifest, signature, ciphertext, sha256, received_at FROM batches
             WHERE year = ?1 AND superseded_by IS NULL ORDER BY org_id",
        )?;
        let v = st
            .query_map([year], |r| {
                Ok(StoredBatch {
                    batch_id: r.get(0)?,
                    org_id: r.get(1)?,
                    manifest: r.get(2)?,
                    signature: r.get(3)?,
                    ciphertext: r.get(4)?,
                    sha256: r.get(5)?,
                    received_at: r.get(6)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(v)
    }

    /// Every member with its latest batch (id, received time) for a year and how many versions.
    pub fn status(&self, year: i32) -> Result<Vec<MemberStatus>, StoreError> {
        let mut out = Vec::new();
        for org in self.orgs()? {
            let latest: Option<(String, String)> = self
                .conn
                .query_row(
                    "SELECT batch_id, received_at FROM batches WHERE org_id = ?1 AND year = ?2 AND superseded_by IS NULL",
                    params![org, year],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let versions: i64 = self.conn.query_row(
                "SELECT COUNT(*) FROM batches WHERE org_id = ?1 AND year = ?2",
                params![org, year],
                |r| r.get(0),
            )?;
            let unreadable: Option<String> = match &latest {
                Some((batch, _)) => self
                    .conn
                    .query_row("SELECT reason FROM unreadable WHERE batch_id = ?1", [batch], |r| r.get(0))
                    .optional()?,
                None => None,
            };
            out.push(MemberStatus { org_id: org, latest, versions: versions as usize, unreadable });
        }
        Ok(out)
    }

    /// Record that an aggregation could not use a stored batch (audited).
    pub fn mark_unreadable(&self, year: i32, org: &str, batch_id: &str, reason: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO unreadable(batch_id, year, org_id, reason, found_at) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(batch_id) DO UPDATE SET reason = excluded.reason, found_at = excluded.found_at",
            params![batch_id, year, org, reason, now_rfc3339()],
        )?;
        self.audit("unreadable", &format!("year {year} org {org} batch {batch_id}: {reason}"))?;
        Ok(())
    }

    /// Let one member send a corrected batch for a closed round until `until` (RFC 3339),
    /// without reopening the round for anyone else (audited).
    pub fn grant_correction(&self, year: i32, org: &str, until: &str) -> Result<(), StoreError> {
        if self.org_key(org)?.is_none() {
            return Err(StoreError::UnknownOrg(org.into()));
        }
        if self.round(year)?.is_none() {
            return Err(StoreError::NoRound(year));
        }
        self.conn.execute(
            "INSERT INTO corrections(year, org_id, granted_at, until) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(year, org_id) DO UPDATE SET granted_at = excluded.granted_at, until = excluded.until",
            params![year, org, now_rfc3339(), until],
        )?;
        self.audit("correction-granted", &format!("year {year} org {org} until {until}"))?;
        Ok(())
    }

    /// Until when a member may correct a closed round (`None`: no exception granted).
    pub fn correction_until(&self, year: i32, org: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT until FROM corrections WHERE year = ?1 AND org_id = ?2", params![year, org], |r| {
                r.get(0)
            })
            .optional()?)
    }
}
