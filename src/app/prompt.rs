//! The questions `open`, `escalate` and `severity` ask on a terminal when
//! something is missing, and the one `holidays import` asks before it
//! writes. Callers ask only when standard input and standard error (where
//! inquire draws the question) are both terminals (`Context::interactive`:
//! a script never hangs on a question, nor a person on one they cannot
//! see), and before the ticket log's lock is taken (nobody waits on a
//! person typing).
//!
//! Every question is answered under the rule its command-line value obeys
//! (`check`): a refused answer shows the same message and is asked again,
//! left as typed to be edited. A line of text is kept exactly as typed,
//! as the command line keeps it (`open "  VXC down "`), save the spaces a
//! refused blank answer left in the field: the words typed after them
//! are the answer. A name (a customer) is trimmed, as `--customer` is.
//! Esc or Ctrl-C cancels any question: the terminal is restored (inquire
//! leaves raw mode and shows the cursor), nothing is recorded, and the run
//! ends with [`Cancelled`] (exit 130).

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Result, anyhow};
use clap::ValueEnum;
use inquire::ui::{RenderConfig, Styled};
use inquire::validator::Validation;
use inquire::{Confirm, InquireError, Select, Text};

use crate::cli::ReasonArg;
use crate::i18n::Lang;
use crate::output;
use crate::sla::{Kind, Policy, Severity};
use crate::tr;

use super::exit::Cancelled;
use super::input::{blank_is_none, is_blank};

/// A kind of ticket, incident first: its code, and in a language other
/// than English its name too (`incident (インシデント)`).
pub fn kind(lang: Lang) -> Result<Kind> {
    let items = Kind::ALL.map(|k| match lang {
        Lang::En => k.as_str().to_string(),
        _ => format!("{} ({})", k.as_str(), output::kind_name(lang, k)),
    });
    let i = choose(lang, &tr!(lang, "prompt-kind"), items.to_vec(), 0)?;
    Ok(Kind::ALL[i])
}

/// A severity, each named as `policy` names it, starting on `current`,
/// which is marked as the ticket's own. It is no answer: chosen, the
/// menu is asked again, its help line saying so.
pub fn severity(lang: Lang, policy: &Policy, current: Option<Severity>) -> Result<Severity> {
    let items: Vec<String> = Severity::ALL
        .iter()
        .map(|s| {
            let name = policy.severities.get(s).map_or("", |t| t.name.as_str());
            let item = format!("{s}: {}", output::severity_name(lang, s.get(), name));
            match Some(*s) == current {
                true => tr!(lang, "prompt-severity-current", item = item),
                false => item,
            }
        })
        .collect();
    let start = Severity::ALL
        .iter()
        .position(|s| Some(*s) == current)
        .unwrap_or(0);
    let question = tr!(lang, "prompt-severity");
    let mut help = tr!(lang, "prompt-help-choose");
    loop {
        let chosen = Severity::ALL[choose_with(lang, &question, items.clone(), start, &help)?];
        if Some(chosen) != current {
            return Ok(chosen);
        }
        help = tr!(lang, "prompt-severity-same", severity = chosen.to_string());
        // The menu is drawn again over the line that showed it answered:
        // the ticket's severity was no answer. Nothing to do if the
        // terminal cannot be told so (the menu then comes under it).
        let _ = crossterm::execute!(
            std::io::stderr(),
            crossterm::cursor::MoveToPreviousLine(1),
            crossterm::terminal::Clear(crossterm::terminal::ClearType::CurrentLine)
        );
    }
}

/// Why a ticket is escalated, asked as `question` (which says to what
/// level and whom).
pub fn escalation_reason(lang: Lang, question: &str) -> Result<ReasonArg> {
    let items = ReasonArg::ALL.map(|r| reason_in(lang, r)).to_vec();
    Ok(ReasonArg::ALL[choose(lang, question, items, 0)?])
}

