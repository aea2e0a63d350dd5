//! The OAuth writes racing each other, 20 rounds each on the suite's store: one code exchanged
//! twice at once, one refresh token used twice at once, an exchange against the end of the login.
use crate::helpers::{spawn_app, with};
use crate::oauth_helpers::{approve, authorize_query, register, token_request, user, Browser};
use reqwest::StatusCode;
use serde_json::{json, Value};

const ROUNDS: usize = 20;
const CALLBACK: &str = "https://integration.example/callback";

fn code_of(location: Option<String>) -> String {
    let location = location.expect("a redirect");
    let query = location.split_once('?').unwrap().1;
    let params: std::collections::BTreeMap<String, String> = serde_urlencoded::from_str(query).unwrap();
    params["code"].clone()
}

async fn works(app: &crate::helpers::TestApp, token: &str) -> bool {
    let res = app.http.get(app.lc("/groups")).bearer_auth(token).send().await.unwrap();
    res.status() == StatusCode::OK
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_code_exchanged_twice_at_once_gives_tokens_once_then_revokes_them() {
    let app = spawn_app().await;
    let client = register(&app, &[CALLBACK]).await;
    user(&app, "anna@example.com", true).await;
    let creds = json!({"client_id": client.client_id, "client_secret": client.client_secret});
    let mut browser = Browser::new(&app);
    for round in 0..ROUNDS {
        let q = authorize_query(&client.client_id, CALLBACK, "s", None);
        let code = code_of(approve(&mut browser, &q, "anna@example.com").await.1);
        let body = with(
            creds.clone(),
            json!({"grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK}),
        );
        let (a, b) = tokio::join!(token_request(&app, body.clone()), token_request(&app, body.clone()));
        let ok: Vec<&Value> = [&a, &b]
            .into_iter()
            .filter(|r| r.0 == StatusCode::OK)
            .map(|r| &r.1)
            .collect();
        assert_eq!(ok.len(), 1, "round {round}: {a:?} {b:?}");
        // The other use came second (the code was used), so the tokens of the first are revoked.
        assert!(
            !works(&app, ok[0]["access_token"].as_str().unwrap()).await,
            "round {round}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_refresh_token_used_twice_at_once_refreshes_once() {
    let app = spawn_app().await;
    let client = register(&app, &[CALLBACK]).await;
    user(&app, "anna@example.com", true).await;
    let creds = json!({"client_id": client.client_id, "client_secret": client.client_secret});
    let mut browser = Browser::new(&app);
    let q = authorize_query(&client.client_id, CALLBACK, "s", None);
    let code = code_of(approve(&mut browser, &q, "anna@example.com").await.1);
    let body = with(
        creds.clone(),
        json!({"grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK}),
    );
    let (status, mut tokens) = token_request(&app, body).await;
    assert_eq!(status, StatusCode::OK);
    for round in 0..ROUNDS {
        let body = with(
            creds.clone(),
            json!({"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]}),
        );
        let (a, b) = tokio::join!(token_request(&app, body.clone()), token_request(&app, body.clone()));
        let mut ok: Vec<Value> = [a.clone(), b.clone()]
            .into_iter()
            .filter(|r| r.0 == StatusCode::OK)
            .map(|r| r.1)
            .collect();
        assert_eq!(ok.len(), 1, "round {round}: {a:?} {b:?}");
        tokens = ok.remove(0);
        assert!(
            works(&app, tokens["access_token"].as_str().unwrap()).await,
            "round {round}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_exchange_racing_the_end_of_the_login_leaves_no_working_token() {
    let app = spawn_app().await;
    let client = register(&app, &[CALLBACK]).await;
    let creds = json!({"client_id": client.client_id, "client_secret": client.client_secret});
    for round in 0..ROUNDS {
        let email = format!("racer{round}@example.com");
        user(&app, &email, true).await;
        let (_, found) = app.get_json(&app.lc(&format!("/people?email={email}"))).await;
        let id = found.as_array().unwrap()[0]["id"].as_str().unwrap().to_owned();
        let mut browser = Browser::new(&app);
        let q = authorize_query(&client.client_id, CALLBACK, "s", None);
        let code = code_of(approve(&mut browser, &q, &email).await.1);
        let body = with(
            creds.clone(),
            json!({"grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK}),
        );
        let login = app.lc(&format!("/people/{id}/user"));
        let (exchanged, ended) = tokio::join!(token_request(&app, body), app.delete(&login));
        assert_eq!(ended.status(), StatusCode::OK, "round {round}");
        if exchanged.0 == StatusCode::OK {
            assert!(
                !works(&app, exchanged.1["access_token"].as_str().unwrap()).await,
                "round {round}"
            );
            let refresh = with(
                creds.clone(),
                json!({"grant_type": "refresh_token", "refresh_token": exchanged.1["refresh_token"]}),
            );
            assert_eq!(
                token_request(&app, refresh).await.0,
                StatusCode::BAD_REQUEST,
                "round {round}"
            );
        } else {
            assert_eq!(exchanged.1["error"], "invalid_grant", "round {round}: {exchanged:?}");
        }
    }
}
