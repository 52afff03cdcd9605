//! The command line, as clap derive types: one `Args` struct per command,
//! and value parsers that give each argument its type (a ticket id, a
//! severity, a time's form, a format the command writes) as clap reads it,
//! so a malformed argument is a usage error (exit 2) before anything runs.
//! Nothing here opens files, reads the clock or prints; `app` uses these
//! types as they are.
//!
//! The event commands' arguments are in `events.rs`, the board's and one
//! ticket's in `board.rs`, those of the commands that judge the whole log
//! for monitors, scripts and reports in `figures.rs`; the parsers' tests in
//! `tests.rs`. The rest stays
//! here as the command line's one reference: the commands, their order and
//! their help, and the value parsers every argument shares.

use std::ffi::OsStr;
use std::path::PathBuf;

use clap::builder::TypedValueParser;
use clap::error::ErrorKind;
use clap::{Arg, Args, Parser, Subcommand, ValueEnum};

use crate::app::time::TimeArg;
use crate::i18n::Lang;
use crate::model::{EscalationReason, TicketId};
use crate::msg;
use crate::sla::{Kind, Severity};

mod board;
mod events;
mod figures;

pub use board::*;
pub use events::*;
pub use figures::*;

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
    // Not clap's `env`: a value clap takes from the environment counts as
    // given, and its usage lines then show `--db <PATH>` as if required.
    // `app::context` reads SLACLOCK_DB.
    #[arg(long, global = true, value_name = "PATH", help_heading = GLOBAL)]
    pub db: Option<PathBuf>,

    /// The policy file [default: $SLACLOCK_POLICY, ./severity.toml, the user's
    /// config folder, else the embedded default]; on `report`, a proposed
    /// policy to compare with (see report --help)
    #[arg(long, global = true, value_name = "PATH", help_heading = GLOBAL)]
    pub policy: Option<PathBuf>,

    /// Show and read times in UTC instead of the local zone ($TZ, else the
    /// system's)
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub utc: bool,

    /// When to colour tables: auto colours them on a terminal unless
    /// NO_COLOR is set or CLICOLOR is 0 (CLICOLOR_FORCE colours them piped)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, help_heading = GLOBAL)]
    pub color: ColorChoice,

    /// The language of what people read: en or ja [default:
    /// $SLACLOCK_LANG, else the locale ($LC_ALL, $LC_MESSAGES, $LANG), else
    /// en]; JSON, CSV and exit codes never change with it
    #[arg(long, global = true, value_name = "LANG", value_parser = one_line(Lang::parse), help_heading = GLOBAL)]
    pub lang: Option<Lang>,

    #[command(subcommand)]
    pub command: Command,
}

/// Where `--help` lists the options every command takes, apart from the
/// command's own.
const GLOBAL: &str = "Global options";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// `status --kind`: a kind of ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    Incident,
    Provisioning,
    Inquiry,
}

impl KindArg {
    pub fn kind(self) -> Kind {
        match self {
            KindArg::Incident => Kind::Incident,
            KindArg::Provisioning => Kind::Provisioning,
            KindArg::Inquiry => Kind::Inquiry,
        }
    }
}

/// `open --kind`: a kind of ticket, or a request that is not one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RequestArg {
    Incident,
    Provisioning,
    Inquiry,
    /// Not a ticket: refused with the policy's referral
    Billing,
    /// Not a ticket: refused with the policy's referral
    Sales,
}

/// Why a ticket is escalated: `as_str` is what the ticket log records, the
/// doc comments are what `--help` and the prompt show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReasonArg {
    /// The impact on the customer's business has grown
    Impact,
    /// The problem is not being resolved quickly enough
    Slow,
    /// The support effort is not meeting expectations
    Expectations,
}

impl ReasonArg {
    pub const ALL: [ReasonArg; 3] = [ReasonArg::Impact, ReasonArg::Slow, ReasonArg::Expectations];

    /// The reason, as the model names it.
    pub fn reason(self) -> EscalationReason {
        match self {
            ReasonArg::Impact => EscalationReason::Impact,
            ReasonArg::Slow => EscalationReason::Slow,
            ReasonArg::Expectations => EscalationReason::Expectations,
        }
    }

