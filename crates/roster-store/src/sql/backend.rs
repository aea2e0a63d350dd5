//! What the shared store code needs of a backend, and the one way it runs a statement.
//!
//! The store is ordinary Rust, generic over `B: Backend` (implemented for `sqlx::Sqlite` and
//! `sqlx::Postgres`). sqlx's own generic bounds (an `Encode` and `Decode` per value type, an
//! `Executor` for `&mut Connection`) would have to be repeated on every generic function, so the
//! shared code never meets them: it builds a `Sql` (text and values) and runs it through the
//! methods below, which bind and run it in `run_sqlx` (the only place those bounds are written), and
//! reads rows through `Cells`, which each backend's row type implements.
use roster_core::model::{NewPerson, Person};
use roster_core::store::StoreResult;
use roster_core::{CompanyId, IdRef, StoreError};
use sqlx::pool::PoolConnection;
use sqlx::{Database, Encode, Executor, IntoArguments, Pool, Transaction, Type};
use std::borrow::Cow;
use std::future::Future;
use std::pin::Pin;

pub(crate) type BoxFut<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A write transaction of backend `B`.
pub(crate) type Tx<B> = Transaction<'static, B>;

/// A backend: its dialect's few differences, its error codes, and how it runs a `Sql`.
pub trait Backend: Database<Row: Cells> + Sync {
    /// What the backend keeps beside its pools (SQLite: its direct point reader).
    type Local: Send + Sync;

    /// Appended to a read that decides a write: the row stays locked until the transaction ends.
    const LOCK_ROW: &'static str;
    /// `LOCK_ROW` for a read of `project_people pp` joined to its project: only `pp` is locked.
    const LOCK_ROW_OF_PP: &'static str;
    /// Appended to a read of a row the write refers to (a group a person joins).
    const KEY_SHARE: &'static str;
    /// Appended to an ORDER BY column to compare bytes, whatever the database's collation.
    const BYTE_ORDER: &'static str;
    /// Begins a write transaction.
    const BEGIN_WRITE: &'static str;
    /// Leases due outbox messages (`$1` now, `$2` how many, `$3` the lease).
    const CLAIM_OUTBOX_SQL: &'static str;
    /// Appended to a `SELECT` of a row that must not change until the transaction ends (but may be
    /// read and share-locked by others).
    const SHARE_ROW: &'static str;
    /// Case-insensitive `LIKE` (SQLite's `LIKE` already is, for ASCII; PostgreSQL's `ILIKE`).
    const LIKE: &'static str;
    /// `p.company_id` as an expression no index answers (`+p.company_id`, `(p.company_id || '')`):
    /// without statistics (SQLite keeps none; PostgreSQL's lag a table that grows fast) the
    /// planner would rather walk a company's people by a company index than look a few up by the
    /// filter's index, then by id.
    const UNINDEXED_COMPANY: &'static str;

    /// How a read of the people list learns that no smaller `seq` than it sees can commit after
    /// it, which anchors of numbered pages need (page_anchors.rs). `None`: every read can tell
    /// (SQLite: one writer, so `seq` grows in commit order). `Some((begin, check))`: a page read
    /// in one snapshot (`begin`) is settled when `check` answers true after it and the company's
    /// counts have not moved (PostgreSQL: `check` takes and lets go the lock every insert into
    /// people shares until its commit, migration 0017).
    const SETTLED_CHECK: Option<(&'static str, &'static str)>;

    /// The project people whose search keys hold a phrase's trigrams, ending in `MATCH ` before
    /// the phrase (SQLite's FTS5 index, migration 0018); `None` where `LIKE` itself is answered
    /// from trigram indexes (PostgreSQL's pg_trgm).
    const PROJECT_PEOPLE_TEXT: Option<&'static str>;

    /// Whether the rows an `OFFSET` skips are computed in full first (PostgreSQL), so that a page
    /// far down a list is better chosen by `seq` alone, then read.
    const PROJECTS_SKIPPED_ROWS: bool;

    /// `p.seq` as an expression no index answers (`+p.seq`, `(p.seq + 0)`): a list that looks its
    /// few people up sorts them rather than walk the company in `seq` order.
    const UNINDEXED_SEQ: &'static str;

