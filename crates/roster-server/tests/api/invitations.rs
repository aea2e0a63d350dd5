//! Invitations by email over a real SMTP server: sent, followed, used once, expired, retried.
use crate::helpers::{error, person_body, spawn_app_with, with, Options};
use crate::logins::{invite, login, worker};
use crate::smtp::{free_port, invitation_token, SmtpServer};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::time::Duration;

#[tokio::test]
#[ignore = "needs the aiosmtpd SMTP server (ROSTER_TEST_PYTHON): scripts/test runs it"]
async fn an_invitation_arrives_by_smtp_and_sets_the_password() {
    let smtp = SmtpServer::start();
    let app = spawn_app_with(Options {
        smtp_url: Some(smtp.url()),
        ..Options::default()
    })
    .await;
    let (id, _) = worker(&app, "invitee@example.com").await;
    invite(&app, &id).await;
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
    // Once delivered, the outbox keeps no link (nor any other secret).
    let outbox = app.store.outbox().await.unwrap();
    assert_eq!(outbox.len(), 1);
    assert!(outbox[0].sent_at.is_some());
    assert_eq!(outbox[0].email.body, roster_core::model::SCRUBBED_BODY);
    assert!(!outbox[0].email.body.contains(&token));
}

#[tokio::test]
#[ignore = "needs the aiosmtpd SMTP server (ROSTER_TEST_PYTHON): scripts/test runs it"]
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
#[ignore = "needs the aiosmtpd SMTP server (ROSTER_TEST_PYTHON): scripts/test runs it"]
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
    // Emails go out only from the outbox, written in the same transaction: nothing there, nothing sent.
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
    wait_until_sent(&app).await;
    assert_eq!(smtp.messages().len(), 1, "only the invitation asked for");

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
    invite(&app, &id).await;
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
#[ignore = "needs the aiosmtpd SMTP server (ROSTER_TEST_PYTHON): scripts/test runs it"]
async fn smtp_down_at_first_then_up_delivers_once() {
    let port = free_port();
    let app = spawn_app_with(Options {
        smtp_url: Some(format!("smtp://127.0.0.1:{port}")),
        ..Options::default()
    })
    .await;
    let (id, _) = worker(&app, "patient@example.com").await;
    invite(&app, &id).await;
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
    // Once the outbox says sent, the email is never claimed again: if it came twice, it has by now.
    wait_until_sent(&app).await;
    assert_eq!(smtp.messages().len(), 1, "and only once");
}

#[tokio::test]
async fn an_email_that_keeps_failing_is_given_up_after_the_last_attempt() {
    let port = free_port();
    let app = spawn_app_with(Options {
        smtp_url: Some(format!("smtp://127.0.0.1:{port}")),
        outbox_max_attempts: 2,
        ..Options::default()
    })
    .await;
    let (id, _) = worker(&app, "unreachable@example.com").await;
    invite(&app, &id).await;
    let start = std::time::Instant::now();
    while app.store.outbox().await.unwrap()[0].failed_at.is_none() {
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "given up after the second try"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let m = &app.store.outbox().await.unwrap()[0];
    assert_eq!((m.attempts, m.sent_at), (2, None));
    assert!(m.last_error.is_some());
    let listed = roster_server::admin::outbox_json(m);
    assert_eq!(listed["status"], "failed", "{listed}");
    // Never claimed again, even once it would have been due.
    let later = roster_core::dates::now_millis() + 3_600_000;
    assert!(app.store.claim_outbox(later, 10, 60_000).await.unwrap().is_empty());
}

/// Waits until every email in the outbox is marked sent.
async fn wait_until_sent(app: &crate::helpers::TestApp) {
    let start = std::time::Instant::now();
    while app.store.outbox().await.unwrap().iter().any(|m| m.sent_at.is_none()) {
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "the outbox marks its emails sent"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
