// Expanded once per backend (sqlite/, postgres/), where `Db`, `DbRow`, `DbConn` and `Backend` name its types.
macro_rules! people {
    () => {
use super::{db_err, Backend};
use async_trait::async_trait;
use super::columns::{
    bind_data, bind_new_person, person, INSERT_PREFIX, INSERT_SQL, PERSON_BY_SEQ, PERSON_BY_UUID, PERSON_SELECT, UPDATE_SQL,
};
use roster_core::dates::Millis;
use roster_core::model::{
    check_expr_date, check_groups as groups_rule, NewPerson, Page, Person, PersonData, PersonFilter,
};
use roster_core::store::StoreResult;
use roster_core::{CompanyId, IdRef, Invalid, PeopleStore, PermissionLevelId, PersonId, StoreError};
use sqlx::QueryBuilder;

/// Whether the permission level is an admin one; a 400 naming `permission_level_id` if it is not the company's.
pub(super) async fn level_is_admin(
    conn: &mut DbConn,
    company: CompanyId,
    level: PermissionLevelId,
) -> StoreResult<bool> {
    let admin: Option<bool> =
        sqlx::query_scalar("SELECT is_admin FROM permission_levels WHERE id = $1 AND company_id = $2")
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
        let found: Option<i32> = sqlx::query_scalar(&format!("SELECT 1 FROM {table} WHERE id = $1 AND company_id = $2"))
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
        sqlx::query_scalar("SELECT require_expr_date FROM tags WHERE id = $1 AND company_id = $2")
            .bind(tag.to_string())
            .bind(company.to_string())
            .fetch_optional(&mut *conn)
            .await
            .map_err(db_err)?;
    Ok(require.ok_or_else(|| Invalid::unknown_reference(field, tag))?)
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

/// Checks everything a new person refers to, inside the write transaction.
async fn check_references(conn: &mut DbConn, p: &NewPerson) -> StoreResult<()> {
    let is_admin = check_data_refs(conn, p.company_id, &p.data).await?;
    // The groups themselves are checked as their rows are written (insert_person).
    groups_rule(&p.group_ids, is_admin)?;
    for (i, t) in p.tag_instances.iter().enumerate() {
        let field = format!("tag_instances[{i}]");
        let require = tag_requires_expr_date(conn, p.company_id, t.tag_id, &format!("{field}.tag_id")).await?;
        check_expr_date(&format!("{field}.expr_date"), t.tag_id, require, t.expr_date)?;
    }
    Ok(())
}

/// Writes a new person, their groups, tags and invitation in the caller's transaction, after
/// checking everything they refer to. An unknown group is named in the error.
pub(super) async fn insert_person(tx: &mut DbConn, p: &NewPerson) -> StoreResult<()> {
    check_references(&mut *tx, p).await?;
    bind_new_person(sqlx::query(&INSERT_SQL), p)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    for (pos, g) in p.group_ids.iter().enumerate() {
        // Written only if the group is the company's: one statement checks and inserts.
        let done = sqlx::query(
            "INSERT INTO person_groups (person_id, group_id, position) \
             SELECT $1, id, $3 FROM groups WHERE id = $2 AND company_id = $4",
        )
        .bind(p.id.to_string())
        .bind(g.to_string())
        .bind(pos as i64)
        .bind(p.company_id.to_string())
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        if done.rows_affected() == 0 {
            return Err(Invalid::unknown_reference("group_ids", g).into());
        }
    }
    insert_extras(tx, p).await
}

/// Group commit's fast path: several new people in the caller's transaction with one statement for
/// their rows and one for their groups. Any failure fails the lot (with no detail about whose it
/// was); the caller then writes them one by one with `insert_person`.
pub(super) async fn insert_people(tx: &mut DbConn, people: &[&NewPerson]) -> StoreResult<()> {
    for p in people {
        check_references(&mut *tx, p).await?;
    }
    let mut rows = QueryBuilder::<Db>::new(INSERT_PREFIX.as_str());
    rows.push_values(people, |mut row, p| {
        bind_new_person(&mut row, p);
    });
    rows.build().execute(&mut *tx).await.map_err(db_err)?;
    let links = group_links(people);
    if !links.is_empty() {
        let mut q = QueryBuilder::<Db>::new("WITH ");
        push_links(&mut q, &links);
        q.push(LINKS_INSERT);
        let done = q.build().execute(&mut *tx).await.map_err(db_err)?;
        if done.rows_affected() != links.len() as u64 {
            return Err(Invalid::new("group_ids", "unknownReference", "a group of the batch is not the company's").into());
        }
    }
    for p in people {
        insert_extras(&mut *tx, p).await?;
    }
    Ok(())
}

/// Whether a new person is only their row and group links: nothing else to check or write.
pub(super) fn is_plain(p: &NewPerson) -> bool {
    let d = &p.data;
    p.tag_instances.is_empty()
        && p.invitation.is_none()
        && d.job_title_id.is_none()
        && d.notification_profile_id.is_none()
        && d.permission_level_id.is_none()
}

/// A batch of plain people (`is_plain`) written whole by the backend's fast path, or not at all.
pub(super) async fn insert_plain(pool: &sqlx::Pool<Db>, people: &[&NewPerson]) -> StoreResult<()> {
    if Backend::ONE_STATEMENT_CREATES {
        insert_plain_people(pool, people).await
    } else {
        insert_plain_people_in_two_commands(pool, people).await
    }
}

/// PostgreSQL's fast path for a batch of plain people (`is_plain`): their rows and group links in
/// one autocommitted statement (data-modifying CTEs), one round trip instead of the four of a
/// transaction. Any failure fails the lot and nothing is written; the caller then redoes them.
async fn insert_plain_people(pool: &sqlx::Pool<Db>, people: &[&NewPerson]) -> StoreResult<()> {
    for p in people {
        groups_rule(&p.group_ids, None)?;
    }
    let links = group_links(people);
    let mut q = QueryBuilder::<Db>::new("WITH new_people AS (");
    q.push(INSERT_PREFIX.as_str());
    q.push_values(people, |mut row, p| {
        bind_new_person(&mut row, p);
    });
    q.push(" RETURNING 1), ");
    push_links(&mut q, &links);
    q.push(", linked AS (").push(LINKS_INSERT).push(" RETURNING 1) ");
    // A group that is not the company's links nothing: the count falls short and the division by
    // zero fails the whole statement, so no one of the batch is written without their groups.
    q.push("SELECT 1 / ((SELECT count(*) FROM linked) = ")
        .push_bind(links.len() as i64)
        .push(")::int");
    q.build().execute(pool).await.map_err(db_err).map(drop)
}

/// SQLite's fast path for a batch of plain people (`is_plain`). Every statement sqlx runs is a
/// round trip to its connection thread, and those thread switches were a quarter of the writer's
/// time: here BEGIN and both inserts go as one multi-statement command, COMMIT as a second, instead
/// of four. Any failure rolls the lot back; the caller then redoes them.
async fn insert_plain_people_in_two_commands(pool: &sqlx::Pool<Db>, people: &[&NewPerson]) -> StoreResult<()> {
    for p in people {
        groups_rule(&p.group_ids, None)?;
    }
    let links = group_links(people);
    let mut q = QueryBuilder::<Db>::new(Backend::BEGIN_WRITE);
    q.push("; ").push(INSERT_PREFIX.as_str());
    q.push_values(people, |mut row, p| {
        bind_new_person(&mut row, p);
    });
    q.push("; WITH ");
    push_links(&mut q, &links);
    // Rows linked: fewer than the links means a group is not the company's.
    q.push(LINKS_INSERT).push("; SELECT changes()");
    let mut conn = pool.acquire().await.map_err(db_err)?;
    let linked = q.build_query_scalar::<i64>().fetch_one(&mut *conn).await.map_err(db_err);
    let end = match linked {
        Ok(n) if n == links.len() as i64 => "COMMIT",
        _ => "ROLLBACK",
    };
    let ended = sqlx::query(end).execute(&mut *conn).await.map_err(db_err);
    if end == "COMMIT" && ended.is_ok() {
        return Ok(());
    }
    if ended.is_err() && linked.is_ok() {
        // COMMIT or ROLLBACK failed after BEGIN ran: the connection's transaction state is unknown
        // (sqlx does not track a transaction it did not begin). A fresh connection replaces it.
        conn.close_on_drop();
    }
    Err(match (linked, ended) {
        (Err(e), _) | (Ok(_), Err(e)) => e,
        (Ok(_), Ok(_)) => Invalid::new("group_ids", "unknownReference", "a group of the batch is not the company's").into(),
    })
}

/// A batch's group links: (person, group, position, company).
fn group_links(people: &[&NewPerson]) -> Vec<(String, String, i64, String)> {
    people
        .iter()
        .flat_map(|p| {
            let (person, company) = (p.id.to_string(), p.company_id.to_string());
            p.group_ids
                .iter()
                .enumerate()
                .map(move |(pos, g)| (person.clone(), g.to_string(), pos as i64, company.clone()))
        })
        .collect()
}

/// `v (person_id, group_id, position, company_id) AS (VALUES ...)`, for `LINKS_INSERT`.
fn push_links<'a>(q: &mut QueryBuilder<'a, Db>, links: &'a [(String, String, i64, String)]) {
    q.push("v (person_id, group_id, position, company_id) AS (");
    q.push_values(links, |mut row, (person, group, pos, company)| {
        row.push_bind(person).push_bind(group).push_bind(*pos).push_bind(company);
    });
    q.push(")");
}

/// Links only the company's groups; fewer rows than links means one was not.
const LINKS_INSERT: &str = "INSERT INTO person_groups (person_id, group_id, position) SELECT v.person_id, g.id, \
    v.position FROM v JOIN groups g ON g.id = v.group_id AND g.company_id = v.company_id";

/// A new person's invitation (with its email in the outbox) and tag instances.
async fn insert_extras(tx: &mut DbConn, p: &NewPerson) -> StoreResult<()> {
    if let Some(invitation) = &p.invitation {
        super::logins::insert_invitation(&mut *tx, p.id, invitation).await?;
    }
    for t in &p.tag_instances {
        sqlx::query("INSERT INTO tag_instances (id, person_id, tag_id, expr_date) VALUES ($1, $2, $3, $4)")
            .bind(t.id.to_string())
            .bind(p.id.to_string())
            .bind(t.tag_id.to_string())
            .bind(t.expr_date)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
    }
    Ok(())
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
        id: PersonId,
        data: &PersonData,
        updated_at: Millis,
    ) -> StoreResult<()> {
        let mut tx = self.write.begin_with(Backend::BEGIN_WRITE).await.map_err(db_err)?;
        let is_admin = check_data_refs(&mut tx, company, data).await?;
        let groups: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM person_groups WHERE person_id = $1")
            .bind(id.to_string())
            .fetch_one(&mut *tx)
            .await
            .map_err(db_err)?;
        if groups == 0 {
            groups_rule(&[], is_admin)?;
        }
        let done = bind_data(sqlx::query(&UPDATE_SQL), data)
            .bind(updated_at)
            .bind(id.to_string())
            .bind(company.to_string())
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("person"));
        }
        tx.commit().await.map_err(db_err)
    }

    async fn delete_person(&self, company: CompanyId, id: PersonId) -> StoreResult<()> {
        let done = sqlx::query("DELETE FROM people WHERE id = $1 AND company_id = $2")
            .bind(id.to_string())
            .bind(company.to_string())
            .execute(&self.write)
            .await
            .map_err(db_err)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("person"));
        }
        Ok(())
    }
}
    };
}
pub(crate) use people;
