//! Benchmarks of the sla core: one 48-business-hour deadline, one 2,000-hour
//! deadline, a full evaluation of a ticket with 20 events, and loading a
//! policy whose `[customers]` lists 20,000 customers.
//! Run with `cargo bench --bench sla`; results go in BENCHMARKS.md.

use chrono::{DateTime, Duration, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use slaclock::sla::{Event, EventKind, Kind, Policy, Severity, Ticket, evaluate};
use std::hint::black_box;

fn instant(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("valid instant")
        .with_timezone(&Utc)
}

fn deadlines(c: &mut Criterion) {
    let policy = Policy::default_policy();
    let business = policy
        .calendar_named("business")
        .expect("default business calendar");
    // Friday 16:30 in Brisbane: the seed's severity 3 case, over a weekend.
    let start = instant("2026-11-20T16:30:00+10:00").timestamp();
    c.bench_function("deadline 48 business hours", |b| {
        b.iter(|| business.add_secs(black_box(start), black_box(48 * 3600)))
    });
    c.bench_function("deadline 2000 business hours", |b| {
        b.iter(|| business.add_secs(black_box(start), black_box(2000 * 3600)))
    });
}

fn evaluation(c: &mut Criterion) {
    let policy = Policy::default_policy();
    let t0 = instant("2026-11-24T00:00:00Z");
    let ticket = Ticket {
        kind: Kind::Incident,
        severity: Severity::new(3),
        reported_at: t0,
    };
    let at = |m: i64| t0 + Duration::minutes(m);
    let mut events = vec![];
    for i in 0..20i64 {
        let kind = match i % 10 {
            3 => EventKind::Waiting,
            4 => EventKind::Resumed,
            6 => EventKind::Updated {
                next_update: Some(at(i * 45 + 120)),
            },
            8 if i == 8 => EventKind::SeverityChanged { to: Severity::S2 },
            9 if i == 9 => EventKind::Escalated { level: 1 },
            _ => EventKind::Updated { next_update: None },
        };
        events.push(Event::new(at(i * 45), kind));
    }
    let now = at(20 * 45);
    c.bench_function("evaluate a ticket with 20 events", |b| {
        b.iter(|| {
            evaluate(
                black_box(&policy),
                black_box(&ticket),
                black_box(&events),
                now,
            )
        })
    });
}

/// A large provider's `[customers]`: each name checked against the others
/// for a case-insensitive duplicate as the file is loaded (every command
/// loads the policy, and `check` its recorded versions too).
fn many_customers(c: &mut Criterion) {
    let mut text = format!(
        "{}\n[contracts.gold]\nseverity.1.update = \"15m\"\n\n[customers]\n",
        slaclock::sla::DEFAULT_POLICY
    );
    for i in 0..20_000 {
        text.push_str(&format!("\"Customer {i:05} Pty Ltd\" = \"gold\"\n"));
    }
    let mut group = c.benchmark_group("policy");
    group.sample_size(10);
    group.bench_function("load a policy listing 20000 customers", |b| {
        b.iter(|| Policy::from_recorded(black_box(&text)).expect("a valid policy"))
    });
    group.finish();
}

criterion_group!(benches, deadlines, evaluation, many_customers);
criterion_main!(benches);
