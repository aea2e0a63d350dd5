//! The person's property columns, named once for inserts, updates and reads.
use super::backend::{Cells, Sql, Value};
use super::rows::{get, id, json_column, opt_id};
use roster_core::email::Email;
use roster_core::model::{Person, PersonData, Status, TagInstance, LANGUAGES};
use roster_core::phone::Phone;
use roster_core::store::StoreResult;
use roster_core::GroupId;
use roster_core::StoreError;
use std::sync::LazyLock;

/// A column's name and the value it takes from a person's properties.
pub(super) type Column = (&'static str, fn(&PersonData) -> Value<'_>);

/// The person's property columns, each with the value it takes from `PersonData`: one
/// table, so a column's name and its value cannot drift apart. Inserts, updates and the
/// batched inserts are all built from it; reads decode by name (`person_data`).
pub(super) const DATA_COLUMNS: &[Column] = &[
    ("first_name", |d| d.first_name.as_str().into()),
    ("last_name", |d| d.last_name.as_str().into()),
    ("is_user", |d| d.is_user.into()),
    ("is_assignable", |d| d.is_assignable.into()),
    ("status", |d| d.status.as_str().into()),
    ("email", |d| d.email.as_ref().map(Email::as_str).into()),
    ("email_norm", |d| d.email.as_ref().map(Email::normalized).into()),
    ("phone", |d| d.phone.as_ref().map(Phone::as_str).into()),
    ("can_recieve_sms", |d| d.can_recieve_sms.into()),
    ("can_recieve_email", |d| d.can_recieve_email.into()),
    ("can_recieve_mobile", |d| d.can_recieve_mobile.into()),
    ("address_1", |d| d.address_1.as_deref().into()),
    ("address_2", |d| d.address_2.as_deref().into()),
    ("state_province", |d| d.state_province.as_deref().into()),
    ("city_town", |d| d.city_town.as_deref().into()),
    ("zipcode", |d| d.zipcode.as_deref().into()),
    ("country", |d| d.country.as_deref().into()),
    ("job_title_id", |d| (d.job_title_id.map(|j| j.to_string())).into()),
    ("hourly_wage", |d| d.hourly_wage.into()),
    ("employee_number", |d| d.employee_number.as_deref().into()),
    ("emergency_contact_name", |d| d.emergency_contact_name.as_deref().into()),
    ("emergency_contact_number", |d| {
        d.emergency_contact_number.as_deref().into()
    }),
    ("emergency_contact_email", |d| {
        d.emergency_contact_email.as_deref().into()
    }),
    ("emergency_contact_relation", |d| {
        d.emergency_contact_relation.as_deref().into()
    }),
    ("dob", |d| d.dob.into()),
    ("is_male", |d| d.is_male.into()),
    ("hired_date", |d| d.hired_date.into()),
    ("language", |d| d.language.into()),
    ("permission_level_id", |d| {
        (d.permission_level_id.map(|l| l.to_string())).into()
    }),
    ("notification_profile_id", |d| {
        (d.notification_profile_id.map(|n| n.to_string())).into()
    }),
];

/// Every column of a new person's row, in the order `bind_new_person` binds them.
const NEW_PERSON_EXTRA: [&str; 6] = [
    "id",
    "company_id",
    "password_hash",
    "invitation_pending",
    "created_at",
    "updated_at",
];

/// `INSERT INTO people (...) `, for one row or many (`Sql::push_row`).
pub(super) static INSERT_PREFIX: LazyLock<String> = LazyLock::new(|| {
    let cols: Vec<&str> = DATA_COLUMNS.iter().map(|(c, _)| *c).chain(NEW_PERSON_EXTRA).collect();
    format!("INSERT INTO people ({}) ", cols.join(", "))
});

pub(super) static INSERT_SQL: LazyLock<String> = LazyLock::new(|| {
    let n = DATA_COLUMNS.len() + NEW_PERSON_EXTRA.len();
    let params: Vec<String> = (1..=n).map(|i| format!("${i}")).collect();
    format!("{}VALUES ({})", *INSERT_PREFIX, params.join(", "))
});

/// Binds the data columns, then `updated_at`, `id`, `company_id`.
pub(super) static UPDATE_SQL: LazyLock<String> = LazyLock::new(|| {
    let n = DATA_COLUMNS.len();
    let sets: Vec<String> = DATA_COLUMNS
        .iter()
        .enumerate()
        .map(|(i, (c, _))| format!("{c} = ${}", i + 1))
        .collect();
    format!(
        "UPDATE people SET {}, updated_at = CASE WHEN ${t} > updated_at THEN ${t} ELSE updated_at + 1 END \
 WHERE id = ${} AND company_id = ${}",
        sets.join(", "),
        n + 2,
        n + 3,
        t = n + 1,
    )
});

/// A person row with their groups and tag instances, aggregated as JSON by the backend
/// (`Backend::PERSON_LINKS_SQL`), and the company's people fields (`Backend::FIELD_LIST_SQL`):
/// one query per person or page. Built once per backend.
pub struct PersonSql {
    /// Binds the company as `$1` (the field list, read once for the page), then the filters.
    pub select: String,
    pub by_uuid: String,
    pub by_seq: String,
}

