//! OAuth clients, access tokens, authorization codes and refresh tokens. A code's exchange and a
//! refresh are each one transaction: the person checked and share-locked, then the code marked
//! used (or the refresh token deleted), and the new tokens written, so of two racing uses exactly
//! one gets tokens. The person is locked before the code, as ending a login locks them (a
//! deadlock on PostgreSQL otherwise).
use super::backend::{begin, commit, Backend, Cells, Sql, Tx};
use super::rows::{get, id, json_list, opt_id, to_json_list};
use super::SqlStore;
use async_trait::async_trait;
use roster_core::model::{AccessToken, AuthCode, ClientKind, OAuthClient, TokenPair};
use roster_core::store::{Check, StoreResult};
use roster_core::{CompanyId, OAuthStore, PersonId, StoreError};

pub(super) fn oauth_client(row: &(impl Cells + ?Sized)) -> StoreResult<OAuthClient> {
    let kind: String = get(row, "kind")?;
    Ok(OAuthClient {
        client_id: get(row, "client_id")?,
        secret_hash: get(row, "secret_hash")?,
        company_id: id(row, "company_id")?,
        kind: ClientKind::parse(&kind).ok_or_else(|| StoreError::Other(format!("corrupt client kind {kind}")))?,
        name: get(row, "name")?,
        redirect_uris: json_list(row, "redirect_uris")?,
        created_at: get(row, "created_at")?,
    })
}

pub(super) fn access_token(row: &(impl Cells + ?Sized)) -> StoreResult<AccessToken> {
    Ok(AccessToken {
        digest: get(row, "digest")?,
        company_id: id(row, "company_id")?,
        client_id: get(row, "client_id")?,
        person_id: opt_id(row, "person_id")?,
        grant_id: get(row, "grant_id")?,
        created_at: get(row, "created_at")?,
        expires_at: get(row, "expires_at")?,
    })
}

fn auth_code(row: &(impl Cells + ?Sized)) -> StoreResult<AuthCode> {
    Ok(AuthCode {
        digest: get(row, "digest")?,
        client_id: get(row, "client_id")?,
        person_id: id(row, "person_id")?,
        company_id: id(row, "company_id")?,
        redirect_uri: get(row, "redirect_uri")?,
        code_challenge: get(row, "code_challenge")?,
        grant_id: get(row, "grant_id")?,
        created_at: get(row, "created_at")?,
        expires_at: get(row, "expires_at")?,
    })
}

