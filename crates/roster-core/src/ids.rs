//! Typed ids: a group id can never be passed where a tag id is expected.
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

/// Not an id of the expected kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidId;

/// Only the hyphenated form (`67e55044-10b1-426f-9247-bb680e5fe0c8`), the one the API answers with
/// and its document describes; the uuid crate would also take the simple, braced and URN forms.
fn parse_uuid(s: &str) -> Option<Uuid> {
    (s.len() == 36).then(|| Uuid::parse_str(s).ok()).flatten()
}

macro_rules! uuid_id {
    ($($name:ident),* $(,)?) => {$(
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub Uuid);

        impl $name {
            /// Time-ordered (UUID v7): new rows land at the end of the id indexes instead of on
            /// random pages, which halves the pages a batch of creates writes.
            pub fn new() -> Self { Self(Uuid::now_v7()) }
        }
        impl Default for $name {
            fn default() -> Self { Self::new() }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { self.0.hyphenated().fmt(f) }
        }
        impl FromStr for $name {
            type Err = InvalidId;
            fn from_str(s: &str) -> Result<Self, Self::Err> { parse_uuid(s).map(Self).ok_or(InvalidId) }
        }
    )*};
}

uuid_id!(
    CompanyId,
    PersonId,
    GroupId,
    JobTitleId,
    TagId,
    TagInstanceId,
    PermissionLevelId,
    NotificationProfileId,
    TimeOffId,
    CustomFieldId,
);

/// A path id that may be given as the LaborChart UUID or the Procore integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdRef {
    Uuid(Uuid),
    Int(i64),
}

impl IdRef {
    /// Parses `123` or a UUID; anything else is `None` (the caller answers 404).
    pub fn parse(s: &str) -> Option<Self> {
        if let Ok(n) = s.parse::<i64>() {
            return (n > 0).then_some(Self::Int(n));
        }
        parse_uuid(s).map(Self::Uuid)
    }
}
