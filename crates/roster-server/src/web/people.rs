//! The people list (admins of the company): search as you type, filters by status, group and
//! login state, paging, counts; and the same list exported as CSV, streamed.
use super::forms::AdminPage;
use super::{pages, unavailable};
use crate::routes::people::list::batches;
use crate::state::AppState;
use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use futures::StreamExt;
use roster_core::model::{Group, LoginState, Page, Person, PersonFilter, PersonSort, Status};
use roster_core::{CompanyId, Store};
use std::sync::Arc;

/// People a page of the list.
const PAGE_SIZE: u32 = 50;
/// People the export reads from the store at a time.
const EXPORT_BATCH: u32 = 500;

/// The list's query: `q`, `status`, `group`, `page`.
#[derive(Default, Clone)]
pub struct ListQuery {
    pub search: String,
    pub status: Option<Status>,
    pub group: Option<roster_core::GroupId>,
    pub tag: Option<roster_core::TagId>,
    pub job_title: Option<roster_core::JobTitleId>,
    pub login: Option<LoginState>,
    pub sort: PersonSort,
    pub page: u32,
}

impl ListQuery {
    fn parse(query: Option<&str>) -> Self {
        let mut q = Self::default();
        for (k, v) in form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
            match k.as_ref() {
                "q" => q.search = v.chars().take(100).collect(),
                "status" => q.status = Status::parse(&v),
                "group" => q.group = v.parse().ok(),
                "tag" => q.tag = v.parse().ok(),
                "job_title" => q.job_title = v.parse().ok(),
                "login" => q.login = LoginState::parse(&v),
                "sort" => q.sort = PersonSort::parse(&v).unwrap_or_default(),
                "page" => q.page = v.parse().unwrap_or(0).min(1_000_000),
                _ => {}
            }
        }
        q
    }

    fn filter(&self) -> PersonFilter {
        PersonFilter {
            search: Some(self.search.clone()).filter(|s| !s.trim().is_empty()),
            status: self.status,
            group_id: self.group,
            tag_id: self.tag,
            job_title_id: self.job_title,
            login: self.login,
            sort: self.sort,
            ..PersonFilter::default()
        }
    }

    /// The query string of this list at another page (or, `None`, of its export).
    pub fn link(&self, page: Option<u32>) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        s.append_pair("q", &self.search);
        if let Some(st) = self.status {
            s.append_pair("status", st.as_str());
        }
        for (key, value) in [
            ("group", self.group.map(|g| g.to_string())),
            ("tag", self.tag.map(|t| t.to_string())),
            ("job_title", self.job_title.map(|j| j.to_string())),
            ("login", self.login.map(|l| l.as_str().to_owned())),
            (
                "sort",
                Some(self.sort)
                    .filter(|s| *s != PersonSort::default())
                    .map(|s| s.as_str().to_owned()),
            ),
        ] {
            if let Some(v) = value {
                s.append_pair(key, &v);
            }
        }
        match page {
            Some(p) => format!("/people?{}", s.append_pair("page", &p.to_string()).finish()),
            None => format!("/people/export.csv?{}", s.finish()),
        }
    }
}

/// GET `/people`.
pub async fn list(State(state): State<AppState>, AdminPage { b, v }: AdminPage, RawQuery(query): RawQuery) -> Response {
    let q = ListQuery::parse(query.as_deref());
    let page = Page {
        index: q.page,
        size: PAGE_SIZE,
    };
    let (groups, tags, titles) = match (
        state.store.groups(v.company.id).await,
        state.store.tags(v.company.id).await,
        state.store.job_titles(v.company.id).await,
    ) {
        (Ok(g), Ok(t), Ok(j)) => (g, t, j),
        (Err(e), ..) | (_, Err(e), _) | (.., Err(e)) => return unavailable(&b, e),
    };
    match state.store.people(v.company.id, &q.filter(), page).await {
        Ok((people, total)) => {
            let pending: Vec<_> = people.iter().filter(|p| p.invitation_pending).map(|p| p.id).collect();
            let invited = match state.store.invited_since(&pending).await {
                Ok(i) => i,
                Err(e) => return unavailable(&b, e),
            };
            let list = pages::PeopleList {
                invited: &invited,
                people: &people,
                total,
                at: page,
                query: &q,
                groups: &groups,
                tags: &tags,
                titles: &titles,
            };
            b.page(StatusCode::OK, pages::people(&b.csrf, &v.bar(), &list))
        }
        Err(e) => unavailable(&b, e),
    }
}

/// GET `/people/export.csv`: every person of the list (its search and filters), as CSV.
pub async fn export(
    State(state): State<AppState>,
    AdminPage { b, v }: AdminPage,
    RawQuery(query): RawQuery,
) -> Response {
    let groups = match state.store.groups(v.company.id).await {
        Ok(g) => g,
        Err(e) => return unavailable(&b, e),
    };
    let filter = ListQuery::parse(query.as_deref()).filter();
    let body = Body::from_stream(rows(state.store.clone(), v.company.id, filter, groups));
    super::forms::csv_download(body, "people.csv")
}

const HEADER: &str = "id,procore_person_id,first_name,last_name,email,phone,employee_number,status,groups,login\r\n";

/// One CSV field: quoted when it must be; a value a spreadsheet would run as a formula
/// (`=`, `+`, `-`, `@`) is written with a leading `'`.
pub(super) fn csv_field(out: &mut String, value: &str) {
    let value = if value.starts_with(['=', '+', '-', '@']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(&value);
    }
}

fn row(out: &mut String, p: &Person, groups: &[Group]) {
    let d = &p.data;
    let names: Vec<&str> = p
        .group_ids
        .iter()
        .filter_map(|id| groups.iter().find(|g| g.id == *id).map(|g| g.name.as_str()))
        .collect();
    let login = LoginState::of(p).as_str();
    let values = [
        p.id.to_string(),
        p.procore_id.to_string(),
        d.first_name.clone(),
        d.last_name.clone(),
        d.email.as_ref().map(|e| e.as_str().to_owned()).unwrap_or_default(),
        d.phone.as_ref().map(|p| p.as_str().to_owned()).unwrap_or_default(),
        d.employee_number.clone().unwrap_or_default(),
        d.status.as_str().to_owned(),
        names.join("; "),
        login.to_owned(),
    ];
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        csv_field(out, v);
    }
    out.push_str("\r\n");
}

/// The header, then the people `EXPORT_BATCH` at a time (`routes::people::list::batches`). A
/// store error part way ends the body early.
fn rows(
    store: Arc<dyn Store>,
    company: CompanyId,
    filter: PersonFilter,
    groups: Vec<Group>,
) -> impl futures::Stream<Item = Result<Bytes, std::io::Error>> + Send {
    batches(store, company, filter, EXPORT_BATCH).map(move |batch| {
        let batch = batch?;
        let mut out = String::with_capacity(batch.people.len() * 120 + HEADER.len());
        if batch.first {
            out.push_str(HEADER);
        }
        for p in &batch.people {
            row(&mut out, p, &groups);
        }
        Ok(Bytes::from(out))
    })
}
