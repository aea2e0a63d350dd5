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

        /// In the order `bind_data` binds them.
        pub(super) const DATA_COLUMNS: &[&str] = &[
            "first_name",
            "last_name",
            "is_user",
            "is_assignable",
            "status",
            "email",
            "email_norm",
            "phone",
            "can_recieve_sms",
            "can_recieve_email",
            "can_recieve_mobile",
            "address_1",
            "address_2",
            "state_province",
            "city_town",
            "zipcode",
            "country",
            "job_title_id",
            "hourly_wage",
            "employee_number",
            "emergency_contact_name",
            "emergency_contact_number",
            "emergency_contact_email",
            "emergency_contact_relation",
            "dob",
            "is_male",
            "hired_date",
            "language",
            "permission_level_id",
            "notification_profile_id",
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
            let cols: Vec<&str> = DATA_COLUMNS.iter().chain(&NEW_PERSON_EXTRA).copied().collect();
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
                .map(|(i, c)| format!("{c} = ${}", i + 1))
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

        pub(super) fn bind_data<'q, B: Bind<'q>>(q: B, d: &'q PersonData) -> B {
            q.bind(&d.first_name)
                .bind(&d.last_name)
                .bind(d.is_user)
                .bind(d.is_assignable)
                .bind(d.status.as_str())
                .bind(d.email.as_ref().map(Email::as_str))
                .bind(d.email.as_ref().map(Email::normalized))
                .bind(d.phone.as_ref().map(Phone::as_str))
                .bind(d.can_recieve_sms)
                .bind(d.can_recieve_email)
                .bind(d.can_recieve_mobile)
                .bind(&d.address_1)
                .bind(&d.address_2)
                .bind(&d.state_province)
                .bind(&d.city_town)
                .bind(&d.zipcode)
                .bind(&d.country)
                .bind(d.job_title_id.map(|j| j.to_string()))
                .bind(d.hourly_wage)
                .bind(&d.employee_number)
                .bind(&d.emergency_contact_name)
                .bind(&d.emergency_contact_number)
                .bind(&d.emergency_contact_email)
                .bind(&d.emergency_contact_relation)
                .bind(d.dob)
                .bind(d.is_male)
                .bind(d.hired_date)
                .bind(d.language)
                .bind(d.permission_level_id.map(|l| l.to_string()))
                .bind(d.notification_profile_id.map(|n| n.to_string()))
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
