//! OAuth: the clients that may ask for tokens (a company's own credentials, the applications it
//! registers for Procore's authorization-code flow), authorization codes, access and refresh
//! tokens, and who a token acts for. Every secret is kept as its digest only (`secrets`).
use super::company::Company;
use crate::dates::Millis;
use crate::{secrets, CompanyId, Invalid, PersonId};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};

/// The redirect URI of an app without a server: the code is shown on a page instead.
pub const OOB_REDIRECT_URI: &str = "urn:ietf:wg:oauth:2.0:oob";

/// Authorization codes work once, within 10 minutes, as Procore's.
pub const CODE_LIFETIME_SECS: i64 = 600;

/// What a client is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientKind {
    /// The company's own credentials (client credentials only).
    Company,
    /// An application the company registered (`roster app create`): the authorization-code flow
    /// and client credentials.
    App,
    /// LaborChart's Basic credentials (`roster basic-credentials create`): HTTP Basic on the
    /// LaborChart mount's company routes, and nothing else ("not interchangeable" with OAuth ones).
    Basic,
}

impl ClientKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Company => "company",
            Self::App => "app",
            Self::Basic => "basic",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "company" => Some(Self::Company),
            "app" => Some(Self::App),
            "basic" => Some(Self::Basic),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct OAuthClient {
    pub client_id: String,
    pub secret_hash: String,
    pub company_id: CompanyId,
    pub kind: ClientKind,
    /// An application's name, shown on the consent page.
    pub name: Option<String>,
    /// An application's registered redirect URIs (exact match).
    pub redirect_uris: Vec<String>,
    pub created_at: Millis,
}

/// A redirect URI an application may register: the `oob` URI, or an absolute `https://` (or, for
/// development, `http://`) URL without a fragment.
fn check_redirect_uri(uri: &str) -> Result<(), Invalid> {
    let rest = uri.strip_prefix("https://").or_else(|| uri.strip_prefix("http://"));
    let ok = uri == OOB_REDIRECT_URI
        || rest.is_some_and(|r| {
            let host = r.split(['/', '?']).next().unwrap_or_default();
            !host.is_empty() && !uri.contains('#') && !uri.chars().any(char::is_whitespace)
        });
    if ok {
        Ok(())
    } else {
        Err(Invalid::new(
            "redirect_uri",
            "invalidValue",
            format!("`{uri}` is not an absolute http(s) URL without a fragment, nor {OOB_REDIRECT_URI}"),
        ))
    }
}

impl OAuthClient {
    /// A new application of the company and its secret (to be shown once).
    pub fn new_app(
        company: CompanyId,
        name: &str,
        redirect_uris: Vec<String>,
        now: Millis,
    ) -> Result<(Self, String), Invalid> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > crate::limits::MAX_NAME {
            return Err(Invalid::new(
                "name",
                "invalidValue",
                "an application needs a name of 1 to 100 characters",
            ));
        }
        if redirect_uris.is_empty() {
            return Err(Invalid::missing("redirect_uri"));
        }
        for uri in &redirect_uris {
            check_redirect_uri(uri)?;
        }
        let secret = secrets::generate("rcs_");
        let app = Self {
            client_id: secrets::generate("rci_"),
            secret_hash: secrets::digest(&secret),
            company_id: company,
            kind: ClientKind::App,
            name: Some(name.to_owned()),
            redirect_uris,
            created_at: now,
        };
        Ok((app, secret))
    }
}

impl OAuthClient {
    /// New Basic credentials of the company and their secret (to be shown once).
    pub fn new_basic(company: CompanyId, now: Millis) -> (Self, String) {
        let secret = secrets::generate("rbs_");
        let client = Self {
            client_id: secrets::generate("rbi_"),
            secret_hash: secrets::digest(&secret),
            company_id: company,
            kind: ClientKind::Basic,
            name: None,
            redirect_uris: Vec::new(),
            created_at: now,
        };
        (client, secret)
    }
}

