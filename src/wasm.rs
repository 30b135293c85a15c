//! The Wasm module's whole interface: three exports, no imports.
//!
//! The loader writes a request (fields joined by [`SEP`]) into memory it got from [`alloc`],
//! calls [`run`] with an operation code, and reads the answer at the returned pointer
//! ([`out_len`] bytes, valid until the next call). No wasm-bindgen: its glue would cost the
//! first visit ~3.6 KB gzip, a quarter of the budget, for what three functions do here.
//!
//! | op | request | answer |
//! |---|---|---|
//! | 0 start | cookie header, now, `<html lang>`, user agent, cookies work `1`/`0`, https `1`/`0`, hostname, the catalog's URL patterns ([`crate::catalog::hosts_text`]), then the config as the browser's `JSON.parse` read it ([`crate::core::json::read_fields`]; no fields when there is none) | effects |
//! | 1 verdict | host, path + query | a digit ([`LoadVerdict::code`]), then effects |
//! | 2 gate | category | `r` release, `h` hold, `u` unknown, then effects |
//! | 3 act | action, argument, cookie header, now, 32 hex random digits, `localStorage` keys | effects |
//! | 4 consent | — | `consent()` JSON |
//! | 5 stored | — | the cookie value of the decision, for other tabs |
//! | 6 patterns | — | the config's own URL patterns, one per line |
//! | 7 renderer | `1` when the preferences' renderer loaded, `0` when it could not be | effects |
//!
//! Actions: `all`, `accept` (argument: ids joined by `\n`), `invalid`, `decline`, `reset`,
//! `show`, `preferences`, `closed`, `sync` (argument: the other tab's cookie value).
//!
//! Built with the feature `diagnostics`, the same interface is `soglasie-check.wasm`, which
//! the loader fetches only when the page's config has problems (the module above can only
//! count them, see [`Config::usable_from_fields`]): its one operation, 0, takes the config's
//! fields and answers a console line (`E` effect) per problem, as `soglasie check` prints them.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::config::Config;
#[cfg(not(feature = "diagnostics"))]
use crate::core::decision::LoadVerdict;
use crate::core::scan;
#[cfg(not(feature = "diagnostics"))]
use crate::core::session::{Action, Gate, Moment, Page};
use crate::core::session::{Effects, Session, SEP};

struct State {
    session: Option<Session>,
    out: String,
}

/// Page-global state. Wasm in a page runs on one thread (built without atomics), and the
/// module never calls out, so nothing can re-enter while it is borrowed.
struct PageCell(core::cell::UnsafeCell<State>);

// SAFETY: wasm32 without the atomics feature has exactly one thread.
unsafe impl Sync for PageCell {}

static STATE: PageCell = PageCell(core::cell::UnsafeCell::new(State {
    session: None,
    out: String::new(),
}));

/// Memory for a request of `len` bytes; [`run`] takes it back.
#[no_mangle]
pub extern "C" fn alloc(len: usize) -> *mut u8 {
    let mut buf = Vec::<u8>::with_capacity(len);
    let ptr = buf.as_mut_ptr();
    core::mem::forget(buf);
    ptr
}

/// Length of the last answer.
#[no_mangle]
pub extern "C" fn out_len() -> usize {
    // SAFETY: single-threaded, and no other borrow of STATE is live between calls.
    unsafe { (&*STATE.0.get()).out.len() }
}

/// Runs operation `op` on the request at `ptr` (from [`alloc`], `len` bytes); returns where
/// the answer is.
///
/// # Safety
/// `ptr` must come from [`alloc`] with this `len`, written with `len` bytes.
#[no_mangle]
pub unsafe extern "C" fn run(op: u32, ptr: *mut u8, len: usize) -> *const u8 {
    // SAFETY: the loader hands back exactly the buffer `alloc` gave it, filled, and it fills
    // it from `TextEncoder.encode`, which only ever writes valid UTF-8 (a lone surrogate
    // becomes U+FFFD). Checking again would cost every visitor ~700 bytes of Wasm.
    let request = unsafe { String::from_utf8_unchecked(Vec::from_raw_parts(ptr, len, len)) };
    // SAFETY: single-threaded, and `answer` never calls out of the module.
    let state = unsafe { &mut *STATE.0.get() };
    state.out = answer(&mut state.session, op, &request);
    state.out.as_ptr()
}

