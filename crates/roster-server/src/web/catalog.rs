//! The pages of the company's catalogs (groups, tags, job titles), for its admins: a list with the
//! form of a new item, and an item's page with its form and its deletion. Each catalog says its
//! fields and which body and store calls it uses (`catalogs.rs`): the API's own bodies and store
//! calls, so the same rules and messages, shown next to the field they name.
use super::forms::{see_other, AdminForm, AdminPage};
use super::layout::{page, Bar};
use super::{unavailable, Viewer};
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use maud::{html, Markup};
use roster_core::store::StoreResult;
use roster_core::{CompanyId, Store, StoreError};
use serde_json::{Map, Value};
use std::future::Future;

/// How a field is edited.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Check,
    Number,
}

pub struct Field {
    /// The key of the API's body.
    pub key: &'static str,
    pub label: &'static str,
    pub kind: Kind,
    /// Asked for on the list's form of a new item (the rest on the item's page).
    pub on_create: bool,
}

pub trait Catalog: Sized + Send + Sync + 'static {
    /// `/groups`.
    const PATH: &'static str;
    /// `Groups`.
    const TITLE: &'static str;
    /// `group`.
    const ONE: &'static str;
    const FIELDS: &'static [Field];

    fn id(&self) -> String;
    fn name(&self) -> &str;
    /// A field's stored value as the form shows it (`true`/`false` for a box).
    fn value(&self, key: &str) -> Option<String>;
    fn all(store: &dyn Store, company: CompanyId) -> impl Future<Output = StoreResult<Vec<Self>>> + Send;
    /// The company's item of that id; `NotFound` for an id that is none.
    fn one(store: &dyn Store, company: CompanyId, id: &str) -> impl Future<Output = StoreResult<Self>> + Send;
    /// Creates an item from the API's body; answers its id.
    fn create(
        store: &dyn Store,
        company: CompanyId,
        body: Value,
    ) -> impl Future<Output = Result<String, ApiError>> + Send;
    fn update(
        store: &dyn Store,
        company: CompanyId,
        item: &Self,
        body: Value,
    ) -> impl Future<Output = Result<(), ApiError>> + Send;
    fn delete(store: &dyn Store, company: CompanyId, item: &Self) -> impl Future<Output = StoreResult<()>> + Send;
    /// More of the item's page (a group's people).
    fn more(_store: &dyn Store, _company: CompanyId, _item: &Self) -> impl Future<Output = StoreResult<Markup>> + Send {
        async { Ok(html! {}) }
    }
}

/// The catalog's routes: `PATH`, `PATH/{id}`, `PATH/{id}/delete`.
pub fn routes<C: Catalog>() -> Router<AppState> {
    Router::new()
        .route(C::PATH, get(list::<C>).post(create::<C>))
        .route(&format!("{}/{{id}}", C::PATH), get(show::<C>).post(update::<C>))
        .route(&format!("{}/{{id}}/delete", C::PATH), post(delete::<C>))
}

/// A form post as the API's JSON body: empty text is `null`, an unchecked box `false`, a number
/// read as one (anything else is left for the body to refuse, naming the field).
fn body_of<C: Catalog>(pairs: &[(String, String)], creating: bool) -> Value {
    let mut body = Map::new();
    for f in C::FIELDS.iter().filter(|f| !creating || f.on_create) {
        let sent = super::forms::value(pairs, f.key).filter(|v| !v.is_empty());
        let value = match (f.kind, sent) {
            (Kind::Check, sent) => Value::from(sent.is_some()),
            (_, None) => Value::Null,
            (Kind::Number, Some(v)) => v
                .parse::<i64>()
                .map(Value::from)
                .or_else(|_| v.parse::<f64>().map(Value::from))
                .unwrap_or_else(|_| Value::from(v)),
            (Kind::Text, Some(v)) => Value::from(v),
        };
        body.insert(f.key.into(), value);
    }
    Value::Object(body)
}

fn error_for<'a>(problem: Option<&'a ApiError>, key: &str) -> Option<&'a str> {
    problem
        .filter(|p| p.field.as_deref() == Some(key))
        .map(|p| p.details.as_ref())
}

