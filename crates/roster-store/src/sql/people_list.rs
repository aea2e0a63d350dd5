//! The people lists: a page (`people`), a count, and the batches a streamed list reads
//! (`people_after`), each one statement built here, on both backends.
//!
//! A filter that names a few people out of the company (a custom value, a search, a small group
//! or tag) finds them by its index and then by id, rather than walk the company in `seq` order
//! checking each person. The planner is told (`Backend::UNINDEXED_COMPANY`, `UNINDEXED_SEQ`) after
//! a bounded probe of the group, tag or cursor: SQLite keeps no statistics, and PostgreSQL's lag a
//! table that grows fast.
use super::backend::{Backend, On, Sql};
use super::columns::person;
use super::SqlStore;
use roster_core::model::{LoginState, Page, Person, PersonFilter, PersonSort};
use roster_core::store::StoreResult;
use roster_core::CompanyId;

/// A group, tag or cursor that keeps fewer people than this is looked up by its index (SQLite).
const FEW: i64 = 2000;

/// How a list finds the people of its filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Finding {
    /// In the company's `seq` order, checking each person: the filter keeps many.
    Walk,
    /// By the filter's own index (a custom value, a search, a group or tag), then by id: the
    /// company term and `seq` are kept off the indexes (`Backend::UNINDEXED_COMPANY`).
    Lookup,
    /// By the company's index of a polling cursor (`updated_at`, `created_at`), then sorted:
    /// `seq` is kept off the indexes.
    Cursor,
}

impl Finding {
    /// The company's column in its term: off the indexes for a lookup, which starts from the
    /// filter's own index (the company is checked on the few people found).
    fn company<B: Backend>(self) -> &'static str {
        match self {
            Self::Lookup => B::UNINDEXED_COMPANY,
            Self::Walk | Self::Cursor => "p.company_id",
        }
    }

    /// `seq` in a range or an order: off the indexes unless walking, or the planner would walk
    /// the company in `seq` order (hoping to fill the page early) to spare a sort of a handful
    /// of rows — SQLite for want of statistics, PostgreSQL when its statistics lag a fast-growing
    /// table (a small group's people at 184,000 people: 516 ms).
    fn seq<B: Backend>(self) -> &'static str {
        match self {
            Self::Walk => "p.seq",
            Self::Lookup | Self::Cursor => B::UNINDEXED_SEQ,
        }
    }
}

/// How to find the filter's people: by lookup for a custom value or a search; for a group, a tag
/// or a cursor, by its index when it keeps few people (a probe of at most `FEW` index entries).
pub(crate) async fn finding<B: Backend>(
    store: &SqlStore<B>,
    company: CompanyId,
    f: &PersonFilter,
) -> StoreResult<Finding> {
    if !f.custom.is_empty() || f.search.as_deref().is_some_and(|t| !t.trim().is_empty()) {
        return Ok(Finding::Lookup);
    }
    for (probe, how) in probes(company, f) {
        if few(store, probe).await? {
            return Ok(how);
        }
    }
    Ok(Finding::Walk)
}

/// The filter's group, tag and cursors, each as the rows of its own index it keeps, with how
/// the list finds its people when they are few.
pub(crate) fn probes(company: CompanyId, f: &PersonFilter) -> Vec<(Sql<'static>, Finding)> {
    let mut out = Vec::new();
    let members = [
        ("person_groups", "group_id", f.group_id.map(|g| g.to_string())),
        ("tag_instances", "tag_id", f.tag_id.map(|t| t.to_string())),
    ];
    for (table, column, id) in members {
        if let Some(id) = id {
            let probe = Sql::new(format!("SELECT 1 FROM {table} WHERE {column} = $1")).bind(id);
            out.push((probe, Finding::Lookup));
        }
    }
    let cursors = [
        ("created_at", f.created_from, f.created_to),
        ("updated_at", f.updated_from, f.updated_to),
    ];
    for (column, from, to) in cursors {
        if from.is_none() && to.is_none() {
            continue;
        }
        let mut probe = Sql::new("SELECT 1 FROM people WHERE company_id = $1").bind(company.to_string());
        if let Some(from) = from {
            probe.push(&format!(" AND {column} >= ")).push_bind(from);
        }
        if let Some(to) = to {
            probe.push(&format!(" AND {column} <= ")).push_bind(to);
        }
        out.push((probe, Finding::Cursor));
    }
    out.into_iter().map(|(probe, how)| (bounded(probe), how)).collect()
}

