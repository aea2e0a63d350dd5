//! The web app's pages (maud: every value escaped).
use super::layout::{page, Bar};
use super::people::ListQuery;
use maud::{html, Markup};
use roster_core::model::{Company, Group, JobTitle, LoginState, Page, Person, PersonSort, Status, Tag};

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
                p { a href="/password-reset" { "Forgot your password?" } }
                // The front door for integrators and operators.
                footer.about {
                    p { "Roster: a self-hosted people directory that speaks the LaborChart API v2 and Procore's Workforce Planning and Project People APIs." }
                    p {
                        a href="/docs" { "API documentation" } " · "
                        a href="/openapi.json" { "OpenAPI document" } " · "
                        a href="/health/live" { "liveness" } " · "
                        a href="/health/ready" { "readiness" } " · "
                        a href="/version" { "version " (crate::routes::health::VERSION) " (" (crate::routes::health::COMMIT) ")" }
                    }
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

/// A page of the people list and the query it answers.
pub struct PeopleList<'a> {
    pub people: &'a [Person],
    pub total: i64,
    pub at: Page,
    pub query: &'a ListQuery,
    pub groups: &'a [Group],
    pub tags: &'a [Tag],
    pub titles: &'a [JobTitle],
    /// When the listed people with an outstanding invitation were sent it.
    pub invited: &'a [(roster_core::PersonId, roster_core::dates::Millis)],
}

pub fn people(csrf: &str, bar: &Bar<'_>, list: &PeopleList<'_>) -> Markup {
    let (people, total, at, q) = (list.people, list.total, list.at, list.query);
    let pages = (total.max(0) as u64).div_ceil(u64::from(at.size)).max(1);
    // The list follows the search and the filters as they change (htmx); without script the
    // form is a plain GET.
    let live = "input changed delay:250ms from:#q, search from:#q, change from:select";
    page(
        "People",
        csrf,
        Some(bar),
        html! {
            main {
                h1 { "People" }
                p { a href="/people/new" { "New person" } " · " a href="/people/import" { "Import (CSV)" } }
                form role="search" method="get" action="/people"
                    hx-get="/people" hx-trigger=(live) hx-target="#people" hx-select="#people" hx-swap="outerHTML" hx-push-url="true" {
                    label for="q" { "Search name, email, phone or employee number" }
                    input #q type="search" name="q" value=(q.search) autocomplete="off";
                    div.filters {
                        div.filter {
                        label for="status" { "Status" }
                        select #status name="status" {
                            option value="" { "any" }
                            @for st in [Status::Active, Status::Inactive] {
                                option value=(st.as_str()) selected[q.status == Some(st)] { (st.as_str()) }
                            }
                        }
                        }
                        div.filter {
                        label for="group" { "Group" }
                        select #group name="group" {
                            option value="" { "any" }
                            @for g in list.groups {
                                option value=(g.id) selected[q.group == Some(g.id)] { (g.name) }
                            }
                        }
                        }
                        div.filter {
                        label for="tag" { "Tag" }
                        select #tag name="tag" {
                            option value="" { "any" }
                            @for t in list.tags { option value=(t.id) selected[q.tag == Some(t.id)] { (t.name) } }
                        }
                        }
                        div.filter {
                        label for="job_title" { "Job title" }
                        select #job_title name="job_title" {
                            option value="" { "any" }
                            @for j in list.titles { option value=(j.id) selected[q.job_title == Some(j.id)] { (j.name) } }
                        }
                        }
                        div.filter {
                        label for="login" { "Login" }
                        select #login name="login" {
                            option value="" { "any" }
                            @for l in [LoginState::None, LoginState::Invited, LoginState::Active] {
                                option value=(l.as_str()) selected[q.login == Some(l)] { (l.as_str()) }
                            }
                        }
                        }
                        div.filter {
                            label for="sort" { "Order" }
                            select #sort name="sort" {
                                @for (value, label) in [(PersonSort::Oldest, "oldest first"), (PersonSort::Newest, "newest first"), (PersonSort::Name, "by name")] {
                                    option value=(value.as_str()) selected[q.sort == value] { (label) }
                                }
                            }
                        }
                    }
                    noscript { p { button type="submit" { "Search" } } }
                }
                section #people aria-live="polite" {
                    // In the part htmx swaps, so the export follows the search and filters.
                    p.muted { (total) " people · " a href=(q.link(None)) { "Export this list (CSV)" } }
                    table {
                        thead { tr { th { "Name" } th { "Email" } th.optional { "Phone" } th { "Status" } th { "Login" } } }
                        tbody {
                            @for p in people {
                                tr {
                                    td { a href={ "/people/" (p.id) } { (p.data.full_name()) } }
                                    td { (p.data.email.as_ref().map(|e| e.as_str()).unwrap_or("")) }
                                    td.optional { (p.data.phone.as_ref().map(|p| p.as_str()).unwrap_or("")) }
                                    td { (p.data.status.as_str()) }
                                    td {
                                        (LoginState::of(p).as_str())
                                        @if let Some((_, at)) = list.invited.iter().find(|(id, _)| *id == p.id) {
                                            " since " (roster_core::dates::format_day(*at))
                                        }
                                    }
                                }
                            }
                        }
                    }
                    nav.pager aria-label="Pages" {
                        @if at.index > 0 { a href=(q.link(Some(at.index - 1))) { "Previous" } }
                        span { "Page " (at.index + 1) " of " (pages) }
                        @if u64::from(at.index) + 1 < pages { a href=(q.link(Some(at.index + 1))) { "Next" } }
                    }
                }
            }
        },
    )
}

pub fn profile(
    csrf: &str,
    bar: &Bar<'_>,
    person: &Person,
    company: &Company,
    problem: Option<&str>,
    changed: bool,
) -> Markup {
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
                (super::password::change_form(csrf, problem, changed))
            }
        },
    )
}
