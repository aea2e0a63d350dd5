//! What every form page of the web app shares: the admin it requires, the form read with its CSRF
//! token checked, and the redirect after a write.
use super::browser::{browser, Browser};
use super::{signed_in, Viewer};
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
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
async fn admin(state: &AppState, b: &Browser) -> Result<Viewer, Response> {
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
pub(super) fn read_form(b: &Browser, body: &Bytes) -> Option<Vec<(String, String)>> {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let token = pairs.iter().find(|(k, _)| k == "csrf_token").map(|(_, v)| v.as_str());
    b.sent_back(token).then_some(pairs)
}

/// The page answering a form without this browser's CSRF token.
fn expired(b: &Browser) -> Response {
    b.page(StatusCode::FORBIDDEN, super::pages::expired(&b.csrf))
}

/// A form's value of `key`, trimmed.
pub fn value<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.trim())
}

/// A page of a signed-in admin of the company: the browser and the viewer (else the sign-in page
/// or a 403 page).
pub struct AdminPage {
    pub b: Browser,
    pub v: Viewer,
}

impl FromRequestParts<AppState> for AdminPage {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let b = browser(state, &parts.headers);
        let v = admin(state, &b).await?;
        Ok(Self { b, v })
    }
}

/// A form post of a signed-in admin of the company, its CSRF token checked (else a 403 page).
pub struct AdminForm {
    pub b: Browser,
    pub v: Viewer,
    pub pairs: Vec<(String, String)>,
}

impl FromRequest<AppState> for AdminForm {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let AdminPage { b, v } = AdminPage::from_request_parts(&mut parts, state).await?;
        let body = Bytes::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(|e| crate::extract::body_rejection(e).into_response())?;
        let pairs = read_form(&b, &body).ok_or_else(|| expired(&b))?;
        Ok(Self { b, v, pairs })
    }
}

/// A CSV file to download, named `filename`, not cached.
pub fn csv_download(body: axum::body::Body, filename: &'static str) -> Response {
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}
