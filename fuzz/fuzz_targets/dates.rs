//! Dates in the three accepted forms (ISO 8601, a UTC string, epoch milliseconds): never a panic,
//! and what is accepted prints back to an ISO date that reads the same instant.
#![no_main]
use libfuzzer_sys::fuzz_target;
use roster_core::dates::{format_iso, parse_flexible, parse_iso, DateInput};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Some(ms) = parse_iso(&text) {
        assert_eq!(parse_iso(&format_iso(ms)), Some(ms), "{text:?}");
    }
    if let Ok(ms) = parse_flexible(DateInput::Text(&text)) {
        assert_eq!(parse_iso(&format_iso(ms)), Some(ms));
    }
    if let Ok(bytes) = <[u8; 8]>::try_from(data) {
        let _ = parse_flexible(DateInput::Integer(i64::from_le_bytes(bytes)));
        let _ = parse_flexible(DateInput::Number(f64::from_le_bytes(bytes)));
    }
});
