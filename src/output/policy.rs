//! `policy show`, `policy check` and `policy apply` output.

use std::io::{self, Write};

use crate::sla::{Calendar, Policy, Severity, Target};

use super::grid::{Cell, Column, Grid};
use super::status::head;
use super::{Style, View, clock_time, provisioning_name, severity_name};
use crate::i18n::Lang;
use crate::tr;

fn target(p: &Policy, t: Option<&Target>, lang: Lang) -> String {
    match t {
        None => "-".into(),
        Some(t) => match p.calendar(t) {
            Calendar::Always => clock_time(lang, t.secs),
            c => tr!(
                lang,
                "target-calendar",
                target = clock_time(lang, t.secs),
                calendar = c.name().to_string()
            ),
        },
    }
}

/// `policy show`: the targets, pauses and escalation path of `p`, which is
/// the effective policy under `contract` when one is named.
pub fn policy_show(
    w: &mut impl Write,
    p: &Policy,
    source: &str,
    contract: Option<&str>,
    style: &Style,
) -> io::Result<()> {
    let lang = style.lang;
    match contract {
        Some(name) => writeln!(
            w,
            "{}\n",
            tr!(
                lang,
                "policy-source-contract",
                source = source,
                contract = name
            )
        )?,
        None => writeln!(w, "{}\n", tr!(lang, "policy-source", source = source))?,
    }
    // Time to own (an internal target) only where the policy sets one.
    let owns = p.severities.values().any(|x| x.own.is_some()) || p.provisioning.own.is_some();
    let mut columns = vec![
        Column::new(tr!(lang, "policy-col-severity")),
        Column::new(tr!(lang, "policy-col-meaning")).wrap(10),
        Column::new(tr!(lang, "policy-col-response")).wrap(8),
        Column::new(tr!(lang, "policy-col-update")).wrap(8),
        Column::new(tr!(lang, "policy-col-restore")).wrap(8),
    ];
    if owns {
        columns.push(Column::new(tr!(lang, "policy-col-own")).wrap(8));
    }
    let mut t = Grid::new(columns);
    for (sev, x) in &p.severities {
        let mut row: Vec<Cell> = vec![
            sev.to_string().into(),
            severity_name(lang, sev.get(), &x.name).into(),
            target(p, x.response.as_ref(), lang).into(),
            target(p, x.update.as_ref(), lang).into(),
            target(p, x.restore.as_ref(), lang).into(),
        ];
        if owns {
            row.push(target(p, x.own.as_ref(), lang).into());
        }
        t.push(row);
    }
    let pr = &p.provisioning;
    let mut row: Vec<Cell> = vec![
        "-".into(),
        tr!(
            lang,
            "policy-provisioning",
            name = provisioning_name(lang, &pr.name)
        )
        .into(),
        target(p, pr.response.as_ref(), lang).into(),
        target(p, pr.update.as_ref(), lang).into(),
        "-".into(),
    ];
    if owns {
        row.push(target(p, pr.own.as_ref(), lang).into());
    }
    t.push(row);
    t.write(w, style.width, style.color)?;
    let paused = {
        let mut v = vec![];
        if p.pauses.response {
            v.push(tr!(lang, "clock-response"));
        }
        if p.pauses.update {
            v.push(tr!(lang, "clock-update"));
        }
        if p.pauses.restore {
            v.push(tr!(lang, "clock-restore"));
        }
        if v.is_empty() {
            tr!(lang, "policy-pauses-nothing")
        } else {
            v.join(&tr!(lang, "list-comma"))
        }
    };
    style.line(
        w,
        &tr!(lang, "policy-inquiries-and-pauses", paused = paused),
    )?;
    style.line(
        w,
        &tr!(
            lang,
            "policy-remind-after",
            span = clock_time(lang, p.remind_after_secs)
        ),
    )?;
    style.line(
        w,
        &match p.severity_change {
            crate::sla::SeverityChange::Retroactive => tr!(lang, "policy-change-retroactive"),
            crate::sla::SeverityChange::Restart => tr!(lang, "policy-change-restart"),
        },
    )?;
    if contract.is_none() && !p.contracts.is_empty() {
        let names: Vec<&str> = p.contracts.keys().map(String::as_str).collect();
        style.line(
            w,
            &tr!(
                lang,
                "policy-contracts",
                names = names.join(&tr!(lang, "list-comma")),
                customers = p.customers.len()
            ),
        )?;
    }
    writeln!(w)?;
    if !p.escalation.is_empty() {
        let mut columns = vec![
            Column::new(tr!(lang, "policy-col-level")),
            Column::new(tr!(lang, "policy-col-contact")).wrap(16),
        ];
        columns.extend(
            Severity::ALL.iter().map(|s| {
                Column::new(tr!(lang, "policy-col-after", severity = s.to_string())).wrap(8)
            }),
        );
        let mut t = Grid::new(columns);
        for l in &p.escalation {
            let mut row: Vec<Cell> = vec![l.level.to_string().into(), l.contact.as_str().into()];
            row.extend(Severity::ALL.iter().map(|s| {
                l.after
                    .get(s)
                    .map_or("-".into(), |x| clock_time(lang, *x))
                    .into()
            }));
            t.push(row);
        }
        style.line(w, &tr!(lang, "policy-escalation-path"))?;
        t.write(w, style.width, style.color)?;
    }
    for c in &p.calendars {
        if let Calendar::Business(b) = c {
            let days = [1, 2, 3, 4, 5, 6, 7].map(|d| match lang {
                // The keys the policy file uses.
                Lang::En => ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][d - 1].to_string(),
                _ => tr!(lang, "weekday", day = d),
            });
            let mut t = Grid::plain([tr!(lang, "policy-col-day"), tr!(lang, "policy-col-hours")]);
            for (d, ivs) in b.week().iter().enumerate() {
                let hours = if ivs.is_empty() {
                    tr!(lang, "policy-closed")
                } else {
                    ivs.iter()
                        .map(|i| i.to_string())
                        .collect::<Vec<_>>()
                        .join(&tr!(lang, "list-comma"))
                };
                t.push(vec![days[d].clone().into(), hours.into()]);
            }
            writeln!(
                w,
                "\n{}",
                tr!(
                    lang,
                    "policy-calendar",
                    name = super::quoted(&b.name),
                    zone = b.timezone().name().to_string()
                )
            )?;
            t.write(w, style.width, style.color)?;
            let holidays: Vec<String> = b.holidays().map(|d| d.to_string()).collect();
            style.line(
                w,
                &tr!(
                    lang,
                    "policy-holidays",
                    dates = if holidays.is_empty() {
                        tr!(lang, "timeline-none")
                    } else {
                        holidays.join(&tr!(lang, "list-comma"))
                    }
                ),
            )?;
        }
    }
    if !p.referrals.is_empty() {
        writeln!(w, "\n{}", tr!(lang, "policy-referrals"))?;
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
/// named as the write commands name a ticket, with the contract it left
/// (`left`, beside `moved`: `None` where the contract stayed).
pub fn policy_applied(
    w: &mut impl Write,
    version: i64,
    source: &str,
    moved: &[View],
    left: &[Option<Option<String>>],
    lang: Lang,
) -> io::Result<()> {
    if moved.is_empty() {
        return writeln!(
            w,
            "{}",
            tr!(lang, "applied-none", version = version, source = source)
        );
    }
    let ids: Vec<String> = moved.iter().map(|v| v.ticket.id.to_string()).collect();
    writeln!(
        w,
        "{}",
        tr!(
            lang,
            "applied-some",
            count = moved.len(),
            version = version,
            source = source,
            ids = ids.join(&tr!(lang, "list-comma"))
        )
    )?;
    let name = |c: Option<&str>| c.map_or_else(|| tr!(lang, "contract-none"), str::to_owned);
    for (v, left) in moved.iter().zip(left) {
        let line = match left {
            Some(from) => tr!(
                lang,
                "applied-ticket-contract",
                head = head(v),
                version = version,
                from = name(from.as_deref()),
                to = name(v.ticket.contract.as_deref())
            ),
            None => tr!(lang, "applied-ticket", head = head(v), version = version),
        };
        writeln!(w, "{line}")?;
    }
    Ok(())
}
