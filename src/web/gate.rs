//! The gate: holds marked-up elements (`data-category`) and releases them, in document order,
//! once their category is allowed.
//!
//! A held `<script type="text/plain">` is replaced by a live copy (inline code runs at once;
//! an external one is awaited before the next element, so order holds as if the page had
//! loaded them itself). Other elements get `data-src`/`data-srcset`/`data-href` moved to
//! the live attributes. State is visible in `data-soglasie-state` (`held`, `released`).

#[allow(unused_imports)]
use crate::prelude::*;

use alloc::collections::VecDeque;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlScriptElement, Node};

const STATE: &str = "data-soglasie-state";
const SELECTOR: &str = "[data-category]";

/// What may happen to an element of a category.
pub enum Verdict {
    Release,
    Hold,
    /// Not a category of the config: held, with one console line per category.
    Unknown,
}

struct Gate {
    /// Held elements in the order they were found.
    held: Vec<Element>,
    /// Allowed elements waiting their turn.
    queue: VecDeque<Element>,
    /// An external script is loading; the queue waits for it.
    waiting: bool,
    warned: Vec<String>,
}

static GATE: super::PageCell<Gate> = super::PageCell::new(Gate {
    held: Vec::new(),
    queue: VecDeque::new(),
    waiting: false,
    warned: Vec::new(),
});

/// Finds new marked-up elements under `root` (a document or an element, itself included),
/// holds them, and releases what is already allowed.
pub fn scan(root: &Node) {
    let mut found: Vec<Element> = Vec::new();
    let list = if let Some(doc) = root.dyn_ref::<Document>() {
        doc.query_selector_all(SELECTOR).ok()
    } else if let Some(el) = root.dyn_ref::<Element>() {
        if el.has_attribute("data-category") {
            found.push(el.clone());
        }
        el.query_selector_all(SELECTOR).ok()
    } else {
        None
    };
    if let Some(list) = list {
        for i in 0..list.length() {
            if let Some(el) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                found.push(el);
            }
        }
    }
    let mut new = Vec::new();
    for el in found {
        if el.has_attribute(STATE) {
            continue;
        }
        let _ = el.set_attribute(STATE, "held");
        new.push(el);
    }
    if new.is_empty() {
        return;
    }
    GATE.with(|g| g.borrow_mut().held.extend(new));
    release_allowed();
}

/// Moves every held element whose category is now allowed to the release queue and runs it.
pub fn release_allowed() {
    let held = GATE.with(|g| core::mem::take(&mut g.borrow_mut().held));
    let mut keep = Vec::new();
    let mut ready = Vec::new();
    let mut unknown: Vec<String> = Vec::new();
    for el in held {
        let category = el.get_attribute("data-category").unwrap_or_default();
        match super::category_state(&category) {
            Verdict::Release => ready.push(el),
            Verdict::Hold => keep.push(el),
            Verdict::Unknown => {
                unknown.push(category);
                keep.push(el);
            }
        }
    }
    let to_warn: Vec<String> = GATE.with(|g| {
        let mut g = g.borrow_mut();
        // Elements found while this ran were appended; keep them after the older ones.
        let newer = core::mem::replace(&mut g.held, keep);
        g.held.extend(newer);
        g.queue.extend(ready);
        let mut out = Vec::new();
        for c in unknown {
            if !g.warned.contains(&c) {
                g.warned.push(c.clone());
                out.push(c);
            }
        }
        out
    });
    for category in to_warn {
        let mut m = String::from("soglasie: data-category=\"");
        m.push_str(&category);
        m.push_str("\" is not a category of the config; the element stays held");
        super::console_warn(&m);
    }
    pump();
}

/// Releases queued elements until one must be waited for.
fn pump() {
    loop {
        let next = GATE.with(|g| {
            let mut g = g.borrow_mut();
            if g.waiting {
                None
            } else {
                g.queue.pop_front()
            }
        });
        let Some(el) = next else { return };
        let category = el.get_attribute("data-category").unwrap_or_default();
        // The choice may have narrowed while this element waited for an earlier script.
        if !matches!(super::category_state(&category), Verdict::Release) {
            GATE.with(|g| g.borrow_mut().held.push(el));
            continue;
        }
        if release(&el) {
            return;
        }
    }
}

/// Makes one element live. Returns true when the queue must wait for it to load.
fn release(el: &Element) -> bool {
    let _ = el.set_attribute(STATE, "released");
    if el.tag_name().eq_ignore_ascii_case("script") {
        return release_script(el);
    }
    for (from, to) in [
        ("data-src", "src"),
        ("data-srcset", "srcset"),
        ("data-href", "href"),
    ] {
        if let Some(value) = el.get_attribute(from) {
            let _ = el.remove_attribute(from);
            let _ = el.set_attribute(to, &value);
        }
    }
    false
}

fn release_script(held: &Element) -> bool {
    let inert = held
        .get_attribute("type")
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("text/plain"));
    if !inert {
        // Marked up but already live: nothing to release, and running it twice would be wrong.
        return false;
    }
    let (Some(document), Some(parent)) = (held.owner_document(), held.parent_node()) else {
        return false;
    };
    let Ok(live) = document
        .create_element("script")
        .map(|e| e.unchecked_into::<HtmlScriptElement>())
    else {
        return false;
    };
    for name in held
        .get_attribute_names()
        .iter()
        .filter_map(|n| n.as_string())
    {
        if name == "type" || name == "nonce" {
            continue;
        }
        if let Some(value) = held.get_attribute(&name) {
            let _ = live.set_attribute(&name, &value);
        }
    }
    if let Some(t) = held.get_attribute("data-type") {
        let _ = live.set_attribute("type", &t);
    }
    let nonce = super::nonce();
    if !nonce.is_empty() {
        let _ = live.set_attribute("nonce", &nonce);
    }
    let external = held.has_attribute("src");
    if let Some(src) = held.get_attribute("src") {
        // A catalog tracker loads only when its own service is listed and allowed, whatever
        // category the markup claims; otherwise it stays held and the queue moves on.
        if !matches!(super::url_verdict(&src), 0 | 1) {
            let _ = held.set_attribute(STATE, "held");
            return false;
        }
    }
    if external {
        live.set_async(false);
        let done = Closure::<dyn FnMut()>::new(move || {
            GATE.with(|g| g.borrow_mut().waiting = false);
            pump();
        })
        .into_js_value();
        let f = done.unchecked_ref();
        live.set_onload(Some(f));
        live.set_onerror(Some(f));
        GATE.with(|g| g.borrow_mut().waiting = true);
    } else {
        let _ = live.set_text(&held.text_content().unwrap_or_default());
    }
    // Inline code runs during this call, and may call back into soglasie: no borrow is held.
    let _ = parent.replace_child(&live, held);
    external
}
