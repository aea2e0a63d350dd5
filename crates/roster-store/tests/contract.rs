//! The store contract: the same tests for every backend (SQLite by default; PostgreSQL when
//! `ROSTER_TEST_POSTGRES` is set, as `scripts/test` does on its second pass).
#![allow(clippy::unwrap_used)]
use roster_core::dates::now_millis;
use roster_core::input::Body;
use roster_core::model::*;
use roster_core::{secrets, CompanyId, IdRef, Store, StoreError};
use roster_store::testing::TestDb;
use serde_json::json;
use std::sync::Arc;

async fn store() -> (Arc<dyn Store>, TestDb, Company) {
    let (db, url) = TestDb::create().await;
    let store = roster_store::open(&url).await.unwrap();
    let (new, _) = NewCompany::provision("Acme", None);
    let company = store.create_company(new).await.unwrap();
    (store, db, company)
}

async fn group(store: &dyn Store, company: CompanyId) -> Group {
    let g = Group::create(
        company,
        &Body::object(&json!({"name": "Field", "timezone": "UTC"})).unwrap(),
    )
    .unwrap();
    store.insert_group(&g).await.unwrap();
    g
}

fn person(company: CompanyId, group: &Group, extra: serde_json::Value) -> NewPerson {
    let mut body = json!({"first_name": "A", "last_name": "B", "is_user": false, "is_assignable": true,
                          "status": "active", "group_ids": [group.id.to_string()]});
    body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    let req = CreatePerson::parse(&Body::object(&body).unwrap()).unwrap();
    NewPerson::from_request(company, req, None, None)
}

#[tokio::test]
async fn companies_by_either_id_and_unique_procore_ids() {
    let (store, _db, company) = store().await;
    assert_eq!(store.company(IdRef::Uuid(company.id.0)).await.unwrap(), company);
    assert_eq!(store.company(IdRef::Int(company.procore_id)).await.unwrap(), company);
    assert!(matches!(
        store.company(IdRef::Int(999_999)).await,
        Err(StoreError::NotFound(_))
    ));
    let (dup, _) = NewCompany::provision("Dup", Some(company.procore_id));
    assert!(matches!(
        store.create_company(dup).await,
        Err(StoreError::Conflict {
            field: "procore_company_id"
        })
    ));
    let (next, _) = NewCompany::provision("Next", None);
    assert!(store.create_company(next).await.unwrap().procore_id > company.procore_id);
    assert_eq!(
        store
            .permission_levels(company.id)
            .await
            .unwrap()
            .iter()
            .filter(|l| l.is_admin)
            .count(),
        1
    );
}

#[tokio::test]
async fn tokens_expire() {
    let (store, _db, company) = store().await;
    let now = now_millis();
    for (token, expires_at) in [("live", now + 60_000), ("dead", now - 1)] {
        let t = AccessToken {
            digest: secrets::digest(token),
            company_id: company.id,
            created_at: now - 10,
            expires_at,
        };
        store.insert_token(t).await.unwrap();
    }
    assert_eq!(
        store.token_company(&secrets::digest("live"), now).await.unwrap().0.id,
        company.id
    );
    assert!(store.token_company(&secrets::digest("dead"), now).await.is_err());
    assert!(store.token_company(&secrets::digest("never"), now).await.is_err());
}

#[tokio::test]
async fn email_and_phone_are_unique_among_active_people_even_under_races() {
    let (store, _db, company) = store().await;
    let g = group(store.as_ref(), company.id).await;
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let (store, p) = (
                store.clone(),
                person(company.id, &g, json!({"email": "Race@Example.com"})),
            );
            tokio::spawn(async move { store.create_person(&p).await })
        })
        .collect();
    let results = futures::future::join_all(tasks).await;
    let ok = results.iter().filter(|r| matches!(r, Ok(Ok(())))).count();
    let conflicts = results
        .iter()
        .filter(|r| matches!(r, Ok(Err(StoreError::Conflict { field: "email" }))))
        .count();
    assert_eq!((ok, conflicts), (1, 19));

    store
        .create_person(&person(company.id, &g, json!({"phone": "+1 213 555 1234"})))
        .await
        .unwrap();
    let again = store
        .create_person(&person(company.id, &g, json!({"phone": "+1-213-555-1234"})))
        .await;
    assert!(matches!(again, Err(StoreError::Conflict { field: "phone" })));
    let inactive = person(
        company.id,
        &g,
        json!({"phone": "+1-213-555-1234", "status": "inactive"}),
    );
    store.create_person(&inactive).await.unwrap();
}

