//! Reads of people straight on the SQLite file: a point read on the calling thread, a page of a
//! list on a blocking thread.
//!
//! sqlx runs every SQLite statement on a connection thread of its own and hands the rows back
//! over a channel; for a read by primary key that hop cost more than the read (profile of the get
//! benchmark: a third of the server's CPU was thread switches to and from sqlx's connection
//! threads). In WAL mode a reader never waits for the writer, and the read takes microseconds, so
//! it runs inline. Same SQL, same row decoding (`columns::person`, through `Cells`), same bundled
//! libsqlite3.
//! A page of a list takes longer than a runtime thread should block, so it goes to a blocking
//! thread once, and comes back decoded: sqlx would hand each row over its channel, copying each
//! value (profile of the list benchmark: most of the time was thread wake-ups and the allocator's
//! lock, per row). Parameters are bound as sqlx binds them (`$N` is argument N).
//! Anything unexpected (a busy file, an I/O error) answers `None` and the caller takes the sqlx
//! path, which waits and maps errors as every other query does.
use crate::sql::backend::{Backend, Cells, Col};
use crate::sql::columns::person;
use roster_core::model::Person;
use roster_core::store::StoreResult;
use roster_core::{CompanyId, IdRef, StoreError};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use sqlx::Sqlite;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A row with its statement's columns by name, looked up once per statement: rusqlite finds a
/// column by name by comparing it with every column's name, for every cell (a fifth of a list
/// page's time).
pub struct Named<'r, 's> {
    row: &'r rusqlite::Row<'s>,
    columns: &'r ColumnIndex,
}

/// A statement's columns by name, hashed with foldhash: SipHash of each name, for every cell,
/// was a twentieth of a list page's time.
type ColumnIndex = HashMap<String, usize, foldhash::fast::FixedState>;
type Columns = Arc<ColumnIndex>;

impl Named<'_, '_> {
    fn cell<T: rusqlite::types::FromSql>(&self, col: Col) -> StoreResult<T> {
        let at = match col {
            Col::Name(n) => *self
                .columns
                .get(n)
                .ok_or_else(|| StoreError::Other(format!("reading column {col}: no such column")))?,
            Col::At(i) => i,
        };
        self.row
            .get(at)
            .map_err(|e| StoreError::Other(format!("reading column {col}: {e}")))
    }
}

impl Cells for Named<'_, '_> {
    fn text(&self, col: Col) -> StoreResult<Option<String>> {
        self.cell(col)
    }
    fn int(&self, col: Col) -> StoreResult<Option<i64>> {
        self.cell(col)
    }
    fn real(&self, col: Col) -> StoreResult<Option<f64>> {
        self.cell(col)
    }
    fn boolean(&self, col: Col) -> StoreResult<Option<bool>> {
        self.cell(col)
    }
}

/// Pages read at once, each on a blocking thread; sqlx's read pool has as many connections.
/// Unbounded, 32 clients listing at once kept 32 blocking threads on two cores, and opened a
/// connection for each read beyond those kept idle: its schema parsed, its statements prepared
/// again, and every thread queued on SQLite's and the allocator's locks (profile of the list
/// benchmark: a fifth of the time preparing statements, a quarter in futex waits).
pub(crate) const READS: usize = 4;

/// Statements kept prepared per connection: the list's filter shapes, the point reads.
const STATEMENTS: usize = 32;

pub struct Reader {
    path: PathBuf,
    /// Kept for reuse: one per page read at once, one per runtime thread for point reads.
    idle: Mutex<Vec<Connection>>,
    keep: usize,
    reads: Arc<tokio::sync::Semaphore>,
    /// Connections opened so far.
    opened: std::sync::atomic::AtomicUsize,
    /// The columns of each statement read, by its SQL (a few dozen texts: one per list filter
    /// shape).
    columns: Mutex<HashMap<String, Columns>>,
}

impl Reader {
    /// `None` for an in-memory database: only sqlx's own connections can see it.
    pub fn new(path: &Path) -> Option<Self> {
        let name = path.to_string_lossy();
        if name.is_empty() || name == ":memory:" || name.starts_with("file::memory:") {
            return None;
        }
        Some(Self {
            path: path.to_owned(),
            idle: Mutex::new(Vec::new()),
            keep: READS + std::thread::available_parallelism().map_or(2, usize::from),
            reads: Arc::new(tokio::sync::Semaphore::new(READS)),
            opened: std::sync::atomic::AtomicUsize::new(0),
            columns: Mutex::new(HashMap::new()),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn open(&self) -> rusqlite::Result<Connection> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&self.path, flags)?;
        self.opened.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        // Brief: the thread is a runtime worker. Longer waits belong to the sqlx path.
        conn.busy_timeout(Duration::from_millis(20))?;
        conn.set_prepared_statement_cache_capacity(STATEMENTS);
        Ok(conn)
    }

    /// The statement's columns by name, worked out once per SQL text.
    fn columns_of(&self, sql: &str, stmt: &rusqlite::Statement<'_>) -> Columns {
        if let Some(known) = self.columns.lock().ok().and_then(|c| c.get(sql).cloned()) {
            return known;
        }
        let found: Columns = Arc::new(
            stmt.column_names()
                .into_iter()
                .enumerate()
                .map(|(i, name)| (name.to_owned(), i))
                .collect(),
        );
        if let Ok(mut c) = self.columns.lock() {
            c.insert(sql.to_owned(), found.clone());
        }
        found
    }

    fn take(&self) -> Option<Connection> {
        match self.idle.lock().ok()?.pop() {
            Some(conn) => Some(conn),
            None => self.open().ok(),
        }
    }

    fn give_back(&self, conn: Connection) {
        if let Ok(mut idle) = self.idle.lock() {
            if idle.len() < self.keep {
                idle.push(conn);
            }
        }
    }

    /// The rows of a read (SQL and its arguments, as `Sql` holds them), each decoded, on a
    /// blocking thread; `None` if the caller should ask sqlx.
    pub async fn rows<T: Send + 'static>(
        self: &Arc<Self>,
        sql: String,
        args: Vec<rusqlite::types::Value>,
        decode: fn(&Named<'_, '_>) -> StoreResult<T>,
    ) -> Option<StoreResult<Vec<T>>> {
        let me = self.clone();
        // Held by the blocking read itself, so a request cut off meanwhile frees no place early.
        let permit = self.reads.clone().acquire_owned().await.ok()?;
        let read = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let conn = me.take()?;
            let found = read_rows(&me, &conn, &sql, &args, decode);
            me.give_back(conn);
            match found {
                Ok(rows) => Some(rows.into_iter().collect()),
                Err(e) => {
                    tracing::debug!(error = %e, "direct SQLite read failed; asking sqlx");
                    None
                }
            }
        });
        read.await.ok().flatten()
    }

    /// The person, `Some(Err(NotFound))` if there is none, `None` if the caller should ask sqlx.
    pub fn person(&self, company: CompanyId, r: IdRef) -> Option<Result<Person, StoreError>> {
        let conn = self.take()?;
        let found = read_person(self, &conn, company, r);
        self.give_back(conn);
        match found {
            Ok(Some(person)) => Some(person),
            Ok(None) => Some(Err(StoreError::NotFound("person"))),
            Err(e) => {
                tracing::debug!(error = %e, "direct SQLite read failed; asking sqlx");
                None
            }
        }
    }
}

