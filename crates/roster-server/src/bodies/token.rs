//! The parameters of an OAuth request (`/oauth/token`, `/oauth/revoke`), read from wherever real
//! clients put them: a JSON body (also sent as `text/plain` or with no content type, as
//! LaborChart's own example does), a form body, `multipart/form-data` (Procore's `curl -F`
//! examples), the query string of an empty POST (an older JS SDK, with its stray `$`), and HTTP
//! Basic for the client credentials. Errors are RFC 6749's; the route maps them to a status.
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::Deserialize;
use utoipa::ToSchema;

/// The parameters of the token and revoke endpoints, as JSON, a form or multipart form data; the
/// client credentials may come as HTTP Basic instead. Unknown keys are ignored (RFC 6749 §3.2).
#[derive(Deserialize, ToSchema, Default, Debug, Clone)]
pub struct TokenBody {
    /// `client_credentials`, `authorization_code` or `refresh_token`; none for LaborChart's
    /// request (with `company_id`).
    pub grant_type: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    /// LaborChart's token request: the company (UUID or integer id) the credentials belong to.
    pub company_id: Option<String>,
    /// LaborChart's token request: a user of that company with a login, when given.
    pub email: Option<String>,
    /// `POST /oauth/revoke`: the token to revoke.
    pub token: Option<String>,
    /// `authorization_code`: the code from the redirect.
    pub code: Option<String>,
    /// `authorization_code`: the redirect URI of the authorization request (also accepted, and
    /// not checked, on `refresh_token`).
    pub redirect_uri: Option<String>,
    /// `authorization_code`: the PKCE verifier, when the authorization request sent a challenge.
    pub code_verifier: Option<String>,
    /// `refresh_token`: the refresh token.
    pub refresh_token: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientCredentials {
    pub client_id: String,
    pub client_secret: String,
}

/// What a token request asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Grant {
    /// `grant_type=client_credentials`.
    ClientCredentials,
    /// LaborChart's request: no `grant_type`, the company named (and optionally a user's email).
    LaborChart { company: String, email: Option<String> },
    /// `grant_type=authorization_code`.
    AuthorizationCode {
        code: String,
        redirect_uri: Option<String>,
        verifier: Option<String>,
    },
    /// `grant_type=refresh_token`.
    RefreshToken { token: String },
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
            Self::UnsupportedGrantType => {
                "`grant_type` must be `client_credentials`, `authorization_code` or `refresh_token` (or none, in \
                 LaborChart's request with `company_id`)"
            }
        }
    }
}

/// Whether a `Content-Type` names JSON (`application/json`, `application/*+json`).
pub fn is_json(content_type: Option<&str>) -> bool {
    mime(content_type)
        .is_some_and(|m| m == "application/json" || (m.starts_with("application/") && m.ends_with("+json")))
}

fn mime(content_type: Option<&str>) -> Option<String> {
    content_type
        .and_then(|ct| ct.split(';').next())
        .map(|m| m.trim().to_ascii_lowercase())
}

/// An OAuth request's parameters: the body's, then those of the query string it lacks, then the
/// Basic credentials (which win over any in the body).
pub async fn read_params(
    content_type: Option<&str>,
    authorization: Option<&str>,
    query: Option<&str>,
    body: axum::body::Bytes,
) -> Result<TokenBody, TokenRequestError> {
    let mut pairs = body_pairs(content_type, body).await?;
    if let Some(q) = query {
        pairs.extend(form_urlencoded::parse(q.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())));
    }
    let mut params = TokenBody::default();
    for (key, value) in pairs {
        // The older JS SDK sent `$client_id`.
        let slot = match key.trim_start_matches('$') {
            "grant_type" => &mut params.grant_type,
            "client_id" => &mut params.client_id,
            "client_secret" => &mut params.client_secret,
            "company_id" => &mut params.company_id,
            "email" => &mut params.email,
            "token" => &mut params.token,
            "code" => &mut params.code,
            "redirect_uri" => &mut params.redirect_uri,
            "code_verifier" => &mut params.code_verifier,
            "refresh_token" => &mut params.refresh_token,
            _ => continue,
        };
        // The first place a parameter is given wins: the body before the query string.
        slot.get_or_insert(value);
    }
    if let Some(basic) = authorization.and_then(|v| crate::auth::credentials_of(v, "Basic")) {
        let (id, secret) = basic_credentials(basic).ok_or(TokenRequestError::InvalidClient(
            "The Basic credentials could not be read",
        ))?;
        params.client_id = Some(id);
        params.client_secret = Some(secret);
    }
    Ok(params)
}

