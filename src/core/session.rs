//! One page's consent session: what the browser layer asks, and what it must do in return.
//!
//! The loader (`www/`) owns the DOM; this module owns every decision. Each call takes what
//! the page knows (the cookie header, the clock, random bytes) as plain values and answers
//! with [`Effects`]: console lines, cookie writes, dialog markup to show or hide, "re-check
//! held elements", "tell the page". The loader carries them out in order and decides nothing.
//! Nothing here calls out to the page, so released page code can never re-enter a call.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::catalog;
use crate::core::config::{Config, ConfigError, NECESSARY};
use crate::core::crawler::is_crawler;
use crate::core::decision::{cookie_deletions, storage_deletions, Engine, LoadVerdict};
use crate::core::markup;
use crate::core::texts::Lang;

/// Separates records in an [`Effects`] text, and fields in the loader's requests. Config
/// texts cannot smuggle one into markup: [`markup::escape`] replaces it.
pub const SEP: char = '\0';

/// A dialog part, as named in `data-soglasie` (public contract).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Banner,
    Preferences,
    Reopen,
}

impl Part {
    fn code(self) -> char {
        match self {
            Part::Banner => 'b',
            Part::Preferences => 'p',
            Part::Reopen => 'o',
        }
    }

    fn bit(self) -> u8 {
        match self {
            Part::Banner => 1,
            Part::Preferences => 2,
            Part::Reopen => 4,
        }
    }
}

/// What the loader must do, in order: records of one letter and a payload, joined by [`SEP`].
///
/// | record | the loader… |
/// |---|---|
/// | `E<line>` / `W<line>` | `console.error` / `console.warn` |
/// | `C<assignment>` | writes it to `document.cookie` |
/// | `S<key>` | removes the `localStorage` key |
/// | `A<#colour>` | sets `--soglasie-accent` on the dialog hosts |
/// | `R<part><html>` | renders the part (`b`, `o`; `p` carries [`markup::preferences`]'s record for the preferences' renderer) and shows it |
/// | `V<part>` | shows the part as last rendered |
/// | `H<part>` | hides it (closes the preferences dialog) |
/// | `G` | re-checks held elements and held loads: the choice changed |
/// | `X<json>` | dispatches `soglasie:change` with that `detail` |
/// | `K` | the config has problems: loads `soglasie-check.wasm`, which names them in the console |
/// | `P` | loads the preferences' renderer and its words (relative to `soglasie.js`), then tells [`Session::renderer`] |
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Effects(String);

impl Effects {
    /// Starts a record; its payload is appended to what this returns (built in place, not
    /// in a String of its own first).
    fn begin(&mut self, kind: char) -> &mut String {
        if !self.0.is_empty() {
            self.0.push(SEP);
        }
        self.0.push(kind);
        &mut self.0
    }

    fn record(&mut self, kind: char, payload: &str) {
        self.begin(kind).push_str(payload);
    }

    /// Starts a record about `part`, as [`Effects::begin`].
    fn part(&mut self, kind: char, part: Part) -> &mut String {
        let s = self.begin(kind);
        s.push(part.code());
        s
    }

    pub fn error(&mut self, line: &str) {
        self.record('E', line);
    }

    pub fn warn(&mut self, line: &str) {
        self.record('W', line);
    }

    /// A config's problems, one console line each.
    pub fn config_errors(&mut self, errors: &[ConfigError]) {
        for e in errors {
            e.push_description(self.begin('E'));
        }
    }

    /// The text handed to the loader.
    pub fn into_text(self) -> String {
        self.0
    }

    pub fn as_text(&self) -> &str {
        &self.0
    }

    /// The records, for tests and tools: `(kind, payload)`.
    pub fn records(&self) -> impl Iterator<Item = (char, &str)> {
        self.0.split(SEP).filter_map(|r| {
            let kind = r.chars().next()?;
            Some((kind, &r[kind.len_utf8()..]))
        })
    }
}

