//! Procore's authorization-code flow driven as a browser drives it (the sign-in page and its CSRF
//! token, cookies, the consent form, the redirect), then the code exchanged, refreshed and
//! revoked; each refusal; and what a person's token may do.
use crate::helpers::{db_exec, person_body, spawn_app, with, TestApp};
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use reqwest::{redirect::Policy, Client, StatusCode};
use roster_server::admin::create_app;
use serde_json::{json, Value};
use std::collections::BTreeMap;

const CALLBACK: &str = "https://integration.example/callback";
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-and-some-more";

pub struct OAuthApp {
    pub client_id: String,
    pub client_secret: String,
}

pub async fn register(app: &TestApp, uris: &[&str]) -> OAuthApp {
    let made = create_app(
        app.store.as_ref(),
        &app.company.id,
        "Field Sync",
        uris.iter().map(|u| u.to_string()).collect(),
    )
    .await
    .unwrap();
    OAuthApp {
        client_id: made["client_id"].as_str().unwrap().to_owned(),
        client_secret: made["client_secret"].as_str().unwrap().to_owned(),
    }
}

/// A user of the app's company with a password; answers their integer id.
pub async fn user(app: &TestApp, email: &str, admin: bool) -> i64 {
    let group = app.group(&format!("G {email}")).await;
    let level = app.level(admin).await;
    let body = with(
        person_body(&group),
        json!({"is_user": true, "email": email, "permission_level_id": level, "password": "Sup3rSecret",
               "is_assignable": !admin}),
    );
    let id = app.person(&body).await;
    app.get_json(&app.lc(&format!("/people/{id}"))).await.1["procore_person_id"]
        .as_i64()
        .unwrap()
}

/// A browser: its own cookies, no automatic redirects.
pub struct Browser {
    http: Client,
    base: String,
    cookies: BTreeMap<String, String>,
}

fn challenge(verifier: &str) -> String {
    roster_core::model::pkce_challenge(verifier)
}

fn meta_csrf(html: &str) -> String {
    let at = html
        .find("name=\"csrf-token\" content=\"")
        .expect("csrf-token meta tag")
        + 27;
    html[at..at + html[at..].find('"').unwrap()].to_owned()
}

impl Browser {
    pub fn new(app: &TestApp) -> Self {
        Self::at(&app.base)
    }

    /// A browser of the server at `base`.
    pub fn at(base: &str) -> Self {
        Self {
            http: Client::builder().redirect(Policy::none()).build().unwrap(),
            base: base.to_owned(),
            cookies: BTreeMap::new(),
        }
    }

    /// The browser's cookies' values.
    pub fn cookie_values(&self) -> Vec<String> {
        self.cookies.values().cloned().collect()
    }

