use crate::hashing::HashPool;
use crate::passwords::Passwords;
use crate::rate_limiter::RateLimiter;
use crate::token_cache::TokenCache;
use roster_core::dates::now_millis;
use roster_core::email::Email;
use roster_core::model::{Company, NewInvitation};
use roster_core::Store;
use std::sync::Arc;

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
    /// Hashing and checking passwords (argon2id, on its own threads).
    pub passwords: Passwords,
    /// The anonymous password attempts budget, per client address.
    pub anonymous: Arc<crate::client_budget::ClientBudget>,
    /// The web app's CSV imports running or ended lately in this process.
    pub imports: Arc<crate::web::import::Imports>,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, settings: Settings) -> Self {
        let per_hour = settings.rate_limit_per_hour;
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
        Self(Arc::new(Services {
            store,
            passwords: Passwords::new(HashPool::new(cores, settings.password_queue)),
            anonymous: Arc::new(crate::client_budget::ClientBudget::new(
                settings.anonymous_password_per_minute,
            )),
            settings: Arc::new(settings),
            tokens: Arc::new(TokenCache::default()),
            limiter: Arc::new(RateLimiter::new(per_hour)),
            imports: Arc::default(),
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
}
