//! People: Create Person and Update Person (one body), a tag or a group added to a person, and
//! enabling a login.
use super::fields::{
    Amount, GroupIds, GroupRef, JobTitleRef, List, Name, NotificationProfileRef, OptEmail, OptPhone, Patch,
    PermissionLevelRef, TagRef, Text, When,
};
use roster_core::limits::{MAX_NAME, MAX_PASSWORD, MAX_PHONE, MAX_SHORT, MAX_TEXT};
use roster_core::model::{
    check_tag_instances, CreatePerson, EnableLogin, PersonChanges, PersonData, RawValue, SentValues, Status,
    TagInstance,
};
use roster_core::password::Password;
use roster_core::{Invalid, TagInstanceId};
use serde::Deserialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// Keys a person's answer has that a body does not take: ignored, so that an answer can be sent
/// back as an update.
const ANSWER_ONLY: &[&str] = &[
    "id",
    "procore_person_id",
    "name",
    "company_id",
    "invitation_pending",
    "created_at",
    "updated_at",
];

/// A request's JSON value as the domain reads custom values.
fn raw_value(v: &serde_json::Value) -> RawValue {
    use serde_json::Value as J;
    match v {
        J::Null => RawValue::Null,
        J::Bool(b) => RawValue::Bool(*b),
        J::Number(n) => n.as_f64().map_or(RawValue::Other, RawValue::Number),
        J::String(s) => RawValue::Text(s.clone()),
        J::Array(items) => RawValue::List(items.iter().map(raw_value).collect()),
        J::Object(_) => RawValue::Other,
    }
}

/// `active` or `inactive`.
#[derive(Deserialize, ToSchema, Clone, Copy)]
#[serde(rename_all = "lowercase")]
pub enum StatusBody {
    Active,
    Inactive,
}

impl From<StatusBody> for Status {
    fn from(s: StatusBody) -> Self {
        match s {
            StatusBody::Active => Status::Active,
            StatusBody::Inactive => Status::Inactive,
        }
    }
}

/// The one language there is.
#[derive(Deserialize, ToSchema, Clone, Copy)]
#[serde(rename_all = "lowercase")]
pub enum LanguageBody {
    English,
}

/// A tag on a person: `expr_date` in any of the three date forms; a tag that requires one needs it.
#[derive(Deserialize, ToSchema, Clone)]
pub struct TagInstanceBody {
    #[schema(inline)]
    pub tag_id: TagRef,
    #[serde(default)]
    #[schema(inline)]
    pub expr_date: Patch<When>,
}

impl TagInstanceBody {
    /// A new instance (a new id).
    pub fn instance(self) -> TagInstance {
        TagInstance {
            id: TagInstanceId::new(),
            tag_id: self.tag_id.0,
            expr_date: self.expr_date.given().map(|d| d.0),
        }
    }
}

