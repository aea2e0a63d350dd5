//! The token endpoint as real clients call it (JSON, a form, multipart, JSON as text/plain or
//! without a content type, the query string, Basic), LaborChart's request without a `grant_type`,
//! every refusal in RFC 6749's shape, `/oauth/token/info` and `/oauth/revoke`.
use crate::helpers::{person_body, spawn_app, with, TestApp};
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE};
use reqwest::StatusCode;
use roster_server::admin::create_company;
use serde_json::{json, Value};

/// Request headers, by name.
type Headers<'a> = Vec<(&'a str, String)>;

/// POSTs raw bytes with the given headers; answers (status, JSON body).
async fn post_raw(app: &TestApp, path: &str, headers: &[(&str, String)], body: Vec<u8>) -> (StatusCode, Value) {
    let mut req = app.http.post(format!("{}{path}", app.base)).body(body);
    for (k, v) in headers {
        req = req.header(*k, v);
    }
    let res = req.send().await.unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// The token works on a company route.
async fn works(app: &TestApp, token: &str) -> bool {
    let res = app.http.get(app.lc("/groups")).bearer_auth(token).send().await.unwrap();
    res.status() == StatusCode::OK
}

fn oauth_refusal(res: &(StatusCode, Value), status: StatusCode, error: &str) {
    assert_eq!(res.0, status, "{}", res.1);
    assert_eq!(res.1["error"], error, "{}", res.1);
    assert!(
        res.1["error_description"].as_str().is_some_and(|d| !d.is_empty()),
        "{}",
        res.1
    );
}

#[tokio::test]
async fn a_token_from_every_encoding_real_clients_send() {
    let app = spawn_app().await;
    let (id, secret) = (&app.company.client_id, &app.company.client_secret);
    let json = json!({"grant_type": "client_credentials", "client_id": id, "client_secret": secret}).to_string();
    let form = format!("grant_type=client_credentials&client_id={id}&client_secret={secret}");
    let multipart = format!(
        "--b0undary\r\nContent-Disposition: form-data; name=\"grant_type\"\r\n\r\nclient_credentials\r\n\
         --b0undary\r\nContent-Disposition: form-data; name=\"client_id\"\r\n\r\n{id}\r\n\
         --b0undary\r\nContent-Disposition: form-data; name=\"client_secret\"\r\n\r\n{secret}\r\n--b0undary--\r\n"
    );
    use base64::Engine;
    let basic = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"))
    );
    let ct = |v: &str| vec![(CONTENT_TYPE.as_str(), v.to_owned())];
    let cases: Vec<(&str, Headers, String)> = vec![
        ("/oauth/token", ct("application/json"), json.clone()),
        ("/oauth/token", ct("application/x-www-form-urlencoded"), form.clone()),
        ("/oauth/token", ct("multipart/form-data; boundary=b0undary"), multipart),
        ("/oauth/token", ct("text/plain;charset=UTF-8"), json.clone()),
        ("/v2/oauth/token", vec![], json),
        (
            "/oauth/token",
            vec![(AUTHORIZATION.as_str(), basic)],
            "grant_type=client_credentials".into(),
        ),
        (
            "/oauth/token?grant_type=client_credentials&$client_id=ID&client_secret=SECRET",
            vec![],
            String::new(),
        ),
    ];
    for (path, headers, body) in cases {
        let path = path.replace("ID", id).replace("SECRET", secret);
        let (status, answer) = post_raw(&app, &path, &headers, body.into_bytes()).await;
        assert_eq!(status, StatusCode::OK, "{path} {headers:?}: {answer}");
        assert_eq!(answer["token_type"], "bearer");
        assert_eq!(answer["expires_in"], 5400);
        assert!(
            answer.get("refresh_token").is_none(),
            "client credentials get no refresh token"
        );
        assert!(works(&app, answer["access_token"].as_str().unwrap()).await, "{path}");
    }
}

