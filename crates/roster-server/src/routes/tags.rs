use crate::auth::Tenant;
use crate::bodies::catalog::TagBody;
use crate::bodies::Payload;
use crate::error::ApiResult;
use crate::extract::Id;
use crate::state::AppState;
use crate::views::{ErrorView, IdView, TagView};
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use roster_core::TagId;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/tags", get(list).post(create))
        .route("/tags/{tag_id}", get(show).post(update).delete(remove))
}

#[utoipa::path(get, path = "/v2/companies/{company_id}/tags", tag = "tags",
    params(("company_id" = String, Path)), responses((status = 200, body = Vec<TagView>), (status = 401, body = ErrorView)),
    security(("bearer" = [])))]
pub async fn list(State(state): State<AppState>, Tenant(company): Tenant) -> ApiResult<Json<Vec<TagView>>> {
    Ok(Json(
        state
            .store
            .tags(company.id)
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
    ))
}

/// `name` required; `group_ids` must be the company's groups.
#[utoipa::path(post, path = "/v2/companies/{company_id}/tags", tag = "tags",
    params(("company_id" = String, Path)),
    request_body = TagBody,
    responses((status = 200, body = IdView), (status = 400, body = ErrorView)), security(("bearer" = [])))]
pub async fn create(
    State(state): State<AppState>,
    Tenant(company): Tenant,
    Payload(body): Payload<TagBody>,
) -> ApiResult<Json<IdView>> {
    let tag = body.create(company.id)?;
    state.store.insert_tag(&tag).await?;
    Ok(Json(IdView { id: tag.id.to_string() }))
}

#[utoipa::path(get, path = "/v2/companies/{company_id}/tags/{tag_id}", tag = "tags",
    params(("company_id" = String, Path), ("tag_id" = String, Path)),
    responses((status = 200, body = TagView), (status = 404, body = ErrorView)), security(("bearer" = [])))]
pub async fn show(
    State(state): State<AppState>,
    Tenant(company): Tenant,
    Id(id): Id<TagId>,
) -> ApiResult<Json<TagView>> {
    Ok(Json(state.store.tag(company.id, id).await?.into()))
}

/// Partial update: only the keys sent change.
#[utoipa::path(post, path = "/v2/companies/{company_id}/tags/{tag_id}", tag = "tags",
    params(("company_id" = String, Path), ("tag_id" = String, Path)), request_body = TagBody,
    responses((status = 200, body = TagView), (status = 400, body = ErrorView), (status = 404, body = ErrorView)), security(("bearer" = [])))]
pub async fn update(
    State(state): State<AppState>,
    Tenant(company): Tenant,
    Id(id): Id<TagId>,
    Payload(body): Payload<TagBody>,
) -> ApiResult<Json<TagView>> {
    let tag = state.store.update_tag(company.id, id, &|t| body.update(t)).await?;
    Ok(Json(tag.into()))
}

/// Removes the tag from every person that has it.
#[utoipa::path(delete, path = "/v2/companies/{company_id}/tags/{tag_id}", tag = "tags",
    params(("company_id" = String, Path), ("tag_id" = String, Path)),
    responses((status = 200, body = IdView), (status = 404, body = ErrorView) ), security(("bearer" = [])))]
pub async fn remove(
    State(state): State<AppState>,
    Tenant(company): Tenant,
    Id(id): Id<TagId>,
) -> ApiResult<Json<IdView>> {
    state.store.delete_tag(company.id, id).await?;
    Ok(Json(IdView { id: id.to_string() }))
}
