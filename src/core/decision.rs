//! The consent engine: what the visitor decided, what that allows, and what to write.
//!
//! The web layer feeds it strings (the cookie header, the clock, random bytes) and carries
//! out what it returns (cookie strings to set, names to delete), so every rule is tested
//! natively.

use base64::Engine as _;
use serde::Serialize;

use crate::catalog::name_matches;
use crate::core::config::{Config, Owner, Service, NECESSARY};
use crate::core::cookie::{self, Choice, Earlier, Stored};
use crate::core::policy;
use crate::core::record::ConsentRecord;
use crate::core::time::iso8601;

/// `consent()` of the public API, and the `detail` of `soglasie:ready` and
/// `soglasie:change`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Consent {
    pub decided: bool,
    /// `necessary` first, then the allowed optional categories in config order.
    pub categories: Vec<String>,
    /// The current policy hash (`""` while there is no usable config).
    pub policy: String,
    /// When the decision was made, ISO-8601 UTC.
    pub at: Option<String>,
    /// The random consent id kept in the cookie.
    pub id: Option<String>,
    /// This page is about an illness: its held categories do not run here
    /// (`crate::core::sensitive`).
    pub sensitive: bool,
}

impl Consent {
    /// Nothing decided, nothing optional (also while there is no usable config).
    pub fn undecided(policy: &str) -> Consent {
        Consent {
            decided: false,
            categories: vec![NECESSARY.into()],
            policy: policy.into(),
            at: None,
            id: None,
            sensitive: false,
        }
    }
}

/// What putting a new decision (or none) in place of the old one did.
#[derive(Debug)]
pub struct Outcome<'a> {
    /// The services whose category was allowed before and is not now.
    pub withdrawn: Vec<&'a Service>,
    /// Whether being decided, or the allowed categories, differ from before.
    pub changed: bool,
}

/// Consent state for one page.
#[derive(Debug, Clone)]
pub struct Engine {
    pub config: Config,
    pub hash: String,
    /// The valid decision, if any.
    pub choice: Option<Choice>,
    /// The stored decision was for an earlier policy (the banner says «Мы обновили…»): which
    /// one, until the visitor decides again.
    pub earlier: Option<Earlier>,
    /// This page is about an illness: `config.sensitive.hold` does not run here.
    pub sensitive: bool,
}

impl Engine {
    /// Reads the stored decision for `config` from a `document.cookie` string.
    pub fn new(config: Config, cookie_header: &str, now: u64) -> Engine {
        let hash = policy::hash(&config);
        let (choice, earlier) = match cookie::read(cookie_header, &config, &hash, now) {
            Stored::Valid(c) => (Some(c), None),
            Stored::Stale(earlier) => (None, Some(earlier)),
            Stored::None => (None, None),
        };
        Engine {
            config,
            hash,
            choice,
            earlier,
            sensitive: false,
        }
    }

    pub fn decided(&self) -> bool {
        self.choice.is_some()
    }

    /// The visitor decided on an earlier policy and has not decided on this one yet.
    pub fn policy_changed(&self) -> bool {
        self.earlier.is_some()
    }

    /// Whether elements of `category` may run now. `necessary` always; an unknown id never.
    pub fn allows(&self, category: &str) -> bool {
        category == NECESSARY
            || self
                .choice
                .as_ref()
                .is_some_and(|c| c.allowed.iter().any(|a| a == category))
    }

    /// Whether elements and loads of `category` may run on this page: allowed, and not held
    /// because the page is about an illness.
    pub fn runs(&self, category: &str) -> bool {
        self.allows(category) && !self.holds(category)
    }

    /// Whether this page holds `category` whatever the visitor allowed.
    pub fn holds(&self, category: &str) -> bool {
        self.sensitive && self.config.sensitive.hold.iter().any(|h| h == category)
    }

