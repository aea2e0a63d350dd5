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

/// The lookups a sync job makes before it writes: by origin id and employee id (exact; Roster's
/// filters), and the search, read from trigram indexes that follow creates and edits.
#[tokio::test]
async fn lookups_by_origin_id_employee_id_and_search_follow_creates_and_edits() {
    let app = spawn_app().await;
    let tower = project(&app, "Tower").await;
    let bridge = project(&app, "Bridge").await;
    let url = |p: i64| format!("{}/rest/v1.0/projects/{p}/people", app.base);
    let mut ids = Vec::new();
    for (p, first, last, origin, emp, title) in [
        (tower, "Maria", "Lopez", "erp-1", "E-1", "Rigger"),
        (tower, "Mario", "Lozano", "erp-2", "E-2", "Foreman"),
        (tower, "Ann", "O\"Neil_%", "erp-3", "E-3", "Welder"),
        (bridge, "Zed", "Bay", "erp-1", "E-1", "Rigger"),
    ] {
        let body = json!({"person": {"first_name": first, "last_name": last, "origin_id": origin,
                                      "employee_id": emp, "job_title": title}});
        let (status, made) = app.post_json(&url(p), &body).await;
        assert_eq!(status, StatusCode::CREATED, "{made}");
        ids.push(made["id"].as_i64().unwrap());
    }
    // Twenty more at once, each found by its own search and origin id.
    let creates = (0..20).map(|i| {
        let body = json!({"person": {"first_name": "Crew", "last_name": format!("Member{i:02}x"),
                                      "origin_id": format!("crew-{i}")}});
        let u = url(tower);
        let app = &app;
        async move { app.post_json(&u, &body).await.0 }
    });
    assert!(futures::future::join_all(creates)
        .await
        .iter()
        .all(|s| *s == StatusCode::CREATED));
    let names = |v: &Value| -> Vec<String> {
        let mut n: Vec<String> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["last_name"].as_str().unwrap().to_owned())
            .collect();
        n.sort();
        n
    };
    let found = |p: i64, q: String| {
        let app = &app;
        let u = format!("{}?{q}", url(p));
        async move {
            let (status, v) = app.get_json(&u).await;
            assert_eq!(status, StatusCode::OK, "{q}: {v}");
            names(&v)
        }
    };
    for (q, expected) in [
        ("filters[origin_id]=erp-1", vec!["Lopez"]),
        (
            "filters[origin_id]=erp-1&filters[include_company_people]=true",
            vec!["Bay", "Lopez"],
        ),
        ("filters[origin_id]=ERP-1", vec![]),
        ("filters[employee_id]=E-2", vec!["Lozano"]),
        (
            "filters[employee_id]=E-1&filters[include_company_people]=true",
            vec!["Bay", "Lopez"],
        ),
        ("filters[employee_id]=e-2", vec![]),
        ("filters[origin_id]=crew-7", vec!["Member07x"]),
        // A substring of the name or title, by trigrams; shorter than three letters, by reading.
        ("filters[search]=maria%20lo", vec!["Lopez"]),
        ("filters[search]=LOZ", vec!["Lozano"]),
        ("filters[search]=igge", vec!["Lopez"]),
        ("filters[search]=ma", vec!["Lopez", "Lozano"]),
        ("filters[search]=o%22n", vec!["O\"Neil_%"]),
        ("filters[search]=l_%25", vec!["O\"Neil_%"]),
        ("filters[search]=%25", vec!["O\"Neil_%"]),
        (
            "filters[search]=member1",
            vec![
                "Member10x",
                "Member11x",
                "Member12x",
                "Member13x",
                "Member14x",
                "Member15x",
                "Member16x",
                "Member17x",
                "Member18x",
                "Member19x",
            ],
        ),
        ("filters[search]=er07x", vec!["Member07x"]),
        (
            "filters[search]=rigger&filters[include_company_people]=true",
            vec!["Bay", "Lopez"],
        ),
    ] {
        assert_eq!(found(tower, q.to_owned()).await, expected, "{q}");
    }
    // An edit moves the person in every lookup.
    let res = app
        .http
        .patch(format!("{}/{}", url(tower), ids[0]))
        .bearer_auth(&app.token)
        .header("Procore-Company-Id", app.company.procore_company_id.to_string())
        .json(&json!({"person": {"last_name": "Garcia", "origin_id": "erp-9", "employee_id": "E-9", "job_title": "Cook"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    for (q, expected) in [
        ("filters[search]=lopez", vec![]),
        ("filters[search]=maria%20garc", vec!["Garcia"]),
        ("filters[search]=rigger", vec![]),
        ("filters[search]=cook", vec!["Garcia"]),
        ("filters[origin_id]=erp-1", vec![]),
        ("filters[origin_id]=erp-9", vec!["Garcia"]),
        ("filters[employee_id]=E-9", vec!["Garcia"]),
    ] {
        assert_eq!(found(tower, q.to_owned()).await, expected, "{q}");
    }
}
