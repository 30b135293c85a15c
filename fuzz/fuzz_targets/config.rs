//! The config reader must be total: any text gives a config or errors, never a panic; an
//! accepted config always hashes, and its canonical form is JSON. The page's quick reader
//! (`Config::read`, no field paths) accepts exactly what the full one does, and finds a
//! shape wrong exactly where the one with paths (`Config::shape_error`) does.
#![no_main]

use libfuzzer_sys::fuzz_target;
use soglasie::core::config::{Config, Unread};
use soglasie::core::policy;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let quick = Config::read(text);
    assert_eq!(matches!(quick, Err(Unread::Shape)), Config::shape_error(text).is_some(), "{text}");
    match Config::from_json(text) {
        Ok(config) => {
            assert_eq!(quick.as_ref(), Ok(&config));
            assert_eq!(policy::hash(&config).len(), policy::HASH_LEN);
            let canonical = policy::canonical(&config);
            assert!(serde_json::from_str::<serde_json::Value>(&canonical).is_ok(), "{canonical}");
        }
        Err(errors) => {
            assert!(!errors.is_empty());
            match quick {
                Err(Unread::Shape) => assert_eq!(errors.len(), 1),
                Err(Unread::Invalid(invalid)) => assert_eq!(invalid, errors),
                Ok(config) => panic!("the quick reader took what the full one refused: {config:?}"),
            }
        }
    }
});
