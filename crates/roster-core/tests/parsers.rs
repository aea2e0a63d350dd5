//! Property tests for everything that reads user text: dates, phone numbers, emails, passwords,
//! whole person bodies and the OAuth token request. Whatever comes in, parsing answers Ok or a
//! 400-style error — it never panics — and what it accepts is normalised consistently.
#![allow(clippy::unwrap_used)]
use proptest::prelude::*;
use roster_core::dates::{format_iso, parse_flexible, parse_iso};
use roster_core::email::Email;
use roster_core::input::Body;
use roster_core::model::{apply_update, CreatePerson, EnableLogin, LoginRequest, ProjectPersonData};
use roster_core::oauth::{parse_token_request, ClientCredentials};
use roster_core::password::Password;
use roster_core::phone::Phone;
use serde_json::{json, Value};

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

/// A person body whose known keys get arbitrary values.
fn person_like() -> impl Strategy<Value = Value> {
    let keys = [
        "first_name",
        "last_name",
        "is_user",
        "is_assignable",
        "status",
        "group_ids",
        "email",
        "phone",
        "dob",
        "hired_date",
        "hourly_wage",
        "language",
        "tag_instances",
        "password",
        "permission_level_id",
        "can_recieve_sms",
    ];
    prop::collection::vec((prop::sample::select(keys.to_vec()), any_json()), 0..12)
        .prop_map(|pairs| Value::Object(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()))
}

proptest! {
    #[test]
    fn dates_never_panic_and_round_trip(v in any_json(), ms in -62_135_596_800_000i64..253_402_300_799_999i64) {
        let _ = parse_flexible(&v);
        prop_assert_eq!(parse_flexible(&json!(ms)), Ok(ms));
        prop_assert_eq!(parse_flexible(&json!(format_iso(ms))), Ok(ms));
        prop_assert_eq!(parse_iso(&format_iso(ms)), Some(ms));
    }

    #[test]
    fn date_text_never_panics(s in ".{0,60}") {
        let _ = parse_flexible(&json!(s));
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

    #[test]
    fn bodies_never_panic(v in any_json(), p in person_like()) {
        for body in [&v, &p] {
            if let Ok(b) = Body::object(body) {
                if let Ok(req) = CreatePerson::parse(&b) {
                    let _ = apply_update(&req.data, &b);
                }
                let _ = EnableLogin::parse(&b);
                let _ = LoginRequest::parse(&b);
                let _ = ProjectPersonData::parse(&b);
            }
        }
    }

    #[test]
    fn token_requests_never_panic(
        body in prop::collection::vec(any::<u8>(), 0..200),
        ct in prop::sample::select(vec!["application/json", "application/x-www-form-urlencoded", "text/plain", "application/vnd+json; charset=utf-8"]),
        auth in prop::option::of("(Basic |basic |Bearer )?[A-Za-z0-9+/=:!]{0,40}"),
    ) {
        let _ = parse_token_request(Some(ct), auth.as_deref(), &body);
        let _ = parse_token_request(None, auth.as_deref(), &body);
    }

    #[test]
    fn token_credentials_read_back_alike_from_json_form_and_basic(id in "[^:]{1,30}", secret in ".{1,40}") {
        use base64::Engine;
        let want = ClientCredentials { client_id: id.clone(), client_secret: secret.clone() };
        let json = json!({"grant_type": "client_credentials", "client_id": id, "client_secret": secret}).to_string();
        prop_assert_eq!(parse_token_request(Some("application/json"), None, json.as_bytes()), Ok(want.clone()));
        let form = serde_urlencoded::to_string([("grant_type", "client_credentials"), ("client_id", &id), ("client_secret", &secret)]).unwrap();
        prop_assert_eq!(parse_token_request(None, None, form.as_bytes()), Ok(want.clone()));
        let basic = format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}")));
        prop_assert_eq!(parse_token_request(None, Some(&basic), b"grant_type=client_credentials"), Ok(want));
    }
}
