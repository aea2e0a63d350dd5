//! `POST /oauth/token`: the client credentials grant. Client libraries send the credentials as a
//! JSON body, a form body or HTTP Basic; all three work.
use crate::bodies::token::{parse_token_request, TokenBody, TokenRequestError};
use crate::error;
use crate::extract::body_rejection;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use roster_core::dates::now_millis;
use roster_core::model::{AccessToken, TOKEN_LIFETIME_SECS};
use roster_core::{secrets, StoreError};
use serde::Serialize;
use utoipa::ToSchema;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/oauth/token", post(token))
        .route("/v2/oauth/token", post(token))
}

#[derive(Serialize, ToSchema)]
pub struct TokenView {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// Seconds: 5400.
    pub expires_in: i64,
    /// Unix seconds.
    pub created_at: i64,
}

/// RFC 6749 error fields (what OAuth client libraries read) plus Roster's usual error shape.
pub struct OAuthError {
    status: StatusCode,
    error: &'static str,
    description: &'static str,
}

fn oauth_error(status: StatusCode, error: &'static str, description: &'static str) -> OAuthError {
    OAuthError {
        status,
        error,
        description,
    }
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let code = if self.status == StatusCode::UNAUTHORIZED {
            "UnauthorizedError"
        } else {
            "ValidationError"
        };
        let mut body = error::body(code, self.error, self.description);
        body["error"] = self.error.into();
        body["error_description"] = self.description.into();
        let mut res = (self.status, Json(body)).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            res.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Basic realm=\"roster\""),
            );
        }
        res
    }
}

/// Issues a bearer token for a company's client credentials.
#[utoipa::path(post, path = "/oauth/token", tag = "auth",
    request_body(content((TokenBody = "application/json"), (TokenBody = "application/x-www-form-urlencoded")), description = "grant_type=client_credentials with client_id and client_secret, or those two as HTTP Basic"),
    responses((status = 200, body = TokenView), (status = 400, description = "unsupported grant or unreadable body"), (status = 401, description = "invalid_client")))]
pub async fn token(State(state): State<AppState>, req: Request) -> Response {
    match issue(&state, req).await {
        Ok(res) => res,
        Err(res) => res,
    }
}

async fn issue(state: &AppState, req: Request) -> Result<Response, Response> {
    let headers = req.headers().clone();
    let body = Bytes::from_request(req, state)
        .await
        .map_err(|e| body_rejection(e).into_response())?;
    let header = |name| headers.get(name).and_then(|v: &header::HeaderValue| v.to_str().ok());
    let credentials =
        parse_token_request(header(header::CONTENT_TYPE), header(header::AUTHORIZATION), &body).map_err(|e| {
            let status = match e {
                TokenRequestError::InvalidClient(_) => StatusCode::UNAUTHORIZED,
                _ => StatusCode::BAD_REQUEST,
            };
            oauth_error(status, e.code(), e.description()).into_response()
        })?;
    let client = match state.store.oauth_client(&credentials.client_id).await {
        Ok(c) if secrets::matches(&credentials.client_secret, &c.secret_hash) => c,
        Ok(_) | Err(StoreError::NotFound(_)) => {
            return Err(oauth_error(
                StatusCode::UNAUTHORIZED,
                "invalid_client",
                "The client credentials are not valid",
            )
            .into_response())
        }
        Err(e) => return Err(error::ApiError::from(e).into_response()),
    };
    let token = secrets::generate("rat_");
    let now = now_millis();
    let record = AccessToken {
        digest: secrets::digest(&token),
        company_id: client.company_id,
        created_at: now,
        expires_at: now + TOKEN_LIFETIME_SECS * 1000,
    };
    state
        .store
        .insert_token(record)
        .await
        .map_err(|e| error::ApiError::from(e).into_response())?;
    let view = TokenView {
        access_token: token,
        token_type: "Bearer",
        expires_in: TOKEN_LIFETIME_SECS,
        created_at: now / 1000,
    };
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(view)).into_response())
}
