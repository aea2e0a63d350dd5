//! Every page of the web app, the same four ways: no session (to the sign-in page), a session
//! that has expired (the same), a person who is not an admin (403), and another company's admin
//! (this company's things are not found); and every form without the browser's CSRF token (403,
//! nothing written).
use crate::helpers::{db_exec, person_body, spawn_app, with, TestApp};
use crate::oauth_helpers::{signed_in, user, Browser};
use crate::web_import::import;
use crate::web_pages::other_company_user;
use reqwest::StatusCode;
use serde_json::json;

/// This company's things: a person, a group, a tag, a job title, an import.
struct Things {
    person: String,
    group: String,
    tag: String,
    title: String,
    import: String,
}

async fn things(app: &TestApp, admin: &mut Browser, csrf: &str) -> Things {
    let group = app.group("Crew").await;
    let person = app
        .person(&with(person_body(&group), json!({"first_name": "Paula"})))
        .await;
    let (_, tag) = app.post_json(&app.lc("/tags"), &json!({"name": "OSHA"})).await;
    let (_, title) = app.post_json(&app.lc("/job-titles"), &json!({"name": "Foreman"})).await;
    let (import, _) = import(admin, csrf, "first_name,last_name,groups\nIan,Port,Crew\n", &[]).await;
    Things {
        person,
        group,
        tag: tag["id"].as_str().unwrap().to_owned(),
        title: title["id"].as_str().unwrap().to_owned(),
        import,
    }
}

/// The admin pages a GET reaches, those naming this company's things last.
fn pages(t: &Things) -> (Vec<String>, Vec<String>) {
    let lists = [
        "/people",
        "/people/export.csv",
        "/people/new",
        "/people/import",
        "/groups",
        "/tags",
        "/job-titles",
        "/certifications",
    ];
    let own = vec![
        format!("/people/{}", t.person),
        format!("/groups/{}", t.group),
        format!("/tags/{}", t.tag),
        format!("/job-titles/{}", t.title),
        t.import.clone(),
        format!("{}/report.csv", t.import),
    ];
    (lists.iter().map(|p| (*p).to_owned()).collect(), own)
}

/// Every form's action.
fn forms(t: &Things) -> Vec<String> {
    let p = &t.person;
    vec![
        "/people/new".into(),
        format!("/people/{p}"),
        format!("/people/{p}/delete"),
        format!("/people/{p}/login"),
        format!("/people/{p}/login/revoke"),
        format!("/people/{p}/login/invite"),
        "/groups".into(),
        format!("/groups/{}", t.group),
        format!("/groups/{}/delete", t.group),
        "/tags".into(),
        format!("/tags/{}", t.tag),
        format!("/tags/{}/delete", t.tag),
        "/job-titles".into(),
        format!("/job-titles/{}", t.title),
        format!("/job-titles/{}/delete", t.title),
        "/me/password".into(),
        "/sign-out".into(),
        "/password-reset".into(),
    ]
}

#[tokio::test]
async fn every_page_turns_away_strangers_non_admins_other_companies_and_expired_sessions() {
    let app = spawn_app().await;
    user(&app, "admin@example.com", true).await;
    user(&app, "worker@example.com", false).await;
    other_company_user(&app, "olga@example.com").await;
    let (mut admin, csrf) = signed_in(&app, "admin@example.com").await;
    let t = things(&app, &mut admin, &csrf).await;
    let (lists, own) = pages(&t);
    let all: Vec<&String> = lists.iter().chain(&own).collect();

    for page in &all {
        assert_eq!(admin.get(page).await.0, StatusCode::OK, "the admin reaches {page}");
    }
    let mut stranger = Browser::new(&app);
    let (mut worker, _) = signed_in(&app, "worker@example.com").await;
    let (mut olga, _) = signed_in(&app, "olga@example.com").await;
    for page in &all {
        let (status, location, _) = stranger.get(page).await;
        assert_eq!(
            (status, location.as_deref()),
            (StatusCode::SEE_OTHER, Some("/")),
            "{page}"
        );
        assert_eq!(worker.get(page).await.0, StatusCode::FORBIDDEN, "{page}");
    }
    for page in &own {
        let (status, _, html) = olga.get(page).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{page}: {html}");
    }
    for page in &lists {
        let (status, _, html) = olga.get(page).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(
            !html.contains("Paula") && !html.contains("Crew"),
            "{page} shows another company's: {html}"
        );
    }

    // A session past its end is no session.
    db_exec(&app.db_url, "UPDATE sessions SET expires_at = 0").await;
    for page in &all {
        assert_eq!(admin.get(page).await.1.as_deref(), Some("/"), "{page}");
    }
}

#[tokio::test]
async fn every_form_without_the_browsers_csrf_token_is_refused_and_writes_nothing() {
    let app = spawn_app().await;
    user(&app, "admin@example.com", true).await;
    let (mut admin, csrf) = signed_in(&app, "admin@example.com").await;
    let t = things(&app, &mut admin, &csrf).await;
    let before = app.get_json(&app.lc("/people")).await.1;
    for action in forms(&t) {
        for token in [None, Some("rcf_forged")] {
            let mut form = vec![("first_name", "Mallory"), ("name", "Mallory"), ("confirm", "yes")];
            form.extend(token.map(|t| ("csrf_token", t)));
            let (status, _, html) = admin.post_form(&action, &form).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{action} {token:?}: {html}");
        }
    }
    for action in ["/people/import/preview", "/people/import/start"] {
        let form = [
            ("csrf_token", "rcf_forged"),
            ("csv", "first_name,last_name\nMal,Lory\n"),
        ];
        assert_eq!(
            admin.post_multipart(action, &form).await.0,
            StatusCode::FORBIDDEN,
            "{action}"
        );
    }
    assert_eq!(app.get_json(&app.lc("/people")).await.1, before, "nothing written");
    for (page, name) in [("/groups", "Crew"), ("/tags", "OSHA"), ("/job-titles", "Foreman")] {
        let (_, _, html) = admin.get(page).await;
        assert!(html.contains(name) && !html.contains("Mallory"), "{page}: {html}");
    }
    assert_eq!(admin.get("/people").await.0, StatusCode::OK, "still signed in");
}
