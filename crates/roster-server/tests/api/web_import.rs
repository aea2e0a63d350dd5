//! The CSV import over HTTP: a preview that writes nothing and marks each row's problems, the
//! mapping of columns, then the import with its progress and report; rows matched by employee
//! number or email; a refused row leaves nothing; the matched person re-checked in the write;
//! admins of the company only.
use crate::helpers::{person_body, spawn_app, with, TestApp};
use crate::oauth_helpers::{signed_in, user, Browser};
use crate::web_pages::other_company_user;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::time::Duration;

async fn admin(app: &TestApp) -> (Browser, String) {
    user(app, "admin@example.com", true).await;
    signed_in(app, "admin@example.com").await
}

/// Starts an import of `csv` (with the mapping given, else the guessed one) and waits for its end:
/// (the import's page, its report's lines).
pub async fn import(b: &mut Browser, csrf: &str, csv: &str, mapping: &[(&str, &str)]) -> (String, Vec<String>) {
    let mut form = vec![("csrf_token", csrf), ("csv", csv)];
    form.extend_from_slice(mapping);
    let (status, location, html) = b.post_multipart("/people/import/start", &form).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{html}");
    let page = location.unwrap();
    for _ in 0..600 {
        let (status, _, html) = b.get(&page).await;
        assert_eq!(status, StatusCode::OK);
        if html.contains("id=\"import-done\"") {
            let (status, _, report) = b.get(&format!("{page}/report.csv")).await;
            assert_eq!(status, StatusCode::OK);
            return (page, report.lines().map(str::to_owned).collect());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the import did not end");
}

async fn people(app: &TestApp, query: &str) -> Vec<Value> {
    let (_, list) = app.get_json(&app.lc(&format!("/people?{query}"))).await;
    list.as_array().unwrap().clone()
}

#[tokio::test]
async fn a_preview_writes_nothing_then_the_import_creates_updates_and_refuses_with_a_report() {
    let app = spawn_app().await;
    let crew = app.group("Crew").await;
    let by_number = app
        .person(&with(
            person_body(&crew),
            json!({"first_name": "Ed", "employee_number": "E1"}),
        ))
        .await;
    let by_email = app
        .person(&with(
            person_body(&crew),
            json!({"first_name": "Bo", "email": "bo@example.com"}),
        ))
        .await;
    let (mut b, csrf) = admin(&app).await;
    let before = people(&app, "").await.len();
    let csv = "First name,Last name,Email,Employee number,Groups,Phone,Notes\r\n\
        Nia,New,nia@example.com,E9,crew,+1 213 555 0101,x\r\n\
        ,,,E1,,+1 213 555 0102,\r\n\
        ,,BO@example.com,,,+1 213 555 0103,\r\n\
        Pat,Bad,,E7,Crew,555-NOPE,\r\n\
        Una,Known,,E8,Nowhere,,\r\n";

    let (status, _, html) = b
        .post_multipart("/people/import/preview", &[("csrf_token", &csrf), ("file", csv)])
        .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(
        html.contains("5 rows: 1 new people, 2 updates, <strong>2 with problems</strong>"),
        "{html}"
    );
    assert!(html.contains("there is no group named &quot;Nowhere&quot;"), "{html}");
    assert!(
        html.contains("<option value=\"employee_number\" selected>"),
        "the header is mapped: {html}"
    );
    assert!(
        html.contains("<option value=\"ignore\" selected>"),
        "Notes is not imported: {html}"
    );
    assert_eq!(people(&app, "").await.len(), before, "a preview writes nothing");

    let (_, report) = import(&mut b, &csrf, csv, &[]).await;
    assert_eq!(report[0], "row,outcome,person_id,reason");
    let outcome = |line: usize| report[line - 1].split(',').nth(1).unwrap().to_owned();
    assert_eq!(
        (2..=6).map(outcome).collect::<Vec<_>>(),
        ["created", "updated", "updated", "refused", "refused"]
    );
    assert!(report[4].contains("phone"), "{}", report[4]);
    let nia = people(&app, "employee_number=E9").await;
    assert_eq!((nia.len(), nia[0]["email"].as_str()), (1, Some("nia@example.com")));
    assert_eq!(nia[0]["group_ids"], json!([crew]));
    assert!(report[1].contains(nia[0]["id"].as_str().unwrap()));
    let (_, ed) = app.get_json(&app.lc(&format!("/people/{by_number}"))).await;
    assert_eq!(
        (ed["name"]["first"].as_str(), ed["phone"].as_str()),
        (Some("Ed"), Some("+12135550102")),
        "empty cells keep values"
    );
    let (_, bo) = app.get_json(&app.lc(&format!("/people/{by_email}"))).await;
    assert_eq!(bo["phone"].as_str(), Some("+12135550103"));
    assert!(
        people(&app, "employee_number=E7").await.is_empty(),
        "a refused row writes nothing"
    );
    assert!(people(&app, "employee_number=E8").await.is_empty());
}

#[tokio::test]
async fn columns_are_mapped_on_the_preview_and_rows_about_one_person_go_in_file_order() {
    let app = spawn_app().await;
    let crew = app.group("Crew").await;
    let (mut b, csrf) = admin(&app).await;
    // Columns no header names: nothing to import by until they are mapped.
    let csv = "a,b,c,d\nAl,One,W1,Crew\nAl,Two,W1,\n";
    let form = [("csrf_token", csrf.as_str()), ("csv", csv)];
    let (status, _, html) = b.post_multipart("/people/import/start", &form).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("Map columns to first and last name"), "{html}");
    let twice = [("map.0", "first_name"), ("map.1", "first_name")];
    let (status, _, html) = b
        .post_multipart("/people/import/start", &[form.as_slice(), &twice].concat())
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("Two columns are mapped to first_name"), "{html}");
    let mapping = [
        ("map.0", "first_name"),
        ("map.1", "last_name"),
        ("map.2", "employee_number"),
        ("map.3", "groups"),
    ];
    let (_, report) = import(&mut b, &csrf, csv, &mapping).await;
    assert_eq!(report.len(), 3, "{report:?}");
    assert!(
        report[1].starts_with("2,created,") && report[2].starts_with("3,updated,"),
        "{report:?}"
    );
    let w1 = people(&app, "employee_number=W1").await;
    assert_eq!((w1.len(), w1[0]["name"]["last"].as_str()), (1, Some("Two")));
    assert_eq!(w1[0]["group_ids"], json!([crew]));
}

