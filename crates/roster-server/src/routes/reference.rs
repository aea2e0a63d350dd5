//! Read-only reference data seeded with each company.
use crate::auth::Tenant;
use crate::error::{ApiError, ApiResult};
use crate::extract::Query;
use crate::state::AppState;
use crate::views::{CursorPageView, ErrorView, NotificationProfileView, PermissionLevelView};
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use roster_core::model::{NotificationProfile, NotificationSettings};
use roster_core::paging::{Cursor, CursorPage};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/permission-level-options", get(permission_levels))
        .route("/notification-profiles", get(notification_profiles))
}

#[utoipa::path(get, path = "/v2/companies/{company_id}/permission-level-options", tag = "reference",
    params(("company_id" = String, Path)), responses((status = 200, body = Vec<PermissionLevelView>), (status = 401, body = ErrorView)),
    security(("bearer" = [])))]
pub async fn permission_levels(
    State(state): State<AppState>,
    Tenant(company): Tenant,
) -> ApiResult<Json<Vec<PermissionLevelView>>> {
    Ok(Json(
        state
            .store
            .permission_levels(company.id)
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
    ))
}

const DEFAULT_LIMIT: u32 = 20;
const MAX_LIMIT: u32 = 100;

/// Cursor paging: `limit` (1..=100, default 20), `starting_after` / `starting_before` an id of the list.
#[utoipa::path(get, path = "/v2/companies/{company_id}/notification-profiles", tag = "reference",
    params(("company_id" = String, Path), ("limit" = Option<u32>, Query), ("starting_after" = Option<String>, Query), ("starting_before" = Option<String>, Query)),
    responses((status = 200, body = CursorPageView<NotificationProfileView>), (status = 400, body = ErrorView)),
    security(("bearer" = [])))]
pub async fn notification_profiles(
    State(state): State<AppState>,
    Tenant(company): Tenant,
    query: Query,
) -> ApiResult<Json<CursorPageView<NotificationProfileView>>> {
    let limit = query.number("limit", MAX_LIMIT)?.unwrap_or(DEFAULT_LIMIT).max(1) as usize;
    let cursor = match (query.get("starting_after"), query.get("starting_before")) {
        (Some(after), _) => Cursor::After(after),
        (None, Some(before)) => Cursor::Before(before),
        (None, None) => Cursor::First,
    };
    let all = state.store.notification_profiles(company.id).await?;
    let key = |p: &NotificationProfile| p.id.to_string();
    let page = CursorPage::window(all, cursor.map(str::to_owned), limit, key).ok_or_else(|| {
        ApiError::bad_request(
            "invalidCursor",
            "`starting_after`/`starting_before` must be the id of a notification profile of this list",
        )
    })?;
    let view = |p| NotificationProfileView::new(p, company.id, &NotificationSettings::SEEDED);
    Ok(Json(CursorPageView::new(page, limit, key, view)))
}
