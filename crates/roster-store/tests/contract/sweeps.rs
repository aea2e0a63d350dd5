//! What would otherwise only grow: the outbox's scrub and attempt cap, and the sweep of old rate
//! windows, login failures, sessions and outbox emails.
use crate::{group, person, store};
use roster_core::dates::now_millis;
use roster_core::model::{AuthCode, NewInvitation, OAuthClient, Session, OOB_REDIRECT_URI, SCRUBBED_BODY};
use roster_core::{secrets, SweepPolicy, Swept};
use serde_json::json;

#[tokio::test]
async fn a_sent_email_is_scrubbed_and_a_failing_one_given_up_at_the_cap() {
    let (store, _db, company) = store().await;
    let g = group(store.as_ref(), company.id).await;
    let to = roster_core::email::Email::parse("email", "a@example.com").unwrap();
    for i in 0..2 {
        let mut p = person(company.id, &g, json!({"email": format!("p{i}@example.com")}));
        p.invitation = Some(NewInvitation::issue("Acme", "A", &to, "http://x", 60_000, now_millis()));
        store.create_person(&p).await.unwrap();
    }
    let now = now_millis();
    let claimed = store.claim_outbox(now, 10, 60_000).await.unwrap();
    let (sent, failing) = (claimed[0].email.id, claimed[1].email.id);
    assert!(
        claimed[0].email.body.contains("http://x/invitations/"),
        "the link waits in the body"
    );
    store.outbox_sent(sent, now).await.unwrap();

    // Three tries allowed: the third failure gives the email up; it is never claimed again.
    let mut at = now;
    for attempt in 1..=3 {
        let gave_up = store.outbox_failed(failing, at, "550 no such user", 3).await.unwrap();
        assert_eq!(gave_up, attempt == 3, "attempt {attempt}");
        at += 120_000;
        let again = store.claim_outbox(at, 10, 60_000).await.unwrap();
        assert_eq!(again.len(), usize::from(attempt < 3), "attempt {attempt}");
    }
    let outbox = store.outbox().await.unwrap();
    let find = |id| outbox.iter().find(|m| m.email.id == id).unwrap();
    assert_eq!(find(sent).email.body, SCRUBBED_BODY);
    assert!(!find(sent).email.body.contains("/invitations/"));
    assert_eq!((find(failing).attempts, find(failing).failed_at.is_some()), (3, true));
    assert!(find(failing).sent_at.is_none());
}

#[tokio::test]
async fn a_sweep_removes_only_what_is_past() {
    let (store, _db, company) = store().await;
    let g = group(store.as_ref(), company.id).await;
    let now = now_millis();
    let hour = now / 1000 - (now / 1000).rem_euclid(3600);
    // Rate windows: last hour's and this hour's.
    store.count_requests("old", hour - 3600, 5).await.unwrap();
    store.count_requests("new", hour, 5).await.unwrap();
    assert_eq!(
        store.count_requests("new", hour, 0).await.unwrap(),
        5,
        "n = 0 reads the total"
    );
    // Login failures: one long ago, one now.
    store
        .record_login_failure("old@example.com", now - 2 * 86_400_000)
        .await
        .unwrap();
    store.record_login_failure("new@example.com", now).await.unwrap();
    // Sessions: one expired, one live.
    let p = person(company.id, &g, json!({}));
    store.create_person(&p).await.unwrap();
    for (token, expires_at) in [("expired", now - 1), ("live", now + 60_000)] {
        let s = Session {
            digest: secrets::digest(token),
            person_id: p.id,
            created_at: now - 120_000,
            expires_at,
        };
        store.insert_session(&s).await.unwrap();
    }
    // Authorization codes: one expired, one live.
    let (app, _) = OAuthClient::new_app(company.id, "Sync", vec![OOB_REDIRECT_URI.into()], now).unwrap();
    store.insert_client(&app).await.unwrap();
    for (code, expires_at) in [("old", now - 1), ("new", now + 60_000)] {
        let c = AuthCode {
            digest: secrets::digest(code),
            client_id: app.client_id.clone(),
            person_id: p.id,
            company_id: company.id,
            redirect_uri: OOB_REDIRECT_URI.into(),
            code_challenge: None,
            grant_id: code.into(),
            created_at: now - 600_000,
            expires_at,
        };
        store.insert_code(&c).await.unwrap();
    }
    // Outbox: one sent long ago, one sent now, one pending.
    let to = roster_core::email::Email::parse("email", "a@example.com").unwrap();
    for i in 0..3 {
        let mut q = person(company.id, &g, json!({"email": format!("o{i}@example.com")}));
        q.invitation = Some(NewInvitation::issue("Acme", "A", &to, "http://x", 60_000, now));
        store.create_person(&q).await.unwrap();
    }
    let claimed = store.claim_outbox(now, 10, 60_000).await.unwrap();
    store
        .outbox_sent(claimed[0].email.id, now - 10 * 86_400_000)
        .await
        .unwrap();
    store.outbox_sent(claimed[1].email.id, now).await.unwrap();

    let policy = SweepPolicy {
        rate_windows_before: hour,
        login_failures_before: now - 86_400_000,
        sessions_before: now,
        outbox_before: now - 7 * 86_400_000,
        codes_before: now,
    };
    let swept = store.sweep(&policy).await.unwrap();
    assert_eq!(
        swept,
        Swept {
            rate_windows: 1,
            login_failures: 1,
            sessions: 1,
            outbox: 1,
            codes: 1
        }
    );
    assert_eq!(
        store.sweep(&policy).await.unwrap(),
        Swept::default(),
        "nothing left to sweep"
    );
    assert_eq!(store.count_requests("new", hour, 0).await.unwrap(), 5);
    assert_eq!(store.count_requests("old", hour - 3600, 0).await.unwrap(), 0);
    assert!(store.login_locked_until("new@example.com", now - 1).await.is_ok());
    let left: Vec<_> = store.outbox().await.unwrap().into_iter().map(|m| m.email.id).collect();
    assert_eq!(left.len(), 2);
    assert!(!left.contains(&claimed[0].email.id));
}

#[tokio::test]
async fn every_sweep_delete_is_answered_from_an_index() {
    let (_db, url) = roster_store::testing::TestDb::create().await;
    drop(roster_store::open(&url).await.unwrap()); // migrated
    for sql in roster_store::testing::SWEEP_DELETES {
        let sql = sql.replace("$1", "0");
        let plan: Vec<String> = if url.starts_with("postgres") {
            use sqlx::{Connection, Executor};
            let mut conn = sqlx::PgConnection::connect(&url).await.unwrap();
            // Empty tables: without this the planner would rightly scan them.
            conn.execute("SET enable_seqscan = off").await.unwrap();
            sqlx::query_scalar(&format!("EXPLAIN {sql}"))
                .fetch_all(&mut conn)
                .await
                .unwrap()
        } else {
            use sqlx::Connection;
            let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
            let rows: Vec<(i64, i64, i64, String)> = sqlx::query_as(&format!("EXPLAIN QUERY PLAN {sql}"))
                .fetch_all(&mut conn)
                .await
                .unwrap();
            rows.into_iter().map(|r| r.3).collect()
        };
        let plan = plan.join("\n");
        assert!(
            plan.contains("Index") || plan.contains("INDEX") || plan.contains("PRIMARY KEY"),
            "{sql}:\n{plan}"
        );
        assert!(
            !plan.contains("Seq Scan") && !plan.lines().any(|l| l.trim_start().starts_with("SCAN ")),
            "{sql}:\n{plan}"
        );
    }
}
