//! A person's time off over HTTP, on both mounts: the documented bodies and answers, cursor
//! pages, every refusal (and nothing stored by one), removal with the person, and concurrent
//! writes that would overlap (one wins, the other is a 400).
use crate::helpers::{db_strings, error, person_body, spawn_app, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const ROUNDS: usize = 30;

async fn person(app: &TestApp) -> String {
    let g = app.group("Field").await;
    app.person(&person_body(&g)).await
}

fn day_off(day: &str) -> Value {
    json!({"start_day": day, "end_day": day, "reason": "personal"})
}

#[tokio::test]
async fn time_off_is_created_read_listed_changed_and_deleted_on_both_mounts() {
    let app = spawn_app().await;
    let p = person(&app).await;
    for (mount, url) in [
        ("laborchart", app.lc(&format!("/people/{p}/time-off"))),
        ("procore", app.facade(&format!("/people/{p}/time-off"))),
    ] {
        let shift = if mount == "laborchart" { "11" } else { "12" };
        // The create body as the docs print it: MM/DD/YY days, H:MM AM times (rounded to 15 min).
        let body = json!({
            "start_day": format!("{shift}/01/23"), "end_day": format!("{shift}/02/23"),
            "is_paid": true, "reason": "medical", "repeat": "weekly", "cadence": 2,
            "repeat_end_day": format!("{shift}/29/23"), "apply_to_saturday": false, "apply_to_sunday": true,
            "batch_start_time": "7:00 AM", "batch_end_time": "3:07 pm",
        });
        let (status, made) = app.post_json(&url, &body).await;
        assert_eq!(status, StatusCode::OK, "{mount}: {made}");
        let id = made["id"].as_str().unwrap().to_owned();
        assert_eq!(made["person_id"], p.as_str());
        assert_eq!(made["company_id"], app.company.id.to_string());
        for (k, v) in [
            ("start_day", json!(format!("{shift}/01/23"))),
            ("end_day", json!(format!("{shift}/02/23"))),
            ("is_paid", json!(true)),
            ("reason", json!("medical")),
            ("repeat", json!("weekly")),
            ("cadence", json!(2)),
            ("repeat_end_day", json!(format!("{shift}/29/23"))),
            ("apply_to_sunday", json!(true)),
            ("batch_start_time", json!("7:00 AM")),
            ("batch_end_time", json!("3:00 PM")),
        ] {
            assert_eq!(made[k], v, "{mount}: {k} in {made}");
        }
        let starts: Vec<&str> = made["instances"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["start_day"].as_str().unwrap())
            .collect();
        assert_eq!(
            starts,
            [
                format!("{shift}/01/23"),
                format!("{shift}/15/23"),
                format!("{shift}/29/23")
            ]
        );

        let one = format!("{url}/{id}");
        assert_eq!(app.get_json(&one).await, (StatusCode::OK, made.clone()));
        let (status, page) = app.get_json(&format!("{url}?timezone=America/Chicago")).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert_eq!(page["data"].as_array().unwrap().last().unwrap(), &made);

        // PATCH changes only what it sends; occurrences follow the new days and keep their ids.
        let (status, changed) = app
            .send_json(
                Method::PATCH,
                &one,
                Some(&json!({"start_day": format!("{shift}/02/23"), "is_paid": false})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{changed}");
        assert_eq!(
            (changed["start_day"].clone(), changed["is_paid"].clone()),
            (json!(format!("{shift}/02/23")), json!(false))
        );
        assert_eq!(changed["reason"], "medical");
        assert_eq!(changed["instances"][1]["id"], made["instances"][1]["id"]);
        assert_eq!(changed["instances"][1]["start_day"], format!("{shift}/16/23"));
        assert_eq!(app.get_json(&one).await.1, changed);
        // `null` restores a default.
        let (_, reset) = app.send_json(Method::PATCH, &one, Some(&json!({"reason": null}))).await;
        assert_eq!(reset["reason"], "other", "{reset}");

        let (status, gone) = app.send_json(Method::DELETE, &one, None).await;
        assert_eq!((status, gone), (StatusCode::OK, json!({"data": {"id": id}})));
        let (status, res) = app.get_json(&one).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        error("NotFoundError", "timeOffNotFound")(&res);
    }
}

#[tokio::test]
async fn bad_time_off_is_refused_naming_the_field_and_nothing_is_stored() {
    let app = spawn_app().await;
    let p = person(&app).await;
    let url = app.lc(&format!("/people/{p}/time-off"));
    let (status, kept) = app.post_json(&url, &day_off("2027-01-05")).await;
    assert_eq!(status, StatusCode::OK, "{kept}");
    let kept_url = format!("{url}/{}", kept["id"].as_str().unwrap());
    for (body, field, detail) in [
        (json!({"end_day": "01/01/27"}), "start_day", "missingRequiredField"),
        (
            json!({"start_day": "01/03/27", "end_day": "01/02/27"}),
            "end_day",
            "invalidRange",
        ),
        (
            json!({"start_day": "13/01/27", "end_day": "01/02/27"}),
            "start_day",
            "invalidDate",
        ),
        (
            json!({"start_day": "01/01/27", "end_day": "01/02/27", "reason": "fishing"}),
            "reason",
            "invalidValue",
        ),
        (
            json!({"start_day": "01/01/27", "end_day": "01/02/27", "repeat": "daily"}),
            "repeat",
            "invalidValue",
        ),
        (
            json!({"start_day": "01/01/27", "end_day": "01/02/27", "repeat": "weekly", "repeat_end_day": "02/01/27"}),
            "cadence",
            "missingRequiredField",
        ),
        (
            json!({"start_day": "01/01/27", "end_day": "01/02/27", "repeat": "weekly", "cadence": 1}),
            "repeat_end_day",
            "missingRequiredField",
        ),
        (
            json!({"start_day": "01/01/27", "end_day": "01/02/27", "cadence": 0}),
            "cadence",
            "invalidValue",
        ),
        (
            json!({"start_day": "01/01/27", "end_day": "01/01/27", "batch_start_time": "25:00 AM", "batch_end_time": "5:00 PM"}),
            "batch_start_time",
            "invalidTime",
        ),
        (
            json!({"start_day": "01/01/27", "end_day": "01/01/27", "batch_start_time": "9:00 AM"}),
            "batch_end_time",
            "missingRequiredField",
        ),
        (
            json!({"start_day": "01/01/27", "end_day": "01/01/27", "batch_start_time": "9:00 AM", "batch_end_time": "8:00 AM"}),
            "batch_end_time",
            "invalidRange",
        ),
        (
            json!({"start_day": "01/04/27", "end_day": "01/06/27"}),
            "start_day",
            "overlappingTimeOff",
        ),
        (
            json!({"start_day": "01/01/27", "end_day": "01/01/27", "is_paid": "yes"}),
            "is_paid",
            "invalidFieldType",
        ),
        (json!([]), "body", "invalidBody"),
    ] {
        let (status, res) = app.post_json(&url, &body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {res}");
        error("ValidationError", detail)(&res);
        assert!(
            res["message"]["details"].as_str().unwrap().contains(field),
            "{body}: {res}"
        );
    }
    for (body, detail) in [
        (json!({"repeat": "weekly"}), "notUpdatable"),
        (json!({"cadence": 2}), "notUpdatable"),
        (json!({"end_day": "01/04/27"}), "invalidRange"),
        (json!({"start_day": null}), "missingRequiredField"),
    ] {
        let (status, res) = app.send_json(Method::PATCH, &kept_url, Some(&body)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {res}");
        error("ValidationError", detail)(&res);
    }
    assert_eq!(
        app.get_json(&kept_url).await.1,
        kept,
        "a refused update changed nothing"
    );
    for (query, detail) in [
        ("", "missingRequiredField"),
        ("?timezone=Mars/Olympus", "invalidQueryParameter"),
        ("?timezone=UTC&limit=x", "invalidQueryParameter"),
        ("?timezone=UTC&start_date=2027-01-01", "invalidQueryParameter"),
        (
            "?timezone=UTC&start_after=00000000-0000-0000-0000-000000000000",
            "invalidCursor",
        ),
        (
            "?timezone=UTC&start_after={k}&starting_after={k}",
            "invalidQueryParameter",
        ),
    ] {
        let query = query.replace("{k}", kept["id"].as_str().unwrap());
        let (status, res) = app.get_json(&format!("{url}{query}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}: {res}");
        error("ValidationError", detail)(&res);
    }
    let (_, page) = app.get_json(&format!("{url}?timezone=UTC")).await;
    assert_eq!(
        page["pagination"]["total_possible"], 1,
        "no refusal stored anything: {page}"
    );

    // Unknown people and time off are 404s; so is another person's time off.
    let other = person(&app).await;
    let stranger = uuid::Uuid::new_v4();
    for url in [
        app.lc(&format!("/people/{stranger}/time-off?timezone=UTC")),
        app.lc(&format!("/people/{other}/time-off/{}", kept["id"].as_str().unwrap())),
        app.lc(&format!("/people/{p}/time-off/{stranger}")),
        app.lc(&format!("/people/{p}/time-off/not-an-id")),
    ] {
        assert_eq!(app.get_json(&url).await.0, StatusCode::NOT_FOUND, "{url}");
    }
    let (status, _) = app
        .post_json(&app.lc(&format!("/people/{stranger}/time-off")), &day_off("2027-02-01"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn time_off_pages_by_cursor_in_order_of_first_day() {
    let app = spawn_app().await;
    let p = person(&app).await;
    let url = app.facade(&format!("/people/{p}/time-off"));
    let mut ids = Vec::new();
    // Made out of order; listed by first day.
    for day in ["2027-01-05", "2027-01-01", "2027-01-04", "2027-01-02", "2027-01-03"] {
        let (_, made) = app.post_json(&url, &day_off(day)).await;
        ids.push((day, made["id"].as_str().unwrap().to_owned()));
    }
    ids.sort();
    let ids: Vec<String> = ids.into_iter().map(|(_, id)| id).collect();
    let listed = |page: &Value| -> Vec<String> {
        page["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let (_, first) = app.get_json(&format!("{url}?timezone=UTC&limit=2")).await;
    assert_eq!(listed(&first), ids[..2]);
    assert_eq!(
        first["pagination"],
        json!({"limit": 2, "next_starting_after": ids[1], "previous_starting_before": null, "total_possible": 5})
    );
    for key in ["start_after", "starting_after"] {
        let (_, second) = app
            .get_json(&format!("{url}?timezone=UTC&limit=2&{key}={}", ids[1]))
            .await;
        assert_eq!(listed(&second), ids[2..4], "{key}");
        assert_eq!(second["pagination"]["next_starting_after"], ids[3].as_str());
        assert_eq!(second["pagination"]["previous_starting_before"], ids[2].as_str());
    }
    let (_, last) = app
        .get_json(&format!("{url}?timezone=UTC&limit=2&start_after={}", ids[3]))
        .await;
    assert_eq!(listed(&last), ids[4..]);
    assert_eq!(last["pagination"]["next_starting_after"], Value::Null);
    let (_, back) = app
        .get_json(&format!("{url}?timezone=UTC&limit=2&starting_before={}", ids[4]))
        .await;
    assert_eq!(listed(&back), ids[2..4]);
    // The default limit is 40.
    let (_, all) = app.get_json(&format!("{url}?timezone=UTC")).await;
    assert_eq!(
        (listed(&all), all["pagination"]["limit"].clone()),
        (ids.clone(), json!(40))
    );
}

#[tokio::test]
async fn deleting_a_person_removes_their_time_off() {
    let app = spawn_app().await;
    let p = person(&app).await;
    let url = app.lc(&format!("/people/{p}/time-off"));
    let weekly = json!({"start_day": "01/04/27", "end_day": "01/04/27", "repeat": "weekly", "cadence": 1, "repeat_end_day": "03/01/27"});
    assert_eq!(app.post_json(&url, &weekly).await.0, StatusCode::OK);
    let count = format!("SELECT CAST(COUNT(*) AS TEXT) FROM time_off_instances WHERE person_id = '{p}'");
    assert_eq!(db_strings(&app.db_url, &count).await, ["9"]);
    assert_eq!(
        app.delete(&app.lc(&format!("/people/{p}"))).await.status(),
        StatusCode::OK
    );
    assert_eq!(db_strings(&app.db_url, &count).await, ["0"]);
    let rows = format!("SELECT CAST(COUNT(*) AS TEXT) FROM time_off WHERE person_id = '{p}'");
    assert_eq!(db_strings(&app.db_url, &rows).await, ["0"]);
}

/// Two writes that would overlap, sent together: a create against a create, and an update that
/// moves a time off onto the day another create takes. Exactly one wins each round.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn of_concurrent_overlapping_writes_exactly_one_wins() {
    let app = spawn_app().await;
    let p = person(&app).await;
    let url = app.lc(&format!("/people/{p}/time-off"));
    let start = chrono::NaiveDate::from_ymd_opt(2028, 1, 1).unwrap();
    let mut kept = 0;
    for round in 0..ROUNDS {
        let day = |k: u64| {
            (start + chrono::Days::new(4 * round as u64 + k))
                .format("%Y-%m-%d")
                .to_string()
        };
        let body = day_off(&day(0));
        let (a, b) = tokio::join!(app.post_json(&url, &body), app.post_json(&url, &body));
        let statuses = [a.0, b.0];
        assert!(
            statuses.contains(&StatusCode::OK) && statuses.contains(&StatusCode::BAD_REQUEST),
            "round {round}: {a:?} {b:?}"
        );
        let loser = if a.0 == StatusCode::OK { b.1 } else { a.1 };
        error("ValidationError", "overlappingTimeOff")(&loser);

        let (_, movable) = app.post_json(&url, &day_off(&day(2))).await;
        let one = format!("{url}/{}", movable["id"].as_str().unwrap());
        let (change, body) = (json!({"start_day": day(1), "end_day": day(1)}), day_off(&day(1)));
        let (moved, made) = tokio::join!(
            app.send_json(Method::PATCH, &one, Some(&change)),
            app.post_json(&url, &body)
        );
        let statuses = [moved.0, made.0];
        assert!(
            statuses.contains(&StatusCode::OK) && statuses.contains(&StatusCode::BAD_REQUEST),
            "round {round}: {moved:?} {made:?}"
        );
        // The race's winner, the moved (or not) time off, and the create if it won.
        kept += if made.0 == StatusCode::OK { 3 } else { 2 };
    }
    let (_, page) = app.get_json(&format!("{url}?timezone=UTC&limit=200")).await;
    let data = page["data"].as_array().unwrap();
    assert_eq!(data.len(), kept);
    let mut days: Vec<&str> = data.iter().map(|t| t["start_day"].as_str().unwrap()).collect();
    days.dedup();
    assert_eq!(days.len(), data.len(), "no two time off share a day");
}

/// A DELETE and a PATCH of one time off sent together: either the PATCH lands first and the
/// DELETE then removes it, or the DELETE wins and the PATCH finds nothing (404). Never a 5xx,
/// and the time off is gone either way (an update never brings it back).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_delete_and_an_update_of_one_time_off_take_turns() {
    let app = spawn_app().await;
    let p = person(&app).await;
    let url = app.lc(&format!("/people/{p}/time-off"));
    let start = chrono::NaiveDate::from_ymd_opt(2029, 1, 1).unwrap();
    for round in 0..ROUNDS {
        let day = (start + chrono::Days::new(2 * round as u64))
            .format("%Y-%m-%d")
            .to_string();
        let (_, made) = app.post_json(&url, &day_off(&day)).await;
        let one = format!("{url}/{}", made["id"].as_str().unwrap());
        let change = json!({"is_paid": true});
        let (patched, deleted) = tokio::join!(
            app.send_json(Method::PATCH, &one, Some(&change)),
            app.send_json(Method::DELETE, &one, None)
        );
        assert_eq!(deleted.0, StatusCode::OK, "round {round}: {deleted:?}");
        assert!(
            [StatusCode::OK, StatusCode::NOT_FOUND].contains(&patched.0),
            "round {round}: {patched:?}"
        );
        assert_eq!(app.get_json(&one).await.0, StatusCode::NOT_FOUND, "round {round}");
    }
    let (_, page) = app.get_json(&format!("{url}?timezone=UTC")).await;
    assert_eq!(page["pagination"]["total_possible"], 0);
}
