//! The groups pages (admins of the company): list, create, edit, delete. A form becomes the API's
//! own body (`GroupBody`) and goes through the same conversion and store calls as the API's group
//! routes: the same rules (a group with active people cannot be deleted) and messages.
use super::browser::Browser;
use super::forms::{see_other, value};
use super::forms::{AdminForm, AdminPage};
use super::group_pages::{self, GroupPage};
use super::{unavailable, Viewer};
use crate::bodies::catalog::GroupBody;
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use roster_core::model::{Group, Page, PersonFilter};
use roster_core::{GroupId, StoreError};
use serde_json::{Map, Value};

/// The form's fields, each a key of the API's group body.
pub const FIELDS: &[(&str, &str)] = &[
    ("name", "Name"),
    ("timezone", "Time zone (e.g. America/Chicago)"),
    ("contact_name", "Contact"),
    ("contact_number", "Contact's phone"),
    ("contact_email", "Contact's email"),
    ("address_1", "Address"),
    ("city_town", "City"),
    ("state_province", "State or province"),
    ("zipcode", "Zip code"),
    ("country", "Country"),
];

/// A form post as the API's JSON body (empty text: `null`).
fn body_of(pairs: &[(String, String)]) -> Value {
    let mut body = Map::new();
    for (key, _) in FIELDS {
        let v = value(pairs, key).filter(|v| !v.is_empty());
        body.insert((*key).into(), v.map_or(Value::Null, Value::from));
    }
    Value::Object(body)
}

/// GET `/groups`: the company's groups and the form of a new one.
pub async fn list(State(state): State<AppState>, AdminPage { b, v }: AdminPage) -> Response {
    list_page(&state, &b, &v, StatusCode::OK, None, None).await
}

async fn list_page(
    state: &AppState,
    b: &Browser,
    v: &Viewer,
    status: StatusCode,
    problem: Option<ApiError>,
    sent: Option<&[(String, String)]>,
) -> Response {
    match state.store.groups(v.company.id).await {
        Ok(groups) => b.page(
            status,
            group_pages::list(&b.csrf, &v.bar(), &groups, problem.as_ref(), sent),
        ),
        Err(e) => unavailable(b, e),
    }
}

/// POST `/groups`: creates a group, as the API's Create Group does.
pub async fn create(State(state): State<AppState>, AdminForm { b, v, pairs }: AdminForm) -> Response {
    let made = crate::bodies::parse::<GroupBody>(body_of(&pairs)).and_then(|g| g.create(v.company.id));
    let result = match made {
        Ok(group) => state
            .store
            .insert_group(&group)
            .await
            .map(|()| group.id)
            .map_err(ApiError::from),
        Err(e) => Err(e.into()),
    };
    match result {
        Ok(id) => see_other(format!("/groups/{id}")),
        Err(e) => list_page(&state, &b, &v, e.status, Some(e), Some(&pairs)).await,
    }
}

fn not_found(b: &Browser, v: &Viewer) -> Response {
    b.page(
        StatusCode::NOT_FOUND,
        super::pages::message(&b.csrf, Some(&v.bar()), "There is no such group in this company."),
    )
}

/// A group's page: its form, its people, its deletion.
async fn group_page(
    state: &AppState,
    b: &Browser,
    v: &Viewer,
    group: &Group,
    status: StatusCode,
    problem: Option<ApiError>,
    sent: Option<&[(String, String)]>,
) -> Response {
    let filter = PersonFilter {
        group_id: Some(group.id),
        ..PersonFilter::default()
    };
    let page = Page { index: 0, size: 200 };
    match state.store.people(v.company.id, &filter, page).await {
        Ok((people, total)) => {
            let view = GroupPage {
                group,
                people: &people,
                total,
                problem: problem.as_ref(),
                sent,
            };
            b.page(status, group_pages::group(&b.csrf, &v.bar(), &view))
        }
        Err(e) => unavailable(b, e),
    }
}

/// The company's group of the path, or the answer to give instead.
async fn find(state: &AppState, b: &Browser, v: &Viewer, id: &str) -> Result<Group, Response> {
    let Ok(id) = id.parse::<GroupId>() else {
        return Err(not_found(b, v));
    };
    match state.store.group(v.company.id, id).await {
        Ok(g) => Ok(g),
        Err(StoreError::NotFound(_)) => Err(not_found(b, v)),
        Err(e) => Err(unavailable(b, e)),
    }
}

/// GET `/groups/{id}`.
pub async fn show(State(state): State<AppState>, AdminPage { b, v }: AdminPage, Path(id): Path<String>) -> Response {
    match find(&state, &b, &v, &id).await {
        Ok(g) => group_page(&state, &b, &v, &g, StatusCode::OK, None, None).await,
        Err(res) => res,
    }
}

/// POST `/groups/{id}`: changes the group, as the API's Update Group does.
pub async fn update(
    State(state): State<AppState>,
    Path(id): Path<String>,
    AdminForm { b, v, pairs }: AdminForm,
) -> Response {
    let group = match find(&state, &b, &v, &id).await {
        Ok(g) => g,
        Err(res) => return res,
    };
    let result = match crate::bodies::parse::<GroupBody>(body_of(&pairs)) {
        Ok(body) => state
            .store
            .update_group(v.company.id, group.id, &|g| body.update(g))
            .await
            .map_err(ApiError::from),
        Err(e) => Err(e.into()),
    };
    match result {
        Ok(g) => see_other(format!("/groups/{}", g.id)),
        Err(e) => group_page(&state, &b, &v, &group, e.status, Some(e), Some(&pairs)).await,
    }
}

/// POST `/groups/{id}/delete`: deletes the group once confirmed; refused while it has active
/// people (the page names them).
pub async fn delete(
    State(state): State<AppState>,
    Path(id): Path<String>,
    AdminForm { b, v, pairs }: AdminForm,
) -> Response {
    let group = match find(&state, &b, &v, &id).await {
        Ok(g) => g,
        Err(res) => return res,
    };
    if value(&pairs, "confirm") != Some("yes") {
        let problem = roster_core::Invalid::new(
            "confirm",
            "confirmationRequired",
            "Check the box to confirm the deletion.",
        );
        return group_page(
            &state,
            &b,
            &v,
            &group,
            StatusCode::BAD_REQUEST,
            Some(problem.into()),
            None,
        )
        .await;
    }
    match state.store.delete_group(v.company.id, group.id).await {
        Ok(()) => see_other("/groups".into()),
        Err(StoreError::NotFound(_)) => not_found(&b, &v),
        Err(e @ StoreError::InUse { .. }) => {
            let e = ApiError::from(e);
            group_page(&state, &b, &v, &group, e.status, Some(e), None).await
        }
        Err(e) => unavailable(&b, e),
    }
}
