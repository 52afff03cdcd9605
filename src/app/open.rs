//! `open`: a new ticket, or, for a retry with the same `--ref`, the one
//! already open. One IMMEDIATE transaction; "now" is read and the ref
//! looked up inside it, so two opens of one alert make one ticket.

use crate::{msg, tr};
use anyhow::{Result, anyhow, bail};
use chrono::{DateTime, Utc};

use crate::app::time::TimeArg;
use crate::cli::{OpenArgs, RequestArg};
use crate::output::{self, View};
use crate::sla::{Kind, Severity};
use crate::store::{NewTicket, OpenMode, RefTaken, TicketId, TicketRow, Tx};

use super::context::Context;
use super::convert::{Policies, judged, load_view, policy_hash};
use super::echo;
use super::exit::UsageError;
use super::input::{blank_is_none, check_name, check_ref, check_title};
use super::prompt;

/// Opens a ticket (asking on a terminal for what is missing) and prints
/// its deadlines, or prints the ticket a retried `--ref` already opened.
pub fn open(ctx: &Context, args: OpenArgs) -> Result<()> {
    let by = ctx.author(args.stamp.by.as_deref())?;
    // What was given is checked before anything is asked: nobody answers
    // questions to be told then that a flag was wrong.
    if let Some(title) = args.title() {
        check_title(&title)?;
    }
    for (what, v) in [("customer", &args.customer), ("service", &args.service)] {
        if let Some(v) = v {
            check_name(what, v)?;
        }
    }
    if let Some(r) = &args.reference {
        check_ref(r)?;
    }
    // Whether a question is asked: then the customer is asked for too.
    let asks = ctx.interactive
        && (args.title().is_none()
            || (args.severity.is_none() && matches!(args.kind, None | Some(RequestArg::Incident))));
    let loaded = ctx.policy()?;
    let policy = &loaded.policy;
    let kind = match args.kind {
        Some(RequestArg::Incident) => Kind::Incident,
        Some(RequestArg::Provisioning) => Kind::Provisioning,
        Some(RequestArg::Inquiry) => Kind::Inquiry,
        Some(referred @ (RequestArg::Billing | RequestArg::Sales)) => {
            let what = if referred == RequestArg::Billing {
                "billing"
            } else {
                "sales"
            };
            let to = policy
                .referrals
                .get(what)
                .cloned()
                .unwrap_or_else(|| msg!("refuse-referral-team").to_string());
            bail!(msg!("refuse-referral", what = what, to = to));
        }
        None if args.severity.is_none() && ctx.interactive => prompt::kind(ctx.lang)?,
        None => Kind::Incident,
    };
    let severity = match (kind, args.severity) {
        (Kind::Incident, Some(s)) => Some(s),
        (Kind::Incident, None) if ctx.interactive => {
            Some(prompt::severity(ctx.lang, policy, None)?)
        }
        (Kind::Incident, None) => {
            return Err(UsageError(msg!("refuse-incident-severity").to_string()).into());
        }
        (Kind::Inquiry, None | Some(Severity::S3)) => Some(Severity::S3),
        // A flag that does not apply to the kind given: a usage error,
        // as a misplaced flag of any other command is (exit 2).
        (Kind::Inquiry, Some(s)) => {
            return Err(UsageError(
                msg!("refuse-inquiry-severity", severity = s.to_string()).to_string(),
            )
            .into());
        }
        (Kind::Provisioning, None) => None,
        (Kind::Provisioning, Some(_)) => {
            return Err(UsageError(msg!("refuse-provisioning-severity").to_string()).into());
        }
    };
    let title = match args.title() {
        Some(t) => t,
        None if ctx.interactive => {
            prompt::line(ctx.lang, &tr!(ctx.lang, "prompt-title"), check_title)?
        }
        None => {
            return Err(UsageError(msg!("refuse-title-required").to_string()).into());
        }
    };
    let customer = match args.customer {
        None if asks => prompt::optional(ctx.lang, &tr!(ctx.lang, "prompt-customer"), |c| {
            check_name("customer", c)
        })?,
        given => blank_is_none(given.as_deref()).map(str::to_owned),
    };
    let contract = contract_of(policy, args.contract.as_deref(), customer.as_deref())?;
    // A report time in the future is refused before the log is made, so
    // the refusal creates nothing; the time is placed for the record under
    // the lock, against the "now" read there.
    reported_at(ctx, args.stamp.at.as_ref(), ctx.now())?;
    let mut store = ctx.store(OpenMode::Create)?;
    let details = Details {
        kind,
        severity: severity.map(Severity::get),
        title,
        customer,
        service: blank_is_none(args.service.as_deref()).map(str::to_owned),
    };
    let written = store.write(|tx| {
        // The first request takes the lock, and the clock is read once it
        // is held. A retry finds its ticket here, under the write lock and
        // before anything is written, so two opens with one ref make one
        // ticket.
        let hash = policy_hash(&loaded.text);
        let (now, version) = match &args.reference {
            Some(reference) => {
                // With the policy's id if stored, so that the common case
                // asks nothing more before the ticket is written.
                let (found, stored) =
                    tx.ticket_by_ref_and_policy(reference, &hash, &loaded.text)?;
                let now = ctx.now();
                if let Some(row) = found {
                    reported_at(ctx, args.stamp.at.as_ref(), now)?;
                    let view = same_ticket(ctx, tx, row, &details, args.contract.as_deref(), now)?;
                    return Ok(Opened::Existing(view, now));
                }
                let version = match stored {
                    Some(version) => version,
                    None => tx.policy_version(&hash, &loaded.text, now.timestamp())?,
                };
                (now, version)
            }
            // The policy version goes with the lock (its first_seen is
            // read as the lock is asked for).
            None => {
                let seen = ctx.now().timestamp();
                let version = tx.policy_version(&hash, &loaded.text, seen)?;
                (ctx.now(), version)
            }
        };
        let reported = reported_at(ctx, args.stamp.at.as_ref(), now)?;
        let (row, events) = tx.finish_open(&NewTicket {
            kind: details.kind,
            severity: details.severity,
            title: details.title.clone(),
            customer: details.customer.clone(),
            service: details.service.clone(),
            reported_at: reported.timestamp(),
            opened_at: now.timestamp(),
            policy_version: version,
            by: by.clone(),
            text: None,
            external_ref: args.reference.clone(),
            contract: contract.clone(),
        })?;
        let id = row.id;
        let view = judged(&mut Policies::default(), tx, row, &events, now)?;
        Ok(Opened::New(id, view, events.first().map_or(0, |e| e.id)))
    });
    let opened = match (written, &args.reference) {
        // The unique index refused the insert: the ref was recorded after
        // our look (only a writer not holding the log's lock could do
        // that). Its ticket is the answer, as if we had seen it first.
        (Err(e), Some(reference)) if e.chain().any(|c| c.is::<RefTaken>()) => store.read(|tx| {
            let now = ctx.now();
            let row = tx.ticket_by_ref(reference)?.ok_or(e)?;
            let view = same_ticket(ctx, tx, row, &details, args.contract.as_deref(), now)?;
            Ok(Opened::Existing(view, now))
        })?,
        (written, _) => written?,
    };
    if store.started_file()
        && !args.echo.quiet
        && let Some(path) = store.path()
    {
        // A mistyped --db starts a log nobody watches: say where it is
        // (unless asked for the id alone).
        let path = path.display().to_string();
        crate::warning::say(&tr!(ctx.lang, "log-started", path = path));
    }
    match opened {
        Opened::New(id, view, event) => echo::ticket(
            args.echo,
            &view,
            || {
                msg!(
                    "not-printed-opened",
                    id = id.to_string(),
                    event = event.to_string()
                )
                .to_string()
            },
            || msg!("not-printed-open-next", id = id.0.to_string()).to_string(),
            |out| output::opened(out, &view, &ctx.style),
        ),
        Opened::Existing(view, now) => echo::ticket(
            args.echo,
            &view,
            || msg!("not-printed-held", id = view.ticket.id.to_string()).to_string(),
            || msg!("not-printed-open-next", id = view.ticket.id.0.to_string()).to_string(),
            |out| output::already_open(out, &view, now, &ctx.style),
        ),
    }
}

