//! A person's time off: occurrences, the overlap rule (also between concurrent writes), cursor
//! pages, updates that keep occurrence ids, and removal with the person.
use crate::{group, person, store};
use roster_core::dates::now_millis;
use roster_core::model::*;
use roster_core::paging::{Cursor, CursorPage};
use roster_core::{IdRef, StoreError, TimeOffId};

fn day(s: &str) -> Day {
    Day::parse("d", s).unwrap()
}

fn off(start: &str, end: &str) -> TimeOffData {
    TimeOffData {
        start_day: day(start),
        end_day: day(end),
        is_paid: true,
        reason: "vacation".into(),
        repeat: Repeat::Never,
        cadence: None,
        repeat_end_day: None,
        apply_to_saturday: false,
        apply_to_sunday: false,
        batch_start_time: None,
        batch_end_time: None,
    }
}

fn overlap(r: Result<TimeOff, StoreError>) -> bool {
    matches!(r, Err(StoreError::Invalid(e)) if e.detail_code == "overlappingTimeOff")
}

fn ids(page: &CursorPage<TimeOff>) -> Vec<TimeOffId> {
    page.items.iter().map(|t| t.id).collect()
}

#[tokio::test]
async fn time_off_is_kept_paged_updated_and_removed_with_its_person() {
    let (store, _db, company) = store().await;
    let g = group(store.as_ref(), company.id).await;
    let p = person(company.id, &g, serde_json::json!({}));
    store.create_person(&p).await.unwrap();
    let pid = IdRef::Uuid(p.id.0);
    let weekly = TimeOffData {
        repeat: Repeat::Weekly,
        cadence: Some(1),
        repeat_end_day: Some(day("2027-01-19")),
        ..off("2027-01-05", "2027-01-06")
    };
    let w = store
        .create_time_off(company.id, pid, TimeOffId::new(), &weekly, now_millis())
        .await
        .unwrap();
    assert_eq!(w.instances.len(), 3);
    assert_eq!(store.time_off(company.id, pid, w.id).await.unwrap(), w);
    assert_eq!(store.time_off(company.id, IdRef::Int(1), w.id).await.unwrap().id, w.id);

    // A day inside the second week's occurrence clashes; the day after it does not.
    let add = |data: TimeOffData| {
        let store = store.clone();
        async move {
            store
                .create_time_off(company.id, pid, TimeOffId::new(), &data, now_millis())
                .await
        }
    };
    assert!(overlap(add(off("2027-01-13", "2027-01-13")).await));
    let morning = TimeOffData {
        batch_start_time: Some(TimeOfDay::parse("t", "8:00 AM").unwrap()),
        batch_end_time: Some(TimeOfDay::parse("t", "12:00 PM").unwrap()),
        ..off("2027-01-14", "2027-01-14")
    };
    let afternoon = TimeOffData {
        batch_start_time: Some(TimeOfDay::parse("t", "1:00 PM").unwrap()),
        batch_end_time: Some(TimeOfDay::parse("t", "5:00 PM").unwrap()),
        ..morning.clone()
    };
    let mut made = vec![w.clone()];
    for data in [morning, afternoon, off("2027-01-01", "2027-01-02")] {
        made.push(add(data).await.unwrap());
    }
    // By first day, then id: 01/01, 01/05, 01/14 (twice).
    made.sort_by_key(|t| (t.data.start_day, t.id.to_string()));
    let order: Vec<TimeOffId> = made.iter().map(|t| t.id).collect();
    let first = store.time_offs(company.id, pid, Cursor::First, 2).await.unwrap();
    assert_eq!(
        (ids(&first), first.total, first.more_before, first.more_after),
        (order[..2].to_vec(), 4, false, true)
    );
    let next = store
        .time_offs(company.id, pid, Cursor::After(order[1]), 2)
        .await
        .unwrap();
    assert_eq!(
        (ids(&next), next.more_before, next.more_after),
        (order[2..].to_vec(), true, false)
    );
    let back = store
        .time_offs(company.id, pid, Cursor::Before(order[3]), 2)
        .await
        .unwrap();
    assert_eq!(
        (ids(&back), back.more_before, back.more_after),
        (order[1..3].to_vec(), true, true)
    );
    assert!(matches!(
        store
            .time_offs(company.id, pid, Cursor::After(TimeOffId::new()), 2)
            .await,
        Err(StoreError::NotFound("cursor"))
    ));

    // An update that moves the repeat keeps the occurrences' ids by position; one that would
    // clash changes nothing.
    let moved = store
        .update_time_off(
            company.id,
            pid,
            w.id,
            &|d| {
                d.start_day = day("2027-01-04");
                d.end_day = day("2027-01-04");
                Ok(())
            },
            now_millis(),
        )
        .await
        .unwrap();
    let kept: Vec<_> = moved.instances.iter().map(|(id, _)| *id).collect();
    assert_eq!(kept, w.instances.iter().map(|(id, _)| *id).collect::<Vec<_>>());
    assert_eq!(moved.instances[2].1.start_day, day("2027-01-18"));
    let refused = store
        .update_time_off(
            company.id,
            pid,
            w.id,
            &|d| {
                d.start_day = day("2027-01-01");
                Ok(())
            },
            now_millis(),
        )
        .await;
    assert!(overlap(refused));
    assert_eq!(store.time_off(company.id, pid, w.id).await.unwrap(), moved);
    // The moved repeat frees 01/13 (it was inside the old second occurrence).
    add(off("2027-01-13", "2027-01-13")).await.unwrap();

    store.delete_time_off(company.id, pid, w.id).await.unwrap();
    assert!(matches!(
        store.delete_time_off(company.id, pid, w.id).await,
        Err(StoreError::NotFound("time off"))
    ));
    add(off("2027-01-11", "2027-01-11")).await.unwrap();

    // Another company's person is not found; a deleted person takes their time off along.
    let (other, _) = NewCompany::provision("Other", None);
    let other = store.create_company(other).await.unwrap();
    assert!(matches!(
        store.time_offs(other.id, pid, Cursor::First, 10).await,
        Err(StoreError::NotFound("person"))
    ));
    store.delete_person(company.id, pid).await.unwrap();
    assert!(matches!(
        store.time_off(company.id, pid, made[0].id).await,
        Err(StoreError::NotFound("person"))
    ));
}

