//! The hot path of localised text: messages that only place their
//! arguments and quoted text (no selectors, functions, references or
//! escapes), read once from the
//! embedded `.ftl` files into their literal pieces and filled by plain
//! string building, and [`Site`], the per-call-site memo that `tr!`
//! expands to, so that a message used on every row of the board is
//! neither looked up by name nor resolved by Fluent again.
//!
//! Fluent stays the source of the words: a pattern is kept here only when
//! its text is exactly what Fluent's resolver would write (text elements
//! verbatim, a variable as its value, no isolation marks); every other
//! message, and any call missing an argument, goes to Fluent. The tests
//! compare both paths on every message that takes this one.

use std::collections::HashMap;
use std::sync::OnceLock;

use fluent_syntax::ast::{Entry, Expression, InlineExpression, PatternElement};

use super::{Arg, Lang};

/// A piece of a flat message: text as written, or an argument's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece {
    Text(&'static str),
    Arg(&'static str),
}

/// A message that only places its arguments, in its pieces.
#[derive(Debug, PartialEq, Eq)]
pub struct Pattern {
    pieces: Vec<Piece>,
}

impl Pattern {
    /// Writes the message to `out`, asking `value` to write each
    /// argument; `false` when `value` does not know one (the caller then
    /// asks Fluent, which says what is missing).
    pub fn write(
        &self,
        out: &mut String,
        mut value: impl FnMut(&str, &mut String) -> bool,
    ) -> bool {
        self.pieces.iter().all(|piece| match piece {
            Piece::Text(text) => {
                out.push_str(text);
                true
            }
            Piece::Arg(name) => value(name, out),
        })
    }

    /// The message with `args` as `tr!` gives them, or `None` when one is
    /// missing or of a kind Fluent would format otherwise.
    fn fill(&self, args: &[(&'static str, Arg)]) -> Option<String> {
        let arg = |name: &str| args.iter().find(|(k, _)| *k == name).map(|(_, v)| v);
        // Sized once: a line of `check` is built from a dozen of these.
        let size = self
            .pieces
            .iter()
            .map(|piece| match piece {
                Piece::Text(text) => text.len(),
                Piece::Arg(name) => match arg(name) {
                    Some(Arg::String(s)) => s.len(),
                    _ => 20,
                },
            })
            .sum();
        let mut out = String::with_capacity(size);
        let all = self.write(&mut out, |name, out| {
            match arg(name) {
                Some(Arg::String(s)) => out.push_str(s),
                // As Fluent writes a number with no formatter set; a whole
                // one (the usual: minutes, counts) without float formatting.
                Some(Arg::Number(n)) => match whole(n) {
                    Some(i) => {
                        use std::fmt::Write as _;
                        let _ = write!(out, "{i}");
                    }
                    None => out.push_str(&n.as_string()),
                },
                _ => return false,
            }
            true
        });
        all.then_some(out)
    }
}

/// A number Fluent would write as a whole number, as one: no fraction
/// digits asked for, no fraction, exactly representable, and not -0 (which
/// Fluent writes with its sign).
fn whole(n: &fluent_templates::fluent_bundle::types::FluentNumber) -> Option<i64> {
    let v = n.value;
    let exact = v.fract() == 0.0 && v.abs() < 9_007_199_254_740_992.0;
    (n.options.minimum_fraction_digits.is_none() && exact && !(v == 0.0 && v.is_sign_negative()))
        .then_some(v as i64)
}

const SOURCES: [&str; 2] = [
    include_str!("../../locales/en/slaclock.ftl"),
    include_str!("../../locales/ja/slaclock.ftl"),
];

/// Every flat message of each language, by id (read once per run).
fn flat(lang: Lang) -> &'static HashMap<&'static str, Pattern> {
    static FLAT: OnceLock<[HashMap<&'static str, Pattern>; 2]> = OnceLock::new();
    &FLAT.get_or_init(|| SOURCES.map(read_flat))[lang as usize]
}

/// The flat messages of one `.ftl` text. A file that does not parse
/// yields none (Fluent then reports it as it always has).
fn read_flat(source: &'static str) -> HashMap<&'static str, Pattern> {
    let Ok(resource) = fluent_syntax::parser::parse(source) else {
        return HashMap::new();
    };
    resource
        .body
        .into_iter()
        .filter_map(|entry| {
            let Entry::Message(message) = entry else {
                return None;
            };
            let pieces = message
                .value?
                .elements
                .into_iter()
                .map(|element| match element {
                    PatternElement::TextElement { value } => Some(Piece::Text(value)),
                    PatternElement::Placeable {
                        expression: Expression::Inline(InlineExpression::VariableReference { id }),
                    } => Some(Piece::Arg(id.name)),
                    // `{ " " }`, kept as written when it has no escapes
                    // (Fluent unescapes those).
                    PatternElement::Placeable {
                        expression: Expression::Inline(InlineExpression::StringLiteral { value }),
                    } if !value.contains('\\') => Some(Piece::Text(value)),
                    _ => None,
                })
                .collect::<Option<Vec<_>>>()?;
            // Attributes are never shown, but a message with them is left
            // to Fluent rather than second-guessed.
            message
                .attributes
                .is_empty()
                .then_some((message.id.name, Pattern { pieces }))
        })
        .collect()
}

/// One place in the code that shows a message: its id and, per language,
/// the flat pattern (or that there is none), found on first use.
pub struct Site {
    id: &'static str,
    pattern: [OnceLock<Option<&'static Pattern>>; 2],
}

impl Site {
    pub const fn new(id: &'static str) -> Site {
        Site {
            id,
            pattern: [OnceLock::new(), OnceLock::new()],
        }
    }

    /// The message's flat pattern in `lang`, if it has one.
    pub fn pattern(&self, lang: Lang) -> Option<&'static Pattern> {
        *self.pattern[lang as usize].get_or_init(|| flat(lang).get(self.id))
    }

    /// The message in `lang` with `args`: built from its pieces when it
    /// is flat, else by Fluent.
    pub fn msg(&self, lang: Lang, args: &[(&'static str, Arg)]) -> String {
        self.pattern(lang)
            .and_then(|p| p.fill(args))
            .unwrap_or_else(|| lang.msg(self.id, args))
    }

    pub fn id(&self) -> &'static str {
        self.id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every flat message, filled with sample arguments, reads exactly as
    /// Fluent writes it, in both languages: text, numbers, and text that
    /// looks like Fluent syntax.
    #[test]
    fn a_flat_message_reads_exactly_as_fluent_writes_it() {
        let samples: [fn() -> Arg<'static>; 10] = [
            || Arg::from("x"),
            || Arg::from(12),
            || Arg::from(1234567),
            || Arg::from(0),
            || Arg::from(-0.0),
            || Arg::from(-45),
            || Arg::from(2.5),
            || Arg::from(i64::MAX),
            || Arg::from("{ $n } 「あと」 \\u0041"),
            || Arg::from(""),
        ];
        let mut compared = 0;
        for lang in Lang::ALL {
            for (id, pattern) in flat(lang) {
                let names: Vec<&'static str> = pattern
                    .pieces
                    .iter()
                    .filter_map(|p| match p {
                        Piece::Arg(name) => Some(*name),
                        Piece::Text(_) => None,
                    })
                    .collect();
                for sample in samples {
                    let args: Vec<(&'static str, Arg)> =
                        names.iter().map(|n| (*n, sample())).collect();
                    assert_eq!(
                        pattern.fill(&args).as_deref(),
                        Some(lang.msg(id, &args).as_str()),
                        "{id} in {lang:?}"
                    );
                    compared += 1;
                }
            }
        }
        assert!(compared > 500, "the files' flat messages: {compared}");
    }

    #[test]
    fn messages_that_choose_or_refer_are_left_to_fluent() {
        for lang in Lang::ALL {
            // Plural forms in English; both files keep the selector.
            assert!(flat(lang).get("weekday").is_none(), "{lang:?}");
        }
        assert!(flat(Lang::En).get("count-tickets").is_none());
        assert!(flat(Lang::En).get("span-h-m").is_some());
        // Quoted text, as `check`'s lines use for a leading space.
        assert!(flat(Lang::En).get("check-for").is_some());
        assert!(flat(Lang::Ja).get("date-full").is_some());
    }

    #[test]
    fn a_missing_argument_goes_to_fluent_which_shows_it() {
        static SITE: Site = Site::new("due-in");
        assert_eq!(SITE.msg(Lang::En, &[("span", Arg::from("12m"))]), "in 12m");
        assert_eq!(
            SITE.msg(Lang::En, &[]),
            Lang::En.msg("due-in", &[]),
            "Fluent's own rendering of a missing argument"
        );
    }
}
