// Expanded once per backend (sqlite/, postgres/), where `Db`, `DbRow`, `DbConn` and `Backend` name its types.
macro_rules! people {
    () => {
use super::{db_err, Backend};
use async_trait::async_trait;
use super::columns::{
    bind_data, person, PERSON_BY_SEQ, PERSON_BY_UUID, PERSON_SELECT, UPDATE_SQL,
};
use roster_core::dates::Millis;
use roster_core::model::{
    check_groups as groups_rule, NewPerson, Page, Person, PersonData, PersonFilter,
};
use roster_core::store::StoreResult;
use roster_core::{CompanyId, Edit, IdRef, Invalid, PeopleStore, PermissionLevelId, PersonId, StoreError};
use sqlx::QueryBuilder;

/// Whether the permission level is an admin one; a 400 naming `permission_level_id` if it is not the company's.
pub(super) async fn level_is_admin(
    conn: &mut DbConn,
    company: CompanyId,
    level: PermissionLevelId,
) -> StoreResult<bool> {
    let admin: Option<bool> =
        sqlx::query_scalar(&format!(
            "SELECT is_admin FROM permission_levels WHERE id = $1 AND company_id = $2{}",
            Backend::KEY_SHARE
        ))
            .bind(level.to_string())
            .bind(company.to_string())
            .fetch_optional(&mut *conn)
            .await
            .map_err(db_err)?;
    Ok(admin.ok_or_else(|| Invalid::unknown_reference("permission_level_id", level))?)
}

/// Checks the references of a person's properties inside the write transaction; answers whether
/// the permission level (if any) is an admin one.
pub(super) async fn check_data_refs(
    conn: &mut DbConn,
    company: CompanyId,
    d: &PersonData,
) -> StoreResult<Option<bool>> {
    for (table, field, id) in [
        ("job_titles", "job_title_id", d.job_title_id.map(|j| j.to_string())),
        (
            "notification_profiles",
            "notification_profile_id",
            d.notification_profile_id.map(|n| n.to_string()),
        ),
    ] {
        let Some(id) = id else { continue };
        let found: Option<i32> = sqlx::query_scalar(&format!(
            "SELECT 1 FROM {table} WHERE id = $1 AND company_id = $2{}",
            Backend::KEY_SHARE
        ))
            .bind(&id)
            .bind(company.to_string())
            .fetch_optional(&mut *conn)
            .await
            .map_err(db_err)?;
        found.ok_or_else(|| Invalid::unknown_reference(field, &id))?;
    }
    match d.permission_level_id {
        Some(l) => Ok(Some(level_is_admin(conn, company, l).await?)),
        None => Ok(None),
    }
}

/// Whether the tag is the company's and needs an expiry date; a 400 naming `field` if it is not the company's.
pub(super) async fn tag_requires_expr_date(
    conn: &mut DbConn,
    company: CompanyId,
    tag: roster_core::TagId,
    field: &str,
) -> StoreResult<bool> {
    let require: Option<bool> =
        sqlx::query_scalar(&format!(
            "SELECT require_expr_date FROM tags WHERE id = $1 AND company_id = $2{}",
            Backend::KEY_SHARE
        ))
            .bind(tag.to_string())
            .bind(company.to_string())
            .fetch_optional(&mut *conn)
            .await
            .map_err(db_err)?;
    Ok(require.ok_or_else(|| Invalid::unknown_reference(field, tag))?)
}

/// Locks the company's person (by UUID or integer id) for the rest of the transaction: every
/// write that decides on a person's row (update, groups, tags, login) takes this first.
pub(super) async fn lock_person(conn: &mut DbConn, company: CompanyId, r: IdRef) -> StoreResult<PersonId> {
    let sql = format!(
        "SELECT id FROM people WHERE {} = $1 AND company_id = $2{}",
        id_column(r),
        Backend::LOCK_ROW
    );
    let id: String = bind_id_ref(sqlx::query_scalar(&sql), r)
        .bind(company.to_string())
        .fetch_optional(&mut *conn)
        .await
        .map_err(db_err)?
        .ok_or(StoreError::NotFound("person"))?;
    id.parse().map_err(|_| StoreError::Other("corrupt person id".into()))
}

/// The column a person reference names: `id` (UUID) or `seq` (the integer id).
fn id_column(r: IdRef) -> &'static str {
    match r {
        IdRef::Uuid(_) => "id",
        IdRef::Int(_) => "seq",
    }
}

type DbScalar<'q, O> = sqlx::query::QueryScalar<'q, Db, O, <Db as sqlx::Database>::Arguments<'q>>;

/// Binds a person reference as the next parameter, for `id_column`.
fn bind_id_ref<'q, O>(q: DbScalar<'q, O>, r: IdRef) -> DbScalar<'q, O> {
    match r {
        IdRef::Uuid(u) => q.bind(u.to_string()),
        IdRef::Int(n) => q.bind(n),
    }
}

