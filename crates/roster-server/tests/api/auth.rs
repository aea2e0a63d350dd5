use crate::helpers::{error, spawn_app};
use reqwest::StatusCode;
use roster_core::dates::now_millis;
use roster_core::model::AccessToken;
use roster_core::secrets;
use serde_json::{json, Value};

fn assert_token(body: &Value) {
    assert!(body["access_token"].as_str().is_some_and(|t| t.len() >= 40), "{body}");
    assert_eq!(body["token_type"], "bearer");
    assert_eq!(body["expires_in"], 5400);
    let created = body["created_at"].as_i64().expect("created_at");
    assert!((created - now_millis() / 1000).abs() < 60, "{body}");
}

#[tokio::test]
async fn token_by_json_form_and_basic_on_both_paths() {
    let app = spawn_app().await;
    let c = &app.company;
    for path in ["/oauth/token", "/v2/oauth/token"] {
        let url = format!("{}{path}", app.base);
        let json = app
            .http
            .post(&url)
            .json(&json!({"grant_type": "client_credentials", "client_id": c.client_id, "client_secret": c.client_secret}))
            .send()
            .await
            .unwrap();
        assert_eq!(json.status(), StatusCode::OK);
        assert_token(&json.json().await.unwrap());

        let form = app
            .http
            .post(&url)
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", &c.client_id),
                ("client_secret", &c.client_secret),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(form.status(), StatusCode::OK);
        assert_token(&form.json().await.unwrap());

        let basic = app
            .http
            .post(&url)
            .basic_auth(&c.client_id, Some(&c.client_secret))
            .form(&[("grant_type", "client_credentials")])
            .send()
            .await
            .unwrap();
        assert_eq!(basic.status(), StatusCode::OK);
        let body: Value = basic.json().await.unwrap();
        assert_token(&body);

        // The token works.
        let res = app
            .http
            .get(app.lc("/groups"))
            .bearer_auth(body["access_token"].as_str().unwrap())
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
    }
}

#[tokio::test]
async fn bad_credentials_and_grants_are_refused() {
    let app = spawn_app().await;
    let url = format!("{}/oauth/token", app.base);
    let c = &app.company;
    let cases = [
        (
            json!({"grant_type": "client_credentials", "client_id": c.client_id, "client_secret": "wrong"}),
            401,
            "invalid_client",
        ),
        (
            json!({"grant_type": "client_credentials", "client_id": "nobody", "client_secret": c.client_secret}),
            401,
            "invalid_client",
        ),
        (json!({"grant_type": "client_credentials"}), 401, "invalid_client"),
        (
            json!({"grant_type": "password", "client_id": c.client_id, "client_secret": c.client_secret}),
            400,
            "unsupported_grant_type",
        ),
        (
            json!({"client_id": c.client_id, "client_secret": c.client_secret}),
            400,
            "invalid_request",
        ),
    ];
    for (body, status, err) in cases {
        let res = app.http.post(&url).json(&body).send().await.unwrap();
        assert_eq!(res.status().as_u16(), status, "{body}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"], err);
        assert!(body["message"]["details"].is_string(), "our error shape too: {body}");
        assert!(!body.to_string().contains(&c.client_secret));
    }
    let res = app
        .http
        .post(&url)
        .header("content-type", "application/json")
        .body("{nope")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn api_routes_need_a_valid_unexpired_token() {
    let app = spawn_app().await;
    let no_token = app.http.get(app.lc("/people")).send().await.unwrap();
    assert_eq!(no_token.status(), StatusCode::UNAUTHORIZED);
    error("UnauthorizedError", "missingToken")(&no_token.json().await.unwrap());

    for header in ["Bearer not-a-token", "Basic abc", "Bearer "] {
        let res = app
            .http
            .get(app.lc("/people"))
            .header("Authorization", header)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{header}");
        error("UnauthorizedError", "invalidToken")(&res.json().await.unwrap());
    }

    let expired = secrets::generate("rat_");
    let company = app
        .store
        .company(roster_core::IdRef::Uuid(app.company.id.parse().unwrap()))
        .await
        .unwrap();
    app.store
        .insert_token(AccessToken {
            digest: secrets::digest(&expired),
            company_id: company.id,
            client_id: None,
            person_id: None,
            grant_id: None,
            created_at: now_millis() - 6_000_000,
            expires_at: now_millis() - 600_000,
        })
        .await
        .unwrap();
    let res = app
        .http
        .get(app.lc("/people"))
        .bearer_auth(&expired)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn secrets_are_stored_only_as_hashes() {
    let app = spawn_app().await;
    let mut stored = Vec::new();
    for sql in [
        "SELECT digest FROM access_tokens",
        "SELECT secret_hash FROM oauth_clients",
        "SELECT client_id FROM oauth_clients",
    ] {
        stored.extend(crate::helpers::db_strings(&app.db_url, sql).await);
    }
    assert!(
        stored
            .iter()
            .all(|s| s != &app.token && s != &app.company.client_secret),
        "a secret stored in clear"
    );
    assert!(stored.contains(&secrets::digest(&app.token)), "token digest stored");
    assert!(
        stored.contains(&secrets::digest(&app.company.client_secret)),
        "client secret digest stored"
    );
    if let Some(path) = app.db_url.strip_prefix("sqlite://") {
        // And nowhere in the file or its journal.
        let mut wal = path.to_owned();
        wal.push_str("-wal");
        let all = [std::fs::read(path).unwrap(), std::fs::read(&wal).unwrap_or_default()].concat();
        let contains = |needle: &str| all.windows(needle.len()).any(|w| w == needle.as_bytes());
        assert!(!contains(&app.token) && !contains(&app.company.client_secret));
    }
}