#[tokio::test]
async fn import_pages_are_for_the_companys_admins_with_the_browsers_token() {
    let app = spawn_app().await;
    app.group("Crew").await;
    let (mut b, csrf) = admin(&app).await;
    let csv = "first_name,last_name,groups\nAl,One,Crew\n";
    let (status, _, _) = b
        .post_multipart("/people/import/preview", &[("csrf_token", "forged"), ("file", csv)])
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, html) = b
        .post_multipart(
            "/people/import/preview",
            &[("csrf_token", &csrf), ("file", "a,b\n1,2,3\n")],
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("Row 2 has 3 cells"), "{html}");
    let (status, _, html) = b.post_form("/people/import/preview", &[("csrf_token", &csrf)]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{html}");
    let (page, _) = import(&mut b, &csrf, csv, &[]).await;

    // Another company's admin: no such import.
    let other = other_company_user(&app, "olga@example.com").await;
    let _ = other;
    let (mut theirs, _) = signed_in(&app, "olga@example.com").await;
    assert_eq!(theirs.get(&page).await.0, StatusCode::NOT_FOUND);
    assert_eq!(theirs.get(&format!("{page}/report.csv")).await.0, StatusCode::NOT_FOUND);
    // A person who is not an admin, and no one signed in.
    user(&app, "worker@example.com", false).await;
    let (mut worker, _) = signed_in(&app, "worker@example.com").await;
    assert_eq!(worker.get("/people/import").await.0, StatusCode::FORBIDDEN);
    assert_eq!(worker.get(&page).await.0, StatusCode::FORBIDDEN);
    assert_eq!(Browser::new(&app).get(&page).await.0, StatusCode::SEE_OTHER);
}

