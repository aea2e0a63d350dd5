//! `POST /oauth/token`: the client credentials grant. Client libraries send the credentials as a
//! JSON body, a form body or HTTP Basic; all three work.
use crate::error;
use crate::extract::{body_rejection, is_json};
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use roster_core::dates::now_millis;
use roster_core::model::{AccessToken, TOKEN_LIFETIME_SECS};
use roster_core::{secrets, StoreError};
use serde::Serialize;
use std::collections::HashMap;
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

/// The request's parameters from whichever form the client used.
fn parameters(headers: &HeaderMap, body: &[u8]) -> Result<HashMap<String, String>, OAuthError> {
    let ct = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
    let mut params: HashMap<String, String> = if body.iter().all(u8::is_ascii_whitespace) {
        HashMap::new()
    } else if is_json(ct) {
        let v: serde_json::Value = serde_json::from_slice(body).map_err(|_| {
            oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "The request body is not valid JSON",
            )
        })?;
        let obj = v.as_object().ok_or_else(|| {
            oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "The request body must be a JSON object",
            )
        })?;
        obj.iter()
            .filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_owned())))
            .collect()
    } else {
        serde_urlencoded::from_bytes(body).map_err(|_| {
            oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "The request body must be JSON or form-encoded",
            )
        })?
    };
    if let Some(basic) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic ").or_else(|| v.strip_prefix("basic ")))
    {
        let decoded = STANDARD
            .decode(basic.trim())
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .ok_or_else(|| {
                oauth_error(
                    StatusCode::UNAUTHORIZED,
                    "invalid_client",
                    "The Basic credentials could not be read",
                )
            })?;
        let (id, secret) = decoded.split_once(':').ok_or_else(|| {
            oauth_error(
                StatusCode::UNAUTHORIZED,
                "invalid_client",
                "The Basic credentials could not be read",
            )
        })?;
        params.insert("client_id".into(), id.to_owned());
        params.insert("client_secret".into(), secret.to_owned());
    }
    Ok(params)
}

/// Issues a bearer token for a company's client credentials.
#[utoipa::path(post, path = "/oauth/token", tag = "auth",
    request_body(content = serde_json::Value, description = "grant_type=client_credentials, client_id, client_secret as JSON, a form, or HTTP Basic"),
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
    let params = parameters(&headers, &body).map_err(IntoResponse::into_response)?;
    let refuse = |status, error, description| oauth_error(status, error, description).into_response();
    match params.get("grant_type").map(String::as_str) {
        Some("client_credentials") => {}
        None => {
            return Err(refuse(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "`grant_type` is required",
            ))
        }
        Some(_) => {
            return Err(refuse(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "Only `grant_type=client_credentials` is supported",
            ))
        }
    }
    let (Some(id), Some(secret)) = (params.get("client_id"), params.get("client_secret")) else {
        return Err(refuse(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "`client_id` and `client_secret` are required",
        ));
    };
    let client = match state.store.oauth_client(id).await {
        Ok(c) if secrets::matches(secret, &c.secret_hash) => c,
        Ok(_) | Err(StoreError::NotFound(_)) => {
            return Err(refuse(
                StatusCode::UNAUTHORIZED,
                "invalid_client",
                "The client credentials are not valid",
            ))
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
