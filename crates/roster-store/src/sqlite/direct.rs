//! Point reads of a person straight on the SQLite file, on the calling thread.
//!
//! sqlx runs every SQLite statement on a connection thread of its own and hands the rows back
//! over a channel; for a read by primary key that hop cost more than the read (profile of the get
//! benchmark: a third of the server's CPU was thread switches to and from sqlx's connection
//! threads). In WAL mode a reader never waits for the writer, and the read takes microseconds, so
//! it runs inline. Same SQL, same row decoding (`columns::person`, through `Cells`), same bundled
//! libsqlite3.
//! Anything unexpected (a busy file, an I/O error) answers `None` and the caller takes the sqlx
//! path, which waits and maps errors as every other query does.
use crate::sql::backend::{Backend, Cells, Col};
use crate::sql::columns::person;
use roster_core::model::Person;
use roster_core::store::StoreResult;
use roster_core::{CompanyId, IdRef, StoreError};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use sqlx::Sqlite;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

impl Cells for rusqlite::Row<'_> {
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

fn cell<T: rusqlite::types::FromSql>(row: &rusqlite::Row<'_>, col: Col) -> StoreResult<T> {
    match col {
        Col::Name(n) => row.get(n),
        Col::At(i) => row.get(i),
    }
    .map_err(|e| StoreError::Other(format!("reading column {col}: {e}")))
}

/// At most this many idle connections are kept (one per runtime thread is what is used).
const KEEP: usize = 4;

pub struct Reader {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
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
        })
    }

    fn open(&self) -> rusqlite::Result<Connection> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&self.path, flags)?;
        // Brief: the thread is a runtime worker. Longer waits belong to the sqlx path.
        conn.busy_timeout(Duration::from_millis(20))?;
        Ok(conn)
    }

    /// The person, `Some(Err(NotFound))` if there is none, `None` if the caller should ask sqlx.
    pub fn person(&self, company: CompanyId, r: IdRef) -> Option<Result<Person, StoreError>> {
        let conn = match self.idle.lock().ok()?.pop() {
            Some(conn) => conn,
            None => self.open().ok()?,
        };
        let found = read_person(&conn, company, r);
        if let Ok(mut idle) = self.idle.lock() {
            if idle.len() < KEEP {
                idle.push(conn);
            }
        }
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
    stmt.query_row(rusqlite::params![key, company], |row| Ok(person(row)))
        .optional()
}
