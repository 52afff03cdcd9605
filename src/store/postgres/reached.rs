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
/// only where the places cannot hold a secret ([`nameable`]).
pub(super) fn said(
    e: &tokio_postgres::Error,
    config: &Config,
    shown: &str,
    url_names_host: bool,
) -> Option<Msg> {
    let reached = reached(e)?;
    if !nameable(config, shown, url_names_host) {
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

/// Whether the places `config` tries may be named beside `shown`, the
/// redacted connection string: a host the driver read out of a malformed
/// URL may be part of its password (`postgres://u:pa@ss@host`), so only
/// if `shown` shows each of them too, or the string named no host at all
/// (`url_names_host` false: the environment or the socket did).
pub(super) fn nameable(config: &Config, shown: &str, url_names_host: bool) -> bool {
    !url_names_host
        || environment::places(config)
            .iter()
            .all(|p| shown.contains(p))
}

/// What `e` says was reached, if it is a failure of that kind.
fn reached(e: &tokio_postgres::Error) -> Option<Reached> {
    // The driver's kinds are private; their words are what it shows.
    reached_by(&e.to_string(), e.is_closed(), std::error::Error::source(e))
}

/// [`reached`], from the driver's words for the failure (`kind`), whether
/// it says the connection closed, and the failure's first cause.
fn reached_by(
    kind: &str,
    closed: bool,
    source: Option<&(dyn std::error::Error + 'static)>,
) -> Option<Reached> {
    if kind.starts_with("error connecting to server") {
        return Some(Reached::Nothing);
    }
    if closed {
        return Some(Reached::CutOff);
    }
    if kind == "unexpected message from server" || kind == "error parsing response from server" {
        return Some(Reached::NotPostgres);
    }
    let mut cause = source;
    while let Some(c) = cause {
        // rustls's failures come inside an InvalidData I/O error. Only a
        // corrupt message says that what answered does not speak TLS (an
        // SSH banner begins with the `S` that says yes to TLS); any other
        // (a certificate refused, no TLS version in common) is a TLS
        // server that answered, said in `describe`'s words alone: advice
        // on the host and port would be false there.
        if let Some(tls) = super::tls::rustls_error(c) {
            return matches!(tls, rustls::Error::InvalidMessage(_)).then_some(Reached::NotPostgres);
        }
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
        cause = c.source();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustls::{AlertDescription, CertificateError, Error as Tls, InvalidMessage};

    /// What a failed handshake, as the driver returns it, was found to reach.
    fn handshake(cause: io::Error) -> Option<Reached> {
        reached_by("error performing TLS handshake", false, Some(&cause))
    }

    fn tls(e: Tls) -> io::Error {
        io::Error::new(io::ErrorKind::InvalidData, e)
    }

    #[test]
    fn a_tls_server_that_refuses_is_not_said_to_be_something_else() {
        for refused in [
            Tls::InvalidCertificate(CertificateError::UnknownIssuer),
            Tls::InvalidCertificate(CertificateError::Expired),
            Tls::InvalidCertificate(CertificateError::NotValidForName),
            Tls::AlertReceived(AlertDescription::ProtocolVersion),
            Tls::AlertReceived(AlertDescription::HandshakeFailure),
        ] {
            assert_eq!(handshake(tls(refused.clone())), None, "{refused:?}");
        }
    }

    #[test]
    fn what_does_not_speak_tls_or_postgresql_is_said_so() {
        let ssh = Tls::InvalidMessage(InvalidMessage::InvalidContentType);
        assert_eq!(handshake(tls(ssh)), Some(Reached::NotPostgres));
        let http = io::Error::new(io::ErrorKind::InvalidData, "invalid message length");
        assert_eq!(handshake(http), Some(Reached::NotPostgres));
        let eof = io::Error::new(io::ErrorKind::UnexpectedEof, "tls handshake eof");
        assert_eq!(handshake(eof), Some(Reached::CutOff));
    }
}