    /// The reason's code in the ticket log.
    pub fn as_str(self) -> &'static str {
        self.reason().as_str()
    }
}

/// What `status` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFormat {
    Table,
    Json,
}

/// What a write command prints once its change is recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EchoFormat {
    /// A line naming the ticket and what changed, then its clocks
    #[value(alias = "table")]
    Text,
    /// The ticket's status object, as `status ID --format json` prints it
    Json,
}

/// When something happened and who records it.
#[derive(Debug, Args)]
pub struct Stamp {
    /// When it happened: RFC 3339, "YYYY-MM-DD HH:MM", "HH:MM" (the most
    /// recent), "yesterday 17:00", "mon 09:00" local, "now", "15m ago"
    #[arg(long, value_name = "TIME", value_parser = one_line(TimeArg::parse))]
    pub at: Option<TimeArg>,
    /// Who is recording this [default: $USER]
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
}

/// How a write command says what it did: every command that records on a
/// ticket flattens this in, and prints through `app::echo`.
#[derive(Debug, Clone, Copy, Args)]
#[command(next_help_heading = "Output")]
pub struct Echo {
    /// What to print once the change is recorded
    #[arg(long, value_enum, default_value_t = EchoFormat::Text)]
    pub format: EchoFormat,
    /// Print only the id of the ticket changed, one a line (for scripts:
    /// id=$(slaclock open -q ...))
    #[arg(long, short, conflicts_with = "format")]
    pub quiet: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open a ticket and print its deadlines
    #[command(
        after_help = "Examples:\n  slaclock open --severity 1 --customer ACME --service VXC-1234 \"VXC down\"\n  slaclock open --kind inquiry --customer ACME \"How do I read my usage report?\"\n  slaclock open --severity 2 --at \"20m ago\" \"Packet loss on port 3\"\n  slaclock open --severity 1 --ref ALERT-8812 \"VXC down\"   # safe to retry"
    )]
    Open(OpenArgs),
    /// Record an update sent to the customer (the first is the initial response)
    #[command(
        after_help = "Examples:\n  slaclock update 42 --message \"Fault isolated to the cross-connect\"\n  # a written promise of the next update replaces the cadence once:\n  slaclock update 42 --next-update \"in 2h\""
    )]
    Update(On<UpdateArgs>),
    /// Mark the ticket as waiting on the customer (pauses clocks per the policy)
    #[command(after_help = "Example:\n  slaclock wait 42 --reason \"Asked for the router's logs\"")]
    Wait(On<WaitArgs>),
    /// The customer answered: clocks run again
    #[command(after_help = "Example:\n  slaclock resume 42")]
    Resume(On<ResumeArgs>),
    /// Climb one escalation level and show who to contact
    #[command(
        after_help = "Example:\n  slaclock escalate 42 --reason slow --note \"Third outage this week\""
    )]
    Escalate(On<EscalateArgs>),
    /// Raise or lower an incident's severity
    #[command(after_help = "Example:\n  slaclock severity 42 1 --reason \"Second site now down\"")]
    Severity(On<SeverityArgs>),
    /// Service restored: stop every clock
    #[command(after_help = "Example:\n  slaclock resolve 42 --note \"Replaced the optic\"")]
    Resolve(On<ResolveArgs>),
    /// Reopen a resolved ticket (restore continues; a new update interval starts)
    #[command(after_help = "Example:\n  slaclock reopen 42 --reason \"Flapping again\"")]
    Reopen(On<ReopenArgs>),
    /// Add an internal note (not an update to the customer)
    #[command(after_help = "Example:\n  slaclock note 42 \"Carrier ticket CX-981 opened\"")]
    Note(On<NoteArgs>),
    /// Give a ticket an owner (the first assignment stops the time-to-own clock)
    #[command(after_help = "Example:\n  slaclock assign 42 bob")]
    Assign(On<AssignArgs>),
    /// Take a ticket on yourself (--by, else $USER)
    #[command(after_help = "Examples:\n  slaclock take 42\n  slaclock take 42 --by carol")]
    Take(On<TakeArgs>),
    /// Leave a ticket with no owner
    #[command(after_help = "Example:\n  slaclock unassign 42")]
    Unassign(On<UnassignArgs>),
    /// Correct a ticket's title, customer, service or ref (recorded with the old values)
    #[command(
        after_help = "Examples:\n  slaclock edit 42 --title \"VXC down in Sydney\"\n  slaclock edit 42 --customer \"ACME Corp\" --ref CASE-7781"
    )]
    Edit(EditArgs),
    /// Mark an event recorded by mistake as void: the clocks are judged without it
    #[command(
        after_help = "The event is named by its number in the ticket's timeline (slaclock status ID).\nExample:\n  slaclock void 42 3 --reason \"Update was for ticket 43\""
    )]
    Void(VoidArgs),
    /// Show one ticket's clocks, or the board of open tickets
    #[command(
        after_help = format!(
            "Examples:\n  slaclock status              # open tickets, most urgent first\n  slaclock status --wide       # every column, whatever the width\n  slaclock status 42 --explain # how each deadline was reached\n  slaclock status --format json --as-of \"2026-11-24 09:00\"\n\n{}",
            crate::output::BOARD_LEGEND
        )
    )]
    Status(StatusArgs),
    /// The board of open tickets, full screen and live, for a wall screen
    #[command(
        after_help = format!("Keys: ↑↓ or j k move, PgUp PgDn Home End (g G) page, Enter shows the ticket\nin full (Esc back), / filters as `status --search` does (Esc clears), u\nrecords an update (type the message), w wait and r resume (type a reason or\nnote, or nothing), e escalate (choose the reason), t takes the ticket, m\nshows only yours (as status --mine), q or Esc quits. Each action records as\nits command does, with the same checks; the result or the refusal shows on\nthe status line.\n\nThe board redraws every second and shows changes made elsewhere within\nabout a second. Colours as the board's; none with NO_COLOR. Standard output\nmust be a terminal (else it exits 1). q, Esc, Ctrl-C, SIGTERM, SIGINT and\nSIGHUP end it with 0 and give the terminal back as it was.\n\nExample:\n  slaclock watch --db /var/lib/slaclock/tickets.db\n\n{}",
            crate::output::BOARD_LEGEND
        )
    )]
    Watch,
    /// The board of open tickets (`status` without an id)
    #[command(
        visible_alias = "ls",
        after_help = format!(
            "Examples:\n  slaclock ls\n  slaclock ls --customer acme --severity 1\n  slaclock list --search sydney --all\n\n{}",
            crate::output::BOARD_LEGEND
        )
    )]
    List(ListArgs),
    /// One ticket's clocks and timeline (`status ID`)
    #[command(
        after_help = "Examples:\n  slaclock show 42\n  slaclock show '#42' --explain   # quoted: in a shell, # starts a comment"
    )]
    Show(ShowArgs),
    /// Show, check or apply the policy
    #[command(
        subcommand,
        after_help = "Examples:\n  slaclock policy show\n  slaclock policy check ./severity.toml\n  slaclock policy apply   # after editing the policy file"
    )]
    Policy(PolicyCommand),
    /// Import a business calendar's holidays from an iCalendar (.ics) file
    #[command(
        subcommand,
        after_help = "Example:\n  slaclock holidays import japan-2026-2027.ics --calendar business"
    )]
    Holidays(HolidaysCommand),
    /// For cron: report breached and at-risk tickets with a monitoring exit code
    #[command(
        after_help = "Exit codes: 0 OK, 1 WARNING (at risk, escalation due, a long wait, a calendar without next year's holidays), 2 CRITICAL (a clock running past its deadline), 3 UNKNOWN.\nExample crontab line:\n  */5 * * * * slaclock check --db /var/lib/slaclock/log.db || notify-on-call"
    )]
    Check(CheckArgs),
    /// Write the open tickets' state as Prometheus gauges (OpenMetrics text)
    #[command(
        after_help = "Examples:\n  slaclock metrics\n  slaclock metrics -o /var/lib/node_exporter/textfile_collector/slaclock.prom\nCrontab lines for node_exporter's textfile collector:\n  SLACLOCK_DB=/var/lib/slaclock/tickets.db\n  PROM=/var/lib/node_exporter/textfile_collector\n  * * * * * slaclock metrics -o $PROM/slaclock.prom"
    )]
    Metrics(MetricsArgs),
    /// Send each new breach, risk, due escalation or long wait once, to a command or a webhook
    #[command(
        after_help = "Examples:\n  slaclock notify --exec 'mail -s \"$SLACLOCK_SUMMARY\" oncall@example.com'\n  slaclock notify --renotify 1h \\\n      --webhook https://hooks.slack.com/services/T000/B000/XXXX\nCrontab lines (flock keeps a slow run from overlapping the next):\n  SLACLOCK_DB=/var/lib/slaclock/tickets.db\n  * * * * * flock -n /tmp/slaclock-notify.lock slaclock notify --webhook URL\nExit codes: 0 every event due was sent, 1 a send failed (it is tried again on the next run) or the log could not be read, 2 usage."
    )]
    Notify(NotifyArgs),
    /// Export tickets with their SLA figures, or the raw event log
    #[command(
        after_help = "Examples:\n  slaclock export -o november.csv --since 2026-11-01 --until 2026-12-01\n  # November as report judges it:\n  slaclock export --since 2026-11-01 --until 2026-12-01 \\\n      --as-of \"2026-12-01 00:00\"\n  slaclock export --events --format json | jq ."
    )]
    Export(ExportArgs),
    /// Write the commented default severity.toml to the config folder or PATH
    #[command(
        after_help = "Examples:\n  slaclock init                      # ~/.config/slaclock/severity.toml\n  slaclock init ./severity.toml --force"
    )]
    Init(InitArgs),
    /// Print shell completions
    #[command(
        after_help = "Examples:\n  slaclock completions bash \\\n      > ~/.local/share/bash-completion/completions/slaclock\n  slaclock completions zsh > ~/.zfunc/_slaclock"
    )]
    Completions(CompletionsArgs),
    /// Copy a whole ticket log between an SQLite file and PostgreSQL (either way)
    #[command(
        after_help = "Examples:\n  slaclock migrate --from ~/.local/share/slaclock/tickets.db \\\n      --to postgres://slaclock@db.example/support\n  slaclock migrate --from postgres://slaclock@db.example/support --to backup.db"
    )]
    Migrate(MigrateArgs),
    /// Print the man page (roff)
    #[command(after_help = "Example:\n  slaclock man > ~/.local/share/man/man1/slaclock.1")]
    Man,
    /// Compliance summary for a period (default: last calendar month)
    #[command(
        after_help = "Examples:\n  slaclock report\n  slaclock report --since 2026-10-01 --until 2026-11-01 \\\n      --by customer --format csv\n  # the trend, a row per month and severity:\n  slaclock report --months 12 --format csv\n  # what if the policy were proposed.toml:\n  slaclock report --policy proposed.toml\n  slaclock report --months 6 --chart trend.svg  # and draw the trend\n  slaclock report --chart restore.png --restore-times"
    )]
    Report(ReportArgs),
}

