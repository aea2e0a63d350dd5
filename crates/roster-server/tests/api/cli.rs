//! The `roster` binary itself: company creation, migrations, first start, graceful stop.
use crate::process::{roster, stop, wait_until_up};
use crate::smtp::free_port;
use serde_json::Value;
use std::process::{Command, Stdio};

#[test]
fn company_create_prints_exactly_one_json_object() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("cli.db").display());
    let run = |args: &[&str]| {
        roster(dir.path())
            .env("ROSTER_DATABASE_URL", &url)
            .args(args)
            .output()
            .unwrap()
    };

    let out = run(&["company", "create", "--name", "Acme", "--procore-id", "4242"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    let c: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(c.as_object().unwrap().len(), 4, "{c}");
    assert_eq!(c["procore_company_id"], 4242);
    assert!(uuid::Uuid::parse_str(c["id"].as_str().unwrap()).is_ok());
    assert!(c["client_id"].as_str().is_some_and(|s| s.len() > 20));
    assert!(c["client_secret"].as_str().is_some_and(|s| s.len() > 40));

    let out = run(&["company", "create", "--name", "Beta"]);
    let b: Value = serde_json::from_slice(&out.stdout).unwrap();
    let assigned = b["procore_company_id"].as_i64().unwrap();
    assert!(assigned > 0 && assigned != 4242);

    let dup = run(&["company", "create", "--name", "Dup", "--procore-id", "4242"]);
    assert!(!dup.status.success());
    assert!(dup.stdout.is_empty());
    let bad = run(&["company", "create", "--name", "Neg", "--procore-id", "0"]);
    assert!(!bad.status.success());

    // The first admin: one JSON object with the set-password link.
    let out = run(&["admin", "create", "--company", "4242", "--email", "boss@example.com"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let admin: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        admin["set_password_url"]
            .as_str()
            .unwrap()
            .contains("/invitations/inv_"),
        "{admin}"
    );
    assert!(
        !run(&["admin", "create", "--company", "4242", "--email", "not-an-email"])
            .status
            .success()
    );
}

#[test]
fn migrate_creates_the_store_named_in_roster_toml() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("roster.toml"),
        "database_url = \"sqlite://from-toml.db\"\n",
    )
    .unwrap();
    let out = roster(dir.path()).arg("migrate").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(dir.path().join("from-toml.db").exists());
    // The environment wins over the file.
    let out = roster(dir.path())
        .arg("migrate")
        .env("ROSTER_DATABASE_URL", "sqlite://from-env.db")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(dir.path().join("from-env.db").exists());
}

#[tokio::test]
async fn first_start_creates_demo_once_and_sigterm_stops_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let start = || {
        roster(dir.path())
            .arg("serve")
            .env("ROSTER_BIND", format!("127.0.0.1:{port}"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    let mut first = start();
    wait_until_up(port);
    let http = reqwest::Client::new();
    assert_eq!(
        http.get(format!("http://127.0.0.1:{port}/openapi.json"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert!(stop(&mut first).success());
    let out = first.wait_with_output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let demo: Value =
        serde_json::from_str(stdout.lines().find(|l| l.starts_with('{')).expect("demo credentials")).unwrap();
    assert!(
        dir.path().join("roster.db").exists(),
        "default store sqlite://roster.db"
    );

    let mut second = start();
    wait_until_up(port);
    let token = http
        .post(format!("http://127.0.0.1:{port}/oauth/token"))
        .basic_auth(demo["client_id"].as_str().unwrap(), demo["client_secret"].as_str())
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_eq!(token.status(), 200, "the printed Demo credentials work");
    assert!(stop(&mut second).success());
    let out = second.wait_with_output().unwrap();
    assert!(
        !String::from_utf8(out.stdout).unwrap().contains("client_secret"),
        "shown only on first start"
    );
}

#[tokio::test]
async fn outbox_list_shows_waiting_emails() {
    let app = crate::helpers::spawn_app().await;
    let group = app.group("Field").await;
    let level = app.level(false).await;
    let user = serde_json::json!({"is_user": true, "email": "wait@example.com", "permission_level_id": level});
    app.person(&crate::helpers::with(crate::helpers::person_body(&group), user))
        .await;
    let out = Command::new(env!("CARGO_BIN_EXE_roster"))
        .args(["outbox", "list"])
        .env("ROSTER_DATABASE_URL", &app.db_url)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["to"], "wait@example.com");
    assert!(lines[0]["sent_at"].is_null());
    assert!(lines[0]["body"].as_str().unwrap().contains("/invitations/inv_"));
}

#[tokio::test]
async fn tokens_are_revoked_and_secrets_rotated_from_the_command_line() {
    let app = crate::helpers::spawn_app().await;
    let cli = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_roster"))
            .args(args)
            .env("ROSTER_DATABASE_URL", &app.db_url)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice::<Value>(&out.stdout).unwrap()
    };
    assert_eq!(app.get(&app.lc("/groups")).await.status(), 200);
    assert_eq!(
        cli(&["token", "revoke", "--token", &app.token]),
        serde_json::json!({"revoked": 1})
    );
    // The process may remember the token for the cache's 2 s; by then it must be refused.
    let deadline =
        std::time::Instant::now() + std::time::Duration::from_millis(roster_server::token_cache::TTL_MS as u64 + 1_000);
    while app.get(&app.lc("/groups")).await.status() != 401 {
        assert!(std::time::Instant::now() < deadline, "revoked within the cache's 2 s");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }

    let other = crate::helpers::token_for(&app.http, &app.base, &app.company).await;
    let procore_id = app.company.procore_company_id.to_string();
    assert_eq!(cli(&["token", "revoke", "--company", &procore_id])["revoked"], 1);

    let rotated = cli(&["company", "rotate-secret", "--company", &app.company.id]);
    assert_eq!(rotated["client_id"], app.company.client_id.as_str());
    let new_secret = rotated["client_secret"].as_str().unwrap();
    assert_ne!(new_secret, app.company.client_secret);
    let token = |secret: &str| {
        app.http
            .post(format!("{}/oauth/token", app.base))
            .basic_auth(&app.company.client_id, Some(secret))
            .form(&[("grant_type", "client_credentials")])
            .send()
    };
    assert_eq!(
        token(&app.company.client_secret).await.unwrap().status(),
        401,
        "the old secret stopped working"
    );
    assert_eq!(token(new_secret).await.unwrap().status(), 200);
    drop(other);
}
