//! What a load balancer and an operator ask of the process: is it alive, can it serve (its store
//! answers within a deadline), and which build it is. No authentication and no rate limit; the
//! access log writes the probes at debug level only (middleware::access_log).
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use std::time::Duration;
use utoipa::ToSchema;

/// How long the store gets to answer the readiness probe.
pub const READY_DEADLINE: Duration = Duration::from_secs(2);

/// The release and the git commit it was built from (build.rs; `unknown` outside a git checkout).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
pub const COMMIT: &str = env!("ROSTER_GIT_COMMIT");
/// `roster --version`: the release, then the commit.
pub const LONG_VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (commit ", env!("ROSTER_GIT_COMMIT"), ")");

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/health/live", get(live))
        .route("/health/ready", get(ready))
        .route("/version", get(version))
}

/// A probe's answer: `ok`, or `unavailable` with the reason.
#[derive(Debug, Serialize, ToSchema)]
pub struct HealthView {
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The process answers.
#[utoipa::path(get, path = "/health/live", tag = "operations",
    responses((status = 200, body = HealthView, description = "The process answers")))]
pub async fn live() -> Json<HealthView> {
    Json(HealthView {
        status: "ok",
        reason: None,
    })
}

/// The process can serve: its store answers a query (on SQLite, through the writer) within 2 s.
#[utoipa::path(get, path = "/health/ready", tag = "operations",
    responses((status = 200, body = HealthView, description = "Ready"),
        (status = 503, body = HealthView, description = "The store does not answer: PostgreSQL down, the disk full or unreadable")))]
pub async fn ready(State(state): State<AppState>) -> (StatusCode, Json<HealthView>) {
    let reason = match tokio::time::timeout(READY_DEADLINE, state.store.ready()).await {
        Ok(Ok(())) => {
            let ok = HealthView {
                status: "ok",
                reason: None,
            };
            return (StatusCode::OK, Json(ok));
        }
        Ok(Err(e)) => format!("the store: {e}"),
        Err(_) => format!("the store did not answer within {} s", READY_DEADLINE.as_secs()),
    };
    tracing::warn!(%reason, "not ready");
    let view = HealthView {
        status: "unavailable",
        reason: Some(reason),
    };
    (StatusCode::SERVICE_UNAVAILABLE, Json(view))
}

/// The build.
#[derive(Debug, Serialize, ToSchema)]
pub struct VersionView {
    pub version: &'static str,
    pub commit: &'static str,
}

/// The version and the git commit this build was made from.
#[utoipa::path(get, path = "/version", tag = "operations", responses((status = 200, body = VersionView)))]
pub async fn version() -> Json<VersionView> {
    Json(VersionView {
        version: VERSION,
        commit: COMMIT,
    })
}
