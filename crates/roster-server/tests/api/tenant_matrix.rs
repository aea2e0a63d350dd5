//! Every route, with company B's token, against company A's resources — by UUID and by integer id,
//! on every mount: always 403/404, never A's data, and the same answer as for an id that does not
//! exist, so nothing is revealed. Afterwards A's data is unchanged.
use crate::helpers::{person_body, spawn_app, token_for, with};
use reqwest::Method;
use roster_server::admin::create_company;
use serde_json::{json, Value};
use std::collections::HashMap;

const ROUTES: &[(&str, &str, Option<&str>)] = &[
    ("GET", "/people/{person}", None),
    ("POST", "/people/{person}", Some(r#"{"first_name": "Mallory"}"#)),
    ("DELETE", "/people/{person}", None),
    ("POST", "/people/{person}/tags", Some(r#"{"tag_id": "{tag}"}"#)),
    ("DELETE", "/people/{person}/tags/{instance}", None),
    ("POST", "/people/{person}/groups", Some(r#"{"group_id": "{group}"}"#)),
    ("DELETE", "/people/{person}/groups/{group}", None),
    (
        "POST",
        "/people/{person}/user",
        Some(r#"{"permission_level_id": "{level}", "password": "Mall0ryPass"}"#),
    ),
    ("DELETE", "/people/{person}/user", None),
    ("POST", "/people/{person}/user/invite", Some("{}")),
    ("GET", "/groups/{group}", None),
    ("POST", "/groups/{group}", Some(r#"{"name": "Mallory"}"#)),
    ("DELETE", "/groups/{group}", None),
    ("GET", "/groups/{group}/people", None),
    ("GET", "/job-titles/{job_title}", None),
    ("POST", "/job-titles/{job_title}", Some(r#"{"name": "Mallory"}"#)),
    ("DELETE", "/job-titles/{job_title}", None),
    ("GET", "/tags/{tag}", None),
    ("POST", "/tags/{tag}", Some(r#"{"name": "Mallory"}"#)),
    ("DELETE", "/tags/{tag}", None),
    // B's own person, A's references in the body.
    (
        "POST",
        "/people",
        Some(
            r#"{"first_name": "M", "last_name": "M", "is_user": false, "is_assignable": true, "status": "active", "group_ids": ["{group}"]}"#,
        ),
    ),
    ("POST", "/people/{own_person}/tags", Some(r#"{"tag_id": "{tag}"}"#)),
    (
        "POST",
        "/people/{own_person}/groups",
        Some(r#"{"group_id": "{group}"}"#),
    ),
    (
        "POST",
        "/people/{own_person}/user",
        Some(r#"{"permission_level_id": "{level}"}"#),
    ),
    (
        "POST",
        "/job-titles",
        Some(r#"{"name": "M", "group_ids": ["{group}"]}"#),
    ),
];

fn fill(template: &str, ids: &HashMap<&str, String>) -> String {
    ids.iter()
        .fold(template.to_owned(), |s, (k, v)| s.replace(&format!("{{{k}}}"), v))
}

/// The answer with every id of either map replaced, so A's ids and made-up ones compare equal.
fn normalized(body: &str, maps: &[&HashMap<&str, String>]) -> String {
    maps.iter()
        .flat_map(|m| m.values())
        .filter(|id| id.len() == 36)
        .fold(body.to_owned(), |s, id| s.replace(id.as_str(), "<id>"))
}

#[tokio::test]
async fn company_b_learns_nothing_about_company_a_on_any_route() {
    let app = spawn_app().await;
    // Company A's world.
    let group = app.group("Secret Crew").await;
    let (_, jt) = app
        .post_json(&app.lc("/job-titles"), &json!({"name": "Secret Title"}))
        .await;
    let (_, tag) = app.post_json(&app.lc("/tags"), &json!({"name": "Secret Tag"})).await;
    let level = app.level(false).await;
    let person = app
        .person(&with(
            person_body(&group),
            json!({"first_name": "Alice", "email": "alice@a.example", "tag_instances": [{"tag_id": tag["id"]}]}),
        ))
        .await;
    let (_, before) = app.get_json(&app.lc(&format!("/people/{person}"))).await;
    let a_ids: HashMap<&str, String> = HashMap::from([
        ("person", person.clone()),
        ("group", group.clone()),
        ("tag", tag["id"].as_str().unwrap().to_owned()),
        ("job_title", jt["id"].as_str().unwrap().to_owned()),
        (
            "instance",
            before["tag_instances"][0]["id"].as_str().unwrap().to_owned(),
        ),
        ("level", level.clone()),
    ]);
    let mut a_int = a_ids.clone();
    a_int.insert("person", before["procore_person_id"].to_string());
    let fresh = || uuid::Uuid::new_v4().to_string();
    let missing: HashMap<&str, String> = a_ids.keys().map(|k| (*k, fresh())).collect();
    let mut missing_int = missing.clone();
    missing_int.insert("person", "987654321".into());

    // Company B, with a person of its own.
    let b = create_company(app.store.as_ref(), "Mallory Inc", None).await.unwrap();
    let b_token = token_for(&app.http, &app.base, &b).await;
    let b_group: Value = app
        .http
        .post(format!("{}/v2/companies/{}/groups", app.base, b.id))
        .bearer_auth(&b_token)
        .json(&json!({"name": "G", "timezone": "UTC"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let own: Value = app
        .http
        .post(format!("{}/v2/companies/{}/people", app.base, b.id))
        .bearer_auth(&b_token)
        .json(&person_body(b_group["id"].as_str().unwrap()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();

    let send = |method: &str, url: String, body: Option<String>| {
        let mut req = app
            .http
            .request(Method::from_bytes(method.as_bytes()).unwrap(), url)
            .bearer_auth(&b_token);
        req = req.header("Procore-Company-Id", b.procore_company_id);
        if let Some(body) = body {
            req = req.header("content-type", "application/json").body(body);
        }
        async move {
            let res = req.send().await.unwrap();
            (res.status().as_u16(), res.text().await.unwrap())
        }
    };
    let mounts = ["/v2/companies", "/rest/v1.0/workforce-planning/v2/companies"];
    let mut checked = 0;
    for (method, template, body) in ROUTES {
        for (real, made_up) in [(&a_ids, &missing), (&a_int, &missing_int)] {
            let mut real = real.clone();
            let mut made_up = made_up.clone();
            for m in [&mut real, &mut made_up] {
                m.insert("own_person", own["id"].as_str().unwrap().to_owned());
            }
            for mount in mounts {
                for company in [b.id.clone(), b.procore_company_id.to_string()] {
                    let url =
                        |ids: &HashMap<&str, String>| format!("{}{mount}/{company}{}", app.base, fill(template, ids));
                    let body_for = |ids: &HashMap<&str, String>| body.map(|b| fill(b, ids));
                    let (status, text) = send(method, url(&real), body_for(&real)).await;
                    let (status2, text2) = send(method, url(&made_up), body_for(&made_up)).await;
                    let what = format!("{method} {mount}/{company}{template}");
                    assert!(matches!(status, 400 | 403 | 404), "{what}: {status} {text}");
                    assert_eq!(status, status2, "{what}: A's id and a made-up one answer alike");
                    assert_eq!(
                        normalized(&text, &[&real, &made_up]),
                        normalized(&text2, &[&real, &made_up]),
                        "{what}"
                    );
                    for secret in ["Alice", "alice@a.example", "Secret"] {
                        assert!(!text.contains(secret), "{what} leaked {secret}: {text}");
                    }
                    checked += 1;
                }
            }
            // A's company in the path with B's token: refused on every mount, like a missing company.
            for mount in mounts {
                for company in [app.company.id.clone(), app.company.procore_company_id.to_string()] {
                    let url = format!("{}{mount}/{company}{}", app.base, fill(template, &real));
                    let (status, text) = send(method, url.clone(), body.map(|b| fill(b, &real))).await;
                    assert!(matches!(status, 403 | 404), "{method} {url}: {status} {text}");
                    assert!(!text.contains("Alice") && !text.contains("Secret"), "{text}");
                }
            }
        }
    }
    assert!(checked >= ROUTES.len() * 8);
    let (_, after) = app.get_json(&app.lc(&format!("/people/{person}"))).await;
    assert_eq!(before, after, "A's person is untouched");
    let (status, g) = app.get_json(&app.lc(&format!("/groups/{group}"))).await;
    assert_eq!((status.as_u16(), g["name"].clone()), (200, json!("Secret Crew")));
}
