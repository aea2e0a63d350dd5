//! People logging in: accepting an invitation, password login, and who am I.
use crate::bodies::access::{AcceptInvitationBody, LoginBody};
use crate::bodies::Payload;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Id, InvitationToken};
use crate::state::AppState;
use crate::views::{ErrorView, IdView, PersonView};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use roster_core::dates::now_millis;
use roster_core::model::{LoginRequest, Session, SESSION_LIFETIME_SECS};
use roster_core::password::Password;
use roster_core::{secrets, IdRef, Invalid, StoreError};
use serde::Serialize;
use utoipa::ToSchema;

pub fn routes(state: AppState) -> Router<AppState> {
    // Anonymous routes that check or set a password share one budget per client address.
    let password_routes = Router::new()
        .route("/v2/invitations/{token}/accept", post(accept_invitation))
        .route("/v2/auth/login", post(login))
        .route_layer(axum::middleware::from_fn_with_state(
            state,
            crate::middleware::client_budget,
        ));
    password_routes.route("/v2/me", get(me))
}

/// Sets the password of an invited person: `{"password"}`. The token works once.
#[utoipa::path(post, path = "/v2/invitations/{token}/accept", tag = "logins",
    params(("token" = String, Path, description = "The token of the invitation link")),
    request_body = AcceptInvitationBody,
    responses((status = 200, body = IdView, description = "The person's id"), (status = 400, body = ErrorView), (status = 404, body = ErrorView),
        (status = 429, body = ErrorView, description = "Too many password attempts from this address; see Retry-After"),
        (status = 503, body = ErrorView, description = "The password queue is full; see Retry-After")))]
pub async fn accept_invitation(
    State(state): State<AppState>,
    Id(InvitationToken(token)): Id<InvitationToken>,
    Payload(body): Payload<AcceptInvitationBody>,
) -> ApiResult<Json<IdView>> {
    let person = set_invited_password(&state, &token, &body.password.0)
        .await
        .map_err(|e| match e {
            AcceptError::Password(i) => i.into(),
            AcceptError::Store(e) => e.into(),
            AcceptError::Hash(e) => e,
        })?;
    Ok(Json(IdView { id: person.to_string() }))
}

/// Why an invitation's password was not set.
pub enum AcceptError {
    /// Not a strong enough password.
    Password(Invalid),
    /// The invitation is unknown (`NotFound`), used or expired (`Invalid`), or the store failed.
    Store(StoreError),
    /// The password queue is full.
    Hash(ApiError),
}

/// Sets the password of the person an invitation token invites (the API's accept route and the
/// invitation link's page share it). The token is checked before the password is hashed: an
/// unknown, used or expired token costs no hash.
pub async fn set_invited_password(
    state: &AppState,
    token: &str,
    password: &str,
) -> Result<roster_core::PersonId, AcceptError> {
    let password = Password::parse("password", password).map_err(AcceptError::Password)?;
    let digest = secrets::digest(token);
    state
        .store
        .check_invitation(&digest, now_millis())
        .await
        .map_err(AcceptError::Store)?;
    let hash = state.passwords.hash(password).await.map_err(AcceptError::Hash)?;
    state
        .store
        .accept_invitation(&digest, &hash, now_millis())
        .await
        .map_err(AcceptError::Store)
}

#[derive(Serialize, ToSchema)]
pub struct SessionView {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// Seconds.
    pub expires_in: i64,
}

fn bad_credentials() -> ApiError {
    ApiError::unauthorized("invalidCredentials", "The email or password is not right")
}

/// Password login for a person whose login is enabled; `company_id` only when the email logs in to several companies.
#[utoipa::path(post, path = "/v2/auth/login", tag = "logins",
    request_body = LoginBody,
    responses((status = 200, body = SessionView), (status = 400, body = ErrorView), (status = 401, body = ErrorView),
        (status = 429, body = ErrorView, description = "Too many failures for this email, or attempts from this address; see Retry-After"),
        (status = 503, body = ErrorView, description = "The password queue is full; see Retry-After")))]
