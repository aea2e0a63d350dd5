use crate::error::ApiError;
use crate::hashing::{HashPool, HashRefused};
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
    /// Password hashes waiting or running at most; past it, password routes answer 503.
    pub password_queue: usize,
    /// Anonymous password attempts (login, invitation accept) per client address per minute;
    /// 0 turns the budget off.
    pub anonymous_password_per_minute: u32,
    /// How long sent (and given-up) outbox emails are kept.
    pub outbox_retention_ms: i64,
    /// How often old rate windows, login failures, sessions and outbox emails are swept.
    pub sweep_every: std::time::Duration,
}

impl Settings {
    /// The defaults of `roster serve`, with this public URL.
    pub fn new(public_url: String) -> Self {
        Self {
            public_url,
            invitation_ttl_ms: 7 * 86_400_000,
            rate_limit_per_hour: 3600,
            idle_timeout: std::time::Duration::from_secs(30),
            password_queue: 64,
            anonymous_password_per_minute: 60,
            outbox_retention_ms: 7 * 86_400_000,
            sweep_every: std::time::Duration::from_secs(60),
        }
    }
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
    pub hashing: HashPool,
    /// The anonymous password attempts budget, per client address.
    pub anonymous: Arc<crate::client_budget::ClientBudget>,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, settings: Settings) -> Self {
        let per_hour = settings.rate_limit_per_hour;
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
        Self(Arc::new(Services {
            store,
            hashing: HashPool::new(cores, settings.password_queue),
            anonymous: Arc::new(crate::client_budget::ClientBudget::new(
                settings.anonymous_password_per_minute,
            )),
            settings: Arc::new(settings),
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
        self.hashing.run(job).await.map_err(|refused| match refused {
            HashRefused::Busy => ApiError::new(
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                "ServiceUnavailableError",
                "passwordQueueFull",
                "Too many password checks are waiting; try again shortly",
            ),
            HashRefused::Gone => ApiError::internal(),
        })
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
