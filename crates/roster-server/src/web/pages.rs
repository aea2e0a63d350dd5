//! The web app's pages (maud: every value escaped).
use super::layout::{page, Bar};
use maud::{html, Markup};
use roster_core::model::{Company, Page, Person};

pub fn sign_in(csrf: &str, email: Option<&str>, problem: Option<&str>, ask_company: bool) -> Markup {
    page(
        "Sign in",
        csrf,
        None,
        html! {
            main.narrow {
                h1 { "Sign in to Roster" }
                @if let Some(problem) = problem { p.alert role="alert" { (problem) } }
                form method="post" action="/sign-in" {
                    input type="hidden" name="csrf_token" value=(csrf);
                    label for="email" { "Email" }
                    input #email type="email" name="email" autocomplete="username" required value=[email];
                    label for="password" { "Password" }
                    input #password type="password" name="password" autocomplete="current-password" required;
                    @if ask_company {
                        label for="company" { "Company id" }
                        input #company type="text" name="company_id" inputmode="numeric";
                    }
                    p { button type="submit" { "Sign in" } }
                }
            }
        },
    )
}

pub fn message(csrf: &str, bar: Option<&Bar<'_>>, text: &str) -> Markup {
    page("Roster", csrf, bar, html! { main { p.alert role="alert" { (text) } } })
}

pub fn expired(csrf: &str) -> Markup {
    message(
        csrf,
        None,
        "This form has expired or did not come from this browser: go back and reload the page.",
    )
}

/// A page of the people list and the search it answers.
pub struct PeopleList<'a> {
    pub people: &'a [Person],
    pub total: i64,
    pub at: Page,
    pub search: &'a str,
}

pub fn people(csrf: &str, bar: &Bar<'_>, list: &PeopleList<'_>) -> Markup {
    let (people, total, at) = (list.people, list.total, list.at);
    let pages = (total.max(0) as u64).div_ceil(u64::from(at.size)).max(1);
    let page_link = |index: u32| {
        let query = form_urlencoded::Serializer::new(String::new())
            .append_pair("q", list.search)
            .append_pair("page", &index.to_string())
            .finish();
        format!("/people?{query}")
    };
    page(
        "People",
        csrf,
        Some(bar),
        html! {
            main {
                h1 { "People" }
                p { a href="/people/new" { "New person" } }
                // Without script: a plain GET form. With htmx: the list follows the typing.
                form role="search" method="get" action="/people" {
                    label for="q" { "Search name, email, phone or employee number" }
                    input #q type="search" name="q" value=(list.search) autocomplete="off"
                        hx-get="/people" hx-trigger="input changed delay:250ms, search"
                        hx-target="#people" hx-select="#people" hx-swap="outerHTML" hx-push-url="true";
                }
                section #people aria-live="polite" {
                p.muted { (total) " people" }
                table {
                    thead { tr { th { "Name" } th { "Email" } th.optional { "Phone" } th { "Status" } th { "Login" } } }
                    tbody {
                        @for p in people {
                            tr {
                                td { a href={ "/people/" (p.id) } { (p.data.full_name()) } }
                                td { (p.data.email.as_ref().map(|e| e.as_str()).unwrap_or("")) }
                                td.optional { (p.data.phone.as_ref().map(|p| p.as_str()).unwrap_or("")) }
                                td { (p.data.status.as_str()) }
                                td { (login_state(p)) }
                            }
                        }
                    }
                }
                nav.pager aria-label="Pages" {
                    @if at.index > 0 { a href=(page_link(at.index - 1)) { "Previous" } }
                    span { "Page " (at.index + 1) " of " (pages) }
                    @if u64::from(at.index) + 1 < pages { a href=(page_link(at.index + 1)) { "Next" } }
                }
                }
            }
        },
    )
}

pub fn profile(csrf: &str, bar: &Bar<'_>, person: &Person, company: &Company) -> Markup {
    let d = &person.data;
    page(
        "My profile",
        csrf,
        Some(bar),
        html! {
            main {
                h1 { (d.full_name()) }
                dl {
                    dt { "Company" } dd { (company.name) }
                    dt { "Email" } dd { (d.email.as_ref().map(|e| e.as_str()).unwrap_or("—")) }
                    dt { "Phone" } dd { (d.phone.as_ref().map(|p| p.as_str()).unwrap_or("—")) }
                    dt { "Status" } dd { (d.status.as_str()) }
                }
            }
        },
    )
}

/// `none`, `invited` or `active`.
fn login_state(p: &Person) -> &'static str {
    match (p.data.is_user, p.invitation_pending) {
        (false, _) => "none",
        (true, true) => "invited",
        (true, false) => "active",
    }
}
