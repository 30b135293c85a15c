//! Receipts: a record of each decision sent to the clinic's `soglasie-server`, so that the
//! operator can prove that consent was obtained and what it covered (152-ФЗ ст. 9 ч. 3). A
//! cookie in the patient's browser proves nothing to an inspector.
//!
//! A receipt carries as little as the proof needs: the consent id (random, in the cookie), the
//! policy hash agreed to (the server keeps the canonical text behind it), the categories, the
//! kind of decision, its time, and where it was made (origin and path, no query; only the
//! origin on a page about an illness). soglasie collects no IP address, user agent or
//! fingerprint. The JSON is the server's contract (`docs/receipts.md`).
//!
//! Receipts wait in a bounded queue in `localStorage` until the server has acknowledged them,
//! so a decision made offline, or just before the visitor leaves, is sent from a later page.

use serde::{Deserialize, Serialize};

use crate::core::config::CookieSettings;

/// The format version.
pub const VERSION: u8 = 1;
/// The `localStorage` key of the queue of receipts not yet acknowledged.
pub const QUEUE_KEY: &str = "soglasie.receipts";
/// At most this many receipts wait; the oldest goes first, with a console line.
pub const QUEUE_LIMIT: usize = 50;
/// The longest path sent (the server refuses longer ones); a longer one is cut.
pub const PATH_LIMIT: usize = 512;

/// One decision, as the server stores it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Receipt {
    pub v: u8,
    /// The consent id of the cookie (for a withdrawal, the id withdrawn).
    pub id: String,
    /// The policy hash the decision was made under.
    pub policy: String,
    /// `necessary` first, then the allowed optional categories.
    pub categories: Vec<String>,
    pub kind: Kind,
    /// Made on the re-prompt after a policy change.
    pub renewal: bool,
    /// RFC 3339 UTC with milliseconds: with the id, what makes a receipt unique.
    pub at: String,
    /// `location.origin`.
    pub origin: String,
    /// `location.pathname` (no query string); `None` on a page about an illness.
    pub path: Option<String>,
    /// soglasie's version.
    pub version: &'static str,
    /// The site's cookie settings, not stored: a `soglasie-server` on the site's own origin
    /// answers with the same cookie in `Set-Cookie`, which Safari does not cap to 7 days as it
    /// does one written by script.
    pub cookie: CookieSettings,
}

/// What the visitor did (the server reads it back: one definition for both).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// «Принять все» or `accept("all")`.
    AcceptAll,
    /// «Отклонить» or `decline()`.
    Decline,
    /// A choice of categories: «Сохранить выбор» or `accept([ids])`.
    Custom,
    /// `reset()`: the decision withdrawn.
    Withdraw,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::AcceptAll, Kind::Decline, Kind::Custom, Kind::Withdraw];

    /// The name in a receipt's JSON (and in the server's database).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::AcceptAll => "accept_all",
            Kind::Decline => "decline",
            Kind::Custom => "custom",
            Kind::Withdraw => "withdraw",
        }
    }

    pub fn parse(text: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// Where a decision was made, as a receipt names it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Place {
    pub origin: String,
    pub path: String,
}

impl Place {
    /// The path a receipt may carry: none on a page about an illness (its address is health
    /// data), else without query or fragment, cut to [`PATH_LIMIT`] bytes.
    pub fn path(&self, sensitive: bool) -> Option<String> {
        if sensitive {
            return None;
        }
        let path = self.path.split(['?', '#']).next().unwrap_or_default();
        let mut end = path.len().min(PATH_LIMIT);
        while !path.is_char_boundary(end) {
            end -= 1;
        }
        Some(
            if path.starts_with('/') {
                &path[..end]
            } else {
                "/"
            }
            .to_string(),
        )
    }
}

/// Adds a receipt (its JSON) to the queue; returns the oldest one if the queue was full and it
/// had to go.
pub fn enqueue(queue: &mut Vec<String>, receipt: String) -> Option<String> {
    queue.push(receipt);
    (queue.len() > QUEUE_LIMIT).then(|| queue.remove(0))
}

/// Whether a server's answer settles a receipt: acknowledged (2xx), or refused for good (4xx:
/// sending it again cannot help). Anything else — no answer, 5xx, 408 and 429 (try later) —
/// keeps it for a later page.
pub fn settled(status: u16) -> bool {
    (200..500).contains(&status) && status != 408 && status != 429
}

