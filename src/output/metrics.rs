//! `metrics`: the gauges in the OpenMetrics text format, for Prometheus
//! (through node_exporter's textfile collector, or any scrape of the
//! file). Written by hand: a few gauges of small integers need no client
//! library, and every byte is under test (`promtool check metrics` too).
//!
//! Every family has `# HELP` and `# TYPE`; label values are escaped; every
//! value is a plain integer, so no locale can change a digit; the text
//! ends with `# EOF`. The names are a contract (issue 13): never rename one.

use std::io::{self, Write};

use crate::sla::{CLOCK_STATES, CLOCKS, Gauges, Severity};

/// One gauge family's header.
fn family(w: &mut impl Write, name: &str, help: &str) -> io::Result<()> {
    writeln!(w, "# HELP {name} {}", escape_help(help))?;
    writeln!(w, "# TYPE {name} gauge")
}

/// `name{a="x",b="y"} value`.
fn sample(w: &mut impl Write, name: &str, labels: &[(&str, &str)], value: i64) -> io::Result<()> {
    if labels.is_empty() {
        return writeln!(w, "{name} {value}");
    }
    let labels: Vec<String> = labels
        .iter()
        .map(|(k, v)| format!("{k}=\"{}\"", escape_label(v)))
        .collect();
    writeln!(w, "{name}{{{}}} {value}", labels.join(","))
}

