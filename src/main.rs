//! The slaclock binary: parse the arguments, run one command, print any
//! error once as a line a person can act on, and exit with the code
//! `app::exit` decides (SPEC section 7, README "Exit codes"). Nothing else
//! lives here.
//!
//! Nothing here may panic on a failing standard output or error stream:
//! every line is written with `writeln!` and a failure to write it is
//! ignored (there is nowhere left to say it).

use std::ffi::OsString;
use std::io::Write;
use std::panic::{self, AssertUnwindSafe, PanicHookInfo};
use std::process::ExitCode;
use std::sync::OnceLock;

use clap::{CommandFactory, Parser};
use slaclock::app::{
    self,
    exit::{self, Exit, Said},
};
use slaclock::cli::{Cli, Command, PolicyCommand};
use slaclock::i18n::{self, Lang};

/// What the command being run is, for the panic hook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Check,
    /// It may change the ticket log (or, for `init`, write a file).
    Writer,
    Other,
}

impl Role {
    fn of(command: &Command) -> Role {
        match command {
            Command::Check(_) => Role::Check,
            Command::Open(_)
            | Command::Update(_)
            | Command::Wait(_)
            | Command::Resume(_)
            | Command::Escalate(_)
            | Command::Severity(_)
            | Command::Resolve(_)
            | Command::Reopen(_)
            | Command::Note(_)
            | Command::Assign(_)
            | Command::Take(_)
            | Command::Unassign(_)
            | Command::Edit(_)
            | Command::Void(_)
            | Command::Policy(PolicyCommand::Apply(_))
            | Command::Migrate(_)
            | Command::Notify(_)
            | Command::Watch
            | Command::Init(_)
            | Command::Holidays(_) => Role::Writer,
            Command::Status(_)
            | Command::List(_)
            | Command::Show(_)
            | Command::Policy(PolicyCommand::Show { .. } | PolicyCommand::Check { .. })
            | Command::Export(_)
            | Command::Metrics(_)
            | Command::Completions(_)
            | Command::Man
            | Command::Report(_) => Role::Other,
        }
    }
}

static ROLE: OnceLock<Role> = OnceLock::new();

/// Whether `check` was asked for JSON (`--format json`), read even from a
/// command line clap refuses: then its UNKNOWN is a JSON object too.
static CHECK_JSON: OnceLock<bool> = OnceLock::new();

fn main() -> ExitCode {
    // The shell asking for completions (`COMPLETE=bash slaclock -- ...`,
    // registered by `slaclock completions`): answered, and the run ends.
    clap_complete::CompleteEnv::with_factory(Cli::command).complete();
    let args: Vec<OsString> = std::env::args_os().collect();
    // What the command is, read first in English (errors not yet set).
    let role = match Cli::try_parse_from(args.iter()) {
        Ok(cli) => Role::of(&cli.command),
        Err(_) if asks_for_check(args.clone()) => Role::Check,
        Err(_) => Role::Other,
    };
    // The language of errors, clap's value parsers' refusals included, is
    // known before the command line is read for good: `--lang` is looked
    // for here, and a value that is not a language is refused by clap (or,
    // from SLACLOCK_LANG, by the context), not here. `check`'s first line
    // is for monitors and never changes with the language, so its errors
    // (said on that line, `UNKNOWN: ...`) stay English.
    if role != Role::Check {
        let lang = Lang::choose(lang_flag(&args), |name| std::env::var(name).ok());
        i18n::set_errors(lang.unwrap_or_default());
    }
    let parsed = parse(&args);
    // `check` speaks the monitoring-plugin language whatever stops it:
    // anything but a verdict is UNKNOWN (3), never 1, 2 or a panic's 101.
    let checking = role == Role::Check;
    let _ = ROLE.set(role);
    let _ = CHECK_JSON.set(role == Role::Check && check_wants_json(&args));
    let long = exit::LongValues::of(&args);
    panic::set_hook(Box::new(report_panic));
    let exit = panic::catch_unwind(AssertUnwindSafe(|| run(parsed, checking, &long)))
        .unwrap_or_else(|_| Exit::panicked(checking));
    exit.into()
}

