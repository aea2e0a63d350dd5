//! One file per resource; `company_api` is mounted twice (LaborChart and Procore facade).
use crate::auth::Mount;
use crate::error::ApiError;
use crate::state::AppState;
use axum::{Extension, Router};

pub mod authorize;
pub mod availability;
pub mod custom_fields;
pub mod groups;
pub mod health;
pub mod job_titles;
pub mod oauth;
pub mod people;
pub mod procore;
pub mod reference;
pub mod session;
pub mod tags;
pub mod time_off;

pub const LABORCHART_PREFIX: &str = "/v2/companies/{company_id}";
pub const PROCORE_PREFIX: &str = "/rest/v1.0/workforce-planning/v2/companies/{company_id}";

/// Routes under `/companies/{company_id}`.
fn company_api() -> Router<AppState> {
    Router::new()
        .merge(people::routes())
        .merge(groups::routes())
        .merge(availability::routes())
        .merge(job_titles::routes())
        .merge(tags::routes())
        .merge(reference::routes())
        .merge(time_off::routes())
        .merge(custom_fields::routes())
}

pub fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .nest(LABORCHART_PREFIX, company_api().layer(Extension(Mount::LaborChart)))
        .nest(PROCORE_PREFIX, company_api().layer(Extension(Mount::Procore)))
        .merge(oauth::routes())
        .merge(authorize::routes(state.clone()))
        .merge(crate::web::routes(state.clone()))
        .merge(session::routes(state))
        .merge(procore::routes())
        .merge(health::routes())
        .fallback(|| async { ApiError::not_found("route") })
}
