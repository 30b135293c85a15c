//! The banner, the preferences dialog and the re-open button, each in an open shadow root
//! under a light-DOM host that carries `data-soglasie` (public contract).
//!
//! Markup comes from `crate::core::markup` (escaped text only); styles are one constructable
//! stylesheet adopted by every root, which no site CSS can reach and no CSP blocks.

#[allow(unused_imports)]
use crate::prelude::*;

use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    CssStyleSheet, Document, Element, Event, HtmlDialogElement, HtmlElement, HtmlInputElement,
    KeyboardEvent, ShadowRoot, ShadowRootInit, ShadowRootMode,
};

use crate::core::markup;

const CSS: &str = include_str!("dialog.css");

struct Hosts {
    banner: Option<(Element, ShadowRoot)>,
    preferences: Option<(Element, ShadowRoot)>,
    reopen: Option<(Element, ShadowRoot)>,
    /// Where focus was before the preferences opened, to return it on close.
    opener: Option<HtmlElement>,
    sheet: Option<JsValue>,
}

static HOSTS: super::PageCell<Hosts> = super::PageCell::new(Hosts {
    banner: None,
    preferences: None,
    reopen: None,
    opener: None,
    sheet: None,
});

fn document() -> Option<Document> {
    web_sys::window()?.document()
}

#[derive(Clone, Copy)]
enum Which {
    Banner,
    Preferences,
    Reopen,
}

fn slot(h: &mut Hosts, which: Which) -> &mut Option<(Element, ShadowRoot)> {
    match which {
        Which::Banner => &mut h.banner,
        Which::Preferences => &mut h.preferences,
        Which::Reopen => &mut h.reopen,
    }
}

/// The host for `which`, created on first use; `None` before `<body>` exists.
fn host(which: Which) -> Option<(Element, ShadowRoot)> {
    if let Some(existing) = HOSTS.with(|h| slot(&mut h.borrow_mut(), which).clone()) {
        return Some(existing);
    }
    let document = document()?;
    let body = document.body()?;
    let (tag, name) = match which {
        Which::Banner => ("soglasie-banner", "banner"),
        Which::Preferences => ("soglasie-preferences", "preferences"),
        Which::Reopen => ("soglasie-reopen", "reopen"),
    };
    let el = document.create_element(tag).ok()?;
    el.set_attribute("data-soglasie", name).ok()?;
    el.set_attribute("hidden", "").ok()?;
    let root = el
        .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
        .ok()?;
    adopt_styles(&root);
    // The config's accent colour, through the documented custom property (CSSOM: CSP-safe).
    if let Some(accent) = super::with_engine(|e, _| e.config.ui.accent.clone()).flatten() {
        if let Some(html) = el.dyn_ref::<HtmlElement>() {
            let _ = html.style().set_property("--soglasie-accent", &accent);
        }
    }
    let on_click = Closure::<dyn FnMut(Event)>::new(on_click);
    let _ = root.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
    on_click.forget();
    if let Which::Preferences = which {
        // `close` does not bubble: listen in the capture phase on the root.
        let on_close = Closure::<dyn FnMut(Event)>::new(|_: Event| on_preferences_closed());
        let _ = root.add_event_listener_with_callback_and_bool(
            "close",
            on_close.as_ref().unchecked_ref(),
            true,
        );
        on_close.forget();
        let on_key = Closure::<dyn FnMut(KeyboardEvent)>::new(keep_focus_inside);
        let _ = root.add_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref());
        on_key.forget();
    }
    let before: Option<web_sys::Node> = insertion_point(&body).map(Into::into);
    let _ = body.insert_before(&el, before.as_ref());
    HOSTS.with(|h| *slot(&mut h.borrow_mut(), which) = Some((el.clone(), root.clone())));
    Some((el, root))
}

/// Early in the body, so keyboard users reach the dialog before the page, but after the
/// site's own skip links (`<a href="#…">`), which must stay first to work.
fn insertion_point(body: &HtmlElement) -> Option<Element> {
    let mut child = body.first_element_child();
    while let Some(c) = &child {
        let skip_link = c.tag_name().eq_ignore_ascii_case("a")
            && c.get_attribute("href").is_some_and(|h| h.starts_with('#'));
        if !skip_link {
            break;
        }
        child = c.next_element_sibling();
    }
    child
}

fn adopt_styles(root: &ShadowRoot) {
    let sheet = HOSTS.with(|h| {
        let mut h = h.borrow_mut();
        if h.sheet.is_none() {
            h.sheet = CssStyleSheet::new()
                .ok()
                .filter(|s| s.replace_sync(CSS).is_ok())
                .map(JsValue::from);
        }
        h.sheet.clone()
    });
    if let Some(sheet) = sheet {
        let _ = Reflect::set(root, &"adoptedStyleSheets".into(), &Array::of1(&sheet));
    }
}

/// Renders `which` and shows it; defers to `DOMContentLoaded` while there is no body.
fn render(which: Which, html: String) -> Option<Element> {
    let Some((el, root)) = host(which) else {
        defer_until_body(which);
        return None;
    };
    root.set_inner_html(&html);
    let _ = el.remove_attribute("hidden");
    Some(el)
}

