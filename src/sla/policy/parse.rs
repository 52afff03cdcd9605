//! The policy file as written, and the way from its TOML text to a checked
//! `Policy`.
//!
//! The `Raw*` types are the file's shape as serde reads it: every key that
//! matters is `Spanned`, so each check in `validate` can say where it failed,
//! and unknown keys are refused (`deny_unknown_fields`) rather than dropped.
//! Nothing here decides whether a value is acceptable; that is `validate`'s.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use toml::Spanned;

use super::keys::{self, Unknown};
use super::validate::{Checker, Reading, build, check_complete};
use super::{Policy, PolicyErrors};
use crate::i18n::Msg;

#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
pub(super) struct RawPolicy {
    pub(super) severity_change: Option<Spanned<String>>,
    pub(super) waiting: Option<RawWaiting>,
    #[serde(default)]
    pub(super) calendars: BTreeMap<String, Spanned<RawCalendar>>,
    #[serde(default)]
    pub(super) severity: BTreeMap<String, Spanned<RawTargets>>,
    pub(super) provisioning: Option<Spanned<RawTargets>>,
    #[serde(default)]
    pub(super) escalation: Vec<Spanned<RawLevel>>,
    #[serde(default)]
    pub(super) referrals: BTreeMap<String, String>,
    #[serde(default)]
    pub(super) contracts: BTreeMap<String, Spanned<RawContract>>,
    #[serde(default)]
    pub(super) customers: BTreeMap<String, Spanned<String>>,
}

/// `[contracts.NAME]`: what a contract overrides, and only that.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
pub(super) struct RawContract {
    #[serde(default)]
    pub(super) severity: BTreeMap<String, Spanned<RawOverride>>,
    /// Escalation contacts by level: `escalation.1 = "..."`.
    #[serde(default)]
    pub(super) escalation: BTreeMap<String, Spanned<String>>,
}

