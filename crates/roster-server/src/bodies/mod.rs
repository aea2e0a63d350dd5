//! Request bodies: one serde struct per body, which is also its OpenAPI schema (utoipa), so the
//! document cannot drift from the parser. A route reads its body with `Payload<T>` and converts
//! it into the domain's validated types (`roster_core::model`), which hold the rules.
//!
//! Field values are the types of `fields`: each checks its value while it is read (lengths from
//! `roster_core::limits`, dates, ids) and describes itself from the same constants. A field of a
//! body that creates and updates is a `Patch` (absent, `null`, or a value). Any error names the
//! field by its path (`tag_instances[0].tag_id`, through `serde_path_to_error`) in the API's error
//! shape.
pub mod access;
pub mod catalog;
mod contact;
pub mod custom_fields;
pub mod fields;
mod ids;
pub mod people;
mod people_query;
pub mod procore;
pub mod query;
pub mod time_off;
pub mod token;

use crate::error::ApiError;
use crate::extract::JsonBody;
use axum::extract::{FromRequest, Request};
use fields::CODE_SEP;
use roster_core::Invalid;
use serde::de::DeserializeOwned;

/// A JSON request body read into `T`.
pub struct Payload<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Payload<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let JsonBody(v) = JsonBody::from_request(req, state).await?;
        Ok(Self(parse(v)?))
    }
}

/// Reads a JSON value (a whole body, or the object a Procore body wraps) into `T`.
pub fn parse<T: DeserializeOwned>(v: serde_json::Value) -> Result<T, Invalid> {
    // serde would read a struct from an array too, field by field.
    if !v.is_object() {
        return Err(Invalid::new(
            "body",
            "invalidBody",
            "The request body must be a JSON object",
        ));
    }
    serde_path_to_error::deserialize(v).map_err(|e| {
        let path = e.path().to_string();
        invalid(if path == "." { "" } else { &path }, &e.into_inner().to_string())
    })
}

/// The API's error for what serde said about `field` (empty: the body itself).
fn invalid(field: &str, message: &str) -> Invalid {
    if let Some((code, details)) = message.split_once(CODE_SEP) {
        return Invalid::new(field, detail_code(code), details.replace("{field}", field));
    }
    if let Some(name) = between(message, "missing field `", "`") {
        let full = if field.is_empty() {
            name.to_owned()
        } else {
            format!("{field}.{name}")
        };
        return Invalid::missing(&full);
    }
    if let Some(name) = between(message, "duplicate field `", "`") {
        let full = if field.is_empty() {
            name.to_owned()
        } else {
            format!("{field}.{name}")
        };
        let details = format!("`{full}` is sent twice (perhaps under both of its spellings)");
        return Invalid::new(&full, "invalidValue", details);
    }
    if field.is_empty() {
        return Invalid::new("body", "invalidBody", "The request body must be a JSON object");
    }
    if message.starts_with("invalid type: null") {
        return Invalid::missing(field);
    }
    if let Some((_, expected)) = message
        .strip_prefix("invalid type: ")
        .and_then(|m| m.split_once(", expected "))
    {
        return Invalid::wrong_type(field, expected);
    }
    if let Some((_, options)) = message
        .strip_prefix("unknown variant ")
        .and_then(|m| m.split_once("expected one of "))
    {
        let options = options.replace('`', "");
        return Invalid::new(field, "invalidValue", format!("`{field}` must be one of: {options}"));
    }
    Invalid::new(field, "invalidValue", format!("`{field}`: {message}"))
}

/// The text between `start` and `end` in `s`.
fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let rest = &s[s.find(start)? + start.len()..];
    Some(&rest[..rest.find(end)?])
}

/// The detail codes field rules raise (`fields::fail`), as the static strings errors carry.
fn detail_code(code: &str) -> &'static str {
    const CODES: &[&str] = &[
        "blankValue",
        "duplicateTag",
        "duplicateValue",
        "expirationDateRequired",
        "invalidDate",
        "invalidEmail",
        "invalidFieldType",
        "invalidPhone",
        "invalidTime",
        "invalidTimezone",
        "invalidValue",
        "missingRequiredField",
        "passwordTooWeak",
        "reservedName",
        "tooManyItems",
        "valueTooLong",
    ];
    CODES.iter().copied().find(|c| *c == code).unwrap_or("invalidValue")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_field_and_the_rule() {
        let cases = [
            (
                "name",
                "valueTooLong\u{1f}`{field}` must be at most 3 characters",
                "valueTooLong",
                "`name` must be at most 3 characters",
            ),
            ("", "missing field `name`", "missingRequiredField", "`name` is required"),
            (
                "a[0]",
                "missing field `tag_id`",
                "missingRequiredField",
                "`a[0].tag_id` is required",
            ),
            (
                "",
                "invalid type: string \"x\", expected struct GroupBody",
                "invalidBody",
                "The request body must be a JSON object",
            ),
            (
                "n",
                "invalid type: null, expected a string",
                "missingRequiredField",
                "`n` is required",
            ),
            (
                "b",
                "invalid type: integer `1`, expected a boolean",
                "invalidFieldType",
                "`b` must be a boolean",
            ),
            (
                "s",
                "unknown variant `x`, expected one of `active`, `inactive`",
                "invalidValue",
                "`s` must be one of: active, inactive",
            ),
            (
                "",
                "duplicate field `can_recieve_sms`",
                "invalidValue",
                "`can_recieve_sms` is sent twice (perhaps under both of its spellings)",
            ),
        ];
        for (field, message, code, details) in cases {
            let e = invalid(field, message);
            assert_eq!((e.detail_code, e.details.as_str()), (code, details), "{message}");
        }
    }
}
