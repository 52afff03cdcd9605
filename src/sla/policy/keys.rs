//! The keys a policy file may hold, table by table, and every key it holds
//! that is none of them. serde's `deny_unknown_fields` stops at the first
//! unknown key, so a file with three typos took three runs of `policy
//! check`; here each is found in one pass, placed, and given the nearest
//! known key, then left out of the document so that the rest of the file
//! is still checked in the same run.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// What a value in the file may be, as far as its keys go.
enum Shape {
    /// A table of these keys.
    Keys(&'static [(&'static str, Shape)]),
    /// A table of names the file chooses (`[calendars.NAME]`), each a
    /// value of this shape.
    Named(&'static Shape),
    /// An array of tables of this shape (`[[escalation]]`).
    Tables(&'static Shape),
    /// Any value: its type is checked when it is read.
    Value,
}

use Shape::{Keys, Named, Tables, Value};

/// A target: `"15m"`, or `{ target = "48h", calendar = "business" }`.
const TARGET: Shape = Keys(&[("target", Value), ("calendar", Value)]);
const TARGETS: Shape = Keys(&[
    ("name", Value),
    ("response", TARGET),
    ("update", TARGET),
    ("restore", TARGET),
    ("own", TARGET),
]);
const OVERRIDE: Shape = Keys(&[
    ("response", TARGET),
    ("update", TARGET),
    ("restore", TARGET),
    ("own", TARGET),
]);
const CALENDAR: Shape = Keys(&[
    ("timezone", Value),
    ("mon", Value),
    ("tue", Value),
    ("wed", Value),
    ("thu", Value),
    ("fri", Value),
    ("sat", Value),
    ("sun", Value),
    ("holidays", Value),
]);
const LEVEL: Shape = Keys(&[("level", Value), ("contact", Value), ("after", Value)]);
const CONTRACT: Shape = Keys(&[("severity", Named(&OVERRIDE)), ("escalation", Value)]);
const POLICY: Shape = Keys(&[
    ("severity_change", Value),
    (
        "waiting",
        Keys(&[("pauses", Value), ("remind_after", Value)]),
    ),
    ("calendars", Named(&CALENDAR)),
    ("severity", Named(&TARGETS)),
    ("provisioning", TARGETS),
    ("escalation", Tables(&LEVEL)),
    ("referrals", Value),
    ("contracts", Named(&CONTRACT)),
    ("customers", Value),
]);

/// A key the file holds that its table does not know.
#[derive(Debug, PartialEq)]
pub(super) struct Unknown {
    /// Where the key is written.
    pub span: std::ops::Range<usize>,
    pub key: String,
    /// The table it is in, dotted (`severity.1`), empty at the top.
    pub table: String,
    /// The known key it is nearest to, if any is near.
    pub near: Option<&'static str>,
    /// The keys its table takes.
    pub known: Vec<&'static str>,
}

/// The keys that unknown ones were taken to mistype, table by table: each
/// is told once, as the slip, never again as missing.
#[derive(Debug, Default)]
pub(super) struct Meant(Vec<(String, &'static str)>);

impl Meant {
    pub(super) fn of(unknown: &[Unknown]) -> Meant {
        Meant(
            unknown
                .iter()
                .filter_map(|u| Some((u.table.clone(), u.near?)))
                .collect(),
        )
    }

    /// Whether a key of the table `table` (dotted) was taken to mistype
    /// `key`.
    pub(super) fn holds(&self, table: &str, key: &str) -> bool {
        self.0.iter().any(|(t, k)| t == table && *k == key)
    }
}

/// Whether `key` is one slip from `known` (a severity's table named
/// `[severity.2x]` is severity 2's).
pub(super) fn one_slip_from(key: &str, known: &str) -> bool {
    edits(key, known) <= 1
}

/// Every unknown key of `doc`, in the file's order, each removed from it.
pub(super) fn take_unknown(doc: &mut Spanned<DeTable<'_>>) -> Vec<Unknown> {
    let mut found = vec![];
    walk(doc.get_mut(), &POLICY, "", &mut found);
    found.sort_by_key(|u| u.span.start);
    found
}

fn walk(table: &mut DeTable<'_>, shape: &Shape, path: &str, found: &mut Vec<Unknown>) {
    let inside = |key: &str| match path {
        "" => key.to_string(),
        _ => format!("{path}.{key}"),
    };
    match shape {
        Keys(known) => {
            for (key, value) in std::mem::replace(table, DeTable::new()) {
                let name: &str = key.get_ref();
                if known.iter().any(|(k, _)| *k == name) {
                    table.insert(key, value);
                } else {
                    found.push(Unknown {
                        span: key.span(),
                        key: name.to_string(),
                        table: path.to_string(),
                        near: nearest(name, known.iter().map(|(k, _)| *k)),
                        known: known.iter().map(|(k, _)| *k).collect(),
                    });
                }
            }
            for (key, value) in table.iter_mut() {
                let name: &str = key.get_ref();
                if let Some((_, inner)) = known.iter().find(|(k, _)| *k == name) {
                    walk_value(value.get_mut(), inner, &inside(name), found);
                }
            }
        }
        Named(inner) => {
            for (key, value) in table.iter_mut() {
                walk_value(value.get_mut(), inner, &inside(key.get_ref()), found);
            }
        }
        Tables(_) | Value => {}
    }
}

fn walk_value(value: &mut DeValue<'_>, shape: &Shape, path: &str, found: &mut Vec<Unknown>) {
    match (value, shape) {
        (DeValue::Table(table), Keys(_) | Named(_)) => walk(table, shape, path, found),
        (DeValue::Array(items), Tables(inner)) => {
            for item in items.iter_mut() {
                if let DeValue::Table(table) = item.get_mut() {
                    walk(table, inner, path, found);
                }
            }
        }
        // A value of another type is for serde to refuse, by its type.
        _ => {}
    }
}

/// The dotted key (`calendars.business.mon`) whose value holds byte `at`
/// of the file, the deepest such: serde places an error of type (a string
/// where a list belongs) or a missing key at the value, without naming the
/// key. An `[[escalation]]` entry is named by the array's key.
pub(super) fn key_at(table: &DeTable<'_>, at: usize) -> Option<String> {
    let holds = |span: std::ops::Range<usize>| span.contains(&at);
    for (key, value) in table {
        let name: &str = key.get_ref();
        let inner = match value.get_ref() {
            DeValue::Table(t) => key_at(t, at),
            DeValue::Array(items) => items.iter().find_map(|item| match item.get_ref() {
                DeValue::Table(t) => key_at(t, at),
                _ => None,
            }),
            _ => None,
        };
        if let Some(inner) = inner {
            return Some(format!("{name}.{inner}"));
        }
        if holds(key.span()) || holds(value.span()) {
            return Some(name.to_string());
        }
    }
    None
}

/// The known key `key` most likely mistypes: within two edits, or one
/// for a key of three letters or fewer.
fn nearest(key: &str, known: impl Iterator<Item = &'static str>) -> Option<&'static str> {
    let most = if key.chars().count() <= 3 { 1 } else { 2 };
    known
        .map(|k| (edits(key, k), k))
        .filter(|(d, _)| *d <= most)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Levenshtein distance, by characters.
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unknown(text: &str) -> Vec<(String, String, Option<&'static str>)> {
        let mut doc = DeTable::parse(text).unwrap();
        take_unknown(&mut doc)
            .into_iter()
            .map(|u| (u.table, u.key, u.near))
            .collect()
    }

    #[test]
    fn every_unknown_key_is_found_with_its_nearest_known_one() {
        let found = unknown(
            "foo = 1\n[severity.1]\nresponse = \"15m\"\nrestor = \"4h\"\nupdat = \"30m\"\n\
             [severity.3]\nrestore = { target = \"48h\", calender = \"business\" }\n\
             [calendars.business]\ntimezone = \"UTC\"\nmonday = []\n\
             [[escalation]]\nlevel = 1\ncontact = \"x\"\nafer = {}\n\
             [contracts.gold.severity.1]\nrespond = \"5m\"\n[waiting]\nremind = \"1h\"\n",
        );
        let s = |t: &str, k: &str, n: Option<&'static str>| (t.to_string(), k.to_string(), n);
        assert_eq!(
            found,
            [
                s("", "foo", None),
                s("severity.1", "restor", Some("restore")),
                s("severity.1", "updat", Some("update")),
                s("severity.3.restore", "calender", Some("calendar")),
                s("calendars.business", "monday", None),
                s("escalation", "afer", Some("after")),
                s("contracts.gold.severity.1", "respond", Some("response")),
                s("waiting", "remind", None),
            ]
        );
    }

    #[test]
    fn what_is_known_is_kept_and_free_names_are_free() {
        let text = "severity_change = \"retroactive\"\n[severity.1]\nname = \"P1\"\nresponse = \"15m\"\n\
                    [referrals]\nsales = \"x\"\n[customers]\nACME = \"gold\"\n\
                    [contracts.gold.escalation]\n1 = \"y\"\n";
        let mut doc = DeTable::parse(text).unwrap();
        assert_eq!(take_unknown(&mut doc), []);
        assert_eq!(doc.get_ref().len(), 5);
    }

    #[test]
    fn edits_count_insertions_deletions_and_changes() {
        assert_eq!(edits("restor", "restore"), 1);
        assert_eq!(edits("respnse", "response"), 1);
        assert_eq!(edits("calender", "calendar"), 1);
        assert_eq!(edits("kitten", "sitting"), 3);
        assert_eq!(edits("", "own"), 3);
        assert_eq!(nearest("owm", ["own", "name"].into_iter()), Some("own"));
        assert_eq!(nearest("xyz", ["own", "name"].into_iter()), None);
    }
}
