//! `policy show`, `policy check` and `policy apply`.

use std::io::Write;

use anyhow::Result;

use crate::cli::PolicyCommand;
use crate::output;

use super::context::{Context, parse_policy_file};
use super::exit::Exit;
use super::printed;
use super::record;

pub fn run(ctx: &Context, cmd: PolicyCommand) -> Result<Exit> {
    match cmd {
        PolicyCommand::Show => {
            let loaded = ctx.policy()?;
            printed::read_only(|out| {
                output::policy_show(out, &loaded.policy, &loaded.source, &ctx.style)
            })?;
        }
        PolicyCommand::Check { path } => {
            let checked = match path.or_else(|| ctx.policy_file()) {
                Some(p) => parse_policy_file(&p)?.map_err(|e| (e, p.display().to_string())),
                None => Ok(ctx.policy()?),
            };
            match checked {
                Ok(loaded) => printed::read_only(|out| writeln!(out, "{}: ok", loaded.source))?,
                Err((e, name)) => {
                    output::policy_errors(&mut std::io::stderr().lock(), &e.with_file(&name))?;
                    return Ok(Exit::Failure);
                }
            }
        }
        PolicyCommand::Apply => record::apply_policy(ctx)?,
    }
    Ok(Exit::Success)
}
