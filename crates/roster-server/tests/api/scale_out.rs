//! Several `roster serve` processes on one PostgreSQL database, and PostgreSQL going away.
//! These always run on PostgreSQL (`ROSTER_TEST_POSTGRES`, or the machine's server).
use crate::helpers::person_body;
use crate::process::{cli_company, roster, ServerProcess};
use reqwest::{Client, StatusCode};
use roster_store::testing::{postgres_admin_url, TestDb};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

async fn postgres_db() -> (TestDb, String) {
    let admin = postgres_admin_url().unwrap_or_else(|| "postgres://postgres@127.0.0.1:5432/postgres".into());
    TestDb::postgres(&admin).await
}

#[tokio::test]
#[ignore = "needs PostgreSQL: scripts/test runs it in its PostgreSQL pass"]
async fn two_processes_one_database_one_winner_on_postgres() {
    let (_db, url) = postgres_db().await;
    let dir = tempfile::tempdir().unwrap();
    // Migrations run before either process starts serving, as an operator would (`roster migrate`).
    assert!(roster(dir.path())
        .arg("migrate")
        .env("ROSTER_DATABASE_URL", &url)
        .status()
        .unwrap()
        .success());
    let servers = [
        ServerProcess::start(dir.path(), &url),
        ServerProcess::start(dir.path(), &url),
    ];
    let http = Client::new();
    let (company, token) = cli_company(dir.path(), &url, &servers[0].base, "Scale").await;
    let api = |server: usize, path: &str| {
        format!(
            "{}/v2/companies/{}{path}",
            servers[server].base, company["procore_company_id"]
        )
    };

    // A token issued by one process works on the other.
    let res = http
        .post(api(1, "/groups"))
        .bearer_auth(&token)
        .json(&json!({"name": "G", "timezone": "UTC"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let group = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();

    let body = crate::helpers::with(person_body(&group), json!({"email": "same@example.com"}));
    let requests = (0..100).map(|i| http.post(api(i % 2, "/people")).bearer_auth(&token).json(&body).send());
    let results = futures::future::join_all(requests).await;
    let mut statuses: Vec<u16> = results.into_iter().map(|r| r.unwrap().status().as_u16()).collect();
    statuses.sort_unstable();
    assert_eq!(statuses, [vec![200], vec![409; 99]].concat());
    let res = http
        .get(api(0, "/people?email=same@example.com"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["total"], "1");
}

#[tokio::test]
#[ignore = "needs PostgreSQL: scripts/test runs it in its PostgreSQL pass"]
async fn postgres_going_away_answers_503_then_recovers_without_losing_writes_on_postgres() {
    let (_db, url) = postgres_db().await;
    let name = url.rsplit('/').next().unwrap().to_owned();
    let admin = postgres_admin_url().unwrap_or_else(|| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let dir = tempfile::tempdir().unwrap();
    let server = ServerProcess::start(dir.path(), &url);
    let http = Client::builder().timeout(Duration::from_secs(30)).build().unwrap();
    let (company, token) = cli_company(dir.path(), &url, &server.base, "Scale").await;
    let api = |path: &str| format!("{}/v2/companies/{}{path}", server.base, company["procore_company_id"]);
    let res = http
        .post(api("/groups"))
        .bearer_auth(&token)
        .json(&json!({"name": "G", "timezone": "UTC"}))
        .send()
        .await
        .unwrap();
    let group = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();

    // Load: 4 clients creating people for 6 seconds, each remembering what was acknowledged.
    let deadline = Instant::now() + Duration::from_secs(6);
    let clients = (0..4).map(|c| {
        let (http, token, url, group) = (http.clone(), token.clone(), api("/people"), group.clone());
        tokio::spawn(async move {
            let (mut acked, mut statuses) = (Vec::new(), Vec::new());
            let mut i = 0;
            while Instant::now() < deadline {
                i += 1;
                let body = crate::helpers::with(person_body(&group), json!({"email": format!("c{c}-{i}@example.com")}));
                match http.post(&url).bearer_auth(&token).json(&body).send().await {
                    Ok(res) => {
                        let status = res.status().as_u16();
                        let body: Value = res.json().await.unwrap_or(Value::Null);
                        if status == 200 {
                            acked.push(body["id"].as_str().unwrap().to_owned());
                        } else {
                            assert_eq!(body["code"], "ServiceUnavailableError", "{status}: {body}");
                        }
                        statuses.push(status);
                    }
                    Err(e) => panic!("no answer: {e}"),
                }
            }
            (acked, statuses)
        })
    });
    let clients: Vec<_> = clients.collect();

    // The outage: the database refuses connections and every open one is cut.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let mut admin_conn = <sqlx::PgConnection as sqlx::Connection>::connect(&admin).await.unwrap();
    for sql in [
        format!("ALTER DATABASE {name} ALLOW_CONNECTIONS false"),
        format!("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"),
    ] {
        sqlx::query(&sql).execute(&mut admin_conn).await.unwrap();
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    sqlx::query(&format!("ALTER DATABASE {name} ALLOW_CONNECTIONS true"))
        .execute(&mut admin_conn)
        .await
        .unwrap();

    let mut acked = Vec::new();
    let mut statuses = Vec::new();
    for c in clients {
        let (a, s) = c.await.unwrap();
        acked.extend(a);
        statuses.extend(s);
    }
    assert!(statuses.contains(&503), "the outage was seen as 503s");
    assert!(statuses.iter().all(|s| *s == 200 || *s == 503), "only 200 and 503");
    let after = statuses.iter().rposition(|s| *s == 503).unwrap();
    assert!(
        statuses[after..].contains(&200) || {
            // The last client's last answers may all be from the outage; check recovery directly.
            let res = http.get(api("/people")).bearer_auth(&token).send().await.unwrap();
            res.status() == StatusCode::OK
        }
    );
    // Recovered by itself, and nothing acknowledged was lost.
    let res = http
        .get(api("/people?page=0"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    for id in &acked {
        let res = http
            .get(api(&format!("/people/{id}")))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "acknowledged person {id} lost");
    }
    assert!(acked.len() > 10, "load ran: {} acknowledged", acked.len());
}
