//! Who am I: `GET /rest/v1.0/me`, `GET /rest/v1.0/companies` (the companies the token may use)
//! and `GET /rest/v1.0/companies/{company_id}/projects`, as Procore answers them.
use super::{Paging, ProcoreResult, ProcoreTenant};
use crate::auth::{bearer_owner, same_company, COMPANY_HEADER};
use crate::error::ApiError;
use crate::extract::Query;
use crate::state::AppState;
use crate::views::procore::ProjectView;
use axum::extract::{FromRequestParts, OriginalUri, RawPathParams, State};
use axum::http::request::Parts;
use axum::http::HeaderMap;
use axum::Json;
use roster_core::model::TokenOwner;
use roster_core::IdRef;
use serde::Serialize;
use utoipa::ToSchema;

/// Who the bearer token acts for, without `Procore-Company-Id`.
pub struct Bearer(pub TokenOwner);

impl FromRequestParts<AppState> for Bearer {
    type Rejection = super::ProcoreError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(Self(bearer_owner(state, parts).await?))
    }
}

/// The integer id of a company's service account (what `/me` answers for the company's own
/// token, as Procore's DMSA): far above any person's integer id, one per company.
pub const SERVICE_ACCOUNT_BASE: i64 = 1 << 40;

#[derive(Serialize, ToSchema)]
pub struct MeView {
    /// The person's integer id, or the company's service account's.
    pub id: i64,
    /// The login email.
    pub login: String,
    pub name: String,
}

/// The person behind the token (a client-credentials token: the company's service account).
#[utoipa::path(get, path = "/rest/v1.0/me", tag = "procore",
    params(("company_id" = Option<i64>, Query, description = "With it (or `project_id`), `Procore-Company-Id` is required"),
        ("project_id" = Option<i64>, Query)),
    responses((status = 200, body = MeView), (status = 401, description = "{\"error\": ...}"),
        (status = 403, description = "Procore-Company-Id names another company"), (status = 404, description = "Unknown company or project")),
    security(("bearer" = [])))]
pub async fn me(
    State(state): State<AppState>,
    Bearer(owner): Bearer,
    headers: HeaderMap,
    query: Query,
) -> ProcoreResult<Json<MeView>> {
    if query.get("company_id").is_some() || query.get("project_id").is_some() {
        // As Procore's docs: the header is required only with these, and must name the company.
        let header = headers
            .get(COMPANY_HEADER)
            .ok_or_else(|| ApiError::bad_request("missingProcoreCompanyId", "Missing Procore-Company-Id header"))?;
        let named = header.to_str().ok().and_then(|s| IdRef::parse(s.trim()));
        if !named.is_some_and(|r| same_company(&owner.company, r)) {
            return Err(ApiError::forbidden(
                "companyMismatch",
                "This token cannot act for the company in Procore-Company-Id",
            )
            .into());
        }
        if let Some(c) = query.get("company_id") {
            if !IdRef::parse(c).is_some_and(|r| same_company(&owner.company, r)) {
                return Err(ApiError::not_found("company").into());
            }
        }
        if let Some(p) = query.get("project_id") {
            let id = p.parse::<i64>().map_err(|_| ApiError::not_found("project"))?;
            state.store.project(owner.company.id, id).await?;
        }
    }
    let view = match owner.person {
        Some(p) => {
            let person = state.store.person(owner.company.id, IdRef::Int(p.procore_id)).await?;
            MeView {
                id: person.procore_id,
                login: person
                    .data
                    .email
                    .as_ref()
                    .map(|e| e.as_str().to_owned())
                    .unwrap_or_default(),
                name: person.data.full_name(),
            }
        }
        None => MeView {
            id: SERVICE_ACCOUNT_BASE + owner.company.procore_id,
            login: format!("service-account+{}@roster.invalid", owner.company.procore_id),
            name: format!("{} service account", owner.company.name),
        },
    };
    Ok(Json(view))
}

#[derive(Serialize, ToSchema)]
pub struct CompanyView {
    pub id: i64,
    pub name: String,
    pub is_active: bool,
    pub logo_url: Option<String>,
    pub pcn_business_experience: bool,
    /// True for the token's own company (the only one a Roster token may use).
    pub my_company: bool,
}

/// The companies the token may use: its own, as Procore's shape.
#[utoipa::path(get, path = "/rest/v1.0/companies", tag = "procore",
    params(("page" = Option<i32>, Query), ("per_page" = Option<i32>, Query),
        ("include_free_companies" = Option<bool>, Query, description = "Accepted; every Roster company is listed")),
    responses((status = 200, body = Vec<CompanyView>, headers(("Total" = i64), ("Per-Page" = i64), ("Link" = String))),
        (status = 401, description = "{\"error\": ...}")),
    security(("bearer" = [])))]
pub async fn companies(
    State(state): State<AppState>,
    Bearer(owner): Bearer,
    query: Query,
    OriginalUri(uri): OriginalUri,
) -> ProcoreResult<(HeaderMap, Json<Vec<CompanyView>>)> {
    let paging = Paging::parse(query.get("page"), query.get("per_page"))?;
    // ProPyCore sends `True`: any letter case.
    if let Some(v) = query.get("include_free_companies") {
        if !matches!(v.to_ascii_lowercase().as_str(), "true" | "false") {
            return Err(ApiError::bad_request(
                "invalidQueryParameter",
                "`include_free_companies` must be true or false",
            )
            .into());
        }
    }
    let c = owner.company;
    let all = vec![CompanyView {
        id: c.procore_id,
        name: c.name,
        is_active: true,
        logo_url: None,
        pcn_business_experience: false,
        my_company: true,
    }];
    Ok(page_of(&state, paging, all, &uri))
}

/// The company's projects, paged as Procore's lists.
#[utoipa::path(get, path = "/rest/v1.0/companies/{company_id}/projects", tag = "procore",
    params(("company_id" = i64, Path), ("Procore-Company-Id" = i64, Header), ("page" = Option<i32>, Query), ("per_page" = Option<i32>, Query)),
    responses((status = 200, body = Vec<ProjectView>, headers(("Total" = i64), ("Per-Page" = i64), ("Link" = String))),
        (status = 404, description = "{\"error\": ...}")),
    security(("bearer" = [])))]
pub async fn company_projects(
    State(state): State<AppState>,
    tenant: ProcoreTenant,
    path: RawPathParams,
    query: Query,
    OriginalUri(uri): OriginalUri,
) -> ProcoreResult<(HeaderMap, Json<Vec<ProjectView>>)> {
    let named = path
        .iter()
        .find(|(k, _)| *k == "company_id")
        .and_then(|(_, v)| IdRef::parse(v));
    tenant.check_company(named)?;
    let paging = Paging::parse(query.get("page"), query.get("per_page"))?;
    let projects: Vec<ProjectView> = state
        .store
        .projects(tenant.0.id)
        .await?
        .into_iter()
        .map(Into::into)
        .collect();
    Ok(page_of(&state, paging, projects, &uri))
}

/// One page of a list held in memory, with Procore's paging headers.
fn page_of<T>(state: &AppState, paging: Paging, all: Vec<T>, uri: &axum::http::Uri) -> (HeaderMap, Json<Vec<T>>) {
    let total = all.len() as i64;
    let base = format!("{}{}", state.settings.public_url.trim_end_matches('/'), uri.path());
    let headers = paging.headers(total, &base, uri.query().unwrap_or_default());
    let skip = (paging.page as usize - 1).saturating_mul(paging.per_page as usize);
    let page = all.into_iter().skip(skip).take(paging.per_page as usize).collect();
    (headers, Json(page))
}
