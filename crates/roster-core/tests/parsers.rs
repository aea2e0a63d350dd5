//! Property tests for the domain's readers of user text: dates, phone numbers, emails, passwords.
//! Whatever comes in, parsing answers Ok or a 400-style error — it never panics — and what it
//! accepts is normalised consistently. (Whole request bodies: roster-server's `bodies` tests.)
#![allow(clippy::unwrap_used)]
use proptest::prelude::*;
use roster_core::dates::{format_iso, parse_flexible, parse_iso, DateInput};
use roster_core::email::Email;
use roster_core::password::Password;
use roster_core::phone::Phone;

proptest! {
    #[test]
    fn dates_never_panic_and_round_trip(n in any::<i64>(), f in any::<f64>(), ms in -62_135_596_800_000i64..253_402_300_799_999i64) {
        let _ = parse_flexible(DateInput::Integer(n));
        let _ = parse_flexible(DateInput::Number(f));
        prop_assert_eq!(parse_flexible(DateInput::Integer(ms)), Ok(ms));
        // Every date in range is below 2^53 ms: exact as a JSON float too.
        prop_assert_eq!(parse_flexible(DateInput::Number(ms as f64)), Ok(ms));
        prop_assert_eq!(parse_flexible(DateInput::Text(&format_iso(ms))), Ok(ms));
        prop_assert_eq!(parse_iso(&format_iso(ms)), Some(ms));
    }

    #[test]
    fn date_text_never_panics(s in ".{0,60}") {
        let _ = parse_flexible(DateInput::Text(&s));
        let _ = parse_flexible(DateInput::Number(s.len() as f64 / 3.0));
        let _ = parse_iso(&s);
    }

    #[test]
    fn phones_normalise_punctuation_away(s in ".{0,40}", digits in "[1-9][0-9]{7,14}") {
        let _ = Phone::parse("phone", &s);
        let plain = Phone::parse("phone", &format!("+{digits}")).unwrap().unwrap();
        let dashed: String = digits.chars().enumerate().flat_map(|(i, c)| if i % 3 == 2 { vec![c, '-'] } else { vec![c] }).collect();
        let punctuated = Phone::parse("phone", &format!("+{} ", dashed.trim_end_matches('-'))).unwrap().unwrap();
        prop_assert_eq!(plain.as_str(), format!("+{digits}"));
        prop_assert_eq!(plain, punctuated);
    }

    #[test]
    fn emails_and_passwords_never_panic(s in ".{0,80}") {
        if let Ok(e) = Email::parse("email", &s) {
            prop_assert_eq!(e.normalized(), e.as_str().to_lowercase());
        }
        if let Err(e) = Password::parse("password", &s) {
            prop_assert!(!e.details.contains(&s) || s.is_empty() || s.len() < 3);
        }
    }
}
