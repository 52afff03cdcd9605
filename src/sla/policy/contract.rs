//! Contracts: named partial overrides of the base policy (`[contracts.NAME]`)
//! and the `[customers]` table that maps customers to them.
//!
//! This module owns checking a contract against the base it overrides (each
//! override is checked as the base's own target is, with its place in the
//! file) and merging one into the base: the effective policy a ticket pinned
//! to that contract is judged by. It knows nothing of tickets or the store.

use std::collections::BTreeMap;

use toml::Spanned;

use super::parse::{RawPolicy, RawTarget};
use super::validate::{Checker, Reading};
use super::{EscalationLevel, Policy, Target, Targets};
use crate::i18n::Msg;
use crate::msg;
use crate::sla::Severity;

/// One severity's targets a contract replaces; `None` keeps the base's.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TargetOverrides {
    pub response: Option<Target>,
    pub update: Option<Target>,
    pub restore: Option<Target>,
    pub own: Option<Target>,
}

/// A named contract: what it overrides of the base policy, and only that.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Contract {
    pub severities: BTreeMap<Severity, TargetOverrides>,
    /// Escalation contacts by level (1-based); the thresholds stay the base's.
    pub contacts: BTreeMap<u8, String>,
}

/// The base policy's check of one target: `(checker, raw target, its key)`.
type TargetCheck<'a> =
    dyn Fn(&mut Checker, &Option<Spanned<RawTarget>>, &str) -> Option<Target> + 'a;

/// Checks and builds `[contracts]` and `[customers]` against the base
/// policy's severities and escalation path; `target` is the base's own
/// target check, so an override is refused exactly as a base target is.
pub(super) fn build(
    c: &mut Checker,
    raw: &RawPolicy,
    target: &TargetCheck,
    severities: &BTreeMap<Severity, Targets>,
    escalation: &[EscalationLevel],
) -> (
    BTreeMap<String, Contract>,
    BTreeMap<String, (String, String)>,
) {
    let mut contracts = BTreeMap::new();
    for (name, raw_contract) in &raw.contracts {
        let what = format!("contracts.{}", quoted_key(name));
        if name.trim().is_empty() {
            c.err(&raw_contract.span(), msg!("policy-contract-no-name"));
            continue;
        }
        let rc = raw_contract.get_ref();
        let mut contract = Contract::default();
        for (key, o) in &rc.severity {
            let Some(sev) = Severity::from_key(key) else {
                c.err(
                    &o.span(),
                    msg!(
                        "policy-contract-not-severity",
                        what = what.as_str(),
                        key = key
                    ),
                );
                continue;
            };
            if !severities.contains_key(&sev) {
                c.err(
                    &o.span(),
                    msg!("policy-contract-no-base", what = what.as_str(), key = key),
                );
                continue;
            }
            let o = o.get_ref();
            let at = |clock: &str| format!("{what}.severity.{key}.{clock}");
            let overrides = TargetOverrides {
                response: target(c, &o.response, &at("response")),
                update: target(c, &o.update, &at("update")),
                restore: target(c, &o.restore, &at("restore")),
                own: target(c, &o.own, &at("own")),
            };
            contract.severities.insert(sev, overrides);
        }
        for (key, contact) in &rc.escalation {
            let level = key.parse::<u8>().ok().filter(|l| {
                key == &l.to_string() && (1..=escalation.len()).contains(&usize::from(*l))
            });
            let Some(level) = level else {
                let levels = match escalation.len() {
                    0 => msg!("policy-base-no-levels"),
                    1 => msg!("policy-base-level-one"),
                    n => msg!("policy-base-levels", n = n.to_string()),
                };
                c.err(
                    &contact.span(),
                    msg!(
                        "policy-contract-not-level",
                        what = what.as_str(),
                        key = key,
                        levels = levels
                    ),
                );
                continue;
            };
            if contact.get_ref().trim().is_empty() {
                c.err(
                    &contact.span(),
                    msg!(
                        "policy-contract-empty-contact",
                        what = what.as_str(),
                        key = key
                    ),
                );
                continue;
            }
            contract.contacts.insert(level, contact.get_ref().clone());
        }
        contracts.insert(name.clone(), contract);
    }

    let mut customers: BTreeMap<String, (String, String)> = BTreeMap::new();
    // In the file's order, so the one listed second is the one refused.
    let mut listed: Vec<_> = raw.customers.iter().collect();
    listed.sort_by_key(|(_, contract)| contract.span().start);
    for (customer, contract) in listed {
        let name = contract.get_ref();
        // No ticket is opened for a customer with no name: a slip in a
        // file, and a line a recorded version can do without.
        if customer.trim().is_empty() {
            if c.reading == Reading::File {
                c.err(&contract.span(), msg!("policy-customer-no-name"));
            }
            continue;
        }
        if !contracts.contains_key(name) && !raw.contracts.contains_key(name) {
            c.err(
                &contract.span(),
                msg!(
                    "policy-customer-no-contract",
                    customer = quoted_key(customer),
                    name = crate::i18n::quoted(name),
                    known = known(raw.contracts.keys())
                ),
            );
            continue;
        }
        if let Some((other, _)) = customers.get(&folded(customer)) {
            c.err(
                &contract.span(),
                msg!(
                    "policy-customer-twice",
                    customer = quoted_key(customer),
                    other = crate::i18n::quoted(other)
                ),
            );
            continue;
        }
        customers.insert(folded(customer), (customer.clone(), name.clone()));
    }
    (contracts, customers)
}

