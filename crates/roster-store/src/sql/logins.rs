use super::backend::{begin, commit, Backend, On, Sql, Tx};
use super::people::{level_is_admin, lock_person, touch};
use super::rows::{get, id};
use super::SqlStore;
use async_trait::async_trait;
use roster_core::dates::Millis;
use roster_core::email::Email;
use roster_core::model::{check_groups, lockout_ms, LoginCandidate, LoginChange, NewInvitation, Person, Session};
use roster_core::store::StoreResult;
use roster_core::{CompanyId, IdRef, Invalid, Invite, LoginStore, PersonId, Reset, StoreError};

/// Writes an invitation and its email in the caller's transaction.
pub(super) async fn insert_invitation<B: Backend>(
    conn: &mut Tx<B>,
    person: PersonId,
    inv: &NewInvitation,
) -> StoreResult<()> {
    Sql::new("INSERT INTO invitations (digest, person_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(&inv.digest)
        .bind(person.to_string())
        .bind(inv.created_at)
        .bind(inv.expires_at)
        .execute(&mut *conn)
        .await?;
    let e = &inv.email;
    Sql::new(
        "INSERT INTO outbox (id, recipient, subject, body, created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(e.id.to_string())
    .bind(&e.recipient)
    .bind(&e.subject)
    .bind(&e.body)
    .bind(e.created_at)
    .bind(e.created_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// What login changes decide on, of a person of the company as locked.
struct LoginState {
    id: PersonId,
    is_user: bool,
    has_password: bool,
    is_assignable: bool,
    first_name: String,
    email: Option<Email>,
}

/// The person (by UUID or integer id), whose row stays locked until the transaction ends;
/// `NotFound` when not the company's.
async fn login_state<B: Backend>(conn: &mut Tx<B>, company: CompanyId, person: IdRef) -> StoreResult<LoginState> {
    let id = lock_person(conn, company, person).await?;
    let row = Sql::new(
        "SELECT is_user, password_hash IS NOT NULL AS has_password, is_assignable, first_name, email \
         FROM people WHERE id = $1",
    )
    .bind(id.to_string())
    .fetch_one(&mut *conn)
    .await?;
    Ok(LoginState {
        id,
        is_user: get(&row, "is_user")?,
        has_password: get(&row, "has_password")?,
        is_assignable: get(&row, "is_assignable")?,
        first_name: get(&row, "first_name")?,
        email: get::<Option<String>>(&row, "email")?.map(Email::from_stored),
    })
}

/// Whether the invitation can still be accepted, as the connection sees it: unknown is
/// `NotFound`, used or expired an `Invalid` saying which.
async fn invitation_usable<'o, B: Backend>(on: impl Into<On<'o, B>>, digest: &str, now: Millis) -> StoreResult<()> {
    let row = Sql::new("SELECT expires_at, used_at FROM invitations WHERE digest = $1")
        .bind(digest)
        .fetch_optional(on)
        .await?
        .ok_or(StoreError::NotFound("invitation"))?;
    if get::<Option<i64>>(&row, "used_at")?.is_some() {
        return Err(Invalid::new("token", "invitationUsed", "This invitation has already been used").into());
    }
    if get::<i64>(&row, "expires_at")? <= now {
        return Err(Invalid::new(
            "token",
            "invitationExpired",
            "This invitation has expired: ask an admin for a new one",
        )
        .into());
    }
    Ok(())
}

/// A user's new password (which spends their invitations), or an invitation to set one, in the
/// caller's transaction.
pub(super) async fn set_password_or_invite<B: Backend>(
    conn: &mut Tx<B>,
    person: PersonId,
    password_hash: Option<&str>,
    invitation: Option<&NewInvitation>,
) -> StoreResult<()> {
    Sql::new(
        "UPDATE people SET password_hash = COALESCE($1, password_hash), \
         invitation_pending = CASE WHEN $2 THEN FALSE WHEN $3 THEN TRUE ELSE invitation_pending END WHERE id = $4",
    )
    .bind(password_hash)
    .bind(password_hash.is_some())
    .bind(invitation.is_some())
    .bind(person.to_string())
    .execute(&mut *conn)
    .await?;
    if password_hash.is_some() {
        Sql::new("DELETE FROM invitations WHERE person_id = $1")
            .bind(person.to_string())
            .execute(&mut *conn)
            .await?;
    }
    if let Some(inv) = invitation {
        insert_invitation(conn, person, inv).await?;
    }
    Ok(())
}

/// Ends a login in the caller's transaction: the person stays; their password, invitations and
/// sessions are gone.
pub(super) async fn end_login<B: Backend>(conn: &mut Tx<B>, person: PersonId) -> StoreResult<()> {
    for sql in [
        "UPDATE people SET is_user = FALSE, password_hash = NULL, invitation_pending = FALSE WHERE id = $1",
        "DELETE FROM invitations WHERE person_id = $1",
        "DELETE FROM sessions WHERE person_id = $1",
        // Tokens of the authorization-code flow end with the login.
        "DELETE FROM access_tokens WHERE person_id = $1",
        "DELETE FROM refresh_tokens WHERE person_id = $1",
        "DELETE FROM oauth_codes WHERE person_id = $1",
    ] {
        Sql::new(sql).bind(person.to_string()).execute(&mut *conn).await?;
    }
    Ok(())
}

#[async_trait]
impl<B: Backend> LoginStore for SqlStore<B> {
    async fn enable_login(
        &self,
        company: CompanyId,
        person: IdRef,
        c: &LoginChange,
        invite: Invite<'_>,
        now: Millis,
    ) -> StoreResult<PersonId> {
        let mut tx = begin(&self.write).await?;
        let state = login_state(&mut tx, company, person).await?;
        let person = state.id;
        let email = c.email.clone().or(state.email).ok_or_else(|| {
            Invalid::new(
                "email",
                "missingRequiredField",
                "`email` is required: the person has no email on record",
            )
        })?;
        let is_admin = level_is_admin(&mut tx, company, c.permission_level_id).await?;
        let groups: i64 = Sql::new("SELECT COUNT(*) FROM person_groups WHERE person_id = $1")
            .bind(person.to_string())
            .scalar(&mut tx)
            .await?;
        if groups == 0 {
            check_groups(&[], Some(is_admin), state.is_assignable)?;
        }
        // Decided on the locked row: an invitation only for someone left without a password.
        let invitation = (c.password_hash.is_none() && !state.has_password && !c.no_invite)
            .then(|| invite(&state.first_name, &email));
        Sql::new(
            "UPDATE people SET is_user = TRUE, permission_level_id = $1, email = COALESCE($2, email), \
             email_norm = COALESCE($3, email_norm) WHERE id = $4",
        )
        .bind(c.permission_level_id.to_string())
        .bind(c.email.as_ref().map(Email::as_str))
        .bind(c.email.as_ref().map(Email::normalized))
        .bind(person.to_string())
        .execute(&mut tx)
        .await?;
        set_password_or_invite(&mut tx, person, c.password_hash.as_deref(), invitation.as_ref()).await?;
        touch(&mut tx, person, now).await?;
        commit(tx).await?;
        Ok(person)
    }

    async fn send_invitation(&self, company: CompanyId, person: IdRef, invite: Invite<'_>) -> StoreResult<PersonId> {
        let mut tx = begin(&self.write).await?;
        let state = login_state(&mut tx, company, person).await?;
        if !state.is_user {
            return Err(Invalid::new(
                "person_id",
                "notAUser",
                "The person cannot log in: enable their login first with POST /people/{person_id}/user",
            )
            .into());
        }
        if state.has_password {
            return Err(Invalid::new(
                "person_id",
                "passwordAlreadySet",
                "The person already has a password: there is nothing to invite them to",
            )
            .into());
        }
        let email = state.email.as_ref().ok_or_else(|| {
            Invalid::new(
                "email",
                "missingRequiredField",
                "The person has no email to send an invitation to",
            )
        })?;
        let inv = invite(&state.first_name, email);
        insert_invitation(&mut tx, state.id, &inv).await?;
        Sql::new("UPDATE people SET invitation_pending = TRUE WHERE id = $1")
            .bind(state.id.to_string())
            .execute(&mut tx)
            .await?;
        touch(&mut tx, state.id, inv.created_at).await?;
        commit(tx).await?;
        Ok(state.id)
    }

    async fn revoke_login(&self, company: CompanyId, person: IdRef, now: Millis) -> StoreResult<PersonId> {
        let mut tx = begin(&self.write).await?;
        let person = login_state(&mut tx, company, person).await?.id;
        end_login(&mut tx, person).await?;
        touch(&mut tx, person, now).await?;
        commit(tx).await?;
        Ok(person)
    }

    async fn check_invitation(&self, digest: &str, now: Millis) -> StoreResult<()> {
        invitation_usable(&self.read, digest, now).await
    }

    async fn accept_invitation(&self, digest: &str, password_hash: &str, now: Millis) -> StoreResult<PersonId> {
        let mut tx = begin(&self.write).await?;
        // One conditional update consumes the token: of concurrent accepts, the first to get the
        // row's lock wins, and the others find `used_at` set.
        let person: Option<String> = Sql::new(
            "UPDATE invitations SET used_at = $1 WHERE digest = $2 AND used_at IS NULL AND expires_at > $1 \
             RETURNING person_id",
        )
        .bind(now)
        .bind(digest)
        .scalar_optional(&mut tx)
        .await?;
        let Some(person) = person else {
            // Why not: unknown, used or expired (read after the update, so a winner is seen).
            invitation_usable(&mut tx, digest, now).await?;
            return Err(StoreError::Other("invitation neither usable nor refused".into()));
        };
        let person: PersonId = person
            .parse()
            .map_err(|_| StoreError::Other("corrupt person id".into()))?;
        Sql::new("UPDATE people SET password_hash = $1, invitation_pending = FALSE WHERE id = $2 AND is_user = TRUE")
            .bind(password_hash)
            .bind(person.to_string())
            .execute(&mut tx)
            .await?;
        // Every outstanding invitation of the person is spent: the password is set.
        Sql::new("UPDATE invitations SET used_at = $1 WHERE person_id = $2 AND used_at IS NULL")
            .bind(now)
            .bind(person.to_string())
            .execute(&mut tx)
            .await?;
        touch(&mut tx, person, now).await?;
        commit(tx).await?;
        Ok(person)
    }

    async fn request_password_reset(&self, email_norm: &str, reset: Reset<'_>, now: Millis) -> StoreResult<usize> {
        super::password_resets::request(self, email_norm, reset, now).await
    }

    async fn replace_password(&self, person: PersonId, old_hash: &str, new_hash: &str, now: Millis) -> StoreResult<()> {
        super::password_resets::replace(self, person, old_hash, new_hash, now).await
    }

    async fn invited_since(&self, people: &[PersonId]) -> StoreResult<Vec<(PersonId, Millis)>> {
        super::password_resets::invited_since(self, people).await
    }

    async fn login_candidates(&self, email_norm: &str) -> StoreResult<Vec<LoginCandidate>> {
        let rows = Sql::new(
            "SELECT p.id, p.company_id, c.procore_id, p.password_hash FROM people p JOIN companies c ON c.id = p.company_id \
             WHERE p.email_norm = $1 AND p.is_user = TRUE AND p.status = 'active' AND p.password_hash IS NOT NULL",
        )
        .bind(email_norm)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(LoginCandidate {
                    person_id: id(r, "id")?,
                    company_id: id(r, "company_id")?,
                    company_procore_id: get(r, "procore_id")?,
                    password_hash: get(r, "password_hash")?,
                })
            })
            .collect()
    }

    async fn login_locked_until(&self, email_norm: &str, now: Millis) -> StoreResult<Option<Millis>> {
        let until: Option<i64> = Sql::new("SELECT locked_until FROM login_failures WHERE email_norm = $1")
            .bind(email_norm)
            .scalar_optional(&self.read)
            .await?;
        Ok(until.filter(|u| *u > now))
    }

    async fn record_login_failure(&self, email_norm: &str, now: Millis) -> StoreResult<()> {
        let mut tx = begin(&self.write).await?;
        let failures: i64 = Sql::new(
            "INSERT INTO login_failures (email_norm, failures, locked_until) VALUES ($1, 1, 0) \
             ON CONFLICT (email_norm) DO UPDATE SET failures = login_failures.failures + 1 RETURNING failures",
        )
        .bind(email_norm)
        .scalar(&mut tx)
        .await?;
        Sql::new("UPDATE login_failures SET locked_until = $1 WHERE email_norm = $2")
            .bind(now + lockout_ms(failures))
            .bind(email_norm)
            .execute(&mut tx)
            .await?;
        commit(tx).await
    }

    async fn clear_login_failures(&self, email_norm: &str) -> StoreResult<()> {
        Sql::new("DELETE FROM login_failures WHERE email_norm = $1")
            .bind(email_norm)
            .execute(&self.write)
            .await
            .map(drop)
    }

    async fn delete_session(&self, digest: &str) -> StoreResult<()> {
        Sql::new("DELETE FROM sessions WHERE digest = $1")
            .bind(digest)
            .execute(&self.write)
            .await
            .map(drop)
    }

    async fn insert_session(&self, s: &Session) -> StoreResult<()> {
        // Expired sessions are removed by the sweep (SweepStore), not by each login.
        Sql::new("INSERT INTO sessions (digest, person_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(&s.digest)
            .bind(s.person_id.to_string())
            .bind(s.created_at)
            .bind(s.expires_at)
            .execute(&self.write)
            .await
            .map(drop)
    }

    async fn session_person(&self, digest: &str, now: Millis) -> StoreResult<Person> {
        let row = Sql::new(
            "SELECT p.id, p.company_id FROM sessions s JOIN people p ON p.id = s.person_id \
             WHERE s.digest = $1 AND s.expires_at > $2 AND p.is_user = TRUE AND p.status = 'active'",
        )
        .bind(digest)
        .bind(now)
        .fetch_optional(&self.read)
        .await?
        .ok_or(StoreError::NotFound("session"))?;
        let company: CompanyId = id(&row, "company_id")?;
        let person: PersonId = id(&row, "id")?;
        roster_core::PeopleStore::person(self, company, roster_core::IdRef::Uuid(person.0)).await
    }
}
