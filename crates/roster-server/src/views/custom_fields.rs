//! Custom field definitions as answered.
use roster_core::dates::format_iso;
use roster_core::model::CustomField;
use serde::Serialize;
use utoipa::ToSchema;

/// A custom field definition. `integration_name` is the key the field's values go by (a Roster
/// addition: the docs say every field gets one but print no key for it).
#[derive(Serialize, ToSchema)]
pub struct CustomFieldView {
    pub id: String,
    pub name: String,
    pub integration_name: String,
    /// `text`, `number`, `currency`, `hex-color`, `bool`, `select`, `multi-select`, `date` or
    /// `paragraph`.
    #[serde(rename = "type")]
    pub field_type: &'static str,
    pub can_filter: bool,
    pub integration_only: bool,
    pub on_people: bool,
    pub on_projects: bool,
    pub description: Option<String>,
    pub values: Vec<String>,
    /// `alpha` or `listed`.
    pub sort_by: &'static str,
    pub created_at: String,
    pub updated_at: String,
}

impl From<CustomField> for CustomFieldView {
    fn from(f: CustomField) -> Self {
        Self {
            id: f.id.to_string(),
            name: f.name,
            integration_name: f.integration_name,
            field_type: f.field_type.as_str(),
            can_filter: f.can_filter,
            integration_only: f.integration_only,
            on_people: f.on_people,
            on_projects: f.on_projects,
            description: f.description,
            values: f.values,
            sort_by: f.sort_by.as_str(),
            created_at: format_iso(f.created_at),
            updated_at: format_iso(f.updated_at),
        }
    }
}

/// `{"success": true}`: what a custom field's update and its options routes answer.
#[derive(Serialize, ToSchema)]
pub struct SuccessView {
    pub success: bool,
}
