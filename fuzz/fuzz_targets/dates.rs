//! Dates in the three accepted forms (ISO 8601, a UTC string, epoch milliseconds): never a panic,
//! and what is accepted prints back to an ISO date that reads the same instant.
#![no_main]
use libfuzzer_sys::fuzz_target;
use roster_core::dates::{format_iso, parse_flexible, parse_iso};
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Some(ms) = parse_iso(&text) {
        assert_eq!(parse_iso(&format_iso(ms)), Some(ms), "{text:?}");
    }
    if let Ok(ms) = parse_flexible(&Value::String(text.into_owned())) {
        assert_eq!(parse_iso(&format_iso(ms)), Some(ms));
    }
    if let Ok(v) = serde_json::from_slice::<Value>(data) {
        let _ = parse_flexible(&v);
    }
});
