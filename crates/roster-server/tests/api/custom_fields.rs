//! Company custom field definitions on both mounts and both spellings: create, read, update,
//! options, delete, every refusal, and concurrent writes (one name, one winner; options added at
//! once all kept).
use crate::helpers::{error, spawn_app, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const ROUNDS: usize = 20;

fn urls(app: &TestApp) -> [String; 4] {
    [
        app.lc("/custom-fields"),
        app.lc("/custom_fields"),
        app.facade("/custom-fields"),
        app.facade("/custom_fields"),
    ]
}

#[tokio::test]
async fn custom_fields_are_created_read_changed_and_deleted_at_both_spellings_on_both_mounts() {
    let app = spawn_app().await;
    for (i, base) in urls(&app).into_iter().enumerate() {
        let body = json!({"name": format!("Union Local {i}"), "type": "select", "values": ["West", "east"],
                          "on_people": true, "can_filter": true, "description": "Local"});
        let (status, made) = app.post_json(&base, &body).await;
        assert_eq!(status, StatusCode::OK, "{base}: {made}");
        let id = made["id"].as_str().unwrap().to_owned();
        assert_eq!(made, json!({"id": id}));
        let one = format!("{base}/{id}");
        let (_, f) = app.get_json(&one).await;
        for (k, v) in [
            ("name", json!(format!("Union Local {i}"))),
            ("integration_name", json!(format!("union_local_{i}"))),
            ("type", json!("select")),
            ("values", json!(["east", "West"])),
            ("sort_by", json!("alpha")),
            ("on_people", json!(true)),
            ("on_projects", json!(false)),
            ("can_filter", json!(true)),
            ("integration_only", json!(false)),
            ("description", json!("Local")),
        ] {
            assert_eq!(f[k], v, "{base}: {k} in {f}");
        }
        let (_, all) = app.get_json(&base).await;
        assert_eq!(all.as_array().unwrap().last().unwrap(), &f);

        // Update: partial, `values` replaces the list; answers {"success": true}.
        let (status, res) = app
            .post_json(
                &one,
                &json!({"values": ["c", "a"], "sort_by": "listed", "description": null}),
            )
            .await;
        assert_eq!((status, res), (StatusCode::OK, json!({"success": true})));
        let (_, f) = app.get_json(&one).await;
        assert_eq!(
            (f["values"].clone(), f["description"].clone(), f["can_filter"].clone()),
            (json!(["c", "a"]), Value::Null, json!(true))
        );
        // Options added (those there already stay once) and removed (a body on a DELETE).
        let (status, res) = app
            .post_json(&format!("{one}/values"), &json!({"values": ["d", "a"]}))
            .await;
        assert_eq!((status, res), (StatusCode::OK, json!({"success": true})));
        let (status, res) = app
            .send_json(
                Method::DELETE,
                &format!("{one}/values"),
                Some(&json!({"values": ["c", "zzz"]})),
            )
            .await;
        assert_eq!((status, res), (StatusCode::OK, json!({"success": true})));
        assert_eq!(app.get_json(&one).await.1["values"], json!(["a", "d"]));
        // A new name brings a new integration name.
        app.post_json(&one, &json!({"name": format!("Crew Size {i}")})).await;
        assert_eq!(app.get_json(&one).await.1["integration_name"], format!("crew_size_{i}"));

        let (status, res) = app.send_json(Method::DELETE, &one, None).await;
        assert_eq!((status, res), (StatusCode::OK, json!({"id": id})));
        let (status, res) = app.get_json(&one).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        error("NotFoundError", "customFieldNotFound")(&res);
    }
}

#[tokio::test]
async fn bad_custom_fields_are_refused_naming_the_field() {
    let app = spawn_app().await;
    let base = app.lc("/custom-fields");
    let (_, text) = app.post_json(&base, &json!({"name": "Badge", "type": "text"})).await;
    let text = format!("{base}/{}", text["id"].as_str().unwrap());
    for (body, detail) in [
        (json!({"type": "text"}), "missingRequiredField"),
        (json!({"name": "X"}), "missingRequiredField"),
        (json!({"name": "X", "type": "color"}), "invalidValue"),
        (json!({"name": "X", "type": "text", "values": ["a"]}), "invalidValue"),
        (
            json!({"name": "X", "type": "select", "values": ["a", "a"]}),
            "duplicateValue",
        ),
        (json!({"name": "X", "type": "select", "values": [" "]}), "blankValue"),
        (
            json!({"name": "X", "type": "select", "sort_by": "random"}),
            "invalidValue",
        ),
        (json!({"name": "E-mail!", "type": "text"}), "ok"),
        (json!({"name": "Email", "type": "text"}), "reservedName"),
        (json!({"name": "???", "type": "text"}), "invalidValue"),
    ] {
        let (status, res) = app.post_json(&base, &body).await;
        if detail == "ok" {
            assert_eq!(status, StatusCode::OK, "{body}: {res}");
            continue;
        }
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {res}");
        error("ValidationError", detail)(&res);
    }
    for (url, body, detail) in [
        (text.clone(), json!({"type": "select"}), "notUpdatable"),
        (text.clone(), json!({"name": null}), "missingRequiredField"),
        (text.clone(), json!({"values": ["a"]}), "invalidValue"),
        (format!("{text}/values"), json!({"values": ["a"]}), "invalidValue"),
        (format!("{text}/values"), json!({}), "missingRequiredField"),
    ] {
        let (status, res) = app.post_json(&url, &body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{url} {body}: {res}");
        error("ValidationError", detail)(&res);
    }
    assert_eq!(
        app.get_json(&text).await.1["type"],
        "text",
        "a refused update changed nothing"
    );
    // One integration name a company: "Badge" and "badge!" are the same key.
    let (status, res) = app.post_json(&base, &json!({"name": "badge!", "type": "number"})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{res}");
    let (_, other) = app.post_json(&base, &json!({"name": "Crew", "type": "number"})).await;
    let other = format!("{base}/{}", other["id"].as_str().unwrap());
    assert_eq!(
        app.post_json(&other, &json!({"name": "BADGE"})).await.0,
        StatusCode::CONFLICT
    );
    let missing = uuid::Uuid::new_v4();
    assert_eq!(
        app.get_json(&format!("{base}/{missing}")).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get_json(&format!("{base}/not-an-id")).await.0,
        StatusCode::NOT_FOUND
    );
    let (status, _) = app
        .post_json(&format!("{base}/{missing}/values"), &json!({"values": ["a"]}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_writes_one_name_one_winner_and_every_option_kept() {
    let app = spawn_app().await;
    let base = app.lc("/custom-fields");
    for round in 0..ROUNDS {
        let body = json!({"name": format!("Field {round}"), "type": "select"});
        let (a, b) = tokio::join!(app.post_json(&base, &body), app.post_json(&base, &body));
        let mut statuses = [a.0, b.0];
        statuses.sort();
        assert_eq!(
            statuses,
            [StatusCode::OK, StatusCode::CONFLICT],
            "round {round}: {a:?} {b:?}"
        );
        let made = if a.0 == StatusCode::OK { a.1 } else { b.1 };
        let values = format!("{base}/{}/values", made["id"].as_str().unwrap());
        let (x, y) = (json!({"values": ["x"]}), json!({"values": ["y"]}));
        let (rx, ry) = tokio::join!(app.post_json(&values, &x), app.post_json(&values, &y));
        assert_eq!((rx.0, ry.0), (StatusCode::OK, StatusCode::OK));
        let (_, f) = app.get_json(&format!("{base}/{}", made["id"].as_str().unwrap())).await;
        assert_eq!(f["values"], json!(["x", "y"]), "round {round}: an option was lost");
    }
    let (_, all) = app.get_json(&base).await;
    assert_eq!(all.as_array().unwrap().len(), ROUNDS);
}

/// Deleting a field while its options change, and renaming a field onto the name another create
/// takes at the same moment: a delete wins or follows (the change then finds nothing, 404), and of
/// the rename and the create one gets the name and the other a 409. Never a 5xx.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn deletes_and_renames_race_other_writes_cleanly() {
    let app = spawn_app().await;
    let base = app.lc("/custom-fields");
    for round in 0..ROUNDS {
        let (_, made) = app
            .post_json(&base, &json!({"name": format!("Doomed {round}"), "type": "select"}))
            .await;
        let one = format!("{base}/{}", made["id"].as_str().unwrap());
        let (values, add) = (format!("{one}/values"), json!({"values": ["x"]}));
        let (added, deleted) = tokio::join!(app.post_json(&values, &add), app.send_json(Method::DELETE, &one, None));
        assert_eq!(deleted.0, StatusCode::OK, "round {round}: {deleted:?}");
        assert!(
            [StatusCode::OK, StatusCode::NOT_FOUND].contains(&added.0),
            "round {round}: {added:?}"
        );
        assert_eq!(app.get_json(&one).await.0, StatusCode::NOT_FOUND, "round {round}");

        let (_, other) = app
            .post_json(&base, &json!({"name": format!("Other {round}"), "type": "text"}))
            .await;
        let other = format!("{base}/{}", other["id"].as_str().unwrap());
        let taken = json!({"name": format!("Taken {round}"), "type": "text"});
        let rename = json!({"name": format!("Taken {round}")});
        let (renamed, created) = tokio::join!(app.post_json(&other, &rename), app.post_json(&base, &taken));
        let mut statuses = [renamed.0, created.0];
        statuses.sort();
        assert_eq!(
            statuses,
            [StatusCode::OK, StatusCode::CONFLICT],
            "round {round}: {renamed:?} {created:?}"
        );
    }
}
