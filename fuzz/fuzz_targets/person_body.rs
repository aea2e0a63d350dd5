//! Person bodies (create, update, enable login, project person) from raw request bytes: every
//! input is accepted or refused with a field error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use roster_core::input::Body;
use roster_core::model::{apply_update, CreatePerson, EnableLogin, LoginRequest, ProjectPersonData};

fuzz_target!(|data: &[u8]| {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    let Ok(body) = Body::object(&value) else {
        return;
    };
    if let Ok(person) = CreatePerson::parse(&body) {
        let _ = apply_update(&person.data, &body);
    }
    let _ = EnableLogin::parse(&body);
    let _ = LoginRequest::parse(&body);
    let _ = ProjectPersonData::parse(&body);
});
