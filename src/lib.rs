//! slaclock keeps support promises: SLA clocks for incidents, provisioning
//! requests and inquiries over a local SQLite ticket log.
//!
//! The `sla` module is the pure core and usable as a library on its own.

pub mod sla;
