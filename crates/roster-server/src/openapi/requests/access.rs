//! Getting in: the OAuth token request, password login, accepting an invitation.
use super::company_ref;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum GrantType {
    ClientCredentials,
}

/// As JSON or a form; the credentials may come as HTTP Basic instead.
#[derive(Deserialize, ToSchema)]
pub struct TokenRequest {
    pub grant_type: GrantType,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct LoginRequest {
    #[schema(max_length = 254)]
    pub email: String,
    #[schema(max_length = 1024)]
    pub password: String,
    /// Needed when the email is a login in more than one company.
    #[schema(schema_with = company_ref)]
    pub company_id: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct AcceptInvitationRequest {
    /// 8+ characters with an uppercase letter, a lowercase letter and a digit.
    #[schema(max_length = 1024)]
    pub password: String,
}