/// A person. Create Person requires `first_name`, `last_name`, `is_user`, `is_assignable`,
/// `status` and `group_ids` (`email` and `permission_level_id` too for a user); Update Person
/// changes the keys sent: `group_ids` and `tag_instances` replace the person's, `is_user` enables
/// or revokes the login, `password` is for a user. `can_receive_*` is accepted for `can_recieve_*`.
#[derive(Deserialize, ToSchema, Default, Clone)]
pub struct PersonBody {
    #[serde(default)]
    #[schema(inline)]
    pub first_name: Patch<Name<{ MAX_NAME }>>,
    #[serde(default)]
    #[schema(inline)]
    pub last_name: Patch<Name<{ MAX_NAME }>>,
    #[serde(default)]
    #[schema(inline)]
    pub is_user: Patch<bool>,
    #[serde(default)]
    #[schema(inline)]
    pub is_assignable: Patch<bool>,
    #[serde(default)]
    #[schema(inline)]
    pub status: Patch<StatusBody>,
    #[serde(default)]
    #[schema(inline)]
    pub group_ids: Patch<GroupIds>,
    #[serde(default)]
    #[schema(inline)]
    pub tag_instances: Patch<List<TagInstanceBody>>,
    /// Only with `is_user`; 8+ characters with an uppercase letter, a lowercase letter and a digit.
    #[serde(default)]
    #[schema(inline)]
    pub password: Patch<Text<{ MAX_PASSWORD }>>,
    /// A user without a password is sent an invitation unless this is true.
    #[serde(default)]
    #[schema(inline)]
    pub no_invite: Patch<bool>,
    #[serde(default)]
    #[schema(inline)]
    pub email: Patch<OptEmail>,
    #[serde(default)]
    #[schema(inline)]
    pub phone: Patch<OptPhone>,
    #[serde(default, alias = "can_receive_sms")]
    #[schema(inline)]
    pub can_recieve_sms: Patch<bool>,
    #[serde(default, alias = "can_receive_email")]
    #[schema(inline)]
    pub can_recieve_email: Patch<bool>,
    #[serde(default, alias = "can_receive_mobile")]
    #[schema(inline)]
    pub can_recieve_mobile: Patch<bool>,
    #[serde(default)]
    #[schema(inline)]
    pub address_1: Patch<Text<{ MAX_TEXT }>>,
    #[serde(default)]
    #[schema(inline)]
    pub address_2: Patch<Text<{ MAX_TEXT }>>,
    #[serde(default)]
    #[schema(inline)]
    pub state_province: Patch<Text<{ MAX_TEXT }>>,
    #[serde(default)]
    #[schema(inline)]
    pub city_town: Patch<Text<{ MAX_TEXT }>>,
    #[serde(default)]
    #[schema(inline)]
    pub zipcode: Patch<Text<{ MAX_SHORT }>>,
    #[serde(default)]
    #[schema(inline)]
    pub country: Patch<Text<{ MAX_TEXT }>>,
    #[serde(default)]
    #[schema(inline)]
    pub job_title_id: Patch<JobTitleRef>,
    #[serde(default)]
    #[schema(inline)]
    pub hourly_wage: Patch<Amount>,
    #[serde(default)]
    #[schema(inline)]
    pub employee_number: Patch<Text<{ MAX_TEXT }>>,
    #[serde(default)]
    #[schema(inline)]
    pub emergency_contact_name: Patch<Text<{ MAX_TEXT }>>,
    #[serde(default)]
    #[schema(inline)]
    pub emergency_contact_number: Patch<Text<{ MAX_PHONE }>>,
    #[serde(default)]
    #[schema(inline)]
    pub emergency_contact_email: Patch<OptEmail>,
    #[serde(default)]
    #[schema(inline)]
    pub emergency_contact_relation: Patch<Text<{ MAX_TEXT }>>,
    #[serde(default)]
    #[schema(inline)]
    pub dob: Patch<When>,
    #[serde(default)]
    #[schema(inline)]
    pub is_male: Patch<bool>,
    #[serde(default)]
    #[schema(inline)]
    pub hired_date: Patch<When>,
    #[serde(default)]
    #[schema(inline)]
    pub language: Patch<LanguageBody>,
    #[serde(default)]
    #[schema(inline)]
    pub permission_level_id: Patch<PermissionLevelRef>,
    #[serde(default)]
    #[schema(inline)]
    pub notification_profile_id: Patch<NotificationProfileRef>,
    /// Any other key is a custom field's integration name with the person's value (`null`
    /// unsets it), checked against the field: a key that is no people field's is a 400
    /// `unknownField` naming it. Keys only an answer has (`id`, `name`, `created_at`, …) are
    /// ignored.
    #[serde(flatten)]
    pub custom_values: BTreeMap<String, serde_json::Value>,
}

impl PersonBody {
    /// Create Person's request.
    pub fn create(self) -> Result<CreatePerson, Invalid> {
        let mut data = PersonData::new(
            self.first_name.clone().required("first_name")?.0,
            self.last_name.clone().required("last_name")?.0,
            self.is_user.clone().required("is_user")?,
            self.is_assignable.clone().required("is_assignable")?,
            self.status.clone().required("status")?.into(),
        );
        let group_ids = self.group_ids.clone().required("group_ids")?.0;
        let tag_instances = self
            .tag_instances
            .clone()
            .given()
            .map(|l| l.0.into_iter().map(TagInstanceBody::instance).collect())
            .unwrap_or_default();
        let password = self.password.clone().given().map(|p| p.0);
        let no_invite = self.no_invite.clone().given().unwrap_or(false);
        let custom_values = self.sent_values();
        self.apply(&mut data, true);
        CreatePerson::new(
            data,
            group_ids,
            tag_instances,
            password.as_deref(),
            no_invite,
            custom_values,
        )
    }

    /// Update Person: `current` with the keys sent applied, under the same rules as create.
    /// `is_user` enables or revokes the login (a user needs `email` and `permission_level_id`, sent
    /// or on record); `password` is only for someone who is then a user.
    pub fn update(&self, current: &PersonData) -> Result<PersonData, Invalid> {
        let mut d = current.clone();
        let b = self.clone();
        b.first_name
            .clone()
            .map(|n| n.0)
            .update_required("first_name", &mut d.first_name)?;
        b.last_name
            .clone()
            .map(|n| n.0)
            .update_required("last_name", &mut d.last_name)?;
        b.is_assignable
            .clone()
            .update_required("is_assignable", &mut d.is_assignable)?;
        b.is_user.clone().update_required("is_user", &mut d.is_user)?;
        if !d.is_user && b.password.is_sent() {
            return Err(Invalid::new(
                "password",
                "passwordWithoutUser",
                "`password` is only accepted for a user: send `is_user: true` with it",
            ));
        }
        let mut status = d.status;
        b.status
            .clone()
            .map(Status::from)
            .update_required("status", &mut status)?;
        d.status = status;
        b.apply(&mut d, false);
        d.check_user_fields()?;
        Ok(d)
    }

