//! Roster's stores: the embedded SQLite default and PostgreSQL, chosen by the URL's scheme.
use roster_core::{Store, StoreError};
use std::sync::Arc;

pub mod postgres;
mod sql;
pub mod sqlite;
#[cfg(feature = "test-support")]
pub mod testing;

/// Opens (creating and migrating) the store a URL names: `sqlite://path` or `postgres://user@host:port/db`.
pub async fn open(url: &str) -> Result<Arc<dyn Store>, StoreError> {
    if url.starts_with("sqlite:") {
        Ok(Arc::new(sqlite::SqliteStore::open(url).await?))
    } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        Ok(Arc::new(postgres::PgStore::open(url).await?))
    } else {
        Err(StoreError::Other(format!(
            "unsupported database URL scheme in `{}`: use sqlite:// or postgres://",
            url.split(':').next().unwrap_or_default()
        )))
    }
}

/// Runs migrations only.
pub async fn migrate(url: &str) -> Result<(), StoreError> {
    open(url).await.map(|_| ())
}
