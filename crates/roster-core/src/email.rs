//! An email address as given, compared case-insensitively. Checked with the mail library's own
//! address parser (lettre's, the one the outbox worker sends with), so an address that is accepted
//! here can be sent to: a refusal is a 400 when it is given, not a retry loop later.
use crate::Invalid;

pub const MAX_LEN: usize = 254;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(field: &str, s: &str) -> Result<Self, Invalid> {
        let s = s.trim();
        let bad = || Invalid::new(field, "invalidEmail", format!("`{field}` must be an email address"));
        if s.is_empty() || s.len() > MAX_LEN || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(bad());
        }
        let (local, domain) = s.rsplit_once('@').ok_or_else(bad)?;
        if local.is_empty() || domain.len() < 3 || !domain.contains('.') || domain.contains('@') {
            return Err(bad());
        }
        if domain.starts_with('.') || domain.ends_with('.') {
            return Err(bad());
        }
        s.parse::<lettre::Address>().map_err(|_| bad())?;
        Ok(Self(s.to_owned()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The form uniqueness is decided on.
    pub fn normalized(&self) -> String {
        self.0.to_lowercase()
    }
    /// Rebuilds an email read back from the store (already validated when written).
    pub fn from_stored(s: String) -> Self {
        Self(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_normalizes() {
        let e = Email::parse("email", " Anna.R@Example.com ").unwrap();
        assert_eq!(e.as_str(), "Anna.R@Example.com");
        assert_eq!(e.normalized(), "anna.r@example.com");
    }

    #[test]
    fn rejects() {
        // The last ones pass the shape checks, but no mailer can send to them (lettre refuses).
        for s in [
            "",
            "nobody",
            "a@b",
            "a b@c.com",
            "@x.com",
            "a@.com",
            "a@x.com.",
            "a..b@x.com",
            "a@x..com",
            "a(b)@x.com",
            "a@-x.com",
        ] {
            assert!(Email::parse("email", s).is_err(), "{s}");
        }
    }
}
