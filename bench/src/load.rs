//! Load: `samla-bench load --uploads N --clients C` starts the real `samla-server` on loopback
//! with a fresh store, enrols C members and sends N uploads from C concurrent clients (each a
//! signed manifest and an age-encrypted batch of the size of a typical member file), bounded in
//! count and in time (`--max-seconds`). It prints errors, throughput, p50/p99 latency, the
//! server's peak memory, and the disk's raw fsync rate measured in the same run on the same
//! filesystem (each accepted upload is one SQLite transaction with `synchronous=FULL`, so the
//! fsync rate bounds the throughput).

use std::io::{BufRead as _, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _, Result};
use samla_core::envelope::{sha256_hex, Manifest, SignedManifest, SigningKey, MANIFEST_FORMAT};

fn server_bin() -> Result<PathBuf> {
    let exe = std::env::current_exe()?;
    let p = exe.with_file_name("samla-server");
    anyhow::ensure!(p.exists(), "{}: build it first (cargo build --release -p samla-server)", p.display());
    Ok(p)
}

fn run(cmd: &mut Command) -> Result<String> {
    let o = cmd.output()?;
    if !o.status.success() {
        bail!("{:?}: {}", cmd, String::from_utf8_lossy(&o.stderr));
    }
    Ok(String::from_utf8_lossy(&o.stdout).into_owned())
}

/// Raw fsync rate of the filesystem holding `dir`: 4 KiB appended and fsynced, for `secs`.
fn fsync_rate(dir: &Path, secs: f64) -> Result<f64> {
    let p = dir.join("fsync-probe");
    let mut f = std::fs::File::create(&p)?;
    let block = [7u8; 4096];
    let t = Instant::now();
    let mut n = 0u64;
    while t.elapsed().as_secs_f64() < secs {
        f.write_all(&block)?;
        f.sync_all()?;
        n += 1;
    }
    let rate = n as f64 / t.elapsed().as_secs_f64();
    std::fs::remove_file(&p)?;
    Ok(rate)
}

