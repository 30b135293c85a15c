//! Receipts on their way to `soglasie-server` ([`crate::core::receipt`]).
//!
//! Each receipt is queued in `localStorage` (gloo-storage) before it is sent, and leaves the
//! queue only once the server has answered for it: acknowledged, or refused for good. So a
//! receipt sent just before the visitor leaves, or while the server is down, goes again from
//! a later page (the server takes the same receipt twice as once). It is posted with
//! `fetch(…, {keepalive: true})`, which outlives the page and, unlike `sendBeacon`, tells
//! whether the server took it; `sendBeacon` is the last resort for a receipt that cannot wait
//! (no storage) when `fetch` fails. The visitor never waits for any of it.
//!
//! Queuing is part of every decision ([`keep`]); sending comes with the part of the module
//! loaded when used (`crate::web::later::deliver_receipts`), so a receipt is kept even while
//! that part is still on its way, or if it never comes.

use gloo_storage::{LocalStorage, Storage};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{RequestCredentials, RequestInit, Response};

use crate::core::receipt::{self, Receipt, QUEUE_KEY};
use crate::web::error::log;
use crate::web::record::available;

/// A receipt's text, and whether it waits in the queue (without storage it can only be sent
/// at once).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    pub json: String,
    pub queued: bool,
}

/// Queues a receipt, to be sent by [`deliver`] (or [`beacon`]).
pub fn keep(receipt: &Receipt) -> Option<Kept> {
    let json = serde_json::to_string(receipt).ok()?;
    if !available() {
        return Some(Kept {
            json,
            queued: false,
        });
    }
    let mut queue = queued();
    if let Some(dropped) = receipt::enqueue(&mut queue, json.clone()) {
        log(&format!(
            "soglasie: {} receipts wait for the server; the oldest was dropped: {dropped}",
            receipt::QUEUE_LIMIT
        ));
    }
    let _ = LocalStorage::set(QUEUE_KEY, &queue);
    Some(Kept { json, queued: true })
}

/// Sends a receipt where nothing can be waited for (the page going away, or `fetch` failed for
/// one that cannot wait): the beacon outlives the page, but is not answered. Says whether the
/// browser took it.
pub fn beacon(endpoint: &str, json: &str) -> bool {
    web_sys::window().is_some_and(|window| {
        window
            .navigator()
            .send_beacon_with_opt_str(endpoint, Some(json))
            .unwrap_or(false)
    })
}

/// Beacons every receipt waiting in the queue. They stay queued: a beacon is not answered,
/// so a later page sends them again (the server takes the same receipt twice as once).
pub fn beacon_queued(endpoint: &str) {
    if waiting() {
        for json in queued() {
            beacon(endpoint, &json);
        }
    }
}

/// Whether receipts wait to be sent (earlier pages could not send them).
pub fn waiting() -> bool {
    available()
        && LocalStorage::raw()
            .get_item(QUEUE_KEY)
            .is_ok_and(|q| q.is_some())
}

/// Sends `unkept` — a receipt no storage could keep: one try, and a line if it fails — and
/// every receipt waiting in the queue.
pub fn deliver(endpoint: &str, unkept: Option<String>) {
    if let Some(json) = unkept {
        post(endpoint, json, false);
    }
    if available() {
        for json in queued() {
            post(endpoint, json, true);
        }
    }
}

fn queued() -> Vec<String> {
    LocalStorage::get::<Vec<String>>(QUEUE_KEY).unwrap_or_default()
}

/// Takes a receipt the server has answered for out of the queue.
fn settle(json: &str) {
    let mut queue = queued();
    let Some(at) = queue.iter().position(|q| q == json) else {
        return;
    };
    queue.remove(at);
    if queue.is_empty() {
        LocalStorage::delete(QUEUE_KEY);
    } else {
        let _ = LocalStorage::set(QUEUE_KEY, &queue);
    }
}

/// Posts one receipt as text (a CORS-simple request: no preflight); `kept` says it waits in
/// the queue, and leaves it once the server answers for it.
fn post(endpoint: &str, json: String, kept: bool) {
    let endpoint = endpoint.to_string();
    let Some(window) = web_sys::window() else {
        return;
    };
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(&json));
    // A server on the site's own origin gets the choice's cookie and answers with a copy that
    // Safari does not cap (`Receipt::cookie`); a server elsewhere gets no cookie at all.
    init.set_credentials(RequestCredentials::SameOrigin);
    // web-sys has no setter for it yet: the request outlives the page that sends it.
    let _ = js_sys::Reflect::set(&init, &"keepalive".into(), &JsValue::TRUE);
    let answer = window.fetch_with_str_and_init(&endpoint, &init);
    let body = json.clone();
    let answered = Closure::once(move |response: JsValue| {
        let status = response.dyn_into::<Response>().map_or(0, |r| r.status());
        if !receipt::settled(status) {
            return;
        }
        if status >= 400 {
            log(&format!(
                "soglasie: the receipts server refused a receipt ({status}): {body}"
            ));
        }
        if kept {
            settle(&body);
        }
    });
    let failed = Closure::once(move |_: JsValue| {
        // A kept receipt waits for a later page; one that cannot wait gets the beacon.
        if !kept && !beacon(&endpoint, &json) {
            log("soglasie: a receipt could not be sent, and without storage it cannot wait");
        }
    });
    let _ = answer.then2(&answered, &failed);
    // Each runs once, when the answer comes; the page may be gone by then.
    answered.forget();
    failed.forget();
}
