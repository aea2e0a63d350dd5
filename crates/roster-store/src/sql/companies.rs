// Expanded once per backend (sqlite/, postgres/), where `Db`, `DbRow`, `DbConn` and `Backend` name its types.
macro_rules! companies {
    () => {
        use super::rows::{get, id};
        use super::{db_err, Backend};
        use async_trait::async_trait;
        use roster_core::dates::Millis;
        use roster_core::model::{AccessToken, Company, NewCompany, OAuthClient};
        use roster_core::store::StoreResult;
        use roster_core::{CompanyId, CompanyStore, IdRef, RateLimitStore, StoreError};

        fn company(row: &DbRow) -> StoreResult<Company> {
            Ok(Company {
                id: id(row, "id")?,
                procore_id: get(row, "procore_id")?,
                name: get(row, "name")?,
                created_at: get(row, "created_at")?,
            })
        }

        #[async_trait]
        impl CompanyStore for Backend {
            async fn company_count(&self) -> StoreResult<i64> {
                sqlx::query_scalar("SELECT COUNT(*) FROM companies")
                    .fetch_one(&self.read)
                    .await
                    .map_err(db_err)
            }

            async fn create_company(&self, c: NewCompany) -> StoreResult<Company> {
                let mut tx = self.write.begin_with(Backend::BEGIN_WRITE).await.map_err(db_err)?;
                let procore_id: i64 = match c.procore_id {
                    Some(n) => n,
                    None => sqlx::query_scalar("SELECT COALESCE(MAX(procore_id), 0) + 1 FROM companies")
                        .fetch_one(&mut *tx)
                        .await
                        .map_err(db_err)?,
                };
                sqlx::query("INSERT INTO companies (id, procore_id, name, created_at) VALUES ($1, $2, $3, $4)")
                    .bind(c.id.to_string())
                    .bind(procore_id)
                    .bind(&c.name)
                    .bind(c.created_at)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_err)?;
                sqlx::query("INSERT INTO oauth_clients (client_id, secret_hash, company_id) VALUES ($1, $2, $3)")
                    .bind(&c.client_id)
                    .bind(&c.client_secret_hash)
                    .bind(c.id.to_string())
                    .execute(&mut *tx)
                    .await
                    .map_err(db_err)?;
                for level in &c.permission_levels {
                    sqlx::query(
                        "INSERT INTO permission_levels (id, company_id, name, is_admin) VALUES ($1, $2, $3, $4)",
                    )
                    .bind(level.id.to_string())
                    .bind(c.id.to_string())
                    .bind(&level.name)
                    .bind(level.is_admin)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_err)?;
                }
                for profile in &c.notification_profiles {
                    sqlx::query(
                        "INSERT INTO notification_profiles (id, company_id, name, created_at) VALUES ($1, $2, $3, $4)",
                    )
                    .bind(profile.id.to_string())
                    .bind(c.id.to_string())
                    .bind(&profile.name)
                    .bind(profile.created_at)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_err)?;
                }
                tx.commit().await.map_err(db_err)?;
                Ok(Company {
                    id: c.id,
                    procore_id,
                    name: c.name,
                    created_at: c.created_at,
                })
            }

            async fn company(&self, r: IdRef) -> StoreResult<Company> {
                let q = match r {
                    IdRef::Uuid(u) => sqlx::query("SELECT * FROM companies WHERE id = $1").bind(u.to_string()),
                    IdRef::Int(n) => sqlx::query("SELECT * FROM companies WHERE procore_id = $1").bind(n),
                };
                let row = q
                    .fetch_optional(&self.read)
                    .await
                    .map_err(db_err)?
                    .ok_or(StoreError::NotFound("company"))?;
                company(&row)
            }

            async fn oauth_client(&self, client_id: &str) -> StoreResult<OAuthClient> {
                let row = sqlx::query("SELECT * FROM oauth_clients WHERE client_id = $1")
                    .bind(client_id)
                    .fetch_optional(&self.read)
                    .await
                    .map_err(db_err)?
                    .ok_or(StoreError::NotFound("client"))?;
                Ok(OAuthClient {
                    client_id: get(&row, "client_id")?,
                    secret_hash: get(&row, "secret_hash")?,
                    company_id: id(&row, "company_id")?,
                })
            }

            async fn insert_token(&self, t: AccessToken) -> StoreResult<()> {
                let mut tx = self.write.begin_with(Backend::BEGIN_WRITE).await.map_err(db_err)?;
                // Expired tokens are swept as new ones arrive, so the table stays small.
                sqlx::query("DELETE FROM access_tokens WHERE expires_at < $1")
                    .bind(t.created_at)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_err)?;
                sqlx::query(
                    "INSERT INTO access_tokens (digest, company_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
                )
                .bind(&t.digest)
                .bind(t.company_id.to_string())
                .bind(t.created_at)
                .bind(t.expires_at)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
                tx.commit().await.map_err(db_err)
            }

            async fn revoke_token(&self, digest: &str) -> StoreResult<bool> {
                let done = sqlx::query("DELETE FROM access_tokens WHERE digest = $1")
                    .bind(digest)
                    .execute(&self.write)
                    .await
                    .map_err(db_err)?;
                Ok(done.rows_affected() > 0)
            }

            async fn revoke_company_tokens(&self, company: CompanyId) -> StoreResult<u64> {
                let done = sqlx::query("DELETE FROM access_tokens WHERE company_id = $1")
                    .bind(company.to_string())
                    .execute(&self.write)
                    .await
                    .map_err(db_err)?;
                Ok(done.rows_affected())
            }

            async fn rotate_client_secret(&self, company: CompanyId, secret_hash: &str) -> StoreResult<String> {
                let client: Option<String> =
                    sqlx::query_scalar("UPDATE oauth_clients SET secret_hash = $1 WHERE company_id = $2 RETURNING client_id")
                        .bind(secret_hash)
                        .bind(company.to_string())
                        .fetch_optional(&self.write)
                        .await
                        .map_err(db_err)?;
                client.ok_or(StoreError::NotFound("company"))
            }

            async fn token_company(&self, digest: &str, now: Millis) -> StoreResult<(Company, Millis)> {
                let row = sqlx::query(
                    "SELECT c.*, t.expires_at AS token_expires_at FROM access_tokens t JOIN companies c ON c.id = t.company_id \
             WHERE t.digest = $1 AND t.expires_at > $2",
                )
                .bind(digest)
                .bind(now)
                .fetch_optional(&self.read)
                .await
                .map_err(db_err)?
                .ok_or(StoreError::NotFound("token"))?;
                Ok((company(&row)?, get(&row, "token_expires_at")?))
            }
        }

        #[async_trait]
        impl RateLimitStore for Backend {
            async fn count_requests(&self, digest: &str, window_start: i64, n: i64) -> StoreResult<i64> {
                if n == 0 {
                    // Learning a total is a read: old windows are the sweep's job (SweepStore).
                    let total: Option<i64> =
                        sqlx::query_scalar("SELECT count FROM rate_windows WHERE digest = $1 AND window_start = $2")
                            .bind(digest)
                            .bind(window_start)
                            .fetch_optional(&self.read)
                            .await
                            .map_err(db_err)?;
                    return Ok(total.unwrap_or(0));
                }
                sqlx::query_scalar(
                    "INSERT INTO rate_windows (digest, window_start, count) VALUES ($1, $2, $3) \
                     ON CONFLICT (digest, window_start) DO UPDATE SET count = rate_windows.count + $3 RETURNING count",
                )
                .bind(digest)
                .bind(window_start)
                .bind(n)
                .fetch_one(&self.write)
                .await
                .map_err(db_err)
            }
        }
    };
}
pub(crate) use companies;
