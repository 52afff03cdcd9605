//! `policy show`, `policy check` and `policy apply` output.

use std::io::{self, Write};

use crate::model::TicketId;
use crate::sla::{Calendar, Policy, Severity, Target};

use super::{Style, human};

fn target(p: &Policy, t: Option<&Target>) -> String {
    match t {
        None => "-".into(),
        Some(t) => match p.calendar(t) {
            Calendar::Always => human(t.secs),
            c => format!("{} ({} hours)", human(t.secs), c.name()),
        },
    }
}

pub fn policy_show(w: &mut impl Write, p: &Policy, source: &str, style: &Style) -> io::Result<()> {
    writeln!(w, "Policy: {source}\n")?;
    // Time to own (an internal target) only where the policy sets one.
    let owns = p.severities.values().any(|x| x.own.is_some()) || p.provisioning.own.is_some();
    let mut t = style.table();
    let mut header = vec![
        "severity",
        "meaning",
        "initial response",
        "update every",
        "time to restore",
    ];
    if owns {
        header.push("time to own");
    }
    t.set_header(header);
    for (sev, x) in &p.severities {
        let mut row = vec![
            sev.to_string(),
            x.name.clone(),
            target(p, x.response.as_ref()),
            target(p, x.update.as_ref()),
            target(p, x.restore.as_ref()),
        ];
        if owns {
            row.push(target(p, x.own.as_ref()));
        }
        t.add_row(row);
    }
    let pr = &p.provisioning;
    let mut row = vec![
        "-".into(),
        format!("{} (after 1 and 2)", pr.name),
        target(p, pr.response.as_ref()),
        target(p, pr.update.as_ref()),
        "-".into(),
    ];
    if owns {
        row.push(target(p, pr.own.as_ref()));
    }
    t.add_row(row);
    writeln!(w, "{t}")?;
    writeln!(
        w,
        "Inquiries are severity 3 with no time to restore. Waiting on the customer pauses: {}.",
        {
            let mut v = vec![];
            if p.pauses.response {
                v.push("response");
            }
            if p.pauses.update {
                v.push("update");
            }
            if p.pauses.restore {
                v.push("restore");
            }
            if v.is_empty() {
                "nothing".to_string()
            } else {
                v.join(", ")
            }
        }
    )?;
    writeln!(
        w,
        "A ticket waiting on the customer longer than {} is reported by `check` (remind_after).",
        super::human(p.remind_after_secs)
    )?;
    writeln!(
        w,
        "A severity change is {}.\n",
        match p.severity_change {
            crate::sla::SeverityChange::Retroactive =>
                "retroactive (judged as if the ticket always had the new severity)",
            crate::sla::SeverityChange::Restart =>
                "a restart (response and restore count again from the change)",
        }
    )?;
    if !p.escalation.is_empty() {
        let mut t = style.table();
        let mut header = vec!["level".to_string(), "contact".to_string()];
        header.extend(Severity::ALL.iter().map(|s| format!("severity {s} after")));
        t.set_header(header);
        for l in &p.escalation {
            let mut row = vec![l.level.to_string(), l.contact.clone()];
            row.extend(
                Severity::ALL
                    .iter()
                    .map(|s| l.after.get(s).map_or("-".into(), |x| human(*x))),
            );
            t.add_row(row);
        }
        writeln!(
            w,
            "Escalation path (a case starts at level 1 and climbs one level at a time)\n{t}"
        )?;
    }
    for c in &p.calendars {
        if let Calendar::Business(b) = c {
            let days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
            let mut t = style.table();
            t.set_header(["day", "hours"]);
            for (d, ivs) in b.week().iter().enumerate() {
                let hours = if ivs.is_empty() {
                    "closed".into()
                } else {
                    ivs.iter()
                        .map(|i| i.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                t.add_row(vec![days[d].to_string(), hours]);
            }
            writeln!(w, "\nCalendar {:?} ({})\n{t}", b.name, b.timezone().name())?;
            let holidays: Vec<String> = b.holidays().map(|d| d.to_string()).collect();
            writeln!(
                w,
                "holidays: {}",
                if holidays.is_empty() {
                    "none".into()
                } else {
                    holidays.join(", ")
                }
            )?;
        }
    }
    if !p.referrals.is_empty() {
        writeln!(w, "\nNot support tickets:")?;
        for (k, v) in &p.referrals {
            writeln!(w, "  {k}: {v}")?;
        }
    }
    Ok(())
}

pub fn policy_errors(w: &mut impl Write, listing: &str) -> io::Result<()> {
    writeln!(w, "{listing}")
}

pub fn policy_applied(
    w: &mut impl Write,
    version: i64,
    source: &str,
    moved: &[TicketId],
) -> io::Result<()> {
    if moved.is_empty() {
        return writeln!(
            w,
            "Every open ticket already follows policy version {version} ({source})."
        );
    }
    let ids: Vec<String> = moved.iter().map(|i| i.to_string()).collect();
    writeln!(
        w,
        "{} open ticket(s) now follow policy version {version} ({source}): {}",
        moved.len(),
        ids.join(", ")
    )
}
