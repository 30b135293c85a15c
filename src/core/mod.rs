//! Pure logic, free of web-sys: native `cargo test` covers all of it.

pub mod changes;
pub mod config;
pub mod consent_mode;
pub mod cookie;
pub mod crawler;
pub mod decision;
pub mod declaration;
pub mod markup;
pub mod policy;
pub mod receipt;
pub mod record;
#[cfg(not(target_arch = "wasm32"))]
pub mod schema;
pub mod sensitive;
pub mod session;
pub mod texts;
pub mod time;
pub mod view;