/// The command line, read for good. Help is wrapped as clap wraps it (to
/// the terminal on standard output, error or input, else to `$COLUMNS`,
/// else to 100 columns), except that `COLUMNS=0` is ignored, as slaclock's
/// tables ignore it (clap alone would wrap help to one word a line).
fn parse(args: &[OsString]) -> Result<Cli, clap::Error> {
    use clap::FromArgMatches;
    use std::io::IsTerminal;
    let zero = std::env::var("COLUMNS").is_ok_and(|c| c.trim().parse::<usize>() == Ok(0));
    let terminal = std::io::stdout().is_terminal()
        || std::io::stderr().is_terminal()
        || std::io::stdin().is_terminal();
    let mut command = named_slaclock(Cli::command());
    if zero && !terminal {
        command = command.term_width(100);
    }
    let mut matches = match command.clone().try_get_matches_from(args) {
        Err(e) if help_asked_of_help(&e) => command.try_get_matches_from(help_of_help(args)),
        read => read,
    }
    .map_err(closest_first)
    .map_err(|e| quote_tip(e, args))?;
    // Formatted as `Parser::try_parse_from` formats its own.
    Cli::from_arg_matches_mut(&mut matches).map_err(|e| e.format(&mut Cli::command()))
}

/// The command and every subcommand named `slaclock` where clap says
/// its name alone: `status --version` prints `slaclock 0.1.0 (…)`, as
/// `--version` does, not `slaclock-status 0.1.0`.
fn named_slaclock(command: clap::Command) -> clap::Command {
    command.mut_subcommands(|sub| named_slaclock(sub.display_name("slaclock")))
}

/// Whether clap refused `--help` or `-h` given to the `help` command
/// (`slaclock help --help`), which takes only command names: asking
/// `help` for help is no mistake.
fn help_asked_of_help(error: &clap::Error) -> bool {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    error.kind() == ErrorKind::InvalidSubcommand
        && matches!(
            error.get(ContextKind::InvalidSubcommand),
            Some(ContextValue::String(s)) if s == "--help" || s == "-h"
        )
}

/// The command line with `help`'s `--help` or `-h` read as git and cargo
/// read it: `help --help` is the help of `help` (`help help`), and
/// `help status --help` the help of `status` (`help status`).
fn help_of_help(args: &[OsString]) -> Vec<OsString> {
    let mut out: Vec<OsString> = Vec::with_capacity(args.len());
    let mut in_help = false;
    for (i, arg) in args.iter().enumerate() {
        let word = arg.to_str().unwrap_or_default();
        if word == "--" {
            out.extend(args[i..].iter().cloned());
            break;
        }
        if in_help && (word == "--help" || word == "-h") {
            if out.last().is_some_and(|last| last == "help") {
                out.push("help".into());
            }
            continue;
        }
        in_help |= i > 0 && word == "help";
        out.push(arg.clone());
    }
    out
}

/// clap lists the names similar to a mistyped one closest last (`escalte`:
/// 'resolve', 'escalate'); a person reads the first. Closest first.
fn closest_first(mut error: clap::Error) -> clap::Error {
    use clap::error::{ContextKind, ContextValue};
    for kind in [
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedArg,
        ContextKind::SuggestedValue,
    ] {
        if let Some(ContextValue::Strings(names)) = error.get(kind) {
            let names = names.iter().rev().cloned().collect();
            error.insert(kind, ContextValue::Strings(names));
        }
    }
    error
}

/// `update 1 --message Engineer assigned checking`: the words after the
/// message's first are unexpected, and clap says so barely. A word clap
/// did not expect right after the value of an option that takes text
/// (`--message`, `--reason`, `--note`, `--title`: a value named TEXT) gets
/// a tip showing the option with its words quoted. The option still takes
/// one value: several would swallow the arguments after it.
fn quote_tip(mut error: clap::Error, args: &[OsString]) -> clap::Error {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let Some(ContextValue::String(word)) = error.get(ContextKind::InvalidArg) else {
        return error;
    };
    if error.kind() != ErrorKind::UnknownArgument || word.starts_with('-') {
        return error;
    }
    let command = Cli::command();
    let Some(sub) = leniently(args.to_vec())
        .and_then(|m| m.subcommand_name().map(str::to_owned))
        .and_then(|name| command.find_subcommand(&name).cloned())
    else {
        return error;
    };
    let texts: Vec<&clap::Arg> = sub
        .get_arguments()
        .filter(|a| a.get_value_names() == Some(&["TEXT".into()][..]))
        .collect();
    let takes_text = |flag: &str| {
        texts.iter().any(|a| match flag.strip_prefix("--") {
            Some(long) => {
                a.get_long() == Some(long)
                    || a.get_all_aliases().is_some_and(|all| all.contains(&long))
            }
            None => a.get_short().is_some_and(|c| flag == format!("-{c}")),
        })
    };
    let words: Vec<&str> = args
        .iter()
        .map(|a| a.to_str().unwrap_or_default())
        .collect();
    let found = (1..words.len()).find_map(|at| {
        if words[at] != word.as_str() {
            return None;
        }
        let before = words[at - 1];
        let (flag, value) = match before.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag, value),
            _ if at >= 2 && !before.starts_with('-') => (words[at - 2], before),
            _ => return None,
        };
        takes_text(flag).then_some((at, flag, value))
    });
    let Some((at, flag, value)) = found else {
        return error;
    };
    let rest = words[at..].iter().take_while(|w| !w.starts_with('-'));
    let text = std::iter::once(&value)
        .chain(rest)
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    let example = format!("{flag} {}", slaclock::i18n::plain(&shell_quoted(&text)));
    let tip = slaclock::tr!(Lang::En, "clap-tip-quote", example = example);
    error.insert(
        ContextKind::Suggested,
        ContextValue::StyledStrs(vec![tip.into()]),
    );
    error
}