pub async fn login(
    State(state): State<AppState>,
    body: Result<Payload<LoginBody>, ApiError>,
) -> Result<Json<SessionView>, Response> {
    let Payload(body) = body.map_err(reject)?;
    let req = LoginRequest {
        email: body.email(),
        password: body.password.0,
        company: body.company_id.given().map(|c| c.0),
    };
    let candidate = check_password(&state, &req).await?;
    let token = new_session(&state, candidate.person_id).await.map_err(reject)?;
    Ok(Json(SessionView {
        access_token: token,
        token_type: "Bearer",
        expires_in: SESSION_LIFETIME_SECS,
    }))
}

/// The login an email and password open (in `req.company`, when given): throttled per email,
/// every login of the email checked at once (a dummy hash when there is none), failures counted.
/// The JSON login and the authorization page's sign-in share it.
pub async fn check_password(
    state: &AppState,
    req: &LoginRequest,
) -> Result<roster_core::model::LoginCandidate, Response> {
    let store = &state.store;
    let now = now_millis();
    if let Some(until) = store.login_locked_until(&req.email, now).await.map_err(reject)? {
        metrics::counter!("roster_login_lockouts_total", "kind" => "password").increment(1);
        return Err(ApiError::too_many_requests(
            "loginThrottled",
            "Too many failed logins for this email: wait before trying again",
            (until - now) / 1000 + 1,
        ));
    }
    let mut candidates = store.login_candidates(&req.email).await.map_err(reject)?;
    if let Some(company) = req.company {
        candidates.retain(|c| match company {
            IdRef::Uuid(u) => c.company_id.0 == u,
            IdRef::Int(n) => c.company_procore_id == n,
        });
    }
    // The password is checked first (against every login of the email, at once; against a dummy
    // hash when there is none), so a wrong password gets the same 401 whether the email has no,
    // one or several logins; `company_id` is asked for only of someone who knows a password.
    let hashes: Vec<Option<String>> = match candidates.is_empty() {
        true => vec![None],
        false => candidates.iter().map(|c| Some(c.password_hash.clone())).collect(),
    };
    let checks = hashes
        .into_iter()
        .map(|hash| state.passwords.verify(req.password.clone(), hash));
    let matches = futures::future::try_join_all(checks).await.map_err(reject)?;
    let mut matched = candidates.drain(..).zip(matches).filter(|(_, ok)| *ok).map(|(c, _)| c);
    let (Some(candidate), more) = (matched.next(), matched.next()) else {
        metrics::counter!("roster_login_failures_total", "kind" => "password").increment(1);
        store.record_login_failure(&req.email, now).await.map_err(reject)?;
        return Err(bad_credentials().into_response());
    };
    if more.is_some() {
        return Err(reject(Invalid::new(
            "company_id",
            "companyRequired",
            "`company_id` is required: this email logs in to more than one company",
        )));
    }
    store.clear_login_failures(&req.email).await.map_err(reject)?;
    Ok(candidate)
}

/// A new session of the person; answers its token (stored as a digest only).
pub async fn new_session(state: &AppState, person: roster_core::PersonId) -> Result<String, ApiError> {
    let now = now_millis();
    let token = secrets::generate("rst_");
    let session = Session {
        digest: secrets::digest(&token),
        person_id: person,
        created_at: now,
        expires_at: now + SESSION_LIFETIME_SECS * 1000,
    };
    state.store.insert_session(&session).await?;
    Ok(token)
}

fn reject(e: impl Into<ApiError>) -> Response {
    e.into().into_response()
}

/// The logged-in person (same shape as Get Person).
#[utoipa::path(get, path = "/v2/me", tag = "logins",
    responses((status = 200, body = PersonView), (status = 401, body = ErrorView)),
    security(("bearer" = [])))]
pub async fn me(State(state): State<AppState>, headers: HeaderMap) -> ApiResult<Json<PersonView>> {
    let invalid = || ApiError::unauthorized("invalidToken", "The access token is invalid or has expired");
    let token = crate::auth::bearer_token(&headers).ok_or_else(invalid)?;
    match state.store.session_person(&secrets::digest(token), now_millis()).await {
        Ok(p) => Ok(Json(p.into())),
        Err(StoreError::NotFound(_)) => Err(invalid()),
        Err(e) => Err(e.into()),
    }
}
