//! The board `watch` keeps live. Once a second the loop asks the log for
//! its change mark (`Store::change_mark`, a pragma or one indexed `max`):
//! only when that moved, or another selection is wanted, are the open
//! tickets read again. In between, each ticket is judged again only when
//! its judgement may have changed by time alone (`Evaluation::next_change`)
//! from the events already read; the countdowns move because the renderers
//! take `now`. A ticket shown in full is read with its whole timeline.
//!
//! `Board` and `Seen` are pure (no store, no clock) and tested here; `Live`
//! ties them to the store.

use anyhow::Result;
use chrono::{DateTime, Utc};

use crate::output::{TimelineEvent, View};
use crate::sla::{TicketState, board_key};
use crate::store::{ChangeMark, ClockEvent, EventRow, OpenMode, Store, TicketFilter, TicketRow};

use super::super::context::Context;
use super::super::convert::{Policies, clock_events, find, judge, ticket_of, timeline_of};
use super::super::open_tickets::behind;
use super::screen::Screen;
use crate::model::TicketId;

/// Which tickets the board is to show.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Wanted {
    /// `status --search`'s filter, matched by the store as `status` has it.
    pub search: Option<String>,
    /// Only the tickets the user owns (`status --mine`).
    pub mine: bool,
}

impl Wanted {
    pub fn of(screen: &Screen) -> Wanted {
        Wanted {
            search: screen.search.clone(),
            mine: screen.mine,
        }
    }

    /// The store's filter: the open tickets, as `status` selects them
    /// (`--mine` is the tickets `ctx.user` owns).
    fn filter(&self, ctx: &Context) -> TicketFilter {
        TicketFilter {
            search: self.search.clone(),
            owner: self.mine.then(|| ctx.user(None)),
            ..TicketFilter::default()
        }
    }
}

/// What was last read, to tell whether to read again: the log's mark
/// then (`M`) and what was read (`K`, the selection or the ticket).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen<M, K> {
    read: Option<(M, K)>,
}

impl<M: PartialEq + Copy, K: PartialEq + Clone> Seen<M, K> {
    pub fn new() -> Seen<M, K> {
        Seen { read: None }
    }

    /// Whether to read `wanted` again at `mark`: it was never read, or
    /// something else was, or the log changed since.
    pub fn stale(&self, mark: M, wanted: &K) -> bool {
        self.read
            .as_ref()
            .is_none_or(|(m, k)| *m != mark || k != wanted)
    }

    /// Whether `wanted` is not what was read last (whatever the mark).
    pub fn other_than(&self, wanted: &K) -> bool {
        self.read.as_ref().is_none_or(|(_, k)| k != wanted)
    }

    pub fn read(&mut self, mark: M, what: K) {
        self.read = Some((mark, what));
    }

    /// Reads again next time, whatever the mark (after an error).
    pub fn forget(&mut self) {
        self.read = None;
    }
}

/// One ticket on the board: what was read of it, and its judgement.
struct Entry {
    row: TicketRow,
    events: Vec<ClockEvent>,
    view: View,
    /// When judging it again may give another answer; `None`: not by time.
    recheck: Option<DateTime<Utc>>,
}

/// The open tickets, judged, most urgent first.
pub struct Board {
    entries: Vec<Entry>,
    policies: Policies,
    warn_at: u8,
}

impl Board {
    pub fn empty(warn_at: u8) -> Board {
        Board {
            entries: Vec::new(),
            policies: Policies::default(),
            warn_at,
        }
    }

