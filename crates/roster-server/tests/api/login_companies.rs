//! One email with logins in several companies: the password first, then `company_id`.
use crate::helpers::{error, person_body, spawn_app, with};
use crate::logins::{login, worker};
use reqwest::StatusCode;
use serde_json::{json, Value};

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
    let created = app
        .http
        .post(url("/people"))
        .bearer_auth(&token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::OK);
    let other_person = created.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // A wrong password gets the same 401 as for an email with one login: the password is checked
    // before `company_id` is asked for.
    let res = login(&app, json!({"email": "both@example.com", "password": "Wrong1234"})).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    error("UnauthorizedError", "invalidCredentials")(&res.json().await.unwrap());
    // A password only one of the logins has picks that login.
    let res = login(&app, json!({"email": "both@example.com", "password": "Other1234"})).await;
    assert_eq!(res.status(), StatusCode::OK);
    // The same password in both companies: which one must be said.
    let same = app
        .http
        .post(url(&format!("/people/{other_person}/user")))
        .bearer_auth(&token)
        .json(&json!({"permission_level_id": levels[1]["id"], "password": "Sup3rSecret"}))
        .send()
        .await
        .unwrap();
    assert_eq!(same.status(), StatusCode::OK);
    let res = login(&app, json!({"email": "both@example.com", "password": "Sup3rSecret"})).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    error("ValidationError", "companyRequired")(&res.json().await.unwrap());
    for company in [json!(777), json!(other.id)] {
        let res = login(
            &app,
            json!({"email": "both@example.com", "password": "Sup3rSecret", "company_id": company}),
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
