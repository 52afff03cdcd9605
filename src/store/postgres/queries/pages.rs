//! Listings on PostgreSQL: the tickets a filter selects, walked in keyset
//! pages of `PAGE` by id so memory stays flat, and each page's events read
//! in one query, by the page's ids or, when the page holds nearly every
//! ticket in its range, by that range (issue 18). The server works while
//! the client reads: each event is handed on as it arrives, and both
//! queries of the next page are sent before this page's events are read.
//! The tickets that may have been unresolved at an instant are walked by
//! their ids, read first (`walk_selected`), as keyset pages of them would
//! read the whole log.

use std::collections::VecDeque;

use futures_util::TryStreamExt;

use super::*;
use std::future::Future;

use tokio_postgres::RowStream;

use crate::store::postgres::session::{Ahead, Within};

/// The three queries of a walk, each of the page of tickets after `after`
/// (the last bound value) that the filter selects: the tickets, and their
/// events (`columns`, in order) by their ids, or by their range when the
/// page holds nearly every ticket in it, which the index answers in one
/// pass instead of one descent per ticket. The events queries find the page
/// themselves, so they can be sent before its tickets are read. The range
/// query answers nothing for a page that is not dense (`dense_range`'s
/// rule, on the server): a wrong guess must not read every event of a
/// range that holds a million other tickets.
pub(super) struct PageQueries {
    tickets: String,
    by_ids: String,
    by_range: String,
}

impl PageQueries {
    pub(super) fn of(
        ticket_columns: &str,
        event_columns: &str,
        conditions: &str,
        after: &str,
    ) -> PageQueries {
        let page = |columns: &str| {
            format!(
                "SELECT {columns} FROM tickets t WHERE {conditions}t.id > {after} \
                 ORDER BY t.id LIMIT {PAGE}"
            )
        };
        let (ids, events) = (
            page("t.id"),
            format!("SELECT {event_columns} FROM events e"),
        );
        let order = "ORDER BY e.ticket_id, e.at, e.id";
        PageQueries {
            tickets: page(ticket_columns),
            by_ids: format!("{events} WHERE e.ticket_id = ANY(ARRAY({ids})) {order}"),
            by_range: format!(
                "WITH p AS ({ids}), \
                 b AS (SELECT min(id) AS lo, max(id) AS hi, count(*) AS n FROM p) \
                 {events} WHERE e.ticket_id BETWEEN (SELECT lo FROM b) \
                 AND (SELECT CASE WHEN (hi::numeric - lo + 1) * 4 <= n * 5 THEN hi END FROM b) \
                 {order}"
            ),
        }
    }
}

/// The range of a page's ids (ascending) when at least four in five of the
/// ids in it are the page's: the other tickets' events are read and passed
/// over, which costs less than a descent of the index per ticket while they
/// are few. (Counted in tickets: a resolved ticket in the range may have
/// more events than an open one, so the rows read can be more than a
/// quarter over.)
fn dense_range(ids: &[i64]) -> Option<(i64, i64)> {
    let (&first, &last) = (ids.first()?, ids.last()?);
    let span = u64::try_from(last.checked_sub(first)?)
        .ok()?
        .checked_add(1)?;
    let listed = u64::try_from(ids.len()).ok()?;
    (span.saturating_mul(4) <= listed.saturating_mul(5)).then_some((first, last))
}

/// What a walk does with each page, in turn: its tickets, then each of
/// their events as it arrives, then the page's end.
pub(super) trait Pages {
    /// A page's ticket rows, in id order: their ids.
    fn tickets(&mut self, rows: &[Row]) -> Result<Vec<i64>>;

    /// An event of one of the page's tickets, by ticket, `at`, order of
    /// recording.
    fn event(&mut self, row: &Row) -> Result<()>;

    /// The page's events are all given.
    fn end(&mut self) -> Result<()>;
}

/// The filter's values bound to one request, `after` for the last.
fn page_values<'p>(params: &[Param<'p>], after: i64) -> Vec<Box<dyn ToSql + Sync + 'p>> {
    let filter = params.iter().take(params.len().saturating_sub(1));
    let mut values: Vec<Box<dyn ToSql + Sync + 'p>> = filter
        .map(|p| -> Box<dyn ToSql + Sync + 'p> {
            match *p {
                Param::Big(v) => Box::new(v),
                Param::Small(v) => Box::new(v),
                Param::Text(v) => Box::new(v),
            }
        })
        .collect();
    values.push(Box::new(after));
    values
}