/// Each row's person is re-checked in its write: an import racing an API change of the people it
/// matched either updates a person who still has the employee number (and the API's change
/// comes after), or refuses the row; it never writes over the API's change.
#[tokio::test]
async fn an_import_racing_changes_of_the_people_it_matched_never_writes_over_them() {
    let app = spawn_app().await;
    let crew = app.group("Crew").await;
    let n = 150;
    let mut ids = Vec::new();
    for i in 0..n {
        let body = with(person_body(&crew), json!({"employee_number": format!("R{i}")}));
        ids.push(app.person(&body).await);
    }
    let (mut b, csrf) = admin(&app).await;
    let mut csv = String::from("employee_number,phone\n");
    for i in 0..n {
        csv.push_str(&format!("R{i},+1 213 555 {i:04}\n"));
    }
    let renames = async {
        for (i, id) in ids.iter().enumerate() {
            let (status, _) = app
                .post_json(
                    &app.lc(&format!("/people/{id}")),
                    &json!({"employee_number": format!("X{i}")}),
                )
                .await;
            assert_eq!(status, StatusCode::OK);
        }
    };
    let ((_, report), ()) = tokio::join!(import(&mut b, &csrf, &csv, &[]), renames);
    let (mut updated, mut refused) = (0, 0);
    for (i, id) in ids.iter().enumerate() {
        let line = &report[i + 1];
        let (_, p) = app.get_json(&app.lc(&format!("/people/{id}"))).await;
        assert_eq!(
            p["employee_number"],
            json!(format!("X{i}")),
            "the API's change stands: {line}"
        );
        if line.contains(",updated,") {
            updated += 1;
            assert_eq!(p["phone"], json!(format!("+1213555{i:04}")), "{line}");
        } else {
            refused += 1;
            assert!(line.contains(",refused,"), "{line}");
            assert!(p["phone"].is_null(), "{line}");
        }
    }
    assert_eq!(updated + refused, n);
}

/// Updates share a commit, each in its own savepoint: one refused by the store (an email another
/// active person has) writes nothing, and the rows around it are written.
#[tokio::test]
async fn an_update_the_store_refuses_leaves_the_others_of_its_commit_written() {
    let app = spawn_app().await;
    let crew = app.group("Crew").await;
    for (n, email) in [
        ("U1", "u1@example.com"),
        ("U2", "u2@example.com"),
        ("U3", "u3@example.com"),
    ] {
        app.person(&with(person_body(&crew), json!({"employee_number": n, "email": email})))
            .await;
    }
    let (mut b, csrf) = admin(&app).await;
    let csv =
        "employee_number,email,phone\nU1,,+1 213 555 0001\nU2,u3@example.com,+1 213 555 0002\nU3,,+1 213 555 0003\n";
    let (_, report) = import(&mut b, &csrf, csv, &[]).await;
    assert!(
        report[1].starts_with("2,updated,") && report[3].starts_with("4,updated,"),
        "{report:?}"
    );
    assert!(report[2].starts_with("3,refused,"), "{report:?}");
    let phone = |n: &'static str| {
        let app = &app;
        async move { people(app, &format!("employee_number={n}")).await[0]["phone"].clone() }
    };
    assert_eq!(phone("U1").await, json!("+12135550001"));
    assert_eq!(phone("U2").await, json!(null), "the refused row wrote nothing");
    assert_eq!(phone("U3").await, json!("+12135550003"));
    assert_eq!(
        people(&app, "employee_number=U2").await[0]["email"],
        json!("u2@example.com")
    );
}
