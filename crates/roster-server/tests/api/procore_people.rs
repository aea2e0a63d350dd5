//! Procore Project People: reference people, views, paging, origin_id uniqueness (filters and
//! sorts: procore_people_lists.rs).
use crate::helpers::{spawn_app, TestApp};
use crate::procore_projects::project;
use reqwest::StatusCode;
use serde_json::{json, Value};

const NORMAL: &[&str] = &[
    "contact",
    "employee_id",
    "first_name",
    "id",
    "is_employee",
    "last_name",
    "origin_id",
    "user_id",
    "user_uuid",
    "work_classification_id",
];
const EXTENDED_EXTRA: &[&str] = &["vendor", "work_classification"];
const WEB: &[&str] = &[
    "address",
    "avatar",
    "business_phone",
    "city",
    "connected",
    "country_code",
    "created_at",
    "email",
    "erp_integrated_accountant",
    "fax_number",
    "first_name",
    "id",
    "initials",
    "is_employee",
    "job_title",
    "last_login_at",
    "last_name",
    "mobile_phone",
    "origin_id",
    "permission_template",
    "reference_user",
    "state_code",
    "updated_at",
    "user_id",
    "vendor",
    "welcome_email_sent_at",
    "work_classification",
    "zip",
];

fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
    k.sort();
    k
}

fn sorted(list: &[&str]) -> Vec<String> {
    let mut k: Vec<String> = list.iter().map(|s| s.to_string()).collect();
    k.sort();
    k
}

pub fn people_url(app: &TestApp, project: i64) -> String {
    format!("{}/rest/v1.0/projects/{project}/people", app.base)
}

