//! The figures of a compliance report: per group (all tickets, each
//! incident severity, each kind, each customer if asked), how many
//! responses, update intervals, restores and (where the policy sets that
//! internal target) assignments met their targets, the
//! restore percentiles, the escalations and the share of time spent
//! waiting on the customer, from evaluations made at the report's instant.
//! `trend` lays several months' reports out by month and severity, and
//! `what_if` compares two reports of the same tickets.
//!
//! Pure arithmetic over evaluations, fed one ticket at a time
//! (`ReportBuilder`; memory grows only with the restore times kept for the
//! percentiles): it must not read the log, choose the period or lay
//! anything out. Just over 600 lines with its tests: the tallies and the
//! rules they count by are one thing.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::{ClockState, Evaluation, Figures, Kind, TicketState};

/// The compliance figures of the tickets opened in one period.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Tickets reported at or after this instant...
    pub since: DateTime<Utc>,
    /// ...and before this one.
    pub until: DateTime<Utc>,
    /// Every ticket is judged as of this instant: the end of the period, or
    /// now if the period has not ended yet.
    pub evaluated_at: DateTime<Utc>,
    /// How the restore percentiles are taken.
    pub percentile: &'static str,
    /// `all` first, then by severity (incidents), by kind, and by customer
    /// when asked for.
    pub rows: Vec<ReportRow>,
}

/// One group's figures. Counts are tickets; percentages have one decimal
/// and are null when nothing could be judged.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReportRow {
    /// `all`, `severity`, `kind`, `customer` or `contract`.
    pub group: String,
    /// `all`, `1`, `incident`, `ACME`...; empty where `no_value` is set.
    pub key: String,
    /// The row of the tickets with no value for the extra grouping (no
    /// customer, or no contract): a group of its own, never merged with
    /// a customer or contract however it is spelled. See [`Self::value`].
    pub no_value: bool,
    pub opened: u64,
    /// Tickets whose initial response clock has stopped or breached.
    pub responses_judged: u64,
    pub responses_met: u64,
    pub responses_met_pct: Option<f64>,
    /// Tickets whose update clock has started (an initial response was sent).
    pub updates_started: u64,
    /// Of those, tickets that never missed an update.
    pub updates_on_time: u64,
    pub updates_on_time_pct: Option<f64>,
    /// Update intervals missed, over all tickets.
    pub updates_missed: u64,
    /// Incidents whose restore clock has stopped or breached.
    pub restores_judged: u64,
    pub restores_met: u64,
    pub restores_met_pct: Option<f64>,
    /// Resolved incidents, whose counted time to restore gives the percentiles.
    pub restores_resolved: u64,
    pub restore_median_secs: Option<i64>,
    pub restore_p90_secs: Option<i64>,
    /// Tickets that reached escalation level 1, 2 and 3 (or higher).
    pub escalated_level_1: u64,
    pub escalated_level_2: u64,
    pub escalated_level_3: u64,
    /// Tickets not resolved when evaluated.
    pub still_open: u64,
    /// Tickets whose time-to-own clock (where the policy sets one) has
    /// stopped or breached, and of those, owned in time.
    pub owns_judged: u64,
    pub owns_met: u64,
    pub owns_met_pct: Option<f64>,
    /// Incidents' wall-clock time from their report to their resolve (or
    /// to the report's instant, if not resolved then)...
    pub elapsed_secs: i64,
    /// ...of which they spent waiting on the customer, while their restore
    /// clock ran (export's `restore_waiting_secs`, summed)...
    pub waiting_secs: i64,
    /// ...as a percentage with one decimal; null without incidents.
    pub waiting_pct: Option<f64>,
}

impl ReportRow {
    /// What the row is about: its key, or `None` for the tickets with no
    /// value for the grouping (JSON writes null, CSV an empty cell).
    pub fn value(&self) -> Option<&str> {
        (!self.no_value).then_some(self.key.as_str())
    }
}

/// The figures of one group, as tickets are added.
#[derive(Debug, Default)]
struct Tally {
    row: ReportRow,
    restore_times: Vec<i64>,
}

