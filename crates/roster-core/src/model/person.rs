//! The Person of LaborChart v2: request parsing for create (partial updates: person_update.rs) and the
//! rules that need stored data, so every store enforces them the same way.
use super::set_if_sent;
use super::tag::TagInstance;
use crate::dates::{now_millis, Millis};
use crate::email::Email;
use crate::input::{within, Body, MAX_NAME, MAX_TEXT};
use crate::password::Password;
use crate::phone::Phone;
use crate::{CompanyId, GroupId, Invalid, JobTitleId, NotificationProfileId, PermissionLevelId, PersonId};

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
}

/// What the store writes for a new person, in one transaction.
#[derive(Debug, Clone)]
pub struct NewPerson {
    pub id: PersonId,
    pub company_id: CompanyId,
    pub data: PersonData,
    pub group_ids: Vec<GroupId>,
    pub tag_instances: Vec<TagInstance>,
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

    pub fn parse(b: &Body) -> Result<Self, Invalid> {
        let mut data = PersonData {
            first_name: b.required("first_name", |b, k| b.name(k, MAX_NAME))?,
            last_name: b.required("last_name", |b, k| b.name(k, MAX_NAME))?,
            is_user: b.required("is_user", Body::boolean)?,
            is_assignable: b.required("is_assignable", Body::boolean)?,
            status: b.required("status", status)?,
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
        };
        let group_ids = b.required("group_ids", Body::ids)?;
        data.apply(b, true)?;
        let tag_instances = tag_instances(b)?;

        let password = b.text("password", 1024)?;
        let no_invite = b.boolean("no_invite")?.unwrap_or(false);
        data.check_user_fields()?;
        if !data.is_user && password.is_some() {
            return Err(Invalid::new(
                "password",
                "passwordWithoutUser",
                "`password` is only accepted when `is_user` is true",
            ));
        }
        let password = password.map(|p| Password::parse("password", &p)).transpose()?;
        Ok(Self {
            data,
            group_ids,
            tag_instances,
            password,
            no_invite,
        })
    }
}

