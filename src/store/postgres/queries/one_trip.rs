//! The writes that reach the server in one round trip (issue 18): a
//! ticket with its events and their policies' texts read at once, and a
//! change or an opening sent with its read-back and its COMMIT, so that a
//! write command waits on the server three times at most (connect; the
//! opening of the transaction with the read; this). The statements are
//! unguarded on purpose: an error aborts the transaction, and the COMMIT
//! sent with it rolls everything back.

use super::*;

/// An event appended as the last step of a change (`finish_change`),
/// unguarded: sent with the COMMIT, a missing ticket or policy version
/// must abort the transaction (the foreign keys do), so the COMMIT rolls
/// back instead of keeping the rest.
const APPEND_EVENT: &str = concat!(
    insert_event!(),
    "VALUES ($1::BIGINT, $2::BIGINT, $3::BIGINT, $4::TEXT, $5::TEXT, $6::SMALLINT, \
     $7::SMALLINT, $8::BIGINT, $9::TEXT, $10::TEXT, $11::BIGINT, $12::TEXT, $13::TEXT, \
     $14::BIGINT, $15::TEXT, $16::TEXT, $17::TEXT) RETURNING id"
);

/// A new ticket and its "opened" event as the last step of `open`
/// (`finish_open`), in one statement that returns both as stored (the
/// ticket's columns, then the event's). Unguarded like `APPEND_EVENT`: a
/// missing policy version trips the foreign key, which aborts the
/// transaction and the COMMIT sent with it. `$1` to `$10` are
/// `ticket_values`; `$11` and `$12` the event's author and text. The event
/// is the one `opened_event` describes: at the report, recorded at the
/// opening, with the severity the ticket opened with.
const OPEN_TICKET: &str = concat!(
    "WITH new_t AS (",
    insert_ticket!(),
    "VALUES ($1::TEXT, $2::SMALLINT, $3::TEXT, $4::TEXT, $5::TEXT, $6::BIGINT, \
     $7::BIGINT, $8::BIGINT, 'open', $2::SMALLINT, 0, $7::BIGINT, NULL, $9::TEXT, $10::TEXT) \
     RETURNING *), new_e AS (",
    insert_event!(),
    "SELECT new_t.id, $6::BIGINT, $7::BIGINT, $11::TEXT, 'opened', $2::SMALLINT, NULL, \
     NULL, NULL, $12::TEXT, $8::BIGINT, NULL, NULL, NULL, NULL, NULL, $10::TEXT \
     FROM new_t RETURNING *) SELECT ",
    ticket_columns!(),
    ", ",
    event_columns!(),
    " FROM new_t t, new_e e"
);

/// The texts of the policy versions a ticket and its events name, read
/// with them so that judging the ticket asks for none.
const POLICY_TEXTS_OF: &str = "SELECT id, text FROM policy_versions WHERE id IN \
     (SELECT policy_version FROM tickets WHERE id = $1 \
      UNION SELECT policy_version FROM events WHERE ticket_id = $1)";

/// How many columns `TICKET_COLUMNS` names.
const TICKET_WIDTH: usize = 17;

/// A row's columns from `.1` on, as a row of their own (the event after
/// the ticket in `OPEN_TICKET`'s answer).
struct Shifted<'r>(&'r Row, usize);

impl Columns for Shifted<'_> {
    fn big(&self, i: usize) -> Result<Option<i64>> {
        self.0.big(i + self.1)
    }

    fn small(&self, i: usize) -> Result<Option<i64>> {
        self.0.small(i + self.1)
    }

    fn text(&self, i: usize) -> Result<Option<&str>> {
        self.0.text(i + self.1)
    }

    fn name(&self, i: usize) -> &str {
        self.0.name(i + self.1)
    }
}

