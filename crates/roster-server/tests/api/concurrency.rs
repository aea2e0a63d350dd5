//! Writes that race each other, over HTTP on the store of this pass (SQLite, then PostgreSQL):
//! partial updates of different fields both survive, an update never brings a deleted row back,
//! rules over several rows hold under concurrent changes, an invitation is accepted once, and a
//! group deleted while someone joins it never answers a 5xx. Each race runs `ROUNDS` times, the
//! two (or more) requests started together on a multi-threaded runtime.
use crate::helpers::{person_body, spawn_app, with, TestApp};
use crate::procore_projects::project;
use reqwest::StatusCode;
use serde_json::{json, Value};

const ROUNDS: usize = 100;

/// Sends two partial updates of different fields at once, `ROUNDS` times, and checks that every
/// round kept both.
async fn both_fields_survive(app: &TestApp, url: &str, fields: [&str; 2], send: impl AsyncUpdate) {
    let mut lost = Vec::new();
    for round in 0..ROUNDS {
        let [a, b] = fields;
        let (ba, bb) = (
            json!({ a: format!("{a}-{round}") }),
            json!({ b: format!("{b}-{round}") }),
        );
        let (ra, rb) = tokio::join!(send.call(app, url, ba), send.call(app, url, bb));
        assert_eq!((ra, rb), (StatusCode::OK, StatusCode::OK), "round {round}");
        let now = send.read(app, url).await;
        if now[a] != format!("{a}-{round}") || now[b] != format!("{b}-{round}") {
            lost.push(round);
        }
    }
    assert!(lost.is_empty(), "{url}: an update was lost in rounds {lost:?}");
}

/// How a resource takes a partial update.
trait AsyncUpdate: Copy {
    fn call(self, app: &TestApp, url: &str, body: Value) -> impl std::future::Future<Output = StatusCode>;
    fn read(self, app: &TestApp, url: &str) -> impl std::future::Future<Output = Value>;
}

#[derive(Clone, Copy)]
struct Post;
impl AsyncUpdate for Post {
    async fn call(self, app: &TestApp, url: &str, body: Value) -> StatusCode {
        app.post(url, &body).await.status()
    }
    async fn read(self, app: &TestApp, url: &str) -> Value {
        app.get_json(url).await.1
    }
}