/// `probe`, counting at most `FEW` of its rows. Planned for its arguments each time: a generic
/// plan guesses that a third of the company passes a cursor, and that a group is as big as the
/// company's biggest, and scans the table (at 1,150,000 people: 263 ms for a cursor that keeps
/// five, 162 ms for a group of five; on the index, 0.03 ms).
fn bounded(probe: Sql<'static>) -> Sql<'static> {
    let mut q = Sql::new(format!("SELECT COUNT(*) FROM ({} LIMIT {FEW}) few", probe.text)).planned_each_time();
    q.args = probe.args;
    q
}

/// Whether the bounded probe answers fewer than `FEW` rows.
async fn few<B: Backend>(store: &SqlStore<B>, probe: Sql<'_>) -> StoreResult<bool> {
    let n: i64 = probe.scalar(&store.read).await?;
    Ok(n < FEW)
}

/// The people of the company that pass the filter, as `PersonSql::select` reads them; a filtered
/// list is planned for its own arguments each time (`Sql::planned_each_time`).
pub(super) fn list_query<B: Backend>(company: CompanyId, filter: &PersonFilter, how: Finding) -> Sql<'_> {
    let mut qb = select::<B>(company, filter);
    push_filters::<B>(&mut qb, company, filter, how);
    qb
}

/// `PersonSql::select` for the company, before any condition; planned for its arguments each time
/// when filtered.
fn select<'a, B: Backend>(company: CompanyId, filter: &PersonFilter) -> Sql<'a> {
    let qb = Sql::new(B::person_sql().select.as_str()).bind(company.to_string());
    match *filter == PersonFilter::default() {
        true => qb,
        false => qb.planned_each_time(),
    }
}

/// A page in the filter's sort.
pub(crate) fn page_query<B: Backend>(company: CompanyId, filter: &PersonFilter, how: Finding, page: Page) -> Sql<'_> {
    let seq = how.seq::<B>();
    let order = match filter.sort {
        PersonSort::Oldest => format!(" ORDER BY {seq}"),
        PersonSort::Newest => format!(" ORDER BY {seq} DESC"),
        PersonSort::Name => " ORDER BY p.last_name, p.first_name, p.seq".to_owned(),
    };
    let skip = i64::from(page.index) * i64::from(page.size);
    if B::PROJECTS_SKIPPED_ROWS && skip > 0 {
        // PostgreSQL computes every skipped row's columns (its groups, tags and custom fields
        // included) before `OFFSET` drops it: page 2,000 of 400 at 1,000,000 people took more
        // than 5 s. The page's people are chosen by seq alone first, then read.
        let mut qb = select::<B>(company, filter);
        qb.push(" WHERE p.seq IN (SELECT p.seq FROM people p");
        push_filters::<B>(&mut qb, company, filter, how);
        qb.push(&order)
            .push(" LIMIT ")
            .push_bind(i64::from(page.size))
            .push(" OFFSET ")
            .push_bind(skip)
            .push(")")
            .push(&order);
        return qb;
    }
    let mut qb = list_query::<B>(company, filter, how);
    qb.push(&order)
        .push(" LIMIT ")
        .push_bind(i64::from(page.size))
        .push(" OFFSET ")
        .push_bind(skip);
    qb
}

/// How many people pass the filter.
pub(crate) fn count_query<B: Backend>(company: CompanyId, filter: &PersonFilter, how: Finding) -> Sql<'_> {
    let mut count = Sql::new("SELECT COUNT(*) FROM people p").planned_each_time();
    push_filters::<B>(&mut count, company, filter, how);
    count
}

/// The next `limit` people after `seq` in creation order.
pub(crate) fn after_query<B: Backend>(
    company: CompanyId,
    filter: &PersonFilter,
    how: Finding,
    after: Option<i64>,
    limit: u32,
) -> Sql<'_> {
    let mut qb = list_query::<B>(company, filter, how);
    let seq = how.seq::<B>();
    if let Some(after) = after {
        qb.push(&format!(" AND {seq} > ")).push_bind(after);
    }
    qb.push(&format!(" ORDER BY {seq} LIMIT ")).push_bind(i64::from(limit));
    qb
}

/// People read by the backend's direct reader when it has one, else through the pool.
pub(super) async fn read_people<B: Backend>(store: &SqlStore<B>, q: Sql<'_>) -> StoreResult<Vec<Person>> {
    if let Some(direct) = B::direct_people(&store.local, &q) {
        if let Some(people) = direct.await {
            return people;
        }
    }
    people_on(&store.read, q).await
}

pub(super) async fn page<B: Backend>(
    store: &SqlStore<B>,
    company: CompanyId,
    filter: &PersonFilter,
    page: Page,
) -> StoreResult<(Vec<Person>, i64)> {
    if *filter == PersonFilter::default() {
        return super::page_anchors::anchored_page(store, company, page).await;
    }
    let how = finding(store, company, filter).await?;
    let total = count_with(store, company, filter, how).await?;
    let people = read_people(store, page_query::<B>(company, filter, how, page)).await?;
    Ok((people, total))
}

