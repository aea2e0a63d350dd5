//! Requests per token per hour: headers on every answer, 429 with Retry-After past the limit, and
//! the limit shared by several processes on one PostgreSQL.
use crate::helpers::{error, spawn_app_with, token_for, Options};
use crate::process::{cli_company, roster, ServerProcess};
use reqwest::Client;
use roster_server::admin::create_company;
use roster_store::testing::{postgres_admin_url, TestDb};

/// Budgets are per clock hour, so a test that straddles one sees a fresh budget part way
/// through (a CI run at 18:59:50 did). Each test needs well under a minute: start it in a
/// minute that is not the hour's last.
async fn clear_of_the_hour_boundary() {
    let secs_into_hour = (roster_core::dates::now_millis() / 1000).rem_euclid(3600);
    if secs_into_hour >= 3540 {
        tokio::time::sleep(std::time::Duration::from_secs((3601 - secs_into_hour) as u64)).await;
    }
}

#[tokio::test]
async fn headers_then_429_per_token() {
    clear_of_the_hour_boundary().await;
    let app = spawn_app_with(Options {
        rate_limit_per_hour: 5,
        ..Options::default()
    })
    .await;
    // The token request itself carries no bearer token and is not counted.
    for remaining in (0..5).rev() {
        let res = app.get(&app.lc("/groups")).await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["x-rate-limit-limit"], "5");
        assert_eq!(res.headers()["x-rate-limit-remaining"], remaining.to_string().as_str());
        let reset: i64 = res.headers()["x-rate-limit-reset"].to_str().unwrap().parse().unwrap();
        assert!(reset > roster_core::dates::now_millis() / 1000 && reset % 3600 == 0);
    }
    let res = app.get(&app.lc("/groups")).await;
    assert_eq!(res.status(), 429);
    let retry: i64 = res.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=3600).contains(&retry));
    assert_eq!(res.headers()["x-rate-limit-remaining"], "0");
    error("TooManyRequestsError", "rateLimitExceeded")(&res.json().await.unwrap());
    // The Procore routes count too; another token has its own budget.
    let res = app
        .get(&format!(
            "{}/rest/v1.0/projects?company_id={}",
            app.base, app.company.procore_company_id
        ))
        .await;
    assert_eq!(res.status(), 429);
    let other = create_company(app.store.as_ref(), "Other", None).await.unwrap();
    let token = token_for(&app.http, &app.base, &other).await;
    let res = app
        .http
        .get(format!("{}/v2/companies/{}/groups", app.base, other.id))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        (
            res.status().as_u16(),
            res.headers()["x-rate-limit-remaining"].to_str().unwrap()
        ),
        (200, "4")
    );
}

#[tokio::test]
#[ignore = "needs PostgreSQL: scripts/test runs it in its PostgreSQL pass"]
async fn two_processes_share_one_limit_on_postgres() {
    clear_of_the_hour_boundary().await;
    let admin = postgres_admin_url().unwrap_or_else(|| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let (_db, url) = TestDb::postgres(&admin).await;
    let dir = tempfile::tempdir().unwrap();
    assert!(roster(dir.path())
        .arg("migrate")
        .env("ROSTER_DATABASE_URL", &url)
        .status()
        .unwrap()
        .success());
    let limit = [("ROSTER_RATE_LIMIT_PER_HOUR", "20")];
    let servers = [
        ServerProcess::start_with(dir.path(), &url, &limit),
        ServerProcess::start_with(dir.path(), &url, &limit),
    ];
    let (company, token) = cli_company(dir.path(), &url, &servers[0].base, "Shared").await;
    let http = Client::new();
    let mut ok = 0;
    for (i, server) in servers.iter().enumerate() {
        for _ in 0..15 {
            let url = format!("{}/v2/companies/{}/groups", server.base, company["procore_company_id"]);
            let status = http
                .get(url)
                .bearer_auth(&token)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16();
            assert!(status == 200 || status == 429, "{status}");
            ok += usize::from(status == 200);
        }
        if i == 0 {
            assert_eq!(ok, 15);
            // Until the first process's flush has stored the count, so the second can learn it.
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
            while crate::helpers::db_strings(&url, "SELECT CAST(SUM(count) AS TEXT) FROM rate_windows").await != ["15"]
            {
                assert!(
                    std::time::Instant::now() < deadline,
                    "the first process flushed its count"
                );
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
        }
    }
    assert_eq!(ok, 20, "15 on one process, then 5 on the other: one shared budget");
}