/// Procore's `PATCH` with the body under `person`.
#[derive(Clone, Copy)]
struct PatchPerson;
impl AsyncUpdate for PatchPerson {
    async fn call(self, app: &TestApp, url: &str, body: Value) -> StatusCode {
        app.http
            .patch(url)
            .bearer_auth(&app.token)
            .header("Procore-Company-Id", app.company.procore_company_id)
            .json(&json!({ "person": body }))
            .send()
            .await
            .unwrap()
            .status()
    }
    /// From the project's list (`url` is `…/people/{id}`).
    async fn read(self, app: &TestApp, url: &str) -> Value {
        let (list, id) = url.rsplit_once('/').unwrap();
        let (_, people) = app.get_json(&format!("{list}?view=extended")).await;
        let people = people.as_array().unwrap().clone();
        people
            .into_iter()
            .find(|p| p["id"].as_i64() == id.parse().ok())
            .unwrap()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_updates_of_different_fields_both_survive() {
    let app = spawn_app().await;
    let group = app.group("Field").await;
    let person = app.person(&person_body(&group)).await;
    both_fields_survive(
        &app,
        &app.lc(&format!("/people/{person}")),
        ["zipcode", "city_town"],
        Post,
    )
    .await;
    both_fields_survive(
        &app,
        &app.lc(&format!("/groups/{group}")),
        ["zipcode", "city_town"],
        Post,
    )
    .await;

    let (_, tag) = app.post_json(&app.lc("/tags"), &json!({"name": "OSHA"})).await;
    let tag = app.lc(&format!("/tags/{}", tag["id"].as_str().unwrap()));
    both_fields_survive(&app, &tag, ["name", "color"], Post).await;

    let (_, title) = app.post_json(&app.lc("/job-titles"), &json!({"name": "Foreman"})).await;
    let title = app.lc(&format!("/job-titles/{}", title["id"].as_str().unwrap()));
    both_fields_survive(&app, &title, ["name", "color"], Post).await;

    let p = project(&app, "Tower").await;
    let url = format!("{}/rest/v1.0/projects/{p}/people", app.base);
    let (status, pp) = app
        .post_json(&url, &json!({"person": {"first_name": "Ann", "last_name": "Lee"}}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{pp}");
    let pp = format!("{url}/{}", pp["id"]);
    both_fields_survive(&app, &pp, ["first_name", "employee_id"], PatchPerson).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_update_racing_a_delete_never_brings_the_row_back() {
    let app = spawn_app().await;
    let group = app.group("Field").await;
    for round in 0..ROUNDS {
        // A tag (and a job title, and a person) updated while it is deleted: the update answers
        // 200 (it came first) or 404 (it came second), and the row stays deleted.
        let (_, tag) = app.post_json(&app.lc("/tags"), &json!({"name": "OSHA"})).await;
        let tag = app.lc(&format!("/tags/{}", tag["id"].as_str().unwrap()));
        let (_, title) = app.post_json(&app.lc("/job-titles"), &json!({"name": "Foreman"})).await;
        let title = app.lc(&format!("/job-titles/{}", title["id"].as_str().unwrap()));
        let person = app.lc(&format!("/people/{}", app.person(&person_body(&group)).await));
        let (red, zip) = (json!({"color": "red"}), json!({"zipcode": "66213"}));
        let (u1, d1, u2, d2, u3, d3) = tokio::join!(
            app.post(&tag, &red),
            app.delete(&tag),
            app.post(&title, &red),
            app.delete(&title),
            app.post(&person, &zip),
            app.delete(&person),
        );
        for (update, delete) in [(u1, d1), (u2, d2), (u3, d3)] {
            assert!(
                matches!(update.status(), StatusCode::OK | StatusCode::NOT_FOUND),
                "round {round}: {}",
                update.text().await.unwrap()
            );
            assert_eq!(delete.status(), StatusCode::OK, "round {round}");
        }
        for url in [&tag, &title, &person] {
            assert_eq!(
                app.get(url).await.status(),
                StatusCode::NOT_FOUND,
                "round {round}: {url} came back"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_concurrent_removals_never_leave_a_person_without_a_group() {
    let app = spawn_app().await;
    let (a, b) = (app.group("A").await, app.group("B").await);
    for round in 0..ROUNDS {
        let id = app.person(&with(person_body(&a), json!({"group_ids": [a, b]}))).await;
        let (ua, ub) = (
            app.lc(&format!("/people/{id}/groups/{a}")),
            app.lc(&format!("/people/{id}/groups/{b}")),
        );
        let (ra, rb) = tokio::join!(app.delete(&ua), app.delete(&ub));
        let mut statuses = [ra.status(), rb.status()];
        statuses.sort();
        assert_eq!(statuses, [StatusCode::OK, StatusCode::BAD_REQUEST], "round {round}");
        let (_, p) = app.get_json(&app.lc(&format!("/people/{id}"))).await;
        assert_eq!(p["group_ids"].as_array().unwrap().len(), 1, "round {round}: {p}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn of_concurrent_accepts_of_one_invitation_exactly_one_wins() {
    let app = spawn_app().await;
    let group = app.group("Field").await;
    for round in 0..ROUNDS {
        let email = format!("invitee{round}@example.com");
        let id = app.person(&with(person_body(&group), json!({"email": email}))).await;
        crate::logins::invite(&app, &id).await;
        let outbox = app.store.outbox().await.unwrap();
        let mail = outbox.iter().find(|m| m.email.recipient == email).unwrap();
        let token = crate::smtp::invitation_token(&mail.email.body);
        let accept = |n: usize| {
            app.http
                .post(format!("{}/v2/invitations/{token}/accept", app.base))
                .json(&json!({ "password": format!("Str0ng-Passw0rd-{n}") }))
                .send()
        };
        let answers = futures::future::join_all((0..4).map(accept)).await;
        let ok = answers
            .iter()
            .filter(|r| r.as_ref().unwrap().status() == StatusCode::OK)
            .count();
        assert_eq!(ok, 1, "round {round}: exactly one accept wins");
        for r in answers {
            let r = r.unwrap();
            assert!(
                matches!(r.status(), StatusCode::OK | StatusCode::BAD_REQUEST),
                "round {round}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_group_deleted_while_people_join_it_never_answers_a_5xx() {
    let app = spawn_app().await;
    let home = app.group("Home").await;
    let other = app.person(&person_body(&home)).await;
    for round in 0..ROUNDS {
        let group = app.group("Short-lived").await;
        let (people, new_person) = (app.lc("/people"), person_body(&group));
        let (join_url, join) = (app.lc(&format!("/people/{other}/groups")), json!({"group_id": group}));
        let group_url = app.lc(&format!("/groups/{group}"));
        let (created, joined, deleted) = tokio::join!(
            app.post(&people, &new_person),
            app.post(&join_url, &join),
            app.delete(&group_url),
        );
        let (created, joined, deleted) = (created.status(), joined.status(), deleted.status());
        for s in [created, joined, deleted] {
            assert!(!s.is_server_error(), "round {round}: {created} {joined} {deleted}");
        }
        // Either the group went first (the others refer to a group that is gone: 400) or it
        // stayed because someone joined first (409).
        let gone = app.get(&app.lc(&format!("/groups/{group}"))).await.status() == StatusCode::NOT_FOUND;
        assert_eq!(deleted == StatusCode::OK, gone, "round {round}");
        if gone {
            assert_ne!(
                created,
                StatusCode::OK,
                "round {round}: a person was created into a deleted group"
            );
            let (_, p) = app.get_json(&app.lc(&format!("/people/{other}"))).await;
            assert_eq!(p["group_ids"], json!([home]), "round {round}");
        } else {
            assert_eq!(deleted, StatusCode::CONFLICT, "round {round}");
            assert!(created == StatusCode::OK || joined == StatusCode::OK, "round {round}");
        }
        let _ = app.delete(&app.lc(&format!("/people/{other}/groups/{group}"))).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_tags_and_login_changes_of_one_person_all_land() {
    let app = spawn_app().await;
    let group = app.group("Field").await;
    let level = app.level(false).await;
    let mut tags = Vec::new();
    for name in ["OSHA", "First aid"] {
        let (_, tag) = app.post_json(&app.lc("/tags"), &json!({"name": name})).await;
        tags.push(tag["id"].as_str().unwrap().to_owned());
    }
    for round in 0..ROUNDS {
        let email = format!("crew{round}@example.com");
        let id = app.person(&with(person_body(&group), json!({"email": email}))).await;
        let (tags_url, user_url) = (
            app.lc(&format!("/people/{id}/tags")),
            app.lc(&format!("/people/{id}/user")),
        );
        let (a, b) = (json!({"tag_id": tags[0]}), json!({"tag_id": tags[1]}));
        // No password and no_invite: the login needs no hash, so the three race on the store alone.
        let enable = json!({"permission_level_id": level, "no_invite": true});
        let (ra, rb, rc) = tokio::join!(
            app.post(&tags_url, &a),
            app.post(&tags_url, &b),
            app.post(&user_url, &enable)
        );
        for r in [ra, rb, rc] {
            assert_eq!(r.status(), StatusCode::OK, "round {round}");
        }
        let (_, p) = app.get_json(&app.lc(&format!("/people/{id}"))).await;
        assert_eq!(p["tag_instances"].as_array().unwrap().len(), 2, "round {round}: {p}");
        assert_eq!(p["is_user"], true, "round {round}: {p}");
        // Revoke racing a tag removal: both land.
        let instance = p["tag_instances"][0]["id"].as_str().unwrap().to_owned();
        let remove = app.lc(&format!("/people/{id}/tags/{instance}"));
        let (rr, rt) = tokio::join!(app.delete(&user_url), app.delete(&remove));
        assert_eq!(
            (rr.status(), rt.status()),
            (StatusCode::OK, StatusCode::OK),
            "round {round}"
        );
        let (_, p) = app.get_json(&app.lc(&format!("/people/{id}"))).await;
        assert_eq!(
            (p["is_user"].clone(), p["tag_instances"].as_array().unwrap().len()),
            (json!(false), 1),
            "round {round}"
        );
    }
}
