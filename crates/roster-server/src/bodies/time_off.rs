//! Time off bodies (Create and Update Time Off) and the list's query. Days and times are read as
//! the docs print them (`11/01/23`, `7:00 AM`); the rules are the domain's (`TimeOffData`).
use super::fields::{choice, refused, Int, Patch, TimeOffRef, Timezone};
use super::query::QueryNumber;
use roster_core::model::{Day, Repeat, TimeOfDay, TimeOffData, DEFAULT_REASON, REASONS};
use roster_core::paging::Cursor;
use roster_core::{Invalid, TimeOffId};
use serde::de::{Deserialize, Deserializer};
use serde::Deserialize as DeriveDeserialize;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::RefOr;
use utoipa::{IntoParams, PartialSchema, ToSchema};

/// A day: `MM/DD/YY` as the docs print it, `MM/DD/YYYY`, or ISO `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DayField(pub Day);

impl<'de> Deserialize<'de> for DayField {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Day::parse("{field}", &s).map(Self).map_err(refused)
    }
}

impl ToSchema for DayField {}
impl PartialSchema for DayField {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some("A day as `MM/DD/YY` (`11/01/23`), `MM/DD/YYYY` or `YYYY-MM-DD`"))
            .into()
    }
}

/// A time of day, `H:MM AM` or `HH:MM pm`; rounded to the nearest quarter hour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimeField(pub TimeOfDay);

impl<'de> Deserialize<'de> for TimeField {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        TimeOfDay::parse("{field}", &s).map(Self).map_err(refused)
    }
}

impl ToSchema for TimeField {}
impl PartialSchema for TimeField {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some("`H:MM AM` (`7:00 AM`), rounded to the nearest quarter hour"))
            .into()
    }
}

choice!(ReasonField, REASONS, "What the time off is for.");
choice!(RepeatField, Repeat::OPTIONS, "How the time off repeats.");

/// A time off. Create requires `start_day` and `end_day`; `repeat` other than `never` requires
/// `cadence` and `repeat_end_day`. Update (PATCH) changes only the keys sent and cannot change
/// `repeat`, `cadence` or `repeat_end_day` (as in Procore's spec): delete and create instead.
#[derive(DeriveDeserialize, ToSchema, Default, Clone)]
pub struct TimeOffBody {
    #[serde(default)]
    #[schema(inline)]
    pub start_day: Patch<DayField>,
    /// Not before `start_day`.
    #[serde(default)]
    #[schema(inline)]
    pub end_day: Patch<DayField>,
    /// Default `false`.
    #[serde(default)]
    #[schema(inline)]
    pub is_paid: Patch<bool>,
    /// Default `other`.
    #[serde(default)]
    #[schema(inline)]
    pub reason: Patch<ReasonField>,
    /// Default `never`. Create only.
    #[serde(default)]
    #[schema(inline)]
    pub repeat: Patch<RepeatField>,
    /// Every `cadence` weeks, months or years. Create only.
    #[serde(default)]
    #[schema(inline)]
    pub cadence: Patch<Int<1, 52>>,
    /// The last day an occurrence may start. Create only.
    #[serde(default)]
    #[schema(inline)]
    pub repeat_end_day: Patch<DayField>,
    #[serde(default)]
    #[schema(inline)]
    pub apply_to_saturday: Patch<bool>,
    #[serde(default)]
    #[schema(inline)]
    pub apply_to_sunday: Patch<bool>,
    /// With `batch_end_time`, the hours of each day taken; without, the whole day.
    #[serde(default)]
    #[schema(inline)]
    pub batch_start_time: Patch<TimeField>,
    #[serde(default)]
    #[schema(inline)]
    pub batch_end_time: Patch<TimeField>,
}

