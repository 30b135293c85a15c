//! The dialog on the page: the banner, the preferences dialog and the re-open button, each
//! in an open shadow root under a light-DOM host that carries `data-soglasie` (public
//! contract).
//!
//! The session decides what to show ([`crate::core::view`]); this module builds it as DOM
//! nodes — every site text goes in as a text node, so no config text is ever parsed as HTML —
//! forwards the visitor's choices, and keeps focus where WCAG wants it. Styles are one
//! constructable stylesheet adopted by every root: no site CSS reaches in, and no `<style>`
//! element for a CSP to block.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    CssStyleSheet, Document, Element, Event, HtmlDialogElement, HtmlElement, KeyboardEvent, Node,
    ShadowRoot, ShadowRootInit, ShadowRootMode,
};

use crate::core::session::{Part, View};
use crate::core::view::{Banner, CategoryRow, Preferences, Reopen, ServiceRow, Switch};
use crate::web::error::{log, Result};

/// The dialog's styles (`:host` rules, the banner, the preferences dialog, the re-open button).
pub const CSS: &str = include_str!("dialog.css");

/// What a visitor did in the dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    /// «Принять все».
    AcceptAll,
    /// «Отклонить».
    Decline,
    /// «Настроить», or the re-open button.
    Customise,
    /// «Сохранить выбор» with these optional categories ticked.
    Save(Vec<String>),
    /// The preferences dialog closed without a decision (Esc, ×).
    Closed,
}

/// The dialog's parts on the page. Cloning shares them.
#[derive(Clone)]
pub struct Dialog(Rc<State>);

struct State {
    document: Document,
    on_choice: Box<dyn Fn(Choice)>,
    hosts: RefCell<Vec<Host>>,
    /// Views waiting for `<body>` (the module can be up before the parser gets there).
    pending: RefCell<Vec<View>>,
    waiting_for_body: Cell<bool>,
    accent: RefCell<Option<String>>,
    /// Where focus was before the preferences dialog opened.
    opener: RefCell<Option<HtmlElement>>,
    /// `None` where the browser has no constructable stylesheets (Safari before 16.4): each
    /// root then gets a `<style>`.
    sheet: Option<CssStyleSheet>,
}

#[derive(Clone)]
struct Host {
    part: Part,
    element: HtmlElement,
    root: ShadowRoot,
}

impl Dialog {
    /// A dialog on `document` that tells `on_choice` what the visitor did.
    pub fn new(document: &Document, on_choice: impl Fn(Choice) + 'static) -> Dialog {
        let sheet = CssStyleSheet::new()
            .ok()
            .filter(|sheet| sheet.replace_sync(CSS).is_ok());
        Dialog(Rc::new(State {
            document: document.clone(),
            on_choice: Box::new(on_choice),
            hosts: RefCell::new(Vec::new()),
            pending: RefCell::new(Vec::new()),
            waiting_for_body: Cell::new(false),
            accent: RefCell::new(None),
            opener: RefCell::new(None),
            sheet,
        }))
    }

    /// The site's accent colour, for every part shown from now on.
    pub fn set_accent(&self, colour: &str) {
        *self.0.accent.borrow_mut() = Some(colour.to_string());
    }

    /// Builds the part and shows it (waiting for `<body>` if there is none yet).
    pub fn render(&self, view: View) -> Result<()> {
        let Some(body) = self.0.document.body() else {
            self.wait_for_body(view);
            return Ok(());
        };
        let part = view.part();
        if part == Part::Preferences {
            *self.0.opener.borrow_mut() = self.focused();
        }
        let host = self.host(part, &body)?;
        // From nothing: the text content of a root is its children.
        host.root.set_text_content(None);
        self.style(&host.root)?;
        let dom = Dom(&self.0.document);
        match &view {
            View::Banner(banner) => dom.banner(&host.root, banner)?,
            View::Preferences(preferences) => dom.preferences(&host.root, preferences)?,
            View::Reopen(reopen) => dom.reopen(&host.root, reopen)?,
        }
        host.element.remove_attribute("hidden")?;
        if let Some(dialog) = self.modal().filter(|_| part == Part::Preferences) {
            if dialog.show_modal().is_err() {
                dialog.set_attribute("open", "")?;
            }
        }
        Ok(())
    }

