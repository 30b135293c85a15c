//! One page's consent session: what the web layer asks, and what it must do in return.
//!
//! The web layer (`crate::web`) owns the DOM; this module owns every decision. Each call
//! takes what the page knows (the cookie header, the clock, random bytes) as plain values and
//! answers with [`Effect`]s — console lines, cookie writes, dialog views to show or hide,
//! "re-check held elements", "tell the page" — which the web layer carries out in order.
//! Nothing here calls out to the page, so released page code can never re-enter a call.

use crate::catalog;
use crate::core::changes;
use crate::core::config::{quoted, Config, ConfigError, NECESSARY};
use crate::core::consent_mode::{self, GtagConsent};
use crate::core::crawler::is_crawler;
use crate::core::decision::{Consent, Engine, Leftovers, LoadVerdict};
use crate::core::declaration;
use crate::core::receipt::{self, Kind, Place, Receipt};
use crate::core::record::ConsentRecord;
use crate::core::sensitive;
use crate::core::texts::Lang;
use crate::core::time::iso8601_millis;
use crate::core::view;

/// A dialog part, as named in `data-soglasie` (public contract).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Banner,
    Preferences,
    Reopen,
}

impl Part {
    /// Its `data-soglasie` value.
    pub fn name(self) -> &'static str {
        match self {
            Part::Banner => "banner",
            Part::Preferences => "preferences",
            Part::Reopen => "reopen",
        }
    }

    fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// A part to render, with everything it shows. The preferences dialog is made from
/// [`Session::preferences`] when it is rendered: its code comes in a part of the module loaded
/// when used (`crate::web::later`), which makes its own view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum View {
    Banner(view::Banner),
    Preferences,
    Reopen(view::Reopen),
}

impl View {
    pub fn part(&self) -> Part {
        match self {
            View::Banner(_) => Part::Banner,
            View::Preferences => Part::Preferences,
            View::Reopen(_) => Part::Reopen,
        }
    }
}

/// What the web layer must do, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// `console.error` / `console.warn` this line.
    Error(String),
    Warn(String),
    /// The site's accent colour for the dialog (`--soglasie-accent`).
    Accent(String),
    /// The page is about an illness: its address must not reach the next page's trackers.
    /// Set the document's referrer policy to [`sensitive::REFERRER_POLICY`], unless the page
    /// already has one as strict ([`sensitive::needs_referrer_policy`]).
    HideReferrer,
    /// Google Consent Mode: add these `gtag('consent', …)` calls to `window.dataLayer` —
    /// `first`: ahead of what the page queued there already (Google's tags, held until now,
    /// have not read it), so that they come before the page's own `gtag('config', …)`.
    Gtag {
        calls: Vec<GtagConsent>,
        first: bool,
    },
    /// Write this to `document.cookie`.
    WriteCookie(String),
    /// Remove what withdrawn trackers left: their cookies and `localStorage` keys.
    Forget(Leftovers),
    /// Render the part and show it.
    Render(View),
    /// A re-prompt: find out what changed since the visitor's last consent
    /// ([`Session::what_changed`], from the consent record), then hand the list to
    /// [`Session::explain`], which renders the banner with it.
    ExplainChanges,
    /// Show the part as last rendered (so focus can return to the very button pressed).
    Show(Part),
    /// Hide the part (close the preferences dialog).
    Hide(Part),
    /// The choice changed: re-check held elements and held loads.
    Release,
    /// Keep this consent record (`None`: remove it).
    Record(Option<ConsentRecord>),
    /// Queue this receipt of a decision and send what waits to `endpoint`
    /// (`crate::core::receipt`).
    Receipt {
        endpoint: String,
        receipt: Receipt,
    },
    /// Send the receipts that earlier pages could not (at start).
    SendReceipts(String),
    /// Dispatch `soglasie:change` with this detail; tell the site's other tabs the new cookie
    /// value, unless the change came from one of them.
    Changed {
        consent: Consent,
        broadcast: Option<String>,
    },
}

/// What the page is, read once by the web layer at start.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// `document.cookie` through the accessors captured before any site script ran.
    pub cookie_header: String,
    /// Unix seconds.
    pub now: u64,
    /// `<html lang>`.
    pub html_lang: String,
    pub user_agent: String,
    /// A probe cookie could be written and read back.
    pub cookies_work: bool,
    /// The page is on https (the cookie gets `Secure`).
    pub secure: bool,
    /// `location.hostname`, for removing trackers' cookies on parent domains.
    pub hostname: String,
    /// `location.pathname` as it is, and percent-decoded (the same when it cannot be).
    pub path: String,
    pub decoded_path: String,
    /// The page declares itself sensitive (`<meta name="soglasie" content="sensitive">`).
    pub declared_sensitive: bool,
    /// `location.origin`, for receipts.
    pub origin: String,
}

/// What the page knows at the moment of a visitor's action.
#[derive(Debug, Clone, Default)]
pub struct Moment {
    pub now: u64,
    /// The milliseconds of `now`, for a receipt's time.
    pub millis: u16,
    /// 16 bytes from `crypto.getRandomValues`, for a new consent id.
    pub random: [u8; 16],
}

/// A visitor's or the page's request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// «Принять все» or `accept("all")`.
    AcceptAll,
    /// `accept([ids])` or «Сохранить выбор»: exactly these optional categories.
    Accept(Vec<String>),
    /// `accept(x)` with anything else: refused with a console line.
    AcceptInvalid,
    /// «Отклонить» or `decline()`.
    Decline,
    /// `reset()`.
    Reset,
    /// `show()`.
    Show,
    /// «Настроить», the re-open button, `data-soglasie-open`, `preferences()`.
    Preferences,
    /// The preferences dialog was closed without a decision (Esc, ×).
    PreferencesClosed,
    /// Another tab stored this cookie value (empty: it withdrew the decision).
    Sync(String),
}

/// How [`Session::change`] changes the stored decision.
enum Change {
    /// Exactly these optional categories are allowed now, by this kind of decision.
    Decide(Vec<String>, Kind),
    /// No decision any more (`reset()`).
    Reset,
    /// Another tab stored this cookie value (empty: it withdrew the decision).
    Adopt(String),
}

/// What may happen to a marked-up element of a category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    Release,
    Hold,
    /// Not a category of the config: held (named once in the console).
    Unknown,
}

