//! The person page: every field the form edits, the API's refusal shown next to the field it
//! names (or above the form), and the deletion with its confirmation.
use super::layout::{page, Bar};
use super::person::{CHECKBOXES, TEXT_FIELDS};
use crate::error::ApiError;
use maud::{html, Markup};
use roster_core::dates::format_day;
use roster_core::model::{CustomField, FieldType, FieldValue, Group, PermissionLevel, Person, PersonData, Status, Tag};

/// What the person form shows.
pub struct PersonForm<'a> {
    /// `None`: a new person.
    pub person: Option<&'a Person>,
    pub groups: &'a [Group],
    pub fields: &'a [CustomField],
    /// The company's permission levels, for enabling a login.
    pub levels: &'a [PermissionLevel],
    /// The company's tags, each a box with its expiry date.
    pub tags: &'a [Tag],
    pub problem: Option<&'a ApiError>,
    /// A refused form's own values, shown again instead of the stored ones.
    pub sent: Option<&'a [(String, String)]>,
    /// When the person's outstanding invitation was sent, if they have one.
    pub invited_since: Option<roster_core::dates::Millis>,
}

impl PersonForm<'_> {
    /// Whether the refused form sent `key` with `value` (`None`: there is no refused form).
    fn sent_has(&self, key: &str, value: Option<&str>) -> Option<bool> {
        self.sent.map(|sent| {
            sent.iter()
                .any(|(k, v)| k == key && value.is_none_or(|value| v == value))
        })
    }

    /// What a field shows: the refused form's value, else the stored one.
    fn shown(&self, key: &str, stored: Option<String>) -> Option<String> {
        match self.sent {
            Some(sent) => sent.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()),
            None => stored,
        }
    }
}

fn text_of(d: &PersonData, key: &str) -> Option<String> {
    let opt = |v: &Option<String>| v.clone();
    match key {
        "first_name" => Some(d.first_name.clone()),
        "last_name" => Some(d.last_name.clone()),
        "email" => d.email.as_ref().map(|e| e.as_str().to_owned()),
        "phone" => d.phone.as_ref().map(|p| p.as_str().to_owned()),
        "employee_number" => opt(&d.employee_number),
        "address_1" => opt(&d.address_1),
        "address_2" => opt(&d.address_2),
        "city_town" => opt(&d.city_town),
        "state_province" => opt(&d.state_province),
        "zipcode" => opt(&d.zipcode),
        "country" => opt(&d.country),
        "emergency_contact_name" => opt(&d.emergency_contact_name),
        "emergency_contact_number" => opt(&d.emergency_contact_number),
        "emergency_contact_email" => opt(&d.emergency_contact_email),
        "emergency_contact_relation" => opt(&d.emergency_contact_relation),
        _ => None,
    }
}

fn checked(d: &PersonData, key: &str) -> bool {
    match key {
        "is_assignable" => d.is_assignable,
        "can_recieve_sms" => d.can_recieve_sms,
        "can_recieve_email" => d.can_recieve_email,
        "can_recieve_mobile" => d.can_recieve_mobile,
        _ => false,
    }
}

fn value_text(v: &FieldValue) -> String {
    match v {
        FieldValue::Text(t) => t.clone(),
        FieldValue::Number(n) => n.to_string(),
        FieldValue::Bool(b) => b.to_string(),
        FieldValue::Date(d) => d.format("%Y-%m-%d").to_string(),
        FieldValue::Options(o) => o.join(", "),
    }
}

/// The refusal's message when it names `key`.
fn error_for<'a>(problem: Option<&'a ApiError>, key: &str) -> Option<&'a str> {
    problem
        .filter(|p| {
            p.field
                .as_deref()
                .is_some_and(|f| f == key || f.starts_with(&format!("{key}[")))
        })
        .map(|p| p.details.as_ref())
}

fn field_error(id: &str, message: Option<&str>) -> Markup {
    html! { @if let Some(m) = message { p.alert id={ (id) "-error" } role="alert" { (m) } } }
}

