//! The shapes each API prints for tags, notification profiles and groups: the facade's arrays for
//! tag create and delete, a tag's default abbreviation, `company_id` in tag bodies, the profile's
//! settings, and a group's `contact_number`.
use crate::helpers::{error, spawn_app};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

#[tokio::test]
async fn tags_answer_each_mounts_shape_and_default_their_abbreviation() {
    let app = spawn_app().await;
    let int_id = app.company.procore_company_id;
    // LaborChart answers an object, the facade an array of one (Procore's spec); the facade's
    // body carries the company's integer id, as its spec requires.
    let (status, lc) = app
        .post_json(&app.lc("/tags"), &json!({"name": "Google Certification"}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let lc_id = lc["id"].as_str().unwrap().to_owned();
    let (status, facade) = app
        .post_json(&app.facade("/tags"), &json!({"name": "Rigging", "company_id": int_id}))
        .await;
    assert_eq!(status, StatusCode::OK, "{facade}");
    let facade_id = facade[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(facade, json!([{"id": facade_id}]));

    // Not given, null or blank: the first 5 characters of the name.
    let (_, t) = app.get_json(&app.lc(&format!("/tags/{lc_id}"))).await;
    assert_eq!(t["abbreviation"], "Googl");
    let (_, t) = app.get_json(&app.facade(&format!("/tags/{facade_id}"))).await;
    assert_eq!(t["abbreviation"], "Riggi");
    let url = app.lc(&format!("/tags/{lc_id}"));
    let (_, t) = app.post_json(&url, &json!({"abbreviation": "GC"})).await;
    assert_eq!(t["abbreviation"], "GC");
    let (_, t) = app.post_json(&url, &json!({"name": "Crane"})).await;
    assert_eq!(t["abbreviation"], "GC", "a new name keeps an abbreviation given");
    for blank in [Value::Null, json!(""), json!("  ")] {
        let (_, t) = app.post_json(&url, &json!({ "abbreviation": blank })).await;
        assert_eq!(t["abbreviation"], "Crane");
    }

    // A company_id that is not the path's company is refused, on create and update.
    let other = json!({"name": "X", "company_id": int_id + 1});
    for url in [
        app.facade("/tags"),
        app.lc("/tags"),
        app.facade(&format!("/tags/{facade_id}")),
    ] {
        let (status, res) = app.post_json(&url, &other).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{url}: {res}");
        error("ValidationError", "invalidValue")(&res);
    }
    let (status, _) = app
        .post_json(
            &app.lc("/tags"),
            &json!({"name": "Uuid", "company_id": app.company.id.to_string()}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    // Delete: `{"id"}` on LaborChart's mount, `[{"id"}]` on the facade.
    let (status, res) = app
        .send_json(Method::DELETE, &app.lc(&format!("/tags/{lc_id}")), None)
        .await;
    assert_eq!((status, res), (StatusCode::OK, json!({"id": lc_id})));
    let (status, res) = app
        .send_json(Method::DELETE, &app.facade(&format!("/tags/{facade_id}")), None)
        .await;
    assert_eq!((status, res), (StatusCode::OK, json!([{"id": facade_id}])));
}

#[tokio::test]
async fn notification_profiles_carry_their_company_and_settings_by_either_company_id() {
    let app = spawn_app().await;
    let by_int = app.lc("/notification-profiles");
    let by_uuid = app.facade("/notification-profiles");
    let (status, page) = app.get_json(&by_int).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(app.get_json(&by_uuid).await.1, page);
    let profile = &page["data"][0];
    assert_eq!(profile["company_id"], app.company.id.to_string());
    for key in [
        "assignment_created",
        "assignment_deleted",
        "assignment_edited",
        "assignment_ending",
        "assignment_starting",
        "request_created",
        "request_deleted",
        "request_edited",
        "request_ending",
        "request_filled",
        "request_starting",
    ] {
        let audience = profile[key].as_str().unwrap_or_default();
        assert!(
            ["none", "users", "groups", "projects"].contains(&audience),
            "{key}: {profile}"
        );
    }
    for key in [
        "assigned_as_project_role",
        "person_existence_changed",
        "person_groups_changed",
        "person_status_changed",
        "person_tag_expiring",
        "person_tag_warning",
        "project_existence_changed",
        "project_groups_changed",
        "project_status_changed",
    ] {
        assert!(profile[key].is_boolean(), "{key}: {profile}");
    }
}

#[tokio::test]
async fn groups_answer_contact_number_and_take_either_name() {
    let app = spawn_app().await;
    let body = json!({"name": "Field", "timezone": "America/Chicago", "contact_number": "+1 555 0100"});
    let (status, made) = app.post_json(&app.facade("/groups"), &body).await;
    assert_eq!(status, StatusCode::OK, "{made}");
    let url = app.facade(&format!("/groups/{}", made["id"].as_str().unwrap()));
    let (_, g) = app.get_json(&url).await;
    assert_eq!(g["contact_number"], "+1 555 0100");
    let (_, g) = app.post_json(&url, &json!({"contact_phone": "+1 555 0199"})).await;
    assert_eq!(
        (g["contact_number"].clone(), g["contact_phone"].clone()),
        (json!("+1 555 0199"), json!("+1 555 0199"))
    );
    let (status, res) = app
        .post_json(&url, &json!({"contact_phone": "1", "contact_number": "2"}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{res}");
}