    /// How a looked-up list keeps the people a subquery names: `p.id IN (…)` on SQLite;
    /// `p.id = ANY(ARRAY(…))` on PostgreSQL, computed first and answered from the id index even
    /// when the statistics lag (a small group's people at 60,000 people: 229 ms with `IN`).
    const PEOPLE_IDS_OF: (&'static str, &'static str);
    /// The same for a looked-up list of project people (`pp.id`).
    const PROJECT_PEOPLE_IDS_OF: (&'static str, &'static str);
    /// A person's groups and tag instances as JSON text columns `group_list` (`[[position,
    /// group_id], ...]`) and `tag_list` (`[[seq, id, tag_id, expr_date], ...]`), each in no
    /// particular order: the decoder sorts them (`columns::group_list`, `columns::tag_list`). An
    /// `ORDER BY` per person cost SQLite a sorter opened and closed per row (profile of the list
    /// benchmark: a sixth of a page's time).
    const PERSON_LINKS_SQL: &'static str;
    /// The company's people fields of a person read, naming the company `{company}` (columns.rs).
    const FIELD_LIST_SQL: &'static str;

    /// The store's error for a driver error (`map_db_err` with the backend's passing codes).
    fn db_err(e: sqlx::Error) -> StoreError;

    /// Binds and runs a statement.
    fn run<'a>(on: On<'a, Self>, sql: Sql<'a>, want: Want) -> BoxFut<'a, Result<Ran<Self::Row>, sqlx::Error>>;

    /// The person selects, built once with this backend's `PERSON_LINKS_SQL`.
    fn person_sql() -> &'static super::columns::PersonSql;

    /// A point read the backend answers itself, or `None` to run the query.
    fn direct_person(local: &Self::Local, company: CompanyId, r: IdRef) -> Option<StoreResult<Person>>;

    /// The people a list query reads, if the backend answers it itself (`None` from the future:
    /// run the query after all).
    fn direct_people(_local: &Self::Local, _q: &Sql<'_>) -> Option<BoxFut<'static, Option<StoreResult<Vec<Person>>>>> {
        None
    }

    /// The count a `SELECT COUNT(*)` reads, likewise.
    fn direct_count(_local: &Self::Local, _q: &Sql<'_>) -> Option<BoxFut<'static, Option<StoreResult<i64>>>> {
        None
    }

    /// Whether the disk holding the store has room for writes (SQLite); `Ok` where the backend
    /// cannot tell (PostgreSQL's disk is its server's).
    fn has_room(_local: &Self::Local) -> StoreResult<()> {
        Ok(())
    }

    /// A consistent copy of the whole store into the new file `path`, made while it serves.
    fn backup_to<'a>(pool: &'a Pool<Self>, path: &'a std::path::Path) -> BoxFut<'a, StoreResult<()>>;

    /// Writes a batch of plain new people (their rows and group links, `new_people::is_plain`) in
    /// the backend's fewest round trips, and answers the ids written: a person a unique index
    /// refuses is skipped; any other failure writes no one.
    fn insert_plain_batch<'a>(
        pool: &'a Pool<Self>,
        people: &'a [&'a NewPerson],
    ) -> BoxFut<'a, StoreResult<std::collections::HashSet<String>>>;
}

/// Where a statement runs: on a pool (its own connection) or inside a transaction.
pub enum On<'a, B: Database> {
    Pool(&'a Pool<B>),
    Conn(&'a mut B::Connection),
}

impl<'a, B: Database> From<&'a Pool<B>> for On<'a, B> {
    fn from(p: &'a Pool<B>) -> Self {
        On::Pool(p)
    }
}

impl<'a, 'c, B: Database> From<&'a mut Transaction<'c, B>> for On<'a, B> {
    fn from(t: &'a mut Transaction<'c, B>) -> Self {
        On::Conn(&mut **t)
    }
}

impl<'a, B: Database> From<&'a mut PoolConnection<B>> for On<'a, B> {
    fn from(c: &'a mut PoolConnection<B>) -> Self {
        On::Conn(&mut **c)
    }
}

/// What a statement's caller wants back.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Want {
    Affected,
    First,
    All,
}

/// What a statement gave back.
pub enum Ran<R> {
    Affected(u64),
    Rows(Vec<R>),
}

