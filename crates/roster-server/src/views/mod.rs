//! The JSON shapes Roster answers with, as LaborChart v2 spells them.
use roster_core::dates::format_iso;
use roster_core::model::{Audience, Group, JobTitle, NotificationProfile, NotificationSettings, PermissionLevel, Tag};
use roster_core::CompanyId;
use serde::Serialize;
use utoipa::ToSchema;

fn iso(ms: Option<i64>) -> Option<String> {
    ms.map(format_iso)
}
fn strings<T: ToString>(items: &[T]) -> Vec<String> {
    items.iter().map(ToString::to_string).collect()
}

/// `{"group_ids": [...]}`: the groups a person, job title or tag now has.
#[derive(Serialize, ToSchema)]
pub struct GroupIdsView {
    pub group_ids: Vec<String>,
}

impl GroupIdsView {
    pub fn new(ids: &[roster_core::GroupId]) -> Self {
        Self {
            group_ids: strings(ids),
        }
    }
}

/// `{"id": "<uuid>"}`: what creates and deletes answer.
#[derive(Serialize, ToSchema)]
pub struct IdView {
    pub id: String,
}

#[derive(Serialize, ToSchema)]
pub struct GroupView {
    pub id: String,
    pub company_id: String,
    pub name: String,
    pub timezone: String,
    pub color: Option<String>,
    pub address_1: Option<String>,
    pub address_2: Option<String>,
    pub city_town: Option<String>,
    pub state_province: Option<String>,
    pub zipcode: Option<String>,
    pub country: Option<String>,
    pub contact_name: Option<String>,
    /// The contact's phone, under the spec's name.
    pub contact_number: Option<String>,
    /// The same phone under Roster's earlier name, kept for clients that read it.
    pub contact_phone: Option<String>,
    pub contact_email: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

impl From<Group> for GroupView {
    fn from(g: Group) -> Self {
        Self {
            id: g.id.to_string(),
            company_id: g.company_id.to_string(),
            name: g.name,
            timezone: g.timezone,
            color: g.color,
            address_1: g.address_1,
            address_2: g.address_2,
            city_town: g.city_town,
            state_province: g.state_province,
            zipcode: g.zipcode,
            country: g.country,
            contact_name: g.contact_name,
            contact_number: g.contact_phone.clone(),
            contact_phone: g.contact_phone,
            contact_email: g.contact_email,
            created_at: format_iso(g.created_at),
            updated_at: format_iso(g.updated_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct JobTitleView {
    pub id: String,
    pub name: String,
    pub group_ids: Vec<String>,
    pub globally_accessible: bool,
    pub color: Option<String>,
    /// `hourly` or `salaried`.
    #[serde(rename = "type")]
    pub kind: Option<&'static str>,
    pub hourly_rate: Option<f64>,
    pub created_at: String,
    pub updated_at: String,
}

impl From<JobTitle> for JobTitleView {
    fn from(t: JobTitle) -> Self {
        Self {
            id: t.id.to_string(),
            name: t.name,
            group_ids: strings(&t.group_ids),
            globally_accessible: t.globally_accessible,
            color: t.color,
            kind: t.kind,
            hourly_rate: t.hourly_rate,
            created_at: format_iso(t.created_at),
            updated_at: format_iso(t.updated_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct TagView {
    pub id: String,
    pub name: String,
    pub abbreviation: Option<String>,
    pub categories: Vec<String>,
    pub color: Option<String>,
    pub require_expr_date: bool,
    pub expr_days_warning: Option<i64>,
    pub group_ids: Vec<String>,
    pub globally_accessible: bool,
    pub created_at: String,
    pub updated_at: String,
}

impl From<Tag> for TagView {
    fn from(t: Tag) -> Self {
        Self {
            id: t.id.to_string(),
            name: t.name,
            abbreviation: t.abbreviation,
            categories: t.categories,
            color: t.color,
            require_expr_date: t.require_expr_date,
            expr_days_warning: t.expr_days_warning,
            group_ids: strings(&t.group_ids),
            globally_accessible: t.globally_accessible,
            created_at: format_iso(t.created_at),
            updated_at: format_iso(t.updated_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct PermissionLevelView {
    pub id: String,
    pub name: String,
    pub is_admin: bool,
}

impl From<PermissionLevel> for PermissionLevelView {
    fn from(l: PermissionLevel) -> Self {
        Self {
            id: l.id.to_string(),
            name: l.name,
            is_admin: l.is_admin,
        }
    }
}

/// A notification profile (Procore's Notification Profile object); the audiences are `none`,
/// `users`, `groups` or `projects`.
#[derive(Serialize, ToSchema)]
pub struct NotificationProfileView {
    pub id: String,
    /// The LaborChart company UUID.
    pub company_id: String,
    pub name: String,
    pub created_at: String,
    pub assigned_as_project_role: bool,
    pub assignment_created: &'static str,
    pub assignment_deleted: &'static str,
    pub assignment_edited: &'static str,
    pub assignment_ending: &'static str,
    pub assignment_starting: &'static str,
    pub request_created: &'static str,
    pub request_deleted: &'static str,
    pub request_edited: &'static str,
    pub request_ending: &'static str,
    pub request_filled: &'static str,
    pub request_starting: &'static str,
    pub person_existence_changed: bool,
    pub person_groups_changed: bool,
    pub person_status_changed: bool,
    pub person_tag_expiring: bool,
    pub person_tag_warning: bool,
    pub project_existence_changed: bool,
    pub project_groups_changed: bool,
    pub project_status_changed: bool,
}

impl NotificationProfileView {
    pub fn new(n: NotificationProfile, company: CompanyId, settings: &NotificationSettings) -> Self {
        let [a_created, a_deleted, a_edited, a_ending, a_starting] = settings.assignment.map(Audience::as_str);
        let [r_created, r_deleted, r_edited, r_ending, r_filled, r_starting] = settings.request.map(Audience::as_str);
        let [p_existence, p_groups, p_status, p_expiring, p_warning] = settings.person;
        let [j_existence, j_groups, j_status] = settings.project;
        Self {
            id: n.id.to_string(),
            company_id: company.to_string(),
            name: n.name,
            created_at: format_iso(n.created_at),
            assigned_as_project_role: settings.assigned_as_project_role,
            assignment_created: a_created,
            assignment_deleted: a_deleted,
            assignment_edited: a_edited,
            assignment_ending: a_ending,
            assignment_starting: a_starting,
            request_created: r_created,
            request_deleted: r_deleted,
            request_edited: r_edited,
            request_ending: r_ending,
            request_filled: r_filled,
            request_starting: r_starting,
            person_existence_changed: p_existence,
            person_groups_changed: p_groups,
            person_status_changed: p_status,
            person_tag_expiring: p_expiring,
            person_tag_warning: p_warning,
            project_existence_changed: j_existence,
            project_groups_changed: j_groups,
            project_status_changed: j_status,
        }
    }
}

/// The error body of every route.
#[derive(Serialize, ToSchema)]
pub struct ErrorView {
    /// `<Kind>Error`, e.g. `ValidationError`, `ConflictError`.
    pub code: String,
    pub message: ErrorMessageView,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorMessageView {
    #[serde(rename = "detailCode")]
    pub detail_code: String,
    pub details: String,
}

mod custom_fields;
mod person;
pub use person::*;
pub mod procore;
pub use custom_fields::{CustomFieldView, SuccessView};
mod paging;
mod time_off;
pub use paging::{CursorPageView, CursorPagination};
pub use time_off::{DeletedView, TimeOffInstanceView, TimeOffView};
