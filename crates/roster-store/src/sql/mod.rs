//! The store, written once for both backends: ordinary Rust generic over `B: Backend`
//! (backend.rs), implemented for `sqlx::Sqlite` in `sqlite/` and `sqlx::Postgres` in `postgres/`.
//! The SQL is written once, in the dialect both accept (`$N` parameters, `TRUE`/`FALSE`,
//! `ON CONFLICT`, `RETURNING`); the few differences are the backend's constants
//! (`Backend::CLAIM_OUTBOX_SQL`, `LOCK_ROW`, ...) and its fast path for a batch of creates.
pub(crate) mod backend;
pub(crate) mod batch;
pub(crate) mod catalog;
pub(crate) mod catalog_rows;
pub(crate) mod cells;
pub(crate) mod columns;
pub(crate) mod companies;
pub(crate) mod custom_fields;
pub(crate) mod custom_values;
pub(crate) mod logins;
pub(crate) mod membership;
pub(crate) mod new_people;
pub(crate) mod oauth;
pub(crate) mod operations;
pub(crate) mod outbox;
pub(crate) mod page_anchors;
pub(crate) mod password_resets;
pub(crate) mod people;
pub(crate) mod people_list;
pub(crate) mod people_search;
pub(crate) mod person_update;
#[cfg(test)]
pub(crate) mod plain_batch_tests;
#[cfg(test)]
pub(crate) mod plan_tests;
pub(crate) mod project_people_list;
pub(crate) mod projects;
pub(crate) mod rows;
pub(crate) mod sweep;
pub(crate) mod time_off;
pub(crate) mod value;

use roster_core::StoreError;
use sqlx::Pool;

pub use backend::Backend;

/// A store on backend `B`: `SqliteStore` or `PgStore`.
pub struct SqlStore<B: Backend> {
    pub(crate) write: Pool<B>,
    /// Reads: a pool of read-only connections on SQLite, the same pool on PostgreSQL.
    pub(crate) read: Pool<B>,
    pub(crate) creates: batch::Batcher,
    pub(crate) local: B::Local,
    /// Where pages of the people list start (page_anchors.rs).
    pub(crate) anchors: std::sync::Arc<page_anchors::PageAnchors>,
}

/// Maps a driver error to the store's errors: unique violations become `Conflict` (naming the
/// field from the index), a foreign-key violation `InUse` (a row referred to went meanwhile),
/// and a database error that `unavailable` (the backend's own codes, in its module) says is
/// passing — busy, full, read-only, unreachable — becomes `Unavailable`, as do pool and I/O errors.
pub(crate) fn map_db_err(e: sqlx::Error, unavailable: fn(&str) -> bool) -> StoreError {
    match &e {
        sqlx::Error::RowNotFound => StoreError::NotFound("row"),
        sqlx::Error::PoolTimedOut | sqlx::Error::Io(_) | sqlx::Error::PoolClosed | sqlx::Error::Tls(_) => {
            StoreError::Unavailable(e.to_string())
        }
        sqlx::Error::Database(d) if d.is_unique_violation() => {
            let m = format!("{} {}", d.message(), d.constraint().unwrap_or_default());
            let field = ["origin_id", "email", "phone", "procore_id", "integration_name"]
                .into_iter()
                .find(|f| m.contains(f.trim_end_matches("_id")))
                .map(|f| match f {
                    "procore_id" => "procore_company_id",
                    // A custom field's integration name comes from its name.
                    "integration_name" => "name",
                    f => f,
                })
                .unwrap_or("id");
            StoreError::Conflict { field }
        }
        // Every write locks the rows it refers to, so this should not happen; if a path is missed,
        // the client gets a 409 to retry, not a 500.
        sqlx::Error::Database(d) if d.is_foreign_key_violation() => StoreError::InUse {
            detail_code: "concurrentChange",
            details: "Something this request refers to was deleted at the same time: try again".into(),
        },
        sqlx::Error::Database(d) if unavailable(&d.code().unwrap_or_default()) => {
            StoreError::Unavailable(e.to_string())
        }
        _ => StoreError::Other(e.to_string()),
    }
}
