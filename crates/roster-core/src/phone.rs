//! Phone numbers with country and area code, stored in E.164 (`+12135551234`).
use crate::Invalid;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    /// `+1 (213) 555-1234`, `+1-213-555-1234` and `001 213 555 1234` are all `+12135551234`.
    /// `Ok(None)` for an empty string: the seed warns integrators about sending one, so it means "no phone".
    pub fn parse(field: &str, s: &str) -> Result<Option<Self>, Invalid> {
        let s = s.trim();
        if s.is_empty() {
            return Ok(None);
        }
        let bad = || {
            Invalid::new(
                field,
                "invalidPhone",
                format!("`{field}` must be a phone number with country code and area code, e.g. +1 213 555 1234"),
            )
        };
        let rest = if let Some(r) = s.strip_prefix('+') {
            r
        } else if let Some(r) = s.strip_prefix("00") {
            r
        } else {
            return Err(bad());
        };
        let mut digits = String::with_capacity(16);
        for c in rest.chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '-' | '.' | '(' | ')' | '/' => {}
                _ => return Err(bad()),
            }
        }
        // E.164: at most 15 digits; a country code never starts with 0; with an area code
        // and a subscriber number there are at least 8.
        if !(8..=15).contains(&digits.len()) || digits.starts_with('0') {
            return Err(bad());
        }
        Ok(Some(Self(format!("+{digits}"))))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn from_stored(s: String) -> Self {
        Self(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_does_not_matter() {
        let a = Phone::parse("phone", "+1 (213) 555-1234").unwrap().unwrap();
        let b = Phone::parse("phone", "+1-213-555-1234").unwrap().unwrap();
        let c = Phone::parse("phone", "001.213.555.1234").unwrap().unwrap();
        assert_eq!(a.as_str(), "+12135551234");
        assert_eq!((&a, &a), (&b, &c));
    }

    #[test]
    fn empty_is_none() {
        assert_eq!(Phone::parse("phone", "  ").unwrap(), None);
    }

    #[test]
    fn needs_country_and_area_code() {
        for s in [
            "555-1234",
            "2135551234",
            "+1 555",
            "+0 213 555 1234",
            "+1 213 555 1234 ext 5",
            "+1234567890123456",
        ] {
            assert!(Phone::parse("phone", s).is_err(), "{s}");
        }
    }
}
