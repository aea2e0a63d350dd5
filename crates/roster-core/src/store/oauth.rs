//! Applications and Procore's authorization-code flow in the store.
use crate::error::StoreResult;
use crate::model::{AuthCode, OAuthClient, TokenPair};
use crate::{CompanyId, Invalid, PersonId};
use async_trait::async_trait;

/// A check of a stored value inside the transaction that reads it (a refusal rolls it back).
pub type Check<'a, T> = &'a (dyn Fn(&T) -> Result<(), Invalid> + Send + Sync);

/// Applications and the authorization-code flow: codes, their exchange for tokens, refresh.
#[async_trait]
pub trait OAuthStore: Send + Sync + 'static {
    async fn insert_client(&self, client: &OAuthClient) -> StoreResult<()>;
    /// The company's applications, oldest first.
    async fn apps(&self, company: CompanyId) -> StoreResult<Vec<OAuthClient>>;
    /// Deletes an application with its codes and tokens; `NotFound` if there is none.
    async fn delete_app(&self, client_id: &str) -> StoreResult<()>;
    async fn insert_code(&self, code: &AuthCode) -> StoreResult<()>;
    /// Exchanges an unused, unexpired code of the client for `pair`, acting for the code's person
    /// (who must still be an active user), after `check` (redirect URI, PKCE). A code used before
    /// revokes every token its first use produced and answers `NotFound`, as an unknown, expired
    /// or another client's code does.
    async fn exchange_code(
        &self,
        code_digest: &str,
        client_id: &str,
        pair: &TokenPair,
        check: Check<'_, AuthCode>,
    ) -> StoreResult<()>;
    /// Uses a refresh token of the client (it stops working) for `pair`, of the same grant;
    /// `NotFound` if it is unknown, used, another client's, or its person no longer a user.
    async fn refresh(&self, refresh_digest: &str, client_id: &str, pair: &TokenPair) -> StoreResult<()>;
    /// Revokes the access or refresh token of that digest if it is the client's, with every token
    /// of its grant; `None` if there was none, else the person the tokens acted for (if any).
    async fn revoke_grant(&self, token_digest: &str, client_id: &str) -> StoreResult<Option<Option<PersonId>>>;
}
