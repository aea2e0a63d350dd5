//! The authorization pages themselves: what they refuse (unknown clients and redirect URIs never
//! redirected, forms without this browser's CSRF token, wrong passwords), deny, the oob page,
//! their headers, and failed sign-ins locked out as failed logins are.
use crate::helpers::spawn_app;
use crate::oauth_helpers::{
    authorize_query, callback_params, meta_csrf, register, token_request, user, Browser, CALLBACK,
};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn the_pages_refuse_what_they_must_and_never_redirect_an_unknown_client() {
    let app = spawn_app().await;
    let client = register(&app, &[CALLBACK, "urn:ietf:wg:oauth:2.0:oob"]).await;
    user(&app, "anna@example.com", true).await;
    let mut b = Browser::new(&app);
    let page = |q: &[(String, String)]| format!("/oauth/authorize?{}", serde_urlencoded::to_string(q).unwrap());

    // Unknown client, unregistered redirect URI: an error page, no Location.
    for q in [
        authorize_query("rci_nobody", CALLBACK, "s", None),
        authorize_query(&client.client_id, "https://evil.example/cb", "s", None),
        authorize_query(&app.company.client_id, CALLBACK, "s", None),
    ] {
        let (status, location, html) = b.get(&page(&q)).await;
        assert_eq!((status, location), (StatusCode::BAD_REQUEST, None), "{html}");
        assert!(html.contains("Cannot authorize"), "{html}");
    }
    // A bad request of a known client goes back to it with the error and its state.
    let mut q = authorize_query(&client.client_id, CALLBACK, "keep", None);
    q[0].1 = "token".into();
    let (status, location, _) = b.get(&page(&q)).await;
    assert_eq!(status, StatusCode::FOUND);
    let back = callback_params(&location.unwrap());
    assert_eq!(
        (back["error"].as_str(), back["state"].as_str()),
        ("unsupported_response_type", "keep")
    );

    // The page: not framed, a CSP, a csrf-token meta tag (ProPyCore reads it).
    let q = authorize_query(&client.client_id, CALLBACK, "s", None);
    let res = app
        .http
        .get(format!("{}{}", app.base, page(&q)))
        .header("content-type", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["x-frame-options"], "DENY");
    assert!(res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("frame-ancestors 'none'"));
    let html = res.text().await.unwrap();
    let csrf = meta_csrf(&html);
    assert!(csrf.len() > 40);

    // Forms without this browser's CSRF token: 403, nothing done.
    let mut form: Vec<(&str, &str)> = q.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    form.extend([("email", "anna@example.com"), ("password", "Sup3rSecret")]);
    let (status, _, _) = b.post_form("/oauth/authorize/sign-in", &form).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "no token");
    b.get(&page(&q)).await;
    let mut with_other_token = form.clone();
    with_other_token.push(("csrf_token", csrf.as_str()));
    let (status, _, _) = b.post_form("/oauth/authorize/sign-in", &with_other_token).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "another browser's token");

    // A wrong password: the sign-in page again, 401.
    let (_, _, html) = b.get(&page(&q)).await;
    let mine = meta_csrf(&html);
    let mut wrong: Vec<(&str, &str)> = q.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    wrong.extend([
        ("email", "anna@example.com"),
        ("password", "Wr0ngSecret"),
        ("csrf_token", mine.as_str()),
    ]);
    let (status, location, html) = b.post_form("/oauth/authorize/sign-in", &wrong).await;
    assert_eq!((status, location), (StatusCode::UNAUTHORIZED, None));
    assert!(html.contains("not right"), "{html}");

    // Deny: back to the application with access_denied and the state.
    let mut b = Browser::new(&app);
    let q = authorize_query(&client.client_id, CALLBACK, "d", None);
    let (_, _, html) = b.get(&page(&q)).await;
    let csrf = meta_csrf(&html);
    let mut form: Vec<(&str, &str)> = q.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    form.extend([
        ("email", "anna@example.com"),
        ("password", "Sup3rSecret"),
        ("csrf_token", csrf.as_str()),
    ]);
    assert_eq!(
        b.post_form("/oauth/authorize/sign-in", &form).await.0,
        StatusCode::SEE_OTHER
    );
    let mut deny: Vec<(&str, &str)> = q.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    deny.extend([("csrf_token", csrf.as_str()), ("decision", "deny")]);
    let (status, location, _) = b.post_form("/oauth/authorize", &deny).await;
    assert_eq!(status, StatusCode::FOUND);
    let back = callback_params(&location.unwrap());
    assert_eq!((back["error"].as_str(), back["state"].as_str()), ("access_denied", "d"));

    // The oob URI shows the code on a page, and it exchanges like any other.
    let q = authorize_query(&client.client_id, "urn:ietf:wg:oauth:2.0:oob", "o", None);
    let mut approve_form: Vec<(&str, &str)> = q.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    approve_form.extend([("csrf_token", csrf.as_str()), ("decision", "approve")]);
    let (status, location, html) = b.post_form("/oauth/authorize", &approve_form).await;
    assert_eq!((status, location), (StatusCode::OK, None), "{html}");
    let at = html.find("<code id=\"code\">").unwrap() + 16;
    let code = &html[at..at + html[at..].find('<').unwrap()];
    let body = json!({"grant_type": "authorization_code", "code": code, "redirect_uri": "urn:ietf:wg:oauth:2.0:oob",
        "client_id": client.client_id, "client_secret": client.client_secret});
    assert_eq!(token_request(&app, body).await.0, StatusCode::OK);
}

#[tokio::test]
async fn failed_sign_ins_lock_the_email_out_as_failed_logins_do() {
    let app = spawn_app().await;
    let client = register(&app, &[CALLBACK]).await;
    user(&app, "lock@example.com", true).await;
    let mut b = Browser::new(&app);
    let q = authorize_query(&client.client_id, CALLBACK, "s", None);
    let page = format!("/oauth/authorize?{}", serde_urlencoded::to_string(&q).unwrap());
    let csrf = meta_csrf(&b.get(&page).await.2);
    let sign_in = |password: &'static str| {
        let mut form: Vec<(String, String)> = q.clone();
        form.extend([
            ("email".to_owned(), "lock@example.com".to_owned()),
            ("password".to_owned(), password.to_owned()),
            ("csrf_token".to_owned(), csrf.clone()),
        ]);
        form
    };
    let mut statuses = Vec::new();
    for _ in 0..7 {
        let form = sign_in("Wr0ngSecret");
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        statuses.push(b.post_form("/oauth/authorize/sign-in", &pairs).await.0);
    }
    assert_eq!(statuses[0], StatusCode::UNAUTHORIZED);
    assert_eq!(statuses[6], StatusCode::TOO_MANY_REQUESTS, "{statuses:?}");
    let form = sign_in("Sup3rSecret");
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (status, _, html) = b.post_form("/oauth/authorize/sign-in", &pairs).await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "locked out, the right password too"
    );
    assert!(html.contains("Too many"), "{html}");
}
