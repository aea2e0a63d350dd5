//! LaborChart's Basic credentials: accepted on the LaborChart mount's company routes, nowhere else,
//! not interchangeable with OAuth credentials either way; bad ones get a bad token's 401 and are
//! locked out as failed logins are.
use crate::helpers::{db_strings, spawn_app, TestApp};
use base64::Engine;
use reqwest::{Method, StatusCode};
use roster_server::admin::create_basic_credentials;
use serde_json::{json, Value};

fn basic(id: &str, secret: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"))
    )
}

async fn call(app: &TestApp, method: Method, url: &str, auth: &str, body: Option<Value>) -> (StatusCode, Value) {
    let mut req = app
        .http
        .request(method, url)
        .header("authorization", auth)
        .header("Procore-Company-Id", app.company.procore_company_id);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn basic_credentials_work_on_laborcharts_mount_only() {
    let app = spawn_app().await;
    let made = create_basic_credentials(app.store.as_ref(), &app.company.id)
        .await
        .unwrap();
    let (id, secret) = (
        made["client_id"].as_str().unwrap(),
        made["client_secret"].as_str().unwrap(),
    );
    let auth = basic(id, secret);
    assert_eq!(
        call(&app, Method::GET, &app.lc("/groups"), &auth, None).await.0,
        StatusCode::OK
    );
    let group = json!({"name": "Basic", "timezone": "UTC"});
    let (status, made_group) = call(&app, Method::POST, &app.lc("/groups"), &auth, Some(group)).await;
    assert_eq!(status, StatusCode::OK, "{made_group}");
    for url in [
        app.facade("/groups"),
        format!(
            "{}/rest/v1.0/projects?company_id={}",
            app.base, app.company.procore_company_id
        ),
        format!("{}/rest/v1.0/me", app.base),
        format!("{}/v2/me", app.base),
    ] {
        assert_eq!(
            call(&app, Method::GET, &url, &auth, None).await.0,
            StatusCode::UNAUTHORIZED,
            "{url}"
        );
    }
    // Not interchangeable: Basic credentials get no token, the company's OAuth ones are no Basic.
    let res = app
        .http
        .post(format!("{}/oauth/token", app.base))
        .header("authorization", &auth)
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let oauth_as_basic = basic(&app.company.client_id, &app.company.client_secret);
    let (status, body) = call(&app, Method::GET, &app.lc("/groups"), &oauth_as_basic, None).await;
    assert_eq!(
        (status, body["message"]["detailCode"].clone()),
        (StatusCode::UNAUTHORIZED, json!("invalidToken"))
    );
}

#[tokio::test]
async fn bad_basic_credentials_get_a_bad_tokens_401_then_a_lockout() {
    let app = spawn_app().await;
    let made = create_basic_credentials(app.store.as_ref(), &app.company.id)
        .await
        .unwrap();
    let (id, secret) = (
        made["client_id"].as_str().unwrap(),
        made["client_secret"].as_str().unwrap(),
    );
    let failures = "SELECT email_norm FROM login_failures";
    // An unknown client id: a 401, nothing written.
    for _ in 0..20 {
        let (status, body) = call(&app, Method::GET, &app.lc("/groups"), &basic("rbi_nobody", "x"), None).await;
        assert_eq!(
            (status, body["code"].clone()),
            (StatusCode::UNAUTHORIZED, json!("UnauthorizedError"))
        );
    }
    assert!(db_strings(&app.db_url, failures).await.is_empty());
    assert_eq!(
        call(&app, Method::GET, &app.lc("/groups"), "Basic !!!", None).await.0,
        StatusCode::UNAUTHORIZED
    );
    // A wrong secret of a known client: 401s, then locked out (the right secret too, for a while).
    let mut statuses = Vec::new();
    for _ in 0..12 {
        statuses.push(
            call(&app, Method::GET, &app.lc("/groups"), &basic(id, "wrong"), None)
                .await
                .0,
        );
    }
    assert_eq!(statuses[0], StatusCode::UNAUTHORIZED);
    assert!(statuses.contains(&StatusCode::TOO_MANY_REQUESTS), "{statuses:?}");
    assert_eq!(
        call(&app, Method::GET, &app.lc("/groups"), &basic(id, secret), None)
            .await
            .0,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(db_strings(&app.db_url, failures).await, [format!("basic:{id}")]);
}
