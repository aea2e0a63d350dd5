//! Extractors whose rejections are our JSON errors, never axum's plain text.
use crate::bodies::token::is_json;
use crate::error::ApiError;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use roster_core::{CustomFieldId, GroupId, IdRef, JobTitleId, TagId, TagInstanceId, TimeOffId};
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

/// A path parameter by its type: the type says which parameter it is and what a value that cannot
/// be one is a 404 of.
pub trait PathParam: Sized {
    /// The parameter's name in the route (`person_id`).
    const NAME: &'static str;
    /// What is not found when the value cannot name one (`person`).
    const WHAT: &'static str;
    fn parse(raw: &str) -> Option<Self>;
}

/// One typed path parameter, whatever the mount: `Id(group): Id<GroupId>`. A value that cannot
/// name a record is a 404, as a record that does not exist.
pub struct Id<T>(pub T);

impl<S: Send + Sync, T: PathParam> FromRequestParts<S> for Id<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let raw = axum::extract::RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError::not_found(T::WHAT))?;
        raw.iter()
            .find(|(k, _)| *k == T::NAME)
            .and_then(|(_, v)| T::parse(v))
            .map(Id)
            .ok_or_else(|| ApiError::not_found(T::WHAT))
    }
}

/// Declares which path parameter a UUID id type is.
macro_rules! uuid_param {
    ($($ty:ty => $name:literal, $what:literal;)*) => {$(
        impl PathParam for $ty {
            const NAME: &'static str = $name;
            const WHAT: &'static str = $what;
            fn parse(raw: &str) -> Option<Self> {
                raw.parse().ok()
            }
        }
    )*};
}

uuid_param! {
    GroupId => "group_id", "group";
    TagId => "tag_id", "tag";
    JobTitleId => "job_title_id", "job title";
    TagInstanceId => "tag_instance_id", "tag instance";
    TimeOffId => "time_off_id", "time off";
    CustomFieldId => "field_id", "custom field";
}

/// A person in the path: their UUID or integer id.
pub struct PersonRef(pub IdRef);

impl PathParam for PersonRef {
    const NAME: &'static str = "person_id";
    const WHAT: &'static str = "person";
    fn parse(raw: &str) -> Option<Self> {
        IdRef::parse(raw).map(Self)
    }
}

/// The company in a `/companies/{company_id}` path: its Procore integer or UUID.
pub struct CompanyRef(pub IdRef);

impl PathParam for CompanyRef {
    const NAME: &'static str = "company_id";
    const WHAT: &'static str = "company";
    fn parse(raw: &str) -> Option<Self> {
        IdRef::parse(raw).map(Self)
    }
}

/// A Procore project's integer id.
pub struct ProjectId(pub i64);

impl PathParam for ProjectId {
    const NAME: &'static str = "project_id";
    const WHAT: &'static str = "project";
    fn parse(raw: &str) -> Option<Self> {
        raw.parse().ok().filter(|n| *n > 0).map(Self)
    }
}

/// A Procore project person's integer id (`/people/{id}`).
pub struct ProjectPersonId(pub i64);

impl PathParam for ProjectPersonId {
    const NAME: &'static str = "id";
    const WHAT: &'static str = "person";
    fn parse(raw: &str) -> Option<Self> {
        raw.parse().ok().filter(|n| *n > 0).map(Self)
    }
}

/// The token of an invitation link.
pub struct InvitationToken(pub String);

impl PathParam for InvitationToken {
    const NAME: &'static str = "token";
    const WHAT: &'static str = "invitation";
    fn parse(raw: &str) -> Option<Self> {
        Some(Self(raw.to_owned()))
    }
}