/// A label value: backslash, double quote and line feed escaped.
fn escape_label(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// HELP text: backslash and line feed escaped.
fn escape_help(v: &str) -> String {
    v.replace('\\', "\\\\").replace('\n', "\\n")
}

fn count(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Every gauge, then `# EOF`.
/// `check_code` is what `check` would exit with now, which `app::exit` decides.
pub fn metrics_text(w: &mut impl Write, g: &Gauges, check_code: u8) -> io::Result<()> {
    family(
        w,
        "slaclock_open_tickets",
        "Unresolved tickets, by kind and the severity in force (none for provisioning).",
    )?;
    for ((kind, severity), n) in &g.open_tickets {
        let severity = severity.map_or_else(|| "none".to_string(), |s: Severity| s.to_string());
        sample(
            w,
            "slaclock_open_tickets",
            &[("kind", kind.as_str()), ("severity", &severity)],
            count(*n),
        )?;
    }
    family(
        w,
        "slaclock_clocks",
        "Clocks of unresolved tickets, by clock and state; at_risk is a running clock past the warn threshold.",
    )?;
    for clock in CLOCKS {
        for state in CLOCK_STATES {
            let n = g.clocks.get(&(clock, state)).copied().unwrap_or(0);
            sample(
                w,
                "slaclock_clocks",
                &[("clock", clock), ("state", state)],
                count(n),
            )?;
        }
    }
    family(
        w,
        "slaclock_active_breaches",
        "Clocks still running past their deadline: what check counts as CRITICAL.",
    )?;
    sample(w, "slaclock_active_breaches", &[], count(g.active_breaches))?;
    family(
        w,
        "slaclock_escalations_due",
        "Tickets whose next escalation level is due and not taken.",
    )?;
    sample(
        w,
        "slaclock_escalations_due",
        &[],
        count(g.escalations_due()),
    )?;
    family(
        w,
        "slaclock_waiting_too_long",
        "Tickets waiting on the customer for longer than the policy's remind_after (or --max-wait).",
    )?;
    sample(
        w,
        "slaclock_waiting_too_long",
        &[],
        count(g.waiting_too_long()),
    )?;
    family(
        w,
        "slaclock_next_deadline_seconds",
        "Seconds until the nearest deadline of a running clock; negative once breached, and held while a wait pauses the breach. Absent when no clock runs.",
    )?;
    if let Some(secs) = g.next_deadline_secs() {
        sample(w, "slaclock_next_deadline_seconds", &[], secs)?;
    }
    check_status(w, check_code)?;
    writeln!(w, "# EOF")
}

fn check_status(w: &mut impl Write, code: u8) -> io::Result<()> {
    family(
        w,
        "slaclock_check_status",
        "What slaclock check would exit with: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.",
    )?;
    sample(w, "slaclock_check_status", &[], i64::from(code))
}

/// What is written when the log could not be evaluated: the status alone,
/// UNKNOWN (`unknown_code`, 3), so an alert on it fires instead of old
/// figures standing.
pub fn metrics_unknown(w: &mut impl Write, unknown_code: u8) -> io::Result<()> {
    check_status(w, unknown_code)?;
    writeln!(w, "# EOF")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sla::{Evaluation, Kind, Policy, Rules, evaluate, instant};

    fn written(write: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> String {
        let mut out = vec![];
        write(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn at(minutes: i64) -> chrono::DateTime<chrono::Utc> {
        instant(1_795_478_400 + minutes * 60)
    }

    fn eval_at(severity: u8, now: i64) -> Evaluation {
        let ticket = crate::sla::Ticket {
            kind: Kind::Incident,
            severity: Severity::new(severity),
            reported_at: at(0),
        };
        evaluate(&Policy::default_policy(), &ticket, &[], at(now))
    }

    #[test]
    fn the_exact_text() {
        let rules = Rules {
            warn_at: 75,
            max_wait_secs: 86_400,
            history: false,
        };
        let mut g = Gauges::new(rules, at(20));
        g.add(Kind::Incident, 1, &eval_at(1, 20));
        let text = written(|w| metrics_text(w, &g, 2));
        let mut want = String::from(
            "# HELP slaclock_open_tickets Unresolved tickets, by kind and the severity in force (none for provisioning).\n\
             # TYPE slaclock_open_tickets gauge\n\
             slaclock_open_tickets{kind=\"incident\",severity=\"1\"} 1\n\
             slaclock_open_tickets{kind=\"incident\",severity=\"2\"} 0\n\
             slaclock_open_tickets{kind=\"incident\",severity=\"3\"} 0\n\
             slaclock_open_tickets{kind=\"provisioning\",severity=\"none\"} 0\n\
             slaclock_open_tickets{kind=\"inquiry\",severity=\"3\"} 0\n\
             # HELP slaclock_clocks Clocks of unresolved tickets, by clock and state; at_risk is a running clock past the warn threshold.\n\
             # TYPE slaclock_clocks gauge\n",
        );
        for clock in CLOCKS {
            for state in CLOCK_STATES {
                let n = match (clock, state) {
                    ("response", "breached")
                    | ("update", "pending")
                    | ("restore", "running")
                    | ("own", "none") => 1,
                    _ => 0,
                };
                want.push_str(&format!(
                    "slaclock_clocks{{clock=\"{clock}\",state=\"{state}\"}} {n}\n"
                ));
            }
        }
        want.push_str(
            "# HELP slaclock_active_breaches Clocks still running past their deadline: what check counts as CRITICAL.\n\
             # TYPE slaclock_active_breaches gauge\n\
             slaclock_active_breaches 1\n\
             # HELP slaclock_escalations_due Tickets whose next escalation level is due and not taken.\n\
             # TYPE slaclock_escalations_due gauge\n\
             slaclock_escalations_due 0\n\
             # HELP slaclock_waiting_too_long Tickets waiting on the customer for longer than the policy's remind_after (or --max-wait).\n\
             # TYPE slaclock_waiting_too_long gauge\n\
             slaclock_waiting_too_long 0\n\
             # HELP slaclock_next_deadline_seconds Seconds until the nearest deadline of a running clock; negative once breached, and held while a wait pauses the breach. Absent when no clock runs.\n\
             # TYPE slaclock_next_deadline_seconds gauge\n\
             slaclock_next_deadline_seconds -300\n\
             # HELP slaclock_check_status What slaclock check would exit with: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.\n\
             # TYPE slaclock_check_status gauge\n\
             slaclock_check_status 2\n\
             # EOF\n",
        );
        assert_eq!(text, want);
        // No running clock: the family is declared, with no sample.
        let g = Gauges::new(rules, at(20));
        let text = written(|w| metrics_text(w, &g, 0));
        assert!(
            text.contains(
                "# TYPE slaclock_next_deadline_seconds gauge\n# HELP slaclock_check_status"
            )
        );
        assert!(text.ends_with("slaclock_check_status 0\n# EOF\n"), "{text}");
        assert_eq!(
            written(|w| metrics_unknown(w, 3)),
            "# HELP slaclock_check_status What slaclock check would exit with: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.\n\
             # TYPE slaclock_check_status gauge\n\
             slaclock_check_status 3\n\
             # EOF\n"
        );
    }

    #[test]
    fn label_values_and_help_are_escaped() {
        assert_eq!(escape_label("a\\b\"c\nd"), "a\\\\b\\\"c\\nd");
        assert_eq!(escape_help("a\\b\nc\""), "a\\\\b\\nc\"");
    }
}
