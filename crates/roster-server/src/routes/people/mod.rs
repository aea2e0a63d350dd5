use crate::auth::Tenant;
use crate::bodies::people::PersonBody;
use crate::bodies::Payload;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Id, PersonRef, Query};
use crate::state::AppState;
use crate::views::{IdView, PersonView};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use change::{remove, update};
use membership::{add_group, add_tag, group_people, remove_group, remove_tag};
use roster_core::dates::parse_iso;
use roster_core::model::Company;
use roster_core::model::{NewPerson, Page, PersonFilter, Status, PEOPLE_PAGE_SIZE};
use roster_core::GroupId;

pub mod change;
pub mod login;
pub mod membership;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/people", get(list).post(create))
        .route("/people/{person_id}", get(show).post(update).delete(remove))
        .route("/people/{person_id}/user", post(login::enable).delete(login::revoke))
        .route("/people/{person_id}/user/invite", post(login::invite))
        .route("/people/{person_id}/tags", post(add_tag))
        .route("/people/{person_id}/tags/{tag_instance_id}", delete(remove_tag))
        .route("/people/{person_id}/groups", post(add_group))
        .route("/people/{person_id}/groups/{group_id}", delete(remove_group))
        .route("/groups/{group_id}/people", get(group_people))
}

/// Create Single Person.
#[utoipa::path(
    post,
    path = "/v2/companies/{company_id}/people",
    tag = "people",
    params(("company_id" = String, Path, description = "Procore integer id or LaborChart UUID")),
    request_body = PersonBody,
    responses(
        (status = 200, body = IdView),
        (status = 400, body = crate::views::ErrorView),
        (status = 401, body = crate::views::ErrorView),
        (status = 404, body = crate::views::ErrorView),
        (status = 409, body = crate::views::ErrorView, description = "Email or phone already used by an active person"),
        (status = 503, body = crate::views::ErrorView, description = "The store or the password queue cannot take it now; see Retry-After"),
    ),
    security(("bearer" = []))
)]
pub async fn create(
    State(state): State<AppState>,
    Tenant(company): Tenant,
    Payload(body): Payload<PersonBody>,
) -> ApiResult<Json<IdView>> {
    let mut req = body.create()?;
    let invite = req.needs_invitation();
    let hash = match req.password.take() {
        Some(p) => Some(state.passwords.hash(p).await?),
        None => None,
    };
    let invitation = match (&req.data.email, invite) {
        (Some(to), true) => Some(state.invitation(&company, &req.data.first_name, to)),
        _ => None,
    };
    let person = NewPerson::from_request(company.id, req, hash, invitation);
    state.store.create_person(&person).await?;
    Ok(Json(IdView {
        id: person.id.to_string(),
    }))
}

/// One person, by UUID or integer id.
#[utoipa::path(
    get,
    path = "/v2/companies/{company_id}/people/{person_id}",
    tag = "people",
    params(
        ("company_id" = String, Path, description = "Procore integer id or LaborChart UUID"),
        ("person_id" = String, Path, description = "The person's UUID or integer id"),
    ),
    responses((status = 200, body = PersonView), (status = 401, body = crate::views::ErrorView), (status = 404, body = crate::views::ErrorView)),
    security(("bearer" = []))
)]
pub async fn show(
    State(state): State<AppState>,
    Tenant(company): Tenant,
    Id(PersonRef(id)): Id<PersonRef>,
) -> ApiResult<Json<PersonView>> {
    Ok(Json(state.store.person(company.id, id).await?.into()))
}

/// All people, 400 a page, in creation order.
#[utoipa::path(
    get,
    path = "/v2/companies/{company_id}/people",
    tag = "people",
    params(
        ("company_id" = String, Path, description = "Procore integer id or LaborChart UUID"),
        ("page" = Option<u32>, Query, description = "0-based page of 400"),
        ("first_name" = Option<String>, Query), ("last_name" = Option<String>, Query),
        ("email" = Option<String>, Query), ("employee_number" = Option<String>, Query),
        ("status" = Option<String>, Query),
        ("created_at" = Option<String>, Query), ("created_before" = Option<String>, Query), ("created_after" = Option<String>, Query),
        ("updated_at" = Option<String>, Query), ("updated_before" = Option<String>, Query), ("updated_after" = Option<String>, Query),
    ),
    responses((status = 200, body = Vec<PersonView>, headers(("Total" = i64, description = "people matching the filters"))), (status = 400, body = crate::views::ErrorView)),
    security(("bearer" = []))
)]
pub async fn list(
    State(state): State<AppState>,
    Tenant(company): Tenant,
    query: Query,
) -> ApiResult<(HeaderMap, Json<Vec<PersonView>>)> {
    list_people(&state, &company, &query, None).await
}

/// A page of people (optionally of one group) with the `Total` header.
pub async fn list_people(
    state: &AppState,
    company: &Company,
    query: &Query,
    group: Option<GroupId>,
) -> ApiResult<(HeaderMap, Json<Vec<PersonView>>)> {
    let filter = PersonFilter {
        group_id: group,
        ..person_filter(query)?
    };
    // `per_page` (1..=400) is a Roster extension; LaborChart pages are always 400.
    let size = query
        .number("per_page", PEOPLE_PAGE_SIZE)?
        .unwrap_or(PEOPLE_PAGE_SIZE)
        .max(1);
    let page = Page {
        index: query.number("page", 1_000_000)?.unwrap_or(0),
        size,
    };
    let (people, total) = state.store.people(company.id, &filter, page).await?;
    let mut headers = HeaderMap::new();
    headers.insert("total", total.into());
    Ok((headers, Json(people.into_iter().map(Into::into).collect())))
}

/// The people list's filters; a value of the wrong type is a 400, not an empty list.
pub fn person_filter(q: &Query) -> ApiResult<PersonFilter> {
    let time = |k: &str| {
        q.get(k)
            .map(|v| {
                parse_iso(v).ok_or_else(|| {
                    ApiError::bad_request(
                        "invalidQueryParameter",
                        format!("`{k}` must be an ISO 8601 date or date-time"),
                    )
                })
            })
            .transpose()
    };
    let status = q
        .get("status")
        .map(|s| {
            Status::parse(s).ok_or_else(|| {
                ApiError::bad_request("invalidQueryParameter", "`status` must be one of: active, inactive")
            })
        })
        .transpose()?;
    Ok(PersonFilter {
        first_name: q.get("first_name").map(str::to_owned),
        last_name: q.get("last_name").map(str::to_owned),
        email: q.get("email").map(str::to_owned),
        employee_number: q.get("employee_number").map(str::to_owned),
        status,
        group_id: None,
        created_at: time("created_at")?,
        created_before: time("created_before")?,
        created_after: time("created_after")?,
        updated_at: time("updated_at")?,
        updated_before: time("updated_before")?,
        updated_after: time("updated_after")?,
    })
}
