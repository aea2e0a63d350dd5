//! Phone numbers with country and area code, checked against libphonenumber's metadata (the
//! `phonenumber` crate) and stored in E.164 (`+12135551234`).
use crate::Invalid;
use phonenumber::Mode;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    /// `+1 (213) 555-1234`, `+1-213-555-1234`, `001 213 555 1234`, and without the `+` as people
    /// type them (`1-213-555-1234`, `12135551234`, `1 (213) 555-1234`), are all `+12135551234`: the
    /// first digits are the country code. A number that cannot exist in its country (by
    /// libphonenumber's metadata) is refused. `Ok(None)` for an empty string: the seed warns
    /// integrators about sending one, so it means "no phone".
    pub fn parse(field: &str, s: &str) -> Result<Option<Self>, Invalid> {
        let s = s.trim();
        if s.is_empty() {
            return Ok(None);
        }
        let bad = || {
            Invalid::new(
                field,
                "invalidPhone",
                format!(
                    "`{field}` must be a phone number that exists, with its country code and area code, e.g. +1 213 555 1234"
                ),
            )
        };
        // Digits and the punctuation people type; a `+` only in front. Letters (vanity numbers,
        // "ext. 5") are refused rather than guessed at.
        let rest = s.strip_prefix('+').or_else(|| s.strip_prefix("00")).unwrap_or(s);
        if !rest
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')' | '/'))
        {
            return Err(bad());
        }
        let number = phonenumber::parse(None, format!("+{rest}")).map_err(|_| bad())?;
        if !phonenumber::is_valid(&number) {
            return Err(bad());
        }
        Ok(Some(Self(number.format().mode(Mode::E164).to_string())))
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

    fn e164(s: &str) -> String {
        Phone::parse("phone", s).unwrap().unwrap().as_str().to_owned()
    }

    #[test]
    fn punctuation_and_the_plus_do_not_matter() {
        for s in [
            "+1 (213) 555-1234",
            "+1-213-555-1234",
            "001.213.555.1234",
            "1-213-555-1234",
            "12135551234",
            "1 (213) 555-1234",
        ] {
            assert_eq!(e164(s), "+12135551234", "{s}");
        }
        assert_eq!(e164("+44 20 7946 0958"), "+442079460958");
        assert_eq!(e164("49 30 901820"), "+4930901820");
    }

    #[test]
    fn empty_is_none() {
        assert_eq!(Phone::parse("phone", "  ").unwrap(), None);
    }

    #[test]
    fn numbers_that_cannot_exist_are_refused() {
        for s in [
            "555-1234",
            "+1 555",
            "+0 213 555 1234",
            "+1 213 555 1234 ext 5",
            "+1234567890123456",
            "+1 555 555 1234",
            "+1 (213) 055-1234",
            "+44 20 7946",
            "1-800-FLOWERS",
            "+1 213+555 1234",
        ] {
            let e = Phone::parse("phone", s).unwrap_err();
            assert_eq!((e.field.as_str(), e.detail_code), ("phone", "invalidPhone"), "{s}");
        }
    }
}
