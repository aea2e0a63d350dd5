//! PostgreSQL: for several stateless Roster processes on one database. Everything that decides
//! correctness (tokens, uniqueness, the outbox, throttling) lives in the database.
use crate::sql::map_db_err;

/// The store's error for a driver error (crate::sql::map_db_err), with PostgreSQL's passing codes.
pub(crate) fn db_err(e: sqlx::Error) -> StoreError {
    map_db_err(e, |code| {
        // SQLSTATE classes: 08 connection, 53 resources, 57 operator intervention (shutdown,
        // cancelled by statement_timeout), 55000 database not accepting connections, 25006
        // read-only transaction, 40001/40P01 serialization failure and deadlock (batches of two
        // processes can cross): try again.
        ["08", "53", "57", "55000", "25006", "40001", "40P01"]
            .iter()
            .any(|c| code.starts_with(c))
    })
}
use roster_core::StoreError;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::PgPool;
use std::str::FromStr;
use std::time::Duration;

type Db = sqlx::Postgres;
type DbRow = sqlx::postgres::PgRow;
type DbConn = sqlx::PgConnection;
type Backend = PgStore;

crate::sql::backend_modules!();

pub struct PgStore {
    write: PgPool,
    /// The same pool: PostgreSQL takes concurrent writers.
    read: PgPool,
    creates: batch::Batcher,
}

/// Connections per process; several processes share the server's `max_connections`.
const POOL_SIZE: u32 = 16;

impl PgStore {
    /// Leases due outbox messages; SKIP LOCKED lets several processes claim disjoint messages.
    const CLAIM_OUTBOX_SQL: &'static str =
        "UPDATE outbox SET lease_until = $1 + $3 WHERE seq IN (SELECT seq FROM outbox \
         WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until <= $1) \
         ORDER BY seq LIMIT $2 FOR UPDATE SKIP LOCKED) RETURNING *";

    /// Appended to a read that decides a write: the row stays locked until the transaction ends,
    /// so concurrent writers of one row take turns and each sees the other's change.
    const LOCK_ROW: &'static str = " FOR UPDATE";

    /// `LOCK_ROW` for a read of `project_people pp` joined to its project: only `pp` is locked.
    const LOCK_ROW_OF_PP: &'static str = " FOR UPDATE OF pp";

    /// Appended to an ORDER BY column to compare bytes, whatever the database's collation.
    const BYTE_ORDER: &'static str = " COLLATE \"C\"";

    /// Appended to a read of a row the write refers to (a group a person joins): the row cannot be
    /// deleted (its delete takes `FOR UPDATE`) until the transaction ends; other referrers go on.
    const KEY_SHARE: &'static str = " FOR KEY SHARE";

    /// A person's groups and tag instances, in order, as JSON text columns.
    const PERSON_LINKS_SQL: &'static str = "(SELECT COALESCE(json_agg(group_id ORDER BY position), '[]')::text \
         FROM person_groups WHERE person_id = p.id) AS group_list, (SELECT COALESCE(json_agg(json_build_array(id, tag_id, \
         expr_date) ORDER BY seq), '[]')::text FROM tag_instances WHERE person_id = p.id) AS tag_list";

    /// Row locks and unique indexes order concurrent writers; nothing to take up front.
    const BEGIN_WRITE: &'static str = "BEGIN";

    /// A batch of plain creates is one statement (data-modifying CTEs): one round trip, no
    /// BEGIN/COMMIT (`new_people::insert_plain_people`).
    const ONE_STATEMENT_CREATES: bool = true;

    /// Every read goes through the pool.
    fn direct_person(
        &self,
        _company: roster_core::CompanyId,
        _r: roster_core::IdRef,
    ) -> Option<Result<roster_core::model::Person, StoreError>> {
        None
    }

    pub async fn open(url: &str) -> Result<Self, StoreError> {
        let options = PgConnectOptions::from_str(url)
            .map_err(|e| StoreError::Other(format!("bad PostgreSQL URL: {e}")))?
            // A stuck statement fails (503) instead of holding a connection forever.
            .options([("statement_timeout", "15s"), ("lock_timeout", "10s")]);
        let pool = PgPoolOptions::new()
            .max_connections(POOL_SIZE)
            .min_connections(1)
            // No ping before each checkout (a round trip per query); a connection that broke is
            // found on release (sqlx pings it then) or by its first query, which answers 503.
            .test_before_acquire(false)
            // A request waits this long for a connection, then answers 503.
            .acquire_timeout(Duration::from_secs(5))
            .connect_with(options)
            .await
            .map_err(db_err)?;
        sqlx::migrate!("./migrations/postgres")
            .run(&pool)
            .await
            .map_err(|e| StoreError::Other(format!("migrating the PostgreSQL store failed: {e}")))?;
        projects::backfill_project_people_keys(&pool).await?;
        Ok(Self {
            creates: batch::Batcher::start(pool.clone()),
            write: pool.clone(),
            read: pool,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod on_postgres {
    async fn test_db() -> (crate::testing::TestDb, String) {
        let admin = crate::testing::postgres_admin_url().expect("ROSTER_TEST_POSTGRES names a PostgreSQL server");
        crate::testing::TestDb::postgres(&admin).await
    }
    crate::sql::plain_batch_tests::plain_batch_tests!(
        #[ignore = "needs PostgreSQL (ROSTER_TEST_POSTGRES): scripts/test runs it in its PostgreSQL pass"]
    );
}
