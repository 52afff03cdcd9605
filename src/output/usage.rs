//! clap's usage errors told in a language: what clap says (an unknown
//! argument, a value not among the possible ones, a missing argument, two
//! that cannot go together, its tips, the usage line and where to read
//! more), rebuilt from the error's kind and context with slaclock's own
//! messages. English is told by clap itself (`main` prints clap's text,
//! coloured as clap colours it); this renders the same parts in the same
//! order, and the tests check that its English is clap's byte for byte,
//! so no part clap says is left out of another language.
//!
//! A refusal a value parser made (`clap::Error::raw`, slaclock's own
//! words, already told in the language of errors) is passed through.

use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::i18n::Lang;
use crate::tr;

/// clap's indent for the lines under the first.
const TAB: &str = "  ";

/// `error`'s text in `lang`, as clap lays it out (the first line after
/// the error prefix, then tips, the usage and where to read more), with
/// no newline at the end.
pub fn usage_error(lang: Lang, error: &clap::Error) -> String {
    let mut out = format!("{} ", tr!(lang, "error-prefix"));
    let Some(first) = first_line(lang, error) else {
        // A refusal of slaclock's own (a value parser's), or one clap
        // gives no context for: its words as they are.
        let text = error.to_string();
        let text = text.strip_prefix("error: ").unwrap_or(&text);
        out.push_str(text.trim_end());
        return out;
    };
    out.push_str(&first);

    let tip = |out: &mut String, words: &str| {
        out.push('\n');
        out.push_str(TAB);
        out.push_str(&tr!(lang, "clap-tip"));
        out.push(' ');
        out.push_str(words);
    };
    let mut suggested = false;
    for (kind, what) in [
        (ContextKind::SuggestedSubcommand, "subcommand"),
        (ContextKind::SuggestedArg, "argument"),
        (ContextKind::SuggestedValue, "value"),
    ] {
        if let Some(value) = error.get(kind) {
            if !suggested {
                out.push('\n');
                suggested = true;
            }
            tip(&mut out, &similar(lang, what, value));
        }
    }
    if let Some(ContextValue::StyledStrs(tips)) = error.get(ContextKind::Suggested) {
        if !suggested {
            out.push('\n');
        }
        for t in tips {
            tip(&mut out, &clap_tip(lang, &t.to_string()));
        }
    }
    if let Some(ContextValue::StyledStr(usage)) = error.get(ContextKind::Usage) {
        let usage = usage.to_string();
        let line = usage.strip_prefix("Usage: ").unwrap_or(&usage);
        out.push_str("\n\n");
        out.push_str(&tr!(lang, "clap-usage", usage = line));
    }
    if let Some(flag) = help_flag(error) {
        out.push_str("\n\n");
        out.push_str(&tr!(lang, "clap-more", flag = flag));
    }
    out
}

