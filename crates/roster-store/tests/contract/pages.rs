//! Numbered pages of the unfiltered people list: the same people as counting from the start,
//! whether a page is read cold, from a remembered anchor (SQLite), after removals, or while one
//! races a removal; and the order of a person's groups and tags in every read.
use super::{group, person, store};
use roster_core::model::*;
use roster_core::{IdRef, PersonId};
use serde_json::json;

async fn page_ids(store: &dyn roster_core::Store, company: roster_core::CompanyId, index: u32) -> Vec<PersonId> {
    let page = Page { index, size: 4 };
    let (people, _) = store.people(company, &PersonFilter::default(), page).await.unwrap();
    people.into_iter().map(|p| p.id).collect()
}

#[tokio::test]
async fn numbered_pages_stay_right_across_anchors_creates_and_removals() {
    let (store, _db, company) = store().await;
    let g = group(store.as_ref(), company.id).await;
    let mut ids = Vec::new();
    for i in 0..25 {
        let p = person(company.id, &g, json!({"email": format!("pg{i}@example.com")}));
        store.create_person(&p).await.unwrap();
        ids.push(p.id);
    }
    let expected = |ids: &[PersonId], index: usize| ids.iter().skip(index * 4).take(4).copied().collect::<Vec<_>>();
    // Walked in order twice (the second time from the anchors the first left), then out of order.
    for _ in 0..2 {
        for index in 0..8 {
            assert_eq!(
                page_ids(store.as_ref(), company.id, index).await,
                expected(&ids, index as usize),
                "page {index}"
            );
        }
    }
    for index in [5, 3, 6, 0, 7] {
        assert_eq!(
            page_ids(store.as_ref(), company.id, index).await,
            expected(&ids, index as usize),
            "page {index}"
        );
    }
    // A removal before the anchors shifts every later page; creates append to the last.
    let gone = ids.remove(5);
    store.delete_person(company.id, IdRef::Uuid(gone.0)).await.unwrap();
    for i in 25..28 {
        let p = person(company.id, &g, json!({"email": format!("pg{i}@example.com")}));
        store.create_person(&p).await.unwrap();
        ids.push(p.id);
    }
    for index in [5, 6, 1, 2, 3, 4, 0] {
        assert_eq!(
            page_ids(store.as_ref(), company.id, index).await,
            expected(&ids, index as usize),
            "page {index}"
        );
    }
}

/// A page read while a person before it is removed answers the page as it was before or after
/// the removal, never a mix.
#[tokio::test]
async fn a_page_racing_a_removal_is_the_page_before_or_after_it() {
    let (store, _db, company) = store().await;
    let g = group(store.as_ref(), company.id).await;
    let mut ids = Vec::new();
    for i in 0..80 {
        let p = person(company.id, &g, json!({"email": format!("race{i}@example.com")}));
        store.create_person(&p).await.unwrap();
        ids.push(p.id);
    }
    let expected = |ids: &[PersonId], index: usize| ids.iter().skip(index * 4).take(4).copied().collect::<Vec<_>>();
    for round in 0..30 {
        // Anchors for pages 9 and 10, then a removal from page 0 raced by a read of page 10.
        page_ids(store.as_ref(), company.id, 9).await;
        let before = expected(&ids, 10);
        let gone = ids.remove(round % 4);
        let after = expected(&ids, 10);
        let (removal, page) = tokio::join!(
            store.delete_person(company.id, IdRef::Uuid(gone.0)),
            page_ids(store.as_ref(), company.id, 10)
        );
        removal.unwrap();
        assert!(page == before || page == after, "round {round}: {page:?}");
        assert_eq!(page_ids(store.as_ref(), company.id, 10).await, after, "round {round}");
    }
}

