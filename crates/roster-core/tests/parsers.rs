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
    fn phones_normalise_punctuation_away(
        s in ".{0,40}",
        area in prop::sample::select(vec!["213", "312", "415", "646", "206", "617"]),
        line in "[2-9][0-9]{2}[0-9]{4}",
    ) {
        let _ = Phone::parse("phone", &s);
        // Real North American numbers, as typed in many ways.
        let digits = format!("1{area}{line}");
        let plain = Phone::parse("phone", &format!("+{digits}")).unwrap().unwrap();
        prop_assert_eq!(plain.as_str(), format!("+{digits}"));
        let (exchange, rest) = line.split_at(3);
        for typed in [
            format!("+1-{area}-{exchange}-{rest} "),
            format!("001.{area}.{exchange}.{rest}"),
            digits.clone(),
            format!("1 ({area}) {exchange}-{rest}"),
        ] {
            let again = Phone::parse("phone", &typed).unwrap();
            prop_assert_eq!(again.as_ref(), Some(&plain), "{}", typed);
        }
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
