//! The browser side of every page (the web app's and the authorization flow's): its CSRF token
//! (double submit: a cookie and the form's field must agree), its session cookie, and the headers
//! every page carries.
use crate::state::AppState;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::Markup;
use roster_core::model::SESSION_LIFETIME_SECS;
use roster_core::secrets;

pub const SESSION_COOKIE: &str = "roster_session";
const CSRF_COOKIE: &str = "roster_csrf";

/// Pages run only their own script and style; never framed; forms may post to this origin and be
/// redirected on (the authorization flow's consent redirects to the application).
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; \
    frame-ancestors 'none'; base-uri 'none'";

/// The browser's CSRF token (new, to be set as a cookie, if it had none) and session token.
pub struct Browser {
    pub csrf: String,
    new_csrf: bool,
    pub session: Option<String>,
    /// `Secure` cookies: when Roster is served over https (`public_url`).
    secure: bool,
}

pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

pub fn browser(state: &AppState, headers: &HeaderMap) -> Browser {
    let known = cookie(headers, CSRF_COOKIE).filter(|c| c.len() == 47 && c.starts_with("rcf_"));
    Browser {
        csrf: known.map_or_else(|| secrets::generate("rcf_"), str::to_owned),
        new_csrf: known.is_none(),
        session: cookie(headers, SESSION_COOKIE).map(str::to_owned),
        secure: state.settings.public_url.starts_with("https://"),
    }
}

impl Browser {
    /// Whether a form's token is this browser's (constant time).
    pub fn sent_back(&self, token: Option<&str>) -> bool {
        !self.new_csrf && token.is_some_and(|t| secrets::matches(t, &secrets::digest(&self.csrf)))
    }

    fn cookie(&self, name: &str, value: &str, max_age: Option<i64>) -> Option<HeaderValue> {
        let secure = if self.secure { "; Secure" } else { "" };
        let age = max_age.map(|s| format!("; Max-Age={s}")).unwrap_or_default();
        HeaderValue::from_str(&format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax{secure}{age}")).ok()
    }

    /// An HTML page, never framed, cached or referred from.
    pub fn page(&self, status: StatusCode, markup: Markup) -> Response {
        let mut res = (status, axum::response::Html(markup.into_string())).into_response();
        let h = res.headers_mut();
        for (name, value) in [
            ("x-frame-options", "DENY"),
            ("content-security-policy", CSP),
            ("cache-control", "no-store"),
            ("referrer-policy", "no-referrer"),
            ("x-content-type-options", "nosniff"),
        ] {
            h.insert(name, HeaderValue::from_static(value));
        }
        if self.new_csrf {
            if let Some(v) = self.cookie(CSRF_COOKIE, &self.csrf, None) {
                h.append(header::SET_COOKIE, v);
            }
        }
        res
    }

    /// A redirect that signs the browser in (its session cookie) or out (`None`).
    pub fn with_session(&self, mut res: Response, token: Option<&str>) -> Response {
        let cookie = match token {
            Some(t) => self.cookie(SESSION_COOKIE, t, Some(SESSION_LIFETIME_SECS)),
            None => self.cookie(SESSION_COOKIE, "", Some(0)),
        };
        if let Some(v) = cookie {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
        res
    }
}
