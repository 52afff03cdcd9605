//! Contracts (issue 16): named overrides of the policy, chosen by customer
//! or `open --contract`, pinned to a ticket like its policy version and
//! moved only by `policy apply`; shown by status, JSON, export, the board,
//! `report --by contract` and `policy show --contract`.

use serde_json::Value;
use slaclock::sla::DEFAULT_POLICY;

use crate::util::{Desk, column, postgres_desk, read_csv};

/// The shipped policy with a premium contract for ACME: severity 3
/// restores in 24 business hours (not 48), severity 1 updates every 15
/// minutes (not 30), and level 1 is the premium desk.
fn premium_policy() -> String {
    format!(
        "{DEFAULT_POLICY}\n[contracts.premium]\nseverity.3.restore = {{ target = \"24h\", calendar = \"business\" }}\nseverity.1.update = \"15m\"\nescalation.1 = \"Premium desk <premium@example.com>\"\n\n[contracts.basic]\n\n[customers]\n\"ACME\" = \"premium\"\n"
    )
}

fn status(d: &Desk, id: &str) -> Value {
    d.run(&["status", id, "--format", "json"]).json()
}

/// Deadlines under a contract, on whichever store the desk has.
fn deadlines_follow_the_contract(d: &Desk) {
    std::fs::write(d.path("severity.toml"), premium_policy()).unwrap();
    // 2026-11-24 10:00 in Brisbane, a Tuesday; business hours 09:00-17:00.
    d.run(&[
        "open",
        "--severity",
        "3",
        "--customer",
        "acme",
        "Slow portal",
    ])
    .ok();
    d.run(&[
        "open",
        "--severity",
        "3",
        "--customer",
        "Globex",
        "Slow portal",
    ])
    .ok();
    d.run(&["open", "--severity", "1", "--customer", "ACME", "VXC down"])
        .ok();
    d.run(&[
        "open",
        "--severity",
        "1",
        "--contract",
        "premium",
        "--customer",
        "Initech",
        "VXC down",
    ])
    .ok();
    let premium = status(d, "1");
    assert_eq!(premium["contract"], "premium", "matched whatever the case");
    // 24 business hours: 7 on Tuesday, 8 Wednesday, 8 Thursday, 1 Friday.
    assert_eq!(
        premium["clocks"]["restore"]["deadline"],
        "2026-11-27T00:00:00Z"
    );
    let base = status(d, "2");
    assert_eq!(base["contract"], Value::Null);
    // 48 business hours: next Wednesday 10:00.
    assert_eq!(
        base["clocks"]["restore"]["deadline"],
        "2026-12-02T00:00:00Z"
    );
    for id in ["3", "4"] {
        d.run(&["update", id, "-m", "Looking into it"]).ok();
        let s = status(d, id);
        assert_eq!(s["contract"], "premium", "ticket {id}");
        // Updates every 15 minutes, not the base's 30.
        assert_eq!(
            s["clocks"]["update"]["deadline"], "2026-11-24T00:15:00Z",
            "ticket {id}"
        );
        // The thresholds are the base's; the contact is the contract's.
        assert_eq!(
            s["escalation"]["contact"],
            "Premium desk <premium@example.com>"
        );
    }
    // An unknown contract is refused, naming the ones there are, and
    // nothing is recorded: bad data (exit 1, SPEC section 7), not a
    // malformed command line (2).
    let before = d.run(&["export"]).ok().to_string();
    let err = d
        .run(&["open", "--severity", "2", "--contract", "gold", "VXC slow"])
        .fails(1)
        .to_string();
    assert!(
        err.contains(
            "--contract \"gold\": no contract named \"gold\"; the policy defines: basic, premium"
        ),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    // A command line clap cannot read stays a usage error.
    d.run(&["open", "--severity", "2", "VXC slow", "--contract"])
        .fails(2);
    assert_eq!(d.run(&["export"]).ok(), before);
}

#[test]
fn deadlines_follow_the_contract_on_sqlite() {
    deadlines_follow_the_contract(&Desk::new());
}

#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn deadlines_follow_the_contract_on_postgres() {
    deadlines_follow_the_contract(&postgres_desk());
}