impl PgTx<'_> {
    /// The ticket, its events and the texts of the policy versions they
    /// name, in one round trip.
    pub(super) fn ticket_in_one_trip(
        &mut self,
        id: TicketId,
    ) -> Result<Option<(TicketRow, Vec<EventRow>)>> {
        let params = [Param::big(id.0)];
        let answers = self.send(&[
            Request::Query(TICKET, typed(&params)),
            Request::Query(EVENTS, typed(&params)),
            Request::Query(POLICY_TEXTS_OF, typed(&params)),
        ])?;
        let mut answers = answers.into_iter().map(|a| a.and_then(rows_of));
        let mut next = || answers.next().context(crate::msg!("pg-too-few-answers"))?;
        let (ticket, events, texts) = (next()?, next()?, next()?);
        self.remember(&texts)?;
        let Some(row) = ticket.first() else {
            return Ok(None);
        };
        let events = events.iter().map(event_row).collect::<Result<_>>()?;
        Ok(Some((ticket_row(row)?, events)))
    }

    /// The ticket holding `reference` and the id of the policy version
    /// with `hash` (its `text` kept), in one round trip (with the transaction's opening, when
    /// it is the first request: `open --ref`).
    pub(super) fn ref_and_policy_in_one_trip(
        &mut self,
        reference: &str,
        hash: &str,
        text: &str,
    ) -> Result<(Option<TicketRow>, Option<i64>)> {
        let (by_ref, by_hash) = ([Param::text(reference)], [Param::text(hash)]);
        let answers = self.send(&[
            Request::Query(TICKET_BY_REF, typed(&by_ref)),
            Request::Query(POLICY_ID, typed(&by_hash)),
        ])?;
        let mut answers = answers.into_iter().map(|a| a.and_then(rows_of));
        let mut next = || answers.next().context(crate::msg!("pg-too-few-answers"))?;
        let (ticket, policy) = (next()?, next()?);
        let ticket = ticket.first().map(ticket_row).transpose()?;
        let policy: Option<i64> = policy
            .first()
            .map(|r| r.try_get(0).map_err(db))
            .transpose()?;
        if let Some(id) = policy {
            // As `store_policy` keeps it: judging the new ticket needs it.
            self.texts.insert(id, text.to_owned());
        }
        Ok((ticket, policy))
    }

    /// Every write, the summary, the ticket and its events read back, and
    /// the COMMIT, in one round trip. An error in any of them aborts the
    /// transaction on the server, so the COMMIT rolls it back: either all
    /// of it is kept or none. A request that gets no answer may have been
    /// committed, and says so.
    pub(super) fn change_in_one_trip(
        &mut self,
        id: TicketId,
        writes: &[Write],
        summary: &Summary,
    ) -> Result<(TicketRow, Vec<EventRow>)> {
        self.writable()?;
        let appends = writes.iter().filter(|w| matches!(w, Write::Event(_)));
        // The foreign key of an appended event on its ticket is what
        // makes a missing ticket abort the COMMIT sent with it.
        if self.step != Step::Write || appends.count() == 0 {
            return write_change_each(self, id, writes, summary);
        }
        let data: Vec<_> = writes
            .iter()
            .map(|w| match w {
                Write::Event(e) => Some(e.kind.data()),
                Write::Detail(..) => None,
            })
            .collect();
        let mut values: Vec<Vec<Param>> = vec![];
        for (write, data) in writes.iter().zip(&data) {
            values.push(match (write, data) {
                (Write::Event(e), Some(data)) => event_values(e, data).to_vec(),
                (Write::Detail(_, value), _) => {
                    vec![Param::Text(value.as_deref()), Param::big(id.0)]
                }
                (Write::Event(_), None) => bail!(crate::msg!("pg-event-without-data")),
            });
        }
        let summary = summary_values(id, summary);
        let ticket = [Param::big(id.0)];
        let mut requests: Vec<Request> = writes
            .iter()
            .zip(&values)
            .map(|(write, values)| match write {
                Write::Event(_) => Request::Query(APPEND_EVENT, typed(values)),
                Write::Detail(field, _) => Request::Execute(set_detail_sql(*field), typed(values)),
            })
            .collect();
        requests.push(Request::Execute(SET_SUMMARY, typed(&summary)));
        requests.push(Request::Query(TICKET, typed(&ticket)));
        requests.push(Request::Query(EVENTS, typed(&ticket)));
        requests.push(Request::Simple("COMMIT"));
        let answers = self.send_as(Step::Commit, &requests)?;
        self.ended = true;
        let mut answers = answers.into_iter();
        let mut next = || answers.next().context(crate::msg!("pg-too-few-answers"));
        for write in writes {
            let answer = next()?;
            match write {
                Write::Event(e) => {
                    answer.and_then(rows_of).with_context(|| {
                        crate::msg!(
                            "log-cannot-record-event",
                            kind = format!("{:?}", e.kind.as_str()),
                            id = id.to_string()
                        )
                    })?;
                }
                Write::Detail(field, _) => {
                    let changed = answer
                        .and_then(changed_of)
                        .with_context(|| cannot_correct(*field, id))?;
                    ensure_found(changed, id)?;
                }
            }
        }
        let changed = next()?.and_then(changed_of)?;
        let ticket = next()?.and_then(rows_of)?;
        let events = next()?.and_then(rows_of)?;
        if let Err(e) = next()? {
            self.said = true;
            return Err(super::super::explain_commit(self.session, e));
        }
        self.committed = true;
        ensure_found(changed, id)?;
        let row = ticket
            .first()
            .with_context(|| crate::msg!("log-vanished-changed", id = id.to_string()))?;
        let events = events.iter().map(event_row).collect::<Result<_>>()?;
        Ok((ticket_row(row)?, events))
    }

    /// The ticket, its "opened" event, both read back, and the COMMIT, in
    /// one round trip (see `write_change`).
    pub(super) fn open_in_one_trip(&mut self, t: &NewTicket) -> Result<(TicketRow, Vec<EventRow>)> {
        self.writable()?;
        if self.step != Step::Write {
            return crate::store::sql::write_open_each(self, t);
        }
        let (opened, _) = opened_event(TicketId(0), t);
        let mut values = ticket_values(t).to_vec();
        values.extend([Param::text(&opened.by), Param::Text(opened.text.as_deref())]);
        let requests = [
            Request::Query(OPEN_TICKET, typed(&values)),
            Request::Simple("COMMIT"),
        ];
        let answers = self.send_as(Step::Commit, &requests)?;
        self.ended = true;
        let mut answers = answers.into_iter();
        let mut next = || answers.next().context(crate::msg!("pg-too-few-answers"));
        let rows = next()?
            .and_then(rows_of)
            .map_err(|e| match &t.external_ref {
                Some(r) if ref_taken(&e) => RefTaken(r.clone()).into(),
                _ => e,
            })
            .with_context(|| {
                crate::msg!(
                    "log-cannot-record-ticket",
                    title = crate::i18n::quoted(&t.title)
                )
            })?;
        if let Err(e) = next()? {
            self.said = true;
            return Err(super::super::explain_commit(self.session, e));
        }
        self.committed = true;
        let [row] = rows.as_slice() else {
            bail!(crate::msg!("pg-opened-rows", n = rows.len().to_string()));
        };
        let event = event_row(&Shifted(row, TICKET_WIDTH))?;
        Ok((ticket_row(row)?, vec![event]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ticket_width_is_that_of_the_ticket_columns() {
        assert_eq!(TICKET_COLUMNS.split(',').count(), TICKET_WIDTH);
        assert!(OPEN_TICKET.contains(&format!("SELECT {TICKET_COLUMNS}, {EVENT_COLUMNS} ")));
    }
}
