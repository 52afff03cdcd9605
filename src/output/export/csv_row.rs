//! Ticket rows of `export`'s CSV, written field by field with the csv
//! crate's rules instead of through serde and the csv crate, which scanned
//! every byte of every field (a sixth of a large export, BENCHMARKS.md); a
//! proptest holds each row to the csv crate's bytes.

use chrono::{DateTime, Utc};

use super::{TicketRecord, rfc3339};

impl TicketRecord<'_> {
    /// The CSV row, as the csv crate writes it (a field is quoted only when
    /// it holds a comma, a quote, CR or LF, a quote inside doubled; `\n`
    /// ends the row), field by field in column order.
    pub(super) fn write_csv(&self, out: &mut Vec<u8>) {
        let mut f = CsvRow::new(out);
        f.int(self.id);
        f.text(&self.kind);
        f.opt_int(self.severity);
        f.text(&self.title);
        f.opt_text(self.customer.as_deref());
        f.opt_text(self.service.as_deref());
        f.text(self.state);
        f.time(Some(&self.opened_at));
        f.time(self.resolved_at.as_ref());
        f.int(self.escalation_level);
        f.text(self.response_state);
        f.opt_int(self.response_target_secs);
        f.time(self.response_deadline.as_ref());
        f.text(self.update_state);
        f.opt_int(self.update_target_secs);
        f.time(self.update_deadline.as_ref());
        f.text(self.restore_state);
        f.opt_int(self.restore_target_secs);
        f.time(self.restore_deadline.as_ref());
        f.time(self.response_stopped_at.as_ref());
        f.opt_int(self.update_missed);
        f.opt_int(self.update_longest_gap_secs);
        f.opt_int(self.restore_counted_secs);
        f.opt_int(self.restore_waiting_secs);
        f.int(self.policy_version);
        f.opt_text(self.reference.as_deref());
        f.opt_text(self.owner.as_deref());
        f.text(self.own_state);
        f.opt_int(self.own_target_secs);
        f.time(self.own_deadline.as_ref());
        f.time(self.own_stopped_at.as_ref());
        f.opt_text(self.contract.as_deref());
        f.end();
    }
}

/// One CSV row being written: fields separated by commas.
pub(super) struct CsvRow<'a> {
    out: &'a mut Vec<u8>,
    started: bool,
}

