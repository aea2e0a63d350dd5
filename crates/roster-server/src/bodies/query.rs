//! Query strings read into typed structs (serde and utoipa `IntoParams`, so the document lists
//! exactly the keys the route reads). A key the route does not know is a 400: a sync job that
//! misspells a filter must not get the whole company back.
use super::fields::{fail, CODE_SEP};
use crate::error::ApiError;
use roster_core::dates::{parse_iso, Millis};
use serde::de::{Deserialize, DeserializeOwned, Deserializer};
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::RefOr;
use utoipa::{PartialSchema, ToSchema};

/// Reads a query string (without the `?`) into `T`; errors are 400 `invalidQueryParameter` naming
/// the key.
pub fn parse_query<T: DeserializeOwned>(raw: &str) -> Result<T, ApiError> {
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(raw.as_bytes()));
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let message = e.into_inner().to_string();
        let details = if let Some((_, details)) = message.split_once(CODE_SEP) {
            details.replace("{field}", &path)
        } else if let Some(key) = message
            .strip_prefix("unknown field `")
            .and_then(|m| m.split('`').next())
        {
            format!("`{key}` is not a parameter of this list")
        } else if let Some((_, options)) = message.split_once("expected one of ") {
            format!("`{path}` must be one of: {}", options.replace('`', ""))
        } else {
            format!("`{path}`: {message}")
        };
        ApiError::bad_request("invalidQueryParameter", details)
    })
}

/// A whole number from 0 to `MAX`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QueryNumber<const MAX: u32>(pub u32);

impl<'de, const MAX: u32> Deserialize<'de> for QueryNumber<MAX> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        match s.parse::<u32>() {
            Ok(n) if n <= MAX => Ok(Self(n)),
            _ => Err(fail(
                "invalidQueryParameter",
                format_args!("`{{field}}` must be an integer from 0 to {MAX}"),
            )),
        }
    }
}

impl<const MAX: u32> ToSchema for QueryNumber<MAX> {}

impl<const MAX: u32> PartialSchema for QueryNumber<MAX> {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .minimum(Some(0))
            .maximum(Some(MAX))
            .into()
    }
}

/// An ISO 8601 date or date-time; a date alone stands for its whole UTC day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QueryDate {
    /// The instant, or the day's first millisecond.
    pub at: Millis,
    pub whole_day: bool,
}

impl QueryDate {
    /// The first and the last millisecond it names.
    pub fn span(self) -> (Millis, Millis) {
        const DAY_MS: Millis = 86_400_000;
        (self.at, if self.whole_day { self.at + DAY_MS - 1 } else { self.at })
    }
}

impl<'de> Deserialize<'de> for QueryDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let whole_day = chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").is_ok();
        parse_iso(&s).map(|at| Self { at, whole_day }).ok_or_else(|| {
            fail(
                "invalidQueryParameter",
                "`{field}` must be an ISO 8601 date or date-time",
            )
        })
    }
}

impl ToSchema for QueryDate {}

impl PartialSchema for QueryDate {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some("An ISO 8601 date (`1990-05-15`) or date-time"))
            .into()
    }
}

/// A route's query string read into `T` (`parse_query`).
pub struct QueryOf<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> axum::extract::FromRequestParts<S> for QueryOf<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, _: &S) -> Result<Self, Self::Rejection> {
        parse_query(parts.uri.query().unwrap_or_default()).map(Self)
    }
}