// The structs below have no doc comments of their own: clap would take one
// as the command's description in place of the variant's above.

#[derive(Debug, Args)]
pub struct OpenArgs {
    /// incident (default), provisioning or inquiry
    #[arg(long, value_enum)]
    pub kind: Option<RequestArg>,
    /// 1 service loss, 2 partial degradation, 3 no service impact (incidents
    /// only; an inquiry is 3, provisioning has none)
    #[arg(long, value_parser = one_line(severity))]
    pub severity: Option<Severity>,
    /// Who reported it: the customer's name, shown on the board and
    /// matched by `status --customer`
    #[arg(long, value_name = "NAME")]
    pub customer: Option<String>,
    /// The affected service's id
    #[arg(long)]
    pub service: Option<String>,
    /// An external reference, unique in the log (the customer's case
    /// number, the alert id): opening again with the same ref and the
    /// same details shows the existing ticket and records nothing
    #[arg(long = "ref", value_name = "TEXT")]
    pub reference: Option<String>,
    /// The contract whose targets apply, one the policy's [contracts]
    /// defines [default: the customer's contract in [customers], else none]
    #[arg(long, value_name = "NAME")]
    pub contract: Option<String>,
    /// When the customer reported it (--at), if not now; who records it (--by)
    #[command(flatten)]
    pub stamp: Stamp,
    #[command(flatten)]
    pub echo: Echo,
    /// What is wrong, in a line (quotes optional: the words are joined)
    #[arg(value_name = "TITLE", num_args = 1..)]
    pub title: Vec<String>,
}