pub(super) async fn insert_access_token<B: Backend>(tx: &mut Tx<B>, t: &AccessToken) -> StoreResult<()> {
    Sql::new(
        "INSERT INTO access_tokens (digest, company_id, created_at, expires_at, client_id, person_id, grant_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&t.digest)
    .bind(t.company_id.to_string())
    .bind(t.created_at)
    .bind(t.expires_at)
    .bind(t.client_id.as_deref())
    .bind(t.person_id.map(|p| p.to_string()))
    .bind(t.grant_id.as_deref())
    .execute(&mut *tx)
    .await
    .map(drop)
}

/// Whether the person is (still) an active user; their row is share-locked until the transaction
/// ends, so ending the login waits for the tokens written here and then deletes them.
async fn active_user<B: Backend>(tx: &mut Tx<B>, person: PersonId, company: CompanyId) -> StoreResult<bool> {
    let found: Option<i32> = Sql::new(format!(
        "SELECT 1 FROM people WHERE id = $1 AND company_id = $2 AND is_user = TRUE AND status = 'active'{}",
        B::SHARE_ROW
    ))
    .bind(person.to_string())
    .bind(company.to_string())
    .scalar_optional(&mut *tx)
    .await?;
    Ok(found.is_some())
}

/// Whether the code or refresh token (of `table`) of the client exists and its person is an
/// active user, whom it then share-locks (`active_user`) before the caller locks the row itself.
async fn person_of<B: Backend>(tx: &mut Tx<B>, table: &str, digest: &str, client_id: &str) -> StoreResult<bool> {
    let row = Sql::new(format!(
        "SELECT person_id, company_id FROM {table} WHERE digest = $1 AND client_id = $2"
    ))
    .bind(digest)
    .bind(client_id)
    .fetch_optional(&mut *tx)
    .await?;
    match row {
        Some(row) => active_user(tx, id(&row, "person_id")?, id(&row, "company_id")?).await,
        None => Ok(false),
    }
}

/// Writes a grant's access and refresh tokens.
async fn insert_pair<B: Backend>(
    tx: &mut Tx<B>,
    pair: &TokenPair,
    client_id: &str,
    company: CompanyId,
    person: PersonId,
    grant_id: &str,
) -> StoreResult<()> {
    let access = AccessToken {
        digest: pair.access_digest.clone(),
        company_id: company,
        client_id: Some(client_id.to_owned()),
        person_id: Some(person),
        grant_id: Some(grant_id.to_owned()),
        created_at: pair.created_at,
        expires_at: pair.expires_at,
    };
    insert_access_token(tx, &access).await?;
    Sql::new(
        "INSERT INTO refresh_tokens (digest, client_id, company_id, person_id, grant_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&pair.refresh_digest)
    .bind(client_id)
    .bind(company.to_string())
    .bind(person.to_string())
    .bind(grant_id)
    .bind(pair.created_at)
    .execute(&mut *tx)
    .await
    .map(drop)
}

/// Deletes every token of a grant.
async fn end_grant<B: Backend>(tx: &mut Tx<B>, grant_id: &str) -> StoreResult<()> {
    for sql in [
        "DELETE FROM access_tokens WHERE grant_id = $1",
        "DELETE FROM refresh_tokens WHERE grant_id = $1",
    ] {
        Sql::new(sql).bind(grant_id).execute(&mut *tx).await?;
    }
    Ok(())
}

#[async_trait]
impl<B: Backend> OAuthStore for SqlStore<B> {
    async fn insert_client(&self, c: &OAuthClient) -> StoreResult<()> {
        Sql::new(
            "INSERT INTO oauth_clients (client_id, secret_hash, company_id, kind, name, redirect_uris, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&c.client_id)
        .bind(&c.secret_hash)
        .bind(c.company_id.to_string())
        .bind(c.kind.as_str())
        .bind(c.name.as_deref())
        .bind(to_json_list(&c.redirect_uris))
        .bind(c.created_at)
        .execute(&self.write)
        .await
        .map(drop)
    }

    async fn apps(&self, company: CompanyId) -> StoreResult<Vec<OAuthClient>> {
        Sql::new("SELECT * FROM oauth_clients WHERE company_id = $1 AND kind = 'app' ORDER BY created_at, client_id")
            .bind(company.to_string())
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(oauth_client)
            .collect()
    }

    async fn delete_app(&self, client_id: &str) -> StoreResult<()> {
        let mut tx = begin(&self.write).await?;
        // Codes and refresh tokens go with the client (foreign keys); access tokens by its id.
        Sql::new("DELETE FROM access_tokens WHERE client_id = $1")
            .bind(client_id)
            .execute(&mut tx)
            .await?;
        let done = Sql::new("DELETE FROM oauth_clients WHERE client_id = $1 AND kind = 'app'")
            .bind(client_id)
            .execute(&mut tx)
            .await?;
        if done == 0 {
            return Err(StoreError::NotFound("application"));
        }
        commit(tx).await
    }

    async fn insert_code(&self, c: &AuthCode) -> StoreResult<()> {
        Sql::new(
            "INSERT INTO oauth_codes (digest, client_id, person_id, company_id, redirect_uri, code_challenge, grant_id, \
             created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&c.digest)
        .bind(&c.client_id)
        .bind(c.person_id.to_string())
        .bind(c.company_id.to_string())
        .bind(&c.redirect_uri)
        .bind(c.code_challenge.as_deref())
        .bind(&c.grant_id)
        .bind(c.created_at)
        .bind(c.expires_at)
        .execute(&self.write)
        .await
        .map(drop)
    }

    async fn exchange_code(
        &self,
        code_digest: &str,
        client_id: &str,
        pair: &TokenPair,
        check: Check<'_, AuthCode>,
    ) -> StoreResult<()> {
        let mut tx = begin(&self.write).await?;
        // The person first, then the code: the order ending a login takes them in.
        if !person_of(&mut tx, "oauth_codes", code_digest, client_id).await? {
            return Err(StoreError::NotFound("code"));
        }
        let row = Sql::new(format!(
            "SELECT * FROM oauth_codes WHERE digest = $1 AND client_id = $2{}",
            B::LOCK_ROW
        ))
        .bind(code_digest)
        .bind(client_id)
        .fetch_optional(&mut tx)
        .await?
        .ok_or(StoreError::NotFound("code"))?;
        let code = auth_code(&row)?;
        let used: Option<i64> = get(&row, "used_at")?;
        if used.is_some() {
            // RFC 6749 §4.1.2: a code used twice revokes what it gave the first time.
            end_grant(&mut tx, &code.grant_id).await?;
            commit(tx).await?;
            return Err(StoreError::NotFound("code"));
        }
        if code.expires_at <= pair.created_at {
            return Err(StoreError::NotFound("code"));
        }
        check(&code)?;
        Sql::new("UPDATE oauth_codes SET used_at = $1 WHERE digest = $2")
            .bind(pair.created_at)
            .bind(code_digest)
            .execute(&mut tx)
            .await?;
        insert_pair(
            &mut tx,
            pair,
            client_id,
            code.company_id,
            code.person_id,
            &code.grant_id,
        )
        .await?;
        commit(tx).await
    }

    async fn refresh(&self, refresh_digest: &str, client_id: &str, pair: &TokenPair) -> StoreResult<()> {
        let mut tx = begin(&self.write).await?;
        if !person_of(&mut tx, "refresh_tokens", refresh_digest, client_id).await? {
            return Err(StoreError::NotFound("refresh token"));
        }
        // Deleted as it is read: of two refreshes with one token, one finds it.
        let row = Sql::new(
            "DELETE FROM refresh_tokens WHERE digest = $1 AND client_id = $2 RETURNING company_id, person_id, grant_id",
        )
        .bind(refresh_digest)
        .bind(client_id)
        .fetch_optional(&mut tx)
        .await?
        .ok_or(StoreError::NotFound("refresh token"))?;
        let (company, person): (CompanyId, PersonId) = (id(&row, "company_id")?, id(&row, "person_id")?);
        let grant_id: String = get(&row, "grant_id")?;
        insert_pair(&mut tx, pair, client_id, company, person, &grant_id).await?;
        commit(tx).await
    }

    async fn revoke_grant(&self, token_digest: &str, client_id: &str) -> StoreResult<Option<Option<PersonId>>> {
        let mut tx = begin(&self.write).await?;
        let mut found = None;
        for table in ["access_tokens", "refresh_tokens"] {
            let row = Sql::new(format!(
                "SELECT grant_id, person_id FROM {table} WHERE digest = $1 AND client_id = $2"
            ))
            .bind(token_digest)
            .bind(client_id)
            .fetch_optional(&mut tx)
            .await?;
            if let Some(row) = row {
                let grant: Option<String> = get(&row, "grant_id")?;
                found = Some((grant, opt_id::<PersonId>(&row, "person_id")?));
                break;
            }
        }
        let Some((grant, person)) = found else { return Ok(None) };
        Sql::new("DELETE FROM access_tokens WHERE digest = $1")
            .bind(token_digest)
            .execute(&mut tx)
            .await?;
        if let Some(g) = grant {
            end_grant(&mut tx, &g).await?;
        }
        commit(tx).await?;
        Ok(Some(person))
    }
}