/// A line of text that must pass `check`, the rule its command-line
/// value obeys (a title, a reason); asked again until it does. Kept as
/// typed, less the blank answer last refused if the field still starts
/// with it (those spaces were the refused answer, not part of this one).
pub fn line(
    lang: Lang,
    prompt: &str,
    check: impl Fn(&str) -> Result<()> + Clone + 'static,
) -> Result<String> {
    let mark = tr!(lang, "prompt-cancelled-mark");
    let refused = Rc::new(RefCell::new(String::new()));
    let held = {
        let refused = Rc::clone(&refused);
        move |typed: &str| {
            let answer = after_refused(&refused.borrow(), typed).to_owned();
            let verdict = check(&answer);
            if verdict.is_err() && is_blank(typed) {
                *refused.borrow_mut() = typed.to_owned();
            }
            verdict
        }
    };
    let typed = Text::new(prompt)
        .with_render_config(look(&mark))
        .with_help_message(&tr!(lang, "prompt-help-line"))
        .with_validator(validator(held))
        .prompt()
        .map_err(unanswered)?;
    Ok(after_refused(&refused.borrow(), &typed).to_owned())
}

/// What was typed after `refused`, the blank answer refused last that
/// stayed in the field; all of it if the field no longer starts with it.
fn after_refused<'a>(refused: &str, typed: &'a str) -> &'a str {
    typed.strip_prefix(refused).unwrap_or(typed)
}

/// A line that may be left empty (Enter alone skips it: `None`); any
/// other answer must pass `check`.
pub fn optional(
    lang: Lang,
    prompt: &str,
    check: impl Fn(&str) -> Result<()> + Clone + 'static,
) -> Result<Option<String>> {
    let mark = tr!(lang, "prompt-cancelled-mark");
    let answer = Text::new(prompt)
        .with_render_config(look(&mark))
        .with_help_message(&tr!(lang, "prompt-help-optional"))
        .with_validator(validator(move |text: &str| {
            match blank_is_none(Some(text)) {
                None => Ok(()),
                Some(text) => check(text),
            }
        }))
        .prompt()
        .map_err(unanswered)?;
    // A blank answer is none, as a blank flag is.
    Ok(blank_is_none(Some(&answer)).map(|a| a.trim().to_owned()))
}

/// Yes or no to `prompt`; no unless the answer is yes. An answer it does
/// not understand is refused in the question's language (not inquire's
/// English) and asked again; the answer kept is shown in it too.
pub fn confirm(lang: Lang, prompt: &str) -> Result<bool> {
    let mark = tr!(lang, "prompt-cancelled-mark");
    let invalid = tr!(lang, "prompt-confirm-invalid");
    let said = |yes: bool| match yes {
        true => tr!(lang, "prompt-answer-yes"),
        false => tr!(lang, "prompt-answer-no"),
    };
    let parse = |answer: &str| yes_or_no(answer).ok_or(());
    Confirm::new(prompt)
        .with_render_config(look(&mark))
        .with_default(false)
        .with_help_message(&tr!(lang, "prompt-help-confirm"))
        .with_parser(&parse)
        .with_formatter(&said)
        .with_error_message(&invalid)
        .prompt()
        .map_err(unanswered)
}

/// A yes-or-no answer: y, yes, n or no in any case, half- or full-width
/// (a Japanese input method may give ｙ), or はい and いいえ; blank is no.
/// `None` for anything else.
fn yes_or_no(answer: &str) -> Option<bool> {
    let folded = crate::cli::halfwidth(answer).trim().to_lowercase();
    match folded.as_str() {
        "y" | "yes" | "はい" => Some(true),
        "" | "n" | "no" | "いいえ" => Some(false),
        _ => None,
    }
}

/// One of `items`, starting on `start`; its index.
fn choose(lang: Lang, prompt: &str, items: Vec<String>, start: usize) -> Result<usize> {
    choose_with(lang, prompt, items, start, &tr!(lang, "prompt-help-choose"))
}

/// The same, with `help` on the help line.
fn choose_with(
    lang: Lang,
    prompt: &str,
    items: Vec<String>,
    start: usize,
    help: &str,
) -> Result<usize> {
    let mark = tr!(lang, "prompt-cancelled-mark");
    Select::new(prompt, items)
        .with_render_config(look(&mark))
        .with_starting_cursor(start)
        // Letters do not filter: a stray key must not change the choice.
        .without_filtering()
        .with_help_message(help)
        .raw_prompt()
        .map(|chosen| chosen.index)
        .map_err(unanswered)
}

/// Whether questions are asked without colour (`--color never`).
static PLAIN: AtomicBool = AtomicBool::new(false);

/// Asks every question without colour from now on, as `--color never`
/// wants of all output (NO_COLOR inquire heeds itself).
pub fn without_colour() {
    PLAIN.store(true, Ordering::Relaxed);
}

