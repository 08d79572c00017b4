//! Every refusal of the upload path (issue: pipeline v1, item 5), against the real server on a
//! loopback port: each is refused with the right status and stores nothing. And the client's
//! own refusals: plain http to a non-loopback host, a server advertising other admin recipients
//! or another receipt key, an invalid file.

use std::path::Path;

use samla_core::envelope::{SignedReceipt, SigningKey};
use samla_e2e::*;

const YEAR: i32 = 2024;

const GOOD: &str = "local_id;given_name;family_name;birth_date;gender;exploitation_forms\n\
                    A-1;Olga;Ivanova;1990-03-04;female;sexual\n\
                    A-2;Grace;Okafor;1995;female;labour\n";

fn write(dir: &Path, name: &str, body: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, body).expect("write");
    p
}

#[test]
fn the_server_refuses_what_it_must_and_stores_nothing() {
    let p = Platform::new(YEAR);
    let cfg = p.member("org-a");
    let key = member_key(&cfg);
    let ct = ciphertext(&p, b"{}");
    let id = uuid::Uuid::new_v4();

    // Accepted, then idempotent, then conflicting.
    let m = manifest("org-a", YEAR, id, &ct);
    let (s1, r1) = post(&p, &m, &key, ct.clone());
    assert_eq!(s1, 201, "{r1}");
    let (s2, r2) = post(&p, &m, &key, ct.clone());
    assert_eq!(s2, 200);
    assert_eq!(r1, r2, "identical re-upload gets the same receipt");
    let server_key = p.db().query_row("SELECT receipt FROM batches", [], |r| r.get::<_, String>(0)).expect("receipt");
    let sr: SignedReceipt = serde_json::from_str(&server_key).expect("receipt json");
    let receipt = sr.verify(&sr.server_key.parse().expect("key")).expect("verifies");
    assert_eq!(receipt.batch_id, id);
    let other = ciphertext(&p, b"{\"other\":1}");
    let (s3, _) = post(&p, &manifest("org-a", YEAR, id, &other), &key, other.clone());
    assert_eq!(s3, 409, "same batch id, different bytes");
    assert_eq!(p.batch_count(), 1);

    let refused = |what: &str, status: u16, code: &str, (s, body): (u16, serde_json::Value)| {
        assert_eq!(s, status, "{what}: {body}");
        assert_eq!(body["error"], code, "{what}");
    };
    let fresh = uuid::Uuid::new_v4;
    // Unknown member and forged signature (org-a's manifest signed with another key): the
    // same answer, so nobody can find out which member ids exist.
    let ghost = SigningKey::generate().expect("key");
    let unknown = post(&p, &manifest("ghost", YEAR, fresh(), &ct), &ghost, ct.clone());
    let forged = post(&p, &manifest("org-a", YEAR, fresh(), &ct), &ghost, ct.clone());
    assert_eq!(unknown, forged, "unknown member and bad signature answered alike");
    refused("unknown member", 401, "bad_signature", unknown);
    refused("forged signature", 401, "bad_signature", forged);
    // No round open for the year.
    refused("no round", 403, "round_not_open", post(&p, &manifest("org-a", 2023, fresh(), &ct), &key, ct.clone()));
    // Body that does not match the signed digest.
    refused("digest", 400, "digest_mismatch", post(&p, &manifest("org-a", YEAR, fresh(), &ct), &key, other.clone()));
    // A body one byte longer or shorter than the signed length.
    let longer: Vec<u8> = ct.iter().copied().chain([0u8]).collect();
    refused("longer", 400, "digest_mismatch", post(&p, &manifest("org-a", YEAR, fresh(), &ct), &key, longer));
    refused(
        "shorter",
        400,
        "digest_mismatch",
        post(&p, &manifest("org-a", YEAR, fresh(), &ct), &key, ct[..ct.len() - 1].to_vec()),
    );
    // Not an age file.
    let junk = b"hello, not age".to_vec();
    refused(
        "malformed age",
        400,
        "bad_age_header",
        post(&p, &manifest("org-a", YEAR, fresh(), &junk), &key, junk.clone()),
    );
    // An age header with thousands of stanzas.
    let mut many = b"age-encryption.org/v1\n".to_vec();
    for _ in 0..5000 {
        many.extend_from_slice(b"-> X25519 AAAA\nAAAA\n");
    }
    many.extend_from_slice(b"--- AAAA\n");
    refused(
        "stanza flood",
        400,
        "bad_age_header",
        post(&p, &manifest("org-a", YEAR, fresh(), &many), &key, many.clone()),
    );
    // Oversize: the signed length alone is refused; so is a body over the limit.
    let mut big = manifest("org-a", YEAR, fresh(), &ct);
    big.ciphertext_len = 1 << 40;
    refused("oversize claim", 413, "too_large", post(&p, &big, &key, ct.clone()));
    let huge = vec![b'a'; 33 * 1024 * 1024];
    let mut m_huge = manifest("org-a", YEAR, fresh(), &huge);
    m_huge.ciphertext_len = 1000;
    refused("oversize body", 413, "too_large", post(&p, &m_huge, &key, huge));
    // Wrong content type and missing headers.
    let http = reqwest::blocking::Client::new();
    let r = http
        .post(format!("{}/v1/batches", p.url()))
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .expect("send");
    assert_eq!(r.status().as_u16(), 415);
    let r = http
        .post(format!("{}/v1/batches", p.url()))
        .header("content-type", "application/octet-stream")
        .body(ct.clone())
        .send()
        .expect("send");
    assert_eq!(r.status().as_u16(), 400);
    let r = http
        .post(format!("{}/v1/batches", p.url()))
        .header("content-type", "application/octet-stream")
        .header("samla-manifest", "!!!")
        .header("samla-signature", "???")
        .body(ct.clone())
        .send()
        .expect("send");
    assert_eq!(r.status().as_u16(), 400);
    assert_eq!(p.batch_count(), 1, "no refusal stored anything");

    // A closed round refuses.
    run_expect(server_cmd().args(["round", "close", "--year", "2024", "--data"]).arg(&p.data), 0);
    refused("closed round", 403, "round_closed", post(&p, &manifest("org-a", YEAR, fresh(), &ct), &key, ct.clone()));
    assert_eq!(p.batch_count(), 1);
    // The server is still healthy after all of it.
    assert_eq!(http.get(format!("{}/v1/health", p.url())).send().expect("health").status().as_u16(), 200);
}

