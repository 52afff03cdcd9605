//! The board and `status ID` for people (issue 15): they fit the terminal's
//! width (else `$COLUMNS`, else no limit), one ticket to a line, with the
//! most urgent deadline always shown; business-hour targets in hours; level
//! 0 called "not escalated".

use std::collections::BTreeSet;

use rexpect::session::spawn_command;
use unicode_width::UnicodeWidthStr;

use super::util::*;

const TOKYO: &str = "東京データセンター冷却装置故障のため全回線停止";

/// Six open tickets at 12:30 in Brisbane (02:30 UTC), with Japanese titles
/// and customers: three clocks running late, one waiting, one without
/// clocks, and a ref and a service on some.
fn outage() -> Desk {
    let mut d = Desk::new();
    let open = |d: &Desk, args: &[&str]| {
        d.run(&[&["open"], args].concat()).ok();
    };
    open(
        &d,
        &[
            "--severity",
            "1",
            "--customer",
            "東京商事",
            "--service",
            "VXC-1234",
            TOKYO,
        ],
    );
    open(
        &d,
        &[
            "--severity",
            "2",
            "--customer",
            "ACME",
            "--ref",
            "CASE-7",
            "Packet loss on the Sydney ring between POP 3 and POP 4",
        ],
    );
    open(
        &d,
        &[
            "--severity",
            "3",
            "--customer",
            "株式会社サンプル",
            "ポータルの表示が崩れる",
        ],
    );
    open(
        &d,
        &[
            "--kind",
            "provisioning",
            "--customer",
            "Initech",
            "New 10G port in Melbourne",
        ],
    );
    open(
        &d,
        &[
            "--kind",
            "inquiry",
            "--customer",
            "Hooli",
            "How do I read the invoice?",
        ],
    );
    open(
        &d,
        &[
            "--severity",
            "1",
            "--customer",
            "ACME",
            "BGP session flapping",
        ],
    );
    d.run_at("2026-11-24T00:05:00Z", &["update", "6"]).ok();
    d.run_at("2026-11-24T00:10:00Z", &["update", "2"]).ok();
    d.run_at("2026-11-24T00:20:00Z", &["update", "3"]).ok();
    d.run_at("2026-11-24T00:25:00Z", &["wait", "3"]).ok();
    d.at("2026-11-24T02:30:00Z");
    d
}

/// The most urgent deadline each ticket's line must show.
const URGENT: [(u32, &str); 6] = [
    (1, "response 2h15m late"),
    (2, "update 1h20m late"),
    (3, "waiting 2h5m"),
    (4, "-"),
    (5, "response 2h late"),
    (6, "update 1h55m late"),
];