/// The contract a new ticket opens under: the one `--contract` names
/// (refused, listing the policy's, if it defines no such contract: exit 1,
/// as a name the policy file decides is data, not a usage error), else
/// the customer's in `[customers]`, else none (the base policy).
fn contract_of(
    policy: &crate::sla::Policy,
    given: Option<&str>,
    customer: Option<&str>,
) -> Result<Option<String>> {
    // Without the spaces at its ends, as a customer's name is taken.
    if let Some(name) = given.map(str::trim) {
        policy.contract(name).map_err(|e| {
            anyhow!(msg!(
                "refuse-open-contract",
                contract = output::quoted(name),
                error = e.to_string()
            ))
        })?;
        return Ok(Some(name.to_string()));
    }
    Ok(customer
        .and_then(|c| policy.contract_for(c))
        .map(str::to_string))
}

/// When the customer reported the problem being opened: `--at` placed at
/// `now`, never later than `now`.
fn reported_at(ctx: &Context, at: Option<&TimeArg>, now: DateTime<Utc>) -> Result<DateTime<Utc>> {
    let Some(at) = at else { return Ok(now) };
    let reported = ctx.time("--at", at, now)?;
    if reported > now {
        bail!(msg!(
            "refuse-open-in-future",
            // To the second when it is this minute.
            at = output::local_pair(reported, now, ctx.style.zone).0
        ));
    }
    Ok(reported)
}

/// What `open` found or made.
enum Opened {
    /// The new ticket, judged, and the id of its `opened` event.
    New(TicketId, View, i64),
    /// The ticket already holding the ref, judged now.
    Existing(View, DateTime<Utc>),
}

/// What a retried `open --ref` must repeat to be the same ticket.
struct Details {
    kind: Kind,
    severity: Option<u8>,
    title: String,
    customer: Option<String>,
    service: Option<String>,
}