/// Per-page state.
#[derive(Debug)]
pub struct Session {
    /// `None` when the config could not be used: then only `necessary` is ever released.
    engine: Option<Engine>,
    lang: Lang,
    /// A crawler never decides: no banner, nothing optional.
    crawler: bool,
    cookies_blocked: bool,
    secure: bool,
    hostname: String,
    /// Parts rendered at least once / shown now ([`Part::bit`]).
    rendered: u8,
    shown: u8,
    /// Unlisted trackers and unknown categories already named in the console.
    warned: Vec<String>,
    /// What changed since the visitor's last consent, one line each (for the banner after a
    /// policy change).
    change_lines: Vec<String>,
    /// The re-prompt's banner waits for [`Session::explain`].
    explaining: bool,
    /// This page is about an illness (by its path or its own word), config or not.
    sensitive: bool,
    /// Where receipts say decisions are made.
    place: Place,
}

impl Session {
    /// Reads the config and the stored choice; asks for the banner when a decision is
    /// needed — after a policy change, first for what changed since ([`Effect::ExplainChanges`]).
    /// `config` is `None` when the web layer could not get one (it has said why), and an error
    /// list when it has problems: each is one console line.
    pub fn start(
        config: Option<Result<Config, Vec<ConfigError>>>,
        page: &Page,
    ) -> (Session, Vec<Effect>) {
        let mut out = Vec::new();
        let engine = match config {
            Some(Ok(config)) => {
                let mut engine = Engine::new(config, &page.cookie_header, page.now);
                let paths = &engine.config.sensitive.paths;
                engine.sensitive = page.declared_sensitive
                    || sensitive::matches_any(paths, &page.path)
                    || sensitive::matches_any(paths, &page.decoded_path);
                Some(engine)
            }
            Some(Err(errors)) => {
                out.extend(errors.iter().map(|e| Effect::Error(e.to_string())));
                None
            }
            None => None,
        };
        let lang = engine.as_ref().map_or(Lang::Ru, |e| {
            Lang::resolve(e.config.language, &page.html_lang)
        });
        // A page that says it is about an illness is one, config or not.
        let sensitive = page.declared_sensitive || engine.as_ref().is_some_and(|e| e.sensitive);
        let crawler = engine.as_ref().is_some_and(|e| {
            e.config.crawlers.detect
                && is_crawler(&page.user_agent, &e.config.crawlers.extra_tokens)
        });
        let mut session = Session {
            engine,
            lang,
            crawler,
            cookies_blocked: !page.cookies_work,
            secure: page.secure,
            hostname: page.hostname.to_ascii_lowercase(),
            rendered: 0,
            shown: 0,
            warned: Vec::new(),
            change_lines: Vec::new(),
            explaining: false,
            sensitive,
            place: Place {
                origin: page.origin.clone(),
                path: page.path.clone(),
            },
        };
        if sensitive {
            out.push(Effect::HideReferrer);
        }
        if let Some(engine) = session
            .engine
            .as_ref()
            .filter(|e| e.config.google_consent_mode)
        {
            let mut calls = vec![consent_mode::default()];
            if engine.decided() {
                calls.push(consent_mode::update(engine));
            }
            out.push(Effect::Gtag { calls, first: true });
        }
        if let Some(accent) = session
            .engine
            .as_ref()
            .and_then(|e| e.config.ui.accent.clone())
        {
            out.push(Effect::Accent(accent));
        }
        if let Some(receipts) = session
            .engine
            .as_ref()
            .and_then(|e| e.config.receipts.as_ref())
        {
            out.push(Effect::SendReceipts(receipts.endpoint.clone()));
        }
        // The choice's cookie written again, to live as long as the consent has left: a browser
        // that caps cookies written by script (Safari: 7 days) keeps it while the visitor comes
        // back within its cap. A receipts server on the site's own origin wrote it for the
        // consent's whole lifetime when it took the receipt; written by script it would be
        // capped again.
        let server_writes_it = |e: &Engine| {
            e.config
                .receipts
                .as_ref()
                .is_some_and(|r| receipt::same_origin(&r.endpoint, &page.origin))
        };
        if let Some(engine) = session
            .engine
            .as_ref()
            .filter(|e| e.decided() && !crawler && !server_writes_it(e))
        {
            out.push(Effect::WriteCookie(
                engine.cookie_write(page.secure, page.now),
            ));
        }
        match session
            .engine
            .as_ref()
            .filter(|_| !crawler)
            .map(Engine::decided)
        {
            // A decision made under an earlier policy: its record may say what changed.
            Some(false) if session.engine.as_ref().is_some_and(|e| e.earlier.is_some()) => {
                session.explaining = true;
                out.push(Effect::ExplainChanges);
            }
            Some(false) => session.render(Part::Banner, &mut out),
            Some(true) => session.render_reopen(&mut out),
            None => {}
        }
        (session, out)
    }

    /// Before the page's elements or loads are judged again: `declared` says whether a
    /// `<meta name="soglasie" content="sensitive">` is there now. A page that declares itself
    /// late (the parser reached the meta after soglasie started) holds from now on. Returns
    /// whether the page is about an illness: its referrer policy is then checked again (a
    /// site's own looser one may have come after ours).
    pub fn recheck_sensitive(&mut self, declared: bool) -> bool {
        if declared && !self.sensitive {
            self.sensitive = true;
            if let Some(engine) = self.engine.as_mut() {
                engine.sensitive = true;
            }
        }
        self.sensitive
    }

    /// What changed since the visitor's last consent, one line each, when `record` (the
    /// consent record kept in `localStorage`) is the one behind the stale decision in the
    /// cookie; empty otherwise ([`changes::since`]).
    pub fn what_changed(&self, record: Option<&ConsentRecord>) -> Vec<String> {
        match &self.engine {
            Some(engine) => {
                view::change_lines(&changes::since(record, engine), &engine.config, self.lang)
            }
            None => Vec::new(),
        }
    }

    /// The re-prompt's banner, with what changed (from [`Session::what_changed`]; empty when
    /// that could not be found out), unless a decision came first.
    pub fn explain(&mut self, change_lines: Vec<String>) -> Vec<Effect> {
        let mut out = Vec::new();
        self.change_lines = change_lines;
        let undecided = self.engine.as_ref().is_some_and(|e| !e.decided());
        if std::mem::take(&mut self.explaining) && undecided {
            self.render(Part::Banner, &mut out);
        }
        out
    }

    /// The preferences dialog as it is now (`None` without a usable config).
    pub fn preferences(&self) -> Option<view::Preferences> {
        let engine = self.engine.as_ref()?;
        Some(view::Preferences::of(engine, self.lang))
    }

