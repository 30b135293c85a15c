//! `localStorage`, through gloo-storage: the consent record ([`crate::core::record`]) and the
//! keys trackers leave behind.
//!
//! A browser that blocks cookies blocks storage too: then `window.localStorage` throws, and
//! gloo-storage's own accessor would throw that into the page. Every function here asks
//! first ([`available`]) and does nothing without storage: the cookie stays the source of
//! truth, and nothing escapes to the page.

use gloo_storage::{LocalStorage, Storage};

use crate::core::record::{ConsentRecord, KEY};

/// Whether `localStorage` can be used on this page.
pub fn available() -> bool {
    web_sys::window().is_some_and(|w| matches!(w.local_storage(), Ok(Some(_))))
}

/// Keeps `record` (or removes the one kept, for `None`). Storage that is full or blocked
/// keeps nothing, silently: the record is advisory.
pub fn save(record: Option<&ConsentRecord>) {
    if !available() {
        return;
    }
    match record {
        Some(record) => {
            let _ = LocalStorage::set(KEY, record);
        }
        None => LocalStorage::delete(KEY),
    }
}

/// The record kept, if there is one of this shape.
pub fn load() -> Option<ConsentRecord> {
    if !available() {
        return None;
    }
    LocalStorage::get::<ConsentRecord>(KEY)
        .ok()
        .filter(ConsentRecord::is_current)
}

/// Every key in `localStorage` (none when it is blocked).
pub fn keys() -> Vec<String> {
    if !available() {
        return Vec::new();
    }
    let storage = LocalStorage::raw();
    let length = storage.length().unwrap_or(0);
    (0..length)
        .filter_map(|i| storage.key(i).ok().flatten())
        .collect()
}

/// Removes a key (a withdrawn tracker's).
pub fn remove(key: &str) {
    if available() {
        LocalStorage::delete(key);
    }
}