#[tokio::test]
async fn references_and_rules_are_checked_in_the_write() {
    let (store, _db, company) = store().await;
    let g = group(store.as_ref(), company.id).await;
    let (other, _) = NewCompany::provision("Other", None);
    let other = store.create_company(other).await.unwrap();
    let foreign = group(store.as_ref(), other.id).await;
    let err = store
        .create_person(&person(company.id, &foreign, json!({})))
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Invalid(ref i) if i.detail_code == "unknownReference"),
        "{err:?}"
    );

    let p = person(company.id, &g, json!({}));
    store.create_person(&p).await.unwrap();
    assert!(matches!(
        store.delete_group(company.id, g.id).await,
        Err(StoreError::InUse { .. })
    ));
    let read = store.person(company.id, IdRef::Uuid(p.id.0)).await.unwrap();
    assert_eq!(
        store.person(company.id, IdRef::Int(read.procore_id)).await.unwrap(),
        read
    );
    assert!(
        store.person(other.id, IdRef::Uuid(p.id.0)).await.is_err(),
        "another company sees nothing"
    );

    let mut changed = read.data.clone();
    changed.first_name = "Changed".into();
    store
        .update_person(company.id, p.id, &changed, read.updated_at)
        .await
        .unwrap();
    let after = store.person(company.id, IdRef::Uuid(p.id.0)).await.unwrap();
    assert_eq!(after.data.first_name, "Changed");
    assert!(
        after.updated_at > read.updated_at,
        "updated_at moves even within the same millisecond"
    );
    store.delete_person(company.id, p.id).await.unwrap();
    store.delete_group(company.id, g.id).await.unwrap();
}

#[tokio::test]
async fn the_outbox_hands_each_message_to_one_claimer() {
    let (store, _db, company) = store().await;
    let g = group(store.as_ref(), company.id).await;
    let to = roster_core::email::Email::parse("email", "a@example.com").unwrap();
    for i in 0..10 {
        let mut p = person(company.id, &g, json!({"email": format!("p{i}@example.com")}));
        p.invitation = Some(NewInvitation::issue("Acme", "A", &to, "http://x", 60_000, now_millis()));
        store.create_person(&p).await.unwrap();
    }
    let now = now_millis();
    let (a, b) = tokio::join!(store.claim_outbox(now, 10, 60_000), store.claim_outbox(now, 10, 60_000));
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.len() + b.len(), 10, "every message claimed once");
    assert!(a.iter().all(|m| b.iter().all(|n| n.email.id != m.email.id)));
    assert!(store.claim_outbox(now, 10, 60_000).await.unwrap().is_empty(), "leased");

    let first = a.first().or(b.first()).unwrap().email.id;
    store.outbox_failed(first, now, "connection refused").await.unwrap();
    let failed = store
        .outbox()
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.email.id == first)
        .unwrap();
    assert_eq!(failed.attempts, 1);
    assert!(failed.next_attempt_at > now && failed.next_attempt_at <= now + 5_000);
    let retried = store.claim_outbox(failed.next_attempt_at, 10, 60_000).await.unwrap();
    assert_eq!(retried.len(), 1);
    store.outbox_sent(first, now).await.unwrap();
    assert!(store
        .outbox()
        .await
        .unwrap()
        .iter()
        .any(|m| m.email.id == first && m.sent_at.is_some()));
}

