//! The SQLite store's own tests: its fast path, plans, and how lists find their people.
use roster_core::model::PersonFilter;

#[tokio::test]
async fn a_plain_batch_skips_collisions_and_is_otherwise_written_whole_or_not_at_all() {
    let (_db, url) = crate::testing::TestDb::sqlite();
    let store = super::SqliteStore::open(&url).await.unwrap();
    crate::sql::plain_batch_tests::a_plain_batch_skips_collisions_and_is_otherwise_written_whole_or_not_at_all(store)
        .await;
}

/// The plans (page, count, batch) of a people list with this filter, joined.
async fn plan(filter: &PersonFilter) -> String {
    let (_db, url) = crate::testing::TestDb::sqlite();
    let store = super::SqliteStore::open(&url).await.unwrap();
    let company = roster_core::CompanyId::new();
    crate::sql::plan_tests::plans(&store, company, filter, "EXPLAIN QUERY PLAN", "detail")
        .await
        .join("\n")
}

#[tokio::test]
async fn lookups_and_searches_are_answered_from_indexes() {
    let (_db, url) = crate::testing::TestDb::sqlite();
    let store = super::SqliteStore::open(&url).await.unwrap();
    let company = roster_core::CompanyId::new();
    crate::sql::plan_tests::lookups_and_searches_use_indexes(&store, company, "EXPLAIN QUERY PLAN", "detail").await;
    crate::sql::plan_tests::project_lookups_use_indexes(
        &store,
        company,
        "EXPLAIN QUERY PLAN",
        "detail",
        "VIRTUAL TABLE INDEX",
    )
    .await;
}

/// Without statistics SQLite would walk the company's people to find a custom value; the
/// list finds it by the value's key, then the people by id.
#[tokio::test]
async fn a_custom_value_is_looked_up_by_its_key_then_by_id() {
    let filter = PersonFilter {
        custom: vec![(roster_core::CustomFieldId::new(), "west".into())],
        ..PersonFilter::default()
    };
    let plan = plan(&filter).await;
    assert!(
        plan.contains("person_field_keys USING PRIMARY KEY (field_id=? AND key=?)"),
        "{plan}"
    );
    assert!(
        plan.contains("SEARCH p USING INDEX sqlite_autoindex_people_1 (id=?)"),
        "{plan}"
    );
}

/// A group of a few people is looked up by its index; one of thousands is walked in the
/// company's order, which stops at the page's end instead of sorting every member. Both answer
/// the same people, pages and counts.
#[tokio::test]
async fn a_big_group_is_walked_and_a_small_one_looked_up() {
    use crate::sql::people_list::{finding, Finding};
    use roster_core::model::{CreatePerson, Group, NewCompany, NewPerson, Page, PersonData, Status};
    use roster_core::{CatalogStore, CompanyStore, PeopleStore};
    let (_db, url) = crate::testing::TestDb::sqlite();
    let store = std::sync::Arc::new(super::SqliteStore::open(&url).await.unwrap());
    let company = store
        .create_company(NewCompany::provision("Acme", None).0)
        .await
        .unwrap();
    let now = roster_core::dates::now_millis();
    let (big, small) = (
        Group::new(company.id, "Big".into(), "UTC".into(), now),
        Group::new(company.id, "Small".into(), "UTC".into(), now),
    );
    store.insert_group(&big).await.unwrap();
    store.insert_group(&small).await.unwrap();
    let creates = (0..2010).map(|i| {
        let groups = if i % 500 == 7 {
            vec![big.id, small.id]
        } else {
            vec![big.id]
        };
        let data = PersonData::new("A".into(), format!("P{i}"), false, true, Status::Active);
        let req = CreatePerson::new(data, groups, Vec::new(), None, false, Vec::new()).unwrap();
        let p = NewPerson::from_request(company.id, req, None, None);
        let store = store.clone();
        async move { store.create_person(&p).await.unwrap() }
    });
    futures::future::join_all(creates).await;
    let of = |g: &Group| PersonFilter {
        group_id: Some(g.id),
        ..PersonFilter::default()
    };
    assert_eq!(
        finding(store.as_ref(), company.id, &of(&big)).await.unwrap(),
        Finding::Walk
    );
    assert_eq!(
        finding(store.as_ref(), company.id, &of(&small)).await.unwrap(),
        Finding::Lookup
    );
    let page = Page { index: 1, size: 2 };
    let (people, total) = store.people(company.id, &of(&small), page).await.unwrap();
    assert_eq!(total, 5);
    let names: Vec<_> = people.iter().map(|p| p.data.last_name.as_str()).collect();
    let all = store.people_after(company.id, &of(&small), None, 10).await.unwrap();
    let in_order: Vec<_> = all.iter().map(|p| p.data.last_name.as_str()).collect();
    assert_eq!(names, in_order[2..4], "the page is the second two in creation order");
    assert_eq!(store.people(company.id, &of(&big), page).await.unwrap().1, 2010);
    let walked = store
        .people_after(company.id, &of(&big), Some(all[0].procore_id), 3)
        .await
        .unwrap();
    assert!(
        walked.iter().all(|p| p.procore_id > all[0].procore_id)
            && walked.windows(2).all(|w| w[0].procore_id < w[1].procore_id)
    );
}