/// A refusal that names no field of the form, shown above it.
fn general<C: Catalog>(problem: Option<&ApiError>) -> Option<&str> {
    problem
        .filter(|p| {
            !p.field
                .as_deref()
                .is_some_and(|f| f == "confirm" || C::FIELDS.iter().any(|x| x.key == f))
        })
        .map(|p| p.details.as_ref())
}

/// The fields of a form: the refused form's values, else the item's (if any).
fn fields<C: Catalog>(item: Option<&C>, problem: Option<&ApiError>, sent: Option<&[(String, String)]>) -> Markup {
    let creating = item.is_none();
    html! {
        @for f in C::FIELDS.iter().filter(|f| !creating || f.on_create) {
            @let shown = match sent {
                Some(s) => super::forms::value(s, f.key).map(str::to_owned),
                None => item.and_then(|i| i.value(f.key)),
            };
            @let err = error_for(problem, f.key);
            @if f.kind == Kind::Check {
                label { input type="checkbox" name=(f.key) checked[shown.as_deref().is_some_and(|v| v == "true" || v == "on")]; " " (f.label) }
            } @else {
                label for=(f.key) { (f.label) }
                input id=(f.key) type="text" name=(f.key) value=[shown] inputmode=[(f.kind == Kind::Number).then_some("decimal")]
                    aria-invalid=[err.map(|_| "true")] aria-describedby=[err.map(|_| format!("{}-error", f.key))];
            }
            @if let Some(m) = err { p.alert id={ (f.key) "-error" } role="alert" { (m) } }
        }
    }
}

fn list_markup<C: Catalog>(
    csrf: &str,
    bar: &Bar<'_>,
    items: &[C],
    problem: Option<&ApiError>,
    sent: Option<&[(String, String)]>,
) -> Markup {
    page(
        C::TITLE,
        csrf,
        Some(bar),
        html! {
            main {
                h1 { (C::TITLE) }
                ul {
                    @for i in items { li { a href={ (C::PATH) "/" (i.id()) } { (i.name()) } } }
                }
                h2 { "New " (C::ONE) }
                @if let Some(m) = general::<C>(problem) { p.alert role="alert" { (m) } }
                form method="post" action=(C::PATH) {
                    input type="hidden" name="csrf_token" value=(csrf);
                    (fields::<C>(None, problem, sent))
                    p { button type="submit" { "Create" } }
                }
            }
        },
    )
}

fn item_markup<C: Catalog>(
    csrf: &str,
    bar: &Bar<'_>,
    item: &C,
    more: Markup,
    problem: Option<&ApiError>,
    sent: Option<&[(String, String)]>,
) -> Markup {
    let at = format!("{}/{}", C::PATH, item.id());
    page(
        item.name(),
        csrf,
        Some(bar),
        html! {
            main {
                p { a href=(C::PATH) { "← " (C::TITLE) } }
                h1 { (item.name()) }
                @if let Some(m) = general::<C>(problem) { p.alert role="alert" { (m) } }
                form method="post" action=(at) {
                    input type="hidden" name="csrf_token" value=(csrf);
                    (fields::<C>(Some(item), problem, sent))
                    p { button type="submit" { "Save" } }
                }
                (more)
                form method="post" action={ (at) "/delete" } {
                    input type="hidden" name="csrf_token" value=(csrf);
                    label { input type="checkbox" name="confirm" value="yes"; " Delete " (item.name()) }
                    @if let Some(m) = error_for(problem, "confirm") { p.alert id="confirm-error" role="alert" { (m) } }
                    p { button.secondary type="submit" { "Delete" } }
                }
            }
        },
    )
}

async fn list_page<C: Catalog>(
    state: &AppState,
    b: &super::browser::Browser,
    v: &Viewer,
    status: StatusCode,
    problem: Option<ApiError>,
    sent: Option<&[(String, String)]>,
) -> Response {
    match C::all(state.store.as_ref(), v.company.id).await {
        Ok(items) => b.page(status, list_markup(&b.csrf, &v.bar(), &items, problem.as_ref(), sent)),
        Err(e) => unavailable(b, e),
    }
}

