//! Procore's `/oauth/*` endpoints: the token (client credentials, and LaborChart's request without
//! a `grant_type`), its description (`/oauth/token/info`) and its revocation (`/oauth/revoke`).
//! Parameters are read from any encoding real clients send (`bodies::token`).
use crate::bodies::token::{read_params, ClientCredentials, Grant, TokenBody, TokenRequestError};
use crate::error;
use crate::extract::body_rejection;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use roster_core::dates::now_millis;
use roster_core::email::Email;
use roster_core::model::{AccessToken, ClientKind, OAuthClient, TokenPair, TOKEN_LIFETIME_SECS};
use roster_core::{secrets, IdRef, StoreError};
use serde::Serialize;
use utoipa::ToSchema;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/oauth/token", post(token))
        .route("/v2/oauth/token", post(token))
        .route("/oauth/token/info", axum::routing::get(info).post(info))
        .route("/oauth/revoke", post(revoke))
}

#[derive(Serialize, ToSchema)]
pub struct TokenView {
    pub access_token: String,
    /// `bearer`, as Procore's answers print it.
    pub token_type: &'static str,
    /// Seconds: 5400.
    pub expires_in: i64,
    /// Unix seconds.
    pub created_at: i64,
    /// Authorization code and refresh grants only: good for one refresh (then replaced).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
}

/// `GET /oauth/token/info`, as Procore describes a token.
#[derive(Serialize, ToSchema)]
pub struct TokenInfoView {
    /// The person the token acts for (their integer id); `null` for a client-credentials token
    /// (the company's own).
    pub resource_owner_id: Option<i64>,
    /// Always empty: Roster has no scopes.
    pub scopes: Vec<String>,
    pub expires_in_seconds: i64,
    pub application: ApplicationView,
    /// Unix seconds.
    pub created_at: i64,
}

#[derive(Serialize, ToSchema)]
pub struct ApplicationView {
    /// The client id the token was issued to.
    pub uid: Option<String>,
}

/// RFC 6749 error fields (what OAuth client libraries read) plus Roster's usual error shape.
pub struct OAuthError {
    status: StatusCode,
    error: &'static str,
    description: std::borrow::Cow<'static, str>,
}

fn oauth_error(
    status: StatusCode,
    error: &'static str,
    description: impl Into<std::borrow::Cow<'static, str>>,
) -> Response {
    OAuthError {
        status,
        error,
        description: description.into(),
    }
    .into_response()
}

/// RFC 6749's `invalid_grant`, with Procore's (Doorkeeper's) words.
fn invalid_grant() -> Response {
    oauth_error(
        StatusCode::BAD_REQUEST,
        "invalid_grant",
        "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used \
         in the authorization request, or was issued to another client.",
    )
}

/// A store refusal of a grant: unknown, used or expired is `invalid_grant`, as is a failed check.
fn grant_error(e: StoreError) -> Response {
    match e {
        StoreError::NotFound(_) => invalid_grant(),
        StoreError::Invalid(i) => oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", i.details),
        e => store_error(e),
    }
}

impl From<TokenRequestError> for OAuthError {
    fn from(e: TokenRequestError) -> Self {
        let status = match e {
            TokenRequestError::InvalidClient(_) => StatusCode::UNAUTHORIZED,
            _ => StatusCode::BAD_REQUEST,
        };
        Self {
            status,
            error: e.code(),
            description: e.description().into(),
        }
    }
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let code = if self.status == StatusCode::UNAUTHORIZED {
            "UnauthorizedError"
        } else {
            "ValidationError"
        };
        let mut body = error::body(code, self.error, &self.description);
        body["error"] = self.error.into();
        body["error_description"] = self.description.as_ref().into();
        let mut res = (self.status, Json(body)).into_response();
        let challenge = match self.error {
            "invalid_client" => Some("Basic realm=\"roster\""),
            "invalid_token" => Some("Bearer realm=\"roster\", error=\"invalid_token\""),
            _ => None,
        };
        if let Some(c) = challenge {
            res.headers_mut()
                .insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static(c));
        }
        res
    }
}

/// Either answer, as one type for `?`.
type Answer = Result<Response, Response>;

fn flatten(a: Answer) -> Response {
    a.unwrap_or_else(|e| e)
}

fn store_error(e: StoreError) -> Response {
    error::ApiError::from(e).into_response()
}

