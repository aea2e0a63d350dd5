//! Logins from the person page: enable with a password (then that person signs in) or by an
//! invitation (queued, sent again), refusals inline, revoke; the people list shows the state.
use crate::helpers::{person_body, spawn_app, with};
use crate::oauth_helpers::{meta_csrf, signed_in, user, Browser};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn an_admin_enables_invites_and_revokes_logins_from_the_person_page() {
    let app = spawn_app().await;
    user(&app, "admin@example.com", true).await;
    let group = app.group("Field").await;
    let (mut b, csrf) = signed_in(&app, "admin@example.com").await;
    let (_, levels) = app.get_json(&app.lc("/permission-level-options")).await;
    let field_level = levels
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["is_admin"] == false)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // With a password: a weak one refused inline, then the person signs in.
    let maria = app
        .person(&with(
            person_body(&group),
            json!({"first_name": "Maria", "email": "maria@example.com"}),
        ))
        .await;
    let login = format!("/people/{maria}/login");
    let weak = [
        ("csrf_token", csrf.as_str()),
        ("permission_level_id", field_level.as_str()),
        ("password", "weak"),
    ];
    let (status, _, html) = b.post_form(&login, &weak).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("id=\"password-error\""), "{html}");
    let good = [
        ("csrf_token", csrf.as_str()),
        ("permission_level_id", field_level.as_str()),
        ("password", "Str0ngSecret"),
    ];
    assert_eq!(b.post_form(&login, &good).await.0, StatusCode::SEE_OTHER);
    let (_, api) = app.get_json(&app.lc(&format!("/people/{maria}"))).await;
    assert_eq!(
        (api["is_user"].clone(), api["invitation_pending"].clone()),
        (json!(true), json!(false))
    );
    let mut other = Browser::new(&app);
    let (_, _, html) = other.get("/").await;
    let token = meta_csrf(&html);
    let as_maria = [
        ("csrf_token", token.as_str()),
        ("email", "maria@example.com"),
        ("password", "Str0ngSecret"),
    ];
    assert_eq!(other.post_form("/sign-in", &as_maria).await.0, StatusCode::SEE_OTHER);

    // By invitation: queued, shown as invited, sent again; a person without email is refused.
    let tom = app
        .person(&with(
            person_body(&group),
            json!({"first_name": "Tom", "email": "tom@example.com"}),
        ))
        .await;
    let invite = [
        ("csrf_token", csrf.as_str()),
        ("permission_level_id", field_level.as_str()),
        ("invite", "on"),
    ];
    assert_eq!(
        b.post_form(&format!("/people/{tom}/login"), &invite).await.0,
        StatusCode::SEE_OTHER
    );
    let html = b.get("/people?login=invited").await.2;
    assert!(
        html.contains("Tom Richardson") && html.contains("1 people"),
        "only the invited: {html}"
    );
    let today = roster_core::dates::format_day(roster_core::dates::now_millis());
    assert!(
        html.contains(&format!("invited since {today}")),
        "and since when: {html}"
    );
    let html = b.get("/people?login=active").await.2;
    assert!(
        html.contains("Maria Richardson") && !html.contains("Tom Richardson"),
        "{html}"
    );
    let (_, _, page) = b.get(&format!("/people/{tom}")).await;
    assert!(page.contains("Send the invitation again"), "{page}");
    assert!(page.contains(&format!("Invited on {today}")), "{page}");
    assert_eq!(
        b.post_form(&format!("/people/{tom}/login/invite"), &[("csrf_token", csrf.as_str())])
            .await
            .0,
        StatusCode::SEE_OTHER
    );
    let to_tom = app
        .store
        .outbox()
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.email.recipient == "tom@example.com")
        .count();
    assert_eq!(to_tom, 2, "the invitation, then again");
    let nobody = app.person(&person_body(&group)).await;
    let (status, _, html) = b.post_form(&format!("/people/{nobody}/login"), &invite).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("email"), "{html}");

    // Revoke: the login ends (and Maria's session with it).
    assert_eq!(
        b.post_form(
            &format!("/people/{maria}/login/revoke"),
            &[("csrf_token", csrf.as_str())]
        )
        .await
        .0,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.get_json(&app.lc(&format!("/people/{maria}"))).await.1["is_user"],
        false
    );
    assert_eq!(other.get("/me").await.1.as_deref(), Some("/"), "her session ended");
    // Without the CSRF token: refused.
    assert_eq!(
        b.post_form(&format!("/people/{tom}/login/revoke"), &[]).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get_json(&app.lc(&format!("/people/{tom}"))).await.1["is_user"],
        true
    );
}
