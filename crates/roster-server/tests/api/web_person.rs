//! The person page over HTTP: create, edit with the API's messages inline, nothing written on a
//! refusal, custom fields, deactivate, delete after confirming; admins of the company only.
use crate::helpers::{spawn_app, TestApp};
use crate::oauth_helpers::{signed_in, user, Browser};
use reqwest::StatusCode;
use serde_json::json;

async fn signed_in_admin(app: &TestApp) -> (Browser, String) {
    user(app, "admin@example.com", true).await;
    signed_in(app, "admin@example.com").await
}

/// A form with the CSRF token and the given fields.
fn form<'a>(csrf: &'a str, fields: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut f = vec![("csrf_token", csrf)];
    f.extend_from_slice(fields);
    f
}

#[tokio::test]
async fn an_admin_creates_edits_and_deletes_a_person_with_the_apis_messages_inline() {
    let app = spawn_app().await;
    let group = app.group("Field").await;
    let (_, _) = app
        .post_json(
            &app.lc("/custom-fields"),
            &json!({"name": "Crew Size", "type": "number", "on_people": true}),
        )
        .await;
    let (mut b, csrf) = signed_in_admin(&app).await;

    // Create: no group, then a bad phone, each refused next to its field; then created.
    let (status, _, html) = b
        .post_form(
            "/people/new",
            &form(
                &csrf,
                &[
                    ("first_name", "Maria"),
                    ("last_name", "Lopez"),
                    ("status", "active"),
                    ("is_assignable", "on"),
                ],
            ),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{html}");
    assert!(html.contains("id=\"group_ids-error\""), "{html}");
    let base = [
        ("first_name", "Maria"),
        ("last_name", "Lopez"),
        ("status", "active"),
        ("group_ids", group.as_str()),
    ];
    let mut bad = base.to_vec();
    bad.push(("phone", "555-NOPE"));
    let (status, _, html) = b.post_form("/people/new", &form(&csrf, &bad)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("id=\"phone-error\""), "{html}");
    let (_, people) = app.get_json(&app.lc("/people?last_name=Lopez")).await;
    assert!(people.as_array().unwrap().is_empty(), "nothing written on a refusal");
    let mut good = base.to_vec();
    good.extend([("phone", "+1 213 555 0100"), ("custom.crew_size", "12")]);
    let (status, location, _) = b.post_form("/people/new", &form(&csrf, &good)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let page = location.unwrap();
    let id = page.rsplit('/').next().unwrap().to_owned();
    let (_, api) = app.get_json(&app.lc(&format!("/people/{id}"))).await;
    assert_eq!(
        (api["phone"].as_str(), api["crew_size"].clone()),
        (Some("+12135550100"), json!(12))
    );

    // Edit: a bad phone is refused inline and changes nothing; a good edit saves every key.
    let mut edit = base.to_vec();
    edit.extend([
        ("phone", "555-NOPE"),
        ("custom.crew_size", "12"),
        ("can_recieve_email", "on"),
    ]);
    let (status, _, html) = b.post_form(&page, &form(&csrf, &edit)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        html.contains("id=\"phone-error\"") && html.contains("aria-invalid=\"true\""),
        "{html}"
    );
    assert!(
        html.contains("value=\"555-NOPE\""),
        "what was typed is shown again: {html}"
    );
    assert!(
        html.contains("name=\"can_recieve_email\" checked"),
        "a box as it was sent: {html}"
    );
    assert_eq!(
        app.get_json(&app.lc(&format!("/people/{id}"))).await.1["phone"],
        "+12135550100"
    );
    let mut edit = base.to_vec();
    edit.extend([("custom.crew_size", "many")]);
    let (status, _, html) = b.post_form(&page, &form(&csrf, &edit)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("id=\"crew_size-error\""), "{html}");
    let mut edit = base.to_vec();
    edit.retain(|(k, _)| *k != "status");
    edit.extend([
        ("status", "inactive"),
        ("employee_number", "E-9"),
        ("custom.crew_size", "14"),
    ]);
    let (status, _, _) = b.post_form(&page, &form(&csrf, &edit)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, api) = app.get_json(&app.lc(&format!("/people/{id}"))).await;
    assert_eq!(
        (
            api["status"].clone(),
            api["employee_number"].clone(),
            api["crew_size"].clone(),
            api["phone"].clone()
        ),
        (json!("inactive"), json!("E-9"), json!(14), json!(null))
    );
    let (status, _, html) = b.get(&page).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("value=\"E-9\"") && html.contains("value=\"14\""),
        "{html}"
    );

    // Delete: only once confirmed.
    let delete = format!("{page}/delete");
    let (status, _, html) = b.post_form(&delete, &form(&csrf, &[])).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("id=\"confirm-error\""), "{html}");
    let (status, location, _) = b.post_form(&delete, &form(&csrf, &[("confirm", "yes")])).await;
    assert_eq!((status, location.as_deref()), (StatusCode::SEE_OTHER, Some("/people")));
    assert_eq!(
        app.get_json(&app.lc(&format!("/people/{id}"))).await.0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn person_pages_refuse_forms_without_csrf_non_admins_and_other_companies_people() {
    let app = spawn_app().await;
    let group = app.group("Field").await;
    let (mut b, _) = signed_in_admin(&app).await;
    let (_, people) = app.get_json(&app.lc("/people")).await;
    let admin_id = people[0]["id"].as_str().unwrap().to_owned();
    let fields = [
        ("first_name", "X"),
        ("last_name", "Y"),
        ("status", "active"),
        ("group_ids", group.as_str()),
    ];
    let (status, _, _) = b.post_form(&format!("/people/{admin_id}"), &fields).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "no CSRF token");
    assert_eq!(
        app.get_json(&app.lc(&format!("/people/{admin_id}"))).await.1["name"]["first"],
        "Anna",
        "unchanged"
    );
    let (status, _, _) = b.get("/people/00000000-0000-7000-8000-000000000000").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Someone else's company: the same not-found page.
    let other = roster_server::admin::create_company(app.store.as_ref(), "Other Co", None)
        .await
        .unwrap();
    let token = crate::helpers::token_for(&app.http, &app.base, &other).await;
    let api = |path: &str| format!("{}/v2/companies/{}{path}", app.base, other.procore_company_id);
    let g: serde_json::Value = app
        .http
        .post(api("/groups"))
        .bearer_auth(&token)
        .json(&json!({"name": "G", "timezone": "UTC"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let body = json!({"first_name": "O", "last_name": "P", "is_user": false, "is_assignable": true, "status": "active", "group_ids": [g["id"]]});
    let theirs: serde_json::Value = app
        .http
        .post(api("/people"))
        .bearer_auth(&token)
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let (status, _, _) = b.get(&format!("/people/{}", theirs["id"].as_str().unwrap())).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // A non-admin: no person page.
    user(&app, "field@example.com", false).await;
    let (mut field, _) = signed_in(&app, "field@example.com").await;
    assert_eq!(field.get(&format!("/people/{admin_id}")).await.0, StatusCode::FORBIDDEN);
    assert_eq!(field.get("/people/new").await.0, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn tags_with_expiry_dates_are_set_on_the_person_page() {
    let app = spawn_app().await;
    let group = app.group("Field").await;
    let (_, tag) = app
        .post_json(&app.lc("/tags"), &json!({"name": "OSHA 30", "require_expr_date": true}))
        .await;
    let tag = tag["id"].as_str().unwrap().to_owned();
    let (mut b, csrf) = signed_in_admin(&app).await;
    let id = app.person(&crate::helpers::person_body(&group)).await;
    let page = format!("/people/{id}");
    let (_, _, html) = b.get(&page).await;
    assert!(html.contains("OSHA 30"), "{html}");
    let expr = format!("expr.{tag}");
    let base = [
        ("first_name", "Anna"),
        ("last_name", "Richardson"),
        ("status", "active"),
        ("group_ids", group.as_str()),
        ("is_assignable", "on"),
    ];
    let mut without_date = base.to_vec();
    without_date.push(("tag_ids", tag.as_str()));
    let (status, _, html) = b.post_form(&page, &form(&csrf, &without_date)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("id=\"tag_instances-error\""), "{html}");
    let mut with_date = without_date.clone();
    with_date.push((expr.as_str(), "2027-05-01"));
    assert_eq!(
        b.post_form(&page, &form(&csrf, &with_date)).await.0,
        StatusCode::SEE_OTHER
    );
    let (_, api) = app.get_json(&app.lc(&format!("/people/{id}"))).await;
    assert_eq!(api["tag_instances"][0]["tag_id"], tag.as_str());
    assert!(
        api["tag_instances"][0]["expr_date"]
            .as_str()
            .unwrap()
            .starts_with("2027-05-01"),
        "{api}"
    );
    let (_, _, html) = b.get(&page).await;
    assert!(html.contains("value=\"2027-05-01\""), "{html}");
    assert_eq!(b.post_form(&page, &form(&csrf, &base)).await.0, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get_json(&app.lc(&format!("/people/{id}"))).await.1["tag_instances"],
        json!([])
    );
}
