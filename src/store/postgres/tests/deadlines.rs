//! The deadlines on connecting and on every request, and what a message
//! says when one passes, against fake servers in this process that accept
//! connections and never answer (or answer the startup, or agree to TLS,
//! and then fall silent), so they need no PostgreSQL server.

use std::thread;
use std::time::Duration;

use anyhow::Result;

use super::super::*;

#[test]
fn timeouts_are_never_zero() {
    assert_eq!(session::millis(Duration::ZERO), "1ms");
    assert_eq!(session::millis(Duration::from_secs(10)), "10000ms");
    assert_eq!(session::millis(Duration::MAX), format!("{}ms", i32::MAX));
}

#[test]
fn connection_failure_is_one_line_naming_the_redacted_url() {
    // Port 1 on loopback: nothing listens there.
    let url = "postgres://someone:hunter2@127.0.0.1:1/tickets?connect_timeout=2";
    let err = PgStore::open(url, true).expect_err("nothing listens on port 1");
    let message = format!("{err:#}");
    assert!(
        message.starts_with(
            "cannot connect to the ticket log postgres://someone:***@127.0.0.1:1/tickets?connect_timeout=2 at 127.0.0.1:1: "
        ),
        "{message}"
    );
    assert!(!message.contains("hunter2"), "{message}");
    assert!(!message.contains('\n'), "{message}");
    let bad =
        PgStore::open("postgres://someone:hunter2@host:notaport/db", true).expect_err("bad port");
    let message = format!("{bad:#}");
    assert!(
        message.starts_with(
            "cannot connect to the ticket log postgres://someone:***@host:notaport/db: "
        ),
        "{message}"
    );
    assert!(!message.contains("hunter2"), "{message}");
}

/// The code of an SSLRequest packet (after its length).
const SSL_REQUEST: [u8; 4] = 80_877_103_i32.to_be_bytes();

/// A server on 127.0.0.1 that accepts connections and never answers; with
/// `handshake`, it first lets the client in, then falls silent. Returns its
/// port; connections stay open until the test process ends.
fn silent_server(handshake: bool) -> u16 {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("port").port();
    thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            // A server without TLS: "N" to an SSLRequest (sent first under
            // the default sslmode=prefer), then the startup packet.
            if handshake {
                loop {
                    let mut len = [0u8; 4];
                    if stream.read_exact(&mut len).is_err() {
                        break;
                    }
                    let n = usize::try_from(i32::from_be_bytes(len)).unwrap_or(4);
                    let mut packet = vec![0u8; n.saturating_sub(4)];
                    if stream.read_exact(&mut packet).is_err() {
                        break;
                    }
                    if packet == SSL_REQUEST {
                        let _ = stream.write_all(b"N");
                        continue;
                    }
                    // AuthenticationOk, then ReadyForQuery (idle).
                    let _ = stream.write_all(b"R\0\0\0\x08\0\0\0\0Z\0\0\0\x05I");
                    break;
                }
            }
            held.push(stream);
        }
    });
    port
}

/// Runs `f` on a thread and fails the test if it has not returned within
/// `limit`: the proof that it does not hang.
fn within<T: Send + 'static>(limit: Duration, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (send, receive) = std::sync::mpsc::channel();
    thread::spawn(move || send.send(f()));
    receive
        .recv_timeout(limit)
        .unwrap_or_else(|_| panic!("still waiting after {limit:?}: it hangs"))
}

#[test]
fn connections_have_a_timeout_and_keepalives_unless_the_url_chooses() -> Result<()> {
    let config = session::configure("postgres://u:p@h/db")?;
    assert_eq!(config.get_connect_timeout(), Some(&Duration::from_secs(10)));
    assert!(config.get_keepalives());
    assert_eq!(config.get_keepalives_idle(), Duration::from_secs(15));
    assert_eq!(
        config.get_keepalives_interval(),
        Some(Duration::from_secs(5))
    );
    assert_eq!(config.get_keepalives_retries(), Some(3));
    assert_eq!(config.get_application_name(), Some("slaclock"));
    let config = session::configure(
        "postgres://u:p@h/db?connect_timeout=3&keepalives_idle=60&keepalives_interval=7\
         &keepalives_retries=9&application_name=cron",
    )?;
    assert_eq!(config.get_connect_timeout(), Some(&Duration::from_secs(3)));
    assert_eq!(config.get_keepalives_idle(), Duration::from_secs(60));
    assert_eq!(
        config.get_keepalives_interval(),
        Some(Duration::from_secs(7))
    );
    assert_eq!(config.get_keepalives_retries(), Some(9));
    assert_eq!(config.get_application_name(), Some("cron"));
    // "0" is libpq's "forever"; here it is the default.
    let config = session::configure("host=h connect_timeout=0 keepalives=0")?;
    assert_eq!(config.get_connect_timeout(), Some(&Duration::from_secs(10)));
    assert!(!config.get_keepalives());
    Ok(())
}