#[tokio::test]
async fn laborcharts_token_request_names_the_company_and_maybe_a_user() {
    let app = spawn_app().await;
    let group = app.group("Field").await;
    let level = app.level(true).await;
    let user = with(
        person_body(&group),
        json!({"is_user": true, "email": "anna@example.com", "permission_level_id": level, "password": "Sup3rSecret"}),
    );
    app.person(&user).await;
    app.person(&with(person_body(&group), json!({"email": "nologin@example.com"})))
        .await;
    let other = create_company(app.store.as_ref(), "Other Co", None).await.unwrap();
    let c = &app.company;
    let body = |company: Value, email: Option<&str>| {
        let mut b = json!({"client_id": c.client_id, "client_secret": c.client_secret, "company_id": company});
        if let Some(e) = email {
            b["email"] = e.into();
        }
        b.to_string().into_bytes()
    };
    // As LaborChart's page prints it: `fetch` with a string body, so `text/plain` or nothing.
    for (company, email, headers) in [
        (json!(c.id), None, vec![]),
        (json!(c.procore_company_id), Some("ANNA@example.com"), vec![]),
        (
            json!(c.id),
            Some("anna@example.com"),
            vec![(CONTENT_TYPE.as_str(), "text/plain;charset=UTF-8".to_owned())],
        ),
    ] {
        let (status, answer) = post_raw(&app, "/v2/oauth/token", &headers, body(company, email)).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        assert!(works(&app, answer["access_token"].as_str().unwrap()).await);
    }
    for (company, email, error) in [
        (json!(other.id), None, "invalid_grant"),
        (json!(other.procore_company_id), None, "invalid_grant"),
        (json!("not-a-company"), None, "invalid_grant"),
        (json!(c.id), Some("nologin@example.com"), "invalid_grant"),
        (json!(c.id), Some("nobody@example.com"), "invalid_grant"),
        (json!(c.id), Some("not an email"), "invalid_request"),
    ] {
        let res = post_raw(&app, "/v2/oauth/token", &[], body(company, email)).await;
        oauth_refusal(&res, StatusCode::BAD_REQUEST, error);
    }
}

