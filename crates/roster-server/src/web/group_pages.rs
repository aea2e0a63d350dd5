//! The groups pages' markup: the list with the form of a new group, and a group's page (its form,
//! its people, its deletion), refusals next to the field they name.
use super::groups::FIELDS;
use super::layout::{page, Bar};
use crate::error::ApiError;
use maud::{html, Markup};
use roster_core::model::{Group, Person};

/// A group's page.
pub struct GroupPage<'a> {
    pub group: &'a Group,
    pub people: &'a [Person],
    pub total: i64,
    pub problem: Option<&'a ApiError>,
    /// A refused form's own values.
    pub sent: Option<&'a [(String, String)]>,
}

fn stored(g: &Group, key: &str) -> Option<String> {
    match key {
        "name" => Some(g.name.clone()),
        "timezone" => Some(g.timezone.clone()),
        "contact_name" => g.contact_name.clone(),
        "contact_number" => g.contact_phone.clone(),
        "contact_email" => g.contact_email.clone(),
        "address_1" => g.address_1.clone(),
        "city_town" => g.city_town.clone(),
        "state_province" => g.state_province.clone(),
        "zipcode" => g.zipcode.clone(),
        "country" => g.country.clone(),
        _ => None,
    }
}

fn error_for<'a>(problem: Option<&'a ApiError>, key: &str) -> Option<&'a str> {
    problem
        .filter(|p| p.field.as_deref() == Some(key))
        .map(|p| p.details.as_ref())
}

/// The fields of a group form: the refused form's values, else the group's (if any).
fn fields(
    group: Option<&Group>,
    problem: Option<&ApiError>,
    sent: Option<&[(String, String)]>,
    only: &[&str],
) -> Markup {
    html! {
        @for (key, label) in FIELDS.iter().filter(|(k, _)| only.is_empty() || only.contains(k)) {
            @let shown = match sent {
                Some(s) => s.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()),
                None => group.and_then(|g| stored(g, key)),
            };
            @let err = error_for(problem, key);
            label for=(key) { (label) }
            input id=(key) type="text" name=(key) value=[shown]
                aria-invalid=[err.map(|_| "true")] aria-describedby=[err.map(|_| format!("{key}-error"))];
            @if let Some(m) = err { p.alert id={ (key) "-error" } role="alert" { (m) } }
        }
    }
}

/// A refusal naming no field of the form, shown above it.
fn general<'a>(problem: Option<&'a ApiError>, named: &[&str]) -> Option<&'a str> {
    problem
        .filter(|p| !p.field.as_deref().is_some_and(|f| named.contains(&f)))
        .map(|p| p.details.as_ref())
}

pub fn list(
    csrf: &str,
    bar: &Bar<'_>,
    groups: &[Group],
    problem: Option<&ApiError>,
    sent: Option<&[(String, String)]>,
) -> Markup {
    let named: Vec<&str> = FIELDS.iter().map(|(k, _)| *k).collect();
    page(
        "Groups",
        csrf,
        Some(bar),
        html! {
            main {
                h1 { "Groups" }
                table {
                    thead { tr { th { "Name" } th { "Time zone" } } }
                    tbody {
                        @for g in groups {
                            tr { td { a href={ "/groups/" (g.id) } { (g.name) } } td { (g.timezone) } }
                        }
                    }
                }
                h2 { "New group" }
                @if let Some(m) = general(problem, &named) { p.alert role="alert" { (m) } }
                form method="post" action="/groups" {
                    input type="hidden" name="csrf_token" value=(csrf);
                    (fields(None, problem, sent, &["name", "timezone"]))
                    p { button type="submit" { "Create" } }
                }
            }
        },
    )
}

pub fn group(csrf: &str, bar: &Bar<'_>, view: &GroupPage<'_>) -> Markup {
    let g = view.group;
    let named: Vec<&str> = FIELDS.iter().map(|(k, _)| *k).chain(["confirm"]).collect();
    page(
        &g.name,
        csrf,
        Some(bar),
        html! {
            main {
                p { a href="/groups" { "← Groups" } }
                h1 { (g.name) }
                @if let Some(m) = general(view.problem, &named) { p.alert role="alert" { (m) } }
                form method="post" action={ "/groups/" (g.id) } {
                    input type="hidden" name="csrf_token" value=(csrf);
                    (fields(Some(g), view.problem, view.sent, &[]))
                    p { button type="submit" { "Save" } }
                }
                h2 { "People in this group" }
                p.muted { (view.total) " people" }
                ul {
                    @for p in view.people {
                        li { a href={ "/people/" (p.id) } { (p.data.full_name()) } " · " (p.data.status.as_str()) }
                    }
                }
                form method="post" action={ "/groups/" (g.id) "/delete" } {
                    input type="hidden" name="csrf_token" value=(csrf);
                    label { input type="checkbox" name="confirm" value="yes"; " Delete " (g.name) }
                    @if let Some(m) = error_for(view.problem, "confirm") { p.alert id="confirm-error" role="alert" { (m) } }
                    p { button.secondary type="submit" { "Delete" } }
                }
            }
        },
    )
}