/// An issued access token, stored by its digest only.
#[derive(Debug, Clone)]
pub struct AccessToken {
    pub digest: String,
    pub company_id: CompanyId,
    /// The client it was issued to (`None` for a token issued before Roster recorded it).
    pub client_id: Option<String>,
    /// The person it acts for (authorization-code flow); `None`: the company itself.
    pub person_id: Option<PersonId>,
    /// The approval it came from: a code's tokens and their refreshes share it, and are revoked
    /// together.
    pub grant_id: Option<String>,
    pub created_at: Millis,
    pub expires_at: Millis,
}

/// An authorization code, stored by its digest until used (then marked, so a second use can
/// revoke what the first produced).
#[derive(Debug, Clone)]
pub struct AuthCode {
    pub digest: String,
    pub client_id: String,
    pub person_id: PersonId,
    pub company_id: CompanyId,
    pub redirect_uri: String,
    /// PKCE `code_challenge` (S256), when the authorization request sent one.
    pub code_challenge: Option<String>,
    pub grant_id: String,
    pub created_at: Millis,
    pub expires_at: Millis,
}

impl AuthCode {
    /// Whether the token request matches the authorization request: the same `redirect_uri`, and
    /// the PKCE verifier when a challenge was sent.
    pub fn check(&self, redirect_uri: Option<&str>, verifier: Option<&str>) -> Result<(), Invalid> {
        if redirect_uri != Some(self.redirect_uri.as_str()) {
            return Err(Invalid::new(
                "redirect_uri",
                "invalid_grant",
                "`redirect_uri` is not the one of the authorization request",
            ));
        }
        match (&self.code_challenge, verifier) {
            (None, _) => Ok(()),
            (Some(challenge), Some(v)) if pkce_matches(v, challenge) => Ok(()),
            (Some(_), _) => Err(Invalid::new(
                "code_verifier",
                "invalid_grant",
                "`code_verifier` does not match the authorization request's `code_challenge`",
            )),
        }
    }
}

/// RFC 7636 S256: the challenge of a verifier, `BASE64URL(SHA256(verifier))`.
pub fn pkce_challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// Whether the verifier (43 to 128 characters) is the challenge's.
pub fn pkce_matches(verifier: &str, challenge: &str) -> bool {
    (43..=128).contains(&verifier.len()) && pkce_challenge(verifier) == challenge
}

/// Both tokens a code exchange or a refresh issues, by digest.
#[derive(Debug, Clone)]
pub struct TokenPair {
    pub access_digest: String,
    pub refresh_digest: String,
    pub created_at: Millis,
    pub expires_at: Millis,
}

/// Who an access token acts for: its company, and the person when it came from the
/// authorization-code flow.
#[derive(Debug, Clone, PartialEq)]
pub struct TokenOwner {
    pub company: Company,
    pub person: Option<TokenPerson>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TokenPerson {
    pub id: PersonId,
    pub procore_id: i64,
    /// Whether the person's permission level (now) is an admin one.
    pub is_admin: bool,
}

impl TokenOwner {
    /// A person without an admin permission level may read but not write; the company's own
    /// tokens may do both.
    pub fn may_write(&self) -> bool {
        self.person.is_none_or(|p| p.is_admin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkce_s256_as_rfc_7636_appendix_b() {
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        assert!(pkce_matches(verifier, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
        assert!(!pkce_matches(verifier, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cX"));
        assert!(!pkce_matches("short", "x"));
    }

    #[test]
    fn apps_need_a_name_and_usable_redirect_uris() {
        let c = CompanyId::new();
        let (app, secret) = OAuthClient::new_app(
            c,
            "Sync",
            vec![OOB_REDIRECT_URI.into(), "https://a.example/cb?x=1".into()],
            0,
        )
        .unwrap();
        assert!(secrets::matches(&secret, &app.secret_hash));
        for bad in [
            "/relative",
            "https://",
            "ftp://x",
            "https://a.example/cb#frag",
            "https://a b",
        ] {
            assert!(OAuthClient::new_app(c, "Sync", vec![bad.into()], 0).is_err(), "{bad}");
        }
        assert!(OAuthClient::new_app(c, " ", vec![OOB_REDIRECT_URI.into()], 0).is_err());
        assert!(OAuthClient::new_app(c, "Sync", vec![], 0).is_err());
    }
}