/// A statement: its text (`$N` parameters, which both dialects accept) and the values bound to it.
#[derive(Debug, Clone)]
pub struct Sql<'a> {
    pub(crate) text: Cow<'a, str>,
    pub(crate) args: Vec<Value<'a>>,
    /// `push_bind` writes `?` instead of `$N` (`Sql::positional`).
    positional: bool,
    /// Kept prepared on the connection (sqlx's statement cache); see `planned_each_time`.
    persistent: bool,
}

impl<'a> Sql<'a> {
    pub fn new(text: impl Into<Cow<'a, str>>) -> Self {
        Self {
            text: text.into(),
            args: Vec::new(),
            positional: false,
            persistent: true,
        }
    }

    /// SQLite only, for statements with thousands of parameters (a batch of creates): `push_bind`
    /// writes plain `?`. SQLite finds a numbered parameter (`$N`, `?N`) by a linear scan of the
    /// statement's parameters, at prepare and at every bind: quadratic in their number, which
    /// halved the create rate. `text` must hold no numbered parameter.
    pub fn positional(text: impl Into<Cow<'a, str>>) -> Self {
        Self {
            positional: true,
            ..Self::new(text)
        }
    }

    /// Planned with its arguments each time it runs (an unnamed statement), never from a cached
    /// generic plan: PostgreSQL moves a prepared statement to a generic plan after five runs, and
    /// the generic plan of a selective people filter guesses its selectivity and walks the
    /// company in `seq` order (a cursor lookup at 1,000,000 people: 244 ms against 0.1 ms).
    pub fn planned_each_time(mut self) -> Self {
        self.persistent = false;
        self
    }

    #[cfg(test)]
    pub(crate) fn is_planned_each_time(&self) -> bool {
        !self.persistent
    }

    /// Binds the next `$N`.
    pub fn bind(mut self, v: impl Into<Value<'a>>) -> Self {
        self.args.push(v.into());
        self
    }

    /// Appends text.
    pub fn push(&mut self, s: &str) -> &mut Self {
        self.text.to_mut().push_str(s);
        self
    }

    /// Appends a parameter (`$N`) and binds it.
    pub fn push_bind(&mut self, v: impl Into<Value<'a>>) -> &mut Self {
        self.args.push(v.into());
        if self.positional {
            self.text.to_mut().push('?');
        } else {
            let n = self.args.len();
            self.text.to_mut().push_str(&format!("${n}"));
        }
        self
    }

    /// Appends a parenthesised row of parameters, `($N, $N+1, ...)`.
    pub fn push_row(&mut self, values: impl IntoIterator<Item = Value<'a>>) -> &mut Self {
        self.push("(");
        for (i, v) in values.into_iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.push_bind(v);
        }
        self.push(")")
    }

    async fn run<B: Backend>(self, on: On<'_, B>, want: Want) -> StoreResult<Ran<B::Row>> {
        B::run(on, self, want).await.map_err(B::db_err)
    }

    /// Runs it; answers how many rows it changed.
    pub async fn execute<'o, B: Backend>(self, on: impl Into<On<'o, B>>) -> StoreResult<u64> {
        match self.run(on.into(), Want::Affected).await? {
            Ran::Affected(n) => Ok(n),
            Ran::Rows(rows) => Ok(rows.len() as u64),
        }
    }

    pub async fn fetch_all<'o, B: Backend>(self, on: impl Into<On<'o, B>>) -> StoreResult<Vec<B::Row>> {
        match self.run(on.into(), Want::All).await? {
            Ran::Rows(rows) => Ok(rows),
            Ran::Affected(_) => Ok(Vec::new()),
        }
    }

    pub async fn fetch_optional<'o, B: Backend>(self, on: impl Into<On<'o, B>>) -> StoreResult<Option<B::Row>> {
        match self.run(on.into(), Want::First).await? {
            Ran::Rows(rows) => Ok(rows.into_iter().next()),
            Ran::Affected(_) => Ok(None),
        }
    }

    pub async fn fetch_one<'o, B: Backend>(self, on: impl Into<On<'o, B>>) -> StoreResult<B::Row> {
        self.fetch_optional(on).await?.ok_or(StoreError::NotFound("row"))
    }

    /// The first column of the one row it answers.
    pub async fn scalar<'o, T: FromCell, B: Backend>(self, on: impl Into<On<'o, B>>) -> StoreResult<T> {
        get(&self.fetch_one(on).await?, 0)
    }

    /// The first column of the row it answers, if any.
    pub async fn scalar_optional<'o, T: FromCell, B: Backend>(
        self,
        on: impl Into<On<'o, B>>,
    ) -> StoreResult<Option<T>> {
        self.fetch_optional(on).await?.map(|row| get(&row, 0)).transpose()
    }

    /// The first column of every row it answers.
    pub async fn scalars<'o, T: FromCell, B: Backend>(self, on: impl Into<On<'o, B>>) -> StoreResult<Vec<T>> {
        self.fetch_all(on).await?.iter().map(|row| get(row, 0)).collect()
    }
}

