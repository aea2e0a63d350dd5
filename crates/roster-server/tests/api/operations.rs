//! Running Roster: the health probes, the version, the front door, metrics, the logs, backups.
use crate::helpers::{person_body, spawn_app, with};
use crate::process::{cli_company, json_with_token, roster, stop, ServerProcess};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

#[tokio::test]
async fn probes_version_and_the_front_door() {
    let app = spawn_app().await;
    let get = |path: &str| app.http.get(format!("{}{path}", app.base)).send();
    let live = get("/health/live").await.unwrap();
    assert_eq!(live.status(), StatusCode::OK);
    assert_eq!(live.json::<Value>().await.unwrap(), json!({"status": "ok"}));
    let ready = get("/health/ready").await.unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
    assert_eq!(ready.json::<Value>().await.unwrap(), json!({"status": "ok"}));
    let version: Value = get("/version").await.unwrap().json().await.unwrap();
    assert_eq!(version["version"], env!("CARGO_PKG_VERSION"));
    let commit = version["commit"].as_str().unwrap().to_owned();
    assert!(!commit.is_empty(), "{version}");
    let home = get("/").await.unwrap();
    assert_eq!(home.status(), StatusCode::OK);
    let html = home.text().await.unwrap();
    for link in ["/docs", "/openapi.json", "/health/live", "/health/ready", "/version"] {
        assert!(html.contains(&format!("href=\"{link}\"")), "{link} linked from /");
    }
    assert!(html.contains(&commit), "the front door names the build");
    let out = roster(std::path::Path::new(".")).arg("--version").output().unwrap();
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(
        printed.contains(env!("CARGO_PKG_VERSION")) && printed.contains(&commit),
        "{printed}"
    );
}

