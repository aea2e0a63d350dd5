//! What every form page of the web app shares: the admin it requires, the form read with its CSRF
//! token checked, and the redirect after a write.
use super::browser::Browser;
use super::{signed_in, Viewer};
use crate::state::AppState;
use axum::body::Bytes;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// 303 to a page of this server.
pub fn see_other(location: String) -> Response {
    match HeaderValue::from_str(&location) {
        Ok(v) => (StatusCode::SEE_OTHER, [(header::LOCATION, v)]).into_response(),
        Err(_) => StatusCode::BAD_REQUEST.into_response(),
    }
}

/// The signed-in admin, or the answer to give instead (the sign-in page, or a 403 page).
pub async fn admin(state: &AppState, b: &Browser) -> Result<Viewer, Response> {
    let v = signed_in(state, b).await?;
    if !v.is_admin {
        return Err(b.page(
            StatusCode::FORBIDDEN,
            super::pages::message(&b.csrf, Some(&v.bar()), "Only an admin of the company manages it."),
        ));
    }
    Ok(v)
}

/// A form post read, if its CSRF token is this browser's.
pub fn read_form(b: &Browser, body: &Bytes) -> Option<Vec<(String, String)>> {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let token = pairs.iter().find(|(k, _)| k == "csrf_token").map(|(_, v)| v.as_str());
    b.sent_back(token).then_some(pairs)
}

/// The page answering a form without this browser's CSRF token.
pub fn expired(b: &Browser) -> Response {
    b.page(StatusCode::FORBIDDEN, super::pages::expired(&b.csrf))
}

/// A form's value of `key`, trimmed.
pub fn value<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.trim())
}
