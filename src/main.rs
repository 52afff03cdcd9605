//! The slaclock binary: parse the arguments, run one command, print any
//! error once as a line a person can act on, and exit with a code scripts
//! can rely on (SPEC section 7, README "Exit codes"). Nothing else lives
//! here.
//!
//! Nothing here may panic on a failing standard output or error stream:
//! every line is written with `writeln!` and a failure to write it is
//! ignored (there is nowhere left to say it).

use std::io::Write;
use std::panic::{self, AssertUnwindSafe, PanicHookInfo};
use std::process::ExitCode;
use std::sync::OnceLock;

use clap::Parser;
use slaclock::{app, cli::Cli};

/// What the command being run is, for the panic hook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Check,
    /// It may change the ticket log (or, for `init`, write a file).
    Writer,
    Other,
}

static ROLE: OnceLock<Role> = OnceLock::new();

/// The commands that change the ticket log, besides `policy apply`.
const WRITERS: [&str; 11] = [
    "open", "update", "wait", "resume", "escalate", "severity", "resolve", "reopen", "note",
    "migrate", "init",
];

fn main() -> ExitCode {
    let words = subcommand(std::env::args_os().skip(1));
    let role = match (
        words.first().map(String::as_str),
        words.get(1).map(String::as_str),
    ) {
        (Some("check"), _) => Role::Check,
        (Some("policy"), Some("apply")) => Role::Writer,
        (Some(c), _) if WRITERS.contains(&c) => Role::Writer,
        _ => Role::Other,
    };
    // `check` speaks the monitoring-plugin language whatever stops it:
    // anything but a verdict is UNKNOWN (3), never 1, 2 or a panic's 101.
    let checking = role == Role::Check;
    let _ = ROLE.set(role);
    panic::set_hook(Box::new(report_panic));
    match panic::catch_unwind(AssertUnwindSafe(|| run(checking))) {
        Ok(code) => code,
        Err(_) if checking => ExitCode::from(3),
        Err(_) => ExitCode::from(101),
    }
}

fn run(checking: bool) -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if checking && e.use_stderr() => {
            let reason = e.to_string();
            let first = reason.lines().next().unwrap_or_default();
            unknown(first.trim_start_matches("error: "));
            return ExitCode::from(3);
        }
        Err(e) => e.exit(),
    };
    // A bug cannot be summoned on purpose, so the tests of what a panic
    // prints and how `check` exits on one inject it here; only in debug
    // builds (the ones `cargo test` runs), never in a release.
    #[cfg(debug_assertions)]
    if std::env::var_os("SLACLOCK_TEST_PANIC").is_some() {
        panic!("injected by SLACLOCK_TEST_PANIC");
    }
    match app::run(cli) {
        Ok(code) => code,
        // `slaclock export | head`: the reader stopped on purpose.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) if checking => {
            unknown(&format!("{e:#}"));
            ExitCode::from(3)
        }
        Err(e) => match e.chain().find_map(|c| c.downcast_ref::<app::NotPrinted>()) {
            // The change is in the log: say so, and succeed (1 reads "try again").
            Some(not_printed) => {
                let _ = writeln!(std::io::stderr(), "slaclock: {not_printed}");
                ExitCode::from(app::EXIT_NOT_PRINTED)
            }
            None => {
                let _ = writeln!(std::io::stderr(), "error: {e:#}");
                if e.downcast_ref::<app::UsageError>().is_some() {
                    ExitCode::from(2)
                } else {
                    ExitCode::from(1)
                }
            }
        },
    }
}

/// `check`'s verdict when it could not judge: on standard output for the
/// monitor, and on standard error too if standard output cannot take it.
fn unknown(reason: &str) {
    let line = format!("UNKNOWN: {reason}");
    let mut out = std::io::stdout();
    if writeln!(out, "{line}").and_then(|()| out.flush()).is_err() {
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
    let what = format!("internal error{place}: {}", one_line(payload));
    match ROLE.get().copied().unwrap_or(Role::Other) {
        Role::Check => {
            unknown(&format!("{what} (please report it)"));
        }
        Role::Writer => {
            let _ = writeln!(
                std::io::stderr(),
                "slaclock: {what}; please report it. The change may or may not have been recorded: look with `slaclock status` before repeating the command"
            );
        }
        _ => {
            let _ = writeln!(std::io::stderr(), "slaclock: {what}; please report it");
        }
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The subcommand and the word after it (`policy apply`): the first two
/// words that are not options or the value of a global option.
fn subcommand(mut args: impl Iterator<Item = std::ffi::OsString>) -> Vec<String> {
    let mut words = Vec::new();
    while let Some(a) = args.next() {
        match a.to_str() {
            Some("--db" | "--policy" | "--color") => {
                args.next();
            }
            Some(s) if s.starts_with('-') => {}
            Some(s) => {
                words.push(s.to_string());
                if words.len() == 2 {
                    break;
                }
            }
            None => break,
        }
    }
    words
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