#[tokio::test]
#[ignore = "needs PostgreSQL: scripts/test runs it in its PostgreSQL pass"]
async fn readiness_is_503_with_a_reason_when_the_database_is_gone_on_postgres() {
    let app = spawn_app().await;
    let name = app.db_url.rsplit('/').next().unwrap().to_owned();
    let admin = roster_store::testing::postgres_admin_url()
        .unwrap_or_else(|| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(&admin).await.unwrap();
    sqlx::Executor::execute(&mut conn, format!("DROP DATABASE {name} WITH (FORCE)").as_str())
        .await
        .unwrap();
    let res = app.http.get(format!("{}/health/ready", app.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["status"], "unavailable");
    assert!(body["reason"].as_str().unwrap().starts_with("the store"), "{body}");
    let live = app.http.get(format!("{}/health/live", app.base)).send().await.unwrap();
    assert_eq!(live.status(), StatusCode::OK, "alive all the same");
}

/// The value of the first sample of `family` whose labels contain all of `labels`.
fn sample(metrics: &str, family: &str, labels: &[&str]) -> Option<f64> {
    metrics
        .lines()
        .filter(|l| !l.starts_with('#'))
        .find(|l| l.split(['{', ' ']).next() == Some(family) && labels.iter().all(|want| l.contains(want)))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
}

#[tokio::test]
async fn metrics_move_after_traffic() {
    let app = spawn_app().await;
    let scrape = || async {
        let res = app.http.get(format!("{}/metrics", app.base)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert!(res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain"));
        res.text().await.unwrap()
    };
    let route = "route=\"/v2/companies/{company_id}/people\"";
    let before = scrape().await;
    let created_before = sample(
        &before,
        "roster_http_requests_total",
        &[route, "method=\"POST\"", "status=\"2xx\""],
    );
    let failures_before = sample(&before, "roster_login_failures_total", &["kind=\"password\""]);

    let group = app.group("G").await;
    for i in 0..3 {
        let body = with(person_body(&group), json!({"email": format!("m{i}@example.com")}));
        let (status, _) = app.post_json(&app.lc("/people"), &body).await;
        assert_eq!(status, StatusCode::OK);
    }
    let bad = app
        .http
        .post(format!("{}/v2/auth/login", app.base))
        .json(&json!({"email": "nobody@example.com", "password": "Wr0ngGuess1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::UNAUTHORIZED);

    let after = scrape().await;
    let created = sample(
        &after,
        "roster_http_requests_total",
        &[route, "method=\"POST\"", "status=\"2xx\""],
    )
    .unwrap();
    assert!(created >= created_before.unwrap_or(0.0) + 3.0, "{created}");
    let failures = sample(&after, "roster_login_failures_total", &["kind=\"password\""]).unwrap();
    assert!(failures >= failures_before.unwrap_or(0.0) + 1.0);
    for (family, labels) in [
        ("roster_http_request_duration_seconds_bucket", vec![route, "le=\"0.5\""]),
        ("roster_create_batch_size_bucket", vec!["le=\"64\""]),
        ("roster_create_batch_commit_seconds_count", vec![]),
        ("roster_store_connections", vec!["pool=\"write\"", "state=\"open\""]),
        ("roster_store_connections", vec!["pool=\"read\"", "state=\"idle\""]),
        ("roster_outbox_emails", vec!["state=\"pending\""]),
        ("roster_outbox_emails", vec!["state=\"failed\""]),
        ("roster_password_hash_queue", vec![]),
    ] {
        assert!(
            sample(&after, family, &labels).is_some(),
            "{family} {labels:?} in:\n{after}"
        );
    }
    assert!(sample(&after, "roster_create_batch_size_bucket", &["le=\"64\""]).unwrap() >= 3.0);
}

/// `log_format = json`: every line is one JSON object; a request logs one line with its id, route,
/// status and duration, and answers the id; the health probes stay out of the info log; with
/// `metrics_bind`, `/metrics` is only there.
#[tokio::test]
async fn json_logs_with_request_ids_and_metrics_on_their_own_address_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let metrics_port = crate::smtp::free_port();
    let url = format!("sqlite://{}/roster.db", dir.path().display());
    let metrics_bind = format!("127.0.0.1:{metrics_port}");
    let server = ServerProcess::start_with(
        dir.path(),
        &url,
        &[("ROSTER_LOG_FORMAT", "json"), ("ROSTER_METRICS_BIND", &metrics_bind)],
    );
    crate::process::wait_until_up(metrics_port);
    let http = Client::new();
    let (company, token) = cli_company(dir.path(), &url, &server.base, "Logs").await;
    let api = format!("{}/v2/companies/{}/groups", server.base, company["procore_company_id"]);
    let res = http
        .get(&api)
        .bearer_auth(&token)
        .header("X-Request-Id", "sync-job:42")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["x-request-id"], "sync-job:42");
    let forged = http
        .get(&api)
        .bearer_auth(&token)
        .header("X-Request-Id", "two words\" injected=1")
        .send()
        .await
        .unwrap();
    let generated = forged.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert!(
        uuid::Uuid::parse_str(&generated).is_ok(),
        "a new id instead: {generated}"
    );
    for _ in 0..3 {
        http.get(format!("{}/health/ready", server.base)).send().await.unwrap();
    }
    let public = http.get(format!("{}/metrics", server.base)).send().await.unwrap();
    assert_eq!(public.status(), StatusCode::NOT_FOUND, "not on the public address");
    let apart = http.get(format!("http://{metrics_bind}/metrics")).send().await.unwrap();
    assert_eq!(apart.status(), StatusCode::OK);
    assert!(apart.text().await.unwrap().contains("roster_http_requests_total"));

    let mut server = server;
    assert!(stop(&mut server.child).success());
    let log = std::fs::read_to_string(
        dir.path()
            .join(format!("roster-{}.log", server.base.rsplit(':').next().unwrap())),
    )
    .unwrap();
    assert!(!log.contains('\u{1b}'), "no terminal colour codes in a file");
    let lines: Vec<Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    let request = lines
        .iter()
        .find(|l| l["span"]["id"] == "sync-job:42" && l["message"] == "answered")
        .unwrap_or_else(|| panic!("no line for the request in:\n{log}"));
    assert_eq!(request["span"]["route"], "/v2/companies/{company_id}/groups");
    assert_eq!(request["span"]["method"], "GET");
    assert_eq!(request["status"], 200);
    assert!(request["duration_ms"].as_f64().is_some(), "{request}");
    assert_eq!(request["level"], "INFO");
    assert!(
        !lines.iter().any(|l| l["span"]["route"] == "/health/ready"),
        "the probes are not logged at info"
    );
}

/// `roster backup` under a create load: the copy opens, passes its integrity check and holds every
/// person acknowledged before the backup began; `roster restore` refuses while the server runs,
/// then puts the copy back.
#[tokio::test]
async fn a_backup_under_load_holds_every_acknowledged_person_and_restores_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/roster.db", dir.path().display());
    let mut server = ServerProcess::start(dir.path(), &url);
    let http = Client::new();
    let (company, token) = cli_company(dir.path(), &url, &server.base, "Backup").await;
    let api = |path: &str| format!("{}/v2/companies/{}{path}", server.base, company["procore_company_id"]);
    let group = json_with_token(
        http.post(api("/groups")).json(&json!({"name": "G", "timezone": "UTC"})),
        &token,
    )
    .await;
    let group = group["id"].as_str().unwrap().to_owned();
    let acked = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let running = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let clients: Vec<_> = (0..4)
        .map(|c| {
            let (http, token, url, group) = (http.clone(), token.clone(), api("/people"), group.clone());
            let (acked, running) = (acked.clone(), running.clone());
            tokio::spawn(async move {
                let mut i = 0;
                while running.load(std::sync::atomic::Ordering::SeqCst) {
                    i += 1;
                    let body = with(person_body(&group), json!({"email": format!("b{c}-{i}@example.com")}));
                    let res = http.post(&url).bearer_auth(&token).json(&body).send().await.unwrap();
                    assert_eq!(res.status(), StatusCode::OK);
                    let id = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
                    acked.lock().unwrap().push(id);
                }
            })
        })
        .collect();
    let start = Instant::now();
    while acked.lock().unwrap().len() < 300 {
        assert!(start.elapsed() < Duration::from_secs(30), "the load did not start");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let before: Vec<String> = acked.lock().unwrap().clone();
    let copy = dir.path().join("copy.db");
    let backup_dir = dir.path().to_owned();
    let (backup_url, backup_copy) = (url.clone(), copy.clone());
    let out = tokio::task::spawn_blocking(move || {
        roster(&backup_dir)
            .args(["backup", "--to"])
            .arg(&backup_copy)
            .env("ROSTER_DATABASE_URL", &backup_url)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    tokio::time::sleep(Duration::from_millis(200)).await;
    running.store(false, std::sync::atomic::Ordering::SeqCst);
    for c in clients {
        c.await.unwrap();
    }
    let after = acked.lock().unwrap().len();
    assert!(after > before.len(), "creates went on during the backup");

    let copy_url = format!("sqlite://{}", copy.display());
    let verdict = crate::helpers::db_strings(&copy_url, "PRAGMA integrity_check").await;
    assert_eq!(verdict, vec!["ok".to_owned()]);
    let stored: std::collections::HashSet<String> = crate::helpers::db_strings(&copy_url, "SELECT id FROM people")
        .await
        .into_iter()
        .collect();
    let missing: Vec<_> = before.iter().filter(|id| !stored.contains(*id)).collect();
    assert!(
        missing.is_empty(),
        "{} acknowledged before the backup are missing",
        missing.len()
    );

    let restore = |dir: &std::path::Path| {
        roster(dir)
            .args(["restore", "--from"])
            .arg(&copy)
            .env("ROSTER_DATABASE_URL", &url)
            .output()
            .unwrap()
    };
    let refused = restore(dir.path());
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("stop it first"));
    assert!(stop(&mut server.child).success());
    let restored = restore(dir.path());
    assert!(
        restored.status.success(),
        "{}",
        String::from_utf8_lossy(&restored.stderr)
    );
    let server = ServerProcess::start(dir.path(), &url);
    let res = http
        .get(format!(
            "{}/v2/companies/{}/people?per_page=1",
            server.base, company["procore_company_id"]
        ))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "the token of the copy's time still works");
    let total: usize = res.headers()["total"].to_str().unwrap().parse().unwrap();
    assert_eq!(total, stored.len(), "the store is the copy");
}

#[tokio::test]
#[ignore = "needs PostgreSQL: scripts/test runs it in its PostgreSQL pass"]
async fn backup_and_restore_of_postgres_point_to_its_own_tools_on_postgres() {
    let admin = roster_store::testing::postgres_admin_url()
        .unwrap_or_else(|| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let (_db, url) = roster_store::testing::TestDb::postgres(&admin).await;
    let dir = tempfile::tempdir().unwrap();
    for args in [["backup", "--to"], ["restore", "--from"]] {
        let out = roster(dir.path())
            .args(args)
            .arg(dir.path().join("x.db"))
            .env("ROSTER_DATABASE_URL", &url)
            .output()
            .unwrap();
        assert!(!out.status.success());
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(said.contains("pg_dump") || said.contains("pg_restore"), "{said}");
    }
}
