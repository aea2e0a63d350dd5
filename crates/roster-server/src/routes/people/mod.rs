use crate::auth::Tenant;
use crate::bodies::people::PersonBody;
use crate::bodies::Payload;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Id, PersonRef};
use crate::state::AppState;
use crate::views::{IdView, PersonView};
use axum::extract::State;
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use change::{remove, update};
use list::list;
use membership::{add_group, add_tag, group_people, group_people_alias, remove_group, remove_tag};
use roster_core::model::{Company, NewPerson};
use roster_core::PersonId;

pub mod change;
pub mod list;
pub mod login;
pub mod membership;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/people", get(list).post(create))
        .route("/people/{person_id}", get(show).post(update).delete(remove))
        .route("/people/{person_id}/user", post(login::enable).delete(login::revoke))
        .route("/people/{person_id}/user/invite", post(login::invite))
        .route("/people/{person_id}/tags", post(add_tag))
        .route("/people/{person_id}/tags/{tag_instance_id}", delete(remove_tag))
        .route("/people/{person_id}/groups", post(add_group))
        .route("/people/{person_id}/groups/{group_id}", delete(remove_group))
        .route("/groups/{group_id}/people", get(group_people))
        .route("/groups/{group_id}/groups/people", get(group_people_alias))
}

/// Create Single Person.
#[utoipa::path(
    post,
    path = "/v2/companies/{company_id}/people",
    tag = "people",
    params(("company_id" = String, Path, description = "Procore integer id or LaborChart UUID")),
    request_body = PersonBody,
    responses(
        (status = 200, body = IdView),
        (status = 400, body = crate::views::ErrorView),
        (status = 401, body = crate::views::ErrorView),
        (status = 404, body = crate::views::ErrorView),
        (status = 409, body = crate::views::ErrorView, description = "Email or phone already used by an active person"),
        (status = 503, body = crate::views::ErrorView, description = "The store or the password queue cannot take it now; see Retry-After"),
    ),
    security(("bearer" = []))
)]
pub async fn create(
    State(state): State<AppState>,
    Tenant(company): Tenant,
    Payload(body): Payload<PersonBody>,
) -> ApiResult<Json<IdView>> {
    let id = create_person(&state, &company, body).await?;
    Ok(Json(IdView { id: id.to_string() }))
}

/// Create Person (the API's route and the web app's person page share it).
pub async fn create_person(state: &AppState, company: &Company, body: PersonBody) -> Result<PersonId, ApiError> {
    let mut req = body.create()?;
    let invite = req.needs_invitation();
    let hash = match req.password.take() {
        Some(p) => Some(state.passwords.hash(p).await?),
        None => None,
    };
    let invitation = match (&req.data.email, invite) {
        (Some(to), true) => Some(state.invitation(company, &req.data.first_name, to)),
        _ => None,
    };
    let person = NewPerson::from_request(company.id, req, hash, invitation);
    state.store.create_person(&person).await?;
    Ok(person.id)
}

/// One person, by UUID or integer id.
#[utoipa::path(
    get,
    path = "/v2/companies/{company_id}/people/{person_id}",
    tag = "people",
    params(
        ("company_id" = String, Path, description = "Procore integer id or LaborChart UUID"),
        ("person_id" = String, Path, description = "The person's UUID or integer id"),
    ),
    responses((status = 200, body = PersonView), (status = 401, body = crate::views::ErrorView), (status = 404, body = crate::views::ErrorView)),
    security(("bearer" = []))
)]
pub async fn show(
    State(state): State<AppState>,
    Tenant(company): Tenant,
    Id(PersonRef(id)): Id<PersonRef>,
) -> ApiResult<Json<PersonView>> {
    Ok(Json(state.store.person(company.id, id).await?.into()))
}
