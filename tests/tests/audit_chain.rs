//! The audit log is tamper-evident (issue: hardening, item 5): entries are hash-chained, each
//! receipt carries the head after its upload, and `samla-server audit verify` finds an edited,
//! a deleted and a truncated entry — with the real binaries and the real SQLite file, tampered
//! with the way anyone holding the file could (dropping the append-only triggers first).

use std::path::{Path, PathBuf};

use samla_e2e::*;

const YEAR: i32 = 2024;
const FILE: &str = "local_id;given_name;family_name;birth_date;gender;exploitation_forms\n\
                    A-1;Olga;Ivanova;1990-03-04;female;sexual\n";

fn verify(data: &Path) -> std::process::Output {
    server_cmd().args(["audit", "verify", "--data"]).arg(data).output().expect("verify")
}

/// A copy of the (stopped) store to tamper with.
fn copy(p: &Platform, name: &str) -> PathBuf {
    let to = p.dir.path().join(name);
    std::fs::create_dir_all(&to).expect("dir");
    for e in std::fs::read_dir(&p.data).expect("store").flatten() {
        if e.path().is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).expect("copy");
        }
    }
    to
}

/// Recompute the whole chain over the rows as they now are (what a forger would do), renumbered
/// from 1 when `renumber`; returns the new head of the first `upload` entry.
fn rechain(data: &Path, renumber: bool) -> String {
    let c = rusqlite::Connection::open(data.join("samla.db")).expect("db");
    let rows: Vec<(i64, String, String, String)> = {
        let mut st = c.prepare("SELECT id, at, action, detail FROM audit ORDER BY id").expect("prepare");
        let v = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .expect("q")
            .collect::<Result<_, _>>();
        v.expect("rows")
    };
    c.execute_batch("DELETE FROM audit;").expect("clear");
    let mut prev = "0".repeat(64);
    let mut upload = String::new();
    for (n, (id, at, action, detail)) in rows.into_iter().enumerate() {
        let id = if renumber { n as i64 + 1 } else { id };
        let h = samla_core::envelope::sha256_hex(
            format!("samla-audit-v1\n{prev}\n{id}\n{at}\n{action}\n{detail}").as_bytes(),
        );
        c.execute(
            "INSERT INTO audit(id, at, action, detail, hash) VALUES (?1, ?2, ?3, ?4, ?5)",
            rusqlite::params![id, at, action, detail, h],
        )
        .expect("insert");
        if action == "upload" && upload.is_empty() {
            upload = h.clone();
        }
        prev = h;
    }
    upload
}

fn tamper(data: &Path, sql: &str) {
    let c = rusqlite::Connection::open(data.join("samla.db")).expect("db");
    c.execute_batch("DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete;").expect("drop");
    c.execute_batch(sql).expect("tamper");
}

