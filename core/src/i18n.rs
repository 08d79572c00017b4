//! Samla's words, from Fluent message files as rage does. Each crate that speaks owns its files
//! and a [`Catalog`] of them: core `core/i18n/{sv,en}/samla.ftl` (a member's file: validation
//! and reading; shared by every catalog), the client `client/i18n/*/client.ftl`, the aggregation
//! `aggregate/i18n/*/report.ftl`, the server `server/i18n/*/server.ftl`. Swedish by default,
//! English with `--lang en`. The files are compiled in; a missing message shows as its id in
//! ⟦brackets⟧ (tests look for those, and `tests/tests/i18n_ids.rs` checks every id the code asks
//! for).

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use crate::Lang;

/// An argument value (a string or a number), for crates that build their own catalogs.
pub use fluent_bundle::FluentValue as Value;

/// Whether a Fluent source parses without errors (for the tests of each crate's files).
pub fn parses(src: &str) -> bool {
    FluentResource::try_new(src.to_string()).is_ok()
}

const SV: &str = include_str!("../i18n/sv/samla.ftl");
const EN: &str = include_str!("../i18n/en/samla.ftl");
/// Core's messages (validation and reading), for the catalogs of the crates that speak.
pub const CORE_SV: &str = SV;
pub const CORE_EN: &str = EN;

/// The messages of one crate in both languages, from its own `.ftl` files (a crate that
/// speaks owns its files and its catalog; `samla-server` has one for its command line).
pub struct Catalog {
    sv: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
}

impl Catalog {
    /// A catalog from the Swedish and English sources (each a list of `.ftl` texts).
    pub fn new(sv: &[&str], en: &[&str]) -> Catalog {
        let make = |srcs: &[&str], id: &str| {
            let mut b = FluentBundle::new_concurrent(vec![id.parse().unwrap_or_default()]);
            b.set_use_isolating(false);
            for src in srcs {
                let res = FluentResource::try_new(src.to_string()).unwrap_or_else(|(res, _)| res);
                let _ = b.add_resource(res);
            }
            b
        };
        Catalog { sv: make(sv, "sv"), en: make(en, "en") }
    }

    fn bundle(&self, lang: Lang) -> &FluentBundle<FluentResource> {
        match lang {
            Lang::Sv => &self.sv,
            Lang::En => &self.en,
        }
    }

    /// A message with arguments (strings or numbers); a missing one shows as ⟦id⟧.
    pub fn msg(&self, lang: Lang, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let b = self.bundle(lang);
        let Some(pattern) = b.get_message(id).and_then(|m| m.value()) else {
            return format!("⟦{id}⟧");
        };
        let mut fa = FluentArgs::new();
        for (k, v) in args {
            fa.set(*k, v.clone());
        }
        let mut errors = Vec::new();
        b.format_pattern(pattern, Some(&fa), &mut errors).into_owned()
    }

    /// Whether a message exists.
    pub fn has(&self, lang: Lang, id: &str) -> bool {
        self.bundle(lang).has_message(id)
    }

    /// A message without arguments.
    pub fn text(&self, lang: Lang, id: &str) -> String {
        self.msg(lang, id, &[])
    }
}

fn catalog() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(|| Catalog::new(&[SV], &[EN]))
}

/// A message with arguments (strings or numbers).
pub fn msg(lang: Lang, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    catalog().msg(lang, id, args)
}

/// Whether a message exists (for ids built from data, such as a population key).
pub fn has(lang: Lang, id: &str) -> bool {
    catalog().has(lang, id)
}

/// A message without arguments.
pub fn text(lang: Lang, id: &str) -> String {
    catalog().text(lang, id)
}

/// A number argument.
pub fn n(x: usize) -> FluentValue<'static> {
    FluentValue::from(x as f64)
}

