//! The create rules that need stored data: references, admins without groups, users, tags.
use crate::helpers::{error, person_body, spawn_app, with};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn references_must_exist_in_the_company() {
    let app = spawn_app().await;
    let group = app.group("Field").await;
    let ghost = uuid::Uuid::new_v4().to_string();
    let level = app.level(false).await;
    for (extra, field) in [
        (json!({"group_ids": [group, ghost]}), "group_ids"),
        (json!({"job_title_id": ghost}), "job_title_id"),
        (
            json!({"is_user": true, "email": "u@example.com", "permission_level_id": ghost}),
            "permission_level_id",
        ),
        (
            json!({"is_user": true, "email": "u@example.com", "permission_level_id": level, "notification_profile_id": ghost}),
            "notification_profile_id",
        ),
        (json!({"tag_instances": [{"tag_id": ghost}]}), "tag_instances[0].tag_id"),
    ] {
        let (status, res) = app
            .post_json(&app.lc("/people"), &with(person_body(&group), extra.clone()))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{extra}");
        error("ValidationError", "unknownReference")(&res);
        assert!(
            res["message"]["details"]
                .as_str()
                .unwrap()
                .contains(&format!("`{field}`")),
            "{res}"
        );
    }
}

#[tokio::test]
async fn only_admins_who_are_not_assignable_may_have_no_group() {
    let app = spawn_app().await;
    let group = app.group("Field").await;
    let user = |level: String| json!({"group_ids": [], "is_user": true, "email": "boss@example.com", "permission_level_id": level, "no_invite": true});
    let (status, res) = app
        .post_json(&app.lc("/people"), &with(person_body(&group), json!({"group_ids": []})))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    error("ValidationError", "groupRequired")(&res);
    let (status, res) = app
        .post_json(
            &app.lc("/people"),
            &with(person_body(&group), user(app.level(false).await)),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    error("ValidationError", "groupRequired")(&res);
    // An admin who is assignable is assigned through a group, so keeps one.
    let (status, res) = app
        .post_json(
            &app.lc("/people"),
            &with(person_body(&group), user(app.level(true).await)),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    error("ValidationError", "groupRequired")(&res);
    let id = app
        .person(&with(
            with(person_body(&group), user(app.level(true).await)),
            json!({"is_assignable": false}),
        ))
        .await;
    let (_, p) = app.get_json(&app.lc(&format!("/people/{id}"))).await;
    assert_eq!(p["group_ids"], json!([]));
}

#[tokio::test]
async fn users_need_email_and_permission_level() {
    let app = spawn_app().await;
    let group = app.group("Field").await;
    let level = app.level(false).await;
    for (extra, field) in [
        (json!({"is_user": true, "permission_level_id": level}), "email"),
        (
            json!({"is_user": true, "email": "u@example.com"}),
            "permission_level_id",
        ),
    ] {
        let (status, res) = app
            .post_json(&app.lc("/people"), &with(person_body(&group), extra))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        error("ValidationError", "missingRequiredField")(&res);
        assert!(
            res["message"]["details"]
                .as_str()
                .unwrap()
                .contains(&format!("`{field}` is required when `is_user` is true")),
            "{res}"
        );
    }
}

#[tokio::test]
async fn passwords_follow_the_complexity_rule_and_are_stored_as_argon2id() {
    let app = spawn_app().await;
    let group = app.group("Field").await;
    let level = app.level(false).await;
    let user = |email: &str, password: &str| {
        with(
            person_body(&group),
            json!({"is_user": true, "email": email, "permission_level_id": level, "password": password}),
        )
    };
    for (password, unmet, met) in [
        (
            "short1A",
            vec!["at least 8 characters"],
            vec!["uppercase", "lowercase", "number"],
        ),
        (
            "alllowercase1",
            vec!["1 uppercase letter"],
            vec!["8 characters", "lowercase", "number"],
        ),
        (
            "ALLUPPERCASE1",
            vec!["1 lowercase letter"],
            vec!["8 characters", "uppercase", "number"],
        ),
        (
            "NoNumbersHere",
            vec!["1 number"],
            vec!["8 characters", "uppercase", "lowercase"],
        ),
        (
            "abc",
            vec!["at least 8 characters", "1 uppercase letter", "1 number"],
            vec!["lowercase"],
        ),
    ] {
        let (status, res) = app
            .post_json(&app.lc("/people"), &user("weak@example.com", password))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{password}");
        error("ValidationError", "passwordTooWeak")(&res);
        let details = res["message"]["details"].as_str().unwrap();
        assert!(unmet.iter().all(|u| details.contains(u)), "{password}: {details}");
        assert!(met.iter().all(|m| !details.contains(m)), "{password}: {details}");
        assert!(!details.contains(password));
    }
    let id = app.person(&user("strong@example.com", "Sup3rSecret")).await;
    let (_, p) = app.get_json(&app.lc(&format!("/people/{id}"))).await;
    let text = p.to_string();
    assert!(
        !text.contains("Sup3rSecret") && !text.contains("argon2") && !text.contains("password"),
        "{text}"
    );
    assert_eq!(p["invitation_pending"], false, "a password means no invitation");

    let hash = crate::helpers::db_strings(
        &app.db_url,
        &format!("SELECT password_hash FROM people WHERE id = '{id}'"),
    )
    .await
    .remove(0);
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert!(roster_core::password::verify("Sup3rSecret", &hash));
}

#[tokio::test]
async fn users_without_password_await_an_invitation_unless_no_invite() {
    let app = spawn_app().await;
    let group = app.group("Field").await;
    let level = app.level(false).await;
    let user = |email: &str, extra: serde_json::Value| {
        with(
            with(
                person_body(&group),
                json!({"is_user": true, "email": email, "permission_level_id": level}),
            ),
            extra,
        )
    };
    for (email, extra, pending) in [
        ("invite@example.com", json!({}), true),
        ("quiet@example.com", json!({"no_invite": true}), false),
        ("explicit@example.com", json!({"no_invite": false}), true),
    ] {
        let id = app.person(&user(email, extra)).await;
        let (_, p) = app.get_json(&app.lc(&format!("/people/{id}"))).await;
        assert_eq!(p["invitation_pending"], pending, "{email}");
        assert_eq!(p["is_user"], true);
    }
    let id = app.person(&person_body(&group)).await;
    let (_, p) = app.get_json(&app.lc(&format!("/people/{id}"))).await;
    assert_eq!(p["invitation_pending"], false, "not a user");
}

#[tokio::test]
async fn dates_accept_three_forms_and_expiring_tags_need_one() {
    let app = spawn_app().await;
    let group = app.group("Field").await;
    let (_, cert) = app
        .post_json(
            &app.lc("/tags"),
            &json!({"name": "First Aid", "require_expr_date": true}),
        )
        .await;
    for dob in [
        json!("1990-05-15"),
        json!("1990-05-15T00:00:00Z"),
        json!("Tue, 15 May 1990 00:00:00 GMT"),
        json!(642_729_600_000i64),
    ] {
        let body = with(
            person_body(&group),
            json!({"dob": dob, "tag_instances": [{"tag_id": cert["id"], "expr_date": dob}]}),
        );
        let id = app.person(&body).await;
        let (_, p) = app.get_json(&app.lc(&format!("/people/{id}"))).await;
        assert_eq!(p["dob"], "1990-05-15T00:00:00.000Z", "{dob}");
        assert_eq!(p["tag_instances"][0]["expr_date"], "1990-05-15T00:00:00.000Z", "{dob}");
    }
    let (status, res) = app
        .post_json(
            &app.lc("/people"),
            &with(person_body(&group), json!({"tag_instances": [{"tag_id": cert["id"]}]})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    error("ValidationError", "expirationDateRequired")(&res);
    assert!(res["message"]["details"]
        .as_str()
        .unwrap()
        .contains("`tag_instances[0].expr_date`"));
    let (status, res) = app
        .post_json(
            &app.lc("/people"),
            &with(
                person_body(&group),
                json!({"tag_instances": [{"tag_id": cert["id"], "expr_date": "soon"}]}),
            ),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    error("ValidationError", "invalidDate")(&res);
}