#[test]
fn an_edited_deleted_or_truncated_audit_entry_is_detected() {
    let mut p = Platform::new(YEAR);
    let cfg = p.member("org-a");
    std::fs::write(p.dir.path().join("a.csv"), FILE).expect("write");
    let o = p.submit(&cfg, &p.dir.path().join("a.csv"), YEAR);
    assert!(o.status.success(), "{}", stderr(&o));
    p.server = None;

    // The receipt carries the head of the chain after the upload.
    let text: String = p.db().query_row("SELECT receipt FROM batches", [], |r| r.get(0)).expect("receipt");
    let sr: samla_core::envelope::SignedReceipt = serde_json::from_str(&text).expect("json");
    let receipt = sr.verify(&sr.server_key.parse().expect("key")).expect("verifies");
    let head = receipt.audit_head.expect("audit head in the receipt");
    let last: String =
        p.db().query_row("SELECT hash FROM audit WHERE action = 'upload'", [], |r| r.get(0)).expect("upload entry");
    assert_eq!(head, last);

    let o = verify(&p.data);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("intakt"), "{}", stdout(&o));
    let n: i64 = p.db().query_row("SELECT COUNT(*) FROM audit", [], |r| r.get(0)).expect("count");
    assert!(n >= 4, "init, recipients, round, enrolment, upload: {n}");

    let edited = copy(&p, "edited");
    tamper(&edited, "UPDATE audit SET detail = 'year 2024, deadline 2099-01-01' WHERE id = 3;");
    let o = verify(&edited);
    assert_eq!(o.status.code(), Some(4), "{}", stdout(&o));
    assert!(stderr(&o).contains("post 3") && stderr(&o).contains("edited"), "{}", stderr(&o));

    let deleted = copy(&p, "deleted");
    tamper(&deleted, "DELETE FROM audit WHERE id = 2;");
    let o = verify(&deleted);
    assert_eq!(o.status.code(), Some(4));
    assert!(stderr(&o).contains("missing"), "{}", stderr(&o));

    let truncated = copy(&p, "truncated");
    tamper(&truncated, "DELETE FROM audit WHERE action = 'upload';");
    let o = verify(&truncated);
    assert_eq!(o.status.code(), Some(4), "a deleted last entry is found through the receipt");
    assert!(stderr(&o).contains("receipt"), "{}", stderr(&o));

    // Rewriting the whole chain consistently is what the receipts held by members catch: the
    // forged chain no longer holds the head a member was given.
    let rewritten = copy(&p, "rewritten");
    tamper(&rewritten, "DELETE FROM audit WHERE action = 'upload';");
    rechain(&rewritten, false);
    let o = verify(&rewritten);
    assert_eq!(o.status.code(), Some(4), "a consistent but rewritten chain lacks the receipt's head");
    assert!(stderr(&o).contains("receipt"), "{}", stderr(&o));

    // Export: JSON lines, private.
    let out = p.dir.path().join("audit.jsonl");
    run_expect(server_cmd().args(["audit", "export", "--data"]).arg(&p.data).arg("--out").arg(&out), 0);
    let lines = std::fs::read_to_string(&out).expect("export");
    assert_eq!(lines.lines().count() as i64, n);
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&out).expect("meta").permissions().mode() & 0o777, 0o600);
}

#[test]
fn a_store_from_before_the_chain_is_chained_once_when_opened() {
    let p = Platform::new(YEAR);
    let old = copy(&p, "old");
    // A store from before the chain: no hash column, no marker, no receipt with a head.
    tamper(&old, "ALTER TABLE audit DROP COLUMN hash; DELETE FROM meta WHERE key = 'audit_chain';");
    let o = verify(&old);
    assert!(o.status.success(), "{}", stderr(&o));
    let c = rusqlite::Connection::open(old.join("samla.db")).expect("db");
    let unhashed: i64 = c.query_row("SELECT COUNT(*) FROM audit WHERE hash IS NULL", [], |r| r.get(0)).expect("count");
    assert_eq!(unhashed, 0);
    let update = c.execute("UPDATE audit SET detail = 'x' WHERE id = 1", []);
    assert!(update.is_err(), "the append-only triggers are back");
}

