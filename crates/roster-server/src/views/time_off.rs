//! Time off (Procore Resource Planning's TimeOff object).
use roster_core::model::TimeOff;
use serde::Serialize;
use utoipa::ToSchema;

/// One occurrence of a time off.
#[derive(Serialize, ToSchema)]
pub struct TimeOffInstanceView {
    pub id: String,
    /// `MM/DD/YY`.
    pub start_day: String,
    pub end_day: String,
}

/// A time off: days as `MM/DD/YY`, times as `7:00 AM`, and every occurrence (one for `never`).
#[derive(Serialize, ToSchema)]
pub struct TimeOffView {
    pub id: String,
    pub person_id: String,
    pub company_id: String,
    pub start_day: String,
    pub end_day: String,
    pub is_paid: bool,
    pub reason: String,
    pub repeat: String,
    pub repeat_end_day: Option<String>,
    pub cadence: Option<u32>,
    pub apply_to_saturday: bool,
    pub apply_to_sunday: bool,
    pub batch_start_time: Option<String>,
    pub batch_end_time: Option<String>,
    pub instances: Vec<TimeOffInstanceView>,
}

impl From<TimeOff> for TimeOffView {
    fn from(t: TimeOff) -> Self {
        let d = t.data;
        Self {
            id: t.id.to_string(),
            person_id: t.person_id.to_string(),
            company_id: t.company_id.to_string(),
            start_day: d.start_day.format(),
            end_day: d.end_day.format(),
            is_paid: d.is_paid,
            reason: d.reason,
            repeat: d.repeat.as_str().into(),
            repeat_end_day: d.repeat_end_day.map(|d| d.format()),
            cadence: d.cadence,
            apply_to_saturday: d.apply_to_saturday,
            apply_to_sunday: d.apply_to_sunday,
            batch_start_time: d.batch_start_time.map(|t| t.format()),
            batch_end_time: d.batch_end_time.map(|t| t.format()),
            instances: t
                .instances
                .into_iter()
                .map(|(id, o)| TimeOffInstanceView {
                    id: id.to_string(),
                    start_day: o.start_day.format(),
                    end_day: o.end_day.format(),
                })
                .collect(),
        }
    }
}

/// `{"data": {"id": "<uuid>"}}`: what Delete Time Off answers.
#[derive(Serialize, ToSchema)]
pub struct DeletedView {
    pub data: crate::views::IdView,
}
