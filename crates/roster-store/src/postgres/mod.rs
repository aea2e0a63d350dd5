//! PostgreSQL: for several stateless Roster processes on one database. Everything that decides
//! correctness (tokens, uniqueness, the outbox, throttling) lives in the database.
use crate::sql::backend::{run_sqlx, BoxFut, Cells, Col, On, Ran, Sql, Want};
use crate::sql::columns::PersonSql;
use crate::sql::new_people::{links_insert, push_links, push_people_rows};
use crate::sql::{map_db_err, projects, Backend, SqlStore};
use roster_core::model::{NewPerson, Person};
use roster_core::store::StoreResult;
use roster_core::{CompanyId, IdRef};
use std::collections::HashSet;

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
use sqlx::postgres::{PgQueryResult, PgRow};
use sqlx::{PgPool, Postgres, Row};
use std::str::FromStr;
use std::sync::LazyLock;
use std::time::Duration;

/// The store on PostgreSQL.
pub type PgStore = SqlStore<Postgres>;

/// Connections per process; several processes share the server's `max_connections`.
const POOL_SIZE: u32 = 16;

impl Backend for Postgres {
    /// Every read goes through the pool.
    type Local = ();

    /// The row stays locked until the transaction ends, so concurrent writers of one row take
    /// turns and each sees the other's change.
    const LOCK_ROW: &'static str = " FOR UPDATE";
    const LOCK_ROW_OF_PP: &'static str = " FOR UPDATE OF pp";
    /// The row cannot be deleted (its delete takes `FOR UPDATE`) until the transaction ends; other
    /// referrers go on.
    const KEY_SHARE: &'static str = " FOR KEY SHARE";
    const BYTE_ORDER: &'static str = " COLLATE \"C\"";

    /// Row locks and unique indexes order concurrent writers; nothing to take up front.
    const BEGIN_WRITE: &'static str = "BEGIN";

    /// SKIP LOCKED lets several processes claim disjoint messages.
    const CLAIM_OUTBOX_SQL: &'static str = "UPDATE outbox SET lease_until = $1 + $3 WHERE seq IN (SELECT seq FROM outbox \
         WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until <= $1) \
         ORDER BY seq LIMIT $2 FOR UPDATE SKIP LOCKED) RETURNING *";

    const PERSON_LINKS_SQL: &'static str =
        "(SELECT COALESCE(json_agg(json_build_array(position, group_id)), '[]')::text \
         FROM person_groups WHERE person_id = p.id) AS group_list, (SELECT COALESCE(json_agg(json_build_array(seq, id, \
         tag_id, expr_date)), '[]')::text FROM tag_instances WHERE person_id = p.id) AS tag_list";

    const SHARE_ROW: &'static str = " FOR SHARE";
    const LIKE: &'static str = "ILIKE";
    const UNINDEXED_COMPANY: &'static str = "(p.company_id || '')";
    const SETTLED_CHECK: Option<(&'static str, &'static str)> = Some((
        "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
        // Taken and let go in one statement, at the session's level: held by no transaction,
        // whatever state the connection is in.
        "SELECT CASE WHEN pg_try_advisory_lock(7203102017) THEN pg_advisory_unlock(7203102017) ELSE FALSE END",
    ));
    const PROJECT_PEOPLE_TEXT: Option<&'static str> = None;
    const PROJECTS_SKIPPED_ROWS: bool = true;
    const UNINDEXED_SEQ: &'static str = "(p.seq + 0)";
    const PEOPLE_IDS_OF: (&'static str, &'static str) = (" AND p.id = ANY(ARRAY(", "))");
    const PROJECT_PEOPLE_IDS_OF: (&'static str, &'static str) = (" AND pp.id = ANY(ARRAY(", "))");

    /// The company's people fields as `[[id, integration_name, field_type], ...]`.
    const FIELD_LIST_SQL: &'static str =
        "(SELECT COALESCE(json_agg(json_build_array(id, integration_name, field_type) \
         ORDER BY seq), '[]')::text FROM custom_fields WHERE company_id = {company} AND on_people) AS field_list";

    fn db_err(e: sqlx::Error) -> StoreError {
        db_err(e)
    }

