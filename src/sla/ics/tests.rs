//! Reading iCalendar files: all-day events and their dates, yearly rules,
//! the years a file covers, what is skipped, and every refusal with the
//! line it names.

use super::*;

fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// A calendar holding `events`, each the lines of one VEVENT.
fn ics(events: &[&str]) -> String {
    let mut text = String::from("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n");
    for e in events {
        text.push_str("BEGIN:VEVENT\n");
        text.push_str(e.trim());
        text.push_str("\nEND:VEVENT\n");
    }
    text.push_str("END:VCALENDAR\n");
    text
}

fn read(events: &[&str]) -> IcsHolidays {
    let text = ics(events);
    read_ics(&text, None).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn days(h: &IcsHolidays) -> Vec<String> {
    h.dates.keys().map(|d| d.to_string()).collect()
}

fn refused(text: &str) -> (usize, String) {
    let e = read_ics(text, None).expect_err("refused");
    (e.line, e.message.to_string())
}

#[test]
fn all_day_events_are_days_off_until_their_exclusive_end() {
    let h = read(&[
        "SUMMARY:New Year\nDTSTART;VALUE=DATE:20260101",
        "SUMMARY:Closure\nDTSTART;VALUE=DATE:20261229\nDTEND;VALUE=DATE:20270102",
        "SUMMARY:Long weekend\nDTSTART:20260403\nDURATION:P4D",
        "SUMMARY:Fortnight\nDTSTART;VALUE=DATE:20270201\nDURATION:P2W",
    ]);
    assert_eq!(h.years, 2026..=2027);
    let mut want: Vec<String> = vec![
        "2026-01-01",
        "2026-04-03",
        "2026-04-04",
        "2026-04-05",
        "2026-04-06",
        "2026-12-29",
        "2026-12-30",
        "2026-12-31",
        "2027-01-01",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    want.extend((1..=14).map(|n| format!("2027-02-{n:02}")));
    assert_eq!(days(&h), want);
    assert_eq!(h.dates[&d("2026-12-31")], "Closure");
    assert_eq!(h.dates[&d("2026-04-06")], "Long weekend");
    assert!(h.skipped.is_empty());
    assert_eq!(h.left_out, 0);
}

#[test]
fn yearly_rules_are_expanded_with_count_until_and_interval() {
    let h = read(&[
        // Covers 2026-2030 by itself.
        "SUMMARY:Anzac Day\nDTSTART;VALUE=DATE:20260425\nRRULE:FREQ=YEARLY;COUNT=5",
        "SUMMARY:Every other year\nDTSTART;VALUE=DATE:20260601\nRRULE:FREQ=YEARLY;INTERVAL=2",
        "SUMMARY:Until\nDTSTART;VALUE=DATE:20260701\nRRULE:FREQ=YEARLY;UNTIL=20280701",
        "SUMMARY:Until with a time\nDTSTART;VALUE=DATE:20260702\nRRULE:FREQ=YEARLY;UNTIL=20270630T000000Z",
    ]);
    assert_eq!(h.years, 2026..=2030);
    let on = |md: &str| -> Vec<i32> {
        h.dates
            .keys()
            .filter(|d| d.format("%m-%d").to_string() == md)
            .map(|d| d.year())
            .collect()
    };
    assert_eq!(on("04-25"), [2026, 2027, 2028, 2029, 2030]);
    // No end of its own: expanded over the years the others cover.
    assert_eq!(on("06-01"), [2026, 2028, 2030]);
    assert_eq!(on("07-01"), [2026, 2027, 2028]);
    assert_eq!(on("07-02"), [2026]);
}

#[test]
fn nth_weekdays_month_days_and_the_29th_of_february() {
    let h = read(&[
        "SUMMARY:Coming of Age Day\nDTSTART;VALUE=DATE:20260112\nRRULE:FREQ=YEARLY;BYMONTH=1;BYDAY=2MO;COUNT=3",
        "SUMMARY:Last Friday of June\nDTSTART;VALUE=DATE:20260626\nRRULE:FREQ=YEARLY;BYMONTH=6;BYDAY=-1FR;COUNT=3",
        "SUMMARY:Month's end\nDTSTART;VALUE=DATE:20260228\nRRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1;COUNT=3",
        "SUMMARY:Leap day\nDTSTART;VALUE=DATE:20240229\nRRULE:FREQ=YEARLY;UNTIL=20280301",
    ]);
    assert_eq!(h.years, 2024..=2028);
    let named = |name: &str| -> Vec<String> {
        h.dates
            .iter()
            .filter(|(_, n)| n.split(" / ").any(|n| n == name))
            .map(|(d, _)| d.to_string())
            .collect()
    };
    assert_eq!(h.dates[&d("2028-02-29")], "Month's end / Leap day");
    assert_eq!(
        named("Coming of Age Day"),
        ["2026-01-12", "2027-01-11", "2028-01-10"]
    );
    assert_eq!(
        named("Last Friday of June"),
        ["2026-06-26", "2027-06-25", "2028-06-30"]
    );
    assert_eq!(
        named("Month's end"),
        ["2026-02-28", "2027-02-28", "2028-02-29"]
    );
    // A date a year lacks is no occurrence (RFC 5545).
    assert_eq!(named("Leap day"), ["2024-02-29", "2028-02-29"]);
}

#[test]
fn exdate_rdate_and_a_moved_occurrence() {
    let h = read(&[
        "UID:a\nSUMMARY:Show day\nDTSTART;VALUE=DATE:20260812\nRRULE:FREQ=YEARLY;COUNT=3\nEXDATE;VALUE=DATE:20270812",
        "UID:b\nSUMMARY:Picnic\nDTSTART;VALUE=DATE:20260803\nRDATE;VALUE=DATE:20270802,20280807",
        "UID:c\nSUMMARY:Founders\nDTSTART;VALUE=DATE:20260301\nRRULE:FREQ=YEARLY;COUNT=3",
        "UID:c\nSUMMARY:Founders (moved)\nRECURRENCE-ID;VALUE=DATE:20270301\nDTSTART;VALUE=DATE:20270302",
    ]);
    let all = days(&h);
    for want in [
        "2026-08-12",
        "2028-08-12",
        "2026-08-03",
        "2027-08-02",
        "2028-08-07",
        "2026-03-01",
        "2027-03-02",
        "2028-03-01",
    ] {
        assert!(all.contains(&want.to_string()), "{want}: {all:?}");
    }
    for not in ["2027-08-12", "2027-03-01"] {
        assert!(!all.contains(&not.to_string()), "{not}: {all:?}");
    }
    assert_eq!(all.len(), 8, "{all:?}");
    assert_eq!(h.dates[&d("2027-03-02")], "Founders (moved)");
}

#[test]
fn years_asked_for_expand_rules_and_leave_the_rest_out() {
    let text = ics(&[
        "SUMMARY:Fixed\nDTSTART;VALUE=DATE:20260101\nRRULE:FREQ=YEARLY",
        "SUMMARY:One-off\nDTSTART;VALUE=DATE:20270505",
    ]);
    let h = read_ics(&text, Some(4)).unwrap();
    assert_eq!(h.years, 2026..=2029);
    assert_eq!(
        days(&h),
        [
            "2026-01-01",
            "2027-01-01",
            "2027-05-05",
            "2028-01-01",
            "2029-01-01"
        ]
    );
    let h = read_ics(&text, Some(1)).unwrap();
    assert_eq!(days(&h), ["2026-01-01"]);
    // 2027's two dates are in the file, but not in the year asked for.
    assert_eq!(h.left_out, 2);
    // Without --years a rule with no end covers the years the rest does.
    assert_eq!(read_ics(&text, None).unwrap().years, 2026..=2027);
}

#[test]
fn timed_and_cancelled_events_are_skipped_with_their_line() {
    let text = ics(&[
        "SUMMARY:Day off\nDTSTART;VALUE=DATE:20260101",
        "SUMMARY:Team lunch\nDTSTART;TZID=Asia/Tokyo:20260105T120000\nDTEND;TZID=Asia/Tokyo:20260105T130000",
        "SUMMARY:Called off\nDTSTART;VALUE=DATE:20260106\nSTATUS:CANCELLED",
        "SUMMARY:UTC meeting\nDTSTART:20260107T000000Z",
    ]);
    let h = read_ics(&text, None).unwrap();
    assert_eq!(days(&h), ["2026-01-01"]);
    let skipped: Vec<(usize, &str)> = h
        .skipped
        .iter()
        .map(|s| (s.line, s.summary.as_str()))
        .collect();
    assert_eq!(
        skipped,
        [(10, "Team lunch"), (16, "Called off"), (20, "UTC meeting")]
    );
    assert!(
        h.skipped[0]
            .why
            .to_string()
            .contains("not an all-day event")
    );
    assert!(h.skipped[1].why.to_string().contains("cancelled"));
}

#[test]
fn names_are_one_clean_line() {
    let h = read(&[
        "SUMMARY:Bank\\, holiday\\nsecond line\nDTSTART;VALUE=DATE:20260101",
        "DTSTART;VALUE=DATE:20260102",
        "SUMMARY:Other name\nDTSTART;VALUE=DATE:20260101",
    ]);
    assert_eq!(
        h.dates[&d("2026-01-01")],
        "Bank, holiday second line / Other name"
    );
    assert_eq!(h.dates[&d("2026-01-02")], "(no SUMMARY)");
}

#[test]
fn folded_lines_and_crlf_are_read_and_counted_as_written() {
    let text = "BEGIN:VCALENDAR\r\nX-WR-CALDESC:a long\r\n  description\r\nBEGIN:VEVENT\r\nSUMMARY:Folded\r\n  name\r\nDTSTART;VALUE=DATE:2026\r\n 0101\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:Bad\r\nDTSTART;VALUE=DATE:2026-01-02\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let e = read_ics(text, None).unwrap_err();
    // Line 12 as written, though the 10th once unfolded.
    assert_eq!(e.line, 12, "{e}");
    assert!(
        e.message
            .to_string()
            .starts_with("DTSTART \"2026-01-02\" is not a date; write it as YYYYMMDD"),
        "{e}"
    );
    let fixed = text.replace("2026-01-02", "20260102");
    let h = read_ics(&fixed, None).unwrap();
    assert_eq!(h.dates[&d("2026-01-01")], "Folded name");
    // A byte order mark is no problem.
    assert_eq!(read_ics(format!("\u{feff}{fixed}"), None).unwrap(), h);
}

/// `line` folded every `width` bytes, wherever a character's bytes fall
/// (RFC 5545 folds octets, not characters).
fn fold_bytes(line: &str, width: usize) -> Vec<u8> {
    let mut out = vec![];
    for (i, chunk) in line.as_bytes().chunks(width).enumerate() {
        if i > 0 {
            out.extend_from_slice(b"\r\n ");
        }
        out.extend_from_slice(chunk);
    }
    out.extend_from_slice(b"\r\n");
    out
}

#[test]
fn a_line_folded_inside_a_character_is_unfolded_before_it_is_decoded() {
    let summary = "SUMMARY:ゴールデンウィーク休業（本社・大阪支社・名古屋支社・福岡営業所）";
    let folded = fold_bytes(summary, 40);
    // The folds split characters: the bytes as written are not UTF-8.
    assert!(std::str::from_utf8(&folded).is_err());
    let mut file = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\n".to_vec();
    file.extend_from_slice(&folded);
    file.extend_from_slice(b"DTSTART;VALUE=DATE:20260429\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
    let h = read_ics(&file, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(h.dates[&d("2026-04-29")], &summary["SUMMARY:".len()..]);
    // A byte that is not UTF-8 once unfolded is named on its line as
    // written: the second continuation of the SUMMARY, line 6.
    let lines = folded.split(|b| *b == b'\n').count() - 1;
    assert!(lines >= 3, "{lines}");
    let mut bad = file.clone();
    let second_fold = 4 + bad[4..]
        .windows(3)
        .enumerate()
        .filter(|(_, w)| *w == b"\r\n ")
        .nth(1)
        .map(|(i, _)| i)
        .unwrap_or_default();
    bad.insert(second_fold + 3, 0xff);
    let e = read_ics(&bad, None).unwrap_err();
    assert_eq!(e.line, 6, "{e}");
    assert_eq!(
        e.message.to_string(),
        "the file is not UTF-8 text (byte 0xff here); save it as UTF-8"
    );
}

#[test]
fn a_file_that_is_not_icalendar_is_refused_at_its_first_line() {
    let (line, message) = refused("# slaclock policy\nseverity_change = \"retroactive\"\n");
    assert_eq!(line, 1);
    assert_eq!(
        message,
        "this is not an iCalendar file: it starts with \"# slaclock policy\", not BEGIN:VCALENDAR; export the holidays as an .ics file"
    );
    let (line, message) = refused("\n\n");
    assert_eq!(line, 1);
    assert!(message.starts_with("the file is empty"), "{message}");
    let (line, _) = refused("\n\nBEGIN:VEVENT\nEND:VEVENT\n");
    assert_eq!(line, 3);
}

#[test]
fn a_bad_event_is_refused_with_its_line() {
    // (case, event lines, line of the error in the file, words)
    let cases: &[(&str, &str, usize, &str)] = &[
        (
            "no DTSTART",
            "SUMMARY:Lost\nDTEND;VALUE=DATE:20260102",
            4,
            "the event \"Lost\" has no DTSTART; give its first day, like DTSTART;VALUE=DATE:20260101",
        ),
        (
            "DTSTART not a date",
            "SUMMARY:x\nDTSTART;VALUE=DATE:2026-1-1",
            6,
            "DTSTART \"2026-1-1\" is not a date",
        ),
        (
            "DTSTART no month 13",
            "DTSTART;VALUE=DATE:20261301",
            5,
            "is not a date",
        ),
        (
            "DTEND before",
            "DTSTART;VALUE=DATE:20260105\nDTEND;VALUE=DATE:20260105",
            6,
            "DTEND 20260105 is not after DTSTART 20260105",
        ),
        (
            "DTEND timed",
            "DTSTART;VALUE=DATE:20260105\nDTEND:20260105T170000Z",
            6,
            "DTEND has a time but DTSTART is a date",
        ),
        (
            "DTEND and DURATION",
            "DTSTART;VALUE=DATE:20260105\nDTEND;VALUE=DATE:20260106\nDURATION:P1D",
            7,
            "both DTEND and DURATION",
        ),
        (
            "DURATION in hours",
            "DTSTART;VALUE=DATE:20260105\nDURATION:PT8H",
            6,
            "DURATION \"PT8H\" is not a whole number of days",
        ),
        (
            "a year off",
            "DTSTART;VALUE=DATE:20260101\nDTEND;VALUE=DATE:20270103",
            4,
            "lasts 367 days",
        ),
        (
            "weekly",
            "DTSTART;VALUE=DATE:20260105\nRRULE:FREQ=WEEKLY;COUNT=3",
            6,
            "RRULE FREQ=WEEKLY: only yearly rules",
        ),
        (
            "no FREQ",
            "DTSTART;VALUE=DATE:20260105\nRRULE:COUNT=3",
            6,
            "RRULE has no FREQ",
        ),
        (
            "COUNT and UNTIL",
            "DTSTART;VALUE=DATE:20260105\nRRULE:FREQ=YEARLY;COUNT=2;UNTIL=20280101",
            6,
            "both COUNT and UNTIL",
        ),
        (
            "BYDAY alone",
            "DTSTART;VALUE=DATE:20260112\nRRULE:FREQ=YEARLY;BYDAY=2MO",
            6,
            "BYDAY needs BYMONTH",
        ),
        (
            "BYDAY without place",
            "DTSTART;VALUE=DATE:20260112\nRRULE:FREQ=YEARLY;BYMONTH=1;BYDAY=MO",
            6,
            "BYDAY=MO is not a weekday with its place",
        ),
        (
            "two months",
            "DTSTART;VALUE=DATE:20260112\nRRULE:FREQ=YEARLY;BYMONTH=1,7",
            6,
            "BYMONTH=1,7 lists more than one value",
        ),
        (
            "BYSETPOS",
            "DTSTART;VALUE=DATE:20260112\nRRULE:FREQ=YEARLY;BYSETPOS=1",
            6,
            "RRULE BYSETPOS is not supported",
        ),
        (
            "COUNT zero",
            "DTSTART;VALUE=DATE:20260112\nRRULE:FREQ=YEARLY;COUNT=0",
            6,
            "COUNT=0 is not a valid value",
        ),
        (
            "EXDATE timed",
            "DTSTART;VALUE=DATE:20260112\nRRULE:FREQ=YEARLY;COUNT=2\nEXDATE:20270111T000000Z",
            7,
            "EXDATE \"20270111T000000Z\" is not a date",
        ),
        (
            "two RRULEs",
            "DTSTART;VALUE=DATE:20260112\nRRULE:FREQ=YEARLY;COUNT=2\nRRULE:FREQ=YEARLY;COUNT=3",
            6,
            "more than one RRULE",
        ),
        (
            "only timed",
            "SUMMARY:Meeting\nDTSTART:20260105T100000Z",
            1,
            "the file has no all-day event to import (1 timed or cancelled skipped)",
        ),
        (
            "a century",
            "DTSTART;VALUE=DATE:20260101\nRRULE:FREQ=YEARLY;COUNT=100",
            4,
            "import at most 50 years at a time with --years N",
        ),
    ];
    for (case, lines, line, words) in cases {
        let (got, message) = refused(&ics(&[lines]));
        assert_eq!(got, *line, "{case}: {message}");
        assert!(message.contains(words), "{case}: {message}");
    }
}

#[test]
fn a_broken_shape_is_refused_where_it_breaks() {
    let (line, message) = refused(
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20260101\nthis line is prose\nEND:VEVENT\nEND:VCALENDAR\n",
    );
    assert_eq!(line, 4);
    assert_eq!(
        message,
        "\"this line is prose\" is not an iCalendar line; each line is NAME:VALUE, like DTSTART;VALUE=DATE:20260101"
    );
    let (line, message) =
        refused("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20260101\nEND:VCALENDAR\n");
    assert_eq!(line, 4);
    assert_eq!(
        message,
        "END:VCALENDAR does not close BEGIN:VEVENT on line 2; add END:VEVENT before it"
    );
    // Cut short.
    let (line, message) = refused("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20260101\n");
    assert_eq!(line, 2);
    assert!(
        message.contains("BEGIN:VEVENT is never closed"),
        "{message}"
    );
    let (line, message) = refused(&format!("{}BEGIN:VCALENDAR\nEND:VCALENDAR\n", ics(&[])));
    assert_eq!(line, 5);
    assert!(message.contains("comes after END:VCALENDAR"), "{message}");
}

/// Japan's national holidays for 2026 and 2027, as the Cabinet Office
/// lists them, and the company's New Year closure: the example file.
#[test]
fn the_tokyo_example_holds_japans_holidays_for_2026_and_2027() {
    let text = include_str!("../../../examples/tokyo/tokyo-holidays-2026-2027.ics");
    let h = read_ics(text, None).unwrap();
    assert_eq!(h.years, 2026..=2027);
    let by_year = |y: i32| -> Vec<(String, &str)> {
        h.dates
            .iter()
            .filter(|(d, n)| d.year() == y && n.as_str() != "年末年始休業")
            .map(|(d, n)| (d.format("%m-%d").to_string(), n.as_str()))
            .collect()
    };
    let listed = |days: &[(&str, &'static str)]| -> Vec<(String, &'static str)> {
        days.iter().map(|(d, n)| (d.to_string(), *n)).collect()
    };
    assert_eq!(
        by_year(2026),
        listed(&[
            ("01-01", "元日"),
            ("01-12", "成人の日"),
            ("02-11", "建国記念の日"),
            ("02-23", "天皇誕生日"),
            ("03-20", "春分の日"),
            ("04-29", "昭和の日"),
            ("05-03", "憲法記念日"),
            ("05-04", "みどりの日"),
            ("05-05", "こどもの日"),
            ("05-06", "振替休日"),
            ("07-20", "海の日"),
            ("08-11", "山の日"),
            ("09-21", "敬老の日"),
            ("09-22", "国民の休日"),
            ("09-23", "秋分の日"),
            ("10-12", "スポーツの日"),
            ("11-03", "文化の日"),
            ("11-23", "勤労感謝の日"),
        ])
    );
    assert_eq!(
        by_year(2027),
        listed(&[
            ("01-01", "元日"),
            ("01-11", "成人の日"),
            ("02-11", "建国記念の日"),
            ("02-23", "天皇誕生日"),
            ("03-21", "春分の日"),
            ("03-22", "振替休日"),
            ("04-29", "昭和の日"),
            ("05-03", "憲法記念日"),
            ("05-04", "みどりの日"),
            ("05-05", "こどもの日"),
            ("07-19", "海の日"),
            ("08-11", "山の日"),
            ("09-20", "敬老の日"),
            ("09-23", "秋分の日"),
            ("10-11", "スポーツの日"),
            ("11-03", "文化の日"),
            ("11-23", "勤労感謝の日"),
        ])
    );
    let closure: Vec<String> = h
        .dates
        .iter()
        .filter(|(_, n)| n.as_str() == "年末年始休業")
        .map(|(d, _)| d.to_string())
        .collect();
    assert_eq!(
        closure,
        [
            "2026-01-02",
            "2026-01-03",
            "2026-12-29",
            "2026-12-30",
            "2026-12-31",
            "2027-01-02",
            "2027-01-03",
            "2027-12-29",
            "2027-12-30",
            "2027-12-31"
        ]
    );
    assert!(h.skipped.is_empty() && h.left_out == 0);
}

/// The parser recurses once per nested component: a file nested thousands
/// deep overflowed the stack. It is refused at the first BEGIN too deep,
/// before it is parsed; what a real calendar nests still reads.
#[test]
fn components_nested_too_deep_are_refused_at_the_line_that_goes_too_deep() {
    let n = 30_000;
    for name in ["VEVENT", "X"] {
        let text = format!(
            "BEGIN:VCALENDAR\r\n{}{}END:VCALENDAR\r\n",
            format!("BEGIN:{name}\r\n").repeat(n),
            format!("END:{name}\r\n").repeat(n)
        );
        let (line, message) = refused(&text);
        assert_eq!(line, 9);
        assert_eq!(
            message,
            format!(
                "BEGIN:{name} opens a component 9 levels deep, and components nest at most 8 (like VCALENDAR > VEVENT > VALARM); close the one before it with its END first"
            )
        );
    }
    // Eight levels, the most allowed, are no refusal of their own.
    let deep = format!("{}{}", "BEGIN:X-A\n".repeat(6), "END:X-A\n".repeat(6));
    let h = read(&[&format!("SUMMARY:Day\nDTSTART;VALUE=DATE:20260101\n{deep}")]);
    assert_eq!(days(&h), ["2026-01-01"]);
    let h = read(&[
        "SUMMARY:Day\nDTSTART;VALUE=DATE:20260101\nBEGIN:VALARM\nACTION:DISPLAY\nTRIGGER:-PT15M\nEND:VALARM",
    ]);
    assert_eq!(days(&h), ["2026-01-01"]);
}