    /// Checks a requested set of categories; `Err` carries the first unknown id.
    /// `necessary` may be named and is implied anyway.
    pub fn resolve<'a>(&self, requested: &[&'a str]) -> Result<Vec<String>, &'a str> {
        if let Some(unknown) = requested
            .iter()
            .find(|id| self.config.category(id).is_none())
        {
            return Err(unknown);
        }
        Ok(self.config.optional_ids(Some(requested)))
    }

    /// What may happen to a load of `host` + `path_and_query` (lower-case host, path from `/`)
    /// that the page is about to make. Only configured services and catalog entries are
    /// touched; everything else is [`LoadVerdict::Ignore`]d.
    pub fn load_verdict(&self, host: &str, path_and_query: &str) -> LoadVerdict {
        match self.config.owner(host, path_and_query) {
            Some(Owner::Unlisted(entry)) => LoadVerdict::Unlisted(entry.id),
            Some(Owner::Listed(svc)) if self.runs(&svc.category) => LoadVerdict::Release,
            Some(Owner::Listed(_)) if self.decided() => LoadVerdict::Drop,
            Some(Owner::Listed(_)) => LoadVerdict::Hold,
            None => LoadVerdict::Ignore,
        }
    }

    /// Every optional category.
    pub fn all_optional(&self) -> Vec<String> {
        self.config.optional_ids(None)
    }

    /// Records a decision. The consent id is kept while a valid decision exists (one
    /// visitor, one id across changes of mind); `fresh_id` is used otherwise.
    pub fn decide(&mut self, allowed: Vec<String>, now: u64, fresh_id: &[u8; 16]) -> Outcome<'_> {
        let id = match &self.choice {
            Some(c) => c.id.clone(),
            None => base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(fresh_id),
        };
        self.replace_choice(Some(Choice {
            allowed,
            at: now,
            id,
        }))
    }

    /// Adopts the decision another tab made, given as our cookie's value (empty: none).
    pub fn adopt(&mut self, value: &str, now: u64) -> Outcome<'_> {
        let choice = match cookie::decode(value, &self.config, &self.hash, now) {
            Stored::Valid(choice) => Some(choice),
            _ => None,
        };
        self.replace_choice(choice)
    }

    /// The stored form of the current decision (the cookie's value), empty when there is none.
    pub fn stored_value(&self) -> String {
        self.choice
            .as_ref()
            .map(|c| cookie::encode(&self.hash, c))
            .unwrap_or_default()
    }

    /// Forgets the decision.
    pub fn reset(&mut self) -> Outcome<'_> {
        self.replace_choice(None)
    }

    /// Puts `choice` in place of the current one (the policy question is then answered).
    fn replace_choice(&mut self, choice: Option<Choice>) -> Outcome<'_> {
        let before = std::mem::replace(&mut self.choice, choice).map(|c| c.allowed);
        self.earlier = None;
        let changed = before.as_ref() != self.choice.as_ref().map(|c| &c.allowed);
        let before = before.unwrap_or_default();
        let withdrawn = self
            .config
            .services
            .iter()
            .filter(|s| before.contains(&s.category) && !self.allows(&s.category))
            .collect();
        Outcome { withdrawn, changed }
    }

    /// What `document.cookie` takes to store the current decision, or to expire it when there
    /// is none ([`cookie::write`]). Written again on a later page (`now`), it lives only as long
    /// as the consent has left: browsers that cap script-written cookies (Safari's ITP: 7 days)
    /// keep it while the visitor keeps coming, and it never outlives the consent.
    pub fn cookie_write(&self, secure: bool, now: u64) -> String {
        let stored = self.choice.as_ref().map(|c| (self.hash.as_str(), c));
        cookie::write(&self.config.cookie, stored, secure, now)
    }

    /// `consent()` of the public API.
    pub fn consent(&self) -> Consent {
        let mut consent = Consent::undecided(&self.hash);
        consent.sensitive = self.sensitive;
        if let Some(c) = &self.choice {
            consent.decided = true;
            consent.categories.extend(c.allowed.iter().cloned());
            consent.at = Some(iso8601(c.at));
            consent.id = Some(c.id.clone());
        }
        consent
    }

    /// The consent record of the current decision, for the browser's storage.
    pub fn record(&self) -> Option<ConsentRecord> {
        self.choice.as_ref().map(|c| ConsentRecord::of(self, c))
    }
}

