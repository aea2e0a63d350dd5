//! A person's custom field values in the store: checked and written with the person (create and
//! update, in the write transaction), answered as every people field of the company, found by
//! the list filter's exact keys, and gone with their field.
use crate::{group, person, store};
use roster_core::dates::now_millis;
use roster_core::model::*;
use roster_core::{IdRef, StoreError};

fn people_field(company: roster_core::CompanyId, name: &str, kind: FieldType, options: &[&str]) -> CustomField {
    let mut f = CustomField::new(company, name.into(), kind, now_millis()).unwrap();
    f.on_people = true;
    f.values = options.iter().map(|o| o.to_string()).collect();
    f.settle().unwrap();
    f
}

#[tokio::test]
async fn values_are_written_with_the_person_answered_filtered_and_gone_with_their_field() {
    let (store, _db, company) = store().await;
    let g = group(&*store, company.id).await;
    let skills = people_field(company.id, "Skills", FieldType::MultiSelect, &["rig", "weld"]);
    let crew = people_field(company.id, "Crew Size", FieldType::Number, &[]);
    for f in [&skills, &crew] {
        store.insert_custom_field(f).await.unwrap();
    }
    let text = |s: &str| RawValue::Text(s.into());
    let mut a = person(company.id, &g, serde_json::json!({}));
    a.custom_values = vec![
        ("skills".into(), RawValue::List(vec![text("weld"), text("rig")])),
        ("crew_size".into(), RawValue::Number(12.0)),
    ];
    store.create_person(&a).await.unwrap();
    let b = person(company.id, &g, serde_json::json!({}));
    store.create_person(&b).await.unwrap();
    let read = store.person(company.id, IdRef::Uuid(a.id.0)).await.unwrap();
    assert_eq!(
        read.custom_values,
        [
            (
                "skills".to_owned(),
                Some(FieldValue::Options(vec!["weld".into(), "rig".into()]))
            ),
            ("crew_size".to_owned(), Some(FieldValue::Number(12.0))),
        ]
    );
    let unset = store.person(company.id, IdRef::Uuid(b.id.0)).await.unwrap();
    assert_eq!(
        unset.custom_values,
        [("skills".to_owned(), None), ("crew_size".to_owned(), None)]
    );

    // A bad value fails the create whole: nothing written.
    let mut bad = person(company.id, &g, serde_json::json!({}));
    bad.custom_values = vec![("crew_size".into(), text("12"))];
    assert!(matches!(store.create_person(&bad).await, Err(StoreError::Invalid(e)) if e.field == "crew_size"));
    assert!(matches!(
        store.person(company.id, IdRef::Uuid(bad.id.0)).await,
        Err(StoreError::NotFound(_))
    ));

    let found = |field: &CustomField, key: &str| {
        let filter = PersonFilter {
            custom: vec![(field.id, key.to_owned())],
            ..PersonFilter::default()
        };
        let store = store.clone();
        async move {
            let (people, total) = store
                .people(company.id, &filter, Page { index: 0, size: 10 })
                .await
                .unwrap();
            assert_eq!(total, people.len() as i64);
            people.into_iter().map(|p| p.id).collect::<Vec<_>>()
        }
    };
    assert_eq!(found(&skills, "rig").await, [a.id]);
    assert_eq!(found(&crew, "12").await, [a.id]);

    // An update sets and unsets the keys sent, keeps the others, and rewrites the keys.
    let changes = PersonChanges {
        custom_values: vec![("crew_size".into(), RawValue::Null), ("skills".into(), text("rig"))],
        ..PersonChanges::default()
    };
    let updated = store
        .update_person(
            company.id,
            IdRef::Uuid(a.id.0),
            &|_| Ok(()),
            &changes,
            &|_, _| unreachable!(),
            now_millis(),
        )
        .await
        .unwrap();
    assert_eq!(
        updated.custom_values,
        [
            ("skills".to_owned(), Some(FieldValue::Options(vec!["rig".into()]))),
            ("crew_size".to_owned(), None)
        ]
    );
    assert!(found(&skills, "weld").await.is_empty());
    assert!(found(&crew, "12").await.is_empty());

    // A deleted field takes its values (and their keys) with it.
    store.delete_custom_field(company.id, skills.id).await.unwrap();
    let after = store.person(company.id, IdRef::Uuid(a.id.0)).await.unwrap();
    assert_eq!(after.custom_values, [("crew_size".to_owned(), None)]);
    assert!(found(&skills, "rig").await.is_empty());
}
