//! The preferences dialog (modal): every category with its switch and services, the operator,
//! and the visitor's ways out — Esc and × close it, Tab stays inside, focus goes back where it
//! was. Only [`crate::web::later`]'s functions call into here, so its code comes in the part of
//! the module loaded when used.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Event, HtmlElement, KeyboardEvent, Node, ShadowRoot};

use super::{Choice, Dialog};
use crate::core::markup;
use crate::core::session::Part;
use crate::core::view::Preferences;
use crate::web::error::Result;

impl Dialog {
    /// Builds the preferences dialog and opens it as a modal.
    pub fn render_preferences(&self, view: &Preferences) -> Result<()> {
        *self.0.opener.borrow_mut() = self.focused();
        let dialog = self.clone();
        self.draw(
            Part::Preferences,
            markup::preferences(view).into_string(),
            move |root| dialog.listen_to_preferences(root),
        )
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
