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
pub mod logging;
pub mod mailer;
pub mod metrics;
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

/// The whole application, ready to serve, `/metrics` included.
pub fn app(store: Arc<dyn Store>, settings: Settings) -> Router {
    let (public, metrics) = apps(store, settings);
    public.merge(metrics)
}

/// The application without `/metrics`, and `/metrics` alone (for `metrics_bind`), sharing one
/// state.
pub fn apps(store: Arc<dyn Store>, settings: Settings) -> (Router, Router) {
    // Installed before the first request: what is recorded before a recorder exists is lost.
    metrics::handle();
    let state = AppState::new(store.clone(), settings);
    state.limiter.spawn_flusher(store.clone());
    sweeper::spawn(store, state.settings.clone());
    let metrics = Router::new()
        .route("/metrics", get(metrics::scrape))
        .layer(axum::middleware::from_fn(middleware::access_log))
        .with_state(state.clone());
    let public = routes::router(state.clone())
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
        .layer(axum::middleware::from_fn(middleware::access_log))
        .with_state(state);
    (public, metrics)
}

/// Serves until `shutdown` resolves, then lets in-flight requests finish; `/metrics` on
/// `metrics_listener` when there is one, else on `listener` with the rest.
pub async fn serve(
    listener: TcpListener,
    metrics_listener: Option<TcpListener>,
    store: Arc<dyn Store>,
    settings: Settings,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let idle_timeout = settings.idle_timeout;
    let (public, metrics) = apps(store, settings);
    let Some(metrics_listener) = metrics_listener else {
        return listener::run(listener, public.merge(metrics), idle_timeout, shutdown).await;
    };
    let stop = Arc::new(tokio::sync::Notify::new());
    let stopped = stop.clone();
    let apart = tokio::spawn(listener::run(metrics_listener, metrics, idle_timeout, async move {
        stopped.notified().await
    }));
    let served = listener::run(listener, public, idle_timeout, shutdown).await;
    stop.notify_one();
    let _ = apart.await;
    served
}
