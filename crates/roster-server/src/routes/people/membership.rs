//! A person's tags and groups, and the people of a group.
use super::list::list_people;
use crate::auth::{Mount, Tenant};
use crate::bodies::people::{GroupIdBody, PeopleQuery, TagInstanceBody};
use crate::bodies::query::QueryOf;
use crate::bodies::Payload;
use crate::error::ApiResult;
use crate::extract::{Id, PersonRef};
use crate::state::AppState;
use crate::views::{ErrorView, GroupIdsView, IdView, PeopleAnswer};
use axum::extract::State;
use axum::response::Response;
use axum::{Extension, Json};
use roster_core::dates::now_millis;
use roster_core::{GroupId, TagInstanceId};

fn group_ids_view(ids: Vec<GroupId>) -> Json<GroupIdsView> {
    Json(GroupIdsView::new(&ids))
}

/// Applies a tag: `{"tag_id", "expr_date"}` (epoch milliseconds, or an ISO or UTC date string).
/// A tag the person already has gets the new `expr_date` and keeps its instance id.
#[utoipa::path(post, path = "/v2/companies/{company_id}/people/{person_id}/tags", tag = "people",
    params(("company_id" = String, Path), ("person_id" = String, Path)),
    request_body = TagInstanceBody,
    responses((status = 200, body = IdView, description = "The tag instance's id"), (status = 400, body = ErrorView), (status = 404, body = ErrorView)),
    security(("bearer" = [])))]
pub async fn add_tag(
    State(state): State<AppState>,
    Tenant(company): Tenant,
    Id(PersonRef(person)): Id<PersonRef>,
    Payload(body): Payload<TagInstanceBody>,
) -> ApiResult<Json<IdView>> {
    let instance = body.instance();
    let id = state
        .store
        .add_tag_instance(company.id, person, &instance, now_millis())
        .await?;
    Ok(Json(IdView { id: id.to_string() }))
}

#[utoipa::path(delete, path = "/v2/companies/{company_id}/people/{person_id}/tags/{tag_instance_id}", tag = "people",
    params(("company_id" = String, Path), ("person_id" = String, Path), ("tag_instance_id" = String, Path)),
    responses((status = 200, body = IdView), (status = 404, body = ErrorView)),
    security(("bearer" = [])))]
pub async fn remove_tag(
    State(state): State<AppState>,
    Tenant(company): Tenant,
    Id(PersonRef(person)): Id<PersonRef>,
    Id(instance): Id<TagInstanceId>,
) -> ApiResult<Json<IdView>> {
    state
        .store
        .remove_tag_instance(company.id, person, instance, now_millis())
        .await?;
    Ok(Json(IdView {
        id: instance.to_string(),
    }))
}

/// Adds the person to a group: `{"group_id"}`; answers all their groups.
#[utoipa::path(post, path = "/v2/companies/{company_id}/people/{person_id}/groups", tag = "people",
    params(("company_id" = String, Path), ("person_id" = String, Path)),
    request_body = GroupIdBody,
    responses((status = 200, body = GroupIdsView), (status = 400, body = ErrorView), (status = 404, body = ErrorView)),
    security(("bearer" = [])))]
pub async fn add_group(
    State(state): State<AppState>,
    Tenant(company): Tenant,
    Id(PersonRef(person)): Id<PersonRef>,
    Payload(body): Payload<GroupIdBody>,
) -> ApiResult<Json<GroupIdsView>> {
    let group = body.group_id.0;
    Ok(group_ids_view(
        state
            .store
            .add_person_group(company.id, person, group, now_millis())
            .await?,
    ))
}

/// Removes the person from a group; refused (400) when it would leave a non-admin person with none.
#[utoipa::path(delete, path = "/v2/companies/{company_id}/people/{person_id}/groups/{group_id}", tag = "people",
    params(("company_id" = String, Path), ("person_id" = String, Path), ("group_id" = String, Path)),
    responses((status = 200, body = GroupIdsView), (status = 400, body = ErrorView), (status = 404, body = ErrorView)),
    security(("bearer" = [])))]
pub async fn remove_group(
    State(state): State<AppState>,
    Tenant(company): Tenant,
    Id(PersonRef(person)): Id<PersonRef>,
    Id(group): Id<GroupId>,
) -> ApiResult<Json<GroupIdsView>> {
    Ok(group_ids_view(
        state
            .store
            .remove_person_group(company.id, person, group, now_millis())
            .await?,
    ))
}

/// The people of a group: same paging and filters as the people list.
#[utoipa::path(get, path = "/v2/companies/{company_id}/groups/{group_id}/people", tag = "groups",
    params(("company_id" = String, Path), ("group_id" = String, Path), PeopleQuery),
    responses((status = 200, body = PeopleAnswer, description = "As `GET /people`: every match, or a page in the mount's shape"),
        (status = 400, body = ErrorView), (status = 404, body = ErrorView)),
    security(("bearer" = [])))]
pub async fn group_people(
    State(state): State<AppState>,
    Extension(mount): Extension<Mount>,
    Tenant(company): Tenant,
    Id(group): Id<GroupId>,
    QueryOf(query): QueryOf<PeopleQuery>,
) -> ApiResult<Response> {
    state.store.group(company.id, group).await?;
    list_people(&state, mount, &company, &query, Some(group)).await
}

/// The same list at the path Procore's Workforce Planning spec prints (generated clients call it).
#[utoipa::path(get, path = "/v2/companies/{company_id}/groups/{group_id}/groups/people", tag = "groups",
    params(("company_id" = String, Path), ("group_id" = String, Path), PeopleQuery),
    responses((status = 200, body = PeopleAnswer, description = "As `GET /people`: every match, or a page in the mount's shape"),
        (status = 400, body = ErrorView), (status = 404, body = ErrorView)),
    security(("bearer" = [])))]
pub async fn group_people_alias(
    state: State<AppState>,
    mount: Extension<Mount>,
    tenant: Tenant,
    group: Id<GroupId>,
    query: QueryOf<PeopleQuery>,
) -> ApiResult<Response> {
    group_people(state, mount, tenant, group, query).await
}
