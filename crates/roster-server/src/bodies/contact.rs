//! Contact fields of request bodies: an optional email, an optional phone, a time zone.
use super::fields::{refused, string_schema, Text};
use serde::de::{Deserialize, Deserializer};
use utoipa::openapi::schema::Schema;
use utoipa::openapi::RefOr;
use utoipa::{PartialSchema, ToSchema};

/// An optional email address: validated when given; an empty string means none.
#[derive(Debug, Clone, PartialEq)]
pub struct OptEmail(pub Option<roster_core::email::Email>);

impl<'de> Deserialize<'de> for OptEmail {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let Text(s) = Text::<{ roster_core::limits::MAX_EMAIL }>::deserialize(d)?;
        if s.trim().is_empty() {
            return Ok(Self(None));
        }
        roster_core::email::Email::parse("{field}", &s)
            .map(|e| Self(Some(e)))
            .map_err(refused)
    }
}

impl ToSchema for OptEmail {}
impl PartialSchema for OptEmail {
    fn schema() -> RefOr<Schema> {
        string_schema(roster_core::limits::MAX_EMAIL)
            .description(Some("An email address; an empty string means none"))
            .into()
    }
}

/// An optional phone number with country and area code, normalised to E.164; an empty string
/// means none.
#[derive(Debug, Clone, PartialEq)]
pub struct OptPhone(pub Option<roster_core::phone::Phone>);

impl<'de> Deserialize<'de> for OptPhone {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let Text(s) = Text::<{ roster_core::limits::MAX_PHONE }>::deserialize(d)?;
        roster_core::phone::Phone::parse("{field}", &s)
            .map(Self)
            .map_err(refused)
    }
}

impl ToSchema for OptPhone {}
impl PartialSchema for OptPhone {
    fn schema() -> RefOr<Schema> {
        string_schema(roster_core::limits::MAX_PHONE)
            .description(Some(
                "With country and area code (`+1 213 555 1234`); answered in E.164",
            ))
            .into()
    }
}

/// An IANA time zone name (`America/Chicago`).
#[derive(Debug, Clone, PartialEq)]
pub struct Timezone(pub String);

impl<'de> Deserialize<'de> for Timezone {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let Text(s) = Text::<{ roster_core::limits::MAX_TIMEZONE }>::deserialize(d)?;
        roster_core::model::check_timezone("{field}", &s).map_err(refused)?;
        Ok(Self(s))
    }
}

impl ToSchema for Timezone {}
impl PartialSchema for Timezone {
    fn schema() -> RefOr<Schema> {
        string_schema(roster_core::limits::MAX_TIMEZONE)
            .description(Some("An IANA time zone name such as `America/Chicago`"))
            .into()
    }
}

// Typed ids by name: utoipa describes a field's type parameters too, and the domain's id types are
// not schemas (the wrappers' own schemas say "a UUID string").
