//! Keyset under the page number: a numbered page of a company's unfiltered people list, in
//! creation order, read from where it starts (`seq >= anchor`) instead of past every person before
//! it (`OFFSET`). Page 2,000 of 400 then costs what page 0 does.
//!
//! Where each served page starts, and where the next one does, is remembered in the process, with
//! the company's count of removals (`people_counts.removed`, moved by the delete trigger) at the
//! time. An anchor is used only while that count is unchanged, and only if it was taken from a
//! settled read, one that no smaller `seq` can commit after: creates then only append to this
//! order, and any delete invalidates every anchor of its company. On SQLite every read is settled
//! (one writer: `seq` grows in commit order). On PostgreSQL concurrent transactions may commit a
//! smaller `seq` after a larger one, so a page that would leave an anchor is read in one
//! repeatable-read snapshot, then checked (`Backend::SETTLED_CHECK`): no insert into people was in
//! flight after it, and the company's counts are what the snapshot saw. Under a steady create load
//! that rarely holds, and far pages pay `OFFSET` until it does. The removal check is in the page's
//! own statement, so a page read from an anchor is the page of one snapshot. A process-wide bound
//! keeps the memory small.
use super::backend::{Backend, On, Sql};
use super::cells::get;
use super::people_list::{list_query, page_query, people_on, read_people, Finding};
use super::SqlStore;
use roster_core::model::{Page, Person, PersonFilter};
use roster_core::store::StoreResult;
use roster_core::{CompanyId, StoreError};
use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

/// Anchors kept in all, at most (each a few dozen bytes); past it they are all forgotten.
const MAX_ANCHORS: usize = 100_000;

/// Page `index` of `size` people starts at `seq`, as of the company's `removed` count.
#[derive(Default)]
pub struct PageAnchors {
    pages: Mutex<Anchors>,
}

#[derive(Default)]
struct Anchors {
    /// (company, page size) → page index → (removed, seq).
    by_list: HashMap<(CompanyId, u32), BTreeMap<u32, (i64, i64)>>,
    count: usize,
}

impl PageAnchors {
    /// The nearest anchored page at or before `index` valid as of `removed`: its index and seq.
    pub fn nearest(&self, company: CompanyId, size: u32, index: u32, removed: i64) -> Option<(u32, i64)> {
        let pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        let list = pages.by_list.get(&(company, size))?;
        list.range(..=index)
            .rev()
            .find(|(_, (r, _))| *r == removed)
            .map(|(i, (_, seq))| (*i, *seq))
    }

    /// Page `index` starts at `seq` as of `removed`.
    pub fn remember(&self, company: CompanyId, size: u32, index: u32, removed: i64, seq: i64) {
        let mut pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        if pages.count >= MAX_ANCHORS {
            *pages = Anchors::default();
        }
        let list = pages.by_list.entry((company, size)).or_default();
        if list.insert(index, (removed, seq)).is_none() {
            pages.count += 1;
        }
    }
}

/// The company's people and removals: the list's total, and the count anchors are valid under
/// (summed: PostgreSQL keeps up to sixteen rows a company, SQLite one).
pub(crate) fn counts_query<'a>(company: CompanyId) -> Sql<'a> {
    Sql::new(format!(
        "SELECT {PEOPLE} AS people, {REMOVED} AS removed FROM people_counts WHERE company_id = $1"
    ))
    .bind(company.to_string())
}

const PEOPLE: &str = "CAST(COALESCE(SUM(people), 0) AS BIGINT)";
const REMOVED: &str = "CAST(COALESCE(SUM(removed), 0) AS BIGINT)";

/// Appends the condition and order of a page read from its anchor: `seq` from the anchor on,
/// `skip` people past it, and nothing at all if the company's removals moved from `removed`.
pub(crate) fn push_from_anchor(q: &mut Sql<'_>, company: CompanyId, seq: i64, removed: i64, skip: i64, size: u32) {
    q.push(" AND p.seq >= ")
        .push_bind(seq)
        .push(&format!(
            " AND (SELECT {REMOVED} FROM people_counts WHERE company_id = "
        ))
        .push_bind(company.to_string())
        .push(") = ")
        .push_bind(removed)
        .push(" ORDER BY p.seq LIMIT ")
        .push_bind(i64::from(size))
        .push(" OFFSET ")
        .push_bind(skip);
}

