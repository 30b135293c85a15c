//! The browser layer: wires the pure core to the page. Thin on purpose — every rule lives in
//! `crate::core`; this module reads the page, asks the core, and carries out the answer.
//!
//! Re-entrancy: released scripts run synchronously and may call `window.soglasie` at once, so
//! no `RefCell` borrow is ever held across a DOM call that can run page code.

#[allow(unused_imports)]
use crate::prelude::*;

mod dialog;
mod gate;
mod jar;

use core::cell::RefCell;

use wasm_bindgen::prelude::*;

use crate::core::config::{Config, Service};
use crate::core::crawler::is_crawler;
use crate::core::decision::{Engine, LoadVerdict};
use crate::core::texts::Lang;

/// Per-page state, created by [`start`].
struct App {
    /// `None` when the config could not be used: then only `necessary` is ever released.
    engine: Option<Engine>,
    lang: Lang,
    /// Nonce of `soglasie.js`'s own tag, given to released scripts.
    nonce: String,
    /// Unlisted trackers already named in the console.
    unlisted_warned: Vec<&'static str>,
    /// The browser keeps no cookies: a choice lasts for this page only (the banner says so).
    cookies_blocked: bool,
}

/// Page-global state. Wasm in a page runs on one thread (this crate is built without
/// atomics), so a plain static `RefCell` is sound here; `thread_local!` would need std.
pub(crate) struct PageCell<T>(RefCell<T>);

// SAFETY: wasm32 without the atomics feature has exactly one thread.
#[cfg(not(target_feature = "atomics"))]
unsafe impl<T> Sync for PageCell<T> {}

impl<T> PageCell<T> {
    pub(crate) const fn new(value: T) -> Self {
        PageCell(RefCell::new(value))
    }

    pub(crate) fn with<R>(&self, f: impl FnOnce(&RefCell<T>) -> R) -> R {
        f(&self.0)
    }
}

static APP: PageCell<Option<App>> = PageCell::new(None);

/// Runs `f` on the state; `None` before `start` or if the state is busy.
fn with_app<R>(f: impl FnOnce(&mut App) -> R) -> Option<R> {
    APP.with(|cell| cell.try_borrow_mut().ok()?.as_mut().map(f))
}

fn with_engine<R>(f: impl FnOnce(&mut Engine, Lang) -> R) -> Option<R> {
    with_app(|app| {
        let lang = app.lang;
        app.engine.as_mut().map(|e| f(e, lang))
    })
    .flatten()
}

pub(crate) fn console_error(message: &str) {
    web_sys::console::error_1(&JsValue::from_str(message));
}

pub(crate) fn console_warn(message: &str) {
    web_sys::console::warn_1(&JsValue::from_str(message));
}

/// Reads the config and the stored choice, releases what is allowed, shows the banner when
/// a decision is needed. `config_text` is `None` when the loader could not get a config (it
/// has logged why). Called once by the loader.
/// `jar` holds `document.cookie`'s original accessors (see [`jar::CookieJar`]).
#[wasm_bindgen]
pub fn start(config_text: Option<String>, nonce: String, jar: JsValue) {
    if APP.with(|cell| cell.borrow().is_some()) {
        return;
    }
    jar::use_jar(jar);
    let engine = config_text.and_then(|text| match Config::from_json(&text) {
        Ok(config) => Some(Engine::new(config, &jar::cookie_header(), jar::now())),
        Err(errors) => {
            for e in &errors {
                console_error(&e.describe());
            }
            None
        }
    });
    let html_lang = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("lang"))
        .unwrap_or_default();
    let lang = engine
        .as_ref()
        .map_or(Lang::Ru, |e| Lang::resolve(e.config.language, &html_lang));
    let user_agent = web_sys::window()
        .and_then(|w| w.navigator().user_agent().ok())
        .unwrap_or_default();
    // A crawler never decides: no banner, and nothing optional runs for it.
    let crawler = engine.as_ref().is_some_and(|e| {
        e.config.crawlers.detect && is_crawler(&user_agent, &e.config.crawlers.extra_tokens)
    });
    let decided = engine.as_ref().filter(|_| !crawler).map(Engine::decided);
    APP.with(|cell| {
        *cell.borrow_mut() = Some(App {
            engine,
            lang,
            nonce,
            unlisted_warned: Vec::new(),
            cookies_blocked: !jar::cookies_work(),
        })
    });
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        gate::scan(&document);
    }
    match decided {
        Some(false) => dialog::show_banner(),
        Some(true) => dialog::show_reopen(),
        None => {}
    }
}

