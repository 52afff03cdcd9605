//! The JSON documents scripts read (SPEC section 7), each shape written
//! here once, field by field and in order, from the computed values:
//! `status --format json`, one ticket or the board as an array
//! (`status.rs`); `check --format json` (`check.rs`); `report --format
//! json`, whose rows the CSV report shares (`report.rs`); the event
//! `notify` sends (`notice.rs`). Nothing else in
//! slaclock carries the contract's serde attributes; the export records
//! (`export.rs`) are the other machine format, shared by its CSV and JSON
//! lines.
//!
//! A shape borrows what it shows and decides nothing: a figure that is
//! not here is not in the contract.

mod check;
mod notice;
mod report;
mod status;

pub use check::check_json;
pub use notice::{NoticeEvent, notice_json};
pub(super) use report::{ChangeJson, MonthChangeJson, MonthRowJson, ReportRowJson, group_of};
pub use report::{report_json, trend_json, trend_what_if_json, what_if_json};
pub use status::{board_json, status_json};

use serde::Serialize;

use crate::output::TicketDetails;
use crate::sla::Severity;

/// Who a ticket is: the fields that open both a ticket's status object
/// and a ticket in `check`'s list, in this order.
#[derive(Serialize)]
struct TicketJson<'a> {
    id: i64,
    kind: &'a str,
    /// The severity in force (none for provisioning).
    severity: Option<u8>,
    title: &'a str,
    customer: Option<&'a str>,
    service: Option<&'a str>,
}

impl<'a> TicketJson<'a> {
    fn of(t: &'a TicketDetails, severity: Option<Severity>) -> Self {
        TicketJson {
            id: t.id.0,
            kind: t.kind.as_str(),
            severity: severity.map(|s| s.get()),
            title: &t.title,
            customer: t.customer.as_deref(),
            service: t.service.as_deref(),
        }
    }
}

/// An instant `minutes` after 2026-11-24T00:00:00Z.
#[cfg(test)]
fn at(minutes: i64) -> chrono::DateTime<chrono::Utc> {
    crate::sla::instant(1_795_478_400 + minutes * 60)
}

/// What a renderer wrote, as text.
#[cfg(test)]
fn written(write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> String {
    let mut out = vec![];
    write(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// A JSON document with each object's keys in the order written
/// (`Value` sorts them).
#[cfg(test)]
#[derive(Debug)]
enum Ordered {
    Object(Vec<(String, Ordered)>),
    Array(Vec<Ordered>),
    Other,
}

#[cfg(test)]
impl<'de> serde::Deserialize<'de> for Ordered {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Ordered;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("JSON")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<Ordered, A::Error> {
                let mut fields = vec![];
                while let Some(entry) = m.next_entry::<String, Ordered>()? {
                    fields.push(entry);
                }
                Ok(Ordered::Object(fields))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut s: A,
            ) -> Result<Ordered, A::Error> {
                let mut items = vec![];
                while let Some(item) = s.next_element::<Ordered>()? {
                    items.push(item);
                }
                Ok(Ordered::Array(items))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Ordered, E> {
                Ok(Ordered::Other)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Ordered, E> {
                Ok(Ordered::Other)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Ordered, E> {
                Ok(Ordered::Other)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Ordered, E> {
                Ok(Ordered::Other)
            }
            fn visit_str<E>(self, _: &str) -> Result<Ordered, E> {
                Ok(Ordered::Other)
            }
            fn visit_unit<E>(self) -> Result<Ordered, E> {
                Ok(Ordered::Other)
            }
        }
        d.deserialize_any(Visit)
    }
}

/// The keys, in the order written, of the object at `path` in `text`
/// (a step is a key, or an index into an array).
#[cfg(test)]
fn keys(text: &str, path: &[&str]) -> Vec<String> {
    let mut at: Ordered = serde_json::from_str(text).unwrap();
    for step in path {
        at = match at {
            Ordered::Object(fields) => fields.into_iter().find(|(k, _)| k == step).unwrap().1,
            Ordered::Array(items) => items.into_iter().nth(step.parse().unwrap()).unwrap(),
            Ordered::Other => panic!("no {step}"),
        };
    }
    match at {
        Ordered::Object(fields) => fields.into_iter().map(|(k, _)| k).collect(),
        other => panic!("not an object: {other:?}"),
    }
}
