//! Localised text through one door (Project Fluent): every message a person
//! reads is looked up here by its id in `locales/<lang>/slaclock.ftl`,
//! which the binary embeds when it is built (no file is read at run time).
//! This module also decides which language a run speaks, from `--lang`
//! and the environment's values as given to it (it reads no environment
//! itself; `app::context` and `main` do).
//!
//! What scripts read (JSON, CSV, OpenMetrics, `check`'s first line and
//! perfdata, exit codes) never passes through here.
//!
//! The language of what is rendered travels in `output::Style` (so a test
//! can render both languages in one process). The language of errors is
//! set once, in `main`, with [`set_errors`]: refusals are built deep in
//! clap's value parsers and the input checks, where no render context
//! reaches, and threading a language into each would change every
//! signature for one setting that never changes during a run.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

pub mod os;
mod quote;
mod site;
mod span;
pub use quote::{plain, quoted, reorders, shown};
pub use site::{Pattern, Site};
pub use span::duration;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid, static_loader};

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // No Unicode isolation marks around placeables: they would show
        // in terminals and break `grep` on the output.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// A language slaclock speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Ja,
}

/// A value for a message's placeable: text or a number (numbers pick
/// plural forms).
pub type Arg<'a> = FluentValue<'a>;

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ja];

    /// The code `--lang` and `SLACLOCK_LANG` take.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    fn id(self) -> LanguageIdentifier {
        match self {
            Lang::En => langid!("en"),
            Lang::Ja => langid!("ja"),
        }
    }

    /// `--lang` or `SLACLOCK_LANG`: `en` or `ja`, nothing else.
    pub fn parse(value: &str) -> Result<Lang, String> {
        match value.trim() {
            "en" => Ok(Lang::En),
            "ja" => Ok(Lang::Ja),
            _ => Err(crate::msg!("refuse-lang", value = quoted(value)).to_string()),
        }
    }

    /// A POSIX locale name (`ja_JP.UTF-8`, `ja_JP`, `ja`, `C`): Japanese
    /// for `ja` with any territory or modifier, in UTF-8 or no codeset
    /// named, else English. slaclock writes UTF-8, which a terminal set to
    /// another codeset (`ja_JP.eucJP`, `ja_JP.SJIS`) shows as mojibake;
    /// English reads the same in any of them.
    pub fn of_locale(value: &str) -> Lang {
        let language = value.split(['_', '.', '@']).next().unwrap_or_default();
        let codeset = value
            .split_once('.')
            .map(|(_, rest)| rest.split('@').next().unwrap_or(rest));
        let utf8 = codeset
            .is_none_or(|c| c.eq_ignore_ascii_case("utf-8") || c.eq_ignore_ascii_case("utf8"));
        if language == "ja" && utf8 {
            Lang::Ja
        } else {
            Lang::En
        }
    }

    /// The language of a run: `--lang`, else `SLACLOCK_LANG`, else the
    /// locale (the first non-empty of `LC_ALL`, `LC_MESSAGES` and `LANG`,
    /// as POSIX reads them), else English. `env` gives a variable's value.
    /// An unknown `--lang` or `SLACLOCK_LANG` is refused, naming it.
    pub fn choose(
        flag: Option<&str>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Lang, String> {
        if let Some(v) = flag {
            return Lang::parse(v).map_err(|e| format!("--lang: {e}"));
        }
        if let Some(v) = env("SLACLOCK_LANG").filter(|v| !v.is_empty()) {
            return Lang::parse(&v).map_err(|e| format!("SLACLOCK_LANG: {e}"));
        }
        Ok(["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .find_map(|name| env(name).filter(|v| !v.is_empty()))
            .map_or(Lang::En, |v| Lang::of_locale(&v)))
    }

    /// The message `id` with `args`, by Fluent. An id missing from the
    /// language's file falls back to English, and one missing from both
    /// shows as the id itself (the tests see that no id is missing).
    ///
    /// A lookup goes straight to the language's own bundle (both files
    /// define the same ids, as the tests check); only a miss takes the
    /// loader's slower path, which negotiates the fallback. The board's
    /// words do not come here: `tr!` builds flat messages from their
    /// pieces ([`Site`]).
    pub fn msg(self, id: &str, args: &[(&'static str, Arg)]) -> String {
        let args: Option<HashMap<Cow<'static, str>, FluentValue>> = (!args.is_empty()).then(|| {
            args.iter()
                .map(|(k, v)| (Cow::Borrowed(*k), v.clone()))
                .collect()
        });
        LOCALES
            .lookup_single_language(&self.id(), id, args.as_ref())
            .ok()
            .or_else(|| match &args {
                Some(args) => LOCALES.try_lookup_with_args(&self.id(), id, args),
                None => LOCALES.try_lookup(&self.id(), id),
            })
            .unwrap_or_else(|| id.to_string())
    }

    /// Whether this language's own file defines `id` (its arguments
    /// aside: a message formatted without them still exists).
    #[cfg(test)]
    fn defines(self, id: &str) -> bool {
        // The loader's error type is private; only formatting errors
        // (the arguments left out) start otherwise.
        match LOCALES.lookup_single_language::<&str>(&self.id(), id, None) {
            Ok(_) => true,
            Err(e) => e.to_string().starts_with("Fluent errors"),
        }
    }
}

/// A message by id in a language, with named arguments:
/// `tr!(lang, "due-in", span = "12m")`, `tr!(lang, "span-m", m = 12)`. Every id
/// given to it is checked against both files by the tests, so it must be
/// a string literal. Each use is a [`Site`] that remembers the message's
/// pieces, so showing it again costs string building, not a lookup.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $id:literal $(, $name:ident = $value:expr)* $(,)?) => {{
        static SITE: $crate::i18n::Site = $crate::i18n::Site::new($id);
        SITE.msg(
            $lang,
            &[$((stringify!($name), $crate::i18n::Arg::from($value))),*],
        )
    }};
}