fn peak_rss_mib(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// 1 March of next year: a deadline `round open` accepts now.
fn next_march() -> String {
    let this_year: i32 = samla_core::envelope::now_rfc3339()[..4].parse().unwrap_or(2026);
    format!("{}-03-01", this_year + 1)
}

pub fn run_load(uploads: usize, clients: usize, max_seconds: u64, batch_kib: usize) -> Result<()> {
    let tmp = tempfile::Builder::new()
        .prefix("samla-load-")
        .tempdir_in(std::env::var_os("SAMLA_LOAD_DIR").map_or_else(std::env::temp_dir, PathBuf::from))?;
    let data = tmp.path().join("store");
    let server = server_bin()?;
    let admin = age::x25519::Identity::generate();
    let recipients = tmp.path().join("recipients.txt");
    std::fs::write(&recipients, format!("{}\n", admin.to_public()))?;
    run(Command::new(&server).args(["init", "--data"]).arg(&data).arg("--admin-recipients").arg(&recipients))?;
    run(Command::new(&server)
        .args(["round", "open", "--year", "2024", "--deadline", &next_march(), "--data"])
        .arg(&data))?;
    let keys: Vec<(String, SigningKey)> =
        (0..clients).map(|i| Ok((format!("load-{i:03}"), SigningKey::generate()?))).collect::<Result<_>>()?;
    for (org, k) in &keys {
        run(Command::new(&server)
            .args(["org", "add", org, "--public-key", &k.public().to_string(), "--data"])
            .arg(&data))?;
    }
    let mut child = Command::new(&server)
        .args(["serve", "--data"])
        .arg(&data)
        .args(["--listen", "127.0.0.1:0"])
        .env("SAMLA_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let url = {
        let out = child.stdout.take().context("stdout")?;
        let line = BufReader::new(out).lines().next().context("no output")??;
        line.split_whitespace().last().context("url")?.to_string()
    };
    // One realistic ciphertext per client (a member file of `batch_kib` KiB, encrypted to the
    // admin); every upload gets its own batch id and signature.
    let rs = vec![admin.to_public()];
    let body: Vec<u8> = (0..batch_kib * 1024).map(|i| b"{\"records\":[]}"[i % 14]).collect();
    let cts: Vec<Vec<u8>> = (0..clients).map(|_| samla_core::crypto::encrypt(&body, &rs)).collect::<Result<_, _>>()?;

    let fsync = fsync_rate(tmp.path(), 2.0)?;
    let next = Arc::new(AtomicUsize::new(0));
    let errors = Arc::new(AtomicUsize::new(0));
    let deadline = Instant::now() + Duration::from_secs(max_seconds);
    let t0 = Instant::now();
    let latencies: Vec<Vec<f64>> = std::thread::scope(|s| {
        let handles: Vec<_> = keys
            .iter()
            .zip(&cts)
            .map(|((org, key), ct)| {
                let (next, errors, url) = (Arc::clone(&next), Arc::clone(&errors), url.clone());
                s.spawn(move || {
                    let http =
                        reqwest::blocking::Client::builder().timeout(Duration::from_secs(60)).build().expect("client");
                    let mut lat = Vec::new();
                    while next.fetch_add(1, Ordering::Relaxed) < uploads && Instant::now() < deadline {
                        let m = Manifest {
                            format: MANIFEST_FORMAT.into(),
                            org: org.clone(),
                            year: 2024,
                            batch_id: uuid::Uuid::new_v4(),
                            schema_version: "1".into(),
                            created_at: samla_core::envelope::now_rfc3339_precise(),
                            ciphertext_sha256: sha256_hex(ct),
                            ciphertext_len: ct.len() as u64,
                        };
                        let Ok(signed) = SignedManifest::sign(&m, key) else {
                            errors.fetch_add(1, Ordering::Relaxed);
                            continue;
                        };
                        let (h1, h2) = signed.to_headers();
                        let t = Instant::now();
                        let r = http
                            .post(format!("{url}/v1/batches"))
                            .header("content-type", "application/octet-stream")
                            .header("samla-manifest", h1)
                            .header("samla-signature", h2)
                            .body(ct.clone())
                            .send();
                        match r {
                            Ok(r) if r.status().as_u16() == 201 => lat.push(t.elapsed().as_secs_f64() * 1000.0),
                            _ => {
                                errors.fetch_add(1, Ordering::Relaxed);
                            }
                        }
                    }
                    lat
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_default()).collect()
    });
    let elapsed = t0.elapsed().as_secs_f64();
    let peak = peak_rss_mib(child.id());
    let _ = child.kill();
    let _ = child.wait();
    let mut all: Vec<f64> = latencies.into_iter().flatten().collect();
    all.sort_by(f64::total_cmp);
    let pct = |q: f64| all.get(((all.len() as f64 - 1.0) * q).round() as usize).copied().unwrap_or(f64::NAN);
    let stored: i64 = stored_batches(&data)?;
    let ok = all.len();
    let tput = ok as f64 / elapsed;
    println!("| uploads | clients | batch size | errors | stored | time (s) | uploads/s | p50 (ms) | p99 (ms) | server peak memory (MiB) | raw fsync/s (same disk) | uploads/s ÷ fsync/s |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    println!(
        "| {ok} | {clients} | {} KiB | {} | {stored} | {elapsed:.1} | {tput:.0} | {:.1} | {:.1} | {peak:.0} | {fsync:.0} | {:.2} |",
        cts[0].len() / 1024,
        errors.load(Ordering::Relaxed),
        pct(0.5),
        pct(0.99),
        tput / fsync
    );
    anyhow::ensure!(stored as usize == ok, "stored {stored} but {ok} were acknowledged");
    Ok(())
}

/// Batches in the store, by the server's own `status --json` (versions summed over members).
fn stored_batches(data: &Path) -> Result<i64> {
    let o = Command::new(server_bin()?).args(["status", "--year", "2024", "--json", "--data"]).arg(data).output()?;
    let v: serde_json::Value = serde_json::from_slice(&o.stdout)?;
    Ok(v["members"].as_array().map_or(0, |m| m.iter().map(|x| x["versions"].as_i64().unwrap_or(0)).sum()))
}
