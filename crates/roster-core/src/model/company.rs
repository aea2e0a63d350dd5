use crate::dates::Millis;
use crate::{secrets, CompanyId, NotificationProfileId, PermissionLevelId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Company {
    pub id: CompanyId,
    pub procore_id: i64,
    pub name: String,
    pub created_at: Millis,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermissionLevel {
    pub id: PermissionLevelId,
    pub name: String,
    pub is_admin: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotificationProfile {
    pub id: NotificationProfileId,
    pub name: String,
    pub created_at: Millis,
}

/// Everything written when a company is created, in one transaction.
#[derive(Debug, Clone)]
pub struct NewCompany {
    pub id: CompanyId,
    pub name: String,
    /// `None`: the store assigns the next free positive integer.
    pub procore_id: Option<i64>,
    pub client_id: String,
    pub client_secret_hash: String,
    pub permission_levels: Vec<PermissionLevel>,
    pub notification_profiles: Vec<NotificationProfile>,
    pub created_at: Millis,
}

/// A new company's client secret in clear text: shown once, never stored.
pub struct ClientSecret(pub String);

impl NewCompany {
    /// A company seeded as every new one is: an `Admin` and a non-admin permission level,
    /// and a `Default` notification profile; with fresh client credentials.
    pub fn provision(name: &str, procore_id: Option<i64>) -> (Self, ClientSecret) {
        let secret = secrets::generate("rcs_");
        let now = crate::dates::now_millis();
        let level = |name: &str, is_admin| PermissionLevel {
            id: PermissionLevelId::new(),
            name: name.into(),
            is_admin,
        };
        let company = Self {
            id: CompanyId::new(),
            name: name.to_owned(),
            procore_id,
            client_id: secrets::generate("rci_"),
            client_secret_hash: secrets::digest(&secret),
            permission_levels: vec![
                level("Admin", true),
                level("Manager", false),
                level("Field Worker", false),
            ],
            notification_profiles: vec![NotificationProfile {
                id: NotificationProfileId::new(),
                name: "Default".into(),
                created_at: now,
            }],
            created_at: now,
        };
        (company, ClientSecret(secret))
    }
}

#[derive(Debug, Clone)]
pub struct OAuthClient {
    pub client_id: String,
    pub secret_hash: String,
    pub company_id: CompanyId,
}

/// An issued access token, stored by its digest only.
#[derive(Debug, Clone)]
pub struct AccessToken {
    pub digest: String,
    pub company_id: CompanyId,
    pub created_at: Millis,
    pub expires_at: Millis,
}

/// Access tokens live 90 minutes, as Procore's do.
pub const TOKEN_LIFETIME_SECS: i64 = 5400;
