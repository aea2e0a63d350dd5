//! Request bodies as the OpenAPI document describes them. The parsers in `roster_core` are the
//! truth; these types only describe them (they are never built), and schemathesis (`scripts/contract`)
//! checks the two agree: every body the schema rejects must be refused. Limits mirror
//! `roster_core::input` (names 100 characters, other text 255, emails 254). `null` counts as absent,
//! so optional fields are nullable. Ids are hyphenated UUID strings unless said otherwise.
#![allow(dead_code)]
use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Schema, Type};

pub mod access;
pub mod catalog;
pub mod people;
pub mod procore;

/// A date in any of the three forms the API takes: ISO 8601, a UTC string or epoch milliseconds.
pub fn date() -> Schema {
    OneOfBuilder::new()
        .item(ObjectBuilder::new().schema_type(Type::String).max_length(Some(64)))
        .item(ObjectBuilder::new().schema_type(Type::Integer))
        .item(ObjectBuilder::new().schema_type(Type::Null))
        .description(Some(
            "ISO 8601 (`1990-05-15`), a UTC string (`Tue, 15 May 1990 00:00:00 GMT`) or epoch milliseconds",
        ))
        .into()
}

/// A company id: Procore's integer or Roster's UUID.
pub fn company_ref() -> Schema {
    OneOfBuilder::new()
        .item(ObjectBuilder::new().schema_type(Type::String).max_length(Some(64)))
        .item(ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(1)))
        .item(ObjectBuilder::new().schema_type(Type::Null))
        .into()
}

/// `origin_id`: the caller's own id of a project person, a string or an integer.
pub fn origin_id() -> Schema {
    OneOfBuilder::new()
        .item(ObjectBuilder::new().schema_type(Type::String).max_length(Some(255)))
        .item(ObjectBuilder::new().schema_type(Type::Integer))
        .item(ObjectBuilder::new().schema_type(Type::Null))
        .into()
}
