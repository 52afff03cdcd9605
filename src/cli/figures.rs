//! The arguments of the commands that judge the whole log for someone
//! who is not at the desk: `check` (the monitor), `metrics`, `notify` (cron),
//! `export` (scripts) and `report` (the team lead), with their formats and
//! the durations they take (`--timeout`, `--max-wait`, `--renotify`).

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, ValueEnum};

use super::{narrow, one_line};
use crate::app::time::TimeArg;
use crate::i18n::Lang;
use crate::msg;

/// What `check` prints: the monitoring-plugin text, or one JSON object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    // `table` named this before `check` had a format enum of its own.
    #[value(alias = "table")]
    Text,
    Json,
}

/// What `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Json,
}

/// What `report` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Table,
    Json,
    Csv,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// A running clock is at risk once it has used this percent of its target
    #[arg(long, default_value_t = crate::sla::AT_RISK_PERCENT, value_parser = narrow(clap::value_parser!(u8).range(1..=100)))]
    pub warn_at: u8,
    /// Warn about a ticket waiting on the customer longer than this
    /// [default: the policy's [waiting] remind_after, 24h as shipped]
    #[arg(long, value_name = "DURATION", value_parser = max_wait)]
    pub max_wait: Option<Duration>,
    /// Also list the past breaches of open tickets (they never change the status)
    #[arg(long)]
    pub history: bool,
    /// Check the log as it was at this time (the events recorded by then)
    #[arg(long, value_name = "TIME", value_parser = one_line(TimeArg::parse))]
    pub as_of: Option<TimeArg>,
    /// Print only the first line
    #[arg(long, short)]
    pub quiet: bool,
    /// text: the monitoring-plugin lines; json: one object for tools
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// Give up after this long (the whole run, from 1s to 24h) and answer UNKNOWN
    #[arg(long, value_name = "DURATION", default_value = "20s", value_parser = check_timeout)]
    pub timeout: Duration,
}

#[derive(Debug, Args)]
pub struct MetricsArgs {
    /// Write to this file (atomically, mode 0644) instead of standard output
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// A running clock is at risk once it has used this percent of its target
    #[arg(long, default_value_t = 75, value_parser = narrow(clap::value_parser!(u8).range(1..=100)))]
    pub warn_at: u8,
    /// A ticket waiting on the customer longer than this is counted
    /// [default: the policy's [waiting] remind_after]
    #[arg(long, value_name = "DURATION", value_parser = max_wait)]
    pub max_wait: Option<Duration>,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("receiver").required(true).args(["exec", "webhook"])))]
pub struct NotifyArgs {
    /// Run this shell command (sh -c) for each event, with the event as JSON
    /// on its standard input and its one-line summary in $SLACLOCK_SUMMARY
    #[arg(long, value_name = "CMD")]
    pub exec: Option<String>,
    /// POST each event as JSON to this URL: {"text": ...} for Slack, Teams and
    /// Mattermost, plus the event's fields
    #[arg(long, value_name = "URL")]
    pub webhook: Option<String>,
    /// Send an event that is still active again this long after it was last sent
    #[arg(long, value_name = "DURATION", value_parser = max_wait)]
    pub renotify: Option<Duration>,
    /// Give up on one command or request after this long (1s to 5m); that
    /// event and the ones after it are sent by the next run
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = send_timeout)]
    pub timeout: Duration,
    /// A running clock is at risk once it has used this percent of its target
    #[arg(long, default_value_t = 75, value_parser = narrow(clap::value_parser!(u8).range(1..=100)))]
    pub warn_at: u8,
    /// A ticket waiting on the customer longer than this is an event
    /// [default: the policy's [waiting] remind_after]
    #[arg(long, value_name = "DURATION", value_parser = max_wait)]
    pub max_wait: Option<Duration>,
    /// Print what was sent
    #[arg(long, short)]
    pub verbose: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The raw event log instead of one row per ticket
    #[arg(long)]
    pub events: bool,
    /// Tickets opened at or after this time (a date alone: its first instant)
    #[arg(long, value_name = "TIME", value_parser = one_line(TimeArg::parse_bound))]
    pub since: Option<TimeArg>,
    /// Tickets opened before this time (a date alone: its first instant)
    #[arg(long, value_name = "TIME", value_parser = one_line(TimeArg::parse_bound))]
    pub until: Option<TimeArg>,
    /// Judge every row as of this time, from what the log had recorded by
    /// then (tickets reported and recorded by it, their events recorded by
    /// it), as `report` judges a closed month; with --events, the events
    /// recorded by then [default: now]
    #[arg(long, value_name = "TIME", value_parser = one_line(TimeArg::parse))]
    pub as_of: Option<TimeArg>,
    /// csv, or json (one object per line)
    #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
    pub format: ExportFormat,
    /// Write to this file (atomically) instead of standard output
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Tickets opened at or after this time (a date alone: its first
    /// instant) [default: the start of last month, or of the month the
    /// period's end falls in]
    #[arg(long, value_name = "TIME", value_parser = one_line(TimeArg::parse_bound))]
    pub since: Option<TimeArg>,
    /// Tickets opened before this time (a date alone: its first instant)
    /// [default: the start of this month; now, if --since is given]
    #[arg(long, value_name = "TIME", value_parser = one_line(TimeArg::parse_bound))]
    pub until: Option<TimeArg>,
    /// Also break the figures down by customer, or by contract
    #[arg(long, value_enum)]
    pub by: Option<ReportBy>,
    /// The trend: one row per month and incident severity, for the N
    /// calendar months (1 to 120) that end with last month, each month
    /// judged as its own report would judge it [default: 12]
    #[arg(
        long,
        value_name = "N",
        num_args = 0..=1,
        default_missing_value = "12",
        conflicts_with_all = ["since", "until", "by"],
        value_parser = narrow(clap::value_parser!(u16).range(1..=120))
    )]
    pub months: Option<u16>,
    /// What if: judge the same tickets, with the same events, under this
    /// proposed policy file too, and print both side by side with the
    /// difference (nothing is written; without it, each ticket is judged
    /// under the policy recorded with it, whatever the policy file)
    // The same id as the global --policy, which is then not given to
    // `report`: here it names the proposal.
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
    /// A table, JSON or CSV
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    /// Also draw the trend of --months N (12 unless given) into FILE.svg or
    /// FILE.png: a panel per figure, a line per severity, the target line;
    /// the report still prints
    #[arg(long, value_name = "FILE", conflicts_with = "policy")]
    pub chart: Option<PathBuf>,
    /// With --chart: draw the counted restore times of the report's
    /// period instead, per severity against its target
    #[arg(long, requires = "chart")]
    pub restore_times: bool,
}

