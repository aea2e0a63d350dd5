//! Roster's HTTP service: the LaborChart v2 and Procore facade mounts over one implementation.
pub mod admin;
pub mod auth;
pub mod basic_auth;
pub mod bodies;
pub mod client_budget;
pub mod config;
pub mod error;
pub mod extract;
pub mod hashing;
pub mod listener;
pub mod mailer;
pub mod middleware;
pub mod openapi;
pub mod passwords;
pub mod rate_limiter;
pub mod routes;
pub mod state;
pub mod sweeper;
pub mod token_cache;
pub mod views;
pub mod web;

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
    let state = AppState::new(store.clone(), settings);
    state.limiter.spawn_flusher(store.clone());
    sweeper::spawn(store, state.settings.clone());
    routes::router(state.clone())
        .route(
            "/openapi.json",
            get(|| async { ([(header::CONTENT_TYPE, "application/json")], openapi::DOCUMENT_JSON) }),
        )
        // A browsable page over the document, served from the binary (no CDN, no internet).
        .route(
            "/docs",
            get(|| async { axum::response::Html(include_str!("docs.html")) }),
        )
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::rate_limit,
        ))
        .layer(axum::middleware::from_fn(middleware::request_deadline))
        .layer(DefaultBodyLimit::max(extract::MAX_BODY))
        .layer(TraceLayer::new_for_http().make_span_with(middleware::request_span))
        .with_state(state)
}

/// Serves until `shutdown` resolves, then lets in-flight requests finish.
pub async fn serve(
    listener: TcpListener,
    store: Arc<dyn Store>,
    settings: Settings,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let idle_timeout = settings.idle_timeout;
    listener::run(listener, app(store, settings), idle_timeout, shutdown).await
}
