use crate::helpers::{error, person_body, spawn_app, with};
use reqwest::StatusCode;
use serde_json::{json, Value};

const SEED_409: &str = r#"{"code":"ConflictError","message":{"detailCode":"personEmailOrPhoneConflict","details":"An already existing email or phone was found"}}"#;

#[tokio::test]
async fn minimal_person_gets_the_seed_defaults() {
    let app = spawn_app().await;
    let group = app.group("Field").await;
    let (status, body) = app.post_json(&app.lc("/people"), &person_body(&group)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body.as_object().unwrap().len(), 1, "only the id: {body}");
    let id = body["id"].as_str().unwrap();
    assert!(uuid::Uuid::parse_str(id).is_ok());

    let (status, p) = app.get_json(&app.lc(&format!("/people/{id}"))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(p["id"], id);
    assert_eq!(p["name"], json!({"first": "Anna", "last": "Richardson"}));
    assert_eq!(p["company_id"], app.company.id.as_str());
    assert_eq!(
        (p["is_user"].clone(), p["is_assignable"].clone(), p["status"].clone()),
        (json!(false), json!(true), json!("active"))
    );
    assert_eq!(p["can_recieve_sms"], false);
    assert_eq!(p["can_recieve_email"], false);
    assert_eq!(p["can_recieve_mobile"], true);
    assert_eq!(p["language"], "english");
    assert_eq!(p["group_ids"], json!([group]));
    assert_eq!(p["tag_instances"], json!([]));
    assert!(p["procore_person_id"].as_i64().is_some_and(|n| n > 0));
    assert!(p["created_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(p["created_at"], p["updated_at"]);
    assert!(p["email"].is_null() && p["phone"].is_null());
}

#[tokio::test]
async fn every_optional_property_is_stored_and_returned() {
    let app = spawn_app().await;
    let group = app.group("Field").await;
    let group2 = app.group("Office").await;
    let (_, title) = app
        .post_json(
            &app.lc("/job-titles"),
            &json!({"name": "Foreman", "group_ids": [group]}),
        )
        .await;
    let (_, cert) = app
        .post_json(&app.lc("/tags"), &json!({"name": "OSHA 30", "require_expr_date": true}))
        .await;
    let (_, label) = app.post_json(&app.lc("/tags"), &json!({"name": "Bilingual"})).await;
    let (_, profiles) = app.get_json(&app.lc("/notification-profiles")).await;
    let profile = profiles["data"][0]["id"].as_str().unwrap().to_owned();
    let level = app.level(false).await;
    let body = with(
        person_body(&group),
        json!({
            "group_ids": [group, group2],
            "is_user": true, "no_invite": true, "permission_level_id": level, "notification_profile_id": profile,
            "email": "Anna.R@Example.com", "phone": "+1 (213) 555-1234",
            "can_recieve_sms": true, "can_recieve_email": true, "can_recieve_mobile": false,
            "address_1": "1510 Walnut St", "address_2": "Suite 2", "state_province": "MO", "city_town": "Kansas City",
            "zipcode": "66213", "country": "United States", "job_title_id": title["id"], "hourly_wage": 35.5,
            "employee_number": "123-a234s-456", "emergency_contact_name": "Bo", "emergency_contact_number": "+1 816 555 0000",
            "emergency_contact_email": "bo@example.com", "emergency_contact_relation": "Brother",
            "dob": "1990-05-15", "is_male": false, "hired_date": 1_493_214_315_919i64, "language": "english",
            "tag_instances": [{"tag_id": label["id"]}, {"tag_id": cert["id"], "expr_date": "Fri, 17 Nov 2017 15:21:52 GMT"}],
        }),
    );
    let id = app.person(&body).await;
    let (_, p) = app.get_json(&app.lc(&format!("/people/{id}"))).await;
    for (k, v) in [
        ("email", json!("Anna.R@Example.com")),
        ("phone", json!("+12135551234")),
        ("is_user", json!(true)),
        ("can_recieve_sms", json!(true)),
        ("can_recieve_email", json!(true)),
        ("can_recieve_mobile", json!(false)),
        ("address_1", json!("1510 Walnut St")),
        ("address_2", json!("Suite 2")),
        ("state_province", json!("MO")),
        ("city_town", json!("Kansas City")),
        ("zipcode", json!("66213")),
        ("country", json!("United States")),
        ("job_title_id", title["id"].clone()),
        ("hourly_wage", json!(35.5)),
        ("employee_number", json!("123-a234s-456")),
        ("emergency_contact_name", json!("Bo")),
        ("emergency_contact_number", json!("+1 816 555 0000")),
        ("emergency_contact_email", json!("bo@example.com")),
        ("emergency_contact_relation", json!("Brother")),
        ("dob", json!("1990-05-15T00:00:00.000Z")),
        ("is_male", json!(false)),
        ("hired_date", json!("2017-04-26T13:45:15.919Z")),
        ("permission_level_id", json!(level)),
        ("notification_profile_id", json!(profile)),
        ("invitation_pending", json!(false)),
        ("group_ids", json!([group, group2])),
    ] {
        assert_eq!(p[k], v, "{k}: {p}");
    }
    let tags = p["tag_instances"].as_array().unwrap();
    assert_eq!(tags.len(), 2);
    assert_eq!(
        (tags[0]["tag_id"].clone(), tags[0]["expr_date"].clone()),
        (label["id"].clone(), Value::Null)
    );
    assert_eq!(
        (tags[1]["tag_id"].clone(), tags[1]["expr_date"].clone()),
        (cert["id"].clone(), json!("2017-11-17T15:21:52.000Z"))
    );
    assert!(tags
        .iter()
        .all(|t| t["id"].as_str().is_some_and(|i| uuid::Uuid::parse_str(i).is_ok())));
}

#[tokio::test]
async fn receive_flags_accept_both_spellings() {
    let app = spawn_app().await;
    let group = app.group("Field").await;
    let id = app
        .person(&with(
            person_body(&group),
            json!({"can_receive_sms": true, "can_receive_email": true, "can_receive_mobile": false}),
        ))
        .await;
    let (_, p) = app.get_json(&app.lc(&format!("/people/{id}"))).await;
    assert_eq!(
        (
            p["can_recieve_sms"].clone(),
            p["can_recieve_email"].clone(),
            p["can_recieve_mobile"].clone()
        ),
        (json!(true), json!(true), json!(false))
    );
}

#[tokio::test]
async fn each_required_property_is_named_when_missing() {
    let app = spawn_app().await;
    let group = app.group("Field").await;
    for field in [
        "first_name",
        "last_name",
        "is_user",
        "is_assignable",
        "status",
        "group_ids",
    ] {
        let mut body = person_body(&group);
        body.as_object_mut().unwrap().remove(field);
        let (status, res) = app.post_json(&app.lc("/people"), &body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{field}");
        error("ValidationError", "missingRequiredField")(&res);
        assert!(res["message"]["details"].as_str().unwrap().contains(field), "{res}");
    }
}

#[tokio::test]
async fn bad_values_are_400s_naming_the_field() {
    let app = spawn_app().await;
    let group = app.group("Field").await;
    let cases = [
        (json!({"status": "retired"}), "status", "invalidValue"),
        (json!({"status": 1}), "status", "invalidFieldType"),
        (json!({"language": "french"}), "language", "invalidValue"),
        (json!({"hourly_wage": -1}), "hourly_wage", "invalidValue"),
        (json!({"hourly_wage": "35"}), "hourly_wage", "invalidFieldType"),
        (json!({"is_user": "yes"}), "is_user", "invalidFieldType"),
        (json!({"first_name": "   "}), "first_name", "blankValue"),
        (json!({"first_name": "x".repeat(101)}), "first_name", "valueTooLong"),
        (json!({"group_ids": "abc"}), "group_ids", "invalidFieldType"),
        // The error names the item itself.
        (json!({"group_ids": ["not-a-uuid"]}), "group_ids[0]", "invalidFieldType"),
        (json!({"email": "nobody"}), "email", "invalidEmail"),
        (json!({"phone": "555-1234"}), "phone", "invalidPhone"),
        (json!({"phone": "2135551234"}), "phone", "invalidPhone"),
        // Numbers that cannot exist in their country (libphonenumber's metadata).
        (json!({"phone": "+1 555 555 1234"}), "phone", "invalidPhone"),
        (json!({"phone": "+1 (213) 055-1234"}), "phone", "invalidPhone"),
        (json!({"phone": "+44 20 7946"}), "phone", "invalidPhone"),
        (json!({"phone": "1-800-FLOWERS"}), "phone", "invalidPhone"),
        (json!({"dob": "banana"}), "dob", "invalidDate"),
        (json!({"hired_date": true}), "hired_date", "invalidDate"),
        (json!({"job_title_id": 5}), "job_title_id", "invalidFieldType"),
        (
            json!({"tag_instances": [{"expr_date": 1}]}),
            "tag_instances[0].tag_id",
            "missingRequiredField",
        ),
        (json!({"tag_instances": {}}), "tag_instances", "invalidFieldType"),
        (json!({"password": "Secret123"}), "password", "passwordWithoutUser"),
        (
            json!({"can_recieve_sms": true, "can_receive_sms": false}),
            "can_recieve_sms",
            "invalidValue",
        ),
    ];
    for (extra, field, code) in cases {
        let (status, res) = app
            .post_json(&app.lc("/people"), &with(person_body(&group), extra.clone()))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{extra}: {res}");
        error("ValidationError", code)(&res);
        assert!(
            res["message"]["details"]
                .as_str()
                .unwrap()
                .contains(&format!("`{field}`")),
            "{extra}: {res}"
        );
    }
    let (_, list) = app.get_json(&app.lc("/people")).await;
    assert_eq!(list, json!([]), "nothing was stored");
}

#[tokio::test]
async fn malformed_bodies_get_our_error_shape() {
    let app = spawn_app().await;
    let url = app.lc("/people");
    let send = |ct: &'static str, body: &'static str| {
        app.http
            .post(&url)
            .bearer_auth(&app.token)
            .header("content-type", ct)
            .body(body)
            .send()
    };
    for (ct, body, code) in [
        ("application/json", "{bad", "malformedJson"),
        ("application/json", "", "malformedJson"),
        ("text/plain", "{}", "invalidContentType"),
        (
            "application/x-www-form-urlencoded",
            "first_name=x",
            "invalidContentType",
        ),
        ("application/json", "[1,2]", "invalidBody"),
        ("application/json", "\"text\"", "invalidBody"),
    ] {
        let res = send(ct, body).await.unwrap();
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{ct} {body}");
        assert_eq!(res.headers()["content-type"], "application/json");
        error("ValidationError", code)(&res.json().await.unwrap());
    }
    let res = app.http.post(&url).bearer_auth(&app.token).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let huge = format!("{{\"first_name\": \"{}\"}}", "a".repeat(1_100_000));
    let res = app
        .http
        .post(&url)
        .bearer_auth(&app.token)
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    error("PayloadTooLargeError", "bodyTooLarge")(&res.json().await.unwrap());
}

#[tokio::test]
async fn duplicate_email_or_phone_is_the_seeds_409_byte_for_byte() {
    let app = spawn_app().await;
    let group = app.group("Field").await;
    app.person(&with(
        person_body(&group),
        json!({"email": "anna@example.com", "phone": "+1 (213) 555-1234"}),
    ))
    .await;
    for extra in [
        json!({"email": "ANNA@example.com"}),
        json!({"phone": "+1-213-555-1234"}),
        json!({"phone": "001 213 555 1234", "email": "other@example.com"}),
        // Without the `+`, as people type them: the same number.
        json!({"phone": "1-213-555-1234"}),
        json!({"phone": "12135551234"}),
        json!({"phone": "1 (213) 555-1234"}),
    ] {
        let res = app
            .post(&app.lc("/people"), &with(person_body(&group), extra.clone()))
            .await;
        assert_eq!(res.status(), StatusCode::CONFLICT, "{extra}");
        assert_eq!(res.text().await.unwrap(), SEED_409, "{extra}");
    }
    // An empty phone is no phone: it never conflicts.
    for _ in 0..2 {
        let id = app.person(&with(person_body(&group), json!({"phone": ""}))).await;
        let (_, p) = app.get_json(&app.lc(&format!("/people/{id}"))).await;
        assert!(p["phone"].is_null());
    }
}

#[tokio::test]
async fn inactive_people_do_not_block_reuse() {
    let app = spawn_app().await;
    let group = app.group("Field").await;
    let inactive = json!({"email": "reuse@example.com", "phone": "+44 20 7946 0000", "status": "inactive"});
    app.person(&with(person_body(&group), inactive.clone())).await;
    app.person(&with(person_body(&group), inactive)).await;
    let active = json!({"email": "reuse@example.com", "phone": "+44 20 7946 0000"});
    app.person(&with(person_body(&group), active.clone())).await;
    let (status, _) = app
        .post_json(&app.lc("/people"), &with(person_body(&group), active))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn twenty_concurrent_creates_with_one_email_have_one_winner() {
    let app = spawn_app().await;
    let group = app.group("Field").await;
    let body = with(person_body(&group), json!({"email": "race@example.com"}));
    let url = app.lc("/people");
    let results = futures::future::join_all((0..20).map(|_| app.post(&url, &body))).await;
    let mut statuses: Vec<u16> = results.iter().map(|r| r.status().as_u16()).collect();
    statuses.sort_unstable();
    assert_eq!(statuses, [vec![200], vec![409; 19]].concat());
    let res = app.get(&app.lc("/people?email=race@example.com")).await;
    assert_eq!(res.headers()["total"], "1");
}
