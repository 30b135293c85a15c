//! The config reader must be total: any text gives a config or errors, never a panic; an
//! accepted config always hashes, and its canonical form is JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;
use soglasie::core::config::Config;
use soglasie::core::policy;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match Config::from_json(text) {
        Ok(config) => {
            assert_eq!(policy::hash(&config).len(), policy::HASH_LEN);
            let canonical = policy::canonical(&config);
            assert!(serde_json::from_str::<serde_json::Value>(&canonical).is_ok(), "{canonical}");
        }
        Err(errors) => assert!(!errors.is_empty()),
    }
});
