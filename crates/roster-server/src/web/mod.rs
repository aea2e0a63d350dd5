//! The web app: server-rendered pages (maud) for the office, on the same domain and store code as
//! the API. Signing in at `/` opens a session (a cookie holding a session token, stored as a
//! digest); every form carries the browser's CSRF token. An admin of the company manages people;
//! anyone else sees their own profile.
pub mod assets;
pub mod browser;
mod catalog;
mod catalogs;
mod certifications;
mod forms;
pub mod import;
mod invitation;
pub mod layout;
mod logins;
mod pages;
mod password;
mod people;
mod person;
mod person_pages;

use crate::error::ApiError;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use browser::{browser, Browser};
use forms::see_other;
use layout::Bar;
use roster_core::dates::now_millis;
use roster_core::model::{Company, LoginRequest, Person};
use roster_core::{secrets, IdRef, StoreError};
use serde::Deserialize;

pub fn routes(state: AppState) -> Router<AppState> {
    // The sign-in checks a password: it shares the anonymous budget per address.
    let sign_in_route = Router::new()
        .route("/sign-in", post(sign_in))
        .route("/invitations/{token}/accept", post(invitation::accept))
        // It writes and sends an email for anyone who asks: it shares the budget too.
        .route("/password-reset", post(password::send))
        .route_layer(axum::middleware::from_fn_with_state(
            state,
            crate::middleware::client_budget,
        ));
    sign_in_route
        .route("/", get(home))
        .route("/invitations/{token}", get(invitation::show))
        .route("/sign-out", post(sign_out))
        .route("/people", get(people::list))
        .route("/people/export.csv", get(people::export))
        .merge(import::routes())
        .route("/people/new", get(person::new).post(person::create))
        .route("/people/{person_id}", get(person::show).post(person::update))
        .route("/people/{person_id}/delete", post(person::delete))
        .route("/people/{person_id}/login", post(logins::enable))
        .route("/people/{person_id}/login/revoke", post(logins::revoke))
        .route("/people/{person_id}/login/invite", post(logins::invite))
        .route("/certifications", get(certifications::page_of))
        .merge(catalog::routes::<roster_core::model::Group>())
        .merge(catalog::routes::<roster_core::model::Tag>())
        .merge(catalog::routes::<roster_core::model::JobTitle>())
        .route("/me", get(me))
        .route("/me/password", post(password::change))
        .route("/password-reset", get(password::ask))
        .route(assets::CSS_PATH, get(assets::css))
        // Browsers ask for it on their own; there is none.
        .route("/favicon.ico", get(|| async { StatusCode::NO_CONTENT }))
        .route(assets::HTMX_PATH, get(assets::htmx))
}

/// The person signed in in this browser, their company, and whether they are an admin of it.
pub struct Viewer {
    pub person: Person,
    pub company: Company,
    pub is_admin: bool,
}

impl Viewer {
    fn bar(&self) -> Bar<'_> {
        Bar {
            name: self.person.data.full_name(),
            company: &self.company.name,
            is_admin: self.is_admin,
        }
    }
}

/// The browser's signed-in person, if its session is live (and they are still an active user).
pub async fn viewer(state: &AppState, b: &Browser) -> Result<Option<Viewer>, StoreError> {
    let Some(token) = &b.session else { return Ok(None) };
    let person = match state.store.session_person(&secrets::digest(token), now_millis()).await {
        Ok(p) => p,
        Err(StoreError::NotFound(_)) => return Ok(None),
        Err(e) => return Err(e),
    };
    let company = state.store.company(IdRef::Uuid(person.company_id.0)).await?;
    let levels = state.store.permission_levels(company.id).await?;
    let is_admin = levels
        .iter()
        .any(|l| Some(l.id) == person.data.permission_level_id && l.is_admin);
    Ok(Some(Viewer {
        person,
        company,
        is_admin,
    }))
}

fn unavailable(b: &Browser, e: StoreError) -> Response {
    tracing::error!(error = %e, "web page: store error");
    b.page(
        StatusCode::SERVICE_UNAVAILABLE,
        pages::message(&b.csrf, None, "Roster cannot answer now: try again in a moment."),
    )
}

/// The signed-in viewer, or the answer to give instead (to the sign-in page, or an error).
async fn signed_in(state: &AppState, b: &Browser) -> Result<Viewer, Response> {
    match viewer(state, b).await {
        Ok(Some(v)) => Ok(v),
        Ok(None) => Err(see_other("/".into())),
        Err(e) => Err(unavailable(b, e)),
    }
}