#[tokio::test]
async fn project_people_origin_ids_are_unique_per_project() {
    let (store, _db, company) = store().await;
    let now = now_millis();
    let project = |name: &str| NewProject {
        company_id: company.id,
        name: name.into(),
        project_number: None,
        active: true,
        created_at: now,
    };
    let p1 = store.create_project(&project("One")).await.unwrap();
    let p2 = store.create_project(&project("Two")).await.unwrap();
    let data =
        ProjectPersonData::parse(&Body::object(&json!({"last_name": "Lee", "origin_id": "x"})).unwrap()).unwrap();
    store
        .create_project_person(company.id, p1.id, &data, now)
        .await
        .unwrap();
    let dup = store.create_project_person(company.id, p1.id, &data, now).await;
    assert!(
        matches!(dup, Err(StoreError::Conflict { field: "origin_id" })),
        "{dup:?}"
    );
    store
        .create_project_person(company.id, p2.id, &data, now)
        .await
        .unwrap();
    let (people, total) = store
        .project_people(company.id, p1.id, &ProjectPeopleFilter::default(), 1, 10)
        .await
        .unwrap();
    assert_eq!((people.len(), total), (1, 1));
}

#[tokio::test]
async fn concurrent_creates_fail_alone() {
    let (store, _db, company) = store().await;
    let g = group(store.as_ref(), company.id).await;
    let (other, _) = NewCompany::provision("Other", None);
    let other = store.create_company(other).await.unwrap();
    let foreign = group(store.as_ref(), other.id).await;
    let tasks: Vec<_> = (0..30)
        .map(|i| {
            let target = if i % 3 == 0 { &foreign } else { &g };
            let p = person(company.id, target, json!({"email": format!("p{i}@example.com")}));
            let store = store.clone();
            tokio::spawn(async move { (p.id, store.create_person(&p).await) })
        })
        .collect();
    let results = futures::future::join_all(tasks).await;
    for (i, r) in results.into_iter().enumerate() {
        let (id, outcome) = r.unwrap();
        let stored = store.person(company.id, IdRef::Uuid(id.0)).await;
        if i % 3 == 0 {
            assert!(matches!(outcome, Err(StoreError::Invalid(_))), "{i}: {outcome:?}");
            assert!(stored.is_err(), "{i}: nothing half-written");
        } else {
            assert!(outcome.is_ok(), "{i}: {outcome:?}");
            assert_eq!(stored.unwrap().group_ids, vec![g.id]);
        }
    }
}

#[tokio::test]
async fn a_batch_of_concurrent_creates_keeps_every_person_whole() {
    let (store, _db, company) = store().await;
    let (a, b) = (
        group(store.as_ref(), company.id).await,
        group(store.as_ref(), company.id).await,
    );
    let tasks: Vec<_> = (0..40)
        .map(|i| {
            // Two groups, in an order that differs by person.
            let order = if i % 2 == 0 { [&a, &b] } else { [&b, &a] };
            let groups = json!([order[0].id.to_string(), order[1].id.to_string()]);
            let p = person(
                company.id,
                &a,
                json!({"email": format!("w{i}@example.com"), "group_ids": groups}),
            );
            let store = store.clone();
            tokio::spawn(async move { (i, p.id, store.create_person(&p).await) })
        })
        .collect();
    for r in futures::future::join_all(tasks).await {
        let (i, id, outcome) = r.unwrap();
        assert!(outcome.is_ok(), "{i}: {outcome:?}");
        let stored = store.person(company.id, IdRef::Uuid(id.0)).await.unwrap();
        let want = if i % 2 == 0 { vec![a.id, b.id] } else { vec![b.id, a.id] };
        assert_eq!(stored.group_ids, want, "{i}");
        assert_eq!(stored.data.email.unwrap().as_str(), format!("w{i}@example.com"));
    }
}

