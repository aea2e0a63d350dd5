//! Calendar days and times of day as the time off routes read and print them.
use crate::Invalid;
use chrono::{Datelike, NaiveDate};

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
}
