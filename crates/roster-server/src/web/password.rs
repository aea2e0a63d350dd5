//! Passwords in the web app: a forgotten one (an email with a single-use link to set a new one,
//! through the outbox; the link opens the invitation page, and is spent the same way), and a
//! signed-in person changing their own.
use super::browser::browser;
use super::layout::page;
use super::{signed_in, unavailable};
use crate::routes::session::check_password;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};
use roster_core::dates::now_millis;
use roster_core::email::Email;
use roster_core::model::{LoginRequest, NewInvitation};
use roster_core::password::Password;
use roster_core::{IdRef, StoreError};

/// How long a reset link works.
pub const RESET_TTL_MS: i64 = 60 * 60 * 1000;

fn reset_form(csrf: &str, sent_to: Option<&str>, problem: Option<&str>) -> Markup {
    page(
        "Forgotten password",
        csrf,
        None,
        html! {
            main.narrow {
                h1 { "Forgotten password" }
                @if let Some(to) = sent_to {
                    p #reset-sent role="status" {
                        "If " strong { (to) } " has a login, an email with a link to set a new password is on its way. "
                        "The link works once, for an hour."
                    }
                    p { a href="/" { "Sign in" } }
                } @else {
                    p { "Enter the email you sign in with: Roster sends it a link to set a new password." }
                    @if let Some(p) = problem { p.alert role="alert" { (p) } }
                    form method="post" action="/password-reset" {
                        input type="hidden" name="csrf_token" value=(csrf);
                        label for="email" { "Email" }
                        input #email type="email" name="email" autocomplete="username" required;
                        p { button type="submit" { "Send the link" } }
                    }
                }
            }
        },
    )
}

/// GET `/password-reset`.
pub async fn ask(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let b = browser(&state, &headers);
    b.page(StatusCode::OK, reset_form(&b.csrf, None, None))
}

/// POST `/password-reset`: the same answer whether or not the email has a login (no one learns
/// who has one); a reset for each of the email's logins, at most one a minute.
pub async fn send(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let b = browser(&state, &headers);
    let Some(pairs) = super::forms::read_form(&b, &body) else {
        return b.page(StatusCode::FORBIDDEN, super::pages::expired(&b.csrf));
    };
    let typed = super::forms::value(&pairs, "email").unwrap_or_default();
    let Ok(email) = Email::parse("email", typed) else {
        return b.page(
            StatusCode::BAD_REQUEST,
            reset_form(&b.csrf, None, Some("That is not an email address.")),
        );
    };
    let s = &state.settings;
    let reset = |company: &str, first_name: &str, to: &Email| {
        NewInvitation::password_reset(company, first_name, to, &s.public_url, RESET_TTL_MS, now_millis())
    };
    match state
        .store
        .request_password_reset(&email.normalized(), &reset, now_millis())
        .await
    {
        Ok(_) => b.page(StatusCode::OK, reset_form(&b.csrf, Some(email.as_str()), None)),
        Err(e) => unavailable(&b, e),
    }
}

/// The change-password form of the profile page, with a problem or a confirmation.
pub fn change_form(csrf: &str, problem: Option<&str>, changed: bool) -> Markup {
    html! {
        section #password aria-labelledby="password-title" {
            h2 #password-title { "Change your password" }
            @if changed { p #password-changed role="status" { "Your password is changed." } }
            @if let Some(p) = problem { p.alert #password-error role="alert" { (p) } }
            form method="post" action="/me/password" {
                input type="hidden" name="csrf_token" value=(csrf);
                label for="current_password" { "Current password" }
                input #current_password type="password" name="current_password" autocomplete="current-password" required;
                label for="new_password" { "New password (8 or more characters, with an uppercase letter, a lowercase letter and a number)" }
                input #new_password type="password" name="new_password" autocomplete="new-password" required minlength="8";
                p { button type="submit" { "Change password" } }
            }
        }
    }
}

/// POST `/me/password`: the current password checked as a sign-in is (failures count toward the
/// email's lockout), then replaced if it is still the one checked.
pub async fn change(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let b = browser(&state, &headers);
    let v = match signed_in(&state, &b).await {
        Ok(v) => v,
        Err(res) => return res,
    };
    let Some(pairs) = super::forms::read_form(&b, &body) else {
        return b.page(StatusCode::FORBIDDEN, super::pages::expired(&b.csrf));
    };
    let field = |k: &str| pairs.iter().find(|(n, _)| n == k).map_or("", |(_, v)| v.as_str());
    let again = |status, problem: &str| {
        b.page(
            status,
            super::pages::profile(&b.csrf, &v.bar(), &v.person, &v.company, Some(problem), false),
        )
    };
    let new = match Password::parse("new_password", field("new_password")) {
        Ok(p) => p,
        Err(e) => return again(StatusCode::BAD_REQUEST, &e.details),
    };
    let Some(email) = v.person.data.email.as_ref() else {
        return again(StatusCode::BAD_REQUEST, "You have no email to sign in with.");
    };
    let req = LoginRequest {
        email: email.normalized(),
        password: field("current_password").to_owned(),
        company: Some(IdRef::Uuid(v.company.id.0)),
    };
    let current = match check_password(&state, &req).await {
        Ok(c) if c.person_id == v.person.id => c,
        Ok(_) => return again(StatusCode::UNAUTHORIZED, "The current password is not right."),
        Err(res) => {
            return match res.status() {
                StatusCode::UNAUTHORIZED => again(StatusCode::UNAUTHORIZED, "The current password is not right."),
                StatusCode::TOO_MANY_REQUESTS => again(
                    StatusCode::TOO_MANY_REQUESTS,
                    "Too many wrong passwords: wait a while, then try again.",
                ),
                _ => res,
            }
        }
    };
    let hash = match state.passwords.hash(new).await {
        Ok(h) => h,
        Err(e) => return e.into_response(),
    };
    match state
        .store
        .replace_password(v.person.id, &current.password_hash, &hash, now_millis())
        .await
    {
        Ok(()) => b.page(
            StatusCode::OK,
            super::pages::profile(&b.csrf, &v.bar(), &v.person, &v.company, None, true),
        ),
        Err(StoreError::Conflict { .. }) => again(
            StatusCode::CONFLICT,
            "Your password was changed meanwhile: sign in again with the new one.",
        ),
        Err(e) => unavailable(&b, e),
    }
}
