//! How often slaclock waits on the PostgreSQL server (issue 18), counted by
//! a TCP proxy between the binary and the server: a round trip is the
//! client sending and then the server answering. A client that pipelines
//! several requests before it waits counts once; one that waits for each
//! answer counts once per answer. The proxy sees only bytes, so the count
//! cannot be argued with: it may count a request sent while an earlier
//! answer was still arriving as a round trip of its own, never less.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::util::*;

/// A counting proxy in front of the server of `url`, and `url` through it.
struct Proxy {
    url: String,
    counts: Receiver<u32>,
}

impl Proxy {
    fn to(url: &str) -> Proxy {
        let config: postgres::Config = url.parse().expect("a PostgreSQL URL");
        let host = match config.get_hosts().first() {
            Some(postgres::config::Host::Tcp(h)) => h.clone(),
            _ => "127.0.0.1".to_owned(),
        };
        let port = config.get_ports().first().copied().unwrap_or(5432);
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let local = listener.local_addr().expect("port").port();
        let (send, counts) = channel();
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let server = TcpStream::connect((host.as_str(), port)).expect("reach the server");
                let send = send.clone();
                std::thread::spawn(move || {
                    let _ = send.send(count(client, server));
                });
            }
        });
        let user = config.get_user().unwrap_or("postgres");
        let name = config.get_dbname().expect("a database name");
        // Counted in plain text: TLS would add its own handshake (the
        // SSLRequest and TLS 1.3's one round trip) to every connection,
        // the same for every command. The name keeps these connections out
        // of .ci/run's count of TLS ones.
        Proxy {
            url: format!(
                "postgres://{user}@127.0.0.1:{local}/{name}?sslmode=disable&application_name=plain-proxy-test"
            ),
            counts,
        }
    }

    /// The round trips of the next connection to end.
    fn next(&self) -> u32 {
        self.counts
            .recv_timeout(Duration::from_secs(60))
            .expect("a connection through the proxy ended")
    }
}

/// Passes bytes both ways until both sides close; returns how often the
/// server spoke after the client had.
fn count(client: TcpStream, server: TcpStream) -> u32 {
    // (the client spoke last, round trips so far)
    let state = Arc::new(Mutex::new((false, 0u32)));
    let pass = |mut from: TcpStream, mut to: TcpStream, from_client: bool| {
        let state = state.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 65536];
            while let Ok(n @ 1..) = from.read(&mut buf) {
                {
                    // Noted before the bytes go on, so an answer to them
                    // is always seen after them.
                    let mut s = state.lock().unwrap();
                    if !from_client && s.0 {
                        s.1 += 1;
                    }
                    s.0 = from_client;
                }
                if to.write_all(&buf[..n]).is_err() {
                    break;
                }
            }
            let _ = to.shutdown(std::net::Shutdown::Write);
        })
    };
    let up = pass(
        client.try_clone().expect("clone"),
        server.try_clone().expect("clone"),
        true,
    );
    let down = pass(server, client, false);
    let _ = (up.join(), down.join());
    state.lock().unwrap().1
}

/// Adds tickets `ids` to `d`'s SQLite log, each with an update and every
/// other one waiting; returns how many rows that added.
fn add_tickets(d: &mut Desk, ids: std::ops::RangeInclusive<usize>) -> usize {
    let mut rows = 0;
    for i in ids {
        let id = i.to_string();
        let title = format!("ticket {i}");
        let opened = d.run(&["open", "--severity", "2", "--customer", "ACME", &title]);
        assert!(opened.ok().starts_with(&format!("#{id} ")));
        d.run(&["update", &id, "-m", "looking"]).ok();
        rows += 3;
        if i % 2 == 0 {
            d.run(&["wait", &id, "--reason", "LOA"]).ok();
            rows += 1;
        }
    }
    rows
}

/// Migrates `lite`'s log into a fresh PostgreSQL database through a
/// counting proxy, and back into a fresh file; returns both counts and
/// the desk of the copy.
fn migrate_through_proxy(lite: &Desk) -> (u32, u32, Desk) {
    let target = postgres_desk();
    let proxy = Proxy::to(target.url.as_deref().unwrap());
    let src = lite.db().display().to_string();
    lite.run(&["migrate", "--from", &src, "--to", &proxy.url])
        .ok();
    let into = proxy.next();
    let mut back = Desk::new();
    back.now = lite.now.clone();
    let copy = back.db().display().to_string();
    lite.run(&["migrate", "--from", &proxy.url, "--to", &copy])
        .ok();
    (into, proxy.next(), back)
}

/// `migrate` into and out of PostgreSQL waits on the server as often for
/// a log twice the size (a round trip per row would add one per row), and
/// the copy comes back from PostgreSQL byte for byte.
#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn migrate_with_postgres_does_not_wait_on_every_row() {
    let mut lite = Desk::new();
    add_tickets(&mut lite, 1..=30);
    let (small_into, small_out, _) = migrate_through_proxy(&lite);
    let added = add_tickets(&mut lite, 31..=60);
    lite.at("2026-11-24T05:00:00Z");
    let (into, out, back) = migrate_through_proxy(&lite);
    assert_eq!(
        (into, out),
        (small_into, small_out),
        "round trips into and out of PostgreSQL grew with {added} more rows"
    );
    for args in [
        &["export"][..],
        &["export", "--events"],
        &["status", "--all", "--format", "json"],
        &["check", "--format", "json"],
    ] {
        assert_eq!(back.run(args).stdout, lite.run(args).stdout, "{args:?}");
    }
}

/// Every write command waits on the server at most three times: to
/// connect, for what it reads (the check of the log, BEGIN, the lock and
/// the ticket in one go) and for what it writes (with the COMMIT). They
/// waited 21 times each before issue 18, every statement parsed, then
/// bound, on its own.
#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn a_write_command_waits_on_the_server_at_most_three_times() {
    let mut d = postgres_desk();
    // The schema is created once, by the first command.
    d.run(&["open", "--severity", "2", "first"]).ok();
    let proxy = Proxy::to(d.url.as_deref().unwrap());
    d.url = Some(proxy.url.clone());
    let commands: &[&[&str]] = &[
        &["open", "--severity", "2", "--customer", "ACME", "VXC down"],
        &["update", "2", "-m", "looking", "--next-update", "in 1h"],
        &["wait", "2", "--reason", "LOA"],
        &["resume", "2"],
        &["note", "2", "called the customer"],
        &["escalate", "2", "--reason", "slow"],
        &["severity", "2", "1", "--reason", "worse"],
        &["take", "2"],
        &["edit", "2", "--title", "VXC down in Tokyo"],
        &["void", "2", "6", "--reason", "wrong ticket"],
        &["resolve", "2"],
        &["reopen", "2", "--reason", "back"],
        // A ref is looked up with the policy's id, in the same request.
        &["open", "--severity", "1", "--ref", "CASE-7", "VXC flapping"],
    ];
    for args in commands {
        d.run(args).ok();
        let trips = proxy.next();
        assert!(trips <= 3, "{args:?}: {trips} round trips");
    }
    // What was written is all there, as on SQLite.
    let lite = Desk::new();
    lite.run(&["open", "--severity", "2", "first"]).ok();
    for args in commands {
        lite.run(args).ok();
    }
    for args in [&["export"][..], &["status", "2", "--format", "json"]] {
        assert_eq!(d.run(args).stdout, lite.run(args).stdout, "{args:?}");
        proxy.next();
    }
}
