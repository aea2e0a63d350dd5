use super::catalog::check_groups;
use super::rows::{get, id, opt_id};
use super::{db_err, SqliteStore};
use async_trait::async_trait;
use roster_core::email::Email;
use roster_core::model::{
    check_expr_date, check_groups as groups_rule, NewPerson, Page, Person, PersonData, PersonFilter, Status,
    TagInstance, LANGUAGES,
};
use roster_core::phone::Phone;
use roster_core::store::StoreResult;
use roster_core::{CompanyId, IdRef, Invalid, PeopleStore, PersonId, StoreError};
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};
use std::collections::HashMap;

/// Checks everything a new person refers to, inside the write transaction.
async fn check_references(conn: &mut SqliteConnection, p: &NewPerson) -> StoreResult<()> {
    let company = p.company_id.to_string();
    let exists = |table: &'static str| format!("SELECT 1 FROM {table} WHERE id = ? AND company_id = ?");
    if let Some(j) = p.data.job_title_id {
        let found: Option<i64> = sqlx::query_scalar(&exists("job_titles"))
            .bind(j.to_string())
            .bind(&company)
            .fetch_optional(&mut *conn)
            .await
            .map_err(db_err)?;
        found.ok_or_else(|| Invalid::unknown_reference("job_title_id", j))?;
    }
    if let Some(n) = p.data.notification_profile_id {
        let found: Option<i64> = sqlx::query_scalar(&exists("notification_profiles"))
            .bind(n.to_string())
            .bind(&company)
            .fetch_optional(&mut *conn)
            .await
            .map_err(db_err)?;
        found.ok_or_else(|| Invalid::unknown_reference("notification_profile_id", n))?;
    }
    let is_admin = match p.data.permission_level_id {
        Some(l) => {
            let admin: Option<bool> =
                sqlx::query_scalar("SELECT is_admin FROM permission_levels WHERE id = ? AND company_id = ?")
                    .bind(l.to_string())
                    .bind(&company)
                    .fetch_optional(&mut *conn)
                    .await
                    .map_err(db_err)?;
            Some(admin.ok_or_else(|| Invalid::unknown_reference("permission_level_id", l))?)
        }
        None => None,
    };
    check_groups(conn, p.company_id, &p.group_ids, "group_ids").await?;
    groups_rule(&p.group_ids, is_admin)?;
    for (i, t) in p.tag_instances.iter().enumerate() {
        let field = format!("tag_instances[{i}]");
        let tag = sqlx::query("SELECT * FROM tags WHERE id = ? AND company_id = ?")
            .bind(t.tag_id.to_string())
            .bind(&company)
            .fetch_optional(&mut *conn)
            .await
            .map_err(db_err)?
            .ok_or_else(|| Invalid::unknown_reference(&format!("{field}.tag_id"), t.tag_id))?;
        let require: bool = get(&tag, "require_expr_date")?;
        check_expr_date(&field, t.tag_id, require, t.expr_date)?;
    }
    Ok(())
}

