//! The board's order: the one order in which tickets are listed, by
//! `status` and by the lines of `check`. Pure: it takes a ticket's kind,
//! its evaluation and its id, and knows nothing of how a line is shown.

use chrono::{DateTime, Utc};

use super::{Evaluation, Kind, TicketState};

/// Where a ticket stands on the board; tickets sort by it, smallest first.
/// The fields compare in order: resolved tickets last, breached ones
/// (whether or not the breach is still running) first, then the priority
/// class, then the nearest running deadline (none last), then the id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct BoardKey<I> {
    resolved: bool,
    not_breached: bool,
    priority: u8,
    no_deadline: bool,
    next_deadline: Option<DateTime<Utc>>,
    id: I,
}

/// 0 for incidents of severity 1 and 2, 1 for provisioning (high priority,
/// right after them), 2 for severity 3 and inquiries.
fn priority(kind: Kind, eval: &Evaluation) -> u8 {
    match (kind, eval.severity.map(|s| s.get())) {
        (Kind::Incident, Some(1 | 2)) => 0,
        (Kind::Provisioning, _) => 1,
        _ => 2,
    }
}

#[cfg(test)]
impl<I> BoardKey<I> {
    /// A place decided by the id alone, for tests of what is rendered.
    pub fn of_id(id: I) -> BoardKey<I> {
        BoardKey {
            resolved: false,
            not_breached: false,
            priority: 0,
            no_deadline: true,
            next_deadline: None,
            id,
        }
    }
}

/// The ticket's place on the board: most urgent first.
pub fn board_key<I: Ord>(kind: Kind, eval: &Evaluation, id: I) -> BoardKey<I> {
    let next = eval.next_deadline();
    BoardKey {
        resolved: eval.state == TicketState::Resolved,
        not_breached: !eval.breached(),
        priority: priority(kind, eval),
        no_deadline: next.is_none(),
        next_deadline: next,
        id,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sla::EventKind;
    use crate::sla::testutil::*;

    #[test]
    fn breached_then_priority_then_nearest_deadline_then_id_resolved_last() {
        // All at 00:20: (id, ticket, events).
        let cases = [
            // Severity 3, responded: restore on business hours, days away.
            (1, incident(3), vec![update(5)]),
            // Severity 1, no response: breached at 00:15.
            (2, incident(1), vec![]),
            // Provisioning: no clocks by default.
            (3, ticket(Kind::Provisioning, None), vec![]),
            // Severity 2, responded at 00:05: next update due 01:05.
            (4, incident(2), vec![update(5)]),
            // Severity 1, responded at 00:05: next update due 00:35.
            (5, incident(1), vec![update(5)]),
            // Severity 1, resolved.
            (6, incident(1), vec![update(5), ev(10, EventKind::Resolved)]),
            // Severity 2 answered late (history): still listed with the breached.
            (7, incident(2), vec![update(17)]),
        ];
        let mut keys: Vec<BoardKey<i64>> = cases
            .iter()
            .map(|(id, tk, events)| board_key(tk.kind, &eval(tk, events, 20), *id))
            .collect();
        keys.sort();
        let order: Vec<i64> = keys.iter().map(|k| k.id).collect();
        assert_eq!(order, [2, 7, 5, 4, 3, 1, 6]);
    }
}
