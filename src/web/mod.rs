//! The browser layer: the session ([`crate::core::session`]) carried out in a page with
//! web-sys and js-sys, and the functions behind `window.soglasie`.
//!
//! The boot (`www/boot.js`, the synchronous `soglasie.js`) installs the blocker and
//! `window.soglasie` before any other script, fetches the config and this module, and then
//! calls [`start`]. From then on every call of the page's API lands here: the session decides,
//! and [`App::perform`] carries out its effects in order — the cookie ([`jar`]), the consent
//! record ([`record`], gloo-storage), the dialog ([`dialog`]), the release of held elements
//! ([`gate`]) and of held loads (the boot's blocker), events, other tabs ([`tabs`]). Some
//! effects wait for a part of the module loaded when used ([`later`]), or for the next frame
//! (a visitor's click paints before the decision's work); the effects after them wait too.
//!
//! State borrows are short: nothing is borrowed while page code can run (a released script,
//! an event listener), because that code may call `window.soglasie` again.

pub mod boot;
pub mod declaration;
pub mod dialog;
pub mod error;
pub mod gate;
pub mod jar;
pub mod later;
pub mod receipts;
pub mod record;
pub mod tabs;

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::rc::Rc;

use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CustomEvent, CustomEventInit, Document, Element, Window};

use crate::core::config::{Config, Unread};
use crate::core::decision::{Consent, LoadVerdict};
use crate::core::sensitive;
use crate::core::session::{self, Action, Effect, Moment, Page, Session, View};
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
    // A config whose shape is wrong is named by a part of its own (`later::shape_error`);
    // `ready` waits for that line.
    let read = config.as_deref().map(Config::read);
    let misshapen = match read {
        Some(Err(Unread::Shape)) => config,
        _ => None,
    };
    let read = read.map(|r| {
        r.map_err(|unread| match unread {
            Unread::Shape => Vec::new(),
            Unread::Invalid(errors) => errors,
        })
    });
    let (session, effects) = Session::start(read, &page);
    let app = App::new(document, jar, session, Some(boot.clone()))?;
    APP.with(|slot| *slot.borrow_mut() = Some(app.clone()));
    // From here on, page code (a released script, too) calling window.soglasie reaches us.
    boot.attach();
    // A decision made the moment before the page goes away is kept.
    let leaving = app.clone();
    let on_pagehide = Closure::<dyn Fn()>::new(move || leaving.leave());
    window.add_event_listener_with_callback("pagehide", on_pagehide.as_ref().unchecked_ref())?;
    on_pagehide.forget();
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
    match misshapen {
        Some(text) => wasm_bindgen_futures::spawn_local(async move {
            match later::shape_error(text).await {
                Ok(line) => log(&line),
                Err(e) => log(&format!(
                    "soglasie: the config is not a soglasie config, and what is wrong could not be said ({e}); nothing optional will run"
                )),
            }
            app.announce_ready();
        }),
        None => app.announce_ready(),
    }
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
        // Read with js-sys, not serde-wasm-bindgen: its reader for one list of strings, and
        // the number formatting its error messages bring, are ~2 KB of every first visit.
        js_sys::Array::from(&categories)
            .iter()
            .map(|id| id.as_string())
            .collect::<Option<Vec<String>>>()
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
    /// Effects not carried out yet, in order ([`App::run`]).
    queue: RefCell<VecDeque<Step>>,
    /// The queue is being worked through further up the stack.
    running: Cell<bool>,
    /// What the queue waits for (a part of the module, or the next frame), if anything: the
    /// steps after it wait with it.
    waiting: Cell<Option<Wait>>,
    /// Counts waits, so that one which ended early (the page going away) is not ended twice.
    waits: Cell<u32>,
    /// The part loaded when used was asked for ahead of use.
    prefetched: Cell<bool>,
    /// The page is going away while the queue is worked through ([`App::leave`]).
    leaving: Cell<bool>,
    /// The page's `data-soglasie="declaration"` elements found so far: each shows the policy's
    /// cookie section with the visitor's choice, and follows every change.
    declarations: RefCell<Vec<Element>>,
}

