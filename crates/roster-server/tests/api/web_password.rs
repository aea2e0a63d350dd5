//! Passwords in the web app: a forgotten one reset by an emailed single-use link (through the
//! outbox, to a real SMTP server), and a signed-in person changing their own; both raced.
use crate::helpers::{db_strings, spawn_app, spawn_app_with, Options, TestApp};
use crate::oauth_helpers::{meta_csrf, signed_in, user, Browser};
use reqwest::StatusCode;

async fn count(app: &TestApp, table: &str) -> i64 {
    let sql = format!("SELECT CAST(COUNT(*) AS TEXT) FROM {table}");
    db_strings(&app.db_url, &sql).await[0].parse().unwrap()
}

async fn ask_reset(app: &TestApp, email: &str) -> (StatusCode, String) {
    let mut b = Browser::new(app);
    let (status, _, html) = b.get("/password-reset").await;
    assert_eq!(status, StatusCode::OK);
    let csrf = meta_csrf(&html);
    let (status, _, html) = b
        .post_form("/password-reset", &[("csrf_token", &csrf), ("email", email)])
        .await;
    (status, html)
}

async fn sign_in_status(app: &TestApp, email: &str, password: &str) -> StatusCode {
    let mut b = Browser::new(app);
    let (_, _, html) = b.get("/").await;
    let csrf = meta_csrf(&html);
    let form = [("csrf_token", csrf.as_str()), ("email", email), ("password", password)];
    b.post_form("/sign-in", &form).await.0
}

#[tokio::test]
#[ignore = "needs the aiosmtpd SMTP server (ROSTER_TEST_PYTHON): scripts/test runs it"]
async fn a_forgotten_password_is_reset_by_an_emailed_link_that_works_once() {
    let smtp = crate::smtp::SmtpServer::start();
    let app = spawn_app_with(Options {
        smtp_url: Some(smtp.url()),
        ..Default::default()
    })
    .await;
    user(&app, "worker@example.com", false).await;
    let (_, _, html) = Browser::new(&app).get("/").await;
    assert!(
        html.contains("href=\"/password-reset\""),
        "the sign-in page links to it"
    );

    let (status, html) = ask_reset(&app, "Worker@Example.com").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("id=\"reset-sent\""), "{html}");
    let messages = smtp.wait_for(1).await;
    assert!(messages[0].contains("Reset your Roster password"), "{}", messages[0]);
    let token = crate::smtp::invitation_token(&messages[0]);
    // Asked again within the minute: no second email.
    ask_reset(&app, "worker@example.com").await;
    assert_eq!(count(&app, "invitations").await, 1);

    let mut b = Browser::new(&app);
    let (status, _, html) = b.get(&format!("/invitations/{token}")).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let csrf = meta_csrf(&html);
    let form = [("csrf_token", csrf.as_str()), ("password", "Brand-New-Pass9")];
    let (status, _, html) = b.post_form(&format!("/invitations/{token}/accept"), &form).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert_eq!(
        sign_in_status(&app, "worker@example.com", "Brand-New-Pass9").await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        sign_in_status(&app, "worker@example.com", "Sup3rSecret").await,
        StatusCode::UNAUTHORIZED
    );
    let (status, _, _) = b.post_form(&format!("/invitations/{token}/accept"), &form).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "the link works once");
}

#[tokio::test]
async fn a_reset_for_an_email_without_a_login_answers_the_same_and_writes_nothing() {
    let app = spawn_app().await;
    user(&app, "worker@example.com", false).await;
    let outbox = count(&app, "outbox").await;
    let (status, html) = ask_reset(&app, "nobody@example.com").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("id=\"reset-sent\""), "{html}");
    assert_eq!(
        (count(&app, "invitations").await, count(&app, "outbox").await),
        (0, outbox)
    );
    let (status, html) = ask_reset(&app, "not an email").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("not an email address"), "{html}");
    let mut b = Browser::new(&app);
    b.get("/password-reset").await;
    let (status, _, _) = b
        .post_form(
            "/password-reset",
            &[("csrf_token", "forged"), ("email", "worker@example.com")],
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(count(&app, "invitations").await, 0);
}

/// Ten people asking at once for one email's reset: one link is made.
#[tokio::test]
async fn concurrent_reset_requests_make_one_link() {
    let app = spawn_app().await;
    user(&app, "worker@example.com", false).await;
    let asks = (0..10).map(|_| ask_reset(&app, "worker@example.com"));
    for (status, _) in futures::future::join_all(asks).await {
        assert_eq!(status, StatusCode::OK);
    }
    assert_eq!(count(&app, "invitations").await, 1);
}

#[tokio::test]
async fn a_person_changes_their_own_password_and_a_concurrent_change_does_not_overwrite_it() {
    let app = spawn_app().await;
    user(&app, "worker@example.com", false).await;
    let (mut b, csrf) = signed_in(&app, "worker@example.com").await;
    for (current, new, status, shows) in [
        (
            "wrong-Passw0rd",
            "Another-Pass1",
            StatusCode::UNAUTHORIZED,
            "The current password is not right",
        ),
        ("Sup3rSecret", "short", StatusCode::BAD_REQUEST, "id=\"password-error\""),
        (
            "Sup3rSecret",
            "Another-Pass1",
            StatusCode::OK,
            "id=\"password-changed\"",
        ),
    ] {
        let form = [
            ("csrf_token", csrf.as_str()),
            ("current_password", current),
            ("new_password", new),
        ];
        let (answer, _, html) = b.post_form("/me/password", &form).await;
        assert_eq!(answer, status, "{html}");
        assert!(html.contains(shows), "{html}");
    }
    assert_eq!(
        sign_in_status(&app, "worker@example.com", "Another-Pass1").await,
        StatusCode::SEE_OTHER
    );

    // Two changes from the same current password at once: one wins, the other is refused (the
    // store replaces the password only if it is still the one checked).
    let mut current = "Another-Pass1".to_owned();
    for round in 0..4 {
        let (a, z) = (format!("Winner-A{round}x"), format!("Winner-Z{round}x"));
        let (mut one, csrf1) = signed_in_with(&app, "worker@example.com", &current).await;
        let (mut two, csrf2) = signed_in_with(&app, "worker@example.com", &current).await;
        let f1 = [
            ("csrf_token", csrf1.as_str()),
            ("current_password", current.as_str()),
            ("new_password", a.as_str()),
        ];
        let f2 = [
            ("csrf_token", csrf2.as_str()),
            ("current_password", current.as_str()),
            ("new_password", z.as_str()),
        ];
        let (r1, r2) = tokio::join!(one.post_form("/me/password", &f1), two.post_form("/me/password", &f2));
        let oks = [r1.0, r2.0].iter().filter(|s| **s == StatusCode::OK).count();
        assert_eq!(oks, 1, "one of two changes wins: {:?} {:?}", r1.0, r2.0);
        current = if r1.0 == StatusCode::OK { a } else { z };
        assert_eq!(
            sign_in_status(&app, "worker@example.com", &current).await,
            StatusCode::SEE_OTHER
        );
    }
}

async fn signed_in_with(app: &TestApp, email: &str, password: &str) -> (Browser, String) {
    let mut b = Browser::new(app);
    let (_, _, html) = b.get("/").await;
    let csrf = meta_csrf(&html);
    let form = [("csrf_token", csrf.as_str()), ("email", email), ("password", password)];
    assert_eq!(b.post_form("/sign-in", &form).await.0, StatusCode::SEE_OTHER);
    (b, csrf)
}
