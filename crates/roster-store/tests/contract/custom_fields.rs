//! Custom field definitions: kept, listed, changed on the locked row, one integration name a
//! company (also between racing creates), deleted.
use crate::store;
use roster_core::dates::now_millis;
use roster_core::model::*;
use roster_core::StoreError;

#[tokio::test]
async fn custom_fields_are_kept_changed_and_unique_by_integration_name() {
    let (store, _db, company) = store().await;
    let mut f = CustomField::new(company.id, "Union Local".into(), FieldType::Select, now_millis()).unwrap();
    f.values = vec!["b".into(), "a".into()];
    f.on_people = true;
    f.settle().unwrap();
    store.insert_custom_field(&f).await.unwrap();
    assert_eq!(store.custom_field(company.id, f.id).await.unwrap(), f);
    assert_eq!(store.custom_fields(company.id).await.unwrap(), [f.clone()]);

    let same = CustomField::new(company.id, "union-local".into(), FieldType::Text, now_millis()).unwrap();
    assert!(matches!(
        store.insert_custom_field(&same).await,
        Err(StoreError::Conflict { field: "name" })
    ));
    let (other, _) = NewCompany::provision("Other", None);
    let other = store.create_company(other).await.unwrap();
    let elsewhere = CustomField::new(other.id, "Union Local".into(), FieldType::Text, now_millis()).unwrap();
    store.insert_custom_field(&elsewhere).await.unwrap();
    assert!(matches!(
        store.custom_field(other.id, f.id).await,
        Err(StoreError::NotFound(_))
    ));

    let changed = store
        .update_custom_field(company.id, f.id, &|f| {
            f.name = "Crew".into();
            f.values.push("0".into());
            Ok(())
        })
        .await
        .unwrap();
    assert_eq!(
        (changed.integration_name.as_str(), changed.values.clone()),
        ("crew", vec!["0".to_owned(), "a".into(), "b".into()])
    );
    assert_eq!(store.custom_field(company.id, f.id).await.unwrap(), changed);
    // A refused edit (settle's rule) changes nothing.
    let refused = store
        .update_custom_field(company.id, f.id, &|f| {
            f.values.push("a".into());
            Ok(())
        })
        .await;
    assert!(matches!(refused, Err(StoreError::Invalid(e)) if e.detail_code == "duplicateValue"));
    assert_eq!(store.custom_field(company.id, f.id).await.unwrap(), changed);

    store.delete_custom_field(company.id, f.id).await.unwrap();
    assert!(matches!(
        store.delete_custom_field(company.id, f.id).await,
        Err(StoreError::NotFound(_))
    ));
}

#[tokio::test]
async fn of_two_racing_creates_of_one_name_one_wins() {
    let (store, _db, company) = store().await;
    for round in 0..20 {
        let make = || CustomField::new(company.id, format!("Field {round}"), FieldType::Text, now_millis()).unwrap();
        let (a, b) = (make(), make());
        let (s1, s2) = (store.clone(), store.clone());
        let one = tokio::spawn(async move { s1.insert_custom_field(&a).await });
        let two = tokio::spawn(async move { s2.insert_custom_field(&b).await });
        let results = [one.await.unwrap(), two.await.unwrap()];
        assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1, "round {round}");
        assert!(results
            .iter()
            .any(|r| matches!(r, Err(StoreError::Conflict { field: "name" }))));
    }
}
