//! The config decoder must be total: any text gives a config or errors, never a panic; an
//! accepted config always hashes; the page's quick decoding accepts exactly the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use soglasie::core::config::Config;
use soglasie::core::policy;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let usable = Config::usable_from_json(text);
    match Config::from_json(text) {
        Ok(config) => {
            assert_eq!(policy::hash(&config).len(), policy::HASH_LEN);
            assert_eq!(usable, Some(config));
        }
        Err(errors) => {
            assert!(!errors.is_empty());
            assert_eq!(usable, None);
        }
    }
});
