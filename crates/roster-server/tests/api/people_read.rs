use crate::helpers::{error, person_body, spawn_app, with};
use reqwest::StatusCode;
use serde_json::{json, Value};

#[tokio::test]
async fn a_person_by_uuid_or_integer_id() {
    let app = spawn_app().await;
    let group = app.group("Field").await;
    let id = app.person(&person_body(&group)).await;
    let (_, by_uuid) = app.get_json(&app.lc(&format!("/people/{id}"))).await;
    let int = by_uuid["procore_person_id"].as_i64().unwrap();
    let (status, by_int) = app.get_json(&app.facade(&format!("/people/{int}"))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(by_uuid, by_int);
    for missing in [
        uuid::Uuid::new_v4().to_string(),
        "99999".into(),
        "not-an-id".into(),
        "0".into(),
        "-3".into(),
    ] {
        let (status, body) = app.get_json(&app.lc(&format!("/people/{missing}"))).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{missing}");
        error("NotFoundError", "personNotFound")(&body);
    }
}

#[tokio::test]
async fn a_thousand_people_page_by_400_in_creation_order_with_total() {
    let app = spawn_app().await;
    let group = app.group("Field").await;
    let mut ids = Vec::new();
    for i in 0..1000 {
        ids.push(
            app.person(&with(person_body(&group), json!({"first_name": format!("P{i:03}")})))
                .await,
        );
    }
    let app = &app;
    let page = |n: u32| {
        let url = app.facade(&format!("/people?page={n}"));
        async move { app.get(&url).await }
    };
    let mut pages = Vec::new();
    for n in 0..4 {
        let res = page(n).await;
        assert_eq!(res.headers()["total"], "1000", "page {n}");
        pages.push(res.json::<Vec<Value>>().await.unwrap());
    }
    assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [400, 400, 200, 0]);
    let first = &pages[0];
    let listed: Vec<&str> = pages.iter().flatten().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(listed, ids.iter().map(String::as_str).collect::<Vec<_>>());

    // LaborChart's mount answers a page as {possible_pages, current_page, data}.
    for (n, len) in [(0, 400), (2, 200), (3, 0)] {
        let (status, page) = app.get_json(&app.lc(&format!("/people?page={n}"))).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            (page["possible_pages"].clone(), page["current_page"].clone()),
            (json!(3), json!(n))
        );
        assert_eq!(page["data"].as_array().unwrap().len(), len, "page {n}");
    }
    let (_, page) = app.get_json(&app.lc("/people?per_page=7")).await;
    assert_eq!(
        (page["possible_pages"].clone(), page["current_page"].clone()),
        (json!(143), json!(0))
    );
    assert_eq!(page["data"][0]["id"], ids[0].as_str());
    // Without `page` or `per_page`, every match as one bare array (streamed, read 500 at a time)
    // on both mounts, and for a group's people too.
    for url in [
        app.lc("/people"),
        app.facade("/people"),
        app.lc(&format!("/groups/{group}/people")),
        app.facade(&format!("/groups/{group}/groups/people")),
    ] {
        let res = app.get(&url).await;
        assert_eq!(res.headers()["total"], "1000", "{url}");
        assert_eq!(res.headers()["content-type"], "application/json", "{url}");
        let all: Vec<Value> = res.json().await.unwrap();
        let all: Vec<&str> = all.iter().map(|p| p["id"].as_str().unwrap()).collect();
        assert_eq!(all, ids.iter().map(String::as_str).collect::<Vec<_>>(), "{url}");
    }
    let (_, none) = app.get_json(&app.lc("/people?first_name=Nobody")).await;
    assert_eq!(none, json!([]));
    let (_, none) = app.get_json(&app.lc("/people?first_name=Nobody&page=0")).await;
    assert_eq!(none, json!({"possible_pages": 0, "current_page": 0, "data": []}));
    // The list and the single GET return the same shape.
    let (_, single) = app.get_json(&app.lc(&format!("/people/{}", ids[0]))).await;
    assert_eq!(first[0], single);
}