/// Hands elements added after start to the gate (the loader's MutationObserver calls this).
#[wasm_bindgen]
pub fn scan(node: web_sys::Node) {
    gate::scan(&node);
}

/// The auto-blocker's question: may a load of `host` + `path_and_query` happen now?
/// Answers with [`LoadVerdict::code`]; an unlisted catalog tracker is named once in the
/// console. Before a usable config, every catalog tracker is held (fail closed).
#[wasm_bindgen]
pub fn verdict(host: &str, path_and_query: &str) -> u8 {
    let verdict = with_app(|app| match &app.engine {
        Some(engine) => engine.load_verdict(host, path_and_query),
        None => match crate::catalog::CATALOG.iter().any(|e| {
            e.hosts
                .iter()
                .any(|p| crate::catalog::pattern_matches(p, host, path_and_query))
        }) {
            true => LoadVerdict::Hold,
            false => LoadVerdict::Ignore,
        },
    })
    .unwrap_or(LoadVerdict::Hold);
    if let LoadVerdict::Unlisted(id) = verdict {
        let first_time = with_app(|app| {
            let new = !app.unlisted_warned.contains(&id);
            if new {
                app.unlisted_warned.push(id);
            }
            new
        });
        if first_time == Some(true) {
            let mut m = String::from("soglasie: blocked ");
            m.push_str(id);
            m.push_str(": a known tracker that config.services does not list (visitors were not told about it)");
            console_warn(&m);
        }
    }
    verdict.code()
}

/// URL patterns of the configured services, newline-separated, for the blocker's quick
/// pre-check (the catalog's are built into the loader already).
#[wasm_bindgen]
pub fn config_patterns() -> String {
    with_engine(|e, _| {
        let mut out = String::new();
        for pattern in e.config.services.iter().flat_map(|s| s.hosts.iter()) {
            out.push_str(pattern);
            out.push('\n');
        }
        out
    })
    .unwrap_or_default()
}

/// The verdict for a URL as written in the page (relative URLs resolve against it).
pub(crate) fn url_verdict(url: &str) -> u8 {
    let base = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .unwrap_or_default();
    match web_sys::Url::new_with_base(url, &base) {
        Ok(u) if u.protocol() == "http:" || u.protocol() == "https:" => {
            let mut path = u.pathname();
            path.push_str(&u.search());
            verdict(&u.hostname(), &path)
        }
        _ => LoadVerdict::Ignore.code(),
    }
}

/// `consent()` of the public API, as JSON (the loader parses it).
#[wasm_bindgen]
pub fn consent() -> String {
    with_engine(|e, _| e.consent_json()).unwrap_or_else(|| {
        String::from(
            r#"{"decided":false,"categories":["necessary"],"policy":"","at":null,"id":null}"#,
        )
    })
}

/// `accept("all")` or `accept([ids])`: exactly these categories plus `necessary`. The loader
/// passes `"all"`, the ids joined by newlines (`"\n"` alone for an empty list), or `None`
/// for anything else: plain strings keep array glue out of the Wasm.
#[wasm_bindgen]
pub fn accept(value: Option<String>) {
    let Some(value) = value else {
        console_error(
            "soglasie: accept(): expected \"all\" or an array of category ids; nothing changed",
        );
        return;
    };
    let requested = if value == "all" {
        with_engine(|e, _| e.all_optional())
    } else {
        let refs: Vec<&str> = value.split('\n').filter(|s| !s.is_empty()).collect();
        match with_engine(|e, _| e.resolve(&refs).map_err(String::from)) {
            Some(Ok(allowed)) => Some(allowed),
            Some(Err(unknown)) => {
                let mut m = String::from("soglasie: accept(): unknown category \"");
                m.push_str(&unknown);
                m.push_str("\"; nothing changed");
                console_error(&m);
                return;
            }
            None => None,
        }
    };
    if let Some(allowed) = requested {
        apply(Some(allowed));
    }
}

