use crate::helpers::{error, person_body, spawn_app, token_for};
use reqwest::StatusCode;
use roster_server::admin::create_company;
use serde_json::Value;

#[tokio::test]
async fn both_mounts_and_both_company_id_forms_reach_the_same_person() {
    let app = spawn_app().await;
    let group = app.group("Field").await;
    let id = app.person(&person_body(&group)).await;
    let c = &app.company;
    let mut seen = Vec::new();
    for prefix in ["/v2/companies", "/rest/v1.0/workforce-planning/v2/companies"] {
        for company in [c.id.clone(), c.procore_company_id.to_string()] {
            let url = format!("{}{prefix}/{company}/people/{id}", app.base);
            let (status, body) = app.get_json(&url).await;
            assert_eq!(status, StatusCode::OK, "{url}: {body}");
            assert_eq!(body["company_id"], c.id.as_str(), "company_id is always the UUID");
            seen.push(body);
        }
    }
    assert!(seen.windows(2).all(|w| w[0] == w[1]));
}

#[tokio::test]
async fn procore_company_id_header_rules() {
    let app = spawn_app().await;
    let send = |url: String, header: Option<String>| {
        let mut req = app.http.get(url).bearer_auth(&app.token);
        if let Some(h) = header {
            req = req.header("Procore-Company-Id", h);
        }
        req.send()
    };
    // Facade: required.
    let res = send(app.facade("/groups"), None).await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: Value = res.json().await.unwrap();
    error("ValidationError", "missingProcoreCompanyId")(&body);
    assert_eq!(body["message"]["details"], "Missing Procore-Company-Id header");
    // Facade: must be the path's company.
    let res = send(app.facade("/groups"), Some("999999".into())).await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    error("ForbiddenError", "companyMismatch")(&res.json().await.unwrap());
    let res = send(app.facade("/groups"), Some("garbage".into())).await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    for ok in [app.company.procore_company_id.to_string(), app.company.id.clone()] {
        assert_eq!(
            send(app.facade("/groups"), Some(ok)).await.unwrap().status(),
            StatusCode::OK
        );
    }
    // LaborChart: optional, but must match when present.
    assert_eq!(send(app.lc("/groups"), None).await.unwrap().status(), StatusCode::OK);
    assert_eq!(
        send(app.lc("/groups"), Some("999999".into())).await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn another_companys_token_sees_nothing_and_learns_nothing() {
    let app = spawn_app().await;
    let group = app.group("Field").await;
    let person = app.person(&person_body(&group)).await;
    let (_, shown) = app.get_json(&app.lc(&format!("/people/{person}"))).await;
    let person_int = shown["procore_person_id"].as_i64().unwrap();

    let other = create_company(app.store.as_ref(), "Other Co", None).await.unwrap();
    let other_token = token_for(&app.http, &app.base, &other).await;
    let get = |url: String| {
        app.http
            .get(url)
            .bearer_auth(&other_token)
            .header("Procore-Company-Id", other.procore_company_id)
            .send()
    };

    // A's company in the path, by UUID and integer, on both mounts; and a company that does not exist.
    let a = &app.company;
    let mut bodies = Vec::new();
    for company in [
        a.id.clone(),
        a.procore_company_id.to_string(),
        "987654".into(),
        uuid::Uuid::new_v4().to_string(),
    ] {
        for prefix in ["/v2/companies", "/rest/v1.0/workforce-planning/v2/companies"] {
            for path in [
                format!("/people/{person}"),
                "/people".into(),
                "/groups".into(),
                format!("/groups/{group}"),
            ] {
                let res = get(format!("{}{prefix}/{company}{path}", app.base)).await.unwrap();
                let status = res.status();
                let body: Value = res.json().await.unwrap();
                assert!(
                    status == StatusCode::NOT_FOUND || status == StatusCode::FORBIDDEN,
                    "{status} {body}"
                );
                assert!(!body.to_string().contains("Anna"), "{body}");
                bodies.push((status, body));
            }
        }
    }
    assert!(
        bodies.windows(2).all(|w| w[0] == w[1]),
        "existing and missing companies answer alike"
    );

    // B's own path, A's ids: the same 404 as an id that does not exist.
    let own = |path: String| format!("{}/v2/companies/{}{path}", app.base, other.id);
    let missing = get(own(format!("/people/{}", uuid::Uuid::new_v4()))).await.unwrap();
    let missing_status = missing.status();
    let missing_body: Value = missing.json().await.unwrap();
    assert_eq!(missing_status, StatusCode::NOT_FOUND);
    for path in [format!("/people/{person}"), format!("/people/{person_int}")] {
        let res = get(own(path)).await.unwrap();
        assert_eq!(res.status(), missing_status);
        assert_eq!(res.json::<Value>().await.unwrap(), missing_body);
    }
    let res = get(own(format!("/groups/{group}"))).await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let (status, list) = {
        let res = get(own("/people".into())).await.unwrap();
        (res.status(), res.json::<Value>().await.unwrap())
    };
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list, serde_json::json!([]));

    // B cannot put A's group on its own person.
    let res = app
        .http
        .post(own("/people".into()))
        .bearer_auth(&other_token)
        .json(&person_body(&group))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    error("ValidationError", "unknownReference")(&res.json().await.unwrap());
}
