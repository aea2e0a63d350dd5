//! The Person of LaborChart v2: its properties, the rules of a new person, and the rules that need
//! stored data, so every store enforces them the same way.
use super::custom_value::{PersonValues, SentValues};
use super::tag::TagInstance;
use crate::dates::{now_millis, Millis};
use crate::email::Email;
use crate::password::Password;
use crate::phone::Phone;
use crate::{
    CompanyId, CustomFieldId, GroupId, Invalid, JobTitleId, NotificationProfileId, PermissionLevelId, PersonId,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Active,
    Inactive,
}

impl Status {
    pub const OPTIONS: &'static [&'static str] = &["active", "inactive"];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Inactive => "inactive",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "active" => Some(Self::Active),
            "inactive" => Some(Self::Inactive),
            _ => None,
        }
    }
}

pub const LANGUAGES: &[&str] = &["english"];

/// The stored properties of a person (not their groups, tags or login secrets).
#[derive(Debug, Clone, PartialEq)]
pub struct PersonData {
    pub first_name: String,
    pub last_name: String,
    pub is_user: bool,
    pub is_assignable: bool,
    pub status: Status,
    pub email: Option<Email>,
    pub phone: Option<Phone>,
    pub can_recieve_sms: bool,
    pub can_recieve_email: bool,
    pub can_recieve_mobile: bool,
    pub address_1: Option<String>,
    pub address_2: Option<String>,
    pub state_province: Option<String>,
    pub city_town: Option<String>,
    pub zipcode: Option<String>,
    pub country: Option<String>,
    pub job_title_id: Option<JobTitleId>,
    pub hourly_wage: Option<f64>,
    pub employee_number: Option<String>,
    pub emergency_contact_name: Option<String>,
    pub emergency_contact_number: Option<String>,
    pub emergency_contact_email: Option<String>,
    pub emergency_contact_relation: Option<String>,
    pub dob: Option<Millis>,
    pub is_male: Option<bool>,
    pub hired_date: Option<Millis>,
    pub language: &'static str,
    pub permission_level_id: Option<PermissionLevelId>,
    pub notification_profile_id: Option<NotificationProfileId>,
}

/// A person as read back.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub id: PersonId,
    /// The integer id Procore-style clients use.
    pub procore_id: i64,
    pub company_id: CompanyId,
    pub data: PersonData,
    pub group_ids: Vec<GroupId>,
    pub tag_instances: Vec<TagInstance>,
    /// Every people field of the company with the person's value.
    pub custom_values: PersonValues,
    /// A user without a password who has been sent an invitation not yet accepted.
    pub invitation_pending: bool,
    pub has_password: bool,
    pub created_at: Millis,
    pub updated_at: Millis,
}

/// A validated Create Single Person request.
#[derive(Debug)]
pub struct CreatePerson {
    pub data: PersonData,
    pub group_ids: Vec<GroupId>,
    pub tag_instances: Vec<TagInstance>,
    pub password: Option<Password>,
    pub no_invite: bool,
    /// Custom field values by integration name, checked against the company's fields by the store.
    pub custom_values: SentValues,
}

/// What the store writes for a new person, in one transaction.
#[derive(Debug, Clone)]
pub struct NewPerson {
    pub id: PersonId,
    pub company_id: CompanyId,
    pub data: PersonData,
    pub group_ids: Vec<GroupId>,
    pub tag_instances: Vec<TagInstance>,
    /// Custom field values by integration name, checked in the write transaction.
    pub custom_values: SentValues,
    /// argon2id PHC string, when a password was given.
    pub password_hash: Option<String>,
    /// The invitation to send (a user without password, unless `no_invite`).
    pub invitation: Option<super::login::NewInvitation>,
    pub created_at: Millis,
}

impl CreatePerson {
    /// A user without a password is sent an invitation unless `no_invite`.
    pub fn needs_invitation(&self) -> bool {
        self.data.is_user && self.password.is_none() && !self.no_invite
    }

    /// A new person's request with its rules checked: a user needs an email and a permission
    /// level; a password is only for a user, and must be strong; a tag applies once.
    pub fn new(
        data: PersonData,
        group_ids: Vec<GroupId>,
        tag_instances: Vec<TagInstance>,
        password: Option<&str>,
        no_invite: bool,
        custom_values: SentValues,
    ) -> Result<Self, Invalid> {
        check_tag_instances(&tag_instances)?;
        data.check_user_fields()?;
        if !data.is_user && password.is_some() {
            return Err(Invalid::new(
                "password",
                "passwordWithoutUser",
                "`password` is only accepted when `is_user` is true",
            ));
        }
        let password = password.map(|p| Password::parse("password", p)).transpose()?;
        Ok(Self {
            data,
            group_ids,
            tag_instances,
            password,
            no_invite,
            custom_values,
        })
    }
}

impl PersonData {
    /// A person with only the properties a create requires; every other one at its default.
    pub fn new(first_name: String, last_name: String, is_user: bool, is_assignable: bool, status: Status) -> Self {
        Self {
            first_name,
            last_name,
            is_user,
            is_assignable,
            status,
            email: None,
            phone: None,
            can_recieve_sms: false,
            can_recieve_email: false,
            can_recieve_mobile: true,
            address_1: None,
            address_2: None,
            state_province: None,
            city_town: None,
            zipcode: None,
            country: None,
            job_title_id: None,
            hourly_wage: None,
            employee_number: None,
            emergency_contact_name: None,
            emergency_contact_number: None,
            emergency_contact_email: None,
            emergency_contact_relation: None,
            dob: None,
            is_male: None,
            hired_date: None,
            language: "english",
            permission_level_id: None,
            notification_profile_id: None,
        }
    }

