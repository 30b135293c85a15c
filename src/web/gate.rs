//! The gate: holds marked-up elements (`data-category`) and releases them, in document order,
//! once their category is allowed. Markup written for Klaro works as is: an element that names
//! a service instead (`data-name`, with `type="text/plain"` on a script or a `data-src`) is
//! held for that service's category in the config.
//!
//! A held `<script type="text/plain">` is replaced by a live copy (inline code runs at once;
//! an external one is awaited before the next element, so order holds as if the page had
//! loaded them itself). Other elements get `data-src` / `data-srcset` / `data-href` moved to
//! the live attributes. The state is visible in `data-soglasie-state` (`held`, `released`).

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlScriptElement};

use crate::core::decision::LoadVerdict;
use crate::core::session::Gate as Verdict;
use crate::web::error::Result;

const STATE: &str = "data-soglasie-state";
const LIVE: [(&str, &str); 3] = [
    ("data-src", "src"),
    ("data-srcset", "srcset"),
    ("data-href", "href"),
];

/// Who decides: what a category may do, and what a load may do.
pub trait Judge {
    /// Whether elements of `category` may run now.
    fn category(&self, category: &str) -> Verdict;
    /// What a load of `url` (as written in the page) may do.
    fn load(&self, url: &str) -> LoadVerdict;
    /// The category of the configured service Klaro's markup names (`data-name`); `None`
    /// when the config lists no such service (the element stays held).
    fn service_category(&self, name: &str) -> Option<String>;
}

/// The page's held elements. Cloning shares them.
#[derive(Clone)]
pub struct Gate(Rc<State>);

struct State {
    document: Document,
    /// The nonce released scripts get (the tag's that loaded soglasie).
    nonce: String,
    /// In the order they were found.
    held: RefCell<Vec<Element>>,
    /// Allowed, waiting their turn.
    queue: RefCell<VecDeque<Element>>,
    /// An external script is loading; the queue waits for it.
    waiting: Cell<bool>,
}

impl Gate {
    pub fn new(document: &Document, nonce: &str) -> Gate {
        Gate(Rc::new(State {
            document: document.clone(),
            nonce: nonce.to_string(),
            held: RefCell::new(Vec::new()),
            queue: RefCell::new(VecDeque::new()),
            waiting: Cell::new(false),
        }))
    }

