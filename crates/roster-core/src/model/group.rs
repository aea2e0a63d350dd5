use super::set_if_sent;
use crate::dates::{now_millis, Millis};
use crate::email::Email;
use crate::input::{Body, MAX_NAME, MAX_TEXT};
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
    pub fn create(company_id: CompanyId, body: &Body) -> Result<Self, Invalid> {
        let now = now_millis();
        let mut g = Self {
            id: GroupId::new(),
            company_id,
            name: body.required("name", |b, k| b.name(k, MAX_NAME))?,
            timezone: body.required("timezone", timezone)?,
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
        };
        g.apply(body, true)?;
        Ok(g)
    }

    /// Applies the sent keys; on update `name` and `timezone` cannot be cleared.
    pub fn update(&mut self, body: &Body) -> Result<(), Invalid> {
        if body.sent("name") {
            self.name = body.required("name", |b, k| b.name(k, MAX_NAME))?;
        }
        if body.sent("timezone") {
            self.timezone = body.required("timezone", timezone)?;
        }
        self.apply(body, false)?;
        self.updated_at = now_millis().max(self.updated_at);
        Ok(())
    }

    fn apply(&mut self, b: &Body, creating: bool) -> Result<(), Invalid> {
        set_if_sent!(b, creating, self.color, "color", b.text("color", 32));
        set_if_sent!(b, creating, self.address_1, "address_1", b.text("address_1", MAX_TEXT));
        set_if_sent!(b, creating, self.address_2, "address_2", b.text("address_2", MAX_TEXT));
        set_if_sent!(b, creating, self.city_town, "city_town", b.text("city_town", MAX_TEXT));
        set_if_sent!(
            b,
            creating,
            self.state_province,
            "state_province",
            b.text("state_province", MAX_TEXT)
        );
        set_if_sent!(b, creating, self.zipcode, "zipcode", b.text("zipcode", 32));
        set_if_sent!(b, creating, self.country, "country", b.text("country", MAX_TEXT));
        set_if_sent!(
            b,
            creating,
            self.contact_name,
            "contact_name",
            b.text("contact_name", MAX_TEXT)
        );
        set_if_sent!(
            b,
            creating,
            self.contact_phone,
            "contact_phone",
            b.text("contact_phone", 64)
        );
        set_if_sent!(
            b,
            creating,
            self.contact_email,
            "contact_email",
            optional_email(b, "contact_email")
        );
        Ok(())
    }
}

fn timezone(b: &Body, k: &str) -> Result<Option<String>, Invalid> {
    match b.text(k, 64)? {
        Some(tz) if chrono_tz::Tz::from_str(&tz).is_err() => Err(Invalid::new(
            k,
            "invalidTimezone",
            format!("`{k}` must be an IANA time zone name such as America/Chicago"),
        )),
        other => Ok(other),
    }
}

/// An optional email field: validated when given, empty string means none.
pub fn optional_email(b: &Body, k: &str) -> Result<Option<String>, Invalid> {
    match b.text(k, crate::email::MAX_LEN)? {
        Some(s) if s.trim().is_empty() => Ok(None),
        Some(s) => Email::parse(k, &s).map(|e| Some(e.as_str().to_owned())),
        None => Ok(None),
    }
}