impl PgTx<'_> {
    /// Walks the tickets `f` selects in pages of `PAGE`, by id, handing
    /// each page to `pages`: its tickets (`ticket_columns` of them) whole,
    /// then its events (`event_columns`) one by one as they arrive.
    ///
    /// Both queries of the next page are sent as soon as this page's
    /// tickets are read, so the server reads them while the client takes
    /// this page's events in. Whether they ask for the events by ids or by
    /// range is guessed from this page. A wrong guess costs time, never
    /// results: by ids, a descent of the index per ticket; by range, the
    /// query answers nothing for a page that is not dense, and the page is
    /// asked for again by its ids (one more round trip).
    pub(super) fn walk_pages(
        &mut self,
        f: &TicketFilter,
        ticket_columns: &str,
        event_columns: &str,
        pages: &mut impl Pages,
    ) -> Result<()> {
        if f.as_of.is_some() {
            return self.walk_selected(f, ticket_columns, event_columns, pages);
        }
        let mut filter = Filter::new::<Self>(f);
        let conditions = filter.and();
        let after = filter.bind(Param::Big(None));
        let sql = PageQueries::of(ticket_columns, event_columns, &conditions, &after);
        let [tickets, by_ids, by_range] =
            self.listing_statements([&sql.tickets, &sql.by_ids, &sql.by_range])?;
        let (session, params) = (self.session, &filter.params);
        let (within, client) = (session.within(self.step)?, session.client()?);
        let ask = |statement, after| {
            session.block_on(Ahead::send(
                client.query_raw(statement, page_values(params, after)),
            ))
        };
        let ask_events = |dense, after| ask(if dense { &by_range } else { &by_ids }, after);
        let mut after = i64::MIN;
        let mut next = Some((ask(&tickets, after), None));
        while let Some((asked, events)) = next.take() {
            let rows = session.block_on(async {
                let stream = within.answer(asked.answer()).await?;
                within.answer(stream.try_collect::<Vec<Row>>()).await
            })?;
            let full = rows.len() == PAGE;
            let ids = pages.tickets(&rows)?;
            drop(rows);
            let Some(&last) = ids.last() else {
                return Ok(());
            };
            let dense = dense_range(&ids).is_some();
            let events = match events {
                // Guessed dense, and it is not: the range query answers
                // nothing (dropped, the driver passes over its answer), and
                // the page is asked for by its ids, before anything else is
                // sent, so the answers stay in the order they are read.
                Some((guessed, true)) if !dense => {
                    drop(guessed);
                    ask_events(false, after)
                }
                Some((sent, _)) => sent,
                None => ask_events(dense, after),
            };
            if full {
                next = Some((ask(&tickets, last), Some((ask_events(dense, last), dense))));
            }
            after = last;
            hand_on(&within, events, &ids, pages)?;
        }
        Ok(())
    }
}

/// Most rows taken from the driver at once before they are handed on.
const ROWS_AT_ONCE: usize = 256;

/// Hands each event of `asked` on to `pages` as it arrives, then ends the
/// page: the rows already here are taken from the driver, then handed on
/// outside it (see `Session::block_on`). Every `Listed::COLUMNS` has the
/// ticket's id second: the events of tickets not in `ids` are passed over
/// before they are decoded (a range holds others; and by ids, a statement
/// that saw another snapshot than the page's, as a write's may, must not
/// hand on another ticket's events).
fn hand_on<F>(
    within: &Within<'_>,
    asked: Ahead<F>,
    ids: &[i64],
    pages: &mut impl Pages,
) -> Result<()>
where
    F: Future<Output = Result<RowStream, tokio_postgres::Error>>,
{
    let session = within.session();
    let stream = session.block_on(within.answer(asked.answer()))?;
    let mut stream = std::pin::pin!(stream);
    let mut rows = Vec::with_capacity(ROWS_AT_ONCE);
    let mut more = true;
    while more {
        more = session.block_on(within.rows(stream.as_mut(), &mut rows, ROWS_AT_ONCE))?;
        for row in &rows {
            let ticket: i64 = row.try_get(1).map_err(db)?;
            if ids.binary_search(&ticket).is_err() {
                continue;
            }
            pages.event(row)?;
        }
    }
    pages.end()
}

impl PgTx<'_> {
    /// `walk_pages` for a filter whose keyset pages PostgreSQL plans badly:
    /// the tickets that may have been unresolved at an instant
    /// (`TicketFilter::as_of`) match an `OR` of two indexes, which a page
    /// `ORDER BY id LIMIT` reads by walking the primary key through the
    /// whole log. Their ids are read first, in one query planned for the
    /// whole selection (the two indexes), and then walked in pages of
    /// `PAGE` ids: the next page's two queries are sent before this page's
    /// answers are read. The ids are 8 bytes a ticket selected.
    pub(super) fn walk_selected(
        &mut self,
        f: &TicketFilter,
        ticket_columns: &str,
        event_columns: &str,
        pages: &mut impl Pages,
    ) -> Result<()> {
        let filter = Filter::new::<Self>(f);
        let sql = format!(
            "SELECT array_agg(t.id ORDER BY t.id) FROM tickets t{}",
            filter.where_()
        );
        let rows = self.prepared_rows(&sql, &values(&filter.params))?;
        let selected: Vec<i64> = match rows.first() {
            Some(row) => row.try_get::<_, Option<Vec<i64>>>(0).map_err(db)?,
            None => None,
        }
        .unwrap_or_default();
        let events = format!("SELECT {event_columns} FROM events e");
        let order = "ORDER BY e.ticket_id, e.at, e.id";
        let [tickets, by_ids, by_range] = self.listing_statements([
            &format!("SELECT {ticket_columns} FROM tickets t WHERE t.id = ANY($1) ORDER BY t.id"),
            &format!("{events} WHERE e.ticket_id = ANY($1) {order}"),
            &format!("{events} WHERE e.ticket_id BETWEEN $1 AND $2 {order}"),
        ])?;
        let (session, within, client) = (
            self.session,
            self.session.within(self.step)?,
            self.session.client()?,
        );
        let ask = |page: &[i64]| {
            let ids = || -> Vec<Box<dyn ToSql + Sync>> { vec![Box::new(page.to_vec())] };
            let tickets = session.block_on(Ahead::send(client.query_raw(&tickets, ids())));
            let dense = dense_range(page);
            let events = match dense {
                Some((first, last)) => {
                    let range: Vec<Box<dyn ToSql + Sync>> = vec![Box::new(first), Box::new(last)];
                    client.query_raw(&by_range, range)
                }
                None => client.query_raw(&by_ids, ids()),
            };
            (tickets, session.block_on(Ahead::send(events)))
        };
        let mut chunks = selected.chunks(PAGE);
        let mut next = chunks.next().map(ask);
        while let Some((tickets, events)) = next.take() {
            next = chunks.next().map(ask);
            let rows = session.block_on(async {
                let stream = within.answer(tickets.answer()).await?;
                within.answer(stream.try_collect::<Vec<Row>>()).await
            })?;
            let ids = pages.tickets(&rows)?;
            drop(rows);
            hand_on(&within, events, &ids, pages)?;
        }
        Ok(())
    }
}

