//! Tickets on their way from the thread that reads the log to the worker
//! that judges them (`export`, `report`): flat, each ticket's row with the
//! range of one shared event buffer that holds its events, so a batch is
//! filled from the store's lent events without allocating per ticket, and
//! can be sent back emptied to be filled again.

use std::ops::Range;

use anyhow::Result;

use crate::store::{ClockEvent, TicketRow};

/// Tickets read together, judged together.
#[derive(Default)]
pub(super) struct Batch {
    tickets: Vec<(TicketRow, Range<usize>)>,
    events: Vec<ClockEvent>,
}

impl Batch {
    /// Most tickets in a batch.
    pub(super) const SIZE: usize = 512;

    /// Adds a ticket, copying its lent events into the batch's buffer.
    pub(super) fn push(&mut self, row: TicketRow, events: &[ClockEvent]) {
        let start = self.events.len();
        self.events.extend_from_slice(events);
        self.tickets.push((row, start..self.events.len()));
    }

    pub(super) fn is_full(&self) -> bool {
        self.tickets.len() >= Self::SIZE
    }

    pub(super) fn is_empty(&self) -> bool {
        self.tickets.is_empty()
    }

    /// Hands each ticket to `each` with its events, in the order pushed,
    /// and leaves the batch empty, its buffers kept for the next one.
    pub(super) fn drain(
        &mut self,
        mut each: impl FnMut(TicketRow, &[ClockEvent]) -> Result<()>,
    ) -> Result<()> {
        for (row, own) in self.tickets.drain(..) {
            each(row, &self.events[own])?;
        }
        self.events.clear();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Kind, TicketId};
    use crate::sla::{EventKind, TicketState};
    use crate::store::Summary;

    fn row(id: i64) -> TicketRow {
        TicketRow {
            id: TicketId(id),
            kind: Kind::Incident,
            severity: Some(2),
            title: format!("ticket {id}"),
            customer: None,
            service: None,
            reported_at: 0,
            opened_at: 0,
            policy_version: 1,
            summary: Summary {
                state: TicketState::Open,
                severity: Some(2),
                escalation_level: 0,
                last_event_at: 0,
                resolved_at: None,
                owner: None,
            },
            external_ref: None,
            contract: None,
        }
    }

    /// Ticket `id`'s events: `id % 4` of them, ids `id * 10 + n`.
    fn events(id: i64) -> Vec<ClockEvent> {
        (0..id % 4)
            .map(|n| ClockEvent {
                id: id * 10 + n,
                at: n,
                kind: EventKind::Note,
                policy_version: None,
            })
            .collect()
    }

    /// Drains `batch` into (ticket, its events) pairs.
    fn drained(batch: &mut Batch) -> Vec<(i64, Vec<ClockEvent>)> {
        let mut out = vec![];
        batch
            .drain(|row, events| {
                out.push((row.id.0, events.to_vec()));
                Ok(())
            })
            .expect("nothing fails");
        out
    }

    #[test]
    fn each_ticket_comes_out_with_its_own_events_and_the_batch_refills_empty() {
        let mut batch = Batch::default();
        for round in 0..2 {
            let ids: Vec<i64> = (round * 9..round * 9 + 9).collect();
            for &id in &ids {
                batch.push(row(id), &events(id));
            }
            assert!(!batch.is_empty());
            let out = drained(&mut batch);
            let expected: Vec<_> = ids.iter().map(|&id| (id, events(id))).collect();
            assert_eq!(out, expected, "round {round}");
            assert!(batch.is_empty());
            assert!(
                drained(&mut batch).is_empty(),
                "round {round}: drained twice"
            );
        }
    }

    #[test]
    fn a_batch_is_full_at_its_size() {
        let mut batch = Batch::default();
        for id in 0..i64::try_from(Batch::SIZE).expect("small") {
            assert!(!batch.is_full());
            batch.push(row(id), &[]);
        }
        assert!(batch.is_full());
    }
}
