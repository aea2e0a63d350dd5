//! The authorization-code flow's test helpers: an application, a user, and a browser (its own
//! cookies, no automatic redirects) that signs in and approves.
use crate::helpers::{person_body, with, TestApp};
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use reqwest::{redirect::Policy, Client, StatusCode};
use roster_server::admin::create_app;
use serde_json::{json, Value};
use std::collections::BTreeMap;

pub const CALLBACK: &str = "https://integration.example/callback";
pub const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-and-some-more";

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

pub fn meta_csrf(html: &str) -> String {
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

    /// POSTs a `multipart/form-data` form as a browser does; a field named `file` is sent as a
    /// file (`people.csv`).
    pub async fn post_multipart(&mut self, path: &str, form: &[(&str, &str)]) -> (StatusCode, Option<String>, String) {
        let boundary = "----rosterTestBoundary7MA4YWxk";
        let mut body = String::new();
        for (name, value) in form {
            let file = if *name == "file" {
                "; filename=\"people.csv\"\r\nContent-Type: text/csv"
            } else {
                ""
            };
            body.push_str(&format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"{file}\r\n\r\n{value}\r\n"
            ));
        }
        body.push_str(&format!("--{boundary}--\r\n"));
        let res = self
            .http
            .post(format!("{}{path}", self.base))
            .header(COOKIE, self.cookie_header())
            .header("content-type", format!("multipart/form-data; boundary={boundary}"))
            .body(body)
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
pub fn callback_params(location: &str) -> BTreeMap<String, String> {
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

pub async fn status_with(
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

/// A browser signed in to the web app as `email` (password `Sup3rSecret`), and its CSRF token.
pub async fn signed_in(app: &TestApp, email: &str) -> (Browser, String) {
    let mut b = Browser::new(app);
    let (_, _, html) = b.get("/").await;
    let csrf = meta_csrf(&html);
    let form = [
        ("csrf_token", csrf.as_str()),
        ("email", email),
        ("password", "Sup3rSecret"),
    ];
    assert_eq!(
        b.post_form("/sign-in", &form).await.0,
        StatusCode::SEE_OTHER,
        "{email} signs in"
    );
    (b, csrf)
}
