//! The one filter builder: a `TicketFilter` as the WHERE conditions (on
//! tickets aliased `t`) both dialects run, with its values bound in order.

use super::{Dialect, Param};
use crate::model::Field;
use crate::store::{TicketFilter, TicketRow};

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
        // The log at an instant: the details then, which a correction
        // recorded later may have changed, are decided on by `selects`;
        // here, any value they held (see `or_once`).
        let then = f.recorded_by.is_some();
        if let Some(customer) = &f.customer {
            let part = filter.bind(Param::text(customer));
            let now = contains::<D>("t.customer", &part);
            let held = |v: &str| contains::<D>(v, &part);
            filter
                .clauses
                .push(or_once(then, now, Some(Field::Customer), held));
        }
        if let Some(search) = &f.search {
            let part = filter.bind(Param::text(search));
            let any: Vec<String> = SEARCHED.iter().map(|c| contains::<D>(c, &part)).collect();
            let now = format!("({})", any.join(" OR "));
            let held = |v: &str| contains::<D>(v, &part);
            filter.clauses.push(or_once(then, now, None, held));
        }
        if let Some(since) = f.since {
            filter.push("t.reported_at >= ", Param::big(since));
        }
        if let Some(until) = f.until {
            filter.push("t.reported_at < ", Param::big(until));
        }
        if let Some(reference) = &f.external_ref {
            let part = filter.bind(Param::text(reference));
            let now = format!("t.external_ref = {part}");
            let held = |v: &str| format!("{v} = {part}");
            filter
                .clauses
                .push(or_once(then, now, Some(Field::Ref), held));
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

    /// Whether a ticket whose details are `row`'s (as they stood at
    /// `f.recorded_by`, by `TicketRow::correct_to`) meets the conditions
    /// on them that `new` widened: its customer, its text and its
    /// external reference, folded as `D`'s SQL folds them.
    pub(in crate::store) fn selects<D: Dialect>(f: &TicketFilter, row: &TicketRow) -> bool {
        let has = |value: Option<&str>, part: &str| {
            value.is_some_and(|v| D::fold(v).contains(&D::fold(part)))
        };
        let details = [
            Some(row.title.as_str()),
            row.customer.as_deref(),
            row.service.as_deref(),
            row.external_ref.as_deref(),
        ];
        f.customer
            .as_deref()
            .is_none_or(|c| has(row.customer.as_deref(), c))
            && f.search
                .as_deref()
                .is_none_or(|s| details.iter().any(|&d| has(d, s)))
            && f.external_ref
                .as_deref()
                .is_none_or(|r| row.external_ref.as_deref() == Some(r))
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

/// The condition `now` on a ticket's details now; for the log at an
/// instant (`then`), or that an `edit` of `field` (of any detail, if none)
/// of the ticket had a value, before or after, that `held` is true of:
/// the details then are among those values, and `Filter::selects` decides
/// on them. A ticket never corrected is selected by its details now alone.
fn or_once(then: bool, now: String, field: Option<Field>, held: impl Fn(&str) -> String) -> String {
    if !then {
        return now;
    }
    let field = field.map_or(String::new(), |f| {
        format!(" AND ec.field = '{}'", f.as_str())
    });
    format!(
        "({now} OR EXISTS (SELECT 1 FROM events ec WHERE ec.ticket_id = t.id \
         AND ec.kind = 'edited'{field} AND ({} OR {})))",
        held("ec.old_value"),
        held("ec.new_value")
    )
}

/// The condition that `column` contains the text bound at `part`, in any
/// case: both sides through SQL's `lower`, so one rule folds them. That
/// rule is the database's: SQLite's `lower` folds the letters A to Z only,
/// PostgreSQL's every letter its database's locale knows. An empty column
/// (NULL) contains nothing.
fn contains<D: Dialect>(column: &str, part: &str) -> String {
    D::contains(&format!("lower({column})"), &format!("lower({part})"))
}
