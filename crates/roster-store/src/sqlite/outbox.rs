use super::rows::{get, id};
use super::{db_err, SqliteStore};
use async_trait::async_trait;
use roster_core::dates::Millis;
use roster_core::model::{retry_delay_ms, OutboxEmail, OutboxMessage};
use roster_core::store::StoreResult;
use roster_core::OutboxStore;
use sqlx::sqlite::SqliteRow;
use uuid::Uuid;

fn message(r: &SqliteRow) -> StoreResult<OutboxMessage> {
    Ok(OutboxMessage {
        email: OutboxEmail {
            id: id(r, "id")?,
            recipient: get(r, "recipient")?,
            subject: get(r, "subject")?,
            body: get(r, "body")?,
            created_at: get(r, "created_at")?,
        },
        attempts: get(r, "attempts")?,
        next_attempt_at: get(r, "next_attempt_at")?,
        sent_at: get(r, "sent_at")?,
        last_error: get(r, "last_error")?,
    })
}

#[async_trait]
impl OutboxStore for SqliteStore {
    async fn claim_outbox(&self, now: Millis, limit: i64, lease_ms: Millis) -> StoreResult<Vec<OutboxMessage>> {
        let rows = sqlx::query(
            "UPDATE outbox SET lease_until = ?1 + ?3 WHERE seq IN (SELECT seq FROM outbox WHERE sent_at IS NULL \
             AND next_attempt_at <= ?1 AND (lease_until IS NULL OR lease_until <= ?1) ORDER BY seq LIMIT ?2) RETURNING *",
        )
        .bind(now)
        .bind(limit)
        .bind(lease_ms)
        .fetch_all(&self.write)
        .await
        .map_err(db_err)?;
        rows.iter().map(message).collect()
    }

    async fn outbox_sent(&self, id: Uuid, now: Millis) -> StoreResult<()> {
        sqlx::query("UPDATE outbox SET sent_at = ?, lease_until = NULL, last_error = NULL WHERE id = ?")
            .bind(now)
            .bind(id.to_string())
            .execute(&self.write)
            .await
            .map_err(db_err)
            .map(drop)
    }

    async fn outbox_failed(&self, id: Uuid, now: Millis, error: &str) -> StoreResult<()> {
        let mut tx = self.write.begin().await.map_err(db_err)?;
        let attempts: i64 =
            sqlx::query_scalar("UPDATE outbox SET attempts = attempts + 1 WHERE id = ? RETURNING attempts")
                .bind(id.to_string())
                .fetch_one(&mut *tx)
                .await
                .map_err(db_err)?;
        sqlx::query("UPDATE outbox SET next_attempt_at = ?, lease_until = NULL, last_error = ? WHERE id = ?")
            .bind(now + retry_delay_ms(attempts))
            .bind(error)
            .bind(id.to_string())
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        tx.commit().await.map_err(db_err)
    }

    async fn outbox(&self) -> StoreResult<Vec<OutboxMessage>> {
        let rows = sqlx::query("SELECT * FROM outbox ORDER BY seq")
            .fetch_all(&self.read)
            .await
            .map_err(db_err)?;
        rows.iter().map(message).collect()
    }
}
