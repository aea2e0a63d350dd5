// Expanded once per backend (sqlite/, postgres/), where `Db`, `DbRow`, `DbConn` and `Backend` name its types.
macro_rules! outbox {
    () => {
        use super::rows::{get, id};
        use super::{db_err, Backend};
        use async_trait::async_trait;
        use roster_core::dates::Millis;
        use roster_core::model::{retry_delay_ms, OutboxEmail, OutboxMessage};
        use roster_core::store::StoreResult;
        use roster_core::OutboxStore;
        use uuid::Uuid;

        fn message(r: &DbRow) -> StoreResult<OutboxMessage> {
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
        impl OutboxStore for Backend {
            async fn claim_outbox(&self, now: Millis, limit: i64, lease_ms: Millis) -> StoreResult<Vec<OutboxMessage>> {
                // Backend::CLAIM_OUTBOX_SQL: PostgreSQL adds FOR UPDATE SKIP LOCKED so processes never share a message.
                let rows = sqlx::query(Backend::CLAIM_OUTBOX_SQL)
                    .bind(now)
                    .bind(limit)
                    .bind(lease_ms)
                    .fetch_all(&self.write)
                    .await
                    .map_err(db_err)?;
                rows.iter().map(message).collect()
            }

            async fn outbox_sent(&self, id: Uuid, now: Millis) -> StoreResult<()> {
                // The body may hold an invitation link: once delivered, it is not kept.
                sqlx::query(
                    "UPDATE outbox SET sent_at = $1, lease_until = NULL, last_error = NULL, body = $3 WHERE id = $2",
                )
                    .bind(now)
                    .bind(id.to_string())
                    .bind(roster_core::model::SCRUBBED_BODY)
                    .execute(&self.write)
                    .await
                    .map_err(db_err)
                    .map(drop)
            }

            async fn outbox_failed(&self, id: Uuid, now: Millis, error: &str, max_attempts: i64) -> StoreResult<bool> {
                let mut tx = self
                    .write
                    .begin_with(Backend::BEGIN_WRITE)
                    .await
                    .map_err(db_err)?;
                // The first update counts the attempt and locks the row for the second.
                let attempts: i64 =
                    sqlx::query_scalar("UPDATE outbox SET attempts = attempts + 1 WHERE id = $1 RETURNING attempts")
                        .bind(id.to_string())
                        .fetch_one(&mut *tx)
                        .await
                        .map_err(db_err)?;
                let give_up = attempts >= max_attempts;
                sqlx::query(
                    "UPDATE outbox SET next_attempt_at = $1, lease_until = NULL, last_error = $2, failed_at = $3 WHERE id = $4",
                )
                .bind(now + retry_delay_ms(attempts))
                .bind(error)
                .bind(give_up.then_some(now))
                .bind(id.to_string())
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
                tx.commit().await.map_err(db_err)?;
                Ok(give_up)
            }

            async fn outbox(&self) -> StoreResult<Vec<OutboxMessage>> {
                let rows = sqlx::query("SELECT * FROM outbox ORDER BY seq")
                    .fetch_all(&self.read)
                    .await
                    .map_err(db_err)?;
                rows.iter().map(message).collect()
            }
        }
    };
}
pub(crate) use outbox;
