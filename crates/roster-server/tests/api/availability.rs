//! Which groups a job title or tag is available to: a group's lists, adding and removing groups
//! (the answer shapes of each mount), refusals, and concurrent changes of one tag all landing.
use crate::helpers::{error, spawn_app, TestApp};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// A DELETE with a JSON body, as the spec's job-title route takes it.
async fn delete_json(app: &TestApp, url: &str, body: &Value) -> (StatusCode, Value) {
    let res = app
        .http
        .delete(url)
        .bearer_auth(&app.token)
        .header("Procore-Company-Id", app.company.procore_company_id)
        .json(body)
        .send()
        .await
        .unwrap();
    (res.status(), res.json().await.unwrap())
}

fn ids(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn job_titles_gain_and_lose_groups_and_each_group_lists_its_own() {
    let app = spawn_app().await;
    let (a, b) = (app.group("A").await, app.group("B").await);
    let (_, title) = app
        .post_json(&app.lc("/job-titles"), &json!({"name": "Foreman", "group_ids": [a]}))
        .await;
    let title = title["id"].as_str().unwrap().to_owned();
    let (_, global) = app
        .post_json(
            &app.lc("/job-titles"),
            &json!({"name": "Laborer", "globally_accessible": true}),
        )
        .await;
    let global = global["id"].as_str().unwrap().to_owned();

    let (_, listed) = app.get_json(&app.lc(&format!("/groups/{a}/job-titles"))).await;
    assert_eq!(ids(&listed), vec![title.clone(), global.clone()]);
    let (_, listed) = app.get_json(&app.lc(&format!("/groups/{b}/job-titles"))).await;
    assert_eq!(ids(&listed), vec![global.clone()]);

    for url in [
        app.lc(&format!("/job-titles/{title}/groups")),
        app.facade(&format!("/job-titles/{title}/groups")),
    ] {
        let (status, res) = app.post_json(&url, &json!({"group_id": b})).await;
        assert_eq!((status, &res), (StatusCode::OK, &json!({"group_ids": [a, b]})), "{url}");
    }
    let (status, res) = delete_json(
        &app,
        &app.lc(&format!("/job-titles/{title}/groups")),
        &json!({"group_id": a}),
    )
    .await;
    assert_eq!((status, res), (StatusCode::OK, json!({"group_ids": [b]})));
    let (_, listed) = app.get_json(&app.facade(&format!("/groups/{b}/job-titles"))).await;
    assert_eq!(ids(&listed), vec![title.clone(), global]);

    // Refusals: no group named, another company's or unknown group, no such job title or group.
    let url = app.lc(&format!("/job-titles/{title}/groups"));
    let (status, res) = app.post_json(&url, &json!({})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    error("ValidationError", "missingRequiredField")(&res);
    let (status, res) = app.post_json(&url, &json!({"group_id": uuid::Uuid::new_v4()})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    error("ValidationError", "unknownReference")(&res);
    let missing = uuid::Uuid::new_v4();
    let (status, _) = app
        .post_json(
            &app.lc(&format!("/job-titles/{missing}/groups")),
            &json!({"group_id": b}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app.get_json(&app.lc(&format!("/groups/{missing}/job-titles"))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, shown) = app.get_json(&app.lc(&format!("/job-titles/{title}"))).await;
    assert_eq!(shown["group_ids"], json!([b]), "refusals changed nothing");
}

#[tokio::test]
async fn tags_answer_each_mounts_shape() {
    let app = spawn_app().await;
    let (a, b, c) = (app.group("A").await, app.group("B").await, app.group("C").await);
    let (_, tag) = app.post_json(&app.lc("/tags"), &json!({"name": "OSHA 30"})).await;
    let tag = tag["id"].as_str().unwrap().to_owned();

    let (status, res) = app
        .post_json(&app.lc(&format!("/tags/{tag}/groups")), &json!({"group_id": a}))
        .await;
    assert_eq!((status, res), (StatusCode::OK, json!({"group_ids": [a]})));
    let (status, res) = app
        .post_json(
            &app.facade(&format!("/tags/{tag}/groups")),
            &json!({"group_ids": [b, c, a]}),
        )
        .await;
    assert_eq!((status, res), (StatusCode::OK, json!([{"group_ids": [a, b, c]}])));

    let res = app.delete(&app.facade(&format!("/tags/{tag}/groups/{b}"))).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Value>().await.unwrap(), json!([{"group_ids": [a, c]}]));
    let res = app.delete(&app.lc(&format!("/tags/{tag}/groups/{a}"))).await;
    assert_eq!(res.json::<Value>().await.unwrap(), json!({"group_ids": [c]}));

    let (_, listed) = app.get_json(&app.lc(&format!("/groups/{c}/tags"))).await;
    assert_eq!(ids(&listed), vec![tag.clone()]);
    let (_, listed) = app.get_json(&app.lc(&format!("/groups/{a}/tags"))).await;
    assert_eq!(listed, json!([]));
}

/// Groups added to one tag at once all land: each add is one update of the locked row.
#[tokio::test]
async fn concurrent_group_adds_to_one_tag_all_land() {
    let app = spawn_app().await;
    let groups = [app.group("A").await, app.group("B").await, app.group("C").await];
    let (_, tag) = app.post_json(&app.lc("/tags"), &json!({"name": "Rigging"})).await;
    let url = app.lc(&format!("/tags/{}/groups", tag["id"].as_str().unwrap()));
    for round in 0..100 {
        let bodies: Vec<Value> = groups.iter().map(|g| json!({ "group_id": g })).collect();
        let adds = bodies.iter().map(|body| app.post_json(&url, body));
        for (status, _) in futures::future::join_all(adds).await {
            assert_eq!(status, StatusCode::OK, "round {round}");
        }
        let (_, shown) = app
            .get_json(&app.lc(&format!("/tags/{}", tag["id"].as_str().unwrap())))
            .await;
        let mut have: Vec<String> = serde_json::from_value(shown["group_ids"].clone()).unwrap();
        have.sort();
        let mut want = groups.to_vec();
        want.sort();
        assert_eq!(have, want, "round {round}: an add was lost");
        for g in &groups {
            assert_eq!(app.delete(&format!("{url}/{g}")).await.status(), StatusCode::OK);
        }
    }
}
