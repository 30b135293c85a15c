//! soglasie — a cookie and tracking consent manager for Russian medical-clinic websites.
//!
//! `core` and `catalog` are pure Rust (tested natively, shared with the CLI). The browser
//! side is the loader in `www/`, which owns the DOM and carries out what
//! [`core::session`] answers; `wasm` is the three-function interface between them.
//!
//! The shipped Wasm build (feature `slim`, set by `tools/build.mjs`) is `no_std` with
//! `alloc`: std's panic machinery costs every visitor bytes for messages nobody reads. A
//! panic there traps, which leaves every held tracker held (fail closed).
//!
//! Every byte of the Wasm module is downloaded by every visitor, so the code it carries
//! follows a few habits that each paid hundreds of bytes (measured after `wasm-opt -Oz`):
//! plain loops that `push` rather than `collect`/`extend` chains (each chain is a function
//! of its own); [`core::scan`] rather than `str::split`, `split_once`, `trim`, `find` and
//! `parse`; byte checks on `as_bytes().iter()` rather than `bytes()`; text written straight
//! into the `String` it ends up in (markup and console lines go into the effects record)
//! rather than into one of its own first; JSON read by reference; no `format!`.

#![cfg_attr(all(target_arch = "wasm32", feature = "slim"), no_std)]

extern crate alloc;

pub mod catalog;
pub mod core;

#[cfg(target_arch = "wasm32")]
mod wasm;

/// What `std`'s prelude would give; modules `use crate::prelude::*` so they build either way.
/// Like `std`'s, it offers more than any one build uses.
#[allow(unused_imports)]
mod prelude {
    pub use alloc::borrow::ToOwned;
    pub use alloc::string::{String, ToString};
    pub use alloc::vec;
    pub use alloc::vec::Vec;
}

/// A small free-list allocator (std's dlmalloc is ~3 KB more); one thread, so the
/// single-threaded wrapper is sound.
#[cfg(all(target_arch = "wasm32", feature = "slim"))]
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    // SAFETY: wasm32 without the atomics feature has exactly one thread.
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };

#[cfg(all(target_arch = "wasm32", feature = "slim"))]
#[panic_handler]
fn panic(_: &::core::panic::PanicInfo) -> ! {
    ::core::arch::wasm32::unreachable()
}
