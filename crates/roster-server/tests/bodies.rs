//! Property tests of the request bodies: whatever JSON comes in, reading it answers a value or a
//! field error (never a panic), and the token request reads the same credentials from JSON, a
//! form and HTTP Basic.
#![allow(clippy::unwrap_used)]
use proptest::prelude::*;
use roster_server::bodies::access::LoginBody;
use roster_server::bodies::parse;
use roster_server::bodies::people::{EnableLoginBody, PersonBody};
use roster_server::bodies::procore::{wrapped, ProjectPersonBody};
use roster_server::bodies::token::{read_params, ClientCredentials, TokenBody, TokenRequestError};
use serde_json::{json, Value};

/// The token endpoint's reading of a request (no I/O: the body is in memory).
fn parse_token_request(
    ct: Option<&str>,
    auth: Option<&str>,
    body: &[u8],
) -> Result<ClientCredentials, TokenRequestError> {
    let params: TokenBody = futures::executor::block_on(read_params(ct, auth, None, body.to_vec().into()))?;
    params.grant()?;
    params.credentials()
}

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
    fn bodies_never_panic(v in any_json(), p in person_like()) {
        for body in [v, p] {
            if let Ok(person) = parse::<PersonBody>(body.clone()) {
                if let Ok(req) = person.clone().create() {
                    let _ = person.update(&req.data);
                }
            }
            if let Ok(login) = parse::<EnableLoginBody>(body.clone()) {
                let _ = login.request();
            }
            let _ = parse::<LoginBody>(body.clone());
            if let Ok(p) = parse::<ProjectPersonBody>(body.clone()) {
                let _ = p.create();
            }
            for key in ["person", "project"] {
                let _ = wrapped::<ProjectPersonBody>(json!({ key: body.clone() }), "person");
            }
        }
    }

    #[test]
    fn token_requests_never_panic(
        body in prop::collection::vec(any::<u8>(), 0..200),
        ct in prop::sample::select(vec!["application/json", "application/x-www-form-urlencoded", "text/plain", "application/vnd+json; charset=utf-8", "multipart/form-data; boundary=x", "multipart/form-data"]),
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
