//! Spreadsheet formula injection.
//!
//! A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return can be taken
//! for a formula by Excel or LibreOffice (OWASP "CSV injection"). Such cells are neutralised:
//!
//! - **XLSX**: the value is written unchanged with Excel's *quote prefix* cell property, so
//!   Excel shows and keeps it as text, even when the cell is edited.
//! - **CSV**: a `'` is put in front, the usual defence. [`read_csv`](crate::read::read_csv)
//!   removes it again, so the round trip is exact.
//!
//! The rule, the same in every binding:
//!
//! - **XLSX**: every text cell whose first character is `= + - @`, a tab or a carriage return
//!   gets the quote prefix ([`is_formula_like`]). The stored value is unchanged, so a phone
//!   number stays exact and Excel never turns it into a formula on edit.
//! - **CSV**: a cell that Excel or LibreOffice would evaluate on opening gets a `'`
//!   ([`csv_would_evaluate`]): anything starting with `=`, `@`, a tab or a CR, and anything
//!   starting with `+` or `-` that is not a plain signed number. So arithmetic such as `-2+3`
//!   or `+1+1`, and a phone number written with separators such as `+1-800-555-0199` (Excel
//!   would compute it), are prefixed; `-15`, `+48789789789` and `-12.5` are not, nor is a
//!   number that does not start with a sign (`03-1234-5678`).
//! - Numbers (durations, counts, prices) are written as numbers, never as text, and are not
//!   touched.
//!
//! ```
//! use calllog::export::safety::{csv_would_evaluate, is_formula_like, neutralise_csv, restore_csv};
//!
//! assert!(is_formula_like("=HYPERLINK(\"http://x\")"));
//! assert!(is_formula_like("+81 3-1234-5678")); // XLSX: quote prefix, value unchanged
//! assert!(csv_would_evaluate("-2+3"));
//! assert!(csv_would_evaluate("+1-800-555-0199"));
//! assert!(!csv_would_evaluate("+48789789789"));
//! assert_eq!(neutralise_csv("=1+1"), Some("'=1+1".to_string()));
//! assert_eq!(neutralise_csv("+1+1"), Some("'+1+1".to_string()));
//! assert_eq!(neutralise_csv("-15"), None);
//! assert_eq!(restore_csv("'=1+1"), "=1+1");
//! assert_eq!(restore_csv("'quoted'"), "'quoted'");
//! ```

/// Whether an XLSX text cell gets the quote prefix: its first character is `= + - @`, a tab
/// or a carriage return.
#[inline]
pub fn is_formula_like(s: &str) -> bool {
    matches!(
        s.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    )
}

/// Whether a spreadsheet would evaluate this CSV cell: it starts with `=`, `@`, a tab or a
/// CR, or with `+`/`-` and is not a plain signed number (sign, digits, at most one `.`).
#[inline]
pub fn csv_would_evaluate(s: &str) -> bool {
    match s.as_bytes().first() {
        Some(b'=' | b'@' | b'\t' | b'\r') => true,
        Some(b'+' | b'-') => !is_signed_number(&s[1..]),
        _ => false,
    }
}

/// Digits with at most one `.` between digits: what follows the sign of a plain number.
fn is_signed_number(rest: &str) -> bool {
    let (int, frac) = match rest.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    digits(int) && frac.is_none_or(digits)
}

/// Whether a CSV text cell gets a `'` in front: when it would be a formula, and also when it
/// already starts with `'`s followed by something formula-like (so that reading back, which
/// removes one `'`, is exact).
#[inline]
pub fn needs_csv_prefix(s: &str) -> bool {
    let t = s.trim_start_matches('\'');
    // apostrophes only: one more, so that a lone `'` is free to mean the empty text
    csv_would_evaluate(t) || (t.is_empty() && !s.is_empty())
}

/// The neutralised CSV text, or `None` when `s` is safe as it is.
pub fn neutralise_csv(s: &str) -> Option<String> {
    needs_csv_prefix(s).then(|| format!("'{s}"))
}

/// Undoes [`neutralise_csv`]; a lone `'` is the empty text (see
/// [`CsvOptions::mark_empty_text`](super::CsvOptions::mark_empty_text)).
pub fn restore_csv(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some("") => "",
        Some(rest) if needs_csv_prefix(rest) => rest,
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_and_phone_numbers() {
        for p in [
            "=1+1",
            "=cmd|' /C calc'!A0",
            "+1+cmd|' /C calc'!A0",
            "-2+3+cmd|' /C calc'!A0",
            "@SUM(1+1)*cmd|' /C calc'!A0",
            "\t=1",
            "\r=1",
            "=HYPERLINK(\"http://evil\",\"x\")",
            "-",
            "+",
            "- item",
            "-2+3",
            "+1+1",
            "+1-800-555-0199",
            "+81 3-1234-5678",
            "+7 (495) 123-45-67",
            "-1.2.3",
            "+.5",
        ] {
            assert!(is_formula_like(p), "{p:?}");
            assert!(csv_would_evaluate(p), "{p:?}");
            let n = neutralise_csv(p).unwrap();
            assert!(n.starts_with('\''));
            assert_eq!(restore_csv(&n), p);
        }
        for s in [
            "+48789789789",
            "-12.5",
            "-15",
            "(03) 1234-5678",
            "03-1234-5678",
            "1+1",
            "佐藤",
            "'quoted",
            "",
        ] {
            assert!(!csv_would_evaluate(s), "{s:?}");
            assert_eq!(is_formula_like(s), s.starts_with(['+', '-']), "{s:?}");
            assert_eq!(neutralise_csv(s), None);
            assert_eq!(restore_csv(s), s);
        }
        // already-prefixed formula text keeps its own apostrophe through a round trip
        for s in ["'=1", "''=1", "'+x"] {
            let n = neutralise_csv(s).unwrap();
            assert_eq!(restore_csv(&n), s);
        }
    }
}