impl TimeOffBody {
    /// The time off a create sets (its rules are checked with its occurrences).
    pub fn create(self) -> Result<TimeOffData, Invalid> {
        let start_day = self.start_day.clone().required("start_day")?.0;
        let end_day = self.end_day.clone().required("end_day")?.0;
        let mut data = TimeOffData {
            start_day,
            end_day,
            is_paid: false,
            reason: DEFAULT_REASON.into(),
            repeat: Repeat::Never,
            cadence: self.cadence.clone().given().map(|c| c.0 as u32),
            repeat_end_day: self.repeat_end_day.clone().given().map(|d| d.0),
            apply_to_saturday: false,
            apply_to_sunday: false,
            batch_start_time: None,
            batch_end_time: None,
        };
        if let Some(r) = self.repeat.clone().given() {
            data.repeat = Repeat::parse(&r.0).unwrap_or(Repeat::Never);
        }
        self.apply(&mut data)?;
        data.occurrences()?;
        Ok(data)
    }

    /// Applies the keys an update sends (the store calls it on the locked time off).
    pub fn update(&self, data: &mut TimeOffData) -> Result<(), Invalid> {
        for (field, sent) in [
            ("repeat", self.repeat.is_sent()),
            ("cadence", self.cadence.is_sent()),
            ("repeat_end_day", self.repeat_end_day.is_sent()),
        ] {
            if sent {
                return Err(Invalid::new(
                    field,
                    "notUpdatable",
                    format!("`{field}` cannot be changed: delete the time off and create it again"),
                ));
            }
        }
        self.clone().apply(data)
    }

    /// The keys both create and update take: `null` restores the default.
    fn apply(self, d: &mut TimeOffData) -> Result<(), Invalid> {
        self.start_day
            .map(|v| v.0)
            .update_required("start_day", &mut d.start_day)?;
        self.end_day.map(|v| v.0).update_required("end_day", &mut d.end_day)?;
        self.is_paid.update_or(false, &mut d.is_paid);
        self.reason.map(|r| r.0).update_or(DEFAULT_REASON.into(), &mut d.reason);
        self.apply_to_saturday.update_or(false, &mut d.apply_to_saturday);
        self.apply_to_sunday.update_or(false, &mut d.apply_to_sunday);
        self.batch_start_time.map(|t| t.0).update(&mut d.batch_start_time);
        self.batch_end_time.map(|t| t.0).update(&mut d.batch_end_time);
        Ok(())
    }
}

/// The time off list's query. `start_after` (as Procore's spec names it) and `starting_after` are
/// one parameter; any other key is refused.
#[derive(DeriveDeserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct TimeOffQuery {
    /// Required, as in the spec. Days are calendar days, so it does not change the order.
    #[param(inline, required = true)]
    pub timezone: Option<Timezone>,
    /// 1 to 200; default 40.
    #[param(inline)]
    pub limit: Option<QueryNumber<{ MAX_TIME_OFF_LIMIT }>>,
    /// The page after this time off.
    #[param(inline)]
    pub start_after: Option<TimeOffRef>,
    /// Same as `start_after`.
    #[param(inline)]
    pub starting_after: Option<TimeOffRef>,
    /// The page before this time off.
    #[param(inline)]
    pub starting_before: Option<TimeOffRef>,
}

pub const MAX_TIME_OFF_LIMIT: u32 = 200;
const DEFAULT_TIME_OFF_LIMIT: u32 = 40;

impl TimeOffQuery {
    /// The cursor and the page size, or a 400 naming the parameter.
    pub fn page(&self) -> Result<(Cursor<TimeOffId>, usize), Invalid> {
        if self.timezone.is_none() {
            return Err(Invalid::missing("timezone"));
        }
        let after = match (&self.start_after, &self.starting_after) {
            (Some(_), Some(_)) => {
                return Err(Invalid::new(
                    "starting_after",
                    "invalidQueryParameter",
                    "`start_after` and `starting_after` are one parameter: send one",
                ))
            }
            (a, b) => a.as_ref().or(b.as_ref()).map(|id| id.0),
        };
        let cursor = match (after, &self.starting_before) {
            (Some(_), Some(_)) => {
                return Err(Invalid::new(
                    "starting_before",
                    "invalidQueryParameter",
                    "send either `start_after` or `starting_before`",
                ))
            }
            (Some(a), None) => Cursor::After(a),
            (None, Some(b)) => Cursor::Before(b.0),
            (None, None) => Cursor::First,
        };
        let limit = self.limit.map_or(DEFAULT_TIME_OFF_LIMIT, |l| l.0).max(1);
        Ok((cursor, limit as usize))
    }
}