/// Only `necessary`.
#[wasm_bindgen]
pub fn decline() {
    apply(Some(Vec::new()));
}

/// Forgets the choice: cookie removed, trackers' cookies removed, banner shown again.
#[wasm_bindgen]
pub fn reset() {
    apply(None);
}

/// Shows the banner (also when a choice exists).
#[wasm_bindgen]
pub fn show() {
    dialog::show_banner();
}

/// Opens the per-category preferences dialog.
#[wasm_bindgen]
pub fn preferences() {
    dialog::open_preferences();
}

/// Records a decision (`Some`) or forgets it (`None`), then brings the page in line:
/// cookie first, then clean-up of withdrawn trackers' data, dialogs, release, event.
pub(crate) fn apply(allowed: Option<Vec<String>>) {
    let secure = jar::is_secure();
    let outcome = with_engine(|engine, _| {
        let before = engine.choice.as_ref().map(|c| c.allowed.clone());
        let withdrawn: Vec<Service> = match allowed {
            Some(allowed) => engine.decide(allowed, jar::now(), &jar::random_id()),
            None => engine.reset(),
        }
        .into_iter()
        .cloned()
        .collect();
        let changed = before != engine.choice.as_ref().map(|c| c.allowed.clone());
        (
            engine.cookie_write(secure),
            withdrawn,
            engine.decided(),
            changed,
        )
    });
    let Some((cookie_write, withdrawn, decided, changed)) = outcome else {
        return;
    };
    jar::set_cookie(&cookie_write);
    follow_up(&withdrawn, decided, changed);
}

/// After the choice changed here or in another tab: clean up what was withdrawn, bring the
/// dialogs in line, release what is now allowed, tell the page.
fn follow_up(withdrawn: &[Service], decided: bool, changed: bool) {
    jar::remove_tracker_data(withdrawn);
    dialog::after_decision(decided);
    gate::release_allowed();
    if changed {
        jar::dispatch("soglasie:change", &consent());
    }
}

/// The current decision in its stored form, for the other open tabs of the site.
#[wasm_bindgen]
pub fn stored_value() -> String {
    with_engine(|e, _| e.stored_value()).unwrap_or_default()
}

/// Takes a decision another tab made (the loader relays it over a BroadcastChannel).
#[wasm_bindgen]
pub fn sync(value: String) {
    let outcome = with_engine(|engine, _| {
        let before = engine.choice.as_ref().map(|c| c.allowed.clone());
        let withdrawn: Vec<Service> = engine
            .adopt(&value, jar::now())
            .into_iter()
            .cloned()
            .collect();
        let changed = before != engine.choice.as_ref().map(|c| c.allowed.clone());
        (withdrawn, engine.decided(), changed)
    });
    if let Some((withdrawn, decided, changed)) = outcome {
        if changed {
            follow_up(&withdrawn, decided, changed);
        }
    }
}

/// Whether elements of `category` may run now; logs an unknown category once.
pub(crate) fn category_state(category: &str) -> gate::Verdict {
    with_app(|app| match &app.engine {
        Some(e) if e.allows(category) => gate::Verdict::Release,
        Some(e) if e.config.category(category).is_none() => gate::Verdict::Unknown,
        Some(_) => gate::Verdict::Hold,
        None if category == crate::core::config::NECESSARY => gate::Verdict::Release,
        None => gate::Verdict::Hold,
    })
    .unwrap_or(gate::Verdict::Hold)
}

pub(crate) fn nonce() -> String {
    with_app(|app| app.nonce.clone()).unwrap_or_default()
}
