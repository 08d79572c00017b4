//! Admin operations that handle plaintext in memory: decrypt the latest batch of each member,
//! verify, validate, link, merge and write the aggregate. Every decryption and export is
//! appended to the audit log. Plaintext is never written to disk; only the aggregate is.

use std::path::Path;

use anyhow::{bail, Context as _, Result};
use samla_aggregate::{html, Sealed};
use samla_core::envelope::{sha256_hex, SignedManifest};
use samla_core::Lang;

use crate::store::Store;

pub struct AggregateOptions<'a> {
    pub year: i32,
    pub identity_file: &'a Path,
    pub passphrase: &'a str,
    pub out: &'a Path,
    pub internal: bool,
    pub lang: Lang,
    /// The previous year's report.json, shown beside this year's key tables.
    pub previous: Option<&'a Path>,
}

/// Run the aggregation; returns the aggregate that was written.
pub fn aggregate(store: &Store, o: &AggregateOptions<'_>) -> Result<samla_aggregate::report::Aggregate> {
    let id_bytes = zeroize::Zeroizing::new(
        std::fs::read(o.identity_file)
            .with_context(|| format!("{}: cannot read the admin identity", o.identity_file.display()))?,
    );
    let identities = samla_core::crypto::open_admin_identity(&id_bytes, o.passphrase)
        .with_context(|| format!("{}", o.identity_file.display()))?;
    let previous = match o.previous {
        Some(p) => {
            let text = std::fs::read_to_string(p).with_context(|| format!("{}: cannot read", p.display()))?;
            let prev = samla_aggregate::report::Aggregate::from_json(&text)
                .with_context(|| format!("{}: not a report.json written by samla-server aggregate", p.display()))?;
            if prev.year >= o.year {
                bail!("{}: is the report for {}, not for a year before {}", p.display(), prev.year, o.year);
            }
            Some(prev)
        }
        None => None,
    };
    let batches = store.latest_batches(o.year)?;
    if batches.is_empty() {
        bail!("no batches stored for {}: nothing to aggregate", o.year);
    }
    let mut sealed = Vec::with_capacity(batches.len());
    for b in &batches {
        let key = store.org_key(&b.org_id)?.with_context(|| {
            format!("batch {} belongs to member {} which is no longer enrolled", b.batch_id, b.org_id)
        })?;
        let signed = SignedManifest { bytes: b.manifest.clone(), signature: b.signature.clone() };
        let m = signed.verify(&key).with_context(|| {
            format!(
                "batch {} of {}: the member's signature does not verify; the store may have been tampered with",
                b.batch_id, b.org_id
            )
        })?;
        if m.org != b.org_id
            || m.year != o.year
            || m.batch_id.to_string() != b.batch_id
            || sha256_hex(&b.ciphertext) != m.ciphertext_sha256
            || b.sha256 != m.ciphertext_sha256
        {
            bail!(
                "batch {} of {}: stored ciphertext or metadata differ from the signed manifest",
                b.batch_id,
                b.org_id
            );
        }
        store.audit("decrypt", &format!("year {} org {} batch {}", o.year, b.org_id, b.batch_id))?;
        sealed.push(Sealed { org: &b.org_id, year: m.year, batch_id: m.batch_id, ciphertext: &b.ciphertext });
    }
    let (mut members, schema_version) = samla_aggregate::open_all(&sealed, &identities)?;
    let internal = samla_aggregate::aggregate(o.year, &schema_version, &mut members);
    drop(members);
    let mut out = if o.internal { internal } else { internal.publishable() };
    if let Some(prev) = &previous {
        out.set_previous(prev);
    }
    std::fs::create_dir_all(o.out)
        .with_context(|| format!("{}: cannot create the output directory", o.out.display()))?;
    let write = |name: &str, body: &str| -> Result<()> {
        let p = o.out.join(name);
        std::fs::write(&p, body).with_context(|| format!("{}: cannot write", p.display()))
    };
    write("report.json", &out.to_json())?;
    write("report.csv", &out.to_csv(o.lang))?;
    write("report.html", &html::render(&out, o.lang))?;
    store.audit(
        "export",
        &format!(
            "year {} {} to {} ({} batches)",
            o.year,
            if o.internal { "INTERNAL" } else { "publishable" },
            o.out.display(),
            batches.len()
        ),
    )?;
    Ok(out)
}