/// The people `q` reads, on a connection or pool.
pub(super) async fn people_on<'o, B: Backend>(on: impl Into<On<'o, B>>, q: Sql<'_>) -> StoreResult<Vec<Person>> {
    q.fetch_all(on).await?.iter().map(person).collect()
}

pub(super) async fn count<B: Backend>(
    store: &SqlStore<B>,
    company: CompanyId,
    filter: &PersonFilter,
) -> StoreResult<i64> {
    let how = finding(store, company, filter).await?;
    count_with(store, company, filter, how).await
}

async fn count_with<B: Backend>(
    store: &SqlStore<B>,
    company: CompanyId,
    filter: &PersonFilter,
    how: Finding,
) -> StoreResult<i64> {
    if *filter == PersonFilter::default() {
        // Kept by triggers (migrations 0005, 0016): counting a big company's rows costs more than
        // its page.
        let (people, _removed) = super::page_anchors::counts(&store.read, company).await?;
        return Ok(people);
    }
    let count = count_query::<B>(company, filter, how);
    if let Some(direct) = B::direct_count(&store.local, &count) {
        if let Some(n) = direct.await {
            return n;
        }
    }
    count.scalar(&store.read).await
}

pub(super) async fn after<B: Backend>(
    store: &SqlStore<B>,
    company: CompanyId,
    filter: &PersonFilter,
    after: Option<i64>,
    limit: u32,
) -> StoreResult<Vec<Person>> {
    let how = finding(store, company, filter).await?;
    read_people(store, after_query::<B>(company, filter, how, after, limit)).await
}

fn push_filters<'a, B: Backend>(qb: &mut Sql<'a>, company: CompanyId, f: &'a PersonFilter, how: Finding) {
    qb.push(" WHERE ")
        .push(how.company::<B>())
        .push(" = ")
        .push_bind(company.to_string());
    // Exact, found by the lowercase indexes (migration 0015).
    let bytes = B::BYTE_ORDER;
    for (col, value) in [
        ("first_name", &f.first_name),
        ("last_name", &f.last_name),
        ("employee_number", &f.employee_number),
    ] {
        if let Some(v) = value {
            qb.push(&format!(" AND lower(p.{col}){bytes} = lower("))
                .push_bind(v.as_str())
                .push(&format!(") AND p.{col} = "))
                .push_bind(v.as_str());
        }
    }
    if let Some(e) = &f.email {
        qb.push(&format!(" AND p.email_norm{bytes} = "))
            .push_bind(e.to_lowercase());
    }
    if let Some(s) = f.status {
        qb.push(" AND p.status = ").push_bind(s.as_str());
    }
    // A lookup's ids first (PostgreSQL: an array computed once, which the planner answers from
    // the id index whatever its statistics), else a membership check on each person walked.
    let (open, close) = match how {
        Finding::Lookup => (B::PEOPLE_IDS_OF.0, B::PEOPLE_IDS_OF.1),
        Finding::Walk | Finding::Cursor => (" AND p.id IN (", ")"),
    };
    if let Some(g) = f.group_id {
        qb.push(open)
            .push("SELECT person_id FROM person_groups WHERE group_id = ")
            .push_bind(g.to_string())
            .push(close);
    }
    if let Some(t) = f.tag_id {
        qb.push(open)
            .push("SELECT person_id FROM tag_instances WHERE tag_id = ")
            .push_bind(t.to_string())
            .push(close);
    }
    if let Some(j) = f.job_title_id {
        qb.push(" AND p.job_title_id = ").push_bind(j.to_string());
    }
    if let Some(login) = f.login {
        qb.push(match login {
            LoginState::None => " AND p.is_user = FALSE",
            LoginState::Invited => " AND p.is_user = TRUE AND p.invitation_pending = TRUE",
            LoginState::Active => " AND p.is_user = TRUE AND p.invitation_pending = FALSE",
        });
    }
    if let Some(text) = f.search.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        super::people_search::push_search::<B>(qb, company, text);
    }
    for (field, key) in &f.custom {
        qb.push(open)
            .push("SELECT person_id FROM person_field_keys WHERE field_id = ")
            .push_bind(field.to_string())
            .push(" AND key = ")
            .push_bind(key.as_str())
            .push(close);
    }
    for (cond, value) in [
        (" AND p.created_at >= ", f.created_from),
        (" AND p.created_at <= ", f.created_to),
        (" AND p.updated_at >= ", f.updated_from),
        (" AND p.updated_at <= ", f.updated_to),
    ] {
        if let Some(v) = value {
            qb.push(cond).push_bind(v);
        }
    }
}
