//! National-scale aggregation: `samla-bench scale --members M --per-member N`.
//!
//! Prepares M members' batches of N records each exactly as the client builds them (keyed match
//! keys and encodings) and age-encrypts them to a fresh admin identity, written to a temporary
//! directory (not timed). Then a child process (`scale-aggregate`) does what `samla-server
//! aggregate` does after reading the store — decrypt every batch in memory, check it, link,
//! merge, build the tables, apply disclosure control, render JSON and HTML — and prints the time
//! of each step and its own peak memory (VmHWM).

use std::path::Path;
use std::time::Instant;

use anyhow::{Context as _, Result};
use samla_aggregate::Sealed;
use samla_core::batch::{build, BatchMeta};
use samla_core::pseudonym::{LinkageSecret, MemberSecret};
use samla_core::validate::ValidRow;
use samla_core::Contract;
use serde_json::{json, Map, Value};

use crate::rng::Rng;
use crate::synth::SYLLABLES;

fn name(r: &mut Rng, syllables: usize) -> String {
    (0..syllables).map(|_| SYLLABLES[r.below(SYLLABLES.len())]).collect()
}

fn person_row(r: &mut Rng, id: usize, given: &str, family: &str, born: (i32, u8, u8)) -> ValidRow {
    let forms = ["sexual", "labour", "begging", "criminal_activities", "domestic_work"];
    let gender = ["female", "female", "female", "male", "other"][r.below(5)];
    let country = ["NG", "RO", "UA", "VN", "SE", "TH"][r.below(6)];
    let form = forms[r.below(forms.len())];
    let police = ["yes", "no"][r.below(2)];
    let stats: Map<String, Value> = json!({
        "relation": "direct",
        "gender": gender,
        "age_group": "27-38",
        "birth_country": country,
        "exploitation_forms": [form],
        "contact_start_year": 2024,
        "police_report": police,
        "civil_society_support": ["legal_advice", "accompaniment"],
    })
    .as_object()
    .cloned()
    .unwrap_or_default();
    ValidRow {
        row: id + 2,
        local_id: format!("L{id}"),
        given_name: given.to_string(),
        family_name: family.to_string(),
        birth: Some(samla_core::normalize::PartialDate { year: born.0, month: Some(born.1), day: Some(born.2) }),
        national_id: None,
        migration_id: None,
        related_to: None,
        stats,
    }
}

