//! Tests of what a value of the wrong shape, or a near miss, is told: the
//! key, what was found, and how it is written, in the words of the policy
//! file, never a name from the code that reads it.

use proptest::prelude::*;

use super::*;
use crate::i18n::Lang;

/// Every message of `text`'s refusal, in English and in Japanese.
fn told(text: &str) -> Vec<String> {
    let errors = match text.parse::<Policy>() {
        Ok(_) => return vec![],
        Err(e) => e.0,
    };
    let mut out = vec![];
    for e in errors {
        for lang in Lang::ALL {
            out.push(e.message.told_in(lang));
        }
    }
    out
}

/// No word of the code: the types serde reads the file into are `Raw...`
/// structs.
fn in_file_words(message: &str) -> bool {
    !message.contains("Raw") && !message.contains("struct")
}

#[test]
fn a_table_given_a_value_says_how_the_table_is_written() {
    let cases = [
        (
            "[severity]\n1 = \"15m\"\n",
            "severity.1: invalid type: string \"15m\", expected a table; severity.1 is a table: write [severity.1] on a line of its own, then lines such as response = \"15m\" and restore = \"6h\"",
        ),
        (
            "[contracts.a.severity]\n3 = \"24h\"\n",
            "contracts.a.severity.3: invalid type: string \"24h\", expected a table; contracts.a.severity.3 is a table: write [contracts.a.severity.3] on a line of its own, then lines such as restore = \"24h\" and update = \"2h\"",
        ),
        (
            "[contracts]\nsa = \"premium\"\n",
            "contracts.sa: invalid type: string \"premium\", expected a table; contracts.sa is a table: write [contracts.sa] on a line of its own, then lines such as severity.3.restore = \"24h\" and escalation.1 = \"Premium desk <premium@example.com>\"",
        ),
        (
            "calendars.x = \"y\"\n",
            "calendars.x: invalid type: string \"y\", expected a table; calendars.x is a table: write [calendars.x] on a line of its own, then lines such as timezone = \"Australia/Brisbane\" and mon = [\"09:00-17:00\"]",
        ),
        (
            "escalation = [\"boss\"]\n",
            "escalation: invalid type: string \"boss\", expected a table; each escalation level is a table: write [[escalation]] on a line of its own, then lines such as level = 1 and contact = \"Duty manager <duty@example.com>\", once for each level",
        ),
        (
            "waiting = \"x\"\n",
            "waiting: invalid type: string \"x\", expected a table; waiting is a table: write [waiting] on a line of its own, then lines such as pauses = [\"update\", \"restore\"] and remind_after = \"24h\"",
        ),
        (
            "provisioning = 3\n",
            "provisioning: invalid type: integer `3`, expected a table; provisioning is a table: write [provisioning] on a line of its own, then lines such as name = \"Provisioning\" and response = \"1h\"",
        ),
        (
            "customers = \"ACME\"\n",
            "customers: invalid type: string \"ACME\", expected a table; customers is a table: write [customers] on a line of its own, then lines such as \"ACME\" = \"premium\" and \"Globex\" = \"basic\"",
        ),
    ];
    for (text, want) in cases {
        let errors = match text.parse::<Policy>() {
            Ok(_) => panic!("accepted:\n{text}"),
            Err(e) => e.0,
        };
        assert_eq!(errors.len(), 1, "{text}");
        assert_eq!(errors[0].message.told_in(Lang::En), want, "{text}");
        let ja = errors[0].message.told_in(Lang::Ja);
        assert!(
            ja.contains("値の形が違います") && in_file_words(&ja),
            "{ja}"
        );
    }
    let ja = told("[severity]\n1 = \"15m\"\n").pop().unwrap_or_default();
    assert_eq!(
        ja,
        "severity.1: 値の形が違います: invalid type: string \"15m\", expected a table。severity.1 は表です。[severity.1] を1行で書き、その下に `response = \"15m\"`と`restore = \"6h\"` のような行を続けてください"
    );
}

#[test]
fn a_holiday_may_be_an_unquoted_date_but_not_a_time() {
    let calendar = "[calendars.b]\ntimezone = \"UTC\"\nmon = [\"09:00-17:00\"]\n";
    let targets = (1..=3)
        .map(|n| format!("[severity.{n}]\nresponse = \"1h\"\nupdate = \"1h\"\nrestore = \"1h\"\n"))
        .collect::<String>();
    let text = format!("{calendar}holidays = [\"2026-10-02\", 2026-11-09]\n{targets}");
    let p: Policy = text.parse().unwrap_or_else(|e| panic!("{e}"));
    let Some(Calendar::Business(b)) = p.calendar_named("b") else {
        panic!("no calendar b");
    };
    let days: Vec<String> = b.holidays().map(|d| d.to_string()).collect();
    assert_eq!(days, ["2026-10-02", "2026-11-09"]);
    for (holidays, col, date) in [
        ("[2026-11-09T10:00:00]", 13, "2026-11-09T10:00:00"),
        ("[2026-11-09T10:00:00Z]", 13, "2026-11-09T10:00:00Z"),
        ("[\"2026-10-02\", 10:00:00]", 27, "10:00:00"),
    ] {
        let text = format!("{calendar}holidays = {holidays}\n");
        let e = match text.parse::<Policy>() {
            Ok(_) => panic!("accepted {holidays}"),
            Err(e) => e.0,
        };
        let e = e.iter().find(|e| e.line == 4).expect("the holiday's error");
        assert_eq!(e.column, col, "{holidays}");
        assert_eq!(
            e.message.told_in(Lang::En),
            format!("calendars.b.holidays: {date:?} is not a date; write it as \"YYYY-MM-DD\""),
        );
    }
}

