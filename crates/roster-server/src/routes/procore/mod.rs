//! Procore REST v1.0 routes: Procore's own conventions (integer ids, `Procore-Company-Id` on every
//! call, 1-based paging with `Total`/`Per-Page`/`Link`, Rails-style error bodies).
use crate::auth::{bearer_owner, same_company, COMPANY_HEADER};
use crate::error::ApiError;
use crate::state::AppState;
use crate::views::procore::ProcoreErrorView;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch};
use axum::{Json, Router};
use roster_core::model::Company;
use roster_core::IdRef;

pub mod me;
pub mod people;
mod people_query;
pub mod projects;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/rest/v1.0/projects", get(projects::list).post(projects::create))
        .route("/rest/v1.0/projects/{project_id}", get(projects::show))
        .route("/rest/v1.0/me", get(me::me))
        .route("/rest/v1.0/companies", get(me::companies))
        .route("/rest/v1.0/companies/{company_id}/projects", get(me::company_projects))
        .route(
            "/rest/v1.0/companies/{company_id}/work_classifications",
            get(projects::work_classifications).post(projects::create_work_classification),
        )
        .route(
            "/rest/v1.0/projects/{project_id}/people",
            get(people::list).post(people::create),
        )
        .route(
            "/rest/v1.0/projects/{project_id}/people/inactive",
            get(people::inactive),
        )
        .route("/rest/v1.0/projects/{project_id}/people/{id}", patch(people::update))
}

/// An error in Procore's shape: `{"errors": {"<field>": ["<message>"]}}` for validation,
/// `{"error": "<message>"}` otherwise.
pub struct ProcoreError(pub ApiError);

impl<E: Into<ApiError>> From<E> for ProcoreError {
    fn from(e: E) -> Self {
        Self(e.into())
    }
}

impl IntoResponse for ProcoreError {
    fn into_response(self) -> Response {
        let e = self.0;
        let mut status = e.status;
        let body = match (status, &e.field) {
            (StatusCode::CONFLICT, Some(field)) => ProcoreErrorView {
                error: Some(e.details.into_owned()),
                errors: Some([(field.clone(), vec!["has already been taken".to_owned()])].into()),
            },
            (StatusCode::BAD_REQUEST, Some(field)) => {
                // A reference to something the company does not have breaks a business rule: 422.
                if e.detail_code == "unknownReference" {
                    status = StatusCode::UNPROCESSABLE_ENTITY;
                }
                ProcoreErrorView {
                    error: None,
                    errors: Some([(field.clone(), vec![e.details.into_owned()])].into()),
                }
            }
            _ => ProcoreErrorView {
                error: Some(e.details.into_owned()),
                errors: None,
            },
        };
        let mut res = (status, Json(body)).into_response();
        if status == StatusCode::SERVICE_UNAVAILABLE {
            res.headers_mut().insert("retry-after", HeaderValue::from_static("1"));
        }
        res
    }
}

pub type ProcoreResult<T> = Result<T, ProcoreError>;

/// The company a Procore call acts for: the bearer token's, named by `Procore-Company-Id`.
pub struct ProcoreTenant(pub Company);

impl ProcoreTenant {
    /// `company_id` given in a path, query or body must name the same company; any other is a 404.
    pub fn check_company(&self, id: Option<IdRef>) -> ProcoreResult<()> {
        if id.is_some_and(|r| same_company(&self.0, r)) {
            Ok(())
        } else {
            Err(ApiError::not_found("company").into())
        }
    }
}

impl FromRequestParts<AppState> for ProcoreTenant {
    type Rejection = ProcoreError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let company = bearer_owner(state, parts).await?.company;
        let header = parts
            .headers
            .get(COMPANY_HEADER)
            .ok_or_else(|| ApiError::bad_request("missingProcoreCompanyId", "Missing Procore-Company-Id header"))?;
        let named = header.to_str().ok().and_then(|s| IdRef::parse(s.trim()));
        if !named.is_some_and(|r| same_company(&company, r)) {
            return Err(ApiError::forbidden(
                "companyMismatch",
                "This token cannot act for the company in Procore-Company-Id",
            )
            .into());
        }
        Ok(Self(company))
    }
}

/// Procore's paging: 1-based `page`, `per_page` (default 100, at most 10,000).
pub struct Paging {
    pub page: u32,
    pub per_page: u32,
}

pub const DEFAULT_PER_PAGE: u32 = 100;
/// Procore's documented maximum ("The highest value you can specify … is 10,000").
pub const MAX_PER_PAGE: u32 = 10_000;

impl Paging {
    /// From the `page` and `per_page` values sent; a larger `per_page` is capped at the maximum.
    pub fn parse(page: Option<&str>, per_page: Option<&str>) -> ProcoreResult<Self> {
        let positive = |k: &str, v: Option<&str>| -> ProcoreResult<Option<u32>> {
            match v {
                None => Ok(None),
                // Up to i32::MAX, as the document's int32 says; larger pages are capped below.
                Some(v) => v
                    .parse::<i32>()
                    .ok()
                    .filter(|n| *n >= 1)
                    .map(|n| Some(n.unsigned_abs()))
                    .ok_or_else(|| {
                        ApiError {
                            field: Some(k.to_owned()),
                            ..ApiError::bad_request(
                                "invalidQueryParameter",
                                format!("`{k}` must be a positive integer"),
                            )
                        }
                        .into()
                    }),
            }
        };
        Ok(Self {
            page: positive("page", page)?.unwrap_or(1),
            per_page: positive("per_page", per_page)?
                .unwrap_or(DEFAULT_PER_PAGE)
                .min(MAX_PER_PAGE),
        })
    }

    /// `Total`, `Per-Page` and `Link` (first/prev/next/last, as Procore sends them: page 1 has
    /// only next and last, the last page only first and prev).
    pub fn headers(&self, total: i64, base_url: &str, raw_query: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("total", total.into());
        h.insert("per-page", self.per_page.into());
        let last = ((total.max(0) as u64).div_ceil(u64::from(self.per_page))).max(1) as u32;
        let url = |page: u32| {
            // The request's other parameters as sent (repeated array keys too), in their order.
            let mut params: Vec<(String, String)> = form_urlencoded::parse(raw_query.as_bytes())
                .filter(|(k, _)| k != "page" && k != "per_page")
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
            params.push(("page".into(), page.to_string()));
            params.push(("per_page".into(), self.per_page.to_string()));
            format!(
                "{base_url}?{}",
                serde_urlencoded::to_string(&params).unwrap_or_default()
            )
        };
        // As Procore's pagination page has it: `first` from page 2, `prev` from page 3 (on page 2
        // it would be `first`), `last` always, `next` but on the last page; in its example's order.
        let mut links = Vec::new();
        if self.page >= 2 {
            links.push(format!("<{}>; rel=\"first\"", url(1)));
        }
        if self.page >= 3 {
            links.push(format!("<{}>; rel=\"prev\"", url((self.page - 1).min(last))));
        }
        links.push(format!("<{}>; rel=\"last\"", url(last)));
        if self.page < last {
            links.push(format!("<{}>; rel=\"next\"", url(self.page + 1)));
        }
        if let Ok(v) = HeaderValue::from_str(&links.join(", ")) {
            if !links.is_empty() {
                h.insert("link", v);
            }
        }
        h
    }
}
