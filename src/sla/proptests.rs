//! Property tests: invariants of the calendars and clocks that must hold for
//! every input, and "never panics" for arbitrary policies and event logs;
//! and of the report: shortening targets never raises a compliance figure.
//!
//! Over 600 lines: tests only, one per invariant, kept in one file so that
//! they share the strategies that generate tickets' logs.

use chrono::{DateTime, Utc};
use proptest::prelude::*;

use super::testutil::{brisbane, calendar};
use super::*;

mod lateness;

fn calendars() -> Vec<Calendar> {
    vec![
        brisbane(),
        calendar(
            "timezone = \"Australia/Sydney\"\nmon = [\"08:30-12:00\", \"13:00-17:30\"]\nwed = [\"00:00-03:00\", \"22:00-24:00\"]\nfri = [\"09:00-17:00\"]\nsun = [\"01:30-02:45\"]\nholidays = [\"2026-04-06\", \"2026-10-05\", \"2027-01-01\"]",
        ),
        calendar(
            "timezone = \"America/Sao_Paulo\"\nmon = [\"00:00-24:00\"]\nsat = [\"10:00-14:00\"]\nsun = [\"00:00-01:00\"]",
        ),
        calendar(
            "timezone = \"Europe/London\"\ntue = [\"00:30-01:30\", \"09:00-17:00\"]\nsun = [\"00:00-24:00\"]",
        ),
    ]
}

