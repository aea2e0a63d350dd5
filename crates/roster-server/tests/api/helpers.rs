use reqwest::{Client, Response, StatusCode};
use roster_core::Store;
use roster_server::admin::{create_company, CompanyCredentials};
use roster_store::testing::TestDb;
use serde_json::{json, Value};
use std::sync::Arc;

pub struct TestApp {
    pub base: String,
    pub http: Client,
    pub store: Arc<dyn Store>,
    /// The store's URL, for tests that look at what is stored.
    pub db_url: String,
    pub company: CompanyCredentials,
    pub token: String,
    _db: TestDb,
}

/// The first column of every row of `sql`, as text, from whichever backend the test runs on.
pub async fn db_strings(db_url: &str, sql: &str) -> Vec<String> {
    if db_url.starts_with("postgres") {
        let pool = sqlx::PgPool::connect(db_url).await.expect("connect");
        let rows: Vec<Option<String>> = sqlx::query_scalar(sql).fetch_all(&pool).await.expect("query");
        rows.into_iter().flatten().collect()
    } else {
        let pool = sqlx::SqlitePool::connect(db_url).await.expect("connect");
        let rows: Vec<Option<String>> = sqlx::query_scalar(sql).fetch_all(&pool).await.expect("query");
        rows.into_iter().flatten().collect()
    }
}

/// Runs one statement on the test's database (to age a row the test cannot wait for).
pub async fn db_exec(db_url: &str, sql: &str) {
    if db_url.starts_with("postgres") {
        let pool = sqlx::PgPool::connect(db_url).await.expect("connect");
        sqlx::query(sql).execute(&pool).await.expect("statement");
    } else {
        let pool = sqlx::SqlitePool::connect(db_url).await.expect("connect");
        sqlx::query(sql).execute(&pool).await.expect("statement");
    }
}

/// How a test wants its server.
pub struct Options {
    /// Deliver the outbox to this SMTP server.
    pub smtp_url: Option<String>,
    /// A PEM file of CA certificates the mailer trusts (a test SMTP server's own).
    pub smtp_ca_file: Option<std::path::PathBuf>,
    pub invitation_ttl_ms: i64,
    pub rate_limit_per_hour: u64,
    pub idle_timeout: std::time::Duration,
    pub password_queue: usize,
    pub anonymous_password_per_minute: u32,
    pub outbox_retention_ms: i64,
    pub outbox_max_attempts: i64,
    pub sweep_every: std::time::Duration,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            smtp_url: None,
            smtp_ca_file: None,
            invitation_ttl_ms: 7 * 86_400_000,
            rate_limit_per_hour: 3600,
            idle_timeout: std::time::Duration::from_secs(30),
            password_queue: 64,
            // Tests log in often from one address; the budget's own test sets it.
            anonymous_password_per_minute: 0,
            outbox_retention_ms: 7 * 86_400_000,
            outbox_max_attempts: 100,
            sweep_every: std::time::Duration::from_secs(60),
        }
    }
}

/// A running server over a fresh store holding one company, with a token for it.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(Options::default()).await
}

pub async fn spawn_app_with(options: Options) -> TestApp {
    // Server-side errors show in the failing test's output.
    let _ = tracing_subscriber::fmt()
        .with_test_writer()
        .with_env_filter("warn")
        .try_init();
    let (db, db_url) = TestDb::create().await;
    let store = roster_store::open(&db_url).await.expect("store opens");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let settings = roster_server::state::Settings {
        invitation_ttl_ms: options.invitation_ttl_ms,
        rate_limit_per_hour: options.rate_limit_per_hour,
        idle_timeout: options.idle_timeout,
        password_queue: options.password_queue,
        anonymous_password_per_minute: options.anonymous_password_per_minute,
        outbox_retention_ms: options.outbox_retention_ms,
        sweep_every: options.sweep_every,
        ..roster_server::state::Settings::new(base.clone())
    };
    if let Some(url) = &options.smtp_url {
        roster_server::mailer::Mailer::new(url, "Roster <no-reply@roster.test>", options.smtp_ca_file.as_deref())
            .expect("mailer")
            .max_attempts(options.outbox_max_attempts)
            .spawn(store.clone());
    }
    tokio::spawn(roster_server::serve(
        listener,
        None,
        store.clone(),
        settings,
        std::future::pending(),
    ));
    let company = create_company(store.as_ref(), "Acme Builders", None)
        .await
        .expect("company");
    let http = Client::new();
    let token = token_for(&http, &base, &company).await;
    TestApp {
        base,
        http,
        store,
        db_url,
        company,
        token,
        _db: db,
    }
}

pub async fn token_for(http: &Client, base: &str, c: &CompanyCredentials) -> String {
    let res = http
        .post(format!("{base}/oauth/token"))
        .json(&json!({"grant_type": "client_credentials", "client_id": c.client_id, "client_secret": c.client_secret}))
        .send()
        .await
        .expect("token request");
    assert_eq!(res.status(), StatusCode::OK);
    res.json::<Value>().await.expect("token json")["access_token"]
        .as_str()
        .expect("token")
        .to_owned()
}

