use crate::auth::{Mount, Tenant};
use crate::bodies::catalog::TagBody;
use crate::bodies::Payload;
use crate::error::ApiResult;
use crate::extract::Id;
use crate::state::AppState;
use crate::views::{ErrorView, IdView, TagView};
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::{Extension, Json, Router};
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

/// `name` required; `group_ids` must be the company's groups; `abbreviation` defaults to the
/// first 5 characters of the name. Answers `{"id"}`, or `[{"id"}]` on the facade (Procore's spec).
#[utoipa::path(post, path = "/v2/companies/{company_id}/tags", tag = "tags",
    params(("company_id" = String, Path)),
    request_body = TagBody,
    responses((status = 200, body = IdView, description = "On the facade, an array of one such object"), (status = 400, body = ErrorView)), security(("bearer" = [])))]
pub async fn create(
    State(state): State<AppState>,
    Extension(mount): Extension<Mount>,
    Tenant(company): Tenant,
    Payload(body): Payload<TagBody>,
) -> ApiResult<Response> {
    body.check_company(&company)?;
    let tag = body.create(company.id)?;
    state.store.insert_tag(&tag).await?;
    Ok(mount.answer(IdView { id: tag.id.to_string() }))
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
    body.check_company(&company)?;
    let tag = state.store.update_tag(company.id, id, &|t| body.update(t)).await?;
    Ok(Json(tag.into()))
}

/// Removes the tag from every person that has it. Answers `{"id"}`, or `[{"id"}]` on the facade.
#[utoipa::path(delete, path = "/v2/companies/{company_id}/tags/{tag_id}", tag = "tags",
    params(("company_id" = String, Path), ("tag_id" = String, Path)),
    responses((status = 200, body = IdView, description = "On the facade, an array of one such object"), (status = 404, body = ErrorView) ), security(("bearer" = [])))]
pub async fn remove(
    State(state): State<AppState>,
    Extension(mount): Extension<Mount>,
    Tenant(company): Tenant,
    Id(id): Id<TagId>,
) -> ApiResult<Response> {
    state.store.delete_tag(company.id, id).await?;
    Ok(mount.answer(IdView { id: id.to_string() }))
}
