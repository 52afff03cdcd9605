//! How a run of slaclock ends: every exit code is decided here (SPEC
//! section 7, README "Exit codes"). A command returns an [`Exit`]; a failed
//! one is turned into one by [`failure`], a command line clap refused by
//! [`usage`]. Each also says what the user is told, which `main` prints:
//! this module decides and prints nothing.

use std::process::ExitCode;

use crate::i18n::{self, Lang};
use crate::msg;
use crate::sla::CheckStatus;

use super::printed::NotPrinted;

/// How slaclock exits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: done.
    Success,
    /// 1: the request was refused or failed.
    Failure,
    /// 2: the command line was wrong.
    Usage,
    /// `check` speaks the monitoring-plugin language instead: its verdict's
    /// code (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN), the one its JSON prints.
    Check(CheckStatus),
    /// 130: a question on the terminal was cancelled (Esc or Ctrl-C), as
    /// the shell reports a command stopped by Ctrl-C.
    Cancelled,
    /// 101: a bug stopped a command other than `check`.
    Bug,
}

impl Exit {
    pub fn code(self) -> u8 {
        match self {
            Exit::Success => 0,
            Exit::Failure => 1,
            Exit::Usage => 2,
            Exit::Check(status) => match status {
                CheckStatus::Ok => 0,
                CheckStatus::Warning => 1,
                CheckStatus::Critical => 2,
                CheckStatus::Unknown => 3,
            },
            Exit::Cancelled => 130,
            Exit::Bug => 101,
        }
    }

    /// A panic: `check` answers UNKNOWN whatever stops it, never 101.
    pub fn panicked(checking: bool) -> Exit {
        if checking {
            Exit::Check(CheckStatus::Unknown)
        } else {
            Exit::Bug
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit.code())
    }
}

/// A mistake in how the command was called that clap cannot see (a
/// missing title with no terminal to ask on): exit code 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// A question on the terminal was answered with Esc or Ctrl-C: the
/// command stops before recording anything (exit 130).
#[derive(Debug, thiserror::Error)]
#[error("{}", msg!("cancelled"))]
pub struct Cancelled;

/// What the user is told as slaclock ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Said {
    /// Nothing: the reader closed the pipe on purpose (`slaclock export | head`).
    Nothing,
    /// One line on standard error.
    Error(String),
    /// `check`'s verdict, for the monitor: `UNKNOWN: <reason>`.
    Unknown(String),
    /// clap's own message (a usage error, or the help or version asked for).
    Clap,
}

/// How a command that failed with `error` ends.
pub fn failure(error: &anyhow::Error, checking: bool) -> (Exit, Said) {
    // The change is in the log: say so, and succeed. 1 would read "nothing
    // happened, try again", and a retry records the ticket twice. Said
    // even when the reader closed the pipe: the change must not pass
    // unseen.
    if let Some(not_printed) = error.chain().find_map(|c| c.downcast_ref::<NotPrinted>()) {
        return (
            Exit::Success,
            Said::Error(i18n::os::line(&format!("slaclock: {not_printed}"))),
        );
    }
    if is_broken_pipe(error) {
        return (Exit::Success, Said::Nothing);
    }
    if checking {
        let text = i18n::os::english(error);
        return (Exit::Check(CheckStatus::Unknown), Said::Unknown(text));
    }
    if error.is::<Cancelled>() {
        return (Exit::Cancelled, Said::Error(format!("slaclock: {error}")));
    }
    let exit = if error.downcast_ref::<UsageError>().is_some() {
        Exit::Usage
    } else {
        Exit::Failure
    };
    // The chain as `{:#}` renders it, the OS's words in it (an
    // `io::Error`'s "Permission denied (os error 13)") told in the
    // language of errors; English unchanged.
    (
        exit,
        Said::Error(format!(
            "{} {}",
            msg!("error-prefix"),
            i18n::os::chain(error)
        )),
    )
}

