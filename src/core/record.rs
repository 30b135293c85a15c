//! The consent record: what the visitor agreed to, in more detail than the cookie can hold.
//!
//! The web layer keeps it in `localStorage` under [`KEY`] (gloo-storage) at each decision.
//! The cookie stays the source of truth for the decision: storage may be blocked, cleared or
//! forged, so a missing or unreadable record changes nothing. It carries the canonical text of
//! the policy agreed to, which a later page compares with the current policy to say what
//! changed since ([`crate::core::changes`]) — only when that text hashes to the policy hash
//! in the visitor's cookie ([`ConsentRecord::agreed`]).

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::core::cookie::{Choice, Earlier};
use crate::core::decision::Engine;
use crate::core::policy::{self, Canonical};
use crate::core::time::iso8601;

/// The `localStorage` key.
pub const KEY: &str = "soglasie.record";

/// Version of the record's shape (2: the canonical text agreed to, and service names).
pub const VERSION: u32 = 2;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsentRecord {
    pub version: u32,
    /// The policy hash agreed to.
    pub policy: String,
    /// The canonical text agreed to ([`crate::core::policy::canonical`]): hashes to `policy`.
    pub terms: String,
    /// The policy revision agreed to.
    pub revision: String,
    /// The operator the consent was given to.
    pub operator: String,
    /// The consent id (as in the cookie).
    pub id: String,
    /// When, ISO-8601 UTC.
    pub at: String,
    /// Every category offered, and whether it was allowed (`necessary` always is).
    pub categories: Vec<RecordedCategory>,
    /// Every service offered, with what the visitor was told about it.
    pub services: Vec<RecordedService>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordedCategory {
    pub id: String,
    pub allowed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordedService {
    pub id: String,
    /// The name the dialog showed (to name a service that has since been removed).
    pub name: String,
    pub category: String,
    pub provider: String,
    /// A digest of the Russian purpose the visitor agreed to ([`purpose_digest`]).
    pub purpose: String,
    pub allowed: bool,
}

impl ConsentRecord {
    /// The record of `choice` under the engine's config.
    pub fn of(engine: &Engine, choice: &Choice) -> ConsentRecord {
        let config = &engine.config;
        ConsentRecord {
            version: VERSION,
            policy: engine.hash.clone(),
            terms: policy::canonical(config),
            revision: config.policy.revision.clone(),
            operator: config.operator.name.clone(),
            id: choice.id.clone(),
            at: iso8601(choice.at),
            categories: config
                .categories
                .iter()
                .map(|c| RecordedCategory {
                    id: c.id.clone(),
                    allowed: engine.allows(&c.id),
                })
                .collect(),
            services: config
                .services
                .iter()
                .map(|s| RecordedService {
                    id: s.id.clone(),
                    name: s.display_name().to_string(),
                    category: s.category.clone(),
                    provider: s.display_provider().to_string(),
                    purpose: purpose_digest(s.purpose_ru()),
                    allowed: engine.allows(&s.category),
                })
                .collect(),
        }
    }

    /// A record read back from storage, if it is one of this shape (anything else — absent,
    /// cleared, of another version, forged into another shape — is no record).
    pub fn from_json(text: &str) -> Option<ConsentRecord> {
        serde_json::from_str(text)
            .ok()
            .filter(ConsentRecord::is_current)
    }

    /// Whether the record is of this version's shape.
    pub fn is_current(&self) -> bool {
        self.version == VERSION
    }

    /// The terms agreed to, if this record is the one behind the cookie's `earlier` decision:
    /// the same consent id and policy hash, and terms that hash to it. Anything else (a record
    /// of another decision, one edited by hand or forged) says nothing about what changed.
    pub fn agreed(&self, earlier: &Earlier) -> Option<Canonical<'_>> {
        let genuine = self.is_current()
            && self.id == earlier.id
            && self.policy == earlier.policy
            && policy::hash_canonical(&self.terms) == self.policy;
        genuine
            .then(|| serde_json::from_str(&self.terms).ok())
            .flatten()
    }
}

/// The first 16 hex digits of SHA-256 of a purpose text: enough to notice it changed.
pub fn purpose_digest(purpose: &str) -> String {
    Sha256::digest(purpose)[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::config::Config;

    const CONFIG: &str = r#"{
      "operator": {"name": "ООО «Тест»", "address": "г. Москва", "email": "privacy@example.ru"},
      "policy": {"url": "/privacy.html", "revision": "2026-11-01"},
      "services": ["yandex_metrika", "top_mail_ru"]
    }"#;

    #[test]
    fn a_decision_is_recorded_with_what_was_offered_and_allowed() {
        let mut engine = Engine::new(Config::from_json(CONFIG).unwrap(), "", 0);
        assert_eq!(engine.record(), None, "nothing decided, nothing recorded");
        engine.decide(vec!["analytics".into()], 1_795_512_600, &[7; 16]);
        let record = engine.record().unwrap();
        assert_eq!(
            (record.policy.as_str(), record.revision.as_str()),
            (engine.hash.as_str(), "2026-11-01")
        );
        assert_eq!(record.at, "2026-11-24T09:30:00Z");
        let allowed: Vec<(&str, bool)> = record
            .categories
            .iter()
            .map(|c| (c.id.as_str(), c.allowed))
            .collect();
        assert_eq!(
            allowed,
            [
                ("necessary", true),
                ("functional", false),
                ("analytics", true),
                ("ads", false)
            ]
        );
        let metrika = &record.services[0];
        assert_eq!(
            (
                metrika.id.as_str(),
                metrika.provider.as_str(),
                metrika.allowed
            ),
            ("yandex_metrika", "ООО «Яндекс»", true)
        );
        assert_eq!(metrika.purpose.len(), 16);
        assert!(!record.services[1].allowed);
        // Round trip through its JSON form.
        let text = serde_json::to_string(&record).unwrap();
        assert_eq!(ConsentRecord::from_json(&text), Some(record));
    }

    #[test]
    fn anything_but_a_record_of_this_shape_is_no_record() {
        for text in ["", "null", "{}", "[1]", "garbage", r#"{"version": 2}"#] {
            assert_eq!(ConsentRecord::from_json(text), None, "{text}");
        }
        let mut engine = Engine::new(Config::from_json(CONFIG).unwrap(), "", 0);
        engine.decide(vec![], 1, &[1; 16]);
        let text = serde_json::to_string(&engine.record()).unwrap();
        assert!(
            ConsentRecord::from_json(&text.replace("\"version\":2", "\"version\":1")).is_none()
        );
        assert!(ConsentRecord::from_json(&text.replace("\"at\"", "\"when\"")).is_none());
    }

    #[test]
    fn only_the_record_behind_the_cookie_tells_what_was_agreed() {
        let mut engine = Engine::new(Config::from_json(CONFIG).unwrap(), "", 0);
        engine.decide(vec![], 1, &[1; 16]);
        let record = engine.record().unwrap();
        let earlier = Earlier {
            policy: engine.hash.clone(),
            id: record.id.clone(),
        };
        let agreed = record.agreed(&earlier).unwrap();
        assert_eq!(agreed, Canonical::of(&engine.config));
        // Another decision's record, another policy's, or terms that are not what was hashed.
        let other_id = Earlier {
            id: "AAAAAAAAAAAAAAAAAAAAAA".into(),
            ..earlier.clone()
        };
        assert_eq!(record.agreed(&other_id), None);
        let other_policy = Earlier {
            policy: "AAAAAAAAAAAAAAAA".into(),
            ..earlier.clone()
        };
        assert_eq!(record.agreed(&other_policy), None);
        let forged = ConsentRecord {
            terms: record.terms.replace("top_mail_ru", "top_mail_rx"),
            ..record.clone()
        };
        assert_eq!(forged.agreed(&earlier), None);
        let old = ConsentRecord {
            version: 1,
            ..record
        };
        assert_eq!(old.agreed(&earlier), None);
    }
}
