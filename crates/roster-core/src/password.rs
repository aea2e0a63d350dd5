//! The LaborChart password rule and argon2id hashing. Hashing is CPU-bound: callers run it
//! off the async threads.
use crate::Invalid;
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

/// A password that meets the complexity rule; never printed.
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

impl Password {
    /// At least 8 characters, 1 uppercase, 1 lowercase, 1 number; the error names every unmet rule.
    pub fn parse(field: &str, s: &str) -> Result<Self, Invalid> {
        let mut unmet = Vec::new();
        if s.chars().count() < 8 {
            unmet.push("at least 8 characters");
        }
        if !s.chars().any(char::is_uppercase) {
            unmet.push("at least 1 uppercase letter");
        }
        if !s.chars().any(char::is_lowercase) {
            unmet.push("at least 1 lowercase letter");
        }
        if !s.chars().any(|c| c.is_ascii_digit()) {
            unmet.push("at least 1 number");
        }
        if s.len() > 1024 {
            unmet.push("at most 1024 bytes");
        }
        if unmet.is_empty() {
            Ok(Self(s.to_owned()))
        } else {
            Err(Invalid::new(
                field,
                "passwordTooWeak",
                format!("`{field}` must have {}", unmet.join(", ")),
            ))
        }
    }

    /// An argon2id PHC string with a fresh salt.
    pub fn hash(&self) -> String {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(self.0.as_bytes(), &salt)
            .map(|h| h.to_string())
            .unwrap_or_default()
    }
}

/// Verifies `candidate` against a stored PHC string; a malformed hash never verifies.
pub fn verify(candidate: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|h| Argon2::default().verify_password(candidate.as_bytes(), &h).is_ok())
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_each_unmet_rule() {
        let e = Password::parse("password", "abc").unwrap_err();
        assert!(e.details.contains("at least 8 characters"));
        assert!(e.details.contains("1 uppercase"));
        assert!(e.details.contains("1 number"));
        assert!(!e.details.contains("lowercase"));
    }

    #[test]
    fn hashes_with_argon2id() {
        let p = Password::parse("password", "Secret123").unwrap();
        let h = p.hash();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("Secret123", &h));
        assert!(!verify("Secret124", &h));
        assert!(!format!("{p:?}").contains("Secret"));
    }
}
