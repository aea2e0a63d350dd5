//! The OAuth 2.0 client-credentials token request (RFC 6749 §4.4), read from whichever form the
//! client used: a JSON body, a form body (both `TokenBody`), or HTTP Basic for the credentials.
//! Credentials or the RFC's error out; the route maps the error to a status.
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::Deserialize;
use utoipa::ToSchema;

/// `grant_type=client_credentials` with `client_id` and `client_secret`, as JSON or a form; the
/// credentials may come as HTTP Basic instead.
#[derive(Deserialize, ToSchema, Default)]
pub struct TokenBody {
    /// `client_credentials`.
    pub grant_type: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientCredentials {
    pub client_id: String,
    pub client_secret: String,
}

/// RFC 6749 §5.2 errors, with a description for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenRequestError {
    /// 400 `invalid_request`.
    InvalidRequest(&'static str),
    /// 400 `unsupported_grant_type`.
    UnsupportedGrantType,
    /// 401 `invalid_client`.
    InvalidClient(&'static str),
}

impl TokenRequestError {
    pub fn code(self) -> &'static str {
        match self {
            Self::InvalidRequest(_) => "invalid_request",
            Self::UnsupportedGrantType => "unsupported_grant_type",
            Self::InvalidClient(_) => "invalid_client",
        }
    }
    pub fn description(self) -> &'static str {
        match self {
            Self::InvalidRequest(d) | Self::InvalidClient(d) => d,
            Self::UnsupportedGrantType => "Only `grant_type=client_credentials` is supported",
        }
    }
}

/// Whether a `Content-Type` names JSON (`application/json`, `application/*+json`).
pub fn is_json(content_type: Option<&str>) -> bool {
    content_type
        .and_then(|ct| ct.split(';').next())
        .map(|mime| {
            let mime = mime.trim().to_ascii_lowercase();
            mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json"))
        })
        .unwrap_or(false)
}

/// Reads a client-credentials request. Basic credentials win over any in the body.
pub fn parse_token_request(
    content_type: Option<&str>,
    authorization: Option<&str>,
    body: &[u8],
) -> Result<ClientCredentials, TokenRequestError> {
    let mut params = token_body(content_type, body)?;
    if let Some(basic) = authorization.and_then(|v| v.strip_prefix("Basic ").or_else(|| v.strip_prefix("basic "))) {
        let unreadable = TokenRequestError::InvalidClient("The Basic credentials could not be read");
        let decoded = STANDARD
            .decode(basic.trim())
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .ok_or(unreadable)?;
        let (id, secret) = decoded.split_once(':').ok_or(unreadable)?;
        params.client_id = Some(id.to_owned());
        params.client_secret = Some(secret.to_owned());
    }
    match params.grant_type.as_deref() {
        Some("client_credentials") => {}
        None => return Err(TokenRequestError::InvalidRequest("`grant_type` is required")),
        Some(_) => return Err(TokenRequestError::UnsupportedGrantType),
    }
    match (params.client_id, params.client_secret) {
        (Some(client_id), Some(client_secret)) => Ok(ClientCredentials {
            client_id,
            client_secret,
        }),
        _ => Err(TokenRequestError::InvalidClient(
            "`client_id` and `client_secret` are required",
        )),
    }
}

fn token_body(content_type: Option<&str>, body: &[u8]) -> Result<TokenBody, TokenRequestError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(TokenBody::default());
    }
    if is_json(content_type) {
        let v: serde_json::Value = serde_json::from_slice(body)
            .map_err(|_| TokenRequestError::InvalidRequest("The request body is not valid JSON"))?;
        if !v.is_object() {
            return Err(TokenRequestError::InvalidRequest(
                "The request body must be a JSON object",
            ));
        }
        return serde_json::from_value(v).map_err(|_| {
            TokenRequestError::InvalidRequest("`grant_type`, `client_id` and `client_secret` must be strings")
        });
    }
    serde_urlencoded::from_bytes(body)
        .map_err(|_| TokenRequestError::InvalidRequest("The request body must be JSON or form-encoded"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_form_and_basic() {
        let json = parse_token_request(
            Some("application/json"),
            None,
            br#"{"grant_type":"client_credentials","client_id":"a","client_secret":"b"}"#,
        );
        let form = parse_token_request(
            Some("application/x-www-form-urlencoded"),
            None,
            b"grant_type=client_credentials&client_id=a&client_secret=b",
        );
        let basic = parse_token_request(None, Some("Basic YTpi"), b"grant_type=client_credentials");
        let want = ClientCredentials {
            client_id: "a".into(),
            client_secret: "b".into(),
        };
        assert_eq!(json, Ok(want.clone()));
        assert_eq!(form, Ok(want.clone()));
        assert_eq!(basic, Ok(want));
        assert_eq!(
            parse_token_request(None, None, b"grant_type=password").map_err(TokenRequestError::code),
            Err("unsupported_grant_type")
        );
        assert_eq!(
            parse_token_request(None, Some("Basic !!"), b"grant_type=client_credentials")
                .map_err(TokenRequestError::code),
            Err("invalid_client")
        );
    }
}
