//! What a connection that failed before PostgreSQL answered reached, said
//! with where it was tried and what to check: nothing (refused,
//! unreachable), something that does not speak PostgreSQL's protocol (a
//! web server, an SSH daemon: the wrong port), or a peer that closed the
//! connection before answering. The driver's own words stay as the detail.

use std::io;

use tokio_postgres::Config;

use super::{describe, environment};
use crate::i18n::Msg;

/// What a failed connection reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reached {
    /// Nothing: refused or unreachable ("error connecting to server").
    Nothing,
    /// Something that answered, but not as PostgreSQL does: bytes that are
    /// not its messages, or not the TLS it offered.
    NotPostgres,
    /// A peer that closed or reset the connection before it answered.
    CutOff,
}

/// The one line for a connection that failed as `e` did before any
/// PostgreSQL answer, naming the places tried; None for any other failure
/// (a server's refusal, a certificate, a timeout), said elsewhere. Said
/// only where the places cannot hold a secret: a host the driver read out
/// of a malformed URL may be part of its password
/// (`postgres://u:pa@ss@host`), so it is named only if the redacted URL
/// `shown` shows it too, or the URL names no host at all.
pub(super) fn said(
    e: &tokio_postgres::Error,
    config: &Config,
    shown: &str,
    url_names_host: bool,
) -> Option<Msg> {
    let reached = reached(e)?;
    if url_names_host
        && !environment::places(config)
            .iter()
            .all(|p| shown.contains(p))
    {
        return None;
    }
    let (at, error) = (environment::tried(config), describe(e));
    Some(match reached {
        Reached::Nothing => crate::msg!(
            "pg-cannot-connect-at",
            shown = shown,
            at = at,
            error = error
        ),
        Reached::NotPostgres => {
            crate::msg!("pg-not-postgres", shown = shown, at = at, error = error)
        }
        Reached::CutOff => crate::msg!("pg-cut-off", shown = shown, at = at, error = error),
    })
}

/// What `e` says was reached, if it is a failure of that kind.
fn reached(e: &tokio_postgres::Error) -> Option<Reached> {
    // The driver's kinds are private; their words are what it shows.
    let kind = e.to_string();
    if kind.starts_with("error connecting to server") {
        return Some(Reached::Nothing);
    }
    if e.is_closed() {
        return Some(Reached::CutOff);
    }
    if kind == "unexpected message from server" || kind == "error parsing response from server" {
        return Some(Reached::NotPostgres);
    }
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        if let Some(io) = c.downcast_ref::<io::Error>() {
            match io.kind() {
                // "invalid message length: header length < 4": bytes that
                // are not a PostgreSQL message.
                io::ErrorKind::InvalidData | io::ErrorKind::InvalidInput => {
                    return Some(Reached::NotPostgres);
                }
                io::ErrorKind::ConnectionReset
                | io::ErrorKind::ConnectionAborted
                | io::ErrorKind::BrokenPipe
                | io::ErrorKind::UnexpectedEof => return Some(Reached::CutOff),
                _ => {}
            }
            // tokio-util's words for a stream that ended inside a message
            // (an HTTP server's answer read as PostgreSQL's).
            if io.to_string() == "bytes remaining on stream" {
                return Some(Reached::NotPostgres);
            }
        }
        if not_tls(c) {
            return Some(Reached::NotPostgres);
        }
        cause = c.source();
    }
    None
}

/// Whether `c` is rustls finding that what it talks to does not speak TLS
/// ("received corrupt message of type InvalidContentType": an SSH banner
/// begins with the `S` that says yes to TLS), directly or inside an I/O
/// error.
fn not_tls(c: &(dyn std::error::Error + 'static)) -> bool {
    let tls = c.downcast_ref::<rustls::Error>().or_else(|| {
        c.downcast_ref::<io::Error>()?
            .get_ref()?
            .downcast_ref::<rustls::Error>()
    });
    matches!(tls, Some(rustls::Error::InvalidMessage(_)))
}
