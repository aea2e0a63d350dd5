//! Roster's HTTP service: the LaborChart v2 and Procore facade mounts over one implementation.
pub mod admin;
pub mod auth;
pub mod config;
pub mod error;
pub mod extract;
pub mod mailer;
pub mod openapi;
pub mod routes;
pub mod state;
pub mod views;

use axum::extract::DefaultBodyLimit;
use axum::http::header;
use axum::routing::get;
use axum::Router;
use roster_core::Store;
use state::{AppState, Settings};
use std::future::Future;
use std::sync::Arc;
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;

/// The whole application, ready to serve.
pub fn app(store: Arc<dyn Store>, settings: Settings) -> Router {
    routes::router()
        .route(
            "/openapi.json",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "application/json")],
                    openapi::DOCUMENT_JSON.as_str(),
                )
            }),
        )
        .layer(DefaultBodyLimit::max(extract::MAX_BODY))
        .layer(TraceLayer::new_for_http())
        .with_state(AppState::new(store, settings))
}

/// Serves until `shutdown` resolves, then lets in-flight requests finish.
pub async fn serve(
    listener: TcpListener,
    store: Arc<dyn Store>,
    settings: Settings,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app(store, settings))
        .with_graceful_shutdown(shutdown)
        .await
}
