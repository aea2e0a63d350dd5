//! A person's time off (Procore Resource Planning "Time Off"): a range of days, once or repeating
//! weekly, monthly or yearly, expanded into its occurrences (`instances`), none of which may
//! overlap another time off of the same person.
pub use super::calendar::{Day, TimeOfDay};
use crate::dates::Millis;
use crate::{CompanyId, Invalid, PersonId, TimeOffId};
use chrono::{Days, Months};

/// A repeating time off has at most this many occurrences (a year of weekly ones, many times over).
pub const MAX_INSTANCES: usize = 520;

/// What the time off is for. The real API documents no list (its examples say `medical` and
/// `family`); these are Roster's, and anything else is refused.
pub const REASONS: &[&str] = &[
    "vacation",
    "sick",
    "medical",
    "family",
    "personal",
    "holiday",
    "bereavement",
    "jury duty",
    "training",
    "weather",
    "other",
];

/// The reason of a time off given none (one of `REASONS`).
pub const DEFAULT_REASON: &str = "other";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repeat {
    Never,
    Weekly,
    Monthly,
    Yearly,
}

impl Repeat {
    pub const OPTIONS: &'static [&'static str] = &["never", "weekly", "monthly", "yearly"];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Never => "never",
            Self::Weekly => "weekly",
            Self::Monthly => "monthly",
            Self::Yearly => "yearly",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "never" => Some(Self::Never),
            "weekly" => Some(Self::Weekly),
            "monthly" => Some(Self::Monthly),
            "yearly" => Some(Self::Yearly),
            _ => None,
        }
    }
}

/// The properties of a time off as a request sets them.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeOffData {
    pub start_day: Day,
    pub end_day: Day,
    pub is_paid: bool,
    pub reason: String,
    pub repeat: Repeat,
    pub cadence: Option<u32>,
    pub repeat_end_day: Option<Day>,
    pub apply_to_saturday: bool,
    pub apply_to_sunday: bool,
    pub batch_start_time: Option<TimeOfDay>,
    pub batch_end_time: Option<TimeOfDay>,
}

/// One occurrence of a time off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    pub start_day: Day,
    pub end_day: Day,
}

impl TimeOffData {
    /// Checks the rules of one time off and answers its occurrences: the range is not reversed,
    /// the reason is known, a repeat has its cadence and end day and occurrences that do not run
    /// into each other, and the batch times come in order.
    pub fn occurrences(&self) -> Result<Vec<Occurrence>, Invalid> {
        if self.end_day < self.start_day {
            return Err(Invalid::new(
                "end_day",
                "invalidRange",
                "`end_day` cannot be before `start_day`",
            ));
        }
        if !REASONS.contains(&self.reason.as_str()) {
            return Err(Invalid::new(
                "reason",
                "invalidValue",
                format!("`reason` must be one of: {}", REASONS.join(", ")),
            ));
        }
        match (self.batch_start_time, self.batch_end_time) {
            (Some(s), Some(e)) if e <= s => {
                return Err(Invalid::new(
                    "batch_end_time",
                    "invalidRange",
                    "`batch_end_time` must be after `batch_start_time`",
                ))
            }
            (Some(_), None) | (None, Some(_)) => {
                let missing = if self.batch_start_time.is_none() {
                    "batch_start_time"
                } else {
                    "batch_end_time"
                };
                return Err(Invalid::new(
                    missing,
                    "missingRequiredField",
                    format!("`{missing}` is required when the other batch time is given"),
                ));
            }
            _ => {}
        }
        let first = Occurrence {
            start_day: self.start_day,
            end_day: self.end_day,
        };
        if self.repeat == Repeat::Never {
            return Ok(vec![first]);
        }
        let cadence = self.cadence.filter(|c| (1..=52).contains(c)).ok_or_else(|| {
            Invalid::new(
                "cadence",
                "missingRequiredField",
                "`cadence` (1 to 52) is required when `repeat` is not `never`",
            )
        })?;
        let until = self.repeat_end_day.ok_or_else(|| {
            Invalid::new(
                "repeat_end_day",
                "missingRequiredField",
                "`repeat_end_day` is required when `repeat` is not `never`",
            )
        })?;
        if until < self.start_day {
            return Err(Invalid::new(
                "repeat_end_day",
                "invalidRange",
                "`repeat_end_day` cannot be before `start_day`",
            ));
        }
        let length = Days::new((self.end_day.0 - self.start_day.0).num_days() as u64);
        let mut out = Vec::new();
        for k in 0u32.. {
            let start = match self.repeat {
                Repeat::Weekly => self.start_day.0.checked_add_days(Days::new(7 * u64::from(cadence * k))),
                Repeat::Monthly => self.start_day.0.checked_add_months(Months::new(cadence * k)),
                Repeat::Yearly => self.start_day.0.checked_add_months(Months::new(12 * cadence * k)),
                Repeat::Never => None,
            };
            let Some(start) = start.filter(|s| *s <= until.0) else {
                break;
            };
            let end = start
                .checked_add_days(length)
                .ok_or_else(|| Invalid::new("end_day", "invalidDate", "`end_day` is out of range"))?;
            if out.last().is_some_and(|prev: &Occurrence| prev.end_day.0 >= start) {
                return Err(Invalid::new(
                    "end_day",
                    "overlappingTimeOff",
                    "the time off is longer than its repeat: its occurrences would overlap",
                ));
            }
            if out.len() == MAX_INSTANCES {
                return Err(Invalid::new(
                    "repeat_end_day",
                    "tooManyOccurrences",
                    format!("a time off repeats at most {MAX_INSTANCES} times: bring `repeat_end_day` closer"),
                ));
            }
            out.push(Occurrence {
                start_day: Day(start),
                end_day: Day(end),
            });
        }
        Ok(out)
    }
}

