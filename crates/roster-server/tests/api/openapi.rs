use crate::helpers::spawn_app;
use serde_json::Value;

#[tokio::test]
async fn the_document_describes_every_route_on_both_mounts() {
    let app = spawn_app().await;
    let res = app.http.get(format!("{}/openapi.json", app.base)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let doc: Value = res.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    let paths = doc["paths"].as_object().unwrap();
    for prefix in [
        "/v2/companies/{company_id}",
        "/rest/v1.0/workforce-planning/v2/companies/{company_id}",
    ] {
        for (path, methods) in [
            ("/people", &["get", "post"][..]),
            ("/people/{person_id}", &["get", "post", "delete"]),
            ("/people/{person_id}/tags", &["post"]),
            ("/people/{person_id}/tags/{tag_instance_id}", &["delete"]),
            ("/people/{person_id}/groups", &["post"]),
            ("/people/{person_id}/groups/{group_id}", &["delete"]),
            ("/groups", &["get", "post"]),
            ("/groups/{group_id}", &["get", "post", "delete"]),
            ("/groups/{group_id}/people", &["get"]),
            ("/job-titles", &["get", "post"]),
            ("/job-titles/{job_title_id}", &["get", "post", "delete"]),
            ("/tags", &["get", "post"]),
            ("/tags/{tag_id}", &["get", "post", "delete"]),
            ("/permission-level-options", &["get"]),
            ("/notification-profiles", &["get"]),
            ("/people/{person_id}/time-off", &["get", "post"]),
            (
                "/people/{person_id}/time-off/{time_off_id}",
                &["get", "patch", "delete"],
            ),
        ] {
            let item = &paths[&format!("{prefix}{path}")];
            for m in methods {
                assert!(item[*m].is_object(), "{prefix}{path} {m}");
            }
        }
    }
    // The tag routes answer an array of one object on the facade, as Procore's spec prints them.
    for (path, method) in [
        ("/tags", "post"),
        ("/tags/{tag_id}", "delete"),
        ("/tags/{tag_id}/groups", "post"),
        ("/tags/{tag_id}/groups/{group_id}", "delete"),
    ] {
        let ok = |prefix: &str| {
            paths[&format!("{prefix}{path}")][method]["responses"]["200"]["content"]["application/json"]["schema"]
                ["type"]
                .clone()
        };
        assert_eq!(
            ok("/rest/v1.0/workforce-planning/v2/companies/{company_id}"),
            "array",
            "{path}"
        );
        assert_ne!(ok("/v2/companies/{company_id}"), "array", "{path}");
    }
    assert!(paths["/rest/v1.0/projects/{project_id}/people/inactive"]["get"].is_object());
    assert!(paths["/oauth/token"]["post"].is_object());
    assert!(doc["components"]["schemas"]["PersonView"].is_object());
}

#[tokio::test]
async fn request_bodies_carry_their_limits_and_every_operation_its_errors() {
    let app = spawn_app().await;
    let doc: Value = app
        .http
        .get(format!("{}/openapi.json", app.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let create = &doc["paths"]["/v2/companies/{company_id}/people"]["post"];
    assert_eq!(
        create["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/PersonBody"
    );
    let schemas = &doc["components"]["schemas"];
    let person = &schemas["PersonBody"]["properties"];
    assert_eq!(
        person["first_name"]["oneOf"][0]["maxLength"],
        roster_core::limits::MAX_NAME
    );
    assert_eq!(
        person["address_1"]["oneOf"][0]["maxLength"],
        roster_core::limits::MAX_TEXT
    );
    assert_eq!(person["email"]["oneOf"][0]["maxLength"], roster_core::limits::MAX_EMAIL);
    assert_eq!(
        person["tag_instances"]["oneOf"][0]["items"]["required"],
        serde_json::json!(["tag_id"])
    );
    // Bodies read by serde structs: each field's schema comes from the same constant as its check.
    let group = &schemas["GroupBody"]["properties"];
    assert_eq!(group["name"]["oneOf"][0]["maxLength"], roster_core::limits::MAX_NAME);
    assert_eq!(
        group["zipcode"]["oneOf"][0]["maxLength"],
        roster_core::limits::MAX_SHORT
    );
    assert_eq!(
        schemas["TagBody"]["properties"]["group_ids"]["oneOf"][0]["maxItems"],
        roster_core::limits::MAX_ITEMS
    );
    // Every operation lists the errors any route can give; token-bound ones the token errors too.
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let responses = op["responses"].as_object().unwrap();
            for status in ["400", "404", "408", "413", "503"] {
                assert!(responses.contains_key(status), "{method} {path} lacks {status}");
            }
            if op["security"].as_array().is_some_and(|s| !s.is_empty()) {
                for status in ["401", "429"] {
                    assert!(responses.contains_key(status), "{method} {path} lacks {status}");
                }
            }
        }
    }
}

#[tokio::test]
async fn a_browsable_page_renders_the_document_from_the_binary() {
    let app = spawn_app().await;
    let res = app.http.get(format!("{}/docs", app.base)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let page = res.text().await.unwrap();
    assert!(page.contains("fetch(\"/openapi.json\")"));
    assert!(
        !page.contains("http://") && !page.contains("https://"),
        "nothing loaded from the internet"
    );
}
