//! A short-lived memory of valid access tokens, so that reads do not pay a database round trip for
//! authentication on every request. The database stays the authority: an entry lives at most
//! `TTL_MS` (and never past the token's own expiry), so a token revoked in the database stops
//! working everywhere within that time.
use roster_core::dates::Millis;
use roster_core::model::TokenOwner;
use std::collections::HashMap;
use std::sync::Mutex;

pub const TTL_MS: Millis = 2_000;
const CAPACITY: usize = 10_000;

#[derive(Default)]
pub struct TokenCache {
    entries: Mutex<HashMap<String, (TokenOwner, Millis)>>,
}

impl TokenCache {
    pub fn get(&self, digest: &str, now: Millis) -> Option<TokenOwner> {
        let entries = self.entries.lock().ok()?;
        entries
            .get(digest)
            .filter(|(_, until)| *until > now)
            .map(|(c, _)| c.clone())
    }

    /// Forgets a token revoked through this process, so that it stops here at once.
    pub fn forget(&self, digest: &str) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.remove(digest);
        }
    }

    /// Forgets every token of a person whose login ended (or who was deleted or made inactive)
    /// through this process, so that they stop here at once.
    pub fn forget_person(&self, person: roster_core::PersonId) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.retain(|_, (owner, _)| owner.person.is_none_or(|p| p.id != person));
        }
    }

    pub fn put(&self, digest: String, owner: TokenOwner, token_expires_at: Millis, now: Millis) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= CAPACITY {
                entries.retain(|_, (_, until)| *until > now);
                if entries.len() >= CAPACITY {
                    entries.clear();
                }
            }
            entries.insert(digest, (owner, token_expires_at.min(now + TTL_MS)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use roster_core::model::{Company, TokenPerson};
    use roster_core::{CompanyId, PersonId};

    #[test]
    fn entries_expire_with_the_ttl_or_the_token() {
        let c = TokenOwner {
            company: Company {
                id: CompanyId::new(),
                procore_id: 1,
                name: "A".into(),
                created_at: 0,
            },
            person: None,
        };
        let cache = TokenCache::default();
        cache.put("a".into(), c.clone(), 1_000_000, 0);
        cache.put("b".into(), c.clone(), 500, 0);
        assert_eq!(cache.get("a", 1_999), Some(c.clone()));
        assert_eq!(
            cache.get("a", TTL_MS),
            None,
            "re-checked with the database after the TTL"
        );
        assert_eq!(cache.get("b", 499), Some(c));
        assert_eq!(cache.get("b", 500), None, "never past the token's expiry");
        assert_eq!(cache.get("nope", 0), None);
    }

    #[test]
    fn a_persons_tokens_are_forgotten_together() {
        let company = Company {
            id: CompanyId::new(),
            procore_id: 1,
            name: "A".into(),
            created_at: 0,
        };
        let person = |id| TokenOwner {
            company: company.clone(),
            person: Some(TokenPerson {
                id,
                procore_id: 1,
                is_admin: false,
            }),
        };
        let (anna, bob) = (PersonId::new(), PersonId::new());
        let cache = TokenCache::default();
        for (digest, owner) in [("a1", person(anna)), ("a2", person(anna)), ("b", person(bob))] {
            cache.put(digest.into(), owner, 1_000_000, 0);
        }
        cache.forget_person(anna);
        assert_eq!((cache.get("a1", 1), cache.get("a2", 1)), (None, None));
        assert_eq!(cache.get("b", 1), Some(person(bob)));
    }
}
