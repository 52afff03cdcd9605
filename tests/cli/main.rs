//! Integration tests: the real `slaclock` binary, run in a temporary folder
//! against a real SQLite ticket log, with the clock fixed by SLACLOCK_NOW.

mod util;

mod arguments;
mod binary;
mod board;
mod chart;
mod check;
mod commands;
mod contract;
mod contracts;
mod deadlines;
mod desk;
mod echoes;
mod edges;
mod examples;
mod export;
mod faults_input;
mod faults_sqlite;
mod finish;
mod help;
mod holidays;
mod hostile;
mod input;
mod japanese;
mod japanese_audit;
mod japanese_errors;
mod japanese_store;
mod live_backup;
mod pager;
mod prompts;
mod readme;
mod refusals;
mod reliability;
mod report;
mod retries;
mod roles;
mod round_trips;
mod secrets;
mod shared_log;
mod tls;
mod trend;
mod watch;
mod what_if;
mod whole_day;
mod writes;
