//! The people lists (`/people`, a group's people): every match as one bare array, streamed batch by
//! batch so that a company of a million people never sits in memory; or, with `page` or
//! `per_page`, one page, which LaborChart's mount answers as `{possible_pages, current_page, data}`
//! (its read page) and the facade as the bare array its spec prints.
use crate::auth::{Mount, Tenant};
use crate::bodies::people::PeopleQuery;
use crate::bodies::query::QueryOf;
use crate::error::ApiResult;
use crate::state::AppState;
use crate::views::{PeopleAnswer, PeoplePageView, PersonView};
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use futures::StreamExt;
use roster_core::model::{custom_filters, Company, Page, Person, PersonFilter, PEOPLE_PAGE_SIZE};
use roster_core::{CompanyId, GroupId, Store};
use std::sync::Arc;

/// People a streamed list reads from the store at a time.
const STREAM_BATCH: u32 = 500;

/// All people, or one page; the `Total` header counts every match.
#[utoipa::path(
    get,
    path = "/v2/companies/{company_id}/people",
    tag = "people",
    params(("company_id" = String, Path, description = "Procore integer id or LaborChart UUID"), PeopleQuery),
    responses((status = 200, body = PeopleAnswer,
        description = "Without `page` and `per_page`: every match, a bare array. With either: one page, as \
            `{possible_pages, current_page, data}` on LaborChart's mount and as a bare array on the facade.",
        headers(("Total" = i64, description = "people matching the filters"))),
        (status = 400, body = crate::views::ErrorView)),
    security(("bearer" = []))
)]
pub async fn list(
    State(state): State<AppState>,
    Extension(mount): Extension<Mount>,
    Tenant(company): Tenant,
    QueryOf(query): QueryOf<PeopleQuery>,
) -> ApiResult<Response> {
    list_people(&state, mount, &company, &query, None).await
}

/// A people list, of the company or of one group, in the mount's shape.
pub async fn list_people(
    state: &AppState,
    mount: Mount,
    company: &Company,
    query: &PeopleQuery,
    group: Option<GroupId>,
) -> ApiResult<Response> {
    let custom = if query.custom.is_empty() {
        Vec::new()
    } else {
        let fields = state.store.custom_fields(company.id).await?;
        let keys: Vec<(String, String)> = query.custom.clone().into_iter().collect();
        custom_filters(&fields, &keys)?
    };
    let filter = PersonFilter {
        group_id: group,
        custom,
        ..query.filter()
    };
    if query.page.is_none() && query.per_page.is_none() {
        let total = state.store.people_count(company.id, &filter).await?;
        let mut res = Body::from_stream(every_match(state.store.clone(), company.id, filter)).into_response();
        res.headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        res.headers_mut().insert("total", total.into());
        return Ok(res);
    }
    let page = Page {
        index: query.page.map_or(0, |p| p.0),
        size: query.per_page.map_or(PEOPLE_PAGE_SIZE, |p| p.0).max(1),
    };
    let (people, total) = state.store.people(company.id, &filter, page).await?;
    let data: Vec<PersonView> = people.into_iter().map(Into::into).collect();
    let mut res = match mount {
        Mount::LaborChart => Json(PeoplePageView {
            possible_pages: (total.max(0) as u64).div_ceil(u64::from(page.size)),
            current_page: page.index,
            data,
        })
        .into_response(),
        Mount::Procore => Json(data).into_response(),
    };
    res.headers_mut().insert("total", total.into());
    Ok(res)
}

/// A batch of a streamed list of people, and where it stands in the list.
pub struct Batch {
    pub people: Vec<Person>,
    pub first: bool,
    pub last: bool,
}

/// Every match, `size` people at a time after the last one read (by integer id, so each batch is
/// an indexed range, however deep); the stream ends after a short batch, or after an error, which
/// is logged.
pub fn batches(
    store: Arc<dyn Store>,
    company: CompanyId,
    filter: PersonFilter,
    size: u32,
) -> impl futures::Stream<Item = Result<Batch, std::io::Error>> + Send {
    // The state between batches: `None` before the first, then the integer id of the last person
    // read; `None` outside once the stream is over.
    futures::stream::unfold(Some(None::<i64>), move |state| {
        let (store, filter) = (store.clone(), filter.clone());
        async move {
            let after = state?;
            match store.people_after(company, &filter, after, size).await {
                Ok(people) => {
                    let last = people.len() < size as usize;
                    let next = people.last().map(|p| p.procore_id);
                    let batch = Batch {
                        people,
                        first: after.is_none(),
                        last,
                    };
                    Some((Ok(batch), (!last).then_some(next)))
                }
                Err(e) => {
                    tracing::error!(error = %e, "people stream ended early");
                    Some((Err(std::io::Error::other(e.to_string())), None))
                }
            }
        }
    })
}

/// Every match as one JSON array, `STREAM_BATCH` people at a time. A store error part way ends
/// the body early, which the client sees as a broken response rather than a short list.
fn every_match(
    store: Arc<dyn Store>,
    company: CompanyId,
    filter: PersonFilter,
) -> impl futures::Stream<Item = Result<Bytes, std::io::Error>> + Send {
    batches(store, company, filter, STREAM_BATCH).map(|batch| {
        let batch = batch?;
        let mut buf = Vec::with_capacity(batch.people.len() * 700 + 2);
        // The first batch opens the array; every person but the very first follows a comma.
        if batch.first {
            buf.push(b'[');
        }
        for (i, person) in batch.people.into_iter().enumerate() {
            if i > 0 || !batch.first {
                buf.push(b',');
            }
            serde_json::to_writer(&mut buf, &PersonView::from(person)).map_err(std::io::Error::other)?;
        }
        if batch.last {
            buf.push(b']');
        }
        Ok(Bytes::from(buf))
    })
}