    /// The policy's cookie section as the page's `data-soglasie="declaration"` shows it.
    pub fn declaration(&self) -> Option<declaration::Declaration> {
        let engine = self.engine.as_ref()?;
        Some(declaration::Declaration::of(
            &engine.config,
            self.lang,
            None,
        ))
    }

    /// The visitor's choice now, as that section's live lines say it.
    pub fn declared_choice(&self) -> Option<declaration::Live> {
        let engine = self.engine.as_ref()?;
        Some(declaration::Live::of(engine, self.lang))
    }

    /// The consent engine, when the config was usable.
    pub fn engine(&self) -> Option<&Engine> {
        self.engine.as_ref()
    }

    /// The auto-blocker's question: may a load of `host` + `path_and_query` happen now?
    /// Without a usable config, every catalog tracker is held (fail closed). An unlisted
    /// catalog tracker is named once.
    pub fn verdict(
        &mut self,
        host: &str,
        path_and_query: &str,
        out: &mut Vec<Effect>,
    ) -> LoadVerdict {
        let verdict = match &self.engine {
            Some(engine) => engine.load_verdict(host, path_and_query),
            None if catalog::tracker(host, path_and_query).is_some() => LoadVerdict::Hold,
            None => LoadVerdict::Ignore,
        };
        if let LoadVerdict::Unlisted(id) = verdict {
            if self.first_warning(id) {
                out.push(Effect::Warn(format!(
                    "soglasie: blocked {id}: a known tracker that config.services does not list (visitors were not told about it)"
                )));
            }
        }
        verdict
    }

    /// Whether marked-up elements of `category` may run now.
    pub fn gate(&mut self, category: &str, out: &mut Vec<Effect>) -> Gate {
        let gate = match &self.engine {
            _ if category == NECESSARY => Gate::Release,
            Some(e) if !self.crawler && e.runs(category) => Gate::Release,
            Some(e) if e.config.category(category).is_none() => Gate::Unknown,
            _ => Gate::Hold,
        };
        if gate == Gate::Unknown && self.first_warning(category) {
            out.push(Effect::Warn(format!(
                "soglasie: data-category={} is not a category of the config; the element stays held",
                quoted(category)
            )));
        }
        gate
    }

    /// The category of the configured service that Klaro's markup names (`data-name`), for
    /// sites moving from Klaro. `None` — held, named once in the console — when the config
    /// lists no such service (or there is no usable config).
    pub fn service_category(&mut self, name: &str, out: &mut Vec<Effect>) -> Option<String> {
        let engine = self.engine.as_ref()?;
        let category = engine
            .config
            .service_named(name)
            .map(|s| s.category.clone());
        if category.is_none() && self.first_warning(&format!("data-name={name}")) {
            out.push(Effect::Warn(format!(
                "soglasie: data-name={} is not a service of the config; the element stays held",
                quoted(name)
            )));
        }
        category
    }

    fn first_warning(&mut self, what: &str) -> bool {
        let new = !self.warned.iter().any(|w| w == what);
        if new {
            self.warned.push(what.to_string());
        }
        new
    }

    /// Carries out a visitor's or the page's request.
    pub fn act(&mut self, action: Action, at: &Moment) -> Vec<Effect> {
        let mut out = Vec::new();
        match action {
            Action::AcceptAll => {
                if let Some(all) = self.engine.as_ref().map(Engine::all_optional) {
                    self.change(Change::Decide(all, Kind::AcceptAll), at, &mut out);
                }
            }
            Action::Accept(ids) => {
                let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
                let resolved = self.engine.as_ref().map(|e| e.resolve(&ids));
                match resolved {
                    Some(Ok(allowed)) => {
                        self.change(Change::Decide(allowed, Kind::Custom), at, &mut out)
                    }
                    Some(Err(unknown)) => out.push(Effect::Error(format!(
                        "soglasie: accept(): unknown category {}; nothing changed",
                        quoted(unknown)
                    ))),
                    None => {}
                }
            }
            Action::AcceptInvalid => out.push(Effect::Error(
                "soglasie: accept(): expected \"all\" or an array of category ids; nothing changed"
                    .into(),
            )),
            Action::Decline => self.change(Change::Decide(Vec::new(), Kind::Decline), at, &mut out),
            Action::Reset => self.change(Change::Reset, at, &mut out),
            Action::Show => self.render(Part::Banner, &mut out),
            Action::Preferences => {
                if self.engine.is_some() {
                    self.render(Part::Preferences, &mut out);
                    // The banner steps aside so that its buttons are not doubled behind the
                    // modal.
                    self.hide(Part::Banner, &mut out);
                }
            }
            Action::PreferencesClosed => {
                if self.shown & Part::Preferences.bit() != 0 {
                    self.shown &= !Part::Preferences.bit();
                    if self.engine.as_ref().is_some_and(|e| !e.decided()) {
                        self.show(Part::Banner, &mut out);
                    }
                }
            }
            Action::Sync(value) => self.change(Change::Adopt(value), at, &mut out),
        }
        out
    }

