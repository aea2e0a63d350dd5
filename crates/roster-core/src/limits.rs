//! Lengths and counts a request may not exceed: named once, used by the request bodies' checks and
//! by their OpenAPI schemas (roster-server `bodies`).

/// Longest name (first/last names, group, tag and job title names).
pub const MAX_NAME: usize = 100;
/// Longest free text (addresses, contact names, employee numbers...).
pub const MAX_TEXT: usize = 255;
/// Longest short code (zipcode, color).
pub const MAX_SHORT: usize = 32;
/// Longest phone number as sent (it is normalised to E.164).
pub const MAX_PHONE: usize = 64;
/// Longest time zone name.
pub const MAX_TIMEZONE: usize = 64;
/// Longest password accepted for hashing.
pub const MAX_PASSWORD: usize = 1024;
/// Most items of a list (group ids, tag instances).
pub const MAX_ITEMS: usize = 1000;
/// Longest email address (RFC 5321).
pub const MAX_EMAIL: usize = crate::email::MAX_LEN;
/// Longest tag abbreviation.
pub const MAX_ABBREVIATION: usize = 5;
/// Most days before a certification's expiry that it is flagged.
pub const MAX_EXPR_DAYS_WARNING: i64 = 36_500;
/// Longest project number.
pub const MAX_PROJECT_NUMBER: usize = 100;
