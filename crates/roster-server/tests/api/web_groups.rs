//! The groups pages over HTTP: create and edit with the API's messages inline, a group with active
//! people not deleted (the page names them), delete after confirming; admins of the company only.
use crate::helpers::{person_body, spawn_app, with};
use crate::oauth_helpers::{signed_in, user, Browser};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn an_admin_creates_edits_and_deletes_groups_with_the_apis_rules() {
    let app = spawn_app().await;
    user(&app, "admin@example.com", true).await;
    let (mut b, csrf) = signed_in(&app, "admin@example.com").await;

    let (status, _, html) = b.get("/groups").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("G admin@example.com"),
        "the admin's group is listed: {html}"
    );
    // Refusals next to their field; nothing created.
    for (fields, field) in [
        (vec![("name", "Crew")], "timezone"),
        (vec![("name", "Crew"), ("timezone", "Mars/Olympus")], "timezone"),
        (vec![("timezone", "UTC")], "name"),
    ] {
        let mut form = vec![("csrf_token", csrf.as_str())];
        form.extend(fields);
        let (status, _, html) = b.post_form("/groups", &form).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(html.contains(&format!("id=\"{field}-error\"")), "{field}: {html}");
    }
    assert_eq!(app.get_json(&app.lc("/groups")).await.1.as_array().unwrap().len(), 1);
    let form = [
        ("csrf_token", csrf.as_str()),
        ("name", "Crew"),
        ("timezone", "America/Chicago"),
    ];
    let (status, location, _) = b.post_form("/groups", &form).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let page = location.unwrap();
    let id = page.rsplit('/').next().unwrap().to_owned();

    // Edit: a bad time zone is refused inline and changes nothing; a good edit saves.
    let bad = [("csrf_token", csrf.as_str()), ("name", "Crew"), ("timezone", "Nowhere")];
    let (status, _, html) = b.post_form(&page, &bad).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        html.contains("id=\"timezone-error\"") && html.contains("value=\"Nowhere\""),
        "{html}"
    );
    let good = [
        ("csrf_token", csrf.as_str()),
        ("name", "Night Crew"),
        ("timezone", "America/Denver"),
        ("contact_name", "Sam"),
    ];
    assert_eq!(b.post_form(&page, &good).await.0, StatusCode::SEE_OTHER);
    let (_, g) = app.get_json(&app.lc(&format!("/groups/{id}"))).await;
    assert_eq!(
        (g["name"].as_str(), g["timezone"].as_str(), g["contact_name"].as_str()),
        (Some("Night Crew"), Some("America/Denver"), Some("Sam"))
    );

    // With an active person in it: not deleted, and the page names them.
    let person = app
        .person(&with(
            person_body(&id),
            json!({"first_name": "Maria", "last_name": "Lopez"}),
        ))
        .await;
    let (_, _, html) = b.get(&page).await;
    assert!(html.contains("Maria Lopez"), "{html}");
    let delete = format!("{page}/delete");
    let (status, _, _) = b.post_form(&delete, &[("csrf_token", csrf.as_str())]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "unconfirmed");
    let confirmed = [("csrf_token", csrf.as_str()), ("confirm", "yes")];
    let (status, _, html) = b.post_form(&delete, &confirmed).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        html.contains("still has active people") && html.contains("Maria Lopez"),
        "{html}"
    );
    assert_eq!(app.get_json(&app.lc(&format!("/groups/{id}"))).await.0, StatusCode::OK);
    app.delete(&app.lc(&format!("/people/{person}"))).await;
    let (status, location, _) = b.post_form(&delete, &confirmed).await;
    assert_eq!((status, location.as_deref()), (StatusCode::SEE_OTHER, Some("/groups")));
    assert_eq!(
        app.get_json(&app.lc(&format!("/groups/{id}"))).await.0,
        StatusCode::NOT_FOUND
    );

    // Without the CSRF token: refused.
    let (status, _, _) = b.post_form("/groups", &[("name", "X"), ("timezone", "UTC")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(b.get("/groups/not-a-group").await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn groups_pages_are_for_admins_of_the_company_only() {
    let app = spawn_app().await;
    let group = app.group("Field").await;
    user(&app, "field@example.com", false).await;
    let (mut b, csrf) = signed_in(&app, "field@example.com").await;
    assert_eq!(b.get("/groups").await.0, StatusCode::FORBIDDEN);
    assert_eq!(b.get(&format!("/groups/{group}")).await.0, StatusCode::FORBIDDEN);
    let form = [("csrf_token", csrf.as_str()), ("name", "X"), ("timezone", "UTC")];
    assert_eq!(b.post_form("/groups", &form).await.0, StatusCode::FORBIDDEN);
    assert_eq!(
        app.get_json(&app.lc("/groups")).await.1.as_array().unwrap().len(),
        2,
        "nothing created"
    );
    // Not signed in: to the sign-in page.
    let mut anonymous = Browser::new(&app);
    assert_eq!(anonymous.get("/groups").await.1.as_deref(), Some("/"));
}

#[tokio::test]
async fn the_certifications_page_lists_what_is_due_by_group() {
    use chrono::{Duration, Utc};
    let app = spawn_app().await;
    user(&app, "admin@example.com", true).await;
    let (crew, shop) = (app.group("Crew").await, app.group("Shop").await);
    let tag = |name: &str, warning: i64| json!({"name": name, "require_expr_date": true, "expr_days_warning": warning});
    let (_, osha) = app.post_json(&app.lc("/tags"), &tag("OSHA 30", 14)).await;
    let (_, cpr) = app.post_json(&app.lc("/tags"), &tag("CPR", 0)).await;
    let day = |d: i64| (Utc::now() + Duration::days(d)).format("%Y-%m-%d").to_string();
    for (first, group, tag_id, expires) in [
        ("Expired", &crew, &osha["id"], day(-3)),
        ("Soon", &shop, &osha["id"], day(7)),
        ("Later", &crew, &osha["id"], day(40)),
        ("CprSoon", &crew, &cpr["id"], day(7)),
    ] {
        let body = with(
            person_body(group),
            json!({"first_name": first, "tag_instances": [{"tag_id": tag_id, "expr_date": expires}]}),
        );
        app.person(&body).await;
    }
    let (mut b, _) = signed_in(&app, "admin@example.com").await;
    let (status, _, html) = b.get("/certifications").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Expired Richardson") && html.contains("expired 3 days ago"),
        "{html}"
    );
    assert!(html.contains("Soon Richardson"), "within the 14 warning days: {html}");
    assert!(!html.contains("Later Richardson"), "40 days out is not due: {html}");
    assert!(!html.contains("CprSoon"), "CPR warns 0 days ahead: {html}");
    let (crew_at, shop_at) = (html.find("<h2>Crew</h2>").unwrap(), html.find("<h2>Shop</h2>").unwrap());
    assert!(html[crew_at..shop_at].contains("Expired Richardson") && html[shop_at..].contains("Soon Richardson"));
    // The people list filters by the tag too.
    let listed = b.get(&format!("/people?tag={}", cpr["id"].as_str().unwrap())).await.2;
    assert!(listed.contains("CprSoon") && listed.contains("1 people"), "{listed}");
}

#[tokio::test]
async fn tags_and_job_titles_have_the_same_pages_with_their_own_rules() {
    let app = spawn_app().await;
    user(&app, "admin@example.com", true).await;
    let (mut b, csrf) = signed_in(&app, "admin@example.com").await;
    let c = csrf.as_str();

    // Tags: a bad number of warning days refused inline; created; the abbreviation defaults.
    let (status, _, html) = b
        .post_form(
            "/tags",
            &[
                ("csrf_token", c),
                ("name", "OSHA 30"),
                ("require_expr_date", "on"),
                ("expr_days_warning", "soon"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("id=\"expr_days_warning-error\""), "{html}");
    let (status, location, _) = b
        .post_form(
            "/tags",
            &[
                ("csrf_token", c),
                ("name", "OSHA 30"),
                ("require_expr_date", "on"),
                ("expr_days_warning", "14"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let tag_page = location.unwrap();
    let tag_id = tag_page.rsplit('/').next().unwrap().to_owned();
    let (_, tag) = app.get_json(&app.lc(&format!("/tags/{tag_id}"))).await;
    assert_eq!(
        (
            tag["require_expr_date"].clone(),
            tag["expr_days_warning"].clone(),
            tag["abbreviation"].clone()
        ),
        (json!(true), json!(14), json!("OSHA "))
    );
    let (_, _, html) = b.get(&tag_page).await;
    assert!(html.contains("value=\"14\"") && html.contains("checked"), "{html}");
    let edit = [
        ("csrf_token", c),
        ("name", "OSHA 30"),
        ("abbreviation", "O30"),
        ("expr_days_warning", "7"),
    ];
    assert_eq!(b.post_form(&tag_page, &edit).await.0, StatusCode::SEE_OTHER);
    let (_, tag) = app.get_json(&app.lc(&format!("/tags/{tag_id}"))).await;
    assert_eq!(
        (
            tag["abbreviation"].clone(),
            tag["require_expr_date"].clone(),
            tag["expr_days_warning"].clone()
        ),
        (json!("O30"), json!(false), json!(7)),
        "an unchecked box is false"
    );
    let confirmed = [("csrf_token", c), ("confirm", "yes")];
    assert_eq!(
        b.post_form(&format!("{tag_page}/delete"), &confirmed).await.0,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.get_json(&app.lc(&format!("/tags/{tag_id}"))).await.0,
        StatusCode::NOT_FOUND
    );

    // Job titles: created, then a bad rate and a bad kind refused inline.
    let (status, location, _) = b
        .post_form("/job-titles", &[("csrf_token", c), ("name", "Foreman")])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let title_page = location.unwrap();
    for (field, value) in [("hourly_rate", "lots"), ("type", "weekly")] {
        let (status, _, html) = b
            .post_form(&title_page, &[("csrf_token", c), ("name", "Foreman"), (field, value)])
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{field}");
        assert!(html.contains(&format!("id=\"{field}-error\"")), "{field}: {html}");
    }
    let good = [
        ("csrf_token", c),
        ("name", "Foreman"),
        ("type", "hourly"),
        ("hourly_rate", "42.5"),
    ];
    assert_eq!(b.post_form(&title_page, &good).await.0, StatusCode::SEE_OTHER);
    let (_, titles) = app.get_json(&app.lc("/job-titles")).await;
    let title = &titles.as_array().unwrap()[0];
    assert_eq!(
        (title["type"].clone(), title["hourly_rate"].clone()),
        (json!("hourly"), json!(42.5)),
        "{title}"
    );
    assert_eq!(b.get("/tags/not-a-tag").await.0, StatusCode::NOT_FOUND);
}