/// The ticket `row` holds the ref being opened: if it was opened with the
/// same details it is the answer (a retry), judged at `now`; if not, the
/// open is refused naming it and what differs. A retry sends what the
/// first try sent, so a title, customer or service corrected since (`edit`)
/// still matches as it was opened, as well as it stands now; a contract
/// chosen with `--contract` must be the one the ticket was opened under.
fn same_ticket(
    ctx: &Context,
    tx: &mut dyn Tx,
    row: TicketRow,
    details: &Details,
    contract: Option<&str>,
    now: DateTime<Utc>,
) -> Result<View> {
    let (_, events) = super::convert::find_with_events(tx, row.id)?;
    let opened = as_opened(&row, &events);
    // Each detail matches as opened or as it stands now, apart: a retry
    // may meet a ticket whose title one colleague corrected and whose
    // customer another did.
    let as_opened = differences(&opened, details);
    let mut differ: Vec<_> = differences(&row, details)
        .into_iter()
        .filter(|(name, ..)| as_opened.iter().any(|(n, ..)| n == name))
        .collect();
    let opened_under = events
        .iter()
        .find(|e| e.event.kind == crate::model::EventKind::Opened)
        .and_then(|e| e.event.contract.clone());
    if let Some(given) = contract
        .map(str::trim)
        .filter(|c| Some(*c) != opened_under.as_deref())
    {
        let quoted = |c: Option<&str>| c.map(output::quoted);
        differ.push((
            "contract",
            quoted(opened_under.as_deref()),
            quoted(Some(given)),
        ));
    }
    if !differ.is_empty() {
        let lang = crate::i18n::errors();
        let names: Vec<String> = differ.iter().map(|d| field_word(lang, d.0)).collect();
        let held: Vec<String> = differ
            .iter()
            .map(|(name, held, asked)| {
                let none = || tr!(lang, "ref-differ-none");
                msg!(
                    "ref-differ-item",
                    field = field_word(lang, name),
                    held = held.clone().unwrap_or_else(none),
                    asked = asked.clone().unwrap_or_else(none)
                )
                .told_in(lang)
            })
            .collect();
        bail!(msg!(
            "refuse-ref-differs",
            reference = output::quoted(row.external_ref.as_deref().unwrap_or_default()),
            id = row.id.to_string(),
            reported = output::local(crate::sla::instant(row.reported_at), ctx.style.zone),
            fields = and_list(lang, &names),
            n = names.len(),
            held = held.join(tr!(lang, "ref-differ-separator").as_str()),
            number = row.id.0.to_string()
        ));
    }
    Ok(load_view(&mut Policies::default(), tx, row.id, now)?.0)
}

/// The ticket as it was opened: each detail an `edit` corrected since has
/// the value its first correction replaced.
fn as_opened(row: &TicketRow, events: &[crate::store::EventRow]) -> TicketRow {
    use crate::model::{EventKind, Field};
    let mut opened = row.clone();
    let mut seen = vec![];
    for e in events {
        let EventKind::Edited { field } = e.event.kind else {
            continue;
        };
        if seen.contains(&field) {
            continue;
        }
        seen.push(field);
        let was = e.event.old_value.clone();
        match field {
            Field::Title => opened.title = was.unwrap_or_default(),
            Field::Customer => opened.customer = was,
            Field::Service => opened.service = was,
            Field::Ref => {}
        }
    }
    opened
}

/// The details that differ, by name, with what the ticket holds and what
/// was given.
fn differences(
    row: &TicketRow,
    given: &Details,
) -> Vec<(&'static str, Option<String>, Option<String>)> {
    let text = |v: Option<&str>| v.map(output::quoted);
    let severity = |s: Option<u8>| s.map(|s| s.to_string());
    let pairs = [
        (
            "kind",
            Some(row.kind.to_string()),
            Some(given.kind.to_string()),
        ),
        ("severity", severity(row.severity), severity(given.severity)),
        ("title", text(Some(&row.title)), text(Some(&given.title))),
        // Held without the spaces at its ends, as given ones are taken
        // now: a ticket an earlier build stored as typed ("ACME ").
        (
            "customer",
            text(row.customer.as_deref().map(str::trim)),
            text(given.customer.as_deref()),
        ),
        (
            "service",
            text(row.service.as_deref().map(str::trim)),
            text(given.service.as_deref()),
        ),
    ];
    pairs
        .into_iter()
        .filter(|(_, held, asked)| held != asked)
        .collect()
}

/// A detail's name in a refusal, in `lang`.
fn field_word(lang: crate::i18n::Lang, name: &str) -> String {
    match name {
        "kind" => tr!(lang, "ref-field-kind"),
        "severity" => tr!(lang, "ref-field-severity"),
        "title" => tr!(lang, "ref-field-title"),
        "contract" => tr!(lang, "ref-field-contract"),
        "customer" => tr!(lang, "ref-field-customer"),
        _ => tr!(lang, "ref-field-service"),
    }
}

/// `a`, `a and b`, `a, b and c` (in Japanese `a、b、c`).
fn and_list(lang: crate::i18n::Lang, items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => tr!(
            lang,
            "ref-differ-and",
            rest = rest.join(tr!(lang, "ref-differ-comma").as_str()),
            last = last.as_str()
        ),
    }
}
