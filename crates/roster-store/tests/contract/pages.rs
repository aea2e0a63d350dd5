//! Numbered pages of the unfiltered people list: the same people as counting from the start,
//! whether a page is read cold, from a remembered anchor (SQLite), after removals, or while one
//! races a removal.
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
