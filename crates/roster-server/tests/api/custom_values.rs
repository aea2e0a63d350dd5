//! A person's custom field values: top-level keys by integration name in create and update bodies
//! and in every person answer (null when unset), checked against the field; the people lists
//! filtering by them exactly; and the writes that race them (two updates, a field deleted).
use crate::helpers::{db_strings, error, person_body, spawn_app, with, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const ROUNDS: usize = 30;

async fn field(app: &TestApp, body: Value) -> String {
    let (status, made) = app.post_json(&app.lc("/custom-fields"), &body).await;
    assert_eq!(status, StatusCode::OK, "{made}");
    made["id"].as_str().unwrap().to_owned()
}

/// The ids of a list answer (a bare array, or LaborChart's page).
fn ids(list: &Value) -> Vec<&str> {
    let items = list.get("data").unwrap_or(list);
    items
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect()
}

/// Refused with a 400 of `detail_code` whose details name `key`.
fn refused(res: &(StatusCode, Value), detail_code: &str, key: &str) {
    assert_eq!(res.0, StatusCode::BAD_REQUEST, "{}", res.1);
    error("ValidationError", detail_code)(&res.1);
    let details = res.1["message"]["details"].as_str().unwrap();
    assert!(details.contains(&format!("`{key}`")), "{key}: {}", res.1);
}

#[tokio::test]
async fn values_are_set_answered_and_checked_on_both_mounts() {
    let app = spawn_app().await;
    let group = app.group("Field").await;
    let people = |extra: &str| json!({"on_people": true, "name": extra});
    field(
        &app,
        with(
            people("Union Local"),
            json!({"type": "select", "values": ["east", "west"]}),
        ),
    )
    .await;
    field(&app, with(people("Crew Size"), json!({"type": "number"}))).await;
    field(&app, with(people("Certified"), json!({"type": "bool"}))).await;
    field(&app, with(people("Start Day"), json!({"type": "date"}))).await;
    field(
        &app,
        with(
            people("Skills"),
            json!({"type": "multi-select", "values": ["rig", "weld"]}),
        ),
    )
    .await;
    field(&app, with(people("Badge Color"), json!({"type": "hex-color"}))).await;
    field(&app, with(people("Notes"), json!({"type": "paragraph"}))).await;
    field(&app, json!({"name": "Budget", "type": "currency", "on_projects": true})).await;

    let values = json!({"union_local": "west", "crew_size": 12, "certified": true, "start_day": "2027-03-01T08:00:00Z",
                        "skills": ["weld", "rig", "weld"], "badge_color": "#53a9ff", "notes": "Prefers nights"});
    let a = app.person(&with(person_body(&group), values)).await;
    let b = app.person(&person_body(&group)).await;
    let expected_a = json!({"union_local": "west", "crew_size": 12, "certified": true, "start_day": "2027-03-01",
                            "skills": ["weld", "rig"], "badge_color": "#53A9FF", "notes": "Prefers nights"});
    for url in [app.lc(&format!("/people/{a}")), app.facade(&format!("/people/{a}"))] {
        let (_, got) = app.get_json(&url).await;
        for (k, v) in expected_a.as_object().unwrap() {
            assert_eq!(&got[k], v, "{url}: {k} in {got}");
        }
        assert!(
            got.get("budget").is_none(),
            "a projects-only field is no key of a person: {got}"
        );
    }
    let (_, got_b) = app.get_json(&app.lc(&format!("/people/{b}"))).await;
    for k in expected_a.as_object().unwrap().keys() {
        assert_eq!(got_b.get(k), Some(&Value::Null), "{k} unset: {got_b}");
    }
    // Lists answer the same keys.
    let (_, all) = app.get_json(&app.lc("/people")).await;
    assert_eq!(all.as_array().unwrap()[0]["skills"], json!(["weld", "rig"]));

    // Each refusal names the key, on create and on update, on both mounts; nothing is written.
    for base in [app.lc("/people"), app.facade("/people")] {
        for (extra, code, key) in [
            (json!({"crew_size": "12"}), "invalidFieldType", "crew_size"),
            (json!({"union_local": "north"}), "invalidValue", "union_local"),
            (json!({"skills": ["weld", "paint"]}), "invalidValue", "skills"),
            (json!({"start_day": "03/01/2027"}), "invalidDate", "start_day"),
            (json!({"badge_color": "blue"}), "invalidValue", "badge_color"),
            (json!({"certified": {"yes": true}}), "invalidFieldType", "certified"),
            (json!({"budget": 5}), "unknownField", "budget"),
            (json!({"union_locale": "west"}), "unknownField", "union_locale"),
        ] {
            refused(
                &app.post_json(&base, &with(person_body(&group), extra.clone())).await,
                code,
                key,
            );
            refused(&app.post_json(&format!("{base}/{b}"), &extra).await, code, key);
        }
    }
    let (_, still) = app.get_json(&app.lc(&format!("/people/{b}"))).await;
    assert_eq!(still["crew_size"], Value::Null);
    assert_eq!(
        ids(&app.get_json(&app.lc("/people")).await.1).len(),
        2,
        "no refused create was written"
    );

    // An update changes the keys sent (null unsets) and keeps the others; an answer sent back
    // (with `id`, `name`, `created_at`, …) is taken as it is.
    let url = app.facade(&format!("/people/{a}"));
    let (status, updated) = app
        .post_json(&url, &json!({"crew_size": 14.5, "certified": null}))
        .await;
    assert_eq!(status, StatusCode::OK, "{updated}");
    assert_eq!(
        (updated["crew_size"].clone(), updated["certified"].clone()),
        (json!(14.5), Value::Null)
    );
    assert_eq!(updated["union_local"], "west");
    let (status, again) = app.post_json(&url, &updated).await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(again["skills"], json!(["weld", "rig"]));
}

#[tokio::test]
async fn lists_filter_by_values_exactly_and_refuse_unknown_keys() {
    let app = spawn_app().await;
    let (group, other) = (app.group("Field").await, app.group("Shop").await);
    let people = |name: &str, kind: &str| json!({"on_people": true, "name": name, "type": kind});
    let local = field(
        &app,
        with(people("Union Local", "select"), json!({"values": ["east", "west"]})),
    )
    .await;
    let crew = field(&app, people("Crew Size", "number")).await;
    let skills = field(
        &app,
        with(people("Skills", "multi-select"), json!({"values": ["rig", "weld"]})),
    )
    .await;
    field(&app, people("Notes", "paragraph")).await;
    field(&app, json!({"name": "Budget", "type": "currency", "on_projects": true})).await;
    let a = app
        .person(&with(
            person_body(&group),
            json!({"union_local": "west", "crew_size": 12, "skills": ["rig", "weld"]}),
        ))
        .await;
    let b = app
        .person(&with(
            person_body(&other),
            json!({"union_local": "west", "crew_size": 3, "skills": ["weld"], "first_name": "Bo"}),
        ))
        .await;
    let c = app
        .person(&with(person_body(&group), json!({"union_local": "east"})))
        .await;

    for (query, expected) in [
        ("union_local=west", vec![a.as_str(), b.as_str()]),
        ("union_local=west&first_name=Bo", vec![b.as_str()]),
        ("union_local=west&crew_size=12.0", vec![a.as_str()]),
        ("skills=weld", vec![a.as_str(), b.as_str()]),
        ("skills=rig", vec![a.as_str()]),
        ("skills=rig&union_local=east", vec![]),
        ("crew_size=4", vec![]),
        ("union_local=West", vec![]),
    ] {
        for list in [
            app.lc(&format!("/people?{query}")),
            app.facade(&format!("/people?{query}")),
        ] {
            assert_eq!(ids(&app.get_json(&list).await.1), expected, "{list}");
        }
        let page = app.get_json(&app.lc(&format!("/people?{query}&per_page=1"))).await.1;
        assert_eq!(ids(&page).len(), expected.len().min(1), "{query}: {page}");
    }
    // The group lists filter too.
    let in_group = app
        .get_json(&app.lc(&format!("/groups/{group}/people?union_local=west")))
        .await
        .1;
    assert_eq!(ids(&in_group), [a.as_str()]);
    let total = app.get(&app.lc("/people?union_local=west")).await.headers()["total"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(total, "2");

    for (query, key) in [
        ("union_locale=west", "union_locale"),
        ("budget=5", "budget"),
        ("notes=x", "notes"),
        ("crew_size=twelve", "crew_size"),
    ] {
        for list in [
            app.lc(&format!("/people?{query}")),
            app.lc(&format!("/groups/{group}/people?{query}")),
        ] {
            refused(&app.get_json(&list).await, "invalidQueryParameter", key);
        }
    }

    // People keep an option removed from the field, and are still found by it; it is no longer
    // accepted as a new value.
    let options = app.lc(&format!("/custom-fields/{local}/values"));
    let (status, _) = app
        .send_json(Method::DELETE, &options, Some(&json!({"values": ["east"]})))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        app.get_json(&app.lc(&format!("/people/{c}"))).await.1["union_local"],
        "east"
    );
    assert_eq!(
        ids(&app.get_json(&app.lc("/people?union_local=east")).await.1),
        [c.as_str()]
    );
    let again = app
        .post_json(&app.lc(&format!("/people/{a}")), &json!({"union_local": "east"}))
        .await;
    refused(&again, "invalidValue", "union_local");

    // A renamed field's values follow it; a deleted field's values go with it and do not come back
    // with a new field of the same name.
    app.post_json(
        &app.lc(&format!("/custom-fields/{crew}")),
        &json!({"name": "Crew Count"}),
    )
    .await;
    assert_eq!(
        ids(&app.get_json(&app.lc("/people?crew_count=12")).await.1),
        [a.as_str()]
    );
    assert_eq!(app.get_json(&app.lc(&format!("/people/{a}"))).await.1["crew_count"], 12);
    app.send_json(Method::DELETE, &app.lc(&format!("/custom-fields/{skills}")), None)
        .await;
    let (_, got) = app.get_json(&app.lc(&format!("/people/{a}"))).await;
    assert!(got.get("skills").is_none(), "{got}");
    refused(
        &app.get_json(&app.lc("/people?skills=weld")).await,
        "invalidQueryParameter",
        "skills",
    );
    field(
        &app,
        with(people("Skills", "multi-select"), json!({"values": ["rig", "weld"]})),
    )
    .await;
    assert_eq!(
        app.get_json(&app.lc(&format!("/people/{a}"))).await.1["skills"],
        Value::Null
    );
    assert!(ids(&app.get_json(&app.lc("/people?skills=weld")).await.1).is_empty());
    let orphans = db_strings(
        &app.db_url,
        "SELECT field_id FROM person_field_keys WHERE field_id NOT IN (SELECT id FROM custom_fields)",
    )
    .await;
    assert!(orphans.is_empty(), "{orphans:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_updates_of_different_values_keep_both() {
    let app = spawn_app().await;
    let group = app.group("Field").await;
    field(&app, json!({"name": "Crew Size", "type": "number", "on_people": true})).await;
    field(&app, json!({"name": "Union Local", "type": "text", "on_people": true})).await;
    for round in 0..ROUNDS {
        let id = app.person(&person_body(&group)).await;
        let url = app.lc(&format!("/people/{id}"));
        let (crew, local) = (json!({"crew_size": round}), json!({"union_local": format!("L{round}")}));
        let (x, y) = tokio::join!(app.post_json(&url, &crew), app.post_json(&url, &local));
        assert_eq!(
            (x.0, y.0),
            (StatusCode::OK, StatusCode::OK),
            "round {round}: {x:?} {y:?}"
        );
        let (_, now) = app.get_json(&url).await;
        assert_eq!(
            (now["crew_size"].clone(), now["union_local"].clone()),
            (json!(round), json!(format!("L{round}"))),
            "round {round}: a value was lost"
        );
        let found = app
            .get_json(&app.lc(&format!("/people?union_local=L{round}&crew_size={round}")))
            .await
            .1;
        assert_eq!(ids(&found), [id.as_str()], "round {round}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_value_written_while_its_field_is_deleted_goes_with_the_field() {
    let app = spawn_app().await;
    let group = app.group("Field").await;
    let id = app.person(&person_body(&group)).await;
    let url = app.lc(&format!("/people/{id}"));
    for round in 0..ROUNDS {
        let key = format!("shift_{round}");
        let fid = field(
            &app,
            json!({"name": format!("Shift {round}"), "type": "number", "on_people": true}),
        )
        .await;
        let field_url = app.lc(&format!("/custom-fields/{fid}"));
        let (people_url, change) = (app.lc("/people"), json!({key.clone(): round}));
        let create = with(person_body(&group), change.clone());
        let (update, made, delete) = tokio::join!(
            app.post_json(&url, &change),
            app.post_json(&people_url, &create),
            app.send_json(Method::DELETE, &field_url, None)
        );
        assert_eq!(delete.0, StatusCode::OK, "round {round}: {delete:?}");
        for res in [&update, &made] {
            // Before the delete: written (then removed with the field); after: an unknown key.
            if res.0 != StatusCode::OK {
                refused(res, "unknownField", &key);
            }
        }
        let (_, now) = app.get_json(&url).await;
        assert!(now.get(&key).is_none(), "round {round}: {now}");
    }
    let orphans = db_strings(
        &app.db_url,
        "SELECT field_id FROM person_field_keys WHERE field_id NOT IN (SELECT id FROM custom_fields)",
    )
    .await;
    assert!(orphans.is_empty(), "{orphans:?}");
}

#[tokio::test]
async fn no_field_can_take_a_key_a_person_or_the_list_already_has() {
    let app = spawn_app().await;
    let spec = app.http.get(format!("{}/openapi.json", app.base)).send().await.unwrap();
    let spec: Value = spec.json().await.unwrap();
    let schemas = &spec["components"]["schemas"];
    let mut keys: Vec<String> = ["PersonView", "PersonBody"]
        .iter()
        .flat_map(|s| schemas[s]["properties"].as_object().unwrap().keys().cloned())
        .collect();
    let list = &spec["paths"]["/v2/companies/{company_id}/people"]["get"]["parameters"];
    keys.extend(
        list.as_array()
            .unwrap()
            .iter()
            .filter(|p| p["in"] == "query")
            .map(|p| p["name"].as_str().unwrap().to_owned()),
    );
    assert!(keys.len() > 40, "{keys:?}");
    for key in keys {
        let res = app
            .post_json(
                &app.lc("/custom-fields"),
                &json!({"name": key, "type": "text", "on_people": true}),
            )
            .await;
        assert_eq!(res.0, StatusCode::BAD_REQUEST, "{key}: {}", res.1);
        error("ValidationError", "reservedName")(&res.1);
    }
}