fn read_person(
    reader: &Reader,
    conn: &Connection,
    company: CompanyId,
    r: IdRef,
) -> rusqlite::Result<Option<Result<Person, StoreError>>> {
    let company = company.to_string();
    let (sql, key): (&str, rusqlite::types::Value) = match r {
        IdRef::Uuid(u) => (&Sqlite::person_sql().by_uuid, u.to_string().into()),
        IdRef::Int(n) => (&Sqlite::person_sql().by_seq, n.into()),
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let columns = reader.columns_of(sql, &stmt);
    stmt.query_row(rusqlite::params![key, company], |row| {
        Ok(person(&Named { row, columns: &columns }))
    })
    .optional()
}

fn read_rows<T>(
    reader: &Reader,
    conn: &Connection,
    sql: &str,
    args: &[rusqlite::types::Value],
    decode: fn(&Named<'_, '_>) -> StoreResult<T>,
) -> rusqlite::Result<Vec<StoreResult<T>>> {
    let mut stmt = conn.prepare_cached(sql)?;
    // As sqlx binds: `$N` and `?N` are argument N, an unnumbered `?` the next one.
    for i in 1..=stmt.parameter_count() {
        let n = stmt
            .parameter_name(i)
            .and_then(|name| name.get(1..)?.parse::<usize>().ok())
            .unwrap_or(i);
        let arg = args
            .get(n - 1)
            .ok_or(rusqlite::Error::InvalidParameterCount(n, args.len()))?;
        stmt.raw_bind_parameter(i, arg)?;
    }
    let columns = reader.columns_of(sql, &stmt);
    let mut rows = stmt.raw_query();
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(decode(&Named { row, columns: &columns }));
    }
    Ok(out)
}

/// A query's text and arguments, owned, as rusqlite binds them.
pub fn owned(q: &crate::sql::backend::Sql<'_>) -> (String, Vec<rusqlite::types::Value>) {
    use crate::sql::backend::Value as V;
    use rusqlite::types::Value as R;
    let args = q
        .args
        .iter()
        .map(|a| match a {
            V::Text(t) => t.as_ref().map_or(R::Null, |t| R::Text(t.to_string())),
            V::Int(i) => i.map_or(R::Null, R::Integer),
            V::Real(f) => f.map_or(R::Null, R::Real),
            V::Bool(b) => b.map_or(R::Null, |b| R::Integer(i64::from(b))),
        })
        .collect();
    (q.text.to_string(), args)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(row: &Named<'_, '_>) -> StoreResult<i64> {
        row.cell(Col::Name("n"))
    }

    /// A burst of page reads bigger than the pool reads every page whole on the few connections it
    /// keeps: an unbounded burst opened a connection (schema parsed, statements prepared) for most.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_burst_of_reads_shares_the_connections_it_keeps() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("reads.db");
        let db = Connection::open(&path).unwrap();
        db.execute_batch(
            "PRAGMA journal_mode = WAL; CREATE TABLE t (n INTEGER); \
             WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 20000) INSERT INTO t SELECT n FROM c;",
        )
        .unwrap();
        let reader = Arc::new(Reader::new(&path).unwrap());
        for _round in 0..3 {
            let reads = (0..64).map(|i| {
                let reader = reader.clone();
                async move {
                    let sql = "SELECT n FROM t WHERE n > $1 ORDER BY n".to_owned();
                    let rows = reader.rows(sql, vec![i64::from(i).into()], number).await;
                    (i, rows)
                }
            });
            for (i, rows) in futures::future::join_all(reads).await {
                let rows: Vec<i64> = rows.expect("read on the file").expect("rows");
                assert_eq!(rows, (i64::from(i) + 1..=20000).collect::<Vec<_>>());
            }
        }
        let opened = reader.opened.load(std::sync::atomic::Ordering::Relaxed);
        assert!(opened <= READS, "{opened} connections opened for 192 reads");
    }
}