impl PersonSql {
    /// `fields_sql` names the company's id as `{company}`: a list binds it (`$1`), so the fields
    /// are read once for the page rather than per row; a point read takes it from its row (a
    /// parameter before `$1` in the text would take index 1 on SQLite, which binds by index).
    pub(crate) fn new(links_sql: &str, fields_sql: &str) -> Self {
        let select = |company: &str| {
            format!(
                "SELECT p.*, {links_sql}, {} FROM people p",
                fields_sql.replace("{company}", company)
            )
        };
        Self {
            by_uuid: format!("{} WHERE p.id = $1 AND p.company_id = $2", select("p.company_id")),
            by_seq: format!("{} WHERE p.seq = $1 AND p.company_id = $2", select("p.company_id")),
            select: select("$1"),
        }
    }
}

/// A new person's whole row, in `INSERT_PREFIX` order.
pub(super) fn new_person_values(p: &roster_core::model::NewPerson) -> impl Iterator<Item = Value<'_>> {
    data_values(&p.data).chain([
        p.id.to_string().into(),
        p.company_id.to_string().into(),
        p.password_hash.as_deref().into(),
        p.invitation.is_some().into(),
        p.created_at.into(),
        p.created_at.into(),
    ])
}

/// The data columns' values, in `DATA_COLUMNS` order.
pub(super) fn data_values(d: &PersonData) -> impl Iterator<Item = Value<'_>> {
    DATA_COLUMNS.iter().map(move |(_, value)| value(d))
}

/// Binds the data columns' values, in `DATA_COLUMNS` order.
pub(super) fn bind_data<'q>(q: Sql<'q>, d: &'q PersonData) -> Sql<'q> {
    data_values(d).fold(q, Sql::bind)
}

fn person_data(row: &(impl Cells + ?Sized)) -> StoreResult<PersonData> {
    let status: String = get(row, "status")?;
    let language: String = get(row, "language")?;
    Ok(PersonData {
        first_name: get(row, "first_name")?,
        last_name: get(row, "last_name")?,
        is_user: get(row, "is_user")?,
        is_assignable: get(row, "is_assignable")?,
        status: Status::parse(&status).ok_or_else(|| StoreError::Other(format!("corrupt status {status}")))?,
        email: get::<Option<String>>(row, "email")?.map(Email::from_stored),
        phone: get::<Option<String>>(row, "phone")?.map(Phone::from_stored),
        can_recieve_sms: get(row, "can_recieve_sms")?,
        can_recieve_email: get(row, "can_recieve_email")?,
        can_recieve_mobile: get(row, "can_recieve_mobile")?,
        address_1: get(row, "address_1")?,
        address_2: get(row, "address_2")?,
        state_province: get(row, "state_province")?,
        city_town: get(row, "city_town")?,
        zipcode: get(row, "zipcode")?,
        country: get(row, "country")?,
        job_title_id: opt_id(row, "job_title_id")?,
        hourly_wage: get(row, "hourly_wage")?,
        employee_number: get(row, "employee_number")?,
        emergency_contact_name: get(row, "emergency_contact_name")?,
        emergency_contact_number: get(row, "emergency_contact_number")?,
        emergency_contact_email: get(row, "emergency_contact_email")?,
        emergency_contact_relation: get(row, "emergency_contact_relation")?,
        dob: get(row, "dob")?,
        is_male: get(row, "is_male")?,
        hired_date: get(row, "hired_date")?,
        language: LANGUAGES.iter().copied().find(|l| *l == language).unwrap_or("english"),
        permission_level_id: opt_id(row, "permission_level_id")?,
        notification_profile_id: opt_id(row, "notification_profile_id")?,
    })
}

/// The person's groups, in their order, from `group_list` (`Backend::PERSON_LINKS_SQL`).
pub(super) fn group_list(row: &(impl Cells + ?Sized)) -> StoreResult<Vec<GroupId>> {
    let mut items: Vec<(i64, String)> = json_column(row, "group_list")?;
    items.sort_unstable_by_key(|(position, _)| *position);
    items
        .into_iter()
        .map(|(_, id)| id.parse().map_err(|_| StoreError::Other("corrupt group id".into())))
        .collect()
}

/// The person's tag instances, in the order they were added, from `tag_list`.
fn tag_list(row: &(impl Cells + ?Sized)) -> StoreResult<Vec<TagInstance>> {
    let mut items: Vec<(i64, String, String, Option<i64>)> = json_column(row, "tag_list")?;
    items.sort_unstable_by_key(|(seq, ..)| *seq);
    items
        .into_iter()
        .map(|(_, id, tag_id, expr_date)| {
            let bad = |_| StoreError::Other("corrupt tag instance id".into());
            Ok(TagInstance {
                id: id.parse().map_err(bad)?,
                tag_id: tag_id.parse().map_err(bad)?,
                expr_date,
            })
        })
        .collect()
}

/// A person row selected with `PERSON_SELECT`.
pub(crate) fn person(row: &(impl Cells + ?Sized)) -> StoreResult<Person> {
    Ok(Person {
        id: id(row, "id")?,
        procore_id: get(row, "seq")?,
        company_id: id(row, "company_id")?,
        data: person_data(row)?,
        group_ids: group_list(row)?,
        tag_instances: tag_list(row)?,
        custom_values: super::custom_values::person_values(row)?,
        invitation_pending: get(row, "invitation_pending")?,
        has_password: get::<Option<String>>(row, "password_hash")?.is_some(),
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}
