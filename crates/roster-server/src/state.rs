use crate::error::ApiError;
use crate::hashing::HashPool;
use crate::rate_limit::RateLimiter;
use crate::token_cache::TokenCache;
use roster_core::dates::now_millis;
use roster_core::email::Email;
use roster_core::model::{Company, NewInvitation};
use roster_core::password::{self, Password};
use roster_core::Store;
use std::sync::Arc;
use std::sync::LazyLock;

/// Configuration the handlers use.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Base of links in emails.
    pub public_url: String,
    pub invitation_ttl_ms: i64,
    /// Requests per access token per hour; 0 turns the limit off.
    pub rate_limit_per_hour: u64,
    /// How long a connection may wait idle, or take to send a request's headers.
    pub idle_timeout: std::time::Duration,
}

/// What every handler shares. Cloned for each request by axum's `State` (several times, through
/// the middleware): one reference count to move, not one per service.
#[derive(Clone)]
pub struct AppState(Arc<Services>);

impl std::ops::Deref for AppState {
    type Target = Services;

    fn deref(&self) -> &Services {
        &self.0
    }
}

pub struct Services {
    pub store: Arc<dyn Store>,
    pub settings: Arc<Settings>,
    pub limiter: Arc<RateLimiter>,
    /// Recently validated access tokens (at most 2 s old).
    pub tokens: Arc<TokenCache>,
    /// argon2 runs on its own low-priority threads, one per core, never on the async threads.
    hashing: HashPool,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, settings: Settings) -> Self {
        let per_hour = settings.rate_limit_per_hour;
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
        Self(Arc::new(Services {
            store,
            settings: Arc::new(settings),
            hashing: HashPool::new(cores),
            tokens: Arc::new(TokenCache::default()),
            limiter: Arc::new(RateLimiter::new(per_hour)),
        }))
    }

    /// A new invitation for a person of `company`, with its email.
    pub fn invitation(&self, company: &Company, first_name: &str, to: &Email) -> NewInvitation {
        let s = &self.settings;
        NewInvitation::issue(
            &company.name,
            first_name,
            to,
            &s.public_url,
            s.invitation_ttl_ms,
            now_millis(),
        )
    }

    /// Runs CPU-heavy password work (argon2id) on the hashing threads.
    async fn argon2<T: Send + 'static>(&self, job: impl FnOnce() -> T + Send + 'static) -> Result<T, ApiError> {
        self.hashing.run(job).await.ok_or_else(ApiError::internal)
    }

    pub async fn hash_password(&self, password: Password) -> Result<String, ApiError> {
        self.argon2(move || password.hash()).await
    }

    /// Checks `candidate` against `phc`, or against a dummy hash when there is none, so that the
    /// time taken does not tell whether the account exists.
    pub async fn verify_password(&self, candidate: String, phc: Option<String>) -> Result<bool, ApiError> {
        let known = phc.is_some();
        let phc = phc.unwrap_or_else(|| DUMMY_HASH.clone());
        Ok(self.argon2(move || password::verify(&candidate, &phc)).await? && known)
    }
}

/// A real argon2id hash of a password nobody has, made once.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| match Password::parse("p", "Dummy-Passw0rd") {
    Ok(p) => p.hash(),
    Err(_) => String::new(),
});
