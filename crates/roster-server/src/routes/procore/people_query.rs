//! The project people lists' query, as Procore's Project People reference lists it: `view`, 1-based
//! `page`/`per_page`, every documented `filters[...]` and `sort`. Each is honoured; a key the
//! reference does not list is a 400 naming it, never silently ignored.
use super::people::View;
use super::{Paging, ProcoreError, ProcoreResult};
use crate::error::ApiError;
use roster_core::model::{ProjectPeopleFilter, ProjectPeopleSort};

/// The lists' parameters as the OpenAPI document describes them (`PeopleListQuery::parse` reads
/// them; its test checks that every one described is read).
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct ListParams {
    /// `normal` (the default, also for an unknown value), `extended` or `web`.
    view: Option<String>,
    /// 1-based.
    page: Option<u32>,
    /// At most 10,000 (larger is capped); default 100.
    per_page: Option<u32>,
    /// `name`, `vendor_name`, `job_title`, `permission_template`; `-` first for descending;
    /// comma-separated.
    sort: Option<String>,
    /// In the first, last or full name or the job title, any letter case.
    #[param(rename = "filters[search]")]
    search: Option<String>,
    #[param(rename = "filters[is_employee]")]
    is_employee: Option<bool>,
    #[param(rename = "filters[reference_users_only]")]
    reference_users_only: Option<bool>,
    /// True: none (every project person here is a reference user).
    #[param(rename = "filters[without_reference_users]")]
    without_reference_users: Option<bool>,
    /// True: the people of every project of the company.
    #[param(rename = "filters[include_company_people]")]
    include_company_people: Option<bool>,
    /// True: none (reference users are never connected).
    #[param(rename = "filters[connected]")]
    connected: Option<bool>,
    /// Exactly this job title.
    #[param(rename = "filters[job_title]")]
    job_title: Option<String>,
    /// Exactly this origin id. Roster's: Procore's Project Users list has it, its Project People
    /// list does not (a sync job's lookup before it writes).
    #[param(rename = "filters[origin_id]")]
    origin_id: Option<String>,
    /// Exactly this employee id. Roster's, likewise.
    #[param(rename = "filters[employee_id]")]
    employee_id: Option<String>,
    /// Reference people have no address: any value matches none.
    #[param(rename = "filters[country_code]")]
    country_code: Option<String>,
    #[param(rename = "filters[state_code]")]
    state_code: Option<String>,
    /// Reference people have no vendor: any id matches none.
    #[param(rename = "filters[vendor_id][]")]
    vendor_id: Option<Vec<i64>>,
    #[param(rename = "filters[trade_id][]")]
    trade_id: Option<Vec<i64>>,
    #[param(rename = "filters[permission_template_id][]")]
    permission_template_id: Option<Vec<i64>>,
}

/// What a list request asks for.
pub struct PeopleListQuery {
    pub view: View,
    pub paging: Paging,
    pub filter: ProjectPeopleFilter,
    /// A filter that no reference person can match (a vendor, a trade, a permission template, an
    /// address code, a connected user, non-reference users): the list is empty.
    pub matches_nothing: bool,
}

fn bad(key: &str, details: String) -> ProcoreError {
    ApiError {
        field: Some(key.to_owned()),
        ..ApiError::bad_request("invalidQueryParameter", details)
    }
    .into()
}

fn boolean(key: &str, v: &str) -> ProcoreResult<bool> {
    match v {
        "true" | "1" => Ok(true),
        "false" | "0" => Ok(false),
        _ => Err(bad(key, format!("`{key}` must be true or false"))),
    }
}

