//! Projects and work classifications.
use super::{ProcoreResult, ProcoreTenant};
use crate::bodies::access::CompanyRefBody;
use crate::bodies::procore::{
    wrapped, CreateProjectBody, ProjectBody, WorkClassificationBody, WorkClassificationEnvelope,
};
use crate::error::ApiError;
use crate::extract::{CompanyRef, Id, JsonBody, ProjectId, Query};
use crate::state::AppState;
use crate::views::procore::{ProjectView, WorkClassificationView};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use roster_core::dates::now_millis;
use roster_core::{IdRef, Invalid};
use serde::Deserialize;

fn company_query(q: &Query) -> Option<IdRef> {
    q.get("company_id").and_then(IdRef::parse)
}

/// Creates a project: `{"company_id", "project": {"name", "project_number"?, "active"?}}`.
#[utoipa::path(post, path = "/rest/v1.0/projects", tag = "procore",
    params(("Procore-Company-Id" = i64, Header)),
    request_body = CreateProjectBody,
    responses((status = 201, body = ProjectView), (status = 400, description = "{\"errors\": {...}}"), (status = 404, description = "{\"error\": ...}")),
    security(("bearer" = [])))]
pub async fn create(
    State(state): State<AppState>,
    tenant: ProcoreTenant,
    body: Result<JsonBody, ApiError>,
) -> ProcoreResult<(StatusCode, Json<ProjectView>)> {
    let JsonBody(body) = body?;
    // The company is checked first: another company's is a 404 whatever the project says.
    let company = body
        .get("company_id")
        .and_then(|v| CompanyRefBody::deserialize(v).ok())
        .ok_or_else(|| Invalid::missing("company_id"))?;
    tenant.check_company(Some(company.0))?;
    let project = wrapped::<ProjectBody>(body, "project")?.project(tenant.0.id, now_millis());
    let created = state.store.create_project(&project).await?;
    Ok((StatusCode::CREATED, Json(created.into())))
}

/// The company's projects (`company_id` query parameter).
#[utoipa::path(get, path = "/rest/v1.0/projects", tag = "procore",
    params(("company_id" = i64, Query), ("Procore-Company-Id" = i64, Header)),
    responses((status = 200, body = Vec<ProjectView>), (status = 404, description = "{\"error\": ...}")),
    security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    tenant: ProcoreTenant,
    query: Query,
) -> ProcoreResult<Json<Vec<ProjectView>>> {
    tenant.check_company(company_query(&query))?;
    Ok(Json(
        state
            .store
            .projects(tenant.0.id)
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
    ))
}

#[utoipa::path(get, path = "/rest/v1.0/projects/{project_id}", tag = "procore",
    params(("project_id" = i64, Path), ("company_id" = i64, Query), ("Procore-Company-Id" = i64, Header)),
    responses((status = 200, body = ProjectView), (status = 404, description = "{\"error\": ...}")),
    security(("bearer" = [])))]
pub async fn show(
    State(state): State<AppState>,
    tenant: ProcoreTenant,
    id: Result<Id<ProjectId>, ApiError>,
    query: Query,
) -> ProcoreResult<Json<ProjectView>> {
    if query.get("company_id").is_some() {
        tenant.check_company(company_query(&query))?;
    }
    let Id(ProjectId(id)) = id?;
    Ok(Json(state.store.project(tenant.0.id, id).await?.into()))
}

/// Creates a work classification: `{"work_classification": {"name"}}`.
#[utoipa::path(post, path = "/rest/v1.0/companies/{company_id}/work_classifications", tag = "procore",
    params(("company_id" = i64, Path), ("Procore-Company-Id" = i64, Header)),
    request_body = WorkClassificationEnvelope,
    responses((status = 201, body = WorkClassificationView), (status = 400, description = "{\"errors\": {...}}")),
    security(("bearer" = [])))]
pub async fn create_work_classification(
    State(state): State<AppState>,
    tenant: ProcoreTenant,
    company: Result<Id<CompanyRef>, ApiError>,
    body: Result<JsonBody, ApiError>,
) -> ProcoreResult<(StatusCode, Json<WorkClassificationView>)> {
    tenant.check_company(company.ok().map(|Id(CompanyRef(c))| c))?;
    let JsonBody(body) = body?;
    let name = wrapped::<WorkClassificationBody>(body, "work_classification")?.name.0;
    let created = state
        .store
        .create_work_classification(tenant.0.id, &name, now_millis())
        .await?;
    Ok((StatusCode::CREATED, Json(created.into())))
}

#[utoipa::path(get, path = "/rest/v1.0/companies/{company_id}/work_classifications", tag = "procore",
    params(("company_id" = i64, Path), ("Procore-Company-Id" = i64, Header)),
    responses((status = 200, body = Vec<WorkClassificationView>)),
    security(("bearer" = [])))]
pub async fn work_classifications(
    State(state): State<AppState>,
    tenant: ProcoreTenant,
    company: Result<Id<CompanyRef>, ApiError>,
) -> ProcoreResult<Json<Vec<WorkClassificationView>>> {
    tenant.check_company(company.ok().map(|Id(CompanyRef(c))| c))?;
    Ok(Json(
        state
            .store
            .work_classifications(tenant.0.id)
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
    ))
}