/// Customer names match case-insensitively, as the board's `--customer`
/// does: "ACME" in the policy is the customer a ticket calls "Acme", and
/// without the spaces at their ends (a ticket opened by an earlier build
/// may hold "ACME " as typed). This is the form both are compared in.
fn folded(name: &str) -> String {
    name.trim().to_lowercase()
}

/// A table key as TOML writes it: bare when it can be.
fn quoted_key(key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if bare {
        key.to_string()
    } else {
        crate::i18n::quoted(key)
    }
}

/// "the policy defines contracts a, b" or "the policy defines no contracts".
fn known<'a>(names: impl Iterator<Item = &'a String>) -> Msg {
    let names: Vec<&str> = names.map(String::as_str).collect();
    if names.is_empty() {
        msg!("policy-no-contracts")
    } else {
        msg!("policy-defined-contracts", names = names)
    }
}

impl Policy {
    /// The contract a customer's tickets open under, if `[customers]` lists
    /// the customer (whatever the case of its name).
    pub fn contract_for(&self, customer: &str) -> Option<&str> {
        self.customers
            .get(&folded(customer))
            .map(|(_, contract)| contract.as_str())
    }

    /// The contract named `name`, or a message naming the ones there are.
    pub fn contract(&self, name: &str) -> Result<&Contract, Msg> {
        self.contracts.get(name).ok_or_else(|| {
            msg!(
                "policy-no-contract",
                name = crate::i18n::quoted(name),
                known = known(self.contracts.keys())
            )
        })
    }