fn board_at(d: &Desk, columns: &str, args: &[&str]) -> String {
    let out = d
        .cmd()
        .env("COLUMNS", columns)
        .args([&["status"], args].concat())
        .output()
        .expect("run slaclock");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// Every heading the board has.
const HEADINGS: [&str; 13] = [
    "id",
    "sev",
    "title",
    "customer",
    "ref",
    "service",
    "state",
    "next deadline",
    "clocks",
    "response",
    "update",
    "restore",
    "escalation",
];

/// The headings of a board (its first line), as shown.
fn headings(board: &str) -> BTreeSet<String> {
    let first = format!(" {} ", board.lines().next().unwrap_or_default());
    HEADINGS
        .into_iter()
        .filter(|h| first.contains(&format!(" {h} ")))
        .map(str::to_string)
        .collect()
}

/// Each line fits `width` columns and has no trailing space.
#[track_caller]
fn fits(text: &str, width: usize) {
    for line in text.lines() {
        assert!(
            line.width() <= width,
            "{} columns, over {width}: {line:?}\n{text}",
            line.width()
        );
        assert_eq!(line.trim_end(), line, "trailing space:\n{text}");
    }
}

/// The ticket ids of a board, in its order.
fn ids(board: &str) -> Vec<u32> {
    board
        .lines()
        .skip(2)
        .map(|l| {
            l.split_whitespace()
                .next()
                .and_then(|id| id.parse().ok())
                .unwrap_or_else(|| panic!("no id on {l:?}"))
        })
        .collect()
}

#[test]
fn the_board_fits_60_80_120_and_200_columns_one_ticket_a_line() {
    let d = outage();
    let mut before = BTreeSet::new();
    for width in [60, 80, 120, 200] {
        let board = board_at(&d, &width.to_string(), &[]);
        fits(&board, width);
        let lines: Vec<&str> = board.lines().collect();
        assert_eq!(lines.len(), 2 + URGENT.len(), "one line a ticket:\n{board}");
        assert!(lines[1].chars().all(|c| c == '─'), "{board}");
        for (id, urgent) in URGENT {
            let line = lines
                .iter()
                .find(|l| l.split_whitespace().next() == Some(&id.to_string()))
                .unwrap_or_else(|| panic!("no line for #{id} at {width}:\n{board}"));
            assert!(line.contains(urgent), "#{id} at {width}: {line:?}");
        }
        // A wider terminal shows the same columns and more.
        let shown = headings(&board);
        assert!(
            shown.is_superset(&before),
            "{width}: {shown:?} < {before:?}"
        );
        before = shown;
    }
}

#[test]
fn at_80_columns_every_essential_column_is_there_and_titles_are_cut() {
    let d = outage();
    let board = board_at(&d, "80", &[]);
    let shown = headings(&board);
    for h in [
        "id",
        "sev",
        "title",
        "customer",
        "next deadline",
        "clocks",
        "escalation",
    ] {
        assert!(shown.contains(h), "{h} missing at 80:\n{board}");
    }
    // The Japanese title is cut between characters, with an ellipsis.
    let line = board.lines().find(|l| l.starts_with("1 ")).expect("#1");
    assert!(!line.contains(TOKYO), "{board}");
    assert!(line.contains("東京データ") && line.contains('…'), "{line}");
    assert!(line.contains("R! U· T…"), "{line}");
    assert!(line.contains("L1 DUE"), "{line}");
    // Level 0 with nothing due is called what it is.
    let provisioning = board.lines().find(|l| l.starts_with("4 ")).expect("#4");
    assert!(provisioning.contains("not escalated"), "{provisioning}");
    assert!(!board.contains("L0"), "{board}");
    // 60 columns keep the id and the deadline, and leave out the rest by rank.
    let narrow = board_at(&d, "60", &[]);
    let shown = headings(&narrow);
    assert!(
        shown.contains("next deadline") && shown.contains("id"),
        "{narrow}"
    );
    assert!(
        !shown.contains("customer") && shown.contains("clocks"),
        "{narrow}"
    );
}

#[test]
fn the_board_lists_tickets_in_the_order_check_does() {
    let d = outage();
    let check = d.run(&["check"]).stdout;
    let checked: Vec<u32> = check
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().next()?.strip_prefix('#')?.parse().ok())
        .collect();
    assert!(checked.len() >= 4, "{check}");
    for width in ["60", "80", "120", "200"] {
        let board = ids(&board_at(&d, width, &[]));
        let listed: Vec<u32> = board
            .iter()
            .copied()
            .filter(|id| checked.contains(id))
            .collect();
        assert_eq!(listed, checked, "at {width}: board {board:?}\n{check}");
    }
}

#[test]
fn wide_shows_every_column_whatever_the_width() {
    let d = outage();
    let every: BTreeSet<String> = HEADINGS.into_iter().map(String::from).collect();
    for width in ["60", "80", "200"] {
        let board = board_at(&d, width, &["--wide"]);
        assert_eq!(headings(&board), every, "{board}");
        assert!(board.contains(TOKYO), "{board}");
        assert!(board.contains("株式会社サンプル"), "{board}");
        fits(&board, usize::MAX);
    }
    // Piped with no $COLUMNS, or one that is not a positive number: no limit.
    let unlimited = board_at(&d, "80", &["--wide"]);
    assert_eq!(d.run(&["status"]).ok(), unlimited);
    for ignored in ["", "0", "-80", "wide"] {
        assert_eq!(board_at(&d, ignored, &[]), unlimited, "COLUMNS={ignored:?}");
    }
    // The Japanese titles stay aligned: every line's columns start at the
    // same display column as the headings'.
    let lines: Vec<&str> = unlimited.lines().collect();
    let at = |line: &str, text: &str| line[..line.find(text).expect("found")].width();
    let customer = at(lines[0], "customer");
    for l in &lines[2..] {
        let c = ["東京商事", "ACME", "株式会社サンプル", "Initech", "Hooli"]
            .into_iter()
            .find(|c| l.contains(c))
            .expect("a customer");
        assert_eq!(at(l, c), customer, "{unlimited}");
    }
}

