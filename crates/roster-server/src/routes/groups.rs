use crate::auth::Tenant;
use crate::bodies::catalog::GroupBody;
use crate::bodies::Payload;
use crate::error::ApiResult;
use crate::extract::Id;
use crate::state::AppState;
use crate::views::{ErrorView, GroupView, IdView};
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use roster_core::GroupId;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/groups", get(list).post(create))
        .route("/groups/{group_id}", get(show).post(update).delete(remove))
}

#[utoipa::path(get, path = "/v2/companies/{company_id}/groups", tag = "groups",
    params(("company_id" = String, Path)), responses((status = 200, body = Vec<GroupView>), (status = 401, body = ErrorView)),
    security(("bearer" = [])))]
pub async fn list(State(state): State<AppState>, Tenant(company): Tenant) -> ApiResult<Json<Vec<GroupView>>> {
    Ok(Json(
        state
            .store
            .groups(company.id)
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
    ))
}

/// `name` and `timezone` (IANA) required.
#[utoipa::path(post, path = "/v2/companies/{company_id}/groups", tag = "groups",
    params(("company_id" = String, Path)),
    request_body = GroupBody,
    responses((status = 200, body = IdView), (status = 400, body = ErrorView)), security(("bearer" = [])))]
pub async fn create(
    State(state): State<AppState>,
    Tenant(company): Tenant,
    Payload(body): Payload<GroupBody>,
) -> ApiResult<Json<IdView>> {
    let group = body.create(company.id)?;
    state.store.insert_group(&group).await?;
    Ok(Json(IdView {
        id: group.id.to_string(),
    }))
}

#[utoipa::path(get, path = "/v2/companies/{company_id}/groups/{group_id}", tag = "groups",
    params(("company_id" = String, Path), ("group_id" = String, Path)),
    responses((status = 200, body = GroupView), (status = 404, body = ErrorView)), security(("bearer" = [])))]
pub async fn show(
    State(state): State<AppState>,
    Tenant(company): Tenant,
    Id(id): Id<GroupId>,
) -> ApiResult<Json<GroupView>> {
    Ok(Json(state.store.group(company.id, id).await?.into()))
}

/// Partial update: only the keys sent change.
#[utoipa::path(post, path = "/v2/companies/{company_id}/groups/{group_id}", tag = "groups",
    params(("company_id" = String, Path), ("group_id" = String, Path)), request_body = GroupBody,
    responses((status = 200, body = GroupView), (status = 400, body = ErrorView), (status = 404, body = ErrorView)), security(("bearer" = [])))]
pub async fn update(
    State(state): State<AppState>,
    Tenant(company): Tenant,
    Id(id): Id<GroupId>,
    Payload(body): Payload<GroupBody>,
) -> ApiResult<Json<GroupView>> {
    let group = state.store.update_group(company.id, id, &|g| body.update(g)).await?;
    Ok(Json(group.into()))
}

/// Refused with 409 while active people are in the group; the error lists them.
#[utoipa::path(delete, path = "/v2/companies/{company_id}/groups/{group_id}", tag = "groups",
    params(("company_id" = String, Path), ("group_id" = String, Path)),
    responses((status = 200, body = IdView), (status = 404, body = ErrorView), (status = 409, body = ErrorView)), security(("bearer" = [])))]
pub async fn remove(
    State(state): State<AppState>,
    Tenant(company): Tenant,
    Id(id): Id<GroupId>,
) -> ApiResult<Json<IdView>> {
    state.store.delete_group(company.id, id).await?;
    Ok(Json(IdView { id: id.to_string() }))
}
