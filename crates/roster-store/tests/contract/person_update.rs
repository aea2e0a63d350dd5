//! Update Person as one transaction: properties, groups, tags and login together, and a refusal
//! that leaves everything as it was.
use crate::{group, person, store};
use roster_core::dates::now_millis;
use roster_core::email::Email;
use roster_core::model::*;
use roster_core::{IdRef, Invalid, StoreError, TagInstanceId};

fn invite(first_name: &str, email: &Email) -> NewInvitation {
    NewInvitation::issue("Acme", first_name, email, "http://localhost", 86_400_000, now_millis())
}

#[tokio::test]
async fn groups_tags_and_login_change_with_the_properties_or_not_at_all() {
    let (store, _db, company) = store().await;
    let (a, b) = (
        group(store.as_ref(), company.id).await,
        group(store.as_ref(), company.id).await,
    );
    let tag = Tag::new(company.id, "OSHA".into(), now_millis());
    let dated = Tag {
        require_expr_date: true,
        ..Tag::new(company.id, "CPR".into(), now_millis())
    };
    for t in [&tag, &dated] {
        store.insert_tag(t).await.unwrap();
    }
    let p = person(company.id, &a, serde_json::json!({"email": "u@example.com"}));
    store.create_person(&p).await.unwrap();
    let pid = IdRef::Uuid(p.id.0);
    let admin = store
        .permission_levels(company.id)
        .await
        .unwrap()
        .into_iter()
        .find(|l| l.is_admin)
        .unwrap();
    let first = TagInstance {
        id: TagInstanceId::new(),
        tag_id: tag.id,
        expr_date: None,
    };
    let kept = store
        .update_person(
            company.id,
            pid,
            &|d| {
                d.is_user = true;
                d.permission_level_id = Some(admin.id);
                Ok(())
            },
            &PersonChanges {
                group_ids: Some(vec![b.id, a.id]),
                tag_instances: Some(vec![first.clone()]),
                ..PersonChanges::default()
            },
            &invite,
            now_millis(),
        )
        .await
        .unwrap();
    assert_eq!(kept.group_ids, [b.id, a.id]);
    assert_eq!(kept.tag_instances, std::slice::from_ref(&first));
    assert!(kept.data.is_user && kept.invitation_pending && !kept.has_password);
    assert_eq!(store.outbox().await.unwrap().len(), 1, "made a user: one invitation");

    // A refusal late in the update (a tag that needs a date) changes nothing written before it.
    let refused = store
        .update_person(
            company.id,
            pid,
            &|d| {
                d.first_name = "Lost".into();
                Ok(())
            },
            &PersonChanges {
                group_ids: Some(vec![a.id]),
                tag_instances: Some(vec![TagInstance {
                    id: TagInstanceId::new(),
                    tag_id: dated.id,
                    expr_date: None,
                }]),
                password_hash: Some("$argon2id$fake".into()),
                ..PersonChanges::default()
            },
            &invite,
            now_millis(),
        )
        .await;
    assert!(
        matches!(refused, Err(StoreError::Invalid(Invalid { .. }))),
        "{refused:?}"
    );
    assert_eq!(store.person(company.id, pid).await.unwrap(), kept);

    // The tag that stays keeps its instance id; the other goes; revoking ends the login.
    let later = TagInstance {
        id: TagInstanceId::new(),
        tag_id: tag.id,
        expr_date: Some(1_800_000_000_000),
    };
    let done = store
        .update_person(
            company.id,
            pid,
            &|d| {
                d.is_user = false;
                Ok(())
            },
            &PersonChanges {
                tag_instances: Some(vec![later]),
                ..PersonChanges::default()
            },
            &invite,
            now_millis(),
        )
        .await
        .unwrap();
    assert_eq!(done.tag_instances.len(), 1);
    assert_eq!(done.tag_instances[0].id, first.id, "kept its id");
    assert_eq!(done.tag_instances[0].expr_date, Some(1_800_000_000_000));
    assert!(!done.data.is_user && !done.invitation_pending);

    // An assignable person keeps a group, whatever their level.
    let empty = store
        .update_person(
            company.id,
            pid,
            &|_| Ok(()),
            &PersonChanges {
                group_ids: Some(Vec::new()),
                ..PersonChanges::default()
            },
            &invite,
            now_millis(),
        )
        .await;
    assert!(matches!(empty, Err(StoreError::Invalid(i)) if i.field == "group_ids"));
}

