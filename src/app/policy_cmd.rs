//! `policy show`, `policy check` and `policy apply`, which re-pins every
//! open ticket to the policy in force, in one IMMEDIATE transaction. Show
//! and check warn, as `check` does, about a business calendar with no
//! holidays left ahead. `edit --customer` asks here what `policy apply`
//! would pin its ticket to, to say when that is not its contract.

use std::io::Write;

use anyhow::Result;

use crate::cli::{Echo, PolicyCommand};
use crate::model::Field;
use crate::output;
use crate::sla::{Event, EventKind, Policy};
use crate::store::{EventRow, OpenMode, TicketRow};

use super::context::{Context, parse_policy_file};
use super::convert::{Policies, find_with_events, load_view, new_event, policy_hash};
use super::echo;
use super::exit::Exit;
use super::holidays::warn_stale_calendars;
use super::printed;

pub fn run(ctx: &Context, cmd: PolicyCommand) -> Result<Exit> {
    match cmd {
        PolicyCommand::Show { contract } => {
            let loaded = ctx.policy()?;
            let shown = match &contract {
                None => loaded.policy.clone(),
                // A name the policy does not define is refused as data
                // (exit 1), not as a malformed command line.
                Some(name) => loaded.policy.effective(Some(name)).map_err(|e| {
                    anyhow::anyhow!(crate::msg!(
                        "refuse-show-contract",
                        contract = crate::output::quoted(name),
                        error = e.to_string()
                    ))
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
        PolicyCommand::Apply(args) => apply(ctx, args.by.as_deref(), args.echo)?,
    }
    Ok(Exit::Success)
}

/// The contract a ticket was given with `open --contract`, if it was: the
/// one its opening pinned, where that is not what the opening policy's
/// `[customers]` gave the customer it was opened for (a `--contract` that
/// named the listing's own contract is taken for the listing's). The
/// customer it was opened for is the one before its first correction.
fn chosen_at_open(opening: &Policy, row: &TicketRow, events: &[EventRow]) -> Option<String> {
    let pinned = events.iter().find(|e| e.event.kind == EventKind::Opened)?;
    let customer = events
        .iter()
        .find(|e| {
            e.event.kind
                == EventKind::Edited {
                    field: Field::Customer,
                }
        })
        .map_or(row.customer.as_deref(), |e| e.event.old_value.as_deref());
    let listed = customer.and_then(|c| opening.contract_for(c));
    pinned.event.contract.clone().filter(|c| listed != Some(c))
}

/// The contract a ticket is re-pinned to by `policy apply`: the one chosen
/// for it with `open --contract` (`chosen`) while it still has it and the
/// new policy defines it; otherwise its customer's under the new policy
/// if `[customers]` lists the customer; otherwise none. So a contract the
/// customer's listing gave goes with the listing: a customer taken off
/// `[customers]`, or corrected to one not listed, is back on the base
/// policy.
fn repinned_contract(policy: &Policy, row: &TicketRow, chosen: Option<&str>) -> Option<String> {
    let kept = chosen.filter(|c| row.contract.as_deref() == Some(c));
    if let Some(c) = kept.filter(|c| policy.contracts.contains_key(*c)) {
        return Some(c.to_string());
    }
    let customer = row.customer.as_deref();
    customer
        .and_then(|c| policy.contract_for(c))
        .map(str::to_string)
}

/// The contract `policy apply` would pin the open ticket `row` (whose
/// events are `events`) to under `policy`; `followed` holds the stored
/// versions read so far.
fn contract_on_apply(
    tx: &mut dyn crate::store::Tx,
    followed: &mut Policies,
    policy: &Policy,
    row: &TicketRow,
    events: &[EventRow],
) -> Result<Option<String>> {
    let opened_under = events
        .iter()
        .find(|e| e.event.kind == EventKind::Opened)
        .and_then(|e| e.event.policy_version)
        .unwrap_or(row.policy_version);
    let opening = followed.get(tx, opened_under)?;
    let chosen = chosen_at_open(&opening, row, events);
    Ok(repinned_contract(policy, row, chosen.as_deref()))
}

/// After `edit --customer`: the ticket stays under the contract it is
/// pinned to (only `policy apply` re-pins, SPEC 6), so where `policy
/// apply` would now pin the open ticket to another, for the customer it
/// has now, standard error says so and how to re-pin; it goes there, as
/// `update`'s reminder on a waiting ticket does, so a script reading the
/// echo is not disturbed. It is advice on an edit already recorded, so
/// nothing here fails the command: a policy file that cannot be read
/// (the edit needs none, and `policy apply` refuses it in its own words)
/// or a log that cannot be read again says nothing.
pub fn warn_contract_after_edit(ctx: &Context, id: crate::model::TicketId) {
    if let Ok(Some(said)) = contract_note(ctx, id) {
        crate::warning::say(&said);
    }
}

/// What [`warn_contract_after_edit`] says, if anything.
fn contract_note(ctx: &Context, id: crate::model::TicketId) -> Result<Option<String>> {
    let Ok(loaded) = ctx.policy() else {
        return Ok(None);
    };
    let (row, would) = ctx.store(OpenMode::Read)?.read(|tx| {
        let (row, events) = find_with_events(tx, id)?;
        let would = contract_on_apply(tx, &mut Policies::default(), &loaded.policy, &row, &events)?;
        Ok((row, would))
    })?;
    if row.summary.state == crate::sla::TicketState::Resolved || row.contract == would {
        return Ok(None);
    }
    let lang = ctx.lang;
    let pinned = match &row.contract {
        Some(name) => crate::tr!(lang, "edit-contract-pinned", name = output::plain(name)),
        None => crate::tr!(lang, "edit-contract-pinned-none"),
    };
    let (id, customer) = (id.to_string(), row.customer.as_deref().map(output::plain));
    let said = match (would, customer) {
        (Some(contract), Some(customer)) => crate::tr!(
            lang,
            "edit-contract-stays",
            id = id,
            pinned = pinned,
            customer = customer,
            contract = output::plain(&contract)
        ),
        (None, Some(customer)) => crate::tr!(
            lang,
            "edit-contract-stays-unlisted",
            id = id,
            pinned = pinned,
            customer = customer
        ),
        (_, None) => crate::tr!(
            lang,
            "edit-contract-stays-no-customer",
            id = id,
            pinned = pinned
        ),
    };
    Ok(Some(said))
}

/// `policy apply`: re-pins every open ticket to the current policy.
fn apply(ctx: &Context, by: Option<&str>, echo: Echo) -> Result<()> {
    let loaded = ctx.policy()?;
    let by = ctx.author(by)?;
    let mut store = ctx.store(OpenMode::Write)?;
    let (version, moved, left, new_version) = store.write(|tx| {
        tx.lock()?;
        let now = ctx.now();
        let hash = policy_hash(&loaded.text);
        let new_version = !tx.policy_versions()?.iter().any(|v| v.hash == hash);
        let version = tx.policy_version(&hash, &loaded.text, now.timestamp())?;
        let mut moved = vec![];
        let mut followed = Policies::default();
        for id in tx.open_ids()? {
            let (row, events) = find_with_events(tx, id)?;
            let contract = contract_on_apply(tx, &mut followed, &loaded.policy, &row, &events)?;
            if row.policy_version == version && row.contract == contract {
                continue;
            }
            let mut e = new_event(id, &Event::new(now, EventKind::PolicyApplied), now, &by);
            e.policy_version = Some(version);
            e.contract.clone_from(&contract);
            // What moved: the version, the contract, or both.
            let mut moves = vec![];
            if row.policy_version != version {
                moves.push(format!(
                    "policy version {} -> {version}",
                    row.policy_version
                ));
            }
            if row.contract != contract {
                let name = |c: &Option<String>| c.clone().unwrap_or_else(|| "none".into());
                moves.push(format!(
                    "contract {} -> {}",
                    name(&row.contract),
                    name(&contract)
                ));
                e.old_value.clone_from(&row.contract);
                e.new_value.clone_from(&contract);
            }
            e.text = Some(moves.join(", "));
            tx.append_event(&e)?;
            tx.set_policy_version(id, version)?;
            if row.contract != contract {
                tx.set_contract(id, contract.as_deref())?;
            }
            let left = (row.contract != contract).then_some(row.contract);
            moved.push((id, left));
        }
        let mut policies = Policies::default();
        let (ids, left): (Vec<_>, Vec<_>) = moved.into_iter().unzip();
        let moved = ids
            .into_iter()
            .map(|id| Ok(load_view(&mut policies, tx, id, now)?.0))
            .collect::<Result<Vec<_>>>()?;
        Ok((version, moved, left, new_version))
    })?;
    let text =
        |out: &mut _| output::policy_applied(out, version, &loaded.source, &moved, &left, ctx.lang);
    if moved.is_empty() && !new_version {
        return echo::tickets_unchanged(echo, &moved, text);
    }
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
        text,
    )
}
