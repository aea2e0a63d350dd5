//! Deleting what has expired.
use super::backend::{Backend, Sql};
use super::SqlStore;
use async_trait::async_trait;
use roster_core::store::StoreResult;
use roster_core::{SweepPolicy, SweepStore, Swept};

/// The sweep's deletes, in the order of `Swept`'s fields, each with `$1` the moment before which
/// rows go. Each is answered from an index (migration 0006; the contract tests check the plans).
pub const SWEEP_DELETES: [&str; 5] = [
    "DELETE FROM rate_windows WHERE window_start < $1",
    "DELETE FROM login_failures WHERE locked_until < $1",
    "DELETE FROM sessions WHERE expires_at < $1",
    "DELETE FROM outbox WHERE seq IN (SELECT seq FROM outbox WHERE sent_at < $1 \
     UNION ALL SELECT seq FROM outbox WHERE failed_at < $1)",
    "DELETE FROM oauth_codes WHERE expires_at < $1",
];

#[async_trait]
impl<B: Backend> SweepStore for SqlStore<B> {
    async fn sweep(&self, p: &SweepPolicy) -> StoreResult<Swept> {
        // Each delete is a statement of its own (no long transaction holding the writer),
        // answered from an index (migration 0006).
        let mut removed = [0u64; 5];
        let befores = [
            p.rate_windows_before,
            p.login_failures_before,
            p.sessions_before,
            p.outbox_before,
            p.codes_before,
        ];
        for (i, (sql, before)) in SWEEP_DELETES.into_iter().zip(befores).enumerate() {
            removed[i] = Sql::new(sql).bind(before).execute(&self.write).await?;
        }
        let [rate_windows, login_failures, sessions, outbox, codes] = removed;
        Ok(Swept {
            rate_windows,
            login_failures,
            sessions,
            outbox,
            codes,
        })
    }
}
