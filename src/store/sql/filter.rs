//! The one filter builder: a `TicketFilter` as the WHERE conditions (on
//! tickets aliased `t`) both dialects run, with its values bound in order.

use super::{Dialect, Param};
use crate::store::TicketFilter;

/// The WHERE conditions (on tickets aliased `t`) and their values for a
/// filter, numbered from `$1` in order. Only fixed SQL fragments are
/// assembled; values are always bound.
pub(in crate::store) struct Filter<'f> {
    clauses: Vec<String>,
    pub(in crate::store) params: Vec<Param<'f>>,
    /// `TicketFilter::ids` is all it selects by: its bounds are `$1` and `$2`.
    ids_alone: bool,
}

/// The ticket columns `TicketFilter::search` looks in.
const SEARCHED: [&str; 4] = ["t.title", "t.customer", "t.service", "t.external_ref"];

impl<'f> Filter<'f> {
    /// The two conditions each dialect writes its own way come from `D`:
    /// a ticket that may still have been unresolved at an instant, and a
    /// text that contains another.
    pub(in crate::store) fn new<D: Dialect>(f: &'f TicketFilter) -> Filter<'f> {
        let mut filter = Filter {
            clauses: Vec::new(),
            params: Vec::new(),
            ids_alone: false,
        };
        // First, so the bounds are `$1` and `$2` (see `ids_alone`).
        if let Some(ids) = &f.ids {
            filter.push("t.id >= ", Param::big(*ids.start()));
            filter.push("t.id <= ", Param::big(*ids.end()));
        }
        if let Some(as_of) = f.as_of {
            filter.push("t.reported_at <= ", Param::big(as_of));
        }
        if !f.include_resolved {
            match f.as_of {
                None => filter.clauses.push("t.state <> 'resolved'".to_owned()),
                Some(as_of) => {
                    // May have been unresolved then; the caller re-evaluates.
                    let then = filter.bind(Param::big(as_of));
                    filter.clauses.push(D::unresolved_then(&then));
                }
            }
        }
        if let Some(kind) = f.kind {
            filter.push("t.kind = ", Param::text(kind.as_str()));
        }
        if let Some(customer) = &f.customer {
            let part = filter.bind(Param::text(customer));
            filter.clauses.push(contains::<D>("t.customer", &part));
        }
        if let Some(search) = &f.search {
            let part = filter.bind(Param::text(search));
            let any: Vec<String> = SEARCHED.iter().map(|c| contains::<D>(c, &part)).collect();
            filter.clauses.push(format!("({})", any.join(" OR ")));
        }
        if let Some(since) = f.since {
            filter.push("t.reported_at >= ", Param::big(since));
        }
        if let Some(until) = f.until {
            filter.push("t.reported_at < ", Param::big(until));
        }
        if let Some(reference) = &f.external_ref {
            filter.push("t.external_ref = ", Param::text(reference));
        }
        // The owner now, from the summary column; who owned a ticket at a
        // past instant is the caller's to re-evaluate from its events.
        if f.as_of.is_none() {
            if let Some(owner) = &f.owner {
                filter.push("t.owner = ", Param::text(owner));
            }
            if f.unassigned {
                filter.clauses.push("t.owner IS NULL".to_owned());
            }
        }
        filter.ids_alone = f.ids.is_some() && filter.clauses.len() == 2;
        filter
    }

    /// Binds `value` as the next parameter and returns its placeholder.
    pub(in crate::store) fn bind(&mut self, value: Param<'f>) -> String {
        self.params.push(value);
        format!("${}", self.params.len())
    }

    /// Adds `condition $n` with `value` bound as the next parameter.
    fn push(&mut self, condition: &str, value: Param<'f>) {
        let placeholder = self.bind(value);
        self.clauses.push(format!("{condition}{placeholder}"));
    }

    pub(in crate::store) fn is_empty(&self) -> bool {
        self.clauses.is_empty()
    }

    /// Whether it selects by a range of ids alone, bound at `$1` and `$2`.
    pub(in crate::store) fn is_ids_alone(&self) -> bool {
        self.ids_alone
    }

    /// ` WHERE ...`, or nothing.
    pub(in crate::store) fn where_(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.clauses.join(" AND "))
        }
    }

    /// `... AND `, to go before another condition, or nothing.
    pub(in crate::store) fn and(&self) -> String {
        self.clauses.iter().map(|c| format!("{c} AND ")).collect()
    }
}

/// The condition that `column` contains the text bound at `part`, in any
/// case: both sides through SQL's `lower`, so one rule folds them. That
/// rule is the database's: SQLite's `lower` folds the letters A to Z only,
/// PostgreSQL's every letter its database's locale knows. An empty column
/// (NULL) contains nothing.
fn contains<D: Dialect>(column: &str, part: &str) -> String {
    D::contains(&format!("lower({column})"), &format!("lower({part})"))
}
