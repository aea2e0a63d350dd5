//! The JSON shapes of Procore's Project People routes, in their three views, and Procore's error
//! bodies. Keys Roster has no value for (a reference person has no login, vendor or contact details)
//! are present and null, as in Procore's answers.
use roster_core::dates::format_iso;
use roster_core::model::{Project, ProjectPerson, WorkClassification};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// A project person's `origin_id` as answered: an integer, as Procore's spec types it, when the
/// stored value is one written the canonical way (`42`, not `042` or `+42`) and fits 64 bits;
/// otherwise the string as stored, which no integer could carry.
#[derive(Serialize, ToSchema, Debug, Clone, PartialEq)]
#[serde(untagged)]
pub enum OriginId {
    Int(i64),
    Text(String),
}

impl OriginId {
    pub fn of(stored: &str) -> Self {
        match stored.parse::<i64>() {
            Ok(n) if n.to_string() == stored => Self::Int(n),
            _ => Self::Text(stored.to_owned()),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct CompanyRefView {
    pub id: i64,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct ProjectView {
    pub id: i64,
    pub name: String,
    pub project_number: Option<String>,
    pub active: bool,
    pub company: CompanyRefView,
    pub created_at: String,
    pub updated_at: String,
}

impl From<Project> for ProjectView {
    fn from(p: Project) -> Self {
        Self {
            id: p.id,
            name: p.name,
            project_number: p.project_number,
            active: p.active,
            company: CompanyRefView {
                id: p.company_procore_id,
                name: p.company_name,
            },
            created_at: format_iso(p.created_at),
            updated_at: format_iso(p.updated_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct WorkClassificationView {
    pub id: i64,
    pub name: String,
}

impl From<WorkClassification> for WorkClassificationView {
    fn from(w: WorkClassification) -> Self {
        Self { id: w.id, name: w.name }
    }
}

impl From<&WorkClassification> for WorkClassificationView {
    fn from(w: &WorkClassification) -> Self {
        Self {
            id: w.id,
            name: w.name.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ContactView {
    pub is_active: bool,
    pub email: Option<String>,
}

/// `view=normal` (the default); `view=extended` adds `work_classification` and `vendor`.
#[derive(Serialize, ToSchema)]
pub struct ProjectPersonView {
    pub id: i64,
    pub first_name: Option<String>,
    pub last_name: String,
    pub is_employee: bool,
    pub employee_id: Option<String>,
    pub user_id: Option<i64>,
    pub user_uuid: Option<String>,
    pub work_classification_id: Option<i64>,
    pub origin_id: Option<OriginId>,
    pub contact: ContactView,
    /// `view=extended` only (null when the person has none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub work_classification: Option<Option<WorkClassificationView>>,
    /// `view=extended` only; always null: a reference person has no vendor here.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub vendor: Option<Option<()>>,
}

/// `view=web`.
#[derive(Serialize, ToSchema)]
pub struct ProjectPersonWebView {
    pub id: i64,
    pub first_name: Option<String>,
    pub last_name: String,
    pub is_employee: bool,
    pub user_id: Option<i64>,
    pub origin_id: Option<OriginId>,
    pub work_classification: Option<WorkClassificationView>,
    #[schema(value_type = Option<Object>)]
    pub vendor: Option<()>,
    pub initials: String,
    pub avatar: Option<String>,
    pub reference_user: bool,
    /// ISO 8601 UTC.
    pub created_at: String,
    /// ISO 8601 UTC.
    pub updated_at: String,
    pub email: Option<String>,
    pub mobile_phone: Option<String>,
    pub business_phone: Option<String>,
    pub job_title: Option<String>,
    pub fax_number: Option<String>,
    pub address: Option<String>,
    pub city: Option<String>,
    pub country_code: Option<String>,
    pub state_code: Option<String>,
    pub zip: Option<String>,
    pub connected: bool,
    pub last_login_at: Option<String>,
    pub welcome_email_sent_at: Option<String>,
    pub erp_integrated_accountant: bool,
    #[schema(value_type = Option<Object>)]
    pub permission_template: Option<()>,
}

/// A project person in one of the views.
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
pub enum ProjectPersonAnswer {
    Normal(Box<ProjectPersonView>),
    Web(Box<ProjectPersonWebView>),
}

impl ProjectPersonAnswer {
    pub fn normal(p: &ProjectPerson, extended: bool) -> Self {
        let d = &p.data;
        Self::Normal(Box::new(ProjectPersonView {
            id: p.id,
            first_name: d.first_name.clone(),
            last_name: d.last_name.clone(),
            is_employee: d.is_employee,
            employee_id: d.employee_id.clone(),
            user_id: None,
            user_uuid: None,
            work_classification_id: d.work_classification_id,
            origin_id: d.origin_id.as_deref().map(OriginId::of),
            contact: ContactView {
                is_active: true,
                email: None,
            },
            work_classification: extended.then(|| p.work_classification.as_ref().map(Into::into)),
            vendor: extended.then_some(None),
        }))
    }

    pub fn web(p: &ProjectPerson) -> Self {
        let d = &p.data;
        Self::Web(Box::new(ProjectPersonWebView {
            id: p.id,
            first_name: d.first_name.clone(),
            last_name: d.last_name.clone(),
            is_employee: d.is_employee,
            user_id: None,
            origin_id: d.origin_id.as_deref().map(OriginId::of),
            work_classification: p.work_classification.as_ref().map(Into::into),
            vendor: None,
            initials: d.initials(),
            avatar: None,
            reference_user: true,
            created_at: format_iso(p.created_at),
            updated_at: format_iso(p.updated_at),
            email: None,
            mobile_phone: None,
            business_phone: None,
            job_title: d.job_title.clone(),
            fax_number: None,
            address: None,
            city: None,
            country_code: None,
            state_code: None,
            zip: None,
            connected: false,
            last_login_at: None,
            welcome_email_sent_at: None,
            erp_integrated_accountant: false,
            permission_template: None,
        }))
    }
}

/// Procore's error body: `{"error": "..."}`, `{"errors": {"field": ["..."]}}`, or both.
#[derive(Serialize, ToSchema)]
pub struct ProcoreErrorView {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<BTreeMap<String, Vec<String>>>,
}
