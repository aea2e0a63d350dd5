//! People: create, update, logins, tags and groups on a person.
use super::date;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Active,
    Inactive,
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    English,
}

#[derive(Deserialize, ToSchema)]
pub struct TagInstanceInput {
    #[schema(value_type = uuid::Uuid)]
    pub tag_id: String,
    #[schema(schema_with = date)]
    pub expr_date: Option<String>,
}

/// The properties a person may have; on create the required ones are required.
#[derive(Deserialize, ToSchema)]
pub struct CreatePersonRequest {
    #[schema(max_length = 100)]
    pub first_name: String,
    #[schema(max_length = 100)]
    pub last_name: String,
    pub is_user: bool,
    pub is_assignable: bool,
    pub status: Status,
    #[schema(max_items = 1000, value_type = Vec<uuid::Uuid>)]
    pub group_ids: Vec<String>,
    #[schema(max_items = 1000)]
    pub tag_instances: Option<Vec<TagInstanceInput>>,
    /// Only with `is_user`; 8+ characters with an uppercase letter, a lowercase letter and a digit.
    #[schema(max_length = 1024)]
    pub password: Option<String>,
    /// A user without a password is sent an invitation unless this is true.
    pub no_invite: Option<bool>,
    #[serde(flatten)]
    pub properties: PersonProperties,
}

/// Any person property except `password`, `is_user`, `tag_instances` and `group_ids` (those
/// have routes of their own).
#[derive(Deserialize, ToSchema)]
pub struct UpdatePersonRequest {
    #[schema(max_length = 100)]
    pub first_name: Option<String>,
    #[schema(max_length = 100)]
    pub last_name: Option<String>,
    pub is_assignable: Option<bool>,
    pub status: Option<Status>,
    #[serde(flatten)]
    pub properties: PersonProperties,
}

/// The optional properties of a person.
#[derive(Deserialize, ToSchema)]
pub struct PersonProperties {
    #[schema(max_length = 254)]
    pub email: Option<String>,
    /// Normalised to E.164 (`+15555550123`).
    #[schema(max_length = 64)]
    pub phone: Option<String>,
    pub can_recieve_sms: Option<bool>,
    pub can_recieve_email: Option<bool>,
    pub can_recieve_mobile: Option<bool>,
    #[schema(max_length = 255)]
    pub address_1: Option<String>,
    #[schema(max_length = 255)]
    pub address_2: Option<String>,
    #[schema(max_length = 255)]
    pub state_province: Option<String>,
    #[schema(max_length = 255)]
    pub city_town: Option<String>,
    #[schema(max_length = 32)]
    pub zipcode: Option<String>,
    #[schema(max_length = 255)]
    pub country: Option<String>,
    #[schema(value_type = Option<uuid::Uuid>)]
    pub job_title_id: Option<String>,
    #[schema(minimum = 0)]
    pub hourly_wage: Option<f64>,
    #[schema(max_length = 255)]
    pub employee_number: Option<String>,
    #[schema(max_length = 255)]
    pub emergency_contact_name: Option<String>,
    #[schema(max_length = 64)]
    pub emergency_contact_number: Option<String>,
    #[schema(max_length = 254)]
    pub emergency_contact_email: Option<String>,
    #[schema(max_length = 255)]
    pub emergency_contact_relation: Option<String>,
    #[schema(schema_with = date)]
    pub dob: Option<String>,
    pub is_male: Option<bool>,
    #[schema(schema_with = date)]
    pub hired_date: Option<String>,
    pub language: Option<Language>,
    #[schema(value_type = Option<uuid::Uuid>)]
    pub permission_level_id: Option<String>,
    #[schema(value_type = Option<uuid::Uuid>)]
    pub notification_profile_id: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct EnableLoginRequest {
    #[schema(value_type = uuid::Uuid)]
    pub permission_level_id: String,
    /// Required when the person has no email on record.
    #[schema(max_length = 254)]
    pub email: Option<String>,
    #[schema(max_length = 1024)]
    pub password: Option<String>,
    pub no_invite: Option<bool>,
}

#[derive(Deserialize, ToSchema)]
pub struct AddTagRequest {
    #[schema(value_type = uuid::Uuid)]
    pub tag_id: String,
    /// Required for tags with `require_expr_date`.
    #[schema(schema_with = date)]
    pub expr_date: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct AddGroupRequest {
    #[schema(value_type = uuid::Uuid)]
    pub group_id: String,
}
