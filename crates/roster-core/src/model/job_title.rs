use crate::dates::Millis;
use crate::{CompanyId, GroupId, JobTitleId};

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
    /// A new job title with only its name.
    pub fn new(company_id: CompanyId, name: String, now: Millis) -> Self {
        Self {
            id: JobTitleId::new(),
            company_id,
            name,
            group_ids: Vec::new(),
            globally_accessible: false,
            color: None,
            kind: None,
            hourly_rate: None,
            created_at: now,
            updated_at: now,
        }
    }
}