/// A value given to a [`Msg`]: text, a whole number (which picks plural
/// forms), or another message, told in the same language (a problem
/// placed after where it is: `severity.1.response: {the duration's}`).
/// Owned, so that a message can travel in an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Number(i64),
    Msg(Box<Msg>),
    /// Items said as a list, joined as the language joins them
    /// (`list-comma`: `#6, #5, #4`, 「#6、#5、#4」).
    List(Vec<String>),
}

impl From<Vec<String>> for Value {
    fn from(v: Vec<String>) -> Value {
        Value::List(v)
    }
}

impl From<Vec<&str>> for Value {
    fn from(v: Vec<&str>) -> Value {
        Value::List(v.into_iter().map(str::to_owned).collect())
    }
}

impl From<Msg> for Value {
    fn from(v: Msg) -> Value {
        Value::Msg(Box::new(v))
    }
}

impl From<String> for Value {
    fn from(v: String) -> Value {
        Value::Text(v)
    }
}

impl From<&str> for Value {
    fn from(v: &str) -> Value {
        Value::Text(v.to_string())
    }
}

impl From<&String> for Value {
    fn from(v: &String) -> Value {
        Value::Text(v.clone())
    }
}

/// The largest whole number a float (Fluent's numbers) holds exactly.
const EXACT: u64 = 1 << 53;

// A number beyond what a float holds exactly goes as its digits: Fluent
// would print 9223372036854775807 as 9223372036854776000. Ids and event
// numbers are passed as text anyway; this keeps any other number honest.
macro_rules! number_values {
    ($($t:ty),*) => {$(
        impl From<$t> for Value {
            fn from(v: $t) -> Value {
                match i64::try_from(v) {
                    Ok(n) if n.unsigned_abs() <= EXACT => Value::Number(n),
                    _ => Value::Text(v.to_string()),
                }
            }
        }
    )*};
}
number_values!(i64, u64, usize, i32, u32, u16, u8);

