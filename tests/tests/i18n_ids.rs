//! Every message id the code asks for exists in both languages: the sources of every crate are
//! scanned for literal ids given to the i18n functions (`i18n::text(lang, "…")`,
//! `i18n::msg(lang, "…", …)`, `i18n::has(lang, "…")`, a local `t("…")`), so an id renamed in a
//! `.ftl` file but not in the code (which would show as ⟦id⟧ to a user) fails here.

use std::path::{Path, PathBuf};

use samla_core::i18n::{self, Catalog};
use samla_core::Lang;

/// The catalog each crate speaks with: its own files (and core's shared ones), as built in
/// that crate's `i18n` module.
fn catalog(krate: &str) -> Catalog {
    let core = (i18n::CORE_SV, i18n::CORE_EN);
    match krate {
        "server" => Catalog::new(
            &[include_str!("../../server/i18n/sv/server.ftl")],
            &[include_str!("../../server/i18n/en/server.ftl")],
        ),
        "client" => Catalog::new(
            &[core.0, include_str!("../../client/i18n/sv/client.ftl")],
            &[core.1, include_str!("../../client/i18n/en/client.ftl")],
        ),
        "aggregate" => Catalog::new(
            &[core.0, include_str!("../../aggregate/i18n/sv/report.ftl")],
            &[core.1, include_str!("../../aggregate/i18n/en/report.ftl")],
        ),
        _ => Catalog::new(&[core.0], &[core.1]),
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The literal ids in one source text: the first string literal after a call's opening
/// parenthesis (or after its first argument).
fn ids_in(src: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for call in ["text(", "msg(", "has(", "t(", "get("] {
        let mut rest = src;
        while let Some(i) = rest.find(call) {
            let before = rest[..i].chars().last();
            rest = &rest[i + call.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            // Skip a first argument that is not a literal (the language).
            let args = rest.trim_start();
            let lit = if args.starts_with('"') {
                Some(args)
            } else {
                let comma = args.find(',').unwrap_or(usize::MAX);
                let close = args.find(')').unwrap_or(usize::MAX);
                (comma < close).then(|| args[comma + 1..].trim_start()).filter(|a| a.starts_with('"'))
            };
            if let Some(lit) = lit {
                if let Some(end) = lit[1..].find('"') {
                    let id = &lit[1..1 + end];
                    let looks_like_id = !id.is_empty()
                        && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                        && id.contains('-');
                    if looks_like_id {
                        ids.push(id.to_string());
                    }
                }
            }
        }
    }
    ids
}

#[test]
fn every_id_the_code_asks_for_exists_in_both_languages() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut checked = 0;
    let mut missing = Vec::new();
    let mut n_files = 0;
    for krate in ["core", "client", "server", "aggregate"] {
        let mut files = Vec::new();
        rust_files(&root.join(krate).join("src"), &mut files);
        n_files += files.len();
        let cat = catalog(krate);
        check_files(&files, &[&cat], &mut checked, &mut missing);
    }
    assert!(n_files > 30, "{n_files} source files");
    assert!(checked > 80, "only {checked} ids found: the scan is broken");
    assert!(missing.is_empty(), "ids without a message:\n{}", missing.join("\n"));
}

/// `cats`: the catalogs the files' ids must be in; core's command-line help (`help-…`, looked up
/// through the binaries' catalogs) must be in both binaries'.
fn check_files(files: &[PathBuf], cats: &[&Catalog], checked: &mut usize, missing: &mut Vec<String>) {
    let (client, server) = (catalog("client"), catalog("server"));
    for f in files {
        let src = std::fs::read_to_string(f).expect("source");
        if !src.contains("i18n") {
            continue;
        }
        // Unit tests ask for `no-such-…` on purpose.
        for id in ids_in(&src).into_iter().filter(|i| !i.starts_with("no-such")) {
            *checked += 1;
            let in_core = f.components().any(|c| c.as_os_str() == "core");
            let cats: Vec<&Catalog> =
                if in_core && id.starts_with("help-") { vec![&client, &server] } else { cats.to_vec() };
            for lang in [Lang::Sv, Lang::En] {
                if cats.iter().any(|c| !c.has(lang, &id)) {
                    missing.push(format!("{}: {id} ({lang:?})", f.display()));
                }
            }
        }
    }
}

#[test]
fn the_scan_finds_ids_and_ignores_other_calls() {
    let src = r#"i18n::text(lang, "err-a"); i18n::msg(lang, "b-c", &[]); t("d-e"); format!("x-y"); text(x, y)"#;
    assert_eq!(ids_in(src), vec!["err-a", "b-c", "d-e"]);
}
