//! Update Person's `tag_instances` and `is_user` racing the routes that change the same things
//! (`POST …/tags`, `POST …/user`): every round ends in a state one of the two serial orders gives,
//! never a mix (a tag lost from both, a login half ended).
use crate::helpers::{person_body, spawn_app, with};
use crate::logins::login;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::collections::BTreeSet;

const ROUNDS: usize = 30;

fn tag_ids(person: &Value) -> BTreeSet<String> {
    person["tag_instances"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["tag_id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_update_of_tag_instances_and_an_added_tag_take_turns() {
    let app = spawn_app().await;
    let group = app.group("Field").await;
    let mut tags = Vec::new();
    for name in ["OSHA", "CPR", "Rigging"] {
        let (_, t) = app.post_json(&app.lc("/tags"), &json!({"name": name})).await;
        tags.push(t["id"].as_str().unwrap().to_owned());
    }
    let [kept, replaced, added] = [&tags[0], &tags[1], &tags[2]];
    for round in 0..ROUNDS {
        let body = with(person_body(&group), json!({"tag_instances": [{"tag_id": replaced}]}));
        let id = app.person(&body).await;
        let url = app.lc(&format!("/people/{id}"));
        let (update, add) = (json!({"tag_instances": [{"tag_id": kept}]}), json!({"tag_id": added}));
        let tags_url = format!("{url}/tags");
        let (a, b) = tokio::join!(app.post_json(&url, &update), app.post_json(&tags_url, &add));
        assert_eq!(
            (a.0, b.0),
            (StatusCode::OK, StatusCode::OK),
            "round {round}: {a:?} {b:?}"
        );
        let now = tag_ids(&app.get_json(&url).await.1);
        // Update then add: both tags. Add then update: the update's list alone.
        let both: BTreeSet<String> = [kept.clone(), added.clone()].into();
        let update_last: BTreeSet<String> = [kept.clone()].into();
        assert!(now == both || now == update_last, "round {round}: {now:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_update_ending_a_login_and_a_login_enabled_take_turns() {
    let app = spawn_app().await;
    let group = app.group("Field").await;
    let level = app.level(false).await;
    for round in 0..ROUNDS {
        let email = format!("racer{round}@example.com");
        let id = app.person(&with(person_body(&group), json!({"email": email}))).await;
        let url = app.lc(&format!("/people/{id}"));
        let enable = json!({"permission_level_id": level, "password": "Sup3rSecret"});
        let (end, user_url) = (json!({"is_user": false}), format!("{url}/user"));
        let (a, b) = tokio::join!(app.post_json(&url, &end), app.post_json(&user_url, &enable));
        assert_eq!(
            (a.0, b.0),
            (StatusCode::OK, StatusCode::OK),
            "round {round}: {a:?} {b:?}"
        );
        let (_, person) = app.get_json(&url).await;
        let logs_in = login(&app, json!({"email": email, "password": "Sup3rSecret"}))
            .await
            .status();
        // End then enable: a user who logs in. Enable then end: no user, and the password gone.
        match person["is_user"].as_bool() {
            Some(true) => assert_eq!(logs_in, StatusCode::OK, "round {round}: a user whose password fails"),
            Some(false) => assert_eq!(
                logs_in,
                StatusCode::UNAUTHORIZED,
                "round {round}: not a user, yet logs in"
            ),
            None => panic!("round {round}: {person}"),
        }
    }
}
