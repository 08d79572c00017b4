//! Every message id the code asks for exists in both languages: the sources of every crate are
//! scanned for literal ids given to the i18n functions (`i18n::text(lang, "…")`,
//! `i18n::msg(lang, "…", …)`, `i18n::has(lang, "…")`, a local `t("…")`), so an id renamed in a
//! `.ftl` file but not in the code (which would show as ⟦id⟧ to a user) fails here.

use std::path::{Path, PathBuf};

use samla_core::i18n::{self, Catalog};
use samla_core::Lang;

/// `samla-server` owns its messages (server/i18n); the other crates speak through core's.
fn server_catalog() -> Catalog {
    Catalog::new(&[include_str!("../../server/i18n/sv/server.ftl")], &[include_str!("../../server/i18n/en/server.ftl")])
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
    let mut files = Vec::new();
    for krate in ["core", "client", "server", "aggregate"] {
        rust_files(&root.join(krate).join("src"), &mut files);
    }
    assert!(files.len() > 30, "{} source files", files.len());
    let server = server_catalog();
    let mut checked = 0;
    let mut missing = Vec::new();
    for f in &files {
        let src = std::fs::read_to_string(f).expect("source");
        if !src.contains("i18n") {
            continue;
        }
        let in_server = f.components().any(|c| c.as_os_str() == "server");
        // Unit tests ask for `no-such-…` on purpose.
        for id in ids_in(&src).into_iter().filter(|i| !i.starts_with("no-such")) {
            checked += 1;
            for lang in [Lang::Sv, Lang::En] {
                let found = if in_server { server.has(lang, &id) } else { i18n::has(lang, &id) };
                if !found {
                    missing.push(format!("{}: {id} ({lang:?})", f.display()));
                }
            }
        }
    }
    assert!(checked > 80, "only {checked} ids found: the scan is broken");
    assert!(missing.is_empty(), "ids without a message:\n{}", missing.join("\n"));
}

#[test]
fn the_scan_finds_ids_and_ignores_other_calls() {
    let src = r#"i18n::text(lang, "err-a"); i18n::msg(lang, "b-c", &[]); t("d-e"); format!("x-y"); text(x, y)"#;
    assert_eq!(ids_in(src), vec!["err-a", "b-c", "d-e"]);
}
