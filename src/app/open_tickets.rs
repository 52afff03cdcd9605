//! The one walk over the tickets open at an instant that `check`,
//! `metrics` and `notify` share: each unresolved ticket judged under the
//! policy it is pinned to, one at a time, in one read transaction; and the
//! rules all three judge by.

use std::time::Duration;

use anyhow::Result;
use chrono::{DateTime, Utc};

use crate::output::View;
use crate::sla::{Policy, Rules, TicketState};
use crate::store::{Store, TicketFilter};

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

/// Calls `each` with every ticket open at `now`, judged then. With
/// `past`, `now` is an earlier instant (`check --as-of`): the log is read
/// as it stood then, from what had been recorded by then.
pub fn each_open_ticket(
    store: &mut Store,
    now: DateTime<Utc>,
    past: bool,
    mut each: impl FnMut(View) -> Result<()>,
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
        let mut policies = Policies::read_all(tx)?;
        tx.for_each_ticket_lent(&filter, &mut |row, events| {
            let view = view_of(&mut policies, row, events, now)?;
            if view.eval.state == TicketState::Resolved || view.ticket.reported_at > now {
                return Ok(());
            }
            each(view)
        })
    })
}
