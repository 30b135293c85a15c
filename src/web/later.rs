//! What the module loads when it is used.
//!
//! A first visit needs the banner and the gate, nothing else. What a visitor may never use —
//! the preferences dialog, the re-prompt's list of what changed, the sending of receipts, the
//! policy's cookie section, the precise words for a config that cannot be read — is reached
//! only through the functions declared here with [`loaded_when_used!`]. `make dist` builds the
//! module with the `split` feature and runs `wasm-split-cli` (the splitter behind Leptos's
//! `#[lazy]`, `tools/build.mjs`), which moves everything only these functions reach into parts
//! of their own: `soglasie-later.wasm` (fetched when the page is idle, or at first use),
//! `soglasie-declaration.wasm` (fetched only by a page with `data-soglasie="declaration"`) and
//! `soglasie-diagnostics.wasm` (fetched only for a config that needs it). Without the
//! feature — `wasm-pack test`, the lint — they are plain `async` functions of the one module.
//!
//! A part that cannot be loaded fails closed: the call answers an error the caller says in
//! one console line, and nothing optional runs because of it.

use std::rc::Rc;

use crate::core::config::Config;
use crate::core::declaration::html;
use crate::web::error::{Result, WebError};
use web_sys::Element;

use crate::web::{declaration, receipts, record, App};

/// The file of the part `later` in `dist/` (`tools/build.mjs` names `split_later` so), which
/// the module asks the boot to prefetch when the page is idle.
pub const LATER: &str = "soglasie-later";

/// Declares a function whose code comes in the module's part `$part`: an `async fn` that
/// loads the part on its first call (or takes its prefetched bytes), then runs.
macro_rules! loaded_when_used {
    ($part:ident;
     $(#[$attr:meta])* pub fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block) => {
        #[cfg(feature = "split")]
        #[wasm_split_helpers::wasm_split($part, fallible)]
        $(#[$attr])* pub fn $name($($arg: $ty),*) -> $ret $body

        #[cfg(not(feature = "split"))]
        $(#[$attr])* pub async fn $name($($arg: $ty),*) -> $ret $body
    };
}

loaded_when_used! { later;
    /// The preferences dialog as the session has it now, opened.
    pub fn show_preferences(app: Rc<App>) -> Result<()> {
        let view = app.session.borrow().preferences().ok_or(WebError::NoConfig)?;
        app.dialog.render_preferences(&view)
    }
}

loaded_when_used! { later;
    /// What changed since the visitor's last consent, one line each: the consent record read
    /// back (gloo-storage) and compared with today's terms.
    pub fn what_changed(app: Rc<App>) -> Result<Vec<String>> {
        Ok(app.session.borrow().what_changed(record::load().as_ref()))
    }
}

loaded_when_used! { later;
    /// Sends every receipt waiting in the queue to `endpoint`, and `unkept`, one that no
    /// storage could keep.
    pub fn deliver_receipts(endpoint: String, unkept: Option<String>) -> Result<()> {
        receipts::deliver(&endpoint, unkept);
        Ok(())
    }
}

loaded_when_used! { declaration;
    /// The policy's cookie section with the visitor's choice now, in each of `elements` (the
    /// page's `data-soglasie="declaration"`): `first_time`, the whole section; later, only
    /// its live lines.
    pub fn show_declaration(app: Rc<App>, elements: Vec<Element>, first_time: bool) -> Result<()> {
        // Read, then let go of the session: the page's own handlers may run during what
        // follows (a focus moved) and call soglasie.
        let live = app.session.borrow().declared_choice().ok_or(WebError::NoConfig)?;
        if first_time {
            let section = app.session.borrow().declaration().ok_or(WebError::NoConfig)?;
            let section = html::section(&section, Some(&live)).into_string();
            for element in &elements {
                declaration::fill(element, &section);
            }
        } else {
            for element in &elements {
                declaration::refresh(element, &live)?;
            }
        }
        Ok(())
    }
}

loaded_when_used! { diagnostics;
    /// The console line that names what is wrong with the shape of a config
    /// [`Config::read`] refused.
    pub fn shape_error(text: String) -> Result<String> {
        Ok(Config::shape_error(&text)
            .map_or_else(|| "soglasie: config: not a config".into(), |e| e.to_string()))
    }
}
