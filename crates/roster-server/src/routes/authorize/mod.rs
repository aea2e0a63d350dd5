//! Procore's `GET /oauth/authorize`: a sign-in page (the accounts of `POST /v2/auth/login`), then
//! a consent page naming the application and the company, then a redirect to the application's
//! registered `redirect_uri` with `code` and `state` (or the code on a page, for the `oob` URI).
//! An unknown client or redirect URI is an error page, never a redirect. Forms carry a CSRF token
//! tied to the browser by a cookie (double submit); the browser's session is a cookie holding a
//! session token (stored as a digest, like every secret).
pub mod pages;

use crate::error::ApiError;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use roster_core::dates::now_millis;
use roster_core::model::{
    AuthCode, ClientKind, Company, LoginRequest, OAuthClient, Person, CODE_LIFETIME_SECS, OOB_REDIRECT_URI,
};
use roster_core::{secrets, IdRef, StoreError};
use serde::Deserialize;

use crate::web::browser::{browser, Browser};
use crate::web::SignInRefusal;

pub fn routes(state: AppState) -> Router<AppState> {
    // The sign-in checks a password: it shares the anonymous budget per address.
    let sign_in_route = Router::new()
        .route("/oauth/authorize/sign-in", post(sign_in))
        .route_layer(axum::middleware::from_fn_with_state(
            state,
            crate::middleware::client_budget,
        ));
    sign_in_route.route("/oauth/authorize", get(authorize).post(decide))
}

/// The authorization request (RFC 6749 §4.1.1, RFC 7636), carried through the forms.
#[derive(Deserialize, Default, Clone, Debug)]
pub struct AuthorizeParams {
    pub response_type: Option<String>,
    pub client_id: Option<String>,
    pub redirect_uri: Option<String>,
    pub state: Option<String>,
    pub code_challenge: Option<String>,
    pub code_challenge_method: Option<String>,
}

impl AuthorizeParams {
    /// The parameters given, by name.
    pub fn pairs(&self) -> Vec<(&'static str, &str)> {
        [
            ("response_type", &self.response_type),
            ("client_id", &self.client_id),
            ("redirect_uri", &self.redirect_uri),
            ("state", &self.state),
            ("code_challenge", &self.code_challenge),
            ("code_challenge_method", &self.code_challenge_method),
        ]
        .into_iter()
        .filter_map(|(k, v)| Some((k, v.as_deref()?)))
        .collect()
    }

    /// Where the flow goes on after a sign-in: always this server's own page (no open redirect).
    fn page_url(&self) -> String {
        let query = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(self.pairs())
            .finish();
        format!("/oauth/authorize?{query}")
    }
}

/// A form post: the authorization request and the form's own fields.
#[derive(Deserialize, Default)]
struct FormBody {
    #[serde(flatten)]
    params: AuthorizeParams,
    csrf_token: Option<String>,
    email: Option<String>,
    password: Option<String>,
    decision: Option<String>,
}

/// An error page of the flow.
fn error_page(b: &Browser, status: StatusCode, message: &str) -> Response {
    b.page(status, pages::error(&b.csrf, message))
}

fn redirect(status: StatusCode, location: &str) -> Response {
    match HeaderValue::from_str(location) {
        Ok(v) => (
            status,
            [
                (header::LOCATION, v),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            ],
        )
            .into_response(),
        Err(_) => ApiError::bad_request("invalidRedirect", "The redirect URI cannot be used").into_response(),
    }
}

/// `uri` with the parameters added to its query.
fn with_params(uri: &str, pairs: &[(&str, &str)]) -> String {
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    let sep = if uri.contains('?') { '&' } else { '?' };
    format!("{uri}{sep}{query}")
}

/// An error sent back to the application (RFC 6749 §4.1.2.1), with its `state`.
fn error_redirect(uri: &str, p: &AuthorizeParams, error: &str) -> Response {
    let mut pairs = vec![("error", error)];
    if let Some(s) = &p.state {
        pairs.push(("state", s));
    }
    redirect(StatusCode::FOUND, &with_params(uri, &pairs))
}

/// A request that cannot go on: an error page, or an error sent to the application.
type Refused = Response;

