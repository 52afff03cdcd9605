//! PostgreSQL connection strings as the driver reads them, and where their
//! secrets are. Two forms are accepted (the driver's and libpq's grammar):
//! a `postgres://` or `postgresql://` URL, whose user part and `?key=value`
//! parameters may be percent-encoded, and a keyword/value string such as
//! `host=db user=support password='a b'`. Every message shows a connection
//! string through [`redact`], which replaces each password (and anything that
//! might be one) by `***`. This module only reads text: it never connects.
//!
//! Where the driver's reading and a person's intent can differ, the mask is
//! wider than the driver's reading, never narrower. The driver ends the user
//! part at the first `@`, so a raw `@` in a password would spill the rest of
//! the password into the host; the mask therefore runs from the user part's
//! first `:` to the last `@`. A `?` or `/` in a password is covered the same
//! way. Query parameters are read from the start and after every `@`, and
//! the value of a `password` parameter (with any unreadable pieces after it:
//! a raw `&` in the password), or the whole of a parameter the driver does
//! not know (it refuses those anyway: a misspelt `pasword=`), is masked.

use std::ops::Range;

/// The parameters the driver accepts, in either form.
const KEYWORDS: &[&str] = &[
    "user",
    "password",
    "dbname",
    "options",
    "application_name",
    "sslmode",
    "sslrootcert",
    "sslnegotiation",
    "host",
    "hostaddr",
    "port",
    "connect_timeout",
    "tcp_user_timeout",
    "keepalives",
    "keepalives_idle",
    "keepalives_interval",
    "keepalives_retries",
    "target_session_attrs",
    "channel_binding",
    "load_balance_hosts",
];

const URL_PREFIXES: [&str; 2] = ["postgres://", "postgresql://"];

/// Whether `text` is a `postgres://` or `postgresql://` URL.
pub fn is_url(text: &str) -> bool {
    URL_PREFIXES.iter().any(|p| text.starts_with(p))
}

/// Whether `text` is a keyword/value connection string: whitespace-separated
/// `keyword=value` pairs, well formed, at least one keyword the driver knows
/// (so `notes=old.db` stays a file name, while a misspelt `pasword=...`
/// beside `host=...` is still treated, and masked, as a connection string).
pub fn is_keyword_value(text: &str) -> bool {
    match keyword_values(text) {
        Ok(pairs) => pairs.iter().any(|p| known(&p.keyword)),
        Err(_) => false,
    }
}

/// Why `text`, which is neither form, was still surely meant as a
/// connection string: it starts with a URL scheme and `:/` (`Postgres://`,
/// `postgress://`, `postgres:/`), or with a keyword the driver knows and
/// `=` but does not read as pairs (a value with a space, unquoted). Such a
/// text is refused rather than taken for a file name, which would put a
/// new SQLite log, named after the password, in the current folder. The
/// reason never quotes the text, which may hold a password.
pub fn almost(text: &str) -> Option<crate::i18n::Msg> {
    if quoted(text) {
        return Some(crate::msg!("db-quoted"));
    }
    let scheme_like = |scheme: &str| {
        scheme.len() >= 2
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    };
    if let Some((scheme, _)) = text.split_once(":/")
        && scheme_like(scheme)
    {
        return Some(crate::msg!("db-not-a-url", scheme = format!("{scheme}:/")));
    }
    // PostgreSQL's scheme with a slip after it: `postgres//`, `postgres::/`,
    // `postgres:user:password@host`.
    let head: String = text
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || "+.-".contains(*c))
        .collect();
    let rest = &text[head.len()..];
    if head.to_ascii_lowercase().starts_with("postgres") && rest.starts_with([':', '/']) {
        let shown: String = rest.chars().take_while(|c| ":/".contains(*c)).collect();
        return Some(crate::msg!(
            "db-not-a-url",
            scheme = format!("{head}{shown}")
        ));
    }
    // The first keyword, with or without spaces around its `=`.
    let start = text.trim_start();
    let keyword = start
        .split(|c: char| c == '=' || c.is_whitespace())
        .next()?;
    if !known(keyword) || !start[keyword.len()..].trim_start().starts_with('=') {
        return None;
    }
    match keyword_values(text) {
        Ok(_) => None,
        Err((_, Malformed(at))) => Some(crate::msg!(
            "db-not-keywords",
            keyword = keyword,
            at = text[..at].chars().count() + 1
        )),
    }
}