#[test]
fn a_ticket_keeps_its_contract_until_policy_apply() {
    let d = Desk::new();
    std::fs::write(d.path("severity.toml"), premium_policy()).unwrap();
    d.run(&[
        "open",
        "--severity",
        "3",
        "--customer",
        "ACME",
        "Slow portal",
    ])
    .ok();
    d.run(&[
        "open",
        "--severity",
        "3",
        "--customer",
        "Globex",
        "Slow portal",
    ])
    .ok();
    // ACME moves to a gold contract, and Globex joins premium.
    let moved = format!(
        "{DEFAULT_POLICY}\n[contracts.premium]\nseverity.3.restore = {{ target = \"24h\", calendar = \"business\" }}\n\n[contracts.gold]\nseverity.3.restore = {{ target = \"8h\", calendar = \"business\" }}\n\n[customers]\n\"ACME\" = \"gold\"\n\"Globex\" = \"premium\"\n"
    );
    std::fs::write(d.path("severity.toml"), &moved).unwrap();
    assert!(d.run(&["policy", "check"]).ok().contains("ok"));
    // Pinned: the new mapping changes nothing until it is applied.
    assert_eq!(status(&d, "1")["contract"], "premium");
    assert_eq!(status(&d, "2")["contract"], Value::Null);
    assert_eq!(
        status(&d, "1")["clocks"]["restore"]["deadline"],
        "2026-11-27T00:00:00Z"
    );
    d.run(&["policy", "apply"]).ok();
    let acme = status(&d, "1");
    assert_eq!(acme["contract"], "gold");
    // 8 business hours from Tuesday 10:00: Wednesday 10:00.
    assert_eq!(
        acme["clocks"]["restore"]["deadline"],
        "2026-11-25T00:00:00Z"
    );
    assert_eq!(status(&d, "2")["contract"], "premium");
    let text = d.run(&["status", "1"]).ok().to_string();
    assert!(text.contains("policy version 2, contract gold"), "{text}");
    assert!(
        text.contains("policy version 1 -> 2, contract premium -> gold"),
        "{text}"
    );
    // Applied again, nothing moves.
    let again = d.run(&["policy", "apply"]).ok().to_string();
    assert!(
        again.contains("already follows policy version 2"),
        "{again}"
    );
}

/// A contract the customer's listing gave goes with the listing; one
/// chosen with `open --contract` stays while the policy defines it.
#[test]
fn a_customer_taken_off_the_list_is_back_on_the_base_policy_after_apply() {
    let d = Desk::new();
    std::fs::write(d.path("severity.toml"), premium_policy()).unwrap();
    d.run(&["open", "--severity", "3", "--customer", "ACME", "Listed"])
        .ok();
    d.run(&[
        "open",
        "--severity",
        "3",
        "--customer",
        "Globex",
        "--contract",
        "premium",
        "Chosen",
    ])
    .ok();
    assert_eq!(status(&d, "1")["contract"], "premium");
    assert_eq!(status(&d, "2")["contract"], "premium");
    // ACME leaves [customers]; premium is still defined.
    let unlisted = premium_policy().replace("\"ACME\" = \"premium\"\n", "");
    std::fs::write(d.path("severity.toml"), unlisted).unwrap();
    d.run(&["policy", "apply"]).ok();
    assert_eq!(status(&d, "1")["contract"], Value::Null);
    assert_eq!(status(&d, "2")["contract"], "premium");
    let text = d.run(&["status", "1"]).ok().to_string();
    assert!(text.contains("contract premium -> none"), "{text}");
}

/// What `policy apply` does with a contract depends on where it came from,
/// as the opening recorded it: the customer's listing (it goes with the
/// listing, also when the customer is corrected to one not listed), or
/// `open --contract` (kept while the file defines it, listing or not).
#[test]
fn apply_keeps_a_chosen_contract_and_lets_a_listed_one_go() {
    let d = Desk::new();
    std::fs::write(d.path("severity.toml"), premium_policy()).unwrap();
    d.run(&["open", "--severity", "2", "--customer", "ACME", "typo"])
        .ok();
    d.run(&["edit", "1", "--customer", "Initech"]).ok();
    d.run(&[
        "open",
        "--severity",
        "2",
        "--customer",
        "ACME",
        "--contract",
        "basic",
        "Chosen",
    ])
    .ok();
    assert_eq!(status(&d, "1")["contract"], "premium");
    assert_eq!(status(&d, "2")["contract"], "basic");
    // An edit that touches neither contracts nor customers.
    let edited =
        premium_policy().replace("severity.1.update = \"15m\"", "severity.1.update = \"20m\"");
    std::fs::write(d.path("severity.toml"), &edited).unwrap();
    let applied = d.run(&["policy", "apply"]).ok().to_string();
    assert!(
        applied.contains(
            "#1 typo (Initech): now follows policy version 2, contract premium -> none\n"
        ) && applied.contains("#2 Chosen (ACME): now follows policy version 2\n"),
        "{applied}"
    );
    assert_eq!(status(&d, "1")["contract"], Value::Null);
    let text = d.run(&["status", "1"]).ok().to_string();
    assert!(text.contains("contract premium -> none"), "{text}");
    assert_eq!(status(&d, "2")["contract"], "basic");
    // Corrected after the last apply, with the file unchanged: only the
    // contract moves, and the timeline says only that.
    d.run(&["open", "--severity", "2", "--customer", "ACME", "third"])
        .ok();
    d.run(&["edit", "3", "--customer", "Initech"]).ok();
    d.run(&["policy", "apply"]).ok();
    let text = d.run(&["status", "3"]).ok().to_string();
    assert!(
        text.contains("contract premium -> none") && !text.contains("policy version 2 -> 2"),
        "{text}"
    );
    // Once the file no longer defines it, the listing decides.
    let without_basic = edited.replace("[contracts.basic]\n", "");
    std::fs::write(d.path("severity.toml"), without_basic).unwrap();
    d.run(&["policy", "apply"]).ok();
    assert_eq!(status(&d, "2")["contract"], "premium");
}

