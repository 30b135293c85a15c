//! soglasie — a cookie and tracking consent manager for Russian medical-clinic websites.
//!
//! `core` and `catalog` are pure Rust (tested natively, shared with the CLI); `web` is the
//! thin browser layer compiled only for Wasm.

pub mod catalog;
pub mod core;

#[cfg(target_arch = "wasm32")]
mod web;
