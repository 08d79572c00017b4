//! Admin operations that handle plaintext in memory: decrypt the latest batch of each member,
//! verify, validate, link, merge and write the aggregate. Every decryption and export is
//! appended to the audit log. Plaintext is never written to disk; only the aggregate is.

use std::path::Path;

use anyhow::{bail, Context as _, Result};
use samla_aggregate::{html, Sealed};
use samla_core::envelope::{sha256_hex, SignedManifest};
use samla_core::Lang;

use crate::i18n;
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

/// A path as a message argument.
fn path(p: &Path) -> i18n::Value<'static> {
    p.display().to_string().into()
}

/// Run the aggregation; returns the aggregate that was written.
pub fn aggregate(store: &Store, o: &AggregateOptions<'_>) -> Result<samla_aggregate::report::Aggregate> {
    let id_bytes = zeroize::Zeroizing::new(
        std::fs::read(o.identity_file)
            .with_context(|| i18n::msg(o.lang, "err-identity-unreadable", &[("file", path(o.identity_file))]))?,
    );
    let identities = samla_core::crypto::open_admin_identity(&id_bytes, o.passphrase)
        .with_context(|| format!("{}", o.identity_file.display()))?;
    let previous = match o.previous {
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .with_context(|| i18n::msg(o.lang, "err-cannot-read", &[("file", path(p))]))?;
            let prev = samla_aggregate::report::Aggregate::from_json(&text)
                .with_context(|| i18n::msg(o.lang, "err-previous-not-report", &[("file", path(p))]))?;
            if prev.year >= o.year {
                bail!(
                    "{}",
                    i18n::msg(
                        o.lang,
                        "err-previous-year",
                        &[
                            ("file", path(p)),
                            ("found", prev.year.to_string().into()),
                            ("year", o.year.to_string().into())
                        ]
                    )
                );
            }
            Some(prev)
        }
        None => None,
    };
    let mut batches = store.latest_batches(o.year)?;
    if batches.is_empty() {
        bail!("{}", i18n::msg(o.lang, "err-no-batches", &[("year", o.year.to_string().into())]));
    }
    let mut sealed = Vec::with_capacity(batches.len());
    // A batch that cannot be verified, decrypted or read is left out and listed: one member's
    // broken upload never stops the year for everyone else.
    let mut left_out: Vec<samla_aggregate::LeftOut> = Vec::new();
    for b in &mut batches {
        let keys = store.org_keys_at(&b.org_id, &b.received_at)?;
        let verified = verify_stored(&keys, b, o.year);
        match verified {
            Ok(m) => {
                store.audit("decrypt", &format!("year {} org {} batch {}", o.year, b.org_id, b.batch_id))?;
                sealed.push(Sealed::new(&b.org_id, m.year, m.batch_id, std::mem::take(&mut b.ciphertext)));
            }
            Err(reason) => {
                left_out.push(samla_aggregate::LeftOut { org: b.org_id.clone(), batch_id: b.batch_id.clone(), reason })
            }
        }
    }
    let opened = samla_aggregate::open_all(&sealed, &identities);
    if let Some(groups) = opened.mixed_linkage() {
        // Keys made under different linkage secrets never match: linking such batches would
        // count every shared person twice without a word. Nothing is written.
        let list: String = groups
            .iter()
            .map(|(id, orgs)| {
                let id = id.clone().unwrap_or_else(|| i18n::text(o.lang, "aggregate-linkage-id-none"));
                format!("\n  {id}: {}", orgs.join(", "))
            })
            .collect();
        store.audit(
            "aggregate-refused",
            &format!("year {}: batches made under {} linkage secrets", o.year, groups.len()),
        )?;
        bail!(
            "{}{list}",
            i18n::msg(
                o.lang,
                "err-mixed-linkage",
                &[("year", o.year.to_string().into()), ("n", i18n::n(groups.len()))]
            )
        );
    }
    left_out.extend(opened.left_out);
    for l in &left_out {
        store.mark_unreadable(o.year, &l.org, &l.batch_id, &l.reason)?;
    }
    if opened.members.is_empty() {
        let list: String = left_out
            .iter()
            .map(|l| {
                let item = i18n::msg(
                    o.lang,
                    "aggregate-left-out-item",
                    &[
                        ("org", l.org.clone().into()),
                        ("batch", l.batch_id.clone().into()),
                        ("reason", l.reason.clone().into()),
                    ],
                );
                format!("\n{item}")
            })
            .collect();
        bail!(
            "{}{list}",
            i18n::msg(
                o.lang,
                "err-no-batch-readable",
                &[("year", o.year.to_string().into()), ("n", i18n::n(left_out.len()))]
            )
        );
    }
    let (mut members, schema_version) = (opened.members, opened.schema_version);
    let mut internal = samla_aggregate::aggregate(o.year, &schema_version, &mut members);
    internal.left_out = left_out;
    drop(members);
    let mut out = if o.internal { internal } else { internal.publishable() };
    if let Some(prev) = &previous {
        out.set_previous(prev);
    }
    // An INTERNAL report (unprotected counts) is the admin's alone: 0700 / 0600 whatever the
    // umask. The publishable report is meant to be shared: 0755 / 0644.
    if o.internal {
        samla_core::secret::private_dir(o.out)
            .with_context(|| i18n::msg(o.lang, "err-cannot-create-dir", &[("dir", path(o.out))]))?;
    } else {
        public_dir(o.out).with_context(|| i18n::msg(o.lang, "err-cannot-create-dir", &[("dir", path(o.out))]))?;
    }
    let write = |name: &str, body: &str| -> Result<()> {
        let p = o.out.join(name);
        let written = if o.internal {
            samla_core::secret::write_private(&p, body.as_bytes()).map_err(anyhow::Error::from)
        } else {
            write_public(&p, body.as_bytes())
        };
        written.with_context(|| i18n::msg(o.lang, "err-cannot-write", &[("file", path(&p))]))
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

/// A stored batch's signed manifest, verified with `keys`, the keys the member had when the
/// batch was received (a replaced key still verifies what it signed before), and checked
/// against the stored row; `Err` says why the batch cannot be used.
fn verify_stored(
    keys: &[samla_core::envelope::PublicKey],
    b: &crate::store::StoredBatch,
    year: i32,
) -> Result<samla_core::envelope::Manifest, String> {
    if keys.is_empty() {
        return Err(format!("member {} is no longer enrolled", b.org_id));
    }
    let signed = SignedManifest { bytes: b.manifest.clone(), signature: b.signature.clone() };
    let m = keys
        .iter()
        .find_map(|k| signed.verify(k).ok())
        .ok_or("the member's signature does not verify; the store may have been tampered with")?;
    let matches = m.org == b.org_id
        && m.year == year
        && m.batch_id.to_string() == b.batch_id
        && sha256_hex(&b.ciphertext) == m.ciphertext_sha256
        && b.sha256 == m.ciphertext_sha256;
    if !matches {
        return Err("stored ciphertext or metadata differ from the signed manifest".into());
    }
    Ok(m)
}

/// A directory for the publishable report: 0755.
fn public_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755))?;
    }
    Ok(())
}

/// A file of the publishable report: 0644 whatever the umask (replacing an earlier run's).
fn write_public(file: &Path, body: &[u8]) -> Result<()> {
    let tmp = file.with_extension("tmp");
    std::fs::write(&tmp, body)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o644))?;
    }
    std::fs::rename(&tmp, file)?;
    Ok(())
}