impl PersonData {
    /// Reads every optional property. On create every absent key resets to its default; on update
    /// only sent keys change.
    pub fn apply(&mut self, b: &Body, creating: bool) -> Result<(), Invalid> {
        set_if_sent!(b, creating, self.email, "email", email(b));
        set_if_sent!(b, creating, self.phone, "phone", phone(b));
        for (target, default, keys) in [
            (&mut self.can_recieve_sms, false, ["can_recieve_sms", "can_receive_sms"]),
            (
                &mut self.can_recieve_email,
                false,
                ["can_recieve_email", "can_receive_email"],
            ),
            (
                &mut self.can_recieve_mobile,
                true,
                ["can_recieve_mobile", "can_receive_mobile"],
            ),
        ] {
            if let Some(k) = b.first_sent(&keys) {
                *target = b.boolean(k)?.unwrap_or(default);
            }
        }
        set_if_sent!(b, creating, self.address_1, "address_1", b.text("address_1", MAX_TEXT));
        set_if_sent!(b, creating, self.address_2, "address_2", b.text("address_2", MAX_TEXT));
        set_if_sent!(
            b,
            creating,
            self.state_province,
            "state_province",
            b.text("state_province", MAX_TEXT)
        );
        set_if_sent!(b, creating, self.city_town, "city_town", b.text("city_town", MAX_TEXT));
        set_if_sent!(b, creating, self.zipcode, "zipcode", b.text("zipcode", 32));
        set_if_sent!(b, creating, self.country, "country", b.text("country", MAX_TEXT));
        set_if_sent!(b, creating, self.job_title_id, "job_title_id", b.id("job_title_id"));
        set_if_sent!(b, creating, self.hourly_wage, "hourly_wage", b.amount("hourly_wage"));
        set_if_sent!(
            b,
            creating,
            self.employee_number,
            "employee_number",
            b.text("employee_number", MAX_TEXT)
        );
        set_if_sent!(
            b,
            creating,
            self.emergency_contact_name,
            "emergency_contact_name",
            b.text("emergency_contact_name", MAX_TEXT)
        );
        set_if_sent!(
            b,
            creating,
            self.emergency_contact_number,
            "emergency_contact_number",
            b.text("emergency_contact_number", 64)
        );
        set_if_sent!(
            b,
            creating,
            self.emergency_contact_email,
            "emergency_contact_email",
            super::group::optional_email(b, "emergency_contact_email")
        );
        set_if_sent!(
            b,
            creating,
            self.emergency_contact_relation,
            "emergency_contact_relation",
            b.text("emergency_contact_relation", MAX_TEXT)
        );
        set_if_sent!(b, creating, self.dob, "dob", b.date("dob"));
        set_if_sent!(b, creating, self.is_male, "is_male", b.boolean("is_male"));
        set_if_sent!(b, creating, self.hired_date, "hired_date", b.date("hired_date"));
        if let Some(lang) = b.choice("language", LANGUAGES)? {
            self.language = lang;
        }
        set_if_sent!(
            b,
            creating,
            self.permission_level_id,
            "permission_level_id",
            b.id("permission_level_id")
        );
        set_if_sent!(
            b,
            creating,
            self.notification_profile_id,
            "notification_profile_id",
            b.id("notification_profile_id")
        );
        Ok(())
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

pub(crate) fn status(b: &Body, k: &str) -> Result<Option<Status>, Invalid> {
    Ok(b.choice(k, Status::OPTIONS)?.and_then(Status::parse))
}

fn email(b: &Body) -> Result<Option<Email>, Invalid> {
    match b.text("email", crate::email::MAX_LEN)? {
        Some(s) if s.trim().is_empty() => Ok(None),
        Some(s) => Email::parse("email", &s).map(Some),
        None => Ok(None),
    }
}

fn phone(b: &Body) -> Result<Option<Phone>, Invalid> {
    match b.text("phone", 64)? {
        Some(s) => Phone::parse("phone", &s),
        None => Ok(None),
    }
}

fn tag_instances(b: &Body) -> Result<Vec<TagInstance>, Invalid> {
    let Some(items) = b.array("tag_instances")? else {
        return Ok(Vec::new());
    };
    let mut out: Vec<TagInstance> = Vec::with_capacity(items.len());
    for (i, v) in items.iter().enumerate() {
        let prefix = format!("tag_instances[{i}]");
        let item = Body::nested(v, &prefix)?;
        let instance = TagInstance::parse(&item).map_err(|e| within(&prefix, e))?;
        if out.iter().any(|t| t.tag_id == instance.tag_id) {
            return Err(Invalid::new(
                format!("{prefix}.tag_id"),
                "duplicateTag",
                format!(
                    "`{prefix}.tag_id` repeats tag {}: a tag applies to a person once",
                    instance.tag_id
                ),
            ));
        }
        out.push(instance);
    }
    Ok(out)
}

/// "The only time [group_ids] can be left empty is if a Person is an Admin."
pub fn check_groups(group_ids: &[GroupId], permission_level_is_admin: Option<bool>) -> Result<(), Invalid> {
    if group_ids.is_empty() && permission_level_is_admin != Some(true) {
        return Err(Invalid::new(
            "group_ids",
            "groupRequired",
            "`group_ids` may be empty only for a person with an admin permission level",
        ));
    }
    Ok(())
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
    pub created_at: Option<Millis>,
    pub created_before: Option<Millis>,
    pub created_after: Option<Millis>,
    pub updated_at: Option<Millis>,
    pub updated_before: Option<Millis>,
    pub updated_after: Option<Millis>,
}

/// A 0-based page of a list.
#[derive(Debug, Clone, Copy)]
pub struct Page {
    pub index: u32,
    pub size: u32,
}

pub const PEOPLE_PAGE_SIZE: u32 = 400;
