//! Listings on PostgreSQL: the tickets a filter selects, walked in keyset
//! pages of `PAGE` by id so memory stays flat, and each page's events read
//! in one query, by the page's ids or, when the page holds nearly every
//! ticket in its range, by that range (issue 18).

use super::*;

/// The two queries for `columns` of the events of a page of tickets, in
/// order: by the page's ids (`$1`, an array), or by their range (`$1` to
/// `$2`) when the page holds nearly every ticket in it, which the index
/// answers in one pass instead of one descent per ticket.
pub(super) struct PageEvents {
    by_ids: String,
    by_range: String,
}

impl PageEvents {
    pub(super) fn of(columns: &str) -> PageEvents {
        let order = "ORDER BY e.ticket_id, e.at, e.id";
        PageEvents {
            by_ids: format!("SELECT {columns} FROM events e WHERE e.ticket_id = ANY($1) {order}"),
            by_range: format!(
                "SELECT {columns} FROM events e WHERE e.ticket_id BETWEEN $1 AND $2 {order}"
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

impl PgTx<'_> {
    /// Walks the tickets `f` selects in pages of `PAGE`, by id. Each page is
    /// read whole before `each` sees it, with the transaction, to read more.
    pub(super) fn for_each_page(
        &mut self,
        f: &TicketFilter,
        columns: &str,
        mut each: impl FnMut(&mut Self, Vec<Row>) -> Result<()>,
    ) -> Result<()> {
        let mut filter = Filter::new::<Self>(f);
        let conditions = filter.and();
        let after = filter.bind(Param::Big(None));
        let sql = format!(
            "SELECT {columns} FROM tickets t WHERE {conditions}t.id > {after} \
             ORDER BY t.id LIMIT {PAGE}"
        );
        let mut last = i64::MIN;
        loop {
            if let Some(after) = filter.params.last_mut() {
                *after = Param::big(last);
            }
            let rows = self.prepared_rows(&sql, &values(&filter.params))?;
            let full = rows.len() == PAGE;
            let Some(end) = rows.last() else {
                return Ok(());
            };
            let end: i64 = end.try_get(0).map_err(db)?;
            each(self, rows)?;
            if !full {
                return Ok(());
            }
            last = end;
        }
    }

    /// The events of these tickets (ascending ids), by ticket, `at`, order
    /// of recording, each with its ticket.
    pub(super) fn events_of<E: Listed>(
        &mut self,
        sql: &PageEvents,
        ids: &[i64],
    ) -> Result<Vec<(TicketId, E)>> {
        let Some((first, last)) = dense_range(ids) else {
            let rows = self.prepared_rows(&sql.by_ids, &[&ids])?;
            return rows.iter().map(E::decode).collect();
        };
        let rows = self.prepared_rows(&sql.by_range, &[&first, &last])?;
        let mut events = Vec::with_capacity(rows.len());
        for row in &rows {
            // Every `Listed::COLUMNS` has the ticket's id second: the other
            // tickets' events are passed over before they are decoded.
            let ticket: i64 = row.try_get(1).map_err(db)?;
            if ids.binary_search(&ticket).is_ok() {
                events.push(E::decode(row)?);
            }
        }
        Ok(events)
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