/// Whether `text` is a connection string (or a slip of one) with its
/// quotes still on, as an env file or a copied shell line leaves it.
pub fn quoted(text: &str) -> bool {
    ['\'', '"'].into_iter().any(|quote| {
        text.strip_prefix(quote)
            .and_then(|t| t.strip_suffix(quote))
            .is_some_and(|inner| {
                is_url(inner) || is_keyword_value(inner) || almost(inner).is_some()
            })
    })
}

/// `text` with every password, and everything that might be one, replaced
/// by `***`. Safe on any text, well formed or not.
pub fn redact(text: &str) -> String {
    let spans = if is_url(text) {
        url_secrets(text)
    } else {
        keyword_value_secrets(text)
    };
    let mut out = String::with_capacity(text.len());
    let mut shown = 0;
    for span in merge(spans) {
        out.push_str(&text[shown..span.start.max(shown)]);
        out.push_str("***");
        shown = shown.max(span.end);
    }
    out.push_str(&text[shown..]);
    out
}

fn known(keyword: &str) -> bool {
    KEYWORDS.contains(&keyword)
}

fn is_password(keyword: &str) -> bool {
    keyword.eq_ignore_ascii_case("password")
}

/// Sorted, with overlapping or touching spans joined.
fn merge(mut spans: Vec<Range<usize>>) -> Vec<Range<usize>> {
    spans.sort_by_key(|s| (s.start, s.end));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(spans.len());
    for span in spans {
        match merged.last_mut() {
            Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
            _ => merged.push(span),
        }
    }
    merged
}

/// The secret byte ranges of a URL (see the module header).
fn url_secrets(text: &str) -> Vec<Range<usize>> {
    let start = URL_PREFIXES
        .iter()
        .find(|p| text.starts_with(*p))
        .map_or(0, |p| p.len());
    let rest = &text[start..];
    let mut spans = Vec::new();
    let last_at = rest.rfind('@');
    // Where the masked user part ends; parameters read from before it
    // may be pieces of a password.
    let mut boundary = start;
    if let Some(last_at) = last_at
        && let Some(colon) = rest[..last_at].find(':')
    {
        // Empty passwords too: `user:@host` shows as `user:***@host`.
        spans.push(start + colon + 1..start + last_at);
        boundary = start + last_at;
    }
    // The driver reads parameters after the first '@'; someone who put a
    // raw '@' in a password means after a later one; someone who put one in
    // a parameter means from the start. Read them every way.
    let readings =
        std::iter::once(start).chain(rest.match_indices('@').map(|(a, _)| start + a + 1));
    for from in readings {
        spans.extend(query_secrets(text, from, boundary));
    }
    spans
}

/// The secret ranges among the `key=value` parameters after the first `?`
/// at or after `from`: a password's value and whatever unreadable segments
/// follow it (the rest of a password holding a raw `&`). Past `boundary`,
/// also the whole of a parameter the driver does not know (a misspelt
/// `pasword=`) or cannot read.
fn query_secrets(text: &str, from: usize, boundary: usize) -> Vec<Range<usize>> {
    let Some(q) = text[from..].find('?') else {
        return Vec::new();
    };
    let mut spans = Vec::new();
    let mut pos = from + q + 1;
    let mut after_password = false;
    for segment in text[pos..].split('&') {
        let range = pos..pos + segment.len();
        pos = range.end + 1;
        if segment.is_empty() {
            continue;
        }
        let outside = range.start >= boundary;
        let key = segment.split_once('=').map(|(key, _)| percent_decode(key));
        match key {
            Some(key) if is_password(&key) => {
                spans.push(range.start + key_len(segment) + 1..range.end);
                after_password = true;
            }
            Some(key) if known(&key) => after_password = false,
            Some(key) if outside && is_identifier(&key) => spans.push(range),
            _ if after_password || outside => spans.push(range),
            _ => {}
        }
    }
    spans
}

