//! What `migrate` reads and writes through the statements both dialects
//! share: the counts and listings it checks a copy by, the rows copied as
//! they are (ids included, in the column order PostgreSQL's binary COPY
//! uses too, `postgres/copy.rs`), and the one `CopyTx` over any `Dialect`.

use anyhow::{Context, Result};

use super::{Dialect, Param, all, count, event_values, notice_values};
use crate::model::EventData;
use crate::store::rows::notice_row;
use crate::store::{CopyTx, EventRow, NoticeRow, PolicyVersion, TicketFilter, TicketRow};

const TICKET_COUNT: &str = "SELECT count(*) FROM tickets";
const EVENT_COUNT: &str = "SELECT count(*) FROM events";
const NOTICE_COUNT: &str = "SELECT count(*) FROM notices";
const NOTICES: &str = "SELECT id, ticket_id, concern, clock, occurrence, sent_at, channel, \
     summary FROM notices ORDER BY id";

// For `migrate`: rows copied as they are, ids included. The column lists
// are shared with PostgreSQL's COPY of the same rows (`postgres/copy.rs`),
// so both name the columns of the `copied_*_values` below, in order.
macro_rules! copied_policy_columns {
    () => {
        "id, hash, text, first_seen"
    };
}

macro_rules! copied_ticket_columns {
    () => {
        "id, kind, severity, title, customer, service, reported_at, opened_at, \
         policy_version, state, current_severity, escalation_level, last_event_at, \
         resolved_at, external_ref, owner, contract"
    };
}

macro_rules! copied_event_columns {
    () => {
        "id, ticket_id, at, recorded_at, \"by\", kind, severity, level, next_update, \
         reason, text, policy_version, owner, field, voids, old_value, new_value, contract, \
         db_user"
    };
}

macro_rules! copied_notice_columns {
    () => {
        "id, ticket_id, concern, clock, occurrence, sent_at, channel, summary"
    };
}

pub(in crate::store) const COPIED_POLICY_COLUMNS: &str = copied_policy_columns!();
pub(in crate::store) const COPIED_TICKET_COLUMNS: &str = copied_ticket_columns!();
pub(in crate::store) const COPIED_EVENT_COLUMNS: &str = copied_event_columns!();
pub(in crate::store) const COPIED_NOTICE_COLUMNS: &str = copied_notice_columns!();

pub(super) const COPY_POLICY_VERSION: &str = concat!(
    "INSERT INTO policy_versions (",
    copied_policy_columns!(),
    ") VALUES ($1, $2, $3, $4)"
);
pub(super) const COPY_TICKET: &str = concat!(
    "INSERT INTO tickets (",
    copied_ticket_columns!(),
    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)"
);
pub(super) const COPY_EVENT: &str = concat!(
    "INSERT INTO events (",
    copied_event_columns!(),
    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, \
     $19)"
);
pub(super) const COPY_NOTICE: &str = concat!(
    "INSERT INTO notices (",
    copied_notice_columns!(),
    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
);

/// A policy version as `migrate` copies it, in the order of
/// `COPIED_POLICY_COLUMNS`.
pub(in crate::store) fn copied_policy_values(v: &PolicyVersion) -> [Param<'_>; 4] {
    [
        Param::big(v.id),
        Param::text(&v.hash),
        Param::text(&v.text),
        Param::big(v.first_seen),
    ]
}

/// A ticket as `migrate` copies it, in the order of `COPIED_TICKET_COLUMNS`.
pub(in crate::store) fn copied_ticket_values(t: &TicketRow) -> [Param<'_>; 17] {
    let s = &t.summary;
    [
        Param::big(t.id.0),
        Param::text(t.kind.as_str()),
        Param::small(t.severity),
        Param::text(&t.title),
        Param::Text(t.customer.as_deref()),
        Param::Text(t.service.as_deref()),
        Param::big(t.reported_at),
        Param::big(t.opened_at),
        Param::big(t.policy_version),
        Param::text(s.state.as_str()),
        Param::small(s.severity),
        Param::small(Some(s.escalation_level)),
        Param::big(s.last_event_at),
        Param::Big(s.resolved_at),
        Param::Text(t.external_ref.as_deref()),
        Param::Text(s.owner.as_deref()),
        Param::Text(t.contract.as_deref()),
    ]
}

/// An event as `migrate` copies it (`data` is `e.data()`), in the order of
/// `COPIED_EVENT_COLUMNS`: the role that wrote it is copied as recorded,
/// not the copier's.
pub(in crate::store) fn copied_event_values<'a>(
    e: &'a EventRow,
    data: &'a EventData,
) -> [Param<'a>; 19] {
    let appended = event_values(&e.event, data);
    std::array::from_fn(|i| match i {
        0 => Param::big(e.id),
        18 => Param::Text(e.db_user.as_deref()),
        i => appended[i - 1],
    })
}

/// A notice as `migrate` copies it, in the order of `COPIED_NOTICE_COLUMNS`.
pub(in crate::store) fn copied_notice_values(r: &NoticeRow) -> [Param<'_>; 8] {
    let recorded = notice_values(&r.notice);
    std::array::from_fn(|i| match i {
        0 => Param::big(r.id),
        i => recorded[i - 1],
    })
}

impl<D: Dialect> CopyTx for D {
    fn for_each_stored_ticket(
        &mut self,
        each: &mut dyn FnMut(TicketRow, Vec<EventRow>) -> Result<()>,
    ) -> Result<()> {
        let all = TicketFilter {
            include_resolved: true,
            ..TicketFilter::default()
        };
        self.walk_tickets(&all, each)
    }

    fn ticket_count(&mut self) -> Result<i64> {
        count(self, TICKET_COUNT)
    }

    fn event_count(&mut self) -> Result<i64> {
        count(self, EVENT_COUNT)
    }

    fn notice_count(&mut self) -> Result<i64> {
        count(self, NOTICE_COUNT)
    }

    fn notices(&mut self) -> Result<Vec<NoticeRow>> {
        all(self, NOTICES, &[], |r| notice_row(r)).context(crate::msg!("log-cannot-read-notices"))
    }

    fn copy_policy_version(&mut self, v: &PolicyVersion) -> Result<()> {
        self.copy_policy_row(v)
    }

    fn copy_ticket(&mut self, t: &TicketRow) -> Result<()> {
        self.copy_ticket_row(t)
    }

    fn copy_event(&mut self, e: &EventRow) -> Result<()> {
        self.copy_event_row(e)
    }

    fn copy_notice(&mut self, r: &NoticeRow) -> Result<()> {
        self.copy_notice_row(r)
    }

    fn finish_copy(&mut self) -> Result<()> {
        self.continue_ids()
    }
}
