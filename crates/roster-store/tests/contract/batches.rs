//! Concurrent creates, batched by the group commit: each answered alone, each person whole, the
//! company's count right.
use super::{group, person, store};
use roster_core::model::*;
use roster_core::{IdRef, StoreError};
use serde_json::json;

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
    let title = JobTitle::new(company.id, "Foreman".into(), roster_core::dates::now_millis());
    store.insert_job_title(&title).await.unwrap();
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
        store.delete_person(company.id, IdRef::Uuid(id.0)).await.unwrap();
        kept -= 1;
    }
    // The stored total (unfiltered) and a real count (a filter that lets everyone through) agree.
    let counted = PersonFilter {
        created_from: Some(0),
        ..PersonFilter::default()
    };
    assert_eq!(store.people(company.id, &everyone, page).await.unwrap().1, kept);
    assert_eq!(store.people(company.id, &counted, page).await.unwrap().1, kept);
    assert_eq!(store.people(other.id, &everyone, page).await.unwrap().1, 10);
}

/// A sync job re-sending: half of the concurrent creates collide with an active person's email or
/// phone, or with each other, so that batches mix them. The fast path skips a colliding row and
/// redoes it alone: each collision gets its field's `Conflict`, every other create is written
/// whole, and the company's total counts exactly the people written.
#[tokio::test]
async fn collision_heavy_creates_give_each_its_own_answer() {
    let (store, _db, company) = store().await;
    let (a, b) = (
        group(store.as_ref(), company.id).await,
        group(store.as_ref(), company.id).await,
    );
    let mut existing = 0;
    for i in 0..10 {
        let phone = format!("+1 213 555 {:04}", 1000 + i);
        let p = person(
            company.id,
            &a,
            json!({"email": format!("old{i}@example.com"), "phone": phone}),
        );
        store.create_person(&p).await.unwrap();
        existing += 1;
    }
    // An inactive person's email is free to reuse (the unique indexes cover active people).
    let inactive = person(
        company.id,
        &a,
        json!({"email": "gone@example.com", "status": "inactive"}),
    );
    store.create_person(&inactive).await.unwrap();
    existing += 1;
    let groups = json!([b.id.to_string(), a.id.to_string()]);
    let tasks: Vec<_> = (0..120)
        .map(|i| {
            let extra = match i % 6 {
                0 => json!({"email": format!("old{}@example.com", i % 10), "group_ids": groups}),
                1 => json!({"email": format!("n{i}@example.com"), "phone": format!("+1 213 555 {:04}", 1000 + i % 10)}),
                // Pairs within the load: the same new email twice, one of the two wins.
                2 => json!({"email": format!("twin{}@example.com", i / 12)}),
                3 if i == 3 => json!({"email": "gone@example.com"}),
                _ => json!({"email": format!("n{i}@example.com"), "group_ids": groups}),
            };
            let p = person(company.id, &a, extra);
            let store = store.clone();
            tokio::spawn(async move { (i, p.id, store.create_person(&p).await) })
        })
        .collect();
    let mut written = 0;
    let mut twins = std::collections::HashMap::<usize, usize>::new();
    for r in futures::future::join_all(tasks).await {
        let (i, id, outcome) = r.unwrap();
        let stored = store.person(company.id, IdRef::Uuid(id.0)).await;
        match i % 6 {
            0 => assert!(
                matches!(outcome, Err(StoreError::Conflict { field: "email" })),
                "{i}: {outcome:?}"
            ),
            1 => assert!(
                matches!(outcome, Err(StoreError::Conflict { field: "phone" })),
                "{i}: {outcome:?}"
            ),
            2 => {
                *twins.entry(i / 12).or_default() += usize::from(outcome.is_ok());
                if outcome.is_err() {
                    assert!(
                        matches!(outcome, Err(StoreError::Conflict { field: "email" })),
                        "{i}: {outcome:?}"
                    );
                }
            }
            _ => assert!(outcome.is_ok(), "{i}: {outcome:?}"),
        }
        match outcome {
            Ok(()) => {
                written += 1;
                let stored = stored.unwrap();
                let want = if i % 6 == 2 || i == 3 {
                    vec![a.id]
                } else {
                    vec![b.id, a.id]
                };
                assert_eq!(stored.group_ids, want, "{i}: written whole");
            }
            Err(_) => assert!(stored.is_err(), "{i}: nothing half-written"),
        }
    }
    assert!(twins.values().all(|&n| n == 1), "one of each pair: {twins:?}");
    let page = Page { index: 0, size: 1 };
    let total = store
        .people(company.id, &PersonFilter::default(), page)
        .await
        .unwrap()
        .1;
    assert_eq!(total, existing + written);
}