/// What clap says on the error's first line, or `None` when the error has
/// no context to say it from (clap then says its own text).
fn first_line(lang: Lang, error: &clap::Error) -> Option<String> {
    let text = |kind| match error.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        _ => None,
    };
    let number = |kind| match error.get(kind) {
        Some(ContextValue::Number(n)) => Some(*n as i64),
        _ => None,
    };
    let arg = text(ContextKind::InvalidArg);
    let value = text(ContextKind::InvalidValue);
    Some(match error.kind() {
        ErrorKind::ArgumentConflict => {
            let mut prior = error.get(ContextKind::PriorArg);
            let who = match (&arg, text(ContextKind::InvalidSubcommand)) {
                (Some(a), _) if prior == Some(&ContextValue::String(a.clone())) => {
                    return Some(tr!(lang, "clap-conflict-again", arg = a.as_str()));
                }
                (Some(a), _) => tr!(lang, "clap-conflict-arg", arg = a.as_str()),
                (None, Some(s)) => tr!(lang, "clap-conflict-subcommand", subcommand = s),
                (None, None) => return None,
            };
            match prior.take() {
                None => tr!(lang, "clap-conflict-alone", who = who),
                Some(ContextValue::Strings(all)) => {
                    let mut line = tr!(lang, "clap-conflict-with-these", who = who);
                    for v in all {
                        line.push('\n');
                        line.push_str(TAB);
                        line.push_str(v);
                    }
                    line
                }
                Some(ContextValue::String(other)) => {
                    tr!(
                        lang,
                        "clap-conflict-with",
                        who = who,
                        other = other.as_str()
                    )
                }
                Some(_) => tr!(lang, "clap-conflict-with-others", who = who),
            }
        }
        ErrorKind::NoEquals => tr!(lang, "clap-no-equals", arg = arg?),
        ErrorKind::InvalidValue => {
            let (arg, value) = (arg?, value?);
            let mut line = if value.is_empty() {
                tr!(lang, "clap-value-missing", arg = arg)
            } else {
                tr!(lang, "clap-value-invalid", arg = arg, value = value)
            };
            if let Some(ContextValue::Strings(valid)) = error.get(ContextKind::ValidValue) {
                values_list(lang, &mut line, "clap-possible-values", valid);
            }
            line
        }
        ErrorKind::InvalidSubcommand => tr!(
            lang,
            "clap-unknown-subcommand",
            subcommand = text(ContextKind::InvalidSubcommand)?
        ),
        ErrorKind::MissingRequiredArgument => {
            let Some(ContextValue::Strings(missing)) = error.get(ContextKind::InvalidArg) else {
                return None;
            };
            let mut line = tr!(lang, "clap-missing");
            for v in missing {
                line.push('\n');
                line.push_str(TAB);
                line.push_str(v);
            }
            line
        }
        ErrorKind::MissingSubcommand => {
            let mut line = tr!(
                lang,
                "clap-missing-subcommand",
                subcommand = text(ContextKind::InvalidSubcommand)?
            );
            if let Some(ContextValue::Strings(valid)) = error.get(ContextKind::ValidSubcommand) {
                values_list(lang, &mut line, "clap-subcommands", valid);
            }
            line
        }
        ErrorKind::TooManyValues => tr!(lang, "clap-too-many", arg = arg?, value = value?),
        ErrorKind::TooFewValues => tr!(
            lang,
            "clap-too-few",
            arg = arg?,
            min = number(ContextKind::MinValues)?,
            n = number(ContextKind::ActualNumValues)?
        ),
        ErrorKind::WrongNumberOfValues => tr!(
            lang,
            "clap-wrong-number",
            arg = arg?,
            want = number(ContextKind::ExpectedNumValues)?,
            n = number(ContextKind::ActualNumValues)?
        ),
        ErrorKind::ValueValidation => {
            let (arg, value) = (arg?, value?);
            let line = tr!(lang, "clap-value-invalid", arg = arg, value = value);
            match std::error::Error::source(error) {
                Some(why) => format!("{line}: {}", why_not(lang, why)),
                None => line,
            }
        }
        ErrorKind::UnknownArgument => tr!(lang, "clap-unknown-argument", arg = arg?),
        _ => return None,
    })
}