/// `base64(id:secret)`, RFC 7617.
pub fn basic_credentials(encoded: &str) -> Option<(String, String)> {
    let decoded = String::from_utf8(STANDARD.decode(encoded.trim()).ok()?).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    Some((id.to_owned(), secret.to_owned()))
}

impl TokenBody {
    /// The client credentials, required by every grant.
    pub fn credentials(&self) -> Result<ClientCredentials, TokenRequestError> {
        match (&self.client_id, &self.client_secret) {
            (Some(id), Some(secret)) if !id.is_empty() => Ok(ClientCredentials {
                client_id: id.clone(),
                client_secret: secret.clone(),
            }),
            _ => Err(TokenRequestError::InvalidClient(
                "`client_id` and `client_secret` are required",
            )),
        }
    }

    /// The grant asked for.
    pub fn grant(&self) -> Result<Grant, TokenRequestError> {
        let required = |v: &Option<String>, missing: &'static str| {
            v.clone()
                .filter(|v| !v.trim().is_empty())
                .ok_or(TokenRequestError::InvalidRequest(missing))
        };
        match (self.grant_type.as_deref(), &self.company_id) {
            (Some("client_credentials"), _) => Ok(Grant::ClientCredentials),
            (Some("authorization_code"), _) => Ok(Grant::AuthorizationCode {
                code: required(&self.code, "`code` is required")?,
                redirect_uri: self.redirect_uri.clone(),
                verifier: self.code_verifier.clone(),
            }),
            (Some("refresh_token"), _) => Ok(Grant::RefreshToken {
                token: required(&self.refresh_token, "`refresh_token` is required")?,
            }),
            (Some(_), _) => Err(TokenRequestError::UnsupportedGrantType),
            (None, Some(company)) => Ok(Grant::LaborChart {
                company: company.clone(),
                email: self.email.clone().filter(|e| !e.trim().is_empty()),
            }),
            (None, None) => Err(TokenRequestError::InvalidRequest(
                "`grant_type` is required (or, as LaborChart's token request, `company_id`)",
            )),
        }
    }
}

/// The body's parameters by its content type: JSON, a form, multipart form data; without a
/// content type, or as `text/plain`, a JSON object if it reads as one, else a form.
async fn body_pairs(
    content_type: Option<&str>,
    body: axum::body::Bytes,
) -> Result<Vec<(String, String)>, TokenRequestError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Vec::new());
    }
    let kind = mime(content_type);
    if kind.as_deref() == Some("multipart/form-data") {
        return multipart_pairs(content_type.unwrap_or_default(), body).await;
    }
    let looks_json = body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    let sniff = matches!(kind.as_deref(), None | Some("text/plain"));
    if is_json(content_type) || (sniff && looks_json) {
        return json_pairs(&body);
    }
    Ok(form_urlencoded::parse(&body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect())
}

fn json_pairs(body: &[u8]) -> Result<Vec<(String, String)>, TokenRequestError> {
    let v: serde_json::Value = serde_json::from_slice(body)
        .map_err(|_| TokenRequestError::InvalidRequest("The request body is not valid JSON"))?;
    let serde_json::Value::Object(map) = v else {
        return Err(TokenRequestError::InvalidRequest(
            "The request body must be a JSON object",
        ));
    };
    let mut pairs = Vec::with_capacity(map.len());
    for (k, v) in map {
        let text = match v {
            serde_json::Value::String(s) => s,
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::Null => continue,
            _ => {
                return Err(TokenRequestError::InvalidRequest(
                    "Every parameter must be a string (or, `company_id`, a number)",
                ))
            }
        };
        pairs.push((k, text));
    }
    Ok(pairs)
}

