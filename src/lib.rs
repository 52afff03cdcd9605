//! slaclock keeps support promises: SLA clocks for incidents, provisioning
//! requests and inquiries over a local SQLite ticket log.
//!
//! `model` is the vocabulary (ids, kinds, states and their stored codes);
//! the `sla` module is the pure core and usable as a library on its own;
//! `store` owns the ticket log; `app` runs commands; `output` renders;
//! `small_file` reads the small files both `app` and `store` read whole;
//! `warning` is the one door their warnings go out by.

pub mod app;
pub mod cli;
pub mod i18n;
pub mod model;
pub mod output;
pub mod sla;
pub mod small_file;
pub mod store;
pub mod warning;

/// `--version`: the program's version and the ticket log schema it writes.
pub const VERSION_LINE: &str = concat!(env!("CARGO_PKG_VERSION"), " (ticket log schema 11)");

#[cfg(test)]
mod tests {
    #[test]
    fn version_line_names_the_schema_this_build_writes() {
        let want = format!("(ticket log schema {})", crate::store::schema_version());
        assert!(
            super::VERSION_LINE.ends_with(&want),
            "{}",
            super::VERSION_LINE
        );
    }
}
