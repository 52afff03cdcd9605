//! `policy show`, `policy check` and `policy apply`.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

use crate::cli::PolicyCommand;
use crate::output;
use crate::sla::Policy;

use super::context::Context;
use super::printed;
use super::record;

pub fn run(ctx: &Context, cmd: PolicyCommand) -> Result<ExitCode> {
    match cmd {
        PolicyCommand::Show => {
            let loaded = ctx.policy()?;
            printed::read_only(|out| {
                output::policy_show(out, &loaded.policy, &loaded.source, &ctx.style)
            })?;
        }
        PolicyCommand::Check { path } => {
            let (text, name) = match path.or_else(|| ctx.policy_path.clone()) {
                Some(p) => (
                    std::fs::read_to_string(&p).map_err(|e| {
                        anyhow::anyhow!("cannot read the policy file {}: {e}", p.display())
                    })?,
                    p.display().to_string(),
                ),
                None => {
                    let loaded = ctx.policy()?;
                    (loaded.text, loaded.source)
                }
            };
            match text.parse::<Policy>() {
                Ok(_) => printed::read_only(|out| writeln!(out, "{name}: ok"))?,
                Err(e) => {
                    output::policy_errors(&mut std::io::stderr().lock(), &e.with_file(&name))?;
                    return Ok(ExitCode::from(1));
                }
            }
        }
        PolicyCommand::Apply => record::apply_policy(ctx)?,
    }
    Ok(ExitCode::SUCCESS)
}
