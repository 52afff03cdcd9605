//! The questions `open`, `escalate` and `severity` ask on a terminal when
//! something is missing. Callers ask only when standard input is a
//! terminal (a script never hangs on a question), and before the ticket
//! log's lock is taken (nobody waits on a person typing).

use anyhow::{Result, anyhow};
use clap::ValueEnum;
use dialoguer::{Input, Select};

use crate::cli::ReasonArg;
use crate::sla::{Kind, Policy, Severity};

/// A kind of ticket, incident first.
pub fn kind() -> Result<Kind> {
    let i = Select::new()
        .with_prompt("Kind")
        .items(Kind::ALL.map(Kind::as_str))
        .default(0)
        .interact()
        .map_err(unanswered)?;
    Ok(Kind::ALL[i])
}

/// A severity, each named as `policy` names it, starting on `current`.
pub fn severity(policy: &Policy, current: Option<Severity>) -> Result<Severity> {
    let items: Vec<String> = Severity::ALL
        .iter()
        .map(|s| {
            format!(
                "{s}: {}",
                policy.severities.get(s).map_or("", |t| t.name.as_str())
            )
        })
        .collect();
    let start = Severity::ALL
        .iter()
        .position(|s| Some(*s) == current)
        .unwrap_or(0);
    let i = Select::new()
        .with_prompt("Severity")
        .items(&items)
        .default(start)
        .interact()
        .map_err(unanswered)?;
    Ok(Severity::ALL[i])
}

/// Why a ticket is escalated.
pub fn escalation_reason() -> Result<ReasonArg> {
    let items = ReasonArg::ALL.map(reason_choice);
    let i = Select::new()
        .with_prompt("Why escalate")
        .items(&items)
        .default(0)
        .interact()
        .map_err(unanswered)?;
    Ok(ReasonArg::ALL[i])
}

/// A line of text, such as a title or a reason.
pub fn line(prompt: &str) -> Result<String> {
    Input::<String>::new()
        .with_prompt(prompt)
        .interact_text()
        .map_err(unanswered)
}

/// An escalation reason as the prompt offers it: its code, and what it
/// means in the words `--help` uses.
pub fn reason_choice(r: ReasonArg) -> String {
    let meaning = r
        .to_possible_value()
        .and_then(|v| v.get_help().map(ToString::to_string))
        .unwrap_or_default();
    let mut letters = meaning.chars();
    let meaning = match letters.next() {
        Some(first) => first.to_lowercase().chain(letters).collect(),
        None => meaning,
    };
    format!("{}: {meaning}", r.as_str())
}

fn unanswered(e: dialoguer::Error) -> anyhow::Error {
    anyhow!("could not read your answer: {e}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_escalation_reason_is_offered_by_its_code_and_its_help() {
        let offered = ReasonArg::ALL.map(reason_choice);
        assert_eq!(
            offered,
            [
                "impact: the impact on the customer's business has grown",
                "slow: the problem is not being resolved quickly enough",
                "expectations: the support effort is not meeting expectations",
            ]
        );
    }
}