async fn multipart_pairs(
    content_type: &str,
    body: axum::body::Bytes,
) -> Result<Vec<(String, String)>, TokenRequestError> {
    let bad = |_| TokenRequestError::InvalidRequest("The multipart form data could not be read");
    let boundary = multer::parse_boundary(content_type).map_err(bad)?;
    let stream = futures::stream::once(async move { Ok::<_, std::io::Error>(body) });
    let mut form = multer::Multipart::new(stream, boundary);
    let mut pairs = Vec::new();
    while let Some(field) = form.next_field().await.map_err(bad)? {
        let Some(name) = field.name().map(str::to_owned) else {
            continue;
        };
        pairs.push((name, field.text().await.map_err(bad)?));
    }
    Ok(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn read(ct: Option<&str>, auth: Option<&str>, query: Option<&str>, body: &'static [u8]) -> TokenBody {
        read_params(ct, auth, query, axum::body::Bytes::from_static(body))
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn every_encoding_real_clients_send() {
        let want = ClientCredentials {
            client_id: "a".into(),
            client_secret: "b".into(),
        };
        let json = br#"{"grant_type":"client_credentials","client_id":"a","client_secret":"b"}"#;
        let form = b"grant_type=client_credentials&client_id=a&client_secret=b";
        let multipart = b"--XyZ\r\nContent-Disposition: form-data; name=\"grant_type\"\r\n\r\nclient_credentials\r\n--XyZ\r\nContent-Disposition: form-data; name=\"client_id\"\r\n\r\na\r\n--XyZ\r\nContent-Disposition: form-data; name=\"client_secret\"\r\n\r\nb\r\n--XyZ--\r\n";
        for (ct, body) in [
            (Some("application/json"), &json[..]),
            (Some("text/plain;charset=UTF-8"), json),
            (None, json),
            (Some("application/x-www-form-urlencoded"), form),
            (None, form),
            (Some("multipart/form-data; boundary=XyZ"), multipart),
        ] {
            let p = read(ct, None, None, body).await;
            assert_eq!(p.credentials(), Ok(want.clone()), "{ct:?}");
            assert_eq!(p.grant(), Ok(Grant::ClientCredentials), "{ct:?}");
        }
        let basic = read(None, Some("Basic YTpi"), None, b"grant_type=client_credentials").await;
        assert_eq!(basic.credentials(), Ok(want.clone()));
        let query = read(
            None,
            None,
            Some("grant_type=client_credentials&$client_id=a&client_secret=b"),
            b"",
        )
        .await;
        assert_eq!(query.credentials(), Ok(want));
    }

    #[tokio::test]
    async fn laborchart_and_refusals() {
        let lc = read(
            None,
            None,
            None,
            br#"{"client_id":"a","client_secret":"b","company_id":7,"email":"x@y.z"}"#,
        )
        .await;
        assert_eq!(
            lc.grant(),
            Ok(Grant::LaborChart {
                company: "7".into(),
                email: Some("x@y.z".into())
            })
        );
        assert_eq!(
            read(None, None, None, b"grant_type=password").await.grant(),
            Err(TokenRequestError::UnsupportedGrantType)
        );
        assert_eq!(
            read(None, None, None, b"client_id=a")
                .await
                .grant()
                .map_err(TokenRequestError::code),
            Err("invalid_request")
        );
        for (ct, body) in [
            (Some("application/json"), &b"{"[..]),
            (Some("application/json"), b"[1]"),
            (None, br#"{"client_id": {"x": 1}}"#),
            (Some("multipart/form-data"), b"--x\r\n"),
            (Some("multipart/form-data; boundary=q"), b"--q\r\nbroken"),
        ] {
            let e = read_params(ct, None, None, axum::body::Bytes::from_static(body))
                .await
                .unwrap_err();
            assert_eq!(e.code(), "invalid_request", "{ct:?} {body:?}");
        }
        let e = read_params(None, Some("Basic !!"), None, axum::body::Bytes::new())
            .await
            .unwrap_err();
        assert_eq!(e.code(), "invalid_client");
    }
}