    /// Judges the tickets read at `now` under their policies (`policies`
    /// holds every version), and puts them in the board's order. Like
    /// `status`, a ticket not yet reported or resolved by `now` is left out.
    pub fn new(
        mut policies: Policies,
        tickets: Vec<(TicketRow, Vec<ClockEvent>)>,
        now: DateTime<Utc>,
        warn_at: u8,
    ) -> Result<Board> {
        let mut entries = Vec::with_capacity(tickets.len());
        for (row, events) in tickets {
            let (view, recheck) = judged(&mut policies, &row, &events, now, warn_at)?;
            entries.push(Entry {
                row,
                events,
                view,
                recheck,
            });
        }
        entries.retain(|e| {
            e.view.eval.state != TicketState::Resolved && e.view.ticket.reported_at <= now
        });
        let mut board = Board {
            entries,
            policies,
            warn_at,
        };
        board.sort();
        Ok(board)
    }

    /// Judges again, at `now`, each ticket whose judgement may have
    /// changed by then, and keeps the board's order. Whether any was.
    pub fn tick(&mut self, now: DateTime<Utc>) -> Result<bool> {
        let mut changed = false;
        for e in &mut self.entries {
            if e.recheck.is_some_and(|t| t <= now) {
                (e.view, e.recheck) =
                    judged(&mut self.policies, &e.row, &e.events, now, self.warn_at)?;
                changed = true;
            }
        }
        if changed {
            self.sort();
        }
        Ok(changed)
    }

    fn sort(&mut self) {
        self.entries
            .sort_by_cached_key(|e| board_key(e.view.ticket.kind, &e.view.eval, e.view.ticket.id));
    }

    pub fn views(&self) -> Vec<&View> {
        self.entries.iter().map(|e| &e.view).collect()
    }

    pub fn order(&self) -> Vec<TicketId> {
        self.entries.iter().map(|e| e.view.ticket.id).collect()
    }
}

/// A ticket judged at `now`, and when to judge it again: when the
/// judgement may change by time, or an event dated later than `now` (a
/// clock ahead of this one) comes into force.
fn judged(
    policies: &mut Policies,
    row: &TicketRow,
    events: &[ClockEvent],
    now: DateTime<Utc>,
    warn_at: u8,
) -> Result<(View, Option<DateTime<Utc>>)> {
    let (view, _) = judge(|v, c| policies.under(v, c), row.clone(), events, now, false)?;
    let later = events
        .iter()
        .map(|e| crate::sla::instant(e.at))
        .filter(|at| *at > now)
        .min();
    let recheck = [view.eval.next_change(now, warn_at), later]
        .into_iter()
        .flatten()
        .min();
    Ok((view, recheck))
}

/// A ticket shown in full: its row and every event, as read.
struct Detail {
    row: TicketRow,
    events: Vec<EventRow>,
    policy_of: Policies,
}

/// The board, and the ticket shown in full, kept up to date with the log.
pub struct Live {
    /// `None` after a failure: opened again on the next refresh.
    store: Option<Store>,
    board_seen: Seen<ChangeMark, Wanted>,
    pub board: Board,
    detail_seen: Seen<ChangeMark, TicketId>,
    detail: Option<Detail>,
    /// When the newest event the board's last read saw was recorded:
    /// this machine's clock behind it is said on the status line
    /// ([`Live::behind`]).
    newest: Option<i64>,
}

impl Live {
    pub fn new(store: Store, warn_at: u8) -> Live {
        Live {
            store: Some(store),
            board_seen: Seen::new(),
            board: Board::empty(warn_at),
            detail_seen: Seen::new(),
            detail: None,
            newest: None,
        }
    }

    /// Whether the screen asks for something other than what was read.
    pub fn asked_for_more(&self, wanted: &Wanted, detail: Option<TicketId>) -> bool {
        self.board_seen.other_than(wanted)
            || detail.is_some_and(|id| self.detail_seen.other_than(&id))
    }

    /// Brings the board (and the ticket shown in full, if any) up to date
    /// at `now`: read again if the log changed or something else is
    /// wanted, else judged again where time changed a judgement. On a
    /// failure everything is read again, from a store opened again, next
    /// time. Whether anything changed.
    pub fn refresh(
        &mut self,
        ctx: &Context,
        wanted: &Wanted,
        detail: Option<TicketId>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let refreshed = self.read_changes(ctx, wanted, detail, now);
        if refreshed.is_err() {
            self.store = None;
            self.board_seen.forget();
            self.detail_seen.forget();
        }
        refreshed
    }

