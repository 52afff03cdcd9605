//! The command line, as clap derive types. Nothing here opens files, reads
//! the clock or prints: `app` turns these raw arguments into actions.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "slaclock",
    version = crate::VERSION_LINE,
    about = "Keeps support promises: SLA clocks for incidents, provisioning requests and inquiries.",
    after_help = "Examples:\n  slaclock open --severity 1 --customer ACME --service VXC-1234 \"VXC down\"\n  slaclock update 1 --message \"Engineer on site\" --next-update \"in 2h\"\n  slaclock status\n  slaclock check --db /var/lib/slaclock/log.db",
    propagate_version = true
)]
pub struct Cli {
    /// The ticket log: a file, or a postgres:// URL [default: $SLACLOCK_DB,
    /// else a file in the user's data folder]
    #[arg(
        long,
        global = true,
        value_name = "PATH",
        env = "SLACLOCK_DB",
        hide_env = true
    )]
    pub db: Option<PathBuf>,

    /// The policy file [default: $SLACLOCK_POLICY, ./severity.toml, the user's
    /// config folder, else the embedded default]
    #[arg(
        long,
        global = true,
        value_name = "PATH",
        env = "SLACLOCK_POLICY",
        hide_env = true
    )]
    pub policy: Option<PathBuf>,

    /// Show times in UTC instead of the local zone
    #[arg(long, global = true)]
    pub utc: bool,

    /// When to colour tables
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    Incident,
    Provisioning,
    Inquiry,
    /// Not a ticket: refused with the policy's referral
    Billing,
    /// Not a ticket: refused with the policy's referral
    Sales,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReasonArg {
    /// The impact on the customer's business has grown
    Impact,
    /// The problem is not being resolved quickly enough
    Slow,
    /// The support effort is not meeting expectations
    Expectations,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

/// When something happened and who records it.
#[derive(Debug, Args)]
pub struct Stamp {
    /// When it happened: RFC 3339, "YYYY-MM-DD HH:MM" or "HH:MM" local, "now", "15m ago"
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// Who is recording this [default: $USER]
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open a ticket and print its deadlines
    #[command(
        after_help = "Examples:\n  slaclock open --severity 1 --customer ACME --service VXC-1234 \"VXC down\"\n  slaclock open --kind inquiry --customer ACME \"How do I read my usage report?\"\n  slaclock open --severity 2 --at \"20m ago\" \"Packet loss on port 3\"\n  slaclock open --severity 1 --ref ALERT-8812 \"VXC down\"   # safe to retry"
    )]
    Open {
        /// incident (default), provisioning or inquiry
        #[arg(long, value_enum)]
        kind: Option<KindArg>,
        /// 1 service loss, 2 partial degradation, 3 no service impact (incidents)
        #[arg(long, value_parser = clap::value_parser!(u8).range(1..=3))]
        severity: Option<u8>,
        #[arg(long)]
        customer: Option<String>,
        /// The affected service's id
        #[arg(long)]
        service: Option<String>,
        /// An external reference, unique in the log (the customer's case
        /// number, the alert id): opening again with the same ref and the
        /// same details shows the existing ticket and records nothing
        #[arg(long = "ref", value_name = "TEXT")]
        reference: Option<String>,
        /// When the customer reported it (--at), if not now; who records it (--by)
        #[command(flatten)]
        stamp: Stamp,
        /// What is wrong, in a line
        title: Option<String>,
    },
    /// Record an update sent to the customer (the first is the initial response)
    #[command(
        after_help = "Examples:\n  slaclock update 42 --message \"Fault isolated to the cross-connect\"\n  slaclock update 42 --next-update \"in 2h\"   # a written promise replaces the cadence once"
    )]
    Update {
        id: u64,
        #[arg(long, short)]
        message: Option<String>,
        /// The next update promised in writing (replaces the cadence for one interval)
        #[arg(long, value_name = "TIME")]
        next_update: Option<String>,
        #[command(flatten)]
        stamp: Stamp,
    },
    /// Mark the ticket as waiting on the customer (pauses clocks per the policy)
    #[command(after_help = "Example:\n  slaclock wait 42 --reason \"Asked for the router's logs\"")]
    Wait {
        id: u64,
        #[arg(long)]
        reason: Option<String>,
        #[command(flatten)]
        stamp: Stamp,
    },
    /// The customer answered: clocks run again
    #[command(after_help = "Example:\n  slaclock resume 42")]
    Resume {
        id: u64,
        #[arg(long)]
        note: Option<String>,
        #[command(flatten)]
        stamp: Stamp,
    },
    /// Climb one escalation level and show who to contact
    #[command(
        after_help = "Example:\n  slaclock escalate 42 --reason slow --note \"Third outage this week\""
    )]
    Escalate {
        id: u64,
        #[arg(long, value_enum)]
        reason: Option<ReasonArg>,
        #[arg(long)]
        note: Option<String>,
        #[command(flatten)]
        stamp: Stamp,
    },
    /// Raise or lower an incident's severity
    #[command(after_help = "Example:\n  slaclock severity 42 1 --reason \"Second site now down\"")]
    Severity {
        id: u64,
        #[arg(value_parser = clap::value_parser!(u8).range(1..=3))]
        severity: Option<u8>,
        #[arg(long)]
        reason: Option<String>,
        #[command(flatten)]
        stamp: Stamp,
    },
    /// Service restored: stop every clock
    #[command(after_help = "Example:\n  slaclock resolve 42 --note \"Replaced the optic\"")]
    Resolve {
        id: u64,
        #[arg(long)]
        note: Option<String>,
        #[command(flatten)]
        stamp: Stamp,
    },
    /// Reopen a resolved ticket (restore continues; a new update interval starts)
    #[command(after_help = "Example:\n  slaclock reopen 42 --reason \"Flapping again\"")]
    Reopen {
        id: u64,
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        stamp: Stamp,
    },
    /// Add an internal note (not an update to the customer)
    #[command(after_help = "Example:\n  slaclock note 42 \"Carrier ticket CX-981 opened\"")]
    Note {
        id: u64,
        text: String,
        #[command(flatten)]
        stamp: Stamp,
    },
    /// Show one ticket's clocks, or the board of open tickets
    #[command(
        after_help = "Examples:\n  slaclock status              # open tickets, most urgent first\n  slaclock status 42 --explain # how each deadline was reached\n  slaclock status --format json --as-of \"2026-11-24 09:00\""
    )]
    Status {
        id: Option<u64>,
        /// Include resolved tickets
        #[arg(long)]
        all: bool,
        #[arg(long, value_enum)]
        kind: Option<KindArg>,
        #[arg(long, value_parser = clap::value_parser!(u8).range(1..=3))]
        severity: Option<u8>,
        #[arg(long)]
        customer: Option<String>,
        /// The ticket with this external reference (resolved or not)
        #[arg(long = "ref", value_name = "TEXT")]
        reference: Option<String>,
        /// Show the board as it was at this time
        #[arg(long, value_name = "TIME")]
        as_of: Option<String>,
        /// Show how each deadline was reached
        #[arg(long)]
        explain: bool,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Show, check or apply the policy
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// For cron: report breached and at-risk tickets with a monitoring exit code
    #[command(
        after_help = "Exit codes: 0 OK, 1 WARNING (at risk or escalation due), 2 CRITICAL (breached), 3 UNKNOWN.\nExample crontab line:\n  */5 * * * * slaclock check --db /var/lib/slaclock/log.db || notify-on-call"
    )]
    Check {
        /// A running clock is at risk once it has used this percent of its target
        #[arg(long, default_value_t = 75, value_parser = clap::value_parser!(u8).range(1..=100))]
        warn_at: u8,
        #[arg(long, value_name = "TIME")]
        as_of: Option<String>,
        /// Print only the first line
        #[arg(long, short)]
        quiet: bool,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Give up after this long (the whole run, from 1s to 24h) and answer UNKNOWN
        #[arg(long, value_name = "DURATION", default_value = "20s", value_parser = check_timeout)]
        timeout: Duration,
    },
    /// Export tickets with their SLA figures, or the raw event log
    #[command(
        after_help = "Examples:\n  slaclock export -o november.csv --since 2026-11-01 --until 2026-12-01\n  slaclock export --events --format json | jq ."
    )]
    Export {
        /// The raw event log instead of one row per ticket
        #[arg(long)]
        events: bool,
        /// Tickets opened at or after this time
        #[arg(long, value_name = "TIME")]
        since: Option<String>,
        /// Tickets opened before this time
        #[arg(long, value_name = "TIME")]
        until: Option<String>,
        /// csv, or json (one object per line)
        #[arg(long, value_enum, default_value_t = Format::Csv)]
        format: Format,
        /// Write to this file (atomically) instead of standard output
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Write the commented default severity.toml to the config folder or PATH
    #[command(
        after_help = "Examples:\n  slaclock init                      # ~/.config/slaclock/severity.toml\n  slaclock init ./severity.toml --force"
    )]
    Init {
        path: Option<PathBuf>,
        /// Overwrite an existing file
        #[arg(long)]
        force: bool,
    },
    /// Print shell completions
    #[command(
        after_help = "Examples:\n  slaclock completions bash > ~/.local/share/bash-completion/completions/slaclock\n  slaclock completions zsh > ~/.zfunc/_slaclock"
    )]
    Completions {
        #[arg(value_enum)]
        shell: Shell,
    },
    /// Copy a whole ticket log between an SQLite file and PostgreSQL (either way)
    #[command(
        after_help = "Examples:\n  slaclock migrate --from ~/.local/share/slaclock/tickets.db --to postgres://slaclock@db.example/support\n  slaclock migrate --from postgres://slaclock@db.example/support --to backup.db"
    )]
    Migrate {
        /// The log to copy: a file, or a postgres:// URL
        #[arg(long, value_name = "FILE_OR_URL")]
        from: std::ffi::OsString,
        /// An empty or new log to copy into
        #[arg(long, value_name = "FILE_OR_URL")]
        to: std::ffi::OsString,
    },
    /// Print the man page (roff)
    #[command(after_help = "Example:\n  slaclock man > ~/.local/share/man/man1/slaclock.1")]
    Man,
    /// Compliance summary for a period (default: last calendar month)
    #[command(
        after_help = "Examples:\n  slaclock report\n  slaclock report --since 2026-10-01 --until 2026-11-01 --by customer --format csv"
    )]
    Report {
        #[arg(long, value_name = "TIME")]
        since: Option<String>,
        #[arg(long, value_name = "TIME")]
        until: Option<String>,
        /// Also break the figures down by customer
        #[arg(long, value_enum)]
        by: Option<ReportBy>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

/// The range `check --timeout` accepts: less than a second cannot judge a
/// log, and a cron job that may run for more than a day is a mistake.
const CHECK_TIMEOUT_RANGE: std::ops::RangeInclusive<Duration> =
    Duration::from_secs(1)..=Duration::from_secs(24 * 60 * 60);

/// `check --timeout`: a duration such as `20s`, `90s` or `2m`, in range.
fn check_timeout(text: &str) -> Result<Duration, String> {
    let duration = humantime::parse_duration(text)
        .map_err(|e| format!("not a duration such as 20s, 90s or 2m ({e})"))?;
    if !CHECK_TIMEOUT_RANGE.contains(&duration) {
        return Err("out of range: give from 1s to 24h, such as 20s or 2m".into());
    }
    Ok(duration)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportBy {
    Customer,
}

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Print the effective targets, escalation path and business hours
    Show,
    /// Validate a policy file and list every problem in it
    #[command(after_help = "Example:\n  slaclock policy check ./severity.toml")]
    Check { path: Option<PathBuf> },
    /// Re-pin every open ticket to the current policy
    Apply,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_timeout_takes_durations_in_range() {
        assert_eq!(check_timeout("20s"), Ok(Duration::from_secs(20)));
        assert_eq!(check_timeout("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(check_timeout("1s"), Ok(Duration::from_secs(1)));
        assert_eq!(check_timeout("24h"), Ok(Duration::from_secs(86_400)));
        for bad in ["0s", "999ms", "25h", "9999999999h"] {
            let err = check_timeout(bad).expect_err(bad);
            assert!(
                err.starts_with("out of range: give from 1s to 24h"),
                "{bad}: {err}"
            );
        }
        for bad in ["", "20", "soon", "-5s", "99999999999999999999999h"] {
            let err = check_timeout(bad).expect_err(bad);
            assert!(
                err.starts_with("not a duration such as 20s"),
                "{bad}: {err}"
            );
        }
    }
}
