//! The person page of the web app: view and edit a person (admins of their company), create one,
//! delete one after a confirmation. A form is turned into the API's own body (`PersonBody`) and
//! goes through the same conversion and store call as the API's routes, so the rules and their
//! messages are the API's, shown next to the field they name.
use super::browser::Browser;
use super::forms::{see_other, value};
use super::forms::{AdminForm, AdminPage};
use super::person_pages::{self, PersonForm};
use super::{unavailable, Viewer};
use crate::bodies::people::PersonBody;
use crate::error::ApiError;
use crate::routes::people::change::update_person;
use crate::routes::people::create_person;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use roster_core::model::{CustomField, FieldType, Person};
use roster_core::{IdRef, StoreError};
use serde_json::{Map, Value};

/// The form's text fields, each a key of the API's person body.
pub const TEXT_FIELDS: &[(&str, &str)] = &[
    ("first_name", "First name"),
    ("last_name", "Last name"),
    ("email", "Email"),
    ("phone", "Phone"),
    ("employee_number", "Employee number"),
    ("address_1", "Address"),
    ("address_2", "Address (line 2)"),
    ("city_town", "City"),
    ("state_province", "State or province"),
    ("zipcode", "Zip code"),
    ("country", "Country"),
    ("emergency_contact_name", "Emergency contact"),
    ("emergency_contact_number", "Emergency contact's phone"),
    ("emergency_contact_email", "Emergency contact's email"),
    ("emergency_contact_relation", "Emergency contact's relation"),
];

/// The form's checkboxes.
pub const CHECKBOXES: &[(&str, &str)] = &[
    ("is_assignable", "Assignable to projects"),
    ("can_recieve_sms", "Receives text messages"),
    ("can_recieve_email", "Receives email"),
    ("can_recieve_mobile", "Receives mobile notifications"),
];

/// A form post as the API's JSON body: empty text is `null`, an unchecked box `false`, the
/// groups checked the person's groups, custom fields by their type.
fn body_of(pairs: &[(String, String)], fields: &[CustomField]) -> Value {
    let get = |k: &str| value(pairs, k).map(str::to_owned);
    let mut body = Map::new();
    for (key, _) in TEXT_FIELDS {
        let value = get(key).filter(|v| !v.is_empty());
        body.insert((*key).into(), value.map_or(Value::Null, Value::from));
    }
    for (key, _) in CHECKBOXES {
        body.insert((*key).into(), get(key).is_some().into());
    }
    if let Some(status) = get("status") {
        body.insert("status".into(), status.into());
    }
    let groups: Vec<Value> = pairs
        .iter()
        .filter(|(k, _)| k == "group_ids")
        .map(|(_, v)| v.as_str().into())
        .collect();
    body.insert("group_ids".into(), groups.into());
    // Each tag checked, with its expiry date if one is given.
    let tags: Vec<Value> = pairs
        .iter()
        .filter(|(k, _)| k == "tag_ids")
        .map(|(_, id)| {
            let expires = get(&format!("expr.{id}")).filter(|d| !d.is_empty());
            serde_json::json!({"tag_id": id, "expr_date": expires})
        })
        .collect();
    body.insert("tag_instances".into(), tags.into());
    for f in fields.iter().filter(|f| f.on_people) {
        let text = get(&format!("custom.{}", f.integration_name)).unwrap_or_default();
        body.insert(f.integration_name.clone(), custom_json(f, &text));
    }
    Value::Object(body)
}

/// A custom field's value typed in a form or a CSV cell, as the API's body takes it: empty is
/// `null`, a number a number, `true` a yes, a multi-select's options separated by commas. What
/// does not read as the field's type is sent as text, for the API to refuse with its message.
pub(super) fn custom_json(f: &CustomField, text: &str) -> Value {
    match f.field_type {
        _ if text.is_empty() => Value::Null,
        FieldType::Number | FieldType::Currency => text.parse::<f64>().map_or(Value::from(text), Value::from),
        FieldType::Bool => Value::from(text == "true"),
        FieldType::MultiSelect => text
            .split(',')
            .map(|o| Value::from(o.trim()))
            .collect::<Vec<_>>()
            .into(),
        _ => text.into(),
    }
}

/// The form of a person (or a new one), with what the company offers and any refusal.
pub(super) async fn form_page(
    state: &AppState,
    b: &Browser,
    v: &Viewer,
    person: Option<&Person>,
    status: StatusCode,
    problem: Option<ApiError>,
    sent: Option<&[(String, String)]>,
) -> Response {
    let (groups, fields, levels, tags) = match (
        state.store.groups(v.company.id).await,
        state.store.custom_fields(v.company.id).await,
        state.store.permission_levels(v.company.id).await,
        state.store.tags(v.company.id).await,
    ) {
        (Ok(g), Ok(f), Ok(l), Ok(t)) => (g, f, l, t),
        (Err(e), ..) | (_, Err(e), ..) | (_, _, Err(e), _) | (.., Err(e)) => return unavailable(b, e),
    };
    let invited_since = match person.filter(|p| p.invitation_pending) {
        Some(p) => match state.store.invited_since(&[p.id]).await {
            Ok(found) => found.first().map(|(_, at)| *at),
            Err(e) => return unavailable(b, e),
        },
        None => None,
    };
    let form = PersonForm {
        invited_since,
        person,
        groups: &groups,
        fields: &fields,
        levels: &levels,
        tags: &tags,
        problem: problem.as_ref(),
        sent,
    };
    b.page(status, person_pages::person(&b.csrf, &v.bar(), &form))
}