fn is_identifier(key: &str) -> bool {
    !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn key_len(segment: &str) -> usize {
    segment.find('=').unwrap_or(segment.len())
}

/// Percent-decoding as the driver does it, lossy where the bytes are not
/// UTF-8 (only used to recognise keys).
pub(super) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                let value = hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0);
                out.push(u8::try_from(value).unwrap_or(b'?'));
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// One `keyword=value` pair of a keyword/value string, with the byte range
/// of the keyword's start to the value's end and of the value alone.
#[derive(Debug, PartialEq)]
pub(super) struct Pair {
    pub(super) keyword: String,
    pub(super) whole: Range<usize>,
    pub(super) value: Range<usize>,
}

/// Where a keyword/value string stops being well formed: everything from
/// this byte on is unreadable (and masked).
#[derive(Debug, PartialEq)]
pub(super) struct Malformed(usize);

/// Reads a keyword/value string with the driver's grammar: whitespace
/// between pairs and around `=`; a value is either quoted with `'` or runs
/// to the next whitespace, and a backslash escapes the next character.
pub(super) fn keyword_values(text: &str) -> Result<Vec<Pair>, (Vec<Pair>, Malformed)> {
    let mut pairs = Vec::new();
    let mut chars = text.char_indices().peekable();
    let skip_ws = |chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>| {
        while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
    };
    loop {
        skip_ws(&mut chars);
        let Some(&(start, _)) = chars.peek() else {
            return Ok(pairs);
        };
        let mut end = start;
        while let Some((i, c)) = chars.next_if(|(_, c)| !c.is_whitespace() && *c != '=') {
            end = i + c.len_utf8();
        }
        if end == start {
            return Err((pairs, Malformed(start)));
        }
        skip_ws(&mut chars);
        if chars.next_if(|(_, c)| *c == '=').is_none() {
            return Err((pairs, Malformed(start)));
        }
        skip_ws(&mut chars);
        let value_start = chars.peek().map_or(text.len(), |&(i, _)| i);
        let value_end = if chars.next_if(|(_, c)| *c == '\'').is_some() {
            let mut closed = None;
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => {
                        chars.next();
                    }
                    '\'' => {
                        closed = Some(i + 1);
                        break;
                    }
                    _ => {}
                }
            }
            match closed {
                Some(end) => end,
                None => return Err((pairs, Malformed(start))),
            }
        } else {
            let mut end = value_start;
            while let Some((i, c)) = chars.next_if(|(_, c)| !c.is_whitespace()) {
                end = i + c.len_utf8();
                if c == '\\'
                    && let Some((j, d)) = chars.next()
                {
                    end = j + d.len_utf8();
                }
            }
            if end == value_start {
                return Err((pairs, Malformed(start)));
            }
            end
        };
        pairs.push(Pair {
            keyword: text[start..end].to_owned(),
            whole: start..value_end,
            value: value_start..value_end,
        });
    }
}

