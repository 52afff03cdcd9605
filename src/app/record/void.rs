//! `void ID N`: the event a void names, if it may be voided, with each
//! refusal (`sla::check_void`) in words a person can act on.

use anyhow::{Result, anyhow, bail};

use crate::cli::VoidArgs;
use crate::msg;
use crate::output;
use crate::sla::{Event, EventKind, Field, Policy, VoidRefusal, check_void};
use crate::store::{EventRow, TicketRow, Tx};

use super::super::convert::ticket_of;
use super::Planned;

/// The void of the event numbered `a.event` in the ticket's timeline, if
/// it may be voided (`sla::check_void`), with its reason.
pub(super) fn void(
    tx: &mut dyn Tx,
    row: &TicketRow,
    rows: &[EventRow],
    events: &[Event],
    policy: &Policy,
    a: &VoidArgs,
) -> Result<Planned> {
    let id = row.id;
    let n = a.event;
    let Some(target) = n.checked_sub(1).and_then(|i| rows.get(i)) else {
        bail!(msg!(
            "refuse-void-no-event",
            id = id.to_string(),
            n = n.to_string(),
            last = rows.len().to_string(),
            number = id.0.to_string()
        ));
    };
    let refused = |why: crate::i18n::Msg| {
        anyhow!(msg!(
            "refuse-void",
            id = id.to_string(),
            n = n.to_string(),
            why = why.to_string()
        ))
    };
    let what = kind_said(&target.event.kind);
    if let Err(r) = check_void(policy, &ticket_of(row), events, n - 1) {
        return Err(refused(match r {
            VoidRefusal::Opening => msg!(
                "refuse-void-opening",
                n = n.to_string(),
                number = id.0.to_string()
            ),
            VoidRefusal::Void => msg!("refuse-void-void", n = n.to_string()),
            VoidRefusal::AlreadyVoided => {
                let by = rows
                    .iter()
                    .position(|v| v.event.kind == EventKind::Voided { event: target.id })
                    .map_or_else(String::new, |j| {
                        msg!(
                            "refuse-void-by",
                            n = (j + 1).to_string(),
                            by = &rows[j].event.by
                        )
                        .to_string()
                    });
                msg!(
                    "refuse-void-already",
                    n = n.to_string(),
                    what = what,
                    by = by
                )
            }
            VoidRefusal::PolicyApplied => msg!("refuse-void-policy", n = n.to_string()),
            // A re-pin cannot be voided: "void it first" would lead nowhere.
            VoidRefusal::DependsOn(j, _) if rows[j].event.kind == EventKind::PolicyApplied => {
                msg!("refuse-void-depends-repin", n = (j + 1).to_string())
            }
            VoidRefusal::DependsOn(j, _) => msg!(
                "refuse-void-depends",
                n = (j + 1).to_string(),
                what = kind_said(&rows[j].event.kind)
            ),
        }));
    }
    // A voided correction of the ref gives the old ref back: it must still be free.
    if let (EventKind::Edited { field: Field::Ref }, Some(old)) =
        (&target.event.kind, &target.event.old_value)
        && let Some(holder) = tx.ticket_by_ref(old)?
    {
        return Err(refused(msg!(
            "refuse-void-ref",
            reference = output::quoted(old),
            holder = holder.id.to_string()
        )));
    }
    Ok(Planned {
        reason: Some(a.reason.clone()),
        ..Planned::of(EventKind::Voided { event: target.id })
    })
}

/// An event's kind in a refusal: its name in the log (`updated`) in
/// English, the timeline's name for it in another language.
fn kind_said(kind: &EventKind) -> String {
    match crate::i18n::errors() {
        crate::i18n::Lang::En => kind.as_str().to_string(),
        lang => output::event_name(lang, kind),
    }
}
