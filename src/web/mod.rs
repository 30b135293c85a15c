//! The browser layer: the session ([`crate::core::session`]) carried out in a page with
//! web-sys and js-sys, and the functions behind `window.soglasie`.
//!
//! The boot (`www/boot.js`, the synchronous `soglasie.js`) installs the blocker and
//! `window.soglasie` before any other script, fetches the config and this module, and then
//! calls [`start`]. From then on every call of the page's API lands here: the session decides,
//! and [`App::perform`] carries out its effects in order — the cookie ([`jar`]), the consent
//! record ([`record`], gloo-storage), the dialog ([`dialog`]), the release of held elements
//! ([`gate`]) and of held loads (the boot's blocker), events, other tabs ([`tabs`]).
//!
//! State borrows are short: nothing is borrowed while page code can run (a released script,
//! an event listener), because that code may call `window.soglasie` again.

pub mod boot;
pub mod dialog;
pub mod error;
pub mod gate;
pub mod jar;
pub mod receipts;
pub mod record;
pub mod tabs;

use std::cell::RefCell;
use std::rc::Rc;

use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CustomEvent, CustomEventInit, Document, Window};

use crate::core::config::Config;
use crate::core::decision::{Consent, LoadVerdict};
use crate::core::sensitive;
use crate::core::session::{self, Action, Effect, Moment, Page, Session};
use boot::Boot;
use dialog::{Choice, Dialog};
use error::{log, warn, Result, WebError};
use gate::{Gate, Judge};
use jar::Jar;
use tabs::Tabs;

/// The build this module belongs to (`tools/build.mjs` sets it; the boot carries the same).
const BUILD: &str = match option_env!("SOGLASIE_BUILD") {
    Some(build) => build,
    None => "dev",
};

thread_local! {
    /// The page's one app, once started.
    static APP: RefCell<Option<Rc<App>>> = const { RefCell::new(None) };
}

fn app() -> Option<Rc<App>> {
    APP.with(|app| app.borrow().clone())
}

/// Starts soglasie on this page: `config` is the config's text, or `None` when the boot could
/// not get one (it said why). Resolves `ready` and fires `soglasie:ready` once the config and
/// the stored choice are read. A prerendered page starts when the visitor really opens it.
/// A second call is refused: one page, one session.
#[wasm_bindgen]
pub fn start(boot: Boot, config: Option<String>) -> std::result::Result<(), JsValue> {
    if boot.build() != BUILD {
        return Err(WebError::OtherBuild.into());
    }
    if app().is_some() {
        return Err(WebError::Browser("soglasie is already running on this page".into()).into());
    }
    let window = web_sys::window().ok_or(WebError::NoPage)?;
    let document = window.document().ok_or(WebError::NoPage)?;
    let prerendering =
        js_sys::Reflect::get(&document, &"prerendering".into()).is_ok_and(|p| p.is_truthy());
    if !prerendering {
        return launch(&window, &document, &boot, config).map_err(JsValue::from);
    }
    let target = document.clone();
    let listener = Closure::once_into_js(move || {
        if let Err(e) = launch(&window, &document, &boot, config) {
            log(&format!(
                "soglasie: could not start ({e}); nothing optional will run"
            ));
        }
    });
    let options = web_sys::AddEventListenerOptions::new();
    options.set_once(true);
    target.add_event_listener_with_callback_and_add_event_listener_options(
        "prerenderingchange",
        listener.unchecked_ref(),
        &options,
    )?;
    Ok(())
}