#[test]
fn connecting_to_a_server_that_never_answers_gives_up_at_the_connect_timeout() {
    let port = silent_server(false);
    let url = format!("postgres://u:Hunter2@127.0.0.1:{port}/db?connect_timeout=1");
    let err = within(Duration::from_secs(30), move || {
        PgStore::open(&url, true)
            .map(drop)
            .map_err(|e| format!("{e:#}"))
    })
    .expect_err("nothing answers");
    assert_eq!(
        err,
        format!(
            "cannot connect to the ticket log postgres://u:***@127.0.0.1:{port}/db?connect_timeout=1 \
             at 127.0.0.1:{port}: the server did not answer within 1s (connect_timeout)"
        )
    );
}

#[test]
fn a_server_that_agrees_to_tls_and_then_falls_silent_is_given_up_at_the_connect_timeout() {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("port").port();
    thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut request = [0u8; 8];
            if stream.read_exact(&mut request).is_ok() {
                // "S": go ahead with TLS; then nothing, not even a ServerHello.
                let _ = stream.write_all(b"S");
            }
            held.push(stream);
        }
    });
    let url = format!("postgres://u:Hunter2@127.0.0.1:{port}/db?connect_timeout=1&sslmode=require");
    let err = within(Duration::from_secs(30), move || {
        PgStore::open(&url, true)
            .map(drop)
            .map_err(|e| format!("{e:#}"))
    })
    .expect_err("the handshake is never answered");
    assert_eq!(
        err,
        format!(
            "cannot connect to the ticket log postgres://u:***@127.0.0.1:{port}/db?connect_timeout=1&sslmode=require \
             at 127.0.0.1:{port}: the server did not answer within 1s (connect_timeout)"
        )
    );
}

#[test]
fn a_request_without_an_answer_is_given_up_and_says_what_may_have_happened() {
    let port = silent_server(true);
    // A plain-text server whatever PGSSLMODE says (`.ci/run` sets it).
    let url = format!("postgres://u:Hunter2@127.0.0.1:{port}/db?connect_timeout=1&sslmode=disable");
    let shown = format!(
        "postgres://u:***@127.0.0.1:{port}/db?connect_timeout=1&sslmode=disable at 127.0.0.1:{port}"
    );
    let messages = within(Duration::from_secs(60), move || {
        let mut messages = Vec::new();
        for step in [Step::Read, Step::Write, Step::Commit] {
            let mut session = connect(&url, &redact(&url)).expect("the handshake is answered");
            session.set_busy_timeout(Duration::from_millis(100));
            session.set_statement_work(Duration::from_millis(100));
            // 100 ms of lock wait + 100 ms of work + 1 s for the answer.
            assert_eq!(session.answer_limit(), Duration::from_millis(1200));
            let first = session.batch(step, "SELECT 1").expect_err("silence");
            // Given up once, the connection is never waited on again.
            let started = std::time::Instant::now();
            let again = session.batch(step, "SELECT 1").expect_err("abandoned");
            assert!(started.elapsed() < Duration::from_secs(1));
            assert_eq!(again.to_string(), first.to_string());
            messages.push(first.to_string());
            drop(session); // and closing it does not wait either
        }
        messages
    });
    assert_eq!(
        messages,
        [
            format!(
                "the ticket log {shown} did not answer within 1s 200ms; is the server stopped or overloaded?"
            ),
            format!("the ticket log {shown} did not answer within 1s 200ms; nothing was recorded"),
            format!(
                "the ticket log {shown} did not confirm the commit within 1s 200ms: the change may or may not have been recorded; look at the log before trying again"
            ),
        ]
    );
}
