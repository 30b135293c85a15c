//! soglasie — a cookie and tracking consent manager for Russian medical-clinic websites.
//!
//! `core` and `catalog` are pure Rust (tested natively, shared with the CLI). The browser
//! side is the loader in `www/`, which owns the DOM and carries out what
//! [`core::session`] answers; `wasm` is the three-function interface between them.
//!
//! The shipped Wasm build (feature `slim`, set by `tools/build.mjs`) is `no_std` with
//! `alloc`: std's panic machinery costs every visitor bytes for messages nobody reads. A
//! panic there traps, which leaves every held tracker held (fail closed).

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
