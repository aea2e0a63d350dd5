//! Reading, updating and deleting people, and the checks every write of a person shares.
use super::backend::{begin, commit, Backend, On, Sql, Tx};
use super::columns::person;
use super::SqlStore;
use async_trait::async_trait;
use roster_core::dates::Millis;
use roster_core::model::{NewPerson, Page, Person, PersonChanges, PersonData, PersonFilter};
use roster_core::store::StoreResult;
use roster_core::{
    CompanyId, Edit, IdRef, Invalid, Invite, PeopleStore, PermissionLevelId, PersonId, PersonUpdate, StoreError,
};
use sqlx::Pool;

/// Whether the permission level is an admin one; a 400 naming `permission_level_id` if it is not the company's.
pub(super) async fn level_is_admin<B: Backend>(
    conn: &mut Tx<B>,
    company: CompanyId,
    level: PermissionLevelId,
) -> StoreResult<bool> {
    let admin: Option<bool> = Sql::new(format!(
        "SELECT is_admin FROM permission_levels WHERE id = $1 AND company_id = $2{}",
        B::KEY_SHARE
    ))
    .bind(level.to_string())
    .bind(company.to_string())
    .scalar_optional(&mut *conn)
    .await?;
    Ok(admin.ok_or_else(|| Invalid::unknown_reference("permission_level_id", level))?)
}

/// Checks the references of a person's properties inside the write transaction; answers whether
/// the permission level (if any) is an admin one.
pub(super) async fn check_data_refs<B: Backend>(
    conn: &mut Tx<B>,
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
        let found: Option<i32> = Sql::new(format!(
            "SELECT 1 FROM {table} WHERE id = $1 AND company_id = $2{}",
            B::KEY_SHARE
        ))
        .bind(&id)
        .bind(company.to_string())
        .scalar_optional(&mut *conn)
        .await?;
        found.ok_or_else(|| Invalid::unknown_reference(field, &id))?;
    }
    match d.permission_level_id {
        Some(l) => Ok(Some(level_is_admin(conn, company, l).await?)),
        None => Ok(None),
    }
}

/// Whether the tag is the company's and needs an expiry date; a 400 naming `field` if it is not the company's.
pub(super) async fn tag_requires_expr_date<B: Backend>(
    conn: &mut Tx<B>,
    company: CompanyId,
    tag: roster_core::TagId,
    field: &str,
) -> StoreResult<bool> {
    let require: Option<bool> = Sql::new(format!(
        "SELECT require_expr_date FROM tags WHERE id = $1 AND company_id = $2{}",
        B::KEY_SHARE
    ))
    .bind(tag.to_string())
    .bind(company.to_string())
    .scalar_optional(&mut *conn)
    .await?;
    Ok(require.ok_or_else(|| Invalid::unknown_reference(field, tag))?)
}

/// Checks a person's `tag_instances` in the write transaction: each tag is the company's, and one
/// that requires a date has it; errors name the instance (`tag_instances[1].expr_date`).
pub(super) async fn check_tag_instances<B: Backend>(
    conn: &mut Tx<B>,
    company: CompanyId,
    tags: &[roster_core::model::TagInstance],
) -> StoreResult<()> {
    for (i, t) in tags.iter().enumerate() {
        let field = format!("tag_instances[{i}]");
        let require = tag_requires_expr_date(conn, company, t.tag_id, &format!("{field}.tag_id")).await?;
        roster_core::model::check_expr_date(&format!("{field}.expr_date"), t.tag_id, require, t.expr_date)?;
    }
    Ok(())
}

/// Locks the company's person (by UUID or integer id) for the rest of the transaction: every
/// write that decides on a person's row (update, groups, tags, login) takes this first.
pub(super) async fn lock_person<B: Backend>(conn: &mut Tx<B>, company: CompanyId, r: IdRef) -> StoreResult<PersonId> {
    person_id(&mut *conn, company, r, B::LOCK_ROW).await
}

/// The id of the company's person (by UUID or integer id) for a read, or `NotFound`.
pub(super) async fn find_person<B: Backend>(pool: &Pool<B>, company: CompanyId, r: IdRef) -> StoreResult<PersonId> {
    person_id(pool, company, r, "").await
}

