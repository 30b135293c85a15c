//! soglasie — a cookie and tracking consent manager for Russian medical-clinic websites.
//!
//! - [`core`] and [`catalog`]: pure Rust, free of web-sys — the config (serde), the policy
//!   hash, the cookie codec, the decisions, what the dialog shows. Native `cargo test`
//!   covers them; the CLI (`src/bin/soglasie/`) shares them.
//! - `web` (wasm32 only): the thin web-sys layer that carries the session's effects out in the
//!   page — the dialog in shadow roots, the release of held elements, the cookie, the consent
//!   record (gloo-storage), events, other tabs — and the functions behind `window.soglasie`.
//!   `wasm-pack test` runs its tests in headless browsers.
//! - [`scan`] (native only): trackers found in a site's pages and templates, and the forms no
//!   browser-side blocker can stop rewritten into marked-up ones, for the CLI.

pub mod catalog;
pub mod core;
#[cfg(not(target_arch = "wasm32"))]
pub mod scan;

#[cfg(target_arch = "wasm32")]
pub mod web;

/// A small free-list allocator: the default (dlmalloc) is ~2.5 KB gzip more of every
/// visitor's download. The page's module runs on one thread, so the single-threaded wrapper
/// is sound.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    // SAFETY: wasm32 without the atomics feature has exactly one thread.
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
