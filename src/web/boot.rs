//! What the boot (`www/boot.js`, the synchronous part of `soglasie.js`) hands over when it
//! starts this module: typed views of its plain JavaScript objects.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The boot's handle.
    #[derive(Debug, Clone)]
    pub type Boot;

    /// The auto-blocker, installed before any other script of the page ran.
    #[wasm_bindgen(method, getter)]
    pub fn blocker(this: &Boot) -> Blocker;

    /// `document.cookie`'s property descriptor, taken before any site script could patch it.
    #[wasm_bindgen(method, getter)]
    pub fn cookie(this: &Boot) -> JsValue;

    /// The nonce of the tag that loaded soglasie (empty without one): released scripts carry it.
    #[wasm_bindgen(method, getter)]
    pub fn nonce(this: &Boot) -> String;

    /// The boot's build id: this module runs only with its own boot.
    #[wasm_bindgen(method, getter)]
    pub fn build(this: &Boot) -> String;

    /// `window.soglasie` now calls this module's exports.
    #[wasm_bindgen(method)]
    pub fn attach(this: &Boot);

    /// Resolves `window.soglasie.ready`.
    #[wasm_bindgen(method, js_name = resolveReady)]
    pub fn resolve_ready(this: &Boot);

    /// `soglasie:ready` has fired: runs the calls the page made before.
    #[wasm_bindgen(method)]
    pub fn started(this: &Boot);

    /// Fetches the part of the module named `part` (`soglasie-later`) ahead of its use: its
    /// bytes only, started when it is used (`www/fetch-part.js`).
    #[wasm_bindgen(method)]
    pub fn prefetch(this: &Boot, part: &str);

    /// Adds `gtag(...call)` for each call to `window.dataLayer` as the `arguments` object
    /// Google's tags read (which Rust cannot make); `first`: ahead of what is queued there.
    #[wasm_bindgen(method)]
    pub fn gtag(this: &Boot, calls: js_sys::Array, first: bool);

    /// The boot's blocker (`www/blocker.js`).
    #[derive(Debug, Clone)]
    pub type Blocker;

    /// From now on every load the blocker may hold is asked of `verdict(host, pathAndQuery)`,
    /// which answers a [`crate::core::decision::LoadVerdict::code`].
    #[wasm_bindgen(method)]
    pub fn connect(this: &Blocker, verdict: &js_sys::Function);

    /// The config's own URL patterns, to hold beside the catalog's.
    #[wasm_bindgen(method)]
    pub fn configure(this: &Blocker, patterns: Vec<String>);

    /// Re-asks about every held load, in order: replays it, keeps it, or drops it.
    #[wasm_bindgen(method)]
    pub fn flush(this: &Blocker);
}
