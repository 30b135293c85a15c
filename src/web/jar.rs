//! The cookie jar: `document.cookie` read and written through its own accessors.
//!
//! The boot takes the accessors from `Document.prototype` before any site script runs, so a
//! site that patches `document.cookie` later cannot see or change what soglasie writes.

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::web::error::Result;

#[derive(Debug, Clone)]
pub struct Jar {
    get: Function,
    set: Function,
    document: JsValue,
}

impl Jar {
    /// A jar on `document` with the accessors of `descriptor` (what
    /// `Object.getOwnPropertyDescriptor(Document.prototype, 'cookie')` returned).
    pub fn new(document: &web_sys::Document, descriptor: &JsValue) -> Result<Jar> {
        let accessor = |name: &str| -> Result<Function> {
            Ok(Reflect::get(descriptor, &name.into())?.dyn_into::<Function>()?)
        };
        Ok(Jar {
            get: accessor("get")?,
            set: accessor("set")?,
            document: document.into(),
        })
    }

    /// A jar with the accessors `Document.prototype` has now.
    pub fn of_document(document: &web_sys::Document) -> Result<Jar> {
        let prototype = Reflect::get(&js_sys::global(), &"Document".into())?;
        let prototype = Reflect::get(&prototype, &"prototype".into())?;
        let descriptor = Object::get_own_property_descriptor(&prototype.into(), &"cookie".into());
        Jar::new(document, &descriptor)
    }

    /// `document.cookie`; empty when the browser refuses it (a sandboxed frame).
    pub fn read(&self) -> String {
        self.get
            .call0(&self.document)
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    }

    /// One `document.cookie = …` assignment. A refusal is ignored: the choice then lasts for
    /// this page.
    pub fn write(&self, assignment: &str) {
        let _ = self.set.call1(&self.document, &assignment.into());
    }

    /// Whether the browser keeps cookies for this page. A jar with anything in it says so (a
    /// returning visitor's); an empty one is asked with a probe, written, read back, removed.
    pub fn works(&self) -> bool {
        if !self.read().is_empty() {
            return true;
        }
        self.write("soglasie_probe=1; Path=/; SameSite=Lax");
        let works = self
            .read()
            .split(';')
            .any(|pair| pair.trim() == "soglasie_probe=1");
        self.write("soglasie_probe=; Max-Age=0; Path=/; SameSite=Lax");
        works
    }
}
