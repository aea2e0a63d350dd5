//! Update Person with `group_ids`, `tag_instances`, `is_user` and `password`: what it changes,
//! what it refuses, that a refusal changes nothing, and that it takes turns with the other
//! routes that change a person's groups.
use crate::helpers::{error, person_body, spawn_app, with, TestApp};
use crate::logins::login;
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn tag(app: &TestApp, name: &str, require_expr_date: bool) -> String {
    let (status, res) = app
        .post_json(
            &app.lc("/tags"),
            &json!({"name": name, "require_expr_date": require_expr_date}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{res}");
    res["id"].as_str().unwrap().to_owned()
}

async fn outbox_len(app: &TestApp) -> usize {
    app.store.outbox().await.unwrap().len()
}

#[tokio::test]
async fn update_sets_groups_tags_and_the_login() {
    let app = spawn_app().await;
    let (a, b) = (app.group("A").await, app.group("B").await);
    let (osha, cpr) = (tag(&app, "OSHA", false).await, tag(&app, "CPR", true).await);
    let id = app
        .person(&with(person_body(&a), json!({"email": "Worker@Example.com"})))
        .await;
    let (_, before) = app.get_json(&app.lc(&format!("/people/{id}"))).await;
    let int = before["procore_person_id"].as_i64().unwrap();
    let lc = app.lc(&format!("/people/{id}"));
    let facade = app.facade(&format!("/people/{int}"));

    let (status, after) = app
        .post_json(
            &lc,
            &json!({"group_ids": [b, a], "tag_instances": [{"tag_id": osha, "expr_date": "2027-01-31"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{after}");
    assert_eq!(after["group_ids"], json!([b, a]));
    assert_eq!(after["tag_instances"][0]["expr_date"], "2027-01-31T00:00:00.000Z");
    let osha_instance = after["tag_instances"][0]["id"].clone();

    // The tag that stays keeps its instance id; the date forms all work; a set replaces.
    let (status, after) = app
        .post_json(
            &facade,
            &json!({"group_ids": [a], "tag_instances": [
                {"tag_id": osha, "expr_date": 1_800_000_000_000i64},
                {"tag_id": cpr, "expr_date": "2027-02-01T10:00:00Z"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{after}");
    assert_eq!(after["group_ids"], json!([a]));
    let tags: Vec<&Value> = after["tag_instances"].as_array().unwrap().iter().collect();
    assert_eq!(tags.len(), 2);
    let kept = tags.iter().find(|t| t["tag_id"] == osha.as_str()).unwrap();
    assert_eq!(kept["id"], osha_instance, "kept its id");
    assert_eq!(kept["expr_date"], "2027-01-15T08:00:00.000Z");

    // is_user: true is what POST …/user does: an invitation, as none of password/no_invite is given.
    let level = app.level(false).await;
    let sent = outbox_len(&app).await;
    let (status, after) = app
        .post_json(&lc, &json!({"is_user": true, "permission_level_id": level}))
        .await;
    assert_eq!(status, StatusCode::OK, "{after}");
    assert_eq!(after["is_user"], true);
    assert_eq!(outbox_len(&app).await, sent + 1, "an invitation is queued");
    let (status, _) = app.post_json(&lc, &json!({"is_user": true})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(outbox_len(&app).await, sent + 1, "already a user: no second invitation");

    // A password for a user; then they can log in with it.
    let (status, _) = app.post_json(&facade, &json!({"password": "Sup3rSecret"})).await;
    assert_eq!(status, StatusCode::OK);
    let res = login(&app, json!({"email": "worker@example.com", "password": "Sup3rSecret"})).await;
    assert_eq!(res.status(), StatusCode::OK);

    // is_user: false is what DELETE …/user does: the login ends.
    let (status, after) = app.post_json(&lc, &json!({"is_user": false})).await;
    assert_eq!((status, &after["is_user"]), (StatusCode::OK, &json!(false)));
    let res = login(&app, json!({"email": "worker@example.com", "password": "Sup3rSecret"})).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

    // Made a user with a password in one update: no invitation, and the password works.
    let (status, _) = app
        .post_json(
            &lc,
            &json!({"is_user": true, "permission_level_id": level, "password": "An0therOne"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(outbox_len(&app).await, sent + 1);
    let res = login(&app, json!({"email": "worker@example.com", "password": "An0therOne"})).await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_refused_update_changes_nothing() {
    let app = spawn_app().await;
    let (a, b) = (app.group("A").await, app.group("B").await);
    let (osha, cpr) = (tag(&app, "OSHA", false).await, tag(&app, "CPR", true).await);
    let admin = app.level(true).await;
    let id = app
        .person(&with(
            person_body(&a),
            json!({"tag_instances": [{"tag_id": osha}], "email": "w@example.com"}),
        ))
        .await;
    let url = app.lc(&format!("/people/{id}"));
    let (_, before) = app.get_json(&url).await;
    let unknown = uuid::Uuid::new_v4().to_string();
    for (body, code, field) in [
        (
            json!({"first_name": "Lost", "group_ids": [b], "tag_instances": [{"tag_id": cpr}]}),
            "expirationDateRequired",
            "tag_instances[0].expr_date",
        ),
        (
            json!({"first_name": "Lost", "tag_instances": [{"tag_id": unknown}]}),
            "unknownReference",
            "tag_instances[0].tag_id",
        ),
        (
            json!({"tag_instances": [{"tag_id": osha}, {"tag_id": osha}]}),
            "duplicateTag",
            "tag_instances[1].tag_id",
        ),
        (
            json!({"first_name": "Lost", "group_ids": [unknown]}),
            "unknownReference",
            "group_ids",
        ),
        (json!({"group_ids": []}), "groupRequired", "group_ids"),
        (
            json!({"group_ids": [], "permission_level_id": admin, "is_user": true}),
            "groupRequired",
            "group_ids",
        ),
        (json!({"group_ids": null}), "missingRequiredField", "group_ids"),
        (json!({"is_user": null}), "missingRequiredField", "is_user"),
        (json!({"password": "Sup3rSecret"}), "passwordWithoutUser", "password"),
        (
            json!({"first_name": "Lost", "is_user": true}),
            "missingRequiredField",
            "permission_level_id",
        ),
        (
            json!({"is_user": true, "permission_level_id": admin, "password": "weak"}),
            "passwordTooWeak",
            "password",
        ),
        (
            json!({"is_user": true, "email": null, "permission_level_id": admin}),
            "missingRequiredField",
            "email",
        ),
    ] {
        let (status, res) = app.post_json(&url, &body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {res}");
        error("ValidationError", code)(&res);
        assert!(
            res["message"]["details"]
                .as_str()
                .unwrap()
                .contains(&format!("`{field}`")),
            "{body}: {res}"
        );
        let (_, now) = app.get_json(&url).await;
        assert_eq!(now, before, "{body} changed nothing");
    }
    assert_eq!(app.store.outbox().await.unwrap().len(), 0);
}

#[tokio::test]
async fn a_sync_job_resending_the_create_body_as_an_update_succeeds() {
    let app = spawn_app().await;
    let group = app.group("Field").await;
    let osha = tag(&app, "OSHA", false).await;
    let level = app.level(false).await;
    let body = with(
        person_body(&group),
        json!({"is_user": true, "email": "sync@example.com", "permission_level_id": level,
               "phone": "+1 213 555 0100", "tag_instances": [{"tag_id": osha, "expr_date": "2027-03-01"}],
               "can_receive_sms": true, "no_invite": false}),
    );
    let id = app.person(&body).await;
    let (_, created) = app.get_json(&app.lc(&format!("/people/{id}"))).await;
    let int = created["procore_person_id"].as_i64().unwrap();
    for url in [app.lc(&format!("/people/{id}")), app.facade(&format!("/people/{int}"))] {
        let (status, res) = app.post_json(&url, &body).await;
        assert_eq!(status, StatusCode::OK, "{res}");
        for same in ["group_ids", "tag_instances", "is_user", "email", "phone", "name"] {
            assert_eq!(res[same], created[same], "{same}");
        }
    }
    assert_eq!(
        app.store.outbox().await.unwrap().len(),
        1,
        "the create's invitation only"
    );
}

/// Update Person's `group_ids` and `DELETE …/groups/{id}` take turns on the person: racing
/// `{"group_ids": [b]}` against removing `b` from a person in `a` and `b` leaves them in a group
/// either way, never in none.
#[tokio::test]
async fn group_updates_and_removals_take_turns() {
    let app = spawn_app().await;
    let (a, b) = (app.group("A").await, app.group("B").await);
    let id = app.person(&person_body(&a)).await;
    let url = app.lc(&format!("/people/{id}"));
    let only_b = json!({"group_ids": [b]});
    let remove_b = app.lc(&format!("/people/{id}/groups/{b}"));
    for round in 0..100 {
        let (status, _) = app.post_json(&url, &json!({"group_ids": [a, b]})).await;
        assert_eq!(status, StatusCode::OK);
        let update = app.post_json(&url, &only_b);
        let remove = app.delete(&remove_b);
        let ((updated, _), removed) = tokio::join!(update, remove);
        let (_, now) = app.get_json(&url).await;
        let groups = now["group_ids"].as_array().unwrap();
        assert!(!groups.is_empty(), "round {round}: never without a group");
        match (updated, removed.status()) {
            (StatusCode::OK, StatusCode::OK) => assert_eq!(groups, &[json!(b)], "round {round}"),
            (StatusCode::OK, StatusCode::BAD_REQUEST) => assert_eq!(groups, &[json!(b)], "round {round}"),
            other => panic!("round {round}: {other:?}"),
        }
    }
}
