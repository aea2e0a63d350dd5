//! Groups, job titles and tags.
use serde::Deserialize;
use utoipa::ToSchema;

/// A group's optional properties.
#[derive(Deserialize, ToSchema)]
pub struct GroupProperties {
    #[schema(max_length = 32)]
    pub color: Option<String>,
    #[schema(max_length = 255)]
    pub address_1: Option<String>,
    #[schema(max_length = 255)]
    pub address_2: Option<String>,
    #[schema(max_length = 255)]
    pub city_town: Option<String>,
    #[schema(max_length = 255)]
    pub state_province: Option<String>,
    #[schema(max_length = 32)]
    pub zipcode: Option<String>,
    #[schema(max_length = 255)]
    pub country: Option<String>,
    #[schema(max_length = 255)]
    pub contact_name: Option<String>,
    #[schema(max_length = 64)]
    pub contact_phone: Option<String>,
    #[schema(max_length = 254)]
    pub contact_email: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct CreateGroupRequest {
    #[schema(max_length = 100)]
    pub name: String,
    /// An IANA time zone name such as `America/Chicago`.
    #[schema(max_length = 64)]
    pub timezone: String,
    #[serde(flatten)]
    pub properties: GroupProperties,
}

#[derive(Deserialize, ToSchema)]
pub struct UpdateGroupRequest {
    #[schema(max_length = 100)]
    pub name: Option<String>,
    #[schema(max_length = 64)]
    pub timezone: Option<String>,
    #[serde(flatten)]
    pub properties: GroupProperties,
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum JobTitleType {
    Hourly,
    Salaried,
}

#[derive(Deserialize, ToSchema)]
pub struct JobTitleRequest {
    /// Required on create.
    #[schema(max_length = 100)]
    pub name: Option<String>,
    #[schema(max_items = 1000, value_type = Option<Vec<uuid::Uuid>>)]
    pub group_ids: Option<Vec<String>>,
    pub globally_accessible: Option<bool>,
    #[schema(max_length = 32)]
    pub color: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<JobTitleType>,
    #[schema(minimum = 0)]
    pub hourly_rate: Option<f64>,
}

#[derive(Deserialize, ToSchema)]
pub struct TagRequest {
    /// Required on create.
    #[schema(max_length = 100)]
    pub name: Option<String>,
    #[schema(max_length = 5)]
    pub abbreviation: Option<String>,
    #[schema(max_length = 32)]
    pub color: Option<String>,
    #[schema(minimum = 0, maximum = 36500)]
    pub expr_days_warning: Option<i64>,
    /// Category names, 100 characters at most each.
    #[schema(max_items = 1000)]
    pub categories: Option<Vec<String>>,
    pub require_expr_date: Option<bool>,
    #[schema(max_items = 1000, value_type = Option<Vec<uuid::Uuid>>)]
    pub group_ids: Option<Vec<String>>,
    pub globally_accessible: Option<bool>,
}
