//! Pure logic, free of web-sys: native `cargo test` covers all of it.

pub mod base64;
pub mod config;
pub mod cookie;
pub mod crawler;
pub mod decision;
pub mod json;
pub mod markup;
pub mod packed;
pub mod policy;
pub mod rules;
pub mod scan;
pub mod session;
pub mod sha256;
pub mod texts;
pub mod time;
pub mod wording;
