//! Tags and groups on a person, and the people of a group.
use crate::helpers::{error, person_body, spawn_app, with};
use reqwest::StatusCode;
use serde_json::{json, Value};

#[tokio::test]
async fn tags_are_added_and_removed() {
    let app = spawn_app().await;
    let group = app.group("Field").await;
    let (_, cert) = app
        .post_json(&app.lc("/tags"), &json!({"name": "OSHA 30", "require_expr_date": true}))
        .await;
    let (_, label) = app.post_json(&app.lc("/tags"), &json!({"name": "Crane"})).await;
    let id = app.person(&person_body(&group)).await;
    let tags_url = app.facade(&format!("/people/{id}/tags"));

    let (status, res) = app.post_json(&tags_url, &json!({"tag_id": cert["id"]})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    error("ValidationError", "expirationDateRequired")(&res);
    assert!(res["message"]["details"].as_str().unwrap().contains("`expr_date`"));
    for (body, code) in [
        (json!({}), "missingRequiredField"),
        (json!({"tag_id": uuid::Uuid::new_v4()}), "unknownReference"),
        (json!({"tag_id": cert["id"], "expr_date": "nope"}), "invalidDate"),
    ] {
        let (status, res) = app.post_json(&tags_url, &body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        error("ValidationError", code)(&res);
    }

    let (status, added) = app
        .post_json(
            &tags_url,
            &json!({"tag_id": cert["id"], "expr_date": 1_511_223_730_847i64}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let instance = added["id"].as_str().unwrap().to_owned();
    let (_, plain) = app
        .post_json(&app.lc(&format!("/people/{id}/tags")), &json!({"tag_id": label["id"]}))
        .await;
    let (_, p) = app.get_json(&app.lc(&format!("/people/{id}"))).await;
    assert_eq!(
        p["tag_instances"],
        json!([{"id": instance, "tag_id": cert["id"], "expr_date": "2017-11-21T00:22:10.847Z"},
               {"id": plain["id"], "tag_id": label["id"], "expr_date": null}])
    );
    // Renewing a certification keeps the instance and moves its date.
    let (_, renewed) = app
        .post_json(&tags_url, &json!({"tag_id": cert["id"], "expr_date": "2030-01-01"}))
        .await;
    assert_eq!(renewed["id"], instance.as_str());
    let (_, p2) = app.get_json(&app.lc(&format!("/people/{id}"))).await;
    assert_eq!(p2["tag_instances"][0]["expr_date"], "2030-01-01T00:00:00.000Z");
    assert!(p2["updated_at"].as_str().unwrap() > p["updated_at"].as_str().unwrap());

    let res = app.delete(&app.lc(&format!("/people/{id}/tags/{instance}"))).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Value>().await.unwrap(), json!({"id": instance}));
    let res = app.delete(&app.lc(&format!("/people/{id}/tags/{instance}"))).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    error("NotFoundError", "tagInstanceNotFound")(&res.json().await.unwrap());
    let (_, p) = app.get_json(&app.lc(&format!("/people/{id}"))).await;
    assert_eq!(p["tag_instances"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn groups_are_added_and_the_last_one_is_guarded() {
    let app = spawn_app().await;
    let field = app.group("Field").await;
    let office = app.group("Office").await;
    let id = app.person(&person_body(&field)).await;
    let url = app.lc(&format!("/people/{id}/groups"));

    let (status, res) = app.post_json(&url, &json!({"group_id": office})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(res, json!({"group_ids": [field, office]}));
    let (_, again) = app
        .post_json(
            &app.facade(&format!("/people/{id}/groups")),
            &json!({"group_id": office}),
        )
        .await;
    assert_eq!(again, res, "adding twice changes nothing");
    let (status, res) = app.post_json(&url, &json!({"group_id": uuid::Uuid::new_v4()})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    error("ValidationError", "unknownReference")(&res);

    let res = app.delete(&app.lc(&format!("/people/{id}/groups/{field}"))).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Value>().await.unwrap(), json!({"group_ids": [office]}));
    let res = app.delete(&app.lc(&format!("/people/{id}/groups/{office}"))).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    error("ValidationError", "lastGroupRemoval")(&res.json().await.unwrap());
    let (_, p) = app.get_json(&app.lc(&format!("/people/{id}"))).await;
    assert_eq!(p["group_ids"], json!([office]), "refused removal left the group");
    let res = app.delete(&app.lc(&format!("/people/{id}/groups/{field}"))).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND, "not a member");

    // An admin may be left with no group, unless assignable.
    let admin_body = json!({"is_user": true, "email": "boss@example.com", "permission_level_id": app.level(true).await, "no_invite": true});
    let assignable = app
        .person(&with(
            person_body(&field),
            with(admin_body.clone(), json!({"email": "crew@example.com"})),
        ))
        .await;
    let res = app
        .delete(&app.lc(&format!("/people/{assignable}/groups/{field}")))
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    error("ValidationError", "lastGroupRemoval")(&res.json().await.unwrap());
    let admin = app
        .person(&with(
            person_body(&field),
            with(admin_body, json!({"is_assignable": false})),
        ))
        .await;
    let res = app.delete(&app.lc(&format!("/people/{admin}/groups/{field}"))).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Value>().await.unwrap(), json!({"group_ids": []}));
}

#[tokio::test]
async fn people_of_a_group() {
    let app = spawn_app().await;
    let field = app.group("Field").await;
    let office = app.group("Office").await;
    let a = app
        .person(&with(person_body(&field), json!({"first_name": "Ann"})))
        .await;
    let b = app
        .person(&with(person_body(&office), json!({"first_name": "Bob"})))
        .await;
    let c = app
        .person(&with(
            person_body(&field),
            json!({"first_name": "Cat", "status": "inactive"}),
        ))
        .await;
    let res = app.get(&app.facade(&format!("/groups/{field}/people"))).await;
    assert_eq!(res.headers()["total"], "2");
    let people: Vec<Value> = res.json().await.unwrap();
    assert_eq!(
        people.iter().map(|p| p["id"].as_str().unwrap()).collect::<Vec<_>>(),
        [a.as_str(), c.as_str()]
    );
    let res = app.get(&app.lc(&format!("/groups/{field}/people?status=active"))).await;
    assert_eq!(res.headers()["total"], "1");
    let (_, office_people) = app.get_json(&app.lc(&format!("/groups/{office}/people"))).await;
    assert_eq!(office_people[0]["id"], b.as_str());
    let (status, _) = app
        .get_json(&app.lc(&format!("/groups/{}/people", uuid::Uuid::new_v4())))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .get_json(&app.lc(&format!("/groups/{field}/people?created_after=banana")))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}