/// A duration flag's text as it is read: full-width digits and units as
/// ASCII and units in any case, as every time is read, once its units are
/// seconds, minutes, hours, days or weeks (as a relative time's,
/// `app::time`). `M` is months to the duration parser and one key from
/// `m`, and months and years have no fixed length: `--renotify 1M` must
/// not wait a month. Each other unit is refused by name.
fn fixed_units(text: &str) -> Result<String, String> {
    let text = super::halfwidth(text);
    if let Some(unit) = crate::app::time::unread_unit(&text) {
        return Err(msg!("refuse-duration-unit", unit = format!("{unit:?}")).to_string());
    }
    Ok(text.to_ascii_lowercase())
}

/// The range `check --timeout` accepts: less than a second cannot judge a
/// log, and a cron job that may run for more than a day is a mistake.
const CHECK_TIMEOUT_RANGE: std::ops::RangeInclusive<Duration> =
    Duration::from_secs(1)..=Duration::from_secs(24 * 60 * 60);

/// `check --timeout`: a duration such as `20s`, `90s` or `2m`, in range.
pub(super) fn check_timeout(text: &str) -> Result<Duration, String> {
    let text = &fixed_units(text)?;
    let duration = humantime::parse_duration(text).map_err(|e| match e {
        humantime::DurationError::NumberOverflow => msg!("refuse-check-timeout-range").to_string(),
        e => msg!("refuse-check-timeout", error = e.to_string()).to_string(),
    })?;
    if !CHECK_TIMEOUT_RANGE.contains(&duration) {
        return Err(msg!("refuse-check-timeout-range").to_string());
    }
    Ok(duration)
}

/// `notify --timeout`: from a second to five minutes (cron runs it every minute).
fn send_timeout(text: &str) -> Result<Duration, String> {
    let text = &fixed_units(text)?;
    let duration = humantime::parse_duration(text).map_err(|e| match e {
        humantime::DurationError::NumberOverflow => msg!("refuse-send-timeout-range").to_string(),
        e => msg!("refuse-send-timeout", error = e.to_string()).to_string(),
    })?;
    if !(Duration::from_secs(1)..=Duration::from_secs(300)).contains(&duration) {
        return Err(msg!("refuse-send-timeout-range").to_string());
    }
    Ok(duration)
}

/// `--max-wait`: a duration such as `8h` or `2d`, from a second to 366 days
/// (the range of the policy's `remind_after`).
fn max_wait(text: &str) -> Result<Duration, String> {
    let text = &fixed_units(text)?;
    // The policy's rule, and its English words for a policy file; other
    // languages say the same in one line of their own.
    let secs = crate::sla::parse_duration(text).map_err(|e| match crate::i18n::errors() {
        Lang::En => e.to_string(),
        _ => msg!("refuse-max-wait", text = crate::i18n::quoted(text)).to_string(),
    })?;
    Ok(Duration::from_secs(secs.unsigned_abs()))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportBy {
    /// A row per customer, and one for the tickets without a customer
    /// (`(no customer)` in the table, an empty key in CSV, null in JSON)
    Customer,
    /// A row per contract, and one for the tickets under the base policy
    /// (`(no contract)` in the table, an empty key in CSV, null in JSON)
    Contract,
}
