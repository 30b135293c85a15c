//! The web layer's own error: what went wrong in the page, in one line. `JsValue` only at
//! the boundary (`crate::web::start`), where it becomes a JavaScript `Error`.

use std::fmt;

use wasm_bindgen::{JsCast, JsValue};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebError {
    /// No `window` or `document` (a worker, say): nothing to do.
    NoPage,
    /// The boot that loaded this module is of another build.
    OtherBuild,
    /// The browser refused a call: its own message.
    Browser(String),
    /// A part of the module loaded when used (`crate::web::later`) could not be fetched or
    /// started.
    PartUnavailable,
    /// There is no usable config (it was said why).
    NoConfig,
}

pub type Result<T> = std::result::Result<T, WebError>;

impl fmt::Display for WebError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebError::NoPage => f.write_str("no window or document"),
            WebError::OtherBuild => f.write_str(
                "soglasie.wasm is of another build than soglasie.js (an old copy in a cache?)",
            ),
            WebError::Browser(message) => f.write_str(message),
            WebError::PartUnavailable => {
                f.write_str("its part of soglasie's module could not be loaded")
            }
            WebError::NoConfig => f.write_str("there is no usable config"),
        }
    }
}

impl From<JsValue> for WebError {
    fn from(value: JsValue) -> Self {
        let message = match value.dyn_ref::<js_sys::Error>() {
            Some(error) => String::from(error.message()),
            None => value.as_string().unwrap_or_else(|| "unknown error".into()),
        };
        WebError::Browser(message)
    }
}

impl From<wasm_split_helpers::SplitLoaderError> for WebError {
    fn from(_: wasm_split_helpers::SplitLoaderError) -> Self {
        WebError::PartUnavailable
    }
}

impl From<WebError> for JsValue {
    fn from(error: WebError) -> Self {
        js_sys::Error::new(&error.to_string()).into()
    }
}

/// Logs a line on the console (`error`) or as a warning.
pub fn log(line: &str) {
    web_sys::console::error_1(&line.into());
}

pub fn warn(line: &str) {
    web_sys::console::warn_1(&line.into());
}
