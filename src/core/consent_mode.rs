//! Google Consent Mode v2: what Google's tags are told about the visitor's choice.
//!
//! With `"googleConsentMode": true` the session queues `gtag('consent', 'default', …)` — every
//! purpose denied but `security_storage`, `wait_for_update: 500` — ahead of anything Google's
//! tags can read, then `gtag('consent', 'update', …)` with the stored choice and on every
//! decision, withdrawal or change made in another tab. Google's tags still run only when
//! their category is allowed (the blocker and the markup hold them until then); Consent Mode
//! tells them, once they run, which of Google's purposes the visitor allowed.

use serde::Serialize;

use crate::core::decision::Engine;

/// How long Google's tags wait for an update after the default (milliseconds): the module
/// reads a returning visitor's choice well within it.
pub const WAIT_FOR_UPDATE_MS: u32 = 500;

/// The state of every consent type, as `gtag('consent', …)` takes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConsentState {
    pub ad_storage: Grant,
    pub ad_user_data: Grant,
    pub ad_personalization: Grant,
    pub analytics_storage: Grant,
    pub functionality_storage: Grant,
    pub personalization_storage: Grant,
    pub security_storage: Grant,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wait_for_update: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Grant {
    Granted,
    Denied,
}

/// One `gtag('consent', command, state)` call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GtagConsent {
    /// `"default"` or `"update"`.
    pub command: &'static str,
    pub state: ConsentState,
}

impl ConsentState {
    /// Our categories → Google's consent types, each granted when its category may run on
    /// this page (so an illness page that holds `ads` says `ad_*` denied), denied otherwise.
    /// `security_storage` is always granted: it covers what keeps the site working and safe.
    fn of(granted: impl Fn(&str) -> bool) -> ConsentState {
        let grant = |category| {
            if granted(category) {
                Grant::Granted
            } else {
                Grant::Denied
            }
        };
        ConsentState {
            ad_storage: grant("ads"),
            ad_user_data: grant("ads"),
            ad_personalization: grant("ads"),
            analytics_storage: grant("analytics"),
            functionality_storage: grant("functional"),
            personalization_storage: grant("functional"),
            security_storage: Grant::Granted,
            wait_for_update: None,
        }
    }
}

/// Before any Google tag reads the dataLayer: everything denied, and wait for the update.
pub fn default() -> GtagConsent {
    let mut state = ConsentState::of(|_| false);
    state.wait_for_update = Some(WAIT_FOR_UPDATE_MS);
    GtagConsent {
        command: "default",
        state,
    }
}

/// The visitor's choice as it stands on this page.
pub fn update(engine: &Engine) -> GtagConsent {
    GtagConsent {
        command: "update",
        state: ConsentState::of(|category| engine.runs(category)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::config::Config;

    const CONFIG: &str = r#"{
      "operator": {"name": "ООО «Тест»", "address": "г. Москва", "email": "privacy@example.ru"},
      "policy": {"url": "/privacy.html", "revision": "2026-11-01"},
      "services": ["google_analytics", "google_ads"],
      "googleConsentMode": true
    }"#;

    #[test]
    fn the_default_denies_every_purpose_but_security_and_waits_for_the_update() {
        let json = serde_json::to_string(&default().state).unwrap();
        assert_eq!(
            json,
            r#"{"ad_storage":"denied","ad_user_data":"denied","ad_personalization":"denied","analytics_storage":"denied","functionality_storage":"denied","personalization_storage":"denied","security_storage":"granted","wait_for_update":500}"#
        );
    }

    #[test]
    fn an_update_grants_what_the_visitor_allowed_and_this_page_runs() {
        let mut engine = Engine::new(Config::from_json(CONFIG).unwrap(), "", 0);
        engine.decide(vec!["analytics".into()], 1, &[1; 16]);
        let state = update(&engine).state;
        assert_eq!(state.analytics_storage, Grant::Granted);
        assert_eq!(
            [
                state.ad_storage,
                state.ad_user_data,
                state.ad_personalization
            ],
            [Grant::Denied; 3]
        );
        assert_eq!(state.functionality_storage, Grant::Denied);
        assert_eq!(state.wait_for_update, None);
        engine.decide(engine.all_optional(), 2, &[1; 16]);
        assert_eq!(update(&engine).state.ad_personalization, Grant::Granted);
        // A page about an illness holds ads: Google hears them denied there.
        engine.sensitive = true;
        let state = update(&engine).state;
        assert_eq!(
            (state.ad_storage, state.analytics_storage),
            (Grant::Denied, Grant::Granted)
        );
    }
}
