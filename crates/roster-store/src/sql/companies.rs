use super::backend::Cells;
use super::backend::{begin, commit, Backend, Sql};
use super::oauth::{access_token, insert_access_token, oauth_client};
use super::rows::{get, id};
use super::SqlStore;
use async_trait::async_trait;
use roster_core::dates::Millis;
use roster_core::model::{AccessToken, Company, NewCompany, OAuthClient, TokenOwner, TokenPerson};
use roster_core::store::StoreResult;
use roster_core::{CompanyId, CompanyStore, IdRef, RateLimitStore, StoreError};

pub(super) fn company(row: &(impl Cells + ?Sized)) -> StoreResult<Company> {
    Ok(Company {
        id: id(row, "id")?,
        procore_id: get(row, "procore_id")?,
        name: get(row, "name")?,
        created_at: get(row, "created_at")?,
    })
}

#[async_trait]
impl<B: Backend> CompanyStore for SqlStore<B> {
    async fn company_count(&self) -> StoreResult<i64> {
        Sql::new("SELECT COUNT(*) FROM companies").scalar(&self.read).await
    }

    async fn create_company(&self, c: NewCompany) -> StoreResult<Company> {
        let mut tx = begin(&self.write).await?;
        let procore_id: i64 = match c.procore_id {
            Some(n) => n,
            None => {
                Sql::new("SELECT COALESCE(MAX(procore_id), 0) + 1 FROM companies")
                    .scalar(&mut tx)
                    .await?
            }
        };
        Sql::new("INSERT INTO companies (id, procore_id, name, created_at) VALUES ($1, $2, $3, $4)")
            .bind(c.id.to_string())
            .bind(procore_id)
            .bind(&c.name)
            .bind(c.created_at)
            .execute(&mut tx)
            .await?;
        Sql::new(
            "INSERT INTO oauth_clients (client_id, secret_hash, company_id, kind, created_at) VALUES ($1, $2, $3, 'company', $4)",
        )
        .bind(&c.client_id)
        .bind(&c.client_secret_hash)
        .bind(c.id.to_string())
        .bind(c.created_at)
        .execute(&mut tx)
        .await?;
        for level in &c.permission_levels {
            Sql::new("INSERT INTO permission_levels (id, company_id, name, is_admin) VALUES ($1, $2, $3, $4)")
                .bind(level.id.to_string())
                .bind(c.id.to_string())
                .bind(&level.name)
                .bind(level.is_admin)
                .execute(&mut tx)
                .await?;
        }
        for profile in &c.notification_profiles {
            Sql::new("INSERT INTO notification_profiles (id, company_id, name, created_at) VALUES ($1, $2, $3, $4)")
                .bind(profile.id.to_string())
                .bind(c.id.to_string())
                .bind(&profile.name)
                .bind(profile.created_at)
                .execute(&mut tx)
                .await?;
        }
        commit(tx).await?;
        Ok(Company {
            id: c.id,
            procore_id,
            name: c.name,
            created_at: c.created_at,
        })
    }

    async fn company(&self, r: IdRef) -> StoreResult<Company> {
        let q = match r {
            IdRef::Uuid(u) => Sql::new("SELECT * FROM companies WHERE id = $1").bind(u.to_string()),
            IdRef::Int(n) => Sql::new("SELECT * FROM companies WHERE procore_id = $1").bind(n),
        };
        let row = q
            .fetch_optional(&self.read)
            .await?
            .ok_or(StoreError::NotFound("company"))?;
        company(&row)
    }

    async fn oauth_client(&self, client_id: &str) -> StoreResult<OAuthClient> {
        let row = Sql::new("SELECT * FROM oauth_clients WHERE client_id = $1")
            .bind(client_id)
            .fetch_optional(&self.read)
            .await?
            .ok_or(StoreError::NotFound("client"))?;
        oauth_client(&row)
    }

