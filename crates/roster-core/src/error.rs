use thiserror::Error;

/// A request that breaks a rule: becomes a 400 naming the field and the rule.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{details}")]
pub struct Invalid {
    pub field: String,
    /// camelCase reason, e.g. `missingRequiredField`.
    pub detail_code: &'static str,
    /// A sentence naming the field and the rule.
    pub details: String,
}

impl Invalid {
    pub fn new(field: impl Into<String>, detail_code: &'static str, details: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            detail_code,
            details: details.into(),
        }
    }
    pub fn missing(field: &str) -> Self {
        Self::new(field, "missingRequiredField", format!("`{field}` is required"))
    }
    pub fn wrong_type(field: &str, expected: &str) -> Self {
        Self::new(field, "invalidFieldType", format!("`{field}` must be {expected}"))
    }
    pub fn unknown_reference(field: &str, id: impl std::fmt::Display) -> Self {
        Self::new(
            field,
            "unknownReference",
            format!("`{field}` refers to {id}, which does not exist in this company"),
        )
    }
}

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("{0} not found")]
    NotFound(&'static str),
    /// A unique index refused the write; `field` says which (for logs, not bodies).
    #[error("conflict on {field}")]
    Conflict { field: &'static str },
    /// A rule that can only be checked against stored data (references, admin rule).
    #[error(transparent)]
    Invalid(#[from] Invalid),
    /// The row is still used; `details` names the users.
    #[error("{details}")]
    InUse { detail_code: &'static str, details: String },
    /// The database cannot be reached or refused to work (locked, read-only, gone).
    #[error("store unavailable: {0}")]
    Unavailable(String),
    #[error("store failure: {0}")]
    Other(String),
}

pub type StoreResult<T> = Result<T, StoreError>;
