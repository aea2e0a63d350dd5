use super::backend::Cells;
use super::backend::{begin, commit, Backend, Sql};
use super::rows::{get, id};
use super::SqlStore;
use async_trait::async_trait;
use roster_core::dates::Millis;
use roster_core::model::{retry_delay_ms, OutboxEmail, OutboxMessage};
use roster_core::store::StoreResult;
use roster_core::OutboxStore;
use uuid::Uuid;

fn message(r: &(impl Cells + ?Sized)) -> StoreResult<OutboxMessage> {
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
        failed_at: get(r, "failed_at")?,
        last_error: get(r, "last_error")?,
    })
}

#[async_trait]
impl<B: Backend> OutboxStore for SqlStore<B> {
    async fn claim_outbox(&self, now: Millis, limit: i64, lease_ms: Millis) -> StoreResult<Vec<OutboxMessage>> {
        // B::CLAIM_OUTBOX_SQL: PostgreSQL adds FOR UPDATE SKIP LOCKED so processes never share a message.
        let rows = Sql::new(B::CLAIM_OUTBOX_SQL)
            .bind(now)
            .bind(limit)
            .bind(lease_ms)
            .fetch_all(&self.write)
            .await?;
        rows.iter().map(message).collect()
    }

    async fn outbox_sent(&self, id: Uuid, now: Millis) -> StoreResult<()> {
        // The body may hold an invitation link: once delivered, it is not kept.
        Sql::new("UPDATE outbox SET sent_at = $1, lease_until = NULL, last_error = NULL, body = $3 WHERE id = $2")
            .bind(now)
            .bind(id.to_string())
            .bind(roster_core::model::SCRUBBED_BODY)
            .execute(&self.write)
            .await
            .map(drop)
    }

    async fn outbox_failed(&self, id: Uuid, now: Millis, error: &str, max_attempts: i64) -> StoreResult<bool> {
        let mut tx = begin(&self.write).await?;
        // The first update counts the attempt and locks the row for the second.
        let attempts: i64 = Sql::new("UPDATE outbox SET attempts = attempts + 1 WHERE id = $1 RETURNING attempts")
            .bind(id.to_string())
            .scalar(&mut tx)
            .await?;
        let give_up = attempts >= max_attempts;
        Sql::new(
            "UPDATE outbox SET next_attempt_at = $1, lease_until = NULL, last_error = $2, failed_at = $3 WHERE id = $4",
        )
        .bind(now + retry_delay_ms(attempts))
        .bind(error)
        .bind(give_up.then_some(now))
        .bind(id.to_string())
        .execute(&mut tx)
        .await?;
        commit(tx).await?;
        Ok(give_up)
    }

    async fn outbox(&self) -> StoreResult<Vec<OutboxMessage>> {
        let rows = Sql::new("SELECT * FROM outbox ORDER BY seq")
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(message).collect()
    }
}