async fn work_classification(app: &TestApp, name: &str) -> i64 {
    let url = format!(
        "{}/rest/v1.0/companies/{}/work_classifications",
        app.base, app.company.procore_company_id
    );
    app.post_json(&url, &json!({"work_classification": {"name": name}}))
        .await
        .1["id"]
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn create_in_each_view_with_exact_keys() {
    let app = spawn_app().await;
    let p = project(&app, "Tower").await;
    let wc = work_classification(&app, "Journeyman").await;
    let url = people_url(&app, p);
    let person = json!({"person": {"first_name": "ann", "last_name": "Lee", "job_title": "Foreman", "origin_id": "ext-1",
                                   "employee_id": "E1", "is_employee": true, "work_classification_id": wc}});
    let extended = [NORMAL, EXTENDED_EXTRA].concat();
    for (query, expected, origin) in [
        ("", sorted(NORMAL), "ext-1"),
        ("?view=normal", sorted(NORMAL), "ext-2"),
        ("?view=bogus", sorted(NORMAL), "ext-3"),
        ("?view=extended", sorted(&extended), "ext-4"),
        ("?view=web", sorted(WEB), "ext-5"),
    ] {
        let mut body = person.clone();
        body["person"]["origin_id"] = json!(origin);
        let (status, v) = app.post_json(&format!("{url}{query}"), &body).await;
        assert_eq!(status, StatusCode::CREATED, "{query}: {v}");
        assert_eq!(keys(&v), expected, "{query}");
        assert!(v["id"].as_i64().is_some());
        assert!(v["user_id"].is_null(), "a reference person, never a login");
        match query {
            "?view=extended" => {
                assert_eq!(v["work_classification"], json!({"id": wc, "name": "Journeyman"}));
                assert!(v["vendor"].is_null());
            }
            "?view=web" => {
                assert_eq!(
                    (
                        v["initials"].clone(),
                        v["reference_user"].clone(),
                        v["job_title"].clone()
                    ),
                    (json!("AL"), json!(true), json!("Foreman"))
                );
                assert_eq!(v["work_classification"]["name"], "Journeyman");
            }
            _ => {
                assert_eq!(v["contact"], json!({"is_active": true, "email": null}));
                assert_eq!(
                    (
                        v["employee_id"].clone(),
                        v["work_classification_id"].clone(),
                        v["is_employee"].clone()
                    ),
                    (json!("E1"), json!(wc), json!(true))
                );
                assert!(v["user_uuid"].is_null());
            }
        }
    }
    let (status, v) = app.post_json(&url, &json!({"person": {"last_name": "Min"}})).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(
        (
            v["is_employee"].clone(),
            v["origin_id"].clone(),
            v["first_name"].clone()
        ),
        (json!(false), Value::Null, Value::Null)
    );

    // People created here never appear as LaborChart people, let alone users.
    let res = app.get(&app.lc("/people")).await;
    assert_eq!(res.headers()["total"], "0");
}

#[tokio::test]
async fn create_errors_use_procores_shapes() {
    let app = spawn_app().await;
    let p = project(&app, "Tower").await;
    let url = people_url(&app, p);
    for (body, status, field) in [
        (json!({}), 400, "person"),
        (json!({"person": {"first_name": "A"}}), 400, "last_name"),
        (
            json!({"person": {"last_name": "A", "is_employee": "no"}}),
            400,
            "is_employee",
        ),
        (
            json!({"person": {"last_name": "A", "work_classification_id": 999}}),
            422,
            "work_classification_id",
        ),
    ] {
        let (s, res) = app.post_json(&url, &body).await;
        assert_eq!(s.as_u16(), status, "{body}: {res}");
        assert!(res["errors"][field][0].is_string(), "{res}");
    }
    app.post_json(&url, &json!({"person": {"last_name": "A", "origin_id": "same"}}))
        .await;
    let (s, res) = app
        .post_json(&url, &json!({"person": {"last_name": "B", "origin_id": "same"}}))
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(res["errors"]["origin_id"], json!(["has already been taken"]));
    assert!(res["error"].is_string());
    // The same origin_id in another project is fine.
    let other = project(&app, "Bridge").await;
    let (s, _) = app
        .post_json(
            &people_url(&app, other),
            &json!({"person": {"last_name": "B", "origin_id": "same"}}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);

    let res = app
        .http
        .post(&url)
        .bearer_auth(&app.token)
        .header("Procore-Company-Id", app.company.procore_company_id)
        .header("content-type", "application/json")
        .body("{oops")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(res.json::<Value>().await.unwrap()["error"].is_string());
    let (s, res) = app
        .post_json(&people_url(&app, 987654), &json!({"person": {"last_name": "A"}}))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(res["error"].is_string());
}

#[tokio::test]
async fn patch_updates_the_given_fields() {
    let app = spawn_app().await;
    let p = project(&app, "Tower").await;
    let url = people_url(&app, p);
    let (_, a) = app
        .post_json(
            &url,
            &json!({"person": {"first_name": "Ann", "last_name": "Lee", "origin_id": "a", "employee_id": "E1"}}),
        )
        .await;
    app.post_json(&url, &json!({"person": {"last_name": "Kim", "origin_id": "b"}}))
        .await;
    let id = a["id"].as_i64().unwrap();
    let res = app
        .http
        .patch(format!("{url}/{id}?view=extended"))
        .bearer_auth(&app.token)
        .header("Procore-Company-Id", app.company.procore_company_id)
        .json(&json!({"person": {"is_employee": true, "employee_id": null}}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let v: Value = res.json().await.unwrap();
    assert_eq!(keys(&v), sorted(&[NORMAL, EXTENDED_EXTRA].concat()));
    assert_eq!(
        (
            v["is_employee"].clone(),
            v["employee_id"].clone(),
            v["first_name"].clone(),
            v["origin_id"].clone()
        ),
        (json!(true), Value::Null, json!("Ann"), json!("a"))
    );
    let patch = |id: i64, body: Value| {
        app.http
            .patch(format!("{url}/{id}"))
            .bearer_auth(&app.token)
            .header("Procore-Company-Id", app.company.procore_company_id)
            .json(&body)
            .send()
    };
    let res = patch(id, json!({"person": {"origin_id": "b"}})).await.unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let res = patch(id, json!({"person": {"last_name": null}})).await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(res.json::<Value>().await.unwrap()["errors"]["last_name"].is_array());
    let res = patch(id, json!({"person": {"work_classification_id": 984_452}}))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "as on create");
    assert!(res.json::<Value>().await.unwrap()["errors"]["work_classification_id"].is_array());
    let res = patch(999_999, json!({"person": {"last_name": "X"}})).await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

fn links(res: &reqwest::Response) -> Vec<(String, u32)> {
    let Some(h) = res.headers().get("link") else {
        return Vec::new();
    };
    h.to_str()
        .unwrap()
        .split(", ")
        .map(|part| {
            let (url, rel) = part.split_once("; ").unwrap();
            let page = url
                .split("page=")
                .nth(1)
                .unwrap()
                .split('&')
                .next()
                .unwrap()
                .trim_end_matches('>')
                .parse()
                .unwrap();
            assert!(url.contains("per_page=100"), "{url}");
            (rel.trim_start_matches("rel=\"").trim_end_matches('"').to_owned(), page)
        })
        .collect()
}

#[tokio::test]
async fn paging_across_250_people() {
    let app = spawn_app().await;
    let p = project(&app, "Tower").await;
    let url = people_url(&app, p);
    for i in 0..250 {
        app.post_json(&url, &json!({"person": {"last_name": format!("P{i:03}")}}))
            .await;
    }
    let mut seen = Vec::new();
    for (page, len, expected) in [
        // As Procore's pagination page lays them out: no `prev` on page 2, no `next` on the last.
        (1, 100, vec![("last", 3), ("next", 2)]),
        (2, 100, vec![("first", 1), ("last", 3), ("next", 3)]),
        (3, 50, vec![("first", 1), ("prev", 2), ("last", 3)]),
    ] {
        let res = app.get(&format!("{url}?page={page}&view=web")).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()["total"], "250");
        assert_eq!(res.headers()["per-page"], "100");
        let got = links(&res);
        assert_eq!(
            got,
            expected.iter().map(|(r, p)| (r.to_string(), *p)).collect::<Vec<_>>(),
            "page {page}"
        );
        assert!(
            res.headers()["link"].to_str().unwrap().contains("view=web"),
            "links keep the other parameters"
        );
        let list: Vec<Value> = res.json().await.unwrap();
        assert_eq!(list.len(), len);
        seen.extend(list.into_iter().map(|v| v["id"].as_i64().unwrap()));
    }
    let mut sorted_ids = seen.clone();
    sorted_ids.sort_unstable();
    sorted_ids.dedup();
    assert_eq!(sorted_ids.len(), 250, "every person once");
    let (status, past) = app.get_json(&format!("{url}?page=4")).await;
    assert_eq!((status, past), (StatusCode::OK, json!([])));
    let res = app.get(&format!("{url}?per_page=5000")).await;
    assert_eq!(res.headers()["per-page"], "5000");
    assert_eq!(res.json::<Vec<Value>>().await.unwrap().len(), 250);
    // Procore's documented maximum is 10,000; more is capped.
    let res = app.get(&format!("{url}?per_page=20000")).await;
    assert_eq!(res.headers()["per-page"], "10000");
    for bad in ["page=0", "page=x", "per_page=-1"] {
        let (status, res) = app.get_json(&format!("{url}?{bad}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(res["errors"].is_object());
    }
}