    fn keep_cookies(&mut self, res: &reqwest::Response) {
        for c in res.headers().get_all(SET_COOKIE) {
            let c = c.to_str().unwrap();
            let (k, v) = c.split(';').next().unwrap().split_once('=').unwrap();
            self.cookies.insert(k.to_owned(), v.to_owned());
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// GETs a path or URL of the server: (status, Location, body).
    pub async fn get(&mut self, path: &str) -> (StatusCode, Option<String>, String) {
        let url = if path.starts_with("http") {
            path.to_owned()
        } else {
            format!("{}{path}", self.base)
        };
        let res = self
            .http
            .get(url)
            .header(COOKIE, self.cookie_header())
            .send()
            .await
            .unwrap();
        self.answer(res).await
    }

    pub async fn post_form(&mut self, path: &str, form: &[(&str, &str)]) -> (StatusCode, Option<String>, String) {
        let res = self
            .http
            .post(format!("{}{path}", self.base))
            .header(COOKIE, self.cookie_header())
            .header("content-type", "application/x-www-form-urlencoded")
            .body(serde_urlencoded::to_string(form).unwrap())
            .send()
            .await
            .unwrap();
        self.answer(res).await
    }

    async fn answer(&mut self, res: reqwest::Response) -> (StatusCode, Option<String>, String) {
        self.keep_cookies(&res);
        let status = res.status();
        let location = res.headers().get(LOCATION).map(|l| l.to_str().unwrap().to_owned());
        (status, location, res.text().await.unwrap())
    }
}

/// The authorization request's query.
pub fn authorize_query(
    client_id: &str,
    redirect_uri: &str,
    state: &str,
    verifier: Option<&str>,
) -> Vec<(String, String)> {
    let mut q = vec![
        ("response_type".to_owned(), "code".to_owned()),
        ("client_id".to_owned(), client_id.to_owned()),
        ("redirect_uri".to_owned(), redirect_uri.to_owned()),
        ("state".to_owned(), state.to_owned()),
    ];
    if let Some(v) = verifier {
        q.push(("code_challenge".into(), challenge(v)));
        q.push(("code_challenge_method".into(), "S256".into()));
    }
    q
}

/// Signs in (password `Sup3rSecret`) and approves as a browser does; answers the final answer.
pub async fn approve(b: &mut Browser, query: &[(String, String)], email: &str) -> (StatusCode, Option<String>, String) {
    approve_with(b, query, email, "Sup3rSecret").await
}

pub async fn approve_with(
    b: &mut Browser,
    query: &[(String, String)],
    email: &str,
    password: &str,
) -> (StatusCode, Option<String>, String) {
    let page = format!("/oauth/authorize?{}", serde_urlencoded::to_string(query).unwrap());
    let (status, _, mut html) = b.get(&page).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let csrf = meta_csrf(&html);
    if html.contains("Sign in") {
        let mut form: Vec<(&str, &str)> = query.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        form.extend([("csrf_token", csrf.as_str()), ("email", email), ("password", password)]);
        let (status, location, body) = b.post_form("/oauth/authorize/sign-in", &form).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        let back = location.unwrap();
        assert!(back.starts_with("/oauth/authorize?"), "{back}");
        let (status, _, page) = b.get(&back).await;
        assert_eq!(status, StatusCode::OK);
        html = page;
    }
    assert!(html.contains("Approve"), "{html}");
    let mut form: Vec<(&str, &str)> = query.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    form.extend([("csrf_token", csrf.as_str()), ("decision", "approve")]);
    b.post_form("/oauth/authorize", &form).await
}

/// The query of a redirect to the callback.
fn callback_params(location: &str) -> BTreeMap<String, String> {
    let (base, query) = location.split_once('?').unwrap();
    assert_eq!(base, CALLBACK);
    serde_urlencoded::from_str(query).unwrap()
}

pub async fn token_request(app: &TestApp, body: Value) -> (StatusCode, Value) {
    let res = app
        .http
        .post(format!("{}/oauth/token", app.base))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap())
}

async fn status_with(
    app: &TestApp,
    method: reqwest::Method,
    url: &str,
    token: &str,
    body: Option<Value>,
) -> StatusCode {
    let mut req = app.http.request(method, url).bearer_auth(token);
    if let Some(b) = body {
        req = req.json(&b);
    }
    req.send().await.unwrap().status()
}

#[tokio::test]
async fn the_whole_flow_as_a_browser_then_exchange_refresh_and_revoke() {
    let app = spawn_app().await;
    let client = register(&app, &[CALLBACK]).await;
    let anna = user(&app, "anna@example.com", true).await;
    let mut browser = Browser::new(&app);
    let query = authorize_query(&client.client_id, CALLBACK, "st&te=1", Some(VERIFIER));
    let (status, location, body) = approve(&mut browser, &query, "anna@example.com").await;
    assert_eq!(status, StatusCode::FOUND, "{body}");
    let back = callback_params(&location.unwrap());
    assert_eq!(back["state"], "st&te=1", "state comes back untouched");
    let code = back["code"].clone();

    let creds = json!({"client_id": client.client_id, "client_secret": client.client_secret});
    let exchange = with(
        creds.clone(),
        json!({"grant_type": "authorization_code", "code": code,
        "redirect_uri": CALLBACK, "code_verifier": VERIFIER}),
    );
    let (status, first) = token_request(&app, exchange.clone()).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert_eq!(
        (first["token_type"].clone(), first["expires_in"].clone()),
        (json!("bearer"), json!(5400))
    );
    let access = first["access_token"].as_str().unwrap().to_owned();
    let info = app
        .http
        .get(format!("{}/oauth/token/info", app.base))
        .bearer_auth(&access)
        .send()
        .await
        .unwrap();
    assert_eq!(info.json::<Value>().await.unwrap()["resource_owner_id"], anna);
    // An admin person's token reads and writes the company.
    assert_eq!(
        status_with(&app, reqwest::Method::GET, &app.lc("/people"), &access, None).await,
        StatusCode::OK
    );
    let group = json!({"name": "By Anna", "timezone": "UTC"});
    assert_eq!(
        status_with(&app, reqwest::Method::POST, &app.lc("/groups"), &access, Some(group)).await,
        StatusCode::OK
    );

    // Refresh twice: new tokens each time; a used refresh token is refused.
    let mut refresh = first["refresh_token"].as_str().unwrap().to_owned();
    for _ in 0..2 {
        let body = with(
            creds.clone(),
            json!({"grant_type": "refresh_token", "refresh_token": refresh}),
        );
        let (status, next) = token_request(&app, body).await;
        assert_eq!(status, StatusCode::OK, "{next}");
        let old = std::mem::replace(&mut refresh, next["refresh_token"].as_str().unwrap().to_owned());
        assert_ne!(old, refresh);
        let again = with(
            creds.clone(),
            json!({"grant_type": "refresh_token", "refresh_token": old}),
        );
        let (status, refused) = token_request(&app, again).await;
        assert_eq!(
            (status, refused["error"].clone()),
            (StatusCode::BAD_REQUEST, json!("invalid_grant"))
        );
        assert_eq!(
            status_with(
                &app,
                reqwest::Method::GET,
                &app.lc("/people"),
                next["access_token"].as_str().unwrap(),
                None
            )
            .await,
            StatusCode::OK
        );
    }

    // Revoking the refresh token ends every token of the grant.
    let revoke = with(creds.clone(), json!({"token": refresh}));
    let res = app
        .http
        .post(format!("{}/oauth/revoke", app.base))
        .json(&revoke)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        status_with(&app, reqwest::Method::GET, &app.lc("/people"), &access, None).await,
        StatusCode::UNAUTHORIZED
    );
    let (status, _) = token_request(
        &app,
        with(creds, json!({"grant_type": "refresh_token", "refresh_token": refresh})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_code_works_once_and_its_second_use_revokes_the_first() {
    let app = spawn_app().await;
    let client = register(&app, &[CALLBACK]).await;
    user(&app, "anna@example.com", true).await;
    let creds = json!({"client_id": client.client_id, "client_secret": client.client_secret});
    let mut browser = Browser::new(&app);
    let code_of = |location: Option<String>| callback_params(&location.unwrap())["code"].clone();

    // Without PKCE; refusals that leave the code usable: wrong redirect URI, another client.
    let query = authorize_query(&client.client_id, CALLBACK, "s", None);
    let code = code_of(approve(&mut browser, &query, "anna@example.com").await.1);
    let exchange = with(
        creds.clone(),
        json!({"grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK}),
    );
    let wrong_uri = with(
        exchange.clone(),
        json!({"redirect_uri": "https://integration.example/other"}),
    );
    let (status, refused) = token_request(&app, wrong_uri).await;
    assert_eq!(
        (status, refused["error"].clone()),
        (StatusCode::BAD_REQUEST, json!("invalid_grant"))
    );
    let other = register(&app, &[CALLBACK]).await;
    let stolen = with(
        exchange.clone(),
        json!({"client_id": other.client_id, "client_secret": other.client_secret}),
    );
    assert_eq!(token_request(&app, stolen).await.1["error"], "invalid_grant");
    let (status, first) = token_request(&app, exchange.clone()).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let access = first["access_token"].as_str().unwrap();
    let (status, second) = token_request(&app, exchange).await;
    assert_eq!(
        (status, second["error"].clone()),
        (StatusCode::BAD_REQUEST, json!("invalid_grant"))
    );
    assert_eq!(
        status_with(&app, reqwest::Method::GET, &app.lc("/people"), access, None).await,
        StatusCode::UNAUTHORIZED
    );
    let refresh = with(
        creds.clone(),
        json!({"grant_type": "refresh_token", "refresh_token": first["refresh_token"]}),
    );
    assert_eq!(token_request(&app, refresh).await.0, StatusCode::BAD_REQUEST);

    // With PKCE: no or a wrong verifier is refused; an expired code too.
    let query = authorize_query(&client.client_id, CALLBACK, "s", Some(VERIFIER));
    let code = code_of(approve(&mut browser, &query, "anna@example.com").await.1);
    let exchange = with(
        creds.clone(),
        json!({"grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK}),
    );
    for verifier in [None, Some("x".repeat(50))] {
        let mut body = exchange.clone();
        if let Some(v) = verifier {
            body["code_verifier"] = v.into();
        }
        assert_eq!(token_request(&app, body).await.1["error"], "invalid_grant");
    }
    db_exec(&app.db_url, "UPDATE oauth_codes SET expires_at = 0").await;
    let expired = with(exchange, json!({"code_verifier": VERIFIER}));
    assert_eq!(token_request(&app, expired).await.1["error"], "invalid_grant");
}

#[tokio::test]
async fn the_pages_refuse_what_they_must_and_never_redirect_an_unknown_client() {
    let app = spawn_app().await;
    let client = register(&app, &[CALLBACK, "urn:ietf:wg:oauth:2.0:oob"]).await;
    user(&app, "anna@example.com", true).await;
    let mut b = Browser::new(&app);
    let page = |q: &[(String, String)]| format!("/oauth/authorize?{}", serde_urlencoded::to_string(q).unwrap());

    // Unknown client, unregistered redirect URI: an error page, no Location.
    for q in [
        authorize_query("rci_nobody", CALLBACK, "s", None),
        authorize_query(&client.client_id, "https://evil.example/cb", "s", None),
        authorize_query(&app.company.client_id, CALLBACK, "s", None),
    ] {
        let (status, location, html) = b.get(&page(&q)).await;
        assert_eq!((status, location), (StatusCode::BAD_REQUEST, None), "{html}");
        assert!(html.contains("Cannot authorize"), "{html}");
    }
    // A bad request of a known client goes back to it with the error and its state.
    let mut q = authorize_query(&client.client_id, CALLBACK, "keep", None);
    q[0].1 = "token".into();
    let (status, location, _) = b.get(&page(&q)).await;
    assert_eq!(status, StatusCode::FOUND);
    let back = callback_params(&location.unwrap());
    assert_eq!(
        (back["error"].as_str(), back["state"].as_str()),
        ("unsupported_response_type", "keep")
    );

    // The page: not framed, a CSP, a csrf-token meta tag (ProPyCore reads it).
    let q = authorize_query(&client.client_id, CALLBACK, "s", None);
    let res = app
        .http
        .get(format!("{}{}", app.base, page(&q)))
        .header("content-type", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["x-frame-options"], "DENY");
    assert!(res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("frame-ancestors 'none'"));
    let html = res.text().await.unwrap();
    let csrf = meta_csrf(&html);
    assert!(csrf.len() > 40);

    // Forms without this browser's CSRF token: 403, nothing done.
    let mut form: Vec<(&str, &str)> = q.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    form.extend([("email", "anna@example.com"), ("password", "Sup3rSecret")]);
    let (status, _, _) = b.post_form("/oauth/authorize/sign-in", &form).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "no token");
    b.get(&page(&q)).await;
    let mut with_other_token = form.clone();
    with_other_token.push(("csrf_token", csrf.as_str()));
    let (status, _, _) = b.post_form("/oauth/authorize/sign-in", &with_other_token).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "another browser's token");

    // A wrong password: the sign-in page again, 401.
    let (_, _, html) = b.get(&page(&q)).await;
    let mine = meta_csrf(&html);
    let mut wrong: Vec<(&str, &str)> = q.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    wrong.extend([
        ("email", "anna@example.com"),
        ("password", "Wr0ngSecret"),
        ("csrf_token", mine.as_str()),
    ]);
    let (status, location, html) = b.post_form("/oauth/authorize/sign-in", &wrong).await;
    assert_eq!((status, location), (StatusCode::UNAUTHORIZED, None));
    assert!(html.contains("not right"), "{html}");

    // Deny: back to the application with access_denied and the state.
    let mut b = Browser::new(&app);
    let q = authorize_query(&client.client_id, CALLBACK, "d", None);
    let (_, _, html) = b.get(&page(&q)).await;
    let csrf = meta_csrf(&html);
    let mut form: Vec<(&str, &str)> = q.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    form.extend([
        ("email", "anna@example.com"),
        ("password", "Sup3rSecret"),
        ("csrf_token", csrf.as_str()),
    ]);
    assert_eq!(
        b.post_form("/oauth/authorize/sign-in", &form).await.0,
        StatusCode::SEE_OTHER
    );
    let mut deny: Vec<(&str, &str)> = q.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    deny.extend([("csrf_token", csrf.as_str()), ("decision", "deny")]);
    let (status, location, _) = b.post_form("/oauth/authorize", &deny).await;
    assert_eq!(status, StatusCode::FOUND);
    let back = callback_params(&location.unwrap());
    assert_eq!((back["error"].as_str(), back["state"].as_str()), ("access_denied", "d"));

    // The oob URI shows the code on a page, and it exchanges like any other.
    let q = authorize_query(&client.client_id, "urn:ietf:wg:oauth:2.0:oob", "o", None);
    let mut approve_form: Vec<(&str, &str)> = q.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    approve_form.extend([("csrf_token", csrf.as_str()), ("decision", "approve")]);
    let (status, location, html) = b.post_form("/oauth/authorize", &approve_form).await;
    assert_eq!((status, location), (StatusCode::OK, None), "{html}");
    let at = html.find("<code id=\"code\">").unwrap() + 16;
    let code = &html[at..at + html[at..].find('<').unwrap()];
    let body = json!({"grant_type": "authorization_code", "code": code, "redirect_uri": "urn:ietf:wg:oauth:2.0:oob",
        "client_id": client.client_id, "client_secret": client.client_secret});
    assert_eq!(token_request(&app, body).await.0, StatusCode::OK);
}

#[tokio::test]
async fn a_persons_token_reads_writes_as_admin_only_and_ends_with_the_login() {
    let app = spawn_app().await;
    let client = register(&app, &[CALLBACK]).await;
    let creds = json!({"client_id": client.client_id, "client_secret": client.client_secret});
    user(&app, "admin@example.com", true).await;
    user(&app, "field@example.com", false).await;
    let mut tokens = BTreeMap::new();
    for email in ["admin@example.com", "field@example.com"] {
        let mut b = Browser::new(&app);
        let q = authorize_query(&client.client_id, CALLBACK, "s", None);
        let code = callback_params(&approve(&mut b, &q, email).await.1.unwrap())["code"].clone();
        let body = with(
            creds.clone(),
            json!({"grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK}),
        );
        let (status, t) = token_request(&app, body).await;
        assert_eq!(status, StatusCode::OK, "{t}");
        tokens.insert(email, t["access_token"].as_str().unwrap().to_owned());
    }
    let field = &tokens["field@example.com"];
    let group = json!({"name": "Nope", "timezone": "UTC"});
    assert_eq!(
        status_with(&app, reqwest::Method::GET, &app.lc("/groups"), field, None).await,
        StatusCode::OK
    );
    let facade_people = app.facade("/people");
    let res = app
        .http
        .get(&facade_people)
        .bearer_auth(field)
        .header("Procore-Company-Id", app.company.procore_company_id)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .http
        .post(app.lc("/groups"))
        .bearer_auth(field)
        .json(&group)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let body: Value = res.json().await.unwrap();
    assert_eq!(
        (body["code"].as_str(), body["message"]["detailCode"].as_str()),
        (Some("ForbiddenError"), Some("readOnlyToken"))
    );
    let count_before = app.get_json(&app.lc("/groups")).await.1.as_array().unwrap().len();
    assert!(!app
        .get_json(&app.lc("/groups"))
        .await
        .1
        .as_array()
        .unwrap()
        .iter()
        .any(|g| g["name"] == "Nope"));
    assert!(count_before > 0);

    // Revoking the login ends the token at once; deleting the person too.
    let admin = &tokens["admin@example.com"];
    let (_, people) = app.get_json(&app.lc("/people?email=admin@example.com")).await;
    let admin_id = people.as_array().unwrap()[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        status_with(&app, reqwest::Method::GET, &app.lc("/groups"), admin, None).await,
        StatusCode::OK
    );
    let res = app.delete(&app.lc(&format!("/people/{admin_id}/user"))).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        status_with(&app, reqwest::Method::GET, &app.lc("/groups"), admin, None).await,
        StatusCode::UNAUTHORIZED
    );
    let (_, people) = app.get_json(&app.lc("/people?email=field@example.com")).await;
    let field_id = people.as_array().unwrap()[0]["id"].as_str().unwrap().to_owned();
    app.delete(&app.lc(&format!("/people/{field_id}"))).await;
    assert_eq!(
        status_with(&app, reqwest::Method::GET, &app.lc("/groups"), field, None).await,
        StatusCode::UNAUTHORIZED
    );
}