#[tokio::test]
async fn every_refusal_is_rfc_6749s_shape_never_a_5xx() {
    let app = spawn_app().await;
    let c = &app.company;
    let json_ct = vec![(CONTENT_TYPE.as_str(), "application/json".to_owned())];
    let form_ct = vec![(CONTENT_TYPE.as_str(), "application/x-www-form-urlencoded".to_owned())];
    let multi_ct = vec![(CONTENT_TYPE.as_str(), "multipart/form-data; boundary=zz".to_owned())];
    let creds = |id: &str, secret: &str| {
        json!({"grant_type": "client_credentials", "client_id": id, "client_secret": secret}).to_string()
    };
    for (headers, body, status, error) in [
        (
            json_ct.clone(),
            creds("rci_nobody", "x"),
            StatusCode::UNAUTHORIZED,
            "invalid_client",
        ),
        (
            json_ct.clone(),
            creds(&c.client_id, "wrong"),
            StatusCode::UNAUTHORIZED,
            "invalid_client",
        ),
        (
            json_ct.clone(),
            json!({"grant_type": "client_credentials"}).to_string(),
            StatusCode::UNAUTHORIZED,
            "invalid_client",
        ),
        (
            json_ct.clone(),
            "{\"grant_type\":".into(),
            StatusCode::BAD_REQUEST,
            "invalid_request",
        ),
        (
            json_ct.clone(),
            "[1, 2]".into(),
            StatusCode::BAD_REQUEST,
            "invalid_request",
        ),
        (
            vec![],
            "{\"client_id\": [1]}".into(),
            StatusCode::BAD_REQUEST,
            "invalid_request",
        ),
        (
            multi_ct,
            "--zz\r\nbroken".into(),
            StatusCode::BAD_REQUEST,
            "invalid_request",
        ),
        (
            form_ct.clone(),
            "grant_type=password&client_id=a&client_secret=b".into(),
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
        ),
        (
            form_ct,
            "client_id=a&client_secret=b".into(),
            StatusCode::BAD_REQUEST,
            "invalid_request",
        ),
    ] {
        let res = post_raw(&app, "/oauth/token", &headers, body.clone().into_bytes()).await;
        oauth_refusal(&res, status, error);
    }
    let (status, _) = post_raw(&app, "/oauth/token", &json_ct, vec![b' '; 2 * 1024 * 1024]).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn token_info_describes_a_token_and_revoke_ends_it_at_once() {
    let app = spawn_app().await;
    let c = &app.company;
    let creds = json!({"client_id": c.client_id, "client_secret": c.client_secret});
    let json_ct = vec![(CONTENT_TYPE.as_str(), "application/json".to_owned())];
    let token = app.token.clone();
    for method in [reqwest::Method::GET, reqwest::Method::POST] {
        let res = app
            .http
            .request(method.clone(), format!("{}/oauth/token/info", app.base))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{method}");
        let info: Value = res.json().await.unwrap();
        assert_eq!(info["application"]["uid"], c.client_id.as_str());
        assert_eq!(
            (info["resource_owner_id"].clone(), info["scopes"].clone()),
            (Value::Null, json!([]))
        );
        let left = info["expires_in_seconds"].as_i64().unwrap();
        assert!((5000..=5400).contains(&left), "{info}");
        assert!(info["created_at"].as_i64().unwrap() > 1_700_000_000);
    }
    let res = app
        .http
        .get(format!("{}/oauth/token/info", app.base))
        .bearer_auth("rat_made_up")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

    // Another company's client cannot revoke this token (answered 200, as RFC 7009 asks); no token
    // is a 400; bad credentials a 401; an unknown token is a 200.
    let other = create_company(app.store.as_ref(), "Other Co", None).await.unwrap();
    let other_creds = json!({"client_id": other.client_id, "client_secret": other.client_secret, "token": token});
    let res = post_raw(&app, "/oauth/revoke", &json_ct, other_creds.to_string().into_bytes()).await;
    assert_eq!(res, (StatusCode::OK, json!({})));
    assert!(works(&app, &token).await, "another client's revoke changed nothing");
    let res = post_raw(&app, "/oauth/revoke", &json_ct, creds.to_string().into_bytes()).await;
    oauth_refusal(&res, StatusCode::BAD_REQUEST, "invalid_request");
    let wrong = json!({"client_id": c.client_id, "client_secret": "nope", "token": token});
    let res = post_raw(&app, "/oauth/revoke", &json_ct, wrong.to_string().into_bytes()).await;
    oauth_refusal(&res, StatusCode::UNAUTHORIZED, "invalid_client");
    let unknown = with(creds.clone(), json!({"token": "rat_unknown"}));
    let res = post_raw(&app, "/oauth/revoke", &json_ct, unknown.to_string().into_bytes()).await;
    assert_eq!(res, (StatusCode::OK, json!({})));

    // The token's own client revokes it, as `curl -F` does: it stops working at once.
    let form = format!(
        "--q\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\n{token}\r\n\
         --q\r\nContent-Disposition: form-data; name=\"client_id\"\r\n\r\n{}\r\n\
         --q\r\nContent-Disposition: form-data; name=\"client_secret\"\r\n\r\n{}\r\n--q--\r\n",
        c.client_id, c.client_secret
    );
    let multi_ct = vec![(CONTENT_TYPE.as_str(), "multipart/form-data; boundary=q".to_owned())];
    let res = post_raw(&app, "/oauth/revoke", &multi_ct, form.into_bytes()).await;
    assert_eq!(res, (StatusCode::OK, json!({})));
    assert!(!works(&app, &token).await, "a revoked token stops at once");
}
