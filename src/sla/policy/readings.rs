//! Tests of the two readings of a policy's text: a file that may judge new
//! tickets, read with every check, and a version read back from the log,
//! which judges its tickets as it did when it was recorded.

use super::*;

fn refused(text: &str) -> Vec<String> {
    match text.parse::<Policy>() {
        Ok(_) => panic!("the file was accepted:\n{text}"),
        Err(e) => e.0.iter().map(|e| e.message.to_string()).collect(),
    }
}

/// The shipped policy with its severity 2 update target written `update`.
fn with_update(update: &str) -> String {
    with_update_value(&format!("\"{update}\""))
}

/// The same, with the target's TOML value as written.
fn with_update_value(value: &str) -> String {
    let shipped = "update = \"60m\"";
    assert_eq!(
        DEFAULT_POLICY.matches(shipped).count(),
        1,
        "one severity 2 update"
    );
    DEFAULT_POLICY.replace(shipped, &format!("update = {value}"))
}

#[test]
fn a_file_refuses_months_years_and_a_capital_m_by_name() {
    for (text, unit) in [
        ("1M", "\"M\""),
        ("2months", "\"months\""),
        ("1month", "\"month\""),
        ("1y", "\"y\""),
        ("1year", "\"year\""),
        ("1h 30M", "\"M\""),
        ("2years", "\"years\""),
    ] {
        let errors = refused(&with_update(text));
        assert_eq!(errors.len(), 1, "{text}: {errors:?}");
        let e = &errors[0];
        assert!(e.starts_with("severity.2.update: "), "{text}: {e}");
        assert!(e.contains(&format!("written in {unit}")), "{text}: {e}");
        assert!(e.contains("\"30d\""), "{text}: {e}");
    }
    // What is no duration at all is said so first.
    let e = &refused(&with_update("1 month soon"))[0];
    assert!(e.contains("is not a duration"), "{e}");
    // A target counts whole seconds; what is less than one is said so.
    let e = &refused(&with_update("1s 500ms"))[0];
    assert!(e.ends_with("not a whole number of seconds; a target, threshold or repeat interval counts whole seconds, so leave out the part of a second"), "{e}");
    let e = &refused(&with_update("500ms"))[0];
    assert!(e.contains("less than a second"), "{e}");
    // Every unit the file reads is still read, in the words it is written.
    for text in [
        "90s", "45m", "45min", "1h 30m", "2hours", "3days", "1w", "2weeks",
    ] {
        with_update(text)
            .parse::<Policy>()
            .unwrap_or_else(|e| panic!("{text}: {e}"));
    }
}

#[test]
fn a_file_refuses_a_month_in_every_duration_it_holds() {
    let remind = DEFAULT_POLICY.replace("remind_after = \"24h\"", "remind_after = \"1M\"");
    assert_ne!(remind, DEFAULT_POLICY);
    let errors = refused(&remind);
    assert!(
        errors[0].starts_with("waiting.remind_after: "),
        "{errors:?}"
    );
    let threshold = DEFAULT_POLICY.replace("after = { 1 = \"2h\"", "after = { 1 = \"1M\"");
    assert_ne!(threshold, DEFAULT_POLICY);
    let errors = refused(&threshold);
    assert!(errors[0].contains("written in \"M\""), "{errors:?}");
    let errors = refused(&with_update_value(
        "{ target = \"1M\", calendar = \"24x7\" }",
    ));
    assert!(errors[0].starts_with("severity.2.update: "), "{errors:?}");
}

#[test]
fn a_recorded_version_reads_as_it_was_recorded() {
    // A version recorded before these units were refused: `1M` was the
    // duration parser's month, and its tickets are judged by it still.
    let p = Policy::from_recorded(&with_update("1M")).unwrap();
    let update = p.target(Kind::Incident, Some(Severity::S2), ClockKind::Update);
    assert_eq!(update.map(|t| t.secs), Some(2_630_016));
    let p = Policy::from_recorded(&with_update("1h 1s 500ms")).unwrap();
    let update = p.target(Kind::Incident, Some(Severity::S2), ClockKind::Update);
    assert_eq!(update.map(|t| t.secs), Some(3601));
    // A customer with no name was accepted then; no ticket has it.
    let nameless = format!(
        "{DEFAULT_POLICY}\n[contracts.gold.severity.1]\nresponse = \"5m\"\n\n[customers]\n\"\" = \"gold\"\n"
    );
    assert!(refused(&nameless)[0].contains("name is empty"));
    let p = Policy::from_recorded(&nameless).unwrap();
    assert!(p.contract_for("").is_none());
    // What keeps the arithmetic in range is asked of every version.
    let far = DEFAULT_POLICY.replace("restore = \"6h\"", "restore = \"9999999999999h\"");
    assert!(Policy::from_recorded(&far).is_err());
}
