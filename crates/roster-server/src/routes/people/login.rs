//! Enable, revoke and invite a person's login (Procore Workforce Planning v2).
use crate::auth::Tenant;
use crate::error::ApiResult;
use crate::extract::{JsonBody, PathIds};
use crate::state::AppState;
use crate::views::{ErrorView, IdView};
use axum::extract::State;
use axum::Json;
use roster_core::dates::now_millis;
use roster_core::input::Body;
use roster_core::model::{EnableLogin, LoginChange};
use roster_core::Invalid;

/// Enables the person to log in: with a password, or by an invitation email (unless `no_invite`).
/// Enabling a user again updates their permission level (and email/password if given).
#[utoipa::path(post, path = "/v2/companies/{company_id}/people/{person_id}/user", tag = "logins",
    params(("company_id" = String, Path), ("person_id" = String, Path, description = "UUID or integer id")),
    request_body = crate::openapi::requests::people::EnableLoginRequest,
    responses((status = 200, body = IdView), (status = 400, body = ErrorView), (status = 404, body = ErrorView),
        (status = 409, body = ErrorView, description = "Email already used by an active person")),
    security(("bearer" = [])))]
pub async fn enable(
    State(state): State<AppState>,
    Tenant(company): Tenant,
    ids: PathIds,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<IdView>> {
    let req = EnableLogin::parse(&Body::object(&body)?)?;
    let person = state
        .store
        .person(company.id, ids.id_ref("person_id", "person")?)
        .await?;
    let email = req.email.clone().or(person.data.email.clone()).ok_or_else(|| {
        Invalid::new(
            "email",
            "missingRequiredField",
            "`email` is required: the person has no email on record",
        )
    })?;
    let password_hash = match req.password {
        Some(p) => Some(state.hash_password(p).await?),
        None => None,
    };
    let invite = password_hash.is_none() && !person.has_password && !req.no_invite;
    let change = LoginChange {
        permission_level_id: req.permission_level_id,
        email: req.email,
        password_hash,
        invitation: invite.then(|| state.invitation(&company, &person.data.first_name, &email)),
    };
    state
        .store
        .enable_login(company.id, person.id, &change, now_millis())
        .await?;
    Ok(Json(IdView {
        id: person.id.to_string(),
    }))
}

/// Revokes the login: the person stays; their password, invitations and sessions end at once.
#[utoipa::path(delete, path = "/v2/companies/{company_id}/people/{person_id}/user", tag = "logins",
    params(("company_id" = String, Path), ("person_id" = String, Path)),
    responses((status = 200, body = IdView), (status = 404, body = ErrorView)),
    security(("bearer" = [])))]
pub async fn revoke(State(state): State<AppState>, Tenant(company): Tenant, ids: PathIds) -> ApiResult<Json<IdView>> {
    let person = state
        .store
        .person(company.id, ids.id_ref("person_id", "person")?)
        .await?;
    state.store.revoke_login(company.id, person.id, now_millis()).await?;
    Ok(Json(IdView {
        id: person.id.to_string(),
    }))
}

/// Sends (again) the invitation of a user who has no password yet.
#[utoipa::path(post, path = "/v2/companies/{company_id}/people/{person_id}/user/invite", tag = "logins",
    params(("company_id" = String, Path), ("person_id" = String, Path)),
    responses((status = 200, body = IdView), (status = 400, body = ErrorView), (status = 404, body = ErrorView)),
    security(("bearer" = [])))]
pub async fn invite(State(state): State<AppState>, Tenant(company): Tenant, ids: PathIds) -> ApiResult<Json<IdView>> {
    let person = state
        .store
        .person(company.id, ids.id_ref("person_id", "person")?)
        .await?;
    let email = person.data.email.as_ref().ok_or_else(|| {
        Invalid::new(
            "email",
            "missingRequiredField",
            "The person has no email to send an invitation to",
        )
    })?;
    let invitation = state.invitation(&company, &person.data.first_name, email);
    state.store.send_invitation(company.id, person.id, &invitation).await?;
    Ok(Json(IdView {
        id: person.id.to_string(),
    }))
}
