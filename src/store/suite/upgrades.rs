//! Logs an older slaclock wrote, and what a migration makes of them, in
//! SQL both stores run and checks both share: each store's schema tests
//! build the old log their own way and call these (the checks of owners'
//! and contracts' migrations are written beside those features).

use anyhow::Result;

pub(crate) use super::corrections::{
    SCHEMA_9_CONTRACTS, a_schema_5_log_upgraded_keeps_its_events,
    a_schema_9_log_upgraded_knows_each_pins_contract,
};

use super::tickets;
use crate::store::{Store, TicketFilter};

/// The rows of a log at schema 10: ticket 1 was resolved at 30 by an
/// event recorded at 90 (back-dated with `--at`), ticket 2 at 30 as it
/// happened, ticket 3 is still open.
pub(crate) const SCHEMA_10_BACKDATED: &str = r#"
INSERT INTO policy_versions (id, hash, text, first_seen) VALUES (1, 'h1', 'p', 0);
INSERT INTO tickets (id, kind, severity, title, reported_at, opened_at, policy_version,
                     state, current_severity, last_event_at, resolved_at)
VALUES (1, 'incident', 1, 'resolved later', 10, 10, 1, 'resolved', 1, 30, 30),
       (2, 'incident', 1, 'resolved then', 10, 10, 1, 'resolved', 1, 30, 30),
       (3, 'incident', 1, 'still open', 10, 10, 1, 'open', 1, 10, NULL);
INSERT INTO events (id, ticket_id, at, recorded_at, "by", kind, severity, policy_version)
VALUES (1, 1, 10, 10, 'alice', 'opened', 1, 1),
       (2, 2, 10, 10, 'alice', 'opened', 1, 1),
       (3, 3, 10, 10, 'alice', 'opened', 1, 1);
INSERT INTO events (id, ticket_id, at, recorded_at, "by", kind)
VALUES (4, 1, 30, 90, 'alice', 'resolved'),
       (5, 2, 30, 30, 'alice', 'resolved');
"#;

/// Migration 11 on the log `SCHEMA_10_BACKDATED` wrote: the board as of
/// 60 has ticket 1 among those that may have been open then (its resolve
/// was not recorded until 90), as well as ticket 3; ticket 2 was resolved
/// and recorded by then.
pub(crate) fn a_schema_10_log_upgraded_knows_when_each_ticket_was_recorded(
    store: &mut Store,
) -> Result<()> {
    store.read(|tx| {
        let filter = TicketFilter {
            as_of: Some(60),
            ..TicketFilter::default()
        };
        let ids: Vec<i64> = tickets(tx, &filter)?.iter().map(|t| t.id.0).collect();
        assert_eq!(ids, [1, 3]);
        Ok(())
    })
}
