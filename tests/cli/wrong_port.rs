//! A log URL whose host and port reach something that is not PostgreSQL:
//! a web server, an SSH daemon, a program answering bytes of its own, or
//! a peer that closes the connection before answering. Each is one line
//! naming where it was tried, keeping the driver's words as the detail,
//! with what to check (the right host and port), as a refused connection
//! is; `check` says the same after `UNKNOWN:`. The fake servers run in the
//! test on 127.0.0.1.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::thread;
use std::time::Duration;

use super::deadlines::desk_at;
use super::util::*;

/// A server on 127.0.0.1 that runs `talk` on each connection, then says
/// no more and reads what is left until the client closes (a socket
/// closed on unread bytes is reset, which would hide what was said).
fn fake_server(talk: fn(&mut TcpStream)) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("port").port();
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            thread::spawn(move || {
                let _ = stream.set_read_timeout(Some(Duration::from_secs(20)));
                talk(&mut stream);
                let _ = stream.shutdown(Shutdown::Write);
                let _ = std::io::copy(&mut stream, &mut std::io::sink());
            });
        }
    });
    port
}

/// Reads one of the client's first messages (an SSLRequest, a startup
/// packet): a length of four bytes, then the rest.
fn read_message(stream: &mut TcpStream) {
    let mut len = [0u8; 4];
    if stream.read_exact(&mut len).is_ok() {
        let rest = u32::from_be_bytes(len).saturating_sub(4) as usize;
        let _ = stream.read_exact(&mut vec![0; rest.min(1 << 16)]);
    }
}

fn web_server(s: &mut TcpStream) {
    read_message(s);
    let _ = s.write_all(
        b"HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\
          Connection: close\r\n\r\nBad Request",
    );
}

fn bytes_of_its_own(s: &mut TcpStream) {
    read_message(s);
    // "No TLS" to the SSLRequest, then a message of length 0.
    let _ = s.write_all(&[0x00, b'Z', 0, 0, 0, 0, 0x17, 0x42]);
}

fn ssh_daemon(s: &mut TcpStream) {
    // An SSH server speaks first; its `S` reads as "yes" to TLS.
    let _ = s.write_all(b"SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13\r\n");
}

fn closes_after_no_tls(s: &mut TcpStream) {
    read_message(s);
    let _ = s.write_all(b"N");
    read_message(s);
}

#[test]
fn a_port_that_is_not_postgresql_says_so_with_what_to_check() {
    let not_postgres = "what answered there does not speak PostgreSQL's protocol";
    let right_port = "is that the right host and port?";
    for (talk, words, detail) in [
        (
            web_server as fn(&mut TcpStream),
            not_postgres,
            "error communicating with the server: bytes remaining on stream",
        ),
        (
            bytes_of_its_own,
            not_postgres,
            "error communicating with the server: invalid message length: header length < 4",
        ),
        (
            ssh_daemon,
            not_postgres,
            "error performing TLS handshake: received corrupt message of type InvalidContentType",
        ),
        (
            closes_after_no_tls,
            "the connection was closed before a PostgreSQL server answered",
            "connection closed",
        ),
    ] {
        let port = fake_server(talk);
        let url = format!("postgres://alice@127.0.0.1:{port}/tickets");
        let d = desk_at(&url);
        let line = format!(
            "cannot connect to the ticket log {url} at 127.0.0.1:{port}: {words} ({detail}); "
        );
        let err = d.run(&["status"]).fails(1).to_string();
        assert!(
            err.starts_with(&format!("error: {line}")) && err.ends_with(&format!("{right_port}\n")),
            "{detail}: {err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
        let check = d.run(&["check"]);
        assert_eq!(check.code, 3, "{check:?}");
        assert_eq!(
            check.stdout,
            format!("UNKNOWN: {}", &err["error: ".len()..])
        );
        let ja = ja(&d, &["status"]);
        assert!(
            ja.stderr
                .contains("ホストとポートが正しいかを確認してください")
                && ja.stderr.contains(detail),
            "{}",
            ja.stderr
        );
    }
}
