//! The arguments that choose what the board and one ticket's status show
//! (`status`, `ls`, `show`): the board's filters, and the flags that apply
//! to one form and not the other.

use super::*;

/// Which tickets the board shows (`status` without an id, `ls`).
// Not `conflicts_with` the id: clap would name the whole group, not the
// flag given; `StatusArgs::misplaced` names it.
#[derive(Debug, Default, Args)]
pub struct BoardArgs {
    /// Include resolved tickets
    #[arg(long)]
    pub all: bool,
    /// Tickets of this kind
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// Tickets of this severity now (3 includes inquiries)
    #[arg(long, value_parser = one_line(severity))]
    pub severity: Option<Severity>,
    /// Tickets whose customer contains this, in any case
    #[arg(long, value_name = "TEXT")]
    pub customer: Option<String>,
    /// Tickets whose title, customer, service or ref contains this, in any case
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// The ticket with this external reference (resolved or not)
    #[arg(long = "ref", value_name = "TEXT")]
    pub reference: Option<String>,
    /// Tickets you own: yours by $USER, as `take` records it
    #[arg(long, conflicts_with_all = ["owner", "unassigned"])]
    pub mine: bool,
    /// Tickets this person owns (the name as assigned; spaces at its ends
    /// do not count)
    #[arg(long, value_name = "NAME", conflicts_with = "unassigned")]
    pub owner: Option<String>,
    /// Tickets nobody owns yet
    #[arg(long)]
    pub unassigned: bool,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// One ticket in full, by its number (12 or #12); the board's filters
    /// do not apply to it
    #[arg(value_parser = one_line(ticket_id), add = ticket_candidates())]
    pub id: Option<TicketId>,
    #[command(flatten)]
    pub board: BoardArgs,
    /// Show how each deadline was reached (one ticket's, with its ID)
    #[arg(long)]
    pub explain: bool,
    /// Show the board as it was at this time
    #[arg(long, value_name = "TIME", value_parser = one_line(TimeArg::parse))]
    pub as_of: Option<TimeArg>,
    /// Show every column, whatever the terminal's width (the board fits the
    /// terminal, else $COLUMNS, else has no limit)
    #[arg(long)]
    pub wide: bool,
    /// A table, or JSON (for CSV, see `slaclock export`)
    #[arg(long, value_enum, default_value_t = StatusFormat::Table)]
    pub format: StatusFormat,
}

impl BoardArgs {
    /// The filters given, by flag.
    pub fn given(&self) -> Vec<&'static str> {
        [
            (self.all, "--all"),
            (self.kind.is_some(), "--kind"),
            (self.severity.is_some(), "--severity"),
            (self.customer.is_some(), "--customer"),
            (self.search.is_some(), "--search"),
            (self.reference.is_some(), "--ref"),
            (self.mine, "--mine"),
            (self.owner.is_some(), "--owner"),
            (self.unassigned, "--unassigned"),
        ]
        .into_iter()
        .filter_map(|(given, flag)| given.then_some(flag))
        .collect()
    }
}

impl StatusArgs {
    /// A flag that does not apply to the form used: a board filter with an
    /// id, `--explain` without one or with JSON. (`--wide` applies to both:
    /// one ticket's tables are not fitted either.) The message, in the
    /// language of errors, says what would be right.
    pub fn misplaced(&self) -> Option<String> {
        let msg = match (self.id, self.board.given().first()) {
            (Some(id), Some(flag)) => {
                crate::msg!("status-filter-with-id", flag = *flag, id = id.to_string())
            }
            (None, _) if self.explain => crate::msg!("status-explain-without-id"),
            (Some(_), None) if self.explain && self.format == StatusFormat::Json => {
                crate::msg!("status-explain-json")
            }
            _ => return None,
        };
        Some(msg.to_string())
    }
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub board: BoardArgs,
    /// Show the board as it was at this time
    #[arg(long, value_name = "TIME", value_parser = one_line(TimeArg::parse))]
    pub as_of: Option<TimeArg>,
    /// Show every column, whatever the terminal's width (the board fits the
    /// terminal, else $COLUMNS, else has no limit)
    #[arg(long)]
    pub wide: bool,
    /// A table, or JSON (for CSV, see `slaclock export`)
    #[arg(long, value_enum, default_value_t = StatusFormat::Table)]
    pub format: StatusFormat,
}

impl From<ListArgs> for StatusArgs {
    fn from(list: ListArgs) -> StatusArgs {
        StatusArgs {
            id: None,
            board: list.board,
            explain: false,
            as_of: list.as_of,
            wide: list.wide,
            format: list.format,
        }
    }
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The ticket's number, as the board shows it: 12 or #12
    #[arg(value_parser = one_line(ticket_id), add = ticket_candidates())]
    pub id: TicketId,
    /// Show how each deadline was reached
    #[arg(long)]
    pub explain: bool,
    /// Show the ticket as it was at this time
    #[arg(long, value_name = "TIME", value_parser = one_line(TimeArg::parse))]
    pub as_of: Option<TimeArg>,
    /// Leave the ticket's tables unfitted, whatever the terminal's width
    #[arg(long)]
    pub wide: bool,
    /// A table, or JSON
    #[arg(long, value_enum, default_value_t = StatusFormat::Table)]
    pub format: StatusFormat,
}

impl From<ShowArgs> for StatusArgs {
    fn from(show: ShowArgs) -> StatusArgs {
        StatusArgs {
            id: Some(show.id),
            board: BoardArgs::default(),
            explain: show.explain,
            as_of: show.as_of,
            wide: show.wide,
            format: show.format,
        }
    }
}
