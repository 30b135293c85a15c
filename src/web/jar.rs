//! Cookies, storage, clock, randomness and events: the page-facing primitives.

#[allow(unused_imports)]
use crate::prelude::*;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CustomEvent, CustomEventInit, HtmlDocument};

use crate::core::config::Service;
use crate::core::decision::{cookie_deletions, storage_deletions};

#[wasm_bindgen]
extern "C" {
    /// `document.cookie`'s own accessors, captured by the loader before any site script ran,
    /// so that a page which later patches `document.cookie` cannot forge or hide a choice.
    pub type CookieJar;
    #[wasm_bindgen(method, catch)]
    fn read(this: &CookieJar) -> Result<String, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn write(this: &CookieJar, value: &str) -> Result<(), JsValue>;
}

static JAR: super::PageCell<Option<CookieJar>> = super::PageCell::new(None);

/// Uses the loader's captured accessors from now on (`undefined`: plain `document.cookie`).
pub fn use_jar(jar: JsValue) {
    if jar.is_object() {
        JAR.with(|j| *j.borrow_mut() = Some(jar.unchecked_into()));
    }
}

fn html_document() -> Option<HtmlDocument> {
    web_sys::window()?
        .document()?
        .dyn_into::<HtmlDocument>()
        .ok()
}

/// `document.cookie`, or empty when the browser refuses it.
pub fn cookie_header() -> String {
    let captured = JAR.with(|j| {
        j.borrow()
            .as_ref()
            .map(|jar| jar.read().unwrap_or_default())
    });
    captured.unwrap_or_else(|| {
        html_document()
            .and_then(|d| d.cookie().ok())
            .unwrap_or_default()
    })
}

pub fn set_cookie(write: &str) {
    let done = JAR.with(|j| j.borrow().as_ref().map(|jar| jar.write(write)));
    if done.is_none() {
        if let Some(d) = html_document() {
            let _ = d.set_cookie(write);
        }
    }
}

/// Whether the browser stores cookies for this page: write a probe, read it back, remove it.
pub fn cookies_work() -> bool {
    set_cookie("soglasie_probe=1; Path=/; SameSite=Lax");
    let works = cookie_header()
        .split(';')
        .any(|pair| pair.trim() == "soglasie_probe=1");
    set_cookie("soglasie_probe=; Max-Age=0; Path=/; SameSite=Lax");
    works
}

pub fn now() -> u64 {
    (js_sys::Date::now() / 1000.0) as u64
}

pub fn is_secure() -> bool {
    web_sys::window()
        .and_then(|w| w.location().protocol().ok())
        .is_some_and(|p| p == "https:")
}

/// 16 bytes from `crypto.getRandomValues` (available on plain http, unlike `randomUUID`).
/// Without it (very old browsers) the clock and `Math.random` stand in: an id only has to
/// tell decisions apart, it guards no secret.
pub fn random_id() -> [u8; 16] {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        let seed = js_sys::Date::now() as u64;
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = ((js_sys::Math::random() * 256.0) as u8) ^ (seed >> (i % 8 * 8)) as u8;
        }
    }
    bytes
}

/// Removes the first-party cookies and localStorage keys the withdrawn services set.
pub fn remove_tracker_data(withdrawn: &[Service]) {
    if withdrawn.is_empty() {
        return;
    }
    let refs: Vec<&Service> = withdrawn.iter().collect();
    let hostname = web_sys::window()
        .and_then(|w| w.location().hostname().ok())
        .unwrap_or_default();
    for write in cookie_deletions(&refs, &cookie_header(), &hostname) {
        set_cookie(&write);
    }
    // Storage access throws when the visitor blocks site data: then there is nothing to remove.
    let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else {
        return;
    };
    let count = storage.length().unwrap_or(0);
    let keys: Vec<String> = (0..count)
        .filter_map(|i| storage.key(i).ok().flatten())
        .collect();
    for key in storage_deletions(&refs, &keys) {
        let _ = storage.remove_item(key);
    }
}

/// Dispatches `name` on `document` with `detail` = the parsed JSON.
pub fn dispatch(name: &str, detail_json: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let detail = js_sys::JSON::parse(detail_json).unwrap_or(JsValue::NULL);
    let init = CustomEventInit::new();
    init.set_detail(&detail);
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = document.dispatch_event(&event);
    }
}
