//! One error type for every route. Bodies follow the seed's 409 shape:
//! `{"code": "<Kind>Error", "message": {"detailCode": "...", "details": "..."}}`.
//! 500s and 503s log their cause and say nothing about it.
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use roster_core::{Invalid, StoreError};
use serde_json::json;
use std::borrow::Cow;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    /// The request field at fault, when there is one (Procore routes put it in `errors`).
    pub field: Option<String>,
    pub code: &'static str,
    pub detail_code: Cow<'static, str>,
    pub details: Cow<'static, str>,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(
        status: StatusCode,
        code: &'static str,
        detail_code: impl Into<Cow<'static, str>>,
        details: impl Into<Cow<'static, str>>,
    ) -> Self {
        Self {
            status,
            field: None,
            code,
            detail_code: detail_code.into(),
            details: details.into(),
        }
    }
    pub fn bad_request(detail_code: &'static str, details: impl Into<Cow<'static, str>>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "ValidationError", detail_code, details)
    }
    pub fn unauthorized(detail_code: &'static str, details: &'static str) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "UnauthorizedError", detail_code, details)
    }
    pub fn forbidden(detail_code: &'static str, details: &'static str) -> Self {
        Self::new(StatusCode::FORBIDDEN, "ForbiddenError", detail_code, details)
    }
    pub fn not_found(what: &str) -> Self {
        let mut code = String::new();
        for (i, word) in what.split(' ').enumerate() {
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                if i == 0 {
                    code.push(first);
                } else {
                    code.extend(first.to_uppercase());
                }
                code.push_str(chars.as_str());
            }
        }
        code.push_str("NotFound");
        let mut sentence = what.to_owned();
        if let Some(first) = sentence.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        Self::new(
            StatusCode::NOT_FOUND,
            "NotFoundError",
            code,
            format!("{sentence} not found"),
        )
    }
    /// The seed's 409, byte for byte.
    pub fn person_conflict() -> Self {
        Self::new(
            StatusCode::CONFLICT,
            "ConflictError",
            "personEmailOrPhoneConflict",
            "An already existing email or phone was found",
        )
    }
    pub fn unavailable() -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "ServiceUnavailableError",
            "storeUnavailable",
            "The database cannot take this request right now (unreachable, full or read-only); try again shortly",
        )
    }
    /// A 429 in the shared body shape, with `Retry-After` (at least 1 s).
    pub fn too_many_requests(
        detail_code: &'static str,
        details: impl Into<Cow<'static, str>>,
        retry_after_secs: i64,
    ) -> Response {
        let mut res = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "TooManyRequestsError",
            detail_code,
            details,
        )
        .into_response();
        res.headers_mut()
            .insert("retry-after", HeaderValue::from(retry_after_secs.max(1)));
        res
    }
    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "InternalError",
            "internalError",
            "Something went wrong on our side",
        )
    }
}

impl From<Invalid> for ApiError {
    fn from(e: Invalid) -> Self {
        Self {
            field: Some(e.field),
            ..Self::bad_request(e.detail_code, e.details)
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => Self::not_found(what),
            StoreError::Conflict {
                field: "email" | "phone",
            } => Self::person_conflict(),
            StoreError::Conflict { field } => Self {
                field: Some(field.to_owned()),
                ..Self::new(
                    StatusCode::CONFLICT,
                    "ConflictError",
                    "duplicateValue",
                    format!("`{field}` is already taken"),
                )
            },
            StoreError::Invalid(i) => i.into(),
            StoreError::InUse { detail_code, details } => {
                Self::new(StatusCode::CONFLICT, "ConflictError", detail_code, details)
            }
            StoreError::Unavailable(cause) => {
                tracing::error!(%cause, "store unavailable");
                Self::unavailable()
            }
            StoreError::Other(cause) => {
                tracing::error!(%cause, "store failure");
                Self::internal()
            }
        }
    }
}

pub fn body(code: &str, detail_code: &str, details: &str) -> serde_json::Value {
    json!({"code": code, "message": {"detailCode": detail_code, "details": details}})
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut res = (
            self.status,
            axum::Json(body(self.code, &self.detail_code, &self.details)),
        )
            .into_response();
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            res.headers_mut().insert("retry-after", HeaderValue::from_static("1"));
        }
        res
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_found_codes() {
        let e = ApiError::not_found("job title");
        assert_eq!(e.detail_code, "jobTitleNotFound");
        assert_eq!(e.details, "Job title not found");
    }
}
