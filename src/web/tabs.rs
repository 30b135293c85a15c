//! The site's other open tabs: a decision or a withdrawal made in one is followed in all
//! (`BroadcastChannel`, same origin only). What travels is the cookie's value, which each tab
//! checks against its own config as it would its own cookie.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{BroadcastChannel, MessageEvent};

/// The channel's name.
const CHANNEL: &str = "soglasie";

pub struct Tabs(BroadcastChannel);

impl Tabs {
    /// Listens for the other tabs' decisions; `None` where the browser has no
    /// `BroadcastChannel`.
    pub fn open(on_decision: impl Fn(String) + 'static) -> Option<Tabs> {
        let channel = BroadcastChannel::new(CHANNEL).ok()?;
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
            if let Some(value) = e.data().as_string() {
                on_decision(value);
            }
        });
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        Some(Tabs(channel))
    }

    /// Tells the other tabs the new cookie value (empty: the decision was withdrawn).
    pub fn tell(&self, value: &str) {
        let _ = self.0.post_message(&value.into());
    }
}