async fn item_page<C: Catalog>(
    state: &AppState,
    b: &super::browser::Browser,
    v: &Viewer,
    item: &C,
    status: StatusCode,
    problem: Option<ApiError>,
    sent: Option<&[(String, String)]>,
) -> Response {
    match C::more(state.store.as_ref(), v.company.id, item).await {
        Ok(more) => b.page(
            status,
            item_markup(&b.csrf, &v.bar(), item, more, problem.as_ref(), sent),
        ),
        Err(e) => unavailable(b, e),
    }
}

fn not_found<C: Catalog>(b: &super::browser::Browser, v: &Viewer) -> Response {
    let text = format!("There is no such {} in this company.", C::ONE);
    b.page(
        StatusCode::NOT_FOUND,
        super::pages::message(&b.csrf, Some(&v.bar()), &text),
    )
}

/// The company's item of the path, or the answer to give instead.
async fn find<C: Catalog>(state: &AppState, b: &super::browser::Browser, v: &Viewer, id: &str) -> Result<C, Response> {
    match C::one(state.store.as_ref(), v.company.id, id).await {
        Ok(i) => Ok(i),
        Err(StoreError::NotFound(_)) => Err(not_found::<C>(b, v)),
        Err(e) => Err(unavailable(b, e)),
    }
}

pub async fn list<C: Catalog>(State(state): State<AppState>, AdminPage { b, v }: AdminPage) -> Response {
    list_page::<C>(&state, &b, &v, StatusCode::OK, None, None).await
}

pub async fn create<C: Catalog>(State(state): State<AppState>, AdminForm { b, v, pairs }: AdminForm) -> Response {
    match C::create(state.store.as_ref(), v.company.id, body_of::<C>(&pairs, true)).await {
        Ok(id) => see_other(format!("{}/{id}", C::PATH)),
        Err(e) => list_page::<C>(&state, &b, &v, e.status, Some(e), Some(&pairs)).await,
    }
}

pub async fn show<C: Catalog>(
    State(state): State<AppState>,
    Path(id): Path<String>,
    AdminPage { b, v }: AdminPage,
) -> Response {
    match find::<C>(&state, &b, &v, &id).await {
        Ok(item) => item_page(&state, &b, &v, &item, StatusCode::OK, None, None).await,
        Err(res) => res,
    }
}

pub async fn update<C: Catalog>(
    State(state): State<AppState>,
    Path(id): Path<String>,
    AdminForm { b, v, pairs }: AdminForm,
) -> Response {
    let item = match find::<C>(&state, &b, &v, &id).await {
        Ok(i) => i,
        Err(res) => return res,
    };
    match C::update(state.store.as_ref(), v.company.id, &item, body_of::<C>(&pairs, false)).await {
        Ok(()) => see_other(format!("{}/{}", C::PATH, item.id())),
        Err(e) => item_page(&state, &b, &v, &item, e.status, Some(e), Some(&pairs)).await,
    }
}

/// Deletes the item once the box confirming it is checked; a refusal of the store (a group with
/// active people) is shown on the item's page.
pub async fn delete<C: Catalog>(
    State(state): State<AppState>,
    Path(id): Path<String>,
    AdminForm { b, v, pairs }: AdminForm,
) -> Response {
    let item = match find::<C>(&state, &b, &v, &id).await {
        Ok(i) => i,
        Err(res) => return res,
    };
    if super::forms::value(&pairs, "confirm") != Some("yes") {
        let problem = roster_core::Invalid::new(
            "confirm",
            "confirmationRequired",
            "Check the box to confirm the deletion.",
        );
        return item_page(
            &state,
            &b,
            &v,
            &item,
            StatusCode::BAD_REQUEST,
            Some(problem.into()),
            None,
        )
        .await;
    }
    match C::delete(state.store.as_ref(), v.company.id, &item).await {
        Ok(()) => see_other(C::PATH.to_owned()),
        Err(StoreError::NotFound(_)) => not_found::<C>(&b, &v),
        Err(e @ StoreError::InUse { .. }) => {
            let e = ApiError::from(e);
            item_page(&state, &b, &v, &item, e.status, Some(e), None).await
        }
        Err(e) => unavailable(&b, e),
    }
}
