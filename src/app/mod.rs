//! The application: one function per command, the only layer that reads the
//! clock, the environment and files, or prompts. It loads from `store`,
//! asks `sla`, and hands the answers to `output`.

mod check;
pub mod context;
pub mod convert;
pub mod exit;
mod export;
mod extras;
mod files;
mod input;
mod metrics;
mod migrate;
mod notify;
mod open;
mod open_tickets;
mod policy_cmd;
mod printed;
mod prompt;
mod record;
mod report;
mod send;
mod status;
pub mod time;
mod watch;

use anyhow::Result;

use crate::cli::{Cli, Command};

pub use context::Context;
pub use exit::Exit;

/// Runs one command and says how it ends (`exit` decides every code).
pub fn run(cli: Cli) -> Result<Exit> {
    let ctx = Context::from_cli(&cli)?;
    use record::Change;
    match cli.command {
        Command::Open(args) => open::open(&ctx, args)?,
        Command::Update(on) => record::record(&ctx, on.id, on.stamp, Change::Update(on.change))?,
        Command::Wait(on) => record::record(&ctx, on.id, on.stamp, Change::Wait(on.change))?,
        Command::Resume(on) => record::record(&ctx, on.id, on.stamp, Change::Resume(on.change))?,
        Command::Escalate(on) => {
            record::record(&ctx, on.id, on.stamp, Change::Escalate(on.change))?
        }
        Command::Severity(on) => {
            record::record(&ctx, on.id, on.stamp, Change::Severity(on.change))?
        }
        Command::Resolve(on) => record::record(&ctx, on.id, on.stamp, Change::Resolve(on.change))?,
        Command::Reopen(on) => record::record(&ctx, on.id, on.stamp, Change::Reopen(on.change))?,
        Command::Note(on) => record::record(&ctx, on.id, on.stamp, Change::Note(on.change))?,
        Command::Status(args) => status::status(&ctx, args)?,
        Command::List(args) => status::status(&ctx, args.into())?,
        Command::Show(args) => status::status(&ctx, args.into())?,
        Command::Watch => watch::watch(&ctx)?,
        Command::Policy(cmd) => return policy_cmd::run(&ctx, cmd),
        Command::Init(args) => extras::init(args)?,
        Command::Completions(args) => extras::completions(args.shell)?,
        Command::Man => extras::man()?,
        Command::Migrate(args) => migrate::migrate(&args.from, &args.to)?,
        Command::Check(args) => return check::check(ctx, args),
        Command::Metrics(args) => metrics::metrics(&ctx, &args)?,
        Command::Notify(args) => notify::notify(&ctx, args)?,
        Command::Export(args) => export::export(&ctx, args)?,
        Command::Report(args) => report::report(&ctx, args)?,
    }
    Ok(Exit::Success)
}
