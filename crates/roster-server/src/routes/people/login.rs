//! Enable, revoke and invite a person's login (Procore Workforce Planning v2).
use crate::auth::Tenant;
use crate::bodies::people::EnableLoginBody;
use crate::bodies::Payload;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Id, PersonRef};
use crate::state::AppState;
use crate::views::{ErrorView, IdView};
use axum::extract::State;
use axum::Json;
use roster_core::dates::now_millis;
use roster_core::email::Email;
use roster_core::model::{Company, LoginChange};
use roster_core::{IdRef, PersonId};

/// Enables the person to log in: with a password, or by an invitation email (unless `no_invite`).
/// Enabling a user again updates their permission level (and email/password if given).
#[utoipa::path(post, path = "/v2/companies/{company_id}/people/{person_id}/user", tag = "logins",
    params(("company_id" = String, Path), ("person_id" = String, Path, description = "UUID or integer id")),
    request_body = EnableLoginBody,
    responses((status = 200, body = IdView), (status = 400, body = ErrorView), (status = 404, body = ErrorView),
        (status = 409, body = ErrorView, description = "Email already used by an active person"),
        (status = 503, body = ErrorView, description = "The store or the password queue cannot take it now; see Retry-After")),
    security(("bearer" = [])))]
pub async fn enable(
    State(state): State<AppState>,
    Tenant(company): Tenant,
    Id(PersonRef(id)): Id<PersonRef>,
    Payload(body): Payload<EnableLoginBody>,
) -> ApiResult<Json<IdView>> {
    let person = enable_login(&state, &company, id, body).await?;
    Ok(Json(IdView { id: person.to_string() }))
}

/// Enables a login (the API's route and the web app's form share it).
pub async fn enable_login(
    state: &AppState,
    company: &Company,
    id: IdRef,
    body: EnableLoginBody,
) -> Result<PersonId, ApiError> {
    let req = body.request()?;
    let password_hash = match req.password {
        Some(p) => Some(state.passwords.hash(p).await?),
        None => None,
    };
    let change = LoginChange {
        permission_level_id: req.permission_level_id,
        email: req.email,
        password_hash,
        no_invite: req.no_invite,
    };
    // Whether to invite, and whom, is decided by the store on the person as locked.
    let invite = |first_name: &str, email: &Email| state.invitation(company, first_name, email);
    Ok(state
        .store
        .enable_login(company.id, id, &change, &invite, now_millis())
        .await?)
}

/// Revokes a login and forgets the person's cached tokens here (the API and the web app).
pub async fn revoke_login(state: &AppState, company: &Company, id: IdRef) -> Result<PersonId, ApiError> {
    let person = state.store.revoke_login(company.id, id, now_millis()).await?;
    state.tokens.forget_person(person);
    Ok(person)
}

/// Revokes the login: the person stays; their password, invitations and sessions end at once.
#[utoipa::path(delete, path = "/v2/companies/{company_id}/people/{person_id}/user", tag = "logins",
    params(("company_id" = String, Path), ("person_id" = String, Path)),
    responses((status = 200, body = IdView), (status = 404, body = ErrorView)),
    security(("bearer" = [])))]
pub async fn revoke(
    State(state): State<AppState>,
    Tenant(company): Tenant,
    Id(PersonRef(id)): Id<PersonRef>,
) -> ApiResult<Json<IdView>> {
    let person = revoke_login(&state, &company, id).await?;
    Ok(Json(IdView { id: person.to_string() }))
}

/// Sends (again) the invitation of a user who has no password yet.
#[utoipa::path(post, path = "/v2/companies/{company_id}/people/{person_id}/user/invite", tag = "logins",
    params(("company_id" = String, Path), ("person_id" = String, Path)),
    responses((status = 200, body = IdView), (status = 400, body = ErrorView), (status = 404, body = ErrorView)),
    security(("bearer" = [])))]
pub async fn invite(
    State(state): State<AppState>,
    Tenant(company): Tenant,
    Id(PersonRef(id)): Id<PersonRef>,
) -> ApiResult<Json<IdView>> {
    let invite = |first_name: &str, email: &Email| state.invitation(&company, first_name, email);
    let person = state.store.send_invitation(company.id, id, &invite).await?;
    Ok(Json(IdView { id: person.to_string() }))
}