/// Whether `endpoint` (absolute, protocol-relative or relative, as the config allows) is on
/// the page's origin (`location.origin`): then the server's answer may set the site's cookie.
pub fn same_origin(endpoint: &str, page_origin: &str) -> bool {
    let absolute = if endpoint.starts_with("//") {
        let scheme = page_origin
            .split_once("//")
            .map_or("", |(scheme, _)| scheme);
        format!("{scheme}{endpoint}")
    } else if endpoint.contains("://") {
        endpoint.to_string()
    } else {
        return true;
    };
    let Some(rest) = absolute.get(page_origin.len()..) else {
        return false;
    };
    absolute[..page_origin.len()].eq_ignore_ascii_case(page_origin)
        && (rest.is_empty() || rest.starts_with(['/', '?', '#']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_endpoint_is_on_the_pages_origin_or_not() {
        let page = "https://klinika.ru";
        for same in [
            "/soglasie/v1/receipts",
            "soglasie/v1/receipts",
            "//klinika.ru/v1/receipts",
            "https://klinika.ru/v1/receipts",
            "HTTPS://Klinika.RU/v1/receipts",
        ] {
            assert!(same_origin(same, page), "{same}");
        }
        for other in [
            "https://consent.klinika.ru/v1/receipts",
            "https://klinika.ru.evil.example/v1/receipts",
            "https://klinika.ru:8443/v1/receipts",
            "http://klinika.ru/v1/receipts",
            "//consent.klinika.ru/v1/receipts",
            "https://klinika.r",
        ] {
            assert!(!same_origin(other, page), "{other}");
        }
    }

    #[test]
    fn a_receipt_is_the_servers_json() {
        let receipt = Receipt {
            v: VERSION,
            id: "kP0aBcDeFgHiJkLmNoPqw8".into(),
            policy: "6MsUR3HC1AIDcC33".into(),
            categories: vec!["necessary".into(), "analytics".into()],
            kind: Kind::AcceptAll,
            renewal: false,
            at: "2026-12-04T18:00:00.123Z".into(),
            origin: "https://klinika.example".into(),
            path: None,
            version: "0.2.0",
            cookie: CookieSettings::default(),
        };
        assert_eq!(
            serde_json::to_string(&receipt).unwrap(),
            r#"{"v":1,"id":"kP0aBcDeFgHiJkLmNoPqw8","policy":"6MsUR3HC1AIDcC33","categories":["necessary","analytics"],"kind":"accept_all","renewal":false,"at":"2026-12-04T18:00:00.123Z","origin":"https://klinika.example","path":null,"version":"0.2.0","cookie":{"name":"soglasie","maxAgeDays":365}}"#
        );
        assert_eq!(
            serde_json::to_string(&Kind::Withdraw).unwrap(),
            r#""withdraw""#
        );
    }

    #[test]
    fn paths_lose_their_query_and_are_not_sent_from_pages_about_illnesses() {
        let place = |path: &str| Place {
            origin: "https://k.example".into(),
            path: path.into(),
        };
        assert_eq!(
            place("/uslugi/?utm=1#top").path(false).as_deref(),
            Some("/uslugi/")
        );
        assert_eq!(place("/vich/").path(true), None);
        assert_eq!(place("").path(false).as_deref(), Some("/"));
        let long = format!("/{}", "я".repeat(400));
        let cut = place(&long).path(false).unwrap();
        assert!(
            cut.len() <= PATH_LIMIT && long.starts_with(&cut),
            "{}",
            cut.len()
        );
    }

    #[test]
    fn the_queue_is_bounded_and_drops_the_oldest() {
        let mut queue = Vec::new();
        for n in 0..QUEUE_LIMIT {
            assert_eq!(enqueue(&mut queue, n.to_string()), None);
        }
        assert_eq!(enqueue(&mut queue, "new".into()), Some("0".into()));
        assert_eq!(queue.len(), QUEUE_LIMIT);
        assert_eq!(queue.last().map(String::as_str), Some("new"));
    }

    #[test]
    fn only_an_answer_settles_a_receipt() {
        for status in [200, 201, 204, 400, 403, 413, 422] {
            assert!(settled(status), "{status}");
        }
        for status in [0, 408, 429, 500, 502, 503] {
            assert!(!settled(status), "{status}");
        }
    }
}
