//! Which groups a job title or tag is available to: the lists of a group, and adding or removing
//! a group. Each change is one store update of the locked row (`update_job_title`, `update_tag`),
//! so concurrent changes of one job title or tag all land.
use crate::auth::{Mount, Tenant};
use crate::bodies::catalog::GroupAvailabilityBody;
use crate::bodies::Payload;
use crate::error::ApiResult;
use crate::extract::Id;
use crate::state::AppState;
use crate::views::{ErrorView, GroupIdsView, JobTitleView, TagView};
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use roster_core::dates::now_millis;
use roster_core::{GroupId, JobTitleId, TagId};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/groups/{group_id}/job-titles", get(group_job_titles))
        .route("/groups/{group_id}/tags", get(group_tags))
        .route(
            "/job-titles/{job_title_id}/groups",
            post(add_job_title_groups).delete(remove_job_title_groups),
        )
        .route("/tags/{tag_id}/groups", post(add_tag_groups))
        .route(
            "/tags/{tag_id}/groups/{group_id}",
            axum::routing::delete(remove_tag_group),
        )
}

/// The job titles available to the group: those listing it, and the globally accessible ones.
#[utoipa::path(get, path = "/v2/companies/{company_id}/groups/{group_id}/job-titles", tag = "groups",
    params(("company_id" = String, Path), ("group_id" = String, Path)),
    responses((status = 200, body = Vec<JobTitleView>), (status = 404, body = ErrorView)), security(("bearer" = [])))]
pub async fn group_job_titles(
    State(state): State<AppState>,
    Tenant(company): Tenant,
    Id(group): Id<GroupId>,
) -> ApiResult<Json<Vec<JobTitleView>>> {
    state.store.group(company.id, group).await?;
    let titles = state.store.job_titles(company.id).await?;
    Ok(Json(
        titles
            .into_iter()
            .filter(|t| t.globally_accessible || t.group_ids.contains(&group))
            .map(Into::into)
            .collect(),
    ))
}

/// The tags available to the group: those listing it, and the globally accessible ones.
#[utoipa::path(get, path = "/v2/companies/{company_id}/groups/{group_id}/tags", tag = "groups",
    params(("company_id" = String, Path), ("group_id" = String, Path)),
    responses((status = 200, body = Vec<TagView>), (status = 404, body = ErrorView)), security(("bearer" = [])))]
pub async fn group_tags(
    State(state): State<AppState>,
    Tenant(company): Tenant,
    Id(group): Id<GroupId>,
) -> ApiResult<Json<Vec<TagView>>> {
    state.store.group(company.id, group).await?;
    let tags = state.store.tags(company.id).await?;
    Ok(Json(
        tags.into_iter()
            .filter(|t| t.globally_accessible || t.group_ids.contains(&group))
            .map(Into::into)
            .collect(),
    ))
}

/// `ids` with `add` appended (those not there yet) and `remove` taken out, order kept.
fn changed(ids: &mut Vec<GroupId>, add: &[GroupId], remove: &[GroupId]) {
    ids.retain(|g| !remove.contains(g));
    for g in add {
        if !ids.contains(g) {
            ids.push(*g);
        }
    }
}

async fn change_job_title(
    state: &AppState,
    company: roster_core::CompanyId,
    id: JobTitleId,
    add: &[GroupId],
    remove: &[GroupId],
) -> ApiResult<Json<GroupIdsView>> {
    let edit = |t: &mut roster_core::model::JobTitle| {
        changed(&mut t.group_ids, add, remove);
        t.updated_at = now_millis().max(t.updated_at);
        Ok(())
    };
    let title = state.store.update_job_title(company, id, &edit).await?;
    Ok(Json(GroupIdsView::new(&title.group_ids)))
}

/// Makes the job title available to a group: `{"group_id"}`; answers all its groups.
#[utoipa::path(post, path = "/v2/companies/{company_id}/job-titles/{job_title_id}/groups", tag = "job_titles",
    params(("company_id" = String, Path), ("job_title_id" = String, Path)), request_body = GroupAvailabilityBody,
    responses((status = 200, body = GroupIdsView), (status = 400, body = ErrorView), (status = 404, body = ErrorView)),
    security(("bearer" = [])))]