fn person_data(row: &SqliteRow) -> StoreResult<PersonData> {
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

fn person(row: &SqliteRow) -> StoreResult<Person> {
    Ok(Person {
        id: id(row, "id")?,
        procore_id: get(row, "seq")?,
        company_id: id(row, "company_id")?,
        data: person_data(row)?,
        group_ids: Vec::new(),
        tag_instances: Vec::new(),
        invitation_pending: get(row, "invitation_pending")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

impl SqliteStore {
    /// Fills in the groups and tag instances of a page of people, two queries for the whole page.
    async fn attach_links(&self, people: &mut [Person]) -> StoreResult<()> {
        if people.is_empty() {
            return Ok(());
        }
        let index: HashMap<PersonId, usize> = people.iter().enumerate().map(|(i, p)| (p.id, i)).collect();
        let in_list = |sql: &str| {
            let mut qb = QueryBuilder::<Sqlite>::new(sql);
            let mut sep = qb.separated(", ");
            for p in people.iter() {
                sep.push_bind(p.id.to_string());
            }
            sep.push_unseparated(")");
            qb
        };
        let rows = in_list("SELECT person_id, group_id FROM person_groups WHERE person_id IN (")
            .push(" ORDER BY position")
            .build()
            .fetch_all(&self.read)
            .await
            .map_err(db_err)?;
        let mut groups = Vec::with_capacity(rows.len());
        for r in &rows {
            groups.push((id::<PersonId>(r, "person_id")?, id(r, "group_id")?));
        }
        let rows = in_list("SELECT id, person_id, tag_id, expr_date FROM tag_instances WHERE person_id IN (")
            .push(" ORDER BY seq")
            .build()
            .fetch_all(&self.read)
            .await
            .map_err(db_err)?;
        for (pid, gid) in groups {
            if let Some(&i) = index.get(&pid) {
                people[i].group_ids.push(gid);
            }
        }
        for r in &rows {
            let pid: PersonId = id(r, "person_id")?;
            if let Some(&i) = index.get(&pid) {
                people[i].tag_instances.push(TagInstance {
                    id: id(r, "id")?,
                    tag_id: id(r, "tag_id")?,
                    expr_date: get(r, "expr_date")?,
                });
            }
        }
        Ok(())
    }
}

fn push_filters<'a>(qb: &mut QueryBuilder<'a, Sqlite>, company: CompanyId, f: &'a PersonFilter) {
    qb.push(" WHERE p.company_id = ").push_bind(company.to_string());
    for (col, value) in [
        ("first_name", &f.first_name),
        ("last_name", &f.last_name),
        ("employee_number", &f.employee_number),
    ] {
        if let Some(v) = value {
            qb.push(format!(" AND p.{col} = ")).push_bind(v.as_str());
        }
    }
    if let Some(e) = &f.email {
        qb.push(" AND p.email_norm = ").push_bind(e.to_lowercase());
    }
    if let Some(s) = f.status {
        qb.push(" AND p.status = ").push_bind(s.as_str());
    }
    if let Some(g) = f.group_id {
        qb.push(" AND p.id IN (SELECT person_id FROM person_groups WHERE group_id = ")
            .push_bind(g.to_string())
            .push(")");
    }
    for (cond, value) in [
        (" AND p.created_at = ", f.created_at),
        (" AND p.created_at < ", f.created_before),
        (" AND p.created_at > ", f.created_after),
        (" AND p.updated_at = ", f.updated_at),
        (" AND p.updated_at < ", f.updated_before),
        (" AND p.updated_at > ", f.updated_after),
    ] {
        if let Some(v) = value {
            qb.push(cond).push_bind(v);
        }
    }
}

#[async_trait]
impl PeopleStore for SqliteStore {
    async fn create_person(&self, p: &NewPerson) -> StoreResult<()> {
        let mut tx = self.write.begin().await.map_err(db_err)?;
        check_references(&mut tx, p).await?;
        let d = &p.data;
        sqlx::query(
            "INSERT INTO people (id, company_id, first_name, last_name, is_user, is_assignable, status, email, email_norm, \
             phone, can_recieve_sms, can_recieve_email, can_recieve_mobile, address_1, address_2, state_province, city_town, \
             zipcode, country, job_title_id, hourly_wage, employee_number, emergency_contact_name, emergency_contact_number, \
             emergency_contact_email, emergency_contact_relation, dob, is_male, hired_date, language, permission_level_id, \
             notification_profile_id, password_hash, invitation_pending, created_at, updated_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(p.id.to_string())
        .bind(p.company_id.to_string())
        .bind(&d.first_name)
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
        .bind(&p.password_hash)
        .bind(p.invitation_pending)
        .bind(p.created_at)
        .bind(p.created_at)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        for (pos, g) in p.group_ids.iter().enumerate() {
            sqlx::query("INSERT INTO person_groups (person_id, group_id, position) VALUES (?, ?, ?)")
                .bind(p.id.to_string())
                .bind(g.to_string())
                .bind(pos as i64)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
        }
        for t in &p.tag_instances {
            sqlx::query("INSERT INTO tag_instances (id, person_id, tag_id, expr_date) VALUES (?, ?, ?, ?)")
                .bind(t.id.to_string())
                .bind(p.id.to_string())
                .bind(t.tag_id.to_string())
                .bind(t.expr_date)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
        }
        tx.commit().await.map_err(db_err)
    }

    async fn person(&self, company: CompanyId, r: IdRef) -> StoreResult<Person> {
        let q = match r {
            IdRef::Uuid(u) => sqlx::query("SELECT * FROM people WHERE id = ? AND company_id = ?").bind(u.to_string()),
            IdRef::Int(n) => sqlx::query("SELECT * FROM people WHERE seq = ? AND company_id = ?").bind(n),
        };
        let row = q
            .bind(company.to_string())
            .fetch_optional(&self.read)
            .await
            .map_err(db_err)?
            .ok_or(StoreError::NotFound("person"))?;
        let mut people = [person(&row)?];
        self.attach_links(&mut people).await?;
        let [p] = people;
        Ok(p)
    }

    async fn people(&self, company: CompanyId, filter: &PersonFilter, page: Page) -> StoreResult<(Vec<Person>, i64)> {
        let mut count = QueryBuilder::<Sqlite>::new("SELECT COUNT(*) FROM people p");
        push_filters(&mut count, company, filter);
        let total: i64 = count.build_query_scalar().fetch_one(&self.read).await.map_err(db_err)?;
        let mut qb = QueryBuilder::<Sqlite>::new("SELECT p.* FROM people p");
        push_filters(&mut qb, company, filter);
        qb.push(" ORDER BY p.seq LIMIT ")
            .push_bind(i64::from(page.size))
            .push(" OFFSET ")
            .push_bind(i64::from(page.index) * i64::from(page.size));
        let rows = qb.build().fetch_all(&self.read).await.map_err(db_err)?;
        let mut people = rows.iter().map(person).collect::<StoreResult<Vec<_>>>()?;
        self.attach_links(&mut people).await?;
        Ok((people, total))
    }
}
