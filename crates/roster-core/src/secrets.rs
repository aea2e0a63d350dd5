//! Random bearer secrets (client secrets, access tokens) and their stored form. They carry
//! 256 random bits, so a plain SHA-256 is a safe stored form (argon2 is for human passwords).
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// 32 random bytes, URL-safe base64 (43 characters), with a readable prefix.
pub fn generate(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    format!("{prefix}{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// Hex SHA-256: the only form in which secrets are stored.
pub fn digest(secret: &str) -> String {
    let d = Sha256::digest(secret.as_bytes());
    d.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `secret` hashes to `stored_digest`, compared in constant time (no early exit on the
/// first differing byte).
pub fn matches(secret: &str, stored_digest: &str) -> bool {
    let candidate = digest(secret);
    let (a, b) = (candidate.as_bytes(), stored_digest.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    #[test]
    fn unique_and_hashed() {
        let a = super::generate("rt_");
        assert_ne!(a, super::generate("rt_"));
        assert_eq!(a.len(), 46);
        assert_eq!(super::digest(&a).len(), 64);
        assert_ne!(super::digest(&a), a);
        assert!(super::matches(&a, &super::digest(&a)));
        assert!(!super::matches("other", &super::digest(&a)));
        assert!(!super::matches(&a, "short"));
    }
}
