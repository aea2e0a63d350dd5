//! Project people: reference users of a project's directory, in Procore's three views.
use super::{Paging, ProcoreError, ProcoreResult, ProcoreTenant};
use crate::bodies::procore::{wrapped, ProjectPersonBody, ProjectPersonEnvelope};
use crate::error::ApiError;
use crate::extract::{Id, JsonBody, ProjectId, ProjectPersonId, Query};
use crate::state::AppState;
use crate::views::procore::{ProcoreErrorView, ProjectPersonAnswer};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use roster_core::dates::now_millis;
use roster_core::model::{ProjectPeopleFilter, ProjectPerson};

/// `view`: `normal` (the default, also for a missing or unknown value), `extended`, `web`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Normal,
    Extended,
    Web,
}

impl View {
    fn from_query(q: &Query) -> Self {
        match q.get("view") {
            Some("extended") => Self::Extended,
            Some("web") => Self::Web,
            _ => Self::Normal,
        }
    }
}

/// The person in a view, with exactly that view's keys.
pub fn render(p: &ProjectPerson, view: View) -> ProjectPersonAnswer {
    match view {
        View::Normal => ProjectPersonAnswer::normal(p, false),
        View::Extended => ProjectPersonAnswer::normal(p, true),
        View::Web => ProjectPersonAnswer::web(p),
    }
}

fn truthy(q: &Query, k: &str) -> ProcoreResult<Option<bool>> {
    match q.get(k) {
        None => Ok(None),
        Some("true" | "1") => Ok(Some(true)),
        Some("false" | "0") => Ok(Some(false)),
        Some(_) => Err(ProcoreError(ApiError {
            field: Some(k.to_owned()),
            ..ApiError::bad_request("invalidQueryParameter", format!("`{k}` must be true or false"))
        })),
    }
}

/// The project's people: 1-based `page`, `per_page`, `filters[search]`, `filters[is_employee]`,
/// `filters[reference_users_only]`, `sort=name`, `view`.
#[utoipa::path(get, path = "/rest/v1.0/projects/{project_id}/people", tag = "procore",
    params(("project_id" = i64, Path), ("Procore-Company-Id" = i64, Header), ("view" = Option<String>, Query),
        ("page" = Option<u32>, Query), ("per_page" = Option<u32>, Query), ("sort" = Option<String>, Query),
        ("filters[search]" = Option<String>, Query), ("filters[is_employee]" = Option<bool>, Query),
        ("filters[reference_users_only]" = Option<bool>, Query)),
    responses((status = 200, description = "The people in the view; headers Total, Per-Page, Link", body = Vec<ProjectPersonAnswer>),
        (status = 400, description = "A bad query parameter", body = ProcoreErrorView),
        (status = 404, description = "No such project", body = ProcoreErrorView)),
    security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    tenant: ProcoreTenant,
    project: Result<Id<ProjectId>, ApiError>,
    query: Query,
) -> ProcoreResult<(HeaderMap, Json<Vec<ProjectPersonAnswer>>)> {
    let Id(ProjectId(project)) = project?;
    state.store.project(tenant.0.id, project).await?;
    let paging = Paging::from_query(&query)?;
    // Every project person here is a reference user, so `reference_users_only` narrows nothing.
    truthy(&query, "filters[reference_users_only]")?;
    let filter = ProjectPeopleFilter {
        search: query
            .get("filters[search]")
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned),
        is_employee: truthy(&query, "filters[is_employee]")?,
        sort_by_name: query.get("sort") == Some("name"),
    };
    let (people, total) = state
        .store
        .project_people(tenant.0.id, project, &filter, paging.page, paging.per_page)
        .await?;
    let view = View::from_query(&query);
    let base = format!(
        "{}/rest/v1.0/projects/{project}/people",
        state.settings.public_url.trim_end_matches('/')
    );
    let headers = paging.headers(total, &base, &query);
    Ok((headers, Json(people.iter().map(|p| render(p, view)).collect())))
}

/// Creates a reference person (never a login): `{"person": {"last_name", ...}}`.
#[utoipa::path(post, path = "/rest/v1.0/projects/{project_id}/people", tag = "procore",
    params(("project_id" = i64, Path), ("Procore-Company-Id" = i64, Header), ("view" = Option<String>, Query)),
    request_body = ProjectPersonEnvelope,
    responses((status = 201, description = "The person in the requested view", body = ProjectPersonAnswer),
        (status = 400, description = "A bad field", body = ProcoreErrorView), (status = 404, description = "No such project", body = ProcoreErrorView),
        (status = 409, description = "origin_id already used in the project", body = ProcoreErrorView),
        (status = 422, description = "work_classification_id not the company's", body = ProcoreErrorView)),
    security(("bearer" = [])))]
pub async fn create(
    State(state): State<AppState>,
    tenant: ProcoreTenant,
    project: Result<Id<ProjectId>, ApiError>,
    query: Query,
    body: Result<JsonBody, ApiError>,
) -> ProcoreResult<(StatusCode, Json<ProjectPersonAnswer>)> {
    let Id(ProjectId(project)) = project?;
    let JsonBody(body) = body?;
    let data = wrapped::<ProjectPersonBody>(body, "person")?.create()?;
    let person = state
        .store
        .create_project_person(tenant.0.id, project, &data, now_millis())
        .await?;
    Ok((StatusCode::CREATED, Json(render(&person, View::from_query(&query)))))
}

/// Updates the given fields of a project person.
#[utoipa::path(patch, path = "/rest/v1.0/projects/{project_id}/people/{id}", tag = "procore",
    params(("project_id" = i64, Path), ("id" = i64, Path), ("Procore-Company-Id" = i64, Header), ("view" = Option<String>, Query)),
    request_body = ProjectPersonEnvelope,
    responses((status = 200, description = "The person in the requested view", body = ProjectPersonAnswer),
        (status = 400, description = "A bad field", body = ProcoreErrorView), (status = 404, description = "No such person", body = ProcoreErrorView),
        (status = 409, description = "origin_id already used in the project", body = ProcoreErrorView),
        (status = 422, description = "work_classification_id not the company's", body = ProcoreErrorView)),
    security(("bearer" = [])))]
pub async fn update(
    State(state): State<AppState>,
    tenant: ProcoreTenant,
    project: Result<Id<ProjectId>, ApiError>,
    id: Result<Id<ProjectPersonId>, ApiError>,
    query: Query,
    body: Result<JsonBody, ApiError>,
) -> ProcoreResult<Json<ProjectPersonAnswer>> {
    let Id(ProjectId(project)) = project?;
    let Id(ProjectPersonId(id)) = id?;
    let JsonBody(body) = body?;
    let person = wrapped::<ProjectPersonBody>(body, "person")?;
    let edit = |d: &mut roster_core::model::ProjectPersonData| {
        *d = person.update(d)?;
        Ok(())
    };
    let person = state
        .store
        .update_project_person(tenant.0.id, project, id, &edit, now_millis())
        .await?;
    Ok(Json(render(&person, View::from_query(&query))))
}