#[tokio::test]
async fn a_batch_mixing_plain_people_references_and_taken_emails_answers_each_alone() {
    let (store, _db, company) = store().await;
    let g = group(store.as_ref(), company.id).await;
    let title = JobTitle::create(company.id, &Body::object(&json!({"name": "Foreman"})).unwrap()).unwrap();
    store.save_job_title(&title).await.unwrap();
    store
        .create_person(&person(company.id, &g, json!({"email": "taken@example.com"})))
        .await
        .unwrap();
    // Plain people (one statement on PostgreSQL), people with a job title (a transaction) and
    // people whose email is taken, created at the same time so that batches mix them.
    let tasks: Vec<_> = (0..36)
        .map(|i| {
            let extra = match i % 4 {
                0 => json!({"email": "taken@example.com"}),
                1 => json!({"email": format!("m{i}@example.com"), "job_title_id": title.id.to_string()}),
                _ => json!({"email": format!("m{i}@example.com")}),
            };
            let p = person(company.id, &g, extra);
            let store = store.clone();
            tokio::spawn(async move { (i, p.id, store.create_person(&p).await) })
        })
        .collect();
    for r in futures::future::join_all(tasks).await {
        let (i, id, outcome) = r.unwrap();
        let stored = store.person(company.id, IdRef::Uuid(id.0)).await;
        if i % 4 == 0 {
            assert!(
                matches!(outcome, Err(StoreError::Conflict { field: "email" })),
                "{i}: {outcome:?}"
            );
            assert!(stored.is_err(), "{i}: nothing written");
        } else {
            assert!(outcome.is_ok(), "{i}: {outcome:?}");
            let stored = stored.unwrap();
            assert_eq!(stored.group_ids, vec![g.id], "{i}");
            let want_title = (i % 4 == 1).then_some(title.id);
            assert_eq!(stored.data.job_title_id, want_title, "{i}");
        }
    }
}

#[tokio::test]
async fn the_unfiltered_total_follows_creates_and_deletes_per_company() {
    let (store, _db, company) = store().await;
    let (other, _) = NewCompany::provision("Other", None);
    let other = store.create_company(other).await.unwrap();
    let everyone = PersonFilter::default();
    let page = Page { index: 0, size: 10 };
    assert_eq!(store.people(company.id, &everyone, page).await.unwrap().1, 0);
    let (g, h) = (
        group(store.as_ref(), company.id).await,
        group(store.as_ref(), other.id).await,
    );
    // Concurrent creates (batched), one of them refused (a taken email), in two companies.
    let tasks: Vec<_> = (0..30)
        .map(|i| {
            let (owner, grp) = if i % 3 == 0 { (other.id, &h) } else { (company.id, &g) };
            let email = if i == 29 {
                "c1@example.com".to_owned()
            } else {
                format!("c{i}@example.com")
            };
            let p = person(owner, grp, json!({ "email": email }));
            let store = store.clone();
            tokio::spawn(async move { (p.id, store.create_person(&p).await.is_ok()) })
        })
        .collect();
    let created: Vec<_> = futures::future::join_all(tasks)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(created.iter().filter(|(_, ok)| !ok).count(), 1, "the taken email");
    let ours: Vec<_> = created
        .iter()
        .skip(1)
        .step_by(3)
        .chain(created.iter().skip(2).step_by(3))
        .collect();
    let mut kept = ours.iter().filter(|(_, ok)| *ok).count() as i64;
    for (id, _) in ours.iter().filter(|(_, ok)| *ok).take(4) {
        store.delete_person(company.id, *id).await.unwrap();
        kept -= 1;
    }
    // The stored total (unfiltered) and a real count (a filter that lets everyone through) agree.
    let counted = PersonFilter {
        created_after: Some(0),
        ..PersonFilter::default()
    };
    assert_eq!(store.people(company.id, &everyone, page).await.unwrap().1, kept);
    assert_eq!(store.people(company.id, &counted, page).await.unwrap().1, kept);
    assert_eq!(store.people(other.id, &everyone, page).await.unwrap().1, 10);
}