    async fn insert_token(&self, t: AccessToken) -> StoreResult<()> {
        let mut tx = begin(&self.write).await?;
        // Expired tokens are swept as new ones arrive, so the table stays small.
        Sql::new("DELETE FROM access_tokens WHERE expires_at < $1")
            .bind(t.created_at)
            .execute(&mut tx)
            .await?;
        insert_access_token(&mut tx, &t).await?;
        commit(tx).await
    }

    async fn revoke_token(&self, digest: &str) -> StoreResult<bool> {
        let done = Sql::new("DELETE FROM access_tokens WHERE digest = $1")
            .bind(digest)
            .execute(&self.write)
            .await?;
        Ok(done > 0)
    }

    async fn access_token(&self, digest: &str, now: Millis) -> StoreResult<AccessToken> {
        let row = Sql::new("SELECT * FROM access_tokens WHERE digest = $1 AND expires_at > $2")
            .bind(digest)
            .bind(now)
            .fetch_optional(&self.read)
            .await?
            .ok_or(StoreError::NotFound("token"))?;
        access_token(&row)
    }

    async fn revoke_company_tokens(&self, company: CompanyId) -> StoreResult<u64> {
        let done = Sql::new("DELETE FROM access_tokens WHERE company_id = $1")
            .bind(company.to_string())
            .execute(&self.write)
            .await?;
        Ok(done)
    }

    async fn rotate_client_secret(&self, company: CompanyId, secret_hash: &str) -> StoreResult<String> {
        let client: Option<String> = Sql::new(
            "UPDATE oauth_clients SET secret_hash = $1 WHERE company_id = $2 AND kind = 'company' RETURNING client_id",
        )
        .bind(secret_hash)
        .bind(company.to_string())
        .scalar_optional(&self.write)
        .await?;
        client.ok_or(StoreError::NotFound("company"))
    }

    async fn token_owner(&self, digest: &str, now: Millis) -> StoreResult<(TokenOwner, Millis)> {
        // A person's token works while they are an active user (ending the login deletes it too).
        let row = Sql::new(
            "SELECT c.*, t.expires_at AS token_expires_at, t.person_id, p.seq AS person_seq, \
             COALESCE(l.is_admin, FALSE) AS person_is_admin FROM access_tokens t JOIN companies c ON c.id = t.company_id \
             LEFT JOIN people p ON p.id = t.person_id LEFT JOIN permission_levels l ON l.id = p.permission_level_id \
             WHERE t.digest = $1 AND t.expires_at > $2 \
             AND (t.person_id IS NULL OR (p.is_user = TRUE AND p.status = 'active'))",
        )
        .bind(digest)
        .bind(now)
        .fetch_optional(&self.read)
        .await?
        .ok_or(StoreError::NotFound("token"))?;
        let person = match super::rows::opt_id(&row, "person_id")? {
            Some(id) => Some(TokenPerson {
                id,
                procore_id: get(&row, "person_seq")?,
                is_admin: get(&row, "person_is_admin")?,
            }),
            None => None,
        };
        let owner = TokenOwner {
            company: company(&row)?,
            person,
        };
        Ok((owner, get(&row, "token_expires_at")?))
    }
}

#[async_trait]
impl<B: Backend> RateLimitStore for SqlStore<B> {
    async fn count_requests(&self, digest: &str, window_start: i64, n: i64) -> StoreResult<i64> {
        if n == 0 {
            // Learning a total is a read: old windows are the sweep's job (SweepStore).
            let total: Option<i64> = Sql::new("SELECT count FROM rate_windows WHERE digest = $1 AND window_start = $2")
                .bind(digest)
                .bind(window_start)
                .scalar_optional(&self.read)
                .await?;
            return Ok(total.unwrap_or(0));
        }
        Sql::new(
            "INSERT INTO rate_windows (digest, window_start, count) VALUES ($1, $2, $3) \
             ON CONFLICT (digest, window_start) DO UPDATE SET count = rate_windows.count + $3 RETURNING count",
        )
        .bind(digest)
        .bind(window_start)
        .bind(n)
        .scalar(&self.write)
        .await
    }
}
