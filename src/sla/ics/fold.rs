//! Unfolding the content lines of an iCalendar file (RFC 5545 3.1), on its
//! bytes: a line may be folded in the middle of a UTF-8 character, so the
//! text is decoded only once its lines are joined.

/// `bytes` with its folded lines joined (a line break, CRLF or LF, then a
/// space or a tab, taken out), as the icalendar crate's `unfold` joins
/// them; and where in the result each fold was.
pub(super) fn unfold(bytes: &[u8]) -> (Vec<u8>, Vec<usize>) {
    let mut out = Vec::with_capacity(bytes.len());
    let mut folds = vec![];
    let mut i = 0;
    while i < bytes.len() {
        let fold = match &bytes[i..] {
            [b'\r', b'\n', b' ' | b'\t', ..] => 3,
            [b'\n', b' ' | b'\t', ..] => 2,
            _ => 0,
        };
        if fold > 0 {
            folds.push(out.len());
            i += fold;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    (out, folds)
}