/// Text as a shell reads it back as one word: in double quotes when
/// nothing in it is special there, else in single quotes.
fn shell_quoted(text: &str) -> String {
    if text.contains(['"', '$', '`', '\\', '!']) {
        format!("'{}'", text.replace('\'', "'\\''"))
    } else {
        format!("\"{text}\"")
    }
}

/// The value of `--lang VALUE` or `--lang=VALUE` before any `--`, if it
/// is one of the languages (clap refuses any other value).
fn lang_flag(args: &[OsString]) -> Option<&str> {
    let mut words = args.iter().skip(1).map(|a| a.to_str().unwrap_or_default());
    while let Some(word) = words.next() {
        let value = match word {
            "--" => return None,
            "--lang" => words.next(),
            w => w.strip_prefix("--lang="),
        };
        if let Some(v) = value.filter(|v| Lang::parse(v).is_ok()) {
            return Some(v);
        }
    }
    None
}

/// Whether `check`'s command line asks for `--format json`, as clap reads
/// it when told to get past the errors (a bad `--timeout` beside it, say).
/// Clap stops reading at a value its parser refuses, so a `--format json`
/// after one (`check --as-of 2026-11-24 --format json`) is looked for in
/// the words themselves (before any `--`).
fn check_wants_json(args: &[OsString]) -> bool {
    let read = leniently(args.to_vec())
        .as_ref()
        .and_then(|m| m.subcommand_matches("check"))
        .filter(|m| m.value_source("format") == Some(clap::parser::ValueSource::CommandLine))
        .and_then(|m| m.try_get_raw("format").ok().flatten())
        .map(|mut values| values.any(|v| v == "json"));
    read.unwrap_or_else(|| {
        let words: Vec<&str> = args
            .iter()
            .skip(1)
            .map(|a| a.to_str().unwrap_or_default())
            .take_while(|w| *w != "--")
            .collect();
        words.contains(&"--format=json") || words.windows(2).any(|w| w == ["--format", "json"])
    })
}

/// Whether a command line clap refused was meant for `check`.
fn asks_for_check(args: Vec<OsString>) -> bool {
    leniently(args).is_some_and(|m| m.subcommand_name() == Some("check"))
}

/// A command line as clap reads it when told to get past the errors. It
/// does not get past an argument it does not know (`--bogus check`,
/// `check --bogus --format json`): each is set aside and the rest read
/// again. Nor past `--help` or `--version`, which clap answers even told
/// to get past errors: once an unknown argument is set aside they are
/// too, since clap refused the line before reaching them (`check --bogus
/// --help` is a mistyped `check`, UNKNOWN, not a request for its help).
/// None if no command can be made out.
fn leniently(mut args: Vec<OsString>) -> Option<clap::ArgMatches> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    loop {
        let refused = match Cli::command().try_get_matches_from(args.iter()) {
            Ok(matches) => return Some(matches),
            Err(e) => e,
        };
        if !refused.use_stderr() {
            let before = args.len();
            args = without_help_or_version(args);
            if args.len() < before {
                continue;
            }
            return None;
        }
        let lenient = Cli::command()
            .ignore_errors(true)
            .try_get_matches_from(&args);
        let unknown = match (refused.kind(), refused.get(ContextKind::InvalidArg)) {
            (ErrorKind::UnknownArgument, Some(ContextValue::String(arg))) => arg.clone(),
            _ => return lenient.ok().filter(|m| m.subcommand_name().is_some()),
        };
        let Some(at) = args.iter().skip(1).position(|a| {
            a.to_str()
                .is_some_and(|a| a == unknown || a.starts_with(&format!("{unknown}=")))
        }) else {
            return lenient.ok().filter(|m| m.subcommand_name().is_some());
        };
        args.remove(at + 1);
    }
}

