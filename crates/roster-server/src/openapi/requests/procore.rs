//! Procore REST v1.0: bodies wrap their object (`{"project": {...}}`).
use super::{company_ref, origin_id};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
pub struct ProjectFields {
    #[schema(max_length = 255)]
    pub name: String,
    #[schema(max_length = 100)]
    pub project_number: Option<String>,
    pub active: Option<bool>,
}

#[derive(Deserialize, ToSchema)]
pub struct CreateProjectRequest {
    #[schema(schema_with = company_ref)]
    pub company_id: String,
    pub project: ProjectFields,
}

#[derive(Deserialize, ToSchema)]
pub struct WorkClassificationFields {
    #[schema(max_length = 100)]
    pub name: String,
}

#[derive(Deserialize, ToSchema)]
pub struct CreateWorkClassificationRequest {
    pub work_classification: WorkClassificationFields,
}

#[derive(Deserialize, ToSchema)]
pub struct ProjectPersonFields {
    /// Required on create.
    #[schema(max_length = 100)]
    pub last_name: Option<String>,
    #[schema(max_length = 100)]
    pub first_name: Option<String>,
    #[schema(max_length = 255)]
    pub job_title: Option<String>,
    #[schema(schema_with = origin_id)]
    pub origin_id: Option<String>,
    #[schema(max_length = 255)]
    pub employee_id: Option<String>,
    pub is_employee: Option<bool>,
    #[schema(minimum = 1)]
    pub work_classification_id: Option<i64>,
}

#[derive(Deserialize, ToSchema)]
pub struct ProjectPersonRequest {
    pub person: ProjectPersonFields,
}