/// The request's OAuth parameters, from its body (any encoding), query string and Basic header.
async fn params(state: &AppState, req: Request) -> Result<TokenBody, Response> {
    let headers: HeaderMap = req.headers().clone();
    let query = req.uri().query().map(str::to_owned);
    let body = Bytes::from_request(req, state)
        .await
        .map_err(|e| body_rejection(e).into_response())?;
    let header = |name| headers.get(name).and_then(|v: &header::HeaderValue| v.to_str().ok());
    read_params(
        header(header::CONTENT_TYPE),
        header(header::AUTHORIZATION),
        query.as_deref(),
        body,
    )
    .await
    .map_err(|e| OAuthError::from(e).into_response())
}

/// The client whose credentials these are, or 401 `invalid_client`.
async fn authenticate(state: &AppState, params: &TokenBody) -> Result<OAuthClient, Response> {
    let ClientCredentials {
        client_id,
        client_secret,
    } = params.credentials().map_err(|e| OAuthError::from(e).into_response())?;
    match state.store.oauth_client(&client_id).await {
        // Basic credentials are for HTTP Basic on API calls only.
        Ok(c) if c.kind != ClientKind::Basic && secrets::matches(&client_secret, &c.secret_hash) => Ok(c),
        Ok(_) | Err(StoreError::NotFound(_)) => Err(oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "The client credentials are not valid",
        )),
        Err(e) => Err(store_error(e)),
    }
}

/// Issues a bearer token: `grant_type=client_credentials`, or LaborChart's request (no
/// `grant_type`; `company_id` must be the credentials' company, `email` a user of it with a login).
#[utoipa::path(post, path = "/oauth/token", tag = "auth",
    request_body(content((TokenBody = "application/json"), (TokenBody = "application/x-www-form-urlencoded"), (TokenBody = "multipart/form-data")),
        description = "grant_type=client_credentials with client_id and client_secret (or those two as HTTP Basic); or LaborChart's \
            {client_id, client_secret, company_id, email} without grant_type. JSON is also read as text/plain or without a content type."),
    responses((status = 200, body = TokenView), (status = 400, description = "invalid_request, unsupported_grant_type or invalid_grant"),
        (status = 401, description = "invalid_client"), (status = 413, description = "body over 1 MiB")))]
pub async fn token(State(state): State<AppState>, req: Request) -> Response {
    flatten(issue(&state, req).await)
}

async fn issue(state: &AppState, req: Request) -> Answer {
    let params = params(state, req).await?;
    let grant = params.grant().map_err(|e| OAuthError::from(e).into_response())?;
    let client = authenticate(state, &params).await?;
    let (token, now) = (secrets::generate("rat_"), now_millis());
    let expires_at = now + TOKEN_LIFETIME_SECS * 1000;
    let refresh_token = match grant {
        Grant::AuthorizationCode { .. } | Grant::RefreshToken { .. } => Some(secrets::generate("rrt_")),
        Grant::ClientCredentials | Grant::LaborChart { .. } => None,
    };
    let pair = |refresh: &str| TokenPair {
        access_digest: secrets::digest(&token),
        refresh_digest: secrets::digest(refresh),
        created_at: now,
        expires_at,
    };
    match (&grant, &refresh_token) {
        (
            Grant::AuthorizationCode {
                code,
                redirect_uri,
                verifier,
            },
            Some(refresh),
        ) => {
            let check = |c: &roster_core::model::AuthCode| c.check(redirect_uri.as_deref(), verifier.as_deref());
            let code_digest = secrets::digest(code);
            state
                .store
                .exchange_code(&code_digest, &client.client_id, &pair(refresh), &check)
                .await
                .map_err(grant_error)?;
        }
        (Grant::RefreshToken { token: old }, Some(refresh)) => {
            state
                .store
                .refresh(&secrets::digest(old), &client.client_id, &pair(refresh))
                .await
                .map_err(grant_error)?;
        }
        _ => {
            if let Grant::LaborChart { company, email } = &grant {
                check_laborchart_request(state, &client, company, email.as_deref()).await?;
            }
            let record = AccessToken {
                digest: secrets::digest(&token),
                company_id: client.company_id,
                client_id: Some(client.client_id),
                person_id: None,
                grant_id: None,
                created_at: now,
                expires_at,
            };
            state.store.insert_token(record).await.map_err(store_error)?;
        }
    }
    let view = TokenView {
        access_token: token,
        token_type: "bearer",
        expires_in: TOKEN_LIFETIME_SECS,
        created_at: now / 1000,
        refresh_token,
    };
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(view)).into_response())
}

