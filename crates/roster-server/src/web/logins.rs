//! A person's login from their page (admins of the company): enable it (a permission level, and
//! a password or an invitation), send the invitation again, revoke it. The same calls as the
//! API's `POST/DELETE …/user` and `…/user/invite`, so the same rules and messages.
use super::forms::AdminForm;
use super::forms::{see_other, value};
use super::person::form_page;
use crate::bodies::people::EnableLoginBody;
use crate::error::ApiError;
use crate::routes::people::login::{enable_login, revoke_login};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use roster_core::email::Email;
use roster_core::IdRef;
use serde_json::json;

/// What a login action answered: back to the person's page, or the page with the refusal.
async fn answer(
    state: &AppState,
    b: &super::browser::Browser,
    v: &super::Viewer,
    r: IdRef,
    result: Result<(), ApiError>,
) -> Response {
    match result {
        Ok(()) => see_other(format!("/people/{}", ref_text(r))),
        Err(e) => match state.store.person(v.company.id, r).await {
            Ok(p) => form_page(state, b, v, Some(&p), e.status, Some(e), None).await,
            Err(e) => super::unavailable(b, e),
        },
    }
}

fn ref_text(r: IdRef) -> String {
    match r {
        IdRef::Uuid(u) => u.to_string(),
        IdRef::Int(n) => n.to_string(),
    }
}

/// POST `/people/{id}/login`: `permission_level_id`, `password` (optional), `invite` (a box).
pub async fn enable(
    State(state): State<AppState>,
    Path(id): Path<String>,
    AdminForm { b, v, pairs }: AdminForm,
) -> Response {
    let Some(r) = IdRef::parse(&id) else {
        return see_other("/people".into());
    };
    let password = value(&pairs, "password").filter(|p| !p.is_empty());
    let json = json!({
        "permission_level_id": value(&pairs, "permission_level_id").unwrap_or_default(),
        "password": password,
        "no_invite": value(&pairs, "invite").is_none(),
    });
    let result = match crate::bodies::parse::<EnableLoginBody>(json) {
        Ok(body) => enable_login(&state, &v.company, r, body).await.map(drop),
        Err(e) => Err(e.into()),
    };
    answer(&state, &b, &v, r, result).await
}

/// POST `/people/{id}/login/revoke`.
pub async fn revoke(
    State(state): State<AppState>,
    Path(id): Path<String>,
    AdminForm { b, v, .. }: AdminForm,
) -> Response {
    let Some(r) = IdRef::parse(&id) else {
        return see_other("/people".into());
    };
    let result = revoke_login(&state, &v.company, r).await.map(drop);
    answer(&state, &b, &v, r, result).await
}

/// POST `/people/{id}/login/invite`: the invitation again.
pub async fn invite(
    State(state): State<AppState>,
    Path(id): Path<String>,
    AdminForm { b, v, .. }: AdminForm,
) -> Response {
    let Some(r) = IdRef::parse(&id) else {
        return see_other("/people".into());
    };
    let company = v.company.clone();
    let invitation = |first_name: &str, email: &Email| state.invitation(&company, first_name, email);
    let result = state
        .store
        .send_invitation(v.company.id, r, &invitation)
        .await
        .map(drop)
        .map_err(ApiError::from);
    answer(&state, &b, &v, r, result).await
}
