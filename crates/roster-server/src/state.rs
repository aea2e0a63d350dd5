use roster_core::password::Password;
use roster_core::Store;
use std::sync::Arc;
use tokio::sync::Semaphore;

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    /// argon2 runs on the blocking pool, at most one hash per core at a time, so hashing
    /// can never take every thread away from the other requests.
    hashing: Arc<Semaphore>,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>) -> Self {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
        Self {
            store,
            hashing: Arc::new(Semaphore::new(cores)),
        }
    }

    /// Hashes a password with argon2id off the async threads.
    pub async fn hash_password(&self, password: Password) -> Result<String, crate::error::ApiError> {
        let _permit = self
            .hashing
            .acquire()
            .await
            .map_err(|_| crate::error::ApiError::internal())?;
        tokio::task::spawn_blocking(move || password.hash())
            .await
            .map_err(|_| crate::error::ApiError::internal())
    }
}