fn launch(window: &Window, document: &Document, boot: &Boot, config: Option<String>) -> Result<()> {
    let jar = Jar::new(document, &boot.cookie())?;
    let location = window.location();
    let cookie_header = jar.read();
    let path = location.pathname().unwrap_or_default();
    let page = Page {
        cookies_work: jar.works(),
        cookie_header,
        now: now(),
        html_lang: document
            .document_element()
            .and_then(|html| html.get_attribute("lang"))
            .unwrap_or_default(),
        user_agent: window.navigator().user_agent().unwrap_or_default(),
        secure: location.protocol().is_ok_and(|p| p == "https:"),
        hostname: location.hostname().unwrap_or_default(),
        decoded_path: js_sys::decode_uri_component(&path)
            .map_or_else(|_| path.clone(), String::from),
        path,
        declared_sensitive: declares_itself_sensitive(document),
        origin: location.origin().unwrap_or_default(),
    };
    let config = config.as_deref().map(Config::from_json);
    let (session, effects) = Session::start(config, &page, record::load);
    let app = App::new(document, jar, session, Some(boot.clone()))?;
    APP.with(|slot| *slot.borrow_mut() = Some(app.clone()));
    // From here on, page code (a released script, too) calling window.soglasie reaches us.
    boot.attach();
    if let Some(blocker) = &app.blocker {
        let judge = app.clone();
        let verdict =
            Closure::<dyn Fn(String, String) -> u8>::new(move |host: String, path: String| {
                judge.verdict(&host, &path).code()
            });
        blocker.connect(verdict.as_ref().unchecked_ref());
        verdict.forget();
    }
    // An illness page's referrer policy and Google Consent Mode's default go before anything
    // is released: no tracker may ever see the page's address, and Google's tags read the
    // default first. Then what is allowed (a returning visitor's trackers), then the dialog.
    let (first, effects): (Vec<Effect>, Vec<Effect>) = effects
        .into_iter()
        .partition(|effect| matches!(effect, Effect::HideReferrer | Effect::Gtag { .. }));
    app.perform(first);
    app.scan();
    if let Some(blocker) = &app.blocker {
        let patterns = app.session.borrow().config_patterns();
        blocker.configure(patterns);
        blocker.flush();
    }
    app.perform(effects);
    boot.resolve_ready();
    app.dispatch("soglasie:ready", &app.consent());
    boot.started();
    Ok(())
}

/// `window.soglasie.consent()`.
#[wasm_bindgen]
pub fn consent() -> JsValue {
    let consent = app().map_or_else(
        || Consent::undecided(""),
        |app| app.session.borrow().consent(),
    );
    to_js(&consent)
}

/// `window.soglasie.accept("all" | [ids])`.
#[wasm_bindgen]
pub fn accept(categories: JsValue) {
    let action = if categories.as_string().as_deref() == Some("all") {
        Action::AcceptAll
    } else if categories.is_array() {
        serde_wasm_bindgen::from_value::<Vec<String>>(categories)
            .map_or(Action::AcceptInvalid, Action::Accept)
    } else {
        Action::AcceptInvalid
    };
    act(action);
}

/// `window.soglasie.decline()`.
#[wasm_bindgen]
pub fn decline() {
    act(Action::Decline);
}

/// `window.soglasie.show()`.
#[wasm_bindgen]
pub fn show() {
    act(Action::Show);
}

/// `window.soglasie.preferences()`.
#[wasm_bindgen]
pub fn preferences() {
    act(Action::Preferences);
}

/// `window.soglasie.reset()`.
#[wasm_bindgen]
pub fn reset() {
    act(Action::Reset);
}

/// The boot's watch on the page saw new elements: hold or release marked-up ones.
#[wasm_bindgen]
pub fn scan() {
    if let Some(app) = app() {
        app.scan();
    }
}

fn act(action: Action) {
    if let Some(app) = app() {
        app.act(action);
    }
}

/// `consent()` as a plain JavaScript object (`null`, not `undefined`, for what is absent).
fn to_js(value: &impl Serialize) -> JsValue {
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_missing_as_null(true);
    value.serialize(&serializer).unwrap_or(JsValue::NULL)
}

/// The `content` of the page's last `<meta name=…>` of this name (the one that counts).
fn meta_content(document: &Document, name: &str) -> Option<String> {
    let metas = document
        .query_selector_all(&format!("meta[name=\"{name}\" i]"))
        .ok()?;
    let last = metas.item(metas.length().checked_sub(1)?)?;
    last.dyn_into::<web_sys::Element>()
        .ok()?
        .get_attribute("content")
}

/// Whether the page says it is about an illness: `<meta name="soglasie" content="sensitive">`.
fn declares_itself_sensitive(document: &Document) -> bool {
    meta_content(document, "soglasie").is_some_and(|content| sensitive::declared(&content))
}