/// Core's errors in the user's language: the first error in `e`'s chain that core knows (a
/// secret file's permissions, a wrong passphrase, a file that is not a Samla key …), for the
/// binaries to print instead of the English `Display`. `None` when there is none.
pub fn localized_error(e: &(dyn std::error::Error + 'static), lang: Lang) -> Option<String> {
    use crate::crypto::CryptoError;
    use crate::envelope::EnvelopeError;
    use crate::pseudonym::PseudonymError;
    use crate::secret::SecretError;
    let path = |p: &std::path::Path| -> FluentValue<'static> { p.display().to_string().into() };
    if let Some(se) = e.downcast_ref::<SecretError>() {
        return Some(match se {
            SecretError::TooOpen { path: p, mode } => {
                msg(lang, "err-secret-too-open", &[("file", path(p)), ("mode", format!("{mode:o}").into())])
            }
            SecretError::Exists { path: p } => msg(lang, "err-secret-exists", &[("file", path(p))]),
            SecretError::SharedOnWindows { path: p } => msg(lang, "err-secret-shared", &[("file", path(p))]),
            SecretError::Io { path: p, source } if source.kind() == std::io::ErrorKind::NotFound => {
                msg(lang, "err-file-missing", &[("file", path(p))])
            }
            other => other.to_string(),
        });
    }
    if let Some(ce) = e.downcast_ref::<CryptoError>() {
        return match ce {
            CryptoError::Identity => Some(text(lang, "err-identity")),
            CryptoError::NoRecipients => Some(text(lang, "err-no-recipients")),
            _ => None,
        };
    }
    if let Some(ee) = e.downcast_ref::<EnvelopeError>() {
        return match ee {
            EnvelopeError::BadKey => Some(text(lang, "err-not-signing-key")),
            EnvelopeError::BadPublicKey => Some(text(lang, "err-not-public-key")),
            _ => None,
        };
    }
    if let Some(PseudonymError::Format(what, start)) = e.downcast_ref::<PseudonymError>() {
        let id = format!("err-not-{}", what.replace(' ', "-"));
        let what = if has(lang, &id) { text(lang, &id) } else { what.to_string() };
        return Some(msg(lang, "err-not-secret-file", &[("what", what.into()), ("start", start.to_string().into())]));
    }
    None
}

/// An error chain (outermost first, as `anyhow::Error::chain` gives it) as the user reads it:
/// the contexts around the first error core can say in `lang` (usually a file name), then that
/// error's sentence. `None` when core knows none of them.
pub fn localized_chain<'a>(
    chain: impl Iterator<Item = &'a (dyn std::error::Error + 'static)>,
    lang: Lang,
) -> Option<String> {
    let chain: Vec<_> = chain.collect();
    chain.iter().enumerate().find_map(|(i, e)| {
        let sentence = localized_error(*e, lang)?;
        let outer: Vec<String> =
            chain[..i].iter().map(|c| c.to_string()).filter(|c| !sentence.contains(c.as_str())).collect();
        Some(if outer.is_empty() { sentence } else { format!("{}: {sentence}", outer.join(": ")) })
    })
}

