//! A person's time off (Procore Resource Planning "Time Off"): a range of days, once or repeating
//! weekly, monthly or yearly, expanded into its occurrences (`instances`), none of which may
//! overlap another time off of the same person.
use crate::dates::Millis;
use crate::{CompanyId, Invalid, PersonId, TimeOffId};
use chrono::{Datelike, Days, Months, NaiveDate};

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

/// A calendar day. Requests send `MM/DD/YY` as the docs print (or `MM/DD/YYYY`, or ISO
/// `YYYY-MM-DD`); answers are `MM/DD/YY`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day(pub NaiveDate);

impl Day {
    pub fn parse(field: &str, s: &str) -> Result<Self, Invalid> {
        let s = s.trim();
        let date = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().or_else(|| {
            let parts: Vec<&str> = s.split('/').collect();
            let [m, d, y] = parts.as_slice() else { return None };
            let (m, d): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
            let y: i32 = match y.len() {
                2 => 2000 + y.parse::<i32>().ok()?,
                4 => y.parse().ok()?,
                _ => return None,
            };
            NaiveDate::from_ymd_opt(y, m, d)
        });
        date.filter(|d| (1..=9999).contains(&d.year()))
            .map(Self)
            .ok_or_else(|| {
                Invalid::new(
                    field,
                    "invalidDate",
                    format!("`{field}` must be a day as MM/DD/YY (e.g. 11/01/23) or YYYY-MM-DD"),
                )
            })
    }

    /// `11/01/23`, as the API prints days.
    pub fn format(self) -> String {
        self.0.format("%m/%d/%y").to_string()
    }

    /// Days since 0001-01-01, as stored.
    pub fn number(self) -> i64 {
        i64::from(self.0.num_days_from_ce())
    }

    pub fn from_number(n: i64) -> Option<Self> {
        i32::try_from(n)
            .ok()
            .and_then(NaiveDate::from_num_days_from_ce_opt)
            .map(Self)
    }
}

/// A time of day in minutes after midnight, on a 15-minute step: requests send `7:00 AM` or
/// `07:00 pm` (other minutes are rounded to the nearest quarter hour, as the docs say); answers
/// print `7:00 AM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct TimeOfDay(pub u16);

impl TimeOfDay {
    pub fn parse(field: &str, s: &str) -> Result<Self, Invalid> {
        let bad = || {
            Invalid::new(
                field,
                "invalidTime",
                format!("`{field}` must be a time as H:MM AM/PM (e.g. 7:00 AM)"),
            )
        };
        let s = s.trim().to_ascii_lowercase();
        let (clock, pm) = if let Some(c) = s.strip_suffix("pm") {
            (c.trim(), true)
        } else if let Some(c) = s.strip_suffix("am") {
            (c.trim(), false)
        } else {
            return Err(bad());
        };
        let (h, m) = clock.split_once(':').ok_or_else(bad)?;
        let (h, m): (u16, u16) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
        if !(1..=12).contains(&h) || m > 59 || clock.len() > 5 {
            return Err(bad());
        }
        let minutes = (h % 12 + if pm { 12 } else { 0 }) * 60 + m;
        // The nearest quarter hour; 11:53 PM rounds to the day's last quarter, not past midnight.
        Ok(Self((((minutes + 7) / 15) * 15).min(23 * 60 + 45)))
    }

    pub fn format(self) -> String {
        let (h, m) = (self.0 / 60, self.0 % 60);
        let (h12, half) = match h {
            0 => (12, "AM"),
            1..=11 => (h, "AM"),
            12 => (12, "PM"),
            _ => (h - 12, "PM"),
        };
        format!("{h12}:{m:02} {half}")
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

/// A stored time off with its occurrences.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeOff {
    pub id: TimeOffId,
    pub person_id: PersonId,
    pub company_id: CompanyId,
    pub data: TimeOffData,
    pub instances: Vec<(uuid::Uuid, Occurrence)>,
    pub created_at: Millis,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Day {
        Day::parse("d", s).unwrap()
    }

    #[test]
    fn days_and_times_in_the_documented_forms() {
        assert_eq!(day("11/01/23"), day("2023-11-01"));
        assert_eq!(day("11/1/2023").format(), "11/01/23");
        assert!(Day::parse("d", "13/01/23").is_err() && Day::parse("d", "2023-02-30").is_err());
        let t = |s: &str| TimeOfDay::parse("t", s).map(TimeOfDay::format);
        assert_eq!(t("7:00 AM").unwrap(), "7:00 AM");
        assert_eq!(t("07:08pm").unwrap(), "7:15 PM");
        assert_eq!(t("12:00 am").unwrap(), "12:00 AM");
        assert_eq!(t("12:30 PM").unwrap(), "12:30 PM");
        assert_eq!(t("11:59 PM").unwrap(), "11:45 PM");
        assert!(t("13:00 PM").is_err() && t("7:00").is_err() && t("7 AM").is_err());
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
}