    /// Takes every marked-up element not seen yet, anywhere in the page, in document order,
    /// and releases what may run.
    pub fn scan(&self, judge: &Rc<dyn Judge>) -> Result<()> {
        let selector = format!(
            "[data-category]:not([{STATE}]), script[type='text/plain' i][data-name]:not([{STATE}]), [data-name][data-src]:not([{STATE}])"
        );
        let found = self.0.document.query_selector_all(&selector)?;
        if found.length() == 0 {
            return Ok(());
        }
        for i in 0..found.length() {
            if let Some(el) = found.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                el.set_attribute(STATE, "held")?;
                self.0.held.borrow_mut().push(el);
            }
        }
        self.release(judge)
    }

    /// Moves every held element whose category is now allowed to the queue and runs it. The
    /// judge is asked once per category, not per element: a long page holds hundreds of them.
    pub fn release(&self, judge: &Rc<dyn Judge>) -> Result<()> {
        let list = std::mem::take(&mut *self.0.held.borrow_mut());
        // A handful of categories: a list is all the map this needs.
        let mut answers: Vec<(String, Verdict)> = Vec::new();
        let mut keep = Vec::new();
        for el in list {
            let Some(category) = category_of(&el, judge.as_ref()) else {
                keep.push(el);
                continue;
            };
            let verdict = match answers.iter().find(|(c, _)| *c == category) {
                Some(&(_, verdict)) => verdict,
                None => {
                    let verdict = judge.category(&category);
                    answers.push((category, verdict));
                    verdict
                }
            };
            if verdict == Verdict::Release {
                self.0.queue.borrow_mut().push_back(el);
            } else {
                keep.push(el);
            }
        }
        // Elements found meanwhile stay after the older ones.
        let mut held = self.0.held.borrow_mut();
        let newer = std::mem::replace(&mut *held, keep);
        held.extend(newer);
        drop(held);
        self.pump(judge)
    }

    /// The elements held now, in order (for tests and tools).
    pub fn held(&self) -> Vec<Element> {
        self.0.held.borrow().clone()
    }

    fn pump(&self, judge: &Rc<dyn Judge>) -> Result<()> {
        while !self.0.waiting.get() {
            // Not borrowed while an element goes live: its code may call back into soglasie.
            let Some(el) = self.0.queue.borrow_mut().pop_front() else {
                break;
            };
            // The choice may have narrowed while this element waited for an earlier script.
            let verdict = category_of(&el, judge.as_ref()).map(|c| judge.category(&c));
            if verdict != Some(Verdict::Release) {
                self.0.held.borrow_mut().push(el);
            } else {
                self.make_live(&el, judge)?;
            }
        }
        Ok(())
    }

    fn make_live(&self, el: &Element, judge: &Rc<dyn Judge>) -> Result<()> {
        el.set_attribute(STATE, "released")?;
        if el.tag_name() != "SCRIPT" {
            for (from, to) in LIVE {
                if let Some(value) = el.get_attribute(from) {
                    el.remove_attribute(from)?;
                    el.set_attribute(to, &value)?;
                }
            }
            return Ok(());
        }
        // Marked up but already live: running it twice would be wrong.
        let inert = el
            .get_attribute("type")
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("text/plain"));
        let Some(parent) = el.parent_node().filter(|_| inert) else {
            return Ok(());
        };
        // Klaro's markup keeps an external script's address in `data-src`.
        let src = el
            .get_attribute("src")
            .or_else(|| el.get_attribute("data-src"));
        // A catalog tracker loads only when its own service is listed and allowed, whatever
        // category the markup claims; otherwise it stays held and the queue moves on.
        if let Some(src) = &src {
            if !matches!(judge.load(src), LoadVerdict::Ignore | LoadVerdict::Release) {
                el.set_attribute(STATE, "held")?;
                self.0.held.borrow_mut().push(el.clone());
                return Ok(());
            }
        }
        let live: HtmlScriptElement = self.0.document.create_element("script")?.unchecked_into();
        let attributes = el.attributes();
        for i in 0..attributes.length() {
            if let Some(a) = attributes.item(i) {
                match a.name().as_str() {
                    "type" | "nonce" => {}
                    "data-src" => live.set_attribute("src", &a.value())?,
                    name => live.set_attribute(name, &a.value())?,
                }
            }
        }
        if let Some(kind) = el.get_attribute("data-type") {
            live.set_attribute("type", &kind)?;
        }
        if !self.0.nonce.is_empty() {
            live.set_attribute("nonce", &self.0.nonce)?;
        }
        if src.is_some() {
            live.set_async(false);
            let (gate, judge) = (self.clone(), judge.clone());
            let loaded = Closure::<dyn Fn()>::new(move || {
                gate.0.waiting.set(false);
                if let Err(e) = gate.pump(&judge) {
                    crate::web::error::log(&format!("soglasie: could not release ({e})"));
                }
            });
            live.set_onload(Some(loaded.as_ref().unchecked_ref()));
            live.set_onerror(Some(loaded.as_ref().unchecked_ref()));
            loaded.forget();
            self.0.waiting.set(true);
        } else {
            live.set_text(&el.text_content().unwrap_or_default())?;
        }
        // Inline code runs here, and may call soglasie.
        let redirect = WriteRedirect::before(&self.0.document, &live);
        let replaced = parent.replace_child(&live, el);
        redirect.end();
        replaced?;
        Ok(())
    }
}

/// `document.write` and `writeln` of a released inline script (the old counters'), made to
/// put their markup where the script stands: a script that goes live from here is not the
/// parser's, and a real `document.write` from it would replace the whole page. Markup written
/// this way is inserted as the parser would not run it: a written `<script>` does not execute.
struct WriteRedirect {
    document: Document,
    _write: Closure<dyn Fn(JsValue)>,
}

impl WriteRedirect {
    fn before(document: &Document, script: &HtmlScriptElement) -> WriteRedirect {
        let anchor = script.clone();
        let write = Closure::<dyn Fn(JsValue)>::new(move |html: JsValue| {
            let html = html.as_string().unwrap_or_default();
            let _ = anchor.insert_adjacent_html("beforebegin", &html);
        });
        for name in ["write", "writeln"] {
            let _ = js_sys::Reflect::set(document, &name.into(), write.as_ref());
        }
        WriteRedirect {
            document: document.clone(),
            _write: write,
        }
    }

    /// Gives the page its own `document.write` back (the prototype's, once ours is removed).
    fn end(self) {
        for name in ["write", "writeln"] {
            let _ = js_sys::Reflect::delete_property(&self.document, &name.into());
        }
    }
}

/// The element's category: `data-category`, else that of the service `data-name` names.
fn category_of(el: &Element, judge: &dyn Judge) -> Option<String> {
    match el.get_attribute("data-category") {
        Some(category) => Some(category),
        None => judge.service_category(&el.get_attribute("data-name")?),
    }
}
