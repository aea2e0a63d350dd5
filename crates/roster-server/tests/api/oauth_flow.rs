//! Procore's authorization-code flow driven as a browser drives it (the sign-in page and its CSRF
//! token, cookies, the consent form, the redirect), then the code exchanged, refreshed and
//! revoked; each refusal; and what a person's token may do.
use crate::helpers::{db_exec, db_strings, spawn_app, with};
use crate::oauth_helpers::{
    approve, authorize_query, callback_params, register, status_with, token_request, user, Browser, CALLBACK, VERIFIER,
};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::collections::BTreeMap;

#[tokio::test]
async fn the_whole_flow_as_a_browser_then_exchange_refresh_and_revoke() {
    let app = spawn_app().await;
    let client = register(&app, &[CALLBACK]).await;
    let anna = user(&app, "anna@example.com", true).await;
    let mut browser = Browser::new(&app);
    let query = authorize_query(&client.client_id, CALLBACK, "st&te=1", Some(VERIFIER));
    let (status, location, body) = approve(&mut browser, &query, "anna@example.com").await;
    assert_eq!(status, StatusCode::FOUND, "{body}");
    let back = callback_params(&location.unwrap());
    assert_eq!(back["state"], "st&te=1", "state comes back untouched");
    let code = back["code"].clone();

    let creds = json!({"client_id": client.client_id, "client_secret": client.client_secret});
    let exchange = with(
        creds.clone(),
        json!({"grant_type": "authorization_code", "code": code,
        "redirect_uri": CALLBACK, "code_verifier": VERIFIER}),
    );
    let (status, first) = token_request(&app, exchange.clone()).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert_eq!(
        (first["token_type"].clone(), first["expires_in"].clone()),
        (json!("bearer"), json!(5400))
    );
    let access = first["access_token"].as_str().unwrap().to_owned();
    // Kept as digests only.
    let kept = [
        db_strings(&app.db_url, "SELECT digest FROM oauth_codes").await,
        db_strings(&app.db_url, "SELECT digest FROM refresh_tokens").await,
        db_strings(&app.db_url, "SELECT digest FROM access_tokens").await,
        db_strings(&app.db_url, "SELECT secret_hash FROM oauth_clients").await,
    ]
    .concat();
    for secret in [
        &code,
        first["refresh_token"].as_str().unwrap(),
        &access,
        &client.client_secret,
    ] {
        assert!(kept.contains(&roster_core::secrets::digest(secret)) && !kept.contains(&secret.to_string()));
    }
    let info = app
        .http
        .get(format!("{}/oauth/token/info", app.base))
        .bearer_auth(&access)
        .send()
        .await
        .unwrap();
    assert_eq!(info.json::<Value>().await.unwrap()["resource_owner_id"], anna);
    // An admin person's token reads and writes the company.
    assert_eq!(
        status_with(&app, reqwest::Method::GET, &app.lc("/people"), &access, None).await,
        StatusCode::OK
    );
    let group = json!({"name": "By Anna", "timezone": "UTC"});
    assert_eq!(
        status_with(&app, reqwest::Method::POST, &app.lc("/groups"), &access, Some(group)).await,
        StatusCode::OK
    );

    // Refresh twice: new tokens each time; a used refresh token is refused.
    let mut refresh = first["refresh_token"].as_str().unwrap().to_owned();
    for _ in 0..2 {
        let body = with(
            creds.clone(),
            json!({"grant_type": "refresh_token", "refresh_token": refresh}),
        );
        let (status, next) = token_request(&app, body).await;
        assert_eq!(status, StatusCode::OK, "{next}");
        let old = std::mem::replace(&mut refresh, next["refresh_token"].as_str().unwrap().to_owned());
        assert_ne!(old, refresh);
        let again = with(
            creds.clone(),
            json!({"grant_type": "refresh_token", "refresh_token": old}),
        );
        let (status, refused) = token_request(&app, again).await;
        assert_eq!(
            (status, refused["error"].clone()),
            (StatusCode::BAD_REQUEST, json!("invalid_grant"))
        );
        assert_eq!(
            status_with(
                &app,
                reqwest::Method::GET,
                &app.lc("/people"),
                next["access_token"].as_str().unwrap(),
                None
            )
            .await,
            StatusCode::OK
        );
    }

    // Revoking the refresh token ends every token of the grant.
    let revoke = with(creds.clone(), json!({"token": refresh}));
    let res = app
        .http
        .post(format!("{}/oauth/revoke", app.base))
        .json(&revoke)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        status_with(&app, reqwest::Method::GET, &app.lc("/people"), &access, None).await,
        StatusCode::UNAUTHORIZED
    );
    let (status, _) = token_request(
        &app,
        with(creds, json!({"grant_type": "refresh_token", "refresh_token": refresh})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_code_works_once_and_its_second_use_revokes_the_first() {
    let app = spawn_app().await;
    let client = register(&app, &[CALLBACK]).await;
    user(&app, "anna@example.com", true).await;
    let creds = json!({"client_id": client.client_id, "client_secret": client.client_secret});
    let mut browser = Browser::new(&app);
    let code_of = |location: Option<String>| callback_params(&location.unwrap())["code"].clone();

    // Without PKCE; refusals that leave the code usable: wrong redirect URI, another client.
    let query = authorize_query(&client.client_id, CALLBACK, "s", None);
    let code = code_of(approve(&mut browser, &query, "anna@example.com").await.1);
    let exchange = with(
        creds.clone(),
        json!({"grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK}),
    );
    let wrong_uri = with(
        exchange.clone(),
        json!({"redirect_uri": "https://integration.example/other"}),
    );
    let (status, refused) = token_request(&app, wrong_uri).await;
    assert_eq!(
        (status, refused["error"].clone()),
        (StatusCode::BAD_REQUEST, json!("invalid_grant"))
    );
    let other = register(&app, &[CALLBACK]).await;
    let stolen = with(
        exchange.clone(),
        json!({"client_id": other.client_id, "client_secret": other.client_secret}),
    );
    assert_eq!(token_request(&app, stolen).await.1["error"], "invalid_grant");
    let (status, first) = token_request(&app, exchange.clone()).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let access = first["access_token"].as_str().unwrap();
    let (status, second) = token_request(&app, exchange).await;
    assert_eq!(
        (status, second["error"].clone()),
        (StatusCode::BAD_REQUEST, json!("invalid_grant"))
    );
    assert_eq!(
        status_with(&app, reqwest::Method::GET, &app.lc("/people"), access, None).await,
        StatusCode::UNAUTHORIZED
    );
    let refresh = with(
        creds.clone(),
        json!({"grant_type": "refresh_token", "refresh_token": first["refresh_token"]}),
    );
    assert_eq!(token_request(&app, refresh).await.0, StatusCode::BAD_REQUEST);

    // With PKCE: no or a wrong verifier is refused; an expired code too.
    let query = authorize_query(&client.client_id, CALLBACK, "s", Some(VERIFIER));
    let code = code_of(approve(&mut browser, &query, "anna@example.com").await.1);
    let exchange = with(
        creds.clone(),
        json!({"grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK}),
    );
    for verifier in [None, Some("x".repeat(50))] {
        let mut body = exchange.clone();
        if let Some(v) = verifier {
            body["code_verifier"] = v.into();
        }
        assert_eq!(token_request(&app, body).await.1["error"], "invalid_grant");
    }
    db_exec(&app.db_url, "UPDATE oauth_codes SET expires_at = 0").await;
    let expired = with(exchange, json!({"code_verifier": VERIFIER}));
    assert_eq!(token_request(&app, expired).await.1["error"], "invalid_grant");
}

#[tokio::test]
async fn a_persons_token_reads_writes_as_admin_only_and_ends_with_the_login() {
    let app = spawn_app().await;
    let client = register(&app, &[CALLBACK]).await;
    let creds = json!({"client_id": client.client_id, "client_secret": client.client_secret});
    user(&app, "admin@example.com", true).await;
    user(&app, "field@example.com", false).await;
    let mut tokens = BTreeMap::new();
    for email in ["admin@example.com", "field@example.com"] {
        let mut b = Browser::new(&app);
        let q = authorize_query(&client.client_id, CALLBACK, "s", None);
        let code = callback_params(&approve(&mut b, &q, email).await.1.unwrap())["code"].clone();
        let body = with(
            creds.clone(),
            json!({"grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK}),
        );
        let (status, t) = token_request(&app, body).await;
        assert_eq!(status, StatusCode::OK, "{t}");
        tokens.insert(email, t["access_token"].as_str().unwrap().to_owned());
    }
    let field = &tokens["field@example.com"];
    let group = json!({"name": "Nope", "timezone": "UTC"});
    assert_eq!(
        status_with(&app, reqwest::Method::GET, &app.lc("/groups"), field, None).await,
        StatusCode::OK
    );
    let facade_people = app.facade("/people");
    let res = app
        .http
        .get(&facade_people)
        .bearer_auth(field)
        .header("Procore-Company-Id", app.company.procore_company_id)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .http
        .post(app.lc("/groups"))
        .bearer_auth(field)
        .json(&group)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let body: Value = res.json().await.unwrap();
    assert_eq!(
        (body["code"].as_str(), body["message"]["detailCode"].as_str()),
        (Some("ForbiddenError"), Some("readOnlyToken"))
    );
    let count_before = app.get_json(&app.lc("/groups")).await.1.as_array().unwrap().len();
    assert!(!app
        .get_json(&app.lc("/groups"))
        .await
        .1
        .as_array()
        .unwrap()
        .iter()
        .any(|g| g["name"] == "Nope"));
    assert!(count_before > 0);

    // Revoking the login ends the token at once; deleting the person too.
    let admin = &tokens["admin@example.com"];
    let (_, people) = app.get_json(&app.lc("/people?email=admin@example.com")).await;
    let admin_id = people.as_array().unwrap()[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        status_with(&app, reqwest::Method::GET, &app.lc("/groups"), admin, None).await,
        StatusCode::OK
    );
    let res = app.delete(&app.lc(&format!("/people/{admin_id}/user"))).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        status_with(&app, reqwest::Method::GET, &app.lc("/groups"), admin, None).await,
        StatusCode::UNAUTHORIZED
    );
    let (_, people) = app.get_json(&app.lc("/people?email=field@example.com")).await;
    let field_id = people.as_array().unwrap()[0]["id"].as_str().unwrap().to_owned();
    app.delete(&app.lc(&format!("/people/{field_id}"))).await;
    assert_eq!(
        status_with(&app, reqwest::Method::GET, &app.lc("/groups"), field, None).await,
        StatusCode::UNAUTHORIZED
    );
}
