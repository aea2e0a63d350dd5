//! Procore project people: search and sort beyond ASCII, the same on every store.
use crate::helpers::spawn_app;
use crate::procore_projects::project;
use reqwest::StatusCode;
use serde_json::{json, Value};

#[tokio::test]
async fn search_and_sort_treat_non_ascii_names_alike_on_every_store() {
    let app = spawn_app().await;
    let p = project(&app, "Tower").await;
    let url = format!("{}/rest/v1.0/projects/{p}/people", app.base);
    for (first, last) in [
        ("Änne", "Zöller"),
        ("Emil", "Östlund"),
        ("Bob", "Ärger"),
        ("anne", "Adams"),
    ] {
        let (status, _) = app
            .post_json(&url, &json!({"person": {"first_name": first, "last_name": last}}))
            .await;
        assert_eq!(status, StatusCode::CREATED);
    }
    let names = |v: Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|p| p["last_name"].as_str().unwrap().to_owned())
            .collect()
    };
    // Case-insensitive beyond ASCII: `änne` and `ÄNNE` find Änne, and only her.
    for q in ["änne", "ÄNNE", "Änne"] {
        let (_, found) = app.get_json(&format!("{url}?filters[search]={q}")).await;
        assert_eq!(names(found), ["Zöller"], "{q}");
    }
    let (_, found) = app.get_json(&format!("{url}?filters[search]=ö")).await;
    assert_eq!(names(found), ["Zöller", "Östlund"]);
    // By last name, case folded, compared byte by byte: the same order on SQLite and PostgreSQL.
    let (_, sorted) = app.get_json(&format!("{url}?sort=name")).await;
    assert_eq!(names(sorted), ["Adams", "Zöller", "Ärger", "Östlund"]);
}
