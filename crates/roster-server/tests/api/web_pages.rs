//! The web app over HTTP: sign in at `/` (CSRF, uniform errors, sessions that end), the people
//! list for admins only and only of their own company, the profile page, the assets and headers.
use crate::helpers::{db_exec, person_body, spawn_app, token_for, with, TestApp};
use crate::oauth_helpers::{meta_csrf, user, Browser};
use reqwest::StatusCode;
use roster_server::admin::create_company;
use serde_json::{json, Value};

/// Signs in through the form; answers the sign-in's status and Location.
async fn sign_in(
    b: &mut Browser,
    email: &str,
    password: &str,
    company: Option<&str>,
) -> (StatusCode, Option<String>, String) {
    let (_, _, html) = b.get("/").await;
    let csrf = meta_csrf(&html);
    let mut form = vec![("csrf_token", csrf.as_str()), ("email", email), ("password", password)];
    if let Some(c) = company {
        form.push(("company_id", c));
    }
    b.post_form("/sign-in", &form).await
}

#[tokio::test]
async fn an_admin_signs_in_sees_the_people_and_signs_out() {
    let app = spawn_app().await;
    user(&app, "admin@example.com", true).await;
    let mut b = Browser::new(&app);

    let res = app.http.get(format!("{}/", app.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let csp = res.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert_eq!(res.headers()["x-frame-options"], "DENY");
    let html = res.text().await.unwrap();
    assert!(
        html.contains("Sign in to Roster") && html.contains("/assets/app.css"),
        "{html}"
    );
    for (path, kind) in [
        ("/assets/app.css", "text/css"),
        ("/assets/htmx-2.0.4.min.js", "text/javascript"),
    ] {
        let res = app.http.get(format!("{}{path}", app.base)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert!(res.headers()["content-type"].to_str().unwrap().starts_with(kind));
    }

    // Without this browser's CSRF token: refused, nothing signed in.
    let (status, _, _) = b
        .post_form(
            "/sign-in",
            &[("email", "admin@example.com"), ("password", "Sup3rSecret")],
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // A wrong password and an unknown email: the same page and status.
    let (wrong, _, wrong_html) = sign_in(&mut b, "admin@example.com", "Wr0ngSecret", None).await;
    let (unknown, _, unknown_html) = sign_in(&mut b, "nobody@example.com", "Wr0ngSecret", None).await;
    assert_eq!((wrong, unknown), (StatusCode::UNAUTHORIZED, StatusCode::UNAUTHORIZED));
    assert!(wrong_html.contains("not right") && unknown_html.contains("not right"));

    let (status, location, _) = sign_in(&mut b, "admin@example.com", "Sup3rSecret", None).await;
    assert_eq!((status, location.as_deref()), (StatusCode::SEE_OTHER, Some("/")));
    assert_eq!(b.get("/").await.1.as_deref(), Some("/people"));
    let (status, _, html) = b.get("/people").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Anna Richardson") && html.contains("1 people"), "{html}");
    assert!(html.contains("Sign out"));

    // Signing out ends the session in the store: the old cookie no longer works.
    let csrf = meta_csrf(&html);
    let old_cookies = b.cookie_values();
    let (status, location, _) = b.post_form("/sign-out", &[("csrf_token", csrf.as_str())]).await;
    assert_eq!((status, location.as_deref()), (StatusCode::SEE_OTHER, Some("/")));
    assert_eq!(b.get("/people").await.1.as_deref(), Some("/"));
    let session = old_cookies.iter().find(|c| c.starts_with("rst_")).unwrap();
    let res = app
        .http
        .get(format!("{}/people", app.base))
        .header("cookie", format!("roster_session={session}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "the client follows to the sign-in page");
    assert!(res.text().await.unwrap().contains("Sign in to Roster"));
}

#[tokio::test]
async fn others_see_their_profile_only_and_sessions_expire() {
    let app = spawn_app().await;
    user(&app, "field@example.com", false).await;
    let mut b = Browser::new(&app);
    let (status, _, _) = sign_in(&mut b, "field@example.com", "Sup3rSecret", None).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(b.get("/").await.1.as_deref(), Some("/me"));
    let (status, _, html) = b.get("/people").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{html}");
    let (status, _, html) = b.get("/me").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("field@example.com") && html.contains("Acme Builders"),
        "{html}"
    );
    db_exec(&app.db_url, "UPDATE sessions SET expires_at = 0").await;
    assert_eq!(
        b.get("/me").await.1.as_deref(),
        Some("/"),
        "an expired session signs out"
    );
}

/// A user of another company (same password), made through the API with its own token.
pub async fn other_company_user(app: &TestApp, email: &str) -> String {
    let other = create_company(app.store.as_ref(), "Other Co", None).await.unwrap();
    let token = token_for(&app.http, &app.base, &other).await;
    let api = |path: &str| format!("{}/v2/companies/{}{path}", app.base, other.procore_company_id);
    let post = |url: String, body: Value| app.http.post(url).bearer_auth(&token).json(&body).send();
    let group: Value = post(api("/groups"), json!({"name": "G", "timezone": "UTC"}))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let levels: Value = app
        .http
        .get(api("/permission-level-options"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let admin = levels
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["is_admin"] == true)
        .unwrap()["id"]
        .clone();
    let body = json!({"first_name": "Olga", "last_name": "Other", "is_user": true, "is_assignable": false, "status": "active",
        "group_ids": [group["id"]], "email": email, "permission_level_id": admin, "password": "Sup3rSecret"});
    let res = post(api("/people"), body).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    other.procore_company_id.to_string()
}

#[tokio::test]
async fn an_admin_sees_only_their_companys_people_and_a_shared_email_names_its_company() {
    let app = spawn_app().await;
    user(&app, "admin@example.com", true).await;
    let other = other_company_user(&app, "admin@example.com").await;
    let mut b = Browser::new(&app);
    // The email signs in to two companies: the page asks for the company.
    let (status, _, html) = sign_in(&mut b, "admin@example.com", "Sup3rSecret", None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("Company id"), "{html}");
    let (status, _, _) = sign_in(&mut b, "admin@example.com", "Sup3rSecret", Some(&other)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, _, html) = b.get("/people").await;
    assert!(
        html.contains("Olga Other") && !html.contains("Anna Richardson"),
        "{html}"
    );
    assert!(html.contains("Other Co"));
}

#[tokio::test]
async fn the_first_admin_sets_a_password_by_the_printed_link_and_signs_in() {
    let app = spawn_app().await;
    let settings = roster_server::state::Settings::new(app.base.clone());
    let made = roster_server::admin::create_admin(
        app.store.as_ref(),
        &settings,
        &app.company.id,
        "boss@example.com",
        "Office",
        "Admin",
    )
    .await
    .unwrap();
    let link = made["set_password_url"].as_str().unwrap();
    let token = link.rsplit('/').next().unwrap();
    assert!(link.starts_with(&format!("{}/invitations/inv_", app.base)), "{link}");
    // The link's page, as a browser opens it: a weak password refused inline, then set.
    let mut invited = Browser::new(&app);
    let page = format!("/invitations/{token}");
    let (status, _, html) = invited.get(&page).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let csrf = meta_csrf(&html);
    let accept = format!("{page}/accept");
    let (status, _, html) = invited
        .post_form(&accept, &[("csrf_token", csrf.as_str()), ("password", "weak")])
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("id=\"password-error\""), "{html}");
    let (status, _, html) = invited
        .post_form(&accept, &[("csrf_token", csrf.as_str()), ("password", "Sup3rSecret")])
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Your password is set"), "{html}");
    assert_eq!(invited.get(&page).await.0, StatusCode::NOT_FOUND, "the link works once");
    let (status, _, _) = invited.post_form(&accept, &[("password", "Sup3rSecret")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "no CSRF token");
    let mut b = Browser::new(&app);
    assert_eq!(
        sign_in(&mut b, "boss@example.com", "Sup3rSecret", None).await.0,
        StatusCode::SEE_OTHER
    );
    let (status, _, html) = b.get("/people").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Office Admin"), "{html}");
}

#[tokio::test]
async fn the_people_list_searches_names_emails_phones_and_employee_numbers() {
    let app = spawn_app().await;
    user(&app, "admin@example.com", true).await;
    let group = app.group("Crew").await;
    for (first, last, extra) in [
        (
            "Maria",
            "Lopez",
            json!({"email": "maria@crew.example", "employee_number": "E-77"}),
        ),
        ("Tom", "Baker", json!({"phone": "+1 213 555 0199"})),
        ("Zoë", "100% Sure", json!({})),
    ] {
        app.person(&with(
            person_body(&group),
            with(json!({"first_name": first, "last_name": last}), extra),
        ))
        .await;
    }
    let mut b = Browser::new(&app);
    assert_eq!(
        sign_in(&mut b, "admin@example.com", "Sup3rSecret", None).await.0,
        StatusCode::SEE_OTHER
    );
    // Each word begins a name, the email or the employee number; a phone number begins the
    // phone, with or without its country code.
    for (q, found, not_found) in [
        ("lopez", "Maria Lopez", "Tom Baker"),
        ("LOP", "Maria Lopez", "Tom Baker"),
        ("MARIA@CREW", "Maria Lopez", "Tom Baker"),
        ("e-7", "Maria Lopez", "Tom Baker"),
        ("213 555 01", "Tom Baker", "Maria Lopez"),
        ("+1 (213) 555", "Tom Baker", "Maria Lopez"),
        ("100%", "100% Sure", "Tom Baker"),
        ("lo mar", "Maria Lopez", "Tom Baker"),
        ("Zoë 100", "100% Sure", "Maria Lopez"),
    ] {
        let path = format!("/people?q={}", form_urlencoded_q(q));
        let (status, _, html) = b.get(&path).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains(found) && !html.contains(not_found), "{q}: {html}");
    }
    for (q, why) in [
        ("%25", "a % is a percent sign, not a wildcard"),
        ("opez", "a word begins a name"),
        ("maria+baker", "every word is found"),
    ] {
        let (_, _, html) = b.get(&format!("/people?q={q}")).await;
        assert!(html.contains("0 people"), "{why}: {html}");
    }
}

fn form_urlencoded_q(q: &str) -> String {
    serde_urlencoded::to_string([("x", q)]).unwrap()[2..].to_owned()
}

#[tokio::test]
async fn the_people_list_filters_and_exports_what_it_shows_as_csv() {
    let app = spawn_app().await;
    user(&app, "admin@example.com", true).await;
    let (crew, shop) = (app.group("Crew").await, app.group("Shop").await);
    for (first, group, extra) in [
        ("Maria", &crew, json!({"employee_number": "=SUM(A1)"})),
        ("Tom", &crew, json!({"status": "inactive", "last_name": "Baker, Jr."})),
        ("Zoe", &shop, json!({})),
    ] {
        app.person(&with(person_body(group), with(json!({"first_name": first}), extra)))
            .await;
    }
    let mut b = Browser::new(&app);
    assert_eq!(
        sign_in(&mut b, "admin@example.com", "Sup3rSecret", None).await.0,
        StatusCode::SEE_OTHER
    );
    let (_, _, html) = b.get(&format!("/people?group={crew}&status=active")).await;
    assert!(
        html.contains("Maria") && !html.contains(">Tom ") && !html.contains("Zoe"),
        "{html}"
    );
    assert!(html.contains("1 people"), "{html}");
    // Ordered by name, or newest first.
    let (_, _, html) = b.get(&format!("/people?group={crew}&sort=name")).await;
    let (baker, lopez) = (
        html.find(">Tom Baker, Jr.<").unwrap(),
        html.find(">Maria Richardson<").unwrap(),
    );
    assert!(baker < lopez, "Baker before Richardson by last name: {html}");
    let (_, _, html) = b.get(&format!("/people?group={crew}&sort=newest")).await;
    assert!(
        html.find(">Tom Baker, Jr.<").unwrap() < html.find(">Maria Richardson<").unwrap(),
        "{html}"
    );
    let (_, _, html) = b.get(&format!("/people?group={crew}")).await;
    assert!(
        html.find(">Maria Richardson<").unwrap() < html.find(">Tom Baker, Jr.<").unwrap(),
        "oldest first: {html}"
    );
    let (status, _, csv) = b.get(&format!("/people/export.csv?q=&group={crew}")).await;
    assert_eq!(status, StatusCode::OK);
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("id,procore_person_id,first_name"), "{csv}");
    assert_eq!(lines.len(), 3, "the header and the group's two people: {csv}");
    assert!(csv.contains(",'=SUM(A1),"), "a formula is not written as one: {csv}");
    assert!(csv.contains("\"Baker, Jr.\""), "a comma is quoted: {csv}");
    assert!(csv.contains(",Crew,"), "{csv}");
    // Admins only.
    user(&app, "field@example.com", false).await;
    let mut field = Browser::new(&app);
    sign_in(&mut field, "field@example.com", "Sup3rSecret", None).await;
    assert_eq!(field.get("/people/export.csv").await.0, StatusCode::FORBIDDEN);
}