/// A speaking crate's `i18n` module: its catalog over the given `.ftl` sources (Swedish, then
/// English) and `msg`, `text`, `has` over it.
///
/// ```ignore
/// samla_core::catalog_module!(sv: [samla_core::i18n::CORE_SV, SV], en: [samla_core::i18n::CORE_EN, EN]);
/// ```
#[macro_export]
macro_rules! catalog_module {
    (sv: [$($sv:expr),* $(,)?], en: [$($en:expr),* $(,)?]) => {
        pub use $crate::i18n::{n, Value};

        fn catalog() -> &'static $crate::i18n::Catalog {
            static C: ::std::sync::OnceLock<$crate::i18n::Catalog> = ::std::sync::OnceLock::new();
            C.get_or_init(|| $crate::i18n::Catalog::new(&[$($sv),*], &[$($en),*]))
        }

        /// A message with arguments (strings or numbers); a missing one shows as ⟦id⟧.
        pub fn msg(lang: $crate::Lang, id: &str, args: &[(&str, Value<'_>)]) -> String {
            catalog().msg(lang, id, args)
        }

        /// A message without arguments.
        pub fn text(lang: $crate::Lang, id: &str) -> String {
            catalog().text(lang, id)
        }

        /// Whether a message exists (ids built from data).
        #[allow(dead_code)]
        pub fn has(lang: $crate::Lang, id: &str) -> bool {
            catalog().has(lang, id)
        }
    };
}

/// The problems of a crate's message files: ids defined in one language only, a file that does
/// not parse, ids that clash with core's (empty when all is well; each crate's unit test).
pub fn check_sources(sv: &str, en: &str, with_core: bool) -> Vec<String> {
    fn ids(src: &str) -> std::collections::BTreeSet<&str> {
        src.lines()
            .filter(|l| !l.starts_with([' ', '#']) && l.contains(" ="))
            .filter_map(|l| l.split(" =").next())
            .collect()
    }
    let mut out = Vec::new();
    let (s, e) = (ids(sv), ids(en));
    out.extend(s.symmetric_difference(&e).map(|id| format!("{id}: not in both languages")));
    for (name, src) in [("sv", sv), ("en", en)] {
        if !parses(src) {
            out.push(format!("the {name} file does not parse"));
        }
    }
    if with_core {
        out.extend(s.intersection(&ids(CORE_SV)).map(|id| format!("{id}: also defined in core")));
    }
    out
}

/// The language asked for on a command line before it is parsed (so that `--help` and the
/// parse errors can speak it): `--lang xx` or `--lang=xx`, else `SAMLA_LANG`, else Swedish.
pub fn lang_from_args(args: &[String]) -> Lang {
    let given = args.iter().enumerate().find_map(|(i, a)| match a.strip_prefix("--lang") {
        Some("") => args.get(i + 1).cloned(),
        Some(v) => v.strip_prefix('=').map(str::to_string),
        None => None,
    });
    given.or_else(|| std::env::var("SAMLA_LANG").ok()).and_then(|v| v.parse().ok()).unwrap_or_default()
}

/// Command-line help from a catalog (rage's localised clap help): a command's description is
/// `help-<path>`, an argument's `help-<path>--<argument id>` (or `help-any--<argument id>` for
/// one that means the same in every command), where `<path>` is the command's
/// name and its subcommands' joined by `-` (`samla-submit`, `samla-server-round-open`); the
/// headings, the help and version flags are `help-usage`, `help-commands`, `help-options`,
/// `help-arguments`, `help-flag-help`, `help-flag-version`.
#[cfg(feature = "cli")]
pub mod cli {
    use clap::{Arg, ArgAction, Command};

    /// Put the catalog's words on every command and argument of `cmd` (ids the catalog lacks
    /// keep the text from the code).
    pub fn localize(cmd: Command, t: &dyn Fn(&str) -> Option<String>) -> Command {
        let path = cmd.get_name().to_string();
        let template = format!(
            "{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
            t("help-usage").unwrap_or_else(|| "Usage:".into())
        );
        let version = Arg::new("version")
            .short('V')
            .long("version")
            .action(ArgAction::Version)
            .help(t("help-flag-version").unwrap_or_else(|| "Print version".into()));
        let version = match t("help-options") {
            Some(h) => version.help_heading(h),
            None => version,
        };
        walk(cmd, &path, t, &template).disable_version_flag(true).arg(version)
    }

    fn walk(mut cmd: Command, path: &str, t: &dyn Fn(&str) -> Option<String>, template: &str) -> Command {
        if let Some(about) = t(&format!("help-{path}")) {
            cmd = cmd.about(about).long_about(None);
        }
        let ids: Vec<String> = cmd.get_arguments().map(|a| a.get_id().to_string()).collect();
        for id in ids {
            if let Some(h) = t(&format!("help-{path}--{id}")).or_else(|| t(&format!("help-any--{id}"))) {
                cmd = cmd.mut_arg(&id, |a| a.help(h).long_help(None));
            }
        }
        cmd = cmd.disable_help_flag(true).arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(t("help-flag-help").unwrap_or_else(|| "Print help".into())),
        );
        let (options, arguments) = (t("help-options"), t("help-arguments"));
        cmd = cmd.mut_args(|a| {
            let heading = if a.is_positional() { arguments.clone() } else { options.clone() };
            match heading {
                Some(h) if a.get_help_heading().is_none() => a.help_heading(h),
                _ => a,
            }
        });
        let names: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
        for n in names {
            let sub_path = format!("{path}-{n}");
            cmd = cmd.mut_subcommand(&n, |s| walk(s, &sub_path, t, template));
        }
        if let Some(h) = t("help-commands") {
            cmd = cmd.subcommand_help_heading(h);
        }
        cmd.help_template(template.to_string()).disable_help_subcommand(true)
    }

    /// Parse the process's command line for `P` with its help in the language asked for
    /// (`--lang`, `SAMLA_LANG`), the words from `words(lang, id)`; exits on a usage error as
    /// clap does.
    pub fn parse<P: clap::Parser>(words: &dyn Fn(crate::Lang, &str) -> Option<String>) -> P {
        let args: Vec<String> = std::env::args().collect();
        let lang = super::lang_from_args(&args);
        let matches = localize(P::command(), &|id| words(lang, id)).get_matches_from(args);
        P::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
    }

    /// The help ids of `cmd` (and the headings) that a catalog lacks in either language (`has`),
    /// for each binary's test that its `--help` is translated.
    pub fn missing_help(cmd: &Command, has: &dyn Fn(crate::Lang, &str) -> bool) -> Vec<String> {
        let ids = help_ids(cmd);
        let fixed =
            ["help-usage", "help-commands", "help-options", "help-arguments", "help-flag-help", "help-flag-version"];
        let mut missing = Vec::new();
        for lang in [crate::Lang::Sv, crate::Lang::En] {
            // The localised command must still be a valid one (clap's own checks).
            localize(cmd.clone(), &|id| has(lang, id).then(|| id.to_string())).debug_assert();
            for id in ids.iter().map(String::as_str).chain(fixed) {
                let any = id.split_once("--").is_some_and(|(_, a)| has(lang, &format!("help-any--{a}")));
                if !has(lang, id) && !any {
                    missing.push(format!("{lang:?} {id}"));
                }
            }
        }
        missing
    }

    /// Every command path and (documented, visible) argument id of `cmd` as the catalog ids
    /// [`localize`] looks up first
    /// (for a test that no help text is missing in a language).
    pub fn help_ids(cmd: &Command) -> Vec<String> {
        fn go(cmd: &Command, path: &str, out: &mut Vec<String>) {
            out.push(format!("help-{path}"));
            for a in cmd.get_arguments() {
                let id = a.get_id().as_str();
                if a.get_help().is_some() && !a.is_hide_set() && !["help", "version"].contains(&id) {
                    out.push(format!("help-{path}--{id}"));
                }
            }
            for s in cmd.get_subcommands() {
                go(s, &format!("{path}-{}", s.get_name()), out);
            }
        }
        let mut out = Vec::new();
        go(cmd, cmd.get_name(), &mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_define_the_same_messages() {
        let problems = check_sources(SV, EN, false);
        assert!(problems.is_empty(), "{problems:?}");
        assert!(!check_sources("a = x\n", "b = y\n", false).is_empty(), "a one-language id is found");
    }

    #[test]
    fn plurals_and_the_headerless_summary() {
        let s = |lang, p: usize, r: usize| {
            msg(lang, "report-summary", &[("problems", n(p)), ("rows", n(r)), ("file", "a.csv".into())])
        };
        assert_eq!(s(Lang::Sv, 1, 1), "1 fel på 1 rad i a.csv. Ingenting har skickats. Rätta filen och försök igen.");
        assert_eq!(s(Lang::Sv, 3, 2), "3 fel på 2 rader i a.csv. Ingenting har skickats. Rätta filen och försök igen.");
        assert_eq!(s(Lang::Sv, 2, 0), "2 fel i a.csv. Ingenting har skickats. Rätta filen och försök igen.");
        assert_eq!(s(Lang::En, 1, 1), "1 problem on 1 row in a.csv. Nothing was sent. Correct the file and try again.");
        assert_eq!(s(Lang::En, 2, 0), "2 problems in a.csv. Nothing was sent. Correct the file and try again.");
        assert_eq!(text(Lang::Sv, "no-such-id"), "⟦no-such-id⟧");
    }
}
