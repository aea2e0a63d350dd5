//! Ids in request bodies: a typed UUID (`IdOf`), a list of them (`IdList`), a company by either
//! of its ids (`CompanyRefField`), and the named aliases the bodies use (utoipa describes a
//! field's type parameters too, and the domain's id types are not schemas).
use super::fields::{fail, List};
use roster_core::limits::MAX_ITEMS;
use serde::de::{Deserialize, Deserializer};
use std::str::FromStr;
use utoipa::__dev::ComposeSchema;
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, OneOfBuilder, Schema, SchemaFormat, Type};
use utoipa::openapi::{KnownFormat, RefOr};
use utoipa::{PartialSchema, ToSchema};

/// A company named in a body: the Procore integer (a number or its digits) or the LaborChart UUID.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CompanyRefField(pub roster_core::IdRef);

impl<'de> Deserialize<'de> for CompanyRefField {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let r = match serde_json::Value::deserialize(d)? {
            serde_json::Value::Number(n) => n.as_i64().filter(|n| *n > 0).map(roster_core::IdRef::Int),
            serde_json::Value::String(s) => roster_core::IdRef::parse(&s),
            _ => None,
        };
        r.map(Self)
            .ok_or_else(|| fail("invalidValue", "`{field}` must be the company's integer id or UUID"))
    }
}

impl ToSchema for CompanyRefField {}
impl PartialSchema for CompanyRefField {
    fn schema() -> RefOr<Schema> {
        OneOfBuilder::new()
            .item(ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(1)))
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .format(Some(SchemaFormat::KnownFormat(KnownFormat::Uuid))),
            )
            .into()
    }
}

/// An id: a UUID string parsed into the typed id `T`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IdOf<T>(pub T);

impl<'de, T: FromStr> Deserialize<'de> for IdOf<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse()
            .map(Self)
            .map_err(|_| fail("invalidFieldType", "`{field}` must be a UUID string"))
    }
}

fn uuid_schema() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Uuid)))
}

impl<T> ToSchema for IdOf<T> {}

impl<T> ComposeSchema for IdOf<T> {
    fn compose(_: Vec<RefOr<Schema>>) -> RefOr<Schema> {
        uuid_schema().into()
    }
}

/// A list of ids, at most `MAX_ITEMS`, duplicates dropped (order kept).
#[derive(Debug, Clone, PartialEq)]
pub struct IdList<T>(pub Vec<T>);

impl<'de, T: FromStr + PartialEq> Deserialize<'de> for IdList<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let items = List::<IdOf<T>>::deserialize(d)?.0;
        let mut out: Vec<T> = Vec::with_capacity(items.len());
        for IdOf(id) in items {
            if !out.contains(&id) {
                out.push(id);
            }
        }
        Ok(Self(out))
    }
}

impl<T> ToSchema for IdList<T> {}

impl<T> ComposeSchema for IdList<T> {
    fn compose(_: Vec<RefOr<Schema>>) -> RefOr<Schema> {
        ArrayBuilder::new()
            .items(uuid_schema())
            .max_items(Some(MAX_ITEMS))
            .into()
    }
}

pub type GroupIds = IdList<roster_core::GroupId>;
pub type GroupRef = IdOf<roster_core::GroupId>;
pub type TagRef = IdOf<roster_core::TagId>;
pub type JobTitleRef = IdOf<roster_core::JobTitleId>;
pub type TimeOffRef = IdOf<roster_core::TimeOffId>;
pub type PermissionLevelRef = IdOf<roster_core::PermissionLevelId>;
pub type NotificationProfileRef = IdOf<roster_core::NotificationProfileId>;
