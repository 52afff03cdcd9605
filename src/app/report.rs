//! `report`: compliance figures for the tickets opened in a period (by
//! default last calendar month in the local zone), per severity, per kind
//! and optionally per customer.
//!
//! Each ticket is judged as of the end of the period, or now if that is
//! earlier, from what the log had recorded by then: tickets opened (recorded)
//! by that instant, and their events recorded by it, as `status --as-of`
//! sees them. So a closed month's report never changes: an event back-dated
//! into the month later, a ticket opened later with `--at` in the month, or a
//! `policy apply` made later, counts from now on (in `status`, `export` and
//! reports on periods not yet closed), never in that month's figures. The
//! figures are
//! gathered by `ReportBuilder`, a pure accumulator fed one ticket at a time
//! (memory grows only with the restore times kept for the percentiles), and
//! handed to `output` to lay out.

use std::collections::BTreeMap;

use anyhow::{Result, anyhow};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};

use crate::cli::{ReportArgs, ReportBy, ReportFormat};
use crate::output::{self, Report, ReportRow};
use crate::sla::{ClockState, Evaluation, Figures, Kind, TicketState, Tz};
use crate::store::TicketFilter;

use super::context::Context;
use super::convert::{Policies, view_of};
use super::exit::UsageError;
use super::time::local_to_utc;

pub fn report(ctx: &Context, args: ReportArgs) -> Result<()> {
    let now = ctx.now();
    let (since, until) = ctx.period_flags(args.since.as_ref(), args.until.as_ref(), now)?;
    let (since, until) = period(since, until, now, ctx.zone)?;
    if since >= until {
        return Err(UsageError(format!(
            "--since ({}) must be before --until ({})",
            output::local(since, ctx.zone),
            output::local(until, ctx.zone)
        ))
        .into());
    }
    let at = until.min(now);
    let filter = TicketFilter {
        include_resolved: true,
        since: Some(since.timestamp()),
        until: Some(until.timestamp()),
        // A closed period is judged on the log as it stood at its end; up
        // to now, everything recorded counts.
        recorded_by: (at != now).then(|| at.timestamp()),
        ..TicketFilter::default()
    };
    let mut builder = ReportBuilder::new(args.by == Some(ReportBy::Customer));
    let mut store = ctx.store(crate::store::OpenMode::Read)?;
    store.read(|tx| {
        let mut policies = Policies::read_all(tx)?;
        tx.for_each_ticket(&filter, &mut |row, events| {
            // What the log held at `at`: a ticket recorded later is left
            // out, and so (by `recorded_by`) is an event recorded later,
            // whatever its time.
            if row.reported_at > at.timestamp() || row.opened_at > at.timestamp() {
                return Ok(());
            }
            let view = view_of(&mut policies, row, &events, at)?;
            builder.add(
                view.ticket.kind,
                view.ticket.customer.as_deref(),
                &view.eval,
            );
            Ok(())
        })
    })?;
    let report = builder.finish(since, until, at);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match args.format {
        ReportFormat::Table => output::report_table(&mut out, &report, &ctx.style)?,
        ReportFormat::Json => output::report_json(&mut out, &report)?,
        ReportFormat::Csv => output::report_csv(&mut out, &report)?,
    }
    std::io::Write::flush(&mut out)?;
    Ok(())
}

/// The period from the flags: both given as they are; neither, last
/// calendar month in `zone`; only `--since`, up to now; only `--until`, from
/// the start of the calendar month that ends at (or contains) it.
pub fn period(
    since: Option<DateTime<Utc>>,
    until: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    zone: Tz,
) -> Result<(DateTime<Utc>, DateTime<Utc>)> {
    Ok(match (since, until) {
        (Some(s), Some(u)) => (s, u),
        (Some(s), None) => (s, now),
        (None, Some(u)) => (month_start(u - Duration::seconds(1), zone)?, u),
        (None, None) => {
            let this_month = month_start(now, zone)?;
            let last_month = month_start(this_month - Duration::seconds(1), zone)?;
            (last_month, this_month)
        }
    })
}

