//! This crate's words: `client/i18n/{sv,en}/client.ftl`, with core's shared messages
//! (`core/i18n/*/samla.ftl`), compiled in. Swedish by default, English with `--lang en`.

pub(crate) const SV: &str = include_str!("../i18n/sv/client.ftl");
pub(crate) const EN: &str = include_str!("../i18n/en/client.ftl");

samla_core::catalog_module!(sv: [samla_core::i18n::CORE_SV, SV], en: [samla_core::i18n::CORE_EN, EN]);

#[cfg(test)]
mod tests {
    #[test]
    fn both_languages_define_the_same_messages_once() {
        let problems = samla_core::i18n::check_sources(super::SV, super::EN, true);
        assert!(problems.is_empty(), "{problems:?}");
    }
}