/// PostgreSQL only: a create that took a smaller `seq` and commits after larger ones (forced here
/// by holding its transaction open) is on its page once it commits. No anchor is taken from a read
/// while it is in flight, so no page after it is read from a stale start.
#[tokio::test]
async fn a_create_committing_after_a_later_one_is_on_its_page_on_postgres() {
    use sqlx::{Connection, Executor};
    let Some(admin) = roster_store::testing::postgres_admin_url() else {
        return;
    };
    let (_db, url) = roster_store::testing::TestDb::postgres(&admin).await;
    let store = roster_store::open(&url).await.unwrap();
    let (new, _) = NewCompany::provision("Acme", None);
    let company = store.create_company(new).await.unwrap();
    let g = group(store.as_ref(), company.id).await;
    let create = |i: String| {
        let (store, p) = (
            store.clone(),
            person(company.id, &g, json!({"email": format!("{i}@example.com")})),
        );
        async move { store.create_person(&p).await.unwrap() }
    };
    for i in 0..3 {
        create(format!("first{i}")).await;
    }
    let pages = |n: usize| 0..=(n as u32 / 4);
    for round in 0..4 {
        // The late create is the last of a page (4 people a page, 3 before it), and the three after
        // it commit first: read while it is in flight, the next page would start at the second.
        // (Its transaction holds one of the company's count rows: a create that picks that one
        // waits for the lock timeout and goes again, so there are few.)
        let mut late = sqlx::PgConnection::connect(&url).await.unwrap();
        let mut tx = late.begin().await.unwrap();
        tx.execute(
            format!(
                "INSERT INTO people (id, company_id, first_name, last_name, is_user, is_assignable, status, \
                 can_recieve_sms, can_recieve_email, can_recieve_mobile, language, invitation_pending, created_at, \
                 updated_at) VALUES ('{}', '{}', 'Late', 'L', FALSE, TRUE, 'active', FALSE, FALSE, FALSE, \
                 'english', FALSE, 0, 0)",
                PersonId::new(),
                company.id
            )
            .as_str(),
        )
        .await
        .unwrap();
        for i in 0..3 {
            create(format!("r{round}p{i}")).await;
        }
        let (_, total) = store
            .people(company.id, &PersonFilter::default(), Page { index: 0, size: 4 })
            .await
            .unwrap();
        for _ in 0..2 {
            for index in pages(total as usize) {
                page_ids(store.as_ref(), company.id, index).await;
            }
        }
        tx.commit().await.unwrap();
        // Counted from the start, as the truth; then every page as the store answers it.
        let truth: Vec<String> = sqlx::query_scalar("SELECT id FROM people WHERE company_id = $1 ORDER BY seq")
            .bind(company.id.to_string())
            .fetch_all(&mut late)
            .await
            .unwrap();
        let mut read = Vec::new();
        for index in pages(truth.len()) {
            read.extend(
                page_ids(store.as_ref(), company.id, index)
                    .await
                    .iter()
                    .map(|p| p.to_string()),
            );
        }
        assert_eq!(read, truth, "round {round}");
    }
}

/// A person's groups and tag instances come back in their own order (the order given, the order
/// added), not their ids', from a point read, a page, a looked-up list and a streamed batch: the
/// backend aggregates them unordered and the decoder sorts them (`Backend::PERSON_LINKS_SQL`).
#[tokio::test]
async fn groups_and_tags_keep_their_order_in_every_read() {
    let (store, _db, company) = store().await;
    let (a, b, c) = (
        group(store.as_ref(), company.id).await,
        group(store.as_ref(), company.id).await,
        group(store.as_ref(), company.id).await,
    );
    let tags: Vec<Tag> = ["OSHA", "CPR", "Rigger"]
        .map(|name| Tag::new(company.id, name.into(), roster_core::dates::now_millis()))
        .into();
    for t in &tags {
        store.insert_tag(t).await.unwrap();
    }
    // Ids are time-ordered: the order given and added is the reverse of the ids' (and mixed).
    let groups = json!([c.id.to_string(), a.id.to_string(), b.id.to_string()]);
    let p = person(
        company.id,
        &a,
        json!({"email": "order@example.com", "group_ids": groups}),
    );
    store.create_person(&p).await.unwrap();
    let pid = IdRef::Uuid(p.id.0);
    for t in [&tags[2], &tags[0], &tags[1]] {
        let instance = TagInstance {
            id: roster_core::TagInstanceId::new(),
            tag_id: t.id,
            expr_date: None,
        };
        store
            .add_tag_instance(company.id, pid, &instance, roster_core::dates::now_millis())
            .await
            .unwrap();
    }
    let want_groups = vec![c.id, a.id, b.id];
    let want_tags = vec![tags[2].id, tags[0].id, tags[1].id];
    let check = |how: &str, person: &Person| {
        assert_eq!(person.group_ids, want_groups, "{how}");
        let tag_ids: Vec<_> = person.tag_instances.iter().map(|t| t.tag_id).collect();
        assert_eq!(tag_ids, want_tags, "{how}");
    };
    check("point read", &store.person(company.id, pid).await.unwrap());
    let page = Page { index: 0, size: 10 };
    let (people, _) = store.people(company.id, &PersonFilter::default(), page).await.unwrap();
    check("page", &people[0]);
    let by_group = PersonFilter {
        group_id: Some(b.id),
        ..PersonFilter::default()
    };
    let (people, _) = store.people(company.id, &by_group, page).await.unwrap();
    check("a group's page", &people[0]);
    let batch = store.people_after(company.id, &by_group, None, 10).await.unwrap();
    check("a streamed batch", &batch[0]);
}
