//! The store contract: the same tests for every backend (SQLite by default; PostgreSQL when
//! `ROSTER_TEST_POSTGRES` is set, as `scripts/test` does on its second pass).
#![allow(clippy::unwrap_used)]
use roster_core::dates::now_millis;
use roster_core::model::*;
use roster_core::{secrets, CompanyId, IdRef, Store, StoreError};
use roster_store::testing::TestDb;
use serde_json::json;
use std::sync::Arc;

mod batches;
mod cancels;
mod custom_fields;
mod custom_values;
mod pages;
mod person_update;
mod sweeps;
mod time_off;

pub(crate) async fn store() -> (Arc<dyn Store>, TestDb, Company) {
    let (db, url) = TestDb::create().await;
    let store = roster_store::open(&url).await.unwrap();
    let (new, _) = NewCompany::provision("Acme", None);
    let company = store.create_company(new).await.unwrap();
    (store, db, company)
}

pub(crate) async fn group(store: &dyn Store, company: CompanyId) -> Group {
    let g = Group::new(company, "Field".into(), "UTC".into(), roster_core::dates::now_millis());
    store.insert_group(&g).await.unwrap();
    g
}

pub(crate) fn person(company: CompanyId, group: &Group, extra: serde_json::Value) -> NewPerson {
    // The store takes domain values; these few keys are what the contract tests vary.
    let mut data = PersonData::new("A".into(), "B".into(), false, true, Status::Active);
    let mut group_ids = vec![group.id];
    for (key, v) in extra.as_object().unwrap() {
        let text = v.as_str().unwrap_or_default();
        match key.as_str() {
            "email" => data.email = Some(roster_core::email::Email::parse(key, text).unwrap()),
            "phone" => data.phone = roster_core::phone::Phone::parse(key, text).unwrap(),
            "status" => data.status = Status::parse(text).unwrap(),
            "job_title_id" => data.job_title_id = Some(text.parse().unwrap()),
            "group_ids" => {
                group_ids = v
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|g| g.as_str().unwrap().parse().unwrap())
                    .collect()
            }
            other => panic!("person(): the contract tests do not set `{other}`"),
        }
    }
    let req = CreatePerson::new(data, group_ids, Vec::new(), None, false, Vec::new()).unwrap();
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
            client_id: Some(format!("rci_{token}")),
            person_id: None,
            grant_id: None,
            created_at: now - 10,
            expires_at,
        };
        store.insert_token(t).await.unwrap();
    }
    let live = store.access_token(&secrets::digest("live"), now).await.unwrap();
    assert_eq!(
        (live.company_id, live.client_id.as_deref(), live.created_at),
        (company.id, Some("rci_live"), now - 10)
    );
    assert!(matches!(
        store.access_token(&secrets::digest("dead"), now).await,
        Err(roster_core::StoreError::NotFound(_))
    ));
    assert_eq!(
        store
            .token_owner(&secrets::digest("live"), now)
            .await
            .unwrap()
            .0
            .company
            .id,
        company.id
    );
    assert!(store.token_owner(&secrets::digest("dead"), now).await.is_err());
    assert!(store.token_owner(&secrets::digest("never"), now).await.is_err());
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

    let after = store
        .update_person(
            company.id,
            IdRef::Int(read.procore_id),
            &|d| {
                d.first_name = "Changed".into();
                Ok(())
            },
            &PersonChanges::default(),
            &|_, _| unreachable!("no login change"),
            read.updated_at,
        )
        .await
        .unwrap();
    assert_eq!(after.data.first_name, "Changed");
    assert_eq!(after, store.person(company.id, IdRef::Uuid(p.id.0)).await.unwrap());
    assert!(
        after.updated_at > read.updated_at,
        "updated_at moves even within the same millisecond"
    );
    store.delete_person(company.id, IdRef::Uuid(p.id.0)).await.unwrap();
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
    assert!(!store.outbox_failed(first, now, "connection refused", 3).await.unwrap());
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
    let data = ProjectPersonData {
        last_name: "Lee".into(),
        origin_id: Some("x".into()),
        ..ProjectPersonData::default()
    };
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
