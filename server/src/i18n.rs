//! `samla-server`'s words: `server/i18n/{sv,en}/server.ftl`, compiled in. Swedish by default,
//! English with `--lang en` (every command). Machine output (`--json`, report.json) is not
//! translated.

use std::sync::OnceLock;

use samla_core::i18n::Catalog;
pub use samla_core::i18n::Value;
use samla_core::Lang;

pub use samla_core::i18n::n;

const SV: &str = include_str!("../i18n/sv/server.ftl");
const EN: &str = include_str!("../i18n/en/server.ftl");

fn catalog() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(|| Catalog::new(&[SV], &[EN]))
}

/// A message with arguments.
pub fn msg(lang: Lang, id: &str, args: &[(&str, Value<'_>)]) -> String {
    catalog().msg(lang, id, args)
}

/// A message without arguments.
pub fn text(lang: Lang, id: &str) -> String {
    catalog().text(lang, id)
}

/// Whether a message exists (ids built from data, such as a member's status).
pub fn has(lang: Lang, id: &str) -> bool {
    catalog().has(lang, id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(src: &str) -> std::collections::BTreeSet<&str> {
        src.lines()
            .filter(|l| !l.starts_with([' ', '#']) && l.contains(" ="))
            .filter_map(|l| l.split(" =").next())
            .collect()
    }

    #[test]
    fn both_languages_define_the_same_messages_and_parse() {
        assert_eq!(ids(SV), ids(EN));
        for src in [SV, EN] {
            assert!(samla_core::i18n::parses(src));
        }
        assert_eq!(text(Lang::Sv, "status-late"), "sen");
        assert_eq!(msg(Lang::En, "org-enrolled", &[("org", "org-a".into())]), "Enrolled org-a.");
    }
}