impl OpenArgs {
    /// The title as typed, its words joined by single spaces; `None` if
    /// none was given.
    pub fn title(&self) -> Option<String> {
        (!self.title.is_empty()).then(|| self.title.join(" "))
    }
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write it [default: severity.toml in the user's config
    /// folder, where slaclock looks for it]
    pub path: Option<PathBuf>,
    /// Overwrite an existing file
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// The log to copy: a file, or a postgres:// URL
    #[arg(long, value_name = "FILE_OR_URL")]
    pub from: std::ffi::OsString,
    /// An empty or new log to copy into
    #[arg(long, value_name = "FILE_OR_URL")]
    pub to: std::ffi::OsString,
}

/// Completes a ticket's number from the ticket log (`app::complete`), for
/// bash, zsh and fish through clap_complete's dynamic completion.
fn ticket_candidates() -> clap_complete::engine::ArgValueCandidates {
    clap_complete::engine::ArgValueCandidates::new(crate::app::complete::ticket_ids)
}

/// A ticket's number as typed: `12`, or `#12` as slaclock prints it. The
/// one place an id's spelling is read.
fn ticket_id(text: &str) -> Result<TicketId, String> {
    let digits = text.strip_prefix('#').unwrap_or(text);
    let too_large = || msg!("refuse-id-too-large", text = text).to_string();
    let n: u64 = digits.parse().map_err(|e: std::num::ParseIntError| {
        if *e.kind() == std::num::IntErrorKind::PosOverflow {
            too_large()
        } else {
            msg!("refuse-not-an-id", text = crate::i18n::quoted(text)).to_string()
        }
    })?;
    i64::try_from(n).map(TicketId).map_err(|_| too_large())
}

/// An event's number in a ticket's timeline as typed: `3`, from 1.
fn event_number(text: &str) -> Result<usize, String> {
    let digits = text.strip_prefix('#').unwrap_or(text);
    match digits.parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(msg!("refuse-not-an-event", text = crate::i18n::quoted(text)).to_string()),
    }
}

