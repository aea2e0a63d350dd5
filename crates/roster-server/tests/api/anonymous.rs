//! What clients without valid credentials can make Roster do: no store write for a made-up token,
//! no hash for an unknown invitation, a bounded password-hash queue, a budget per address.
use crate::helpers::{error, person_body, spawn_app_with, with, Options, TestApp};
use crate::logins::login;
use reqwest::StatusCode;
use serde_json::json;

/// Rows in every table of the store, by table.
async fn row_counts(app: &TestApp) -> Vec<(String, i64)> {
    let tables = if app.db_url.starts_with("postgres") {
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1"
    } else {
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1"
    };
    let mut counts = Vec::new();
    for table in crate::helpers::db_strings(&app.db_url, tables).await {
        let n = crate::helpers::db_strings(&app.db_url, &format!("SELECT CAST(COUNT(*) AS TEXT) FROM {table}")).await;
        counts.push((table, n[0].parse().unwrap()));
    }
    counts
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ten_thousand_made_up_tokens_cost_no_row_and_no_write() {
    let app = spawn_app_with(Options::default()).await;
    // SQLite: `data_version` changes when another connection commits anything to the file.
    let sqlite = if app.db_url.starts_with("sqlite") {
        let pool = sqlx::sqlite::SqlitePoolOptions::new()
            .max_connections(1)
            .connect(&app.db_url)
            .await
            .unwrap();
        let v: i64 = sqlx::query_scalar("PRAGMA data_version")
            .fetch_one(&pool)
            .await
            .unwrap();
        Some((pool, v))
    } else {
        None
    };
    let before = row_counts(&app).await;
    let url = app.lc("/people");
    for chunk in 0..100 {
        let requests = (0..100).map(|i| {
            app.http
                .get(&url)
                .bearer_auth(format!("rat_made_up_{chunk}_{i}_{}", uuid::Uuid::new_v4()))
                .send()
        });
        for res in futures::future::join_all(requests).await {
            assert_eq!(res.unwrap().status(), StatusCode::UNAUTHORIZED);
        }
    }
    assert_eq!(row_counts(&app).await, before, "no row added or removed");
    if let Some((pool, v)) = sqlite {
        let now: i64 = sqlx::query_scalar("PRAGMA data_version")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(now, v, "nothing was committed to the database");
    }
}

#[tokio::test]
async fn a_full_hash_queue_answers_503_at_once_and_reads_go_on() {
    // No room at all in the queue: every password check is refused, deterministically.
    let app = spawn_app_with(Options {
        password_queue: 0,
        ..Options::default()
    })
    .await;
    let res = login(&app, json!({"email": "nobody@example.com", "password": "Whatever1"})).await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(res.headers().contains_key("retry-after"));
    error("ServiceUnavailableError", "passwordQueueFull")(&res.json().await.unwrap());
    // Creating a person with a password needs a hash too; reads do not.
    let group = app.group("Field").await;
    let level = app.level(true).await;
    let body = with(
        person_body(&group),
        json!({"is_user": true, "email": "a@example.com", "permission_level_id": level, "password": "Str0ngPass"}),
    );
    let (status, _) = app.post_json(&app.lc("/people"), &body).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    let (status, people) = app.get_json(&app.lc("/people")).await;
    assert_eq!(
        (status, people),
        (StatusCode::OK, json!([])),
        "nothing half-written, reads go on"
    );
}

#[tokio::test]
async fn an_unknown_invitation_is_refused_before_any_hash() {
    // With no room for a hash, an unknown token still gets its 404: it was looked up first.
    let app = spawn_app_with(Options {
        password_queue: 0,
        ..Options::default()
    })
    .await;
    let res = app
        .http
        .post(format!("{}/v2/invitations/rit_unknown_token/accept", app.base))
        .json(&json!({"password": "Str0ngPass"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn anonymous_password_attempts_share_a_budget_per_address() {
    let app = spawn_app_with(Options {
        anonymous_password_per_minute: 3,
        ..Options::default()
    })
    .await;
    for i in 0..3 {
        let res = login(
            &app,
            json!({"email": format!("spray{i}@example.com"), "password": "Guess1234"}),
        )
        .await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    // A fourth, with yet another email (the per-email lockout never trips), and an accept.
    let res = login(&app, json!({"email": "spray4@example.com", "password": "Guess1234"})).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers()["retry-after"].to_str().unwrap().parse::<u64>().unwrap() >= 1);
    error("TooManyRequestsError", "clientThrottled")(&res.json().await.unwrap());
    let res = app
        .http
        .post(format!("{}/v2/invitations/rit_any/accept", app.base))
        .json(&json!({"password": "Str0ngPass"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    // Authenticated API calls are not part of it.
    assert_eq!(app.get(&app.lc("/people")).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn expired_sessions_are_swept_on_schedule() {
    let app = spawn_app_with(Options {
        sweep_every: std::time::Duration::from_millis(100),
        ..Options::default()
    })
    .await;
    let group = app.group("Field").await;
    let id = app.person(&person_body(&group)).await;
    let now = roster_core::dates::now_millis();
    let session = roster_core::model::Session {
        digest: roster_core::secrets::digest("rst_expired"),
        person_id: id.parse().unwrap(),
        created_at: now - 60_000,
        expires_at: now - 1,
    };
    app.store.insert_session(&session).await.unwrap();
    let count = || crate::helpers::db_strings(&app.db_url, "SELECT CAST(COUNT(*) AS TEXT) FROM sessions");
    assert_eq!(count().await, ["1"]);
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    while count().await != ["0"] {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the sweeper removed the expired session"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn an_email_the_mailer_cannot_send_to_is_refused_when_given() {
    let app = spawn_app_with(Options::default()).await;
    let group = app.group("Field").await;
    for email in ["a..b@example.com", "a(b)@example.com", "a@-example.com"] {
        let (status, body) = app
            .post_json(
                &app.lc("/people"),
                &with(person_body(&group), json!({ "email": email })),
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{email}");
        error("ValidationError", "invalidEmail")(&body);
    }
}