/// Gives the page the referrer policy of a page about an illness, unless its own is as
/// strict: a `<meta name="referrer">` inserted into the document takes effect at once, for
/// the requests and navigations that follow.
pub fn hide_referrer(document: &Document) -> Result<()> {
    let current = meta_content(document, "referrer").unwrap_or_default();
    if !sensitive::needs_referrer_policy(&current) {
        return Ok(());
    }
    let meta = document.create_element("meta")?;
    meta.set_attribute("name", "referrer")?;
    meta.set_attribute("content", sensitive::REFERRER_POLICY)?;
    let parent: web_sys::Node = match document.head() {
        Some(head) => head.into(),
        None => document.document_element().ok_or(WebError::NoPage)?.into(),
    };
    parent.append_child(&meta)?;
    Ok(())
}

/// Unix seconds, from the page's clock.
fn now() -> u64 {
    (js_sys::Date::now() / 1000.0) as u64
}

/// 16 bytes from `crypto.getRandomValues` (on plain http too, unlike `randomUUID`).
fn random() -> [u8; 16] {
    let mut bytes = [0u8; 16];
    let crypto = web_sys::window().and_then(|w| w.crypto().ok());
    let filled = crypto.is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        // A consent id only has to tell decisions apart; it guards no secret.
        for b in &mut bytes {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes
}

/// soglasie on one page.
pub struct App {
    document: Document,
    session: RefCell<Session>,
    dialog: Dialog,
    gate: Gate,
    jar: Jar,
    blocker: Option<boot::Blocker>,
    /// The boot's handle (`None` in tests): Google Consent Mode's calls go through it.
    boot: Option<Boot>,
    tabs: Option<Tabs>,
}

impl App {
    /// An app on `document` around a started session; `boot` is `None` in tests (no blocker).
    pub fn new(
        document: &Document,
        jar: Jar,
        session: Session,
        boot: Option<Boot>,
    ) -> Result<Rc<App>> {
        let nonce = boot.as_ref().map(Boot::nonce).unwrap_or_default();
        Ok(Rc::new_cyclic(|me: &std::rc::Weak<App>| {
            let on_choice = me.clone();
            let dialog = Dialog::new(document, move |choice| {
                if let Some(app) = on_choice.upgrade() {
                    app.act(match choice {
                        Choice::AcceptAll => Action::AcceptAll,
                        Choice::Decline => Action::Decline,
                        Choice::Customise => Action::Preferences,
                        Choice::Save(ids) => Action::Accept(ids),
                        Choice::Closed => Action::PreferencesClosed,
                    });
                }
            });
            let on_message = me.clone();
            let tabs = Tabs::open(move |value| {
                if let Some(app) = on_message.upgrade() {
                    app.act(Action::Sync(value));
                }
            });
            App {
                document: document.clone(),
                session: RefCell::new(session),
                dialog,
                gate: Gate::new(document, &nonce),
                jar,
                blocker: boot.as_ref().map(|b| b.blocker()),
                boot,
                tabs,
            }
        }))
    }

    /// `consent()` now.
    pub fn consent(&self) -> Consent {
        self.session.borrow().consent()
    }

    /// Carries out a visitor's or the page's request.
    pub fn act(self: &Rc<Self>, action: Action) {
        let moment = Moment {
            cookie_header: self.jar.read(),
            now: now(),
            millis: (js_sys::Date::now() % 1000.0) as u16,
            random: random(),
            storage_keys: record::keys(),
        };
        let effects = self.session.borrow_mut().act(action, &moment);
        self.perform(effects);
    }

    /// Holds or releases marked-up elements not seen yet.
    pub fn scan(self: &Rc<Self>) {
        self.recheck_sensitive();
        let judge: Rc<dyn Judge> = self.clone();
        if let Err(e) = self.gate.scan(&judge) {
            log(&format!(
                "soglasie: could not look for marked-up elements ({e})"
            ));
        }
    }

    /// Before elements or loads are judged: a page may say it is about an illness late (the
    /// parser reached its meta after soglasie started), and a site's own looser referrer
    /// policy may come after ours.
    fn recheck_sensitive(&self) {
        let declared = declares_itself_sensitive(&self.document);
        if self.session.borrow_mut().recheck_sensitive(declared) {
            if let Err(e) = hide_referrer(&self.document) {
                log(&format!("soglasie: {e}"));
            }
        }
    }

    /// The blocker's question about one load.
    fn verdict(&self, host: &str, path_and_query: &str) -> LoadVerdict {
        self.recheck_sensitive();
        let mut warnings = Vec::new();
        let verdict = self
            .session
            .borrow_mut()
            .verdict(host, path_and_query, &mut warnings);
        say(warnings);
        verdict
    }

    /// Carries out the session's effects, in order.
    pub fn perform(self: &Rc<Self>, effects: Vec<Effect>) {
        for effect in effects {
            if let Err(e) = self.carry_out(effect) {
                log(&format!("soglasie: {e}"));
            }
        }
    }

    fn carry_out(self: &Rc<Self>, effect: Effect) -> Result<()> {
        match effect {
            Effect::Error(line) => log(&line),
            Effect::Warn(line) => warn(&line),
            Effect::Accent(colour) => self.dialog.set_accent(&colour),
            Effect::HideReferrer => hide_referrer(&self.document)?,
            Effect::Gtag { calls, first } => {
                if let Some(boot) = &self.boot {
                    let calls = calls
                        .iter()
                        .map(|call| {
                            js_sys::Array::of3(
                                &"consent".into(),
                                &call.command.into(),
                                &to_js(&call.state),
                            )
                        })
                        .collect();
                    boot.gtag(calls, first);
                }
            }
            Effect::WriteCookie(assignment) => self.jar.write(&assignment),
            Effect::RemoveStorage(key) => record::remove(&key),
            Effect::Record(kept) => record::save(kept.as_ref()),
            Effect::Render(view) => self.dialog.render(view)?,
            Effect::Show(part) => self.dialog.show(part)?,
            Effect::Hide(part) => self.dialog.hide(part)?,
            Effect::Release => {
                let judge: Rc<dyn Judge> = self.clone();
                self.gate.release(&judge)?;
                if let Some(blocker) = &self.blocker {
                    blocker.flush();
                }
            }
            Effect::Receipt { endpoint, receipt } => receipts::send(&endpoint, &receipt),
            Effect::SendReceipts(endpoint) => receipts::flush(&endpoint),
            Effect::Changed { consent, broadcast } => {
                self.dispatch("soglasie:change", &consent);
                if let (Some(tabs), Some(value)) = (&self.tabs, broadcast) {
                    tabs.tell(&value);
                }
            }
        }
        Ok(())
    }

    /// Fires `name` on `document` with `consent()` as its detail.
    fn dispatch(&self, name: &str, consent: &Consent) {
        let init = CustomEventInit::new();
        init.set_detail(&to_js(consent));
        if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
            let _ = self.document.dispatch_event(&event);
        }
    }
}

/// The console lines a verdict came with (it has no other effects).
fn say(effects: Vec<Effect>) {
    for effect in effects {
        match effect {
            Effect::Warn(line) => warn(&line),
            Effect::Error(line) => log(&line),
            _ => {}
        }
    }
}

impl Judge for App {
    fn category(&self, category: &str) -> session::Gate {
        let mut warnings = Vec::new();
        let gate = self.session.borrow_mut().gate(category, &mut warnings);
        say(warnings);
        gate
    }

    fn service_category(&self, name: &str) -> Option<String> {
        let mut warnings = Vec::new();
        let category = self
            .session
            .borrow_mut()
            .service_category(name, &mut warnings);
        say(warnings);
        category
    }

    fn load(&self, url: &str) -> LoadVerdict {
        let base = self.document.base_uri().ok().flatten().unwrap_or_default();
        let Ok(url) = web_sys::Url::new_with_base(url, &base) else {
            return LoadVerdict::Ignore;
        };
        if !matches!(url.protocol().as_str(), "http:" | "https:") {
            return LoadVerdict::Ignore;
        }
        self.verdict(&url.hostname(), &(url.pathname() + &url.search()))
    }
}
