//! Procore REST v1.0 projects and work classifications, with Procore's conventions.
use crate::helpers::{spawn_app, token_for, TestApp};
use reqwest::StatusCode;
use roster_server::admin::create_company;
use serde_json::{json, Value};

pub async fn project(app: &TestApp, name: &str) -> i64 {
    let body = json!({"company_id": app.company.procore_company_id, "project": {"name": name}});
    let (status, p) = app.post_json(&format!("{}/rest/v1.0/projects", app.base), &body).await;
    assert_eq!(status, StatusCode::CREATED, "{p}");
    p["id"].as_i64().unwrap()
}

#[tokio::test]
async fn projects_are_created_listed_and_shown() {
    let app = spawn_app().await;
    let url = format!("{}/rest/v1.0/projects", app.base);
    let c = app.company.procore_company_id;
    let (status, p) = app
        .post_json(
            &url,
            &json!({"company_id": c, "project": {"name": "Tower", "project_number": "T-1", "active": false}}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let keys: Vec<&str> = p.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "active",
            "company",
            "created_at",
            "id",
            "name",
            "project_number",
            "updated_at"
        ]
    );
    assert_eq!(
        (p["name"].clone(), p["project_number"].clone(), p["active"].clone()),
        (json!("Tower"), json!("T-1"), json!(false))
    );
    assert_eq!(p["company"], json!({"id": c, "name": "Acme Builders"}));
    let id = p["id"].as_i64().unwrap();
    project(&app, "Bridge").await;

    let (status, list) = app.get_json(&format!("{url}?company_id={c}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(list[0], p);
    let (status, shown) = app.get_json(&format!("{url}/{id}?company_id={c}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(shown, p);

    for (body, field) in [
        (json!({"company_id": c}), "project"),
        (json!({"company_id": c, "project": {}}), "name"),
        (
            json!({"company_id": c, "project": {"name": "X", "active": "yes"}}),
            "active",
        ),
        (json!({"project": {"name": "X"}}), "company_id"),
    ] {
        let (status, res) = app.post_json(&url, &body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert!(res["errors"][field].as_array().is_some_and(|m| !m.is_empty()), "{res}");
    }
    let (status, res) = app.get_json(&format!("{url}/999999?company_id={c}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(res["error"].is_string());
    let (status, _) = app.get_json(&format!("{url}?company_id=424242")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app.get_json(&url).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "company_id is needed");
}

#[tokio::test]
async fn the_header_and_other_companies() {
    let app = spawn_app().await;
    let id = project(&app, "Tower").await;
    let url = format!("{}/rest/v1.0/projects/{id}/people", app.base);
    let res = app.http.get(&url).bearer_auth(&app.token).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(res.headers()["content-type"], "application/json");
    assert_eq!(
        res.json::<Value>().await.unwrap(),
        json!({"error": "Missing Procore-Company-Id header"})
    );
    let res = app
        .http
        .get(&url)
        .header("Procore-Company-Id", app.company.procore_company_id)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(res.json::<Value>().await.unwrap()["error"].is_string());

    let other = create_company(app.store.as_ref(), "Other", None).await.unwrap();
    let token = token_for(&app.http, &app.base, &other).await;
    // B's token naming A in the header: refused.
    let res = app
        .http
        .get(&url)
        .bearer_auth(&token)
        .header("Procore-Company-Id", app.company.procore_company_id)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // B's token and header, A's project: not found, whatever the route.
    let b = |req: reqwest::RequestBuilder| {
        req.bearer_auth(&token)
            .header("Procore-Company-Id", other.procore_company_id)
    };
    let base = &app.base;
    for req in [
        app.http.get(&url),
        app.http.post(&url).json(&json!({"person": {"last_name": "X"}})),
        app.http
            .patch(format!("{url}/1"))
            .json(&json!({"person": {"last_name": "X"}})),
        app.http.get(format!(
            "{base}/rest/v1.0/projects/{id}?company_id={}",
            other.procore_company_id
        )),
        app.http.get(format!(
            "{base}/rest/v1.0/projects?company_id={}",
            app.company.procore_company_id
        )),
        app.http.get(format!(
            "{base}/rest/v1.0/companies/{}/work_classifications",
            app.company.procore_company_id
        )),
    ] {
        let res = b(req).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
        let body: Value = res.json().await.unwrap();
        assert!(
            body["error"].is_string() && !body.to_string().contains("Tower"),
            "{body}"
        );
    }
}

#[tokio::test]
async fn work_classifications() {
    let app = spawn_app().await;
    let url = format!(
        "{}/rest/v1.0/companies/{}/work_classifications",
        app.base, app.company.procore_company_id
    );
    let (status, wc) = app
        .post_json(&url, &json!({"work_classification": {"name": "Journeyman"}}))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(wc, json!({"id": wc["id"], "name": "Journeyman"}));
    assert!(wc["id"].as_i64().is_some());
    let (status, res) = app.post_json(&url, &json!({"work_classification": {}})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(res["errors"]["name"].is_array());
    let (_, list) = app.get_json(&url).await;
    assert_eq!(list, json!([wc]));
    // The company's UUID names it too.
    let (status, _) = app
        .get_json(&format!(
            "{}/rest/v1.0/companies/{}/work_classifications",
            app.base, app.company.id
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
}
