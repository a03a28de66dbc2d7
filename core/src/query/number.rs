//! Phone numbers and addresses: normalisation for exact matching, digits for partial search.
//!
//! Parsing uses the `phonenumber` crate (a Rust port of Google's libphonenumber with its
//! metadata), never hand-written rules: national formats differ per country (a Japanese
//! `03-1234-5678` drops its trunk `0`, a Polish `789 789 789` has none) and the metadata knows them.
//!
//! ```
//! use calllog::query::normalize_phone;
//! assert_eq!(normalize_phone("03-1234-5678", Some("JP")).unwrap(), "+81312345678");
//! assert_eq!(normalize_phone("+81 3-1234-5678", None).unwrap(), "+81312345678");
//! assert_eq!(normalize_phone("789 789 789", Some("PL")).unwrap(), "+48789789789");
//! assert!(normalize_phone("03-1234-5678", None).is_err()); // national without a region
//! ```

use crate::error::{Error, Result};

/// Parses a region code (ISO 3166-1 alpha-2, e.g. `JP`, `PL`, `RU`).
pub(crate) fn parse_region(region: &str) -> Result<phonenumber::country::Id> {
    region
        .trim()
        .to_ascii_uppercase()
        .parse::<phonenumber::country::Id>()
        .map_err(|_| Error::Filter {
            field: "default_region".into(),
            reason: format!(
                "{region:?} is not an ISO 3166-1 alpha-2 region code (e.g. JP, PL, RU)"
            ),
        })
}

/// Normalises a phone number to E.164 (`+81312345678`).
///
/// International input (`+81 3-1234-5678`, `tel:+81-3-1234-5678`) needs no region; national
/// input (`03-1234-5678`) is read in `default_region` (ISO 3166-1 alpha-2). Errors with
/// [`Error::Filter`] (field `number`) when the text is not a phone number.
pub fn normalize_phone(raw: &str, default_region: Option<&str>) -> Result<String> {
    let region = default_region.map(parse_region).transpose()?;
    normalize_with(raw, region).ok_or_else(|| Error::Filter {
        field: "number".into(),
        reason: match default_region {
            Some(r) => format!("{raw:?} is not a phone number (default region {r})"),
            None => format!(
                "{raw:?} is not an international phone number; give a default region to read national numbers"
            ),
        },
    })
}

pub(crate) fn normalize_with(
    raw: &str,
    region: Option<phonenumber::country::Id>,
) -> Option<String> {
    let folded = fold_width(raw);
    let t = folded.trim();
    if t.is_empty() || t.contains('@') || !t.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = phonenumber::parse(region, t).ok()?;
    Some(n.format().mode(phonenumber::Mode::E164).to_string())
}

/// The form an address is compared in for an exact match: E.164 for a phone number that
/// parses, the lower-cased address for an e-mail, else the digits (with a leading `+` kept)
/// or, without digits, the trimmed lower-cased text.
pub(crate) fn address_key(raw: &str, region: Option<phonenumber::country::Id>) -> String {
    let t = raw.trim();
    if t.contains('@') {
        return t.to_lowercase();
    }
    if let Some(e164) = normalize_with(t, region) {
        return e164;
    }
    let d = digits(t);
    if d.is_empty() {
        t.to_lowercase()
    } else if t.starts_with('+') {
        format!("+{d}")
    } else {
        d
    }
}

/// Folds full-width ASCII (`０３－１２３４`, common in Japanese input) and the usual dash look-alikes to ASCII.
pub(crate) fn fold_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            '\u{3000}' => ' ',
            'ー' | '‐' | '‑' | '‒' | '–' | '—' | '−' => '-',
            _ => c,
        })
        .collect()
}

/// An exact-match key with a cheap pre-test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ExactKey {
    key: String,
    /// The national significant number of a phone key: every spelling of the number ends
    /// with these digits, so others are rejected without a full parse.
    tail: String,
}

impl ExactKey {
    pub(crate) fn new(raw: &str, region: Option<phonenumber::country::Id>) -> Self {
        let key = address_key(raw, region);
        let tail = if key.starts_with('+') {
            phonenumber::parse(None, &key)
                .map(|n| n.national().value().to_string())
                .unwrap_or_default()
        } else {
            String::new()
        };
        ExactKey { key, tail }
    }

    pub(crate) fn matches(&self, raw: &str, region: Option<phonenumber::country::Id>) -> bool {
        (self.tail.is_empty() || digits(raw).ends_with(&self.tail))
            && address_key(raw, region) == self.key
    }
}

/// The ASCII digits of `s` (full-width digits are folded to ASCII).
pub(crate) fn digits(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '0'..='9' => Some(c),
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
            _ => None,
        })
        .collect()
}

/// Whether `s` looks like a phone number fragment: digits with the usual separators only.
pub(crate) fn is_phone_like(s: &str) -> bool {
    let mut any_digit = false;
    for c in s.chars() {
        match c {
            '0'..='9' | '０'..='９' => any_digit = true,
            ' ' | '\u{3000}' | '-' | '‐' | '−' | 'ー' | '(' | ')' | '.' | '+' | '/' => {}
            _ => return false,
        }
    }
    any_digit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn e164_from_international_and_national_forms() {
        let jp = parse_region("jp").unwrap();
        for raw in [
            "+81 3-1234-5678",
            "03-1234-5678",
            "+81312345678",
            "０３－１２３４－５６７８",
        ] {
            assert_eq!(
                normalize_with(raw, Some(jp)).as_deref(),
                Some("+81312345678"),
                "{raw}"
            );
        }
        assert_eq!(
            normalize_with("+48 789 789 789", None).as_deref(),
            Some("+48789789789")
        );
        assert_ne!(
            normalize_with("03-1234-5679", Some(jp)).as_deref(),
            Some("+81312345678")
        );
    }

    #[test]
    fn not_numbers() {
        assert_eq!(normalize_with("jan@example.pl", None), None);
        assert_eq!(normalize_with("", None), None);
        assert!(normalize_phone("abc", Some("PL")).is_err());
        assert!(matches!(
            normalize_phone("1", Some("XX")),
            Err(Error::Filter { field, .. }) if field == "default_region"
        ));
    }

    #[test]
    fn address_keys() {
        assert_eq!(address_key(" Jan@Example.PL ", None), "jan@example.pl");
        assert_eq!(address_key("+48 789-789-789", None), "+48789789789");
        assert_eq!(address_key("ext 101", None), "101");
    }

    #[test]
    fn phone_like() {
        assert!(is_phone_like("+7 (495) 123-45-67"));
        assert!(!is_phone_like("ivan@example.ru"));
        assert!(!is_phone_like("--"));
        assert_eq!(digits("+7 (495) 123-45-67"), "74951234567");
    }
}