/// How a command line clap refused ends (or one that asked for the help
/// or the version).
pub fn usage(error: &clap::Error, checking: bool) -> (Exit, Said) {
    if !error.use_stderr() {
        return (Exit::Success, Said::Clap);
    }
    if checking {
        // One line for the monitor: clap's first, with its tip if it has
        // one (a similar argument exists: '--timeout') or the values it
        // takes ([possible values: text, json]).
        let text = error.to_string();
        let first = text.lines().next().unwrap_or_default();
        let mut reason = first.trim_start_matches("error: ").to_string();
        let tip = text.lines().find_map(|l| {
            let l = l.trim();
            l.strip_prefix("tip: ")
                .or_else(|| l.strip_prefix('[').and_then(|l| l.strip_suffix(']')))
        });
        if let Some(tip) = tip {
            reason = format!("{reason} ({tip})");
        }
        return (Exit::Check(CheckStatus::Unknown), Said::Unknown(reason));
    }
    // In English clap says its own words (coloured on a terminal); in
    // another language the same parts are told in it, the refusals of
    // values (slaclock's own) already are.
    // The help clap shows when a command is missing stays English, as
    // all help does.
    let help = error.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand;
    if i18n::errors() != Lang::En && !help {
        let text = crate::output::usage_error(i18n::errors(), error);
        return (Exit::Usage, Said::Error(text));
    }
    (Exit::Usage, Said::Clap)
}

/// The most columns of a value from the command line a usage error
/// echoes: a mistyped value is recognised by its start, and one of 130 KB
/// (a paste gone wrong) would otherwise fill the terminal or cron's mail.
const ECHO_MAX: usize = 200;

/// The values of a command line too long to be echoed whole in a usage
/// error, each in every form a message may quote it in (as typed, read
/// as ASCII from full width, escaped in quotes), with what it is cut to.
/// Found once here, whatever said the error: clap (its value, an unknown
/// argument, its tips), a value parser of slaclock's own, or a command.
#[derive(Debug, Default)]
pub struct LongValues(Vec<(String, String)>);

impl LongValues {
    pub fn of(args: &[std::ffi::OsString]) -> LongValues {
        let mut forms: Vec<String> = vec![];
        for arg in args.iter().skip(1) {
            let arg = arg.to_string_lossy();
            let value = arg
                .strip_prefix('-')
                .and_then(|a| a.split_once('='))
                .map(|(_, v)| v);
            for text in std::iter::once(&*arg).chain(value) {
                if crate::output::width(text) <= ECHO_MAX {
                    continue;
                }
                let wide = crate::cli::halfwidth(text).into_owned();
                let quoted = format!("{text:?}");
                let escaped = quoted[1..quoted.len() - 1].to_owned();
                forms.extend([text.to_owned(), wide, escaped]);
            }
        }
        // The longest first: an argument before the value inside it.
        forms.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        forms.dedup();
        LongValues(
            forms
                .into_iter()
                .map(|f| {
                    let cut = crate::output::cut(&f, ECHO_MAX);
                    (f, cut)
                })
                .collect(),
        )
    }

    /// `text` with each long value in it cut to [`ECHO_MAX`] columns.
    fn cut_in(&self, text: &str) -> String {
        self.0
            .iter()
            .fold(text.to_owned(), |text, (long, cut)| text.replace(long, cut))
    }

    /// What a usage error says, its long values cut. clap's own words
    /// (`Said::Clap`) that echo one are said as a plain line instead: the
    /// colours clap would add on a terminal are the price of a line that
    /// fits on it.
    pub fn cut(&self, said: Said, error: Option<&clap::Error>) -> Said {
        if self.0.is_empty() {
            return said;
        }
        match said {
            Said::Error(line) => Said::Error(self.cut_in(&line)),
            Said::Unknown(reason) => Said::Unknown(self.cut_in(&reason)),
            Said::Clap => match error.filter(|e| e.use_stderr()) {
                Some(e) => {
                    let text = e.render().to_string();
                    if self.0.iter().any(|(long, _)| text.contains(long.as_str())) {
                        Said::Error(self.cut_in(text.trim_end()))
                    } else {
                        Said::Clap
                    }
                }
                None => Said::Clap,
            },
            Said::Nothing => Said::Nothing,
        }
    }
}

/// `slaclock export | head` closes the pipe early: that is not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .and_then(serde_json::Error::io_error_kind)
                == Some(BrokenPipe)
            || c.downcast_ref::<csv::Error>().is_some_and(
                |e| matches!(e.kind(), csv::ErrorKind::Io(io) if io.kind() == BrokenPipe),
            )
    })
}