/// Issue 21 (a)(b)(c): history rewritten by someone holding the files is found.
#[test]
fn a_rewritten_history_is_found_against_the_pinned_key_and_heads_kept_outside() {
    let mut p = Platform::new(YEAR);
    let cfg = p.member("org-a");
    std::fs::write(p.dir.path().join("a.csv"), FILE).expect("write");
    let o = p.submit(&cfg, &p.dir.path().join("a.csv"), YEAR);
    assert!(o.status.success(), "{}", stderr(&o));
    let server_key = {
        let text: String = p.db().query_row("SELECT receipt FROM batches", [], |r| r.get(0)).expect("receipt");
        let sr: samla_core::envelope::SignedReceipt = serde_json::from_str(&text).expect("json");
        sr.server_key.clone()
    };
    // The statistics officer decrypts and exports; the operator keeps the head printed after.
    p.aggregate(YEAR, &p.dir.path().join("out"), true);
    p.server = None;
    let o = verify(&p.data);
    assert!(o.status.success(), "{}", stderr(&o));
    let saved = stdout(&o).lines().find_map(|l| l.strip_prefix("huvud ")).expect("the head").trim().to_string();

    // (a) The end cut off (the INTERNAL decrypt and export entries): the head kept outside is
    // no longer in the chain.
    let cut = copy(&p, "cut");
    let first_decrypt: i64 =
        p.db().query_row("SELECT MIN(id) FROM audit WHERE action = 'decrypt'", [], |r| r.get(0)).expect("decrypt");
    tamper(&cut, &format!("DELETE FROM audit WHERE id >= {first_decrypt};"));
    let o = server_cmd().args(["audit", "verify", "--head", &saved, "--data"]).arg(&cut).output().expect("verify");
    assert_eq!(o.status.code(), Some(4), "{}", stdout(&o));
    assert!(stderr(&o).contains("saved head"), "{}", stderr(&o));

    // (b) An entry deleted in the middle, the chain recomputed and every stored receipt signed
    // again with a fresh key (naming itself inside): the receipts do not verify with the
    // server's key; with the key file replaced too, the pinned key given on the command line
    // and the member's own receipts find it.
    let forged = copy(&p, "forged");
    tamper(&forged, "DELETE FROM audit WHERE id = 2;");
    let upload_head = rechain(&forged, true);
    let c = rusqlite::Connection::open(forged.join("samla.db")).expect("db");
    let fresh = samla_core::envelope::SigningKey::generate().expect("key");
    let text: String = c.query_row("SELECT receipt FROM batches", [], |r| r.get(0)).expect("receipt");
    let sr: samla_core::envelope::SignedReceipt = serde_json::from_str(&text).expect("json");
    let mut r = sr.verify(&sr.server_key.parse().expect("key")).expect("genuine");
    // A careful forger also gives the receipt the accumulator of the forged log.
    let (mut acc, mut index) = (samla_core::envelope::AUDIT_ACC_GENESIS.to_string(), 0);
    {
        let mut st = c.prepare("SELECT id, hash FROM audit ORDER BY id").expect("prepare");
        let rows: Vec<(i64, String)> =
            st.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).expect("q").collect::<Result<_, _>>().expect("rows");
        for (id, h) in rows {
            acc = samla_core::envelope::audit_acc(&acc, &h);
            if h == upload_head {
                index = id;
                break;
            }
        }
    }
    r.audit_head = Some(upload_head);
    r.audit_index = Some(index);
    r.audit_acc = Some(acc);
    let resigned = samla_core::envelope::SignedReceipt::sign(&r, &fresh).expect("sign");
    c.execute("UPDATE batches SET receipt = ?1", [serde_json::to_string(&resigned).expect("json")]).expect("update");
    drop(c);
    let o = verify(&forged);
    assert_eq!(o.status.code(), Some(4), "receipts checked against the server's key: {}", stdout(&o));
    assert!(stderr(&o).contains("not signed by the server's key"), "{}", stderr(&o));
    // The key file replaced as well: only what is kept outside the server finds it.
    std::fs::remove_file(forged.join("server-signing-key")).expect("rm");
    samla_core::secret::write_new(&forged.join("server-signing-key"), fresh.encode().as_bytes()).expect("key file");
    let o = verify(&forged);
    assert!(o.status.success(), "with the key file replaced, the store alone looks intact: {}", stderr(&o));
    let o = server_cmd()
        .args(["audit", "verify", "--server-key", &server_key, "--data"])
        .arg(&forged)
        .output()
        .expect("verify");
    assert_eq!(o.status.code(), Some(4), "{}", stdout(&o));
    let o = server_cmd()
        .args(["audit", "verify", "--receipts"])
        .arg(cfg.join("receipts"))
        .arg("--data")
        .arg(&forged)
        .output()
        .expect("verify");
    assert_eq!(o.status.code(), Some(4), "the member's own receipt: {}", stdout(&o));
    assert!(stderr(&o).contains("member's receipt"), "{}", stderr(&o));
    // The genuine store passes the same checks.
    let o = server_cmd()
        .args(["audit", "verify", "--server-key", &server_key, "--head", &saved, "--receipts"])
        .arg(cfg.join("receipts"))
        .arg("--data")
        .arg(&p.data)
        .output()
        .expect("verify");
    assert!(o.status.success(), "{}", stderr(&o));

    // (c) The hash column dropped: the store is refused, never rebuilt over the edited rows.
    let dropped = copy(&p, "dropped");
    tamper(&dropped, "ALTER TABLE audit DROP COLUMN hash;");
    let o = verify(&dropped);
    assert!(!o.status.success(), "{}", stdout(&o));
    assert!(stderr(&o).contains("hashkedja har tagits bort"), "{}", stderr(&o));
    let c = rusqlite::Connection::open(dropped.join("samla.db")).expect("db");
    let has_hash: i64 = c
        .query_row("SELECT COUNT(*) FROM pragma_table_info('audit') WHERE name = 'hash'", [], |r| r.get(0))
        .expect("q");
    assert_eq!(has_hash, 0, "not rebuilt");
    // And with the marker removed too: the receipts' heads still give it away.
    let dropped2 = copy(&p, "dropped2");
    tamper(&dropped2, "ALTER TABLE audit DROP COLUMN hash; DELETE FROM meta WHERE key = 'audit_chain';");
    let o = verify(&dropped2);
    assert!(!o.status.success() && stderr(&o).contains("hashkedja"), "{}", stderr(&o));
}

