//! `report`: compliance figures for the tickets opened in a period (by
//! default last calendar month in the local zone), per severity, per kind
//! and optionally per customer or per contract.
//!
//! Each ticket is judged as of the end of the period, or now if that is
//! earlier, from what the log had recorded by then: tickets opened (recorded)
//! by that instant, and their events recorded by it, as `status --as-of`
//! sees them. So a closed month's report never changes: an event back-dated
//! into the month later, a ticket opened later with `--at` in the month, or a
//! `policy apply` made later, counts from now on (in `status`, `export` and
//! reports on periods not yet closed), never in that month's figures.
//! `--by customer` groups each ticket under the customer it had then,
//! from the corrections `edit` recorded by then, as `--by contract` takes
//! the contract it had then.
//!
//! `--months N` reports each of the N months ending with last month as
//! `report` on that month alone would (`sla::Trend` lays them out by month
//! and severity). `--policy FILE` judges the same tickets and events under
//! a proposed policy too, and `sla::what_if` sets the two side by side;
//! nothing is written.
//!
//! This module chooses the periods and reads the log; the figures are
//! gathered by `sla::ReportBuilder`, fed one ticket at a time, and handed
//! to `output` to lay out.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Result, anyhow};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};

use crate::cli::{ReportArgs, ReportBy, ReportFormat};
use crate::model::Field;
use crate::output;
use crate::sla::{Evaluation, Policy, Report, ReportBuilder, Trend, Tz, evaluate, instant};
use crate::store::{ClockEvent, Correction, Location, TicketFilter, TicketId, TicketRow, Tx};

use super::batch::read_and_judge;
use super::chart::{ChartRequest, Gathered};
use super::context::{Context, load_policy_file};
use super::convert::{Policies, contract_then, detail_then, events_of, ticket_of, view_of};
use super::exit::UsageError;
use super::printed;