/// Minutes of the day from midnight to midnight: what a time off without batch times takes.
const WHOLE_DAY: (u16, u16) = (0, 24 * 60);

/// The minutes of each of its days a time off with these batch times takes: from start to end,
/// or the whole day.
pub fn hours_of(batch_start_time: Option<TimeOfDay>, batch_end_time: Option<TimeOfDay>) -> (u16, u16) {
    match (batch_start_time, batch_end_time) {
        (Some(s), Some(e)) => (s.0, e.0),
        _ => WHOLE_DAY,
    }
}

impl TimeOffData {
    /// The minutes of each of its days the time off takes (`hours_of`).
    pub fn hours(&self) -> (u16, u16) {
        hours_of(self.batch_start_time, self.batch_end_time)
    }
}

/// An occurrence of one of the person's other time off, as the overlap rule sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Booked {
    pub occurrence: Occurrence,
    /// `TimeOffData::hours` of its time off.
    pub hours: (u16, u16),
}

/// Refuses a time off with an occurrence that shares a day and a quarter hour with one of the
/// person's other time off (`booked`): two half days off on one day may stand, a day off inside
/// a week off may not. Saturdays and Sundays count like other days.
pub fn check_overlap(new: &[Occurrence], hours: (u16, u16), booked: &[Booked]) -> Result<(), Invalid> {
    let clash = new.iter().find_map(|o| {
        booked.iter().find(|b| {
            b.occurrence.start_day <= o.end_day
                && o.start_day <= b.occurrence.end_day
                && b.hours.0 < hours.1
                && hours.0 < b.hours.1
        })
    });
    match clash {
        None => Ok(()),
        Some(b) => Err(Invalid::new(
            "start_day",
            "overlappingTimeOff",
            format!(
                "the days from `start_day` to `end_day` overlap another time off of this person ({} to {})",
                b.occurrence.start_day.format(),
                b.occurrence.end_day.format()
            ),
        )),
    }
}

/// A stored time off with its occurrences.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeOff {
    pub id: TimeOffId,
    pub person_id: PersonId,
    pub company_id: CompanyId,
    pub data: TimeOffData,
    pub instances: Vec<(uuid::Uuid, Occurrence)>,
    pub created_at: Millis,
    pub updated_at: Millis,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Day {
        Day::parse("d", s).unwrap()
    }

    fn data(start: &str, end: &str) -> TimeOffData {
        TimeOffData {
            start_day: day(start),
            end_day: day(end),
            is_paid: false,
            reason: "vacation".into(),
            repeat: Repeat::Never,
            cadence: None,
            repeat_end_day: None,
            apply_to_saturday: false,
            apply_to_sunday: false,
            batch_start_time: None,
            batch_end_time: None,
        }
    }

    #[test]
    fn occurrences_of_repeats() {
        assert_eq!(data("2026-12-01", "2026-12-02").occurrences().unwrap().len(), 1);
        assert_eq!(
            data("2026-12-02", "2026-12-01").occurrences().unwrap_err().field,
            "end_day"
        );
        let weekly = TimeOffData {
            repeat: Repeat::Weekly,
            cadence: Some(2),
            repeat_end_day: Some(day("2026-12-29")),
            ..data("2026-12-01", "2026-12-02")
        };
        let days: Vec<String> = weekly
            .occurrences()
            .unwrap()
            .iter()
            .map(|o| o.start_day.format())
            .collect();
        assert_eq!(days, ["12/01/26", "12/15/26", "12/29/26"]);
        let monthly = TimeOffData {
            repeat: Repeat::Monthly,
            cadence: Some(1),
            repeat_end_day: Some(day("2027-03-31")),
            ..data("2027-01-31", "2027-01-31")
        };
        let days: Vec<String> = monthly
            .occurrences()
            .unwrap()
            .iter()
            .map(|o| o.start_day.format())
            .collect();
        assert_eq!(days, ["01/31/27", "02/28/27", "03/31/27"]);
        let too_long = TimeOffData {
            end_day: day("2026-12-15"),
            ..weekly.clone()
        };
        assert_eq!(too_long.occurrences().unwrap_err().detail_code, "overlappingTimeOff");
        let no_cadence = TimeOffData {
            cadence: None,
            ..weekly
        };
        assert_eq!(no_cadence.occurrences().unwrap_err().field, "cadence");
    }

    #[test]
    fn overlaps_share_a_day_and_an_hour() {
        let booked = |start: &str, end: &str, hours: (u16, u16)| Booked {
            occurrence: Occurrence {
                start_day: day(start),
                end_day: day(end),
            },
            hours,
        };
        let week = [booked("2026-12-07", "2026-12-11", WHOLE_DAY)];
        let one = |s: &str, e: &str| data(s, e).occurrences().unwrap();
        assert!(check_overlap(&one("2026-12-09", "2026-12-09"), WHOLE_DAY, &week).is_err());
        assert!(check_overlap(&one("2026-12-11", "2026-12-14"), WHOLE_DAY, &week).is_err());
        assert!(check_overlap(&one("2026-12-12", "2026-12-14"), WHOLE_DAY, &week).is_ok());
        let morning = [booked("2026-12-09", "2026-12-09", (7 * 60, 12 * 60))];
        assert!(check_overlap(&one("2026-12-09", "2026-12-09"), (12 * 60, 17 * 60), &morning).is_ok());
        let e = check_overlap(&one("2026-12-09", "2026-12-09"), (11 * 60 + 45, 17 * 60), &morning).unwrap_err();
        assert_eq!((e.field.as_str(), e.detail_code), ("start_day", "overlappingTimeOff"));
    }
}
