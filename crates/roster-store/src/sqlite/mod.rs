//! The embedded store: one SQLite file in WAL mode. All writes go through a single connection
//! (SQLite has one writer anyway; this avoids lock upgrades failing under load); reads use a pool.
use crate::sql::backend::{bind_all, run_sqlx, BoxFut, Cells, Col, On, Ran, Sql, Want};
use crate::sql::columns::PersonSql;
use crate::sql::new_people::{foreign_group, links_insert, push_links, push_people_rows};
use crate::sql::{map_db_err, projects, Backend, SqlStore};
use roster_core::model::{NewPerson, Person};
use roster_core::store::StoreResult;
use roster_core::{CompanyId, IdRef, StoreError};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::sqlite::{SqliteQueryResult, SqliteRow};
use sqlx::{Row, Sqlite, SqlitePool};
use std::collections::HashSet;
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock};
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

mod direct;
pub mod files;

/// The embedded store.
pub type SqliteStore = SqlStore<Sqlite>;

impl Backend for Sqlite {
    type Local = Option<std::sync::Arc<direct::Reader>>;

    /// Nothing on SQLite: the single writer connection, taken at `BEGIN IMMEDIATE`, already
    /// serialises every write transaction.
    const LOCK_ROW: &'static str = "";
    const LOCK_ROW_OF_PP: &'static str = "";
    const KEY_SHARE: &'static str = "";
    /// SQLite's default (BINARY) already compares bytes.
    const BYTE_ORDER: &'static str = "";

    /// Write transactions take the write lock at BEGIN. A deferred transaction that reads first
    /// holds a snapshot, and SQLite then answers its first write with an immediate SQLITE_BUSY,
    /// without the busy timeout, if the write lock is held at that instant (a reader takes it for a
    /// moment when it catches the WAL index header mid-update): a one-off 503 seen under the mixed
    /// benchmark. Taken at BEGIN, with no snapshot yet, the lock is waited for.
    const BEGIN_WRITE: &'static str = "BEGIN IMMEDIATE";

    /// The single writer connection serialises claims.
    const CLAIM_OUTBOX_SQL: &'static str = "UPDATE outbox SET lease_until = $1 + $3 WHERE seq IN (SELECT seq FROM outbox \
         WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until <= $1) \
         ORDER BY seq LIMIT $2) RETURNING *";

    const PERSON_LINKS_SQL: &'static str =
        "(SELECT json_group_array(json_array(position, group_id)) FROM person_groups \
         WHERE person_id = p.id) AS group_list, (SELECT json_group_array(json_array(seq, id, tag_id, expr_date)) \
         FROM tag_instances WHERE person_id = p.id) AS tag_list";

    const SHARE_ROW: &'static str = "";
    const LIKE: &'static str = "LIKE";
    const UNINDEXED_COMPANY: &'static str = "+p.company_id";
    const SETTLED_CHECK: Option<(&'static str, &'static str)> = None;
    const PROJECT_PEOPLE_TEXT: Option<&'static str> =
        Some("SELECT rowid FROM project_people_text WHERE project_people_text MATCH ");
    const PROJECTS_SKIPPED_ROWS: bool = false;
    const UNINDEXED_SEQ: &'static str = "+p.seq";
    const PEOPLE_IDS_OF: (&'static str, &'static str) = (" AND p.id IN (", ")");
    const PROJECT_PEOPLE_IDS_OF: (&'static str, &'static str) = (" AND pp.id IN (", ")");

    /// The company's people fields as `[[id, integration_name, field_type], ...]`.
    const FIELD_LIST_SQL: &'static str = "(SELECT json_group_array(json_array(id, integration_name, field_type)) \
         FROM (SELECT id, integration_name, field_type FROM custom_fields WHERE company_id = {company} AND on_people \
         ORDER BY seq)) AS field_list";

    fn db_err(e: sqlx::Error) -> StoreError {
        db_err(e)
    }