/// A customer's name corrected leaves the ticket under the contract it is
/// pinned to (SPEC 6: only `policy apply` re-pins), and standard error
/// says so when `policy apply` would now pin the ticket to another, and
/// how; nothing when the contract fits, for a contract chosen with
/// `--contract` (which apply keeps), for a resolved ticket (which apply
/// leaves), or for an edit of anything but the customer.
#[test]
fn correcting_the_customer_says_when_the_contract_no_longer_fits() {
    let d = Desk::new();
    std::fs::write(d.path("severity.toml"), premium_policy()).unwrap();
    d.run(&["open", "--severity", "1", "--customer", "ACEM", "VXC down"])
        .ok();
    let edit = d.run(&["edit", "1", "--customer", "ACME"]);
    assert!(
        edit.ok()
            .starts_with("#1 VXC down (ACME): customer corrected to \"ACME\" at 10:00\n"),
        "{}",
        edit.stdout
    );
    assert_eq!(
        edit.stderr,
        "#1 stays under no contract; ACME's contract in the policy is premium: \
         run `slaclock policy apply` to re-pin open tickets\n"
    );
    assert_eq!(status(&d, "1")["contract"], Value::Null, "not re-pinned");
    d.run(&["policy", "apply"]).ok();
    assert_eq!(status(&d, "1")["contract"], "premium");
    // The other way, in Japanese; then with no customer at all.
    let edit = crate::util::ja(&d, &["edit", "1", "--customer", "Globex"]);
    edit.ok();
    assert_eq!(
        edit.stderr,
        "#1は契約「premium」のままです。ポリシーではGlobexに契約がありません。\
         対応中のチケットを付け替えるには `slaclock policy apply` を実行してください\n"
    );
    let edit = d.run(&["edit", "1", "--customer", ""]);
    edit.ok();
    assert_eq!(
        edit.stderr,
        "#1 stays under contract premium; without a customer the policy gives it none: \
         run `slaclock policy apply` to re-pin open tickets\n"
    );
    assert_eq!(status(&d, "1")["contract"], "premium");
    // Silent where apply would change nothing.
    d.run(&["open", "--severity", "1", "--customer", "ACME", "Fits"])
        .ok();
    d.run(&[
        "open",
        "--severity",
        "1",
        "--customer",
        "Initech",
        "--contract",
        "basic",
        "Chosen",
    ])
    .ok();
    d.run(&["open", "--severity", "1", "--customer", "ACEM", "Closed"])
        .ok();
    d.run(&["resolve", "4"]).ok();
    for args in [
        &["edit", "2", "--customer", "acme"][..],
        &["edit", "3", "--customer", "ACME"],
        &["edit", "4", "--customer", "ACME"],
        &["edit", "1", "--title", "VXC down in Sydney"],
    ] {
        let edit = d.run(args);
        edit.ok();
        assert_eq!(edit.stderr, "", "{args:?}");
    }
    assert_eq!(status(&d, "3")["contract"], "basic");
}

