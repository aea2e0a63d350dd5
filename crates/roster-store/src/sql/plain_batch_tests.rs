//! The fast path for a batch of plain creates (`new_people::insert_plain`), called directly: the API
//! and contract tests cannot tell it from the transaction path it falls back to. A row a unique
//! index refuses is skipped; any other failure writes no one.
//! Run by each backend's test module (`sqlite::on_sqlite`, `postgres::on_postgres`).
use super::backend::Backend;
use super::{new_people, SqlStore};
use roster_core::email::Email;
use roster_core::model::{CreatePerson, Group, NewCompany, NewPerson, PersonData, Status};
use roster_core::{CatalogStore, CompanyId, CompanyStore, IdRef, PeopleStore};

async fn group<B: Backend>(store: &SqlStore<B>, company: CompanyId) -> Group {
    let g = Group::new(company, "Field".into(), "UTC".into(), roster_core::dates::now_millis());
    store.insert_group(&g).await.unwrap();
    g
}

fn person(company: CompanyId, group: &Group, email: &str) -> NewPerson {
    let mut data = PersonData::new("A".into(), "B".into(), false, true, Status::Active);
    data.email = Some(Email::parse("email", email).unwrap());
    let req = CreatePerson::new(data, vec![group.id], Vec::new(), None, false, Vec::new()).unwrap();
    NewPerson::from_request(company, req, None, None)
}

pub(crate) async fn a_plain_batch_skips_collisions_and_is_otherwise_written_whole_or_not_at_all<B: Backend>(
    store: SqlStore<B>,
) {
    let company = store
        .create_company(NewCompany::provision("Acme", None).0)
        .await
        .unwrap();
    let other = store
        .create_company(NewCompany::provision("Other", None).0)
        .await
        .unwrap();
    let (g, foreign) = (group(&store, company.id).await, group(&store, other.id).await);

    let (a, b) = (
        person(company.id, &g, "a@example.com"),
        person(company.id, &g, "b@example.com"),
    );
    assert!(new_people::is_plain(&a));
    new_people::insert_plain(&store.write, &[&a, &b]).await.unwrap();
    for p in [&a, &b] {
        assert_eq!(
            store.person(company.id, IdRef::Uuid(p.id.0)).await.unwrap().group_ids,
            vec![g.id]
        );
    }

    // A group of another company: the statement fails and writes no one.
    let (c, d) = (
        person(company.id, &g, "c@example.com"),
        person(company.id, &foreign, "d@example.com"),
    );
    assert!(new_people::insert_plain(&store.write, &[&c, &d]).await.is_err());
    for p in [&c, &d] {
        assert!(
            store.person(company.id, IdRef::Uuid(p.id.0)).await.is_err(),
            "nothing half-written"
        );
    }
    // A taken email, and the same new email twice: those rows are skipped (the caller redoes them
    // alone for their answer), the others written whole, and the answer names who was written.
    let (e, f, h, i) = (
        person(company.id, &g, "e@example.com"),
        person(company.id, &g, "a@example.com"),
        person(company.id, &g, "twin@example.com"),
        person(company.id, &g, "twin@example.com"),
    );
    let written = new_people::insert_plain(&store.write, &[&e, &f, &h, &i]).await.unwrap();
    let want: std::collections::HashSet<String> = [e.id.to_string(), h.id.to_string()].into();
    assert_eq!(written, want);
    assert_eq!(
        store.person(company.id, IdRef::Uuid(e.id.0)).await.unwrap().group_ids,
        vec![g.id]
    );
    for p in [&f, &i] {
        assert!(
            store.person(company.id, IdRef::Uuid(p.id.0)).await.is_err(),
            "a skipped row is not written, nor are its groups"
        );
    }
    // The failures left the writer connection in a clean state: the next batch and the next
    // transaction (a delete) go through.
    let z = person(company.id, &g, "z@example.com");
    new_people::insert_plain(&store.write, &[&z]).await.unwrap();
    store
        .delete_person(company.id, roster_core::IdRef::Uuid(a.id.0))
        .await
        .unwrap();
    assert!(store.person(company.id, IdRef::Uuid(z.id.0)).await.is_ok());

    // Answering the skipped: a taken email is named without a redo; a person whose holder has gone
    // since the skip (here: never written, and nobody holds their email) is redone alone, and written.
    let (taken, free) = (
        person(company.id, &g, "e@example.com"),
        person(company.id, &g, "free@example.com"),
    );
    let answers = super::batch::answer_skipped(&store.write, &[&taken, &free], &Default::default()).await;
    assert!(
        matches!(answers[0], Err(roster_core::StoreError::Conflict { field: "email" })),
        "{answers:?}"
    );
    assert!(answers[1].is_ok(), "{answers:?}");
    assert!(store.person(company.id, IdRef::Uuid(free.id.0)).await.is_ok());
}
