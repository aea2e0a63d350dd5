//! The certifications page (admins of the company): every certification of an active person that
//! has expired or expires within its tag's warning days, by group, the earliest first, so a
//! superintendent sees who cannot go on site next week.
use super::forms::AdminPage;
use super::layout::{page, Bar};
use super::unavailable;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use maud::{html, Markup};
use roster_core::dates::{format_day, now_millis};
use roster_core::model::{Certification, Group};

const DAY_MS: i64 = 86_400_000;

/// GET `/certifications`.
pub async fn page_of(State(state): State<AppState>, AdminPage { b, v }: AdminPage) -> Response {
    let now = now_millis();
    match (
        state.store.certifications_due(v.company.id, now).await,
        state.store.groups(v.company.id).await,
    ) {
        (Ok(due), Ok(groups)) => b.page(StatusCode::OK, markup(&b.csrf, &v.bar(), &due, &groups, now)),
        (Err(e), _) | (_, Err(e)) => unavailable(&b, e),
    }
}

/// "expired 3 days ago", "expires in 5 days", counted in whole days.
fn when(expr_date: i64, now: i64) -> String {
    let days = |ms: i64| ms / DAY_MS;
    match expr_date < now {
        true => match days(now - expr_date) {
            0 => "expired today".into(),
            1 => "expired a day ago".into(),
            d => format!("expired {d} days ago"),
        },
        false => match days(expr_date - now) {
            0 => "expires within a day".into(),
            1 => "expires in a day".into(),
            d => format!("expires in {d} days"),
        },
    }
}

fn markup(csrf: &str, bar: &Bar<'_>, due: &[Certification], groups: &[Group], now: i64) -> Markup {
    // Each group's certifications, in the company's group order; then those of people in none.
    let mut sections: Vec<(String, Vec<&Certification>)> = groups
        .iter()
        .map(|g| {
            (
                g.name.clone(),
                due.iter().filter(|c| c.group_ids.contains(&g.id)).collect(),
            )
        })
        .filter(|(_, cs): &(String, Vec<&Certification>)| !cs.is_empty())
        .collect();
    let ungrouped: Vec<&Certification> = due.iter().filter(|c| c.group_ids.is_empty()).collect();
    if !ungrouped.is_empty() {
        sections.push(("In no group".into(), ungrouped));
    }
    page(
        "Certifications",
        csrf,
        Some(bar),
        html! {
            main {
                h1 { "Certifications due" }
                p.muted { "Expired, or expiring within each tag's warning days: " (due.len()) " in all." }
                @if sections.is_empty() { p { "Nothing is due." } }
                @for (name, certs) in &sections {
                    h2 { (name) }
                    table {
                        thead { tr { th { "Person" } th { "Tag" } th { "Expiry date" } th { "" } } }
                        tbody {
                            @for c in certs {
                                tr {
                                    td { a href={ "/people/" (c.person_id) } { (c.person_name) } }
                                    td { (c.tag_name) }
                                    td { (format_day(c.expr_date)) }
                                    td { @if c.expr_date < now { strong.alert { (when(c.expr_date, now)) } } @else { (when(c.expr_date, now)) } }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}
