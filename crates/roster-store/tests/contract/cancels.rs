//! Store calls cut off at any point, as a client that goes away cuts its request off: no
//! connection goes back to the pool inside a transaction, so later writes are committed when they
//! answer and wait on no lock left behind.
use super::{group, person};
use roster_core::model::*;
use serde_json::json;
use std::time::Duration;

#[tokio::test]
async fn writes_and_page_reads_cut_off_leave_no_transaction_open() {
    let (_db, url) = roster_store::testing::TestDb::create().await;
    let store = roster_store::open(&url).await.unwrap();
    let (new, _) = NewCompany::provision("Acme", None);
    let company = store.create_company(new).await.unwrap();
    let g = group(store.as_ref(), company.id).await;
    for i in 0..40 {
        let p = person(company.id, &g, json!({"email": format!("cut{i}@example.com")}));
        store.create_person(&p).await.unwrap();
    }
    let everyone = PersonFilter::default();
    let mut created = Vec::new();
    for round in 0..150u64 {
        let cut = |k: u64| Duration::from_micros((round * 37 + k * 211) % 2500);
        let edit = |g: &mut Group| {
            g.name = "Renamed".into();
            Ok(())
        };
        let update = tokio::time::timeout(cut(0), store.update_group(company.id, g.id, &edit));
        let page = tokio::time::timeout(cut(1), store.people(company.id, &everyone, Page { index: 3, size: 4 }));
        let p = person(company.id, &g, json!({"email": format!("cut-r{round}@example.com")}));
        let (made, _, _) = tokio::join!(
            tokio::time::timeout(Duration::from_secs(5), store.create_person(&p)),
            update,
            page
        );
        made.expect("a create waited on a lock left behind").unwrap();
        created.push(p.id);
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    // Every create that answered is committed: a store opened afresh reads each.
    let fresh = roster_store::open(&url).await.unwrap();
    for id in created {
        fresh
            .person(company.id, roster_core::IdRef::Uuid(id.0))
            .await
            .expect("an acknowledged create is committed");
    }
    if url.starts_with("postgres") {
        let open: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'",
        )
        .fetch_one(&mut <sqlx::PgConnection as sqlx::Connection>::connect(&url).await.unwrap())
        .await
        .unwrap();
        assert_eq!(open, 0);
    }
}