/// The secret ranges of a keyword/value string: passwords' values, unknown
/// keywords with their values, and anything after the string stops being
/// readable.
fn keyword_value_secrets(text: &str) -> Vec<Range<usize>> {
    let (pairs, malformed) = match keyword_values(text) {
        Ok(pairs) => (pairs, None),
        Err((pairs, Malformed(at))) => (pairs, Some(at..text.len())),
    };
    pairs
        .into_iter()
        .filter_map(|p| {
            if is_password(&p.keyword) {
                Some(p.value)
            } else if !known(&p.keyword) {
                Some(p.whole)
            } else {
                None
            }
        })
        .chain(malformed)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn every_password_form_is_masked() {
        let cases = [
            // user part, plain and percent-encoded
            (
                "postgres://user:secret@host/db",
                "postgres://user:***@host/db",
            ),
            (
                "postgres://user:se%3Fc%40r%2Ft@host:5432/db?sslmode=disable",
                "postgres://user:***@host:5432/db?sslmode=disable",
            ),
            // a raw '?', '/' or '@' in the password
            (
                "postgres://user:se?cret@host/db",
                "postgres://user:***@host/db",
            ),
            (
                "postgresql://user:s3/cr@t@host:5432/db?sslmode=disable",
                "postgresql://user:***@host:5432/db?sslmode=disable",
            ),
            (
                "postgres://u:p@s/t?x@h/db?connect_timeout=2",
                "postgres://u:***@h/db?connect_timeout=2",
            ),
            // a password parameter, plain, percent-encoded key or value
            (
                "postgres://user@host/db?password=secret&application_name=x",
                "postgres://user@host/db?password=***&application_name=x",
            ),
            (
                "postgres://user@host/db?pass%77ord=se%26cret",
                "postgres://user@host/db?pass%77ord=***",
            ),
            (
                "postgres://user@host/db?PASSWORD=secret",
                "postgres://user@host/db?PASSWORD=***",
            ),
            // both at once; a parameter the driver does not know
            (
                "postgres://u:one@h/db?password=two&passfile=three",
                "postgres://u:***@h/db?password=***&***",
            ),
            // a password with '&' that was not encoded: the tail is masked
            (
                "postgres://u@h/db?password=ab&cd",
                "postgres://u@h/db?password=***&***",
            ),
            // nothing secret
            ("postgres://host/db", "postgres://host/db"),
            ("postgres://user@host/db", "postgres://user@host/db"),
            ("postgres://user:@host/db", "postgres://user:***@host/db"),
            (
                "postgres://someone@host:notaport/db",
                "postgres://someone@host:notaport/db",
            ),
            // keyword/value strings
            (
                "host=db user=u password=secret dbname=x",
                "host=db user=u password=*** dbname=x",
            ),
            (
                "host=db password = 'se cr\\'et' port=5432",
                "host=db password = *** port=5432",
            ),
            ("host=db pasword=secret", "host=db ***"),
            ("host=db password='unterminated", "host=db ***"),
            ("host=db password", "host=db ***"),
        ];
        for (text, shown) in cases {
            assert_eq!(redact(text), shown, "{text}");
        }
    }

    #[test]
    fn keyword_value_strings_are_recognised_but_file_names_are_not() {
        for text in [
            "host=db dbname=support",
            "dbname=x",
            "host=/var/run/postgresql user=me password='a b'",
            "host=db pasword=typo",
        ] {
            assert!(is_keyword_value(text), "{text}");
        }
        for text in [
            "tickets.db",
            "./dbname=x",
            "notes=old.db",
            "/var/lib/slaclock/log.db",
            "host=",
            "host='open",
            "",
            "postgres://h/db",
        ] {
            assert!(!is_keyword_value(text), "{text}");
        }
    }

    /// Builds a password from characters that never occur in the rest of a
    /// test URL (upper case letters and punctuation), so any leak of any
    /// part of it shows as an upper case letter in the redacted text.
    fn password() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                proptest::char::range('A', 'Z'),
                proptest::sample::select(vec!['?', '@', '/', ':', '#', '%', '=', '&', ' ', '\'']),
            ],
            1..16,
        )
        .prop_map(|chars| {
            let mut p: String = chars.into_iter().collect();
            p.insert(0, 'Q'); // never empty of letters
            p
        })
    }

    fn encode(p: &str) -> String {
        p.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() {
                    char::from(b).to_string()
                } else {
                    format!("%{b:02x}")
                }
            })
            .collect()
    }

    fn quote(p: &str) -> String {
        format!("'{}'", p.replace('\\', "\\\\").replace('\'', "\\'"))
    }

    proptest! {
        #[test]
        fn no_part_of_a_password_is_ever_shown(p in password(), port in 1u16..9999) {
            let forms = [
                format!("postgres://user:{p}@host:{port}/db?connect_timeout=2"),
                format!("postgres://user:{}@host:{port}/db", encode(&p)),
                format!("postgresql://user@host:{port}/db?password={}", encode(&p)),
                format!("postgres://user@host:{port}/db?sslmode=disable&password={p}"),
                format!("postgres://user:{p}@host/db?password={p}&dbname=x"),
                format!("host=host port={port} password={} dbname=db", quote(&p)),
                format!("password={} host=host", quote(&p)),
            ];
            for text in forms {
                let shown = redact(&text);
                prop_assert!(
                    !shown.chars().any(|c| c.is_ascii_uppercase()),
                    "{text:?} shown as {shown:?}"
                );
            }
        }
    }
}
