//! Writes a realistic ticket log through the store, for benchmarks:
//!
//!   cargo run --release --example generate -- --tickets 1000000 --open 10000 big.db
//!
//! Every kind and severity, updates on and off time, waits, written
//! promises, severity changes, escalations, resolves, and three policy
//! versions over three years. The newest `--open` tickets are left open;
//! their clocks run against the present (2026-11-24). Deterministic: the
//! same arguments give the same log.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use slaclock::model::TicketId;
use slaclock::sla::{DEFAULT_POLICY, Event, EventKind, Kind, Severity, Ticket, summarize};
use slaclock::store::{NewEvent, NewTicket, Store, Summary};

const END: i64 = 1_795_478_400; // 2026-11-24T00:00:00Z
const SPAN: i64 = 3 * 365 * 86_400;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (mut tickets, mut open, mut file) = (100_000u64, 1_000u64, None);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--tickets" => tickets = it.next().context("--tickets N")?.parse()?,
            "--open" => open = it.next().context("--open M")?.parse()?,
            f if !f.starts_with('-') => file = Some(PathBuf::from(f)),
            other => bail!("unknown argument {other}; usage: generate --tickets N --open M FILE"),
        }
    }
    let file = file.context("usage: generate --tickets N --open M FILE")?;
    if file.exists() {
        bail!("{} exists; the generator writes a new log", file.display());
    }
    let started = std::time::Instant::now();
    let mut store = Store::open(
        &slaclock::store::Location::Sqlite(file.clone()),
        slaclock::store::OpenMode::Create,
    )?;
    let policies = [
        DEFAULT_POLICY.to_string(),
        DEFAULT_POLICY.replace("update = \"60m\"", "update = \"45m\""),
        DEFAULT_POLICY.replace("response = \"30m\"", "response = \"20m\""),
    ];
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    // Resolved tickets fill the three years; the open ones are the newest days.
    let step = (SPAN / tickets.saturating_sub(open).max(1) as i64).max(1);
    let batch = 20_000;
    let mut n = 0u64;
    while n < tickets {
        let upto = (n + batch).min(tickets);
        store.write(|tx| {
            let versions: Vec<i64> = policies
                .iter()
                .map(|p| tx.policy_version(&slaclock::app::convert::policy_hash(p), p, END - SPAN))
                .collect::<Result<_>>()?;
            for i in n..upto {
                let reported = END - SPAN + i as i64 * step;
                let keep_open = i >= tickets.saturating_sub(open);
                let reported = if keep_open {
                    END - (tickets - i) as i64 * 37
                } else {
                    reported
                };
                write_ticket(
                    tx,
                    &mut rng,
                    i,
                    reported,
                    keep_open,
                    versions[(i * 3 / tickets.max(1)) as usize],
                )?;
            }
            Ok(())
        })?;
        n = upto;
    }
    eprintln!(
        "wrote {tickets} tickets ({open} open) to {} in {:.1?}",
        file.display(),
        started.elapsed()
    );
    Ok(())
}

fn write_ticket(
    tx: &mut dyn slaclock::store::Tx,
    rng: &mut Rng,
    i: u64,
    reported: i64,
    keep_open: bool,
    version: i64,
) -> Result<()> {
    let (kind, severity) = match rng.below(100) {
        0..=6 => (Kind::Incident, Some(1)),
        7..=27 => (Kind::Incident, Some(2)),
        28..=69 => (Kind::Incident, Some(3)),
        70..=84 => (Kind::Provisioning, None),
        _ => (Kind::Inquiry, Some(3)),
    };
    let customers = [
        "ACME",
        "Globex",
        "Initech",
        "Hooli",
        "Umbrella",
        "株式会社サンプル",
        "Stark",
        "Wayne",
    ];
    let id = tx.insert_ticket(&NewTicket {
        kind,
        severity,
        title: format!(
            "Generated ticket {i}: VXC-{} degraded",
            rng.below(9000) + 1000
        ),
        customer: Some(customers[rng.below(8) as usize].into()),
        service: Some(format!("VXC-{}", rng.below(90_000) + 10_000)),
        reported_at: reported,
        opened_at: reported + rng.below(300) as i64,
        policy_version: version,
        by: "generator".into(),
        text: None,
        external_ref: None,
        contract: None,
    })?;
    let ticket = Ticket {
        kind,
        severity: severity.and_then(Severity::new),
        reported_at: slaclock::sla::instant(reported),
    };
    let mut events: Vec<Event> = Vec::new();
    let mut t = reported + 60 + rng.below(1200) as i64;
    let push = |events: &mut Vec<Event>,
                tx: &mut dyn slaclock::store::Tx,
                at: i64,
                kind: EventKind,
                text: Option<String>|
     -> Result<()> {
        let e = Event::new(slaclock::sla::instant(at), kind);
        tx.append_event(&NewEvent {
            ticket: id,
            at,
            recorded_at: at,
            by: "generator".into(),
            kind: e.kind.clone(),
            reason: None,
            text,
            policy_version: None,
            old_value: None,
            new_value: None,
            contract: None,
        })?;
        events.push(e);
        Ok(())
    };
    let updates = 3 + rng.below(6);
    let mut level = 0;
    for u in 0..updates {
        if keep_open && t > END - 60 {
            break;
        }
        let promise = rng
            .chance(10)
            .then(|| slaclock::sla::instant(t + 3600 + rng.below(7200) as i64));
        push(
            &mut events,
            tx,
            t,
            EventKind::Updated {
                next_update: promise,
            },
            Some(format!("Update {u}")),
        )?;
        if u == 1 && rng.chance(20) {
            t += 300;
            push(&mut events, tx, t, EventKind::Waiting, None)?;
            t += 600 + rng.below(7200) as i64;
            push(&mut events, tx, t, EventKind::Resumed, None)?;
        }
        if u == 2 && kind == Kind::Incident && rng.chance(10) {
            let to = Severity::new(1 + rng.below(3) as u8).unwrap_or(Severity::S2);
            if Some(to.get()) != severity {
                push(
                    &mut events,
                    tx,
                    t + 60,
                    EventKind::SeverityChanged { to },
                    None,
                )?;
            }
        }
        if u == 2 && kind == Kind::Incident && level < 3 && rng.chance(15) {
            level += 1;
            push(
                &mut events,
                tx,
                t + 120,
                EventKind::Escalated { level },
                None,
            )?;
        }
        t += 600 + rng.below(if severity == Some(1) { 2400 } else { 10_000 }) as i64;
    }
    if !keep_open {
        push(&mut events, tx, t, EventKind::Resolved, None)?;
    }
    let s = summarize(&ticket, &events);
    tx.set_summary(
        id,
        &Summary {
            state: s.state,
            severity: s.severity.map(Severity::get),
            escalation_level: s.escalation_level,
            last_event_at: s.last_event_at.timestamp(),
            resolved_at: s.resolved_at.map(|t| t.timestamp()),
            owner: s.owner.clone(),
        },
    )?;
    let _: TicketId = id;
    Ok(())
}