/// GET `/people/{id}`: the person's page.
pub async fn show(State(state): State<AppState>, AdminPage { b, v }: AdminPage, Path(id): Path<String>) -> Response {
    let Some(r) = IdRef::parse(&id) else {
        return not_found(&b, &v);
    };
    match state.store.person(v.company.id, r).await {
        Ok(p) => form_page(&state, &b, &v, Some(&p), StatusCode::OK, None, None).await,
        Err(StoreError::NotFound(_)) => not_found(&b, &v),
        Err(e) => unavailable(&b, e),
    }
}

fn not_found(b: &Browser, v: &Viewer) -> Response {
    b.page(
        StatusCode::NOT_FOUND,
        super::pages::message(&b.csrf, Some(&v.bar()), "There is no such person in this company."),
    )
}

/// GET `/people/new`: the form of a new person.
pub async fn new(State(state): State<AppState>, AdminPage { b, v }: AdminPage) -> Response {
    form_page(&state, &b, &v, None, StatusCode::OK, None, None).await
}

/// POST `/people/new`: creates the person, as Create Person does.
pub async fn create(State(state): State<AppState>, AdminForm { b, v, pairs }: AdminForm) -> Response {
    let fields = match state.store.custom_fields(v.company.id).await {
        Ok(f) => f,
        Err(e) => return unavailable(&b, e),
    };
    let mut json = body_of(&pairs, &fields);
    json["is_user"] = false.into();
    let result = match crate::bodies::parse::<PersonBody>(json) {
        Ok(body) => create_person(&state, &v.company, body).await,
        Err(e) => Err(e.into()),
    };
    match result {
        Ok(id) => see_other(format!("/people/{id}")),
        Err(e) => form_page(&state, &b, &v, None, e.status, Some(e), Some(&pairs)).await,
    }
}

/// POST `/people/{id}`: changes the person, as Update Person does (the same edit, in the store's
/// transaction).
pub async fn update(
    State(state): State<AppState>,
    Path(id): Path<String>,
    AdminForm { b, v, pairs }: AdminForm,
) -> Response {
    let Some(r) = IdRef::parse(&id) else {
        return not_found(&b, &v);
    };
    let fields = match state.store.custom_fields(v.company.id).await {
        Ok(f) => f,
        Err(e) => return unavailable(&b, e),
    };
    let result = match crate::bodies::parse::<PersonBody>(body_of(&pairs, &fields)) {
        Ok(body) => update_person(&state, &v.company, r, &body).await,
        Err(e) => Err(e.into()),
    };
    match result {
        Ok(p) => see_other(format!("/people/{}", p.id)),
        Err(e) if e.status == StatusCode::NOT_FOUND => not_found(&b, &v),
        Err(e) => match state.store.person(v.company.id, r).await {
            Ok(p) => form_page(&state, &b, &v, Some(&p), e.status, Some(e), Some(&pairs)).await,
            Err(e) => unavailable(&b, e),
        },
    }
}

/// POST `/people/{id}/delete`: deletes the person once the box confirming it is checked.
pub async fn delete(
    State(state): State<AppState>,
    Path(id): Path<String>,
    AdminForm { b, v, pairs }: AdminForm,
) -> Response {
    let Some(r) = IdRef::parse(&id) else {
        return not_found(&b, &v);
    };
    if !pairs.iter().any(|(k, v)| k == "confirm" && v == "yes") {
        let problem = roster_core::Invalid::new(
            "confirm",
            "confirmationRequired",
            "Check the box to confirm the deletion.",
        );
        return match state.store.person(v.company.id, r).await {
            Ok(p) => {
                form_page(
                    &state,
                    &b,
                    &v,
                    Some(&p),
                    StatusCode::BAD_REQUEST,
                    Some(problem.into()),
                    None,
                )
                .await
            }
            Err(StoreError::NotFound(_)) => not_found(&b, &v),
            Err(e) => unavailable(&b, e),
        };
    }
    match state.store.delete_person(v.company.id, r).await {
        Ok(id) => {
            state.tokens.forget_person(id);
            see_other("/people".into())
        }
        Err(StoreError::NotFound(_)) => not_found(&b, &v),
        Err(e) => unavailable(&b, e),
    }
}
