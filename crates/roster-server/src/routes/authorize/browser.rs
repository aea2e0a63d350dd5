//! The browser side of the authorization pages: its CSRF token (double submit: a cookie and the
//! form's field must agree), its session cookie, and the headers every page carries.
use super::{pages, FormBody};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::Markup;
use roster_core::secrets;

pub const SESSION_COOKIE: &str = "roster_session";
const CSRF_COOKIE: &str = "roster_csrf";

/// The browser's CSRF token (new, to be set as a cookie, if it had none) and session token.
pub struct Browser {
    pub csrf: String,
    new_csrf: bool,
    pub session: Option<String>,
}

fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

pub fn browser(headers: &HeaderMap) -> Browser {
    let known = cookie(headers, CSRF_COOKIE).filter(|c| c.len() == 47 && c.starts_with("rcf_"));
    Browser {
        csrf: known.map_or_else(|| secrets::generate("rcf_"), str::to_owned),
        new_csrf: known.is_none(),
        session: cookie(headers, SESSION_COOKIE).map(str::to_owned),
    }
}

impl Browser {
    /// Whether a form's token is this browser's (constant time).
    pub fn sent_back(&self, form: &FormBody) -> bool {
        !self.new_csrf
            && form
                .csrf_token
                .as_deref()
                .is_some_and(|t| secrets::matches(t, &secrets::digest(&self.csrf)))
    }

    /// An HTML page, never framed, cached or referred from.
    pub fn page(&self, status: StatusCode, markup: Markup) -> Response {
        let mut res = (status, axum::response::Html(markup.into_string())).into_response();
        let h = res.headers_mut();
        for (name, value) in [
            ("x-frame-options", "DENY"),
            (
                "content-security-policy",
                "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
            ),
            ("cache-control", "no-store"),
            ("referrer-policy", "no-referrer"),
        ] {
            h.insert(name, HeaderValue::from_static(value));
        }
        if self.new_csrf {
            if let Ok(v) = HeaderValue::from_str(&format!(
                "{CSRF_COOKIE}={}; Path=/oauth; HttpOnly; SameSite=Lax",
                self.csrf
            )) {
                h.append(header::SET_COOKIE, v);
            }
        }
        res
    }

    pub fn error(&self, status: StatusCode, message: &str) -> Response {
        self.page(status, pages::error(&self.csrf, message))
    }
}
