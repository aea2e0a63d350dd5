//! The LaborChart password rule and argon2id hashing. Hashing is CPU-bound: callers run it
//! off the async threads.
use crate::Invalid;
use argon2::password_hash::{self, rand_core::OsRng, Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use std::cell::RefCell;

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
        let argon = Argon2::default();
        let mut salt_bytes = [0u8; 64];
        let phc = salt.decode_b64(&mut salt_bytes).and_then(|salt_bytes| {
            let output = Output::init_with(Params::DEFAULT_OUTPUT_LEN, |out| {
                hash_into(&argon, self.0.as_bytes(), salt_bytes, out).map_err(|_| password_hash::Error::Password)
            })?;
            Ok(PasswordHash {
                algorithm: Algorithm::Argon2id.ident(),
                version: Some(Version::V0x13.into()),
                params: ParamsString::try_from(argon.params())?,
                salt: Some(salt.as_salt()),
                hash: Some(output),
            }
            .to_string())
        });
        phc.unwrap_or_default()
    }
}

thread_local! {
    /// This thread's argon2 working memory (19 MiB at the default parameters), kept from one
    /// hash to the next. Allocated per hash instead, the allocator keeps freed buffers in
    /// per-thread arenas and a burst of logins grew the process by hundreds of MiB; kept, the
    /// hashing threads hold one buffer each and memory stays flat.
    static MEMORY: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// Gives back this thread's argon2 working memory (a hashing thread that has been idle a while):
/// the allocator maps a buffer this big on its own, so the process shrinks by it at once.
pub fn release_memory() {
    MEMORY.with(|memory| *memory.borrow_mut() = Vec::new());
}

/// `argon`'s hash of `password` into `out`, in this thread's kept memory.
fn hash_into(argon: &Argon2, password: &[u8], salt: &[u8], out: &mut [u8]) -> argon2::Result<()> {
    MEMORY.with(|memory| {
        let mut memory = memory.borrow_mut();
        let blocks = argon.params().block_count();
        if memory.len() < blocks {
            memory.resize(blocks, Block::default());
        }
        argon.hash_password_into_with_memory(password, salt, out, &mut memory[..blocks])
    })
}

/// Verifies `candidate` against a stored PHC string (any argon2 variant and parameters); a
/// malformed hash never verifies. The comparison is constant-time (`Output`'s equality).
pub fn verify(candidate: &str, phc: &str) -> bool {
    let Ok(stored) = PasswordHash::new(phc) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (stored.salt, stored.hash) else {
        return false;
    };
    let (Ok(algorithm), Ok(params)) = (Algorithm::try_from(stored.algorithm), Params::try_from(&stored)) else {
        return false;
    };
    let version = match stored.version.map(Version::try_from) {
        None => Version::default(),
        Some(Ok(v)) => v,
        Some(Err(_)) => return false,
    };
    let argon = Argon2::new(algorithm, version, params);
    let mut salt_bytes = [0u8; 64];
    let Ok(salt_bytes) = salt.decode_b64(&mut salt_bytes) else {
        return false;
    };
    Output::init_with(expected.len(), |out| {
        hash_into(&argon, candidate.as_bytes(), salt_bytes, out).map_err(|_| password_hash::Error::Password)
    })
    .is_ok_and(|computed| computed == expected)
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

    #[test]
    fn hashes_interoperate_with_the_argon2_crates_own() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        let ours = Password::parse("password", "Secret123").unwrap().hash();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(Argon2::default().verify_password(b"Secret123", &parsed).is_ok());
        let salt = SaltString::generate(&mut OsRng);
        let theirs = Argon2::default()
            .hash_password(b"Secret123", &salt)
            .unwrap()
            .to_string();
        assert!(verify("Secret123", &theirs) && !verify("secret123", &theirs));
        let small = Argon2::from(Params::new(1024, 1, 1, None).unwrap());
        let other_params = small.hash_password(b"Secret123", &salt).unwrap().to_string();
        assert!(
            verify("Secret123", &other_params),
            "the stored hash's own parameters are used"
        );
        assert!(!verify("Secret123", "$argon2id$v=19$m=19456,t=2,p=1$bm90YXNhbHQ$"));
    }
}