/// The blocker's answer for one load (numbered for the boot: see `www/blocker.js`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadVerdict {
    /// Not a known tracker: never touched.
    Ignore,
    /// A configured service whose category is allowed.
    Release,
    /// A configured service, no decision yet: held until there is one.
    Hold,
    /// A configured service whose category the visitor did not allow: it does not run (the
    /// blocker keeps it back, in case the visitor allows the category on this same page).
    Drop,
    /// A catalog tracker the config does not list: the visitor was not told about it, so it
    /// never runs.
    Unlisted(&'static str),
}

impl LoadVerdict {
    /// The number the boot's blocker reads.
    pub fn code(self) -> u8 {
        match self {
            LoadVerdict::Ignore => 0,
            LoadVerdict::Release => 1,
            LoadVerdict::Hold => 2,
            LoadVerdict::Drop => 3,
            LoadVerdict::Unlisted(_) => 4,
        }
    }
}

/// What withdrawn services left on the visitor's device, to be removed: their first-party
/// cookies and `localStorage` keys. What is there is looked at when they are removed (after
/// the page has painted the visitor's click: reading cookies and storage is slow).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leftovers {
    pub services: Vec<Service>,
    /// `location.hostname`, lowercase: cookies are removed on it and its parent domains.
    pub hostname: String,
}

impl Leftovers {
    /// The `document.cookie` writes that delete them, given the page's cookies now.
    pub fn cookie_deletions(&self, cookie_header: &str) -> Vec<String> {
        let services: Vec<&Service> = self.services.iter().collect();
        cookie_deletions(&services, cookie_header, &self.hostname)
    }

    /// Which of `keys` (every `localStorage` key now) to remove.
    pub fn storage_deletions(&self, keys: &[String]) -> Vec<String> {
        let services: Vec<&Service> = self.services.iter().collect();
        storage_deletions(&services, keys)
    }
}

/// `document.cookie` writes that delete the first-party cookies of `services` found in
/// `cookie_header`, on `Path=/` for the host itself and for each parent domain (trackers
/// such as Метрика set theirs on the registrable domain). Never touches our own cookie.
pub fn cookie_deletions(services: &[&Service], cookie_header: &str, hostname: &str) -> Vec<String> {
    // "", then www.clinic.ru, clinic.ru — never the bare top-level domain.
    let mut domains = vec![""];
    let mut rest = hostname;
    while let Some((_, parent)) = rest.split_once('.') {
        domains.push(rest);
        rest = parent;
    }
    let mut names: Vec<&str> = Vec::new();
    for pair in cookie_header.split(';') {
        let name = pair.split_once('=').map_or(pair, |(n, _)| n).trim();
        let known = services
            .iter()
            .any(|s| s.cookies.iter().any(|p| name_matches(p, name)));
        if known && !name.is_empty() && !names.contains(&name) {
            names.push(name);
        }
    }
    names
        .iter()
        .flat_map(|name| {
            domains.iter().map(move |domain| match domain {
                &"" => format!("{name}=; Max-Age=0; Path=/"),
                domain => format!("{name}=; Max-Age=0; Path=/; Domain={domain}"),
            })
        })
        .collect()
}