/// Why a value was refused, as clap's parsers of numbers say it (`0 is
/// not in 1..=100`, or the number's own parse error); a refusal of
/// slaclock's own is already in the language of errors.
fn why_not(lang: Lang, why: &(dyn std::error::Error + 'static)) -> String {
    if lang == Lang::En {
        return why.to_string();
    }
    if let Some(e) = why.downcast_ref::<std::num::ParseIntError>() {
        use std::num::IntErrorKind::{NegOverflow, PosOverflow};
        return match e.kind() {
            PosOverflow | NegOverflow => tr!(lang, "clap-number-too-large"),
            _ => tr!(lang, "clap-not-a-number"),
        };
    }
    let text = why.to_string();
    if let Some((value, range)) = text.split_once(" is not in ")
        && let Some((low, high)) = range.split_once("..=")
    {
        return tr!(
            lang,
            "clap-out-of-range",
            value = value,
            low = low,
            high = high
        );
    }
    text
}

/// `  [possible values: a, b]` under the first line.
fn values_list(lang: Lang, line: &mut String, id: &str, values: &[String]) {
    if values.is_empty() {
        return;
    }
    let list = values.join(&tr!(lang, "list-comma"));
    let words = match id {
        "clap-subcommands" => tr!(lang, "clap-subcommands", list = list),
        _ => tr!(lang, "clap-possible-values", list = list),
    };
    line.push('\n');
    line.push_str(TAB);
    line.push_str(&words);
}

/// `a similar argument exists: '--format'`, one or several.
fn similar(lang: Lang, what: &str, value: &ContextValue) -> String {
    let (list, n) = match value {
        ContextValue::String(one) => (format!("'{one}'"), 1),
        ContextValue::Strings(all) => (
            all.iter()
                .map(|v| format!("'{v}'"))
                .collect::<Vec<_>>()
                .join(&tr!(lang, "list-comma")),
            all.len(),
        ),
        _ => (String::new(), 0),
    };
    match what {
        "subcommand" => tr!(lang, "clap-similar-subcommand", n = n, list = list),
        "value" => tr!(lang, "clap-similar-value", n = n, list = list),
        _ => tr!(lang, "clap-similar-argument", n = n, list = list),
    }
}

/// One of clap's tips, which clap gives as words already written: the
/// ones clap writes are told in `lang`; any other stays as clap wrote it.
fn clap_tip(lang: Lang, tip: &str) -> String {
    let quoted =
        |s: &str| -> Vec<String> { s.split('\'').skip(1).step_by(2).map(String::from).collect() };
    if tip.starts_with("to pass '") && tip.contains("' as a value, use '") {
        if let [arg, how] = quoted(tip).as_slice() {
            return tr!(
                lang,
                "clap-tip-as-value",
                arg = arg.as_str(),
                how = how.as_str()
            );
        }
    } else if tip.starts_with("subcommand '") && tip.ends_with("' before it") {
        if let [subcommand, _] = quoted(tip).as_slice() {
            return tr!(
                lang,
                "clap-tip-double-dash",
                subcommand = subcommand.as_str()
            );
        }
    } else if let Some(example) = tip.strip_prefix(&tr!(Lang::En, "clap-tip-quote", example = "")) {
        return tr!(lang, "clap-tip-quote", example = example);
    } else if tip.starts_with('\'')
        && tip.ends_with("' exists")
        && let [what] = quoted(tip).as_slice()
    {
        return tr!(lang, "clap-tip-exists", what = what.as_str());
    }
    tip.to_string()
}

/// The flag clap's last line names (`--help`), if it names one.
fn help_flag(error: &clap::Error) -> Option<String> {
    let text = error.to_string();
    let rest = text
        .lines()
        .last()?
        .strip_prefix("For more information, try '")?;
    Some(rest.strip_suffix("'.")?.to_string())
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::cli::Cli;

    /// Command lines clap refuses, one of each kind slaclock can meet.
    const REFUSED: &[&[&str]] = &[
        &["status", "--bogus"],
        &["status", "--formt", "json"],
        &["stauts"],
        &["bogus"],
        &["open", "--kind", "bogus", "t"],
        &["open", "--kind", "incidnet", "t"],
        &["status", "--format"],
        &["export", "--since"],
        &["report", "--by", "customer", "--months", "3"],
        &["notify"],
        &["update"],
        &["open", "--severity", "1", "--severity", "2", "t"],
        &["check", "--timeout", "0s"],
        &["check", "--warn-at", "0"],
        &["check", "--warn-at", "x"],
        &["check", "--warn-at", "-1"],
        &["check", "--warn-at", "99999"],
        &["report", "--months", "0"],
        &["--bogus", "status"],
        &["status", "1", "2"],
        &["policy", "show", "--", "status"],
        &["resume", "--", "status"],
    ];

    fn refused(args: &[&str]) -> clap::Error {
        Cli::try_parse_from(std::iter::once("slaclock").chain(args.iter().copied()))
            .expect_err("clap refuses it")
    }

    /// Told in English, the rebuilt error is clap's own text, byte for
    /// byte (less its newline at the end): every part clap says has its
    /// message, in its place.
    #[test]
    fn in_english_it_is_claps_own_text() {
        for args in REFUSED {
            let error = refused(args);
            let clap = error.to_string();
            assert_eq!(
                usage_error(Lang::En, &error),
                clap.trim_end(),
                "{args:?} ({:?})",
                error.kind()
            );
        }
    }

    #[test]
    fn in_japanese_no_english_of_claps_is_left() {
        for args in REFUSED {
            let error = refused(args);
            let ja = usage_error(Lang::Ja, &error);
            assert!(ja.starts_with("エラー: "), "{args:?}: {ja}");
            for english in [
                "error:",
                "unexpected",
                "invalid value",
                "required",
                "cannot be used",
                "tip:",
                "Usage:",
                "For more information",
                "similar",
                "unrecognized",
                "possible values",
                "as a value",
            ] {
                assert!(!ja.contains(english), "{args:?}: {english:?} in {ja}");
            }
        }
        let ja = usage_error(Lang::Ja, &refused(&["status", "--formt", "json"]));
        assert_eq!(
            ja,
            "エラー: 予期しない引数 '--formt' があります\n\n  ヒント: 似た引数があります: '--format'\n\n使い方: slaclock status --format <FORMAT> [ID]\n\n詳しくは '--help' を見てください。"
        );
    }
}