/// A page of the unfiltered list, read from the nearest anchor at or before it when there is
/// one; a settled read leaves anchors for itself and the page after it.
pub(super) async fn anchored_page<B: Backend>(
    store: &SqlStore<B>,
    company: CompanyId,
    page: Page,
) -> StoreResult<(Vec<Person>, i64)> {
    let everyone = PersonFilter::default();
    let (total, removed) = counts(&store.read, company).await?;
    let anchor = store.anchors.nearest(company, page.size, page.index, removed);
    let Some((begin, check)) = B::SETTLED_CHECK else {
        // Every read is settled.
        let people = match anchor_query::<B>(company, &everyone, page, anchor, removed) {
            Some(q) => read_people(store, q).await?,
            None => Vec::new(),
        };
        let people = match people.is_empty() {
            false => people,
            // No anchor, or removals since (or past the end): counted from the list's start.
            true => read_people(store, page_query::<B>(company, &everyone, Finding::Walk, page)).await?,
        };
        remember(&store.anchors, company, page, removed, &people);
        return Ok((people, total));
    };
    if anchor.is_some_and(|(from, _)| from == page.index) {
        if let Some(q) = anchor_query::<B>(company, &everyone, page, anchor, removed) {
            let people = people_on(&store.read, q).await?;
            if !people.is_empty() {
                return Ok((people, total));
            }
        }
    }
    // In its own task, so that a client going away does not cut the read off before its check:
    // the anchors it earns are kept either way.
    let (pool, anchors) = (store.read.clone(), store.anchors.clone());
    tokio::spawn(async move { settled_page::<B>(&pool, &anchors, company, page, begin, check).await })
        .await
        .map_err(|e| StoreError::Other(format!("a page read stopped: {e}")))?
}

/// A page and the list's total read in one snapshot (`begin`), remembered as anchors when `check`
/// then finds no insert into people in flight and the company's counts unmoved.
async fn settled_page<B: Backend>(
    pool: &sqlx::Pool<B>,
    anchors: &PageAnchors,
    company: CompanyId,
    page: Page,
    begin: &'static str,
    check: &'static str,
) -> StoreResult<(Vec<Person>, i64)> {
    let everyone = PersonFilter::default();
    let mut tx = super::backend::begin_with(pool, begin).await?;
    let (total, removed) = counts(&mut tx, company).await?;
    let anchor = anchors.nearest(company, page.size, page.index, removed);
    let mut people = Vec::new();
    if let Some(q) = anchor_query::<B>(company, &everyone, page, anchor, removed) {
        people = people_on(&mut tx, q).await?;
    }
    if people.is_empty() {
        people = people_on(&mut tx, page_query::<B>(company, &everyone, Finding::Walk, page)).await?;
    }
    tx.commit().await.map_err(B::db_err)?;
    let free: bool = Sql::new(check).planned_each_time().scalar(pool).await?;
    if free && counts(pool, company).await? == (total, removed) {
        remember(anchors, company, page, removed, &people);
    }
    Ok((people, total))
}

/// The company's people (the unfiltered list's total) and removals.
pub(super) async fn counts<'o, B: Backend>(on: impl Into<On<'o, B>>, company: CompanyId) -> StoreResult<(i64, i64)> {
    match counts_query(company).fetch_optional(on).await? {
        Some(row) => Ok((get(&row, "people")?, get(&row, "removed")?)),
        None => Ok((0, 0)),
    }
}

/// The page of `everyone` read from `anchor` (`None` without one).
fn anchor_query<B: Backend>(
    company: CompanyId,
    everyone: &PersonFilter,
    page: Page,
    anchor: Option<(u32, i64)>,
    removed: i64,
) -> Option<Sql<'_>> {
    let (from, seq) = anchor?;
    let mut q = list_query::<B>(company, everyone, Finding::Walk);
    let skip = i64::from(page.index - from) * i64::from(page.size);
    push_from_anchor(&mut q, company, seq, removed, skip, page.size);
    Some(q)
}

/// Anchors for the page just read (settled) and, when it is full, for the page after it.
fn remember(anchors: &PageAnchors, company: CompanyId, page: Page, removed: i64, people: &[Person]) {
    if let (Some(first), Some(last)) = (people.first(), people.last()) {
        anchors.remember(company, page.size, page.index, removed, first.procore_id);
        if people.len() == page.size as usize {
            anchors.remember(company, page.size, page.index + 1, removed, last.procore_id + 1);
        }
    }
}
