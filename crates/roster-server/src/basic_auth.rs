//! LaborChart's HTTP Basic authentication: `Authorization: Basic base64(client_id:client_secret)`
//! with Basic credentials (`roster basic-credentials create`), on the LaborChart mount's company
//! routes only. Bad credentials get the 401 a bad token gets. Failures against a known client id
//! are counted and locked out as failed logins are (the same table, keyed `basic:<client id>`);
//! an unknown client id costs no write. Good credentials are remembered like tokens (token_cache).
use crate::bodies::token::basic_credentials;
use crate::error::ApiError;
use crate::state::AppState;
use axum::http::StatusCode;
use roster_core::dates::now_millis;
use roster_core::model::{ClientKind, TokenOwner};
use roster_core::{secrets, IdRef, StoreError};

fn invalid() -> ApiError {
    ApiError::unauthorized("invalidToken", "The access token is invalid or has expired")
}

/// Who Basic credentials act for: their company.
pub async fn basic_owner(state: &AppState, encoded: &str) -> Result<TokenOwner, ApiError> {
    let now = now_millis();
    let remembered = secrets::digest(&format!("basic {}", encoded.trim()));
    if let Some(owner) = state.tokens.get(&remembered, now) {
        return Ok(owner);
    }
    let (client_id, secret) = basic_credentials(encoded).ok_or_else(invalid)?;
    let throttle = format!("basic:{client_id}");
    if state.store.login_locked_until(&throttle, now).await?.is_some() {
        metrics::counter!("roster_login_lockouts_total", "kind" => "basic").increment(1);
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "TooManyRequestsError",
            "basicThrottled",
            "Too many failed attempts with these Basic credentials: wait before trying again",
        ));
    }
    let client = match state.store.oauth_client(&client_id).await {
        Ok(c) => c,
        Err(StoreError::NotFound(_)) => return Err(invalid()),
        Err(e) => return Err(e.into()),
    };
    if client.kind != ClientKind::Basic || !secrets::matches(&secret, &client.secret_hash) {
        metrics::counter!("roster_login_failures_total", "kind" => "basic").increment(1);
        state.store.record_login_failure(&throttle, now).await?;
        return Err(invalid());
    }
    let company = state.store.company(IdRef::Uuid(client.company_id.0)).await?;
    let owner = TokenOwner { company, person: None };
    state.tokens.put(remembered, owner.clone(), i64::MAX, now);
    Ok(owner)
}
