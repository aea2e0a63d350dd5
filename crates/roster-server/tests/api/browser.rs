//! The web app in a real browser: headless Chromium (Debian's `chromium`) driven by
//! `playwright-core` (npm) through the main journeys; screenshots under `target/screenshots/`.
use crate::helpers::spawn_app;
use crate::oauth_helpers::user;
use serde_json::Value;
use std::path::PathBuf;

fn browser_modules() -> PathBuf {
    let path = std::env::var_os("ROSTER_TEST_BROWSER_MODULES")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../target/browser/node_modules"
            ))
        });
    assert!(
        path.join("playwright-core").exists(),
        "no playwright-core at {}: run `scripts/test` (it installs it, and Debian's chromium)",
        path.display()
    );
    path
}

#[tokio::test]
#[ignore = "needs Chromium and playwright-core (ROSTER_TEST_BROWSER_MODULES): scripts/test runs it"]
async fn the_main_journeys_in_a_real_browser() {
    let app = spawn_app().await;
    app.group("Field Crew").await;
    user(&app, "admin@example.com", true).await;
    user(&app, "field@example.com", false).await;
    let shots = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../target/screenshots"));
    std::fs::create_dir_all(&shots).unwrap();
    let seen = journey(&[
        "main",
        app.base.as_str(),
        "admin@example.com",
        "field@example.com",
        "Sup3rSecret",
        "Field Crew",
        shots.to_str().unwrap(),
    ])
    .await;
    assert!(seen["afterSignIn"].as_str().unwrap().ends_with("/people"), "{seen}");
    assert!(seen["groupError"].as_str().unwrap().contains("group_ids"), "{seen}");
    assert!(seen["personPage"].as_str().unwrap().contains("/people/"), "{seen}");
    assert!(seen["phoneError"].as_str().unwrap().contains("phone"), "{seen}");
    assert_eq!(seen["phoneInvalid"], "true");
    let rows = seen["searchRows"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{seen}");
    assert!(rows[0].as_str().unwrap().contains("Maria Lopez"));
    assert!(
        seen["searchUrl"].as_str().unwrap().contains("q=lopez"),
        "the search is in the address"
    );
    assert_eq!(seen["fullLoadsWhileTyping"], 0, "htmx swapped the list in place");
    assert_eq!(seen["signedOut"], true);
    assert_eq!(seen["nonAdminPeopleStatus"], 403);
    assert_eq!(
        seen["consoleErrors"],
        serde_json::json!([]),
        "no CSP violation or script error"
    );
    for name in [
        "01-sign-in",
        "02-people",
        "03-person",
        "04-bad-phone",
        "05-search",
        "06-profile",
        "07-not-admin",
    ] {
        assert!(shots.join(format!("{name}.png")).exists(), "{name}");
    }
}

async fn journey(args: &[&str]) -> Value {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/browser/journeys.js");
    crate::helpers::run_node(script, args, browser_modules()).await
}

#[tokio::test]
#[ignore = "needs Chromium, playwright-core (ROSTER_TEST_BROWSER_MODULES) and aiosmtpd: scripts/test runs it"]
async fn an_invitation_sent_from_the_pages_arrives_and_its_link_sets_the_password() {
    let smtp = crate::smtp::SmtpServer::start();
    let app = crate::helpers::spawn_app_with(crate::helpers::Options {
        smtp_url: Some(smtp.url()),
        ..Default::default()
    })
    .await;
    user(&app, "admin@example.com", true).await;
    let shots = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../target/screenshots"));
    std::fs::create_dir_all(&shots).unwrap();
    let dir = shots.to_str().unwrap();
    let seen = journey(&["invite", &app.base, "admin@example.com", "Sup3rSecret", dir]).await;
    assert_eq!(seen["invited"], true, "{seen}");
    assert_eq!(seen["errors"], serde_json::json!([]));
    let (_, people) = app.get_json(&app.lc("/people?email=maria@example.com")).await;
    let maria = &people.as_array().unwrap()[0];
    assert_eq!(maria["tag_instances"].as_array().unwrap().len(), 1, "{maria}");
    let messages = smtp.wait_for(1).await;
    let link = format!(
        "{}/invitations/{}",
        app.base,
        crate::smtp::invitation_token(&messages[0])
    );
    let seen = journey(&["accept", &app.base, &link, "maria@example.com", "Fresh-Passw0rd", dir]).await;
    assert!(
        seen["profile"].as_str().unwrap().contains("maria@example.com"),
        "{seen}"
    );
    assert_eq!(seen["errors"], serde_json::json!([]));
    for name in ["08-tag", "09-invited", "10-password-set", "11-signed-in"] {
        assert!(shots.join(format!("{name}.png")).exists(), "{name}");
    }
}

#[tokio::test]
#[ignore = "needs Chromium and playwright-core (ROSTER_TEST_BROWSER_MODULES): scripts/test runs it"]
async fn a_csv_import_with_a_bad_row_and_an_export_in_a_real_browser() {
    let app = spawn_app().await;
    app.group("Field Crew").await;
    user(&app, "admin@example.com", true).await;
    let shots = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../target/screenshots"));
    std::fs::create_dir_all(&shots).unwrap();
    let seen = journey(&[
        "import",
        &app.base,
        "admin@example.com",
        "Sup3rSecret",
        shots.to_str().unwrap(),
    ])
    .await;
    let summary = seen["previewSummary"].as_str().unwrap();
    assert!(
        summary.contains("301 rows: 300 new people, 0 updates, 1 with problems"),
        "{seen}"
    );
    assert!(seen["previewProblem"].as_str().unwrap().contains("email"), "{seen}");
    assert_eq!(seen["progressShown"], true);
    assert!(
        seen["done"]
            .as_str()
            .unwrap()
            .contains("300 created, 0 updated, 1 refused"),
        "{seen}"
    );
    let report: Vec<&str> = seen["report"].as_str().unwrap().lines().collect();
    assert_eq!(report.len(), 302, "a line for every row");
    assert!(
        report[301].starts_with("302,refused,,") && report[301].contains("email"),
        "{}",
        report[301]
    );
    let (_, bad) = app.get_json(&app.lc("/people?employee_number=IMP-BAD")).await;
    assert_eq!(bad, serde_json::json!([]), "the refused row wrote nothing");
    // The export is the list as filtered: worker29 and worker290–299.
    let exported: Vec<&str> = seen["exported"].as_str().unwrap().lines().collect();
    assert_eq!(exported.len(), 12, "{}", exported.len());
    assert!(exported[0].starts_with("id,procore_person_id,first_name"));
    assert!(
        exported.iter().skip(1).all(|l| l.contains("Worker29")),
        "{}",
        exported[1]
    );
    assert_eq!(
        seen["errors"],
        serde_json::json!([]),
        "no CSP violation or script error"
    );
    for name in ["12-import-preview", "13-import-done", "14-export"] {
        assert!(shots.join(format!("{name}.png")).exists(), "{name}");
    }
}
