//! Readiness, backups and the outbox's size (roster_core::OperationsStore).
use super::backend::{Backend, Sql};
use super::SqlStore;
use async_trait::async_trait;
use roster_core::store::StoreResult;
use roster_core::{OperationsStore, StoreError};
use std::path::Path;

#[async_trait]
impl<B: Backend> OperationsStore for SqlStore<B> {
    async fn ready(&self) -> StoreResult<()> {
        // Through the pool writes use: a writer that cannot get a connection is not ready.
        let _: i64 = Sql::new("SELECT 1").scalar(&self.write).await?;
        B::has_room(&self.local)
    }

    async fn backup_to(&self, path: &Path) -> StoreResult<()> {
        B::backup_to(&self.read, path).await
    }

    async fn outbox_counts(&self) -> StoreResult<(i64, i64)> {
        let row = Sql::new(
            "SELECT CAST(COALESCE(SUM(CASE WHEN sent_at IS NULL AND failed_at IS NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS pending, \
             CAST(COALESCE(SUM(CASE WHEN failed_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS failed FROM outbox",
        )
        .fetch_one(&self.read)
        .await?;
        Ok((super::cells::get(&row, "pending")?, super::cells::get(&row, "failed")?))
    }

    fn connections(&self) -> ((u32, usize), (u32, usize)) {
        let of = |pool: &sqlx::Pool<B>| (pool.size(), pool.num_idle());
        (of(&self.write), of(&self.read))
    }
}

/// The refusal of a backup where the backend has no such thing.
pub(crate) fn no_backup() -> StoreError {
    StoreError::Other("a PostgreSQL store is backed up with pg_dump (see the README), not `roster backup`".into())
}