    /// A user needs an email to log in with and a permission level.
    pub fn check_user_fields(&self) -> Result<(), Invalid> {
        let needed = |k: &str| {
            Invalid::new(
                k,
                "missingRequiredField",
                format!("`{k}` is required when `is_user` is true"),
            )
        };
        if self.is_user && self.email.is_none() {
            return Err(needed("email"));
        }
        if self.is_user && self.permission_level_id.is_none() {
            return Err(needed("permission_level_id"));
        }
        Ok(())
    }

    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

/// A tag applies to a person once: the second instance of a tag is named in the error.
pub fn check_tag_instances(items: &[TagInstance]) -> Result<(), Invalid> {
    for (i, t) in items.iter().enumerate() {
        if items[..i].iter().any(|u| u.tag_id == t.tag_id) {
            let field = format!("tag_instances[{i}].tag_id");
            return Err(Invalid::new(
                field.clone(),
                "duplicateTag",
                format!("`{field}` repeats tag {}: a tag applies to a person once", t.tag_id),
            ));
        }
    }
    Ok(())
}

/// "The only time [group_ids] can be left empty is if a Person is an Admin", and an assignable
/// person is assigned through a group, so always has one.
pub fn check_groups(
    group_ids: &[GroupId],
    permission_level_is_admin: Option<bool>,
    is_assignable: bool,
) -> Result<(), Invalid> {
    if group_ids.is_empty() && (permission_level_is_admin != Some(true) || is_assignable) {
        let why = if is_assignable && permission_level_is_admin == Some(true) {
            "`group_ids` may not be empty for an assignable person"
        } else {
            "`group_ids` may be empty only for a person with an admin permission level who is not assignable"
        };
        return Err(Invalid::new("group_ids", "groupRequired", why));
    }
    Ok(())
}

/// What Update Person changes besides the person's properties, written with them in one
/// transaction. Whether the person is a user is a property (`PersonData::is_user`): the store
/// enables or revokes the login when the edit changes it.
#[derive(Debug, Clone, Default)]
pub struct PersonChanges {
    /// Replaces the person's groups.
    pub group_ids: Option<Vec<GroupId>>,
    /// Replaces the person's tags; an instance of a tag the person keeps keeps its id.
    pub tag_instances: Option<Vec<TagInstance>>,
    /// A new password's hash; the edit has checked that the person is then a user.
    pub password_hash: Option<String>,
    /// A person made a user without a password gets no invitation.
    pub no_invite: bool,
    /// Custom field values to set (or, `null`, unset) by integration name; the others stay.
    pub custom_values: SentValues,
}

impl NewPerson {
    /// `req.password` has been hashed into `password_hash` by the caller (off the async threads);
    /// `invitation` is given when `req.needs_invitation()`.
    pub fn from_request(
        company_id: CompanyId,
        req: CreatePerson,
        password_hash: Option<String>,
        invitation: Option<super::login::NewInvitation>,
    ) -> Self {
        Self {
            id: PersonId::new(),
            company_id,
            data: req.data,
            group_ids: req.group_ids,
            tag_instances: req.tag_instances,
            custom_values: req.custom_values,
            password_hash,
            invitation,
            created_at: now_millis(),
        }
    }
}

/// Exact-match and time filters of the people list; the default one lets everyone through.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PersonFilter {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub employee_number: Option<String>,
    pub status: Option<Status>,
    pub group_id: Option<GroupId>,
    /// Custom field values, each as the key it is found by (`FieldValue::keys`).
    pub custom: Vec<(CustomFieldId, String)>,
    /// People with this tag.
    pub tag_id: Option<crate::TagId>,
    pub job_title_id: Option<JobTitleId>,
    /// People whose login is in this state.
    pub login: Option<LoginState>,
    /// The order of a page (`people`); the streamed lists go by integer id whatever it says.
    pub sort: PersonSort,
    /// The web app's search: text found (in any letter case) in the name, email or employee
    /// number, or digits found in the phone.
    pub search: Option<String>,
    /// Inclusive bounds of `created_at` and `updated_at`.
    pub created_from: Option<Millis>,
    pub created_to: Option<Millis>,
    pub updated_from: Option<Millis>,
    pub updated_to: Option<Millis>,
}

/// The order of a people page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PersonSort {
    /// By integer id: the order people were created in (the API's order).
    #[default]
    Oldest,
    Newest,
    /// By last name, then first name.
    Name,
}

impl PersonSort {
    pub const OPTIONS: &'static [&'static str] = &["oldest", "newest", "name"];

    pub fn as_str(self) -> &'static str {
        Self::OPTIONS[self as usize]
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "oldest" => Some(Self::Oldest),
            "newest" => Some(Self::Newest),
            "name" => Some(Self::Name),
            _ => None,
        }
    }
}

/// Whether a person can log in: no login, invited (no password yet), or active.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginState {
    None,
    Invited,
    Active,
}

impl LoginState {
    pub const OPTIONS: &'static [&'static str] = &["none", "invited", "active"];

    pub fn of(p: &Person) -> Self {
        match (p.data.is_user, p.invitation_pending) {
            (false, _) => Self::None,
            (true, true) => Self::Invited,
            (true, false) => Self::Active,
        }
    }

    pub fn as_str(self) -> &'static str {
        Self::OPTIONS[self as usize]
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "none" => Some(Self::None),
            "invited" => Some(Self::Invited),
            "active" => Some(Self::Active),
            _ => None,
        }
    }
}

/// A 0-based page of a list.
#[derive(Debug, Clone, Copy)]
pub struct Page {
    pub index: u32,
    pub size: u32,
}

pub const PEOPLE_PAGE_SIZE: u32 = 400;