/// `/`: the sign-in page, or, signed in, the viewer's start page.
pub async fn home(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let b = browser(&state, &headers);
    match viewer(&state, &b).await {
        Ok(Some(v)) if v.is_admin => see_other("/people".into()),
        Ok(Some(_)) => see_other("/me".into()),
        Ok(None) => b.page(StatusCode::OK, pages::sign_in(&b.csrf, None, None, false)),
        Err(e) => unavailable(&b, e),
    }
}

#[derive(Deserialize, Default)]
struct SignInForm {
    csrf_token: Option<String>,
    email: Option<String>,
    password: Option<String>,
    company_id: Option<String>,
}

/// The sign-in form: any login (an email with logins in several companies names one).
pub async fn sign_in(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let b = browser(&state, &headers);
    let Ok(form) = serde_urlencoded::from_bytes::<SignInForm>(&body) else {
        return b.page(
            StatusCode::BAD_REQUEST,
            pages::message(&b.csrf, None, "The form could not be read."),
        );
    };
    if !b.sent_back(form.csrf_token.as_deref()) {
        return b.page(StatusCode::FORBIDDEN, pages::expired(&b.csrf));
    }
    let email = form.email.as_deref().unwrap_or_default().trim().to_lowercase();
    let again = |status, problem: &str, ask_company: bool| {
        b.page(
            status,
            pages::sign_in(&b.csrf, Some(&email), Some(problem), ask_company),
        )
    };
    let company = form.company_id.as_deref().map(str::trim).filter(|c| !c.is_empty());
    let company = match company.map(IdRef::parse) {
        None => None,
        Some(Some(c)) => Some(c),
        Some(None) => return again(StatusCode::BAD_REQUEST, "The company id is not one Roster uses.", true),
    };
    let req = LoginRequest {
        email: email.clone(),
        password: form.password.unwrap_or_default(),
        company,
    };
    match open_session(&state, &req).await {
        Ok(token) => b.with_session(see_other("/".into()), Some(&token)),
        Err(SignInRefusal::Form(status, problem)) => {
            // Ask for the company when the email has several, or when one was named already.
            let ask_company =
                status == StatusCode::BAD_REQUEST || (status == StatusCode::UNAUTHORIZED && company.is_some());
            again(status, problem, ask_company)
        }
        Err(SignInRefusal::Answer(res)) => res,
    }
}

/// Why a sign-in form opened no session: a problem to show on the form (its status and
/// message), or an answer to give as it is.
pub enum SignInRefusal {
    Form(StatusCode, &'static str),
    Answer(Response),
}

/// A sign-in form's password check (the rules of `POST /v2/auth/login`) and the new session's
/// token; the web app's sign-in and the authorization flow's share it.
pub async fn open_session(state: &AppState, req: &LoginRequest) -> Result<String, SignInRefusal> {
    let person = match crate::routes::session::check_password(state, req).await {
        Ok(candidate) => candidate.person_id,
        Err(res) => {
            return Err(match res.status() {
                StatusCode::UNAUTHORIZED => {
                    SignInRefusal::Form(StatusCode::UNAUTHORIZED, "The email or password is not right.")
                }
                StatusCode::TOO_MANY_REQUESTS => SignInRefusal::Form(
                    StatusCode::TOO_MANY_REQUESTS,
                    "Too many failed sign-ins: wait a while, then try again.",
                ),
                StatusCode::BAD_REQUEST => SignInRefusal::Form(
                    StatusCode::BAD_REQUEST,
                    "This email signs in to several companies: enter the company's id too.",
                ),
                _ => SignInRefusal::Answer(res),
            })
        }
    };
    crate::routes::session::new_session(state, person)
        .await
        .map_err(|e| SignInRefusal::Answer(e.into_response()))
}

#[derive(Deserialize, Default)]
struct PlainForm {
    csrf_token: Option<String>,
}

/// Signs out: the session ends in the store, and its cookie goes.
pub async fn sign_out(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let b = browser(&state, &headers);
    let form: PlainForm = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    if !b.sent_back(form.csrf_token.as_deref()) {
        return b.page(StatusCode::FORBIDDEN, pages::expired(&b.csrf));
    }
    if let Some(token) = &b.session {
        if let Err(e) = state.store.delete_session(&secrets::digest(token)).await {
            return ApiError::from(e).into_response();
        }
    }
    b.with_session(see_other("/".into()), None)
}

/// The signed-in person's own profile.
pub async fn me(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let b = browser(&state, &headers);
    match signed_in(&state, &b).await {
        Ok(v) => b.page(
            StatusCode::OK,
            pages::profile(&b.csrf, &v.bar(), &v.person, &v.company, None, false),
        ),
        Err(res) => res,
    }
}
