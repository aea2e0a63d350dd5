//! A person as answered, and the people lists' shapes.
use super::{iso, strings};
use roster_core::dates::format_iso;
use roster_core::model::{FieldValue, Person, PersonValues};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use utoipa::ToSchema;

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
    /// Every custom field on people, as a top-level key of its integration name: a string
    /// (text, paragraph, select, hex-color as `#RRGGBB`, date as `YYYY-MM-DD`), a number (number,
    /// currency), a boolean, an array of options (multi-select), or `null` when unset.
    #[serde(flatten)]
    #[schema(value_type = std::collections::BTreeMap<String, serde_json::Value>)]
    pub custom_values: CustomValuesView,
}

/// A person's custom field values, each under its field's integration name.
pub struct CustomValuesView(pub PersonValues);

impl Serialize for CustomValuesView {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, &value.as_ref().map(ValueView))?;
        }
        map.end()
    }
}

struct ValueView<'a>(&'a FieldValue);

impl Serialize for ValueView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            FieldValue::Text(t) => s.serialize_str(t),
            // A whole number reads back as it was sent (`35`, not `35.0`).
            FieldValue::Number(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => s.serialize_i64(*n as i64),
            FieldValue::Number(n) => s.serialize_f64(*n),
            FieldValue::Bool(b) => s.serialize_bool(*b),
            FieldValue::Date(d) => s.collect_str(&d.format("%Y-%m-%d")),
            FieldValue::Options(o) => o.serialize(s),
        }
    }
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
            custom_values: CustomValuesView(p.custom_values),
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
