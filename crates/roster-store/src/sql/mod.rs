//! The store implementation shared by both backends. Each file is a macro expanded once in
//! `sqlite/` and once in `postgres/`, where the type aliases `Db`, `DbRow`, `DbConn` and `Backend`
//! name that backend's types. The SQL is written once, in the dialect both accept (`$N`
//! parameters, `TRUE`/`FALSE`, `ON CONFLICT`, `RETURNING`); the few differences are constants of
//! each backend (`Backend::CLAIM_OUTBOX_SQL`).
pub(crate) mod batch;
pub(crate) mod catalog;
pub(crate) mod catalog_rows;
pub(crate) mod columns;
pub(crate) mod companies;
pub(crate) mod logins;
pub(crate) mod membership;
pub(crate) mod new_people;
pub(crate) mod outbox;
pub(crate) mod people;
#[cfg(test)]
pub(crate) mod plain_batch_tests;
pub(crate) mod projects;
pub(crate) mod rows;
pub(crate) mod sweep;

use roster_core::StoreError;

/// Declares the backend's modules, each holding one expansion of the shared code.
macro_rules! backend_modules {
    () => {
        mod batch {
            #[allow(unused_imports)]
            use super::*;
            $crate::sql::batch::batch!();
        }
        mod rows {
            #[allow(unused_imports)]
            use super::*;
            $crate::sql::rows::sqlx_get!();
            $crate::sql::rows::rows!();
        }
        mod columns {
            #[allow(unused_imports)]
            use super::*;
            $crate::sql::columns::columns!();
        }
        mod companies {
            #[allow(unused_imports)]
            use super::*;
            $crate::sql::companies::companies!();
        }
        mod catalog_rows {
            #[allow(unused_imports)]
            use super::*;
            $crate::sql::catalog_rows::catalog_rows!();
        }
        mod catalog {
            #[allow(unused_imports)]
            use super::*;
            $crate::sql::catalog::catalog!();
        }
        mod people {
            #[allow(unused_imports)]
            use super::*;
            $crate::sql::people::people!();
        }
        mod new_people {
            #[allow(unused_imports)]
            use super::*;
            $crate::sql::new_people::new_people!();
        }
        mod membership {
            #[allow(unused_imports)]
            use super::*;
            $crate::sql::membership::membership!();
        }
        mod logins {
            #[allow(unused_imports)]
            use super::*;
            $crate::sql::logins::logins!();
        }
        mod outbox {
            #[allow(unused_imports)]
            use super::*;
            $crate::sql::outbox::outbox!();
        }
        mod projects {
            #[allow(unused_imports)]
            use super::*;
            $crate::sql::projects::projects!();
        }
        mod sweep {
            #[allow(unused_imports)]
            use super::*;
            $crate::sql::sweep::sweep!();
        }
    };
}
pub(crate) use backend_modules;

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
            let field = ["origin_id", "email", "phone", "procore_id"]
                .into_iter()
                .find(|f| m.contains(f.trim_end_matches("_id")))
                .map(|f| if f == "procore_id" { "procore_company_id" } else { f })
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
