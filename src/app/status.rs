//! `status`: one ticket in full, or the board of open tickets, now or as of
//! an earlier instant; and, like `check`, a warning when a business
//! calendar has no holidays left ahead.

use std::io::Write;

use anyhow::{Result, anyhow, bail};

use crate::cli::{StatusArgs, StatusFormat};
use crate::output::{self, View};
use crate::sla::{Kind, Severity, TicketState, board_key};
use crate::store::TicketFilter;
use crate::tr;

use super::context::Context;
use super::convert::{Policies, clock_events, find, judge, ticket_of, timeline_of, view_of};
use super::exit::UsageError;
use super::holidays::warn_stale_policy;
use super::input::{check_ref, owner_filter};
use super::open_tickets::{each_judged, narrow_if_behind, warn_if_behind};
use super::printed;

/// Shows the ticket or the board, then warns (on standard error) about a
/// business calendar of the policy in force that has run out of holidays:
/// the warning is about today, whatever `--as-of` shows.
pub fn status(ctx: &Context, args: StatusArgs) -> Result<()> {
    show(ctx, args)?;
    warn_stale_policy(ctx, ctx.now());
    Ok(())
}

fn show(ctx: &Context, args: StatusArgs) -> Result<()> {
    if let Some(misplaced) = args.misplaced() {
        return Err(UsageError(misplaced).into());
    }
    let board = &args.board;
    if let Some(r) = &board.reference {
        check_ref(r)?;
    }
    let mut store = ctx.store(crate::store::OpenMode::Read)?;
    let real_now = ctx.now();
    // A past instant asked for, else now (a later one is now).
    let as_of = match &args.as_of {
        Some(t) => ctx.as_of(t, real_now)?,
        None => None,
    };
    let now = as_of.unwrap_or(real_now);
    let past = as_of.is_some();
    let style = if args.wide {
        ctx.unlimited()
    } else {
        ctx.style
    };
    let mut policies = Policies::default();
    if let Some(id) = args.id {
        let (view, timeline, traces) = store.read(|tx| {
            let behind = warn_if_behind(tx, ctx.now(), past)?;
            let row = find(tx, id)?;
            let mut events = tx.events(id)?;
            // The ticket as the log knew it then: events recorded by then.
            // With this machine's clock behind the log, the same at its
            // "now", as the warning says: the clocks and the timeline are
            // drawn from the same events, so neither shows what was
            // recorded later (a resume, a back-dated note).
            if past || behind {
                if row.opened_at > now.timestamp() {
                    bail!(crate::msg!(
                        "refuse-not-yet-recorded",
                        id = id.to_string(),
                        at = output::local(now, ctx.style.zone)
                    ));
                }
                events.retain(|e| e.event.recorded_at <= now.timestamp());
            }
            let clocks = clock_events(&events);
            let ticket = ticket_of(&row);
            let (view, traces) = judge(
                |v, c| policies.get_under(tx, v, c),
                row,
                &clocks,
                now,
                args.explain,
            )?;
            Ok((view, timeline_of(&ticket, &events), traces))
        })?;
        if view.ticket.reported_at > now {
            return Err(anyhow!(crate::msg!(
                "refuse-not-yet-reported",
                id = id.to_string(),
                at = output::local(now, ctx.style.zone)
            )));
        }
        return match args.format {
            StatusFormat::Json => printed::read_only(|out| output::status_json(out, &view)),
            StatusFormat::Table => printed::read_only(|out| {
                output::ticket(out, &view, &timeline, now, &style, &traces)
            }),
        };
    }
    // A ref names one ticket: it is shown resolved or not.
    let all = board.all || board.reference.is_some();
    // Mine: as `take` without --by records it.
    let owner = match (board.mine, &board.owner) {
        (true, _) if !ctx.knows_user(None) => {
            return Err(UsageError(crate::msg!("refuse-who-unknown-mine").to_string()).into());
        }
        (true, _) => Some(ctx.user(None)),
        (false, owner) => owner_filter(owner.as_deref())?,
    };
    let mut filter = TicketFilter {
        include_resolved: all,
        as_of: as_of.map(|t| t.timestamp()),
        kind: board.kind.map(|k| k.kind()),
        // In part and in any case: `acme` finds "ACME Corp".
        customer: board.customer.clone(),
        search: board.search.clone(),
        since: None,
        until: None,
        external_ref: board.reference.clone(),
        // A past board shows the log as it stood then.
        recorded_by: as_of.map(|t| t.timestamp()),
        owner: owner.clone(),
        unassigned: board.unassigned,
        ids: None,
    };
    let shown = |v: &View| {
        (all || v.eval.state != TicketState::Resolved)
            && v.ticket.reported_at <= now
            && board.severity.is_none_or(|s| severity(v) == Some(s))
            // Who owns it when judged (the store selected by the owner now).
            && owner.as_ref().is_none_or(|o| v.eval.owner.as_ref() == Some(o))
            && (!board.unassigned || v.eval.owner.is_none())
    };
    if args.format == StatusFormat::Table {
        // This thread reads while a worker judges (`each_judged`); each
        // ticket's line is made as it is judged, and its view let go.
        let mut lines = output::Board::new(now, &style);
        store.read(|tx| {
            narrow_if_behind(tx, ctx.now(), &mut filter)?;
            each_judged(tx, &filter, now, |v| {
                if shown(&v) {
                    lines.push(board_key(v.ticket.kind, &v.eval, v.ticket.id), &v);
                }
                Ok(())
            })
        })?;
        return match &board.reference {
            Some(r) if lines.is_empty() => printed::read_only(|out| {
                let reference = output::quoted(r);
                writeln!(
                    out,
                    "{}",
                    tr!(style.lang, "status-no-ref", reference = reference)
                )
            }),
            _ if lines.is_empty() => {
                // Said as asked: a filter that matched nothing is not an
                // empty desk, and --all counts resolved tickets too.
                let filtered = board.kind.is_some()
                    || board.severity.is_some()
                    || board.customer.is_some()
                    || board.search.is_some()
                    || owner.is_some()
                    || board.unassigned;
                let said = match (all, filtered) {
                    (false, false) => tr!(style.lang, "board-empty"),
                    (false, true) => tr!(style.lang, "board-empty-match"),
                    (true, false) => tr!(style.lang, "board-empty-all"),
                    (true, true) => tr!(style.lang, "board-empty-all-match"),
                };
                printed::read_only(|out| writeln!(out, "{said}"))
            }
            _ => printed::read_only(|out| lines.write(out)),
        };
    }
    // A view holds its policy (shared, not sendable): JSON's views are
    // judged on this thread.
    let mut views = store.read(|tx| {
        narrow_if_behind(tx, ctx.now(), &mut filter)?;
        let mut policies = Policies::read_all(tx)?;
        let mut views = vec![];
        tx.for_each_ticket_lent(&filter, &mut |row, events| {
            let v = view_of(&mut policies, row, events, now)?;
            if shown(&v) {
                views.push(v);
            }
            Ok(())
        })?;
        Ok(views)
    })?;
    sort_by_urgency(&mut views);
    printed::read_only(|out| output::board_json(out, &views))
}

/// A ticket's severity now; an inquiry is severity 3.
fn severity(v: &View) -> Option<Severity> {
    match v.ticket.kind {
        Kind::Inquiry => Some(v.eval.severity.unwrap_or(Severity::S3)),
        _ => v.eval.severity,
    }
}

/// Most urgent first, in the board's one order (`sla::board_key`), which
/// `check` lists its lines in too.
pub fn sort_by_urgency(views: &mut [View]) {
    views.sort_by_cached_key(|v| board_key(v.ticket.kind, &v.eval, v.ticket.id));
}