#[cfg(feature = "diagnostics")]
fn answer(_: &mut Option<Session>, _: u32, request: &str) -> String {
    let mut out = Effects::default();
    if let Err(errors) = Config::from_fields(&mut scan::pieces(request, SEP as u8)) {
        out.config_errors(&errors);
    }
    out.into_text()
}

#[cfg(not(feature = "diagnostics"))]
fn answer(session: &mut Option<Session>, op: u32, request: &str) -> String {
    // SEP is ASCII.
    let mut fields = scan::pieces(request, SEP as u8);
    let mut next = || fields.next().unwrap_or("");
    let mut out = Effects::default();
    let mut prefix = String::new();
    match (op, session.as_mut()) {
        (0, None) => {
            let page = Page {
                cookie_header: next(),
                now: number(next()),
                html_lang: next(),
                user_agent: next(),
                cookies_work: next() == "1",
                secure: next() == "1",
                hostname: next(),
            };
            // Another build's patterns would misjudge loads: no session, so every load the
            // blocker asks about stays held and no element is released.
            if crate::catalog::receive_hosts(next()) {
                // The config, if the loader has one, as the browser's JSON.parse read it; what
                // its problems are, if any, `soglasie-check.wasm` says.
                let config = fields
                    .clone()
                    .next()
                    .is_some()
                    .then(|| Config::usable_from_fields(&mut fields));
                *session = Some(Session::start(config, &page, &mut out));
            } else {
                out.error("soglasie: soglasie.wasm is of another build than soglasie.js; nothing optional will run");
            }
        }
        (1, Some(s)) => {
            let host = next();
            let verdict = s.verdict(host, next(), &mut out);
            prefix.push(char::from(b'0' + verdict.code()));
        }
        // Before start (or a second start) a tracker is held: fail closed.
        (1, None) => prefix.push(char::from(b'0' + LoadVerdict::Hold.code())),
        (2, Some(s)) => prefix.push(match s.gate(next(), &mut out) {
            Gate::Release => 'r',
            Gate::Hold => 'h',
            Gate::Unknown => 'u',
        }),
        (3, Some(s)) => {
            let name = next();
            let argument = next();
            let cookie_header = next();
            let now = number(next());
            let random = hex16(next());
            let storage_keys = lines(next());
            let action = match name {
                "all" => Action::AcceptAll,
                "accept" => Action::Accept(lines(argument)),
                "decline" => Action::Decline,
                "reset" => Action::Reset,
                "show" => Action::Show,
                "preferences" => Action::Preferences,
                "closed" => Action::PreferencesClosed,
                "sync" => Action::Sync(argument),
                _ => Action::AcceptInvalid,
            };
            let at = Moment {
                cookie_header,
                now,
                random,
                storage_keys,
            };
            s.act(action, &at, &mut out);
        }
        (4, Some(s)) => return s.consent_json(),
        (4, None) => return Session::consent_before_start(),
        (5, Some(s)) => return s.stored_value(),
        (6, Some(s)) => return s.config_patterns(),
        (7, Some(s)) => s.renderer(next() == "1", &mut out),
        _ => {}
    }
    if prefix.is_empty() {
        return out.into_text();
    }
    if !out.as_text().is_empty() {
        prefix.push(SEP);
        prefix.push_str(out.as_text());
    }
    prefix
}

#[cfg(not(feature = "diagnostics"))]
/// Decimal digits (the loader writes `String(Math.floor(…))`); anything else counts as 0.
fn number(text: &str) -> u64 {
    scan::decimal(text).unwrap_or(0)
}

#[cfg(not(feature = "diagnostics"))]
/// The non-empty lines of `text`.
fn lines(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for line in scan::pieces(text, b'\n') {
        if !line.is_empty() {
            out.push(line);
        }
    }
    out
}

#[cfg(not(feature = "diagnostics"))]
/// 32 hex digits → 16 bytes; missing or bad digits count as zero (an id only has to tell
/// decisions apart, it guards no secret).
fn hex16(text: &str) -> [u8; 16] {
    let mut bytes = [0u8; 16];
    for (i, c) in text.bytes().take(32).enumerate() {
        let nibble = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            _ => 0,
        };
        bytes[i / 2] |= nibble << (4 * (1 - i % 2));
    }
    bytes
}