/// A message by id and its values, told when it is shown, in the
/// language of errors ([`errors`]): what a refusal or an error carries,
/// so that the words are chosen once, where the run ends (`main`), not
/// where the refusal is decided. Built with [`msg!`](crate::msg).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    id: &'static str,
    args: Vec<(&'static str, Value)>,
}

impl Msg {
    pub fn new(id: &'static str, args: Vec<(&'static str, Value)>) -> Msg {
        Msg { id, args }
    }

    /// The message in `lang`.
    pub fn told_in(&self, lang: Lang) -> String {
        let args: Vec<(&'static str, Arg)> = self
            .args
            .iter()
            .map(|(k, v)| {
                let v = match v {
                    Value::Text(t) => Arg::from(t.as_str()),
                    Value::Number(n) => Arg::from(*n),
                    Value::Msg(m) => Arg::from(m.told_in(lang)),
                    Value::List(items) => Arg::from(items.join(&lang.msg("list-comma", &[]))),
                };
                (*k, v)
            })
            .collect();
        lang.msg(self.id, &args)
    }
}

impl std::fmt::Display for Msg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.told_in(errors()))
    }
}

impl std::error::Error for Msg {}

/// A [`Msg`]: `msg!["refuse-no-ticket", id = id.to_string(), ...]`, told
/// in the language of errors when shown; given to `bail!` it refuses with
/// it, to `.context` it says what failed. As with `tr!`, the id is a
/// literal the tests check against both files.
#[macro_export]
macro_rules! msg {
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::i18n::Msg::new(
            $id,
            vec![$((stringify!($name), $crate::i18n::Value::from($value))),*],
        )
    };
}

static ERRORS: OnceLock<Lang> = OnceLock::new();

/// Sets the language errors are told in, once per run (`main`).
pub fn set_errors(lang: Lang) {
    let _ = ERRORS.set(lang);
}

/// The language errors are told in: English until `main` sets it.
pub fn errors() -> Lang {
    ERRORS.get().copied().unwrap_or_default()
}