    fn read_changes(
        &mut self,
        ctx: &Context,
        wanted: &Wanted,
        detail: Option<TicketId>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let store = match &mut self.store {
            Some(store) => store,
            None => self.store.insert(ctx.store(OpenMode::Read)?),
        };
        // The mark is read first: a change committed while the tickets are
        // read moves it again, and they are read once more.
        let mark = store.change_mark()?;
        let mut changed = false;
        if self.board_seen.stale(mark, wanted) {
            let filter = wanted.filter(ctx);
            let (policies, tickets, newest) = store.read(|tx| {
                let policies = Policies::read_all(tx)?;
                let mut tickets = Vec::new();
                tx.for_each_ticket(&filter, &mut |row, events| {
                    tickets.push((row, events));
                    Ok(())
                })?;
                Ok((policies, tickets, tx.latest_recorded_at()?))
            })?;
            self.newest = newest;
            self.board = Board::new(policies, tickets, now, self.board.warn_at)?;
            self.board_seen.read(mark, wanted.clone());
            changed = true;
        } else {
            changed |= self.board.tick(now)?;
        }
        match detail {
            Some(id) if self.detail_seen.stale(mark, &id) => {
                let mut policy_of = Policies::default();
                let (row, events) = store.read(|tx| {
                    let row = find(tx, id)?;
                    policy_of.get(tx, row.policy_version)?;
                    let events = tx.events(id)?;
                    for e in &events {
                        if let Some(v) = e.event.policy_version {
                            policy_of.get(tx, v)?;
                        }
                    }
                    Ok((row, events))
                })?;
                self.detail = Some(Detail {
                    row,
                    events,
                    policy_of,
                });
                self.detail_seen.read(mark, id);
                changed = true;
            }
            Some(_) => {}
            None => self.detail = None,
        }
        Ok(changed)
    }

    /// Why the board may leave out what was recorded last: this machine's
    /// clock, at `now`, is behind the newest record the last read saw
    /// (`open_tickets::behind`, as `status` warns). Asked every second,
    /// so the warning goes once the clock has caught up.
    pub fn behind(&self, now: DateTime<Utc>) -> Option<crate::i18n::Msg> {
        self.newest.and_then(|newest| behind(newest, now, true))
    }

    /// The ticket shown in full, judged at `now`, and its timeline.
    pub fn detail(&mut self, now: DateTime<Utc>) -> Option<Result<(View, Vec<TimelineEvent>)>> {
        let d = self.detail.as_mut()?;
        let clocks = clock_events(&d.events);
        let judged = judge(
            |v, c| d.policy_of.under(v, c),
            d.row.clone(),
            &clocks,
            now,
            false,
        )
        .map(|(view, _)| (view, timeline_of(&ticket_of(&d.row), &d.events)));
        Some(judged)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EventKind, Kind};
    use crate::sla::{ClockState, DEFAULT_POLICY};
    use crate::store::Summary;

    const T0: i64 = 1_795_478_400; // 2026-11-24T00:00:00Z

    fn at(minutes: i64) -> DateTime<Utc> {
        crate::sla::instant(T0 + minutes * 60)
    }

    fn row(id: i64, severity: u8) -> TicketRow {
        TicketRow {
            id: TicketId(id),
            kind: Kind::Incident,
            severity: Some(severity),
            title: format!("ticket {id}"),
            customer: None,
            service: None,
            reported_at: T0,
            opened_at: T0,
            policy_version: 1,
            summary: Summary {
                state: TicketState::Open,
                severity: Some(severity),
                escalation_level: 0,
                last_event_at: T0,
                resolved_at: None,
                owner: None,
            },
            external_ref: None,
            contract: None,
        }
    }