/// Begins a write transaction.
pub(crate) async fn begin<B: Backend>(pool: &Pool<B>) -> StoreResult<Tx<B>> {
    begin_with(pool, B::BEGIN_WRITE).await
}

/// Begins a transaction with `statement`, in a task of its own: a caller cancelled while `BEGIN`
/// is on its way (a client that goes away) would otherwise hand the connection back to the pool
/// inside the transaction, as sqlx 0.8 counts it only once the answer is in. The next statements
/// run on that connection, autocommitted ones too, would then wait there uncommitted, holding
/// their locks. The task's transaction, when no one takes it, is rolled back as it is dropped.
pub(crate) async fn begin_with<B: Backend>(pool: &Pool<B>, statement: &'static str) -> StoreResult<Tx<B>> {
    let pool = pool.clone();
    tokio::spawn(async move { pool.begin_with(statement).await })
        .await
        .map_err(|e| StoreError::Other(format!("a transaction did not begin: {e}")))?
        .map_err(B::db_err)
}

/// Commits a write transaction.
pub(crate) async fn commit<B: Backend>(tx: Tx<B>) -> StoreResult<()> {
    tx.commit().await.map_err(B::db_err)
}

/// The sqlx query for a `Sql`, its values bound.
pub(crate) fn bind_all<'q, DB>(sql: &'q Sql<'q>) -> sqlx::query::Query<'q, DB, DB::Arguments<'q>>
where
    DB: Database + sqlx::database::HasStatementCache,
    Option<&'q str>: Encode<'q, DB> + Type<DB>,
    Option<i64>: Encode<'q, DB> + Type<DB>,
    Option<f64>: Encode<'q, DB> + Type<DB>,
    Option<bool>: Encode<'q, DB> + Type<DB>,
{
    let query = sqlx::query::<DB>(&sql.text).persistent(sql.persistent);
    sql.args.iter().fold(query, |q, v| match v {
        Value::Text(s) => q.bind(s.as_deref()),
        Value::Int(n) => q.bind(*n),
        Value::Real(x) => q.bind(*x),
        Value::Bool(b) => q.bind(*b),
    })
}

/// `Backend::run` for an sqlx database: the one place sqlx's generic bounds are spelled out.
pub(crate) async fn run_sqlx<DB>(
    on: On<'_, DB>,
    sql: Sql<'_>,
    want: Want,
    affected: fn(&DB::QueryResult) -> u64,
) -> Result<Ran<DB::Row>, sqlx::Error>
where
    DB: Database + sqlx::database::HasStatementCache,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> Option<&'q str>: Encode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB> + Type<DB>,
    for<'q> Option<f64>: Encode<'q, DB> + Type<DB>,
    for<'q> Option<bool>: Encode<'q, DB> + Type<DB>,
{
    let q = bind_all::<DB>(&sql);
    Ok(match (on, want) {
        (On::Pool(p), Want::Affected) => Ran::Affected(affected(&q.execute(p).await?)),
        (On::Conn(c), Want::Affected) => Ran::Affected(affected(&q.execute(c).await?)),
        (On::Pool(p), Want::First) => Ran::Rows(q.fetch_optional(p).await?.into_iter().collect()),
        (On::Conn(c), Want::First) => Ran::Rows(q.fetch_optional(c).await?.into_iter().collect()),
        (On::Pool(p), Want::All) => Ran::Rows(q.fetch_all(p).await?),
        (On::Conn(c), Want::All) => Ran::Rows(q.fetch_all(c).await?),
    })
}

pub(crate) use super::cells::get;
pub use super::cells::{Cells, Col, FromCell};
pub use super::value::Value;
