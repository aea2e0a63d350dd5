//! Writing new people: the checks of what a new person refers to, the one-by-one insert (with a
//! savepoint, when a batch must be redone) and the batched inserts of the group commit (batch.rs).
// Expanded once per backend (sqlite/, postgres/), where `Db`, `DbConn` and `Backend` name its types.
macro_rules! new_people {
    () => {
        use super::columns::{bind_new_person, INSERT_PREFIX, INSERT_SQL};
        use super::people::{check_data_refs, tag_requires_expr_date};
        use super::{db_err, Backend};
        use roster_core::model::{check_expr_date, check_groups as groups_rule, NewPerson};
        use roster_core::store::StoreResult;
        use roster_core::Invalid;
        use sqlx::QueryBuilder;

        /// Checks everything a new person refers to, inside the write transaction.
        async fn check_references(conn: &mut DbConn, p: &NewPerson) -> StoreResult<()> {
            let is_admin = check_data_refs(conn, p.company_id, &p.data).await?;
            // The groups themselves are checked as their rows are written (insert_person).
            groups_rule(&p.group_ids, is_admin)?;
            for (i, t) in p.tag_instances.iter().enumerate() {
                let field = format!("tag_instances[{i}]");
                let require = tag_requires_expr_date(conn, p.company_id, t.tag_id, &format!("{field}.tag_id")).await?;
                check_expr_date(&format!("{field}.expr_date"), t.tag_id, require, t.expr_date)?;
            }
            Ok(())
        }

        /// Writes a new person, their groups, tags and invitation in the caller's transaction, after
        /// checking everything they refer to. An unknown group is named in the error.
        pub(super) async fn insert_person(tx: &mut DbConn, p: &NewPerson) -> StoreResult<()> {
            check_references(&mut *tx, p).await?;
            bind_new_person(sqlx::query(&INSERT_SQL), p)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
            for (pos, g) in p.group_ids.iter().enumerate() {
                // Written only if the group is the company's: one statement checks and inserts.
                let done = sqlx::query(
                    "INSERT INTO person_groups (person_id, group_id, position) \
             SELECT $1, id, $3 FROM groups WHERE id = $2 AND company_id = $4",
                )
                .bind(p.id.to_string())
                .bind(g.to_string())
                .bind(pos as i64)
                .bind(p.company_id.to_string())
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
                if done.rows_affected() == 0 {
                    return Err(Invalid::unknown_reference("group_ids", g).into());
                }
            }
            insert_extras(tx, p).await
        }

        /// Group commit's fast path: several new people in the caller's transaction with one statement for
        /// their rows and one for their groups. Any failure fails the lot (with no detail about whose it
        /// was); the caller then writes them one by one with `insert_person`.
        pub(super) async fn insert_people(tx: &mut DbConn, people: &[&NewPerson]) -> StoreResult<()> {
            for p in people {
                check_references(&mut *tx, p).await?;
            }
            let mut rows = QueryBuilder::<Db>::new("");
            push_people_rows(&mut rows, people);
            rows.build().execute(&mut *tx).await.map_err(db_err)?;
            let links = group_links(people);
            if !links.is_empty() {
                let mut q = QueryBuilder::<Db>::new("WITH ");
                push_links(&mut q, &links);
                q.push(LINKS_INSERT);
                let done = q.build().execute(&mut *tx).await.map_err(db_err)?;
                if done.rows_affected() != links.len() as u64 {
                    return Err(foreign_group());
                }
            }
            for p in people {
                insert_extras(&mut *tx, p).await?;
            }
            Ok(())
        }

        /// Whether a new person is only their row and group links: nothing else to check or write.
        pub(super) fn is_plain(p: &NewPerson) -> bool {
            let d = &p.data;
            p.tag_instances.is_empty()
                && p.invitation.is_none()
                && d.job_title_id.is_none()
                && d.notification_profile_id.is_none()
                && d.permission_level_id.is_none()
        }

        /// A batch of plain people (`is_plain`) written whole by the backend's fast path, or not at all.
        pub(super) async fn insert_plain(pool: &sqlx::Pool<Db>, people: &[&NewPerson]) -> StoreResult<()> {
            for p in people {
                groups_rule(&p.group_ids, None)?;
            }
            let links = group_links(people);
            if Backend::ONE_STATEMENT_CREATES {
                insert_plain_people(pool, people, &links).await
            } else {
                insert_plain_people_in_two_commands(pool, people, &links).await
            }
        }

        /// PostgreSQL's fast path for a batch of plain people (`is_plain`): their rows and group links in
        /// one autocommitted statement (data-modifying CTEs), one round trip instead of the four of a
        /// transaction. Any failure fails the lot and nothing is written; the caller then redoes them.
        async fn insert_plain_people(pool: &sqlx::Pool<Db>, people: &[&NewPerson], links: &[Link]) -> StoreResult<()> {
            let mut q = QueryBuilder::<Db>::new("WITH new_people AS (");
            push_people_rows(&mut q, people);
            q.push(" RETURNING 1), ");
            push_links(&mut q, links);
            q.push(", linked AS (").push(LINKS_INSERT).push(" RETURNING 1) ");
            // A group that is not the company's links nothing: the count falls short and the division by
            // zero fails the whole statement, so no one of the batch is written without their groups.
            q.push("SELECT 1 / ((SELECT count(*) FROM linked) = ")
                .push_bind(links.len() as i64)
                .push(")::int");
            q.build().execute(pool).await.map_err(db_err).map(drop)
        }

        /// SQLite's fast path for a batch of plain people (`is_plain`). Every statement sqlx runs is a
        /// round trip to its connection thread, and those thread switches were a quarter of the writer's
        /// time: here BEGIN and both inserts go as one multi-statement command, COMMIT as a second, instead
        /// of four. Any failure rolls the lot back; the caller then redoes them.
        async fn insert_plain_people_in_two_commands(
            pool: &sqlx::Pool<Db>,
            people: &[&NewPerson],
            links: &[Link],
        ) -> StoreResult<()> {
            let mut q = QueryBuilder::<Db>::new(Backend::BEGIN_WRITE);
            q.push("; ");
            push_people_rows(&mut q, people);
            q.push("; WITH ");
            push_links(&mut q, links);
            // Rows linked: fewer than the links means a group is not the company's.
            q.push(LINKS_INSERT).push("; SELECT changes()");
            let mut conn = pool.acquire().await.map_err(db_err)?;
            let linked = q
                .build_query_scalar::<i64>()
                .fetch_one(&mut *conn)
                .await
                .map_err(db_err);
            let end = match linked {
                Ok(n) if n == links.len() as i64 => "COMMIT",
                _ => "ROLLBACK",
            };
            let ended = sqlx::query(end).execute(&mut *conn).await.map_err(db_err);
            if end == "COMMIT" && ended.is_ok() {
                return Ok(());
            }
            if ended.is_err() && linked.is_ok() {
                // COMMIT or ROLLBACK failed after BEGIN ran: the connection's transaction state is unknown
                // (sqlx does not track a transaction it did not begin). A fresh connection replaces it.
                conn.close_on_drop();
            }
            Err(match (linked, ended) {
                (Err(e), _) | (Ok(_), Err(e)) => e,
                (Ok(_), Ok(_)) => foreign_group(),
            })
        }

        /// `INSERT INTO people (...) VALUES (...), ...`: the rows of a batch.
        fn push_people_rows<'a>(q: &mut QueryBuilder<'a, Db>, people: &[&'a NewPerson]) {
            q.push(INSERT_PREFIX.as_str());
            q.push_values(people, |mut row, p| {
                bind_new_person(&mut row, p);
            });
        }

        /// The failure of a batch one of whose groups is not the company's (which one is found when
        /// the batch is redone person by person).
        fn foreign_group() -> roster_core::StoreError {
            Invalid::new(
                "group_ids",
                "unknownReference",
                "a group of the batch is not the company's",
            )
            .into()
        }

        /// A group link of a batch: (person, group, position, company).
        type Link = (String, String, i64, String);

        /// A batch's group links.
        fn group_links(people: &[&NewPerson]) -> Vec<Link> {
            people
                .iter()
                .flat_map(|p| {
                    let (person, company) = (p.id.to_string(), p.company_id.to_string());
                    p.group_ids
                        .iter()
                        .enumerate()
                        .map(move |(pos, g)| (person.clone(), g.to_string(), pos as i64, company.clone()))
                })
                .collect()
        }

        /// `v (person_id, group_id, position, company_id) AS (VALUES ...)`, for `LINKS_INSERT`.
        fn push_links<'a>(q: &mut QueryBuilder<'a, Db>, links: &'a [Link]) {
            q.push("v (person_id, group_id, position, company_id) AS (");
            q.push_values(links, |mut row, (person, group, pos, company)| {
                row.push_bind(person)
                    .push_bind(group)
                    .push_bind(*pos)
                    .push_bind(company);
            });
            q.push(")");
        }

        /// Links only the company's groups; fewer rows than links means one was not.
        const LINKS_INSERT: &str =
            "INSERT INTO person_groups (person_id, group_id, position) SELECT v.person_id, g.id, \
    v.position FROM v JOIN groups g ON g.id = v.group_id AND g.company_id = v.company_id";

        /// A new person's invitation (with its email in the outbox) and tag instances.
        async fn insert_extras(tx: &mut DbConn, p: &NewPerson) -> StoreResult<()> {
            if let Some(invitation) = &p.invitation {
                super::logins::insert_invitation(&mut *tx, p.id, invitation).await?;
            }
            for t in &p.tag_instances {
                sqlx::query("INSERT INTO tag_instances (id, person_id, tag_id, expr_date) VALUES ($1, $2, $3, $4)")
                    .bind(t.id.to_string())
                    .bind(p.id.to_string())
                    .bind(t.tag_id.to_string())
                    .bind(t.expr_date)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_err)?;
            }
            Ok(())
        }
    };
}
pub(crate) use new_people;