    fn run<'a>(on: On<'a, Self>, sql: Sql<'a>, want: Want) -> BoxFut<'a, Result<Ran<SqliteRow>, sqlx::Error>> {
        Box::pin(run_sqlx(on, sql, want, SqliteQueryResult::rows_affected))
    }

    fn person_sql() -> &'static PersonSql {
        static SQL: LazyLock<PersonSql> =
            LazyLock::new(|| PersonSql::new(Sqlite::PERSON_LINKS_SQL, Sqlite::FIELD_LIST_SQL));
        &SQL
    }

    fn direct_person(local: &Self::Local, company: CompanyId, r: IdRef) -> Option<StoreResult<Person>> {
        local.as_ref()?.person(company, r)
    }

    fn direct_people(local: &Self::Local, q: &Sql<'_>) -> Option<BoxFut<'static, Option<StoreResult<Vec<Person>>>>> {
        let reader = local.as_ref()?.clone();
        let (sql, args) = direct::owned(q);
        Some(Box::pin(async move {
            reader.rows(sql, args, |r| crate::sql::columns::person(r)).await
        }))
    }

    fn direct_count(local: &Self::Local, q: &Sql<'_>) -> Option<BoxFut<'static, Option<StoreResult<i64>>>> {
        let reader = local.as_ref()?.clone();
        let (sql, args) = direct::owned(q);
        Some(Box::pin(async move {
            let rows = reader
                .rows(sql, args, |r| {
                    use crate::sql::backend::Cells;
                    r.int(crate::sql::backend::Col::At(0))?
                        .ok_or(StoreError::Other("no count".into()))
                })
                .await?;
            Some(rows.and_then(|r| r.first().copied().ok_or(StoreError::Other("no count".into()))))
        }))
    }

    /// Room for the WAL to grow and a checkpoint to run: below it the store says it is not ready
    /// (a full disk fails every write).
    fn has_room(local: &Self::Local) -> StoreResult<()> {
        const MIN_ROOM: u64 = 16 << 20;
        let Some(reader) = local else { return Ok(()) };
        let dir = reader.path().parent().filter(|d| !d.as_os_str().is_empty());
        let stat = rustix::fs::statvfs(dir.unwrap_or(std::path::Path::new(".")))
            .map_err(|e| StoreError::Unavailable(format!("cannot read the disk's free space: {e}")))?;
        let room = stat.f_bavail.saturating_mul(stat.f_frsize);
        if room < MIN_ROOM {
            return Err(StoreError::Unavailable(format!(
                "the disk holding the database has {} KiB free",
                room / 1024
            )));
        }
        Ok(())
    }

    /// `VACUUM INTO` on a read connection: a snapshot of one read transaction, so consistent
    /// while the writer goes on; SQLite refuses a target that exists and is not empty.
    fn backup_to<'a>(pool: &'a SqlitePool, path: &'a std::path::Path) -> BoxFut<'a, StoreResult<()>> {
        Box::pin(async move {
            let target = path
                .to_str()
                .ok_or_else(|| StoreError::Other("the backup path is not UTF-8".into()))?;
            Sql::new("VACUUM INTO $1")
                .bind(target.to_owned())
                .execute(pool)
                .await
                .map(drop)
        })
    }

    /// SQLite has no data-modifying CTEs. Every statement sqlx runs is a round trip to its
    /// connection thread, and those thread switches were a quarter of the writer's time: here BEGIN
    /// and both inserts go as one multi-statement command, COMMIT as a second, instead of four.
    /// Its rows are the ids the people insert wrote (`RETURNING`), then the links' `changes()`.
    /// Any failure rolls the lot back.
    fn insert_plain_batch<'a>(
        pool: &'a SqlitePool,
        people: &'a [&'a NewPerson],
    ) -> BoxFut<'a, StoreResult<HashSet<String>>> {
        Box::pin(async move {
            let mut q = Sql::positional(Self::BEGIN_WRITE);
            q.push("; ");
            push_people_rows(&mut q, people);
            q.push("; WITH ");
            push_links(&mut q, people);
            q.push(&links_insert("people")).push("; SELECT changes()");
            let mut conn = pool.acquire().await.map_err(db_err)?;
            let rows = bind_all::<Sqlite>(&q).fetch_all(&mut *conn).await;
            // Rows linked: fewer than the written people's links means a group is not the company's.
            let written = rows.and_then(|rows| {
                let (linked, ids) = rows.split_last().ok_or(sqlx::Error::RowNotFound)?;
                let linked: i64 = linked.try_get(0)?;
                let ids = ids
                    .iter()
                    .map(|r| r.try_get(0))
                    .collect::<Result<HashSet<String>, _>>()?;
                Ok((ids, linked))
            });
            let links = |ids: &HashSet<String>| -> i64 {
                people
                    .iter()
                    .filter(|p| ids.contains(&p.id.to_string()))
                    .map(|p| p.group_ids.len() as i64)
                    .sum()
            };
            let end = match &written {
                Ok((ids, linked)) if *linked == links(ids) => "COMMIT",
                _ => "ROLLBACK",
            };
            let ended = sqlx::query(end).execute(&mut *conn).await;
            if end == "COMMIT" && ended.is_ok() {
                return written.map(|(ids, _)| ids).map_err(db_err);
            }
            if ended.is_err() && written.is_ok() {
                // COMMIT or ROLLBACK failed after BEGIN ran: the connection's transaction state is
                // unknown (sqlx does not track a transaction it did not begin). A fresh connection
                // replaces it.
                conn.close_on_drop();
            }
            Err(match (written, ended) {
                (Err(e), _) | (Ok(_), Err(e)) => db_err(e),
                (Ok(_), Ok(_)) => foreign_group(),
            })
        })
    }
}