#[test]
fn a_newer_batch_supersedes_the_older_which_is_kept() {
    let p = Platform::new(YEAR);
    let cfg = p.member("org-a");
    let file = write(p.dir.path(), "a.csv", GOOD);
    let o1 = p.submit(&cfg, &file, YEAR);
    assert!(o1.status.success(), "{}", stderr(&o1));
    let corrected = write(p.dir.path(), "a2.csv", &format!("{GOOD}A-3;Joy;Adeyemi;1999-09-09;female;sexual\n"));
    let o2 = p.submit(&cfg, &corrected, YEAR);
    assert!(o2.status.success(), "{}", stderr(&o2));
    assert!(stdout(&o2).contains("ersätter"), "the receipt names what it supersedes: {}", stdout(&o2));
    let rows: Vec<(String, Option<String>)> = {
        let db = p.db();
        let mut st = db.prepare("SELECT batch_id, superseded_by FROM batches ORDER BY seq").expect("prep");
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).expect("q").collect::<Result<_, _>>().expect("rows")
    };
    assert_eq!(rows.len(), 2, "both kept");
    assert_eq!(rows[0].1.as_deref(), Some(rows[1].0.as_str()));
    assert_eq!(rows[1].1, None);
    let st = run_expect(samla().arg("--config").arg(&cfg).args(["status", "--year", "2024"]), 0);
    assert!(stdout(&st).contains("senaste") && stdout(&st).contains("ersatt"), "{}", stdout(&st));
    let r = p.aggregate(YEAR, &p.dir.path().join("out"), true);
    assert_eq!(r["totals"]["raw_sum"], 3, "only the latest batch counts");
}

