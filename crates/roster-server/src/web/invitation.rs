//! The page an invitation link opens: set a password (the rules of `POST
//! /v2/invitations/{token}/accept`, which the API keeps), then sign in. In the app's layout, with
//! its CSRF token; without script.
use super::browser::{browser, Browser};
use super::layout::page;
use crate::routes::session::{set_invited_password, AcceptError};
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};
use roster_core::dates::now_millis;
use roster_core::{secrets, StoreError};

fn form(csrf: &str, token: &str, problem: Option<&str>) -> Markup {
    page(
        "Set your password",
        csrf,
        None,
        html! {
            main.narrow {
                h1 { "Set your password" }
                p { "At least 8 characters, with an uppercase letter, a lowercase letter and a number." }
                @if let Some(p) = problem { p.alert #password-error role="alert" { (p) } }
                form method="post" action={ "/invitations/" (token) "/accept" } {
                    input type="hidden" name="csrf_token" value=(csrf);
                    label for="password" { "Password" }
                    input #password type="password" name="password" autocomplete="new-password" required minlength="8";
                    p { button type="submit" { "Set password" } }
                }
            }
        },
    )
}

fn gone(b: &Browser) -> Response {
    let markup = page(
        "Invitation",
        &b.csrf,
        None,
        html! { main.narrow { p.alert role="alert" { "This link has expired or was used already: ask your admin for a new invitation." } } },
    );
    b.page(StatusCode::NOT_FOUND, markup)
}

/// GET `/invitations/{token}`.
pub async fn show(State(state): State<AppState>, headers: HeaderMap, Path(token): Path<String>) -> Response {
    let b = browser(&state, &headers);
    match state
        .store
        .check_invitation(&secrets::digest(&token), now_millis())
        .await
    {
        Ok(()) => b.page(StatusCode::OK, form(&b.csrf, &token, None)),
        Err(StoreError::NotFound(_) | StoreError::Invalid(_)) => gone(&b),
        Err(e) => super::unavailable(&b, e),
    }
}

/// POST `/invitations/{token}/accept`: `password`, `csrf_token`.
pub async fn accept(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
    body: Bytes,
) -> Response {
    let b = browser(&state, &headers);
    let Some(pairs) = super::forms::read_form(&b, &body) else {
        return b.page(StatusCode::FORBIDDEN, super::pages::expired(&b.csrf));
    };
    // As typed: a password is not trimmed.
    let sent = pairs
        .iter()
        .find(|(k, _)| k == "password")
        .map_or("", |(_, v)| v.as_str());
    match set_invited_password(&state, &token, sent).await {
        Ok(_) => {
            let markup = page(
                "Password set",
                &b.csrf,
                None,
                html! { main.narrow { h1 { "Your password is set" } p { "You can " a href="/" { "sign in" } " now." } } },
            );
            b.page(StatusCode::OK, markup)
        }
        Err(AcceptError::Password(e)) => b.page(StatusCode::BAD_REQUEST, form(&b.csrf, &token, Some(&e.details))),
        Err(AcceptError::Store(StoreError::NotFound(_) | StoreError::Invalid(_))) => gone(&b),
        Err(AcceptError::Store(e)) => super::unavailable(&b, e),
        Err(AcceptError::Hash(e)) => e.into_response(),
    }
}
