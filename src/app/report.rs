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
//!
//! This module chooses the period and reads the log; the figures are
//! gathered by `sla::ReportBuilder`, fed one ticket at a time, and handed
//! to `output` to lay out.

use anyhow::{Result, anyhow};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};

use crate::cli::{ReportArgs, ReportBy, ReportFormat};
use crate::output;
use crate::sla::{ReportBuilder, Tz, instant};
use crate::store::TicketFilter;

use super::context::Context;
use super::convert::{Policies, view_of};
use super::exit::UsageError;

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
    let mut builder = ReportBuilder::new(args.by.map(|by| match by {
        ReportBy::Customer => "customer",
        ReportBy::Contract => "contract",
    }));
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
            let key = match args.by {
                Some(ReportBy::Contract) => view.ticket.contract.as_deref(),
                _ => view.ticket.customer.as_deref(),
            };
            builder.add(view.ticket.kind, key, &view.eval);
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
