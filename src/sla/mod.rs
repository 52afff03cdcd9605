//! The pure core of slaclock: the policy, business calendars and SLA clocks.
//!
//! A ticket's events are folded once (`replay`) into its present and the
//! spans its clocks count; each clock is judged in its own file under
//! `clock/`, under the policies the ticket has been pinned to (`history`).
//! `attention` decides what `check`, `metrics` and `notify` report
//! (`gauges` counts it for Prometheus, `notice` decides what is sent),
//! `board` the order tickets are listed in, and `report` computes the
//! compliance figures (`restore_times` keeps the restore times behind its
//! percentiles, for a chart), all from evaluations; `trend` lays them out
//! by month and `what_if` sets two policies' figures side by side. `ics` reads holidays from an
//! iCalendar file's text and `holiday_list` writes them into a policy's
//! text, for `holidays import`.
//!
//! Nothing here reads a file, the database, the environment or the system
//! clock: "now" is always a parameter, so every answer can be replayed and
//! tested. Nothing here knows how an answer is shown: evaluations,
//! findings and report figures carry no serde. The `app` layer feeds it
//! tickets and events from the store and hands its answers to `output`.

mod attention;
mod board;
mod calendar;
mod clock;
mod gauges;
mod history;
mod holiday_list;
mod ics;
mod notice;
mod policy;
mod replay;
mod report;
mod restore_times;
mod ticket;
mod trend;
mod what_if;
mod zone;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod testutil;

pub use attention::{
    AT_RISK_PERCENT, Attention, CheckStatus, Concern, Findings, HOLIDAYS_AHEAD_DAYS, Reason, Rules,
    StaleCalendar, active_breach, assess, past_breaches, stale_calendars,
};
pub use board::{BoardKey, board_key};
pub use calendar::{BusinessCalendar, Calendar, Explanation, Interval};
pub use clock::{
    Clock, ClockState, Clocks, Escalation, Evaluation, Figures, Trace, evaluate, evaluate_history,
    explain,
};
pub use gauges::{CLOCK_STATES, CLOCKS, Gauges, TICKET_SERIES};
pub use history::{PolicyHistory, Repin};
pub use holiday_list::{HolidayEdit, replace_holidays};
pub use ics::{IcsError, IcsHolidays, MAX_IMPORT_YEARS, SkipWhy, Skipped, read_ics};
pub use notice::{Alert, Sending, alerts, sending};
pub use policy::{
    ClockKind, DEFAULT_POLICY, DEFAULT_POLICY_JA, DEFAULT_REMIND_AFTER_SECS, EscalationLevel,
    MAX_TARGET_SECS, Pauses, Policy, PolicyError, PolicyErrors, SeverityChange, Target, Targets,
    parse_duration, policy_text,
};
pub use replay::{Summary, moves_no_clock, owners_before, summarize};
pub use report::{Report, ReportBuilder, ReportRow};
pub use restore_times::{RestoreTime, RestoreTimes};
pub use ticket::{Event, Refusal, Ticket, VoidRefusal, check_event, check_void};
pub use trend::{MonthRow, Trend};
pub use what_if::{Change, Figure, changes, pairs, trend_changes};
pub use zone::{Placed, PosixError, Tz, UnknownZone};

// The vocabulary lives in `model`; these re-exports keep the sla paths
// (`sla::instant` is the one conversion from the seconds the store keeps).
pub use crate::model::{EventKind, Field, Kind, Severity, TicketState, instant};
