//! The preferences dialog (modal): every category with its switch and services, the operator,
//! and the visitor's ways out — Esc and × close it, Tab stays inside, focus goes back where it
//! was. Only [`crate::web::later`]'s functions call into here, so its code comes in the part of
//! the module loaded when used.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlElement, KeyboardEvent, Node, ShadowRoot};

use super::{Choice, Dialog, Dom};
use crate::core::session::Part;
use crate::core::view::{CategoryRow, Preferences, ServiceRow, Switch};
use crate::web::error::Result;

impl Dialog {
    /// Builds the preferences dialog and opens it as a modal.
    pub fn render_preferences(&self, view: &Preferences) -> Result<()> {
        *self.0.opener.borrow_mut() = self.focused();
        let (dialog, view) = (self.clone(), view.clone());
        self.draw(Part::Preferences, move |dom, root| {
            if !dialog.0.preferences_listened.replace(true) {
                dialog.listen_to_preferences(root)?;
            }
            dom.preferences(root, &view)
        })
    }

    fn listen_to_preferences(&self, root: &ShadowRoot) -> Result<()> {
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
        Ok(())
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

impl Dom<'_> {
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
}