/// Instants from 2015 to 2035, where the zones have transitions.
fn instant() -> impl Strategy<Value = i64> {
    1_420_070_400i64..2_051_222_400i64
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn a_deadline_is_never_before_its_start_and_counts_back(c in 0usize..4, t in instant(), d in 0i64..8_000_000) {
        let cal = &calendars()[c];
        let end = cal.add_secs(t, d);
        prop_assert!(end >= t);
        prop_assert_eq!(cal.count_secs(t, end), d);
    }

    #[test]
    fn splitting_a_duration_gives_the_same_instant(c in 0usize..4, t in instant(), a in 0i64..2_000_000, b in 1i64..2_000_000) {
        let cal = &calendars()[c];
        prop_assert_eq!(cal.add_secs(cal.add_secs(t, a), b), cal.add_secs(t, a + b));
    }

    #[test]
    fn counting_is_additive(c in 0usize..4, t in instant(), x in 0i64..5_000_000, y in 0i64..5_000_000) {
        let cal = &calendars()[c];
        let (m, e) = (t + x, t + x + y);
        prop_assert_eq!(cal.count_secs(t, e), cal.count_secs(t, m) + cal.count_secs(m, e));
    }

    #[test]
    fn next_open_is_open(c in 0usize..4, t in instant()) {
        let cal = &calendars()[c];
        let open = cal.next_open_secs(t);
        prop_assert!(open >= t);
        prop_assert_eq!(cal.count_secs(t, open), 0);
        prop_assert_eq!(cal.count_secs(open, open + 1), 1);
    }

    #[test]
    fn a_pause_never_makes_a_deadline_earlier(sev in 1u8..=3, events in event_log(), wait_at in 0i64..200_000, len in 1i64..100_000) {
        let policy = Policy::default_policy();
        let ticket = Ticket { kind: Kind::Incident, severity: Severity::new(sev), reported_at: start() };
        let now = start() + chrono::Duration::seconds(400_000);
        let base = evaluate(&policy, &ticket, &events, now);
        // Add one wait before everything else (so no other rule refuses it).
        let mut paused = vec![
            Event::new(at(wait_at), EventKind::Waiting),
            Event::new(at(wait_at + len), EventKind::Resumed),
        ];
        paused.extend(events.iter().filter(|e| e.at > at(wait_at + len)).cloned());
        let base = if paused.len() - 2 == events.len() { base } else { evaluate(&policy, &ticket, &paused[2..], now) };
        let with_pause = evaluate(&policy, &ticket, &paused, now);
        for ((name, b), (_, p)) in base.clocks().iter().zip(with_pause.clocks().iter()) {
            if let (Some(b), Some(p)) = (b.deadline, p.deadline) {
                prop_assert!(p >= b, "{} deadline moved earlier: {} -> {}", name, b, p);
            }
        }
        if let (Some(b), Some(p)) = (base.escalation.due_at, with_pause.escalation.due_at) {
            prop_assert!(p >= b);
        }
    }

    /// SPEC section 4, "Voided events": a voided event is judged as if it
    /// had never been recorded, whatever it was and wherever it stands.
    #[test]
    fn a_voided_event_is_judged_as_if_it_had_never_been_recorded(
        sev in 1u8..=3,
        events in event_log(),
        pick in any::<prop::sample::Index>(),
        later in 0i64..400_000,
    ) {
        prop_assume!(!events.is_empty());
        let policy = super::testutil::edited(&[
            ("restore = \"6h\"", "restore = \"6h\"\nown = \"10m\""),
            ("restore = \"24h\"", "restore = \"24h\"\nown = \"1h\""),
        ]);
        let ticket = Ticket { kind: Kind::Incident, severity: Severity::new(sev), reported_at: start() };
        let i = pick.index(events.len());
        let mut voided = events.clone();
        voided[i].voided = true;
        let mut removed = events.clone();
        removed.remove(i);
        let now = at(later);
        prop_assert_eq!(
            evaluate(&policy, &ticket, &voided, now),
            evaluate(&policy, &ticket, &removed, now)
        );
        let (mut with_void, without) = (summarize(&ticket, &voided), summarize(&ticket, &removed));
        with_void.last_event_at = without.last_event_at;
        with_void.waiting_since = with_void.waiting_since.map(|w| if w > i { w - 1 } else { w });
        prop_assert_eq!(with_void, without);
    }

    #[test]
    fn evaluate_never_panics_and_deadlines_follow_the_report(kind in 0usize..3, sev in 0u8..=4, events in any_events(), later in 0i64..1_000_000) {
        let policy = Policy::default_policy();
        let kind = Kind::ALL[kind];
        let ticket = Ticket { kind, severity: Severity::new(sev), reported_at: start() };
        let e = evaluate(&policy, &ticket, &events, at(later));
        for (_, c) in e.clocks() {
            if let Some(d) = c.deadline {
                prop_assert!(d >= start());
            }
        }
        let _ = json_of(&ticket, e.clone());
        let _ = summarize(&ticket, &events);
        if let Some(last) = events.last() {
            let _ = check_event(&policy, &ticket, &events[..events.len() - 1], last, at(later));
        }
    }

    #[test]
    fn the_edges_of_time_and_the_longest_targets_never_panic(
        p in 0usize..2,
        kind in 0usize..3,
        sev in 1u8..=3,
        reported in FIRST..=LAST,
        steps in prop::collection::vec((0i64..=LAST, kind()), 0..12),
        now in FIRST..=LAST,
    ) {
        let policies = [Policy::default_policy(), longest_policy()];
        let policy = &policies[p];
        let ticket = Ticket { kind: Kind::ALL[kind], severity: Severity::new(sev), reported_at: secs(reported) };
        // Events anywhere from the report to the end of time, in order.
        let mut times: Vec<i64> = steps.iter().map(|(t, _)| reported + (t % (LAST - reported + 1))).collect();
        times.sort_unstable();
        let events: Vec<Event> = times
            .into_iter()
            .zip(steps.into_iter().map(|(_, k)| k))
            .map(|(t, kind)| Event::new(secs(t), kind))
            .collect();
        let until = secs(now / 2 + reported / 2);
        let repin = Repin { at: until, event: events.partition_point(|e| e.at < until) };
        let history = PolicyHistory { current: &policies[1 - p], earlier: vec![(repin, policy)] };
        for e in [
            evaluate(policy, &ticket, &events, secs(now)),
            explain(&history, &ticket, &events, secs(now)).0,
        ] {
            let _ = json_of(&ticket, e.clone());
            for (_, c) in e.clocks() {
                let _ = c.at_risk(75);
            }
        }
        let _ = summarize(&ticket, &events);
        if let Some(last) = events.last() {
            let _ = check_event(policy, &ticket, &events[..events.len() - 1], last, secs(now));
        }
    }

    #[test]
    fn a_policy_apply_with_the_same_policy_changes_no_figure(restart in any::<bool>(), sev in 1u8..=3, events in event_log(), place in 0usize..20, gap in 0i64..20_000, later in 0i64..200_000) {
        let policy = if restart { restart_policy() } else { Policy::default_policy() };
        let same = policy.clone();
        let ticket = Ticket { kind: Kind::Incident, severity: Severity::new(sev), reported_at: start() };
        // The apply goes in at `place`, in time order, as the store keeps it.
        let place = place.min(events.len());
        let apply_at = match (events.get(place), place.checked_sub(1).and_then(|i| events.get(i))) {
            (Some(next), _) => next.at,
            (None, Some(last)) => last.at + chrono::Duration::seconds(gap),
            (None, None) => at(gap),
        };
        let mut applied = events.clone();
        applied.insert(place, Event::new(apply_at, EventKind::PolicyApplied));
        let now = applied.last().map_or(start(), |e| e.at) + chrono::Duration::seconds(later);
        let history = PolicyHistory { current: &same, earlier: vec![(Repin { at: apply_at, event: place }, &policy)] };
        let with = evaluate_history(&history, &ticket, &applied, now);
        let without = evaluate(&policy, &ticket, &events, now);
        prop_assert_eq!(&with.clocks, &without.clocks);
        prop_assert_eq!(&with.escalation, &without.escalation);
        prop_assert_eq!(with.state, without.state);
    }

    #[test]
    fn in_restart_mode_a_severity_change_never_clears_a_breach(sev in 1u8..=3, to in 1u8..=3, events in event_log(), gap in 0i64..40_000, later in 0i64..100_000) {
        let policy = restart_policy();
        let ticket = Ticket { kind: Kind::Incident, severity: Severity::new(sev), reported_at: start() };
        let change_at = events.last().map_or(start(), |e| e.at) + chrono::Duration::seconds(gap);
        let change = Event::new(change_at, EventKind::SeverityChanged { to: Severity::new(to).unwrap() });
        prop_assume!(check_event(&policy, &ticket, &events, &change, change_at).is_ok());
        let before = evaluate(&policy, &ticket, &events, change_at);
        let mut changed = events.clone();
        changed.push(change);
        for now in [change_at, change_at + chrono::Duration::seconds(later)] {
            let after = evaluate(&policy, &ticket, &changed, now);
            for ((name, b), (_, a)) in before.clocks().iter().zip(after.clocks().iter()).filter(|(c, _)| c.0 != "update") {
                if b.state == ClockState::Breached {
                    prop_assert_eq!(a.state, ClockState::Breached, "{} was breached at the change", name);
                    prop_assert_eq!(a.deadline, b.deadline, "{} kept its deadline", name);
                    prop_assert_eq!(a.target_secs, b.target_secs, "{} kept its target", name);
                }
            }
        }
    }

    #[test]
    fn a_wait_pauses_a_running_clock_where_it_stands(sev in 1u8..=3, events in event_log(), gap in 0i64..40_000, when in 0usize..3, later in 0i64..100_000, resolve in any::<bool>()) {
        let policy = Policy::default_policy(); // waiting pauses update and restore
        let ticket = Ticket { kind: Kind::Incident, severity: Severity::new(sev), reported_at: start() };
        let after_last = events.last().map_or(start(), |e| e.at) + chrono::Duration::seconds(gap);
        // The wait comes then, or exactly at the update or restore deadline
        // of a clock running then.
        let running = evaluate(&policy, &ticket, &events, after_last).clocks;
        let deadline = |c: &Clock| (c.state == ClockState::Running).then_some(c.deadline).flatten();
        let wait_at = match when {
            1 => deadline(&running.update).unwrap_or(after_last),
            2 => deadline(&running.restore).unwrap_or(after_last),
            _ => after_last,
        };
        let wait = Event::new(wait_at, EventKind::Waiting);
        prop_assume!(check_event(&policy, &ticket, &events, &wait, wait_at).is_ok());
        let before = evaluate(&policy, &ticket, &events, wait_at);
        let mut waited = events.clone();
        waited.push(wait);
        let now = wait_at + chrono::Duration::seconds(later);
        if resolve {
            waited.push(Event::new(now, EventKind::Resolved));
        }
        let after = evaluate(&policy, &ticket, &waited, now);
        let promised = matches!(before.clocks.update.figures, Figures::Update { promised_at: Some(_), .. });
        for (name, b, a) in [("update", &before.clocks.update, &after.clocks.update), ("restore", &before.clocks.restore, &after.clocks.restore)] {
            if b.state != ClockState::Running || (name == "update" && promised) {
                continue;
            }
            // Running at the wait, even with nothing left: paused with what
            // it had left, and no deadline. Resolved while paused, it is met
            // unless an earlier update interval was missed.
            let state = match (resolve, a.missed()) {
                (false, _) => ClockState::Paused,
                (true, 0) => ClockState::Met,
                (true, _) => ClockState::Breached,
            };
            prop_assert_eq!(a.state, state, "{}", name);
            prop_assert_eq!(a.deadline, None, "{}", name);
            prop_assert_eq!(a.remaining_secs, b.remaining_secs, "{}", name);
        }
    }

    #[test]
    fn any_text_gives_a_policy_or_positioned_errors(text in "\\PC*") {
        if let Err(e) = text.parse::<Policy>() {
            prop_assert!(!e.0.is_empty());
            prop_assert!(e.0.iter().all(|x| x.line >= 1 && x.column >= 1));
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = String::from_utf8_lossy(&bytes).parse::<Policy>();
    }

    #[test]
    fn arbitrary_toml_gives_a_policy_or_positioned_errors(doc in toml_document()) {
        if let Ok(p) = doc.parse::<Policy>() {
            // A policy accepted for new tickets is complete.
            for sev in Severity::ALL {
                for clock in [ClockKind::Response, ClockKind::Update, ClockKind::Restore] {
                    prop_assert!(p.target(Kind::Incident, Some(sev), clock).is_some());
                }
            }
        }
        match Policy::from_recorded(&doc) {
            Ok(p) => {
                // Whatever was accepted is usable: every target's calendar exists.
                for t in p.severities.values() {
                    for target in [&t.response, &t.update, &t.restore].into_iter().flatten() {
                        prop_assert!(target.calendar < p.calendars.len());
                        prop_assert!(target.secs > 0);
                    }
                }
            }
            Err(e) => prop_assert!(e.0.iter().all(|x| x.line >= 1 && x.line <= doc.lines().count().max(1) + 1)),
        }
    }

    #[test]
    fn mangled_default_policies_never_panic(cut in 0usize..4000, insert in "[\\[\\]=\"a-z0-9:., \\n-]{0,12}") {
        let base = DEFAULT_POLICY;
        let cut = cut.min(base.len());
        let cut = (0..=cut).rev().find(|i| base.is_char_boundary(*i)).unwrap_or(0);
        let text = format!("{}{}{}", &base[..cut], insert, &base[cut..]);
        let _ = text.parse::<Policy>();
    }
}

/// The range of times the command line accepts (app::time): 1970 to 9999.
const FIRST: i64 = 0;
const LAST: i64 = 253_402_300_799;

/// The evaluation as `status --format json` writes it.
fn json_of(ticket: &Ticket, eval: Evaluation) -> String {
    let view = crate::output::View {
        ticket: crate::output::TicketDetails {
            id: crate::model::TicketId(1),
            kind: ticket.kind,
            title: "t".into(),
            customer: None,
            service: None,
            reference: None,
            reported_at: ticket.reported_at,
            opened_at: ticket.reported_at,
            policy_version: 1,
            contract: None,
        },
        eval,
        policy: std::rc::Rc::new(Policy::default_policy()),
    };
    let mut out = vec![];
    crate::output::status_json(&mut out, &view).unwrap();
    String::from_utf8(out).unwrap()
}

fn secs(t: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(t, 0).unwrap()
}

/// The shipped policy with the furthest deadlines a policy can ask for:
/// every severity 3 target, and its escalation threshold, counted on a
/// calendar open one minute a week and as long as can be reached there
/// within the ten years a policy allows (about eight years and nine
/// months), and the other thresholds at the longest allowed, 366 days.
fn longest_policy() -> Policy {
    let text = DEFAULT_POLICY
        .replace(
            "timezone = \"Australia/Brisbane\"",
            "timezone = \"America/New_York\"",
        )
        .replace("mon = [\"09:00-17:00\"]", "sun = [\"01:59-02:00\"]")
        .replace("tue = [\"09:00-17:00\"]\n", "")
        .replace("wed = [\"09:00-17:00\"]\n", "")
        .replace("thu = [\"09:00-17:00\"]\n", "")
        .replace("fri = [\"09:00-17:00\"]\n", "")
        .replace(
            "response = \"30m\"",
            "response = { target = \"7h\", calendar = \"business\" }",
        )
        .replace(
            "update = \"4h\"",
            "update = { target = \"7h\", calendar = \"business\" }",
        )
        .replace("target = \"48h\"", "target = \"7h\"")
        .replace(
            "after = { 1 = \"12h\", 2 = \"48h\" }",
            "after = { 1 = \"366days\", 2 = \"366days\", 3 = \"7h\" }",
        );
    let policy: Policy = text.parse().unwrap_or_else(|e| panic!("{e}"));
    let restore = policy.severities[&Severity::S3].restore.as_ref();
    let reach = restore.and_then(|t| policy.calendar(t).longest_reach_days(t.secs));
    assert!(reach.is_some_and(|days| days > 8 * 365), "{reach:?}");
    policy
}

fn restart_policy() -> Policy {
    DEFAULT_POLICY
        .replace(
            "severity_change = \"retroactive\"",
            "severity_change = \"restart\"",
        )
        .parse()
        .unwrap()
}

pub(super) fn start() -> DateTime<Utc> {
    DateTime::from_timestamp(1_795_000_000, 0).unwrap()
}

fn at(secs: i64) -> DateTime<Utc> {
    start() + chrono::Duration::seconds(secs)
}

fn kind() -> impl Strategy<Value = EventKind> {
    prop_oneof![
        prop::option::of(1i64..100_000).prop_map(|p| EventKind::Updated {
            next_update: p.map(at)
        }),
        Just(EventKind::Waiting),
        Just(EventKind::Resumed),
        (0u8..5).prop_map(|level| EventKind::Escalated { level }),
        (1u8..=3).prop_map(|n| EventKind::SeverityChanged {
            to: Severity::new(n).unwrap()
        }),
        Just(EventKind::Resolved),
        Just(EventKind::Reopened),
        Just(EventKind::Note),
        prop::sample::select(vec!["alice", "bob"])
            .prop_map(|to| EventKind::Assigned { to: to.into() }),
        Just(EventKind::Unassigned),
    ]
}

/// A log in time order, as the store keeps it.
pub(super) fn event_log() -> impl Strategy<Value = Vec<Event>> {
    prop::collection::vec((0i64..20_000, kind()), 0..20).prop_map(|steps| {
        let mut t = 0;
        steps
            .into_iter()
            .map(|(gap, kind)| {
                t += gap;
                Event::new(at(t), kind)
            })
            .collect()
    })
}

/// Anything at all, in any order, even before the report.
fn any_events() -> impl Strategy<Value = Vec<Event>> {
    prop::collection::vec((-100_000i64..1_000_000, kind()), 0..30).prop_map(|v| {
        v.into_iter()
            .map(|(t, kind)| Event::new(at(t), kind))
            .collect()
    })
}

/// TOML documents built from the policy's own vocabulary, right and wrong.
fn toml_document() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        Just("response"),
        Just("update"),
        Just("restore"),
        Just("name"),
        Just("timezone"),
        Just("mon"),
        Just("sat"),
        Just("holidays"),
        Just("level"),
        Just("contact"),
        Just("after"),
        Just("pauses"),
        Just("severity_change"),
        Just("target"),
        Just("calendar"),
        Just("bogus"),
    ];
    let value = prop_oneof![
        Just("\"15m\"".to_string()),
        Just("\"0s\"".to_string()),
        Just("\"48h\"".to_string()),
        Just("7".to_string()),
        Just("-1".to_string()),
        Just("true".to_string()),
        Just("[\"09:00-17:00\"]".to_string()),
        Just("[\"17:00-09:00\"]".to_string()),
        Just("[\"00:00-24:00\", \"10:00-11:00\"]".to_string()),
        Just("\"Australia/Sydney\"".to_string()),
        Just("\"Nowhere/Land\"".to_string()),
        Just("[\"2026-12-25\", \"2026-02-30\"]".to_string()),
        Just("{ target = \"48h\", calendar = \"b\" }".to_string()),
        Just("{ 1 = \"2h\", 2 = \"1h\" }".to_string()),
        Just("[\"update\", \"restore\"]".to_string()),
        Just("\"restart\"".to_string()),
        "\"[a-z0-9 ]{0,6}\"".prop_map(|s| s),
    ];
    let header = prop_oneof![
        Just("[severity.1]"),
        Just("[severity.3]"),
        Just("[severity.9]"),
        Just("[calendars.b]"),
        Just("[provisioning]"),
        Just("[[escalation]]"),
        Just("[waiting]"),
        Just("[referrals]"),
        Just(""),
    ];
    prop::collection::vec((header, prop::collection::vec((key, value), 0..5)), 0..6).prop_map(
        |sections| {
            let mut out = String::new();
            for (h, pairs) in sections {
                out.push_str(h);
                out.push('\n');
                for (k, v) in pairs {
                    out.push_str(&format!("{k} = {v}\n"));
                }
            }
            out
        },
    )
}

