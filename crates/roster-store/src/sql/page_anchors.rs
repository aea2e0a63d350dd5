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
use super::backend::Sql;
use roster_core::CompanyId;
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