/// SPEC 6: last month's figures never change because of today's edit,
/// a contract moved by `policy apply` included. ACME's premium contract
/// wants severity 1 updates every 15 minutes; an update 20 minutes after
/// the first is late under it and on time under the base policy's 30.
fn a_contract_moved_by_apply_leaves_last_month_as_it_was(mut d: Desk) {
    std::fs::write(d.path("severity.toml"), premium_policy()).unwrap();
    d.at("2026-10-20T01:00:00Z");
    d.run(&[
        "open",
        "--severity",
        "1",
        "--customer",
        "ACME",
        "--at",
        "2026-10-20T00:00:00Z",
        "Link down",
    ])
    .ok();
    for at in ["2026-10-20T00:05:00Z", "2026-10-20T00:25:00Z"] {
        d.run(&["update", "1", "--at", at, "-m", "Working on it"])
            .ok();
    }
    d.at("2026-11-24T00:00:00Z");
    let october = [
        "report",
        "--since",
        "2026-10-01",
        "--until",
        "2026-11-01",
        "--by",
        "contract",
        "--format",
        "json",
    ];
    let before = d.run(&october).json();
    let premium = before["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["group"] == "contract" && r["key"] == "premium")
        .unwrap_or_else(|| panic!("{before}"));
    // The second update was late under premium, and no update came after
    // it (under the base policy's 30 minutes: one on time, one missed).
    assert_eq!(premium["updates_on_time"], 0, "{before}");
    assert_eq!(premium["updates_missed"], 2, "{before}");
    let as_of = [
        "status",
        "1",
        "--as-of",
        "2026-10-25T00:00:00Z",
        "--format",
        "json",
    ];
    let then = d.run(&as_of).json();
    assert_eq!(then["contract"], "premium");
    // ACME leaves [customers]: applied, the ticket is on the base policy
    // from now on, and October is judged as it was.
    let unlisted = premium_policy().replace("\"ACME\" = \"premium\"\n", "");
    std::fs::write(d.path("severity.toml"), unlisted).unwrap();
    d.run(&["policy", "apply"]).ok();
    assert_eq!(status(&d, "1")["contract"], Value::Null);
    assert_eq!(d.run(&october).json(), before);
    assert_eq!(d.run(&as_of).json(), then);
    let export = d
        .run(&[
            "export",
            "--as-of",
            "2026-10-25T00:00:00Z",
            "--format",
            "json",
        ])
        .json();
    assert_eq!(export["contract"], "premium", "{export}");
    // The raw log says what each opening and re-pin pinned.
    let (header, rows) = read_csv(d.run(&["export", "--events"]).ok());
    let pins: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                column(&header, r, "kind"),
                column(&header, r, "policy_version"),
                column(&header, r, "contract"),
            )
        })
        .collect();
    assert_eq!(
        pins,
        [
            ("opened", "1", "premium"),
            ("updated", "", ""),
            ("updated", "", ""),
            ("policy", "2", ""),
        ]
    );
}

#[test]
fn a_contract_moved_by_apply_leaves_last_month_as_it_was_on_sqlite() {
    a_contract_moved_by_apply_leaves_last_month_as_it_was(Desk::new());
}

#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn a_contract_moved_by_apply_leaves_last_month_as_it_was_on_postgres() {
    a_contract_moved_by_apply_leaves_last_month_as_it_was(postgres_desk());
}