/// A severity as typed: 1, 2 or 3.
fn severity(text: &str) -> Result<Severity, String> {
    text.parse()
        .ok()
        .and_then(Severity::new)
        .ok_or_else(|| msg!("refuse-not-a-severity", text = crate::i18n::quoted(text)).to_string())
}

/// `text` with the full-width forms a Japanese input method types (`＃４２`,
/// `２`, `１０：００`, the ideographic space) as the ASCII they stand for,
/// so an id, a severity or a time reads the same however it was typed.
pub(crate) fn halfwidth(text: &str) -> std::borrow::Cow<'_, str> {
    let wide = |c: char| matches!(c, '\u{FF01}'..='\u{FF5E}' | '\u{3000}');
    if !text.chars().any(wide) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect()
}

/// A value parser from `parse` whose refusal is one line naming the
/// argument, such as `--at: "half past ten" is not a time; use ...`, and,
/// like every usage error, exit code 2. The value is read through
/// [`halfwidth`].
fn one_line<T>(parse: fn(&str) -> Result<T, String>) -> OneLine<T> {
    OneLine(parse)
}

#[derive(Clone)]
struct OneLine<T>(fn(&str) -> Result<T, String>);

impl<T: Clone + Send + Sync + 'static> TypedValueParser for OneLine<T> {
    type Value = T;

    fn parse_ref(
        &self,
        _cmd: &clap::Command,
        arg: Option<&Arg>,
        value: &OsStr,
    ) -> Result<T, clap::Error> {
        let name = match arg {
            Some(a) => match a.get_long() {
                Some(long) => format!("--{long}"),
                None => a.get_id().as_str().to_uppercase(),
            },
            None => "a value".into(),
        };
        let refused = |kind, why: String| Err(clap::Error::raw(kind, format!("{name}: {why}\n")));
        match value.to_str() {
            Some(text) => {
                (self.0)(&halfwidth(text)).or_else(|why| refused(ErrorKind::ValueValidation, why))
            }
            None => refused(
                ErrorKind::InvalidUtf8,
                msg!("refuse-not-utf8", text = format!("{value:?}")).to_string(),
            ),
        }
    }
}

