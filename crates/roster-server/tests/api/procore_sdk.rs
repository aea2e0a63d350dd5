//! Procore's official JavaScript SDK against Roster, base URL changed and nothing else.
use crate::helpers::spawn_app;
use serde_json::{json, Value};
use std::path::PathBuf;

fn node_modules() -> PathBuf {
    let path = std::env::var_os("ROSTER_TEST_NODE_MODULES")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../target/js-sdk/node_modules")));
    assert!(
        path.join("@procore/js-sdk").exists(),
        "no @procore/js-sdk at {}: run `scripts/test` (it installs it)",
        path.display()
    );
    path
}

#[tokio::test]
#[ignore = "needs Node.js and Procore's SDK (ROSTER_TEST_NODE_MODULES): scripts/test runs it"]
async fn the_official_javascript_sdk_works_unchanged() {
    let app = spawn_app().await;
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/js/procore_sdk.js");
    let company = app.company.procore_company_id.to_string();
    let args = [
        app.base.as_str(),
        company.as_str(),
        app.company.client_id.as_str(),
        app.company.client_secret.as_str(),
    ];
    let seen = crate::helpers::run_node(script, &args, node_modules()).await;
    assert_eq!(seen["project"]["name"], "SDK Tower");
    assert_eq!(seen["created"]["work_classification"]["name"], "Journeyman");
    assert_eq!(seen["created"]["origin_id"], "sdk-1");
    assert_eq!(
        (seen["total"].clone(), seen["perPage"].clone()),
        (json!("1"), json!("10"))
    );
    assert_eq!(seen["list"][0]["last_name"], "Lee");
    assert_eq!(seen["list"][0]["reference_user"], true, "the web view");
    assert_eq!(seen["updated"]["is_employee"], true);
    assert_eq!(seen["conflict"]["status"], 409);
    assert_eq!(
        seen["conflict"]["body"]["errors"]["origin_id"],
        json!(["has already been taken"])
    );
}

async fn node(args: &[&str]) -> Value {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/js/procore_sdk_oauth.js");
    crate::helpers::run_node(script, args, node_modules()).await
}

#[tokio::test]
#[ignore = "needs Node.js and Procore's SDK (ROSTER_TEST_NODE_MODULES): scripts/test runs it"]
async fn the_official_javascript_sdk_signs_in_refreshes_and_revokes() {
    use crate::oauth_helpers::{approve, register, user, Browser};
    let app = spawn_app().await;
    let uri = "https://integration.example/callback";
    let client = register(&app, &[uri]).await;
    let anna = user(&app, "anna@example.com", true).await;
    // The SDK's sign-in URL, driven as a browser drives it.
    let url = node(&["url", &app.base, &client.client_id, uri]).await["url"]
        .as_str()
        .unwrap()
        .to_owned();
    let query: Vec<(String, String)> = serde_urlencoded::from_str(url.split_once('?').unwrap().1).unwrap();
    let mut browser = Browser::new(&app);
    let location = approve(&mut browser, &query, "anna@example.com").await.1.unwrap();
    let back: std::collections::BTreeMap<String, String> =
        serde_urlencoded::from_str(location.split_once('?').unwrap().1).unwrap();
    let company = app.company.procore_company_id.to_string();
    let seen = node(&[
        "flow",
        &app.base,
        &company,
        &client.client_id,
        &client.client_secret,
        uri,
        &back["code"],
    ])
    .await;
    assert_eq!(seen["first"], json!({"token_type": "bearer", "has_refresh": true}));
    let me = json!({"id": anna, "login": "anna@example.com", "name": "Anna Richardson"});
    assert_eq!((seen["me_first"].clone(), seen["me_second"].clone()), (me.clone(), me));
    assert_eq!(seen["companies"][0]["id"], app.company.procore_company_id);
    assert_eq!(seen["second"]["different"], true);
    assert_eq!(seen["info"]["resource_owner_id"], anna);
    assert_eq!(seen["reused"]["error"], "invalid_grant", "a used refresh token");
    assert_eq!(seen["revoked"], json!({}));
    assert_eq!(seen["after_revoke"], 401);
}