async fn person_id<'o, B: Backend>(
    on: impl Into<On<'o, B>>,
    company: CompanyId,
    r: IdRef,
    lock: &str,
) -> StoreResult<PersonId> {
    let sql = format!(
        "SELECT id FROM people WHERE {} = $1 AND company_id = $2{lock}",
        id_column(r)
    );
    let id: String = bind_id_ref(Sql::new(&sql), r)
        .bind(company.to_string())
        .scalar_optional(on)
        .await?
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

/// Binds a person reference as the next parameter, for `id_column`.
fn bind_id_ref(q: Sql<'_>, r: IdRef) -> Sql<'_> {
    match r {
        IdRef::Uuid(u) => q.bind(u.to_string()),
        IdRef::Int(n) => q.bind(n),
    }
}

/// The company's person as the transaction sees it.
pub(super) async fn person_in<B: Backend>(conn: &mut Tx<B>, company: CompanyId, id: PersonId) -> StoreResult<Person> {
    let row = Sql::new(B::person_sql().by_uuid.as_str())
        .bind(id.to_string())
        .bind(company.to_string())
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound("person"))?;
    person(&row)
}

/// Moves `updated_at` forward (strictly, even within one millisecond).
pub(super) async fn touch<B: Backend>(conn: &mut Tx<B>, person: PersonId, now: Millis) -> StoreResult<()> {
    Sql::new("UPDATE people SET updated_at = CASE WHEN $1 > updated_at THEN $1 ELSE updated_at + 1 END WHERE id = $2")
        .bind(now)
        .bind(person.to_string())
        .execute(&mut *conn)
        .await
        .map(drop)
}

#[async_trait]
impl<B: Backend> PeopleStore for SqlStore<B> {
    async fn create_person(&self, p: &NewPerson) -> StoreResult<()> {
        // Concurrent creates share a transaction (group commit, batch.rs).
        self.creates.create(p).await
    }

    async fn person(&self, company: CompanyId, r: IdRef) -> StoreResult<Person> {
        // A backend may answer point reads itself (SQLite: inline, without sqlx's thread hop).
        if let Some(found) = B::direct_person(&self.local, company, r) {
            return found;
        }
        let q = match r {
            IdRef::Uuid(u) => Sql::new(B::person_sql().by_uuid.as_str()).bind(u.to_string()),
            IdRef::Int(n) => Sql::new(B::person_sql().by_seq.as_str()).bind(n),
        };
        let row = q
            .bind(company.to_string())
            .fetch_optional(&self.read)
            .await?
            .ok_or(StoreError::NotFound("person"))?;
        person(&row)
    }

    async fn people(&self, company: CompanyId, filter: &PersonFilter, page: Page) -> StoreResult<(Vec<Person>, i64)> {
        super::people_list::page(self, company, filter, page).await
    }

    async fn people_count(&self, company: CompanyId, filter: &PersonFilter) -> StoreResult<i64> {
        super::people_list::count(self, company, filter).await
    }

    async fn people_after(
        &self,
        company: CompanyId,
        filter: &PersonFilter,
        after: Option<i64>,
        limit: u32,
    ) -> StoreResult<Vec<Person>> {
        super::people_list::after(self, company, filter, after, limit).await
    }

    async fn update_person(
        &self,
        company: CompanyId,
        r: IdRef,
        edit: Edit<'_, PersonData>,
        changes: &PersonChanges,
        invite: Invite<'_>,
        now: Millis,
    ) -> StoreResult<Person> {
        let mut tx = begin(&self.write).await?;
        let id = lock_person(&mut tx, company, r).await?;
        let before = person_in(&mut tx, company, id).await?;
        super::person_update::apply(&mut tx, company, &before, edit, changes, invite, now).await?;
        let updated = person_in(&mut tx, company, id).await?;
        commit(tx).await?;
        Ok(updated)
    }

    async fn update_people(
        &self,
        company: CompanyId,
        updates: &[PersonUpdate<'_>],
        invite: Invite<'_>,
        now: Millis,
    ) -> StoreResult<Vec<StoreResult<Person>>> {
        let mut tx = begin(&self.write).await?;
        let mut answers = Vec::with_capacity(updates.len());
        for u in updates {
            Sql::new("SAVEPOINT one_update").execute(&mut tx).await?;
            let one = async {
                let id = lock_person(&mut tx, company, u.id).await?;
                let before = person_in(&mut tx, company, id).await?;
                super::person_update::apply(&mut tx, company, &before, u.edit, u.changes, invite, now).await?;
                person_in(&mut tx, company, id).await
            }
            .await;
            match one {
                Ok(p) => {
                    Sql::new("RELEASE SAVEPOINT one_update").execute(&mut tx).await?;
                    answers.push(Ok(p));
                }
                Err(e @ (StoreError::Unavailable(_) | StoreError::Other(_))) => return Err(e),
                Err(refused) => {
                    Sql::new("ROLLBACK TO SAVEPOINT one_update").execute(&mut tx).await?;
                    Sql::new("RELEASE SAVEPOINT one_update").execute(&mut tx).await?;
                    answers.push(Err(refused));
                }
            }
        }
        commit(tx).await?;
        Ok(answers)
    }

    async fn delete_person(&self, company: CompanyId, r: IdRef) -> StoreResult<PersonId> {
        let sql = format!(
            "DELETE FROM people WHERE {} = $1 AND company_id = $2 RETURNING id",
            id_column(r)
        );
        let id: String = bind_id_ref(Sql::new(&sql), r)
            .bind(company.to_string())
            .scalar_optional(&self.write)
            .await?
            .ok_or(StoreError::NotFound("person"))?;
        id.parse().map_err(|_| StoreError::Other("corrupt person id".into()))
    }
}
