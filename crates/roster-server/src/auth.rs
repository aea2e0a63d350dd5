//! Bearer tokens and tenancy: every API route takes a `Tenant`, which proves the token and
//! resolves `{company_id}` (Procore integer or LaborChart UUID) to the token's own company.
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::header;
use axum::http::request::Parts;
use roster_core::dates::now_millis;
use roster_core::model::{Company, TokenOwner};
use roster_core::{secrets, IdRef, StoreError};

/// Which of the two mounts a request came through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mount {
    /// `/v2/companies/{company_id}`: `Procore-Company-Id` optional.
    LaborChart,
    /// `/rest/v1.0/workforce-planning/v2/companies/{company_id}`: `Procore-Company-Id` required.
    Procore,
}

impl Mount {
    /// A tag route's answer in the shape each API prints: the object on LaborChart's mount, an
    /// array of that one object on the facade (Procore's spec).
    pub fn answer<T: serde::Serialize>(self, view: T) -> axum::response::Response {
        use axum::response::IntoResponse;
        match self {
            Mount::LaborChart => axum::Json(view).into_response(),
            Mount::Procore => axum::Json([view]).into_response(),
        }
    }
}

pub const COMPANY_HEADER: &str = "procore-company-id";

/// The authenticated company of this request.
pub struct Tenant(pub Company);

/// Whether `r` (a Procore integer or a LaborChart UUID) names company `c`.
pub fn same_company(c: &Company, r: IdRef) -> bool {
    match r {
        IdRef::Uuid(u) => u == c.id.0,
        IdRef::Int(n) => n == c.procore_id,
    }
}

/// What follows `scheme ` (`Bearer`, `Basic`; the scheme in capitalised or lower case) in an
/// `Authorization` header value.
pub fn credentials_of<'a>(value: &'a str, scheme: &str) -> Option<&'a str> {
    let (given, rest) = value.split_once(' ')?;
    (given == scheme || given == scheme.to_ascii_lowercase()).then_some(rest)
}

/// The token of an `Authorization: Bearer <token>` header, if the request has one.
pub fn bearer_token(headers: &axum::http::HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let token = credentials_of(value, "Bearer")?.trim();
    (!token.is_empty()).then_some(token)
}

/// The credentials of an `Authorization: Basic <base64>` header, if the request has one.
fn basic_header(headers: &axum::http::HeaderMap) -> Option<&str> {
    credentials_of(headers.get(header::AUTHORIZATION)?.to_str().ok()?, "Basic")
}

fn invalid_token() -> ApiError {
    ApiError::unauthorized("invalidToken", "The access token is invalid or has expired")
}

/// What the rate limiter found a request's bearer token to be, so the route does not look again.
#[derive(Clone)]
pub struct CheckedToken(pub Option<TokenOwner>);

/// Who an access token acts for (`None`: unknown or expired). Reads only: a made-up token costs
/// one indexed read (none while cached), never a write.
pub async fn token_owner(state: &AppState, token: &str) -> Result<Option<(String, TokenOwner)>, ApiError> {
    let (digest, now) = (secrets::digest(token), now_millis());
    if let Some(owner) = state.tokens.get(&digest, now) {
        return Ok(Some((digest, owner)));
    }
    match state.store.token_owner(&digest, now).await {
        Ok((owner, expires_at)) => {
            state.tokens.put(digest.clone(), owner.clone(), expires_at, now);
            Ok(Some((digest, owner)))
        }
        Err(StoreError::NotFound(_)) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Who an `Authorization: Bearer` token acts for. A person without an admin permission level
/// may only read: any other method is a 403.
pub async fn bearer_owner(state: &AppState, parts: &Parts) -> Result<TokenOwner, ApiError> {
    let owner = token_of_request(state, parts).await?;
    let reads = matches!(parts.method, axum::http::Method::GET | axum::http::Method::HEAD);
    if !reads && !owner.may_write() {
        return Err(ApiError::forbidden(
            "readOnlyToken",
            "This token acts for a person without an admin permission level, who may read but not write",
        ));
    }
    Ok(owner)
}

async fn token_of_request(state: &AppState, parts: &Parts) -> Result<TokenOwner, ApiError> {
    if !parts.headers.contains_key(header::AUTHORIZATION) {
        return Err(ApiError::unauthorized(
            "missingToken",
            "An `Authorization: Bearer <token>` header is required",
        ));
    }
    if let Some(basic) = basic_header(&parts.headers) {
        // LaborChart's Basic credentials: on its own mount's company routes only.
        if parts.extensions.get::<Mount>() != Some(&Mount::LaborChart) {
            return Err(invalid_token());
        }
        return crate::basic_auth::basic_owner(state, basic).await;
    }
    if let Some(CheckedToken(checked)) = parts.extensions.get::<CheckedToken>() {
        return checked.clone().ok_or_else(invalid_token);
    }
    let token = bearer_token(&parts.headers).ok_or_else(invalid_token)?;
    token_owner(state, token)
        .await?
        .map(|(_, owner)| owner)
        .ok_or_else(invalid_token)
}

impl FromRequestParts<AppState> for Tenant {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let company = bearer_owner(state, parts).await?.company;
        let mount = parts.extensions.get::<Mount>().copied().unwrap_or(Mount::LaborChart);
        let raw = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError::not_found("company"))?;
        let path_company = raw
            .iter()
            .find(|(k, _)| *k == "company_id")
            .map(|(_, v)| v)
            .unwrap_or_default();
        // Another company's id, existing or not, answers the same 404: nothing is revealed.
        if !IdRef::parse(path_company).is_some_and(|r| same_company(&company, r)) {
            return Err(ApiError::not_found("company"));
        }
        match parts.headers.get(COMPANY_HEADER) {
            None if mount == Mount::Procore => Err(ApiError::bad_request(
                "missingProcoreCompanyId",
                "Missing Procore-Company-Id header",
            )),
            None => Ok(Self(company)),
            Some(v) => {
                let r = v.to_str().ok().and_then(|s| IdRef::parse(s.trim()));
                if r.is_some_and(|r| same_company(&company, r)) {
                    Ok(Self(company))
                } else {
                    Err(ApiError::forbidden(
                        "companyMismatch",
                        "The Procore-Company-Id header does not name the company of this path and token",
                    ))
                }
            }
        }
    }
}
