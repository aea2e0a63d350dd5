//! The OAuth token request: content type, Authorization header and body all from the input.
//! Credentials or an RFC 6749 error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use roster_core::oauth::parse_token_request;

const CONTENT_TYPES: [Option<&str>; 4] = [
    Some("application/json"),
    Some("application/x-www-form-urlencoded"),
    Some("text/plain"),
    None,
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let content_type = CONTENT_TYPES[usize::from(selector) % CONTENT_TYPES.len()];
    // The first line is the Authorization header, the rest the body.
    let (authorization, body) = match rest.iter().position(|&b| b == b'\n') {
        Some(i) => (std::str::from_utf8(&rest[..i]).ok(), &rest[i + 1..]),
        None => (None, rest),
    };
    let _ = parse_token_request(content_type, authorization, body);
});
