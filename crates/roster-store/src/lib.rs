//! Roster's stores: the embedded SQLite default (and PostgreSQL, chosen by URL scheme).
use roster_core::{Store, StoreError};
use std::sync::Arc;

mod sql;
pub mod sqlite;

/// Opens (creating and migrating) the store a URL names: `sqlite://path`.
pub async fn open(url: &str) -> Result<Arc<dyn Store>, StoreError> {
    if url.starts_with("sqlite:") {
        Ok(Arc::new(sqlite::SqliteStore::open(url).await?))
    } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        Err(StoreError::Other(
            "the PostgreSQL store is not available in this build yet".into(),
        ))
    } else {
        Err(StoreError::Other(format!(
            "unsupported database URL scheme in `{}`: use sqlite://",
            url.split(':').next().unwrap_or_default()
        )))
    }
}

/// Runs migrations only.
pub async fn migrate(url: &str) -> Result<(), StoreError> {
    open(url).await.map(|_| ())
}
