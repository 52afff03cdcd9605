//! `policy show`, `policy check` and `policy apply`, which re-pins every
//! open ticket to the policy in force, in one IMMEDIATE transaction. Show
//! and check warn, as `check` does, about a business calendar with no
//! holidays left ahead.

use std::io::Write;

use anyhow::Result;

use crate::cli::{Echo, PolicyCommand};
use crate::output;
use crate::sla::{Event, EventKind, Policy};
use crate::store::{OpenMode, TicketRow};

use super::context::{Context, parse_policy_file};
use super::convert::{Policies, find, load_view, new_event, policy_hash};
use super::echo;
use super::exit::{Exit, UsageError};
use super::holidays::warn_stale_calendars;
use super::printed;

pub fn run(ctx: &Context, cmd: PolicyCommand) -> Result<Exit> {
    match cmd {
        PolicyCommand::Show { contract } => {
            let loaded = ctx.policy()?;
            let shown = match &contract {
                None => loaded.policy.clone(),
                Some(name) => loaded.policy.effective(Some(name)).map_err(|e| {
                    UsageError(
                        crate::msg!(
                            "refuse-show-contract",
                            contract = format!("{name:?}"),
                            error = e.to_string()
                        )
                        .to_string(),
                    )
                })?,
            };
            printed::read_only(|out| {
                output::policy_show(out, &shown, &loaded.source, contract.as_deref(), &ctx.style)
            })?;
            warn_stale_calendars(&loaded.policy, ctx.now());
        }
        PolicyCommand::Check { path } => {
            let checked = match path.or_else(|| ctx.policy_file()) {
                Some(p) => parse_policy_file(&p)?.map_err(|e| (e, p.display().to_string())),
                None => Ok(ctx.policy()?),
            };
            match checked {
                Ok(loaded) => {
                    printed::read_only(|out| {
                        let source = loaded.source.to_string();
                        writeln!(
                            out,
                            "{}",
                            crate::tr!(ctx.lang, "policy-check-ok", source = source)
                        )
                    })?;
                    warn_stale_calendars(&loaded.policy, ctx.now());
                }
                Err((e, name)) => {
                    output::policy_errors(&mut std::io::stderr().lock(), &e.with_file(&name))?;
                    return Ok(Exit::Failure);
                }
            }
        }
        PolicyCommand::Apply(echo) => apply(ctx, echo)?,
    }
    Ok(Exit::Success)
}

/// The contract a ticket is re-pinned to by `policy apply`: its customer's
/// under the new policy if `[customers]` lists the customer; otherwise the
/// one it has if that was chosen (`open --contract`), while the new policy
/// still defines it; otherwise none. A contract the customer's listing gave
/// (the policy it follows, `old`, maps the customer to it) goes with the
/// listing: a customer taken off `[customers]` is back on the base policy.
fn repinned_contract(policy: &Policy, old: &Policy, row: &TicketRow) -> Option<String> {
    let customer = row.customer.as_deref();
    if let Some(mapped) = customer.and_then(|c| policy.contract_for(c)) {
        return Some(mapped.to_string());
    }
    let listed = customer.and_then(|c| old.contract_for(c));
    row.contract
        .clone()
        .filter(|c| listed != Some(c.as_str()) && policy.contracts.contains_key(c))
}

/// `policy apply`: re-pins every open ticket to the current policy.
fn apply(ctx: &Context, echo: Echo) -> Result<()> {
    let loaded = ctx.policy()?;
    let by = ctx.author(None)?;
    let mut store = ctx.store(OpenMode::Write)?;
    let (version, moved) = store.write(|tx| {
        tx.lock()?;
        let now = ctx.now();
        let version =
            tx.policy_version(&policy_hash(&loaded.text), &loaded.text, now.timestamp())?;
        let mut moved = vec![];
        let mut followed = Policies::default();
        for id in tx.open_ids()? {
            let row = find(tx, id)?;
            let old = followed.get(tx, row.policy_version)?;
            let contract = repinned_contract(&loaded.policy, &old, &row);
            if row.policy_version == version && row.contract == contract {
                continue;
            }
            let mut e = new_event(id, &Event::new(now, EventKind::PolicyApplied), now, &by);
            e.policy_version = Some(version);
            e.contract.clone_from(&contract);
            let mut text = format!("policy version {} -> {version}", row.policy_version);
            if row.contract != contract {
                let name = |c: &Option<String>| c.clone().unwrap_or_else(|| "none".into());
                text.push_str(&format!(
                    ", contract {} -> {}",
                    name(&row.contract),
                    name(&contract)
                ));
                e.old_value.clone_from(&row.contract);
                e.new_value.clone_from(&contract);
            }
            e.text = Some(text);
            tx.append_event(&e)?;
            tx.set_policy_version(id, version)?;
            if row.contract != contract {
                tx.set_contract(id, contract.as_deref())?;
            }
            moved.push(id);
        }
        let mut policies = Policies::default();
        let moved = moved
            .into_iter()
            .map(|id| Ok(load_view(&mut policies, tx, id, now)?.0))
            .collect::<Result<Vec<_>>>()?;
        Ok((version, moved))
    })?;
    echo::tickets(
        echo,
        &moved,
        || {
            crate::msg!(
                "not-printed-applied",
                version = version,
                source = loaded.source.to_string(),
                n = moved.len()
            )
            .to_string()
        },
        || crate::msg!("not-printed-applied-next").to_string(),
        |out| output::policy_applied(out, version, &loaded.source, &moved, ctx.lang),
    )
}