/// A walk's tickets, each with its own events, into one buffer cleared for
/// each ticket, which `each` may keep (taking it) or only read.
pub(super) struct Merge<'f, E> {
    page: VecDeque<TicketRow>,
    own: Vec<E>,
    each: &'f mut dyn FnMut(TicketRow, &mut Vec<E>) -> Result<()>,
}

impl<'f, E> Merge<'f, E> {
    pub(super) fn new(each: &'f mut dyn FnMut(TicketRow, &mut Vec<E>) -> Result<()>) -> Self {
        Merge {
            page: VecDeque::new(),
            own: Vec::new(),
            each,
        }
    }

    /// Hands on the page's first ticket with the events gathered for it.
    fn next(&mut self) -> Result<()> {
        if let Some(ticket) = self.page.pop_front() {
            (self.each)(ticket, &mut self.own)?;
        }
        self.own.clear();
        Ok(())
    }
}

impl<E: Listed> Pages for Merge<'_, E> {
    fn tickets(&mut self, rows: &[Row]) -> Result<Vec<i64>> {
        self.page = rows.iter().map(ticket_row).collect::<Result<_>>()?;
        Ok(self.page.iter().map(|t| t.id.0).collect())
    }

    fn event(&mut self, row: &Row) -> Result<()> {
        let (ticket, event) = E::decode(row)?;
        while self.page.front().is_some_and(|t| t.id < ticket) {
            self.next()?;
        }
        if self.page.front().is_some_and(|t| t.id == ticket) {
            self.own.push(event);
        }
        Ok(())
    }

    fn end(&mut self) -> Result<()> {
        while !self.page.is_empty() {
            self.next()?;
        }
        Ok(())
    }
}

/// A walk's events alone, each handed to `each`.
pub(super) struct Events<'f>(pub(super) &'f mut dyn FnMut(EventRow) -> Result<()>);

impl Pages for Events<'_> {
    fn tickets(&mut self, rows: &[Row]) -> Result<Vec<i64>> {
        rows.iter().map(|r| r.try_get(0).map_err(db)).collect()
    }

    fn event(&mut self, row: &Row) -> Result<()> {
        (self.0)(event_row(row)?)
    }

    fn end(&mut self) -> Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::dense_range;
    use crate::store::rows::{ClockEvent, EventRow, Listed, RecordedClockEvent};

    #[test]
    fn every_listing_of_events_has_the_ticket_id_second() {
        for columns in [
            ClockEvent::COLUMNS,
            EventRow::COLUMNS,
            RecordedClockEvent::COLUMNS,
        ] {
            assert!(columns.starts_with("e.id, e.ticket_id,"), "{columns}");
        }
    }

    #[test]
    fn a_page_is_read_by_range_only_when_four_in_five_of_its_ids_are_listed() {
        type Case<'a> = (&'a [i64], Option<(i64, i64)>);
        let cases: &[Case] = &[
            (&[], None),
            (&[7], Some((7, 7))),
            (&[1, 2, 3, 4, 5], Some((1, 5))),
            // 4 of the 5 ids from 1 to 5: dense enough.
            (&[1, 2, 4, 5], Some((1, 5))),
            // 3 of 4, and 3 of 5: not.
            (&[2, 4, 5], None),
            (&[1, 2, 5], None),
            (&[1, 1000], None),
            // The widest spans neither overflow nor pass.
            (&[i64::MIN, i64::MAX], None),
            (&[i64::MAX - 1, i64::MAX], Some((i64::MAX - 1, i64::MAX))),
        ];
        for (ids, expected) in cases {
            assert_eq!(dense_range(ids), *expected, "{ids:?}");
        }
    }
}
