//! Update Person and Delete Person.
use crate::auth::Tenant;
use crate::bodies::people::PersonBody;
use crate::bodies::Payload;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Id, PersonRef};
use crate::state::AppState;
use crate::views::{ErrorView, IdView, PersonView};
use axum::extract::State;
use axum::Json;
use roster_core::dates::now_millis;
use roster_core::email::Email;
use roster_core::model::{Company, Person};
use roster_core::IdRef;

/// Partial update: only the keys sent change. `group_ids` and `tag_instances` replace the
/// person's (a tag the person keeps keeps its instance id); `is_user` enables the login as
/// `POST …/user` does (an invitation unless `password` or `no_invite`) or revokes it as
/// `DELETE …/user` does; `password` is only for a user. All of it in one transaction: a refused
/// update changes nothing.
#[utoipa::path(post, path = "/v2/companies/{company_id}/people/{person_id}", tag = "people",
    params(("company_id" = String, Path), ("person_id" = String, Path, description = "UUID or integer id")),
    request_body = PersonBody,
    responses((status = 200, body = PersonView), (status = 400, body = ErrorView), (status = 404, body = ErrorView),
        (status = 409, body = ErrorView, description = "Email or phone already used by an active person"),
        (status = 503, body = ErrorView, description = "The store or the password queue cannot take it now; see Retry-After")),
    security(("bearer" = [])))]
pub async fn update(
    State(state): State<AppState>,
    Tenant(company): Tenant,
    Id(PersonRef(id)): Id<PersonRef>,
    Payload(body): Payload<PersonBody>,
) -> ApiResult<Json<PersonView>> {
    Ok(Json(update_person(&state, &company, id, &body).await?.into()))
}

/// Update Person (the API's route and the web app's person page share it).
pub async fn update_person(
    state: &AppState,
    company: &Company,
    id: IdRef,
    body: &PersonBody,
) -> Result<Person, ApiError> {
    update_person_if(state, company, id, body, &|_| Ok(())).await
}

/// Update Person, if `still` holds of the person as locked in the store's transaction (the
/// import checks that the person it matched by employee number or email still has it).
pub async fn update_person_if(
    state: &AppState,
    company: &Company,
    id: IdRef,
    body: &PersonBody,
    still: Still<'_>,
) -> Result<Person, ApiError> {
    let (mut changes, password) = body.changes()?;
    if let Some(p) = password {
        changes.password_hash = Some(state.passwords.hash(p).await?);
    }
    // Applied to the person as locked in the store's transaction (a 404 comes before a 400).
    let edit = |d: &mut roster_core::model::PersonData| {
        still(d)?;
        *d = body.update(d)?;
        Ok(())
    };
    let invite = |first_name: &str, email: &Email| state.invitation(company, first_name, email);
    let updated = state
        .store
        .update_person(company.id, id, &edit, &changes, &invite, now_millis())
        .await?;
    if !updated.data.is_user || updated.data.status == roster_core::model::Status::Inactive {
        // Their tokens stopped working in the store; here too, at once.
        state.tokens.forget_person(updated.id);
    }
    Ok(updated)
}

/// A check of a person as locked in the update's transaction (`update_person_if`).
pub type Still<'a> = &'a (dyn Fn(&roster_core::model::PersonData) -> Result<(), roster_core::Invalid> + Send + Sync);

/// Update Person for several people with one commit (the import): each answers as
/// `update_person_if` would, and a refused one changes nothing while the others are written. The
/// outer error is the store's own (unavailable).
pub async fn update_people_if(
    state: &AppState,
    company: &Company,
    items: &[(IdRef, &PersonBody, Still<'_>)],
) -> Result<Vec<Result<Person, ApiError>>, ApiError> {
    let mut answers: Vec<Option<Result<Person, ApiError>>> = Vec::with_capacity(items.len());
    let mut changes = Vec::new();
    for (_, body, _) in items {
        match body.changes() {
            Ok((mut c, password)) => {
                if let Some(p) = password {
                    c.password_hash = Some(state.passwords.hash(p).await?);
                }
                changes.push(Some(c));
                answers.push(None);
            }
            Err(e) => {
                changes.push(None);
                answers.push(Some(Err(e.into())));
            }
        }
    }
    type EditFn<'e> =
        Box<dyn Fn(&mut roster_core::model::PersonData) -> Result<(), roster_core::Invalid> + Send + Sync + 'e>;
    let edits: Vec<EditFn<'_>> = items
        .iter()
        .map(|(_, body, still)| -> EditFn<'_> {
            Box::new(move |d| {
                still(d)?;
                *d = body.update(d)?;
                Ok(())
            })
        })
        .collect();
    let sent: Vec<usize> = (0..items.len()).filter(|i| changes[*i].is_some()).collect();
    let updates: Vec<roster_core::PersonUpdate<'_>> = sent
        .iter()
        .filter_map(|&i| {
            Some(roster_core::PersonUpdate {
                id: items[i].0,
                edit: &*edits[i],
                changes: changes[i].as_ref()?,
            })
        })
        .collect();
    let invite = |first_name: &str, email: &Email| state.invitation(company, first_name, email);
    let written = state
        .store
        .update_people(company.id, &updates, &invite, now_millis())
        .await?;
    for (i, one) in sent.into_iter().zip(written) {
        if let Ok(p) = &one {
            if !p.data.is_user || p.data.status == roster_core::model::Status::Inactive {
                state.tokens.forget_person(p.id);
            }
        }
        answers[i] = Some(one.map_err(ApiError::from));
    }
    Ok(answers
        .into_iter()
        .map(|a| a.unwrap_or_else(|| Err(ApiError::from(roster_core::StoreError::Other("no answer".into())))))
        .collect())
}

/// Deletes the person, their groups, tags and login; their email and phone are free again.
#[utoipa::path(delete, path = "/v2/companies/{company_id}/people/{person_id}", tag = "people",
    params(("company_id" = String, Path), ("person_id" = String, Path, description = "UUID or integer id")),
    responses((status = 200, body = IdView), (status = 404, body = ErrorView)),
    security(("bearer" = [])))]
pub async fn remove(
    State(state): State<AppState>,
    Tenant(company): Tenant,
    Id(PersonRef(id)): Id<PersonRef>,
) -> ApiResult<Json<IdView>> {
    let person = state.store.delete_person(company.id, id).await?;
    state.tokens.forget_person(person);
    Ok(Json(IdView { id: person.to_string() }))
}
