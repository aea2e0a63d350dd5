//! The person's property columns, named once for inserts, updates and reads.
// Expanded once per backend (sqlite/, postgres/), where `Db`, `DbRow`, `DbConn` and `Backend` name its types.
macro_rules! columns {
    () => {
        use super::rows::{get, id, json_list, opt_id};
        use roster_core::email::Email;
        use roster_core::model::{Person, PersonData, Status, TagInstance, LANGUAGES};
        use roster_core::phone::Phone;
        use roster_core::store::StoreResult;
        use roster_core::StoreError;
        use sqlx::query::Query;
        use sqlx::query_builder::Separated;
        use std::sync::LazyLock;

        /// A person property's value as a column takes it.
        pub(super) enum Value<'a> {
            Text(&'a str),
            OptText(Option<&'a str>),
            Owned(Option<String>),
            Bool(bool),
            OptBool(Option<bool>),
            OptInt(Option<i64>),
            OptReal(Option<f64>),
        }

        /// The person's property columns, each with the value it takes from `PersonData`: one
        /// table, so a column's name and its value cannot drift apart. Inserts, updates and the
        /// batched inserts are all built from it; reads decode by name (`person_data`).
        pub(super) const DATA_COLUMNS: &[(&str, fn(&PersonData) -> Value<'_>)] = &[
            ("first_name", |d| Value::Text(&d.first_name)),
            ("last_name", |d| Value::Text(&d.last_name)),
            ("is_user", |d| Value::Bool(d.is_user)),
            ("is_assignable", |d| Value::Bool(d.is_assignable)),
            ("status", |d| Value::Text(d.status.as_str())),
            ("email", |d| Value::OptText(d.email.as_ref().map(Email::as_str))),
            ("email_norm", |d| {
                Value::Owned(d.email.as_ref().map(Email::normalized))
            }),
            ("phone", |d| Value::OptText(d.phone.as_ref().map(Phone::as_str))),
            ("can_recieve_sms", |d| Value::Bool(d.can_recieve_sms)),
            ("can_recieve_email", |d| Value::Bool(d.can_recieve_email)),
            ("can_recieve_mobile", |d| Value::Bool(d.can_recieve_mobile)),
            ("address_1", |d| Value::OptText(d.address_1.as_deref())),
            ("address_2", |d| Value::OptText(d.address_2.as_deref())),
            ("state_province", |d| Value::OptText(d.state_province.as_deref())),
            ("city_town", |d| Value::OptText(d.city_town.as_deref())),
            ("zipcode", |d| Value::OptText(d.zipcode.as_deref())),
            ("country", |d| Value::OptText(d.country.as_deref())),
            ("job_title_id", |d| {
                Value::Owned(d.job_title_id.map(|j| j.to_string()))
            }),
            ("hourly_wage", |d| Value::OptReal(d.hourly_wage)),
            ("employee_number", |d| {
                Value::OptText(d.employee_number.as_deref())
            }),
            ("emergency_contact_name", |d| {
                Value::OptText(d.emergency_contact_name.as_deref())
            }),
            ("emergency_contact_number", |d| {
                Value::OptText(d.emergency_contact_number.as_deref())
            }),
            ("emergency_contact_email", |d| {
                Value::OptText(d.emergency_contact_email.as_deref())
            }),
            ("emergency_contact_relation", |d| {
                Value::OptText(d.emergency_contact_relation.as_deref())
            }),
            ("dob", |d| Value::OptInt(d.dob)),
            ("is_male", |d| Value::OptBool(d.is_male)),
            ("hired_date", |d| Value::OptInt(d.hired_date)),
            ("language", |d| Value::Text(d.language)),
            ("permission_level_id", |d| {
                Value::Owned(d.permission_level_id.map(|l| l.to_string()))
            }),
            ("notification_profile_id", |d| {
                Value::Owned(d.notification_profile_id.map(|n| n.to_string()))
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

        /// `INSERT INTO people (...) `, for one row or many (`QueryBuilder::push_values`).
        pub(super) static INSERT_PREFIX: LazyLock<String> = LazyLock::new(|| {
            let cols: Vec<&str> = DATA_COLUMNS
                .iter()
                .map(|(c, _)| *c)
                .chain(NEW_PERSON_EXTRA)
                .collect();
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
        /// (`Backend::PERSON_LINKS_SQL`): one query per person or page.
        pub(super) static PERSON_SELECT: LazyLock<String> =
            LazyLock::new(|| format!("SELECT p.*, {} FROM people p", Backend::PERSON_LINKS_SQL));
        pub(super) static PERSON_BY_UUID: LazyLock<String> =
            LazyLock::new(|| format!("{} WHERE p.id = $1 AND p.company_id = $2", *PERSON_SELECT));
        pub(super) static PERSON_BY_SEQ: LazyLock<String> =
            LazyLock::new(|| format!("{} WHERE p.seq = $1 AND p.company_id = $2", *PERSON_SELECT));

        type DbQuery<'q> = Query<'q, Db, <Db as sqlx::Database>::Arguments<'q>>;

        /// Where column values go: a one-row query, or one row of a multi-row insert.
        pub(super) trait Bind<'q>: Sized {
            fn bind<T: 'q + sqlx::Encode<'q, Db> + sqlx::Type<Db>>(self, value: T) -> Self;
        }

        impl<'q> Bind<'q> for DbQuery<'q> {
            fn bind<T: 'q + sqlx::Encode<'q, Db> + sqlx::Type<Db>>(self, value: T) -> Self {
                Query::bind(self, value)
            }
        }

        impl<'q> Bind<'q> for &mut Separated<'_, 'q, Db, &'static str> {
            fn bind<T: 'q + sqlx::Encode<'q, Db> + sqlx::Type<Db>>(self, value: T) -> Self {
                self.push_bind(value)
            }
        }

        /// A new person's whole row, in `INSERT_PREFIX` order.
        pub(super) fn bind_new_person<'q, B: Bind<'q>>(q: B, p: &'q roster_core::model::NewPerson) -> B {
            bind_data(q, &p.data)
                .bind(p.id.to_string())
                .bind(p.company_id.to_string())
                .bind(&p.password_hash)
                .bind(p.invitation.is_some())
                .bind(p.created_at)
                .bind(p.created_at)
        }

        /// The data columns' values, in `DATA_COLUMNS` order.
        pub(super) fn bind_data<'q, B: Bind<'q>>(q: B, d: &'q PersonData) -> B {
            DATA_COLUMNS.iter().fold(q, |q, (_, value)| match value(d) {
                Value::Text(v) => q.bind(v),
                Value::OptText(v) => q.bind(v),
                Value::Owned(v) => q.bind(v),
                Value::Bool(v) => q.bind(v),
                Value::OptBool(v) => q.bind(v),
                Value::OptInt(v) => q.bind(v),
                Value::OptReal(v) => q.bind(v),
            })
        }

        fn person_data(row: &DbRow) -> StoreResult<PersonData> {
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
                language: LANGUAGES
                    .iter()
                    .copied()
                    .find(|l| *l == language)
                    .unwrap_or("english"),
                permission_level_id: opt_id(row, "permission_level_id")?,
                notification_profile_id: opt_id(row, "notification_profile_id")?,
            })
        }

        /// `[[id, tag_id, expr_date], ...]` as the backend aggregated it.
        fn tag_list(row: &DbRow) -> StoreResult<Vec<TagInstance>> {
            let text: String = get(row, "tag_list")?;
            let items: Vec<(String, String, Option<i64>)> =
                serde_json::from_str(&text).map_err(|e| StoreError::Other(format!("corrupt tag list: {e}")))?;
            items
                .into_iter()
                .map(|(id, tag_id, expr_date)| {
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
        pub(super) fn person(row: &DbRow) -> StoreResult<Person> {
            Ok(Person {
                id: id(row, "id")?,
                procore_id: get(row, "seq")?,
                company_id: id(row, "company_id")?,
                data: person_data(row)?,
                group_ids: json_list(row, "group_list")?,
                tag_instances: tag_list(row)?,
                invitation_pending: get(row, "invitation_pending")?,
                has_password: get::<Option<String>>(row, "password_hash")?.is_some(),
                created_at: get(row, "created_at")?,
                updated_at: get(row, "updated_at")?,
            })
        }
    };
}
pub(crate) use columns;