/// LaborChart's request names the company (UUID or integer id), which must be the credentials'
/// own, and may name a user of it (who must have a login there).
async fn check_laborchart_request(
    state: &AppState,
    client: &OAuthClient,
    company: &str,
    email: Option<&str>,
) -> Result<(), Response> {
    let not_theirs = || {
        oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            "`company_id` is not the company these credentials belong to",
        )
    };
    let named = IdRef::parse(company.trim()).ok_or_else(not_theirs)?;
    match state.store.company(named).await {
        Ok(c) if c.id == client.company_id => {}
        Ok(_) | Err(StoreError::NotFound(_)) => return Err(not_theirs()),
        Err(e) => return Err(store_error(e)),
    }
    let Some(email) = email else { return Ok(()) };
    let email = Email::parse("email", email).map_err(|_| {
        oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "`email` is not an email address",
        )
    })?;
    let logins = state
        .store
        .login_candidates(&email.normalized())
        .await
        .map_err(store_error)?;
    if logins.iter().any(|l| l.company_id == client.company_id) {
        Ok(())
    } else {
        Err(oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            "`email` is not a user with a login in this company",
        ))
    }
}

/// Describes the bearer token of the request (Procore's older SDK asks with POST, the current one
/// with GET).
#[utoipa::path(get, path = "/oauth/token/info", tag = "auth",
    responses((status = 200, body = TokenInfoView), (status = 401, description = "invalid_token")),
    security(("bearer" = [])))]
pub async fn info(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let invalid = || oauth_error(StatusCode::UNAUTHORIZED, "invalid_token", "The access token is invalid");
    let Some(bearer) = crate::auth::bearer_token(&headers) else {
        return invalid();
    };
    let now = now_millis();
    let digest = secrets::digest(bearer);
    match state.store.access_token(&digest, now).await {
        Ok(t) => Json(TokenInfoView {
            resource_owner_id: match t.person_id {
                None => None,
                Some(_) => match state.store.token_owner(&digest, now).await {
                    Ok((owner, _)) => owner.person.map(|p| p.procore_id),
                    Err(StoreError::NotFound(_)) => return invalid(),
                    Err(e) => return store_error(e),
                },
            },
            scopes: Vec::new(),
            expires_in_seconds: (t.expires_at - now) / 1000,
            application: ApplicationView { uid: t.client_id },
            created_at: t.created_at / 1000,
        })
        .into_response(),
        Err(StoreError::NotFound(_)) => invalid(),
        Err(e) => store_error(e),
    }
}

/// Revokes an access token issued to the calling client (RFC 7009): 200 `{}` also for a token that
/// is unknown, expired or another client's (which stays as it is).
#[utoipa::path(post, path = "/oauth/revoke", tag = "auth",
    request_body(content((TokenBody = "application/json"), (TokenBody = "application/x-www-form-urlencoded"), (TokenBody = "multipart/form-data")),
        description = "token, with client_id and client_secret (or those two as HTTP Basic)"),
    responses((status = 200, description = "`{}`"), (status = 400, description = "invalid_request: no `token`"),
        (status = 401, description = "invalid_client")))]
pub async fn revoke(State(state): State<AppState>, req: Request) -> Response {
    flatten(revoke_token(&state, req).await)
}

async fn revoke_token(state: &AppState, req: Request) -> Answer {
    let params = params(state, req).await?;
    let client = authenticate(state, &params).await?;
    let Some(token) = params.token.as_deref().filter(|t| !t.trim().is_empty()) else {
        return Err(oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "`token` is required",
        ));
    };
    // An access or refresh token of this client, with every token of its grant.
    let digest = secrets::digest(token.trim());
    let revoked = state
        .store
        .revoke_grant(&digest, &client.client_id)
        .await
        .map_err(store_error)?;
    state.tokens.forget(&digest);
    if let Some(Some(person)) = revoked {
        // The grant's other access tokens may be remembered here too.
        state.tokens.forget_person(person);
    }
    Ok(Json(serde_json::json!({})).into_response())
}
