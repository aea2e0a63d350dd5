//! Update Person and Delete Person.
use crate::auth::Tenant;
use crate::bodies::people::PersonBody;
use crate::bodies::Payload;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Id, PersonRef};
use crate::state::AppState;
use crate::views::{ErrorView, IdView, PersonView};
use axum::extract::State;
use axum::Json;
use roster_core::dates::now_millis;
use roster_core::email::Email;
use roster_core::model::{Company, Person};
use roster_core::IdRef;

/// Partial update: only the keys sent change. `group_ids` and `tag_instances` replace the
/// person's (a tag the person keeps keeps its instance id); `is_user` enables the login as
/// `POST …/user` does (an invitation unless `password` or `no_invite`) or revokes it as
/// `DELETE …/user` does; `password` is only for a user. All of it in one transaction: a refused
/// update changes nothing.
#[utoipa::path(post, path = "/v2/companies/{company_id}/people/{person_id}", tag = "people",
    params(("company_id" = String, Path), ("person_id" = String, Path, description = "UUID or integer id")),
    request_body = PersonBody,
    responses((status = 200, body = PersonView), (status = 400, body = ErrorView), (status = 404, body = ErrorView),
        (status = 409, body = ErrorView, description = "Email or phone already used by an active person"),
        (status = 503, body = ErrorView, description = "The store or the password queue cannot take it now; see Retry-After")),
    security(("bearer" = [])))]
pub async fn update(
    State(state): State<AppState>,
    Tenant(company): Tenant,
    Id(PersonRef(id)): Id<PersonRef>,
    Payload(body): Payload<PersonBody>,
) -> ApiResult<Json<PersonView>> {
    Ok(Json(update_person(&state, &company, id, &body).await?.into()))
}

/// Update Person (the API's route and the web app's person page share it).
pub async fn update_person(
    state: &AppState,
    company: &Company,
    id: IdRef,
    body: &PersonBody,
) -> Result<Person, ApiError> {
    update_person_if(state, company, id, body, &|_| Ok(())).await
}

/// Update Person, if `still` holds of the person as locked in the store's transaction (the
/// import checks that the person it matched by employee number or email still has it).
pub async fn update_person_if(
    state: &AppState,
    company: &Company,
    id: IdRef,
    body: &PersonBody,
    still: &(dyn Fn(&roster_core::model::PersonData) -> Result<(), roster_core::Invalid> + Send + Sync),
) -> Result<Person, ApiError> {
    let (mut changes, password) = body.changes()?;
    if let Some(p) = password {
        changes.password_hash = Some(state.passwords.hash(p).await?);
    }
    // Applied to the person as locked in the store's transaction (a 404 comes before a 400).
    let edit = |d: &mut roster_core::model::PersonData| {
        still(d)?;
        *d = body.update(d)?;
        Ok(())
    };
    let invite = |first_name: &str, email: &Email| state.invitation(company, first_name, email);
    let updated = state
        .store
        .update_person(company.id, id, &edit, &changes, &invite, now_millis())
        .await?;
    if !updated.data.is_user || updated.data.status == roster_core::model::Status::Inactive {
        // Their tokens stopped working in the store; here too, at once.
        state.tokens.forget_person(updated.id);
    }
    Ok(updated)
}

/// Deletes the person, their groups, tags and login; their email and phone are free again.
#[utoipa::path(delete, path = "/v2/companies/{company_id}/people/{person_id}", tag = "people",
    params(("company_id" = String, Path), ("person_id" = String, Path, description = "UUID or integer id")),
    responses((status = 200, body = IdView), (status = 404, body = ErrorView)),
    security(("bearer" = [])))]
pub async fn remove(
    State(state): State<AppState>,
    Tenant(company): Tenant,
    Id(PersonRef(id)): Id<PersonRef>,
) -> ApiResult<Json<IdView>> {
    let person = state.store.delete_person(company.id, id).await?;
    state.tokens.forget_person(person);
    Ok(Json(IdView { id: person.to_string() }))
}
