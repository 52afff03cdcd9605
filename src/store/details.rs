//! A ticket's details (title, customer, service, external reference) as
//! the log held them at an instant: the row holds their values now, the
//! `edited` events what they were. The one rule for reading them back,
//! used by the listings of the log as it stood at an instant
//! (`TicketFilter::recorded_by`) and by `status ID --as-of`. No SQL here.

use crate::model::{EventKind, Field};

use super::{ClockEvent, Correction, EventRow, TicketRow};

impl Correction {
    /// The correction an event made, if it is an `edited` one.
    pub fn of(e: &EventRow) -> Option<Correction> {
        match e.event.kind {
            EventKind::Edited { field } => Some(Correction {
                ticket: e.event.ticket,
                event: e.id,
                field,
                old_value: e.event.old_value.clone(),
                new_value: e.event.new_value.clone(),
            }),
            _ => None,
        }
    }
}

impl TicketRow {
    /// Sets each detail to its value after the events given (those
    /// recorded by an instant), by `detail_then`. `corrections` are the
    /// ticket's, of every detail, in the order recorded, whenever that
    /// was: a correction recorded later still tells the value before it.
    pub fn correct_to(&mut self, events: &[ClockEvent], corrections: &[Correction]) {
        if corrections.is_empty() {
            return;
        }
        for field in Field::ALL {
            let of_field: Vec<&Correction> =
                corrections.iter().filter(|c| c.field == field).collect();
            if of_field.is_empty() {
                continue;
            }
            let value = detail_then(events, &of_field).map(str::to_owned);
            match field {
                // A title is never empty; a stored one is kept if an
                // event's value went missing.
                Field::Title => {
                    if let Some(title) = value {
                        self.title = title;
                    }
                }
                Field::Customer => self.customer = value,
                Field::Service => self.service = value,
                Field::Ref => self.external_ref = value,
            }
        }
    }
}

/// A detail's value after the events given, as `edit` and `void` set it:
/// the value the ticket was opened with, then, in the order recorded, each
/// of those events that is one of `corrections` (that detail's, of this
/// ticket, in the order recorded, at least one) gives the value after it,
/// and each void of one the value before it.
fn detail_then<'a>(events: &[ClockEvent], corrections: &[&'a Correction]) -> Option<&'a str> {
    let of = |id: i64| corrections.iter().find(|c| c.event == id);
    let mut changes: Vec<(i64, Option<&'a str>)> = events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::Edited { .. } => of(e.id).map(|c| (e.id, c.new_value.as_deref())),
            EventKind::Voided { event } => of(event).map(|c| (e.id, c.old_value.as_deref())),
            _ => None,
        })
        .collect();
    // The events come by `at`; a detail changes in the order recorded.
    changes.sort_by_key(|(id, _)| *id);
    match changes.last() {
        Some((_, value)) => *value,
        None => corrections.first().and_then(|c| c.old_value.as_deref()),
    }
}
