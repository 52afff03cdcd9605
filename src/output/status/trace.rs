//! `status ID --explain`: how each deadline was reached, told step by step
//! (the business time counted, the pauses, the holidays skipped), from the
//! `Trace` the clocks kept. Apart from `status.rs`, which lays out the rest
//! of one ticket.

use super::*;

/// How one deadline was reached: the business time counted, the pauses and
/// the holidays skipped.
pub(super) fn trace(
    w: &mut impl Write,
    tr: &Trace,
    now: DateTime<Utc>,
    style: &Style,
) -> io::Result<()> {
    let (z, lang) = (style.zone, style.lang);
    writeln!(w)?;
    let clock = match lang {
        Lang::En => tr.clock.to_string(),
        _ => clock_name(lang, tr.clock),
    };
    let (target, start) = (
        clock_time(lang, tr.target_secs),
        date_full(lang, tr.start, z),
    );
    let head = if tr.promise {
        tr!(
            lang,
            "trace-head-promise",
            clock = clock,
            target = target,
            calendar = tr.calendar.to_string(),
            start = start
        )
    } else {
        tr!(
            lang,
            "trace-head",
            clock = clock,
            target = target,
            calendar = tr.calendar.to_string(),
            start = start
        )
    };
    style.line(w, &head)?;
    // The spans line up: each `to` is padded so that every "from - to"
    // takes the same columns (a Japanese date's width varies with its
    // month and day).
    let ends = |a: &DateTime<Utc>, b: &DateTime<Utc>| {
        let (from, to) = (date_full(lang, *a, z), date_short(lang, *b, *a, z));
        (
            crate::output::text::width(&from) + crate::output::text::width(&to),
            to,
        )
    };
    let closed_pauses = tr.pauses.iter().filter_map(|(a, b)| b.map(|b| (*a, b)));
    let widest = tr
        .counted
        .iter()
        .copied()
        .chain(closed_pauses)
        .map(|(a, b)| ends(&a, &b).0)
        .max()
        .unwrap_or(0);
    let to = |a: &DateTime<Utc>, b: &DateTime<Utc>| {
        let (w, mut to) = ends(a, b);
        to.push_str(&" ".repeat(widest - w));
        to
    };
    let mut total = 0;
    for (a, b) in &tr.counted {
        let secs = (*b - *a).num_seconds();
        total += secs;
        style.line(
            w,
            &tr!(
                lang,
                "trace-counted",
                from = date_full(lang, *a, z),
                to = to(a, b),
                span = crate::output::text::right(&clock_time(lang, secs), 8),
                total = clock_time(lang, total)
            ),
        )?;
    }
    if tr.truncated {
        style.line(w, &tr!(lang, "trace-more"))?;
    }
    for (a, b) in &tr.pauses {
        match b {
            Some(b) => style.line(
                w,
                &tr!(
                    lang,
                    "trace-paused",
                    from = date_full(lang, *a, z),
                    to = to(a, b),
                    span = crate::output::text::right(&span(lang, (*b - *a).num_seconds()), 8)
                ),
            )?,
            None => style.line(
                w,
                &tr!(
                    lang,
                    "trace-paused-now",
                    from = date_full(lang, *a, z),
                    span = span(lang, (now - *a).num_seconds())
                ),
            )?,
        }
    }
    for h in &tr.holidays {
        style.line(w, &tr!(lang, "trace-holiday", date = h.to_string()))?;
    }
    match tr.deadline {
        Some(d) => style.line(
            w,
            &tr!(lang, "trace-deadline", when = date_full(lang, d, z)),
        ),
        None => style.line(w, &tr!(lang, "trace-deadline-unknown")),
    }
}
