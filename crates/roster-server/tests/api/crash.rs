//! SIGKILL at a random moment under concurrent creates: after a restart every acknowledged person
//! is there, whole (with their group and tag), and no half-written person exists. Runs on the store
//! under test (SQLite, or PostgreSQL on the second pass of `scripts/test`).
use crate::helpers::{person_body, with};
use crate::process::{cli_company, json_with_token, ServerProcess};
use reqwest::Client;
use roster_store::testing::TestDb;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

#[tokio::test]
async fn kill_9_under_load_loses_no_acknowledged_create_and_leaves_nothing_half_written() {
    let (_db, url) = TestDb::create().await;
    let dir = tempfile::tempdir().unwrap();
    let mut server = ServerProcess::start(dir.path(), &url);
    let (company, token) = cli_company(dir.path(), &url, &server.base, "Crash").await;
    let http = Client::builder().timeout(Duration::from_secs(10)).build().unwrap();
    let api = |base: &str, path: &str| format!("{base}/v2/companies/{}{path}", company["procore_company_id"]);
    let group_body = json!({"name": "G", "timezone": "UTC"});
    let group = json_with_token(http.post(api(&server.base, "/groups")).json(&group_body), &token).await;
    let tag = json_with_token(
        http.post(api(&server.base, "/tags")).json(&json!({"name": "T"})),
        &token,
    )
    .await;

    // Six clients create people until the server dies.
    let clients: Vec<_> = (0..6)
        .map(|c| {
            let (http, token, url) = (http.clone(), token.clone(), api(&server.base, "/people"));
            let body = with(
                person_body(group["id"].as_str().unwrap()),
                json!({"tag_instances": [{"tag_id": tag["id"]}]}),
            );
            tokio::spawn(async move {
                let mut acknowledged = Vec::new();
                for i in 0.. {
                    let body = with(body.clone(), json!({"email": format!("c{c}-{i}@crash.example")}));
                    match http.post(&url).bearer_auth(&token).json(&body).send().await {
                        Ok(res) if res.status() == 200 => {
                            let id = res
                                .json::<Value>()
                                .await
                                .map(|v| v["id"].as_str().unwrap_or_default().to_owned());
                            // An answer cut by the kill is not an acknowledgement.
                            if let Ok(id) = id {
                                acknowledged.push(id);
                            }
                        }
                        Ok(res) => panic!("unexpected {}", res.status()),
                        Err(_) => break,
                    }
                }
                acknowledged
            })
        })
        .collect();
    // A random moment between 300 and 1,300 ms into the load; printed, and replayed by setting
    // ROSTER_CRASH_WAIT_MS to it.
    let wait = std::env::var("ROSTER_CRASH_WAIT_MS")
        .ok()
        .and_then(|w| w.parse().ok())
        .unwrap_or_else(|| 300 + u64::from(uuid::Uuid::new_v4().as_bytes()[0]) * 4);
    eprintln!("crash test: kill -9 after {wait} ms of load (replay: ROSTER_CRASH_WAIT_MS={wait})");
    tokio::time::sleep(Duration::from_millis(wait)).await;
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    let started = Instant::now();
    let mut acknowledged = Vec::new();
    for c in clients {
        acknowledged.extend(c.await.unwrap());
    }
    assert!(started.elapsed() < Duration::from_secs(15));
    assert!(!acknowledged.is_empty(), "the load ran before the kill");

    let server = ServerProcess::start(dir.path(), &url);
    for id in &acknowledged {
        let res = http
            .get(api(&server.base, &format!("/people/{id}")))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "acknowledged person {id} lost after kill -9");
    }
    // Nobody half-written: every stored person has their group and their tag.
    let mut page = 0;
    let mut seen = 0;
    loop {
        let people: Vec<Value> = serde_json::from_value(
            json_with_token(http.get(api(&server.base, &format!("/people?page={page}"))), &token).await["data"].take(),
        )
        .unwrap();
        if people.is_empty() {
            break;
        }
        for p in &people {
            assert_eq!(p["group_ids"], json!([group["id"]]), "{p}");
            assert_eq!(p["tag_instances"].as_array().map(Vec::len), Some(1), "{p}");
        }
        seen += people.len();
        page += 1;
    }
    assert!(seen >= acknowledged.len());
}
