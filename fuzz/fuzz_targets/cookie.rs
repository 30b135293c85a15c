//! The cookie reader must be total: any `document.cookie` string, never a panic, and a value
//! it accepts must re-encode to itself (no two spellings of one decision).
#![no_main]

use libfuzzer_sys::fuzz_target;
use soglasie::core::config::Config;
use soglasie::core::cookie::{self, Stored};

const CONFIG: &str = r#"{"operator": {"name": "ООО «К»", "address": "Москва", "email": "a@b.ru"},
  "policy": {"url": "/p", "revision": "1"}}"#;
const HASH: &str = "AAAAAAAAAAAAAAAA";
const NOW: u64 = 1_795_512_600;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(config) = Config::from_json(CONFIG) else { return };
    let _ = cookie::read(text, &config, HASH, NOW);
    if let Stored::Valid(choice) = cookie::decode(text, &config, HASH, NOW) {
        let again = cookie::encode(HASH, &choice);
        assert_eq!(cookie::decode(&again, &config, HASH, NOW), Stored::Valid(choice));
    }
});