/// The company's person as the transaction sees it.
async fn person_in(conn: &mut DbConn, company: CompanyId, id: PersonId) -> StoreResult<Person> {
    let row = sqlx::query(&PERSON_BY_UUID)
        .bind(id.to_string())
        .bind(company.to_string())
        .fetch_optional(&mut *conn)
        .await
        .map_err(db_err)?
        .ok_or(StoreError::NotFound("person"))?;
    person(&row)
}

/// Moves `updated_at` forward (strictly, even within one millisecond).
pub(super) async fn touch(conn: &mut DbConn, person: PersonId, now: Millis) -> StoreResult<()> {
    sqlx::query("UPDATE people SET updated_at = CASE WHEN $1 > updated_at THEN $1 ELSE updated_at + 1 END WHERE id = $2")
        .bind(now)
        .bind(person.to_string())
        .execute(&mut *conn)
        .await
        .map_err(db_err)
        .map(drop)
}

fn push_filters<'a>(qb: &mut QueryBuilder<'a, Db>, company: CompanyId, f: &'a PersonFilter) {
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
impl PeopleStore for Backend {
    async fn create_person(&self, p: &NewPerson) -> StoreResult<()> {
        // Concurrent creates share a transaction (group commit, batch.rs).
        self.creates.create(p).await
    }

    async fn person(&self, company: CompanyId, r: IdRef) -> StoreResult<Person> {
        // A backend may answer point reads itself (SQLite: inline, without sqlx's thread hop).
        if let Some(found) = self.direct_person(company, r) {
            return found;
        }
        let q = match r {
            IdRef::Uuid(u) => sqlx::query(&PERSON_BY_UUID).bind(u.to_string()),
            IdRef::Int(n) => sqlx::query(&PERSON_BY_SEQ).bind(n),
        };
        let row = q
            .bind(company.to_string())
            .fetch_optional(&self.read)
            .await
            .map_err(db_err)?
            .ok_or(StoreError::NotFound("person"))?;
        person(&row)
    }

    async fn people(&self, company: CompanyId, filter: &PersonFilter, page: Page) -> StoreResult<(Vec<Person>, i64)> {
        let total: i64 = if *filter == PersonFilter::default() {
            // Kept by triggers (migration 0005): counting a big company's rows costs more than its page.
            sqlx::query_scalar("SELECT COALESCE((SELECT people FROM people_counts WHERE company_id = $1), 0)")
                .bind(company.to_string())
                .fetch_one(&self.read)
                .await
                .map_err(db_err)?
        } else {
            let mut count = QueryBuilder::<Db>::new("SELECT COUNT(*) FROM people p");
            push_filters(&mut count, company, filter);
            count.build_query_scalar().fetch_one(&self.read).await.map_err(db_err)?
        };
        let mut qb = QueryBuilder::<Db>::new(PERSON_SELECT.as_str());
        push_filters(&mut qb, company, filter);
        qb.push(" ORDER BY p.seq LIMIT ")
            .push_bind(i64::from(page.size))
            .push(" OFFSET ")
            .push_bind(i64::from(page.index) * i64::from(page.size));
        let rows = qb.build().fetch_all(&self.read).await.map_err(db_err)?;
        Ok((rows.iter().map(person).collect::<StoreResult<Vec<_>>>()?, total))
    }

    async fn update_person(
        &self,
        company: CompanyId,
        r: IdRef,
        edit: Edit<'_, PersonData>,
        now: Millis,
    ) -> StoreResult<Person> {
        let mut tx = self.write.begin_with(Backend::BEGIN_WRITE).await.map_err(db_err)?;
        let id = lock_person(&mut tx, company, r).await?;
        let mut data = person_in(&mut tx, company, id).await?.data;
        edit(&mut data)?;
        let is_admin = check_data_refs(&mut tx, company, &data).await?;
        let groups: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM person_groups WHERE person_id = $1")
            .bind(id.to_string())
            .fetch_one(&mut *tx)
            .await
            .map_err(db_err)?;
        if groups == 0 {
            groups_rule(&[], is_admin)?;
        }
        bind_data(sqlx::query(&UPDATE_SQL), &data)
            .bind(now)
            .bind(id.to_string())
            .bind(company.to_string())
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        let updated = person_in(&mut tx, company, id).await?;
        tx.commit().await.map_err(db_err)?;
        Ok(updated)
    }

    async fn delete_person(&self, company: CompanyId, r: IdRef) -> StoreResult<PersonId> {
        let sql = format!(
            "DELETE FROM people WHERE {} = $1 AND company_id = $2 RETURNING id",
            id_column(r)
        );
        let id: String = bind_id_ref(sqlx::query_scalar(&sql), r)
            .bind(company.to_string())
            .fetch_optional(&self.write)
            .await
            .map_err(db_err)?
            .ok_or(StoreError::NotFound("person"))?;
        id.parse().map_err(|_| StoreError::Other("corrupt person id".into()))
    }
}
    };
}
pub(crate) use people;
