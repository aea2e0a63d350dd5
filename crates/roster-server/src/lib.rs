//! Roster's HTTP service: the LaborChart v2 and Procore facade mounts over one implementation.
pub mod admin;
pub mod auth;
pub mod client_budget;
pub mod config;
pub mod error;
pub mod extract;
pub mod hashing;
pub mod listener;
pub mod mailer;
pub mod openapi;
pub mod rate_limit;
pub mod routes;
pub mod state;
pub mod sweeper;
pub mod token_cache;
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
    let state = AppState::new(store.clone(), settings);
    state.limiter.spawn_flusher(store.clone());
    sweeper::spawn(store, state.settings.clone());
    routes::router(state.clone())
        .route(
            "/openapi.json",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "application/json")],
                    openapi::DOCUMENT_JSON.as_str(),
                )
            }),
        )
        // A browsable page over the document, served from the binary (no CDN, no internet).
        .route(
            "/docs",
            get(|| async { axum::response::Html(include_str!("docs.html")) }),
        )
        .layer(axum::middleware::from_fn_with_state(state.clone(), rate_limit::limit))
        .layer(axum::middleware::from_fn(request_deadline))
        .layer(DefaultBodyLimit::max(extract::MAX_BODY))
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .with_state(state)
}

/// A request (body included) gets this long; a slow or stalled client gets a 408, not a held task.
pub const REQUEST_DEADLINE: std::time::Duration = std::time::Duration::from_secs(30);

async fn request_deadline(req: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    use axum::response::IntoResponse;
    match tokio::time::timeout(REQUEST_DEADLINE, next.run(req)).await {
        Ok(res) => res,
        Err(_) => error::ApiError::new(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            "RequestTimeoutError",
            "requestTimeout",
            "The request took longer than 30 seconds",
        )
        .into_response(),
    }
}

/// Request spans name the route template, never the URI: paths can carry invitation tokens.
fn request_span(req: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    let route = req
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    tracing::info_span!("request", method = %req.method(), route = %route)
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