#[tokio::test]
async fn list_filters_match_exactly() {
    let app = spawn_app().await;
    let group = app.group("Field").await;
    app.person(&with(
        person_body(&group),
        json!({"first_name": "Ann", "last_name": "Lee", "email": "ann@example.com", "employee_number": "E1"}),
    ))
    .await;
    app.person(&with(
        person_body(&group),
        json!({"first_name": "Ann", "last_name": "Kim", "employee_number": "E2"}),
    ))
    .await;
    app.person(&with(
        person_body(&group),
        json!({"first_name": "Annabel", "last_name": "Lee", "status": "inactive"}),
    ))
    .await;
    for (query, expected) in [
        ("first_name=Ann", 2),
        ("first_name=An", 0),
        ("last_name=Lee", 2),
        ("first_name=Ann&last_name=Lee", 1),
        ("email=ANN@example.com", 1),
        ("employee_number=E2", 1),
        ("status=inactive", 1),
        ("created_after=2000-01-01", 3),
        ("created_before=2000-01-01T00:00:00Z", 0),
        ("updated_after=2999-01-01", 0),
        (
            "first_name=Ann&status=active&employee_number=E2&created_after=2000-01-01",
            1,
        ),
        ("last_name=Lee&status=active&created_before=2999-01-01", 1),
    ] {
        let res = app.get(&app.lc(&format!("/people?{query}"))).await;
        assert_eq!(res.status(), StatusCode::OK, "{query}");
        assert_eq!(res.headers()["total"], expected.to_string().as_str(), "{query}");
        let list: Vec<Value> = res.json().await.unwrap();
        assert_eq!(list.len(), expected, "{query}");
    }
    for query in [
        "created_after=banana",
        "page=-1",
        "page=x",
        "status=gone",
        "updated_before=2020-13-45",
    ] {
        let (status, body) = app.get_json(&app.lc(&format!("/people?{query}"))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        error("ValidationError", "invalidQueryParameter")(&body);
    }
    // A misspelt filter is refused, naming the key, on both lists: a sync job must not get the
    // whole company back and update the wrong person.
    let group = app.group("Field").await;
    for url in [app.lc("/people"), app.lc(&format!("/groups/{group}/people"))] {
        for (query, key) in [
            ("emial=a%40example.com", "emial"),
            ("first_name=A&employee_no=7", "employee_no"),
        ] {
            let (status, body) = app.get_json(&format!("{url}?{query}")).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{url}?{query}");
            error("ValidationError", "invalidQueryParameter")(&body);
            let details = body["message"]["details"].as_str().unwrap();
            assert!(details.contains(&format!("`{key}`")), "{details}");
        }
    }
}

#[tokio::test]
async fn time_bounds_are_inclusive_and_a_date_alone_is_its_whole_day() {
    let app = spawn_app().await;
    let group = app.group("Field").await;
    let id = app.person(&person_body(&group)).await;
    let (_, person) = app.get_json(&app.lc(&format!("/people/{id}"))).await;
    let created = person["created_at"].as_str().unwrap().to_owned();
    let day = &created[..10];
    for (query, expected) in [
        (format!("created_at={created}"), 1),
        (format!("created_after={created}"), 1),
        (format!("created_before={created}"), 1),
        (format!("created_at={day}"), 1),
        (format!("created_before={day}"), 1),
        (format!("created_after={day}"), 1),
        (format!("created_at={day}&created_before={day}T00:00:00.000Z"), 0),
        ("created_at=2000-01-01".to_owned(), 0),
    ] {
        let query = query.replace('+', "%2B");
        let res = app.get(&app.lc(&format!("/people?{query}"))).await;
        assert_eq!(res.status(), StatusCode::OK, "{query}");
        assert_eq!(res.headers()["total"], expected.to_string().as_str(), "{query}");
    }
}

#[tokio::test]
async fn the_specs_group_people_path_is_an_alias_on_both_mounts() {
    let app = spawn_app().await;
    let group = app.group("Field").await;
    let other = app.group("Shop").await;
    let id = app.person(&person_body(&group)).await;
    app.person(&person_body(&other)).await;
    for url in [
        app.lc(&format!("/groups/{group}/groups/people")),
        app.facade(&format!("/groups/{group}/groups/people")),
    ] {
        let (status, list) = app.get_json(&url).await;
        assert_eq!(status, StatusCode::OK, "{url}");
        let ids: Vec<&str> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, vec![id.as_str()], "{url}");
    }
}
