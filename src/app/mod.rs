//! The application: one function per command, the only layer that reads the
//! clock, the environment and files, or prompts. It loads from `store`,
//! asks `sla`, and hands the answers to `output`.

mod batch;
mod chart;
mod check;
pub mod complete;
pub mod context;
pub mod convert;
mod echo;
pub mod exit;
mod export;
mod exposed;
mod extras;
mod files;
mod holidays;
mod input;
mod metrics;
mod migrate;
mod notify;
mod open;
mod open_tickets;
mod parts;
mod policy_cmd;
mod printed;
mod prompt;
mod record;
mod refusals;
mod report;
mod send;
mod signals;
mod status;
pub mod time;
mod watch;

use anyhow::Result;

use crate::cli::{Cli, Command};

pub use context::Context;
pub use exit::Exit;

/// Runs one command and says how it ends (`exit` decides every code).
pub fn run(cli: Cli) -> Result<Exit> {
    let ctx = match (Context::from_cli(&cli), &cli.command) {
        (Ok(ctx), _) => ctx,
        // Its file must not keep yesterday's figures when the environment
        // cannot be read (a log whose place cannot be known is the one
        // thing that stops it: the file could be that log).
        (Err(e), Command::Metrics(args)) => {
            return metrics::unjudged(&cli, args, e).map(|()| Exit::Success);
        }
        (Err(e), _) => return Err(e),
    };
    use record::Change;
    match cli.command {
        Command::Open(args) => open::open(&ctx, args)?,
        Command::Update(on) => record::on(&ctx, on, Change::Update)?,
        Command::Wait(on) => record::on(&ctx, on, Change::Wait)?,
        Command::Resume(on) => record::on(&ctx, on, Change::Resume)?,
        Command::Escalate(on) => record::on(&ctx, on, Change::Escalate)?,
        Command::Severity(on) => record::on(&ctx, on, Change::Severity)?,
        Command::Resolve(on) => record::on(&ctx, on, Change::Resolve)?,
        Command::Reopen(on) => record::on(&ctx, on, Change::Reopen)?,
        Command::Note(on) => record::on(&ctx, on, Change::Note)?,
        Command::Assign(on) => record::on(&ctx, on, Change::Assign)?,
        Command::Take(on) => record::on(&ctx, on, |_| Change::Take)?,
        Command::Unassign(on) => record::on(&ctx, on, |_| Change::Unassign)?,
        Command::Edit(args) => {
            let (id, echo) = (args.id, args.echo);
            let stamp = record::by_only(args.by.clone());
            let customer = args.customer.is_some();
            record::record(&ctx, id, stamp, echo, Change::Edit(args))?;
            if customer {
                policy_cmd::warn_contract_after_edit(&ctx, id);
            }
        }
        Command::Void(args) => {
            let (id, echo) = (args.id, args.echo);
            let stamp = record::by_only(args.by.clone());
            record::record(&ctx, id, stamp, echo, Change::Void(args))?
        }
        Command::Status(args) => status::status(&ctx, args)?,
        Command::List(args) => status::status(&ctx, args.into())?,
        Command::Show(args) => status::status(&ctx, args.into())?,
        Command::Watch => watch::watch(&ctx)?,
        Command::Policy(cmd) => return policy_cmd::run(&ctx, cmd),
        Command::Holidays(cmd) => return holidays::run(&ctx, cmd),
        Command::Init(args) => extras::init(args, ctx.lang)?,
        Command::Completions(args) => extras::completions(args.shell)?,
        Command::Man => extras::man()?,
        Command::Migrate(args) => migrate::migrate(&ctx, &args.from, &args.to)?,
        Command::Check(args) => return check::check(ctx, args),
        Command::Metrics(args) => metrics::metrics(&ctx, &args)?,
        Command::Notify(args) => notify::notify(&ctx, args)?,
        Command::Export(args) => export::export(&ctx, args)?,
        Command::Report(args) => report::report(&ctx, args)?,
    }
    Ok(Exit::Success)
}