/// The words before any `--` that ask for help or the version, left out.
fn without_help_or_version(args: Vec<OsString>) -> Vec<OsString> {
    let mut past_dashes = false;
    args.into_iter()
        .filter(|a| {
            past_dashes |= a == "--";
            past_dashes || !["--help", "-h", "--version", "-V"].iter().any(|w| a == w)
        })
        .collect()
}

/// Runs the command line read. A usage error echoes no value of it
/// longer than `long` allows, whoever says it.
fn run(parsed: Result<Cli, clap::Error>, checking: bool, long: &exit::LongValues) -> Exit {
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            let (exit, said) = exit::usage(&e, checking);
            let said = long.cut(said, Some(&e));
            if said != Said::Clap {
                say(said);
                return exit;
            }
            // Help and --version go to standard output: one that cannot
            // take them fails as any read-only command does (a closed
            // pipe, `slaclock --help | head`, is no failure).
            return match e.print().and_then(|()| std::io::stdout().flush()) {
                Err(err) if !e.use_stderr() => {
                    let err =
                        anyhow::Error::new(err).context(slaclock::msg!("cannot-write-stdout"));
                    let (exit, said) = exit::failure(&err, checking);
                    say(said);
                    exit
                }
                _ => exit,
            };
        }
    };
    // A bug cannot be summoned on purpose, so the tests of what a panic
    // prints and how `check` exits on one inject it here; only in debug
    // builds (the ones `cargo test` runs), never in a release.
    #[cfg(debug_assertions)]
    if std::env::var_os("SLACLOCK_TEST_PANIC").is_some() {
        panic!("injected by SLACLOCK_TEST_PANIC");
    }
    match app::run(cli) {
        Ok(exit) => exit,
        Err(e) => {
            let (exit, said) = exit::failure(&e, checking);
            let said = if exit == Exit::Usage {
                long.cut(said, None)
            } else {
                said
            };
            say(said);
            exit
        }
    }
}

/// Prints what the user is told as the run ends, once.
fn say(said: Said) {
    match said {
        Said::Nothing | Said::Clap => {}
        Said::Error(line) => {
            let _ = writeln!(std::io::stderr(), "{}", i18n::shown(&line));
        }
        Said::Unknown(reason) => unknown(&reason),
    }
}

/// `check`'s verdict when it could not judge: on standard output for the
/// monitor (a JSON object if JSON was asked for), and on standard error
/// too if standard output cannot take it. Worded as `check` words its own
/// UNKNOWN (one line, no `|` to pass for perfdata, cut at 1,000 columns),
/// whatever stopped it: an argument, the environment, a panic.
fn unknown(reason: &str) {
    let outcome = slaclock::output::CheckOutcome::Unknown(reason.to_string());
    let line = slaclock::output::check_first_line(&outcome);
    let mut out = std::io::stdout();
    let written = if CHECK_JSON.get().copied().unwrap_or(false) {
        let code = Exit::Check(slaclock::sla::CheckStatus::Unknown).code();
        slaclock::output::check_json(&mut out, &outcome, code)
    } else {
        writeln!(out, "{line}")
    };
    if written.and_then(|()| out.flush()).is_err() {
        let _ = writeln!(std::io::stderr(), "{line}");
    }
}

/// A bug still ends in one readable line, never a backtrace. It says
/// nothing it does not know: a command that writes may or may not have
/// committed before the panic, so the user is told to look before
/// repeating it; `check` never writes, and answers UNKNOWN.
fn report_panic(info: &PanicHookInfo<'_>) {
    let payload = info
        .payload()
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| info.payload().downcast_ref::<String>().map(String::as_str))
        .unwrap_or("a panic");
    let place = info
        .location()
        .map(|l| format!(" at {}:{}", l.file(), l.line()))
        .unwrap_or_default();
    let what = one_line(payload);
    // Check's line is for monitors, in English; the others are told in
    // the language of errors.
    let told = match ROLE.get().copied().unwrap_or(Role::Other) {
        Role::Check => {
            unknown(&format!("internal error{place}: {what} (please report it)"));
            return;
        }
        Role::Writer => slaclock::msg!("panic-writer", place = &place, what = &what),
        _ => slaclock::msg!("panic-other", place = &place, what = &what),
    };
    let _ = writeln!(std::io::stderr(), "slaclock: {told}");
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
