//! No secret reaches a log line, even at trace level.
use crate::process::json_with_token;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[tokio::test]
async fn a_full_session_at_trace_level_logs_no_secret_as_text() {
    full_session_logs_no_secret("text").await;
}

#[tokio::test]
async fn a_full_session_at_trace_level_logs_no_secret_as_json() {
    full_session_logs_no_secret("json").await;
}

async fn full_session_logs_no_secret(format: &str) {
    let dir = tempfile::tempdir().unwrap();
    let port = crate::smtp::free_port();
    let log_path = dir.path().join("roster.log");
    let mut child = Command::new(env!("CARGO_BIN_EXE_roster"))
        .arg("serve")
        .current_dir(dir.path())
        .env("ROSTER_BIND", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "trace")
        .env("ROSTER_LOG_FORMAT", format)
        .env_remove("ROSTER_DATABASE_URL")
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&log_path).unwrap())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    while !line.starts_with('{') {
        line.clear();
        assert!(stdout.read_line(&mut line).unwrap() > 0, "no Demo credentials printed");
    }
    let demo: Value = serde_json::from_str(&line).unwrap();
    let base = format!("http://127.0.0.1:{port}");
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let http = reqwest::Client::new();
    let secret = demo["client_secret"].as_str().unwrap();
    let token: Value = http
        .post(format!("{base}/oauth/token?client_secret={secret}"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", demo["client_id"].as_str().unwrap()),
            ("client_secret", secret),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = token["access_token"].as_str().unwrap().to_owned();
    let api = |path: &str| format!("{base}/v2/companies/{}{path}", demo["procore_company_id"]);
    let group_body = json!({"name": "G", "timezone": "UTC"});
    let group = json_with_token(http.post(api("/groups")).json(&group_body), &token).await;
    let levels = json_with_token(http.get(api("/permission-level-options")), &token).await;
    let person = |email: &str, extra: Value| {
        let mut body = json!({"first_name": "A", "last_name": "B", "is_user": true, "is_assignable": true, "status": "active",
                              "group_ids": [group["id"]], "email": email, "permission_level_id": levels[0]["id"]});
        body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        http.post(api("/people")).bearer_auth(&token).json(&body).send()
    };
    assert_eq!(
        person("pw@example.com", json!({"password": "Sup3rSecret9"}))
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(person("inv@example.com", json!({})).await.unwrap().status(), 200);
    let weak = person("weak@example.com", json!({"password": "weakling"}))
        .await
        .unwrap();
    assert!(
        !weak.text().await.unwrap().contains("weakling"),
        "a refused password is not echoed"
    );
    let session: Value = http
        .post(format!("{base}/v2/auth/login"))
        .json(&json!({"email": "pw@example.com", "password": "Sup3rSecret9"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let session = session["access_token"].as_str().unwrap().to_owned();
    assert_eq!(
        http.get(format!("{base}/v2/me"))
            .bearer_auth(&session)
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let _ = http
        .post(format!("{base}/v2/auth/login"))
        .json(&json!({"email": "pw@example.com", "password": "Wr0ngGuess"}))
        .send()
        .await;

    // The authorization-code flow, a refresh, LaborChart Basic credentials.
    let cli = |args: &[&str]| -> Value {
        let out = Command::new(env!("CARGO_BIN_EXE_roster"))
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let company = demo["id"].as_str().unwrap();
    let callback = "https://integration.example/callback";
    let app = cli(&[
        "app",
        "create",
        "--company",
        company,
        "--name",
        "Sync",
        "--redirect-uri",
        callback,
    ]);
    let (app_id, app_secret) = (
        app["client_id"].as_str().unwrap(),
        app["client_secret"].as_str().unwrap(),
    );
    let mut browser = crate::oauth_helpers::Browser::at(&base);
    let query = crate::oauth_helpers::authorize_query(app_id, callback, "s", None);
    let location = crate::oauth_helpers::approve_with(&mut browser, &query, "pw@example.com", "Sup3rSecret9")
        .await
        .1
        .unwrap();
    let code = location
        .split("code=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .to_owned();
    let exchange = json!({"grant_type": "authorization_code", "code": code, "redirect_uri": callback,
        "client_id": app_id, "client_secret": app_secret});
    let first: Value = http
        .post(format!("{base}/oauth/token"))
        .json(&exchange)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let refresh = json!({"grant_type": "refresh_token", "refresh_token": first["refresh_token"], "client_id": app_id, "client_secret": app_secret});
    let second: Value = http
        .post(format!("{base}/oauth/token"))
        .json(&refresh)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(second["access_token"].is_string(), "{second}");
    let basic = cli(&["basic-credentials", "create", "--company", company]);
    let basic_secret = basic["client_secret"].as_str().unwrap().to_owned();
    let groups = http
        .get(api("/groups"))
        .basic_auth(basic["client_id"].as_str().unwrap(), Some(&basic_secret))
        .send()
        .await
        .unwrap();
    assert_eq!(groups.status(), 200);
    let oauth_secrets: Vec<(&str, String)> = vec![
        ("application secret", app_secret.to_owned()),
        ("authorization code", code),
        ("first access token", first["access_token"].as_str().unwrap().to_owned()),
        (
            "first refresh token",
            first["refresh_token"].as_str().unwrap().to_owned(),
        ),
        (
            "second access token",
            second["access_token"].as_str().unwrap().to_owned(),
        ),
        (
            "second refresh token",
            second["refresh_token"].as_str().unwrap().to_owned(),
        ),
        ("Basic secret", basic_secret),
    ];
    let browser_cookies = browser.cookie_values();

    assert!(Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap()
        .success());
    assert!(child.wait().unwrap().success());
    let outbox = Command::new(env!("CARGO_BIN_EXE_roster"))
        .args(["outbox", "list"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let outbox = String::from_utf8(outbox.stdout).unwrap();
    let invitation = crate::smtp::invitation_token(&outbox);

    let logs = std::fs::read_to_string(&log_path).unwrap();
    assert!(logs.lines().count() > 10, "trace logging was on");
    assert!(!logs.contains('\u{1b}'), "no terminal colour codes in a log file");
    if format == "json" {
        for line in logs.lines() {
            assert!(serde_json::from_str::<Value>(line).is_ok(), "not a JSON line: {line}");
        }
    }
    for (what, secret) in [
        ("client secret", secret),
        ("access token", token.as_str()),
        ("session token", session.as_str()),
        ("password", "Sup3rSecret9"),
        ("refused password", "weakling"),
        ("wrong password", "Wr0ngGuess"),
        ("password hash", "$argon2id$"),
        ("invitation token", invitation.as_str()),
    ] {
        assert!(!logs.contains(secret), "the {what} is in the logs");
    }
    for (what, secret) in oauth_secrets {
        assert!(!logs.contains(&secret), "the {what} is in the logs");
    }
    for cookie in browser_cookies {
        assert!(
            !logs.contains(&cookie),
            "a browser cookie (session or CSRF token) is in the logs"
        );
    }
}
