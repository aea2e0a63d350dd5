//! Logins in the store: passwords, invitations and resets, sessions, failed-login throttling.
use crate::dates::Millis;
use crate::error::StoreResult;
use crate::model::{LoginCandidate, LoginChange, NewInvitation, Person, Session};
use crate::{CompanyId, IdRef, PersonId};
use async_trait::async_trait;

/// Makes an invitation for a person (first name, email) as the store has them locked.
pub type Invite<'a> = &'a (dyn Fn(&str, &crate::email::Email) -> NewInvitation + Send + Sync);

/// Makes a password reset for a person (their company's name, first name, email).
pub type Reset<'a> = &'a (dyn Fn(&str, &str, &crate::email::Email) -> NewInvitation + Send + Sync);

/// Who can log in, and how: passwords, invitations, sessions, failed-login throttling.
#[async_trait]
pub trait LoginStore: Send + Sync + 'static {
    /// Makes the person a user (or updates an existing user): permission level, email, password and,
    /// when the person is left without a password and `no_invite` is not set, an invitation made by
    /// `invite` from the locked row's first name and email (written with its outbox email), at
    /// once. No email given or on record: `Invalid`; a taken email: `Conflict`.
    async fn enable_login(
        &self,
        company: CompanyId,
        person: IdRef,
        change: &LoginChange,
        invite: Invite<'_>,
        now: Millis,
    ) -> StoreResult<PersonId>;
    /// Queues an invitation, made by `invite` from the locked row, for a user with no password yet.
    async fn send_invitation(&self, company: CompanyId, person: IdRef, invite: Invite<'_>) -> StoreResult<PersonId>;
    /// The person stays; their password, invitations and sessions are gone.
    async fn revoke_login(&self, company: CompanyId, person: IdRef, now: Millis) -> StoreResult<PersonId>;
    /// Whether the invitation can be accepted now, without changing anything (checked before the
    /// password is hashed). Unknown: `NotFound`; used or expired: `Invalid`.
    async fn check_invitation(&self, digest: &str, now: Millis) -> StoreResult<()>;
    /// Consumes the token (one conditional update: of concurrent accepts, exactly one wins) and
    /// sets the password of its person. Unknown: `NotFound`; used or expired: `Invalid`.
    async fn accept_invitation(&self, digest: &str, password_hash: &str, now: Millis) -> StoreResult<PersonId>;
    /// A password reset (a link, kept as an invitation, and its email) for every active user
    /// with this email, unless one was made for them in the last minute; answers how many were
    /// made. An email with no login costs no write.
    async fn request_password_reset(&self, email_norm: &str, reset: Reset<'_>, now: Millis) -> StoreResult<usize>;
    /// The person's password replaced, if it is still the one whose hash is `old_hash` (else
    /// `Conflict`); their outstanding invitations and resets are spent.
    async fn replace_password(&self, person: PersonId, old_hash: &str, new_hash: &str, now: Millis) -> StoreResult<()>;
    /// When each of these people was last sent an invitation still outstanding (not used; it
    /// may have expired), for the people who have one.
    async fn invited_since(&self, people: &[PersonId]) -> StoreResult<Vec<(PersonId, Millis)>>;
    /// Active users with a password and this (normalised) email, in every company.
    async fn login_candidates(&self, email_norm: &str) -> StoreResult<Vec<LoginCandidate>>;
    /// Until when the email is locked out after repeated failures, if it is now.
    async fn login_locked_until(&self, email_norm: &str, now: Millis) -> StoreResult<Option<Millis>>;
    async fn record_login_failure(&self, email_norm: &str, now: Millis) -> StoreResult<()>;
    async fn clear_login_failures(&self, email_norm: &str) -> StoreResult<()>;
    async fn insert_session(&self, session: &Session) -> StoreResult<()>;
    /// Ends a session (signing out); ending one that is not there is no error.
    async fn delete_session(&self, digest: &str) -> StoreResult<()>;
    /// The person of an unexpired session who is still an active user; `NotFound` otherwise.
    async fn session_person(&self, digest: &str, now: Millis) -> StoreResult<Person>;
}
