//! The arguments of the commands that record an event on an existing
//! ticket (`update`, `wait`, `assign`, `edit`, `void`, ...): the ticket, what
//! each command adds, and when and by whom.

use super::*;

// An event on an existing ticket: which one, what the command adds (`T`),
// and when and by whom.
#[derive(Debug, Args)]
pub struct On<T: Args> {
    /// The ticket's number, as the board shows it: 12 or #12
    #[arg(value_parser = one_line(ticket_id), add = ticket_candidates())]
    pub id: TicketId,
    #[command(flatten)]
    pub change: T,
    #[command(flatten)]
    pub stamp: Stamp,
    #[command(flatten)]
    pub echo: Echo,
}

#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// What the update told the customer, for the timeline
    #[arg(long, short, value_name = "TEXT")]
    pub message: Option<String>,
    /// The next update promised in writing (replaces the cadence for one
    /// interval), counted from the update's own time (--at, else now): "in
    /// 2h" is two hours after it, "HH:MM" or "mon 09:00" the next such time
    #[arg(long, value_name = "TIME", value_parser = one_line(TimeArg::parse))]
    pub next_update: Option<TimeArg>,
    /// The customer answered: record the update and resume the clocks, in
    /// one step (for a ticket waiting on the customer)
    #[arg(long)]
    pub resume: bool,
}

#[derive(Debug, Args)]
pub struct AssignArgs {
    /// Who owns the ticket from now on
    #[arg(value_name = "NAME")]
    pub name: String,
}

/// `take`: the owner is whoever records it (`--by`, else `$USER`, else
/// `$LOGNAME`; refused when none names anyone).
#[derive(Debug, Args)]
pub struct TakeArgs {}

#[derive(Debug, Args)]
pub struct UnassignArgs {}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("details").required(true).multiple(true).args(["title", "customer", "service", "reference"])))]
pub struct EditArgs {
    /// The ticket to correct: 12 or #12
    #[arg(value_parser = one_line(ticket_id), add = ticket_candidates())]
    pub id: TicketId,
    /// The corrected title (one line, as `open` takes it)
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// The corrected customer
    #[arg(long, value_name = "TEXT")]
    pub customer: Option<String>,
    /// The corrected affected service's id
    #[arg(long, value_name = "TEXT")]
    pub service: Option<String>,
    /// The corrected external reference (unique in the log)
    #[arg(long = "ref", value_name = "TEXT")]
    pub reference: Option<String>,
    /// Who records the correction [default: $USER]
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    #[command(flatten)]
    pub echo: Echo,
}

#[derive(Debug, Args)]
pub struct VoidArgs {
    /// The ticket: 12 or #12
    #[arg(value_parser = one_line(ticket_id), add = ticket_candidates())]
    pub id: TicketId,
    /// The event to void, by its number in the ticket's timeline (1 is the
    /// opening event, which cannot be voided)
    #[arg(value_name = "EVENT", value_parser = one_line(event_number))]
    pub event: usize,
    /// Why the event was a mistake (kept in the log and shown in the timeline)
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
    /// Who records the void [default: $USER]
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    #[command(flatten)]
    pub echo: Echo,
}

#[derive(Debug, Args)]
pub struct WaitArgs {
    /// What the customer was asked for
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
}

#[derive(Debug, Args)]
pub struct ResumeArgs {
    /// What the customer answered, for the timeline
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}

#[derive(Debug, Args)]
pub struct EscalateArgs {
    /// Why it climbs a level (asked on a terminal if left out)
    #[arg(long, value_enum)]
    pub reason: Option<ReasonArg>,
    /// What the next level should know, for the timeline
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}

#[derive(Debug, Args)]
pub struct SeverityArgs {
    /// The new severity, 1 to 3: 1 service loss, 2 partial degradation, 3 no
    /// service impact (asked on a terminal if left out)
    #[arg(value_parser = one_line(severity))]
    pub severity: Option<Severity>,
    /// Why the severity changes (asked on a terminal if left out)
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
}

#[derive(Debug, Args)]
pub struct ResolveArgs {
    /// How the service was restored, for the timeline (`--reason` too, the
    /// word the other event commands take)
    #[arg(long, value_name = "TEXT", visible_alias = "reason")]
    pub note: Option<String>,
}

#[derive(Debug, Args)]
pub struct ReopenArgs {
    /// Why the ticket is reopened
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
}

#[derive(Debug, Args)]
pub struct NoteArgs {
    /// What the note says (quotes optional: the words are joined)
    #[arg(value_name = "TEXT", required = true, num_args = 1..)]
    pub text: Vec<String>,
}

impl NoteArgs {
    /// The note as typed, its words joined by single spaces.
    pub fn text(&self) -> String {
        self.text.join(" ")
    }
}
