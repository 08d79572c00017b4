//! `samla-server`'s words: `server/i18n/{sv,en}/server.ftl`, compiled in. Swedish by default,
//! English with `--lang en` (every command). Machine output (`--json`, report.json) is not
//! translated.

pub(crate) const SV: &str = include_str!("../i18n/sv/server.ftl");
pub(crate) const EN: &str = include_str!("../i18n/en/server.ftl");

samla_core::catalog_module!(sv: [SV], en: [EN]);

#[cfg(test)]
mod tests {
    #[test]
    fn both_languages_define_the_same_messages_once() {
        let problems = samla_core::i18n::check_sources(super::SV, super::EN, false);
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn messages_format() {
        use samla_core::Lang;
        assert_eq!(super::text(Lang::Sv, "status-late"), "sen");
        assert_eq!(super::msg(Lang::En, "org-enrolled", &[("org", "org-a".into())]), "Enrolled org-a.");
    }
}