#[test]
fn near_misses_say_what_would_be_right() {
    let calendar = "[calendars.x]\ntimezone = \"UTC\"\n";
    // (text, line, column, message)
    let cases = [
        (
            "[severity.1]\nresponse = \"500ms\"\n".to_string(),
            2,
            12,
            "severity.1.response: \"500ms\" is less than a second; a target, threshold or repeat interval counts whole seconds, so write at least \"1s\"",
        ),
        (
            "[severity.1]\nresponse = \"0s\"\n".to_string(),
            2,
            12,
            "severity.1.response: \"0s\" is zero; a target, threshold or repeat interval must be at least one second",
        ),
        (
            format!("{calendar}mon = [\"09:30-09:30\"]\n"),
            3,
            8,
            "calendars.x.mon: \"09:30-09:30\" is empty: it ends where it starts; give a range such as \"09:00-17:00\", or leave the day out to close it",
        ),
        (
            format!("{calendar}mon = [\"24:00-24:00\"]\n"),
            3,
            8,
            "calendars.x.mon: \"24:00-24:00\" is empty: it ends where it starts; give a range such as \"09:00-17:00\", or leave the day out to close it",
        ),
        (
            format!("{calendar}mon = [\"17:00-09:00\"]\n"),
            3,
            8,
            "calendars.x.mon: \"17:00-09:00\" ends before it starts; write an overnight shift as two intervals, one each side of midnight",
        ),
        (
            "[calendars.x]\nmon = [\"09:00-17:00\"]\n".to_string(),
            1,
            1,
            "calendars.x: timezone is missing; write it like timezone = \"Australia/Brisbane\"",
        ),
        (
            "[[escalation]]\ncontact = \"a\"\n".to_string(),
            1,
            1,
            "escalation: level is missing; write it like level = 1",
        ),
    ];
    for (text, line, column, want) in cases {
        let errors = match text.parse::<Policy>() {
            Ok(_) => panic!("accepted:\n{text}"),
            Err(e) => e.0,
        };
        let first = &errors[0];
        assert_eq!(
            (first.line, first.column, first.message.told_in(Lang::En)),
            (line, column, want.to_string()),
            "{text}"
        );
    }
}

/// Every place a key can be, at any depth of the file's tables.
const PATHS: &[&str] = &[
    "severity",
    "severity.1",
    "severity.1.name",
    "severity.1.response",
    "severity.1.response.target",
    "severity.1.response.calendar",
    "provisioning",
    "provisioning.update",
    "calendars",
    "calendars.b",
    "calendars.b.timezone",
    "calendars.b.mon",
    "calendars.b.holidays",
    "waiting",
    "waiting.pauses",
    "waiting.remind_after",
    "escalation",
    "contracts",
    "contracts.p",
    "contracts.p.severity",
    "contracts.p.severity.3",
    "contracts.p.severity.3.restore",
    "contracts.p.escalation",
    "contracts.p.escalation.1",
    "customers",
    "customers.acme",
    "referrals",
    "referrals.billing",
    "severity_change",
];

/// Values of every TOML type, in and out of place.
const VALUES: &[&str] = &[
    "\"15m\"",
    "\"x\"",
    "3",
    "-1",
    "1.5",
    "true",
    "2026-11-09",
    "09:00:00",
    "[\"09:00-17:00\"]",
    "[1, 2]",
    "[]",
    "{}",
    "{ a = 1 }",
    "{ target = 3 }",
    "[{ level = 1 }]",
    "[{ level = \"x\", contact = 3 }]",
];

proptest! {
    #[test]
    fn no_shape_error_names_a_type_of_the_code(
        lines in prop::collection::vec((0..PATHS.len(), 0..VALUES.len()), 1..4),
        levels in prop::collection::vec((0..VALUES.len(), 0..VALUES.len(), 0..VALUES.len()), 0..2),
    ) {
        let mut text = String::new();
        for (p, v) in lines {
            text.push_str(&format!("{} = {}\n", PATHS[p], VALUES[v]));
        }
        for (level, contact, after) in levels {
            text.push_str(&format!(
                "[[escalation]]\nlevel = {}\ncontact = {}\nafter = {}\n",
                VALUES[level], VALUES[contact], VALUES[after]
            ));
        }
        for message in told(&text) {
            prop_assert!(in_file_words(&message), "{}\n{}", text, message);
        }
    }
}