    fn run<'a>(on: On<'a, Self>, sql: Sql<'a>, want: Want) -> BoxFut<'a, Result<Ran<PgRow>, sqlx::Error>> {
        Box::pin(run_sqlx(on, sql, want, PgQueryResult::rows_affected))
    }

    fn person_sql() -> &'static PersonSql {
        static SQL: LazyLock<PersonSql> =
            LazyLock::new(|| PersonSql::new(Postgres::PERSON_LINKS_SQL, Postgres::FIELD_LIST_SQL));
        &SQL
    }

    fn direct_person(_: &(), _: CompanyId, _: IdRef) -> Option<StoreResult<Person>> {
        None
    }

    fn backup_to<'a>(_: &'a PgPool, _: &'a std::path::Path) -> BoxFut<'a, StoreResult<()>> {
        Box::pin(async { Err(crate::sql::operations::no_backup()) })
    }

    /// The people rows and their group links in one autocommitted statement (data-modifying
    /// CTEs): one round trip instead of the four of a transaction. Its rows are the ids written; a
    /// row a unique index refused is skipped. Any other failure fails the lot and nothing is written.
    fn insert_plain_batch<'a>(
        pool: &'a PgPool,
        people: &'a [&'a NewPerson],
    ) -> BoxFut<'a, StoreResult<HashSet<String>>> {
        Box::pin(async move {
            let mut q = Sql::new("WITH new_people AS (");
            push_people_rows(&mut q, people);
            q.push("), ");
            push_links(&mut q, people);
            q.push(", linked AS (")
                .push(&links_insert("new_people"))
                .push(" RETURNING 1) ");
            // A group that is not the company's links nothing: the count falls short of the written
            // people's links and the division by zero fails the whole statement, so no one of the
            // batch is written without their groups.
            q.push(
                "SELECT id, 1 / ((SELECT count(*) FROM linked) = \
                 (SELECT count(*) FROM v JOIN new_people w ON w.id = v.person_id))::int FROM new_people",
            );
            q.fetch_all(pool)
                .await?
                .iter()
                .map(|r| r.text(Col::At(0))?.ok_or_else(|| StoreError::Other("no id".into())))
                .collect()
        })
    }
}

impl Cells for PgRow {
    fn text(&self, col: Col) -> StoreResult<Option<String>> {
        cell(self, col)
    }
    /// BIGINT, or INTEGER (`SELECT 1`).
    fn int(&self, col: Col) -> StoreResult<Option<i64>> {
        cell::<Option<i64>>(self, col).or_else(|_| Ok(cell::<Option<i32>>(self, col)?.map(i64::from)))
    }
    fn real(&self, col: Col) -> StoreResult<Option<f64>> {
        cell(self, col)
    }
    fn boolean(&self, col: Col) -> StoreResult<Option<bool>> {
        cell(self, col)
    }
}

fn cell<'r, T: sqlx::Decode<'r, Postgres> + sqlx::Type<Postgres>>(row: &'r PgRow, col: Col) -> StoreResult<T> {
    match col {
        Col::Name(n) => row.try_get(n),
        Col::At(i) => row.try_get(i),
    }
    .map_err(db_err)
}

