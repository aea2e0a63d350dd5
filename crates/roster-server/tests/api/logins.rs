//! Enabling logins, password login, sessions, revocation. (Invitations: invitations.rs.)
use crate::helpers::{error, person_body, spawn_app, with, TestApp};
use reqwest::StatusCode;
use serde_json::{json, Value};

const SEED_409: &str = r#"{"code":"ConflictError","message":{"detailCode":"personEmailOrPhoneConflict","details":"An already existing email or phone was found"}}"#;

/// A non-user person with an email; returns (uuid, integer id).
pub async fn worker(app: &TestApp, email: &str) -> (String, i64) {
    let group = app.group("Field").await;
    let id = app.person(&with(person_body(&group), json!({"email": email}))).await;
    let (_, p) = app.get_json(&app.lc(&format!("/people/{id}"))).await;
    (id, p["procore_person_id"].as_i64().unwrap())
}

/// Enables the login of a person without a password: an invitation is queued for them.
pub async fn invite(app: &TestApp, person: &str) {
    let level = app.level(false).await;
    let (status, body) = app
        .post_json(
            &app.lc(&format!("/people/{person}/user")),
            &json!({"permission_level_id": level}),
        )
        .await;
    assert_eq!(status, reqwest::StatusCode::OK, "{body}");
}

