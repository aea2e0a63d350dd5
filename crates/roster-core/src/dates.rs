//! Dates as the LaborChart API takes them: ISO 8601 date or date-time, an RFC 2822 "UTC string"
//! (`Tue, 15 May 1990 00:00:00 GMT`), or epoch milliseconds. Stored as epoch milliseconds.
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};

/// Milliseconds since the Unix epoch, UTC.
pub type Millis = i64;

// Keep dates within what every backend and formatter handles (years 0001..=9999).
/// Longest date string accepted (the longest form, `Tue, 15 May 1990 00:00:00 GMT`, has 29).
pub const MAX_TEXT_LEN: usize = 64;

const MIN_MS: i64 = -62_135_596_800_000;
const MAX_MS: i64 = 253_402_300_799_999;

/// A date as a request sends it: a JSON number or a string (anything else is refused).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DateInput<'a> {
    Integer(i64),
    Number(f64),
    Text(&'a str),
    Other,
}

/// Parses one of the three accepted forms; `Err` carries a description of what was expected.
pub fn parse_flexible(v: DateInput) -> Result<Millis, &'static str> {
    let ms = match v {
        DateInput::Integer(i) => i,
        DateInput::Number(f) if f.is_finite() && f.fract() == 0.0 => f as i64,
        DateInput::Text(s) if s.len() <= MAX_TEXT_LEN => parse_text(s.trim()).ok_or(EXPECTED)?,
        _ => return Err(EXPECTED),
    };
    (MIN_MS..=MAX_MS).contains(&ms).then_some(ms).ok_or(EXPECTED)
}

const EXPECTED: &str =
    "an ISO 8601 date, a UTC date string (e.g. `Tue, 15 May 1990 00:00:00 GMT`) or epoch milliseconds";

fn parse_text(s: &str) -> Option<Millis> {
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(dt.timestamp_millis());
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(s) {
        return Some(dt.timestamp_millis());
    }
    // ISO date-time without an offset is read as UTC.
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"] {
        if let Ok(n) = chrono::NaiveDateTime::parse_from_str(s, fmt) {
            return Some(n.and_utc().timestamp_millis());
        }
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|n| n.and_utc().timestamp_millis())
}

/// Parses an ISO 8601 query value (`2024-01-02` or a full date-time) for list filters.
pub fn parse_iso(s: &str) -> Option<Millis> {
    let s = s.trim();
    DateTime::parse_from_rfc3339(s)
        .map(|d| d.timestamp_millis())
        .ok()
        .or_else(|| parse_text(s).filter(|_| !s.contains(',')))
        // Outside years 0001..=9999 a date would not print back as ISO 8601 (found by fuzzing).
        .filter(|ms| (MIN_MS..=MAX_MS).contains(ms))
}

/// `2017-11-17T13:45:15.680Z`: ISO 8601 UTC with milliseconds, as the API answers.
pub fn format_iso(ms: Millis) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .unwrap_or_default()
        .to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// `2017-11-17`: the UTC day of an instant (the first 10 characters of `format_iso`).
pub fn format_day(ms: Millis) -> String {
    let mut iso = format_iso(ms);
    iso.truncate(10);
    iso
}

pub fn now_millis() -> Millis {
    Utc::now().timestamp_millis()
}

#[cfg(test)]
mod tests {
    use super::*;
    use DateInput::{Integer, Number, Other, Text};

    #[test]
    fn three_forms_agree() {
        let iso = parse_flexible(Text("1990-05-15")).unwrap();
        let utc = parse_flexible(Text("Tue, 15 May 1990 00:00:00 GMT")).unwrap();
        let ms = parse_flexible(Integer(642_729_600_000)).unwrap();
        let full = parse_flexible(Text("1990-05-15T00:00:00.000Z")).unwrap();
        assert_eq!(iso, 642_729_600_000);
        assert_eq!((utc, ms, full), (iso, iso, iso));
        assert_eq!(format_iso(iso), "1990-05-15T00:00:00.000Z");
    }

    #[test]
    fn rejects_garbage_and_out_of_range() {
        for v in [Text("banana"), Other, Number(1e300), Number(1.5), Text("1990-13-01")] {
            assert!(parse_flexible(v).is_err(), "{v:?}");
        }
        // Found by the `dates` fuzz target: year -7 read as a filter date.
        assert_eq!(parse_iso("-7-6-15"), None);
        assert_eq!(parse_iso("10000-01-01"), None);
    }

    #[test]
    fn iso_filter_values() {
        assert_eq!(parse_iso("1990-05-15"), Some(642_729_600_000));
        assert!(parse_iso("banana").is_none());
    }
}
