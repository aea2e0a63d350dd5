//! Password resets (kept and spent as invitations), a user's own password change, and when an
//! invitation went out: the store side of the web app's password pages.
use super::backend::{begin, commit, Backend, Sql};
use super::logins::insert_invitation;
use super::people::{lock_person, touch};
use super::rows::{get, id};
use super::SqlStore;
use roster_core::dates::Millis;
use roster_core::email::Email;
use roster_core::store::StoreResult;
use roster_core::{CompanyId, IdRef, PersonId, Reset, StoreError};

/// `LoginStore::request_password_reset`.
pub(super) async fn request<B: Backend>(
    store: &SqlStore<B>,
    email_norm: &str,
    reset: Reset<'_>,
    now: Millis,
) -> StoreResult<usize> {
    const USERS: &str = "SELECT p.id, p.company_id FROM people p \
             WHERE p.email_norm = $1 AND p.is_user = TRUE AND p.status = 'active'";
    // Read first: an email without a login (anyone may ask) takes no write lock.
    let users = Sql::new(USERS).bind(email_norm).fetch_all(&store.read).await?;
    if users.is_empty() {
        return Ok(0);
    }
    let mut tx = begin(&store.write).await?;
    let mut made = 0;
    for row in &users {
        let company: CompanyId = id(row, "company_id")?;
        let person: PersonId = id(row, "id")?;
        // Decided on the locked person: still an active user with this email, and no reset
        // or invitation made in the last minute.
        let Ok(person) = lock_person(&mut tx, company, IdRef::Uuid(person.0)).await else {
            continue;
        };
        let locked = Sql::new(
            "SELECT p.first_name, p.email, c.name AS company_name, \
                 (SELECT COUNT(*) FROM invitations i WHERE i.person_id = p.id AND i.created_at > $2) AS recent \
                 FROM people p JOIN companies c ON c.id = p.company_id \
                 WHERE p.id = $1 AND p.email_norm = $3 AND p.is_user = TRUE AND p.status = 'active'",
        )
        .bind(person.to_string())
        .bind(now - 60_000)
        .bind(email_norm)
        .fetch_optional(&mut tx)
        .await?;
        let Some(locked) = locked else { continue };
        if get::<i64>(&locked, "recent")? > 0 {
            continue;
        }
        let Some(email) = get::<Option<String>>(&locked, "email")?.map(Email::from_stored) else {
            continue;
        };
        let first_name: String = get(&locked, "first_name")?;
        let company_name: String = get(&locked, "company_name")?;
        insert_invitation(&mut tx, person, &reset(&company_name, &first_name, &email)).await?;
        made += 1;
    }
    commit(tx).await?;
    Ok(made)
}

/// `LoginStore::replace_password`.
pub(super) async fn replace<B: Backend>(
    store: &SqlStore<B>,
    person: PersonId,
    old_hash: &str,
    new_hash: &str,
    now: Millis,
) -> StoreResult<()> {
    let mut tx = begin(&store.write).await?;
    // Compare and set: a password changed since `old_hash` was read is not overwritten.
    let changed = Sql::new(
        "UPDATE people SET password_hash = $1 \
             WHERE id = $2 AND password_hash = $3 AND is_user = TRUE AND status = 'active'",
    )
    .bind(new_hash)
    .bind(person.to_string())
    .bind(old_hash)
    .execute(&mut tx)
    .await?;
    if changed == 0 {
        return Err(StoreError::Conflict { field: "password" });
    }
    Sql::new("DELETE FROM invitations WHERE person_id = $1")
        .bind(person.to_string())
        .execute(&mut tx)
        .await?;
    touch(&mut tx, person, now).await?;
    commit(tx).await
}

/// `LoginStore::invited_since`.
pub(super) async fn invited_since<B: Backend>(
    store: &SqlStore<B>,
    people: &[PersonId],
) -> StoreResult<Vec<(PersonId, Millis)>> {
    if people.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Sql::new(
        "SELECT person_id, MAX(created_at) AS since FROM invitations WHERE used_at IS NULL AND person_id IN (",
    );
    for (i, p) in people.iter().enumerate() {
        if i > 0 {
            q.push(", ");
        }
        q.push_bind(p.to_string());
    }
    q.push(") GROUP BY person_id");
    let rows = q.fetch_all(&store.read).await?;
    rows.iter()
        .map(|r| Ok((id(r, "person_id")?, get::<i64>(r, "since")?)))
        .collect()
}
