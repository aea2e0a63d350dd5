//! Enabling logins, invitations over real SMTP, password login, revocation.
use crate::helpers::{error, person_body, spawn_app, spawn_app_with, with, Options, TestApp};
use crate::smtp::{free_port, invitation_token, SmtpServer};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::time::Duration;

const SEED_409: &str = r#"{"code":"ConflictError","message":{"detailCode":"personEmailOrPhoneConflict","details":"An already existing email or phone was found"}}"#;

/// A non-user person with an email; returns (uuid, integer id).
async fn worker(app: &TestApp, email: &str) -> (String, i64) {
    let group = app.group("Field").await;
    let id = app.person(&with(person_body(&group), json!({"email": email}))).await;
    let (_, p) = app.get_json(&app.lc(&format!("/people/{id}"))).await;
    (id, p["procore_person_id"].as_i64().unwrap())
}

async fn login(app: &TestApp, body: Value) -> reqwest::Response {
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
async fn an_invitation_arrives_by_smtp_and_sets_the_password() {
    let smtp = SmtpServer::start();
    let app = spawn_app_with(Options {
        smtp_url: Some(smtp.url()),
        ..Options::default()
    })
    .await;
    let (id, _) = worker(&app, "invitee@example.com").await;
    let level = app.level(false).await;
    let (status, _) = app
        .post_json(
            &app.lc(&format!("/people/{id}/user")),
            &json!({"permission_level_id": level}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, p) = app.get_json(&app.lc(&format!("/people/{id}"))).await;
    assert_eq!(p["invitation_pending"], true);

    let mails = smtp.wait_for(1).await;
    assert_eq!(mails.len(), 1, "the invitation arrived");
    let mail = &mails[0];
    assert!(
        mail.contains("invitee@example.com") && mail.contains("Acme Builders"),
        "{mail}"
    );
    assert!(mail.contains(&format!("{}/invitations/", app.base)), "{mail}");
    let token = invitation_token(mail);
    assert!(token.len() >= 40, "at least 128 random bits: {token}");
    let page = app
        .http
        .get(format!("{}/invitations/{token}", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert!(
        page.text().await.unwrap().contains("/accept"),
        "the link opens the password form"
    );

    let accept = |token: String, password: &'static str| {
        let url = format!("{}/v2/invitations/{token}/accept", app.base);
        app.http.post(url).json(&json!({"password": password})).send()
    };
    let res = accept(token.clone(), "weak").await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    error("ValidationError", "passwordTooWeak")(&res.json().await.unwrap());
    let res = accept(token.clone(), "Welc0meHome").await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Value>().await.unwrap(), json!({"id": id}));
    let res = accept(token.clone(), "An0therOne").await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST, "single use");
    error("ValidationError", "invitationUsed")(&res.json().await.unwrap());
    let res = accept("inv_unknown".into(), "Welc0meHome").await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    error("NotFoundError", "invitationNotFound")(&res.json().await.unwrap());

    let res = login(&app, json!({"email": "invitee@example.com", "password": "Welc0meHome"})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let (_, p) = app.get_json(&app.lc(&format!("/people/{id}"))).await;
    assert_eq!(p["invitation_pending"], false);
    // The outbox holds the link, and no other secret.
    let outbox = app.store.outbox().await.unwrap();
    assert_eq!(outbox.len(), 1);
    assert!(outbox[0].sent_at.is_some());
    assert!(!outbox[0].email.body.contains("Welc0meHome"));
}

#[tokio::test]
async fn creating_a_user_without_password_invites_them() {
    let smtp = SmtpServer::start();
    let app = spawn_app_with(Options {
        smtp_url: Some(smtp.url()),
        ..Options::default()
    })
    .await;
    let group = app.group("Field").await;
    let level = app.level(false).await;
    let user = json!({"is_user": true, "email": "new.user@example.com", "permission_level_id": level});
    app.person(&with(person_body(&group), user)).await;
    let mails = smtp.wait_for(1).await;
    assert_eq!(mails.len(), 1);
    let token = invitation_token(&mails[0]);
    let res = app
        .http
        .post(format!("{}/v2/invitations/{token}/accept", app.base))
        .json(&json!({"password": "Welc0meHome"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        login(
            &app,
            json!({"email": "new.user@example.com", "password": "Welc0meHome"})
        )
        .await
        .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn no_invite_sends_nothing_until_invite() {
    let smtp = SmtpServer::start();
    let app = spawn_app_with(Options {
        smtp_url: Some(smtp.url()),
        ..Options::default()
    })
    .await;
    let (id, _) = worker(&app, "later@example.com").await;
    let level = app.level(false).await;
    let (status, _) = app
        .post_json(
            &app.lc(&format!("/people/{id}/user")),
            &json!({"permission_level_id": level, "no_invite": true}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(smtp.messages().is_empty());
    assert!(app.store.outbox().await.unwrap().is_empty());
    let (_, p) = app.get_json(&app.lc(&format!("/people/{id}"))).await;
    assert_eq!(
        (p["is_user"].clone(), p["invitation_pending"].clone()),
        (json!(true), json!(false))
    );

    let (status, res) = app
        .post_json(&app.facade(&format!("/people/{id}/user/invite")), &json!({}))
        .await;
    assert_eq!(status, StatusCode::OK, "{res}");
    assert_eq!(smtp.wait_for(1).await.len(), 1);

    // Nothing to invite a non-user or someone with a password to.
    let (other, _) = worker(&app, "plain@example.com").await;
    let (status, res) = app
        .post_json(&app.lc(&format!("/people/{other}/user/invite")), &json!({}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    error("ValidationError", "notAUser")(&res);
}

#[tokio::test]
async fn an_expired_invitation_is_refused() {
    let app = spawn_app_with(Options {
        invitation_ttl_ms: 0,
        ..Options::default()
    })
    .await;
    let (id, _) = worker(&app, "slow@example.com").await;
    let level = app.level(false).await;
    app.post_json(
        &app.lc(&format!("/people/{id}/user")),
        &json!({"permission_level_id": level}),
    )
    .await;
    // Without SMTP the email waits in the outbox, link included.
    let outbox = app.store.outbox().await.unwrap();
    assert_eq!(outbox.len(), 1);
    assert!(outbox[0].sent_at.is_none());
    let token = invitation_token(&outbox[0].email.body);
    let res = app
        .http
        .post(format!("{}/v2/invitations/{token}/accept", app.base))
        .json(&json!({"password": "Welc0meHome"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    error("ValidationError", "invitationExpired")(&res.json().await.unwrap());
}

#[tokio::test]
async fn smtp_down_at_first_then_up_delivers_once() {
    let port = free_port();
    let app = spawn_app_with(Options {
        smtp_url: Some(format!("smtp://127.0.0.1:{port}")),
        ..Options::default()
    })
    .await;
    let (id, _) = worker(&app, "patient@example.com").await;
    let level = app.level(false).await;
    app.post_json(
        &app.lc(&format!("/people/{id}/user")),
        &json!({"permission_level_id": level}),
    )
    .await;
    let start = std::time::Instant::now();
    while app.store.outbox().await.unwrap()[0].attempts == 0 {
        assert!(start.elapsed() < Duration::from_secs(10), "a delivery was tried");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let failed = &app.store.outbox().await.unwrap()[0];
    assert!(failed.sent_at.is_none() && failed.last_error.is_some());
    assert!(
        failed.next_attempt_at - roster_core::dates::now_millis() <= 5_000,
        "first retry within 5 s"
    );

    let smtp = SmtpServer::start_on(port);
    assert_eq!(smtp.wait_for(1).await.len(), 1, "delivered once the server is up");
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(smtp.messages().len(), 1, "and only once");
    assert!(app.store.outbox().await.unwrap()[0].sent_at.is_some());
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
async fn an_email_in_two_companies_needs_company_id() {
    let app = spawn_app().await;
    let (id, _) = worker(&app, "both@example.com").await;
    let level = app.level(false).await;
    app.post_json(
        &app.lc(&format!("/people/{id}/user")),
        &json!({"permission_level_id": level, "password": "Sup3rSecret"}),
    )
    .await;

    let other = roster_server::admin::create_company(app.store.as_ref(), "Other", Some(777))
        .await
        .unwrap();
    let token = crate::helpers::token_for(&app.http, &app.base, &other).await;
    let url = |path: &str| format!("{}/v2/companies/777{path}", app.base);
    let g = app
        .http
        .post(url("/groups"))
        .bearer_auth(&token)
        .json(&json!({"name": "G", "timezone": "UTC"}))
        .send()
        .await
        .unwrap();
    let g: Value = g.json().await.unwrap();
    let levels: Value = app
        .http
        .get(url("/permission-level-options"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let body = with(
        person_body(g["id"].as_str().unwrap()),
        json!({"is_user": true, "email": "both@example.com", "permission_level_id": levels[1]["id"], "password": "Other1234"}),
    );
    assert_eq!(
        app.http
            .post(url("/people"))
            .bearer_auth(&token)
            .json(&body)
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );

    let res = login(&app, json!({"email": "both@example.com", "password": "Sup3rSecret"})).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    error("ValidationError", "companyRequired")(&res.json().await.unwrap());
    for company in [json!(777), json!(other.id)] {
        let res = login(
            &app,
            json!({"email": "both@example.com", "password": "Other1234", "company_id": company}),
        )
        .await;
        assert_eq!(res.status(), StatusCode::OK, "{company}");
    }
    let res = login(
        &app,
        json!({"email": "both@example.com", "password": "Sup3rSecret", "company_id": app.company.procore_company_id}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
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
