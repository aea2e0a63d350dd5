//! Who am I: `/rest/v1.0/me` for a company's token and a person's, `/rest/v1.0/companies`, and a
//! company's projects paged as Procore's lists.
use crate::helpers::{spawn_app, TestApp};
use crate::oauth_helpers::{approve, authorize_query, register, token_request, user, Browser};
use crate::procore_projects::project;
use reqwest::StatusCode;
use roster_server::admin::create_company;
use serde_json::{json, Value};

async fn get(
    app: &TestApp,
    path: &str,
    token: &str,
    company_header: Option<i64>,
) -> (StatusCode, Value, reqwest::header::HeaderMap) {
    let mut req = app.http.get(format!("{}{path}", app.base)).bearer_auth(token);
    if let Some(c) = company_header {
        req = req.header("Procore-Company-Id", c);
    }
    let res = req.send().await.unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    (status, res.json().await.unwrap(), headers)
}

#[tokio::test]
async fn me_answers_the_service_account_or_the_person() {
    let app = spawn_app().await;
    let c = app.company.procore_company_id;
    let (status, me, _) = get(&app, "/rest/v1.0/me", &app.token, None).await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["id"], (1_i64 << 40) + c);
    assert!(me["name"].as_str().unwrap().ends_with("service account"), "{me}");
    assert!(me["login"].as_str().unwrap().contains('@'));

    // A person's token (the authorization-code flow): that person.
    let client = register(&app, &["https://integration.example/callback"]).await;
    let anna = user(&app, "anna@example.com", false).await;
    let mut browser = Browser::new(&app);
    let q = authorize_query(&client.client_id, "https://integration.example/callback", "s", None);
    let location = approve(&mut browser, &q, "anna@example.com").await.1.unwrap();
    let code: std::collections::BTreeMap<String, String> =
        serde_urlencoded::from_str(location.split_once('?').unwrap().1).unwrap();
    let body = json!({"grant_type": "authorization_code", "code": code["code"], "redirect_uri": "https://integration.example/callback",
        "client_id": client.client_id, "client_secret": client.client_secret});
    let (_, tokens) = token_request(&app, body).await;
    let token = tokens["access_token"].as_str().unwrap();
    let (status, me, _) = get(&app, "/rest/v1.0/me", token, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        me,
        json!({"id": anna, "login": "anna@example.com", "name": "Anna Richardson"})
    );

    // With `company_id` or `project_id`, `Procore-Company-Id` is required and must fit.
    let with_company = format!("/rest/v1.0/me?company_id={c}");
    assert_eq!(
        get(&app, &with_company, &app.token, None).await.0,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(get(&app, &with_company, &app.token, Some(c)).await.0, StatusCode::OK);
    let other = create_company(app.store.as_ref(), "Other Co", None).await.unwrap();
    assert_eq!(
        get(&app, &with_company, &app.token, Some(other.procore_company_id))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let elsewhere = format!("/rest/v1.0/me?company_id={}", other.procore_company_id);
    assert_eq!(
        get(&app, &elsewhere, &app.token, Some(c)).await.0,
        StatusCode::NOT_FOUND
    );
    let p = project(&app, "Tower").await;
    assert_eq!(
        get(&app, &format!("/rest/v1.0/me?project_id={p}"), &app.token, Some(c))
            .await
            .0,
        StatusCode::OK
    );
    assert_eq!(
        get(&app, "/rest/v1.0/me?project_id=999999", &app.token, Some(c))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&app, "/rest/v1.0/me", "rat_made_up", None).await.0,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn companies_and_a_companys_projects_page_as_procore_lists() {
    let app = spawn_app().await;
    let c = app.company.procore_company_id;
    let (status, companies, headers) = get(
        &app,
        "/rest/v1.0/companies?page=1&per_page=100&include_free_companies=True",
        &app.token,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{companies}");
    assert_eq!(
        companies,
        json!([{"id": c, "name": "Acme Builders", "is_active": true, "logo_url": null, "pcn_business_experience": false, "my_company": true}])
    );
    assert_eq!(headers["total"], "1");
    let bad = get(
        &app,
        "/rest/v1.0/companies?include_free_companies=null",
        &app.token,
        None,
    )
    .await;
    assert_eq!(bad.0, StatusCode::BAD_REQUEST);

    for name in ["A", "B", "C"] {
        project(&app, name).await;
    }
    let path = format!("/rest/v1.0/companies/{c}/projects");
    let (status, first, headers) = get(&app, &format!("{path}?per_page=2"), &app.token, Some(c)).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert_eq!(first.as_array().unwrap().len(), 2);
    assert_eq!(
        (
            headers["total"].to_str().unwrap(),
            headers["per-page"].to_str().unwrap()
        ),
        ("3", "2")
    );
    assert!(headers["link"].to_str().unwrap().contains("rel=\"next\""));
    let (_, second, _) = get(&app, &format!("{path}?per_page=2&page=2"), &app.token, Some(c)).await;
    assert_eq!(second.as_array().unwrap()[0]["name"], "C");
    assert_eq!(
        get(&app, &path, &app.token, None).await.0,
        StatusCode::BAD_REQUEST,
        "the header is required"
    );
    let other = create_company(app.store.as_ref(), "Other Co", None).await.unwrap();
    let theirs = format!("/rest/v1.0/companies/{}/projects", other.procore_company_id);
    assert_eq!(get(&app, &theirs, &app.token, Some(c)).await.0, StatusCode::NOT_FOUND);
}