/// The first instant of the local calendar month that contains `t`.
fn month_start(t: DateTime<Utc>, zone: Tz) -> Result<DateTime<Utc>> {
    let local = t.with_timezone(&zone).date_naive();
    let first = NaiveDate::from_ymd_opt(local.year(), local.month(), 1)
        .ok_or_else(|| anyhow!("no first day of the month of {local}"))?;
    // Where midnight is skipped for daylight saving, the day starts at the
    // first local time that exists.
    (0..=24 * 4)
        .find_map(|quarter| {
            let time = NaiveTime::MIN + Duration::minutes(15 * quarter);
            local_to_utc(first.and_time(time), zone)
        })
        .ok_or_else(|| anyhow!("{first} has no start in {}", zone.name()))
}

/// The figures of one group, as tickets are added.
#[derive(Debug, Default)]
struct Tally {
    row: ReportRow,
    restore_times: Vec<i64>,
}

impl Tally {
    fn add(&mut self, kind: Kind, eval: &Evaluation) {
        let r = &mut self.row;
        let clocks = &eval.clocks;
        r.opened += 1;
        match clocks.response.state {
            ClockState::Met => {
                r.responses_judged += 1;
                r.responses_met += 1;
            }
            ClockState::Breached => r.responses_judged += 1,
            _ => {}
        }
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
            match clocks.restore.state {
                ClockState::Met => {
                    r.restores_judged += 1;
                    r.restores_met += 1;
                }
                ClockState::Breached => r.restores_judged += 1,
                _ => {}
            }
            if let (
                TicketState::Resolved,
                Figures::Restore {
                    counted_secs: Some(secs),
                    ..
                },
            ) = (eval.state, &clocks.restore.figures)
            {
                if clocks.restore.state != ClockState::None {
                    self.restore_times.push(*secs);
                }
            }
        }
        let level = eval.escalation_level;
        r.escalated_level_1 += u64::from(level >= 1);
        r.escalated_level_2 += u64::from(level >= 2);
        r.escalated_level_3 += u64::from(level >= 3);
        if eval.state != TicketState::Resolved {
            r.still_open += 1;
        }
    }

    fn finish(mut self, group: &str, key: &str) -> ReportRow {
        let mut r = self.row;
        r.group = group.into();
        r.key = key.into();
        r.responses_met_pct = percent(r.responses_met, r.responses_judged);
        r.updates_on_time_pct = percent(r.updates_on_time, r.updates_started);
        r.restores_met_pct = percent(r.restores_met, r.restores_judged);
        self.restore_times.sort_unstable();
        r.restores_resolved = self.restore_times.len() as u64;
        r.restore_median_secs = nearest_rank(&self.restore_times, 50);
        r.restore_p90_secs = nearest_rank(&self.restore_times, 90);
        r
    }
}

/// Gathers the report's figures one ticket at a time: all tickets, each
/// incident severity, each kind, and each customer if asked.
#[derive(Debug)]
pub struct ReportBuilder {
    all: Tally,
    severity: BTreeMap<u8, Tally>,
    kind: BTreeMap<Kind, Tally>,
    customer: Option<BTreeMap<String, Tally>>,
}

impl ReportBuilder {
    pub fn new(by_customer: bool) -> ReportBuilder {
        ReportBuilder {
            all: Tally::default(),
            // Every severity and kind gets a row, even with no tickets, so
            // monthly reports line up.
            severity: (1..=3).map(|s| (s, Tally::default())).collect(),
            kind: Kind::ALL
                .into_iter()
                .map(|k| (k, Tally::default()))
                .collect(),
            customer: by_customer.then(BTreeMap::new),
        }
    }

    /// Adds one ticket, judged at the report's instant.
    pub fn add(&mut self, kind: Kind, customer: Option<&str>, eval: &Evaluation) {
        self.all.add(kind, eval);
        if let (Kind::Incident, Some(s)) = (kind, eval.severity) {
            self.severity.entry(s.get()).or_default().add(kind, eval);
        }
        self.kind.entry(kind).or_default().add(kind, eval);
        if let Some(by) = &mut self.customer {
            let key = customer.unwrap_or("(none)").to_string();
            by.entry(key).or_default().add(kind, eval);
        }
    }

