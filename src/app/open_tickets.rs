//! The one walk over the tickets open at an instant that `check`,
//! `metrics` and `notify` share: each unresolved ticket judged under the
//! policy it is pinned to, one at a time, in one read transaction, the
//! reading and the judging on two cores where there are two; and the
//! rules all three judge by.

use std::time::Duration;

use anyhow::Result;
use chrono::{DateTime, Utc};

use crate::output::View;
use crate::sla::{Policy, Rules, TicketState};
use crate::store::{Store, TicketFilter, Tx};

use super::batch::read_and_judge;
use super::convert::{Policies, view_of};

/// The rules of `check`, `metrics` and `notify`: at risk from `--warn-at`
/// percent; a wait is too long past `--max-wait`, else past the policy's
/// `remind_after`.
pub fn rules(policy: &Policy, warn_at: u8, max_wait: Option<Duration>) -> Rules {
    Rules {
        warn_at,
        // At most 366 days (`cli::max_wait`): it fits.
        max_wait_secs: max_wait.map_or(policy.remind_after_secs, |d| d.as_secs() as i64),
        ..Rules::of(policy)
    }
}

/// Calls `each` with every ticket open at `now`, judged then, in the
/// log's order. With `past`, `now` is an earlier instant (`check
/// --as-of`): the log is read as it stood then, from what had been
/// recorded by then.
///
/// Reading the events and judging them cost about the same, and `check`
/// is a cron job's deadline: they run on two cores ([`each_judged`]).
pub fn each_open_ticket(
    store: &mut Store,
    now: DateTime<Utc>,
    past: bool,
    clock: &dyn Fn() -> DateTime<Utc>,
    mut each: impl FnMut(View) -> Result<()> + Send,
) -> Result<()> {
    let filter = TicketFilter {
        include_resolved: false,
        // Only a past instant needs the wider selection; "now" uses the index of open tickets.
        as_of: past.then_some(now.timestamp()),
        // A past check sees the log as it stood then.
        recorded_by: past.then_some(now.timestamp()),
        ..TicketFilter::default()
    };
    store.read(|tx| {
        if !past && let Some(behind) = clock_behind(tx, clock(), false)? {
            anyhow::bail!(behind);
        }
        each_judged(tx, &filter, now, |view| {
            if view.eval.state == TicketState::Resolved || view.ticket.reported_at > now {
                return Ok(());
            }
            each(view)
        })
    })
}

/// How far ahead of this machine's clock the log's newest record may be
/// and still be taken for the same time: whole seconds on both sides, and
/// two machines' clocks kept by NTP a little apart.
const CLOCKS_APART_SECS: i64 = 5;

/// Why the log cannot be judged now (a past instant asked for is another
/// matter, and never asks): it holds an event recorded later than this machine's clock reads (`now`, read
/// in the transaction, so nothing committed before it counts as later),
/// by the clock of the machine that recorded it. This machine's clock is
/// behind that one, so what was recorded after its "now" would be left
/// out (a ticket not yet reported, an update not yet given) and a verdict
/// would be false: `check` answers UNKNOWN with it; the `board`, drawn all
/// the same, warns.
pub fn clock_behind(
    tx: &mut dyn Tx,
    now: DateTime<Utc>,
    board: bool,
) -> Result<Option<crate::i18n::Msg>> {
    Ok(tx
        .latest_recorded_at()?
        .and_then(|newest| behind(newest, now, board)))
}

/// [`clock_behind`] for a log whose newest record was recorded at
/// `newest` (seconds since the epoch), read earlier: what `watch` asks
/// every second of the newest record its last read saw.
pub fn behind(newest: i64, now: DateTime<Utc>, board: bool) -> Option<crate::i18n::Msg> {
    if newest <= now.timestamp() + CLOCKS_APART_SECS {
        return None;
    }
    // In UTC to the second: two machines' clocks are being compared.
    let utc = |t: DateTime<Utc>| t.format("%Y-%m-%d %H:%M:%S UTC").to_string();
    let (newest, gap) = (
        utc(crate::sla::instant(newest)),
        crate::i18n::duration(std::time::Duration::from_secs(
            (newest - now.timestamp()).unsigned_abs(),
        )),
    );
    Some(if board {
        crate::msg!(
            "warn-clock-behind",
            newest = newest,
            now = utc(now),
            gap = gap
        )
    } else {
        crate::msg!(
            "log-clock-behind",
            newest = newest,
            now = utc(now),
            gap = gap
        )
    })
}

/// For the commands that show what they read all the same (`status`,
/// `export`): unless the instant is a `past` one asked for, a clock behind
/// the log's newest record (`clock_behind`) is said on stderr, with what
/// it leaves out. Returns whether it was: the caller leaves out what the
/// warning says it does.
pub fn warn_if_behind(tx: &mut dyn Tx, now: DateTime<Utc>, past: bool) -> Result<bool> {
    if !past && let Some(behind) = clock_behind(tx, now, true)? {
        crate::warning::say(&format!("{} {behind}", crate::msg!("warning-prefix")));
        return Ok(true);
    }
    Ok(false)
}

/// [`warn_if_behind`] for a listing (the board, `export`): with this
/// machine's clock behind the log, `filter` is narrowed to what was
/// recorded by its "now", as the warning says, tickets and events alike:
/// the log as `--as-of` at that instant reads it, so a ticket resolved or
/// assigned in what was recorded later is selected as it stood then. A
/// filter already of a past instant (`--as-of`) is left as it is.
pub fn narrow_if_behind(
    tx: &mut dyn Tx,
    now: DateTime<Utc>,
    filter: &mut TicketFilter,
) -> Result<()> {
    if filter.recorded_by.is_none() && warn_if_behind(tx, now, false)? {
        filter.as_of = Some(now.timestamp());
        filter.recorded_by = Some(now.timestamp());
    }
    Ok(())
}

/// Calls `each` with every ticket `filter` selects, judged at `now`
/// under the policy it is pinned to, in the log's order: this thread
/// reads while a worker judges and calls `each`, on one core in turn
/// (`batch::read_and_judge`).
pub fn each_judged(
    tx: &mut dyn Tx,
    filter: &TicketFilter,
    now: DateTime<Utc>,
    mut each: impl FnMut(View) -> Result<()> + Send,
) -> Result<()> {
    let versions = Policies::texts(tx)?;
    read_and_judge(
        |feed| tx.for_each_ticket_lent(filter, &mut |row, events| feed.push((), row, events)),
        move |intake| {
            let mut policies = Policies::unparsed(versions);
            intake.each(|(), row, events| each(view_of(&mut policies, row, events, now)?))
        },
    )
}