    /// Changes the stored decision, then brings the page in line: cookie first (another tab
    /// wrote its own), then clean-up of withdrawn trackers' data, dialogs, release, event.
    /// Another tab's decision that changes nothing here is ignored.
    fn change(&mut self, change: Change, at: &Moment, out: &mut Vec<Effect>) {
        let secure = self.secure;
        let Some(engine) = self.engine.as_mut() else {
            return;
        };
        let from_other_tab = matches!(change, Change::Adopt(_));
        let recorded = matches!(change, Change::Decide(..));
        // What a receipt needs from before the change: the re-prompt it answers, the id it
        // withdraws.
        let renewal = engine.policy_changed();
        let before = engine.consent();
        let kind = match &change {
            Change::Decide(_, kind) => Some(*kind),
            Change::Reset => Some(Kind::Withdraw),
            Change::Adopt(_) => None,
        };
        let outcome = match change {
            Change::Decide(allowed, _) => engine.decide(allowed, at.now, &at.random),
            Change::Reset => engine.reset(),
            Change::Adopt(value) => engine.adopt(&value, at.now),
        };
        let leftovers = (!outcome.withdrawn.is_empty()).then(|| Leftovers {
            services: outcome.withdrawn.iter().map(|&s| s.clone()).collect(),
            hostname: self.hostname.clone(),
        });
        let changed = outcome.changed;
        if from_other_tab && !changed {
            return;
        }
        if !from_other_tab {
            // The other tab wrote the cookie and the record already.
            out.push(Effect::WriteCookie(engine.cookie_write(secure, at.now)));
            out.push(Effect::Record(engine.record().filter(|_| recorded)));
        }
        out.extend(leftovers.map(Effect::Forget));
        if engine.config.google_consent_mode {
            // Before anything is released: Google's tags learn the choice before they run.
            out.push(Effect::Gtag {
                calls: vec![consent_mode::update(engine)],
                first: false,
            });
        }
        let decided = engine.decided();
        let consent = engine.consent();
        let receipts = engine.config.receipts.as_ref();
        // A decision made here (another tab sent its own); a withdrawal of one that was made.
        if let (Some(receipts), Some(kind)) = (receipts, kind) {
            let withdrawn = kind == Kind::Withdraw;
            let of = if withdrawn { &before } else { &consent };
            if let Some(id) = of.id.clone().filter(|_| changed || !withdrawn) {
                out.push(Effect::Receipt {
                    endpoint: receipts.endpoint.clone(),
                    receipt: Receipt {
                        v: receipt::VERSION,
                        id,
                        policy: consent.policy.clone(),
                        categories: consent.categories.clone(),
                        kind,
                        renewal,
                        at: iso8601_millis(at.now, at.millis),
                        origin: self.place.origin.clone(),
                        path: self.place.path(self.sensitive),
                        version: env!("CARGO_PKG_VERSION"),
                        cookie: engine.config.cookie.clone(),
                    },
                });
            }
        }
        let broadcast = (!from_other_tab).then(|| engine.stored_value());
        self.hide(Part::Preferences, out);
        if decided {
            self.hide(Part::Banner, out);
            self.render_reopen(out);
        } else {
            self.hide(Part::Reopen, out);
            self.render(Part::Banner, out);
        }
        out.push(Effect::Release);
        if changed {
            out.push(Effect::Changed { consent, broadcast });
        }
    }

    fn render_reopen(&mut self, out: &mut Vec<Effect>) {
        if self
            .engine
            .as_ref()
            .is_some_and(|e| e.config.ui.floating_button)
        {
            self.render(Part::Reopen, out);
        }
    }

    fn render(&mut self, part: Part, out: &mut Vec<Effect>) {
        let Some(engine) = &self.engine else { return };
        let view = match part {
            Part::Banner => View::Banner(view::Banner::of(
                engine,
                self.lang,
                self.cookies_blocked,
                &self.change_lines,
            )),
            Part::Preferences => View::Preferences,
            Part::Reopen => View::Reopen(view::Reopen::of(engine, self.lang)),
        };
        out.push(Effect::Render(view));
        self.rendered |= part.bit();
        self.shown |= part.bit();
    }

    fn show(&mut self, part: Part, out: &mut Vec<Effect>) {
        if self.rendered & part.bit() == 0 {
            self.render(part, out);
        } else if self.shown & part.bit() == 0 {
            out.push(Effect::Show(part));
            self.shown |= part.bit();
        }
    }

    fn hide(&mut self, part: Part, out: &mut Vec<Effect>) {
        if self.shown & part.bit() != 0 {
            out.push(Effect::Hide(part));
            self.shown &= !part.bit();
        }
    }

    /// `consent()` of the public API.
    pub fn consent(&self) -> Consent {
        match &self.engine {
            Some(e) => e.consent(),
            None => Consent::undecided(""),
        }
    }

    /// URL patterns of the configured services, for the blocker's quick pre-check (the
    /// catalog's are built into the boot already).
    pub fn config_patterns(&self) -> Vec<String> {
        let services = self.engine.as_ref().map_or(&[][..], |e| &e.config.services);
        services
            .iter()
            .flat_map(|s| s.hosts.iter().cloned())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: u64 = 1_795_512_600;
    const CONFIG: &str = r#"{
      "operator": {"name": "ООО «Тест»", "address": "г. Москва", "email": "privacy@example.ru"},
      "policy": {"url": "/privacy.html", "revision": "2026-11-01"},
      "services": ["yandex_metrika", "top_mail_ru"]
    }"#;

    fn page(cookie_header: &str) -> Page {
        Page {
            cookie_header: cookie_header.into(),
            now: NOW,
            html_lang: "ru".into(),
            user_agent: "Mozilla/5.0 HeadlessChrome/156".into(),
            cookies_work: true,
            secure: false,
            hostname: "www.clinic.ru".into(),
            path: "/uslugi/".into(),
            decoded_path: "/uslugi/".into(),
            origin: "http://www.clinic.ru".into(),
            ..Page::default()
        }
    }

    fn moment() -> Moment {
        Moment {
            now: NOW + 10,
            millis: 123,
            random: [7; 16],
        }
    }

    /// The withdrawn trackers' leftovers among `out`, and what removing them writes and
    /// removes, given the page's cookies and `localStorage` keys.
    fn forgotten(out: &[Effect], cookie_header: &str, keys: &[&str]) -> (Vec<String>, Vec<String>) {
        let keys: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
        out.iter()
            .filter_map(|e| match e {
                Effect::Forget(leftovers) => Some((
                    leftovers.cookie_deletions(cookie_header),
                    leftovers.storage_deletions(&keys),
                )),
                _ => None,
            })
            .fold((Vec::new(), Vec::new()), |(mut c, mut k), (c2, k2)| {
                c.extend(c2);
                k.extend(k2);
                (c, k)
            })
    }

    fn part_letter(part: Part) -> char {
        part.name().chars().next().unwrap_or('?')
    }

    /// The effects in short: `C` cookie, `S` storage key, `M` record, `R`/`V`/`H` + part's
    /// first letter (render, show, hide), `G` release, `X` change, `E`/`W` console, `A`,
    /// `F` referrer, `Q`/`U` Google Consent Mode (ahead of the queue / after it).
    /// The cookie value a decision sends the other tabs (what the cookie now holds).
    fn broadcast(out: &[Effect]) -> String {
        match out.last() {
            Some(Effect::Changed {
                broadcast: Some(value),
                ..
            }) => value.clone(),
            _ => panic!("no broadcast in {out:?}"),
        }
    }