    /// The effective policy under a contract: this policy with the
    /// contract's overrides in place of the base's targets and contacts.
    /// With `None`, the base policy itself. An unknown name is an error
    /// naming the contracts there are.
    pub fn effective(&self, contract: Option<&str>) -> Result<Policy, Msg> {
        let mut p = self.clone();
        let Some(name) = contract else {
            return Ok(p);
        };
        let contract = self.contract(name)?;
        for (sev, o) in &contract.severities {
            let Some(t) = p.severities.get_mut(sev) else {
                continue;
            };
            for (slot, over) in [
                (&mut t.response, &o.response),
                (&mut t.update, &o.update),
                (&mut t.restore, &o.restore),
                (&mut t.own, &o.own),
            ] {
                if over.is_some() {
                    slot.clone_from(over);
                }
            }
        }
        for (level, contact) in &contract.contacts {
            if let Some(l) = p.escalation.get_mut(usize::from(*level) - 1) {
                l.contact.clone_from(contact);
            }
        }
        Ok(p)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{ClockKind, DEFAULT_POLICY, PolicyError};
    use super::*;
    use crate::sla::Kind;

    /// The shipped policy with `extra` after it, and the line `extra`
    /// starts on.
    fn shipped_and(extra: &str) -> (String, usize) {
        let text = format!("{DEFAULT_POLICY}\n{extra}");
        (text, DEFAULT_POLICY.lines().count() + 2)
    }

    fn errors(extra: &str) -> (Vec<PolicyError>, usize) {
        let (text, first) = shipped_and(extra);
        match text.parse::<Policy>() {
            Ok(_) => panic!("accepted:\n{extra}"),
            Err(e) => (e.0, first),
        }
    }

    const PREMIUM: &str = "[contracts.premium]\nseverity.3.restore = { target = \"24h\", calendar = \"business\" }\nseverity.1.update = \"15m\"\nescalation.1 = \"Premium desk <premium@example.com>\"\n[contracts.basic]\n[customers]\n\"ACME\" = \"premium\"\n\"Initech\" = \"basic\"\n";

    #[test]
    fn a_contract_overrides_only_what_it_names() {
        let (text, _) = shipped_and(PREMIUM);
        let p: Policy = text.parse().unwrap();
        let base = Policy::default_policy();
        assert_eq!(p.contracts.len(), 2);
        let e = p.effective(Some("premium")).unwrap();
        let s3 = &e.severities[&Severity::S3];
        assert_eq!(s3.restore.as_ref().unwrap().secs, 24 * 3600);
        assert_eq!(e.calendar(s3.restore.as_ref().unwrap()).name(), "business");
        assert_eq!(
            e.severities[&Severity::S1].update.as_ref().unwrap().secs,
            15 * 60
        );
        // What it does not name is the base's.
        assert_eq!(s3.response, base.severities[&Severity::S3].response);
        assert_eq!(s3.name, base.severities[&Severity::S3].name);
        assert_eq!(e.severities[&Severity::S2], base.severities[&Severity::S2]);
        assert_eq!(
            e.escalation[0].contact,
            "Premium desk <premium@example.com>"
        );
        assert_eq!(e.escalation[0].after, base.escalation[0].after);
        assert_eq!(e.escalation[1], base.escalation[1]);
        assert_eq!(
            e.target(Kind::Incident, Some(Severity::S1), ClockKind::Update)
                .map(|t| t.secs),
            Some(900)
        );
        // An empty contract, and none at all, are the base.
        let basic = p.effective(Some("basic")).unwrap();
        assert_eq!(basic.severities, base.severities);
        assert_eq!(basic.escalation, base.escalation);
        assert_eq!(p.effective(None).unwrap(), p);
        // An unknown name lists the names there are.
        assert_eq!(
            p.effective(Some("gold")).unwrap_err().to_string(),
            "no contract named \"gold\"; the policy defines: basic, premium"
        );
        assert_eq!(
            base.effective(Some("gold")).unwrap_err().to_string(),
            "no contract named \"gold\"; the policy defines no contracts"
        );
    }

    #[test]
    fn customers_match_whatever_their_case() {
        let (text, _) = shipped_and(PREMIUM);
        let p: Policy = text.parse().unwrap();
        // Whatever the case, and without spaces at the ends (a ticket an
        // earlier build stored as typed).
        for name in ["ACME", "acme", "Acme", "ACME ", "\u{3000}acme"] {
            assert_eq!(p.contract_for(name), Some("premium"), "{name:?}");
        }
        assert_eq!(p.contract_for("INITECH"), Some("basic"));
        assert_eq!(p.contract_for("Globex"), None);
        assert_eq!(p.contract_for("ACME Corp"), None);
    }

    #[test]
    fn contract_mistakes_are_refused_with_their_place() {
        // (case, text after the shipped file, line within it, column, message)
        let cases: Vec<(&str, &str, usize, usize, &str)> = vec![
            (
                "customer mapped to a missing contract",
                "[contracts.premium]\n[customers]\n\"ACME\" = \"premum\"\n",
                2,
                10,
                "customers.ACME: no contract named \"premum\"; the policy defines: premium",
            ),
            (
                "no contracts at all",
                "[customers]\n\"Big Co\" = \"gold\"\n",
                1,
                12,
                "customers.\"Big Co\": no contract named \"gold\"; the policy defines no contracts",
            ),
            (
                "severity that does not exist",
                "[contracts.premium]\nseverity.4.restore = \"1h\"\n",
                1,
                10,
                "contracts.premium.severity.4 is not a severity; expected 1, 2 or 3",
            ),
            (
                "escalation level that does not exist",
                "[contracts.premium]\nescalation.4 = \"x <x@example.com>\"\n",
                1,
                16,
                "contracts.premium.escalation.4 is not an escalation level to override; the base policy has levels 1 to 3",
            ),
            (
                "zero target",
                "[contracts.premium]\nseverity.1.update = \"0m\"\n",
                1,
                21,
                "contracts.premium.severity.1.update: \"0m\" is zero; a target, threshold or repeat interval must be at least one second",
            ),
            (
                "unknown calendar",
                "[contracts.premium]\nseverity.3.restore = { target = \"24h\", calendar = \"office\" }\n",
                1,
                51,
                "contracts.premium.severity.3.restore: no calendar named \"office\"; known: 24x7, business",
            ),
            (
                "too long",
                "[contracts.premium]\nseverity.2.restore = \"400days\"\n",
                1,
                22,
                "contracts.premium.severity.2.restore: \"400days\" is longer than 366 days; a target, threshold or repeat interval must be at most \"366days\"",
            ),
            (
                "a customer with no name",
                "[contracts.premium]\n[customers]\n\"\" = \"premium\"\n",
                2,
                6,
                "customers: a customer's name is empty; write the name tickets are opened with, like \"ACME\" = \"premium\"",
            ),
            (
                "the same customer twice",
                "[contracts.premium]\n[customers]\n\"ACME\" = \"premium\"\n\"acme\" = \"premium\"\n",
                3,
                10,
                "customers.acme: \"ACME\" is listed already, and customer names match whatever their case; keep one of them",
            ),
            (
                "the same customer twice, the later one first in byte order",
                "[contracts.premium]\n[customers]\n\"acme\" = \"premium\"\n\"ACME\" = \"premium\"\n",
                3,
                10,
                "customers.ACME: \"acme\" is listed already, and customer names match whatever their case; keep one of them",
            ),
        ];
        let mut wrong = vec![];
        for (case, extra, line, column, message) in cases {
            let (e, first) = errors(extra);
            let got: Vec<_> = e
                .iter()
                .map(|e| (e.line - first, e.column, e.message.to_string()))
                .collect();
            if got != [(line, column, message.to_string())] {
                wrong.push(format!("{case}: {got:?}"));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
        // A key that is not a target is refused by name, with its place.
        for (extra, word) in [
            (
                "[contracts.premium]\nseverity.1.restor = \"1h\"\n",
                "restor",
            ),
            ("[contracts.premium]\nseverity.1.name = \"x\"\n", "name"),
            (
                "[contracts.premium]\nwaiting.remind_after = \"1h\"\n",
                "waiting",
            ),
        ] {
            let (e, first) = errors(extra);
            assert_eq!(e.len(), 1, "{e:?}");
            assert_eq!(e[0].line, first + 1, "{extra}: {e:?}");
            assert!(e[0].message.to_string().contains(word), "{extra}: {e:?}");
        }
    }

    #[test]
    fn the_shipped_file_defines_no_contract() {
        let p = Policy::default_policy();
        assert!(p.contracts.is_empty());
        assert!(p.customers.is_empty());
    }
}