/// The ids a Fluent file defines, in order (messages only; terms start
/// with `-` and are private to the file).
#[cfg(test)]
pub(crate) fn ids(ftl: &str) -> Vec<String> {
    use fluent_syntax::ast::Entry;
    let resource = fluent_syntax::parser::parse(ftl).unwrap_or_else(|(_, errors)| {
        panic!("the .ftl file does not parse: {errors:?}");
    });
    resource
        .body
        .iter()
        .filter_map(|e| match e {
            Entry::Message(m) => Some(m.id.name.to_string()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const EN: &str = include_str!("../locales/en/slaclock.ftl");
    const JA: &str = include_str!("../locales/ja/slaclock.ftl");

    #[test]
    fn both_languages_define_exactly_the_same_messages() {
        let (en, ja) = (ids(EN), ids(JA));
        let mut sorted_en = en.clone();
        sorted_en.sort();
        sorted_en.dedup();
        assert_eq!(sorted_en.len(), en.len(), "an id defined twice in en");
        let mut sorted_ja = ja.clone();
        sorted_ja.sort();
        sorted_ja.dedup();
        assert_eq!(sorted_ja.len(), ja.len(), "an id defined twice in ja");
        let only_en: Vec<_> = sorted_en
            .iter()
            .filter(|i| !sorted_ja.contains(i))
            .collect();
        let only_ja: Vec<_> = sorted_ja
            .iter()
            .filter(|i| !sorted_en.contains(i))
            .collect();
        assert!(
            only_en.is_empty() && only_ja.is_empty(),
            "only in en: {only_en:?}; only in ja: {only_ja:?}"
        );
        // Each file is read by the loader too (a message that does not
        // resolve would show its id).
        for id in &en {
            for lang in Lang::ALL {
                assert!(lang.defines(id), "{id} in {lang:?}");
            }
        }
    }

    /// Every call of `tr!` in the source names an id both files define.
    #[test]
    fn every_id_the_code_uses_exists() {
        let en = ids(EN);
        let mut used = vec![];
        let mut stack = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        ))];
        while let Some(path) = stack.pop() {
            if path.is_dir() {
                for entry in std::fs::read_dir(&path).unwrap() {
                    stack.push(entry.unwrap().path());
                }
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            // Built, so that this line is not a call the scan finds.
            let calls = [
                ["tr", "!("].concat(),
                ["msg", "!("].concat(),
                ["Site", "::new("].concat(),
            ];
            let found = calls
                .iter()
                .flat_map(|call| text.match_indices(call.as_str()));
            for (at, call) in found {
                let before = text[..at].chars().next_back().unwrap_or(' ');
                if before.is_alphanumeric() || before == '_' {
                    continue; // `include_str!(` and the like
                }
                if call.ends_with("::new(") && !text[at + call.len()..].starts_with('"') {
                    continue; // `tr!` itself, passing its id on
                }
                // The id is the first string literal after the language.
                let rest = &text[at..];
                let open = rest.find('"').unwrap();
                let close = rest[open + 1..].find('"').unwrap() + open + 1;
                let id = &rest[open + 1..close];
                assert!(
                    !id.is_empty()
                        && id
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                    "{}: a call to tr! or msg! whose id is not a literal: {id:?}",
                    path.display()
                );
                used.push((path.display().to_string(), id.to_string()));
            }
        }
        assert!(used.len() > 20, "the scan found the calls: {}", used.len());
        let missing: Vec<_> = used.iter().filter(|(_, id)| !en.contains(id)).collect();
        assert!(missing.is_empty(), "ids used but not defined: {missing:?}");
    }

    #[test]
    fn english_says_one_and_many_ja_counts_the_same_way() {
        let en = |n: i64| tr!(Lang::En, "count-tickets", n = n);
        assert_eq!(en(1), "1 ticket");
        assert_eq!(en(2), "2 tickets");
        assert_eq!(en(0), "0 tickets");
        let ja = |n: i64| tr!(Lang::Ja, "count-tickets", n = n);
        assert_eq!(ja(1), "1件");
        assert_eq!(ja(2), "2件");
        let unrecorded = |n: usize| tr!(Lang::En, "notify-not-recorded", n = n);
        assert!(unrecorded(1).starts_with("1 event was sent"));
        assert!(unrecorded(3).starts_with("3 events were sent"));
    }

    #[test]
    fn a_message_carried_by_an_error_is_told_in_the_language_asked() {
        let m = msg!("refuse-no-ticket", id = "#7", n = 2, recent = "#2, #1");
        assert_eq!(
            m.told_in(Lang::En),
            "no ticket #7; the most recent are #2, #1"
        );
        assert_eq!(
            m.told_in(Lang::Ja),
            "チケット#7はありません。最近のチケット: #2, #1"
        );
        let one = msg!("refuse-no-ticket", id = "#7", n = 1, recent = "#1");
        assert_eq!(one.told_in(Lang::En), "no ticket #7; the only ticket is #1");
        assert_eq!(
            one.told_in(Lang::Ja),
            "チケット#7はありません。チケットは#1だけです"
        );
        // Numbers pick nothing here but print as given.
        let m = msg!("input-long", what = "x", n = 201usize, max = 200usize);
        assert_eq!(
            m.told_in(Lang::En),
            "the x is 201 characters long; keep it to 200"
        );
    }

    #[test]
    fn a_number_too_big_for_a_float_is_told_as_given() {
        let m = msg!("input-long", what = "x", n = i64::MAX, max = u64::MAX);
        assert_eq!(
            m.told_in(Lang::En),
            "the x is 9223372036854775807 characters long; keep it to 18446744073709551615"
        );
        let m = msg!(
            "input-long",
            what = "x",
            n = -(1i64 << 53),
            max = 1u64 << 53
        );
        assert_eq!(
            m.told_in(Lang::En),
            "the x is -9007199254740992 characters long; keep it to 9007199254740992"
        );
    }

    #[test]
    fn a_message_inside_a_message_is_told_in_the_same_language() {
        let inner = msg!("refuse-no-ticket", id = "#7", n = 2, recent = "#2, #1");
        let m = msg!("policy-at", what = "x", problem = inner);
        assert_eq!(
            m.told_in(Lang::En),
            "x: no ticket #7; the most recent are #2, #1"
        );
        assert_eq!(
            m.told_in(Lang::Ja),
            "x: チケット#7はありません。最近のチケット: #2, #1"
        );
    }

    #[test]
    fn no_isolation_marks_around_arguments() {
        let text = tr!(Lang::En, "span-m", m = 12);
        assert_eq!(text, "12m");
        assert!(!text.contains('\u{2068}'));
    }

    #[test]
    fn the_language_is_chosen_flag_first_then_slaclock_lang_then_the_locale() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(Lang::choose(None, env(&[])), Ok(Lang::En));
        assert_eq!(
            Lang::choose(None, env(&[("LANG", "ja_JP.UTF-8")])),
            Ok(Lang::Ja)
        );
        assert_eq!(Lang::choose(None, env(&[("LANG", "ja_JP")])), Ok(Lang::Ja));
        assert_eq!(Lang::choose(None, env(&[("LANG", "ja")])), Ok(Lang::Ja));
        assert_eq!(Lang::choose(None, env(&[("LANG", "C")])), Ok(Lang::En));
        assert_eq!(Lang::choose(None, env(&[("LANG", "POSIX")])), Ok(Lang::En));
        assert_eq!(
            Lang::choose(None, env(&[("LANG", "fr_FR.UTF-8")])),
            Ok(Lang::En)
        );
        assert_eq!(Lang::choose(None, env(&[("LANG", "jam")])), Ok(Lang::En));
        // Japanese is written in UTF-8: a locale in another codeset gets
        // English rather than mojibake.
        for locale in ["ja_JP.utf8", "ja_JP.UTF-8@euro", "ja.UTF8"] {
            assert_eq!(Lang::of_locale(locale), Lang::Ja, "{locale}");
        }
        for locale in [
            "ja_JP.EUC-JP",
            "ja_JP.eucJP",
            "ja_JP.SJIS",
            "ja_JP.Shift_JIS@x",
        ] {
            assert_eq!(Lang::of_locale(locale), Lang::En, "{locale}");
        }
        // POSIX: LC_ALL over LC_MESSAGES over LANG; empty ones skipped.
        let both = env(&[("LC_ALL", "C"), ("LANG", "ja_JP.UTF-8")]);
        assert_eq!(Lang::choose(None, both), Ok(Lang::En));
        let messages = env(&[("LC_ALL", ""), ("LC_MESSAGES", "ja_JP"), ("LANG", "C")]);
        assert_eq!(Lang::choose(None, messages), Ok(Lang::Ja));
        // SLACLOCK_LANG over the locale, --lang over everything.
        let own = env(&[("SLACLOCK_LANG", "en"), ("LC_ALL", "ja_JP.UTF-8")]);
        assert_eq!(Lang::choose(None, own), Ok(Lang::En));
        let own = env(&[("SLACLOCK_LANG", "ja")]);
        assert_eq!(Lang::choose(Some("en"), own), Ok(Lang::En));
        assert_eq!(
            Lang::choose(Some("fr"), env(&[])),
            Err("--lang: \"fr\" is not a language slaclock speaks; give en or ja".into())
        );
        assert_eq!(
            Lang::choose(None, env(&[("SLACLOCK_LANG", "ja_JP")])),
            Err("SLACLOCK_LANG: \"ja_JP\" is not a language slaclock speaks; give en or ja".into())
        );
    }
}