/// `update_people`: one commit, each update in its own savepoint. A refusal in the middle (an
/// email another active person has, found by the unique index; a rule of the edit; a person that
/// is not there) leaves that person as they were and the others written.
#[tokio::test]
async fn several_updates_share_a_commit_and_a_refused_one_changes_nothing() {
    let (store, _db, company) = store().await;
    let (g, g2) = (
        group(store.as_ref(), company.id).await,
        group(store.as_ref(), company.id).await,
    );
    let mut ids = Vec::new();
    for email in ["a@example.com", "b@example.com", "c@example.com"] {
        let p = person(company.id, &g, serde_json::json!({"email": email}));
        store.create_person(&p).await.unwrap();
        ids.push(p.id);
    }
    let rename = |name: &'static str| {
        move |d: &mut PersonData| -> Result<(), Invalid> {
            d.first_name = name.into();
            Ok(())
        }
    };
    let (first, third) = (rename("First"), rename("Third"));
    let taken = |d: &mut PersonData| -> Result<(), Invalid> {
        d.first_name = "Lost".into();
        d.email = Some(Email::parse("email", "c@example.com")?);
        Ok(())
    };
    let refused_rule = |_: &mut PersonData| -> Result<(), Invalid> { Err(Invalid::new("x", "nope", "refused")) };
    let none = PersonChanges::default();
    let other_groups = PersonChanges {
        group_ids: Some(vec![g2.id]),
        ..PersonChanges::default()
    };
    let updates = [
        roster_core::PersonUpdate {
            id: IdRef::Uuid(ids[0].0),
            edit: &first,
            changes: &none,
        },
        roster_core::PersonUpdate {
            id: IdRef::Uuid(ids[1].0),
            edit: &taken,
            changes: &other_groups,
        },
        roster_core::PersonUpdate {
            id: IdRef::Uuid(ids[1].0),
            edit: &refused_rule,
            changes: &none,
        },
        roster_core::PersonUpdate {
            id: IdRef::Uuid(roster_core::PersonId::new().0),
            edit: &first,
            changes: &none,
        },
        roster_core::PersonUpdate {
            id: IdRef::Uuid(ids[2].0),
            edit: &third,
            changes: &none,
        },
    ];
    let answers = store
        .update_people(company.id, &updates, &invite, now_millis())
        .await
        .unwrap();
    assert!(matches!(answers[0], Ok(ref p) if p.data.first_name == "First"));
    assert!(
        matches!(answers[1], Err(StoreError::Conflict { .. })),
        "{:?}",
        answers[1]
    );
    assert!(matches!(answers[2], Err(StoreError::Invalid(_))));
    assert!(matches!(answers[3], Err(StoreError::NotFound(_))));
    assert!(matches!(answers[4], Ok(ref p) if p.data.first_name == "Third"));
    let b = store.person(company.id, IdRef::Uuid(ids[1].0)).await.unwrap();
    assert_eq!(b.data.first_name, "A", "the refused update wrote nothing");
    assert_eq!(
        b.data.email.map(|e| e.as_str().to_owned()).as_deref(),
        Some("b@example.com")
    );
    assert_eq!(b.group_ids, [g.id]);
    let a = store.person(company.id, IdRef::Uuid(ids[0].0)).await.unwrap();
    assert_eq!(a.data.first_name, "First");
}