/// Targets in minutes: response, update, restore and own for severities 1
/// to 3, then provisioning's response and update.
type Minutes = [u32; 14];

/// A complete policy with these targets, severity 3's restore in business
/// hours.
fn policy_of(m: &Minutes, restart: bool) -> Policy {
    let mode = if restart { "restart" } else { "retroactive" };
    let mut text = format!(
        "severity_change = \"{mode}\"\n[waiting]\npauses = [\"update\", \"restore\"]\n[calendars.business]\ntimezone = \"Australia/Brisbane\"\nmon = [\"09:00-17:00\"]\ntue = [\"09:00-17:00\"]\nwed = [\"09:00-17:00\"]\nthu = [\"09:00-17:00\"]\nfri = [\"09:00-17:00\"]\n[provisioning]\nresponse = \"{}m\"\nupdate = \"{}m\"\n",
        m[12], m[13]
    );
    for sev in 0..3 {
        let [response, update, restore, own] =
            [m[sev * 4], m[sev * 4 + 1], m[sev * 4 + 2], m[sev * 4 + 3]];
        let restore = if sev == 2 {
            format!("{{ target = \"{restore}m\", calendar = \"business\" }}")
        } else {
            format!("\"{restore}m\"")
        };
        text.push_str(&format!(
            "[severity.{}]\nresponse = \"{response}m\"\nupdate = \"{update}m\"\nrestore = {restore}\nown = \"{own}m\"\n",
            sev + 1
        ));
    }
    text.parse().unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// Tickets of every kind and severity, each with its own log.
fn tickets() -> impl Strategy<Value = Vec<(Ticket, Vec<Event>)>> {
    let one = (0usize..5, 0i64..50_000, event_log()).prop_map(|(k, offset, events)| {
        let (kind, severity) = match k {
            0..=2 => (Kind::Incident, Severity::new(k as u8 + 1)),
            3 => (Kind::Provisioning, None),
            _ => (Kind::Inquiry, Severity::new(3)),
        };
        let shift = chrono::Duration::seconds(offset);
        let ticket = Ticket {
            kind,
            severity,
            reported_at: start() + shift,
        };
        let events = events
            .into_iter()
            .map(|e| Event {
                at: e.at + shift,
                ..e
            })
            .collect();
        (ticket, events)
    });
    prop::collection::vec(one, 1..8)
}

/// A report on `tickets` judged at `now` under `policy`.
fn report_under(policy: &Policy, tickets: &[(Ticket, Vec<Event>)], now: DateTime<Utc>) -> Report {
    let mut b = ReportBuilder::new(Some("customer"), now);
    for (i, (ticket, events)) in tickets.iter().enumerate() {
        let eval = evaluate(policy, ticket, events, now);
        let customer = ["ACME", "Beta"][i % 2];
        b.add(ticket.kind, Some(customer), ticket.reported_at, &eval);
    }
    b.finish(start(), now)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Every target of the stricter policy is at most as long as the lax
    /// one's, on the same calendar, and none is added or taken away (each
    /// policy sets them all): shortening, which can only lower a figure.
    /// A target added where there was none brings new clocks into a
    /// figure and may raise it (README, "Trends and what if").
    #[test]
    fn shorter_targets_never_raise_a_compliance_figure(
        lax in prop::array::uniform14(1u32..3000),
        cut in prop::array::uniform14(1u32..=100),
        restart in any::<bool>(),
        tickets in tickets(),
        later in 0i64..400_000,
    ) {
        let strict: Minutes = std::array::from_fn(|i| (lax[i] * cut[i] / 100).max(1));
        let now = start() + chrono::Duration::seconds(later);
        let (lax_report, strict_report) = (
            report_under(&policy_of(&lax, restart), &tickets, now),
            report_under(&policy_of(&strict, restart), &tickets, now),
        );
        let rows = pairs(&lax_report.rows, &strict_report.rows, |r| (r.group.clone(), r.key.clone()));
        prop_assert_eq!(rows.len(), lax_report.rows.len());
        for (l, s) in rows {
            for figure in Figure::ALL.into_iter().filter(|f| f.is_compliance()) {
                let name = (&l.group, &l.key, figure.as_str());
                match (figure.of(l), figure.of(s)) {
                    (Some(was), Some(now)) => prop_assert!(now <= was, "{:?}: {} -> {}", name, was, now),
                    (None, Some(now)) => prop_assert_eq!(now, 0.0, "{:?}: met only under the stricter policy", name),
                    _ => {}
                }
            }
            prop_assert!(s.responses_met <= l.responses_met);
            prop_assert!(s.updates_on_time <= l.updates_on_time);
            prop_assert!(s.updates_missed >= l.updates_missed);
            prop_assert!(s.restores_met <= l.restores_met);
            prop_assert!(s.owns_met <= l.owns_met);
            // What the events alone decide is the same under any policy.
            prop_assert_eq!(s.opened, l.opened);
            prop_assert_eq!(s.escalated_level_1, l.escalated_level_1);
            prop_assert_eq!(s.still_open, l.still_open);
        }
    }

    #[test]
    fn the_same_policy_changes_nothing(
        lax in prop::array::uniform14(1u32..3000),
        restart in any::<bool>(),
        tickets in tickets(),
        later in 0i64..400_000,
    ) {
        let now = start() + chrono::Duration::seconds(later);
        let (a, b) = (policy_of(&lax, restart), policy_of(&lax, restart));
        let (ra, rb) = (report_under(&a, &tickets, now), report_under(&b, &tickets, now));
        for (r, p) in pairs(&ra.rows, &rb.rows, |r| (r.group.clone(), r.key.clone())) {
            for c in changes(r, p) {
                prop_assert!(c.change.is_none_or(|d| d == 0.0), "{:?}", c);
            }
        }
    }
}