/// The timeline's longest event names fit 40 columns too: a voided
/// escalation in English, an escalation in Japanese.
#[test]
fn a_timeline_of_long_event_names_fits_40_columns() {
    let mut d = Desk::new();
    d.run(&["open", "--severity", "1", "--customer", "ACME", "VXC down"])
        .ok();
    d.run_at(
        "2026-11-24T00:05:00Z",
        &["escalate", "1", "--reason", "slow"],
    )
    .ok();
    d.run_at(
        "2026-11-24T00:06:00Z",
        &["escalate", "1", "--reason", "impact"],
    )
    .ok();
    d.run_at(
        "2026-11-24T00:07:00Z",
        &["void", "1", "3", "--reason", "twice by mistake"],
    )
    .ok();
    for lang in ["en", "ja"] {
        let out = d
            .cmd()
            .env("COLUMNS", "40")
            .args(["--lang", lang, "status", "1"])
            .output()
            .expect("run");
        let text = String::from_utf8(out.stdout).expect("UTF-8");
        fits(&text, 40);
    }
}

#[test]
fn status_of_one_ticket_fits_and_shows_business_hours_in_hours() {
    let mut d = Desk::new();
    d.run(&[
        "open",
        "--severity",
        "3",
        "--customer",
        "株式会社サンプル",
        TOKYO,
    ])
    .ok();
    // Counted from Tuesday 10:00 to 17:00 and Wednesday 09:00 to 12:00:
    // 10 of the 48 business hours, then paused.
    d.run_at(
        "2026-11-24T00:20:00Z",
        &[
            "update",
            "1",
            "--message",
            "冷却装置の交換部品を手配しました。到着は明日の午前中の予定です。",
        ],
    )
    .ok();
    d.run_at("2026-11-25T02:00:00Z", &["wait", "1"]).ok();
    d.at("2026-11-25T03:00:00Z");
    // Down to 40 columns: a date and its time of day take a line each,
    // a business-hours target breaks after its figure.
    for width in [40, 50, 60, 80] {
        let out = d
            .cmd()
            .env("COLUMNS", width.to_string())
            .args(["status", "1", "--explain"])
            .output()
            .expect("run");
        let text = String::from_utf8(out.stdout).expect("UTF-8");
        fits(&text, width);
        // Lines wrapped to the width are read as one text (where the
        // cells of a row still fit side by side on one line each).
        let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let table_words: &[&str] = if width >= 60 {
            &["48h (business hours)", "paused, 38h left"]
        } else {
            &["48h", "(business", "hours)", "paused,", "38h", "left"]
        };
        for want in table_words {
            assert!(words.contains(want), "{want} missing at {width}:\n{text}");
        }
        for want in [
            "restore: 48h on the business calendar",
            "(total 10h)",
            "escalation: not escalated",
        ] {
            assert!(words.contains(want), "{want} missing at {width}:\n{text}");
        }
        // A Japanese note is wrapped, never cut: read without the breaks
        // and the indentation, it is all there (below 60 columns the time
        // of day of its event shares its first lines: left out here).
        let unbroken: String = text
            .split_whitespace()
            .filter(|w| !w.contains(':') && *w != "AEST")
            .collect();
        assert!(
            unbroken.contains("冷却装置の交換部品を手配しました。到着は明日の午前中の予定です。"),
            "the note is cut at {width}:\n{text}"
        );
        assert!(!text.contains("2d"), "{text}");
    }
    // In Japanese too, where a clock's name alone takes 14 columns: it
    // wraps, and no line breaks inside a number, between a number and its
    // unit, or after an opening bracket.
    for width in [40, 50, 60, 80] {
        let out = d
            .cmd()
            .env("COLUMNS", width.to_string())
            .env("TZ", "Asia/Tokyo")
            .args(["--lang", "ja", "status", "1"])
            .output()
            .expect("run");
        let text = String::from_utf8(out.stdout).expect("UTF-8");
        fits(&text, width);
        for line in text.lines() {
            let line = line.trim_end();
            assert!(
                !line.ends_with('(') && !line.ends_with('（'),
                "a break after a bracket at {width}:\n{text}"
            );
        }
        for whole in ["2026年11月", "24日(火)", "38時間", "4時間", "30分"] {
            assert!(text.contains(whole), "{whole} broken at {width}:\n{text}");
        }
    }
    assert_eq!(
        d.run(&["status", "1", "--format", "json"]).json()["escalation_level"],
        0
    );
}