/// The error body every route uses.
pub fn error(code: &str, detail_code: &str) -> impl Fn(&Value) {
    let (code, detail_code) = (code.to_owned(), detail_code.to_owned());
    move |body: &Value| {
        assert_eq!(body["code"], code.as_str(), "{body}");
        assert_eq!(body["message"]["detailCode"], detail_code.as_str(), "{body}");
        assert!(
            body["message"]["details"].as_str().is_some_and(|d| !d.is_empty()),
            "{body}"
        );
    }
}

impl TestApp {
    /// A URL on the LaborChart mount, company named by its Procore integer.
    pub fn lc(&self, path: &str) -> String {
        format!("{}/v2/companies/{}{path}", self.base, self.company.procore_company_id)
    }
    /// A URL on the Procore facade, company named by its LaborChart UUID.
    pub fn facade(&self, path: &str) -> String {
        format!(
            "{}/rest/v1.0/workforce-planning/v2/companies/{}{path}",
            self.base, self.company.id
        )
    }

    pub async fn get(&self, url: &str) -> Response {
        self.http
            .get(url)
            .bearer_auth(&self.token)
            .header("Procore-Company-Id", self.company.procore_company_id)
            .send()
            .await
            .expect("request")
    }

    pub async fn post(&self, url: &str, body: &Value) -> Response {
        self.http
            .post(url)
            .bearer_auth(&self.token)
            .header("Procore-Company-Id", self.company.procore_company_id)
            .json(body)
            .send()
            .await
            .expect("request")
    }

    pub async fn delete(&self, url: &str) -> Response {
        self.http
            .delete(url)
            .bearer_auth(&self.token)
            .header("Procore-Company-Id", self.company.procore_company_id)
            .send()
            .await
            .expect("request")
    }

    /// Any method with an optional JSON body; returns (status, body).
    pub async fn send_json(&self, method: reqwest::Method, url: &str, body: Option<&Value>) -> (StatusCode, Value) {
        let mut req = self
            .http
            .request(method, url)
            .bearer_auth(&self.token)
            .header("Procore-Company-Id", self.company.procore_company_id);
        if let Some(body) = body {
            req = req.json(body);
        }
        let res = req.send().await.expect("request");
        let status = res.status();
        (status, res.json().await.expect("json body"))
    }

    /// POSTs and returns (status, body).
    pub async fn post_json(&self, url: &str, body: &Value) -> (StatusCode, Value) {
        let res = self.post(url, body).await;
        let status = res.status();
        (status, res.json().await.expect("json body"))
    }

    pub async fn get_json(&self, url: &str) -> (StatusCode, Value) {
        let res = self.get(url).await;
        let status = res.status();
        (status, res.json().await.expect("json body"))
    }

    /// Creates a group and returns its id.
    pub async fn group(&self, name: &str) -> String {
        let (status, body) = self
            .post_json(
                &self.lc("/groups"),
                &json!({"name": name, "timezone": "America/Chicago"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["id"].as_str().expect("group id").to_owned()
    }

    /// The id of the seeded permission level that is (or is not) an admin one.
    pub async fn level(&self, admin: bool) -> String {
        let (_, levels) = self.get_json(&self.lc("/permission-level-options")).await;
        levels
            .as_array()
            .expect("levels")
            .iter()
            .find(|l| l["is_admin"] == admin)
            .expect("seeded level")["id"]
            .as_str()
            .expect("id")
            .to_owned()
    }

    /// Creates a person and returns their UUID.
    pub async fn person(&self, body: &Value) -> String {
        let (status, res) = self.post_json(&self.lc("/people"), body).await;
        assert_eq!(status, StatusCode::OK, "{res}");
        res["id"].as_str().expect("person id").to_owned()
    }
}

/// The seed's required properties, with one group.
pub fn person_body(group: &str) -> Value {
    json!({
        "first_name": "Anna",
        "last_name": "Richardson",
        "is_user": false,
        "is_assignable": true,
        "status": "active",
        "group_ids": [group],
    })
}

/// `base` with `extra`'s keys set.
pub fn with(mut base: Value, extra: Value) -> Value {
    if let (Some(b), Some(e)) = (base.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            b.insert(k.clone(), v.clone());
        }
    }
    base
}

/// Runs a Node.js script of the tests with these modules and answers what it printed, one JSON
/// value; a failing script fails the test with its standard error.
pub async fn run_node(script: &str, args: &[&str], node_path: std::path::PathBuf) -> Value {
    let out = tokio::process::Command::new("node")
        .arg(script)
        .args(args)
        .env("NODE_PATH", node_path)
        .output()
        .await
        .expect("node runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("the script prints JSON")
}
