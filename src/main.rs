//! The slaclock binary: parse the arguments, run one command, print any
//! error once as a line a person can act on, and exit with a code scripts
//! can rely on (SPEC section 7). Nothing else lives here.

use std::process::ExitCode;

use clap::Parser;
use slaclock::{app, cli::Cli};

fn main() -> ExitCode {
    // A bug must still end in one readable line, never a backtrace.
    std::panic::set_hook(Box::new(|info| {
        eprintln!(
            "slaclock: internal error: {info}; please report it (the ticket log was not changed by the failed command)"
        );
    }));
    // `check` speaks the monitoring-plugin language even when it cannot
    // start: anything that stops it is UNKNOWN (3), never 1 or 2.
    let checking = is_check(std::env::args_os().skip(1));
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if checking && e.use_stderr() => {
            let reason = e.to_string();
            let first = reason.lines().next().unwrap_or_default();
            println!("UNKNOWN: {}", first.trim_start_matches("error: "));
            return ExitCode::from(3);
        }
        Err(e) => e.exit(),
    };
    match app::run(cli) {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) if checking => {
            println!("UNKNOWN: {e:#}");
            ExitCode::from(3)
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            if e.downcast_ref::<app::UsageError>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}

/// Whether the subcommand is `check`: the first word that is not an option
/// or an option's value.
fn is_check(mut args: impl Iterator<Item = std::ffi::OsString>) -> bool {
    while let Some(a) = args.next() {
        match a.to_str() {
            Some("--db" | "--policy" | "--color") => {
                args.next();
            }
            Some(s) if s.starts_with('-') => {}
            Some(s) => return s == "check",
            None => return false,
        }
    }
    false
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
