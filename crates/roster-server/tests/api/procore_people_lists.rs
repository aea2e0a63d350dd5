//! Procore Project People lists: every documented filter and sort honoured (or a 400), the
//! inactive list, and `origin_id` answered with the spec's type.
use crate::helpers::spawn_app;
use crate::procore_people::people_url;
use crate::procore_projects::project;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn names(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|v| v["last_name"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn filters_and_sorts_as_documented() {
    let app = spawn_app().await;
    let p = project(&app, "Tower").await;
    let url = people_url(&app, p);
    for (first, last, emp, is_emp, title) in [
        ("Zoe", "Adams", "E-77", true, "Foreman"),
        ("ann", "Brown", "X1", false, "Laborer"),
        ("Bob", "annis", "X2", true, "Foreman"),
    ] {
        let body = json!({"person": {"first_name": first, "last_name": last, "employee_id": emp,
                                      "is_employee": is_emp, "job_title": title}});
        assert_eq!(app.post_json(&url, &body).await.0, StatusCode::CREATED);
    }
    let other = project(&app, "Bridge").await;
    let body = json!({"person": {"last_name": "Cole", "job_title": "Laborer"}});
    assert_eq!(
        app.post_json(&people_url(&app, other), &body).await.0,
        StatusCode::CREATED
    );

    for (query, expected) in [
        // Name (first, last or full) or job title, any letter case; not the employee id.
        ("filters[search]=ANN", vec!["Brown", "annis"]),
        ("filters[search]=zoe%20adams", vec!["Adams"]),
        ("filters[search]=fore", vec!["Adams", "annis"]),
        ("filters[search]=e-77", vec![]),
        ("filters[is_employee]=true", vec!["Adams", "annis"]),
        ("filters[is_employee]=false", vec!["Brown"]),
        ("filters[job_title]=Laborer", vec!["Brown"]),
        ("filters[job_title]=labor", vec![]),
        ("filters[reference_users_only]=true", vec!["Adams", "Brown", "annis"]),
        (
            "filters[without_reference_users]=false",
            vec!["Adams", "Brown", "annis"],
        ),
        ("filters[without_reference_users]=true", vec![]),
        ("filters[connected]=false", vec!["Adams", "Brown", "annis"]),
        ("filters[connected]=true", vec![]),
        ("filters[vendor_id][]=1&filters[vendor_id][]=2", vec![]),
        ("filters[trade_id][]=1", vec![]),
        ("filters[permission_template_id][]=1", vec![]),
        ("filters[country_code]=US", vec![]),
        ("filters[state_code]=CA", vec![]),
        (
            "filters[include_company_people]=true&filters[job_title]=Laborer",
            vec!["Brown", "Cole"],
        ),
        ("sort=name", vec!["Adams", "annis", "Brown"]),
        ("sort=-name", vec!["Brown", "annis", "Adams"]),
        ("sort=job_title,-name", vec!["annis", "Adams", "Brown"]),
        ("sort=-job_title", vec!["Brown", "Adams", "annis"]),
        ("sort=vendor_name", vec!["Adams", "Brown", "annis"]),
        ("sort=permission_template,name", vec!["Adams", "annis", "Brown"]),
        (
            "sort=name&filters[is_employee]=true&filters[search]=a",
            vec!["Adams", "annis"],
        ),
    ] {
        let res = app.get(&format!("{url}?{query}")).await;
        assert_eq!(res.status(), StatusCode::OK, "{query}");
        assert_eq!(res.headers()["total"], expected.len().to_string().as_str(), "{query}");
        assert_eq!(names(&res.json().await.unwrap()), expected, "{query}");
    }
    for bad in [
        "filters[is_employee]=maybe",
        "filters[connected]=2",
        "filters[vendor_id][]=x",
        "filters[bogus]=1",
        "sort=height",
        "sort=-",
        "search=ann",
        "page=0",
    ] {
        let (status, res) = app.get_json(&format!("{url}?{bad}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {res}");
        assert!(res["errors"].is_object(), "{bad}: {res}");
    }
}

#[tokio::test]
async fn the_inactive_list_takes_the_same_parameters_and_is_empty() {
    let app = spawn_app().await;
    let p = project(&app, "Tower").await;
    let body = json!({"person": {"last_name": "Adams"}});
    assert_eq!(app.post_json(&people_url(&app, p), &body).await.0, StatusCode::CREATED);
    let url = format!("{}/inactive", people_url(&app, p));
    let res = app
        .get(&format!("{url}?view=extended&filters[search]=adams&sort=name"))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        (
            res.headers()["total"].to_str().unwrap(),
            res.headers()["per-page"].to_str().unwrap()
        ),
        ("0", "100")
    );
    assert_eq!(res.json::<Value>().await.unwrap(), json!([]));
    let (status, res) = app.get_json(&format!("{url}?filters[bogus]=1")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{res}");
    let (status, _) = app.get_json(&format!("{}/inactive", people_url(&app, 987_654))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn origin_id_is_an_integer_where_the_stored_value_is_one() {
    let app = spawn_app().await;
    let url = people_url(&app, project(&app, "Tower").await);
    for (sent, answered) in [
        (json!(42), json!(42)),
        (json!("43"), json!(43)),
        (json!("-7"), json!(-7)),
        (json!("044"), json!("044")),
        (json!("+45"), json!("+45")),
        (json!("ext-46"), json!("ext-46")),
        (json!("99999999999999999999"), json!("99999999999999999999")),
    ] {
        let (status, v) = app
            .post_json(&url, &json!({"person": {"last_name": "A", "origin_id": sent}}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{sent}: {v}");
        assert_eq!(v["origin_id"], answered, "{sent}");
        for view in ["normal", "extended", "web"] {
            let list = app.get_json(&format!("{url}?view={view}&per_page=100")).await.1;
            let listed = list
                .as_array()
                .unwrap()
                .iter()
                .find(|p| p["id"] == v["id"])
                .unwrap()
                .clone();
            assert_eq!(listed["origin_id"], answered, "{view}: {sent}");
        }
    }
}
