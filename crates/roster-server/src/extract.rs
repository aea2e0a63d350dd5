//! Extractors whose rejections are our JSON errors, never axum's plain text.
use crate::error::ApiError;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use roster_core::oauth::is_json;
use roster_core::IdRef;
use serde_json::Value;
use std::collections::HashMap;

/// Request bodies may be at most this large.
pub const MAX_BODY: usize = 1024 * 1024;

/// A JSON request body: `Content-Type: application/json` and well-formed JSON, else a 400.
pub struct JsonBody(pub Value);

pub fn body_rejection(e: BytesRejection) -> ApiError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "PayloadTooLargeError",
            "bodyTooLarge",
            "The request body must be at most 1 MiB",
        )
    } else {
        ApiError::bad_request("unreadableBody", "The request body could not be read")
    }
}

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let ct = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
        if !is_json(ct) {
            return Err(ApiError::bad_request(
                "invalidContentType",
                "The request body must be JSON, sent with `Content-Type: application/json`",
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(body_rejection)?;
        serde_json::from_slice(&bytes)
            .map(Self)
            .map_err(|e| ApiError::bad_request("malformedJson", format!("The request body is not valid JSON: {e}")))
    }
}

/// Query parameters as strings; typed parsing (and its 400s) happens per route.
pub struct Query(pub HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for Query {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let q = parts.uri.query().unwrap_or_default();
        serde_urlencoded::from_str(q)
            .map(Self)
            .map_err(|_| ApiError::bad_request("malformedQuery", "The query string could not be read"))
    }
}

impl Query {
    pub fn get(&self, k: &str) -> Option<&str> {
        self.0.get(k).map(String::as_str)
    }

    /// A non-negative integer parameter.
    pub fn number(&self, k: &str, max: u32) -> Result<Option<u32>, ApiError> {
        self.get(k)
            .map(|v| {
                v.parse::<u32>().ok().filter(|n| *n <= max).ok_or_else(|| {
                    ApiError::bad_request(
                        "invalidQueryParameter",
                        format!("`{k}` must be an integer from 0 to {max}"),
                    )
                })
            })
            .transpose()
    }
}

/// The path's ids by name (`person_id`, `group_id`...), whatever the mount.
pub struct PathIds(pub HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for PathIds {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let raw = axum::extract::RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError::not_found("resource"))?;
        Ok(Self(raw.iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect()))
    }
}

impl PathIds {
    fn raw(&self, k: &str) -> &str {
        self.0.get(k).map(String::as_str).unwrap_or_default()
    }

    /// A UUID id; anything else cannot name a record, so it is a 404 for `what`.
    pub fn uuid<T: std::str::FromStr>(&self, k: &str, what: &str) -> Result<T, ApiError> {
        self.raw(k).parse().map_err(|_| ApiError::not_found(what))
    }

    /// An id given as a UUID or a Procore integer.
    pub fn id_ref(&self, k: &str, what: &str) -> Result<IdRef, ApiError> {
        IdRef::parse(self.raw(k)).ok_or_else(|| ApiError::not_found(what))
    }
}