pub fn report(ctx: &Context, args: ReportArgs) -> Result<()> {
    let now = ctx.now();
    // The proposal is read first: a file that does not load stops the
    // report before the log is opened.
    let proposal = args.policy.as_deref().map(Proposal::load).transpose()?;
    let chart = (args.chart.as_deref())
        .map(|path| ChartRequest::new(path, args.restore_times, ctx.lang))
        .transpose()?;
    let months_asked = trend_months(&args, chart.as_ref())?;
    let by = args.by.map(|by| match by {
        ReportBy::Customer => "customer",
        ReportBy::Contract => "contract",
    });
    let periods = match months_asked {
        Some(n) => months(n, now, ctx.zone)?,
        None => {
            let (since, until) = ctx.period_flags(args.since.as_ref(), args.until.as_ref(), now)?;
            let given_until = until.is_some();
            let (since, until) = period(since, until, now, ctx.zone)?;
            if since >= until {
                let since = output::local(since, ctx.zone);
                let until = output::local(until, ctx.zone);
                // Without --until, the period ends now: say so, rather
                // than name a flag that was not given.
                let refusal = if given_until {
                    crate::msg!("refuse-since-until", since = since, until = until)
                } else {
                    crate::msg!("refuse-since-now", since = since, now = until)
                };
                return Err(UsageError(refusal.to_string()).into());
            }
            vec![(String::new(), since, until)]
        }
    };
    let (reports, gathered) =
        judge_periods(ctx, &periods, now, by, proposal.as_ref(), chart.is_some())?;
    let log = match ctx.db_location()? {
        Location::Sqlite(path) => Some(path),
        Location::Postgres(_) => None,
    };
    let format = args.format;
    if months_asked.is_some() {
        let (recorded, proposed): (Vec<_>, Vec<_>) = periods
            .into_iter()
            .zip(reports)
            .map(|((month, ..), (recorded, proposed))| {
                ((month.clone(), recorded), proposed.map(|p| (month, p)))
            })
            .unzip();
        let trend = |months| {
            Trend::of_months(months).ok_or_else(|| anyhow!(crate::msg!("report-no-month")))
        };
        let recorded = trend(recorded)?;
        // The chart first: one that cannot be written leaves stdout empty.
        if let (Some(chart), Some(gathered)) = (&chart, &gathered) {
            chart.draw(Some(&recorded), None, gathered, log.as_deref())?;
        }
        match proposal {
            None => printed::read_only(|out| match format {
                ReportFormat::Table => output::trend_table(out, &recorded, &ctx.style),
                ReportFormat::Json => output::trend_json(out, &recorded),
                ReportFormat::Csv => output::trend_csv(out, &recorded),
            }),
            Some(p) => {
                let proposed = trend(proposed.into_iter().flatten().collect())?;
                let name = p.name.as_str();
                printed::read_only(|out| match format {
                    ReportFormat::Table => {
                        output::trend_what_if_table(out, &recorded, &proposed, name, &ctx.style)
                    }
                    ReportFormat::Json => {
                        output::trend_what_if_json(out, &recorded, &proposed, name)
                    }
                    ReportFormat::Csv => output::trend_what_if_csv(out, &recorded, &proposed, name),
                })
            }
        }
    } else {
        let (recorded, proposed) = reports
            .into_iter()
            .next()
            .ok_or_else(|| anyhow!(crate::msg!("report-no-period")))?;
        if let (Some(chart), Some(gathered)) = (&chart, &gathered) {
            let span = output::span_words_in(ctx.lang, recorded.since, recorded.until, ctx.zone);
            let period = crate::tr!(ctx.lang, "chart-period-opened", span = span);
            chart.draw(None, Some(period), gathered, log.as_deref())?;
        }
        match (proposed, &proposal) {
            (Some(proposed), Some(p)) => {
                let name = p.name.as_str();
                printed::read_only(|out| match format {
                    ReportFormat::Table => {
                        output::what_if_table(out, &recorded, &proposed, name, &ctx.style)
                    }
                    ReportFormat::Json => output::what_if_json(out, &recorded, &proposed, name),
                    ReportFormat::Csv => output::what_if_csv(out, &recorded, &proposed, name),
                })
            }
            _ => printed::read_only(|out| match format {
                ReportFormat::Table => output::report_table(out, &recorded, &ctx.style),
                ReportFormat::Json => output::report_json(out, &recorded),
                ReportFormat::Csv => output::report_csv(out, &recorded),
            }),
        }
    }
}

/// The months of the trend, if the report is one: `--months N`, or 12 for
/// `--chart` alone, which draws the trend. The trend's months are cut by
/// the calendar, so that chart takes no `--since`, `--until` or `--by`
/// (`--months` itself is refused with them by clap).
fn trend_months(args: &ReportArgs, chart: Option<&ChartRequest>) -> Result<Option<u16>> {
    match (chart, args.months) {
        (Some(c), None) if !c.restore_times => {
            if args.since.is_some() || args.until.is_some() || args.by.is_some() {
                return Err(UsageError(crate::msg!("refuse-chart-trend-flags").to_string()).into());
            }
            Ok(Some(12))
        }
        (_, months) => Ok(months),
    }
}

/// Each period's report (and its report under the proposal), and, for a
/// chart, what it needs gathered from the same tickets.
type Judged = (Vec<(Report, Option<Report>)>, Option<Gathered>);

/// A period to report: its name (a month's, `2026-10`, or empty), and the
/// tickets reported from `since` to `until`.
type Period = (String, DateTime<Utc>, DateTime<Utc>);