    pub fn finish(
        self,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
        evaluated_at: DateTime<Utc>,
    ) -> Report {
        let mut rows = vec![self.all.finish("all", "all")];
        rows.extend(
            self.severity
                .into_iter()
                .map(|(s, t)| t.finish("severity", &s.to_string())),
        );
        rows.extend(
            self.kind
                .into_iter()
                .map(|(k, t)| t.finish("kind", k.as_str())),
        );
        if let Some(by) = self.customer {
            rows.extend(by.into_iter().map(|(c, t)| t.finish("customer", &c)));
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

/// `part` of `whole` in percent with one decimal; None when `whole` is 0.
fn percent(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| (part as f64 * 1000.0 / whole as f64).round() / 10.0)
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
    use crate::sla::{Clock, Clocks, Escalation, Severity};

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn default_period_is_last_local_month() {
        let bris = Tz::named("Australia/Brisbane").unwrap();
        // 2026-11-01 08:00 in Brisbane is still 31 October in UTC.
        let (s, u) = period(None, None, at("2026-10-31T22:00:00Z"), bris).unwrap();
        assert_eq!(s, at("2026-09-30T14:00:00Z"));
        assert_eq!(u, at("2026-10-31T14:00:00Z"));
        // January reaches back into December of the year before.
        let (s, u) = period(None, None, at("2027-01-15T00:00:00Z"), Tz::UTC).unwrap();
        assert_eq!(
            (s, u),
            (at("2026-12-01T00:00:00Z"), at("2027-01-01T00:00:00Z"))
        );
        // London changes to GMT in October: the month starts in BST.
        let london = Tz::named("Europe/London").unwrap();
        let (s, u) = period(None, None, at("2026-11-10T00:00:00Z"), london).unwrap();
        assert_eq!(
            (s, u),
            (at("2026-09-30T23:00:00Z"), at("2026-11-01T00:00:00Z"))
        );
    }

    #[test]
    fn partial_periods() {
        let now = at("2026-11-24T00:00:00Z");
        let utc = Tz::UTC;
        let since = at("2026-11-01T00:00:00Z");
        assert_eq!(period(Some(since), None, now, utc).unwrap(), (since, now));
        let until = at("2026-11-01T00:00:00Z");
        assert_eq!(
            period(None, Some(until), now, utc).unwrap(),
            (at("2026-10-01T00:00:00Z"), until)
        );
    }

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
    }

    fn clock(state: ClockState, figures: Figures) -> Clock {
        Clock {
            state,
            target_secs: Some(900),
            deadline: None,
            stopped_at: None,
            remaining_secs: None,
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
        Evaluation {
            state,
            severity: Some(Severity::S1),
            escalation_level: level,
            resolved_at: None,
            waiting_since: None,
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
    fn figures_count_judged_clocks_only() {
        use ClockState::{Breached, Met, Pending, Running};
        let mut b = ReportBuilder::new(true);
        let resolved = TicketState::Resolved;
        b.add(
            Kind::Incident,
            Some("ACME"),
            &eval(resolved, Met, (Met, 0), (Met, Some(100)), 0),
        );
        b.add(
            Kind::Incident,
            Some("ACME"),
            &eval(resolved, Breached, (Breached, 2), (Breached, Some(300)), 2),
        );
        b.add(
            Kind::Incident,
            None,
            &eval(
                TicketState::Open,
                Running,
                (Pending, 0),
                (Running, Some(50)),
                1,
            ),
        );
        let t = at("2026-11-01T00:00:00Z");
        let report = b.finish(t, t, t);
        let all = &report.rows[0];
        assert_eq!((all.group.as_str(), all.opened), ("all", 3));
        assert_eq!((all.responses_met, all.responses_judged), (1, 2));
        assert_eq!(all.responses_met_pct, Some(50.0));
        assert_eq!((all.updates_on_time, all.updates_started), (1, 2));
        assert_eq!(all.updates_missed, 2);
        assert_eq!((all.restores_met, all.restores_judged), (1, 2));
        assert_eq!(all.restores_resolved, 2);
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
        let keys: Vec<(&str, &str)> = report
            .rows
            .iter()
            .map(|r| (r.group.as_str(), r.key.as_str()))
            .collect();
        assert_eq!(
            keys,
            [
                ("all", "all"),
                ("severity", "1"),
                ("severity", "2"),
                ("severity", "3"),
                ("kind", "incident"),
                ("kind", "provisioning"),
                ("kind", "inquiry"),
                ("customer", "(none)"),
                ("customer", "ACME"),
            ]
        );
    }
}
