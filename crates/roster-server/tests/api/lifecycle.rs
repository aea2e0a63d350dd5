//! The process's life: graceful stop with requests in flight, the outbox across restarts.
use crate::process::{cli_company, json_with_token, stop, ServerProcess};
use crate::smtp::SmtpServer;
use reqwest::Client;
use serde_json::json;
use std::io::{Read, Write};
use std::time::Duration;

#[tokio::test]
async fn sigterm_lets_the_request_in_flight_finish_and_refuses_new_ones() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("r.db").display());
    let mut server = ServerProcess::start(dir.path(), &url);
    let (company, token) = cli_company(dir.path(), &url, &server.base, "Life").await;
    let addr = server.base.trim_start_matches("http://").to_owned();
    let body = json!({"name": "Night shift", "timezone": "UTC"}).to_string();
    let (first, rest) = body.split_at(10);

    // A request whose body is still arriving when SIGTERM comes. `Expect: 100-continue` makes the
    // server say when its handler starts reading the body: the request is then in flight.
    let mut conn = std::net::TcpStream::connect(&addr).unwrap();
    write!(
        conn,
        "POST /v2/companies/{}/groups HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: {}\r\n\r\n{first}",
        company["procore_company_id"],
        body.len()
    )
    .unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut interim = Vec::new();
    let mut byte = [0u8; 1];
    while !interim.ends_with(b"\r\n\r\n") {
        conn.read_exact(&mut byte).expect("the server reads the body");
        interim.push(byte[0]);
    }
    assert!(
        interim.starts_with(b"HTTP/1.1 100"),
        "{}",
        String::from_utf8_lossy(&interim)
    );
    let pid = server.child.id().to_string();
    assert!(std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while std::net::TcpStream::connect(&addr).is_ok() {
        assert!(
            std::time::Instant::now() < deadline,
            "new connections are refused while draining"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    conn.write_all(rest.as_bytes()).unwrap();
    let mut answer = String::new();
    let _ = conn.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"id\""), "{answer}");
    assert!(stop_or_wait(&mut server).success());
}

/// The exit status of a server that should be exiting by itself; stopped after 10 s if it is not.
fn stop_or_wait(server: &mut ServerProcess) -> std::process::ExitStatus {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            return status;
        }
        if std::time::Instant::now() > deadline {
            return stop(&mut server.child);
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[tokio::test]
#[ignore = "needs the aiosmtpd SMTP server (ROSTER_TEST_PYTHON): scripts/test runs it"]
async fn queued_emails_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("r.db").display());
    let server = ServerProcess::start(dir.path(), &url);
    let (company, token) = cli_company(dir.path(), &url, &server.base, "Life").await;
    let http = Client::new();
    let api = |base: &str, path: &str| format!("{base}/v2/companies/{}{path}", company["procore_company_id"]);
    let group_body = json!({"name": "G", "timezone": "UTC"});
    let group = json_with_token(http.post(api(&server.base, "/groups")).json(&group_body), &token).await;
    let levels = json_with_token(http.get(api(&server.base, "/permission-level-options")), &token).await;
    let person = json!({"first_name": "Queued", "last_name": "Q", "is_user": true, "is_assignable": true, "status": "active",
                        "group_ids": [group["id"]], "email": "queued@example.com", "permission_level_id": levels[1]["id"]});
    let res = http
        .post(api(&server.base, "/people"))
        .bearer_auth(&token)
        .json(&person)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    drop(server); // killed with the email still in the outbox: no SMTP was configured

    let smtp = SmtpServer::start();
    let _server = ServerProcess::start_with(dir.path(), &url, &[("ROSTER_SMTP_URL", &smtp.url())]);
    let mails = smtp.wait_for(1).await;
    assert_eq!(mails.len(), 1, "delivered after the restart");
    assert!(mails[0].contains("queued@example.com"));
}