/// One step of the queue.
enum Step {
    Carry(Effect),
    /// Wait until the page has painted (what came before shows before what follows runs).
    AfterPaint,
}

/// What the queue waits for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Wait {
    Paint(u32),
    Part(u32),
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
                    app.chose(choice);
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
                queue: RefCell::new(VecDeque::new()),
                running: Cell::new(false),
                waiting: Cell::new(None),
                waits: Cell::new(0),
                prefetched: Cell::new(false),
                leaving: Cell::new(false),
                declarations: RefCell::new(Vec::new()),
            }
        }))
    }

    /// `ready` resolves and `soglasie:ready` fires; the calls the page made meanwhile run.
    fn announce_ready(&self) {
        if let Some(boot) = &self.boot {
            boot.resolve_ready();
        }
        self.dispatch("soglasie:ready", &self.consent());
        if let Some(boot) = &self.boot {
            boot.started();
        }
    }

    /// `consent()` now.
    pub fn consent(&self) -> Consent {
        self.session.borrow().consent()
    }

    /// Carries out a visitor's or the page's request.
    pub fn act(self: &Rc<Self>, action: Action) {
        let effects = self.decide(action);
        self.perform(effects);
    }

    /// What the visitor did in the dialog. A decision is made at once (`consent()` says it
    /// from the click on), but only the dialog's closing is done before the page paints; the
    /// decision's work follows in its order (the cookie, the record, the clean-up, Consent
    /// Mode, receipts, the re-open button, the release, `soglasie:change`), so the click
    /// answers at once. If the page goes away first, the work is done as it goes
    /// ([`App::leave`]).
    pub fn chose(self: &Rc<Self>, choice: Choice) {
        let action = match choice {
            Choice::AcceptAll => Action::AcceptAll,
            Choice::Decline => Action::Decline,
            Choice::Save(ids) => Action::Accept(ids),
            Choice::Customise => return self.act(Action::Preferences),
            Choice::Closed => return self.act(Action::PreferencesClosed),
        };
        let (closing, work): (Vec<Effect>, Vec<Effect>) = self
            .decide(action)
            .into_iter()
            .partition(|e| matches!(e, Effect::Hide(_)));
        let mut queue = self.queue.borrow_mut();
        queue.extend(closing.into_iter().map(Step::Carry));
        queue.push_back(Step::AfterPaint);
        queue.extend(work.into_iter().map(Step::Carry));
        drop(queue);
        self.run();
    }

    /// The page is going away (a reload, a link followed, the tab closed): what waits only for
    /// a paint is done now, so the work of a decision made the moment before is not lost.
    /// Receipts still waiting to be sent — for the part that sends them, or for the server —
    /// go by beacon, which outlives the page (the next page may run no soglasie); they stay
    /// queued, and the server takes one it already has as nothing new.
    pub fn leave(self: &Rc<Self>) {
        if matches!(self.waiting.get(), Some(Wait::Paint(_))) {
            self.waiting.set(None);
            self.leaving.set(true);
            self.run();
            self.leaving.set(false);
        }
        let endpoint = self
            .session
            .borrow()
            .engine()
            .and_then(|e| e.config.receipts.as_ref())
            .map(|r| r.endpoint.clone());
        if let Some(endpoint) = endpoint {
            receipts::beacon_queued(&endpoint);
        }
    }

    fn decide(&self, action: Action) -> Vec<Effect> {
        let moment = Moment {
            now: now(),
            millis: (js_sys::Date::now() % 1000.0) as u16,
            random: random(),
        };
        self.session.borrow_mut().act(action, &moment)
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
        self.find_declarations();
    }

    /// Fills the page's `data-soglasie="declaration"` elements not seen yet (the parser may
    /// reach one after soglasie started). Without a config there is nothing to say: what the
    /// site wrote inside stays.
    fn find_declarations(self: &Rc<Self>) {
        if self.session.borrow().engine().is_none() {
            return;
        }
        let Ok(found) = self
            .document
            .query_selector_all(r#"[data-soglasie="declaration"]"#)
        else {
            return;
        };
        let mut known = self.declarations.borrow_mut();
        // One the page took away is not kept alive, nor refreshed.
        known.retain(|element| element.is_connected());
        let before = known.len();
        for i in 0..found.length() {
            if let Some(element) = found.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                if !known.contains(&element) {
                    known.push(element);
                }
            }
        }
        let fresh = known[before..].to_vec();
        drop(known);
        if !fresh.is_empty() {
            self.show_declaration(fresh, true);
        }
    }

    /// Shows the section with the choice now in `elements` (`first_time`: the whole section,
    /// else only its live lines), in the part loaded when used.
    fn show_declaration(self: &Rc<Self>, elements: Vec<Element>, first_time: bool) {
        let app = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(e) = later::show_declaration(app, elements, first_time).await {
                log(&format!(
                    "soglasie: the policy's cookie section could not be shown ({e})"
                ));
            }
        });
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

    /// Carries out the session's effects, in order, after those still waiting.
    pub fn perform(self: &Rc<Self>, effects: Vec<Effect>) {
        self.queue
            .borrow_mut()
            .extend(effects.into_iter().map(Step::Carry));
        self.run();
    }

    /// Works through the queue until it is empty or a step waits. Page code that runs meanwhile
    /// (a released script) and calls `window.soglasie` only adds to the queue: the loop
    /// further up the stack takes its effects, after the ones before them.
    fn run(self: &Rc<Self>) {
        if self.running.replace(true) {
            return;
        }
        while self.waiting.get().is_none() {
            let Some(step) = self.queue.borrow_mut().pop_front() else {
                break;
            };
            match step {
                Step::Carry(effect) => {
                    if let Err(e) = self.carry_out(effect) {
                        log(&format!("soglasie: {e}"));
                    }
                }
                Step::AfterPaint => {
                    // Callbacks rather than a future: this runs inside the visitor's click.
                    let (wait, app) = (self.begin_wait(Wait::Paint), self.clone());
                    after_paint(move || app.end_wait(wait));
                }
            }
        }
        self.running.set(false);
    }

    /// Holds the queue until `step` is done, then works on.
    fn wait_for(self: &Rc<Self>, kind: fn(u32) -> Wait, step: impl Future<Output = ()> + 'static) {
        let wait = self.begin_wait(kind);
        let app = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            step.await;
            app.end_wait(wait);
        });
    }

    /// From now on the queue waits, until [`App::end_wait`] of what this answers.
    fn begin_wait(&self, kind: fn(u32) -> Wait) -> Wait {
        self.waits.set(self.waits.get().wrapping_add(1));
        let wait = kind(self.waits.get());
        self.waiting.set(Some(wait));
        wait
    }

    /// Ends `wait` — unless it ended already (the page going away) — and works on.
    fn end_wait(self: &Rc<Self>, wait: Wait) {
        if self.waiting.get() == Some(wait) {
            self.waiting.set(None);
            self.run();
        }
    }

    /// Puts `effects` at the head of the queue (what a waiting step found it must do next).
    fn perform_next(&self, effects: Vec<Effect>) {
        let mut queue = self.queue.borrow_mut();
        for effect in effects.into_iter().rev() {
            queue.push_front(Step::Carry(effect));
        }
    }

    /// Fetches the part loaded when used, once, when the page is idle: the banner or the
    /// re-open button is up, so the preferences dialog may be asked for next. Only its bytes:
    /// it is started when it is used.
    fn prefetch(&self) {
        if let Some(boot) = self.boot.clone().filter(|_| !self.prefetched.replace(true)) {
            when_idle(move || boot.prefetch(later::LATER));
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
            Effect::Forget(leftovers) => {
                for deletion in leftovers.cookie_deletions(&self.jar.read()) {
                    self.jar.write(&deletion);
                }
                for key in leftovers.storage_deletions(&record::keys()) {
                    record::remove(&key);
                }
            }
            Effect::Record(kept) => record::save(kept.as_ref()),
            Effect::Render(View::Banner(banner)) => {
                self.dialog.render_banner(&banner)?;
                self.prefetch();
            }
            Effect::Render(View::Reopen(reopen)) => {
                self.dialog.render_reopen(&reopen)?;
                self.prefetch();
            }
            Effect::Render(View::Preferences) => {
                let app = self.clone();
                self.wait_for(Wait::Part, async move {
                    if let Err(e) = later::show_preferences(app.clone()).await {
                        log(&format!(
                            "soglasie: the preferences dialog could not be shown ({e})"
                        ));
                        app.act(Action::PreferencesClosed);
                    }
                });
            }
            Effect::ExplainChanges => {
                let app = self.clone();
                self.wait_for(Wait::Part, async move {
                    let lines = later::what_changed(app.clone()).await.unwrap_or_else(|e| {
                        log(&format!(
                            "soglasie: what changed in the policy could not be listed ({e})"
                        ));
                        Vec::new()
                    });
                    let effects = app.session.borrow_mut().explain(lines);
                    app.perform_next(effects);
                });
            }
            Effect::Show(part) => self.dialog.show(part)?,
            Effect::Hide(part) => self.dialog.hide(part)?,
            Effect::Release => {
                let judge: Rc<dyn Judge> = self.clone();
                self.gate.release(&judge)?;
                if let Some(blocker) = &self.blocker {
                    blocker.flush();
                }
            }
            Effect::Receipt { endpoint, receipt } => {
                if let Some(kept) = receipts::keep(&receipt) {
                    let unkept = (!kept.queued).then_some(kept.json);
                    if !self.leaving.get() {
                        deliver_receipts(endpoint, unkept);
                    } else if let Some(json) = unkept {
                        // No part can be loaded now; a queued one goes with the queue.
                        receipts::beacon(&endpoint, &json);
                    }
                }
            }
            Effect::SendReceipts(endpoint) => {
                if receipts::waiting() {
                    deliver_receipts(endpoint, None);
                }
            }
            Effect::Changed { consent, broadcast } => {
                let declarations = self.declarations.borrow().clone();
                if !declarations.is_empty() {
                    self.show_declaration(declarations, false);
                }
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

/// Sends what waits for the receipts server, in the part loaded when used; without it the
/// receipts stay queued for a later page.
fn deliver_receipts(endpoint: String, unkept: Option<String>) {
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(e) = later::deliver_receipts(endpoint, unkept).await {
            log(&format!(
                "soglasie: receipts could not be sent ({e}); they wait for a later page"
            ));
        }
    });
}

/// Calls `done` once the page has painted the frame after now: a `requestAnimationFrame`
/// callback runs before that paint, a task it queues runs after it. A page that stops painting
/// (its tab hidden the moment after the click) waits 100 ms at most: the decision's work must
/// not wait for the visitor to come back. `done` may be called twice.
fn after_paint(done: impl Fn() + 'static) {
    let Some(window) = web_sys::window() else {
        return done();
    };
    let done = Rc::new(done);
    let (soon, at_most) = (done.clone(), done);
    let later = window.clone();
    let painted = Closure::once_into_js(move || {
        let task = Closure::once_into_js(move || soon());
        let _ = later.set_timeout_with_callback(task.unchecked_ref());
    });
    let _ = window.request_animation_frame(painted.unchecked_ref());
    let fallback = Closure::once_into_js(move || at_most());
    let _ =
        window.set_timeout_with_callback_and_timeout_and_arguments_0(fallback.unchecked_ref(), 100);
}

/// Runs `work` when the page is idle (`requestIdleCallback`; a second later where the engine
/// has none).
fn when_idle(work: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let run = Closure::once_into_js(work);
    let idle = js_sys::Reflect::get(&window, &"requestIdleCallback".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let _ = match idle {
        Some(request) => request.call1(&window, &run).map(drop),
        None => window
            .set_timeout_with_callback_and_timeout_and_arguments_0(run.unchecked_ref(), 1000)
            .map(drop),
    };
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
