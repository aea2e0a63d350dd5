use super::set_if_sent;
use crate::dates::{now_millis, Millis};
use crate::input::{Body, MAX_NAME};
use crate::{CompanyId, GroupId, Invalid, JobTitleId};

#[derive(Debug, Clone, PartialEq)]
pub struct JobTitle {
    pub id: JobTitleId,
    pub company_id: CompanyId,
    pub name: String,
    pub group_ids: Vec<GroupId>,
    pub globally_accessible: bool,
    pub color: Option<String>,
    /// `hourly` or `salaried`.
    pub kind: Option<&'static str>,
    pub hourly_rate: Option<f64>,
    pub created_at: Millis,
    pub updated_at: Millis,
}

pub const JOB_TITLE_TYPES: &[&str] = &["hourly", "salaried"];

impl JobTitle {
    pub fn create(company_id: CompanyId, body: &Body) -> Result<Self, Invalid> {
        let now = now_millis();
        let mut t = Self {
            id: JobTitleId::new(),
            company_id,
            name: body.required("name", |b, k| b.name(k, MAX_NAME))?,
            group_ids: Vec::new(),
            globally_accessible: false,
            color: None,
            kind: None,
            hourly_rate: None,
            created_at: now,
            updated_at: now,
        };
        t.apply(body, true)?;
        Ok(t)
    }

    pub fn update(&mut self, body: &Body) -> Result<(), Invalid> {
        if body.sent("name") {
            self.name = body.required("name", |b, k| b.name(k, MAX_NAME))?;
        }
        self.apply(body, false)?;
        self.updated_at = now_millis().max(self.updated_at);
        Ok(())
    }

    fn apply(&mut self, b: &Body, creating: bool) -> Result<(), Invalid> {
        if b.sent("group_ids") {
            self.group_ids = b.ids("group_ids")?.unwrap_or_default();
        }
        if b.sent("globally_accessible") {
            self.globally_accessible = b.boolean("globally_accessible")?.unwrap_or(false);
        }
        set_if_sent!(b, creating, self.color, "color", b.text("color", 32));
        set_if_sent!(b, creating, self.kind, "type", b.choice("type", JOB_TITLE_TYPES));
        set_if_sent!(b, creating, self.hourly_rate, "hourly_rate", b.amount("hourly_rate"));
        Ok(())
    }
}
