//! Read-only reference data seeded with each company.
use crate::auth::Tenant;
use crate::error::{ApiError, ApiResult};
use crate::extract::Query;
use crate::state::AppState;
use crate::views::{ErrorView, NotificationProfileView, PermissionLevelView};
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use utoipa::ToSchema;

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

#[derive(Serialize, ToSchema)]
pub struct CursorPagination {
    pub limit: usize,
    pub next_starting_after: Option<String>,
    pub previous_starting_before: Option<String>,
    pub total_possible: usize,
}

#[derive(Serialize, ToSchema)]
pub struct NotificationProfilePage {
    pub data: Vec<NotificationProfileView>,
    pub pagination: CursorPagination,
}

const DEFAULT_LIMIT: u32 = 20;
const MAX_LIMIT: u32 = 100;

/// Cursor paging: `limit` (1..=100, default 20), `starting_after` / `starting_before` an id of the list.
#[utoipa::path(get, path = "/v2/companies/{company_id}/notification-profiles", tag = "reference",
    params(("company_id" = String, Path), ("limit" = Option<u32>, Query), ("starting_after" = Option<String>, Query), ("starting_before" = Option<String>, Query)),
    responses((status = 200, body = NotificationProfilePage), (status = 400, body = ErrorView)),
    security(("bearer" = [])))]
pub async fn notification_profiles(
    State(state): State<AppState>,
    Tenant(company): Tenant,
    query: Query,
) -> ApiResult<Json<NotificationProfilePage>> {
    let limit = query.number("limit", MAX_LIMIT)?.unwrap_or(DEFAULT_LIMIT).max(1) as usize;
    let all = state.store.notification_profiles(company.id).await?;
    let position = |k: &str| {
        query
            .get(k)
            .map(|cursor| {
                all.iter().position(|p| p.id.to_string() == cursor).ok_or_else(|| {
                    ApiError::bad_request(
                        "invalidCursor",
                        format!("`{k}` must be the id of a notification profile of this list"),
                    )
                })
            })
            .transpose()
    };
    let (start, end) = cursor_window(
        all.len(),
        limit,
        position("starting_after")?,
        position("starting_before")?,
    );
    let total = all.len();
    let data: Vec<NotificationProfileView> = all
        .into_iter()
        .skip(start)
        .take(end.saturating_sub(start))
        .map(Into::into)
        .collect();
    let pagination = CursorPagination {
        limit,
        next_starting_after: (end < total).then(|| data.last().map(|p| p.id.clone())).flatten(),
        previous_starting_before: (start > 0).then(|| data.first().map(|p| p.id.clone())).flatten(),
        total_possible: total,
    };
    Ok(Json(NotificationProfilePage { data, pagination }))
}

/// The `[start, end)` slice of a list of `total` items that a cursor page covers: the `limit` items
/// after `after`, or before `before`, or from the start.
fn cursor_window(total: usize, limit: usize, after: Option<usize>, before: Option<usize>) -> (usize, usize) {
    match (after, before) {
        (Some(after), _) => ((after + 1).min(total), (after + 1 + limit).min(total)),
        (None, Some(before)) => (before.saturating_sub(limit), before),
        (None, None) => (0, limit.min(total)),
    }
}

#[cfg(test)]
mod tests {
    use super::cursor_window;

    #[test]
    fn cursor_windows() {
        assert_eq!(cursor_window(5, 2, None, None), (0, 2));
        assert_eq!(cursor_window(5, 2, Some(1), None), (2, 4));
        assert_eq!(cursor_window(5, 2, Some(3), None), (4, 5));
        assert_eq!(cursor_window(5, 2, Some(4), None), (5, 5));
        assert_eq!(cursor_window(5, 2, None, Some(4)), (2, 4));
        assert_eq!(cursor_window(5, 10, None, Some(1)), (0, 1));
        assert_eq!(cursor_window(0, 20, None, None), (0, 0));
    }
}