/// The application, its company and the redirect URI of a well-formed request.
async fn check_request(
    state: &AppState,
    b: &Browser,
    p: &AuthorizeParams,
) -> Result<(OAuthClient, Company, String), Refused> {
    let unavailable = |e: StoreError| {
        tracing::error!(error = %e, "authorization page: store error");
        error_page(
            b,
            StatusCode::SERVICE_UNAVAILABLE,
            "Roster cannot answer now: try again in a moment.",
        )
    };
    let Some(client_id) = p.client_id.as_deref() else {
        return Err(error_page(
            b,
            StatusCode::BAD_REQUEST,
            "The request names no application (`client_id`).",
        ));
    };
    let client = match state.store.oauth_client(client_id).await {
        Ok(c) if c.kind == ClientKind::App => c,
        Ok(_) | Err(StoreError::NotFound(_)) => {
            return Err(error_page(
                b,
                StatusCode::BAD_REQUEST,
                "This application is not known to Roster.",
            ))
        }
        Err(e) => return Err(unavailable(e)),
    };
    let Some(uri) = p.redirect_uri.clone().filter(|u| client.redirect_uris.contains(u)) else {
        return Err(error_page(
            b,
            StatusCode::BAD_REQUEST,
            "The redirect URI is not one registered for this application.",
        ));
    };
    let refuse = |error: &str| {
        if uri == OOB_REDIRECT_URI {
            error_page(
                b,
                StatusCode::BAD_REQUEST,
                &format!("The application's request is not valid ({error})."),
            )
        } else {
            error_redirect(&uri, p, error)
        }
    };
    if p.response_type.as_deref() != Some("code") {
        return Err(refuse("unsupported_response_type"));
    }
    let challenge_ok = match (&p.code_challenge, p.code_challenge_method.as_deref()) {
        (None, None) => true,
        (Some(c), Some("S256")) => c.len() == 43,
        _ => false,
    };
    if !challenge_ok {
        return Err(refuse("invalid_request"));
    }
    let company = state
        .store
        .company(IdRef::Uuid(client.company_id.0))
        .await
        .map_err(unavailable)?;
    Ok((client, company, uri))
}

/// The person signed in in this browser, if any.
async fn signed_in(state: &AppState, b: &Browser) -> Result<Option<Person>, StoreError> {
    let Some(token) = &b.session else { return Ok(None) };
    match state.store.session_person(&secrets::digest(token), now_millis()).await {
        Ok(p) => Ok(Some(p)),
        Err(StoreError::NotFound(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

fn app_name(client: &OAuthClient) -> &str {
    client.name.as_deref().unwrap_or("An application")
}

/// The next page for this browser: consent if its person may approve, else the sign-in.
async fn next_page(
    state: &AppState,
    b: &Browser,
    p: &AuthorizeParams,
    client: &OAuthClient,
    company: &Company,
) -> Response {
    let person = match signed_in(state, b).await {
        Ok(p) => p,
        Err(e) => {
            tracing::error!(error = %e, "authorization page: store error");
            return error_page(
                b,
                StatusCode::SERVICE_UNAVAILABLE,
                "Roster cannot answer now: try again in a moment.",
            );
        }
    };
    match person {
        Some(person) if person.company_id == client.company_id => b.page(
            StatusCode::OK,
            pages::consent(&b.csrf, p, app_name(client), &company.name, &person.data.full_name()),
        ),
        other => {
            let problem =
                other.map(|_| "You are signed in with a login of another company: sign in with one of this company.");
            b.page(
                StatusCode::OK,
                pages::sign_in(&b.csrf, p, app_name(client), &company.name, problem),
            )
        }
    }
}

/// The authorization page: sign-in, then consent.
#[utoipa::path(get, path = "/oauth/authorize", tag = "auth",
    params(("response_type" = String, Query, description = "`code`"), ("client_id" = String, Query),
        ("redirect_uri" = String, Query, description = "One of the application's registered URIs"),
        ("state" = Option<String>, Query, description = "Sent back untouched"),
        ("code_challenge" = Option<String>, Query, description = "PKCE, with `code_challenge_method=S256`"),
        ("code_challenge_method" = Option<String>, Query)),
    responses((status = 200, description = "The sign-in or consent page (HTML)", content_type = "text/html"),
        (status = 302, description = "An error sent to the application's redirect URI"),
        (status = 400, description = "Unknown application or redirect URI (HTML)", content_type = "text/html")))]
pub async fn authorize(State(state): State<AppState>, headers: HeaderMap, RawQuery(query): RawQuery) -> Response {
    let b = browser(&state, &headers);
    let Ok(p) = serde_urlencoded::from_str::<AuthorizeParams>(query.as_deref().unwrap_or_default()) else {
        return error_page(
            &b,
            StatusCode::BAD_REQUEST,
            "The authorization request could not be read.",
        );
    };
    match check_request(&state, &b, &p).await {
        Ok((client, company, _)) => next_page(&state, &b, &p, &client, &company).await,
        Err(refused) => refused,
    }
}

/// A form post, read and checked against the browser's CSRF token; else the error page's status
/// and message.
fn read_form(b: &Browser, body: &Bytes) -> Result<FormBody, (StatusCode, &'static str)> {
    let form: FormBody =
        serde_urlencoded::from_bytes(body).map_err(|_| (StatusCode::BAD_REQUEST, "The form could not be read."))?;
    if !b.sent_back(form.csrf_token.as_deref()) {
        return Err((
            StatusCode::FORBIDDEN,
            "This form has expired or did not come from this browser: go back and reload the page.",
        ));
    }
    Ok(form)
}

/// The sign-in form: a login of the application's company opens a session in this browser.
#[utoipa::path(post, path = "/oauth/authorize/sign-in", tag = "auth",
    request_body(content_type = "application/x-www-form-urlencoded", description = "email, password, csrf_token and the authorization request"),
    responses((status = 303, description = "Signed in: back to the authorization page"),
        (status = 401, description = "Wrong email or password: the sign-in page again (HTML)", content_type = "text/html"),
        (status = 403, description = "Missing or wrong CSRF token (HTML)", content_type = "text/html"),
        (status = 429, description = "Too many failed sign-ins (HTML)", content_type = "text/html")))]