/// The targets of one severity a contract overrides: a severity's name is
/// the base policy's, so it is not among them.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
pub(super) struct RawOverride {
    pub(super) response: Option<Spanned<RawTarget>>,
    pub(super) update: Option<Spanned<RawTarget>>,
    pub(super) restore: Option<Spanned<RawTarget>>,
    pub(super) own: Option<Spanned<RawTarget>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
pub(super) struct RawWaiting {
    pub(super) pauses: Option<Vec<Spanned<String>>>,
    pub(super) remind_after: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
pub(super) struct RawCalendar {
    pub(super) timezone: Spanned<String>,
    pub(super) mon: Option<Vec<Spanned<String>>>,
    pub(super) tue: Option<Vec<Spanned<String>>>,
    pub(super) wed: Option<Vec<Spanned<String>>>,
    pub(super) thu: Option<Vec<Spanned<String>>>,
    pub(super) fri: Option<Vec<Spanned<String>>>,
    pub(super) sat: Option<Vec<Spanned<String>>>,
    pub(super) sun: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub(super) holidays: Vec<Spanned<RawDay>>,
}

/// A holiday, as the text of its date: `"2026-12-25"`, or the same date
/// unquoted (a TOML local date), which is just as clear to a person.
/// Another TOML date-time (with a time of day) is kept as its text, for
/// `validate` to refuse as not a date.
pub(super) struct RawDay(pub(super) String);

impl<'de> Deserialize<'de> for RawDay {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RawDay;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(r#"a date like "2026-12-25""#)
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawDay, E> {
                Ok(RawDay(v.to_string()))
            }
            // toml hands a date over as a map of one private key.
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<RawDay, A::Error> {
                toml::value::Datetime::deserialize(serde::de::value::MapAccessDeserializer::new(
                    map,
                ))
                .map(|d| match (d.date, d.time, d.offset) {
                    (Some(date), None, None) => RawDay(date.to_string()),
                    _ => RawDay(d.to_string()),
                })
            }
        }
        d.deserialize_any(Visitor)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
pub(super) struct RawTargets {
    pub(super) name: Option<Spanned<String>>,
    pub(super) response: Option<Spanned<RawTarget>>,
    pub(super) update: Option<Spanned<RawTarget>>,
    pub(super) restore: Option<Spanned<RawTarget>>,
    pub(super) own: Option<Spanned<RawTarget>>,
}

/// `"15m"` or `{ target = "48h", calendar = "business" }`.
pub(super) enum RawTarget {
    Short(String),
    Full(RawFullTarget),
}

impl<'de> Deserialize<'de> for RawTarget {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RawTarget;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(r#"a duration like "15m", or a table like { target = "48h", calendar = "business" }"#)
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawTarget, E> {
                Ok(RawTarget::Short(v.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<RawTarget, A::Error> {
                RawFullTarget::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(RawTarget::Full)
            }
        }
        d.deserialize_any(Visitor)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
pub(super) struct RawFullTarget {
    pub(super) target: Spanned<String>,
    pub(super) calendar: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
pub(super) struct RawLevel {
    pub(super) level: Spanned<i64>,
    pub(super) contact: String,
    #[serde(default)]
    pub(super) after: BTreeMap<String, Spanned<String>>,
}

/// The text of a policy file's bytes. Bytes that are not UTF-8 are one
/// problem, placed at the first invalid byte like any other.
pub fn policy_text(bytes: &[u8]) -> Result<&str, PolicyErrors> {
    std::str::from_utf8(bytes).map_err(|e| {
        let valid = e.valid_up_to();
        let before = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
        let mut c = Checker {
            text: before,
            reading: Reading::File,
            errors: vec![],
        };
        c.err(
            &(valid..valid),
            crate::msg!("policy-not-utf8", byte = format!("{:02x}", bytes[valid])),
        );
        c.finish()
    })
}

pub(super) fn parse(text: &str, reading: Reading) -> Result<Policy, PolicyErrors> {
    let mut c = Checker {
        text,
        reading,
        errors: vec![],
    };
    let mut doc = match toml::de::DeTable::parse(text) {
        Ok(doc) => doc,
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            // The line the error is on: a table header given twice is a
            // table, not a key, given twice.
            let line_start = text[..span.start.min(text.len())]
                .rfind('\n')
                .map_or(0, |i| i + 1);
            let line = text[line_start..].lines().next().unwrap_or_default().trim();
            let header = line
                .starts_with('[')
                .then(|| line.split('#').next().unwrap_or(line).trim());
            let message = match text.get(span.clone()).map(str::trim) {
                Some(_) if e.message().contains("duplicate key") && header.is_some() => {
                    crate::msg!("policy-duplicate-table", table = header.unwrap_or_default())
                }
                // toml says only "duplicate key", placed at the second one.
                Some(key) if !key.is_empty() && e.message().contains("duplicate key") => {
                    let key = key.trim_matches(|c| c == '"' || c == '\'');
                    crate::msg!("policy-duplicate-key", key = crate::i18n::quoted(key))
                }
                _ => crate::msg!("policy-toml", error = serde_words(e.message())),
            };
            c.err(&span, message);
            return Err(c.finish());
        }
    };
    // Every unknown key at once, then the rest of the file without them.
    let unknown = keys::take_unknown(&mut doc);
    for u in &unknown {
        c.err(&u.span, unknown_key(u));
    }
    // A key told as a slip of another is that other's one problem: it is
    // not told again as missing from its table.
    let meant = keys::Meant::of(&unknown);
    let kept = doc.get_ref().clone();
    let raw = match RawPolicy::deserialize(toml::de::Deserializer::from(doc)) {
        Ok(raw) => raw,
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            let error = serde_words(e.message());
            let key = keys::key_at(&kept, span.start);
            let missing = error
                .strip_prefix("missing field `")
                .and_then(|f| f.strip_suffix('`'));
            let told =
                matches!((&key, missing), (Some(key), Some(field)) if meant.holds(key, field));
            if !told {
                let message = match key {
                    Some(key) => shape(&key, error),
                    None => crate::msg!("policy-toml", error = error),
                };
                c.err(&span, message);
            }
            return Err(c.finish());
        }
    };
    let policy = build(&mut c, &raw);
    if reading == Reading::File {
        check_complete(&mut c, &raw, &meant);
    }
    if c.errors.is_empty() {
        Ok(policy)
    } else {
        Err(c.finish())
    }
}

/// serde's message in the words of a policy file.
fn serde_words(message: &str) -> String {
    message
        .trim()
        .replace('\n', "; ")
        .replace("expected i64", "expected a whole number")
        .replace("expected u8", "expected a whole number")
        .replace("expected a sequence", "expected a list")
        .replace("expected a map", "expected a table")
}

/// What is wrong with the shape of `key`'s value (serde's `error`), and how
/// it is written.
fn shape(key: &str, error: String) -> Msg {
    let missing = error
        .strip_prefix("missing field `")
        .and_then(|f| f.strip_suffix('`'));
    if let Some((field, example)) = missing.and_then(|f| Some((f, field_example(key, f)?))) {
        return crate::msg!(
            "policy-missing-field",
            key = key,
            field = field,
            example = example
        );
    }
    if error.starts_with("invalid type")
        && let Some((header, a, b)) = table_example(key)
    {
        let example = crate::msg!("policy-and-2", a = a, b = b);
        return match key {
            // A list of tables, each a level under its own header.
            "escalation" => crate::msg!(
                "policy-type-levels",
                error = error,
                header = header,
                example = example
            ),
            _ => crate::msg!(
                "policy-type-table",
                key = key,
                error = error,
                header = header,
                example = example
            ),
        };
    }
    // A target's own message already shows both forms.
    match example(key).filter(|_| !error.contains(" like ")) {
        Some(example) => crate::msg!(
            "policy-type-example",
            key = key,
            error = error,
            example = example
        ),
        None => crate::msg!("policy-type", key = key, error = error),
    }
}

/// How `field`, which a table of the file must have, is written, where
/// its own message does not already show it.
fn field_example(key: &str, field: &str) -> Option<&'static str> {
    let table = key.split('.').next()?;
    Some(match (table, field) {
        ("calendars", "timezone") => r#"timezone = "Australia/Brisbane""#,
        ("escalation", "level") => "level = 1",
        ("escalation", "contact") => r#"contact = "Duty manager <duty@example.com>""#,
        _ => return None,
    })
}

/// How a table of the file is written, where `key` (dotted) names one but
/// was given something else: its header, and two lines that may follow it.
fn table_example(key: &str) -> Option<(String, &'static str, &'static str)> {
    let parts: Vec<&str> = key.split('.').collect();
    let targets = (r#"response = "15m""#, r#"restore = "6h""#);
    let contract = (
        r#"severity.3.restore = "24h""#,
        r#"escalation.1 = "Premium desk <premium@example.com>""#,
    );
    let calendar = (
        r#"timezone = "Australia/Brisbane""#,
        r#"mon = ["09:00-17:00"]"#,
    );
    let (header, (a, b)) = match parts.as_slice() {
        ["severity"] => ("[severity.1]".to_string(), targets),
        ["severity", n] => (format!("[severity.{n}]"), targets),
        ["provisioning"] => (
            "[provisioning]".to_string(),
            (r#"name = "Provisioning""#, r#"response = "1h""#),
        ),
        ["calendars"] => ("[calendars.business]".to_string(), calendar),
        ["calendars", name] => (format!("[calendars.{name}]"), calendar),
        ["waiting"] => (
            "[waiting]".to_string(),
            (
                r#"pauses = ["update", "restore"]"#,
                r#"remind_after = "24h""#,
            ),
        ),
        ["escalation"] => (
            "[[escalation]]".to_string(),
            (
                "level = 1",
                r#"contact = "Duty manager <duty@example.com>""#,
            ),
        ),
        ["contracts"] => ("[contracts.premium]".to_string(), contract),
        ["contracts", name] => (format!("[contracts.{name}]"), contract),
        ["contracts", name, "severity"] => (
            format!("[contracts.{name}.severity.3]"),
            (r#"restore = "24h""#, r#"update = "2h""#),
        ),
        ["contracts", name, "severity", n] => (
            format!("[contracts.{name}.severity.{n}]"),
            (r#"restore = "24h""#, r#"update = "2h""#),
        ),
        ["customers"] => (
            "[customers]".to_string(),
            (r#""ACME" = "premium""#, r#""Globex" = "basic""#),
        ),
        ["referrals"] => (
            "[referrals]".to_string(),
            (
                r#"billing = "Accounts Receivable <billing@example.com>""#,
                r#"sales = "Sales <sales@example.com>""#,
            ),
        ),
        _ => return None,
    };
    Some((header, a, b))
}

/// How the value of `key` (dotted) is written, where its shape is easy to
/// get wrong: a list for a single value, a table for a target.
fn example(key: &str) -> Option<&'static str> {
    let last = key.rsplit('.').next()?;
    if key.starts_with("contracts.") && key.contains(".escalation") {
        // A contract overrides only a level's contact.
        return Some(r#"escalation.1 = "Premium desk <premium@example.com>""#);
    }
    // Each example only in the table whose key it is: `mon` under
    // [customers] is a customer's name, not a day.
    let target_table = key.starts_with("severity.")
        || key.starts_with("provisioning.")
        || key.starts_with("contracts.") && key.contains(".severity.");
    Some(match last {
        "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun" if key.starts_with("calendars.") => {
            r#"mon = ["09:00-12:00", "13:00-17:00"]"#
        }
        "holidays" if key.starts_with("calendars.") => r#"holidays = ["2026-12-25", "2026-12-28"]"#,
        "pauses" if key == "waiting.pauses" => r#"pauses = ["update", "restore"]"#,
        "after" if key.starts_with("escalation.") => r#"after = { 1 = "2h", 2 = "12h" }"#,
        "response" | "update" | "restore" | "own" if target_table => {
            r#"restore = "6h", or restore = { target = "48h", calendar = "business" }"#
        }
        _ => return None,
    })
}

/// `unknown key "restor" in [severity.1]; did you mean "restore"?`
fn unknown_key(u: &Unknown) -> Msg {
    let key = crate::i18n::quoted(&u.key);
    let hint = match u.near {
        Some(near) => crate::msg!("policy-did-you-mean", near = crate::i18n::quoted(near)),
        None => crate::msg!("policy-keys-there-are", keys = u.known.clone()),
    };
    match u.table.as_str() {
        "" => crate::msg!("policy-unknown-top-key", key = key, hint = hint),
        table => crate::msg!("policy-unknown-key", key = key, table = table, hint = hint),
    }
}
