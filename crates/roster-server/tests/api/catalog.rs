//! Groups, job titles, tags and the seeded reference data.
use crate::helpers::{error, person_body, spawn_app, with};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn groups_create_read_update_delete() {
    let app = spawn_app().await;
    let (status, res) = app.post_json(&app.lc("/groups"), &json!({"name": "Field"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(res["message"]["details"].as_str().unwrap().contains("`timezone`"));
    let (status, res) = app
        .post_json(
            &app.lc("/groups"),
            &json!({"name": "Field", "timezone": "Mars/Olympus"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    error("ValidationError", "invalidTimezone")(&res);

    let (status, res) = app
        .post_json(&app.facade("/groups"), &json!({"name": "Field", "timezone": "America/Chicago", "city_town": "Kansas City", "contact_email": "ops@example.com"}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let id = res["id"].as_str().unwrap().to_owned();
    let (_, g) = app.get_json(&app.lc(&format!("/groups/{id}"))).await;
    assert_eq!(
        (g["name"].clone(), g["timezone"].clone(), g["city_town"].clone()),
        (json!("Field"), json!("America/Chicago"), json!("Kansas City"))
    );

    let (status, updated) = app
        .post_json(
            &app.lc(&format!("/groups/{id}")),
            &json!({"name": "Field Crew", "city_town": null}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(updated["name"], "Field Crew");
    assert!(updated["city_town"].is_null());
    assert_eq!(updated["contact_email"], "ops@example.com", "unsent keys stay");
    let (status, _) = app
        .post_json(&app.lc(&format!("/groups/{id}")), &json!({"timezone": null}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let (_, list) = app.get_json(&app.lc("/groups")).await;
    assert_eq!(list.as_array().unwrap().len(), 1);

    let res = app.delete(&app.lc(&format!("/groups/{id}"))).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<serde_json::Value>().await.unwrap(), json!({"id": id}));
    let (status, body) = app.get_json(&app.lc(&format!("/groups/{id}"))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    error("NotFoundError", "groupNotFound")(&body);
}

#[tokio::test]
async fn a_group_with_active_people_cannot_be_deleted() {
    let app = spawn_app().await;
    let group = app.group("Field").await;
    let active = app.person(&person_body(&group)).await;
    let res = app.delete(&app.lc(&format!("/groups/{group}"))).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let body = res.json().await.unwrap();
    error("ConflictError", "groupHasActivePeople")(&body);
    assert!(body["message"]["details"].as_str().unwrap().contains(&active));

    let other = app.group("Archive").await;
    let inactive = app
        .person(&with(person_body(&other), json!({"status": "inactive"})))
        .await;
    assert_eq!(
        app.delete(&app.lc(&format!("/groups/{other}"))).await.status(),
        StatusCode::OK
    );
    let (_, p) = app.get_json(&app.lc(&format!("/people/{inactive}"))).await;
    assert_eq!(p["group_ids"], json!([]));
}

#[tokio::test]
async fn job_titles_crud_and_rules() {
    let app = spawn_app().await;
    let group = app.group("Field").await;
    for (body, code) in [
        (json!({}), "missingRequiredField"),
        (json!({"name": "Foreman", "type": "daily"}), "invalidValue"),
        (json!({"name": "Foreman", "hourly_rate": -5}), "invalidValue"),
        (
            json!({"name": "Foreman", "group_ids": [uuid::Uuid::new_v4()]}),
            "unknownReference",
        ),
    ] {
        let (status, res) = app.post_json(&app.lc("/job-titles"), &body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        error("ValidationError", code)(&res);
    }
    let (_, res) = app
        .post_json(&app.lc("/job-titles"), &json!({"name": "Foreman", "group_ids": [group], "globally_accessible": false, "color": "#ff0000", "type": "hourly", "hourly_rate": 42.5}))
        .await;
    let id = res["id"].as_str().unwrap().to_owned();
    let (_, t) = app.get_json(&app.lc(&format!("/job-titles/{id}"))).await;
    assert_eq!(
        (t["type"].clone(), t["hourly_rate"].clone(), t["group_ids"].clone()),
        (json!("hourly"), json!(42.5), json!([group]))
    );
    let (status, t) = app
        .post_json(&app.lc(&format!("/job-titles/{id}")), &json!({"type": "salaried"}))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (t["type"].clone(), t["name"].clone()),
        (json!("salaried"), json!("Foreman"))
    );

    let person = app
        .person(&with(person_body(&group), json!({"job_title_id": id})))
        .await;
    assert_eq!(
        app.delete(&app.lc(&format!("/job-titles/{id}"))).await.status(),
        StatusCode::OK
    );
    let (_, p) = app.get_json(&app.lc(&format!("/people/{person}"))).await;
    assert!(p["job_title_id"].is_null());
    assert_eq!(
        app.delete(&app.lc(&format!("/job-titles/{id}"))).await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn tags_crud_and_rules() {
    let app = spawn_app().await;
    let group = app.group("Field").await;
    let (status, res) = app
        .post_json(&app.lc("/tags"), &json!({"name": "OSHA", "abbreviation": "TOOLONG"}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    error("ValidationError", "valueTooLong")(&res);
    let (_, res) = app
        .post_json(&app.lc("/tags"), &json!({"name": "OSHA 30", "abbreviation": "OSHA", "categories": ["Safety"], "require_expr_date": true, "expr_days_warning": 30, "group_ids": [group]}))
        .await;
    let id = res["id"].as_str().unwrap().to_owned();
    let (_, t) = app.get_json(&app.lc(&format!("/tags/{id}"))).await;
    assert_eq!(
        (
            t["abbreviation"].clone(),
            t["categories"].clone(),
            t["require_expr_date"].clone()
        ),
        (json!("OSHA"), json!(["Safety"]), json!(true))
    );
    let (_, t) = app
        .post_json(&app.lc(&format!("/tags/{id}")), &json!({"require_expr_date": false}))
        .await;
    assert_eq!(
        (t["require_expr_date"].clone(), t["expr_days_warning"].clone()),
        (json!(false), json!(30))
    );
    let person = app
        .person(&with(person_body(&group), json!({"tag_instances": [{"tag_id": id}]})))
        .await;
    assert_eq!(
        app.delete(&app.lc(&format!("/tags/{id}"))).await.status(),
        StatusCode::OK
    );
    let (_, p) = app.get_json(&app.lc(&format!("/people/{person}"))).await;
    assert_eq!(p["tag_instances"], json!([]));
    let (_, list) = app.get_json(&app.lc("/tags")).await;
    assert_eq!(list, json!([]));
}

#[tokio::test]
async fn seeded_permission_levels_and_notification_profiles() {
    let app = spawn_app().await;
    let (status, levels) = app.get_json(&app.facade("/permission-level-options")).await;
    assert_eq!(status, StatusCode::OK);
    let levels = levels.as_array().unwrap();
    assert!(levels.iter().any(|l| l["name"] == "Admin" && l["is_admin"] == true));
    assert!(levels.iter().any(|l| l["is_admin"] == false));
    assert!(levels
        .iter()
        .all(|l| uuid::Uuid::parse_str(l["id"].as_str().unwrap()).is_ok()));

    let (status, page) = app.get_json(&app.lc("/notification-profiles")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["data"].as_array().unwrap().len(), 1);
    assert_eq!(page["data"][0]["name"], "Default");
    assert_eq!(
        page["pagination"],
        json!({"limit": 20, "next_starting_after": null, "previous_starting_before": null, "total_possible": 1})
    );
    let (status, _) = app.get_json(&app.lc("/notification-profiles?limit=1000")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = app
        .get_json(&app.lc("/notification-profiles?starting_after=nope"))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}
