//! The operating system's words inside slaclock's messages: the texts of
//! `std::io::Error` ("No such file or directory (os error 2)"), told in
//! the language of errors. English keeps the OS's own text, byte for
//! byte; in another language the common kinds of error are said in it,
//! with the OS's code kept in parentheses, and any other stays as the OS
//! says it.
//!
//! Call sites do not change: [`chain`] renders an error chain as `{:#}`
//! does, telling each cause that is an `io::Error` anew, and [`line`]
//! finds the OS texts a cause quoted in its own words (a driver that
//! flattened "error connecting to server: Connection refused (os error
//! 111)" into one string).

use std::io::{self, ErrorKind};

use super::{Lang, errors};
use crate::tr;

/// `error` as `format!("{error:#}")` renders it (each cause after the
/// last, joined by ": ", less one that only repeats the one before it: see
/// [`joined`]), its OS error texts told in the language of errors.
pub fn chain(error: &anyhow::Error) -> String {
    chain_in(error, errors())
}

/// `error` as [`chain`] words it, in English whatever the language of
/// errors: for `check`'s `UNKNOWN:` line, which monitors read.
pub fn english(error: &anyhow::Error) -> String {
    chain_in(error, Lang::En)
}

fn chain_in(error: &anyhow::Error, lang: Lang) -> String {
    let told: Vec<String> = error
        .chain()
        .map(|cause| match cause.downcast_ref::<io::Error>() {
            Some(io) if lang != Lang::En => told(io, lang).unwrap_or_else(|| io.to_string()),
            _ => cause.to_string(),
        })
        .collect();
    line_in(&joined(told), lang)
}

/// The causes' texts joined by ": ", less a cause that only repeats the
/// one before it: a message that quotes its cause (or says the same) is
/// followed by the cause itself; rusqlite says "database is locked" and
/// then its source "Error code 5: database is locked". A cause that says
/// more than the one before ("timed out", then "connection to db:5432
/// timed out") is kept.
pub fn joined(told: impl IntoIterator<Item = String>) -> String {
    let mut kept: Vec<String> = vec![];
    for text in told {
        let repeats = kept.last().is_some_and(|last| {
            last.ends_with(&text)
                || text
                    .strip_suffix(last.as_str())
                    .is_some_and(|code| code.starts_with("Error code ") && code.ends_with(": "))
        });
        if !repeats {
            kept.push(text);
        }
    }
    kept.join(": ")
}

/// `text` with each OS error text quoted in it ("Permission denied (os
/// error 13)") told in the language of errors.
pub fn line(text: &str) -> String {
    line_in(text, errors())
}

