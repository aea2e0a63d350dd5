use crate::dates::Millis;
use crate::{CompanyId, GroupId, Invalid};
use std::str::FromStr;

#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub id: GroupId,
    pub company_id: CompanyId,
    pub name: String,
    /// An IANA zone name (`America/Chicago`).
    pub timezone: String,
    pub color: Option<String>,
    pub address_1: Option<String>,
    pub address_2: Option<String>,
    pub city_town: Option<String>,
    pub state_province: Option<String>,
    pub zipcode: Option<String>,
    pub country: Option<String>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub contact_email: Option<String>,
    pub created_at: Millis,
    pub updated_at: Millis,
}

impl Group {
    /// A new group with only its required properties.
    pub fn new(company_id: CompanyId, name: String, timezone: String, now: Millis) -> Self {
        Self {
            id: GroupId::new(),
            company_id,
            name,
            timezone,
            color: None,
            address_1: None,
            address_2: None,
            city_town: None,
            state_province: None,
            zipcode: None,
            country: None,
            contact_name: None,
            contact_phone: None,
            contact_email: None,
            created_at: now,
            updated_at: now,
        }
    }
}

/// A group's time zone must be an IANA zone name.
pub fn check_timezone(field: &str, tz: &str) -> Result<(), Invalid> {
    match chrono_tz::Tz::from_str(tz) {
        Ok(_) => Ok(()),
        Err(_) => Err(Invalid::new(
            field,
            "invalidTimezone",
            format!("`{field}` must be an IANA time zone name such as America/Chicago"),
        )),
    }
}
