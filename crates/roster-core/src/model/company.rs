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

/// Who hears of an assignment or request change: no one, the assigned users, the members of the
/// groups concerned, or everyone on the project (Procore's Notification Profile enum).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    None,
    Users,
    Groups,
    Projects,
}

impl Audience {
    pub const OPTIONS: &'static [&'static str] = &["none", "users", "groups", "projects"];

    pub fn as_str(self) -> &'static str {
        Self::OPTIONS[self as usize]
    }
}

/// What a notification profile sends. Profiles are seeded with each company and read-only (the
/// API has no route that changes one), so every profile has these settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotificationSettings {
    pub assigned_as_project_role: bool,
    /// `assignment_created`, `_deleted`, `_edited`, `_ending`, `_starting`.
    pub assignment: [Audience; 5],
    /// `request_created`, `_deleted`, `_edited`, `_ending`, `_filled`, `_starting`.
    pub request: [Audience; 6],
    /// `person_existence_changed`, `_groups_changed`, `_status_changed`, `person_tag_expiring`,
    /// `person_tag_warning`.
    pub person: [bool; 5],
    /// `project_existence_changed`, `_groups_changed`, `_status_changed`.
    pub project: [bool; 3],
}

impl NotificationSettings {
    /// The seeded `Default` profile: assignments to the people assigned, requests to their groups,
    /// and every person and project change.
    pub const SEEDED: Self = Self {
        assigned_as_project_role: false,
        assignment: [Audience::Users; 5],
        request: [Audience::Groups; 6],
        person: [true; 5],
        project: [true; 3],
    };
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

/// Access tokens live 90 minutes, as Procore's do.
pub const TOKEN_LIFETIME_SECS: i64 = 5400;
