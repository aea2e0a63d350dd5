//! Passwords, as the routes use them: hashing a new one and checking a candidate, on the hashing
//! threads (hashing.rs), with the errors a full queue gives.
use crate::error::ApiError;
use crate::hashing::{HashPool, HashRefused};
use roster_core::password::{self, Password};
use std::sync::LazyLock;

#[derive(Clone)]
pub struct Passwords {
    pool: HashPool,
}

impl Passwords {
    pub fn new(pool: HashPool) -> Self {
        Self { pool }
    }

    /// Hashes or checks waiting or running now.
    pub fn queued(&self) -> usize {
        self.pool.depth()
    }

    /// Runs CPU-heavy password work (argon2id) on the hashing threads.
    async fn argon2<T: Send + 'static>(&self, job: impl FnOnce() -> T + Send + 'static) -> Result<T, ApiError> {
        self.pool.run(job).await.map_err(|refused| match refused {
            HashRefused::Busy => ApiError::new(
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                "ServiceUnavailableError",
                "passwordQueueFull",
                "Too many password checks are waiting; try again shortly",
            ),
            HashRefused::Gone => ApiError::internal(),
        })
    }

    pub async fn hash(&self, password: Password) -> Result<String, ApiError> {
        self.argon2(move || password.hash()).await
    }

    /// Checks `candidate` against `phc`, or against a dummy hash when there is none, so that the
    /// time taken does not tell whether the account exists.
    pub async fn verify(&self, candidate: String, phc: Option<String>) -> Result<bool, ApiError> {
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