impl Tally {
    fn add(
        &mut self,
        kind: Kind,
        reported_at: DateTime<Utc>,
        at: DateTime<Utc>,
        eval: &Evaluation,
    ) {
        let r = &mut self.row;
        let clocks = &eval.clocks;
        r.opened += 1;
        judged(
            clocks.response.state,
            &mut r.responses_judged,
            &mut r.responses_met,
        );
        let update = &clocks.update;
        let started = update.target_secs.is_some()
            && !matches!(update.state, ClockState::None | ClockState::Pending);
        if started {
            r.updates_started += 1;
            if update.missed() == 0 {
                r.updates_on_time += 1;
            }
        }
        r.updates_missed += u64::from(update.missed());
        if kind == Kind::Incident {
            judged(
                clocks.restore.state,
                &mut r.restores_judged,
                &mut r.restores_met,
            );
            if let Some(secs) = counted_restore_secs(kind, eval) {
                self.restore_times.push(secs);
            }
            if let Figures::Restore {
                waiting_secs: Some(waited),
                ..
            } = clocks.restore.figures
                && clocks.restore.state != ClockState::None
            {
                let end = eval.resolved_at.unwrap_or(at).max(reported_at);
                r.elapsed_secs += (end - reported_at).num_seconds();
                r.waiting_secs += waited;
            }
        }
        judged(clocks.own.state, &mut r.owns_judged, &mut r.owns_met);
        let level = eval.escalation_level;
        r.escalated_level_1 += u64::from(level >= 1);
        r.escalated_level_2 += u64::from(level >= 2);
        r.escalated_level_3 += u64::from(level >= 3);
        if eval.state != TicketState::Resolved {
            r.still_open += 1;
        }
    }

    /// The row of `group` for `key`; `None` for the tickets without a value.
    fn finish(mut self, group: &str, key: Option<&str>) -> ReportRow {
        let mut r = self.row;
        r.group = group.into();
        r.key = key.unwrap_or_default().into();
        r.no_value = key.is_none();
        r.responses_met_pct = percent(r.responses_met, r.responses_judged);
        r.updates_on_time_pct = percent(r.updates_on_time, r.updates_started);
        r.restores_met_pct = percent(r.restores_met, r.restores_judged);
        r.owns_met_pct = percent(r.owns_met, r.owns_judged);
        r.waiting_pct = percent(
            u64::try_from(r.waiting_secs).unwrap_or(0),
            u64::try_from(r.elapsed_secs).unwrap_or(0),
        );
        self.restore_times.sort_unstable();
        r.restores_resolved = self.restore_times.len() as u64;
        r.restore_median_secs = nearest_rank(&self.restore_times, 50);
        r.restore_p90_secs = nearest_rank(&self.restore_times, 90);
        r
    }
}

/// Gathers the report's figures one ticket at a time: all tickets, each
/// incident severity, each kind, and, if asked, each value of one more
/// field (each customer, or each contract).
#[derive(Debug)]
pub struct ReportBuilder {
    /// The instant every ticket is judged at.
    at: DateTime<Utc>,
    all: Tally,
    severity: BTreeMap<u8, Tally>,
    kind: BTreeMap<Kind, Tally>,
    /// The extra grouping's name (`customer`, `contract`) and its groups,
    /// `None` for the tickets without a value (sorted first). A customer's
    /// group is keyed in any case, as `[customers]` and `--customer` match
    /// it (ACME and Acme are one customer), and named as first spelled.
    by: Option<(&'static str, Groups)>,
}

/// A grouping's tallies by key (`None`: no value), each with its name as
/// shown.
type Groups = BTreeMap<Option<String>, (String, Tally)>;

impl ReportBuilder {
    /// `by` names the extra grouping, if any: its rows have that `group`,
    /// and the tickets without a value are counted in a row of their own
    /// (`no_value`). `at` is the
    /// instant the tickets added are judged at.
    pub fn new(by: Option<&'static str>, at: DateTime<Utc>) -> ReportBuilder {
        ReportBuilder {
            at,
            all: Tally::default(),
            // Every severity and kind gets a row, even with no tickets, so
            // monthly reports line up.
            severity: (1..=3).map(|s| (s, Tally::default())).collect(),
            kind: Kind::ALL
                .into_iter()
                .map(|k| (k, Tally::default()))
                .collect(),
            by: by.map(|name| (name, BTreeMap::new())),
        }
    }