pub async fn add_job_title_groups(
    State(state): State<AppState>,
    Tenant(company): Tenant,
    Id(id): Id<JobTitleId>,
    Payload(body): Payload<GroupAvailabilityBody>,
) -> ApiResult<Json<GroupIdsView>> {
    change_job_title(&state, company.id, id, &body.groups()?, &[]).await
}

/// Takes a group from the job title: `{"group_id"}` in the body of the DELETE, as the spec has it.
#[utoipa::path(delete, path = "/v2/companies/{company_id}/job-titles/{job_title_id}/groups", tag = "job_titles",
    params(("company_id" = String, Path), ("job_title_id" = String, Path)), request_body = GroupAvailabilityBody,
    responses((status = 200, body = GroupIdsView), (status = 400, body = ErrorView), (status = 404, body = ErrorView)),
    security(("bearer" = [])))]
pub async fn remove_job_title_groups(
    State(state): State<AppState>,
    Tenant(company): Tenant,
    Id(id): Id<JobTitleId>,
    Payload(body): Payload<GroupAvailabilityBody>,
) -> ApiResult<Json<GroupIdsView>> {
    change_job_title(&state, company.id, id, &[], &body.groups()?).await
}

/// The tag's groups in the mount's shape: an object on LaborChart's, `[{"group_ids"}]` on the
/// facade (as Procore's spec prints it).
async fn change_tag(
    state: &AppState,
    mount: Mount,
    company: roster_core::CompanyId,
    id: TagId,
    add: &[GroupId],
    remove: &[GroupId],
) -> ApiResult<Response> {
    let edit = |t: &mut roster_core::model::Tag| {
        changed(&mut t.group_ids, add, remove);
        t.updated_at = now_millis().max(t.updated_at);
        Ok(())
    };
    let tag = state.store.update_tag(company, id, &edit).await?;
    Ok(mount.answer(GroupIdsView::new(&tag.group_ids)))
}

/// Makes the tag available to groups: `{"group_id"}` or `{"group_ids": [...]}`; answers all its
/// groups (`{"group_ids"}`, or `[{"group_ids"}]` on the facade).
#[utoipa::path(post, path = "/v2/companies/{company_id}/tags/{tag_id}/groups", tag = "tags",
    params(("company_id" = String, Path), ("tag_id" = String, Path)), request_body = GroupAvailabilityBody,
    responses((status = 200, body = GroupIdsView, description = "On the facade, an array of one such object"),
        (status = 400, body = ErrorView), (status = 404, body = ErrorView)),
    security(("bearer" = [])))]
pub async fn add_tag_groups(
    State(state): State<AppState>,
    Extension(mount): Extension<Mount>,
    Tenant(company): Tenant,
    Id(id): Id<TagId>,
    Payload(body): Payload<GroupAvailabilityBody>,
) -> ApiResult<Response> {
    change_tag(&state, mount, company.id, id, &body.groups()?, &[]).await
}

/// Takes a group from the tag (a `group_ids[]` query, which the facade's spec lists, is not needed).
#[utoipa::path(delete, path = "/v2/companies/{company_id}/tags/{tag_id}/groups/{group_id}", tag = "tags",
    params(("company_id" = String, Path), ("tag_id" = String, Path), ("group_id" = String, Path)),
    responses((status = 200, body = GroupIdsView, description = "On the facade, an array of one such object"),
        (status = 404, body = ErrorView)),
    security(("bearer" = [])))]
pub async fn remove_tag_group(
    State(state): State<AppState>,
    Extension(mount): Extension<Mount>,
    Tenant(company): Tenant,
    Id(id): Id<TagId>,
    Id(group): Id<GroupId>,
) -> ApiResult<Response> {
    change_tag(&state, mount, company.id, id, &[], &[group]).await
}