/// Each period's report, and with a proposal, the same tickets' report
/// under it, from one read of the log. Each period is judged as `report`
/// on that period alone judges it: as of its end, or now if that is
/// earlier, from what the log had recorded by then.
///
/// On two cores, as `export` does: this thread reads the log, each
/// ticket's events lent by the store, while a worker judges the tickets,
/// in batches through a bounded channel that it sends back emptied (on
/// one core, `batch::read_and_judge` does both in turn).
fn judge_periods(
    ctx: &Context,
    periods: &[Period],
    now: DateTime<Utc>,
    by: Option<&'static str>,
    proposal: Option<&Proposal>,
    gather: bool,
) -> Result<Judged> {
    let at = |until: DateTime<Utc>| until.min(now);
    let mut store = ctx.store(crate::store::OpenMode::Read)?;
    store.read(|tx| {
        let versions = Policies::texts(tx)?;
        // By customer: each ticket's customer as the log held it at the
        // period's end, found from the corrections made to it.
        let corrections = match by {
            Some("customer") => customer_corrections(tx, periods)?,
            _ => HashMap::new(),
        };
        // Each batch goes with the index of its period.
        read_and_judge(
            |feed| {
                for (period, (_, since, until)) in periods.iter().enumerate() {
                    let at = at(*until);
                    let filter = TicketFilter {
                        include_resolved: true,
                        since: Some(since.timestamp()),
                        until: Some(until.timestamp()),
                        // A closed period is judged on the log as it stood at
                        // its end; up to now, everything recorded counts.
                        recorded_by: (at != now).then(|| at.timestamp()),
                        ..TicketFilter::default()
                    };
                    tx.for_each_ticket_lent(&filter, &mut |row, events| {
                        // What the log held at `at`: a ticket recorded later is
                        // left out, and so (by `recorded_by`) is an event
                        // recorded later, whatever its time.
                        if row.reported_at > at.timestamp() || row.opened_at > at.timestamp() {
                            return Ok(());
                        }
                        feed.push(period, row, events)
                    })?;
                }
                Ok(())
            },
            move |intake| {
                let mut policies = Policies::parsed(versions)?;
                let mut gathered = gather.then(Gathered::default);
                let mut proposed_policies = proposal.map(Proposal::judge);
                let mut builders: Vec<_> = periods
                    .iter()
                    .map(|(_, _, until)| {
                        let at = at(*until);
                        let proposed = proposal.map(|_| ReportBuilder::new(by, at));
                        (ReportBuilder::new(by, at), proposed)
                    })
                    .collect();
                intake.each(|&period, row, events| {
                    let at = at(periods[period].2);
                    let (recorded, proposed) = &mut builders[period];
                    // The contract the ticket had at the period's end, not
                    // the one a later `policy apply` gave it.
                    let contract = contract_then(&row, events).map(str::to_owned);
                    let key = match by {
                        Some("contract") => contract.clone(),
                        Some(_) => {
                            let corrected = corrections.get(&row.id).map_or(&[][..], Vec::as_slice);
                            detail_then(row.customer.as_deref(), events, corrected)
                                .map(str::to_owned)
                        }
                        None => None,
                    };
                    let (kind, reported_at) = (row.kind, instant(row.reported_at));
                    if let (Some(judge), Some(b)) = (proposed_policies.as_mut(), proposed.as_mut())
                    {
                        let eval = judge.judge(&row, contract.as_deref(), events, at)?;
                        b.add(kind, key.as_deref(), reported_at, &eval);
                    }
                    let view = view_of(&mut policies, row, events, at)?;
                    recorded.add(kind, key.as_deref(), reported_at, &view.eval);
                    if let Some(g) = gathered.as_mut() {
                        g.add(view.ticket.policy_version, kind, &view.eval);
                    }
                    Ok(())
                })?;
                let reports = builders
                    .into_iter()
                    .zip(periods)
                    .map(|((recorded, proposed), (_, since, until))| {
                        (
                            recorded.finish(*since, *until),
                            proposed.map(|b| b.finish(*since, *until)),
                        )
                    })
                    .collect();
                Ok((reports, gathered))
            },
        )
    })
}

/// The corrections `edit` made to the customers of the tickets of every
/// period, by ticket.
fn customer_corrections(
    tx: &mut dyn Tx,
    periods: &[Period],
) -> Result<HashMap<TicketId, Vec<Correction>>> {
    let filter = TicketFilter {
        include_resolved: true,
        since: periods.iter().map(|(_, since, _)| since.timestamp()).min(),
        until: periods.iter().map(|(_, _, until)| until.timestamp()).max(),
        ..TicketFilter::default()
    };
    let mut by_ticket: HashMap<TicketId, Vec<Correction>> = HashMap::new();
    for c in tx.corrections(&filter, Field::Customer)? {
        by_ticket.entry(c.ticket).or_default().push(c);
    }
    Ok(by_ticket)
}

