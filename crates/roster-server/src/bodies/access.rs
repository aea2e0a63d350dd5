//! Signing in: a password login, and accepting an invitation.
use super::fields::{fail, Patch, Text};
use roster_core::limits::{MAX_EMAIL, MAX_PASSWORD};
use roster_core::IdRef;
use serde::de::{Deserialize, Deserializer};
use serde::Deserialize as DeriveDeserialize;
use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Schema, Type};
use utoipa::openapi::RefOr;
use utoipa::{PartialSchema, ToSchema};

/// `{"email", "password", "company_id"?}`: `company_id` only when the email logs in to several
/// companies.
#[derive(DeriveDeserialize, ToSchema)]
pub struct LoginBody {
    #[schema(inline)]
    pub email: Text<{ MAX_EMAIL }>,
    #[schema(inline)]
    pub password: Text<{ MAX_PASSWORD }>,
    #[serde(default)]
    #[schema(inline)]
    pub company_id: Patch<CompanyRefBody>,
}

impl LoginBody {
    /// The email as logins are looked up: trimmed, lowercased.
    pub fn email(&self) -> String {
        self.email.0.trim().to_lowercase()
    }
}

/// A company: Procore's integer id (a number or a string) or Roster's UUID.
#[derive(Debug, Clone, Copy)]
pub struct CompanyRefBody(pub IdRef);

impl<'de> Deserialize<'de> for CompanyRefBody {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let wrong = || fail("invalidFieldType", "`{field}` must be a company's integer id or UUID");
        match serde_json::Value::deserialize(d)? {
            serde_json::Value::String(s) => IdRef::parse(&s).map(Self).ok_or_else(wrong),
            serde_json::Value::Number(n) => n
                .as_i64()
                .filter(|n| *n >= 1)
                .map(|n| Self(IdRef::Int(n)))
                .ok_or_else(wrong),
            _ => Err(wrong()),
        }
    }
}

impl ToSchema for CompanyRefBody {}

impl PartialSchema for CompanyRefBody {
    fn schema() -> RefOr<Schema> {
        OneOfBuilder::new()
            .item(ObjectBuilder::new().schema_type(Type::String).max_length(Some(64)))
            .item(ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(1)))
            .into()
    }
}

/// The password an invited person chooses.
#[derive(DeriveDeserialize, ToSchema)]
pub struct AcceptInvitationBody {
    /// 8+ characters with an uppercase letter, a lowercase letter and a digit.
    #[schema(inline)]
    pub password: Text<{ MAX_PASSWORD }>,
}
