//! The stylesheet and the vendored script, compiled into the binary, served with long caching
//! (their paths change with their content: the htmx version, the stylesheet's digest).
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};

const CSS: &str = include_str!("../../assets/app.css");
const HTMX: &str = include_str!("../../assets/vendor/htmx-2.0.4.min.js");

pub const CSS_PATH: &str = "/assets/app.css";
pub const HTMX_PATH: &str = "/assets/htmx-2.0.4.min.js";

fn asset(body: &'static str, content_type: &'static str, cache: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
            (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        ],
        body,
    )
        .into_response()
}

pub async fn css() -> Response {
    // Revalidated: the path does not change with the content.
    asset(CSS, "text/css; charset=utf-8", "no-cache")
}

pub async fn htmx() -> Response {
    asset(
        HTMX,
        "text/javascript; charset=utf-8",
        "public, max-age=31536000, immutable",
    )
}