impl SqlStore<Postgres> {
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        let options = PgConnectOptions::from_str(url)
            .map_err(|e| StoreError::Other(format!("bad PostgreSQL URL: {e}")))?
            // A stuck statement fails (503) instead of holding a connection forever. No JIT: Roster's
            // statements read a handful of rows, and on tables not yet analyzed the planner's cost
            // guesses pass JIT's thresholds, so a 0.3 ms cursor lookup compiled for 370 ms (1.1 s
            // p99 at 1,000,000 people).
            .options([("statement_timeout", "15s"), ("lock_timeout", "10s"), ("jit", "off")]);
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
            creates: crate::sql::batch::Batcher::start(pool.clone()),
            write: pool.clone(),
            read: pool,
            local: (),
            anchors: Default::default(),
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod on_postgres {
    #[tokio::test]
    #[ignore = "needs PostgreSQL (ROSTER_TEST_POSTGRES): scripts/test runs it in its PostgreSQL pass"]
    async fn a_plain_batch_skips_collisions_and_is_otherwise_written_whole_or_not_at_all() {
        let admin = crate::testing::postgres_admin_url().expect("ROSTER_TEST_POSTGRES names a PostgreSQL server");
        let (_db, url) = crate::testing::TestDb::postgres(&admin).await;
        let store = super::PgStore::open(&url).await.unwrap();
        crate::sql::plain_batch_tests::a_plain_batch_skips_collisions_and_is_otherwise_written_whole_or_not_at_all(
            store,
        )
        .await;
    }

    #[tokio::test]
    #[ignore = "needs PostgreSQL (ROSTER_TEST_POSTGRES): scripts/test runs it in its PostgreSQL pass"]
    async fn lookups_and_searches_are_answered_from_indexes() {
        use sqlx::{Connection, Executor};
        let admin = crate::testing::postgres_admin_url().expect("ROSTER_TEST_POSTGRES names a PostgreSQL server");
        let (_db, url) = crate::testing::TestDb::postgres(&admin).await;
        // Migrated, then, as PostgreSQL plans from statistics, two companies of 10,000 people
        // each, one of them in 100 groups and with 100 tags and three projects of 10,000 project
        // people, analyzed.
        drop(super::PgStore::open(&url).await.unwrap());
        let company = roster_core::CompanyId::new();
        let mut conn = sqlx::PgConnection::connect(&url).await.unwrap();
        let seed = format!(
            "INSERT INTO companies (id, procore_id, name, created_at) VALUES ('{company}', 1, 'A', 0), ('{other}', 2, 'B', 0); \
             INSERT INTO people (seq, id, company_id, first_name, last_name, is_user, is_assignable, status, \
               can_recieve_sms, can_recieve_email, can_recieve_mobile, language, invitation_pending, created_at, \
               updated_at, email, email_norm, phone, employee_number) \
             SELECT g, 'p' || g, CASE WHEN g % 2 = 0 THEN '{company}' ELSE '{other}' END, 'First' || g, 'Last' || g, \
               FALSE, TRUE, 'active', FALSE, FALSE, FALSE, 'english', FALSE, 0, 0, 'e' || g || '@x.io', \
               'e' || g || '@x.io', '+1555' || lpad(g::text, 7, '0'), 'E' || g FROM generate_series(1, 20000) g; \
             INSERT INTO groups (id, company_id, name, timezone, created_at, updated_at) \
             SELECT 'g' || g, '{company}', 'G' || g, 'UTC', 0, 0 FROM generate_series(1, 100) g; \
             INSERT INTO person_groups (person_id, group_id, position) \
             SELECT 'p' || g, 'g' || (g % 100 + 1), 0 FROM generate_series(2, 20000, 2) g; \
             INSERT INTO tags (id, company_id, name, categories, require_expr_date, group_ids, globally_accessible, \
               created_at, updated_at) SELECT 't' || g, '{company}', 'T' || g, '[]', FALSE, '[]', TRUE, 0, 0 \
             FROM generate_series(1, 100) g; \
             INSERT INTO tag_instances (id, person_id, tag_id) \
             SELECT 'i' || g, 'p' || g, 't' || (g % 100 + 1) FROM generate_series(2, 20000, 2) g; \
             INSERT INTO projects (id, company_id, name, active, created_at, updated_at) \
             SELECT g, '{company}', 'P' || g, TRUE, 0, 0 FROM generate_series(1, 3) g; \
             INSERT INTO project_people (project_id, first_name, last_name, job_title, origin_id, employee_id, \
               is_employee, search_name, search_employee, sort_name, search_title, created_at, updated_at) \
             SELECT g % 3 + 1, 'First' || g, 'Last' || g, 'Title' || (g % 50), 'erp-' || g, 'E-' || g, FALSE, \
               'first' || g || ' last' || g, 'e-' || g, 'last' || g, 'title' || (g % 50), 0, 0 \
             FROM generate_series(1, 30000) g; \
             ANALYZE",
            other = roster_core::CompanyId::new()
        );
        conn.execute(seed.as_str()).await.unwrap();
        drop(conn);
        let store = super::PgStore::open(&url).await.unwrap();
        crate::sql::plan_tests::lookups_and_searches_use_indexes(&store, company, "EXPLAIN", "QUERY PLAN").await;
        crate::sql::plan_tests::project_lookups_use_indexes(&store, company, "EXPLAIN", "QUERY PLAN", "_trgm").await;
    }
}
