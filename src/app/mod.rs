//! The application: one function per command, the only layer that reads the
//! clock, the environment and files, or prompts. It loads from `store`,
//! asks `sla`, and hands the answers to `output`.

mod check;
pub mod context;
pub mod convert;
mod export;
mod extras;
mod files;
mod migrate;
mod policy_cmd;
mod printed;
mod record;
mod report;
mod status;
pub mod time;

use std::process::ExitCode;

use anyhow::Result;

use crate::cli::{Cli, Command};

pub use context::{Context, UsageError};
pub use printed::{EXIT_NOT_PRINTED, NotPrinted};

/// Runs one command; the exit code follows SPEC section 7.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let ctx = Context::from_cli(&cli)?;
    use record::Change;
    match cli.command {
        Command::Open {
            kind,
            severity,
            customer,
            service,
            reference,
            stamp,
            title,
        } => record::open(
            &ctx,
            record::OpenArgs {
                kind,
                severity,
                customer,
                service,
                reference,
                stamp,
                title,
            },
        )?,
        Command::Update {
            id,
            message,
            next_update,
            stamp,
        } => record::record(
            &ctx,
            id,
            stamp,
            Change::Update {
                message,
                next_update,
            },
        )?,
        Command::Wait { id, reason, stamp } => {
            record::record(&ctx, id, stamp, Change::Wait { reason })?
        }
        Command::Resume { id, note, stamp } => {
            record::record(&ctx, id, stamp, Change::Resume { note })?
        }
        Command::Escalate {
            id,
            reason,
            note,
            stamp,
        } => record::record(&ctx, id, stamp, Change::Escalate { reason, note })?,
        Command::Severity {
            id,
            severity,
            reason,
            stamp,
        } => record::record(
            &ctx,
            id,
            stamp,
            Change::Severity {
                to: severity,
                reason,
            },
        )?,
        Command::Resolve { id, note, stamp } => {
            record::record(&ctx, id, stamp, Change::Resolve { note })?
        }
        Command::Reopen { id, reason, stamp } => {
            record::record(&ctx, id, stamp, Change::Reopen { reason })?
        }
        Command::Note { id, text, stamp } => {
            record::record(&ctx, id, stamp, Change::Note { text })?
        }
        Command::Status {
            id,
            all,
            kind,
            severity,
            customer,
            reference,
            as_of,
            explain,
            format,
        } => status::status(
            &ctx,
            status::StatusArgs {
                id,
                all,
                kind,
                severity,
                customer,
                reference,
                as_of,
                explain,
                format,
            },
        )?,
        Command::Policy(cmd) => return policy_cmd::run(&ctx, cmd),
        Command::Init { path, force } => extras::init(path, force)?,
        Command::Completions { shell } => extras::completions(shell)?,
        Command::Man => extras::man()?,
        Command::Migrate { from, to } => migrate::migrate(&from, &to)?,
        Command::Check {
            warn_at,
            as_of,
            quiet,
            format,
            timeout,
        } => {
            return check::check(
                ctx,
                check::CheckArgs {
                    warn_at,
                    as_of,
                    quiet,
                    format,
                    timeout,
                },
            );
        }
        Command::Export {
            events,
            since,
            until,
            format,
            output,
        } => export::export(
            &ctx,
            export::ExportArgs {
                events,
                since,
                until,
                format,
                output,
            },
        )?,
        Command::Report {
            since,
            until,
            by,
            format,
        } => report::report(
            &ctx,
            report::ReportArgs {
                since,
                until,
                by,
                format,
            },
        )?,
    }
    Ok(ExitCode::SUCCESS)
}
