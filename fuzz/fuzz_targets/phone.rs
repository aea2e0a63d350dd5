//! Phone numbers: never a panic, and a normalised number normalises to itself.
#![no_main]
use libfuzzer_sys::fuzz_target;
use roster_core::phone::Phone;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(Some(phone)) = Phone::parse("phone", &text) {
        let again = Phone::parse("phone", phone.as_str()).expect("a normalised number parses");
        assert_eq!(again.as_ref().map(Phone::as_str), Some(phone.as_str()));
    }
});