    fn event(minutes: i64, kind: EventKind) -> ClockEvent {
        ClockEvent {
            id: minutes,
            at: T0 + minutes * 60,
            kind,
            policy_version: None,
            contract: None,
        }
    }

    fn update(minutes: i64) -> ClockEvent {
        event(minutes, EventKind::Updated { next_update: None })
    }

    fn board(tickets: Vec<(TicketRow, Vec<ClockEvent>)>, now: DateTime<Utc>) -> Board {
        let policies = Policies::parsed([(1, DEFAULT_POLICY.to_string())]).unwrap();
        Board::new(policies, tickets, now, 75).unwrap()
    }

    fn ids(b: &Board) -> Vec<i64> {
        b.order().iter().map(|t| t.0).collect()
    }

    #[test]
    fn a_mark_that_moved_or_another_selection_reads_again() {
        let acme = Wanted {
            search: Some("acme".into()),
            mine: false,
        };
        let mut seen: Seen<u64, Wanted> = Seen::new();
        assert!(seen.stale(1, &Wanted::default()), "never read");
        seen.read(1, Wanted::default());
        assert!(!seen.stale(1, &Wanted::default()), "nothing changed");
        assert!(!seen.other_than(&Wanted::default()));
        assert!(seen.stale(2, &Wanted::default()), "the log changed");
        assert!(
            seen.stale(1, &acme) && seen.other_than(&acme),
            "another filter"
        );
        seen.read(2, acme.clone());
        assert!(!seen.stale(2, &acme));
        seen.forget();
        assert!(seen.stale(2, &acme), "after an error");
    }

    #[test]
    fn time_alone_rejudges_only_what_it_changes_and_reorders() {
        // #1 severity 2 responded at 5m (next update due 1h05m); #2
        // severity 1 responded at 2m (next update due 32m): #2 first.
        let tickets = vec![
            (row(1, 2), vec![update(5)]),
            (row(2, 1), vec![update(2)]),
            (row(3, 1), vec![update(1), event(3, EventKind::Resolved)]),
        ];
        let mut b = board(tickets, at(10));
        assert_eq!(ids(&b), [2, 1], "resolved tickets are not on the board");
        assert!(!b.tick(at(10)).unwrap(), "nothing changed yet");
        // 32m30s: #2's update interval is at risk (75 % of 30m is 22m30s from 2m).
        let first_risk = at(2) + chrono::Duration::seconds(22 * 60 + 30);
        assert!(!b.tick(first_risk - chrono::Duration::seconds(1)).unwrap());
        assert!(b.tick(first_risk).unwrap());
        let update = |b: &Board, i: usize| b.views()[i].eval.clocks.update.clone();
        assert!(update(&b, 0).at_risk(75));
        // #2's update breaches after 32m; #1's at 1h05m, so #2 stays first.
        assert!(b.tick(at(33)).unwrap());
        assert_eq!(update(&b, 0).state, ClockState::Breached);
        assert_eq!(ids(&b), [2, 1]);
        // The countdowns alone do not judge again.
        assert!(!b.tick(at(34)).unwrap());
    }

    #[test]
    fn a_breach_moves_a_ticket_up_the_board() {
        // #1 severity 3, not responded (response due 30m); #2 severity 2,
        // responded at 1m (next update due 1h01m).
        let tickets = vec![(row(1, 3), vec![]), (row(2, 2), vec![update(1)])];
        let mut b = board(tickets, at(10));
        assert_eq!(ids(&b), [2, 1], "severity 2 before severity 3");
        assert!(b.tick(at(30)).unwrap(), "#1's response is at risk");
        assert_eq!(ids(&b), [2, 1]);
        assert!(b.tick(at(31)).unwrap());
        assert_eq!(ids(&b), [1, 2], "breached tickets lead");
        assert_eq!(
            b.views()[0].eval.clocks.response.state,
            ClockState::Breached
        );
    }
}
