//! Logins: enabling a person to log in, invitations by email, sessions and their throttling.
use crate::dates::Millis;
use crate::email::Email;
use crate::password::Password;
use crate::{secrets, CompanyId, IdRef, Invalid, PermissionLevelId, PersonId};
use uuid::Uuid;

/// Enable a person to log in (Procore Workforce Planning v2).
#[derive(Debug)]
pub struct EnableLogin {
    pub permission_level_id: PermissionLevelId,
    pub email: Option<Email>,
    pub password: Option<Password>,
    pub no_invite: bool,
}

impl EnableLogin {
    /// The password, when given, must be strong.
    pub fn new(
        permission_level_id: PermissionLevelId,
        email: Option<Email>,
        password: Option<&str>,
        no_invite: bool,
    ) -> Result<Self, Invalid> {
        Ok(Self {
            permission_level_id,
            email,
            password: password.map(|p| Password::parse("password", p)).transpose()?,
            no_invite,
        })
    }
}

/// What the store writes when a login is enabled, in one transaction.
#[derive(Debug, Clone)]
pub struct LoginChange {
    pub permission_level_id: PermissionLevelId,
    /// Replaces the email on record when given.
    pub email: Option<Email>,
    pub password_hash: Option<String>,
    /// No invitation, even when the person is left without a password.
    pub no_invite: bool,
}

/// An email waiting in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEmail {
    pub id: Uuid,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub created_at: Millis,
}

/// An outbox entry with its delivery state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxMessage {
    pub email: OutboxEmail,
    pub attempts: i64,
    pub next_attempt_at: Millis,
    pub sent_at: Option<Millis>,
    /// When delivery was given up, after the last allowed attempt.
    pub failed_at: Option<Millis>,
    pub last_error: Option<String>,
}

/// An invitation: its token is only in the email; the store keeps the digest.
#[derive(Debug, Clone)]
pub struct NewInvitation {
    pub digest: String,
    pub created_at: Millis,
    pub expires_at: Millis,
    pub email: OutboxEmail,
}

impl NewInvitation {
    /// A fresh single-use token (256 random bits) and the email that carries its link.
    pub fn issue(
        company_name: &str,
        first_name: &str,
        recipient: &Email,
        public_url: &str,
        ttl_ms: Millis,
        now: Millis,
    ) -> Self {
        Self::issue_with_link(company_name, first_name, recipient, public_url, ttl_ms, now).0
    }

    /// `issue`, and the link itself (for `roster admin create` to print; it is not kept).
    pub fn issue_with_link(
        company_name: &str,
        first_name: &str,
        recipient: &Email,
        public_url: &str,
        ttl_ms: Millis,
        now: Millis,
    ) -> (Self, String) {
        let (token, link) = Self::link(public_url);
        let body = format!(
            "Hello {first_name},\r\n\r\n{company_name} has invited you to log in to Roster.\r\n\
             Set your password here (the link works once, for {} days):\r\n\r\n{link}\r\n",
            ttl_ms / 86_400_000
        );
        let subject = format!("{company_name} invited you to Roster");
        (Self::carrying(&token, recipient, subject, body, ttl_ms, now), link)
    }

    /// A single-use link to set a new password (a forgotten one), for a person who has a login:
    /// kept and spent as an invitation is, with its own email.
    pub fn password_reset(
        company_name: &str,
        first_name: &str,
        recipient: &Email,
        public_url: &str,
        ttl_ms: Millis,
        now: Millis,
    ) -> Self {
        let (token, link) = Self::link(public_url);
        let body = format!(
            "Hello {first_name},\r\n\r\nSomeone asked to reset your Roster password at {company_name}.\r\n\
             Set a new password here (the link works once, for {} minutes):\r\n\r\n{link}\r\n\r\n\
             If it was not you, ignore this email: your password stays as it is.\r\n",
            ttl_ms / 60_000
        );
        let subject = format!("Reset your Roster password ({company_name})");
        Self::carrying(&token, recipient, subject, body, ttl_ms, now)
    }

    /// A new single-use token (256 random bits) and the link of the page that spends it.
    fn link(public_url: &str) -> (String, String) {
        let token = secrets::generate("inv_");
        let link = format!("{}/invitations/{token}", public_url.trim_end_matches('/'));
        (token, link)
    }

    fn carrying(token: &str, recipient: &Email, subject: String, body: String, ttl_ms: Millis, now: Millis) -> Self {
        Self {
            digest: secrets::digest(token),
            created_at: now,
            expires_at: now + ttl_ms,
            email: OutboxEmail {
                id: Uuid::new_v4(),
                recipient: recipient.as_str().to_owned(),
                subject,
                body,
                created_at: now,
            },
        }
    }
}

/// A login request: the email (trimmed, lowercased), the password, and the company when the
/// email logs in to several.
pub struct LoginRequest {
    pub email: String,
    pub password: String,
    pub company: Option<IdRef>,
}

/// A person who may log in with an email: the password is checked against `password_hash`.
#[derive(Debug, Clone)]
pub struct LoginCandidate {
    pub person_id: PersonId,
    pub company_id: CompanyId,
    pub company_procore_id: i64,
    pub password_hash: String,
}

#[derive(Debug, Clone)]
pub struct Session {
    pub digest: String,
    pub person_id: PersonId,
    pub created_at: Millis,
    pub expires_at: Millis,
}

/// Person sessions last as long as API tokens.
pub const SESSION_LIFETIME_SECS: i64 = super::TOKEN_LIFETIME_SECS;

/// What a delivered email's body becomes in the outbox: the body may hold an invitation link,
/// which must not stay at rest once it has been sent.
pub const SCRUBBED_BODY: &str = "(delivered; the body is not kept)";

/// After a failed delivery: 2 s, 4 s, 8 s... never more than 60 s between tries.
pub fn retry_delay_ms(attempts: i64) -> Millis {
    let exp = attempts.clamp(1, 6) as u32;
    (1000 * 2i64.pow(exp)).min(60_000)
}

/// Failed logins in a row before an email is locked out; the lockout doubles from 1 s up to 15 minutes.
pub const FREE_LOGIN_FAILURES: i64 = 5;

pub fn lockout_ms(failures: i64) -> Millis {
    if failures < FREE_LOGIN_FAILURES {
        return 0;
    }
    let exp = (failures - FREE_LOGIN_FAILURES).min(20) as u32;
    (1000 * 2i64.pow(exp)).min(15 * 60_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_is_bounded() {
        assert!(retry_delay_ms(1) <= 5_000, "first retry within 5 s");
        assert!((1..100).all(|a| retry_delay_ms(a) <= 60_000));
        assert!(retry_delay_ms(3) > retry_delay_ms(2));
    }

    #[test]
    fn lockout_grows_after_free_failures() {
        assert_eq!(lockout_ms(4), 0);
        assert_eq!(lockout_ms(5), 1000);
        assert_eq!(lockout_ms(7), 4000);
        assert_eq!(lockout_ms(1000), 900_000);
    }

    #[test]
    fn invitation_carries_the_token_only_in_the_link() {
        let to = Email::parse("email", "a@example.com").unwrap();
        let inv = NewInvitation::issue("Acme", "Anna", &to, "http://x/", 7 * 86_400_000, 0);
        let token = inv.email.body.split("/invitations/").nth(1).unwrap().trim().to_owned();
        assert_eq!(secrets::digest(&token), inv.digest);
        assert!(inv.email.subject.contains("Acme") && inv.email.body.contains("Acme"));
        assert!(inv.email.body.contains("http://x/invitations/inv_"));
        assert_eq!(inv.expires_at, 7 * 86_400_000);
    }
}
