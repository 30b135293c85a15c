//! The policy hash: a short digest of what the visitor agrees to.
//!
//! Canonical text (UTF-8 JSON, no whitespace, keys in this fixed order, strings escaped by
//! [`json::push_string`]; optional members left out when absent):
//!
//! ```text
//! {"v":1,
//!  "operator":{"name":…,"address":…,"email":…[,"inn":…][,"ogrn":…]},
//!  "policy":{"url":…,"revision":…[,"digest":…]},
//!  "categories":[…ids of optional categories, sorted…],
//!  "services":[{"id":…,"category":…[,"wording":…][,"provider":…][,"purpose":…],"abroad":bool},
//!              …sorted by id…]}
//! ```
//!
//! `wording` is a catalog service's [`crate::catalog::Known::wording`], the digest of the
//! catalog's provider and Russian purpose (so an edited catalog text asks again without the
//! texts shipping in the Wasm); `provider` and `purpose` are the config's own, when it states
//! them (always for a service of the site's own).
//!
//! hashed with SHA-256; the hash is the first 16 characters of the digest's base64url form
//! (96 bits). Titles, descriptions, button texts, colours, the cookie settings, the order of
//! categories and services, the operator's phone, and hosts/cookies lists do not take part:
//! changing them does not ask visitors again. The policy URL is hashed as written, so the
//! CLI and the browser agree whatever page the visitor is on.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::base64;
use crate::core::config::{Config, Service};
use crate::core::json::push_string;
use crate::core::sha256;

/// Length of the hash in characters.
pub const HASH_LEN: usize = 16;

/// The canonical text the hash is computed over (exposed so the CLI can show it).
pub fn canonical(config: &Config) -> String {
    let mut s = String::from("{\"v\":1,\"operator\":{");
    let op = &config.operator;
    member(&mut s, "name", &op.name, false);
    member(&mut s, "address", &op.address, true);
    member(&mut s, "email", &op.email, true);
    if let Some(inn) = &op.inn {
        member(&mut s, "inn", inn, true);
    }
    if let Some(ogrn) = &op.ogrn {
        member(&mut s, "ogrn", ogrn, true);
    }
    s.push_str("},\"policy\":{");
    member(&mut s, "url", &config.policy.url, false);
    member(&mut s, "revision", &config.policy.revision, true);
    if let Some(digest) = &config.policy.digest {
        member(&mut s, "digest", digest, true);
    }
    s.push_str("},\"categories\":[");
    let mut ids = config.optional_ids(None);
    sort_by_key(&mut ids, String::as_str);
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        push_string(&mut s, id);
    }
    s.push_str("],\"services\":[");
    let mut services: Vec<&Service> = Vec::with_capacity(config.services.len());
    for svc in &config.services {
        services.push(svc);
    }
    sort_by_key(&mut services, |s| &s.id);
    for (i, svc) in services.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        s.push('{');
        member(&mut s, "id", &svc.id, false);
        member(&mut s, "category", &svc.category, true);
        if let Some(entry) = svc.entry.and_then(|e| crate::catalog::CATALOG.get(e)) {
            s.push_str(",\"wording\":\"");
            for &b in &entry.wording {
                s.push(char::from(b));
            }
            s.push('"');
        }
        for (key, value) in &[("provider", &svc.provider), ("purpose", &svc.purpose)] {
            if let Some(v) = value {
                member(&mut s, key, v, true);
            }
        }
        s.push_str(if svc.abroad {
            ",\"abroad\":true}"
        } else {
            ",\"abroad\":false}"
        });
    }
    s.push_str("]}");
    s
}

/// The policy hash of a config.
pub fn hash(config: &Config) -> String {
    let digest = sha256::digest(canonical(config).as_bytes());
    // Every 3 bytes are 4 characters on their own, so the first 12 bytes encode to exactly
    // the first 16 characters of the whole digest's form.
    base64::encode(&digest[..HASH_LEN / 4 * 3])
}

/// Insertion sort: these lists are a handful of items, and the standard library's sorts
/// cost ~2.5 KB of Wasm per instantiation.
fn sort_by_key<T>(items: &mut [T], key: impl Fn(&T) -> &str) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && key(&items[j - 1]) > key(&items[j]) {
            items.swap(j - 1, j);
            j -= 1;
        }
    }
}