#[test]
fn report_groups_by_contract() {
    let d = Desk::new();
    std::fs::write(d.path("severity.toml"), premium_policy()).unwrap();
    d.run(&["open", "--severity", "3", "--customer", "ACME", "one"])
        .ok();
    d.run(&["open", "--severity", "2", "--customer", "ACME", "two"])
        .ok();
    d.run(&["open", "--severity", "2", "--customer", "Globex", "three"])
        .ok();
    let r = d
        .run(&[
            "report",
            "--since",
            "2026-11-01",
            "--until",
            "2026-12-01",
            "--by",
            "contract",
            "--format",
            "json",
        ])
        .json();
    // The base policy's tickets: a group of their own, its key null.
    let groups: Vec<(Option<String>, u64)> = r["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["group"] == "contract")
        .map(|r| {
            (
                r["key"].as_str().map(str::to_string),
                r["opened"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(groups, [(None, 1), (Some("premium".to_string()), 2)]);
    // --by customer still groups by customer.
    let r = d
        .run(&[
            "report",
            "--since",
            "2026-11-01",
            "--until",
            "2026-12-01",
            "--by",
            "customer",
            "--format",
            "json",
        ])
        .json();
    assert!(
        r["rows"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["group"] != "contract")
    );
}

#[test]
fn policy_show_prints_a_contracts_effective_table() {
    let d = Desk::new();
    std::fs::write(d.path("severity.toml"), premium_policy()).unwrap();
    let base = d.run(&["policy", "show"]).ok().to_string();
    assert!(
        base.contains("Contracts: basic, premium (1 customers listed)"),
        "{base}"
    );
    let premium = d
        .run(&["policy", "show", "--contract", "premium"])
        .ok()
        .to_string();
    assert!(
        premium.starts_with("Policy: severity.toml, contract premium\n"),
        "{premium}"
    );
    assert!(premium.contains("Premium desk"), "{premium}");
    assert!(!base.contains("Premium desk"), "{base}");
    let restore = |text: &str| {
        text.lines()
            .find(|l| l.contains("No service impact") || l.starts_with("│ 3"))
            .map(str::to_string)
            .unwrap_or_default()
    };
    assert!(restore(&premium).contains("24h"), "{premium}");
    assert!(restore(&base).contains("48h"), "{base}");
    // Refused as data the policy decides: exit 1, not 2.
    let err = d
        .run(&["policy", "show", "--contract", "gold"])
        .fails(1)
        .to_string();
    assert!(
        err.contains("no contract named \"gold\"; the policy defines: basic, premium"),
        "{err}"
    );
}

#[test]
fn contracts_are_exported_and_on_the_board_only_when_used() {
    let d = Desk::new();
    std::fs::write(d.path("severity.toml"), premium_policy()).unwrap();
    d.run(&["open", "--severity", "3", "--customer", "Globex", "base"])
        .ok();
    let board = d.run(&["status", "--wide"]).ok().to_string();
    assert!(!board.contains("contract"), "{board}");
    d.run(&["open", "--severity", "3", "--customer", "ACME", "premium"])
        .ok();
    let board = d.run(&["status", "--wide"]).ok().to_string();
    assert!(
        board.lines().next().unwrap().contains("contract"),
        "{board}"
    );
    assert!(board.contains("premium"), "{board}");
    let (header, rows) = read_csv(d.run(&["export"]).ok());
    assert_eq!(header.last().map(String::as_str), Some("contract"));
    assert_eq!(column(&header, &rows[0], "contract"), "");
    assert_eq!(column(&header, &rows[1], "contract"), "premium");
    let json = d.run(&["export", "--format", "json"]).ok().to_string();
    let tickets: Vec<Value> = json
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(tickets[0]["contract"], Value::Null);
    assert_eq!(tickets[1]["contract"], "premium");
}

#[test]
fn a_bad_contract_is_refused_with_its_place() {
    let d = Desk::new();
    let first = DEFAULT_POLICY.lines().count() + 2;
    for (extra, line, col, want) in [
        (
            "[contracts.premium]\nseverity.1.restor = \"1h\"\n",
            first + 1,
            12,
            "restor",
        ),
        (
            "[customers]\n\"ACME\" = \"premium\"\n",
            first + 1,
            10,
            "customers.ACME: no contract named \"premium\"; the policy defines no contracts",
        ),
    ] {
        std::fs::write(
            d.path("severity.toml"),
            format!("{DEFAULT_POLICY}\n{extra}"),
        )
        .unwrap();
        let err = d.run(&["policy", "check"]).fails(1).to_string();
        assert!(
            err.contains(&format!("severity.toml:{line}:{col}: ")),
            "{err}"
        );
        assert!(err.contains(want), "{err}");
        // And no ticket opens under it.
        d.run(&["open", "--severity", "1", "x"]).fails(1);
    }
}

/// A customer typed with spaces at its ends (a full-width one from a
/// Japanese input method, a pasted trailing space) is the customer
/// `[customers]` lists: the ticket gets its contract, and the name is
/// stored without them, on `open` and on `edit`.
#[test]
fn a_customer_with_spaces_at_its_ends_is_the_listed_customer() {
    let d = Desk::new();
    std::fs::write(d.path("severity.toml"), premium_policy()).unwrap();
    for (id, given) in [("1", "ACME\u{3000}"), ("2", "  acme ")] {
        d.run(&[
            "open",
            "--severity",
            "3",
            "--customer",
            given,
            "Slow portal",
        ])
        .ok();
        let s = status(&d, id);
        assert_eq!(s["contract"], "premium", "{given:?}: {s}");
        assert_eq!(s["customer"], given.trim(), "{given:?}");
    }
    d.run(&["open", "--severity", "3", "Unknown yet"]).ok();
    d.run(&[
        "edit",
        "3",
        "--customer",
        " ACME\u{3000}",
        "--service",
        " VXC-1 ",
    ])
    .ok();
    let s = status(&d, "3");
    assert_eq!(
        (s["customer"].as_str(), s["service"].as_str()),
        (Some("ACME"), Some("VXC-1"))
    );
}