/// Which of `keys` (localStorage) belong to `services` and should be removed.
pub fn storage_deletions(services: &[&Service], keys: &[String]) -> Vec<String> {
    keys.iter()
        .filter(|key| {
            services
                .iter()
                .any(|s| s.storage.iter().any(|p| name_matches(p, key)))
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: u64 = 1_795_512_600;
    const CONFIG: &str = r#"{
      "operator": { "name": "ООО «Клиника Пример»", "address": "г. Москва", "email": "privacy@example.ru" },
      "policy":   { "url": "/privacy.html", "revision": "2026-11-01" },
      "services": ["yandex_metrika", "top_mail_ru", "vk_pixel", "jivo"]
    }"#;

    fn engine(cookie_header: &str) -> Engine {
        Engine::new(Config::from_json(CONFIG).unwrap(), cookie_header, NOW)
    }

    fn ids(services: &[&Service]) -> Vec<String> {
        services.iter().map(|s| s.id.clone()).collect()
    }

    #[test]
    fn undecided_allows_only_necessary() {
        let e = engine("");
        assert!(!e.decided());
        assert!(e.allows("necessary"));
        assert!(!e.allows("analytics") && !e.allows("ads") && !e.allows("nonsense"));
        let json = serde_json::to_string(&e.consent()).unwrap();
        assert_eq!(
            json,
            format!(
                r#"{{"decided":false,"categories":["necessary"],"policy":"{}","at":null,"id":null,"sensitive":false}}"#,
                e.hash
            )
        );
    }

    #[test]
    fn a_decision_survives_as_a_cookie_and_keeps_its_id() {
        let mut e = engine("");
        let outcome = e.decide(e.all_optional(), NOW, &[7; 16]);
        assert!(outcome.withdrawn.is_empty() && outcome.changed);
        let write = e.cookie_write(true, NOW);
        assert!(
            write.ends_with("; Max-Age=31536000; Path=/; SameSite=Lax; Secure"),
            "{write}"
        );
        let value = write.split(';').next().unwrap();
        let mut again = engine(value);
        assert!(again.decided() && again.allows("ads") && again.allows("functional"));
        let id = again.choice.as_ref().unwrap().id.clone();
        assert_eq!(id, "BwcHBwcHBwcHBwcHBwcHBw");
        assert_eq!(
            serde_json::to_string(&again.consent()).unwrap(),
            format!(
                r#"{{"decided":true,"categories":["necessary","functional","analytics","ads"],"policy":"{}","at":"2026-11-24T09:30:00Z","id":"{id}","sensitive":false}}"#,
                again.hash
            )
        );
        // Changing one's mind keeps the id and reports what was withdrawn.
        let outcome = again.decide(vec!["functional".into()], NOW + 5, &[9; 16]);
        assert!(outcome.changed);
        assert_eq!(
            ids(&outcome.withdrawn),
            ["yandex_metrika", "top_mail_ru", "vk_pixel"]
        );
        assert_eq!(again.choice.as_ref().unwrap().id, id);
        // After reset, a new decision gets a new id.
        let outcome = again.reset();
        assert!(outcome.changed);
        assert_eq!(ids(&outcome.withdrawn), ["jivo"]);
        assert!(again
            .cookie_write(false, NOW)
            .starts_with("soglasie=; Max-Age=0; Path=/"));
        again.decide(vec![], NOW, &[9; 16]);
        assert_eq!(again.choice.as_ref().unwrap().id, "CQkJCQkJCQkJCQkJCQkJCQ");
    }

    #[test]
    fn the_cookie_written_again_lives_as_long_as_the_consent_has_left() {
        let mut e = engine("");
        e.decide(e.all_optional(), NOW, &[7; 16]);
        let year = 365 * 86_400;
        let max_age = |write: String| -> u64 {
            let part = write
                .split("; ")
                .find(|p| p.starts_with("Max-Age="))
                .unwrap();
            part["Max-Age=".len()..].parse().unwrap()
        };
        assert_eq!(max_age(e.cookie_write(false, NOW)), year);
        // Ten days later: what is left of the year, never a new year.
        let later = NOW + 10 * 86_400;
        let value = e.cookie_write(false, NOW);
        let again = Engine::new(e.config.clone(), value.split(';').next().unwrap(), later);
        assert!(again.decided());
        assert_eq!(
            max_age(again.cookie_write(false, later)),
            year - 10 * 86_400
        );
        assert_eq!(
            again.cookie_write(false, later).split(';').next(),
            value.split(';').next(),
            "the same value"
        );
        // A clock set back does not lengthen it.
        assert_eq!(max_age(again.cookie_write(false, NOW - 86_400)), year);
    }

    #[test]
    fn a_new_policy_revision_reprompts_and_says_so() {
        let mut e = engine("");
        e.decide(e.all_optional(), NOW, &[1; 16]);
        let value = e.cookie_write(false, NOW);
        let value = value.split(';').next().unwrap();
        let revised = Config::from_json(&CONFIG.replace("2026-11-01", "2026-12-01")).unwrap();
        let e2 = Engine::new(revised, value, NOW);
        assert!(!e2.decided() && e2.policy_changed());
        assert_eq!(
            e2.earlier.as_ref().map(|e| e.policy.as_str()),
            Some(e.hash.as_str())
        );
        assert!(!e2.allows("analytics"));
    }

    #[test]
    fn resolve_checks_ids_and_orders_them() {
        let e = engine("");
        assert_eq!(
            e.resolve(&["ads", "necessary", "analytics"]),
            Ok(vec!["analytics".into(), "ads".into()])
        );
        assert_eq!(e.resolve(&["ads", "marketing"]), Err("marketing"));
        assert_eq!(e.resolve(&[]), Ok(vec![]));
    }

    #[test]
    fn deletions_cover_host_and_parent_domains_and_spare_others() {
        let e = engine("");
        let services: Vec<&Service> = e.config.services.iter().collect();
        let header = "_ym_uid=1; _ym_d=2; soglasie=x; tmr_lvid=3; session=4";
        let writes = cookie_deletions(&services, header, "www.clinic.ru");
        assert_eq!(
            writes,
            [
                "_ym_uid=; Max-Age=0; Path=/",
                "_ym_uid=; Max-Age=0; Path=/; Domain=www.clinic.ru",
                "_ym_uid=; Max-Age=0; Path=/; Domain=clinic.ru",
                "_ym_d=; Max-Age=0; Path=/",
                "_ym_d=; Max-Age=0; Path=/; Domain=www.clinic.ru",
                "_ym_d=; Max-Age=0; Path=/; Domain=clinic.ru",
                "tmr_lvid=; Max-Age=0; Path=/",
                "tmr_lvid=; Max-Age=0; Path=/; Domain=www.clinic.ru",
                "tmr_lvid=; Max-Age=0; Path=/; Domain=clinic.ru",
            ]
        );
        assert_eq!(
            cookie_deletions(&services, header, "127.0.0.1").len(),
            3 * 4
        );
        let only_ads: Vec<&Service> = services
            .iter()
            .copied()
            .filter(|s| s.category == "ads")
            .collect();
        assert!(cookie_deletions(&only_ads, header, "localhost")
            .iter()
            .all(|w| w.starts_with("tmr_")));
        let keys = ["_ym_uid".to_string(), "cart".to_string()];
        assert_eq!(storage_deletions(&services, &keys), ["_ym_uid"]);
    }

    #[test]
    fn load_verdicts_follow_config_and_choice() {
        let mut e = engine("");
        let metrika = ("mc.yandex.ru", "/watch/1");
        assert_eq!(e.load_verdict(metrika.0, metrika.1), LoadVerdict::Hold);
        assert_eq!(
            e.load_verdict("top-fwz1.mail.ru", "/js/code.js"),
            LoadVerdict::Hold
        );
        assert_eq!(
            e.load_verdict("www.google-analytics.com", "/g/collect"),
            LoadVerdict::Unlisted("google_analytics")
        );
        assert_eq!(
            e.load_verdict("cdn.clinic.ru", "/app.js"),
            LoadVerdict::Ignore
        );
        assert_eq!(
            e.load_verdict("notmc.yandex.ru.evil.com", "/"),
            LoadVerdict::Ignore
        );
        e.decide(vec!["analytics".into()], NOW, &[0; 16]);
        assert_eq!(e.load_verdict(metrika.0, metrika.1), LoadVerdict::Release);
        assert_eq!(e.load_verdict("vk.com", "/rtrg?p=1"), LoadVerdict::Drop);
        assert_eq!(
            e.load_verdict("vk.com", "/id1"),
            LoadVerdict::Ignore,
            "only the pixel paths of vk.com"
        );
        assert_eq!(LoadVerdict::Unlisted("x").code(), 4);
    }

    #[test]
    fn a_site_s_own_pattern_may_name_a_query_parameter() {
        let json = CONFIG.replace(
            r#""jivo""#,
            r#"{"id": "crm_pixel", "name": "CRM", "provider": "ООО «ЦРМ»", "purpose": "Заявки.",
                "category": "ads", "hosts": ["px.crm.example/t?cid="]}"#,
        );
        let mut e = Engine::new(Config::from_json(&json).unwrap(), "", NOW);
        let host = "px.crm.example";
        assert_eq!(e.load_verdict(host, "/t?v=2&cid=7"), LoadVerdict::Hold);
        // The same path without the parameter is not that service's, nor anybody's.
        assert_eq!(e.load_verdict(host, "/t?v=2"), LoadVerdict::Ignore);
        e.decide(vec!["analytics".into()], NOW, &[0; 16]);
        assert_eq!(e.load_verdict(host, "/t?cid=7"), LoadVerdict::Drop);
        e.decide(vec!["ads".into()], NOW, &[0; 16]);
        assert_eq!(e.load_verdict(host, "/t?cid=7"), LoadVerdict::Release);
    }

    #[test]
    fn gtag_loads_belong_to_the_service_their_id_names() {
        let with = |services: &str| {
            let json = CONFIG.replace(
                r#""yandex_metrika", "top_mail_ru", "vk_pixel", "jivo""#,
                services,
            );
            Engine::new(Config::from_json(&json).unwrap(), "", NOW)
        };
        let host = "www.googletagmanager.com";
        let (ads, analytics) = ("/gtag/js?id=AW-123", "/gtag/js?id=G-ABC");
        // Both listed, in either order: the first configured match must not take the other's.
        for services in [
            r#""google_analytics", "google_ads""#,
            r#""google_ads", "google_analytics""#,
        ] {
            let mut e = with(services);
            e.decide(vec!["ads".into()], NOW, &[0; 16]);
            assert_eq!(e.load_verdict(host, ads), LoadVerdict::Release);
            assert_eq!(e.load_verdict(host, analytics), LoadVerdict::Drop);
            e.decide(vec!["analytics".into()], NOW, &[0; 16]);
            assert_eq!(e.load_verdict(host, ads), LoadVerdict::Drop);
            assert_eq!(e.load_verdict(host, analytics), LoadVerdict::Release);
        }
        // Only one listed: the other's loads are never released under its consent.
        let mut e = with(r#""google_analytics""#);
        e.decide(e.all_optional(), NOW, &[0; 16]);
        assert_eq!(e.load_verdict(host, analytics), LoadVerdict::Release);
        assert_eq!(
            e.load_verdict(host, ads),
            LoadVerdict::Unlisted("google_ads")
        );
        let mut e = with(r#""google_ads""#);
        e.decide(e.all_optional(), NOW, &[0; 16]);
        assert_eq!(
            e.load_verdict(host, analytics),
            LoadVerdict::Unlisted("google_analytics")
        );
        // Every other form of gtag.js is Google's tag too, held as Analytics, not let
        // through: other ids (UA-, GT-), no id, a renamed dataLayer before the id.
        for path in [
            "/gtag/js?id=GT-XYZ",
            "/gtag/js?id=UA-1-1",
            "/gtag/js",
            "/gtag/js?l=dl&id=G-1",
        ] {
            assert_eq!(
                e.load_verdict(host, path),
                LoadVerdict::Unlisted("google_analytics"),
                "{path}"
            );
        }
        assert_eq!(
            e.load_verdict(host, "/gtag/js?l=dl&id=AW-1"),
            LoadVerdict::Release
        );
        // With only Analytics listed, Ads in its renamed-dataLayer form stays Ads'.
        let mut e = with(r#""google_analytics""#);
        e.decide(e.all_optional(), NOW, &[0; 16]);
        assert_eq!(
            e.load_verdict(host, "/gtag/js?l=dl&id=AW-1"),
            LoadVerdict::Unlisted("google_ads")
        );
        assert_eq!(
            e.load_verdict(host, "/gtag/js?id=UA-1-1"),
            LoadVerdict::Release
        );
    }

    #[test]
    fn another_tab_s_decision_is_adopted_and_reports_withdrawals() {
        let mut here = engine("");
        let mut there = engine("");
        there.decide(there.all_optional(), NOW, &[3; 16]);
        let outcome = here.adopt(&there.stored_value(), NOW);
        assert!(outcome.withdrawn.is_empty() && outcome.changed);
        assert!(here.allows("ads"));
        assert_eq!(here.choice, there.choice);
        there.decide(vec![], NOW + 1, &[3; 16]);
        let outcome = here.adopt(&there.stored_value(), NOW + 1);
        assert_eq!(
            ids(&outcome.withdrawn),
            ["yandex_metrika", "top_mail_ru", "vk_pixel", "jivo"]
        );
        assert!(here.decided() && !here.allows("ads"));
        assert!(here.adopt("", NOW).withdrawn.is_empty());
        assert!(!here.decided());
        let outcome = here.adopt("garbage", NOW);
        assert!(outcome.withdrawn.is_empty() && !outcome.changed && !here.decided());
    }
}
