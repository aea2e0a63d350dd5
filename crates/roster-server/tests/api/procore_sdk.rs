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
    let out = tokio::process::Command::new("node")
        .arg(script)
        .args([
            &app.base,
            &app.company.procore_company_id.to_string(),
            &app.company.client_id,
            &app.company.client_secret,
        ])
        .env("NODE_PATH", node_modules())
        .output()
        .await
        .expect("node runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let seen: Value = serde_json::from_slice(&out.stdout).unwrap();
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