pub async fn login(app: &TestApp, body: Value) -> reqwest::Response {
    app.http
        .post(format!("{}/v2/auth/login", app.base))
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn me(app: &TestApp, token: &str) -> reqwest::Response {
    app.http
        .get(format!("{}/v2/me", app.base))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn enable_with_a_password_then_log_in() {
    let app = spawn_app().await;
    let (id, int) = worker(&app, "Anna@Example.com").await;
    let level = app.level(false).await;
    // Facade mount, integer person id.
    let (status, res) = app
        .post_json(
            &app.facade(&format!("/people/{int}/user")),
            &json!({"permission_level_id": level, "password": "Sup3rSecret"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{res}");
    assert_eq!(res, json!({"id": id}));
    assert!(
        app.store.outbox().await.unwrap().is_empty(),
        "a password means no email"
    );

    let res = login(&app, json!({"email": "anna@example.com", "password": "Sup3rSecret"})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let session: Value = res.json().await.unwrap();
    assert_eq!(
        (session["token_type"].clone(), session["expires_in"].clone()),
        (json!("Bearer"), json!(5400))
    );
    let token = session["access_token"].as_str().unwrap();
    let res = me(&app, token).await;
    assert_eq!(res.status(), StatusCode::OK);
    let p: Value = res.json().await.unwrap();
    assert_eq!(
        (
            p["id"].as_str().unwrap(),
            p["is_user"].clone(),
            p["permission_level_id"].clone()
        ),
        (id.as_str(), json!(true), json!(level))
    );
    assert!(!p.to_string().contains("Sup3rSecret"));

    // A session token is not a company API token.
    let res = app.http.get(app.lc("/people")).bearer_auth(token).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

    // Enabling again updates the permission level and is not an error.
    let admin = app.level(true).await;
    let (status, _) = app
        .post_json(
            &app.lc(&format!("/people/{id}/user")),
            &json!({"permission_level_id": admin}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, p) = app.get_json(&app.lc(&format!("/people/{id}"))).await;
    assert_eq!(p["permission_level_id"], admin.as_str());
    assert!(
        app.store.outbox().await.unwrap().is_empty(),
        "they have a password: no invitation"
    );
    assert_eq!(
        login(&app, json!({"email": "anna@example.com", "password": "Sup3rSecret"}))
            .await
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_seeds_rules_for_enabling() {
    let app = spawn_app().await;
    let (id, _) = worker(&app, "anna@example.com").await;
    let group = app.group("Other").await;
    let bare = app.person(&person_body(&group)).await;
    app.person(&with(person_body(&group), json!({"email": "taken@example.com"})))
        .await;
    let level = app.level(false).await;
    let url = app.lc(&format!("/people/{id}/user"));
    for (body, code, field) in [
        (json!({}), "missingRequiredField", "permission_level_id"),
        (
            json!({"permission_level_id": "nope"}),
            "invalidFieldType",
            "permission_level_id",
        ),
        (
            json!({"permission_level_id": uuid::Uuid::new_v4()}),
            "unknownReference",
            "permission_level_id",
        ),
        (
            json!({"permission_level_id": level, "email": "bad"}),
            "invalidEmail",
            "email",
        ),
        (
            json!({"permission_level_id": level, "password": "short"}),
            "passwordTooWeak",
            "password",
        ),
        (
            json!({"permission_level_id": level, "no_invite": "yes"}),
            "invalidFieldType",
            "no_invite",
        ),
    ] {
        let (status, res) = app.post_json(&url, &body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        error("ValidationError", code)(&res);
        assert!(
            res["message"]["details"]
                .as_str()
                .unwrap()
                .contains(&format!("`{field}`")),
            "{res}"
        );
    }
    let (_, res) = app
        .post_json(&url, &json!({"permission_level_id": level, "password": "alllower"}))
        .await;
    let details = res["message"]["details"].as_str().unwrap();
    assert!(
        details.contains("1 uppercase letter") && details.contains("1 number") && !details.contains("8 characters"),
        "{details}"
    );

    let (status, res) = app
        .post_json(
            &app.lc(&format!("/people/{bare}/user")),
            &json!({"permission_level_id": level}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "no email on record");
    assert!(res["message"]["details"].as_str().unwrap().contains("`email`"));

    let res = app
        .post(
            &url,
            &json!({"permission_level_id": level, "email": "TAKEN@example.com"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(res.text().await.unwrap(), SEED_409);

    let res = app
        .http
        .post(&url)
        .bearer_auth(&app.token)
        .header("content-type", "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    error("ValidationError", "invalidContentType")(&res.json().await.unwrap());
    let res = app
        .http
        .post(app.facade(&format!("/people/{id}/user")))
        .bearer_auth(&app.token)
        .json(&json!({"permission_level_id": level}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        res.json::<Value>().await.unwrap()["message"]["details"],
        "Missing Procore-Company-Id header"
    );
    let (status, _) = app
        .post_json(
            &app.lc(&format!("/people/{}/user", uuid::Uuid::new_v4())),
            &json!({"permission_level_id": level}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // A new email replaces the one on record.
    let (status, _) = app
        .post_json(
            &url,
            &json!({"permission_level_id": level, "email": "new@example.com", "password": "Sup3rSecret"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, p) = app.get_json(&app.lc(&format!("/people/{id}"))).await;
    assert_eq!(p["email"], "new@example.com");
}

#[tokio::test]
async fn revoking_ends_sessions_and_failures_look_alike() {
    let app = spawn_app().await;
    let (id, _) = worker(&app, "rev@example.com").await;
    let level = app.level(false).await;
    app.post_json(
        &app.lc(&format!("/people/{id}/user")),
        &json!({"permission_level_id": level, "password": "Sup3rSecret"}),
    )
    .await;
    let res = login(&app, json!({"email": "rev@example.com", "password": "Sup3rSecret"})).await;
    let token = res.json::<Value>().await.unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(me(&app, &token).await.status(), StatusCode::OK);

    let wrong_password = login(&app, json!({"email": "rev@example.com", "password": "Wr0ngPassword"})).await;
    assert_eq!(wrong_password.status(), StatusCode::UNAUTHORIZED);
    let wrong_body: Value = wrong_password.json().await.unwrap();
    error("UnauthorizedError", "invalidCredentials")(&wrong_body);

    let res = app.delete(&app.lc(&format!("/people/{id}/user"))).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        me(&app, &token).await.status(),
        StatusCode::UNAUTHORIZED,
        "the session ended at once"
    );
    let (_, p) = app.get_json(&app.lc(&format!("/people/{id}"))).await;
    assert_eq!(
        (p["is_user"].clone(), p["is_assignable"].clone()),
        (json!(false), json!(true)),
        "the person stays"
    );

    let revoked = login(&app, json!({"email": "rev@example.com", "password": "Sup3rSecret"})).await;
    let unknown = login(&app, json!({"email": "nobody@example.com", "password": "Sup3rSecret"})).await;
    assert_eq!(revoked.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(revoked.json::<Value>().await.unwrap(), wrong_body);
    assert_eq!(unknown.json::<Value>().await.unwrap(), wrong_body);

    // Inactive people cannot log in either.
    let (id2, _) = worker(&app, "idle@example.com").await;
    app.post_json(
        &app.lc(&format!("/people/{id2}/user")),
        &json!({"permission_level_id": level, "password": "Sup3rSecret"}),
    )
    .await;
    app.post_json(&app.lc(&format!("/people/{id2}")), &json!({"status": "inactive"}))
        .await;
    let res = login(&app, json!({"email": "idle@example.com", "password": "Sup3rSecret"})).await;
    assert_eq!(res.json::<Value>().await.unwrap(), wrong_body);
}

#[tokio::test]
async fn repeated_failures_lock_the_email_out_for_a_while() {
    let app = spawn_app().await;
    for _ in 0..5 {
        let res = login(&app, json!({"email": "target@example.com", "password": "Guess1234"})).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    let res = login(&app, json!({"email": "target@example.com", "password": "Guess1234"})).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers()["retry-after"].to_str().unwrap().parse::<u64>().unwrap() >= 1);
    error("TooManyRequestsError", "loginThrottled")(&res.json().await.unwrap());
    // Other emails are not affected.
    let res = login(&app, json!({"email": "other@example.com", "password": "Guess1234"})).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = login(&app, json!({"email": "x@example.com"})).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn deleting_a_person_ends_their_login() {
    let app = spawn_app().await;
    let (id, _) = worker(&app, "gone@example.com").await;
    let level = app.level(false).await;
    app.post_json(
        &app.lc(&format!("/people/{id}/user")),
        &json!({"permission_level_id": level, "password": "Sup3rSecret"}),
    )
    .await;
    let res = login(&app, json!({"email": "gone@example.com", "password": "Sup3rSecret"})).await;
    let token = res.json::<Value>().await.unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(me(&app, &token).await.status(), StatusCode::OK);
    assert_eq!(
        app.delete(&app.lc(&format!("/people/{id}"))).await.status(),
        StatusCode::OK
    );
    assert_eq!(me(&app, &token).await.status(), StatusCode::UNAUTHORIZED);
    let res = login(&app, json!({"email": "gone@example.com", "password": "Sup3rSecret"})).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}