#[cfg(test)]
mod tests {
    use std::io;

    use anyhow::{Context as _, anyhow};
    use clap::Parser;

    use super::*;
    use crate::cli::Cli;

    #[test]
    fn check_exits_with_its_verdicts_code() {
        let codes = [
            CheckStatus::Ok,
            CheckStatus::Warning,
            CheckStatus::Critical,
            CheckStatus::Unknown,
        ]
        .map(|s| (s.word(), Exit::Check(s).code()));
        assert_eq!(
            codes,
            [("OK", 0), ("WARNING", 1), ("CRITICAL", 2), ("UNKNOWN", 3)]
        );
    }

    #[test]
    fn each_failure_has_its_code_and_its_words() {
        let refused = anyhow!("ticket #1 is resolved");
        assert_eq!(
            failure(&refused, false),
            (
                Exit::Failure,
                Said::Error("error: ticket #1 is resolved".into())
            )
        );
        let usage_error = anyhow::Error::new(UsageError("a title is required".into()));
        assert_eq!(failure(&usage_error, false).0, Exit::Usage);
        let cancelled = anyhow::Error::new(Cancelled);
        assert_eq!(
            failure(&cancelled, false),
            (
                Exit::Cancelled,
                Said::Error("slaclock: cancelled; nothing was recorded".into())
            )
        );
        assert_eq!(Exit::Cancelled.code(), 130);
        let not_printed = anyhow::Error::new(NotPrinted {
            done: "ticket #5 was opened".into(),
            next: "do not open it again".into(),
            error: io::Error::from_raw_os_error(28),
        });
        let (exit, said) = failure(&not_printed, false);
        assert_eq!(exit, Exit::Success);
        assert!(
            matches!(&said, Said::Error(line) if line.starts_with("slaclock: ticket #5 was opened")),
            "{said:?}"
        );
        let pipe = Err::<(), _>(io::Error::from(io::ErrorKind::BrokenPipe))
            .context("cannot write to standard output")
            .unwrap_err();
        assert_eq!(failure(&pipe, false), (Exit::Success, Said::Nothing));
        // A change recorded and then cut off by a closed pipe is still told.
        let recorded_then_cut = anyhow::Error::new(NotPrinted {
            done: "ticket #5 was opened".into(),
            next: "do not open it again".into(),
            error: io::Error::from(io::ErrorKind::BrokenPipe),
        });
        let (exit, said) = failure(&recorded_then_cut, false);
        assert_eq!(exit, Exit::Success);
        assert!(
            matches!(&said, Said::Error(line) if line.starts_with("slaclock: ticket #5 was opened")),
            "{said:?}"
        );
        // `check` answers UNKNOWN, whatever the error, never 1 or 2.
        for e in [&refused, &usage_error] {
            let (exit, said) = failure(e, true);
            assert_eq!(exit.code(), 3);
            assert!(matches!(said, Said::Unknown(_)), "{said:?}");
        }
        assert_eq!(Exit::panicked(true).code(), 3);
        assert_eq!(Exit::panicked(false).code(), 101);
    }

    #[test]
    fn a_refused_command_line_is_2_and_check_says_unknown() {
        let bad = Cli::try_parse_from(["slaclock", "update", "1", "--at", "teatime"]).unwrap_err();
        assert_eq!(usage(&bad, false), (Exit::Usage, Said::Clap));
        let (exit, said) = usage(&bad, true);
        assert_eq!(exit.code(), 3);
        assert_eq!(
            said,
            Said::Unknown(
                "--at: \"teatime\" is not a time; use RFC 3339 (2026-11-24T10:00:00+10:00), \"YYYY-MM-DD HH:MM\", \"HH:MM\" or a day and a time (\"yesterday 17:00\", \"mon 09:00\") in local time, \"now\", \"15m ago\" or \"in 2h\"".into()
            )
        );
        let help = Cli::try_parse_from(["slaclock", "check", "--help"]).unwrap_err();
        assert_eq!(usage(&help, true), (Exit::Success, Said::Clap));
    }
}
