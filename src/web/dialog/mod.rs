//! The dialog on the page: the banner, the preferences dialog and the re-open button, each
//! in an open shadow root under a light-DOM host that carries `data-soglasie` (public
//! contract).
//!
//! The session decides what to show ([`crate::core::view`]); this module puts it on the page —
//! each root's markup in one go, written by [`crate::core::markup`], whose templates escape
//! every site text, so no config text is ever markup — forwards the visitor's choices through
//! one listener per root, and keeps focus where WCAG wants it. Styles are one constructable
//! stylesheet adopted by every root: no site CSS reaches in, and no `<style>` element for a
//! CSP to block.
//!
//! The banner and the re-open button are here; the preferences dialog is in [`preferences`],
//! whose code comes in the part of the module loaded when used (`crate::web::later`).

pub mod preferences;

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    CssStyleSheet, Document, Element, Event, HtmlDialogElement, HtmlElement, Node, ShadowRoot,
    ShadowRootInit, ShadowRootMode,
};

use crate::core::markup;
use crate::core::session::Part;
use crate::core::view::{Banner, Reopen};
use crate::web::error::{log, Result, WebError};

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
    /// Parts waiting for `<body>` (the module can be up before the parser gets there), to be
    /// drawn in order once it is there.
    pending: RefCell<Vec<(Part, Drawing)>>,
    accent: RefCell<Option<String>>,
    /// Where focus was before the preferences dialog opened.
    opener: RefCell<Option<HtmlElement>>,
    /// `None` where the browser has no constructable stylesheets (Safari before 16.4): each
    /// root then gets a `<style>`.
    sheet: Option<CssStyleSheet>,
}

/// A part's drawing, put off until there is a `<body>`.
type Drawing = Box<dyn FnOnce()>;

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
            accent: RefCell::new(None),
            opener: RefCell::new(None),
            sheet,
        }))
    }

    /// The site's accent colour, for every part shown from now on.
    pub fn set_accent(&self, colour: &str) {
        *self.0.accent.borrow_mut() = Some(colour.to_string());
    }

    /// Builds the banner and shows it.
    pub fn render_banner(&self, banner: &Banner) -> Result<()> {
        self.draw(Part::Banner, markup::banner(banner).into_string(), |_| {
            Ok(())
        })
    }

    /// Builds the re-open button and shows it.
    pub fn render_reopen(&self, reopen: &Reopen) -> Result<()> {
        self.draw(Part::Reopen, markup::reopen(reopen).into_string(), |_| {
            Ok(())
        })
    }

    /// Makes `html` the part's content and shows it, once there is a `<body>`; `first_time`
    /// runs on the part's root when it is made (its own listeners).
    fn draw(
        &self,
        part: Part,
        html: String,
        first_time: impl FnOnce(&ShadowRoot) -> Result<()> + 'static,
    ) -> Result<()> {
        let Some(body) = self.0.document.body() else {
            let dialog = self.clone();
            self.wait_for_body(part, move || {
                if let Err(e) = dialog.draw(part, html, first_time) {
                    log(&format!("soglasie: the dialog could not be shown ({e})"));
                }
            });
            return Ok(());
        };
        let fresh = self.find(part).is_none();
        let host = self.host(part, &body)?;
        if fresh {
            first_time(&host.root)?;
        }
        host.root.set_inner_html(&html);
        self.style(&host.root)?;
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
        self.0.pending.borrow_mut().retain(|(p, _)| *p != part);
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

    /// The preferences `<dialog>`, if rendered.
    fn modal(&self) -> Option<HtmlDialogElement> {
        let host = self.find(Part::Preferences)?;
        host.root.query_selector("dialog").ok()??.dyn_into().ok()
    }

    fn wait_for_body(&self, part: Part, draw: impl FnOnce() + 'static) {
        let first = self.0.pending.borrow().is_empty();
        self.0.pending.borrow_mut().push((part, Box::new(draw)));
        if !first {
            return;
        }
        let dialog = self.clone();
        let listener = Closure::once_into_js(move || {
            let waiting = std::mem::take(&mut *dialog.0.pending.borrow_mut());
            for (_, draw) in waiting {
                draw();
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
            .map_err(|_| WebError::Browser("not an HTML element".into()))?;
        element.set_attribute("data-soglasie", part.name())?;
        element.set_attribute("hidden", "")?;
        let root = element.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?;
        if let Some(accent) = self.0.accent.borrow().as_deref() {
            element.style().set_property("--soglasie-accent", accent)?;
        }
        let dialog = self.clone();
        let on_click = Closure::<dyn Fn(Event)>::new(move |e: Event| dialog.clicked(&e));
        root.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())?;
        on_click.forget();
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
                root.prepend_with_node_1(&style)?;
            }
        }
        Ok(())
    }

    /// One listener per root: what was clicked says what the visitor chose.
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
