//! Projects and work classifications.
use super::{ProcoreResult, ProcoreTenant};
use crate::error::ApiError;
use crate::extract::{CompanyRef, Id, JsonBody, ProjectId, Query};
use crate::state::AppState;
use crate::views::procore::{ProjectView, WorkClassificationView};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use roster_core::dates::now_millis;
use roster_core::input::{Body, MAX_NAME};
use roster_core::model::NewProject;
use roster_core::{IdRef, Invalid};
use serde_json::Value;

/// The object under `key` in a Procore body (`{"project": {...}}`).
pub fn wrapped<'a>(body: &'a Value, key: &str) -> Result<Body<'a>, Invalid> {
    Body::object(body)?;
    match body.get(key) {
        Some(v) if v.is_object() => Body::object(v),
        Some(_) => Err(Invalid::wrong_type(key, "an object")),
        None => Err(Invalid::missing(key)),
    }
}

fn company_query(q: &Query) -> Option<IdRef> {
    q.get("company_id").and_then(IdRef::parse)
}

/// Creates a project: `{"company_id", "project": {"name", "project_number"?, "active"?}}`.
#[utoipa::path(post, path = "/rest/v1.0/projects", tag = "procore",
    params(("Procore-Company-Id" = i64, Header)),
    request_body = crate::openapi::requests::procore::CreateProjectRequest,
    responses((status = 201, body = ProjectView), (status = 400, description = "{\"errors\": {...}}"), (status = 404, description = "{\"error\": ...}")),
    security(("bearer" = [])))]
pub async fn create(
    State(state): State<AppState>,
    tenant: ProcoreTenant,
    body: Result<JsonBody, ApiError>,
) -> ProcoreResult<(StatusCode, Json<ProjectView>)> {
    let JsonBody(body) = body?;
    let company = match body.get("company_id") {
        Some(Value::Number(n)) => n.as_i64().map(IdRef::Int),
        Some(Value::String(s)) => IdRef::parse(s),
        _ => return Err(Invalid::missing("company_id").into()),
    };
    tenant.check_company(company)?;
    let project = NewProject::parse(tenant.0.id, &wrapped(&body, "project")?, now_millis())?;
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
    request_body = crate::openapi::requests::procore::CreateWorkClassificationRequest,
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
    let b = wrapped(&body, "work_classification")?;
    let name: String = b.required("name", |b, k| b.name(k, MAX_NAME))?;
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
