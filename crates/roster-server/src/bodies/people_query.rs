//! The people list's query.
use super::people::StatusBody;
use super::query::{QueryDate, QueryNumber};
use roster_core::model::{PersonFilter, PEOPLE_PAGE_SIZE};
use serde::Deserialize;
use std::collections::BTreeMap;
use utoipa::IntoParams;

/// The people list's query: every filter given must match (exact values; times as ISO 8601).
/// Any other key must be the integration name of a custom field on people, whose value it
/// matches exactly; else it is refused (400 `invalidQueryParameter`).
#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct PeopleQuery {
    /// 0-based page.
    #[param(inline)]
    pub page: Option<QueryNumber<1_000_000>>,
    /// People a page, 1 to 400 (a Roster extension; LaborChart's pages are always 400).
    #[param(inline)]
    pub per_page: Option<QueryNumber<{ PEOPLE_PAGE_SIZE }>>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    /// Any letter case.
    pub email: Option<String>,
    pub employee_number: Option<String>,
    #[param(inline)]
    pub status: Option<StatusBody>,
    #[param(inline)]
    pub created_at: Option<QueryDate>,
    #[param(inline)]
    pub created_before: Option<QueryDate>,
    #[param(inline)]
    pub created_after: Option<QueryDate>,
    #[param(inline)]
    pub updated_at: Option<QueryDate>,
    #[param(inline)]
    pub updated_before: Option<QueryDate>,
    #[param(inline)]
    pub updated_after: Option<QueryDate>,
    /// Every other key, for the custom field filters (`custom_filters`).
    #[serde(flatten)]
    #[param(ignore)]
    pub custom: BTreeMap<String, String>,
}

impl PeopleQuery {
    /// The filter: `*_before` and `*_after` include their bound (the last and the first millisecond
    /// of a date given alone); `created_at`/`updated_at` match that instant, or the whole UTC day.
    pub fn filter(&self) -> PersonFilter {
        let (created_from, created_to) = range(self.created_at, self.created_after, self.created_before);
        let (updated_from, updated_to) = range(self.updated_at, self.updated_after, self.updated_before);
        PersonFilter {
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            email: self.email.clone(),
            employee_number: self.employee_number.clone(),
            status: self.status.map(Into::into),
            group_id: None,
            custom: Vec::new(),
            search: None,
            tag_id: None,
            job_title_id: None,
            login: None,
            sort: Default::default(),
            created_from,
            created_to,
            updated_from,
            updated_to,
        }
    }
}

/// The inclusive range `at`, `after` and `before` leave together.
fn range(at: Option<QueryDate>, after: Option<QueryDate>, before: Option<QueryDate>) -> (Option<i64>, Option<i64>) {
    let from = [at.map(|d| d.span().0), after.map(|d| d.span().0)]
        .into_iter()
        .flatten()
        .max();
    let to = [at.map(|d| d.span().1), before.map(|d| d.span().1)]
        .into_iter()
        .flatten()
        .min();
    (from, to)
}
