//! Reading, updating and deleting people, and the checks every write of a person shares.
use super::backend::{begin, commit, Backend, On, Sql, Tx};
use super::columns::person;
use super::SqlStore;
use async_trait::async_trait;
use roster_core::dates::Millis;
use roster_core::model::{LoginState, NewPerson, Page, Person, PersonChanges, PersonData, PersonFilter, PersonSort};
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

fn push_filters<'a, B: Backend>(qb: &mut Sql<'a>, company: CompanyId, f: &'a PersonFilter) {
    // A custom value names a few people out of the company: look them up by the value's key and
    // then by id, rather than walk the company's people (`Backend::NOT_INDEXED`).
    // So does a search, whose words are looked up by index (`push_search`).
    let looked_up = !f.custom.is_empty() || f.search.as_deref().is_some_and(|t| !t.trim().is_empty());
    let company_term = if looked_up { B::NOT_INDEXED } else { "" };
    qb.push(" WHERE ")
        .push(company_term)
        .push("p.company_id = ")
        .push_bind(company.to_string());
    // Exact, found by the lowercase indexes (migration 0015).
    let bytes = B::BYTE_ORDER;
    for (col, value) in [
        ("first_name", &f.first_name),
        ("last_name", &f.last_name),
        ("employee_number", &f.employee_number),
    ] {
        if let Some(v) = value {
            qb.push(&format!(" AND lower(p.{col}){bytes} = lower("))
                .push_bind(v.as_str())
                .push(&format!(") AND p.{col} = "))
                .push_bind(v.as_str());
        }
    }
    if let Some(e) = &f.email {
        qb.push(&format!(" AND p.email_norm{bytes} = "))
            .push_bind(e.to_lowercase());
    }
    if let Some(s) = f.status {
        qb.push(" AND p.status = ").push_bind(s.as_str());
    }
    if let Some(g) = f.group_id {
        qb.push(" AND p.id IN (SELECT person_id FROM person_groups WHERE group_id = ")
            .push_bind(g.to_string())
            .push(")");
    }
    if let Some(t) = f.tag_id {
        qb.push(" AND p.id IN (SELECT person_id FROM tag_instances WHERE tag_id = ")
            .push_bind(t.to_string())
            .push(")");
    }
    if let Some(j) = f.job_title_id {
        qb.push(" AND p.job_title_id = ").push_bind(j.to_string());
    }
    if let Some(login) = f.login {
        qb.push(match login {
            LoginState::None => " AND p.is_user = FALSE",
            LoginState::Invited => " AND p.is_user = TRUE AND p.invitation_pending = TRUE",
            LoginState::Active => " AND p.is_user = TRUE AND p.invitation_pending = FALSE",
        });
    }
    if let Some(text) = f.search.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        super::people_search::push_search::<B>(qb, company, text);
    }
    for (field, key) in &f.custom {
        qb.push(" AND p.id IN (SELECT person_id FROM person_field_keys WHERE field_id = ")
            .push_bind(field.to_string())
            .push(" AND key = ")
            .push_bind(key.as_str())
            .push(")");
    }
    for (cond, value) in [
        (" AND p.created_at >= ", f.created_from),
        (" AND p.created_at <= ", f.created_to),
        (" AND p.updated_at >= ", f.updated_from),
        (" AND p.updated_at <= ", f.updated_to),
    ] {
        if let Some(v) = value {
            qb.push(cond).push_bind(v);
        }
    }
}

/// The people of the company that pass the filter, as `PersonSql::select` reads them.
pub(crate) fn list_query<B: Backend>(company: CompanyId, filter: &PersonFilter) -> Sql<'_> {
    let mut qb = Sql::new(B::person_sql().select.as_str()).bind(company.to_string());
    push_filters::<B>(&mut qb, company, filter);
    qb
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
        let total = self.people_count(company, filter).await?;
        let mut qb = list_query::<B>(company, filter);
        qb.push(match filter.sort {
            PersonSort::Oldest => " ORDER BY p.seq",
            PersonSort::Newest => " ORDER BY p.seq DESC",
            PersonSort::Name => " ORDER BY p.last_name, p.first_name, p.seq",
        })
        .push(" LIMIT ")
        .push_bind(i64::from(page.size))
        .push(" OFFSET ")
        .push_bind(i64::from(page.index) * i64::from(page.size));
        if let Some(direct) = B::direct_people(&self.local, &qb) {
            if let Some(people) = direct.await {
                return Ok((people?, total));
            }
        }
        let rows = qb.fetch_all(&self.read).await?;
        Ok((rows.iter().map(person).collect::<StoreResult<Vec<_>>>()?, total))
    }

    async fn people_count(&self, company: CompanyId, filter: &PersonFilter) -> StoreResult<i64> {
        if *filter == PersonFilter::default() {
            // Kept by triggers (migrations 0005, 0016): counting a big company's rows costs more than
            // its page. PostgreSQL keeps up to sixteen rows a company, SQLite one.
            Sql::new("SELECT CAST(COALESCE(SUM(people), 0) AS BIGINT) FROM people_counts WHERE company_id = $1")
                .bind(company.to_string())
                .scalar(&self.read)
                .await
        } else {
            let mut count = Sql::new("SELECT COUNT(*) FROM people p");
            push_filters::<B>(&mut count, company, filter);
            if let Some(direct) = B::direct_count(&self.local, &count) {
                if let Some(n) = direct.await {
                    return n;
                }
            }
            count.scalar(&self.read).await
        }
    }

    async fn people_after(
        &self,
        company: CompanyId,
        filter: &PersonFilter,
        after: Option<i64>,
        limit: u32,
    ) -> StoreResult<Vec<Person>> {
        let mut qb = list_query::<B>(company, filter);
        if let Some(after) = after {
            qb.push(" AND p.seq > ").push_bind(after);
        }
        qb.push(" ORDER BY p.seq LIMIT ").push_bind(i64::from(limit));
        if let Some(direct) = B::direct_people(&self.local, &qb) {
            if let Some(people) = direct.await {
                return people;
            }
        }
        let rows = qb.fetch_all(&self.read).await?;
        rows.iter().map(person).collect()
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