pub async fn sign_in(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let b = browser(&state, &headers);
    let form = match read_form(&b, &body) {
        Ok(f) => f,
        Err((status, message)) => return error_page(&b, status, message),
    };
    let (client, company, _) = match check_request(&state, &b, &form.params).await {
        Ok(found) => found,
        Err(refused) => return refused,
    };
    let again = |status, problem| {
        b.page(
            status,
            pages::sign_in(&b.csrf, &form.params, app_name(&client), &company.name, Some(problem)),
        )
    };
    let (Some(email), Some(password)) = (form.email.as_deref(), form.password.clone()) else {
        return again(StatusCode::BAD_REQUEST, "Enter your email and password.");
    };
    let req = LoginRequest {
        email: email.trim().to_lowercase(),
        password,
        company: Some(IdRef::Uuid(client.company_id.0)),
    };
    match crate::web::open_session(&state, &req).await {
        Ok(token) => b.with_session(redirect(StatusCode::SEE_OTHER, &form.params.page_url()), Some(&token)),
        // The candidates are the application's company's: never a 400 asking for the company.
        Err(SignInRefusal::Form(status, problem)) => again(status, problem),
        Err(SignInRefusal::Answer(res)) => res,
    }
}

/// The consent form: approve (a code for the application) or deny (`error=access_denied`).
#[utoipa::path(post, path = "/oauth/authorize", tag = "auth",
    request_body(content_type = "application/x-www-form-urlencoded", description = "decision (approve or deny), csrf_token and the authorization request"),
    responses((status = 302, description = "To the redirect URI with `code` and `state`, or `error=access_denied`"),
        (status = 200, description = "The code on a page (oob), or the sign-in page when not signed in (HTML)", content_type = "text/html"),
        (status = 403, description = "Missing or wrong CSRF token (HTML)", content_type = "text/html")))]
pub async fn decide(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let b = browser(&state, &headers);
    let form = match read_form(&b, &body) {
        Ok(f) => f,
        Err((status, message)) => return error_page(&b, status, message),
    };
    let (client, company, uri) = match check_request(&state, &b, &form.params).await {
        Ok(found) => found,
        Err(refused) => return refused,
    };
    let person = match signed_in(&state, &b).await {
        Ok(Some(p)) if p.company_id == client.company_id => p,
        Ok(_) => return next_page(&state, &b, &form.params, &client, &company).await,
        Err(e) => return ApiError::from(e).into_response(),
    };
    if form.decision.as_deref() != Some("approve") {
        if uri == OOB_REDIRECT_URI {
            return error_page(
                &b,
                StatusCode::OK,
                "You denied the application access. You can close this page.",
            );
        }
        return error_redirect(&uri, &form.params, "access_denied");
    }
    let code = secrets::generate("rac_");
    let now = now_millis();
    let record = AuthCode {
        digest: secrets::digest(&code),
        client_id: client.client_id.clone(),
        person_id: person.id,
        company_id: client.company_id,
        redirect_uri: uri.clone(),
        code_challenge: form.params.code_challenge.clone(),
        grant_id: uuid::Uuid::now_v7().to_string(),
        created_at: now,
        expires_at: now + CODE_LIFETIME_SECS * 1000,
    };
    if let Err(e) = state.store.insert_code(&record).await {
        return ApiError::from(e).into_response();
    }
    if uri == OOB_REDIRECT_URI {
        return b.page(StatusCode::OK, pages::code(&b.csrf, app_name(&client), &code));
    }
    let mut pairs = vec![("code", code.as_str())];
    if let Some(s) = &form.params.state {
        pairs.push(("state", s));
    }
    redirect(StatusCode::FOUND, &with_params(&uri, &pairs))
}
