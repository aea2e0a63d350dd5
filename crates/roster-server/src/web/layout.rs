//! The one layout of every page: the stylesheet, the vendored htmx, the `csrf-token` meta tag (a
//! public Procore client reads it from the sign-in page), and the bar of a signed-in person.
use maud::{html, Markup, DOCTYPE};

/// The signed-in person, for the bar.
pub struct Bar<'a> {
    pub name: String,
    pub company: &'a str,
    pub is_admin: bool,
}

pub fn page(title: &str, csrf: &str, bar: Option<&Bar<'_>>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="csrf-token" content=(csrf);
                // htmx would add a <style> element; the CSP allows only the stylesheet.
                meta name="htmx-config" content=r#"{"includeIndicatorStyles":false}"#;
                title { (title) " · Roster" }
                link rel="stylesheet" href=(super::assets::CSS_PATH);
                script defer src=(super::assets::HTMX_PATH) {}
            }
            body {
                header.bar {
                    a.brand href="/" { "Roster" }
                    @if let Some(bar) = bar {
                        nav aria-label="Main" {
                            @if bar.is_admin { a href="/people" { "People" } a href="/groups" { "Groups" } a href="/tags" { "Tags" } a href="/job-titles" { "Job titles" } a href="/certifications" { "Certifications" } }
                            a href="/me" { "My profile" }
                        }
                        span.muted { (bar.name) " · " (bar.company) }
                        form method="post" action="/sign-out" {
                            input type="hidden" name="csrf_token" value=(csrf);
                            button.secondary type="submit" { "Sign out" }
                        }
                    }
                }
                (body)
            }
        }
    }
}