pub fn prepare_and_run(members: usize, per_member: usize) -> Result<()> {
    let dir = std::env::temp_dir().join(format!("samla-scale-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let t0 = Instant::now();
    let contract = Contract::for_year(2024)?;
    let linkage = LinkageSecret::generate()?;
    let admin = age::x25519::Identity::generate();
    let recipient = admin.to_public();
    std::fs::write(dir.join("identity"), age::secrecy::ExposeSecret::expose_secret(&admin.to_string()))?;
    // People: about one in five appears at a second member.
    let mut r = Rng(7);
    let people = members * per_member * 5 / 6;
    let mut next_person = 0usize;
    for m in 0..members {
        let mut rows = Vec::with_capacity(per_member);
        for i in 0..per_member {
            // Re-derive a person deterministically so another member can report the same one.
            let p = if r.below(6) == 0 { r.below(people) } else { next_person % people };
            next_person += 1;
            let mut pr = Rng(p as u64 * 0x1234_5678 + 99);
            let given = name(&mut pr, 2);
            let family = name(&mut pr, 3);
            let born = (1960 + pr.below(45) as i32, 1 + pr.below(12) as u8, 1 + pr.below(28) as u8);
            rows.push(person_row(&mut r, i, &given, &family, born));
        }
        let meta = BatchMeta {
            year: 2024,
            org: format!("m{m:03}"),
            batch_id: uuid_v4(&mut r),
            created_at: "2025-02-01T00:00:00Z".into(),
        };
        let b = build(&rows, contract, meta.clone(), &linkage, &MemberSecret::generate()?);
        let ct = samla_core::crypto::encrypt(&b.to_bytes(), std::slice::from_ref(&recipient))?;
        std::fs::write(dir.join(format!("{}_{}.age", meta.org, meta.batch_id)), ct)?;
    }
    eprintln!(
        "prepared {} records from {members} members in {:.1} s ({})",
        members * per_member,
        t0.elapsed().as_secs_f64(),
        dir.display()
    );
    let exe = std::env::current_exe()?;
    let status = std::process::Command::new(exe).arg("scale-aggregate").arg(&dir).status()?;
    // SAMLA_BENCH_KEEP=1 keeps the prepared batches, to re-run or profile
    // `samla-bench scale-aggregate <dir>` alone.
    if std::env::var_os("SAMLA_BENCH_KEEP").is_none() {
        std::fs::remove_dir_all(&dir)?;
    }
    anyhow::ensure!(status.success(), "scale-aggregate failed");
    Ok(())
}

fn uuid_v4(r: &mut Rng) -> uuid::Uuid {
    let mut b = [0u8; 16];
    b[..8].copy_from_slice(&r.next().to_le_bytes());
    b[8..].copy_from_slice(&r.next().to_le_bytes());
    uuid::Builder::from_random_bytes(b).into_uuid()
}

/// A memory line of /proc/self/status in MiB (`VmHWM:` is the peak resident set).
fn rss_mib(line: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with(line)).and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

pub fn aggregate(dir: &Path) -> Result<()> {
    let id: age::x25519::Identity =
        std::fs::read_to_string(dir.join("identity"))?.trim().parse().map_err(|e: &str| anyhow::anyhow!(e))?;
    let mut files: Vec<_> = std::fs::read_dir(dir)?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "age"))
        .collect();
    files.sort();
    let t = Instant::now();
    let mut cts: Vec<(String, uuid::Uuid, Vec<u8>)> = files
        .iter()
        .map(|f| -> Result<_> {
            let stem = f.file_stem().and_then(|s| s.to_str()).context("name")?;
            let (org, batch) = stem.split_once('_').context("name")?;
            Ok((org.to_string(), batch.parse()?, std::fs::read(f)?))
        })
        .collect::<Result<_>>()?;
    let sealed: Vec<Sealed<'_>> =
        cts.iter_mut().map(|(org, batch_id, ct)| Sealed::new(org, 2024, *batch_id, std::mem::take(ct))).collect();
    let opened = samla_aggregate::open_all(&sealed, std::slice::from_ref(&id));
    if let Some(l) = opened.left_out.first() {
        anyhow::bail!("batch {} of {} could not be opened: {}", l.batch_id, l.org, l.reason);
    }
    let mut members = opened.members;
    drop(cts);
    let records: usize = members.iter().map(|m| m.records.len()).sum();
    let t_decrypt = t.elapsed().as_secs_f64();
    let t1 = Instant::now();
    let rss_open = rss_mib("VmRSS:");
    let linkage = samla_aggregate::link::link(&mut members);
    let rss_link = rss_mib("VmRSS:");
    let individuals = samla_aggregate::merge::merge_all(&members, &linkage);
    let rss_merge = rss_mib("VmRSS:");
    let internal = samla_aggregate::report::build(2024, "1", &members, &linkage, &individuals);
    eprintln!("resident memory after open {rss_open:.0} MiB, link {rss_link:.0} MiB, merge {rss_merge:.0} MiB");
    let t_link = t1.elapsed().as_secs_f64();
    let t2 = Instant::now();
    let public = internal.publishable();
    let json = public.to_json();
    let html = samla_aggregate::html::render(&public, samla_core::Lang::Sv);
    let t_report = t2.elapsed().as_secs_f64();
    println!("| records | members | decrypt + check (s) | link + merge + tables (s) | protect + render (s) | total (s) | peak memory (MiB) | persons | multi-member |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    println!(
        "| {records} | {} | {t_decrypt:.1} | {t_link:.1} | {t_report:.1} | {:.1} | {:.0} | {} | {} |",
        files.len(),
        t_decrypt + t_link + t_report,
        rss_mib("VmHWM:"),
        internal.totals.persons,
        internal.totals.multi_member_persons.unwrap_or(0)
    );
    std::hint::black_box((json.len(), html.len()));
    Ok(())
}
