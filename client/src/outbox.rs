//! The member's outbox: every batch is sealed (encrypted to the admin, manifest signed) and
//! written here durably *before* it is sent, and removed only when the server's signed receipt
//! has been verified and stored. A batch the server cannot take now (unreachable, busy) waits
//! for `samla submit --retry` or the next `submit`; one the server refuses for good (a closed
//! round, for example) is moved to `outbox/refused/` with the reason.
//!
//! Nothing here is plaintext: the ciphertext is age-encrypted to the admin and the manifest
//! carries no record content. A lock file makes runs from cron or a systemd timer safe: two
//! `submit`s never interleave.

use std::fs::File;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use serde::{Deserialize, Serialize};

/// One sealed batch waiting to be sent.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Item {
    pub year: i32,
    pub batch_id: String,
    pub created_at: String,
    /// The `Samla-Manifest` and `Samla-Signature` header values.
    pub manifest: String,
    pub signature: String,
    pub ciphertext_sha256: String,
}

pub struct Outbox {
    dir: PathBuf,
    _lock: File,
}

/// Held while the outbox is used.
#[derive(Debug, thiserror::Error)]
#[error("another `samla submit` is running ({0}); try again when it has finished")]
pub struct Busy(pub String);

impl Outbox {
    /// Open the outbox of a member's configuration directory, taking its lock.
    pub fn open(config_dir: &Path) -> Result<Outbox> {
        let dir = config_dir.join("outbox");
        std::fs::create_dir_all(dir.join("refused")).with_context(|| format!("{}", dir.display()))?;
        let lock_path = config_dir.join("outbox.lock");
        let lock = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .with_context(|| format!("{}", lock_path.display()))?;
        match lock.try_lock() {
            Ok(()) => Ok(Outbox { dir, _lock: lock }),
            Err(std::fs::TryLockError::WouldBlock) => Err(Busy(lock_path.display().to_string()).into()),
            Err(std::fs::TryLockError::Error(e)) => Err(e).with_context(|| format!("{}", lock_path.display())),
        }
    }

    fn paths(&self, batch_id: &str) -> (PathBuf, PathBuf) {
        (self.dir.join(format!("{batch_id}.json")), self.dir.join(format!("{batch_id}.age")))
    }

    /// Write a sealed batch durably (ciphertext first, then the item that points to it).
    pub fn put(&self, item: &Item, ciphertext: &[u8]) -> Result<()> {
        let (meta, data) = self.paths(&item.batch_id);
        write_durably(&data, ciphertext)?;
        write_durably(&meta, serde_json::to_string_pretty(item)?.as_bytes())?;
        Ok(())
    }

    /// The waiting batches, oldest first (a correction is sent after what it corrects).
    pub fn items(&self, lang: samla_core::Lang) -> Result<Vec<(Item, Vec<u8>)>> {
        let mut v = Vec::new();
        for e in std::fs::read_dir(&self.dir)?.flatten() {
            let p = e.path();
            if p.extension().is_none_or(|x| x != "json") {
                continue;
            }
            let item: Item = serde_json::from_str(&std::fs::read_to_string(&p)?).with_context(|| {
                crate::i18n::msg(lang, "err-outbox-damaged", &[("file", p.display().to_string().into())])
            })?;
            let ct = std::fs::read(self.paths(&item.batch_id).1).with_context(|| {
                crate::i18n::msg(lang, "err-outbox-ciphertext-missing", &[("file", p.display().to_string().into())])
            })?;
            v.push((item, ct));
        }
        v.sort_by(|a, b| a.0.created_at.cmp(&b.0.created_at).then(a.0.batch_id.cmp(&b.0.batch_id)));
        Ok(v)
    }

    /// Drop the batches of `year` still waiting: a newer batch for the year is being put in
    /// and would supersede them on the server anyway. Returns their ids.
    pub fn drop_year(&self, year: i32, lang: samla_core::Lang) -> Result<Vec<String>> {
        let mut gone = Vec::new();
        for (item, _) in self.items(lang)? {
            if item.year == year {
                self.done(&item.batch_id)?;
                gone.push(item.batch_id);
            }
        }
        Ok(gone)
    }

    /// Remove a batch once its receipt is stored.
    pub fn done(&self, batch_id: &str) -> Result<()> {
        let (meta, data) = self.paths(batch_id);
        std::fs::remove_file(&meta)?;
        std::fs::remove_file(&data)?;
        Ok(())
    }