/// How a question looks: inquire's own look (no colour with NO_COLOR or
/// `--color never`), with `mark` where a cancelled question's answer
/// would be, in the language of the question.
fn look(mark: &str) -> RenderConfig<'_> {
    let base = if PLAIN.load(Ordering::Relaxed) {
        RenderConfig::empty()
    } else {
        RenderConfig::default()
    };
    let style = base.canceled_prompt_indicator.style;
    base.with_canceled_prompt_indicator(Styled {
        content: mark,
        style,
    })
}

/// `check` as inquire asks: a refusal is its message, shown under the
/// question.
fn validator(
    check: impl Fn(&str) -> Result<()> + Clone + 'static,
) -> impl Fn(&str) -> std::result::Result<Validation, inquire::CustomUserError> + Clone {
    move |text: &str| {
        Ok(match check(text) {
            Ok(()) => Validation::Valid,
            Err(e) => Validation::Invalid(crate::i18n::os::chain(&e).into()),
        })
    }
}

/// An escalation reason as the prompt offers it: its code, and what it
/// means in the words `--help` uses.
pub fn reason_choice(r: ReasonArg) -> String {
    let meaning = r
        .to_possible_value()
        .and_then(|v| v.get_help().map(ToString::to_string))
        .unwrap_or_default();
    let mut letters = meaning.chars();
    let meaning = match letters.next() {
        Some(first) => first.to_lowercase().chain(letters).collect(),
        None => meaning,
    };
    format!("{}: {meaning}", r.as_str())
}

/// The same in `lang`: English as `--help` words it, another language
/// from its file (the code stays what the command line takes).
pub fn reason_in(lang: Lang, r: ReasonArg) -> String {
    match lang {
        Lang::En => reason_choice(r),
        _ => {
            let meaning = match r {
                ReasonArg::Impact => tr!(lang, "reason-impact"),
                ReasonArg::Slow => tr!(lang, "reason-slow"),
                ReasonArg::Expectations => tr!(lang, "reason-expectations"),
            };
            format!("{}: {meaning}", r.as_str())
        }
    }
}

fn unanswered(e: InquireError) -> anyhow::Error {
    match e {
        InquireError::OperationCanceled | InquireError::OperationInterrupted => Cancelled.into(),
        e => anyhow!(
            "{}",
            tr!(
                crate::i18n::errors(),
                "prompt-unreadable",
                error = e.to_string()
            )
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_escalation_reason_is_offered_by_its_code_and_its_help() {
        let offered = ReasonArg::ALL.map(reason_choice);
        assert_eq!(
            offered,
            [
                "impact: the impact on the customer's business has grown",
                "slow: the problem is not being resolved quickly enough",
                "expectations: the support effort is not meeting expectations",
            ]
        );
    }

    #[test]
    fn an_answer_is_refused_with_the_command_line_s_message() {
        let check = validator(|t: &str| super::super::input::check_title(t));
        assert_eq!(check("VXC down").unwrap(), Validation::Valid);
        assert_eq!(
            check("   ").unwrap(),
            Validation::Invalid("the title is empty; say what is wrong in a line".into())
        );
    }

    #[test]
    fn an_answer_is_kept_as_typed_less_a_refused_blank_one() {
        assert_eq!(after_refused("", "  VXC down  "), "  VXC down  ");
        assert_eq!(after_refused("   ", "   VXC down  "), "VXC down  ");
        assert_eq!(after_refused("   ", " VXC down"), " VXC down");
    }

    #[test]
    fn yes_and_no_are_understood_as_typed_in_either_language() {
        for yes in [
            "y",
            "Y",
            "yes",
            "YES",
            " y ",
            "ｙ",
            "Ｙｅｓ",
            "はい",
            "\u{3000}はい",
        ] {
            assert_eq!(yes_or_no(yes), Some(true), "{yes:?}");
        }
        for no in ["", "  ", "n", "No", "ｎ", "いいえ"] {
            assert_eq!(yes_or_no(no), Some(false), "{no:?}");
        }
        for other in ["ye", "yess", "1", "うん", "はいはい", "ok"] {
            assert_eq!(yes_or_no(other), None, "{other:?}");
        }
    }

    #[test]
    fn esc_and_ctrl_c_cancel() {
        for e in [
            InquireError::OperationCanceled,
            InquireError::OperationInterrupted,
        ] {
            assert!(unanswered(e).is::<Cancelled>());
        }
        let other = unanswered(InquireError::NotTTY);
        assert!(!other.is::<Cancelled>());
        assert!(other.to_string().starts_with("could not read your answer"));
    }
}