    /// Adds one ticket reported at `reported_at`, judged at the report's
    /// instant; `key` is its value of the extra grouping (its customer, or
    /// its contract).
    pub fn add(
        &mut self,
        kind: Kind,
        key: Option<&str>,
        reported_at: DateTime<Utc>,
        eval: &Evaluation,
    ) {
        let at = self.at;
        self.all.add(kind, reported_at, at, eval);
        if let (Kind::Incident, Some(s)) = (kind, eval.severity) {
            self.severity
                .entry(s.get())
                .or_default()
                .add(kind, reported_at, at, eval);
        }
        self.kind
            .entry(kind)
            .or_default()
            .add(kind, reported_at, at, eval);
        if let Some((name, by)) = &mut self.by {
            // A name an earlier build stored with spaces at its ends is
            // the customer it names, as new tickets are stored.
            let shown = key.map(str::trim);
            let folded = shown.map(|k| match *name {
                "customer" => k.to_lowercase(),
                _ => k.to_owned(),
            });
            by.entry(folded)
                .or_insert_with(|| (shown.unwrap_or_default().to_owned(), Tally::default()))
                .1
                .add(kind, reported_at, at, eval);
        }
    }

    /// The report on the tickets reported from `since` to `until`.
    pub fn finish(self, since: DateTime<Utc>, until: DateTime<Utc>) -> Report {
        let evaluated_at = self.at;
        let mut rows = vec![self.all.finish("all", Some("all"))];
        rows.extend(
            self.severity
                .into_iter()
                .map(|(s, t)| t.finish("severity", Some(&s.to_string()))),
        );
        rows.extend(
            self.kind
                .into_iter()
                .map(|(k, t)| t.finish("kind", Some(k.as_str()))),
        );
        if let Some((name, by)) = self.by {
            rows.extend(
                by.into_iter()
                    .map(|(c, (shown, t))| t.finish(name, c.map(|_| shown.as_str()))),
            );
        }
        Report {
            since,
            until,
            evaluated_at,
            percentile: "nearest-rank",
            rows,
        }
    }
}

/// The counted time to restore behind the percentiles: a resolved
/// incident's, where its restore clock applies. The one rule, shared with
/// `RestoreTimes`, so a chart of the spread shows the tickets the median
/// and p90 were taken over.
pub(super) fn counted_restore_secs(kind: Kind, eval: &Evaluation) -> Option<i64> {
    let restore = &eval.clocks.restore;
    match (kind, eval.state, &restore.figures) {
        (
            Kind::Incident,
            TicketState::Resolved,
            Figures::Restore {
                counted_secs: Some(secs),
                ..
            },
        ) if restore.state != ClockState::None => Some(*secs),
        _ => None,
    }
}

/// Counts a clock that has met its target or breached it.
fn judged(state: ClockState, judged: &mut u64, met: &mut u64) {
    match state {
        ClockState::Met => {
            *judged += 1;
            *met += 1;
        }
        ClockState::Breached => *judged += 1,
        _ => {}
    }
}

/// `part` of `whole` in percent with one decimal, rounded half up, except
/// that a share short of the whole never reads 100.0 and a share above
/// nothing never reads 0.0: 1,999 of 2,000 is 99.9 (rounded, 100.0 would
/// hide the one breach), 1 of 3,000 is 0.1. None when `whole` is 0.
fn percent(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| {
        let pct = (part as f64 * 1000.0 / whole as f64).round() / 10.0;
        if part > 0 && part < whole {
            pct.clamp(0.1, 99.9)
        } else {
            pct
        }
    })
}