#[test]
fn policy_show_gives_targets_in_hours() {
    let d = Desk::new();
    let out = d.run(&["policy", "show"]).ok().to_string();
    let restore = |sev: &str| {
        out.lines()
            .find(|l| l.starts_with(sev))
            .unwrap_or_else(|| panic!("no severity {sev}:\n{out}"))
            .to_string()
    };
    assert!(restore("2 ").ends_with(" 24h"), "{out}");
    assert!(restore("3 ").ends_with(" 48h (business hours)"), "{out}");
    assert!(!out.contains("1d") && !out.contains("2d"), "{out}");
    fits(&out, usize::MAX);
}

/// What a terminal shows of `text`: rexpect hands over each byte as a
/// character, so the bytes are read again as UTF-8; colour codes
/// (`ESC [ ... m`) and carriage returns are left out.
fn visible(text: &str) -> String {
    let bytes: Vec<u8> = text.chars().map(|c| c as u8).collect();
    let text = String::from_utf8(bytes).expect("UTF-8");
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => {
                for c in chars.by_ref() {
                    if c == 'm' {
                        break;
                    }
                }
            }
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

#[test]
fn on_a_terminal_the_board_fits_the_terminal_not_columns() {
    let d = outage();
    let run = |no_color: bool, term: &str| {
        let mut sh = std::process::Command::new("sh");
        let bin = d.std_cmd().get_program().to_owned();
        sh.arg("-c")
            .arg("stty cols 70 rows 50 && exec \"$0\" status")
            .arg(bin);
        for (k, v) in d.std_cmd().get_envs() {
            if let Some(v) = v {
                sh.env(k, v);
            }
        }
        sh.current_dir(d.dir.path())
            .env("TERM", term)
            .env("COLUMNS", "200");
        if no_color {
            sh.env("NO_COLOR", "1");
        }
        let mut p = spawn_command(sh, Some(30_000)).expect("spawn in a pty");
        p.exp_eof().expect("the board ends")
    };
    let raw = run(false, "xterm");
    let text = visible(&raw);
    assert_eq!(text.lines().count(), 2 + URGENT.len(), "{text}");
    fits(&text, 70);
    // Breached red, paused dim, on a terminal.
    assert!(
        raw.contains("\u{1b}[31m") && raw.contains("\u{1b}[2m"),
        "{raw:?}"
    );
    let plain = run(true, "xterm");
    assert!(!plain.contains('\u{1b}'), "NO_COLOR: {plain:?}");
    assert_eq!(visible(&plain), text);
    // A terminal that says it draws no attributes gets none, as git's and
    // ls's colours do.
    let dumb = run(false, "dumb");
    assert!(!dumb.contains('\u{1b}'), "TERM=dumb: {dumb:?}");
    assert_eq!(visible(&dumb), text);
}

/// A desk in an outage: 32 open tickets opened over the last ten hours
/// (incidents of each severity, provisioning, inquiries), Japanese and
/// English titles and customers, an owner on two in three, some updated,
/// some waiting on the customer; 12:30 in Brisbane.
fn thirty_two_with_owners() -> Desk {
    let mut d = Desk::new();
    let titles = [
        "VXC down in Sydney",
        "東京データセンター冷却装置故障",
        "Intermittent loss on IX port",
        "顧客ポータルにログインできない",
        "BGP flap on the edge router",
        "Packet loss on port 3",
    ];
    let customers = ["ACME", "東京商事", "Globex", "株式会社サンプル", "Initech"];
    let owners = ["alice", "田中", "bob", "鈴木"];
    for i in 0..32usize {
        // Every 17 minutes from 02:30 in Brisbane (16:30 UTC the day before).
        let minutes = 16 * 60 + 30 + i * 17;
        let (day, minutes) = (23 + minutes / (24 * 60), minutes % (24 * 60));
        d.at(&format!(
            "2026-11-{day}T{:02}:{:02}:00Z",
            minutes / 60,
            minutes % 60
        ));

        let kind: &[&str] = match i % 6 {
            0 | 3 => &["--severity", "1"],
            1 => &["--severity", "2"],
            2 => &["--severity", "3"],
            4 => &["--kind", "provisioning"],
            _ => &["--kind", "inquiry"],
        };
        let title = format!("{} #{i}", titles[i % titles.len()]);
        let customer = customers[i % customers.len()];
        d.run(&[&["open", "--customer", customer], kind, &[&title]].concat())
            .ok();
    }
    d.at("2026-11-24T02:00:00Z");
    for id in 1..=32usize {
        let id_text = id.to_string();
        if id % 3 != 0 {
            d.run(&["assign", &id_text, owners[id % owners.len()]]).ok();
        }
        if id % 4 == 1 {
            d.run(&["update", &id_text, "--message", "looking"]);
        }
        if id % 9 == 2 {
            d.run(&["wait", &id_text, "--reason", "LOA"]);
        }
    }
    d.at("2026-11-24T02:30:00Z");
    d
}

/// At 80 columns the Japanese board keeps what the English one keeps, the
/// customer and the owner included (issue 15: "id, severity, title,
/// customer, owner, ..."), one ticket a line, aligned by display width:
/// its headings and phrases are short where Japanese is wide (`#`,
/// 「区分」, 「応答」, 「1時間20分後」, 「未実施」).
#[test]
fn at_80_columns_the_japanese_board_keeps_the_customer_and_the_owner() {
    let d = thirty_two_with_owners();
    let english = board_at(&d, "80", &[]);
    fits(&english, 80);
    let shown = headings(&english);
    assert!(shown.contains("customer"), "{english}");
    assert!(
        english
            .lines()
            .next()
            .is_some_and(|h| h.contains(" owner ")),
        "{english}"
    );
    let out = d
        .cmd()
        .env("COLUMNS", "80")
        .env("LANG", "ja_JP.UTF-8")
        .arg("status")
        .output()
        .expect("run slaclock");
    let japanese = String::from_utf8(out.stdout).expect("UTF-8");
    fits(&japanese, 80);
    let lines: Vec<&str> = japanese.lines().collect();
    assert_eq!(lines.len(), 2 + 32, "one line a ticket:\n{japanese}");
    assert_eq!(ids(&japanese), ids(&english), "the same order");
    let heading = lines[0];
    for h in [
        "#",
        "区分",
        "件名",
        "お客様",
        "担当",
        "次の期限",
        "クロック",
        "エスカレーション",
    ] {
        assert!(
            format!(" {heading} ").contains(&format!(" {h} ")),
            "{h} missing at 80:\n{japanese}"
        );
    }
    // The owner column lines up by display width: 田中 on #1's line
    // starts where its heading does.
    let at = |line: &str, text: &str| line.find(text).map(|i| line[..i].width());
    let owner_at = at(heading, "担当").expect("the owner's heading");
    let first = lines[2..]
        .iter()
        .find(|l| l.split_whitespace().next() == Some("1"))
        .expect("#1");
    assert_eq!(at(first, "田中"), Some(owner_at), "{japanese}");
    assert!(
        first.contains("東京商事") || first.contains("ACME"),
        "{first}"
    );
    // Its phrases, short.
    assert!(
        japanese.contains("応答 ") && !japanese.contains("初期応答"),
        "{japanese}"
    );
    assert!(japanese.contains("未実施"), "{japanese}");
}