fn defer_until_body(which: Which) {
    let Some(document) = document() else { return };
    let retry = Closure::once_into_js(move || match which {
        Which::Banner => show_banner(),
        Which::Preferences => open_preferences(),
        Which::Reopen => show_reopen(),
    });
    let _ = document.add_event_listener_with_callback("DOMContentLoaded", retry.unchecked_ref());
}

fn hide(which: Which) {
    if let Some((el, _)) = HOSTS.with(|h| slot(&mut h.borrow_mut(), which).clone()) {
        let _ = el.set_attribute("hidden", "");
    }
}

pub fn show_banner() {
    let cookies_blocked = super::with_app(|app| app.cookies_blocked).unwrap_or(false);
    if let Some(html) = super::with_engine(|e, lang| markup::banner(e, lang, cookies_blocked)) {
        render(Which::Banner, html);
    }
}

pub fn show_reopen() {
    let html = super::with_engine(|e, lang| {
        e.config
            .ui
            .floating_button
            .then(|| markup::reopen_button(e, lang))
    });
    if let Some(Some(html)) = html {
        render(Which::Reopen, html);
    }
}

pub fn open_preferences() {
    let Some(html) = super::with_engine(|e, lang| markup::preferences(e, lang)) else {
        return;
    };
    let opener = deep_active_element();
    let Some(el) = render(Which::Preferences, html) else {
        return;
    };
    HOSTS.with(|h| h.borrow_mut().opener = opener);
    // The banner steps aside so that its buttons are not doubled behind the modal.
    hide(Which::Banner);
    let dialog = el
        .shadow_root()
        .and_then(|r| r.query_selector("dialog").ok().flatten())
        .and_then(|d| d.dyn_into::<HtmlDialogElement>().ok());
    if let Some(dialog) = dialog {
        if dialog.show_modal().is_err() {
            dialog.set_open(true);
        }
    }
}

/// The focused element, looking inside open shadow roots (ours included).
fn deep_active_element() -> Option<HtmlElement> {
    let mut el = document()?.active_element()?;
    while let Some(inner) = el.shadow_root().and_then(|r| r.active_element()) {
        el = inner;
    }
    el.dyn_into::<HtmlElement>().ok()
}

/// Closing without deciding (Esc, ×): back to where the visitor was.
fn on_preferences_closed() {
    hide(Which::Preferences);
    if super::with_engine(|e, _| e.decided()) == Some(false) {
        // Un-hide rather than re-render, so focus can return to the very button pressed.
        match HOSTS.with(|h| h.borrow().banner.clone()) {
            Some((el, _)) => {
                let _ = el.remove_attribute("hidden");
            }
            None => show_banner(),
        }
    }
    if let Some(opener) = HOSTS.with(|h| h.borrow_mut().opener.take()) {
        if opener.is_connected() {
            let _ = opener.focus();
        }
    }
}

fn close_preferences() {
    let dialog = HOSTS
        .with(|h| h.borrow().preferences.clone())
        .and_then(|(_, r)| r.query_selector("dialog").ok().flatten())
        .and_then(|d| d.dyn_into::<HtmlDialogElement>().ok());
    match dialog {
        Some(d) if d.open() => d.close(),
        _ => hide(Which::Preferences),
    }
}

/// After a decision (or a reset): banner and dialog away, re-open control or banner back.
pub fn after_decision(decided: bool) {
    if decided {
        hide(Which::Banner);
        close_preferences();
        show_reopen();
    } else {
        hide(Which::Reopen);
        close_preferences();
        show_banner();
    }
}

fn on_click(event: Event) {
    let action = event
        .target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|t| t.closest("[data-action]").ok().flatten())
        .and_then(|b| b.get_attribute("data-action"));
    match action.as_deref() {
        Some("accept") => {
            if let Some(all) = super::with_engine(|e, _| e.all_optional()) {
                super::apply(Some(all));
            }
        }
        Some("decline") => super::apply(Some(Vec::new())),
        Some("customize") => open_preferences(),
        Some("save") => super::apply(Some(ticked_categories())),
        Some("close") => close_preferences(),
        _ => {}
    }
}

/// Tab and Shift+Tab cycle inside the open preferences dialog instead of leaving it.
fn keep_focus_inside(event: KeyboardEvent) {
    if event.key() != "Tab" {
        return;
    }
    let Some((_, root)) = HOSTS.with(|h| h.borrow().preferences.clone()) else {
        return;
    };
    let Ok(list) =
        root.query_selector_all("dialog button, dialog a[href], dialog input:not(:disabled)")
    else {
        return;
    };
    let (Some(first), Some(last)) = (list.item(0), list.item(list.length().saturating_sub(1)))
    else {
        return;
    };
    let active = root.active_element().map(JsValue::from);
    let (from, to) = if event.shift_key() {
        (first, last)
    } else {
        (last, first)
    };
    if active.as_ref() == Some(from.as_ref()) {
        if let Some(target) = to.dyn_ref::<HtmlElement>() {
            event.prevent_default();
            let _ = target.focus();
        }
    }
}

/// Optional categories ticked in the preferences dialog.
fn ticked_categories() -> Vec<String> {
    let Some((_, root)) = HOSTS.with(|h| h.borrow().preferences.clone()) else {
        return Vec::new();
    };
    let Ok(list) = root.query_selector_all("input[name=category]:checked:not(:disabled)") else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<HtmlInputElement>().ok())
        .map(|input| input.value())
        .collect()
}