    /// Shows the part as last rendered.
    pub fn show(&self, part: Part) -> Result<()> {
        if let Some(host) = self.find(part) {
            host.element.remove_attribute("hidden")?;
        }
        Ok(())
    }

    /// Hides the part; the preferences dialog is closed (its `close` event tells the session).
    pub fn hide(&self, part: Part) -> Result<()> {
        self.0.pending.borrow_mut().retain(|v| v.part() != part);
        if part == Part::Preferences {
            if let Some(dialog) = self.modal().filter(HtmlDialogElement::open) {
                dialog.close();
            }
        }
        if let Some(host) = self.find(part) {
            host.element.set_attribute("hidden", "")?;
        }
        Ok(())
    }

    /// The host element of a part, once it was rendered.
    pub fn element(&self, part: Part) -> Option<HtmlElement> {
        self.find(part).map(|h| h.element)
    }

    fn find(&self, part: Part) -> Option<Host> {
        self.0
            .hosts
            .borrow()
            .iter()
            .find(|h| h.part == part)
            .cloned()
    }

    /// The open preferences `<dialog>`, if rendered.
    fn modal(&self) -> Option<HtmlDialogElement> {
        let host = self.find(Part::Preferences)?;
        host.root.query_selector("dialog").ok()??.dyn_into().ok()
    }

    fn wait_for_body(&self, view: View) {
        self.0.pending.borrow_mut().push(view);
        if self.0.waiting_for_body.replace(true) {
            return;
        }
        let dialog = self.clone();
        let listener = Closure::once_into_js(move || {
            let views = std::mem::take(&mut *dialog.0.pending.borrow_mut());
            for view in views {
                if let Err(e) = dialog.render(view) {
                    log(&format!("soglasie: the dialog could not be shown ({e})"));
                }
            }
        });
        let _ = self
            .0
            .document
            .add_event_listener_with_callback("DOMContentLoaded", listener.unchecked_ref());
    }

    /// The part's host, created on first use, early in `<body>`.
    fn host(&self, part: Part, body: &HtmlElement) -> Result<Host> {
        if let Some(host) = self.find(part) {
            return Ok(host);
        }
        let element: HtmlElement = self
            .0
            .document
            .create_element(&format!("soglasie-{}", part.name()))?
            .dyn_into()
            .map_err(|_| crate::web::error::WebError::Browser("not an HTML element".into()))?;
        element.set_attribute("data-soglasie", part.name())?;
        element.set_attribute("hidden", "")?;
        let root = element.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?;
        if let Some(accent) = self.0.accent.borrow().as_deref() {
            element.style().set_property("--soglasie-accent", accent)?;
        }
        self.listen(part, &root)?;
        body.insert_before(&element, insertion_point(body).as_ref())?;
        let host = Host {
            part,
            element,
            root,
        };
        self.0.hosts.borrow_mut().push(host.clone());
        Ok(host)
    }

    fn style(&self, root: &ShadowRoot) -> Result<()> {
        match &self.0.sheet {
            Some(sheet) => root.set_adopted_style_sheets(&js_sys::Array::of1(sheet)),
            None => {
                let style = self.0.document.create_element("style")?;
                style.set_text_content(Some(CSS));
                root.append_child(&style)?;
            }
        }
        Ok(())
    }