#[tokio::test]
async fn of_two_concurrent_overlapping_time_offs_one_is_kept() {
    let (store, _db, company) = store().await;
    let g = group(store.as_ref(), company.id).await;
    let p = person(company.id, &g, serde_json::json!({}));
    store.create_person(&p).await.unwrap();
    let pid = IdRef::Uuid(p.id.0);
    let start = day("2027-03-01").0;
    for round in 0..50u64 {
        let d = Day(start + chrono::Days::new(2 * round));
        let (a, b) = (off("2027-01-01", "2027-01-01"), off("2027-01-01", "2027-01-01"));
        let (a, b) = (
            TimeOffData {
                start_day: d,
                end_day: d,
                ..a
            },
            TimeOffData {
                start_day: d,
                end_day: Day(d.0 + chrono::Days::new(1)),
                ..b
            },
        );
        let (s1, s2) = (store.clone(), store.clone());
        let (c, now) = (company.id, now_millis());
        let one = tokio::spawn(async move { s1.create_time_off(c, pid, TimeOffId::new(), &a, now).await });
        let two = tokio::spawn(async move { s2.create_time_off(c, pid, TimeOffId::new(), &b, now).await });
        let results = [one.await.unwrap(), two.await.unwrap()];
        assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1, "round {round}");
        assert!(results.into_iter().any(overlap), "round {round}");
    }
    let all = store.time_offs(company.id, pid, Cursor::First, 100).await.unwrap();
    assert_eq!(all.total, 50);
}