/// `parse` (one of clap's own parsers, a number in a range) given the
/// value read through [`halfwidth`], so `--warn-at ８０` is 80 as `２` is
/// severity 2; its refusals are clap's, naming the value as read.
fn narrow<P: TypedValueParser>(parse: P) -> Narrow<P> {
    Narrow(parse)
}

#[derive(Clone)]
struct Narrow<P>(P);

impl<P: TypedValueParser> TypedValueParser for Narrow<P> {
    type Value = P::Value;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&Arg>,
        value: &OsStr,
    ) -> Result<P::Value, clap::Error> {
        match value.to_str() {
            Some(text) => self
                .0
                .parse_ref(cmd, arg, OsStr::new(halfwidth(text).as_ref())),
            None => self.0.parse_ref(cmd, arg, value),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Print the effective targets, escalation path and business hours
    #[command(after_help = "Example:\n  slaclock policy show --contract premium")]
    Show {
        /// Print the table in force under this contract instead of the base
        #[arg(long, value_name = "NAME")]
        contract: Option<String>,
    },
    /// Validate a policy file and list every problem in it
    #[command(after_help = "Example:\n  slaclock policy check ./severity.toml")]
    Check {
        /// The file to check [default: the policy slaclock would use]
        path: Option<PathBuf>,
    },
    /// Re-pin every open ticket to the current policy
    #[command(
        after_help = "Open tickets are judged under the policy file as it is now, from their start; the update interval open at the apply closes under the old one. Each re-pinned ticket records the change in its timeline.\nExample:\n  slaclock policy check && slaclock policy apply"
    )]
    Apply(ApplyArgs),
}

/// `policy apply`'s arguments.
#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// Who is applying it [default: $USER]
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    #[command(flatten)]
    pub echo: Echo,
}

#[derive(Debug, Subcommand)]
pub enum HolidaysCommand {
    /// Replace a calendar's holidays, for the years an .ics file covers, with
    /// its all-day events
    #[command(
        after_help = "Shows the dates it would add and remove, then asks before writing the policy file (a script passes --yes). Only the calendar's holiday list changes; the rest of the file is kept as it was, comments too.\nExamples:\n  slaclock holidays import japan-2026-2027.ics --calendar business\n  slaclock holidays import qld.ics --calendar business --years 2 --yes"
    )]
    Import(HolidaysImportArgs),
}

#[derive(Debug, Args)]
pub struct HolidaysImportArgs {
    /// The iCalendar file: its all-day events are the holidays (timed
    /// events are skipped, with a note)
    #[arg(value_name = "FILE.ics")]
    pub file: PathBuf,
    /// The business calendar of the policy whose holidays are replaced
    #[arg(long, value_name = "NAME")]
    pub calendar: String,
    /// Expand yearly recurring events over N years from the file's first
    /// year [default: the years the file's other events cover]
    #[arg(long, value_name = "N", value_parser = narrow(clap::value_parser!(u16).range(1..=50)))]
    pub years: Option<u16>,
    /// Write without asking (required when standard input or standard
    /// error is not a terminal)
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[cfg(test)]
mod tests;