fn sort_keys(v: &str) -> ProcoreResult<Vec<(ProjectPeopleSort, bool)>> {
    v.split(',')
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(|k| {
            let (name, descending) = k.strip_prefix('-').map_or((k, false), |n| (n, true));
            let key = match name {
                "name" => ProjectPeopleSort::Name,
                "job_title" => ProjectPeopleSort::JobTitle,
                "vendor_name" => ProjectPeopleSort::VendorName,
                "permission_template" => ProjectPeopleSort::PermissionTemplate,
                _ => {
                    return Err(bad(
                        "sort",
                        "`sort` takes name, vendor_name, job_title or permission_template (`-` first for descending), comma-separated".into(),
                    ))
                }
            };
            Ok((key, descending))
        })
        .collect()
}

impl PeopleListQuery {
    pub fn parse(raw: &str) -> ProcoreResult<Self> {
        let (mut page, mut per_page) = (None, None);
        let mut view = View::Normal;
        let mut filter = ProjectPeopleFilter::default();
        let mut matches_nothing = false;
        for (key, value) in form_urlencoded::parse(raw.as_bytes()) {
            let (k, v) = (key.as_ref(), value.as_ref());
            match k {
                "view" => view = View::parse(v),
                "page" => page = Some(value.into_owned()),
                "per_page" => per_page = Some(value.into_owned()),
                "sort" => filter.sort = sort_keys(v)?,
                "filters[search]" => filter.search = Some(v.trim().to_owned()).filter(|s| !s.is_empty()),
                "filters[is_employee]" => filter.is_employee = Some(boolean(k, v)?),
                "filters[job_title]" => filter.job_title = Some(v.to_owned()),
                "filters[origin_id]" => filter.origin_id = Some(v.to_owned()),
                "filters[employee_id]" => filter.employee_id = Some(v.to_owned()),
                "filters[include_company_people]" => filter.whole_company = boolean(k, v)?,
                // Every project person here is a reference user, never a connected one.
                "filters[reference_users_only]" => {
                    boolean(k, v)?;
                }
                "filters[without_reference_users]" | "filters[connected]" => {
                    matches_nothing |= boolean(k, v)?;
                }
                // Reference people have no address codes.
                "filters[country_code]" | "filters[state_code]" => matches_nothing = true,
                // Nor vendors, trades or permission templates.
                "filters[vendor_id][]"
                | "filters[vendor_id]"
                | "filters[trade_id][]"
                | "filters[trade_id]"
                | "filters[permission_template_id][]"
                | "filters[permission_template_id]" => {
                    if !v.parse::<i64>().is_ok_and(|n| n > 0) {
                        return Err(bad(k, format!("`{k}` must be positive integer ids")));
                    }
                    matches_nothing = true;
                }
                _ => return Err(bad(k, format!("`{k}` is not a parameter of this list"))),
            }
        }
        Ok(Self {
            view,
            paging: Paging::parse(page.as_deref(), per_page.as_deref())?,
            filter,
            matches_nothing,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use utoipa::IntoParams;

    #[test]
    fn every_documented_parameter_is_read() {
        for p in ListParams::into_params(|| None) {
            let value = match p.name.as_str() {
                "view"
                | "sort"
                | "filters[search]"
                | "filters[job_title]"
                | "filters[origin_id]"
                | "filters[employee_id]" => "name",
                "filters[country_code]" | "filters[state_code]" => "US",
                name if name.ends_with("[]") => "7",
                "page" | "per_page" => "2",
                _ => "true",
            };
            let raw = format!("{}={value}", p.name);
            assert!(PeopleListQuery::parse(&raw).is_ok(), "{raw}");
        }
        assert!(PeopleListQuery::parse("filters[nope]=1").is_err());
        assert!(PeopleListQuery::parse("sort=-height").is_err());
        let Ok(q) = PeopleListQuery::parse("sort=-job_title,name&filters[vendor_id][]=3&filters[vendor_id][]=4") else {
            panic!("a good query refused");
        };
        assert_eq!(
            q.filter.sort,
            [(ProjectPeopleSort::JobTitle, true), (ProjectPeopleSort::Name, false)]
        );
        assert!(q.matches_nothing);
    }
}