impl Cells for SqliteRow {
    fn text(&self, col: Col) -> StoreResult<Option<String>> {
        cell(self, col)
    }
    fn int(&self, col: Col) -> StoreResult<Option<i64>> {
        cell(self, col)
    }
    fn real(&self, col: Col) -> StoreResult<Option<f64>> {
        cell(self, col)
    }
    fn boolean(&self, col: Col) -> StoreResult<Option<bool>> {
        cell(self, col)
    }
}

fn cell<'r, T: sqlx::Decode<'r, Sqlite> + sqlx::Type<Sqlite>>(row: &'r SqliteRow, col: Col) -> StoreResult<T> {
    match col {
        Col::Name(n) => row.try_get(n),
        Col::At(i) => row.try_get(i),
    }
    .map_err(db_err)
}

impl SqlStore<Sqlite> {
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
            // 16 MiB of pages for the writer: the indexes a batch of creates touches stay in
            // memory (32 MiB held the create rate no better at 1,000,000 people and cost 16 MiB
            // more RSS). At most 16 prepared statements kept: each batch size is a statement of
            // its own, and 64 of them held tens of MiB (docs/performance.md, "The scale curve").
            .connect_with(
                options
                    .clone()
                    .pragma("cache_size", "-16384")
                    .statement_cache_capacity(16),
            )
            .await
            .map_err(db_err)?;
        sqlx::migrate!("./migrations/sqlite")
            .run(&write)
            .await
            .map_err(|e| StoreError::Other(format!("migrating the SQLite store failed: {e}")))?;
        projects::backfill_project_people_keys(&write).await?;
        let direct = direct::Reader::new(options.get_filename()).map(std::sync::Arc::new);
        let read = SqlitePoolOptions::new()
            .max_connections(direct::READS as u32)
            .test_before_acquire(false)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options.read_only(true))
            .await
            .map_err(db_err)?;
        let creates = crate::sql::batch::Batcher::start(write.clone());
        Ok(Self {
            write,
            read,
            creates,
            local: direct,
            anchors: Default::default(),
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod on_sqlite;
