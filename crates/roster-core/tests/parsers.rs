//! Property tests for the domain's readers of user text: dates, phone numbers, emails, passwords.
//! Whatever comes in, parsing answers Ok or a 400-style error — it never panics — and what it
//! accepts is normalised consistently. (Whole request bodies: roster-server's `bodies` tests.)
#![allow(clippy::unwrap_used)]
use proptest::prelude::*;
use roster_core::dates::{format_iso, parse_flexible, parse_iso, DateInput};
use roster_core::email::Email;
use roster_core::password::Password;
use roster_core::phone::Phone;
use serde_json::Value;

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f)
            .map(Value::Number)
            .unwrap_or(Value::Null)),
        ".{0,40}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            prop::collection::hash_map("[a-z_]{1,12}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn dates_never_panic_and_round_trip(v in any_json(), ms in -62_135_596_800_000i64..253_402_300_799_999i64) {
        let _ = parse_flexible(match &v {
            Value::String(s) => DateInput::Text(s),
            Value::Number(n) => n.as_i64().map_or(DateInput::Number(n.as_f64().unwrap_or(f64::NAN)), DateInput::Integer),
            _ => DateInput::Other,
        });
        prop_assert_eq!(parse_flexible(DateInput::Integer(ms)), Ok(ms));
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