impl<'a> CsvRow<'a> {
    pub(super) fn new(out: &'a mut Vec<u8>) -> CsvRow<'a> {
        CsvRow {
            out,
            started: false,
        }
    }

    fn next(&mut self) {
        if self.started {
            self.out.push(b',');
        }
        self.started = true;
    }

    pub(super) fn text(&mut self, text: &str) {
        self.next();
        if !text
            .bytes()
            .any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'))
        {
            self.out.extend_from_slice(text.as_bytes());
            return;
        }
        self.out.push(b'"');
        for b in text.bytes() {
            if b == b'"' {
                self.out.push(b'"');
            }
            self.out.push(b);
        }
        self.out.push(b'"');
    }

    fn opt_text(&mut self, text: Option<&str>) {
        self.text(text.unwrap_or_default());
    }

    fn int(&mut self, n: impl itoa::Integer) {
        self.next();
        self.out
            .extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
    }

    fn opt_int(&mut self, n: Option<impl itoa::Integer>) {
        match n {
            Some(n) => self.int(n),
            None => self.next(),
        }
    }

    fn time(&mut self, t: Option<&DateTime<Utc>>) {
        let Some(t) = t else {
            return self.next();
        };
        let mut buf = [0u8; 20];
        match rfc3339::format(t, &mut buf) {
            // Digits, dashes, colons, T and Z: never quoted.
            Some(text) => {
                self.next();
                self.out.extend_from_slice(text.as_bytes());
            }
            None => self.text(&t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        }
    }

    pub(super) fn end(self) {
        self.out.push(b'\n');
    }
}

#[cfg(test)]
mod tests {
    use proptest::option::of;
    use proptest::prelude::*;

    use super::super::*;
    use crate::sla::instant;

    /// Text with everything that changes quoting: commas, quotes, CR,
    /// LF, formula starts, spaces, Japanese, nothing at all.
    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just(","),
                Just("\""),
                Just("\r"),
                Just("\n"),
                Just("="),
                Just(" "),
                Just("a"),
                Just("回線"),
                Just("'"),
            ],
            0..6,
        )
        .prop_map(|parts| parts.concat())
    }

    /// Any instant slaclock can hold, years outside 0 to 9999 included.
    fn time() -> impl Strategy<Value = DateTime<Utc>> {
        prop_oneof![
            (-62_167_219_200i64..253_402_300_799).prop_map(instant),
            any::<i64>().prop_map(instant),
        ]
    }

    fn state() -> impl Strategy<Value = &'static str> {
        prop_oneof![Just("open"), Just("met"), Just("breached"), Just("none")]
    }

    prop_compose! {
        fn record()(
            ids in (any::<i64>(), any::<i64>(), any::<u8>(), of(any::<u8>())),
            texts in (text(), text(), of(text()), of(text())),
            more_texts in (of(text()), of(text()), of(text())),
            states in (state(), state(), state(), state(), state()),
            times in (time(), of(time()), of(time()), of(time())),
            more_times in (of(time()), of(time()), of(time()), of(time())),
            numbers in (of(any::<i64>()), of(any::<i64>()), of(any::<i64>()), of(any::<u32>())),
            more_numbers in (of(any::<i64>()), of(any::<i64>()), of(any::<i64>()), of(any::<i64>())),
        ) -> TicketRecord<'static> {
            TicketRecord {
                id: ids.0,
                kind: texts.0.into(),
                severity: ids.3,
                title: texts.1.into(),
                customer: texts.2.map(Into::into),
                service: texts.3.map(Into::into),
                state: states.0,
                opened_at: times.0,
                resolved_at: times.1,
                escalation_level: ids.2,
                response_state: states.1,
                response_target_secs: numbers.0,
                response_deadline: times.2,
                update_state: states.2,
                update_target_secs: numbers.1,
                update_deadline: times.3,
                restore_state: states.3,
                restore_target_secs: numbers.2,
                restore_deadline: more_times.0,
                response_stopped_at: more_times.1,
                update_missed: numbers.3,
                update_longest_gap_secs: more_numbers.0,
                restore_counted_secs: more_numbers.1,
                restore_waiting_secs: more_numbers.2,
                policy_version: ids.1,
                reference: more_texts.0.map(Into::into),
                owner: more_texts.1.map(Into::into),
                own_state: states.4,
                own_target_secs: more_numbers.3,
                own_deadline: more_times.2,
                own_stopped_at: more_times.3,
                contract: more_texts.2.map(Into::into),
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5_000))]

        /// A ticket's row is the bytes the csv crate writes for it
        /// through serde: the columns in order, quoted alike.
        #[test]
        fn a_ticket_row_is_what_the_csv_crate_writes(r in record()) {
            let r = r.for_csv();
            let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(vec![]);
            w.serialize(&r).unwrap();
            let expected = w.into_inner().unwrap();
            let mut row = Vec::new();
            r.write_csv(&mut row);
            prop_assert_eq!(String::from_utf8_lossy(&row), String::from_utf8_lossy(&expected));
        }
    }

    #[test]
    fn an_event_row_is_refused_under_the_tickets_header() {
        let mut records = Records::tickets_csv(Vec::new()).unwrap();
        let event = super::super::tests::a_note();
        assert!(records.event(event).is_err());
        let written = records.finish().unwrap();
        assert_eq!(
            written,
            format!("{}\n", TICKET_COLUMNS.join(",")).into_bytes()
        );
    }

    #[test]
    fn the_header_of_tickets_is_what_the_csv_crate_writes() {
        let records = Records::tickets_csv(Vec::new()).unwrap();
        let ours = records.finish().unwrap();
        let mut w = csv::Writer::from_writer(vec![]);
        w.write_record(TICKET_COLUMNS).unwrap();
        assert_eq!(ours, w.into_inner().unwrap());
    }
}