    /// Update Person's changes beyond the properties (`update`): the groups and tags that replace
    /// the person's, and the password to hash (its complexity checked here) for `password_hash`.
    pub fn changes(&self) -> Result<(PersonChanges, Option<Password>), Invalid> {
        let tag_instances = match self.tag_instances.clone() {
            Patch::Absent => None,
            Patch::Null => Some(Vec::new()),
            Patch::Value(l) => Some(l.0.into_iter().map(TagInstanceBody::instance).collect()),
        };
        if let Some(t) = &tag_instances {
            check_tag_instances(t)?;
        }
        let group_ids = self.group_ids.clone().map(|g| g.0).update_value("group_ids")?;
        let password = match self.password.clone().update_value("password")? {
            Some(p) => Some(Password::parse("password", &p.0)?),
            None => None,
        };
        let changes = PersonChanges {
            group_ids,
            tag_instances,
            password_hash: None,
            no_invite: self.no_invite.clone().given().unwrap_or(false),
            custom_values: self.sent_values(),
        };
        Ok((changes, password))
    }

    /// The custom field values sent, by integration name.
    fn sent_values(&self) -> SentValues {
        self.custom_values
            .iter()
            .filter(|(k, _)| !ANSWER_ONLY.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), raw_value(v)))
            .collect()
    }

    /// The optional properties: on create every one not given is at its default; on update only
    /// the keys sent change, and `null` clears.
    fn apply(self, d: &mut PersonData, creating: bool) {
        self.email.map(|e| e.0).flatten().apply(creating, &mut d.email);
        self.phone.map(|p| p.0).flatten().apply(creating, &mut d.phone);
        self.can_recieve_sms.update_or(false, &mut d.can_recieve_sms);
        self.can_recieve_email.update_or(false, &mut d.can_recieve_email);
        self.can_recieve_mobile.update_or(true, &mut d.can_recieve_mobile);
        for (value, target) in [
            (self.address_1.map(|t| t.0), &mut d.address_1),
            (self.address_2.map(|t| t.0), &mut d.address_2),
            (self.state_province.map(|t| t.0), &mut d.state_province),
            (self.city_town.map(|t| t.0), &mut d.city_town),
            (self.zipcode.map(|t| t.0), &mut d.zipcode),
            (self.country.map(|t| t.0), &mut d.country),
            (self.employee_number.map(|t| t.0), &mut d.employee_number),
            (self.emergency_contact_name.map(|t| t.0), &mut d.emergency_contact_name),
            (
                self.emergency_contact_number.map(|t| t.0),
                &mut d.emergency_contact_number,
            ),
            (
                self.emergency_contact_relation.map(|t| t.0),
                &mut d.emergency_contact_relation,
            ),
        ] {
            value.apply(creating, target);
        }
        self.emergency_contact_email
            .map(|e| e.0.map(|e| e.as_str().to_owned()))
            .flatten()
            .apply(creating, &mut d.emergency_contact_email);
        self.job_title_id.map(|j| j.0).apply(creating, &mut d.job_title_id);
        self.hourly_wage.map(|w| w.0).apply(creating, &mut d.hourly_wage);
        self.dob.map(|w| w.0).apply(creating, &mut d.dob);
        self.is_male.apply(creating, &mut d.is_male);
        self.hired_date.map(|w| w.0).apply(creating, &mut d.hired_date);
        if let Some(LanguageBody::English) = self.language.given() {
            d.language = "english";
        }
        self.permission_level_id
            .map(|l| l.0)
            .apply(creating, &mut d.permission_level_id);
        self.notification_profile_id
            .map(|n| n.0)
            .apply(creating, &mut d.notification_profile_id);
    }
}

/// Adds the person to a group.
#[derive(Deserialize, ToSchema)]
pub struct GroupIdBody {
    #[schema(inline)]
    pub group_id: GroupRef,
}

/// Enables a login: with a password, or by an invitation email (unless `no_invite`).
#[derive(Deserialize, ToSchema)]
pub struct EnableLoginBody {
    #[schema(inline)]
    pub permission_level_id: PermissionLevelRef,
    /// Replaces the email on record; required when there is none.
    #[serde(default)]
    #[schema(inline)]
    pub email: Patch<OptEmail>,
    /// 8+ characters with an uppercase letter, a lowercase letter and a digit.
    #[serde(default)]
    #[schema(inline)]
    pub password: Patch<Text<{ MAX_PASSWORD }>>,
    #[serde(default)]
    #[schema(inline)]
    pub no_invite: Patch<bool>,
}

impl EnableLoginBody {
    pub fn request(self) -> Result<EnableLogin, Invalid> {
        EnableLogin::new(
            self.permission_level_id.0,
            self.email.given().and_then(|e| e.0),
            self.password.given().map(|p| p.0).as_deref(),
            self.no_invite.given().unwrap_or(false),
        )
    }
}

pub use super::people_query::PeopleQuery;