    /// Move a batch the server refused for good aside, with the server's code (which the
    /// client words itself) and its message (kept for support, not shown).
    pub fn refuse(&self, batch_id: &str, code: &str, message: &str) -> Result<PathBuf> {
        let (meta, data) = self.paths(batch_id);
        let to = self.dir.join("refused");
        std::fs::rename(&data, to.join(format!("{batch_id}.age")))?;
        std::fs::rename(&meta, to.join(format!("{batch_id}.json")))?;
        let reason = Refusal { code: code.into(), message: message.into(), at: samla_core::envelope::now_rfc3339() };
        std::fs::write(to.join(format!("{batch_id}.reason.json")), serde_json::to_string_pretty(&reason)? + "\n")?;
        Ok(to)
    }
}

/// Why the server refused a batch for good.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Refusal {
    pub code: String,
    pub message: String,
    pub at: String,
}

/// The batches the server refused, newest first, with why (read without the lock, for the
/// status pages: refused batches stay visible).
pub fn refused(config_dir: &Path) -> Vec<(Item, Refusal)> {
    let dir = config_dir.join("outbox").join("refused");
    let mut v: Vec<(Item, Refusal)> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.flatten()
                .filter_map(|e| {
                    let p = e.path();
                    let name = p.file_name()?.to_str()?;
                    let id = name.strip_suffix(".json").filter(|n| !n.ends_with(".reason"))?;
                    let item: Item = serde_json::from_str(&std::fs::read_to_string(&p).ok()?).ok()?;
                    let reason = std::fs::read_to_string(dir.join(format!("{id}.reason.json")))
                        .ok()
                        .and_then(|t| serde_json::from_str(&t).ok())
                        .unwrap_or(Refusal { code: "unknown".into(), message: String::new(), at: String::new() });
                    Some((item, reason))
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort_by(|a, b| b.1.at.cmp(&a.1.at).then(b.0.created_at.cmp(&a.0.created_at)));
    v
}

/// Count the waiting batches without taking the lock (for `samla status`).
pub fn waiting(config_dir: &Path) -> usize {
    std::fs::read_dir(config_dir.join("outbox"))
        .map(|rd| rd.flatten().filter(|e| e.path().extension().is_some_and(|x| x == "json")).count())
        .unwrap_or(0)
}

fn write_durably(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension("tmp");
    {
        use std::io::Write as _;
        let mut f = File::create(&tmp).with_context(|| format!("{}", tmp.display()))?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, path).with_context(|| format!("{}", path.display()))?;
    if let Some(parent) = path.parent() {
        File::open(parent).and_then(|d| d.sync_all()).ok();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_survive_in_order_and_the_lock_excludes_a_second_run() {
        let dir = tempfile::tempdir().expect("dir");
        let ob = Outbox::open(dir.path()).expect("open");
        let item = |id: &str, at: &str| Item {
            year: 2024,
            batch_id: id.into(),
            created_at: at.into(),
            manifest: "m".into(),
            signature: "s".into(),
            ciphertext_sha256: "x".into(),
        };
        ob.put(&item("b", "2025-02-02T00:00:00Z"), b"second").expect("put");
        ob.put(&item("a", "2025-02-01T00:00:00Z"), b"first").expect("put");
        let items = ob.items(samla_core::Lang::En).expect("items");
        assert_eq!(items.iter().map(|i| i.1.as_slice()).collect::<Vec<_>>(), [b"first".as_slice(), b"second"]);
        let second = Outbox::open(dir.path());
        assert!(second.is_err_and(|e| e.to_string().contains("another `samla submit` is running")));
        assert_eq!(ob.drop_year(2023, samla_core::Lang::En).expect("drop"), Vec::<String>::new());
        ob.done("a").expect("done");
        ob.refuse("b", "round_closed", "the collection round for 2024 closed").expect("refuse");
        assert!(ob.items(samla_core::Lang::En).expect("items").is_empty());
        assert!(dir.path().join("outbox/refused/b.reason.json").exists());
        let r = refused(dir.path());
        assert_eq!(r.len(), 1);
        assert_eq!((r[0].0.batch_id.as_str(), r[0].1.code.as_str()), ("b", "round_closed"));
        drop(ob);
        assert!(Outbox::open(dir.path()).is_ok(), "the lock is released with the outbox");
    }
}
