//! Project people: reference users of a project's directory, in Procore's three views.
use super::people_query::{ListParams, PeopleListQuery};
use super::{ProcoreResult, ProcoreTenant};
use crate::bodies::procore::{wrapped, ProjectPersonBody, ProjectPersonEnvelope};
use crate::error::ApiError;
use crate::extract::{Id, JsonBody, ProjectId, ProjectPersonId, Query};
use crate::state::AppState;
use crate::views::procore::{ProcoreErrorView, ProjectPersonAnswer};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::Json;
use roster_core::dates::now_millis;
use roster_core::model::ProjectPerson;

/// `view`: `normal` (the default, also for a missing or unknown value), `extended`, `web`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Normal,
    Extended,
    Web,
}

impl View {
    fn from_query(q: &Query) -> Self {
        Self::parse(q.get("view").unwrap_or_default())
    }

    pub fn parse(v: &str) -> Self {
        match v {
            "extended" => Self::Extended,
            "web" => Self::Web,
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

/// The project's people, one page, with `Total`, `Per-Page` and `Link` (as Procore's pagination
/// page lays them out). Every documented filter and sort is honoured; any other key is a 400.
#[utoipa::path(get, path = "/rest/v1.0/projects/{project_id}/people", tag = "procore",
    params(("project_id" = i64, Path), ("Procore-Company-Id" = i64, Header), ListParams),
    responses((status = 200, description = "The people in the view; headers Total, Per-Page, Link", body = Vec<ProjectPersonAnswer>),
        (status = 400, description = "A bad query parameter", body = ProcoreErrorView),
        (status = 404, description = "No such project", body = ProcoreErrorView)),
    security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    tenant: ProcoreTenant,
    project: Result<Id<ProjectId>, ApiError>,
    uri: Uri,
) -> ProcoreResult<(HeaderMap, Json<Vec<ProjectPersonAnswer>>)> {
    people_list(&state, &tenant, project, &uri, false).await
}

/// The project's inactive people: Roster's reference people are never deactivated (nor does
/// Procore have a route that deactivates one), so the list is always empty; the parameters and
/// headers are the active list's.
#[utoipa::path(get, path = "/rest/v1.0/projects/{project_id}/people/inactive", tag = "procore",
    params(("project_id" = i64, Path), ("Procore-Company-Id" = i64, Header), ListParams),
    responses((status = 200, description = "The inactive people (none); headers Total, Per-Page, Link", body = Vec<ProjectPersonAnswer>),
        (status = 400, description = "A bad query parameter", body = ProcoreErrorView),
        (status = 404, description = "No such project", body = ProcoreErrorView)),
    security(("bearer" = [])))]
pub async fn inactive(
    State(state): State<AppState>,
    tenant: ProcoreTenant,
    project: Result<Id<ProjectId>, ApiError>,
    uri: Uri,
) -> ProcoreResult<(HeaderMap, Json<Vec<ProjectPersonAnswer>>)> {
    people_list(&state, &tenant, project, &uri, true).await
}

async fn people_list(
    state: &AppState,
    tenant: &ProcoreTenant,
    project: Result<Id<ProjectId>, ApiError>,
    uri: &Uri,
    inactive: bool,
) -> ProcoreResult<(HeaderMap, Json<Vec<ProjectPersonAnswer>>)> {
    let Id(ProjectId(project)) = project?;
    state.store.project(tenant.0.id, project).await?;
    let raw = uri.query().unwrap_or_default();
    let query = PeopleListQuery::parse(raw)?;
    let paging = &query.paging;
    let (people, total) = if inactive || query.matches_nothing {
        (Vec::new(), 0)
    } else {
        state
            .store
            .project_people(tenant.0.id, project, &query.filter, paging.page, paging.per_page)
            .await?
    };
    let base = format!("{}{}", state.settings.public_url.trim_end_matches('/'), uri.path());
    let headers = paging.headers(total, &base, raw);
    Ok((headers, Json(people.iter().map(|p| render(p, query.view)).collect())))
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