    fn kinds(out: &[Effect]) -> String {
        out.iter()
            .map(|e| match e {
                Effect::Error(_) => "E".to_string(),
                Effect::Warn(_) => "W".to_string(),
                Effect::Accent(_) => "A".to_string(),
                Effect::HideReferrer => "F".to_string(),
                Effect::Gtag { first: true, .. } => "Q".to_string(),
                Effect::Gtag { first: false, .. } => "U".to_string(),
                Effect::WriteCookie(_) => "C".to_string(),
                Effect::Forget(_) => "D".to_string(),
                Effect::Record(_) => "M".to_string(),
                Effect::Render(view) => format!("R{}", part_letter(view.part())),
                Effect::ExplainChanges => "Z".to_string(),
                Effect::Show(part) => format!("V{}", part_letter(*part)),
                Effect::Hide(part) => format!("H{}", part_letter(*part)),
                Effect::Release => "G".to_string(),
                Effect::Changed { .. } => "X".to_string(),
                Effect::Receipt { .. } => "T".to_string(),
                Effect::SendReceipts(_) => "Y".to_string(),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn start(config: Option<&str>, cookie_header: &str) -> (Session, Vec<Effect>) {
        Session::start(config.map(Config::from_json), &page(cookie_header))
    }

    #[test]
    fn a_first_visit_shows_the_banner_and_holds_everything_optional() {
        let (mut s, out) = start(Some(CONFIG), "");
        assert_eq!(kinds(&out), "Rb");
        let mut out = Vec::new();
        assert_eq!(s.gate("necessary", &mut out), Gate::Release);
        assert_eq!(s.gate("analytics", &mut out), Gate::Hold);
        assert_eq!(
            s.verdict("mc.yandex.ru", "/metrika/tag.js", &mut out),
            LoadVerdict::Hold
        );
        assert_eq!(
            s.verdict("example.org", "/app.js", &mut out),
            LoadVerdict::Ignore
        );
        assert_eq!(out, []);
        assert_eq!(s.consent(), Consent::undecided(&s.engine().unwrap().hash));
    }

    #[test]
    fn accepting_writes_the_cookie_and_record_then_renders_then_releases_then_tells() {
        let (mut s, _) = start(Some(CONFIG), "");
        let out = s.act(Action::AcceptAll, &moment());
        assert_eq!(kinds(&out), "C M Hb Rr G X");
        let Effect::WriteCookie(cookie) = &out[0] else {
            panic!("{out:?}")
        };
        assert!(
            cookie.starts_with("soglasie=1.")
                && cookie
                    .ends_with(".functional+analytics+ads; Max-Age=31536000; Path=/; SameSite=Lax"),
            "{cookie}"
        );
        let Effect::Record(Some(record)) = &out[1] else {
            panic!("{out:?}")
        };
        assert!(record.categories.iter().all(|c| c.allowed));
        let Some(Effect::Changed { consent, broadcast }) = out.last() else {
            panic!("{out:?}")
        };
        assert_eq!(
            consent.categories,
            ["necessary", "functional", "analytics", "ads"]
        );
        assert_eq!(consent.at.as_deref(), Some("2026-11-24T09:30:10Z"));
        assert_eq!(
            broadcast.as_deref(),
            Some(&cookie["soglasie=".len()..cookie.find(';').unwrap_or(0)])
        );
        let mut out = Vec::new();
        assert_eq!(s.gate("analytics", &mut out), Gate::Release);
        assert_eq!(
            s.verdict("top-fwz1.mail.ru", "/js/code.js", &mut out),
            LoadVerdict::Release
        );
        // Saving the same choice again changes nothing the page must hear about.
        let again = s.act(Action::AcceptAll, &moment());
        assert_eq!(kinds(&again), "C M Rr G");
    }

    #[test]
    fn withdrawal_removes_the_trackers_cookies_storage_and_record_and_shows_the_banner_again() {
        let (mut s, _) = start(Some(CONFIG), "");
        s.act(Action::Accept(vec!["analytics".into()]), &moment());
        let out = s.act(Action::Reset, &moment());
        assert_eq!(
            out[0],
            Effect::WriteCookie("soglasie=; Max-Age=0; Path=/; SameSite=Lax".into())
        );
        assert_eq!(out[1], Effect::Record(None));
        // What the withdrawn Метрика left is removed, from what is there when it is removed.
        let (cookies, keys) = forgotten(
            &out,
            "soglasie=x; _ym_uid=1; site=2",
            &["_ym_retryReqs", "site_cart"],
        );
        assert_eq!(
            cookies,
            [
                "_ym_uid=; Max-Age=0; Path=/",
                "_ym_uid=; Max-Age=0; Path=/; Domain=www.clinic.ru",
                "_ym_uid=; Max-Age=0; Path=/; Domain=clinic.ru"
            ]
        );
        assert_eq!(keys, ["_ym_retryReqs"]);
        assert_eq!(kinds(&out), "C M D Hr Rb G X");
    }

    #[test]
    fn preferences_open_over_the_banner_and_closing_them_brings_it_back() {
        let (mut s, _) = start(Some(CONFIG), "");
        let out = s.act(Action::Preferences, &moment());
        assert_eq!(kinds(&out), "Rp Hb");
        let out = s.act(Action::PreferencesClosed, &moment());
        assert_eq!(kinds(&out), "Vb");
        // A second close (the dialog's own event after a programmatic close) is a no-op.
        assert_eq!(s.act(Action::PreferencesClosed, &moment()), []);
        // Opened again: a fresh view.
        assert_eq!(kinds(&s.act(Action::Preferences, &moment())), "Rp Hb");
        // Saving from the dialog closes it and decides.
        let out = s.act(Action::Accept(vec!["ads".into()]), &moment());
        assert_eq!(kinds(&out), "C M Hp Rr G X");
    }

    #[test]
    fn an_unknown_category_is_refused_and_named_once() {
        let (mut s, _) = start(Some(CONFIG), "");
        let out = s.act(
            Action::Accept(vec!["analytics".into(), "mystery".into()]),
            &moment(),
        );
        assert_eq!(
            out,
            [Effect::Error(
                "soglasie: accept(): unknown category \"mystery\"; nothing changed".into()
            )]
        );
        let mut out = Vec::new();
        assert_eq!(s.gate("mystery", &mut out), Gate::Unknown);
        assert_eq!(s.gate("mystery", &mut out), Gate::Unknown);
        assert_eq!(
            out,
            [Effect::Warn(
                "soglasie: data-category=\"mystery\" is not a category of the config; the element stays held".into()
            )]
        );
    }

    #[test]
    fn an_unlisted_catalog_tracker_never_runs_and_is_named_once() {
        let (mut s, _) = start(Some(CONFIG), "");
        s.act(Action::AcceptAll, &moment());
        let mut out = Vec::new();
        for _ in 0..2 {
            assert_eq!(
                s.verdict("counter.yadro.ru", "/hit", &mut out),
                LoadVerdict::Unlisted("liveinternet")
            );
        }
        assert_eq!(kinds(&out), "W");
        assert!(format!("{out:?}").contains("soglasie: blocked liveinternet:"));
    }

    #[test]
    fn a_broken_config_names_every_problem_and_fails_closed() {
        let (mut s, out) = start(
            Some(
                r#"{"policy": {"url": "javascript:1", "revision": "1"},
            "operator": {"name": "К", "address": "М", "email": "a"}}"#,
            ),
            "",
        );
        assert_eq!(kinds(&out), "E E");
        assert!(
            matches!(&out[1], Effect::Error(line) if line.starts_with("soglasie: config.policy.url:"))
        );
        let mut out = Vec::new();
        assert_eq!(s.gate("necessary", &mut out), Gate::Release);
        assert_eq!(s.gate("analytics", &mut out), Gate::Hold);
        assert_eq!(
            s.verdict("mc.yandex.ru", "/watch/1", &mut out),
            LoadVerdict::Hold
        );
        assert_eq!(s.act(Action::AcceptAll, &moment()), []);
        assert_eq!(s.act(Action::Preferences, &moment()), []);
        assert_eq!(s.consent(), Consent::undecided(""));
        let (_, none) = start(None, "");
        assert_eq!(none, []);
    }

    #[test]
    fn a_returning_visitor_gets_the_reopen_button_and_a_crawler_nothing() {
        let (mut s, _) = start(Some(CONFIG), "");
        let value = broadcast(&s.act(Action::Accept(vec!["analytics".into()]), &moment()));
        let header = format!("soglasie={value}");
        let (mut back, out) = start(Some(CONFIG), &header);
        // The cookie written again (to last as long as the consent has left), then the button.
        assert_eq!(kinds(&out), "C Rr");
        let Some(Effect::WriteCookie(again)) = out.first() else {
            panic!("{out:?}")
        };
        assert!(
            again.starts_with(&format!("soglasie={value}; Max-Age=")),
            "{again}"
        );
        let mut out = Vec::new();
        assert_eq!(back.gate("analytics", &mut out), Gate::Release);
        assert_eq!(back.gate("ads", &mut out), Gate::Hold);

        let mut bot_page = page(&header);
        bot_page.user_agent = "Mozilla/5.0 (compatible; YandexBot/3.0)".into();
        let (mut bot, out) = Session::start(Some(Config::from_json(CONFIG)), &bot_page);
        assert_eq!(out, []);
        let mut out = Vec::new();
        assert_eq!(bot.gate("analytics", &mut out), Gate::Hold);
        assert_eq!(bot.gate("necessary", &mut out), Gate::Release);
    }

    #[test]
    fn another_tabs_decision_is_adopted_and_an_unchanged_one_ignored() {
        let (mut a, _) = start(Some(CONFIG), "");
        let (mut b, _) = start(Some(CONFIG), "");
        let value = broadcast(&a.act(Action::Accept(vec!["ads".into()]), &moment()));
        let out = b.act(Action::Sync(value.clone()), &moment());
        assert_eq!(kinds(&out), "Hb Rr G X");
        assert!(
            matches!(
                out.last(),
                Some(Effect::Changed {
                    broadcast: None,
                    ..
                })
            ),
            "never echoed back"
        );
        assert_eq!(b.act(Action::Sync(value.clone()), &moment()), []);
        let out = b.act(Action::Sync(String::new()), &moment());
        // Top@Mail.ru sets tmr_* cookies: withdrawn in the other tab, removed here too.
        let (cookies, _) = forgotten(&out, "tmr_lvid=1", &[]);
        assert!(
            cookies.contains(&"tmr_lvid=; Max-Age=0; Path=/".to_string()),
            "{out:?}"
        );
        assert!(kinds(&out).ends_with("Hr Rb G X"));
    }

    #[test]
    fn the_accent_colour_comes_first() {
        let config = CONFIG.replace(
            r#""services""#,
            r##""ui": {"accent": "#0a6b4f"}, "services""##,
        );
        let (_, out) = start(Some(&config), "");
        assert_eq!(kinds(&out), "A Rb");
        assert_eq!(out[0], Effect::Accent("#0a6b4f".into()));
    }

    /// CONFIG with `sensitive` pages, and `analytics` as well as `ads` services.
    fn sensitive_config() -> String {
        CONFIG.replace(
            r#""services""#,
            r#""sensitive": {"paths": ["/uslugi/venerologiya/*", "/анонимно/*"]}, "services""#,
        )
    }

    fn accepted_all(config: &str, page: &Page) -> Session {
        let (mut s, _) = Session::start(Some(Config::from_json(config)), page);
        s.act(Action::AcceptAll, &moment());
        s
    }

    #[test]
    fn a_sensitive_page_holds_ads_whatever_was_allowed_and_hides_its_address() {
        let config = sensitive_config();
        let mut on = page("");
        on.path = "/uslugi/venerologiya/analiz-na-vich/".into();
        on.decoded_path = on.path.clone();
        let (_, out) = Session::start(Some(Config::from_json(&config)), &on);
        assert_eq!(kinds(&out), "F Rb");
        let mut s = accepted_all(&config, &on);
        let mut out = Vec::new();
        assert_eq!(s.gate("ads", &mut out), Gate::Hold);
        assert_eq!(s.gate("analytics", &mut out), Gate::Release);
        assert_eq!(
            s.verdict("top-fwz1.mail.ru", "/js/code.js", &mut out),
            LoadVerdict::Drop
        );
        assert_eq!(
            s.verdict("mc.yandex.ru", "/metrika/tag.js", &mut out),
            LoadVerdict::Release
        );
        // The choice stays the visitor's: the page only declines to act on part of it.
        let consent = s.consent();
        assert!(consent.sensitive);
        assert_eq!(
            consent.categories,
            ["necessary", "functional", "analytics", "ads"]
        );

        // Another page of the same site: ads run, nothing is hidden.
        let mut off = accepted_all(&config, &page(""));
        assert_eq!(off.gate("ads", &mut out), Gate::Release);
        assert!(!off.consent().sensitive);
        assert_eq!(out, []);
    }

    #[test]
    fn a_page_is_sensitive_by_its_decoded_path_or_by_its_own_word() {
        let config = sensitive_config();
        let mut cyrillic = page("");
        cyrillic.path = "/%D0%B0%D0%BD%D0%BE%D0%BD%D0%B8%D0%BC%D0%BD%D0%BE/vich".into();
        cyrillic.decoded_path = "/анонимно/vich".into();
        assert!(accepted_all(&config, &cyrillic).consent().sensitive);

        // A page's meta needs no `sensitive` in the config: `ads` is held by default.
        let mut declared = page("");
        declared.declared_sensitive = true;
        let mut s = accepted_all(CONFIG, &declared);
        let mut out = Vec::new();
        assert_eq!(s.gate("ads", &mut out), Gate::Hold);
        assert_eq!(s.gate("analytics", &mut out), Gate::Release);
        // Without a usable config nothing optional runs anyway; the address is still hidden.
        let (_, out) = Session::start(None, &declared);
        assert_eq!(kinds(&out), "F");
    }

    #[test]
    fn google_hears_the_default_first_then_every_choice_before_anything_is_released() {
        let config = CONFIG.replace(r#""services""#, r#""googleConsentMode": true, "services""#);
        let (mut s, out) = start(Some(&config), "");
        assert_eq!(kinds(&out), "Q Rb");
        let Effect::Gtag { calls, .. } = &out[0] else {
            panic!("{out:?}")
        };
        assert_eq!(
            calls.iter().map(|c| c.command).collect::<Vec<_>>(),
            ["default"]
        );
        let out = s.act(Action::Accept(vec!["analytics".into()]), &moment());
        assert_eq!(kinds(&out), "C M U Hb Rr G X");
        let cookie = match &out[0] {
            Effect::WriteCookie(c) => c.split(';').next().unwrap_or_default().to_string(),
            other => panic!("{other:?}"),
        };
        // A returning visitor: the default, then the stored choice, both ahead of the queue.
        let (_, out) = start(Some(&config), &cookie);
        let Effect::Gtag { calls, first: true } = &out[0] else {
            panic!("{out:?}")
        };
        let said: Vec<(&str, consent_mode::Grant)> = calls
            .iter()
            .map(|c| (c.command, c.state.analytics_storage))
            .collect();
        assert_eq!(
            said,
            [
                ("default", consent_mode::Grant::Denied),
                ("update", consent_mode::Grant::Granted)
            ]
        );
        // Without the member, Google hears nothing from soglasie.
        let (_, out) = start(Some(CONFIG), "");
        assert_eq!(kinds(&out), "Rb");
    }

    #[test]
    fn klaro_names_map_to_their_services_category_and_an_unknown_one_is_said_once() {
        let (mut s, _) = start(Some(CONFIG), "");
        let mut out = Vec::new();
        assert_eq!(
            s.service_category("yandexMetrika", &mut out).as_deref(),
            Some("analytics")
        );
        assert_eq!(s.service_category("googleAnalytics", &mut out), None);
        assert_eq!(s.service_category("googleAnalytics", &mut out), None);
        assert_eq!(
            out,
            [Effect::Warn(
                "soglasie: data-name=\"googleAnalytics\" is not a service of the config; the element stays held".into()
            )]
        );
    }

    #[test]
    fn a_page_that_declares_itself_late_holds_from_then_on() {
        let mut s = accepted_all(CONFIG, &page(""));
        let mut out = Vec::new();
        assert_eq!(s.gate("ads", &mut out), Gate::Release);
        assert!(!s.recheck_sensitive(false));
        assert!(s.recheck_sensitive(true));
        assert_eq!(s.gate("ads", &mut out), Gate::Hold);
        assert_eq!(
            s.verdict("top-fwz1.mail.ru", "/js/code.js", &mut out),
            LoadVerdict::Drop
        );
        assert!(s.consent().sensitive);
        // Still sensitive without the meta (a page does not stop being about an illness).
        assert!(s.recheck_sensitive(false));
    }

    #[test]
    fn the_dialog_says_which_categories_pages_about_illnesses_hold() {
        let config = sensitive_config();
        let (mut s, _) = start(Some(&config), "");
        let out = s.act(Action::Preferences, &moment());
        assert_eq!(kinds(&out), "Rp Hb");
        let p = s.preferences().expect("a config");
        let held: Vec<&str> = p
            .categories
            .iter()
            .filter(|c| c.held.is_some())
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(held, ["ads"]);
        // A site that never speaks of such pages makes no such promise.
        let (s, _) = start(Some(CONFIG), "");
        let p = s.preferences().expect("a config");
        assert!(p.categories.iter().all(|c| c.held.is_none()));
    }

    #[test]
    fn a_reprompt_lists_what_changed_when_the_record_is_the_cookies() {
        let (mut s, _) = start(Some(CONFIG), "");
        let out = s.act(Action::AcceptAll, &moment());
        let Some(Effect::Record(Some(record))) = out.get(1).cloned() else {
            panic!("{out:?}")
        };
        let Some(Effect::WriteCookie(cookie)) = out.first() else {
            panic!("{out:?}")
        };
        let cookie = cookie.split(';').next().unwrap_or_default().to_string();
        let revised = CONFIG
            .replace("2026-11-01", "2026-12-01")
            .replace(r#""top_mail_ru""#, r#""top_mail_ru", "jivo""#);
        // The banner waits for what changed, which the record says.
        let (mut s, out) = Session::start(Some(Config::from_json(&revised)), &page(&cookie));
        assert_eq!(kinds(&out), "Z");
        let lines = s.what_changed(Some(&record));
        let out = s.explain(lines);
        let Some(Effect::Render(View::Banner(banner))) = out.first() else {
            panic!("{out:?}")
        };
        assert_eq!(
            banner.title,
            "Мы обновили политику обработки персональных данных"
        );
        let list = banner.changes.as_ref().expect("a list");
        assert_eq!(list.lead, "Что изменилось с\u{a0}вашего прошлого согласия:");
        assert_eq!(
            list.lines,
            [
                "Новая редакция политики от\u{a0}1\u{a0}декабря 2026\u{a0}г.",
                "Новый сервис: Jivo (Функциональные)"
            ]
        );
        // Without the record (another device, cleared storage): updated, and no list.
        let (mut s, _) = Session::start(Some(Config::from_json(&revised)), &page(&cookie));
        let out = s.explain(s.what_changed(None));
        let Some(Effect::Render(View::Banner(banner))) = out.first() else {
            panic!("{out:?}")
        };
        assert_eq!(
            banner.title,
            "Мы обновили политику обработки персональных данных"
        );
        assert_eq!(banner.changes, None);
        // Without a policy change the record is not even asked for.
        let (_, out) = Session::start(Some(Config::from_json(CONFIG)), &page(&cookie));
        assert_eq!(kinds(&out), "C Rr");
        let (_, out) = Session::start(Some(Config::from_json(CONFIG)), &page(""));
        assert_eq!(kinds(&out), "Rb");
        // A decision made while the banner waited: no banner comes.
        let (mut s, _) = Session::start(Some(Config::from_json(&revised)), &page(&cookie));
        s.act(Action::Decline, &moment());
        assert_eq!(s.explain(Vec::new()), []);
    }

    const RECEIPTS: &str = r#""receipts": {"endpoint": "https://receipts.clinic.ru/v1/receipts"}"#;

    fn with_receipts(config: &str) -> String {
        config.replacen('{', &format!("{{{RECEIPTS},"), 1)
    }

    /// The receipts among `out`.
    fn receipts(out: &[Effect]) -> Vec<Receipt> {
        out.iter()
            .filter_map(|e| match e {
                Effect::Receipt { endpoint, receipt } => {
                    assert_eq!(endpoint, "https://receipts.clinic.ru/v1/receipts");
                    Some(receipt.clone())
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_receipts_server_on_the_sites_origin_keeps_the_cookie_written_by_it() {
        let returning = |config: &str| {
            let (mut s, _) = start(Some(config), "");
            let value = broadcast(&s.act(Action::AcceptAll, &moment()));
            kinds(&start(Some(config), &format!("soglasie={value}")).1)
        };
        // Across origins the module keeps the cookie alive itself.
        assert_eq!(returning(&with_receipts(CONFIG)), "Y C Rr");
        // On the site's own origin the server wrote it for the consent's lifetime when it took
        // the receipt: a script's write would bring Safari's 7-day cap back.
        for endpoint in [
            "/soglasie/v1/receipts",
            "http://www.clinic.ru/soglasie/v1/receipts",
        ] {
            let config = CONFIG.replacen(
                '{',
                &format!(r#"{{"receipts": {{"endpoint": "{endpoint}"}},"#),
                1,
            );
            assert_eq!(returning(&config), "Y Rr", "{endpoint}");
        }
    }

    #[test]
    fn every_decision_and_a_withdrawal_leave_a_receipt() {
        let config = with_receipts(CONFIG);
        let (mut s, out) = start(Some(&config), "");
        // Receipts earlier pages could not send go first.
        assert_eq!(kinds(&out), "Y Rb");
        let out = s.act(Action::AcceptAll, &moment());
        assert_eq!(kinds(&out), "C M T Hb Rr G X");
        let [accepted] = receipts(&out).try_into().expect("one receipt");
        let id = s.consent().id.expect("an id");
        assert_eq!(
            accepted,
            Receipt {
                v: 1,
                id: id.clone(),
                policy: s.consent().policy,
                categories: vec![
                    "necessary".into(),
                    "functional".into(),
                    "analytics".into(),
                    "ads".into()
                ],
                kind: Kind::AcceptAll,
                renewal: false,
                at: "2026-11-24T09:30:10.123Z".into(),
                origin: "http://www.clinic.ru".into(),
                path: Some("/uslugi/".into()),
                version: env!("CARGO_PKG_VERSION"),
                cookie: s.engine().expect("an engine").config.cookie.clone(),
            }
        );
        let custom = receipts(&s.act(Action::Accept(vec!["analytics".into()]), &moment()));
        assert_eq!(
            (custom[0].kind, custom[0].id.as_str()),
            (Kind::Custom, id.as_str())
        );
        assert_eq!(custom[0].categories, ["necessary", "analytics"]);
        let declined = receipts(&s.act(Action::Decline, &moment()));
        assert_eq!(
            (declined[0].kind, declined[0].categories.as_slice()),
            (Kind::Decline, &["necessary".to_string()][..])
        );
        // A withdrawal names the id withdrawn; withdrawing nothing sends nothing.
        let withdrawn = receipts(&s.act(Action::Reset, &moment()));
        assert_eq!(
            (withdrawn[0].kind, withdrawn[0].id.as_str()),
            (Kind::Withdraw, id.as_str())
        );
        assert_eq!(withdrawn[0].categories, ["necessary"]);
        assert_eq!(receipts(&s.act(Action::Reset, &moment())), []);
        // Another tab sent its own; a config without receipts sends none.
        let (mut s, _) = start(Some(&config), "");
        let value = broadcast(&s.act(Action::AcceptAll, &moment()));
        let (mut other, _) = start(Some(&config), "");
        assert_eq!(
            receipts(&other.act(Action::Sync(value.clone()), &moment())),
            []
        );
        let (mut plain, out) = start(Some(CONFIG), "");
        assert_eq!(kinds(&out), "Rb");
        assert_eq!(receipts(&plain.act(Action::AcceptAll, &moment())), []);
    }

    #[test]
    fn a_receipt_from_a_page_about_an_illness_has_no_path_and_a_renewal_says_so() {
        let config = with_receipts(CONFIG);
        let mut vich = page("");
        vich.declared_sensitive = true;
        let (mut s, _) = Session::start(Some(Config::from_json(&config)), &vich);
        let out = s.act(Action::AcceptAll, &moment());
        let [receipt] = receipts(&out).try_into().expect("one receipt");
        assert_eq!(
            (receipt.path, receipt.origin.as_str()),
            (None, "http://www.clinic.ru")
        );
        // The same visitor after a new policy revision: the decision answers the re-prompt.
        let Some(Effect::WriteCookie(cookie)) = out.first() else {
            panic!("{out:?}")
        };
        let cookie = cookie.split(';').next().unwrap_or_default().to_string();
        let revised = config.replace("2026-11-01", "2026-12-01");
        let (mut s, _) = Session::start(Some(Config::from_json(&revised)), &page(&cookie));
        let renewed = receipts(&s.act(Action::Decline, &moment()));
        assert!(renewed[0].renewal && renewed[0].kind == Kind::Decline);
        assert_ne!(renewed[0].policy, receipt.policy);
        let again = receipts(&s.act(Action::AcceptAll, &moment()));
        assert!(!again[0].renewal, "the re-prompt was answered already");
    }

    #[test]
    fn a_receipts_endpoint_must_be_http_or_relative() {
        let bad = CONFIG.replacen(
            '{',
            r#"{"receipts": {"endpoint": "javascript:alert(1)"},"#,
            1,
        );
        let errors = Config::from_json(&bad).expect_err("refused");
        assert_eq!(
            errors[0].to_string(),
            "soglasie: config.receipts.endpoint: \"javascript:alert(1)\" — use an absolute http(s) URL or a relative one"
        );
        let relative = CONFIG.replacen('{', r#"{"receipts": {"endpoint": "/v1/receipts"},"#, 1);
        assert!(Config::from_json(&relative).is_ok());
        let typo = CONFIG.replacen('{', r#"{"receipts": {"url": "/v1/receipts"}, "#, 1);
        assert!(Config::from_json(&typo).is_err());
    }
}
