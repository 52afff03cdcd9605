//! `policy show`, `policy check` and `policy apply` output.

use std::io::{self, Write};

use crate::sla::{Calendar, Policy, Severity, Target};

use super::grid::{Cell, Column, Grid};
use super::status::head;
use super::{Style, View, hours};

fn target(p: &Policy, t: Option<&Target>) -> String {
    match t {
        None => "-".into(),
        Some(t) => match p.calendar(t) {
            Calendar::Always => hours(t.secs),
            c => format!("{} ({} hours)", hours(t.secs), c.name()),
        },
    }
}

pub fn policy_show(w: &mut impl Write, p: &Policy, source: &str, style: &Style) -> io::Result<()> {
    writeln!(w, "Policy: {source}\n")?;
    // Time to own (an internal target) only where the policy sets one.
    let owns = p.severities.values().any(|x| x.own.is_some()) || p.provisioning.own.is_some();
    let mut columns = vec![
        Column::new("severity"),
        Column::new("meaning").wrap(10),
        Column::new("initial response").wrap(8),
        Column::new("update every").wrap(8),
        Column::new("time to restore").wrap(8),
    ];
    if owns {
        columns.push(Column::new("time to own").wrap(8));
    }
    let mut t = Grid::new(columns);
    for (sev, x) in &p.severities {
        let mut row: Vec<Cell> = vec![
            sev.to_string().into(),
            x.name.as_str().into(),
            target(p, x.response.as_ref()).into(),
            target(p, x.update.as_ref()).into(),
            target(p, x.restore.as_ref()).into(),
        ];
        if owns {
            row.push(target(p, x.own.as_ref()).into());
        }
        t.push(row);
    }
    let pr = &p.provisioning;
    let mut row: Vec<Cell> = vec![
        "-".into(),
        format!("{} (after 1 and 2)", pr.name).into(),
        target(p, pr.response.as_ref()).into(),
        target(p, pr.update.as_ref()).into(),
        "-".into(),
    ];
    if owns {
        row.push(target(p, pr.own.as_ref()).into());
    }
    t.push(row);
    t.write(w, style.width, style.color)?;
    style.line(
        w,
        &format!(
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
        ),
    )?;
    style.line(
        w,
        &format!(
            "A ticket waiting on the customer longer than {} is reported by `check` (remind_after).",
            hours(p.remind_after_secs)
        ),
    )?;
    style.line(
        w,
        &format!(
            "A severity change is {}.",
            match p.severity_change {
                crate::sla::SeverityChange::Retroactive =>
                    "retroactive (judged as if the ticket always had the new severity)",
                crate::sla::SeverityChange::Restart =>
                    "a restart (response and restore count again from the change)",
            }
        ),
    )?;
    writeln!(w)?;
    if !p.escalation.is_empty() {
        let mut columns = vec![Column::new("level"), Column::new("contact").wrap(16)];
        columns.extend(
            Severity::ALL
                .iter()
                .map(|s| Column::new(format!("severity {s} after")).wrap(8)),
        );
        let mut t = Grid::new(columns);
        for l in &p.escalation {
            let mut row: Vec<Cell> = vec![l.level.to_string().into(), l.contact.as_str().into()];
            row.extend(
                Severity::ALL
                    .iter()
                    .map(|s| l.after.get(s).map_or("-".into(), |x| hours(*x)).into()),
            );
            t.push(row);
        }
        style.line(
            w,
            "Escalation path (a case starts at level 1 and climbs one level at a time)",
        )?;
        t.write(w, style.width, style.color)?;
    }
    for c in &p.calendars {
        if let Calendar::Business(b) = c {
            let days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
            let mut t = Grid::plain(["day", "hours"]);
            for (d, ivs) in b.week().iter().enumerate() {
                let hours = if ivs.is_empty() {
                    "closed".into()
                } else {
                    ivs.iter()
                        .map(|i| i.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                t.push(vec![days[d].into(), hours.into()]);
            }
            writeln!(w, "\nCalendar {:?} ({})", b.name, b.timezone().name())?;
            t.write(w, style.width, style.color)?;
            let holidays: Vec<String> = b.holidays().map(|d| d.to_string()).collect();
            style.line(
                w,
                &format!(
                    "holidays: {}",
                    if holidays.is_empty() {
                        "none".into()
                    } else {
                        holidays.join(", ")
                    }
                ),
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

/// `policy apply`: how many tickets moved to `version`, then each one
/// named as the write commands name a ticket.
pub fn policy_applied(
    w: &mut impl Write,
    version: i64,
    source: &str,
    moved: &[View],
) -> io::Result<()> {
    if moved.is_empty() {
        return writeln!(
            w,
            "Every open ticket already follows policy version {version} ({source})."
        );
    }
    let ids: Vec<String> = moved.iter().map(|v| v.ticket.id.to_string()).collect();
    writeln!(
        w,
        "{} open ticket(s) now follow policy version {version} ({source}): {}",
        moved.len(),
        ids.join(", ")
    )?;
    for v in moved {
        writeln!(w, "{}: now follows policy version {version}", head(v))?;
    }
    Ok(())
}