    fn listen(&self, part: Part, root: &ShadowRoot) -> Result<()> {
        let dialog = self.clone();
        let on_click = Closure::<dyn Fn(Event)>::new(move |e: Event| dialog.clicked(&e));
        root.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())?;
        on_click.forget();
        if part == Part::Preferences {
            // `close` does not bubble: listen in the capture phase on the root.
            let dialog = self.clone();
            let on_close = Closure::<dyn Fn(Event)>::new(move |e: Event| dialog.closed(&e));
            root.add_event_listener_with_callback_and_bool(
                "close",
                on_close.as_ref().unchecked_ref(),
                true,
            )?;
            on_close.forget();
            let dialog = self.clone();
            let on_key = Closure::<dyn Fn(KeyboardEvent)>::new(move |e: KeyboardEvent| {
                dialog.keep_focus_inside(&e)
            });
            root.add_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref())?;
            on_key.forget();
        }
        Ok(())
    }

    fn clicked(&self, event: &Event) {
        let action = event
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|el| el.closest("[data-action]").ok().flatten())
            .and_then(|el| el.get_attribute("data-action"));
        let choice = match action.as_deref() {
            Some("accept") => Choice::AcceptAll,
            Some("decline") => Choice::Decline,
            Some("customize") => Choice::Customise,
            Some("save") => Choice::Save(self.ticked()),
            Some("close") => {
                if let Err(e) = self.hide(Part::Preferences) {
                    log(&format!("soglasie: the dialog could not be closed ({e})"));
                }
                return;
            }
            _ => return,
        };
        (self.0.on_choice)(choice);
    }

    /// Closed without deciding (Esc, ×, or after a decision): the session may bring the
    /// banner back; then focus returns to where the visitor was.
    fn closed(&self, event: &Event) {
        let Some(dialog) = self.modal() else { return };
        let target = event.target().map(JsValue::from);
        if target.as_ref() != Some(dialog.as_ref()) {
            return;
        }
        if let Some(host) = self.find(Part::Preferences) {
            let _ = host.element.set_attribute("hidden", "");
        }
        (self.0.on_choice)(Choice::Closed);
        let back = self.0.opener.borrow_mut().take();
        if let Some(back) = back.filter(|el| el.is_connected()) {
            let _ = back.focus();
        }
    }

    /// The optional categories ticked in the preferences dialog.
    pub fn ticked(&self) -> Vec<String> {
        let Some(host) = self.find(Part::Preferences) else {
            return Vec::new();
        };
        let Ok(list) = host
            .root
            .query_selector_all("input[name=category]:checked:not(:disabled)")
        else {
            return Vec::new();
        };
        (0..list.length())
            .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
            .filter_map(|input| input.get_attribute("value"))
            .collect()
    }

    /// Tab and Shift+Tab cycle inside the open preferences dialog instead of leaving it.
    fn keep_focus_inside(&self, event: &KeyboardEvent) {
        if event.key() != "Tab" {
            return;
        }
        let Some(host) = self.find(Part::Preferences) else {
            return;
        };
        let Ok(list) = host
            .root
            .query_selector_all("dialog button, dialog a[href], dialog input:not(:disabled)")
        else {
            return;
        };
        let (Some(first), Some(last)) = (list.item(0), list.item(list.length().saturating_sub(1)))
        else {
            return;
        };
        let (from, to) = if event.shift_key() {
            (first, last)
        } else {
            (last, first)
        };
        let active = host.root.active_element().map(Node::from);
        if active.as_ref() == Some(&from) {
            event.prevent_default();
            if let Ok(to) = to.dyn_into::<HtmlElement>() {
                let _ = to.focus();
            }
        }
    }

    /// The focused element, looking inside open shadow roots (ours included).
    fn focused(&self) -> Option<HtmlElement> {
        let mut el = self.0.document.active_element()?;
        while let Some(inner) = el.shadow_root().and_then(|r| r.active_element()) {
            el = inner;
        }
        el.dyn_into().ok()
    }
}

