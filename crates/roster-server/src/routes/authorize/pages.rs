//! The authorization pages (maud: compiled into the binary, every value escaped), in the web app's
//! layout. Their forms work without script.
use super::AuthorizeParams;
use maud::{html, Markup};

/// A page of the app's layout (with the `csrf-token` meta tag Procore's sign-in page has).
fn page(title: &str, csrf: &str, body: Markup) -> Markup {
    crate::web::layout::page(title, csrf, None, html! { main.narrow { (body) } })
}

/// The authorization request, carried through the forms.
fn hidden_params(p: &AuthorizeParams) -> Markup {
    html! {
        @for (name, value) in p.pairs() {
            input type="hidden" name=(name) value=(value);
        }
    }
}

pub fn sign_in(csrf: &str, p: &AuthorizeParams, app: &str, company: &str, problem: Option<&str>) -> Markup {
    page(
        "Sign in",
        csrf,
        html! {
            h1 { "Sign in to Roster" }
            p { "to let " strong { (app) } " use " strong { (company) } "." }
            @if let Some(problem) = problem { p role="alert" { (problem) } }
            form method="post" action="/oauth/authorize/sign-in" {
                input type="hidden" name="csrf_token" value=(csrf);
                (hidden_params(p))
                p { label { "Email " input type="email" name="email" autocomplete="username" required; } }
                p { label { "Password " input type="password" name="password" autocomplete="current-password" required; } }
                p { button type="submit" { "Sign in" } }
            }
        },
    )
}

pub fn consent(csrf: &str, p: &AuthorizeParams, app: &str, company: &str, person: &str) -> Markup {
    page(
        "Authorize",
        csrf,
        html! {
            h1 { "Authorize " (app) }
            p { strong { (app) } " asks to use Roster for " strong { (company) } " as " strong { (person) } "." }
            form method="post" action="/oauth/authorize" {
                input type="hidden" name="csrf_token" value=(csrf);
                (hidden_params(p))
                button type="submit" name="decision" value="approve" { "Approve" }
                " "
                button type="submit" name="decision" value="deny" { "Deny" }
            }
        },
    )
}

pub fn code(csrf: &str, app: &str, code: &str) -> Markup {
    page(
        "Authorization code",
        csrf,
        html! {
            h1 { "Authorization code" }
            p { "Copy this code into " strong { (app) } ". It works once, within 10 minutes." }
            p { code id="code" { (code) } }
        },
    )
}

pub fn error(csrf: &str, message: &str) -> Markup {
    page(
        "Cannot authorize",
        csrf,
        html! {
            h1 { "Cannot authorize" }
            p role="alert" { (message) }
        },
    )
}
