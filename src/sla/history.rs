//! The policies a ticket has been judged by (`policy apply` re-pins open
//! tickets), and where in a ticket's log something happened, which decides
//! the policy that judges it.
//!
//! This module only answers "which policy, here?"; it must not judge a
//! clock.

use chrono::{DateTime, Utc};

use super::Policy;

/// Where something happened in a ticket's log: its instant (Unix seconds),
/// then its place in the order of recording (the index of its event among
/// those given). "Before" follows this order: of two events in the same
/// second, the one recorded first comes first.
pub(super) type Key = (i64, usize);

/// After everything recorded up to `now`.
pub(super) fn now_key(now: i64) -> Key {
    (now, usize::MAX)
}

/// The policies a ticket has been judged by. A re-pin (`policy apply`)
/// gives the ticket new targets from then on; it never re-judges a clock
/// that had already stopped, "before" following the order in which things
/// were recorded. So the response is judged by the policy in force when it
/// was given, each update interval by the one in force when it closed (an
/// interval open at a re-pin that changes the cadence closes there, and a
/// new one starts under the new policy), the restore clock and escalation
/// by the one in force at the resolve, and whatever is still running by the
/// current one.
#[derive(Debug, Clone)]
pub struct PolicyHistory<'a> {
    pub current: &'a Policy,
    /// `(until, policy)`: the policy in force up to the re-pin `until`, in
    /// order.
    pub earlier: Vec<(Repin, &'a Policy)>,
}

/// Where a re-pin took effect: the `policy` event's instant and its index
/// among the ticket's events as given to `evaluate_history` (which are in
/// the order of recording). What was recorded before it, even in the same
/// second, keeps the earlier policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repin {
    pub at: DateTime<Utc>,
    pub event: usize,
}

impl Repin {
    fn key(self) -> Key {
        (self.at.timestamp(), self.event)
    }
}

impl<'a> PolicyHistory<'a> {
    pub fn only(policy: &'a Policy) -> Self {
        PolicyHistory {
            current: policy,
            earlier: vec![],
        }
    }

    /// The policy that judges what happened at `k`: a re-pin's own event
    /// still belongs to the policy it ends (an interval it closes is judged
    /// by the old policy).
    pub(super) fn at(&self, k: Key) -> &'a Policy {
        self.earlier
            .iter()
            .find(|(until, _)| k <= until.key())
            .map_or(self.current, |(_, p)| *p)
    }

    /// Each re-pin as `(where, from, to)`.
    pub(super) fn repins(&self) -> Vec<(Key, &'a Policy, &'a Policy)> {
        self.earlier
            .iter()
            .enumerate()
            .map(|(i, (until, old))| {
                let new = self.earlier.get(i + 1).map_or(self.current, |e| e.1);
                (until.key(), *old, new)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::t;
    use super::*;

    #[test]
    fn a_repin_s_own_event_belongs_to_the_policy_it_ends() {
        let (first, second, third) = (
            Policy::default_policy(),
            Policy::default_policy(),
            Policy::default_policy(),
        );
        let at = t("2026-11-24T01:00:00Z");
        let later = t("2026-11-24T02:00:00Z");
        let history = PolicyHistory {
            current: &third,
            earlier: vec![
                (Repin { at, event: 3 }, &first),
                (
                    Repin {
                        at: later,
                        event: 5,
                    },
                    &second,
                ),
            ],
        };
        let s = at.timestamp();
        let is = |k: Key, p: &Policy| std::ptr::eq(history.at(k), p);
        assert!(is((s, 2), &first));
        assert!(is((s, 3), &first), "the re-pin's own event");
        assert!(is((s, 4), &second), "recorded after it in the same second");
        assert!(is((later.timestamp(), 5), &second));
        assert!(is(now_key(later.timestamp()), &third));
        let repins = history.repins();
        assert_eq!(repins.len(), 2);
        assert!(std::ptr::eq(repins[0].1, &first) && std::ptr::eq(repins[0].2, &second));
        assert!(std::ptr::eq(repins[1].1, &second) && std::ptr::eq(repins[1].2, &third));
    }
}
