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
//! What users rely on stays exact: a value made only of digits, spaces and `+ - ( ) . /`
//! (a phone number such as `+81 3-1234-5678` or `+48789789789`) cannot call a function nor
//! reach outside its cell, so it is written as it is. Numbers (durations, counts, prices) are
//! written as numbers, never as text, and are not touched.
//!
//! ```
//! use calllog::export::safety::{is_formula_like, neutralise_csv, restore_csv};
//!
//! assert!(is_formula_like("=HYPERLINK(\"http://x\")"));
//! assert!(is_formula_like("@SUM(A1)"));
//! assert!(!is_formula_like("+81 3-1234-5678"));
//! assert!(!is_formula_like("+48789789789"));
//! assert_eq!(neutralise_csv("=1+1"), Some("'=1+1".to_string()));
//! assert_eq!(neutralise_csv("+48789789789"), None);
//! assert_eq!(restore_csv("'=1+1"), "=1+1");
//! assert_eq!(restore_csv("'quoted'"), "'quoted'");
//! ```

/// Whether a text cell would be read as a formula.
#[inline]
pub fn is_formula_like(s: &str) -> bool {
    match s.as_bytes().first() {
        Some(b'=' | b'@' | b'\t' | b'\r') => true,
        Some(b'+' | b'-') => !is_plain_number_text(s),
        _ => false,
    }
}

/// Digits, spaces and `+ - ( ) . /` only, with at least one digit: a phone number or a signed
/// number in text, which no spreadsheet can turn into a function call.
fn is_plain_number_text(s: &str) -> bool {
    let mut digit = false;
    for b in s.bytes() {
        match b {
            b'0'..=b'9' => digit = true,
            b' ' | b'+' | b'-' | b'(' | b')' | b'.' | b'/' => {}
            _ => return false,
        }
    }
    digit
}

/// Whether a CSV text cell gets a `'` in front: when it would be a formula, and also when it
/// already starts with `'`s followed by something formula-like (so that reading back, which
/// removes one `'`, is exact).
#[inline]
pub fn needs_csv_prefix(s: &str) -> bool {
    is_formula_like(s.trim_start_matches('\''))
}

/// The neutralised CSV text, or `None` when `s` is safe as it is.
pub fn neutralise_csv(s: &str) -> Option<String> {
    needs_csv_prefix(s).then(|| format!("'{s}"))
}

/// Undoes [`neutralise_csv`].
pub fn restore_csv(s: &str) -> &str {
    match s.strip_prefix('\'') {
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
        ] {
            assert!(is_formula_like(p), "{p:?}");
            let n = neutralise_csv(p).unwrap();
            assert!(n.starts_with('\''));
            assert_eq!(restore_csv(&n), p);
        }
        for s in [
            "+81 3-1234-5678",
            "+48789789789",
            "-12.5",
            "(03) 1234-5678",
            "03-1234-5678",
            "佐藤",
            "'quoted",
            "",
        ] {
            assert!(!is_formula_like(s), "{s:?}");
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
