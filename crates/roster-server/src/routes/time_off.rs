//! A person's time off (Procore Resource Planning "Time Off"), on both mounts.
use crate::auth::Tenant;
use crate::bodies::query::QueryOf;
use crate::bodies::time_off::{TimeOffBody, TimeOffQuery};
use crate::bodies::Payload;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Id, PersonRef};
use crate::state::AppState;
use crate::views::{CursorPageView, DeletedView, ErrorView, IdView, TimeOffView};
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use roster_core::dates::now_millis;
use roster_core::{StoreError, TimeOffId};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/people/{person_id}/time-off", get(list).post(create))
        .route(
            "/people/{person_id}/time-off/{time_off_id}",
            get(show).patch(update).delete(remove),
        )
}

/// A person's time off by first day, then id; `timezone` is required. `start_after` (or
/// `starting_after`) and `starting_before` take the id of a time off of this person.
#[utoipa::path(get, path = "/v2/companies/{company_id}/people/{person_id}/time-off", tag = "time off",
    params(("company_id" = String, Path), ("person_id" = String, Path, description = "UUID or integer id"), TimeOffQuery),
    responses((status = 200, body = CursorPageView<TimeOffView>), (status = 400, body = ErrorView), (status = 404, body = ErrorView)),
    security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    Tenant(company): Tenant,
    Id(PersonRef(person)): Id<PersonRef>,
    QueryOf(query): QueryOf<TimeOffQuery>,
) -> ApiResult<Json<CursorPageView<TimeOffView>>> {
    let (cursor, limit) = query.page()?;
    let page = state
        .store
        .time_offs(company.id, person, cursor, limit)
        .await
        .map_err(|e| match e {
            StoreError::NotFound("cursor") => ApiError::bad_request(
                "invalidCursor",
                "`start_after`/`starting_before` must be the id of a time off of this person",
            ),
            e => e.into(),
        })?;
    Ok(Json(CursorPageView::new(
        page,
        limit,
        |t| t.id.to_string(),
        TimeOffView::from,
    )))
}

/// Create Time Off: answers the time off as stored. Its occurrences may not overlap the person's
/// other time off (400 `overlappingTimeOff`).
#[utoipa::path(post, path = "/v2/companies/{company_id}/people/{person_id}/time-off", tag = "time off",
    params(("company_id" = String, Path), ("person_id" = String, Path, description = "UUID or integer id")),
    request_body = TimeOffBody,
    responses((status = 200, body = TimeOffView), (status = 400, body = ErrorView), (status = 404, body = ErrorView)),
    security(("bearer" = [])))]
pub async fn create(
    State(state): State<AppState>,
    Tenant(company): Tenant,
    Id(PersonRef(person)): Id<PersonRef>,
    Payload(body): Payload<TimeOffBody>,
) -> ApiResult<Json<TimeOffView>> {
    let data = body.create()?;
    let t = state
        .store
        .create_time_off(company.id, person, TimeOffId::new(), &data, now_millis())
        .await?;
    Ok(Json(t.into()))
}

#[utoipa::path(get, path = "/v2/companies/{company_id}/people/{person_id}/time-off/{time_off_id}", tag = "time off",
    params(("company_id" = String, Path), ("person_id" = String, Path), ("time_off_id" = String, Path)),
    responses((status = 200, body = TimeOffView), (status = 404, body = ErrorView)),
    security(("bearer" = [])))]
pub async fn show(
    State(state): State<AppState>,
    Tenant(company): Tenant,
    Id(PersonRef(person)): Id<PersonRef>,
    Id(id): Id<TimeOffId>,
) -> ApiResult<Json<TimeOffView>> {
    Ok(Json(state.store.time_off(company.id, person, id).await?.into()))
}

/// Update Time Off: only the keys sent change; `repeat`, `cadence` and `repeat_end_day` cannot
/// (400 `notUpdatable`). The rules and the overlap rule hold as on create.
#[utoipa::path(patch, path = "/v2/companies/{company_id}/people/{person_id}/time-off/{time_off_id}", tag = "time off",
    params(("company_id" = String, Path), ("person_id" = String, Path), ("time_off_id" = String, Path)),
    request_body = TimeOffBody,
    responses((status = 200, body = TimeOffView), (status = 400, body = ErrorView), (status = 404, body = ErrorView)),
    security(("bearer" = [])))]
pub async fn update(
    State(state): State<AppState>,
    Tenant(company): Tenant,
    Id(PersonRef(person)): Id<PersonRef>,
    Id(id): Id<TimeOffId>,
    Payload(body): Payload<TimeOffBody>,
) -> ApiResult<Json<TimeOffView>> {
    let t = state
        .store
        .update_time_off(company.id, person, id, &|d| body.update(d), now_millis())
        .await?;
    Ok(Json(t.into()))
}

/// Delete Time Off: answers `{"data": {"id"}}`.
#[utoipa::path(delete, path = "/v2/companies/{company_id}/people/{person_id}/time-off/{time_off_id}", tag = "time off",
    params(("company_id" = String, Path), ("person_id" = String, Path), ("time_off_id" = String, Path)),
    responses((status = 200, body = DeletedView), (status = 404, body = ErrorView)),
    security(("bearer" = [])))]
pub async fn remove(
    State(state): State<AppState>,
    Tenant(company): Tenant,
    Id(PersonRef(person)): Id<PersonRef>,
    Id(id): Id<TimeOffId>,
) -> ApiResult<Json<DeletedView>> {
    state.store.delete_time_off(company.id, person, id).await?;
    Ok(Json(DeletedView {
        data: IdView { id: id.to_string() },
    }))
}
