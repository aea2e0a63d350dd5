//! The JSON shapes Roster answers with, as LaborChart v2 spells them.
use roster_core::dates::format_iso;
use roster_core::model::{
    Audience, Group, JobTitle, NotificationProfile, NotificationSettings, PermissionLevel, Person, Tag,
};
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
pub struct NameView {
    pub first: String,
    pub last: String,
}

#[derive(Serialize, ToSchema)]
pub struct TagInstanceView {
    pub id: String,
    pub tag_id: String,
    /// ISO 8601 UTC.
    pub expr_date: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct PersonView {
    pub id: String,
    /// The integer id, accepted wherever a person id is.
    pub procore_person_id: i64,
    pub name: NameView,
    /// The company's LaborChart UUID.
    pub company_id: String,
    pub is_user: bool,
    pub is_assignable: bool,
    /// `active` or `inactive`.
    pub status: &'static str,
    pub email: Option<String>,
    /// E.164.
    pub phone: Option<String>,
    pub can_recieve_sms: bool,
    pub can_recieve_email: bool,
    pub can_recieve_mobile: bool,
    pub address_1: Option<String>,
    pub address_2: Option<String>,
    pub state_province: Option<String>,
    pub city_town: Option<String>,
    pub zipcode: Option<String>,
    pub country: Option<String>,
    pub job_title_id: Option<String>,
    pub hourly_wage: Option<f64>,
    pub employee_number: Option<String>,
    pub emergency_contact_name: Option<String>,
    pub emergency_contact_number: Option<String>,
    pub emergency_contact_email: Option<String>,
    pub emergency_contact_relation: Option<String>,
    pub dob: Option<String>,
    pub is_male: Option<bool>,
    pub hired_date: Option<String>,
    pub language: &'static str,
    pub permission_level_id: Option<String>,
    pub notification_profile_id: Option<String>,
    /// A user without a password whose invitation is still to be accepted.
    pub invitation_pending: bool,
    pub group_ids: Vec<String>,
    pub tag_instances: Vec<TagInstanceView>,
    pub created_at: String,
    pub updated_at: String,
}

impl From<Person> for PersonView {
    fn from(p: Person) -> Self {
        let d = p.data;
        Self {
            id: p.id.to_string(),
            procore_person_id: p.procore_id,
            name: NameView {
                first: d.first_name,
                last: d.last_name,
            },
            company_id: p.company_id.to_string(),
            is_user: d.is_user,
            is_assignable: d.is_assignable,
            status: d.status.as_str(),
            email: d.email.map(|e| e.as_str().to_owned()),
            phone: d.phone.map(|p| p.as_str().to_owned()),
            can_recieve_sms: d.can_recieve_sms,
            can_recieve_email: d.can_recieve_email,
            can_recieve_mobile: d.can_recieve_mobile,
            address_1: d.address_1,
            address_2: d.address_2,
            state_province: d.state_province,
            city_town: d.city_town,
            zipcode: d.zipcode,
            country: d.country,
            job_title_id: d.job_title_id.map(|j| j.to_string()),
            hourly_wage: d.hourly_wage,
            employee_number: d.employee_number,
            emergency_contact_name: d.emergency_contact_name,
            emergency_contact_number: d.emergency_contact_number,
            emergency_contact_email: d.emergency_contact_email,
            emergency_contact_relation: d.emergency_contact_relation,
            dob: iso(d.dob),
            is_male: d.is_male,
            hired_date: iso(d.hired_date),
            language: d.language,
            permission_level_id: d.permission_level_id.map(|l| l.to_string()),
            notification_profile_id: d.notification_profile_id.map(|n| n.to_string()),
            invitation_pending: p.invitation_pending,
            group_ids: strings(&p.group_ids),
            tag_instances: p
                .tag_instances
                .into_iter()
                .map(|t| TagInstanceView {
                    id: t.id.to_string(),
                    tag_id: t.tag_id.to_string(),
                    expr_date: iso(t.expr_date),
                })
                .collect(),
            created_at: format_iso(p.created_at),
            updated_at: format_iso(p.updated_at),
        }
    }
}

/// A page of people on LaborChart's mount (its read page): `possible_pages` pages of the page
/// size hold every match; a page past them has an empty `data`.
#[derive(Serialize, ToSchema)]
pub struct PeoplePageView {
    pub possible_pages: u64,
    /// 0-based, as requested.
    pub current_page: u32,
    pub data: Vec<PersonView>,
}

/// What a people list answers (for the document): every match, or a page.
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
pub enum PeopleAnswer {
    All(Vec<PersonView>),
    Page(PeoplePageView),
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
pub mod procore;
pub use custom_fields::{CustomFieldView, SuccessView};
mod paging;
mod time_off;
pub use paging::{CursorPageView, CursorPagination};
pub use time_off::{DeletedView, TimeOffInstanceView, TimeOffView};
