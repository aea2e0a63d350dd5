//! Writing new people: the checks of what a new person refers to, the batched insert of the group
//! commit's fast path (batch.rs) and the one-by-one insert it falls back to.
use super::backend::{Backend, Sql, Tx, Value};
use super::columns::{new_person_values, INSERT_PREFIX, INSERT_SQL};
use super::people::{check_data_refs, check_tag_instances};
use roster_core::model::{check_groups as groups_rule, NewPerson};
use roster_core::store::StoreResult;
use roster_core::Invalid;

/// Checks everything a new person refers to, inside the write transaction.
async fn check_references<B: Backend>(tx: &mut Tx<B>, p: &NewPerson) -> StoreResult<()> {
    let is_admin = check_data_refs(tx, p.company_id, &p.data).await?;
    // The groups themselves are checked as their rows are written (insert_person).
    groups_rule(&p.group_ids, is_admin, p.data.is_assignable)?;
    check_tag_instances(tx, p.company_id, &p.tag_instances).await
}

/// Writes a new person, their groups, tags and invitation in the caller's transaction, after
/// checking everything they refer to. An unknown group is named in the error.
pub(super) async fn insert_person<B: Backend>(tx: &mut Tx<B>, p: &NewPerson) -> StoreResult<()> {
    check_references(tx, p).await?;
    new_person_values(p)
        .fold(Sql::new(INSERT_SQL.as_str()), Sql::bind)
        .execute(&mut *tx)
        .await?;
    for (pos, g) in p.group_ids.iter().enumerate() {
        // Written only if the group is the company's: one statement checks and inserts.
        let done = Sql::new(
            "INSERT INTO person_groups (person_id, group_id, position) \
             SELECT $1, id, $3 FROM groups WHERE id = $2 AND company_id = $4",
        )
        .bind(p.id.to_string())
        .bind(g.to_string())
        .bind(pos as i64)
        .bind(p.company_id.to_string())
        .execute(&mut *tx)
        .await?;
        if done == 0 {
            return Err(Invalid::unknown_reference("group_ids", g).into());
        }
    }
    super::custom_values::set_custom_values(tx, p.company_id, p.id, &p.custom_values).await?;
    if let Some(invitation) = &p.invitation {
        super::logins::insert_invitation(&mut *tx, p.id, invitation).await?;
    }
    for t in &p.tag_instances {
        Sql::new("INSERT INTO tag_instances (id, person_id, tag_id, expr_date) VALUES ($1, $2, $3, $4)")
            .bind(t.id.to_string())
            .bind(p.id.to_string())
            .bind(t.tag_id.to_string())
            .bind(t.expr_date)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

/// Whether a new person is only their row and group links: nothing else to check or write, so a
/// batch of them can be written by the backend's fast path (`Backend::insert_plain_batch`).
pub(super) fn is_plain(p: &NewPerson) -> bool {
    let d = &p.data;
    p.tag_instances.is_empty()
        && p.custom_values.is_empty()
        && p.invitation.is_none()
        && d.job_title_id.is_none()
        && d.notification_profile_id.is_none()
        && d.permission_level_id.is_none()
}

/// A batch of plain people (`is_plain`) written by the backend's fast path: the ids of those written.
/// A row a unique index refuses is skipped (`ON CONFLICT DO NOTHING`); any other failure writes
/// nothing.
pub(super) async fn insert_plain<B: Backend>(
    pool: &sqlx::Pool<B>,
    people: &[&NewPerson],
) -> StoreResult<std::collections::HashSet<String>> {
    for p in people {
        groups_rule(&p.group_ids, None, p.data.is_assignable)?;
    }
    B::insert_plain_batch(pool, people).await
}

/// `INSERT INTO people (...) VALUES (...), ... ON CONFLICT DO NOTHING RETURNING id`: the rows of
/// a batch, appended to `q`; a row that collides with a unique index is skipped, not an error.
pub(crate) fn push_people_rows<'a>(q: &mut Sql<'a>, people: &[&'a NewPerson]) {
    q.push(INSERT_PREFIX.as_str()).push("VALUES ");
    for (i, p) in people.iter().enumerate() {
        if i > 0 {
            q.push(", ");
        }
        q.push_row(new_person_values(p));
    }
    q.push(" ON CONFLICT DO NOTHING RETURNING id");
}

/// `v (person_id, group_id, position, company_id) AS (VALUES ...)`, the group links of a batch,
/// appended to `q` for `LINKS_INSERT`; answers how many links there are.
pub(crate) fn push_links(q: &mut Sql<'_>, people: &[&NewPerson]) -> usize {
    q.push("v (person_id, group_id, position, company_id) AS (VALUES ");
    let mut n = 0;
    for p in people {
        for (pos, g) in p.group_ids.iter().enumerate() {
            if n > 0 {
                q.push(", ");
            }
            n += 1;
            q.push_row([
                Value::from(p.id.to_string()),
                g.to_string().into(),
                (pos as i64).into(),
                p.company_id.to_string().into(),
            ]);
        }
    }
    q.push(")");
    n
}

/// Links the people of `written` (a table or CTE with their `id`s) to the company's groups only;
/// fewer rows than their links means a group was not the company's.
pub(crate) fn links_insert(written: &str) -> String {
    format!(
        "INSERT INTO person_groups (person_id, group_id, position) SELECT v.person_id, g.id, v.position \
         FROM v JOIN {written} w ON w.id = v.person_id \
         JOIN groups g ON g.id = v.group_id AND g.company_id = v.company_id"
    )
}

/// The failure of a batch one of whose groups is not the company's (which one is found when
/// the batch is redone person by person).
pub(crate) fn foreign_group() -> roster_core::StoreError {
    Invalid::new(
        "group_ids",
        "unknownReference",
        "a group of the batch is not the company's",
    )
    .into()
}

/// For each person the fast path skipped, the field an active person of their company holds now:
/// `email`, else `phone` (the order the unique indexes are checked in), or `None` when neither is
/// taken any more (the holder left meanwhile; the caller redoes that create). One statement for
/// them all, where redoing each alone costs a transaction of savepoints; the skip itself was the
/// atomic decision, and a holder found now held the value then.
pub(super) async fn taken_fields<B: Backend>(
    pool: &sqlx::Pool<B>,
    people: &[&NewPerson],
) -> StoreResult<Vec<Option<&'static str>>> {
    let mut q = Sql::new("WITH v (i, company_id, email, phone) AS (VALUES ");
    for (i, p) in people.iter().enumerate() {
        if i > 0 {
            q.push(", ");
        }
        q.push_row([
            Value::from(i as i64),
            p.company_id.to_string().into(),
            p.data.email.as_ref().map(roster_core::email::Email::normalized).into(),
            p.data.phone.as_ref().map(roster_core::phone::Phone::as_str).into(),
        ]);
    }
    q.push(
        ") SELECT v.i, \
         EXISTS (SELECT 1 FROM people p WHERE p.company_id = v.company_id AND p.email_norm = v.email \
           AND p.status = 'active' AND p.email_norm IS NOT NULL) AS email, \
         EXISTS (SELECT 1 FROM people p WHERE p.company_id = v.company_id AND p.phone = v.phone \
           AND p.status = 'active' AND p.phone IS NOT NULL) AS phone \
         FROM v ORDER BY v.i",
    );
    let rows = q.fetch_all(pool).await?;
    let mut out = vec![None; people.len()];
    for r in &rows {
        let i: i64 = super::cells::get(r, "i")?;
        let field = match (
            super::cells::get::<bool>(r, "email")?,
            super::cells::get::<bool>(r, "phone")?,
        ) {
            (true, _) => Some("email"),
            (false, true) => Some("phone"),
            _ => None,
        };
        if let Some(slot) = out.get_mut(i as usize) {
            *slot = field;
        }
    }
    Ok(out)
}