#[test]
fn the_client_refuses_unsafe_servers_and_bad_files() {
    let p = Platform::new(YEAR);
    let cfg = p.member("org-a");
    let dir = p.dir.path();
    // Plain http to a non-loopback address.
    let o = run_expect(
        samla()
            .arg("--config")
            .arg(dir.join("elsewhere"))
            .args(["init", "--org", "org-b", "--server", "http://10.1.2.3:8080", "--admin-recipients"])
            .arg(&p.recipients)
            .arg("--linkage-secret")
            .arg(&p.linkage),
        1,
    );
    assert!(stderr(&o).contains("bara tillåten till den här datorn"), "{}", stderr(&o));
    // An invalid file: exit 1, every problem named, nothing sent.
    let bad = write(dir, "bad.csv", "local_id;gender;birth_date\nA-1;kvinna;1990-02-30\nA-1;female;\n");
    let o = p.submit(&cfg, &bad, YEAR);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("bad.csv, rad 2:") && e.contains("kolumn gender (Kön), värde \"kvinna\""), "{e}");
    assert!(e.contains("rad 3:") && e.contains("samma id finns redan på rad 2"), "{e}");
    assert!(e.contains("Ingenting har skickats"), "{e}");
    assert_eq!(p.batch_count(), 0);
    // English on request.
    let o = run_expect(samla().args(["--lang", "en", "validate"]).arg(&bad).args(["--year", "2024"]), 1);
    assert!(stderr(&o).contains("bad.csv, row 2:") && stderr(&o).contains("female (Woman/girl)"), "{}", stderr(&o));
    // Usage errors exit 2.
    run_expect(samla().args(["validate", "--year", "2024"]), 2);

    // A server that advertises another admin recipient is refused.
    let good = write(dir, "good.csv", GOOD);
    let other = age::x25519::Identity::generate().to_public().to_string();
    let alt = write(dir, "alt-recipients.txt", &format!("{other}\n"));
    run_expect(server_cmd().args(["admin-recipients"]).arg(&alt).arg("--data").arg(&p.data), 0);
    let o = p.submit(&cfg, &good, YEAR);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("andra admin-mottagare"), "{}", stderr(&o));
    assert_eq!(p.batch_count(), 0);
    run_expect(server_cmd().args(["admin-recipients"]).arg(&p.recipients).arg("--data").arg(&p.data), 0);
    // A server whose receipt key differs from the pinned one is refused.
    let cfg_file = cfg.join("config.toml");
    let original = std::fs::read_to_string(&cfg_file).expect("config");
    let impostor = SigningKey::generate().expect("key").public().to_string();
    let pinned_line = original.lines().find(|l| l.starts_with("server_key")).expect("pinned key").to_string();
    std::fs::write(&cfg_file, original.replace(&pinned_line, &format!("server_key = \"{impostor}\""))).expect("write");
    let o = p.submit(&cfg, &good, YEAR);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("annan kvittonyckel"), "{}", stderr(&o));
    assert_eq!(p.batch_count(), 0);
    std::fs::write(&cfg_file, original).expect("restore");
    // And with everything right, it goes through.
    let o = p.submit(&cfg, &good, YEAR);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(p.batch_count(), 1);
}

#[test]
fn secrets_are_0600_and_a_wider_one_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let p = Platform::new(YEAR);
    let cfg = p.member("org-a");
    for f in ["signing-key", "member-secret", "linkage-secret"] {
        let mode = std::fs::metadata(cfg.join(f)).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{f}");
    }
    for f in [&p.identity, &p.linkage, &p.data.join("server-signing-key")] {
        assert_eq!(std::fs::metadata(f).expect("meta").permissions().mode() & 0o777, 0o600, "{}", f.display());
    }
    std::fs::set_permissions(cfg.join("signing-key"), std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let good = write(p.dir.path(), "good.csv", GOOD);
    let o = p.submit(&cfg, &good, YEAR);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("chmod 600"), "{}", stderr(&o));
}

#[test]
fn transient_failures_are_retried_until_the_server_is_back() {
    let mut p = Platform::new(YEAR);
    let cfg = p.member("org-a");
    let good = write(p.dir.path(), "good.csv", GOOD);
    let addr = p.server.as_ref().map(|s| s.addr()).expect("addr");
    p.server = None; // stopped
    let o = run_expect(
        samla().arg("--config").arg(&cfg).arg("submit").arg(&good).args(["--year", "2024", "--attempts", "2"]),
        1,
    );
    assert!(stderr(&o).contains("gick inte att nå: datorn fick ingen kontakt"), "{}", stderr(&o));
    // Start the client first, then bring the server back while it is backing off.
    let child = samla()
        .arg("--config")
        .arg(&cfg)
        .arg("submit")
        .arg(&good)
        .args(["--year", "2024", "--attempts", "6"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    std::thread::sleep(std::time::Duration::from_millis(1200));
    p.server = Some(Server::start_on(&p.data, &addr));
    let out = child.wait_with_output().expect("wait");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(p.batch_count(), 1);
}
