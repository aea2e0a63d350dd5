//! Cursor pages as Procore Resource Planning answers them (time off, notification profiles).
use roster_core::paging::CursorPage;
use serde::Serialize;
use utoipa::ToSchema;

/// `{"limit", "next_starting_after", "previous_starting_before", "total_possible"}`: the ids of a
/// page's last and first item when more lie after or before it.
#[derive(Serialize, ToSchema)]
pub struct CursorPagination {
    pub limit: usize,
    pub next_starting_after: Option<String>,
    pub previous_starting_before: Option<String>,
    pub total_possible: i64,
}

/// A cursor page as answered: `{"data": [...], "pagination": {...}}`.
#[derive(Serialize, ToSchema)]
pub struct CursorPageView<T: ToSchema> {
    pub data: Vec<T>,
    pub pagination: CursorPagination,
}

impl<V: ToSchema> CursorPageView<V> {
    /// The view of a page, each item viewed by `view`, the cursors named by `id`.
    pub fn new<T>(page: CursorPage<T>, limit: usize, id: impl Fn(&T) -> String, view: impl Fn(T) -> V) -> Self {
        let pagination = CursorPagination {
            limit,
            next_starting_after: page.items.last().filter(|_| page.more_after).map(&id),
            previous_starting_before: page.items.first().filter(|_| page.more_before).map(&id),
            total_possible: page.total,
        };
        Self {
            data: page.items.into_iter().map(view).collect(),
            pagination,
        }
    }
}