pub fn person(csrf: &str, bar: &Bar<'_>, form: &PersonForm<'_>) -> Markup {
    let d = form.person.map(|p| &p.data);
    let action = form
        .person
        .map_or("/people/new".to_owned(), |p| format!("/people/{}", p.id));
    let title = d.map_or("New person".to_owned(), PersonData::full_name);
    let named: Vec<&str> = TEXT_FIELDS
        .iter()
        .chain(CHECKBOXES)
        .map(|(k, _)| *k)
        .chain([
            "status",
            "group_ids",
            "tag_instances",
            "confirm",
            "password",
            "permission_level_id",
        ])
        .chain(form.fields.iter().map(|f| f.integration_name.as_str()))
        .collect();
    // A refusal that names no field of the form is shown above it.
    let general = form
        .problem
        .filter(|p| {
            !p.field
                .as_deref()
                .is_some_and(|f| named.iter().any(|n| f == *n || f.starts_with(&format!("{n}["))))
        })
        .map(|p| p.details.as_ref());
    let groups_of: Vec<String> = form
        .person
        .map(|p| p.group_ids.iter().map(ToString::to_string).collect())
        .unwrap_or_default();
    page(
        &title,
        csrf,
        Some(bar),
        html! {
            main {
                p { a href="/people" { "← People" } }
                h1 { (title) }
                @if let Some(m) = general { p.alert role="alert" { (m) } }
                form method="post" action=(action) {
                    input type="hidden" name="csrf_token" value=(csrf);
                    @for (key, label) in TEXT_FIELDS {
                        @let err = error_for(form.problem, key);
                        label for=(key) { (label) }
                        input id=(key) type="text" name=(key) value=[form.shown(key, d.and_then(|d| text_of(d, key)))]
                            aria-invalid=[err.map(|_| "true")] aria-describedby=[err.map(|_| format!("{key}-error"))];
                        (field_error(key, err))
                    }
                    label for="status" { "Status" }
                    select #status name="status" {
                        @for s in [Status::Active, Status::Inactive] {
                            option value=(s.as_str()) selected[form.sent_has("status", Some(s.as_str())).unwrap_or(d.is_some_and(|d| d.status == s))] { (s.as_str()) }
                        }
                    }
                    @for (key, label) in CHECKBOXES {
                        label { input type="checkbox" name=(key) checked[form.sent_has(key, None).unwrap_or(d.map_or(*key != "can_recieve_sms" && *key != "can_recieve_email", |d| checked(d, key)))]; " " (label) }
                    }
                    fieldset {
                        legend { "Groups" }
                        @for g in form.groups {
                            label { input type="checkbox" name="group_ids" value=(g.id) checked[form.sent_has("group_ids", Some(&g.id.to_string())).unwrap_or(groups_of.contains(&g.id.to_string()))]; " " (g.name) }
                        }
                        (field_error("group_ids", error_for(form.problem, "group_ids")))
                    }
                    @if !form.tags.is_empty() {
                        fieldset {
                            legend { "Tags (certifications)" }
                            @for t in form.tags {
                                @let has = form.person.and_then(|p| p.tag_instances.iter().find(|i| i.tag_id == t.id));
                                @let expires = has.and_then(|i| i.expr_date).map(format_day);
                                label { input type="checkbox" name="tag_ids" value=(t.id) checked[form.sent_has("tag_ids", Some(&t.id.to_string())).unwrap_or(has.is_some())]; " " (t.name) }
                                label.muted for={ "expr-" (t.id) } { "Expires" @if t.require_expr_date { " (required)" } }
                                input id={ "expr-" (t.id) } type="date" name={ "expr." (t.id) } value=[form.shown(&format!("expr.{}", t.id), expires.clone())];
                            }
                            (field_error("tag_instances", error_for(form.problem, "tag_instances")))
                        }
                    }
                    @for f in form.fields.iter().filter(|f| f.on_people) {
                        @let key = f.integration_name.as_str();
                        @let current = form.person.and_then(|p| p.custom_values.iter().find(|(k, _)| k == key)).and_then(|(_, v)| v.as_ref()).map(value_text);
                        @let err = error_for(form.problem, key);
                        label for={ "custom-" (key) } { (f.name) }
                        @if f.field_type == FieldType::Bool {
                            select id={ "custom-" (key) } name={ "custom." (key) } {
                                option value="" { "—" }
                                option value="true" selected[current.as_deref() == Some("true")] { "yes" }
                                option value="false" selected[current.as_deref() == Some("false")] { "no" }
                            }
                        } @else {
                            input id={ "custom-" (key) } type="text" name={ "custom." (key) } value=[form.shown(&format!("custom.{key}"), current)];
                        }
                        (field_error(key, err))
                    }
                    p { button type="submit" { @if form.person.is_some() { "Save" } @else { "Create" } } }
                }
                @if let Some(p) = form.person {
                    (login(csrf, p, form))
                    form method="post" action={ "/people/" (p.id) "/delete" } {
                        input type="hidden" name="csrf_token" value=(csrf);
                        label { input type="checkbox" name="confirm" value="yes"; " Delete " (title) ", their groups, tags, login and time off" }
                        (field_error("confirm", error_for(form.problem, "confirm")))
                        p { button.secondary type="submit" { "Delete" } }
                    }
                }
            }
        },
    )
}

/// The person's login: its state and what can be done with it.
fn login(csrf: &str, p: &Person, form: &PersonForm<'_>) -> Markup {
    let base = format!("/people/{}/login", p.id);
    html! {
        h2 { "Login" }
        @if p.data.is_user {
            p {
                @if p.invitation_pending {
                    "Invited"
                    @if let Some(at) = form.invited_since { " on " (roster_core::dates::format_day(at)) }
                    ": the invitation is not accepted yet."
                } @else { "Can sign in." }
            }
            @if p.invitation_pending {
                form method="post" action={ (base) "/invite" } {
                    input type="hidden" name="csrf_token" value=(csrf);
                    button.secondary type="submit" { "Send the invitation again" }
                }
            }
            form method="post" action={ (base) "/revoke" } {
                input type="hidden" name="csrf_token" value=(csrf);
                button.secondary type="submit" { "Revoke the login" }
            }
        } @else {
            p.muted { "No login." }
            form method="post" action=(base) {
                input type="hidden" name="csrf_token" value=(csrf);
                label for="permission_level_id" { "Permission level" }
                select #permission_level_id name="permission_level_id" {
                    @for l in form.levels { option value=(l.id) { (l.name) } }
                }
                (field_error("permission_level_id", error_for(form.problem, "permission_level_id")))
                label for="password" { "Password (or leave empty and invite)" }
                input #password type="password" name="password" autocomplete="new-password";
                (field_error("password", error_for(form.problem, "password")))
                label { input type="checkbox" name="invite" checked; " Email an invitation when no password is set" }
                p { button type="submit" { "Enable the login" } }
            }
        }
    }
}