/// A proposed policy (`report --policy FILE`): every ticket is judged under
/// it as if it had been opened under it and never re-pinned, under its
/// contract where the proposal defines one of that name, else under the
/// proposal's own tables.
struct Proposal {
    /// The file as given, to name it in the output.
    name: String,
    policy: Policy,
}

impl Proposal {
    fn load(path: &Path) -> Result<Proposal> {
        let loaded = load_policy_file(path).map_err(|e| {
            anyhow!(crate::msg!(
                "report-proposal",
                error = crate::i18n::os::chain(&e)
            ))
        })?;
        Ok(Proposal {
            name: path.display().to_string(),
            policy: loaded.policy,
        })
    }

    /// A judge of tickets under the proposal, for one thread.
    fn judge(&self) -> ProposalJudge<'_> {
        ProposalJudge {
            proposal: self,
            contracts: HashMap::new(),
        }
    }
}

/// Judges tickets under a proposal, its contracts merged once each.
struct ProposalJudge<'a> {
    proposal: &'a Proposal,
    contracts: HashMap<String, Policy>,
}

impl ProposalJudge<'_> {
    /// Judges `row`, which had `contract` at `at`.
    fn judge(
        &mut self,
        row: &TicketRow,
        contract: Option<&str>,
        events: &[ClockEvent],
        at: DateTime<Utc>,
    ) -> Result<Evaluation> {
        let base = &self.proposal.policy;
        let policy = match contract {
            Some(name) if base.contracts.contains_key(name) => {
                if !self.contracts.contains_key(name) {
                    let merged = base.effective(Some(name)).map_err(|e| {
                        anyhow!(crate::msg!(
                            "report-proposal-contract",
                            path = self.proposal.name.as_str(),
                            contract = crate::output::quoted(name),
                            error = e.to_string()
                        ))
                    })?;
                    self.contracts.insert(name.to_string(), merged);
                }
                &self.contracts[name]
            }
            _ => base,
        };
        Ok(evaluate(policy, &ticket_of(row), &events_of(events), at))
    }
}

/// The `n` calendar months in `zone` that end with last month, oldest
/// first, each named `YYYY-MM`: the periods `report` with no flags would
/// take on the 1st of each following month.
fn months(n: u16, now: DateTime<Utc>, zone: Tz) -> Result<Vec<Period>> {
    let mut until = month_start(now, zone)?;
    let mut months = Vec::with_capacity(usize::from(n));
    for _ in 0..n {
        let since = month_start(until - Duration::seconds(1), zone)?;
        let name = since.with_timezone(&zone).format("%Y-%m").to_string();
        months.push((name, since, until));
        until = since;
    }
    months.reverse();
    Ok(months)
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
    let first = NaiveDate::from_ymd_opt(local.year(), local.month(), 1).ok_or_else(|| {
        anyhow!(crate::msg!(
            "report-no-month-start",
            date = local.to_string()
        ))
    })?;
    // Where midnight is skipped for daylight saving, the one rule moves it
    // to the first instant that exists.
    Ok(instant(
        zone.place(first.and_time(NaiveTime::MIN)).instant(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn a_month_whose_midnight_is_skipped_starts_at_the_change() {
        // Paraguay moved its clocks from 00:00 to 01:00 on Sunday 1 October
        // 2017: by the one rule, October began at 01:00 (-03), 04:00Z.
        let asuncion = Tz::named("America/Asuncion").unwrap();
        let (s, u) = period(None, None, at("2017-11-15T12:00:00Z"), asuncion).unwrap();
        assert_eq!(
            (s, u),
            (at("2017-10-01T04:00:00Z"), at("2017-11-01T03:00:00Z"))
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
}
