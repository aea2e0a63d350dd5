//! What runs around the routes: the rate limit per access token, the budget of anonymous password
//! attempts per address, the request deadline and the request's log span.
use crate::auth::CheckedToken;
use crate::error::ApiError;
use crate::rate_limiter::Decision;
use crate::state::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;

fn set_headers(headers: &mut HeaderMap, d: &Decision) {
    for (name, value) in [
        ("x-rate-limit-limit", d.limit),
        ("x-rate-limit-remaining", d.remaining),
        ("x-rate-limit-reset", d.reset),
    ] {
        headers.insert(name, HeaderValue::from(value));
    }
}

/// Counts requests whose bearer token is a valid access token. The token is checked first (and the
/// answer handed to the route): a made-up token is not counted, so it costs no store write and
/// no memory here; the route answers it 401.
pub async fn rate_limit(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let token = crate::auth::bearer_token(req.headers());
    let (Some(token), true) = (token, state.limiter.enabled()) else {
        return next.run(req).await;
    };
    let (digest, owner) = match crate::auth::token_owner(&state, token).await {
        Ok(Some(found)) => found,
        Ok(None) => {
            req.extensions_mut().insert(CheckedToken(None));
            return next.run(req).await;
        }
        Err(e) => return e.into_response(),
    };
    req.extensions_mut().insert(CheckedToken(Some(owner)));
    let now = roster_core::dates::now_millis() / 1000;
    if state.limiter.unknown(&digest, now) {
        state.limiter.learn(state.store.as_ref(), &digest, now).await;
    }
    let decision = state.limiter.check(&digest, now);
    if !decision.allowed {
        metrics::counter!("roster_rate_limit_refusals_total", "limit" => "token").increment(1);
        let mut res = ApiError::too_many_requests(
            "rateLimitExceeded",
            format!(
                "This token made {} requests this hour; the limit resets at {}",
                decision.limit, decision.reset
            ),
            decision.reset - now,
        );
        set_headers(res.headers_mut(), &decision);
        return res;
    }
    let mut res = next.run(req).await;
    set_headers(res.headers_mut(), &decision);
    res
}

/// The budget of anonymous password attempts (client_budget.rs), for the routes that check or set
/// a password without a token.
pub async fn client_budget(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let Some(ConnectInfo(addr)) = req.extensions().get::<ConnectInfo<SocketAddr>>().copied() else {
        return next.run(req).await;
    };
    let now = roster_core::dates::now_millis() / 1000;
    match state.anonymous.take(addr.ip(), now) {
        Ok(()) => next.run(req).await,
        Err(wait) => {
            metrics::counter!("roster_rate_limit_refusals_total", "limit" => "anonymous").increment(1);
            tokio::time::sleep(crate::client_budget::REFUSAL_DELAY).await;
            ApiError::too_many_requests(
                "clientThrottled",
                "Too many password attempts from this address: wait before trying again",
                wait,
            )
        }
    }
}

/// A request (body included) gets this long; a slow or stalled client gets a 408, not a held task.
pub const REQUEST_DEADLINE: std::time::Duration = std::time::Duration::from_secs(30);

pub async fn request_deadline(req: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    use axum::response::IntoResponse;
    match tokio::time::timeout(REQUEST_DEADLINE, next.run(req)).await {
        Ok(res) => res,
        Err(_) => ApiError::new(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            "RequestTimeoutError",
            "requestTimeout",
            "The request took longer than 30 seconds",
        )
        .into_response(),
    }
}

/// One log line per request, and its metrics: its id (the client's `X-Request-Id` when it sends a
/// usable one, else a new one; returned in the answer), method, route template (never the URI:
/// paths can carry invitation tokens), status and duration. Everything logged while it runs
/// carries the id, method and route (its span). Health probes log at debug only.
pub async fn access_log(mut req: axum::extract::Request, next: Next) -> Response {
    let id = request_id(req.headers());
    let route = req
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map_or("(none)", |p| p.as_str())
        .to_owned();
    let method = req.method().as_str().to_owned();
    req.extensions_mut().insert(RequestId(id.clone()));
    let span = tracing::info_span!("request", id = %id, method = %method, route = %route);
    let start = std::time::Instant::now();
    let mut res = tracing::Instrument::instrument(next.run(req), span.clone()).await;
    let elapsed = start.elapsed();
    let status = res.status().as_u16();
    let ms = (elapsed.as_secs_f64() * 1000.0 * 100.0).round() / 100.0;
    span.in_scope(|| {
        if route.starts_with("/health/") {
            tracing::debug!(status, duration_ms = ms, "answered");
        } else {
            tracing::info!(status, duration_ms = ms, "answered");
        }
    });
    crate::metrics::request(&route, &method, status, elapsed.as_secs_f64());
    if let Ok(value) = HeaderValue::from_str(&id) {
        res.headers_mut().insert("x-request-id", value);
    }
    res
}

/// The request's id, for handlers that log or answer it.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// The client's id when it is 1 to 128 letters, digits, `-`, `_`, `.` or `:` (nothing that could
/// forge a log line); a new UUID otherwise.
fn request_id(headers: &HeaderMap) -> String {
    headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            (1..=128).contains(&v.len())
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
        })
        .map_or_else(|| uuid::Uuid::new_v4().to_string(), str::to_owned)
}
