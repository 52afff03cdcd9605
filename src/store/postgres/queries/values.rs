//! How values travel to and from the server: bound parameters with their
//! types (sent unprepared) or as the driver takes them (prepared), the
//! answers read back as rows or counts, and a row's columns as the shared
//! decoding (`store/rows.rs`) reads them.

use anyhow::{Result, bail};
use tokio_postgres::Row;
use tokio_postgres::types::{ToSql, Type};

use super::super::db;
use super::super::session::Answer;
use crate::store::rows::Columns;
use crate::store::sql::Param;

/// The rows of an answer to a query.
pub(super) fn rows_of(answer: Answer) -> Result<Vec<Row>> {
    match answer {
        Answer::Rows(rows) => Ok(rows),
        other => bail!(crate::msg!(
            "pg-odd-answer-query",
            answer = format!("{other:?}")
        )),
    }
}

/// How many rows an answer to an UPDATE changed.
pub(super) fn changed_of(answer: Answer) -> Result<u64> {
    match answer {
        Answer::Changed(n) => Ok(n),
        other => bail!(crate::msg!(
            "pg-odd-answer-update",
            answer = format!("{other:?}")
        )),
    }
}

/// Bound values with their types, for statements sent unprepared: ids and
/// instants BIGINT, severities and levels SMALLINT, the rest TEXT.
pub(in crate::store::postgres) fn typed<'p>(
    params: &'p [Param],
) -> Vec<(&'p (dyn ToSql + Sync), Type)> {
    params
        .iter()
        .map(|p| -> (&(dyn ToSql + Sync), Type) {
            match p {
                Param::Big(v) => (v, Type::INT8),
                Param::Small(v) => (v, Type::INT2),
                Param::Text(v) => (v, Type::TEXT),
            }
        })
        .collect()
}

/// The driver's view of bound values.
pub(in crate::store::postgres) fn values<'p>(params: &'p [Param]) -> Vec<&'p (dyn ToSql + Sync)> {
    params
        .iter()
        .map(|p| -> &(dyn ToSql + Sync) {
            match p {
                Param::Big(v) => v,
                Param::Small(v) => v,
                Param::Text(v) => v,
            }
        })
        .collect()
}

impl Columns for Row {
    fn big(&self, i: usize) -> Result<Option<i64>> {
        self.try_get(i).map_err(db)
    }

    fn small(&self, i: usize) -> Result<Option<i64>> {
        let value: Option<i16> = self.try_get(i).map_err(db)?;
        Ok(value.map(i64::from))
    }

    fn text(&self, i: usize) -> Result<Option<&str>> {
        self.try_get(i).map_err(db)
    }

    fn name(&self, i: usize) -> &str {
        self.columns().get(i).map_or("?", |c| c.name())
    }
}