fn member(s: &mut String, key: &str, value: &str, comma: bool) {
    if comma {
        s.push(',');
    }
    push_string(s, key);
    s.push(':');
    push_string(s, value);
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = r#"{
      "operator": { "name": "ООО «Клиника Пример»", "address": "г. Москва, ул. Примерная, д. 1",
                    "email": "privacy@example.ru" },
      "policy":   { "url": "/privacy.html", "revision": "2026-11-01" },
      "services": ["yandex_metrika", "top_mail_ru", "vk_pixel"]
    }"#;

    fn hash_of(text: &str) -> String {
        hash(&Config::from_json(text).unwrap_or_else(|e| panic!("{e:?}")))
    }

    #[test]
    fn is_16_urlsafe_characters_and_stable() {
        let h = hash_of(BASE);
        assert_eq!(h.len(), HASH_LEN);
        assert!(base64::is_alphabet(&h));
        // Pinned: a change here re-prompts every visitor of every site. Change it only on purpose.
        assert_eq!(h, hash_of(BASE));
        assert_eq!(h, "6MsUR3HC1AIDcC33");
    }

    #[test]
    fn canonical_text_is_documented_form() {
        let c = Config::from_json(BASE).unwrap();
        let text = canonical(&c);
        assert!(text.starts_with(r#"{"v":1,"operator":{"name":"ООО «Клиника Пример»","address":"#));
        assert!(text.contains(r#""policy":{"url":"/privacy.html","revision":"2026-11-01"}"#));
        assert!(text.contains(r#""categories":["ads","analytics","functional"]"#));
        let top = text.find("\"top_mail_ru\"").unwrap();
        let vk = text.find("\"vk_pixel\"").unwrap();
        let ym = text.find("\"yandex_metrika\"").unwrap();
        assert!(top < vk && vk < ym, "services sorted by id");
    }

    /// Edits that are not material: the visitor is not asked again.
    #[test]
    fn presentation_edits_keep_the_hash() {
        let base = hash_of(BASE);
        let same = [
            BASE.replace("\"services\"", r#""texts": {"bannerTitle": "Cookie"}, "services""#),
            BASE.replace("\"services\"", r##""ui": {"accent": "#0a7", "floatingButton": false}, "services""##),
            BASE.replace("\"services\"", r#""cookie": {"maxAgeDays": 90}, "language": "en", "services""#),
            BASE.replace(r#"["yandex_metrika", "top_mail_ru", "vk_pixel"]"#, r#"["vk_pixel", "yandex_metrika", "top_mail_ru"]"#),
            BASE.replace("\"services\"", r#""categories": ["ads", "analytics", "functional"], "services""#),
            BASE.replace("\"services\"", r#""categories": [{"id": "analytics", "title": "Статистика"}, "functional", "ads"], "services""#),
            BASE.replace(r#""email": "privacy@example.ru""#, r#""email": "privacy@example.ru", "phone": "+7 495 000-00-00""#),
            BASE.replace(r#""vk_pixel""#, r#"{"id": "vk_pixel", "cookies": ["x_*"], "hosts": ["px.example.ru"]}"#),
        ];
        for text in same {
            assert_eq!(hash_of(&text), base, "{text}");
        }
    }

    /// Edits that are material: every one changes the hash.
    #[test]
    fn material_edits_change_the_hash() {
        let base = hash_of(BASE);
        let changed = [
            BASE.replace("2026-11-01", "2026-12-01"),
            BASE.replace("/privacy.html", "/privacy/"),
            BASE.replace("\"revision\"", r#""digest": "sha256-abc", "revision""#),
            BASE.replace("ООО «Клиника Пример»", "ООО «Клиника Пример Плюс»"),
            BASE.replace("ул. Примерная, д. 1", "ул. Примерная, д. 2"),
            BASE.replace("privacy@example.ru", "dpo@example.ru"),
            BASE.replace(r#""email""#, r#""inn": "7700000000", "email""#),
            BASE.replace(r#""vk_pixel"]"#, r#""vk_pixel", "google_analytics"]"#),
            BASE.replace(r#", "vk_pixel""#, ""),
            BASE.replace(r#""vk_pixel""#, r#"{"id": "vk_pixel", "purpose": "Ретаргетинг."}"#),
            BASE.replace(r#""vk_pixel""#, r#"{"id": "vk_pixel", "provider": "VK"}"#),
            BASE.replace(r#""vk_pixel""#, r#"{"id": "vk_pixel", "abroad": true}"#),
            BASE.replace(r#""vk_pixel""#, r#"{"id": "vk_pixel", "category": "analytics"}"#),
            BASE.replace("\"services\"", r#""categories": ["analytics", "ads"], "services""#),
            BASE.replace("\"services\"", r#""categories": ["functional", "analytics", "ads", {"id": "video", "title": "Видео"}], "services""#),
        ];
        let mut seen = vec![base];
        for text in changed {
            let h = hash_of(&text);
            assert!(!seen.contains(&h), "{text} did not change the hash");
            seen.push(h);
        }
    }
}