fn line_in(text: &str, lang: Lang) -> String {
    const MARK: &str = "(os error ";
    if lang == Lang::En || !text.contains(MARK) {
        return text.to_string();
    }
    let mut out = text.to_string();
    let mut seen = vec![];
    for (at, _) in text.match_indices(MARK) {
        let digits: String = text[at + MARK.len()..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let Ok(code) = digits.parse::<i32>() else {
            continue;
        };
        if seen.contains(&code) {
            continue;
        }
        seen.push(code);
        let os = io::Error::from_raw_os_error(code);
        if let Some(words) = told(&os, lang) {
            out = out.replace(&os.to_string(), &words);
        }
    }
    out
}

/// An OS error in `lang`, or None where it stays as the OS says it (any
/// error of English, or one of a kind not told here). An error the OS
/// reported keeps its code: 「ファイルまたはディレクトリがありません (os error 2)」.
pub fn told(error: &io::Error, lang: Lang) -> Option<String> {
    if lang == Lang::En {
        return None;
    }
    match error.raw_os_error() {
        Some(code) => {
            let words = words(error.kind(), Some(code), lang)?;
            Some(format!("{words} (os error {code})"))
        }
        // A kind alone prints the kind's own description; one that carries
        // a message of its own prints that message, which stays.
        None if error.get_ref().is_none() => words(error.kind(), None, lang),
        None => None,
    }
}

/// The words for an error of `kind` (from OS error `code`, if one).
fn words(kind: ErrorKind, code: Option<i32>, lang: Lang) -> Option<String> {
    Some(match kind {
        ErrorKind::NotFound => tr!(lang, "os-not-found"),
        // EPERM ("Operation not permitted") and EACCES ("Permission
        // denied") are both this kind, in different words.
        ErrorKind::PermissionDenied if code == Some(libc::EPERM) => tr!(lang, "os-not-permitted"),
        ErrorKind::PermissionDenied => tr!(lang, "os-permission-denied"),
        ErrorKind::ConnectionRefused => tr!(lang, "os-connection-refused"),
        ErrorKind::ConnectionReset => tr!(lang, "os-connection-reset"),
        ErrorKind::ConnectionAborted => tr!(lang, "os-connection-aborted"),
        ErrorKind::NotConnected => tr!(lang, "os-not-connected"),
        ErrorKind::HostUnreachable => tr!(lang, "os-host-unreachable"),
        ErrorKind::NetworkUnreachable => tr!(lang, "os-network-unreachable"),
        ErrorKind::NetworkDown => tr!(lang, "os-network-down"),
        ErrorKind::AddrInUse => tr!(lang, "os-addr-in-use"),
        ErrorKind::AddrNotAvailable => tr!(lang, "os-addr-not-available"),
        ErrorKind::TimedOut => tr!(lang, "os-timed-out"),
        ErrorKind::AlreadyExists => tr!(lang, "os-already-exists"),
        ErrorKind::BrokenPipe => tr!(lang, "os-broken-pipe"),
        ErrorKind::WouldBlock => tr!(lang, "os-would-block"),
        ErrorKind::ReadOnlyFilesystem => tr!(lang, "os-read-only-filesystem"),
        ErrorKind::StorageFull => tr!(lang, "os-storage-full"),
        ErrorKind::QuotaExceeded => tr!(lang, "os-quota-exceeded"),
        ErrorKind::FileTooLarge => tr!(lang, "os-file-too-large"),
        ErrorKind::IsADirectory => tr!(lang, "os-is-a-directory"),
        ErrorKind::NotADirectory => tr!(lang, "os-not-a-directory"),
        ErrorKind::DirectoryNotEmpty => tr!(lang, "os-directory-not-empty"),
        ErrorKind::ResourceBusy => tr!(lang, "os-resource-busy"),
        ErrorKind::UnexpectedEof if code.is_none() => tr!(lang, "os-unexpected-eof"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use anyhow::Context as _;

    use super::*;

    fn os(code: i32) -> io::Error {
        io::Error::from_raw_os_error(code)
    }

    #[test]
    fn english_keeps_the_os_words_byte_for_byte() {
        for code in [libc::ENOENT, libc::EACCES, libc::ECONNREFUSED, libc::EIO] {
            assert_eq!(told(&os(code), Lang::En), None);
        }
        let e = Err::<(), _>(os(libc::ENOENT))
            .context("cannot read the ticket log x.db")
            .unwrap_err();
        assert_eq!(chain_in(&e, Lang::En), format!("{e:#}"));
        assert_eq!(
            chain_in(&e, Lang::En),
            "cannot read the ticket log x.db: No such file or directory (os error 2)"
        );
        let quoted = "error connecting to server: Connection refused (os error 111)";
        assert_eq!(line_in(quoted, Lang::En), quoted);
    }

    /// A cause that only repeats the one before it is said once: SQLite's
    /// words through rusqlite, whose source adds "Error code N: ".
    #[test]
    fn a_cause_that_repeats_the_one_before_is_said_once() {
        let locked = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
            Some("database is locked".into()),
        );
        let e = anyhow::Error::new(locked).context("the ticket log x.db is busy");
        assert_eq!(
            chain_in(&e, Lang::En),
            "the ticket log x.db is busy: database is locked"
        );
        let twice = joined([
            "cannot read event 7".into(),
            "bad utf-8".into(),
            "bad utf-8".into(),
        ]);
        assert_eq!(twice, "cannot read event 7: bad utf-8");
        let quoted = joined(["cannot open x.db: disk full".into(), "disk full".into()]);
        assert_eq!(quoted, "cannot open x.db: disk full");
        let more = joined(["timed out".into(), "connection to db:5432 timed out".into()]);
        assert_eq!(more, "timed out: connection to db:5432 timed out");
    }

    #[test]
    fn japanese_tells_the_common_kinds_and_keeps_the_code() {
        let ja = |code| told(&os(code), Lang::Ja);
        assert_eq!(
            ja(libc::ENOENT).as_deref(),
            Some("ファイルまたはディレクトリがありません (os error 2)")
        );
        assert_eq!(
            ja(libc::EACCES).as_deref(),
            Some("アクセスが拒否されました (os error 13)")
        );
        assert_eq!(
            ja(libc::EPERM).as_deref(),
            Some("操作は許可されていません (os error 1)")
        );
        assert_eq!(
            ja(libc::ECONNREFUSED).as_deref(),
            Some("接続を拒否されました (os error 111)")
        );
        for code in [
            libc::ECONNRESET,
            libc::ETIMEDOUT,
            libc::EEXIST,
            libc::EADDRNOTAVAIL,
            libc::EROFS,
            libc::ENOSPC,
            libc::EISDIR,
            libc::ENOTDIR,
            libc::EHOSTUNREACH,
        ] {
            let text = ja(code).unwrap_or_else(|| panic!("errno {code} is told"));
            assert!(text.ends_with(&format!(" (os error {code})")), "{text}");
            assert!(!text.is_ascii(), "{text}");
        }
        // Anything else stays as the OS says it.
        assert_eq!(ja(libc::EIO), None);
        // A kind alone, without an OS code, is told without one.
        let kind = io::Error::from(ErrorKind::NotFound);
        assert_eq!(
            told(&kind, Lang::Ja).as_deref(),
            Some("ファイルまたはディレクトリがありません")
        );
        // A message of its own stays.
        let own = io::Error::new(ErrorKind::NotFound, "no such thing");
        assert_eq!(told(&own, Lang::Ja), None);
    }

    #[test]
    fn a_chain_is_told_cause_by_cause_and_quoted_os_texts_too() {
        let e = Err::<(), _>(os(libc::EACCES))
            .context("cannot read the ticket log x.db")
            .unwrap_err();
        assert_eq!(
            chain_in(&e, Lang::Ja),
            "cannot read the ticket log x.db: アクセスが拒否されました (os error 13)"
        );
        // Quoted inside another error's text (a driver's).
        let e = anyhow::anyhow!("error connecting to server: Connection refused (os error 111)")
            .context("cannot connect");
        assert_eq!(
            chain_in(&e, Lang::Ja),
            "cannot connect: error connecting to server: 接続を拒否されました (os error 111)"
        );
        // An unknown code, or none, leaves the text alone.
        let odd = "odd (os error 99999) and (os error x)";
        assert_eq!(line_in(odd, Lang::Ja), odd);
    }
}
