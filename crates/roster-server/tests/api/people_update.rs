//! Update Person and Delete Person, on both mounts.
use crate::helpers::{error, person_body, spawn_app, token_for, with};
use reqwest::StatusCode;
use roster_server::admin::create_company;
use serde_json::{json, Value};

const SEED_409: &str = r#"{"code":"ConflictError","message":{"detailCode":"personEmailOrPhoneConflict","details":"An already existing email or phone was found"}}"#;

#[tokio::test]
async fn update_changes_only_the_sent_keys() {
    let app = spawn_app().await;
    let group = app.group("Field").await;
    let id = app
        .person(&with(
            person_body(&group),
            json!({"email": "a@example.com", "zipcode": "66213", "dob": "1990-05-15"}),
        ))
        .await;
    let (_, before) = app.get_json(&app.lc(&format!("/people/{id}"))).await;
    let int = before["procore_person_id"].as_i64().unwrap();
    for url in [app.lc(&format!("/people/{id}")), app.facade(&format!("/people/{int}"))] {
        let (status, after) = app
            .post_json(&url, &json!({"first_name": "Annie", "zipcode": null, "phone": "+1 (213) 555-9999", "hired_date": 1_493_214_315_919i64, "can_receive_sms": true}))
            .await;
        assert_eq!(status, StatusCode::OK, "{after}");
        assert_eq!(after["name"], json!({"first": "Annie", "last": "Richardson"}));
        assert!(after["zipcode"].is_null());
        assert_eq!(after["phone"], "+12135559999");
        assert_eq!(after["hired_date"], "2017-04-26T13:45:15.919Z");
        assert_eq!(after["can_recieve_sms"], true);
        for unchanged in [
            "email",
            "dob",
            "group_ids",
            "status",
            "is_assignable",
            "created_at",
            "id",
            "procore_person_id",
        ] {
            assert_eq!(after[unchanged], before[unchanged], "{unchanged}");
        }
        assert!(
            after["updated_at"].as_str().unwrap() > before["updated_at"].as_str().unwrap(),
            "updated_at moves"
        );
        let (_, shown) = app.get_json(&app.lc(&format!("/people/{id}"))).await;
        assert_eq!(shown, after, "the answer is the stored person");
    }
}

#[tokio::test]
async fn update_validates_like_create() {
    let app = spawn_app().await;
    let group = app.group("Field").await;
    let id = app.person(&person_body(&group)).await;
    let url = app.lc(&format!("/people/{id}"));
    for (body, code, field) in [
        (json!({"status": "retired"}), "invalidValue", "status"),
        (json!({"language": "french"}), "invalidValue", "language"),
        (json!({"hourly_wage": -3}), "invalidValue", "hourly_wage"),
        (json!({"phone": "555"}), "invalidPhone", "phone"),
        (json!({"dob": "someday"}), "invalidDate", "dob"),
        (json!({"first_name": null}), "missingRequiredField", "first_name"),
        (
            json!({"job_title_id": uuid::Uuid::new_v4()}),
            "unknownReference",
            "job_title_id",
        ),
        (json!({"password": "Secret123"}), "passwordWithoutUser", "password"),
        (json!({"is_user": true}), "missingRequiredField", "email"),
    ] {
        let (status, res) = app.post_json(&url, &body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        error("ValidationError", code)(&res);
        assert!(
            res["message"]["details"]
                .as_str()
                .unwrap()
                .contains(&format!("`{field}`")),
            "{res}"
        );
    }
    let (status, _) = app
        .post_json(
            &app.lc(&format!("/people/{}", uuid::Uuid::new_v4())),
            &json!({"first_name": "X"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn update_conflicts_are_the_seeds_409() {
    let app = spawn_app().await;
    let group = app.group("Field").await;
    app.person(&with(
        person_body(&group),
        json!({"email": "taken@example.com", "phone": "+1 213 555 0001"}),
    ))
    .await;
    let other = app
        .person(&with(person_body(&group), json!({"email": "mine@example.com"})))
        .await;
    let url = app.lc(&format!("/people/{other}"));
    for body in [
        json!({"email": "TAKEN@example.com"}),
        json!({"phone": "+1-213-555-0001"}),
    ] {
        let res = app.post(&url, &body).await;
        assert_eq!(res.status(), StatusCode::CONFLICT, "{body}");
        assert_eq!(res.text().await.unwrap(), SEED_409);
    }
    let (_, still) = app.get_json(&url).await;
    assert_eq!(still["email"], "mine@example.com", "nothing half-written");

    // Back to active while another active person holds the email: the same 409.
    let (status, _) = app
        .post_json(&url, &json!({"status": "inactive", "email": "taken@example.com"}))
        .await;
    assert_eq!(status, StatusCode::OK, "inactive people may share");
    let res = app.post(&url, &json!({"status": "active"})).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(res.text().await.unwrap(), SEED_409);
}

#[tokio::test]
async fn delete_frees_email_and_phone() {
    let app = spawn_app().await;
    let group = app.group("Field").await;
    let body = with(
        person_body(&group),
        json!({"email": "gone@example.com", "phone": "+1 213 555 0002"}),
    );
    let id = app.person(&body).await;
    for url in [app.facade(&format!("/people/{id}")), app.lc(&format!("/people/{id}"))] {
        let res = app.delete(&url).await;
        if res.status() == StatusCode::OK {
            assert_eq!(res.json::<Value>().await.unwrap(), json!({"id": id}));
        } else {
            assert_eq!(res.status(), StatusCode::NOT_FOUND, "second delete");
            error("NotFoundError", "personNotFound")(&res.json().await.unwrap());
        }
    }
    let (status, _) = app.get_json(&app.lc(&format!("/people/{id}"))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    app.person(&body).await;
}

#[tokio::test]
async fn deleting_in_one_company_leaves_the_other_untouched() {
    let app = spawn_app().await;
    let group = app.group("Field").await;
    let email = json!({"email": "shared@example.com"});
    let mine = app.person(&with(person_body(&group), email.clone())).await;

    let other = create_company(app.store.as_ref(), "Other", None).await.unwrap();
    let token = token_for(&app.http, &app.base, &other).await;
    let other_url = |path: &str| format!("{}/v2/companies/{}{path}", app.base, other.id);
    let (_, g) = {
        let res = app
            .http
            .post(other_url("/groups"))
            .bearer_auth(&token)
            .json(&json!({"name": "G", "timezone": "UTC"}))
            .send()
            .await
            .unwrap();
        (res.status(), res.json::<Value>().await.unwrap())
    };
    let res = app
        .http
        .post(other_url("/people"))
        .bearer_auth(&token)
        .json(&with(person_body(g["id"].as_str().unwrap()), email))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "the same email in another company is fine"
    );
    let theirs = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();

    // B cannot delete A's person, even by its id.
    let res = app
        .http
        .delete(other_url(&format!("/people/{mine}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        app.delete(&app.lc(&format!("/people/{mine}"))).await.status(),
        StatusCode::OK
    );
    let res = app
        .http
        .get(other_url(&format!("/people/{theirs}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Value>().await.unwrap()["email"], "shared@example.com");
}