/// What the page is, read once by the loader at start.
#[derive(Debug, Clone, Default)]
pub struct Page<'a> {
    /// `document.cookie` through the accessors captured before any site script ran.
    pub cookie_header: &'a str,
    /// Unix seconds.
    pub now: u64,
    /// `<html lang>`.
    pub html_lang: &'a str,
    pub user_agent: &'a str,
    /// A probe cookie could be written and read back.
    pub cookies_work: bool,
    /// The page is on https (the cookie gets `Secure`).
    pub secure: bool,
    /// `location.hostname`, for removing trackers' cookies on parent domains.
    pub hostname: &'a str,
}

/// What the page knows at the moment of a visitor's action.
#[derive(Debug, Clone, Default)]
pub struct Moment<'a> {
    pub cookie_header: &'a str,
    pub now: u64,
    /// 16 bytes from `crypto.getRandomValues`, for a new consent id.
    pub random: [u8; 16],
    /// Every `localStorage` key (empty when storage is blocked).
    pub storage_keys: Vec<&'a str>,
}

/// A visitor's or the page's request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action<'a> {
    /// «Принять все» or `accept("all")`.
    AcceptAll,
    /// `accept([ids])` or «Сохранить выбор»: exactly these optional categories.
    Accept(Vec<&'a str>),
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
    Sync(&'a str),
}

/// How [`Session::change`] changes the stored decision.
enum Change<'a> {
    /// Exactly these optional categories are allowed now.
    Decide(Vec<String>),
    /// No decision any more (`reset()`).
    Reset,
    /// Another tab stored this cookie value (empty: it withdrew the decision).
    Adopt(&'a str),
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
    /// The preferences dialog's renderer is loaded.
    renderer: bool,
    /// The visitor asked for the preferences while the renderer was loading.
    preferences_pending: bool,
}

impl Session {
    /// Reads the config and the stored choice; asks for the banner when a decision is
    /// needed. `config` is `None` when the loader could not get one (it has said why), and
    /// `Some(None)` when it has problems ([`Config::usable_from_fields`] only counts them):
    /// `soglasie-check.wasm` names them.
    pub fn start(config: Option<Option<Config>>, page: &Page, out: &mut Effects) -> Session {
        let engine = config.and_then(|usable| match usable {
            Some(config) => Some(Engine::new(config, page.cookie_header, page.now)),
            None => {
                out.record('K', "");
                None
            }
        });
        let lang = engine.as_ref().map_or(Lang::Ru, |e| {
            Lang::resolve(e.config.language, page.html_lang)
        });
        let crawler = engine.as_ref().is_some_and(|e| {
            e.config.crawlers.detect && is_crawler(page.user_agent, &e.config.crawlers.extra_tokens)
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
            renderer: false,
            preferences_pending: false,
        };
        if let Some(accent) = session
            .engine
            .as_ref()
            .and_then(|e| e.config.ui.accent.as_deref())
        {
            out.record('A', accent);
        }
        match session
            .engine
            .as_ref()
            .filter(|_| !crawler)
            .map(Engine::decided)
        {
            Some(false) => session.render(Part::Banner, out),
            Some(true) => session.render_reopen(out),
            None => {}
        }
        session
    }

    /// The consent engine, when the config was usable.
    pub fn engine(&self) -> Option<&Engine> {
        self.engine.as_ref()
    }

    /// The auto-blocker's question: may a load of `host` + `path_and_query` happen now?
    /// Before a usable config, every catalog tracker is held (fail closed). An unlisted
    /// catalog tracker is named once.
    pub fn verdict(&mut self, host: &str, path_and_query: &str, out: &mut Effects) -> LoadVerdict {
        let verdict = match &self.engine {
            Some(engine) => engine.load_verdict(host, path_and_query),
            None if catalog::tracker(host, path_and_query).is_some() => LoadVerdict::Hold,
            None => LoadVerdict::Ignore,
        };
        if let LoadVerdict::Unlisted(id) = verdict {
            if self.first_warning(id) {
                let m = out.begin('W');
                m.push_str("soglasie: blocked ");
                m.push_str(id);
                m.push_str(": a known tracker that config.services does not list (visitors were not told about it)");
            }
        }
        verdict
    }

    /// Whether marked-up elements of `category` may run now.
    pub fn gate(&mut self, category: &str, out: &mut Effects) -> Gate {
        let gate = match &self.engine {
            Some(e) if !self.crawler && e.allows(category) => Gate::Release,
            Some(e) if e.config.category(category).is_none() => Gate::Unknown,
            None if category == NECESSARY => Gate::Release,
            _ if category == NECESSARY => Gate::Release,
            _ => Gate::Hold,
        };
        if gate == Gate::Unknown && self.first_warning(category) {
            let m = out.begin('W');
            m.push_str("soglasie: data-category=");
            crate::core::json::push_string(m, category);
            m.push_str(" is not a category of the config; the element stays held");
        }
        gate
    }

    fn first_warning(&mut self, what: &str) -> bool {
        let new = !self.warned.iter().any(|w| w == what);
        if new {
            self.warned.push(what.to_string());
        }
        new
    }

    /// Carries out a visitor's or the page's request.
    pub fn act(&mut self, action: Action, at: &Moment, out: &mut Effects) {
        match action {
            Action::AcceptAll => {
                if let Some(all) = self.engine.as_ref().map(Engine::all_optional) {
                    self.change(Change::Decide(all), at, out);
                }
            }
            Action::Accept(ids) => {
                let resolved = self.engine.as_ref().map(|e| e.resolve(&ids));
                match resolved {
                    Some(Ok(allowed)) => self.change(Change::Decide(allowed), at, out),
                    Some(Err(unknown)) => {
                        let m = out.begin('E');
                        m.push_str("soglasie: accept(): unknown category ");
                        crate::core::json::push_string(m, unknown);
                        m.push_str("; nothing changed");
                    }
                    None => {}
                }
            }
            Action::AcceptInvalid => out.error(
                "soglasie: accept(): expected \"all\" or an array of category ids; nothing changed",
            ),
            Action::Decline => self.change(Change::Decide(Vec::new()), at, out),
            Action::Reset => self.change(Change::Reset, at, out),
            Action::Show => self.render(Part::Banner, out),
            Action::Preferences => {
                if self.engine.is_none() {
                } else if self.renderer {
                    self.open_preferences(out);
                } else if !self.preferences_pending {
                    self.preferences_pending = true;
                    out.record('P', "");
                }
            }
            Action::PreferencesClosed => {
                if self.shown & Part::Preferences.bit() != 0 {
                    self.shown &= !Part::Preferences.bit();
                    if self.engine.as_ref().is_some_and(|e| !e.decided()) {
                        self.show(Part::Banner, out);
                    }
                }
            }
            Action::Sync(value) => self.change(Change::Adopt(value), at, out),
        }
    }

    /// The preferences' renderer has loaded (or could not be): opens the dialog if the
    /// visitor is still waiting for it. Without the renderer the banner's buttons still
    /// decide, and the next «Настроить» tries again.
    pub fn renderer(&mut self, loaded: bool, out: &mut Effects) {
        self.renderer = loaded;
        if !loaded {
            out.warn("soglasie: soglasie-preferences.js could not be loaded; the banner's buttons still work");
        }
        if core::mem::take(&mut self.preferences_pending) && loaded {
            self.open_preferences(out);
        }
    }

    fn open_preferences(&mut self, out: &mut Effects) {
        self.render(Part::Preferences, out);
        // The banner steps aside so that its buttons are not doubled behind the modal.
        self.hide(Part::Banner, out);
    }

    /// Changes the stored decision, then brings the page in line: cookie first (another tab
    /// wrote its own), then clean-up of withdrawn trackers' data, dialogs, release, event.
    /// Another tab's decision that changes nothing here is ignored.
    fn change(&mut self, change: Change, at: &Moment, out: &mut Effects) {
        let secure = self.secure;
        let Some(engine) = self.engine.as_mut() else {
            return;
        };
        let from_other_tab = matches!(change, Change::Adopt(_));
        let (deletions, keys, changed) = {
            let outcome = match change {
                Change::Decide(allowed) => engine.decide(allowed, at.now, &at.random),
                Change::Reset => engine.reset(),
                Change::Adopt(value) => engine.adopt(value, at.now),
            };
            (
                cookie_deletions(&outcome.withdrawn, at.cookie_header, &self.hostname),
                storage_deletions(&outcome.withdrawn, &at.storage_keys),
                outcome.changed,
            )
        };
        if from_other_tab {
            if !changed {
                return;
            }
        } else {
            // A decision made while the renderer loads answers the visitor's question already.
            self.preferences_pending = false;
            engine.push_cookie_write(out.begin('C'), secure);
        }
        for d in &deletions {
            out.record('C', d);
        }
        for k in &keys {
            out.record('S', k);
        }
        self.follow_up(changed, out);
    }

    /// After the choice changed: dialogs in line, held work re-checked, the page told.
    fn follow_up(&mut self, changed: bool, out: &mut Effects) {
        let decided = self.engine.as_ref().is_some_and(Engine::decided);
        self.hide(Part::Preferences, out);
        if decided {
            self.hide(Part::Banner, out);
            self.render_reopen(out);
        } else {
            self.hide(Part::Reopen, out);
            self.render(Part::Banner, out);
        }
        out.record('G', "");
        if changed {
            out.record('X', &self.consent_json());
        }
    }

    fn render_reopen(&mut self, out: &mut Effects) {
        if self
            .engine
            .as_ref()
            .is_some_and(|e| e.config.ui.floating_button)
        {
            self.render(Part::Reopen, out);
        }
    }

    fn render(&mut self, part: Part, out: &mut Effects) {
        let Some(engine) = &self.engine else { return };
        // The markup is written straight into the record.
        let html = out.part('R', part);
        match part {
            Part::Banner => markup::banner(html, engine, self.lang, self.cookies_blocked),
            Part::Preferences => markup::preferences(html, engine, self.lang),
            Part::Reopen => markup::reopen_button(html, engine, self.lang),
        }
        self.rendered |= part.bit();
        self.shown |= part.bit();
    }

    /// Shows a part as last rendered (so focus can return to the very button pressed).
    fn show(&mut self, part: Part, out: &mut Effects) {
        if self.rendered & part.bit() == 0 {
            self.render(part, out);
        } else if self.shown & part.bit() == 0 {
            out.part('V', part);
            self.shown |= part.bit();
        }
    }

    fn hide(&mut self, part: Part, out: &mut Effects) {
        if self.shown & part.bit() != 0 {
            out.part('H', part);
            self.shown &= !part.bit();
        }
    }

    /// `consent()` of the public API, as JSON.
    pub fn consent_json(&self) -> String {
        match &self.engine {
            Some(e) => e.consent_json(),
            None => Session::consent_before_start(),
        }
    }

    /// `consent()` while there is no usable config: nothing decided, no policy.
    pub fn consent_before_start() -> String {
        String::from(
            r#"{"decided":false,"categories":["necessary"],"policy":"","at":null,"id":null}"#,
        )
    }

    /// The current decision in its stored form, for the other open tabs of the site.
    pub fn stored_value(&self) -> String {
        self.engine
            .as_ref()
            .map(Engine::stored_value)
            .unwrap_or_default()
    }

    /// URL patterns of the configured services, newline-separated, for the blocker's quick
    /// pre-check (the catalog's are built into the loader already).
    pub fn config_patterns(&self) -> String {
        let mut out = String::new();
        let services = self.engine.as_ref().map_or(&[][..], |e| &e.config.services);
        for service in services {
            for pattern in &service.hosts {
                out.push_str(pattern);
                out.push('\n');
            }
        }
        out
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

    fn page(cookie_header: &str) -> Page<'_> {
        Page {
            cookie_header,
            now: NOW,
            html_lang: "ru",
            user_agent: "Mozilla/5.0 HeadlessChrome/156",
            cookies_work: true,
            secure: false,
            hostname: "www.clinic.ru",
        }
    }

    fn moment(cookie_header: &str) -> Moment<'_> {
        Moment {
            cookie_header,
            now: NOW + 10,
            random: [7; 16],
            storage_keys: vec!["_ym_retryReqs", "site_cart"],
        }
    }

    fn kinds(out: &Effects) -> String {
        out.records()
            .map(|(k, p)| match k {
                'R' | 'V' | 'H' => {
                    let mut s = String::from(k);
                    s.push(p.chars().next().unwrap_or('?'));
                    s
                }
                _ => k.to_string(),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn start(config: Option<&str>, cookie_header: &str) -> (Session, Effects) {
        let mut out = Effects::default();
        let s = Session::start(
            config.map(Config::usable_from_json),
            &page(cookie_header),
            &mut out,
        );
        (s, out)
    }

    #[test]
    fn a_first_visit_shows_the_banner_and_holds_everything_optional() {
        let (mut s, out) = start(Some(CONFIG), "");
        assert_eq!(kinds(&out), "Rb");
        let banner = out.records().next().map(|(_, p)| p).unwrap_or("");
        assert!(banner.starts_with("b<section class=\"banner\""));
        let mut out = Effects::default();
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
        assert_eq!(out, Effects::default());
    }

    #[test]
    fn accepting_writes_the_cookie_then_renders_then_releases_then_tells() {
        let (mut s, _) = start(Some(CONFIG), "");
        let mut out = Effects::default();
        s.act(Action::AcceptAll, &moment(""), &mut out);
        assert_eq!(kinds(&out), "C Hb Ro G X");
        let cookie = out.records().next().map(|(_, p)| p).unwrap_or("");
        assert!(
            cookie.starts_with("soglasie=1.")
                && cookie
                    .ends_with(".functional+analytics+ads; Max-Age=31536000; Path=/; SameSite=Lax"),
            "{cookie}"
        );
        let (_, detail) = out.records().last().unwrap_or(('?', ""));
        assert!(detail.starts_with(
            r#"{"decided":true,"categories":["necessary","functional","analytics","ads"]"#
        ));
        assert_eq!(s.gate("analytics", &mut out), Gate::Release);
        assert_eq!(
            s.verdict("top-fwz1.mail.ru", "/js/code.js", &mut out),
            LoadVerdict::Release
        );
        // Saving the same choice again changes nothing the page must hear about.
        let mut again = Effects::default();
        s.act(Action::AcceptAll, &moment(""), &mut again);
        assert_eq!(kinds(&again), "C Ro G");
    }

    #[test]
    fn withdrawal_removes_the_trackers_cookies_and_storage_and_shows_the_banner_again() {
        let (mut s, _) = start(Some(CONFIG), "");
        let mut out = Effects::default();
        s.act(Action::Accept(vec!["analytics"]), &moment(""), &mut out);
        let mut out = Effects::default();
        s.act(
            Action::Reset,
            &moment("soglasie=x; _ym_uid=1; site=2"),
            &mut out,
        );
        let records: Vec<(char, &str)> = out.records().collect();
        assert_eq!(
            records[0],
            ('C', "soglasie=; Max-Age=0; Path=/; SameSite=Lax")
        );
        assert!(records.contains(&('C', "_ym_uid=; Max-Age=0; Path=/")));
        assert!(records.contains(&('C', "_ym_uid=; Max-Age=0; Path=/; Domain=clinic.ru")));
        assert!(records.contains(&('S', "_ym_retryReqs")));
        assert!(!out.as_text().contains("site"));
        assert_eq!(
            kinds(&out)
                .split(' ')
                .filter(|k| *k != "C" && *k != "S")
                .collect::<Vec<_>>(),
            ["Ho", "Rb", "G", "X"]
        );
    }

    #[test]
    fn preferences_open_over_the_banner_and_closing_them_brings_it_back() {
        let (mut s, _) = start(Some(CONFIG), "");
        let mut out = Effects::default();
        s.act(Action::Preferences, &moment(""), &mut out);
        // The renderer loads first (once), then the dialog opens.
        assert_eq!(out.records().collect::<Vec<_>>(), [('P', "")]);
        let mut again = Effects::default();
        s.act(Action::Preferences, &moment(""), &mut again);
        assert_eq!(again, Effects::default());
        let mut out = Effects::default();
        s.renderer(true, &mut out);
        assert_eq!(kinds(&out), "Rp Hb");
        assert!(out.as_text().starts_with("Rp{\"lang\":\"ru\""));
        let mut out = Effects::default();
        s.act(Action::PreferencesClosed, &moment(""), &mut out);
        assert_eq!(kinds(&out), "Vb");
        // A second close (the dialog's own event after a programmatic close) is a no-op.
        let mut out = Effects::default();
        s.act(Action::PreferencesClosed, &moment(""), &mut out);
        assert_eq!(out, Effects::default());
        // Opened again: the renderer is there, the record is fresh.
        let mut out = Effects::default();
        s.act(Action::Preferences, &moment(""), &mut out);
        assert_eq!(kinds(&out), "Rp Hb");
        // Saving from the dialog closes it and decides.
        let mut out = Effects::default();
        s.act(Action::Accept(vec!["ads"]), &moment(""), &mut out);
        assert_eq!(kinds(&out), "C Hp Ro G X");
    }

    #[test]
    fn without_its_renderer_the_banner_stays_and_the_next_click_tries_again() {
        let (mut s, _) = start(Some(CONFIG), "");
        s.act(Action::Preferences, &moment(""), &mut Effects::default());
        let mut out = Effects::default();
        s.renderer(false, &mut out);
        assert_eq!(kinds(&out), "W");
        let mut out = Effects::default();
        s.act(Action::Preferences, &moment(""), &mut out);
        assert_eq!(kinds(&out), "P");
        let mut out = Effects::default();
        s.renderer(true, &mut out);
        assert_eq!(kinds(&out), "Rp Hb");
    }

    #[test]
    fn a_decision_while_the_renderer_loads_cancels_the_dialog() {
        let (mut s, _) = start(Some(CONFIG), "");
        s.act(Action::Preferences, &moment(""), &mut Effects::default());
        s.act(Action::Decline, &moment(""), &mut Effects::default());
        let mut out = Effects::default();
        s.renderer(true, &mut out);
        assert_eq!(out, Effects::default());
    }

    #[test]
    fn an_unknown_category_is_refused_and_named_once() {
        let (mut s, _) = start(Some(CONFIG), "");
        let mut out = Effects::default();
        s.act(
            Action::Accept(vec!["analytics", "mystery"]),
            &moment(""),
            &mut out,
        );
        assert_eq!(
            out.as_text(),
            "Esoglasie: accept(): unknown category \"mystery\"; nothing changed"
        );
        let mut out = Effects::default();
        assert_eq!(s.gate("mystery", &mut out), Gate::Unknown);
        assert_eq!(s.gate("mystery", &mut out), Gate::Unknown);
        assert_eq!(out.records().count(), 1);
    }

    #[test]
    fn an_unlisted_catalog_tracker_never_runs_and_is_named_once() {
        let (mut s, _) = start(Some(CONFIG), "");
        let mut out = Effects::default();
        s.act(Action::AcceptAll, &moment(""), &mut out);
        let mut out = Effects::default();
        for _ in 0..2 {
            assert_eq!(
                s.verdict("counter.yadro.ru", "/hit", &mut out),
                LoadVerdict::Unlisted("liveinternet")
            );
        }
        assert_eq!(out.records().count(), 1);
        assert!(out
            .as_text()
            .starts_with("Wsoglasie: blocked liveinternet:"));
    }

    #[test]
    fn a_broken_config_fails_closed_and_asks_for_the_module_that_names_its_problems() {
        let (mut s, out) = start(Some(r#"{"policy": 1, "servises": []}"#), "");
        assert_eq!(kinds(&out), "K");
        let mut out = Effects::default();
        assert_eq!(s.gate("necessary", &mut out), Gate::Release);
        assert_eq!(s.gate("analytics", &mut out), Gate::Hold);
        assert_eq!(
            s.verdict("mc.yandex.ru", "/watch/1", &mut out),
            LoadVerdict::Hold
        );
        s.act(Action::AcceptAll, &moment(""), &mut out);
        s.act(Action::Preferences, &moment(""), &mut out);
        assert_eq!(out, Effects::default());
        assert!(s.consent_json().contains(r#""policy":"""#));
        let (_, none) = start(None, "");
        assert_eq!(none, Effects::default());
    }

    #[test]
    fn a_returning_visitor_gets_the_reopen_button_and_a_crawler_nothing() {
        let (mut s, _) = start(Some(CONFIG), "");
        let mut out = Effects::default();
        s.act(Action::Accept(vec!["analytics"]), &moment(""), &mut out);
        let value = s.stored_value();
        let mut header = String::from("soglasie=");
        header.push_str(&value);
        let (mut back, out) = start(Some(CONFIG), &header);
        assert_eq!(kinds(&out), "Ro");
        let mut out = Effects::default();
        assert_eq!(back.gate("analytics", &mut out), Gate::Release);
        assert_eq!(back.gate("ads", &mut out), Gate::Hold);

        let mut bot_page = page(&header);
        bot_page.user_agent = "Mozilla/5.0 (compatible; YandexBot/3.0)";
        let mut out = Effects::default();
        let mut bot = Session::start(Some(Config::usable_from_json(CONFIG)), &bot_page, &mut out);
        assert_eq!(out, Effects::default());
        assert_eq!(bot.gate("analytics", &mut out), Gate::Hold);
    }

    #[test]
    fn another_tabs_decision_is_adopted_and_an_unchanged_one_ignored() {
        let (mut a, _) = start(Some(CONFIG), "");
        let (mut b, _) = start(Some(CONFIG), "");
        let mut out = Effects::default();
        a.act(Action::Accept(vec!["ads"]), &moment(""), &mut out);
        let value = a.stored_value();
        let mut out = Effects::default();
        b.act(Action::Sync(&value), &moment(""), &mut out);
        assert_eq!(kinds(&out), "Hb Ro G X");
        let mut again = Effects::default();
        b.act(Action::Sync(&value), &moment(""), &mut again);
        assert_eq!(again, Effects::default());
        let mut out = Effects::default();
        b.act(Action::Sync(""), &moment("tmr_lvid=1"), &mut out);
        // Top@Mail.ru sets tmr_* cookies: withdrawn in the other tab, removed here too.
        assert!(
            out.records()
                .any(|r| r == ('C', "tmr_lvid=; Max-Age=0; Path=/")),
            "{out:?}"
        );
        assert!(kinds(&out).ends_with("Ho Rb G X"));
    }

    #[test]
    fn the_accent_colour_comes_first() {
        let config = CONFIG.replace(
            r#""services""#,
            r##""ui": {"accent": "#0a6b4f"}, "services""##,
        );
        let (_, out) = start(Some(&config), "");
        assert_eq!(kinds(&out), "A Rb");
        assert_eq!(out.records().next(), Some(('A', "#0a6b4f")));
    }
}
