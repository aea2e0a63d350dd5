//! The embedded store: one SQLite file in WAL mode. All writes go through a single connection
//! (SQLite has one writer anyway; this avoids lock upgrades failing under load); reads use a pool.
use crate::sql::map_db_err;
use roster_core::StoreError;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// How many SQLite errors said the file could not be written (read-only, I/O error, full, cannot
/// open). A writer connection that was in use when this moved is replaced: it may have opened the
/// file read-only while it was not writable, or lost count of its transaction.
static SQLITE_STORAGE_FAULTS: AtomicU64 = AtomicU64::new(0);

/// The store's error for a driver error (crate::sql::map_db_err), with SQLite's passing codes.
pub(crate) fn db_err(e: sqlx::Error) -> StoreError {
    map_db_err(e, |code| {
        // SQLite primary codes: BUSY 5, LOCKED 6, READONLY 8, IOERR 10, FULL 13, CANTOPEN 14.
        let primary = code.parse::<i32>().map(|n| n & 0xff).unwrap_or(0);
        if matches!(primary, 8 | 10 | 13 | 14) {
            SQLITE_STORAGE_FAULTS.fetch_add(1, Ordering::Relaxed);
        }
        matches!(primary, 5 | 6 | 8 | 10 | 13 | 14)
    })
}

type Db = sqlx::Sqlite;
type DbRow = sqlx::sqlite::SqliteRow;
type DbConn = sqlx::SqliteConnection;
type Backend = SqliteStore;

crate::sql::backend_modules!();
mod direct;

pub struct SqliteStore {
    write: SqlitePool,
    read: SqlitePool,
    creates: batch::Batcher,
    direct: Option<direct::Reader>,
}

impl SqliteStore {
    /// Leases due outbox messages; the single writer connection serialises claims.
    const CLAIM_OUTBOX_SQL: &'static str =
        "UPDATE outbox SET lease_until = $1 + $3 WHERE seq IN (SELECT seq FROM outbox \
         WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until <= $1) \
         ORDER BY seq LIMIT $2) RETURNING *";

    /// Write transactions take the write lock at BEGIN. A deferred transaction that reads first
    /// holds a snapshot, and SQLite then answers its first write with an immediate SQLITE_BUSY,
    /// without the busy timeout, if the write lock is held at that instant (a reader takes it for a
    /// moment when it catches the WAL index header mid-update): a one-off 503 seen under the mixed
    /// benchmark. Taken at BEGIN, with no snapshot yet, the lock is waited for.
    const BEGIN_WRITE: &'static str = "BEGIN IMMEDIATE";

    /// SQLite has no data-modifying CTEs: its plain batches take two commands instead
    /// (`new_people::insert_plain_people_in_two_commands`).
    const ONE_STATEMENT_CREATES: bool = false;

    /// Appended to a read that decides a write. Nothing on SQLite: the single writer connection,
    /// taken at `BEGIN IMMEDIATE`, already serialises every write transaction.
    const LOCK_ROW: &'static str = "";

    /// `LOCK_ROW` for a read of `project_people pp` joined to its project: only `pp` is locked.
    const LOCK_ROW_OF_PP: &'static str = "";

    /// Appended to an ORDER BY column to compare bytes: SQLite's default (BINARY) already does.
    const BYTE_ORDER: &'static str = "";

    /// Appended to a read of a row the write refers to (a group a person joins). Nothing on SQLite.
    const KEY_SHARE: &'static str = "";

    /// A person's groups and tag instances, in order, as JSON text columns.
    const PERSON_LINKS_SQL: &'static str = "(SELECT json_group_array(group_id) FROM (SELECT group_id FROM person_groups \
         WHERE person_id = p.id ORDER BY position)) AS group_list, (SELECT json_group_array(json_array(id, tag_id, expr_date)) \
         FROM (SELECT id, tag_id, expr_date FROM tag_instances WHERE person_id = p.id ORDER BY seq)) AS tag_list";

    fn direct_person(
        &self,
        company: roster_core::CompanyId,
        r: roster_core::IdRef,
    ) -> Option<Result<roster_core::model::Person, StoreError>> {
        self.direct.as_ref()?.person(company, r)
    }

    pub async fn open(url: &str) -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(|e| StoreError::Other(format!("bad SQLite URL: {e}")))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: an acknowledged write survives power loss, not only a process crash.
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let seen = Arc::new(AtomicU64::new(SQLITE_STORAGE_FAULTS.load(Ordering::Relaxed)));
        let write = SqlitePoolOptions::new()
            .max_connections(1)
            // No ping before each checkout: an embedded connection cannot go stale, and the ping is
            // a round trip to sqlx's connection thread (docs/performance.md).
            .test_before_acquire(false)
            // After a storage fault the writer connection is replaced, for two reasons found by the
            // storage_faults test: a COMMIT that fails on an I/O error or a full disk is rolled
            // back by SQLite, but sqlx still counts its transaction open and would nest the next
            // one in a savepoint that never commits (acknowledged writes lost); and a connection
            // opened while the file was not writable stays read-only after it is fixed.
            .after_release(move |conn, _| {
                let faults_then = seen.clone();
                Box::pin(async move {
                    use sqlx::Connection;
                    if conn.is_in_transaction() {
                        // A dropped transaction queued its rollback: let it run, then look again.
                        // (Only then: a ping is a round trip to the connection's thread.)
                        conn.ping().await?;
                    }
                    let now = SQLITE_STORAGE_FAULTS.load(Ordering::Relaxed);
                    let fault = faults_then.swap(now, Ordering::Relaxed) != now;
                    Ok(!fault && !conn.is_in_transaction())
                })
            })
            .acquire_timeout(Duration::from_secs(10))
            // 32 MiB of pages for the writer: the indexes a batch of creates touches stay in memory.
            .connect_with(options.clone().pragma("cache_size", "-32768"))
            .await
            .map_err(db_err)?;
        sqlx::migrate!("./migrations/sqlite")
            .run(&write)
            .await
            .map_err(|e| StoreError::Other(format!("migrating the SQLite store failed: {e}")))?;
        projects::backfill_project_people_keys(&write).await?;
        let direct = direct::Reader::new(options.get_filename());
        let read = SqlitePoolOptions::new()
            .max_connections(4)
            .test_before_acquire(false)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options.read_only(true))
            .await
            .map_err(db_err)?;
        let creates = batch::Batcher::start(write.clone());
        Ok(Self {
            write,
            read,
            creates,
            direct,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod on_sqlite {
    async fn test_db() -> (crate::testing::TestDb, String) {
        crate::testing::TestDb::sqlite()
    }
    crate::sql::plain_batch_tests::plain_batch_tests!();
}
