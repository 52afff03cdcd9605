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
    let cli = Cli::parse();
    match app::run(cli) {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
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

/// `slaclock export | head` closes the pipe early: that is not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
