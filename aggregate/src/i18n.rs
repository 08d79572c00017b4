//! This crate's words: `aggregate/i18n/{sv,en}/report.ftl`, with core's shared messages
//! (`core/i18n/*/samla.ftl`), compiled in. Swedish by default, English with `--lang en`.

use std::sync::OnceLock;

use samla_core::i18n::Catalog;
pub use samla_core::i18n::{n, Value};
use samla_core::Lang;

pub(crate) const SV: &str = include_str!("../i18n/sv/report.ftl");
pub(crate) const EN: &str = include_str!("../i18n/en/report.ftl");

fn catalog() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(|| Catalog::new(&[samla_core::i18n::CORE_SV, SV], &[samla_core::i18n::CORE_EN, EN]))
}

/// A message with arguments (strings or numbers); a missing one shows as ⟦id⟧.
pub fn msg(lang: Lang, id: &str, args: &[(&str, Value<'_>)]) -> String {
    catalog().msg(lang, id, args)
}

/// A message without arguments.
pub fn text(lang: Lang, id: &str) -> String {
    catalog().text(lang, id)
}

/// Whether a message exists (ids built from data).
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
    fn both_languages_define_the_same_messages_once() {
        assert_eq!(ids(SV), ids(EN));
        assert!(samla_core::i18n::parses(SV) && samla_core::i18n::parses(EN));
        let core = ids(samla_core::i18n::CORE_SV);
        let clash: Vec<_> = ids(SV).intersection(&core).copied().collect();
        assert!(clash.is_empty(), "ids defined both here and in core: {clash:?}");
    }
}
