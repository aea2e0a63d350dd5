//! Prometheus metrics through the `metrics` facade and `metrics-exporter-prometheus`: recorded
//! where things happen (the access log, the store's group commit, the outbox, the rate limits,
//! sign-ins), gauges read at scrape time (the store's connections and outbox, the password-hash
//! queue). Served at `GET /metrics` on the public port, or only on `metrics_bind` when it is set.
use crate::state::AppState;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::sync::OnceLock;

/// Seconds: request latencies, commits, deliveries.
const SECONDS: &[f64] = &[
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0,
];
/// People per group commit.
const BATCH: &[f64] = &[1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0];

/// The process's recorder, installed on first use (one per process: tests start many apps).
pub fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let builder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), SECONDS)
            .and_then(|b| b.set_buckets_for_metric(Matcher::Full("roster_create_batch_size".into()), BATCH));
        match builder.and_then(PrometheusBuilder::install_recorder) {
            Ok(handle) => handle,
            // Another recorder is installed (not Roster's doing): scrape an empty one.
            Err(e) => {
                tracing::warn!(error = %e, "metrics: no recorder installed");
                PrometheusBuilder::new().build_recorder().handle()
            }
        }
    })
}

/// `GET /metrics`: the Prometheus text format.
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses((status = 200, content_type = "text/plain", body = String,
        description = "Prometheus text format; on `metrics_bind` instead when it is set")))]
pub async fn scrape(State(state): State<AppState>) -> impl IntoResponse {
    let h = handle();
    metrics::gauge!("roster_password_hash_queue").set(state.passwords.queued() as f64);
    let (writer, readers) = state.store.connections();
    for (pool, (size, idle)) in [("write", writer), ("read", readers)] {
        metrics::gauge!("roster_store_connections", "pool" => pool, "state" => "open").set(f64::from(size));
        metrics::gauge!("roster_store_connections", "pool" => pool, "state" => "idle").set(idle as f64);
    }
    match state.store.outbox_counts().await {
        Ok((pending, failed)) => {
            metrics::gauge!("roster_outbox_emails", "state" => "pending").set(pending as f64);
            metrics::gauge!("roster_outbox_emails", "state" => "failed").set(failed as f64);
        }
        Err(e) => tracing::warn!(error = %e, "metrics: cannot count the outbox"),
    }
    h.run_upkeep();
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")],
        h.render(),
    )
}

/// A request answered: counted by route template, method and status class; timed by route.
pub fn request(route: &str, method: &str, status: u16, seconds: f64) {
    let class = match status {
        100..=199 => "1xx",
        200..=299 => "2xx",
        300..=399 => "3xx",
        400..=499 => "4xx",
        _ => "5xx",
    };
    let (route, method) = (route.to_owned(), method.to_owned());
    metrics::counter!("roster_http_requests_total", "route" => route.clone(), "method" => method.clone(), "status" => class)
        .increment(1);
    metrics::histogram!("roster_http_request_duration_seconds", "route" => route, "method" => method).record(seconds);
}
