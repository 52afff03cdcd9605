//! What a driver's transaction supplies to the one `Tx` of `sql.rs`: how a
//! statement runs, and the operations whose SQL or strategy differs
//! between SQLite and PostgreSQL, each with the default most drivers take.

use super::*;

/// What a driver's transaction supplies, so that every `Tx` method is
/// written once (below): running a statement, and the few operations whose
/// SQL or strategy differs between SQLite and PostgreSQL.
pub(in crate::store) trait Dialect {
    /// The condition for a ticket that may still have been unresolved at
    /// the instant bound to `then` (see `Filter::new`).
    fn unresolved_then(then: &str) -> String;

    /// The condition that the text `haystack` contains the text `needle`
    /// (both SQL expressions): SQLite has `instr`, PostgreSQL `strpos`.
    fn contains(haystack: &str, needle: &str) -> String;

    /// Runs `sql` and returns how many rows it changed.
    fn execute(&mut self, sql: &str, params: &[Param]) -> Result<u64>;

    /// Calls `each` with every row `sql` returns, in order.
    fn query(
        &mut self,
        sql: &str,
        params: &[Param],
        each: &mut dyn FnMut(&dyn Columns) -> Result<()>,
    ) -> Result<()>;

    /// The id of the policy version with `hash`, inserting it if new.
    fn store_policy(&mut self, hash: &str, text: &str, now: i64) -> Result<i64>;

    /// Inserts the ticket row alone (see `Tx::insert_ticket`).
    fn insert_ticket_row(&mut self, t: &NewTicket) -> Result<TicketId>;

    /// Inserts an event with the data stored beside its code.
    fn insert_event_row(&mut self, e: &NewEvent, data: &EventData) -> Result<i64>;

    /// Inserts a notice (see `Tx::record_notice`); an unknown ticket is an
    /// error that leaves the transaction usable.
    fn insert_notice_row(&mut self, n: &NewNotice) -> Result<i64>;

    /// See `Tx::set_policy_version`.
    fn move_to_policy(&mut self, id: TicketId, version: i64) -> Result<()>;

    /// Calls `each` with every ticket `f` selects, by id, and its events in
    /// order (`f.recorded_by` aside: see `Tx::for_each_ticket`), without
    /// holding the whole log in memory.
    fn walk_tickets<E: Listed>(
        &mut self,
        f: &TicketFilter,
        each: &mut dyn FnMut(TicketRow, Vec<E>) -> Result<()>,
    ) -> Result<()>;

    /// `walk_tickets`, with each ticket's events lent instead of given: a
    /// driver that reads them into one buffer, cleared for each ticket,
    /// allocates nothing per ticket (see `Tx::for_each_ticket_lent`). By
    /// default, through `walk_tickets`.
    fn walk_tickets_lent<E: Listed>(
        &mut self,
        f: &TicketFilter,
        each: &mut dyn FnMut(TicketRow, &[E]) -> Result<()>,
    ) -> Result<()> {
        self.walk_tickets(f, &mut |ticket, events: Vec<E>| each(ticket, &events))
    }

    /// See `Tx::for_each_event`.
    fn walk_events(
        &mut self,
        f: &TicketFilter,
        each: &mut dyn FnMut(EventRow) -> Result<()>,
    ) -> Result<()>;

    /// Copies a row as it is, keeping its id (see `CopyTx`): an INSERT
    /// each, unless the dialect has a faster way (PostgreSQL sends them in
    /// batches with binary COPY).
    fn copy_policy_row(&mut self, v: &PolicyVersion) -> Result<()> {
        self.execute(COPY_POLICY_VERSION, &copied_policy_values(v))
            .with_context(|| crate::msg!("log-cannot-copy-policy", id = v.id.to_string()))?;
        Ok(())
    }

    fn copy_ticket_row(&mut self, t: &TicketRow) -> Result<()> {
        self.execute(COPY_TICKET, &copied_ticket_values(t))
            .with_context(|| crate::msg!("log-cannot-copy-ticket", id = t.id.to_string()))?;
        Ok(())
    }

    fn copy_event_row(&mut self, e: &EventRow) -> Result<()> {
        self.execute(COPY_EVENT, &copied_event_values(e, &e.data()))
            .with_context(|| {
                crate::msg!(
                    "log-cannot-copy-event",
                    event = e.id.to_string(),
                    id = e.event.ticket.to_string()
                )
            })?;
        Ok(())
    }

    fn copy_notice_row(&mut self, r: &NoticeRow) -> Result<()> {
        self.execute(COPY_NOTICE, &copied_notice_values(r))
            .with_context(|| {
                crate::msg!(
                    "log-cannot-copy-notice",
                    notice = r.id.to_string(),
                    id = r.notice.ticket.to_string()
                )
            })?;
        Ok(())
    }

    /// See `Tx::policy_text`: a dialect may keep the texts it has read
    /// (a policy version never changes).
    fn read_policy_text(&mut self, id: i64) -> Result<Option<String>>
    where
        Self: Sized,
    {
        Ok(one(self, POLICY_TEXT, &[Param::big(id)], |r| {
            Ok(r.text(0)?.map(str::to_owned))
        })?
        .flatten())
    }

    /// See `Tx::ticket_by_ref_and_policy`: the ticket, then the policy.
    fn read_ref_and_policy(
        &mut self,
        reference: &str,
        hash: &str,
        _text: &str,
    ) -> Result<(Option<TicketRow>, Option<i64>)>
    where
        Self: Sized,
    {
        let ticket = one(self, TICKET_BY_REF, &[Param::text(reference)], |r| {
            ticket_row(r)
        })?;
        let policy = one(self, POLICY_ID, &[Param::text(hash)], |r| r.big(0))?.flatten();
        Ok((ticket, policy))
    }

    /// See `Tx::ticket_with_events`: the ticket, then its events.
    fn read_ticket_with_events(
        &mut self,
        id: TicketId,
    ) -> Result<Option<(TicketRow, Vec<EventRow>)>>
    where
        Self: Sized,
    {
        let Some(ticket) = self.ticket(id)? else {
            return Ok(None);
        };
        Ok(Some((ticket, self.events(id)?)))
    }

    /// See `Tx::finish_change`: each write in turn, the summary, and the
    /// ticket and its events read back, all before the store commits.
    fn write_change(
        &mut self,
        id: TicketId,
        writes: &[Write],
        summary: &Summary,
    ) -> Result<(TicketRow, Vec<EventRow>)>
    where
        Self: Sized,
    {
        write_change_each(self, id, writes, summary)
    }

    /// See `Tx::finish_open`: the insert, then the ticket read back.
    fn write_open(&mut self, t: &NewTicket) -> Result<(TicketRow, Vec<EventRow>)>
    where
        Self: Sized,
    {
        write_open_each(self, t)
    }

    /// See `Tx::lock`: held from BEGIN unless the dialect says otherwise.
    fn take_lock(&mut self) -> Result<()> {
        Ok(())
    }

    /// See `Tx::seen_before_lock`.
    fn newest_before_lock(&self) -> Option<i64>;

    /// See `Tx::finish_copy`.
    fn continue_ids(&mut self) -> Result<()>;
}
