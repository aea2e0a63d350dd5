//! Procore's bodies: each wraps its object in a key (`{"project": {...}}`); errors name the field
//! inside it, as Procore's do (`{"errors": {"last_name": [...]}}`).
use super::access::CompanyRefBody;
use super::fields::{fail, Int, Name, Patch, Text};
use super::parse;
use roster_core::dates::Millis;
use roster_core::limits::{MAX_NAME, MAX_PROJECT_NUMBER, MAX_TEXT};
use roster_core::model::{NewProject, ProjectPersonData};
use roster_core::{CompanyId, Invalid};
use serde::de::{Deserialize, DeserializeOwned, Deserializer};
use serde::Deserialize as DeriveDeserialize;
use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Schema, Type};
use utoipa::openapi::RefOr;
use utoipa::{PartialSchema, ToSchema};

/// Reads the object under `key` of a Procore body into `T`.
pub fn wrapped<T: DeserializeOwned>(mut body: serde_json::Value, key: &str) -> Result<T, Invalid> {
    let Some(object) = body.as_object_mut() else {
        return Err(Invalid::new(
            "body",
            "invalidBody",
            "The request body must be a JSON object",
        ));
    };
    match object.remove(key) {
        Some(v) if v.is_object() => parse(v),
        Some(_) => Err(Invalid::wrong_type(key, "an object")),
        None => Err(Invalid::missing(key)),
    }
}

/// `POST /projects`: `{"company_id", "project": {...}}`.
#[derive(DeriveDeserialize, ToSchema)]
pub struct CreateProjectBody {
    #[schema(inline)]
    pub company_id: CompanyRefBody,
    pub project: ProjectBody,
}

#[derive(DeriveDeserialize, ToSchema)]
pub struct ProjectBody {
    #[schema(inline)]
    pub name: Name<{ MAX_TEXT }>,
    #[serde(default)]
    #[schema(inline)]
    pub project_number: Patch<Text<{ MAX_PROJECT_NUMBER }>>,
    /// Default true.
    #[serde(default)]
    #[schema(inline)]
    pub active: Patch<bool>,
}

impl ProjectBody {
    pub fn project(self, company_id: CompanyId, now: Millis) -> NewProject {
        NewProject {
            company_id,
            name: self.name.0,
            project_number: self.project_number.given().map(|t| t.0),
            active: self.active.given().unwrap_or(true),
            created_at: now,
        }
    }
}

/// `{"work_classification": {"name"}}`.
#[derive(DeriveDeserialize, ToSchema)]
pub struct WorkClassificationEnvelope {
    pub work_classification: WorkClassificationBody,
}

#[derive(DeriveDeserialize, ToSchema)]
pub struct WorkClassificationBody {
    #[schema(inline)]
    pub name: Name<{ MAX_NAME }>,
}

/// `{"person": {...}}`.
#[derive(DeriveDeserialize, ToSchema)]
pub struct ProjectPersonEnvelope {
    pub person: ProjectPersonBody,
}

/// A reference person of a project. `last_name` is required on create and cannot be cleared.
#[derive(DeriveDeserialize, ToSchema, Default, Clone)]
pub struct ProjectPersonBody {
    #[serde(default)]
    #[schema(inline)]
    pub first_name: Patch<Text<{ MAX_NAME }>>,
    #[serde(default)]
    #[schema(inline)]
    pub last_name: Patch<Name<{ MAX_NAME }>>,
    #[serde(default)]
    #[schema(inline)]
    pub job_title: Patch<Text<{ MAX_TEXT }>>,
    /// The caller's own id of the person, unique in the project.
    #[serde(default)]
    #[schema(inline)]
    pub origin_id: Patch<OriginId>,
    #[serde(default)]
    #[schema(inline)]
    pub employee_id: Patch<Text<{ MAX_TEXT }>>,
    #[serde(default)]
    #[schema(inline)]
    pub is_employee: Patch<bool>,
    #[serde(default)]
    #[schema(inline)]
    pub work_classification_id: Patch<Int<1, { i64::MAX }>>,
}

impl ProjectPersonBody {
    pub fn create(self) -> Result<ProjectPersonData, Invalid> {
        let mut d = ProjectPersonData {
            last_name: self.last_name.clone().required("last_name")?.0,
            ..ProjectPersonData::default()
        };
        self.apply(&mut d, true)?;
        Ok(d)
    }

    pub fn update(&self, current: &ProjectPersonData) -> Result<ProjectPersonData, Invalid> {
        let mut d = current.clone();
        self.clone().apply(&mut d, false)?;
        Ok(d)
    }

    fn apply(self, d: &mut ProjectPersonData, creating: bool) -> Result<(), Invalid> {
        self.last_name
            .map(|n| n.0)
            .update_required("last_name", &mut d.last_name)?;
        self.first_name.map(|t| t.0).apply(creating, &mut d.first_name);
        self.job_title.map(|t| t.0).apply(creating, &mut d.job_title);
        self.origin_id.map(|o| o.0).flatten().apply(creating, &mut d.origin_id);
        self.employee_id.map(|t| t.0).apply(creating, &mut d.employee_id);
        self.work_classification_id
            .map(|w| w.0)
            .apply(creating, &mut d.work_classification_id);
        self.is_employee.update_or(false, &mut d.is_employee);
        Ok(())
    }
}

/// An origin id as Procore's clients send it: a string or a number (kept as its text); an empty
/// string means none.
#[derive(Debug, Clone, PartialEq)]
pub struct OriginId(pub Option<String>);

impl<'de> Deserialize<'de> for OriginId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match serde_json::Value::deserialize(d)? {
            serde_json::Value::Number(n) if n.is_i64() => Ok(Self(Some(n.to_string()))),
            serde_json::Value::String(s) if s.chars().count() > MAX_TEXT => Err(fail(
                "valueTooLong",
                format_args!("`{{field}}` must be at most {MAX_TEXT} characters"),
            )),
            serde_json::Value::String(s) => Ok(Self(Some(s).filter(|s| !s.is_empty()))),
            _ => Err(fail("invalidFieldType", "`{field}` must be a string or an integer")),
        }
    }
}

impl ToSchema for OriginId {}

impl PartialSchema for OriginId {
    fn schema() -> RefOr<Schema> {
        OneOfBuilder::new()
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .max_length(Some(MAX_TEXT)),
            )
            .item(ObjectBuilder::new().schema_type(Type::Integer))
            .into()
    }
}