/// Early in the body, so keyboard users reach the dialog before the page, but after the
/// site's own skip links (`<a href="#…">`), which must stay first to work.
fn insertion_point(body: &HtmlElement) -> Option<Node> {
    let mut child = body.first_element_child();
    while let Some(c) = child.as_ref().filter(|c| {
        c.tag_name() == "A" && c.get_attribute("href").is_some_and(|h| h.starts_with('#'))
    }) {
        child = c.next_element_sibling();
    }
    child.map(Node::from)
}

/// Builds elements with attributes and text nodes.
struct Dom<'a>(&'a Document);

impl Dom<'_> {
    /// A new `tag` with `attributes`, appended to `parent`.
    fn child(&self, parent: &Node, tag: &str, attributes: &[(&str, &str)]) -> Result<Element> {
        let el = self.0.create_element(tag)?;
        for (name, value) in attributes {
            el.set_attribute(name, value)?;
        }
        parent.append_child(&el)?;
        Ok(el)
    }

    /// A text node appended to `parent`: text, never markup.
    fn text(&self, parent: &Node, text: &str) -> Result<()> {
        parent.append_child(&self.0.create_text_node(text))?;
        Ok(())
    }

    /// A `tag` holding `text`.
    fn text_child(
        &self,
        parent: &Node,
        tag: &str,
        attributes: &[(&str, &str)],
        text: &str,
    ) -> Result<Element> {
        let el = self.child(parent, tag, attributes)?;
        self.text(&el, text)?;
        Ok(el)
    }

    /// Accept and decline share one look: rejecting is exactly as easy as accepting.
    fn buttons(&self, parent: &Node, buttons: &[(&str, &str)]) -> Result<()> {
        let actions = self.child(parent, "div", &[("class", "actions")])?;
        for (action, label) in buttons {
            let attributes = [("type", "button"), ("data-action", action)];
            self.text_child(&actions, "button", &attributes, label)?;
        }
        Ok(())
    }

    /// Text, then a space and the policy link.
    fn text_and_policy_link(&self, p: &Element, text: &str, url: &str, link: &str) -> Result<()> {
        self.text(p, text)?;
        self.text(p, " ")?;
        self.text_child(p, "a", &[("href", url)], link)?;
        Ok(())
    }

    fn banner(&self, root: &ShadowRoot, b: &Banner) -> Result<()> {
        // What changed is part of what the banner says, so it is announced with it.
        let described_by = match b.changes {
            Some(_) => "sg-text sg-changes",
            None => "sg-text",
        };
        let section = self.child(
            root,
            "section",
            &[
                ("class", "banner"),
                ("role", "region"),
                ("aria-labelledby", "sg-title"),
                ("aria-describedby", described_by),
                ("lang", b.lang),
            ],
        )?;
        self.text_child(&section, "h2", &[("id", "sg-title")], &b.title)?;
        let p = self.child(&section, "p", &[("id", "sg-text")])?;
        self.text_and_policy_link(&p, &b.text, &b.policy_url, &b.policy_link)?;
        if let Some(changes) = &b.changes {
            let block = self.child(
                &section,
                "div",
                &[("id", "sg-changes"), ("class", "changes")],
            )?;
            self.text_child(&block, "p", &[], changes.lead)?;
            let list = self.child(&block, "ul", &[])?;
            for line in &changes.lines {
                self.text_child(&list, "li", &[], line)?;
            }
        }
        if let Some(note) = &b.note {
            self.text_child(&section, "p", &[("class", "note")], note)?;
        }
        self.buttons(
            &section,
            &[
                ("accept", b.accept_all),
                ("decline", b.decline),
                ("customize", b.customise),
            ],
        )
    }

    fn preferences(&self, root: &ShadowRoot, p: &Preferences) -> Result<()> {
        let dialog = self.child(
            root,
            "dialog",
            &[
                ("class", "prefs"),
                ("aria-modal", "true"),
                ("aria-labelledby", "sp-title"),
                ("aria-describedby", "sp-text"),
                ("lang", p.lang),
            ],
        )?;
        let head = self.child(&dialog, "div", &[("class", "head")])?;
        self.text_child(&head, "h2", &[("id", "sp-title")], &p.title)?;
        let close = [
            ("type", "button"),
            ("class", "close"),
            ("data-action", "close"),
            ("aria-label", &p.close),
        ];
        self.text_child(&head, "button", &close, "×")?;
        let body = self.child(&dialog, "div", &[("class", "body")])?;
        let intro = self.child(&body, "p", &[("id", "sp-text")])?;
        self.text_and_policy_link(&intro, &p.text, &p.policy_url, &p.policy_link)?;
        let list = self.child(&body, "ul", &[("class", "cats")])?;
        for category in &p.categories {
            self.category(&list, category)?;
        }
        self.text_child(&body, "p", &[("class", "operator")], &p.operator)?;
        self.buttons(
            &dialog,
            &[
                ("accept", p.accept_all),
                ("decline", p.decline),
                ("save", &p.save),
            ],
        )
    }

    fn category(&self, list: &Element, c: &CategoryRow) -> Result<()> {
        let item = self.child(list, "li", &[("class", "cat")])?;
        let head = self.child(&item, "div", &[("class", "cat-head")])?;
        let label = self.child(&head, "label", &[])?;
        let (input_id, description_id) = (format!("c-{}", c.id), format!("d-{}", c.id));
        let held_id = format!("h-{}", c.id);
        // The switch is described by what the category is for, and by what pages about
        // illnesses never run.
        let described_by: Vec<&str> = [
            c.description.as_ref().map(|_| description_id.as_str()),
            c.held.as_ref().map(|_| held_id.as_str()),
        ]
        .into_iter()
        .flatten()
        .collect();
        let described_by = described_by.join(" ");
        let mut attributes = vec![
            ("type", "checkbox"),
            ("role", "switch"),
            ("name", "category"),
            ("id", input_id.as_str()),
            ("value", c.id.as_str()),
        ];
        if !described_by.is_empty() {
            attributes.push(("aria-describedby", &described_by));
        }
        match c.state {
            Switch::Always => attributes.extend([("checked", ""), ("disabled", "")]),
            Switch::On => attributes.push(("checked", "")),
            Switch::Off => {}
        }
        self.child(&label, "input", &attributes)?;
        self.text_child(&label, "span", &[], &c.title)?;
        if let Some(always_on) = &c.always_on {
            self.text_child(&head, "span", &[("class", "always")], always_on)?;
        }
        if let Some(description) = &c.description {
            let attributes = [("class", "desc"), ("id", description_id.as_str())];
            self.text_child(&item, "p", &attributes, description)?;
        }
        if let Some(held) = &c.held {
            let attributes = [("class", "held"), ("id", held_id.as_str())];
            self.text_child(&item, "p", &attributes, held)?;
        }
        if !c.services.is_empty() {
            let services = self.child(&item, "ul", &[("class", "services")])?;
            for service in &c.services {
                self.service(&services, service)?;
            }
        }
        Ok(())
    }

    fn service(&self, list: &Element, s: &ServiceRow) -> Result<()> {
        let item = self.child(list, "li", &[])?;
        self.text_child(&item, "b", &[], &s.name)?;
        self.text(&item, &s.detail)?;
        if let Some(cookies) = &s.cookies {
            self.text(&item, " ")?;
            self.text_child(&item, "span", &[("class", "cookies")], cookies)?;
        }
        if let Some(abroad) = &s.abroad {
            self.text(&item, " ")?;
            self.text_child(&item, "strong", &[("class", "abroad")], abroad)?;
        }
        Ok(())
    }

    fn reopen(&self, root: &ShadowRoot, r: &Reopen) -> Result<()> {
        let attributes = [
            ("type", "button"),
            ("class", "reopen"),
            ("data-action", "customize"),
            ("lang", r.lang),
        ];
        self.text_child(root, "button", &attributes, &r.label)?;
        Ok(())
    }
}
