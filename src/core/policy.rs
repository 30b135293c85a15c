//! The policy hash: a short digest of what the visitor agrees to.
//!
//! Canonical text: [`Canonical`] written by `serde_json` (UTF-8, no whitespace, members in
//! the order below, optional members left out when absent):
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
//! `wording` is a catalog service's [`crate::catalog::Entry::wording_digest`] (so an edited
//! catalog text asks again); `provider` and `purpose` are the config's own, when it states them
//! (always for a service of the site's own).
//!
//! Hashed with SHA-256; the hash is the first 16 characters of the digest's base64url form
//! (96 bits). Titles, descriptions, button texts, colours, the cookie settings, the order of
//! categories and services, the operator's phone, and hosts/cookies lists do not take part:
//! changing them does not ask visitors again. The policy URL is hashed as written, so the
//! CLI and the browser agree whatever page the visitor is on.

use std::borrow::Cow;
use std::io;

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use serde_json::ser::{CharEscape, CompactFormatter, Formatter};
use sha2::{Digest, Sha256};

use crate::core::config::Config;

/// Length of the hash in characters.
pub const HASH_LEN: usize = 16;

/// What the visitor agrees to, in the canonical form's order. Written by [`canonical`], and
/// read back from a consent record (`crate::core::record`) to say what changed since.
#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Canonical<'a> {
    pub v: u32,
    pub operator: CanonicalOperator<'a>,
    pub policy: CanonicalPolicy<'a>,
    pub categories: Vec<Cow<'a, str>>,
    pub services: Vec<CanonicalService<'a>>,
}

#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CanonicalOperator<'a> {
    pub name: Cow<'a, str>,
    pub address: Cow<'a, str>,
    pub email: Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inn: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ogrn: Option<Cow<'a, str>>,
}

#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CanonicalPolicy<'a> {
    pub url: Cow<'a, str>,
    pub revision: Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub digest: Option<Cow<'a, str>>,
}

#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CanonicalService<'a> {
    pub id: Cow<'a, str>,
    pub category: Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wording: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purpose: Option<Cow<'a, str>>,
    pub abroad: bool,
}

/// The canonical form's version (`v`).
pub const CANONICAL_VERSION: u32 = 1;

impl<'a> Canonical<'a> {
    pub fn of(config: &'a Config) -> Canonical<'a> {
        let op = &config.operator;
        let borrowed = |s: &'a Option<String>| s.as_deref().map(Cow::Borrowed);
        let mut categories: Vec<&str> = config
            .categories
            .iter()
            .filter(|c| !c.is_necessary())
            .map(|c| c.id.as_str())
            .collect();
        categories.sort_unstable();
        // Sorted as ids (one sort of `&str` serves both lists), then looked up.
        let mut ids: Vec<&str> = config.services.iter().map(|s| s.id.as_str()).collect();
        ids.sort_unstable();
        let services = ids
            .iter()
            .filter_map(|id| config.service(id))
            .map(|s| CanonicalService {
                id: Cow::Borrowed(&s.id),
                category: Cow::Borrowed(&s.category),
                wording: s.entry.map(|e| e.wording_digest()),
                provider: borrowed(&s.provider),
                purpose: borrowed(&s.purpose),
                abroad: s.abroad,
            })
            .collect();
        Canonical {
            v: CANONICAL_VERSION,
            operator: CanonicalOperator {
                name: Cow::Borrowed(&op.name),
                address: Cow::Borrowed(&op.address),
                email: Cow::Borrowed(&op.email),
                inn: borrowed(&op.inn),
                ogrn: borrowed(&op.ogrn),
            },
            policy: CanonicalPolicy {
                url: Cow::Borrowed(&config.policy.url),
                revision: Cow::Borrowed(&config.policy.revision),
                digest: borrowed(&config.policy.digest),
            },
            categories: categories.into_iter().map(Cow::Borrowed).collect(),
            services,
        }
    }
}

/// serde_json's compact form, but U+0008 and U+000C written as `\u0008` and `\u000c` like the
/// other control characters, as the canonical form has always written them (the hash of a
/// config must not change with the writer).
struct CanonicalFormatter;

impl Formatter for CanonicalFormatter {
    fn write_char_escape<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        char_escape: CharEscape,
    ) -> io::Result<()> {
        match char_escape {
            CharEscape::Backspace => writer.write_all(b"\\u0008"),
            CharEscape::FormFeed => writer.write_all(b"\\u000c"),
            other => CompactFormatter.write_char_escape(writer, other),
        }
    }
}

/// The canonical text the hash is computed over (exposed so the CLI can show it).
pub fn canonical(config: &Config) -> String {
    let mut out = Vec::new();
    let mut writer = serde_json::Serializer::with_formatter(&mut out, CanonicalFormatter);
    // Strings and booleans into a Vec: serde_json cannot fail here.
    if Canonical::of(config).serialize(&mut writer).is_err() {
        return String::new();
    }
    String::from_utf8(out).unwrap_or_default()
}

/// The policy hash of a config.
pub fn hash(config: &Config) -> String {
    hash_canonical(&canonical(config))
}

/// The policy hash of a canonical text (a consent record's, to check it is what the visitor's
/// cookie says was agreed).
pub fn hash_canonical(canonical: &str) -> String {
    let digest = Sha256::digest(canonical);
    // Every 3 bytes are 4 characters on their own, so the first 12 bytes encode to exactly
    // the first 16 characters of the whole digest's form.
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&digest[..HASH_LEN / 4 * 3])
}

/// The digest of a policy document's wording, for `policy.digest` (`soglasie hash --policy`):
/// the policy hash's form over its words, whitespace of any kind between them counting as one
/// space — so reflowing or re-marking-up the text does not change it, and editing a word does.
pub fn document_digest(words: &str) -> String {
    let normalised: Vec<&str> = words.split_whitespace().collect();
    hash_canonical(&normalised.join(" "))
}

/// Whether `s` could be a hash or an id: base64url characters only.
pub fn is_base64url(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
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
        assert!(is_base64url(&h));
        // Pinned: a change here re-prompts every visitor of every site. Change it only on purpose.
        assert_eq!(h, "6MsUR3HC1AIDcC33");
    }

    #[test]
    fn a_documents_digest_follows_its_words_not_their_layout() {
        let digest = document_digest("Политика обработки\n  персональных данных.");
        assert_eq!(digest.len(), HASH_LEN);
        assert_eq!(
            digest,
            document_digest(" Политика\u{a0}обработки персональных\tданных.\n")
        );
        assert_ne!(
            digest,
            document_digest("Политика обработки персональных данных!")
        );
    }

    #[test]
    fn control_characters_are_written_as_the_canonical_form_always_has() {
        let text = BASE.replace("Примерная", r"При\b\f\t\u0001мерная");
        let c = Config::from_json(&text).unwrap();
        assert!(canonical(&c)
            .contains(r#""address":"г. Москва, ул. При\u0008\u000c\t\u0001мерная, д. 1""#));
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
