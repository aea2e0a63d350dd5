use crate::auth::Tenant;
use crate::bodies::catalog::JobTitleBody;
use crate::bodies::Payload;
use crate::error::ApiResult;
use crate::extract::Id;
use crate::state::AppState;
use crate::views::{ErrorView, IdView, JobTitleView};
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use roster_core::JobTitleId;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/job-titles", get(list).post(create))
        .route("/job-titles/{job_title_id}", get(show).post(update).delete(remove))
}

#[utoipa::path(get, path = "/v2/companies/{company_id}/job-titles", tag = "job titles",
    params(("company_id" = String, Path)), responses((status = 200, body = Vec<JobTitleView>), (status = 401, body = ErrorView)),
    security(("bearer" = [])))]
pub async fn list(State(state): State<AppState>, Tenant(company): Tenant) -> ApiResult<Json<Vec<JobTitleView>>> {
    Ok(Json(
        state
            .store
            .job_titles(company.id)
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
    ))
}

/// `name` required; `group_ids` must be the company's groups.
#[utoipa::path(post, path = "/v2/companies/{company_id}/job-titles", tag = "job titles",
    params(("company_id" = String, Path)),
    request_body = JobTitleBody,
    responses((status = 200, body = IdView), (status = 400, body = ErrorView)), security(("bearer" = [])))]
pub async fn create(
    State(state): State<AppState>,
    Tenant(company): Tenant,
    Payload(body): Payload<JobTitleBody>,
) -> ApiResult<Json<IdView>> {
    let title = body.create(company.id)?;
    state.store.insert_job_title(&title).await?;
    Ok(Json(IdView {
        id: title.id.to_string(),
    }))
}

#[utoipa::path(get, path = "/v2/companies/{company_id}/job-titles/{job_title_id}", tag = "job titles",
    params(("company_id" = String, Path), ("job_title_id" = String, Path)),
    responses((status = 200, body = JobTitleView), (status = 404, body = ErrorView)), security(("bearer" = [])))]
pub async fn show(
    State(state): State<AppState>,
    Tenant(company): Tenant,
    Id(id): Id<JobTitleId>,
) -> ApiResult<Json<JobTitleView>> {
    Ok(Json(state.store.job_title(company.id, id).await?.into()))
}

/// Partial update: only the keys sent change.
#[utoipa::path(post, path = "/v2/companies/{company_id}/job-titles/{job_title_id}", tag = "job titles",
    params(("company_id" = String, Path), ("job_title_id" = String, Path)), request_body = JobTitleBody,
    responses((status = 200, body = JobTitleView), (status = 400, body = ErrorView), (status = 404, body = ErrorView)), security(("bearer" = [])))]
pub async fn update(
    State(state): State<AppState>,
    Tenant(company): Tenant,
    Id(id): Id<JobTitleId>,
    Payload(body): Payload<JobTitleBody>,
) -> ApiResult<Json<JobTitleView>> {
    let title = state
        .store
        .update_job_title(company.id, id, &|t| body.update(t))
        .await?;
    Ok(Json(title.into()))
}

/// People holding the title are left without one.
#[utoipa::path(delete, path = "/v2/companies/{company_id}/job-titles/{job_title_id}", tag = "job titles",
    params(("company_id" = String, Path), ("job_title_id" = String, Path)),
    responses((status = 200, body = IdView), (status = 404, body = ErrorView) ), security(("bearer" = [])))]
pub async fn remove(
    State(state): State<AppState>,
    Tenant(company): Tenant,
    Id(id): Id<JobTitleId>,
) -> ApiResult<Json<IdView>> {
    state.store.delete_job_title(company.id, id).await?;
    Ok(Json(IdView { id: id.to_string() }))
}