/// Issue 21 (1): the member's client keeps the heads it was given and `samla status` has the
/// server prove that its log still extends them (hashes folded onto the receipt's accumulator,
/// signed by the pinned key); a log rewritten before the receipt, or cut, is reported.
#[test]
fn samla_status_finds_a_log_that_does_not_extend_what_a_receipt_saw() {
    let mut p = Platform::new(YEAR);
    let cfg = p.member("org-a");
    std::fs::write(p.dir.path().join("a.csv"), FILE).expect("write");
    let o = p.submit(&cfg, &p.dir.path().join("a.csv"), YEAR);
    assert!(o.status.success(), "{}", stderr(&o));
    // More entries after the upload (the log grows): still an extension.
    run_expect(server_cmd().args(["admin-token", "--data"]).arg(&p.data), 0);
    let st = run_expect(samla().arg("--config").arg(&cfg).arg("status"), 0);
    assert!(stdout(&st).contains("bygger vidare"), "{}", stdout(&st));

    // Rewritten before the receipt's entry (one entry deleted, the chain recomputed), with the
    // server running on the edited store.
    let addr = p.server.as_ref().expect("server").addr();
    p.server = None;
    let saved = copy(&p, "genuine");
    tamper(&p.data, "DELETE FROM audit WHERE id = 2;");
    rechain(&p.data, true);
    p.server = Some(Server::start_on(&p.data, &addr));
    let st = samla().arg("--config").arg(&cfg).arg("status").output().expect("status");
    assert_eq!(st.status.code(), Some(1), "{}", stdout(&st));
    assert!(stderr(&st).contains("VARNING") && stderr(&st).contains("skrivits om"), "{}", stderr(&st));

    // Cut at the end (the upload's entry and after): also reported.
    p.server = None;
    for f in ["samla.db-wal", "samla.db-shm"] {
        let _ = std::fs::remove_file(p.data.join(f));
    }
    for e in std::fs::read_dir(&saved).expect("saved").flatten() {
        std::fs::copy(e.path(), p.data.join(e.file_name())).expect("restore");
    }
    let upload: i64 = p.db().query_row("SELECT id FROM audit WHERE action = 'upload'", [], |r| r.get(0)).expect("id");
    tamper(&p.data, &format!("DELETE FROM audit WHERE id >= {upload};"));
    p.server = Some(Server::start_on(&p.data, &addr));
    let st = samla().arg("--config").arg(&cfg).arg("status").output().expect("status");
    assert_eq!(st.status.code(), Some(1), "{}", stdout(&st));
    assert!(stderr(&st).contains("VARNING"), "{}", stderr(&st));
}