/// The nearest-rank `p`th percentile of sorted values: the smallest value
/// with at least `p`% of the values at or below it (rank ⌈p·n/100⌉).
fn nearest_rank(sorted: &[i64], p: usize) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sla::testutil::t;
    use crate::sla::{Clock, Clocks, Escalation, Severity};

    #[test]
    fn nearest_rank_percentiles() {
        let cases: [(&[i64], usize, Option<i64>); 7] = [
            (&[], 50, None),
            (&[7], 50, Some(7)),
            (&[7], 90, Some(7)),
            (&[1, 2, 3, 4], 50, Some(2)),
            (&[1, 2, 3, 4, 5], 50, Some(3)),
            (&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90, Some(9)),
            (&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90, Some(10)),
        ];
        for (values, p, want) in cases {
            assert_eq!(nearest_rank(values, p), want, "{values:?} p{p}");
        }
    }

    #[test]
    fn percentages_have_one_decimal() {
        assert_eq!(percent(2, 3), Some(66.7));
        assert_eq!(percent(1, 1), Some(100.0));
        assert_eq!(percent(0, 0), None);
        assert_eq!(percent(0, 3), Some(0.0));
        // Short of the whole is never 100.0, above nothing never 0.0.
        assert_eq!(percent(1999, 2000), Some(99.9));
        assert_eq!(percent(1998, 2000), Some(99.9));
        assert_eq!(percent(1, 2000), Some(0.1));
        assert_eq!(percent(1, 3000), Some(0.1));
        assert_eq!(percent(2000, 2000), Some(100.0));
        assert_eq!(percent(1, 1000), Some(0.1));
        assert_eq!(percent(999, 1000), Some(99.9));
    }

    fn clock(state: ClockState, figures: Figures) -> Clock {
        Clock {
            state,
            target_secs: Some(900),
            started_at: None,
            paused_since: None,
            deadline: None,
            stopped_at: None,
            remaining_secs: None,
            calendar: None,
            figures,
        }
    }

    fn eval(
        state: TicketState,
        response: ClockState,
        update: (ClockState, u32),
        restore: (ClockState, Option<i64>),
        level: u8,
    ) -> Evaluation {
        // Time to own: met when the response was, none while it runs.
        let own = match response {
            ClockState::Running => ClockState::None,
            other => other,
        };
        Evaluation {
            state,
            severity: Some(Severity::S1),
            escalation_level: level,
            resolved_at: None,
            waiting_since: None,
            owner: None,
            clocks: Clocks {
                response: clock(response, Figures::Response {}),
                update: clock(
                    update.0,
                    Figures::Update {
                        missed: update.1,
                        longest_gap_secs: None,
                        promised_at: None,
                    },
                ),
                restore: clock(
                    restore.0,
                    Figures::Restore {
                        counted_secs: restore.1,
                        waiting_secs: Some(0),
                    },
                ),
                own: clock(own, Figures::Own {}),
            },
            escalation: Escalation {
                next_level: None,
                due_at: None,
                due: false,
                contact: None,
            },
        }
    }

    #[test]
    fn a_customer_stored_with_spaces_at_its_ends_is_that_customer() {
        use ClockState::Met;
        let t = t("2026-11-01T00:00:00Z");
        let mut b = ReportBuilder::new(Some("customer"), t);
        let resolved = TicketState::Resolved;
        for name in ["ACME", "ACME ", "\u{3000}ACME"] {
            b.add(
                Kind::Incident,
                Some(name),
                t,
                &eval(resolved, Met, (Met, 0), (Met, Some(100)), 0),
            );
        }
        let report = b.finish(t, t);
        let customers: Vec<(&str, u64)> = report
            .rows
            .iter()
            .filter(|r| r.group == "customer")
            .map(|r| (r.key.as_str(), r.opened))
            .collect();
        assert_eq!(customers, [("ACME", 3)]);
    }

    #[test]
    fn figures_count_judged_clocks_only() {
        use ClockState::{Breached, Met, Pending, Running};
        let t = t("2026-11-01T00:00:00Z");
        let mut b = ReportBuilder::new(Some("customer"), t);
        let resolved = TicketState::Resolved;
        b.add(
            Kind::Incident,
            Some("ACME"),
            t,
            &eval(resolved, Met, (Met, 0), (Met, Some(100)), 0),
        );
        b.add(
            Kind::Incident,
            Some("ACME"),
            t,
            &eval(resolved, Breached, (Breached, 2), (Breached, Some(300)), 2),
        );
        b.add(
            Kind::Incident,
            None,
            t,
            &eval(
                TicketState::Open,
                Running,
                (Pending, 0),
                (Running, Some(50)),
                1,
            ),
        );
        // A customer spelled like a placeholder is a customer, apart from
        // the tickets that have none.
        b.add(
            Kind::Incident,
            Some("(none)"),
            t,
            &eval(resolved, Met, (Met, 0), (Met, Some(100)), 0),
        );
        let report = b.finish(t, t);
        let all = &report.rows[0];
        assert_eq!((all.group.as_str(), all.opened), ("all", 4));
        assert_eq!((all.responses_met, all.responses_judged), (2, 3));
        assert_eq!(all.responses_met_pct, Some(66.7));
        assert_eq!((all.updates_on_time, all.updates_started), (2, 3));
        assert_eq!(all.updates_missed, 2);
        assert_eq!((all.restores_met, all.restores_judged), (2, 3));
        assert_eq!(all.restores_resolved, 3);
        assert_eq!(all.restore_median_secs, Some(100));
        assert_eq!(all.restore_p90_secs, Some(300));
        assert_eq!(
            (
                all.escalated_level_1,
                all.escalated_level_2,
                all.escalated_level_3
            ),
            (2, 1, 0)
        );
        assert_eq!(all.still_open, 1);
        // Time to own counts like the response: the running one is not judged.
        assert_eq!((all.owns_met, all.owns_judged), (2, 3));
        assert_eq!(all.owns_met_pct, Some(66.7));
        let keys: Vec<(&str, Option<&str>)> = report
            .rows
            .iter()
            .map(|r| (r.group.as_str(), r.value()))
            .collect();
        assert_eq!(
            keys,
            [
                ("all", Some("all")),
                ("severity", Some("1")),
                ("severity", Some("2")),
                ("severity", Some("3")),
                ("kind", Some("incident")),
                ("kind", Some("provisioning")),
                ("kind", Some("inquiry")),
                ("customer", None),
                ("customer", Some("(none)")),
                ("customer", Some("ACME")),
            ]
        );
        let none = &report.rows[7];
        assert_eq!((none.opened, none.still_open), (1, 1));
    }

    #[test]
    fn the_waiting_share_is_of_incidents_time_until_resolved_or_judged() {
        use ClockState::{Met, Paused};
        let at = t("2026-11-02T00:00:00Z");
        let mut b = ReportBuilder::new(None, at);
        // Resolved after 10h, 2h of them waiting.
        let mut resolved = eval(TicketState::Resolved, Met, (Met, 0), (Met, Some(100)), 0);
        resolved.resolved_at = Some(t("2026-11-01T10:00:00Z"));
        resolved.clocks.restore.figures = Figures::Restore {
            counted_secs: Some(8 * 3600),
            waiting_secs: Some(2 * 3600),
        };
        b.add(Kind::Incident, None, t("2026-11-01T00:00:00Z"), &resolved);
        // Open at the report's instant, reported 6h before it, waiting 4h.
        let mut waiting = eval(
            TicketState::Waiting,
            Met,
            (Paused, 0),
            (Paused, Some(7200)),
            0,
        );
        waiting.clocks.restore.figures = Figures::Restore {
            counted_secs: Some(2 * 3600),
            waiting_secs: Some(4 * 3600),
        };
        b.add(Kind::Incident, None, t("2026-11-01T18:00:00Z"), &waiting);
        // An inquiry has no restore clock: none of its time counts.
        let mut inquiry = eval(
            TicketState::Open,
            Met,
            (Met, 0),
            (ClockState::None, None),
            0,
        );
        inquiry.clocks.restore.figures = Figures::Restore {
            counted_secs: None,
            waiting_secs: None,
        };
        b.add(Kind::Inquiry, None, t("2026-10-01T00:00:00Z"), &inquiry);
        let report = b.finish(at, at);
        let all = &report.rows[0];
        assert_eq!((all.waiting_secs, all.elapsed_secs), (6 * 3600, 16 * 3600));
        assert_eq!(all.waiting_pct, Some(37.5));
        let inquiries = report.rows.iter().find(|r| r.key == "inquiry").unwrap();
        assert_eq!((inquiries.elapsed_secs, inquiries.waiting_pct), (0, None));
    }
}
