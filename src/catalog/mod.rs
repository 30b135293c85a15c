//! The tracker catalog: every service a clinic site is likely to carry, as plain data.
//!
//! This is the one source of truth for service descriptions in the dialog, for the cookies
//! removed on withdrawal, and for the URL patterns that recognise a tracker's loads (the
//! boot's blocker gets them at build time: `soglasie hosts`). Facts and their sources are in
//! `SOURCES.md` next to this file; where a fact was unconfirmed the entry leaves it out rather
//! than guess (for example, no cookie list for VK's pixel, whose cookies live on vk.com and
//! cannot be removed by the site anyway).

mod data;
// The names policies use, for checking a policy names every tracker (`soglasie scan --policy`).
#[cfg(not(target_arch = "wasm32"))]
pub mod names;
// Data for the command line (suggesting `sensitive.paths`): not part of the browser module.
#[cfg(not(target_arch = "wasm32"))]
pub mod topics;

use base64::Engine as _;
use sha2::{Digest, Sha256};

pub use data::ENTRIES;

/// One known service.
#[derive(Debug, PartialEq, Eq)]
pub struct Entry {
    /// Stable id used in configs and `data-service` (`[a-z][a-z0-9_]*`).
    pub id: &'static str,
    /// Display name, as the visitor knows it.
    pub name: &'static str,
    /// Who receives the data (legal name where confirmed, brand otherwise).
    pub provider: &'static str,
    /// Default category id; a config may move the service to another optional category.
    pub category: &'static str,
    /// One-line purpose in Russian (hashed into the policy: changing it re-prompts).
    pub purpose_ru: &'static str,
    /// The same purpose in English, shown when the dialog is in English.
    pub purpose_en: &'static str,
    /// Data is transferred outside Russia (152-ФЗ ст. 12 applies).
    pub abroad: bool,
    /// URL patterns the service loads from or reports to: `host` (with its subdomains),
    /// `host/path-prefix`, `host/path?param=prefix`. See [`pattern_matches`].
    pub hosts: &'static [&'static str],
    /// First-party cookies the service sets; a trailing `*` means "names starting with", and
    /// `@lifetime` says how long it lives (see [`split_lifetime`]): `_ym_uid@1y`.
    pub cookies: &'static [&'static str],
    /// localStorage keys the service sets, same notation without lifetimes.
    pub storage: &'static [&'static str],
}

/// Length of [`Entry::wording_digest`]: 48 bits in base64url, plenty to notice an edited text.
pub const WORDING_LEN: usize = 8;

impl Entry {
    /// The first [`WORDING_LEN`] base64url characters of SHA-256(provider LF Russian purpose):
    /// the catalog's wording the visitor agrees to, as the policy hash covers it. A reworded
    /// entry asks every visitor again, as a site's own rewording does.
    pub fn wording_digest(&self) -> String {
        let digest = Sha256::new()
            .chain_update(self.provider)
            .chain_update("\n")
            .chain_update(self.purpose_ru)
            .finalize();
        let mut text = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest);
        text.truncate(WORDING_LEN);
        text
    }
}

/// Looks a service up by id.
pub fn find(id: &str) -> Option<&'static Entry> {
    ENTRIES.iter().find(|e| e.id == id)
}

/// Every URL pattern of the catalog, in entry order: the table the boot's blocker holds loads
/// by before the module is up.
pub fn hosts() -> impl Iterator<Item = &'static str> {
    ENTRIES.iter().flat_map(|e| e.hosts.iter().copied())
}

/// Splits `name@lifetime` into the name pattern and the lifetime (`30m`, `1d`, `2y`,
/// `session`), if any.
pub fn split_lifetime(spec: &str) -> (&str, Option<&str>) {
    match spec.split_once('@') {
        Some((name, lifetime)) => (name, Some(lifetime)),
        None => (spec, None),
    }
}

/// How long a cookie lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lifetime {
    /// Until the browser is closed.
    Session,
    /// A count of units.
    Span(u32, Unit),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Minutes,
    Hours,
    Days,
    Years,
}

/// Reads `30m`, `12h`, `7d`, `1y` or `session`; `None` when the text is not a lifetime.
pub fn parse_lifetime(lifetime: &str) -> Option<Lifetime> {
    if lifetime == "session" {
        return Some(Lifetime::Session);
    }
    let unit = match lifetime.chars().last()? {
        'm' => Unit::Minutes,
        'h' => Unit::Hours,
        'd' => Unit::Days,
        'y' => Unit::Years,
        _ => return None,
    };
    let count = &lifetime[..lifetime.len() - 1];
    // Digits only: `parse` alone would take a sign.
    if !count.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u32 = count.parse().ok().filter(|&n| n > 0)?;
    Some(Lifetime::Span(n, unit))
}

/// Whether a cookie or storage key `name` matches a pattern (`exact` or `prefix*`, with an
/// optional `@lifetime`).
pub fn name_matches(pattern: &str, name: &str) -> bool {
    let pattern = split_lifetime(pattern).0;
    match pattern.strip_suffix('*') {
        Some(prefix) => name.starts_with(prefix),
        None => name == pattern,
    }
}

/// The catalog tracker a load of `host` + `path_and_query` goes to, if any.
pub fn tracker(host: &str, path_and_query: &str) -> Option<&'static Entry> {
    most_specific(
        ENTRIES.iter(),
        |e| e.hosts.iter().copied(),
        host,
        path_and_query,
        0,
    )
    .map(|(e, _)| e)
}

/// Of `items`, the one with the most specific pattern that `host` + `path_and_query` falls
/// under — the longest, and longer than `longer_than` — with that pattern's length. Where
/// patterns overlap, the longest wins whatever the order of the items:
/// `www.googletagmanager.com/gtag/js?id=AW-` (Google Ads) over the bare
/// `www.googletagmanager.com/gtag/js` (Google's tag, held as Analytics).
pub fn most_specific<'p, T: Copy, P: Iterator<Item = &'p str>>(
    items: impl Iterator<Item = T>,
    patterns: impl Fn(T) -> P,
    host: &str,
    path_and_query: &str,
    longer_than: usize,
) -> Option<(T, usize)> {
    let mut best = None;
    let mut best_length = longer_than;
    for item in items {
        for p in patterns(item) {
            if p.len() > best_length && pattern_matches(p, host, path_and_query) {
                best = Some(item);
                best_length = p.len();
            }
        }
    }
    best.map(|item| (item, best_length))
}

/// Whether `host` + `path_and_query` (lower-case host, path starting with `/`) falls under
/// `pattern`. A pattern's host matches itself and its subdomains (`yadro.ru` matches
/// `counter.yadro.ru`, not `notyadro.ru`); a path part matches as a prefix of the path. A
/// query part (`gtag/js?id=AW-`) matches a parameter that starts with it, wherever it is in
/// the query (`/gtag/js?l=dataLayer&id=AW-1` too).
pub fn pattern_matches(pattern: &str, host: &str, path_and_query: &str) -> bool {
    let (p_host, p_rest) = pattern.split_once('/').unwrap_or((pattern, ""));
    // The host first: most patterns are another service's, and fail here.
    let host_ok = host == p_host
        || host
            .strip_suffix(p_host)
            .is_some_and(|sub| sub.ends_with('.'));
    if !host_ok {
        return false;
    }
    let (p_path, p_param) = p_rest.split_once('?').unwrap_or((p_rest, ""));
    let (path, query) = path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""));
    let path_ok = p_path.is_empty()
        || path
            .strip_prefix('/')
            .is_some_and(|rest| rest.starts_with(p_path));
    path_ok && (p_param.is_empty() || query.split('&').any(|param| param.starts_with(p_param)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ids the public contract (DESIGN.md) promises, with their default categories.
    const CONTRACT: &[(&str, &str)] = &[
        ("yandex_metrika", "analytics"),
        ("liveinternet", "analytics"),
        ("rambler_top100", "analytics"),
        ("google_analytics", "analytics"),
        ("google_tag_manager", "analytics"),
        ("calltouch", "analytics"),
        ("roistat", "analytics"),
        ("comagic", "analytics"),
        ("callibri", "analytics"),
        ("yandex_direct", "ads"),
        ("top_mail_ru", "ads"),
        ("vk_pixel", "ads"),
        ("google_ads", "ads"),
        ("meta_pixel", "ads"),
        ("jivo", "functional"),
        ("bitrix24", "functional"),
        ("amocrm", "functional"),
        ("carrot_quest", "functional"),
        ("yandex_maps", "functional"),
        ("youtube", "functional"),
        ("rutube", "functional"),
        ("vk_video", "functional"),
    ];

    #[test]
    fn catalog_holds_exactly_the_contract_ids_with_their_categories() {
        assert_eq!(ENTRIES.len(), CONTRACT.len());
        for (id, category) in CONTRACT {
            let entry = find(id).unwrap_or_else(|| panic!("{id} missing"));
            assert_eq!(entry.category, *category, "{id}");
        }
    }

    #[test]
    fn entries_are_complete_and_well_formed() {
        for e in ENTRIES {
            assert!(!e.name.is_empty() && !e.provider.is_empty(), "{}", e.id);
            assert!(
                e.purpose_ru.ends_with('.') && e.purpose_en.ends_with('.'),
                "{}",
                e.id
            );
            assert!(!e.hosts.is_empty(), "{} has no hosts", e.id);
            for h in e.hosts {
                let host = h.split('/').next().unwrap_or("");
                assert!(
                    !h.contains("://") && !h.starts_with('.') && host == host.to_lowercase(),
                    "{h}"
                );
            }
            for c in e.cookies.iter().chain(e.storage) {
                let (name, lifetime) = split_lifetime(c);
                assert!(!name.is_empty() && !name.contains(['=', ';', ' ']), "{c}");
                if let Some(l) = lifetime {
                    assert!(parse_lifetime(l).is_some(), "{c}");
                }
            }
            for s in e.storage {
                assert!(!s.contains('@'), "storage keys have no lifetime: {s}");
            }
        }
    }

    #[test]
    fn foreign_services_are_marked_abroad() {
        for id in [
            "google_analytics",
            "google_tag_manager",
            "google_ads",
            "meta_pixel",
            "youtube",
        ] {
            assert!(find(id).is_some_and(|e| e.abroad), "{id}");
        }
        assert!(find("yandex_metrika").is_some_and(|e| !e.abroad));
    }

    #[test]
    fn wording_digests_are_short_and_tell_every_entry_apart() {
        // Pinned: a change here re-prompts every visitor of a site with this service.
        let metrika = find("yandex_metrika").map(Entry::wording_digest);
        assert_eq!(metrika.as_deref(), Some("BNGn9V_A"));
        let distinct: std::collections::BTreeSet<_> =
            ENTRIES.iter().map(Entry::wording_digest).collect();
        assert_eq!(distinct.len(), ENTRIES.len());
        assert!(distinct.iter().all(|d| d.len() == WORDING_LEN));
    }

    #[test]
    fn query_parts_match_a_parameter_anywhere_in_the_query() {
        let aw = "www.googletagmanager.com/gtag/js?id=AW-";
        let host = "www.googletagmanager.com";
        assert!(pattern_matches(aw, host, "/gtag/js?id=AW-1"));
        assert!(pattern_matches(aw, host, "/gtag/js?l=dataLayer&id=AW-1"));
        assert!(!pattern_matches(aw, host, "/gtag/js?id=G-1"));
        assert!(!pattern_matches(aw, host, "/gtag/js?l=id=AW-1"));
        assert!(!pattern_matches(aw, host, "/gtm.js?id=AW-1"));
    }

    #[test]
    fn the_most_specific_pattern_wins_wherever_entries_overlap() {
        let owner = |path: &str| tracker("www.googletagmanager.com", path).map(|e| e.id);
        assert_eq!(owner("/gtag/js?id=AW-123"), Some("google_ads"));
        assert_eq!(owner("/gtag/js?l=dataLayer&id=AW-123"), Some("google_ads"));
        // A Google tag's follow-up load of another destination.
        assert_eq!(
            owner("/gtag/js?id=AW-123&l=dataLayer&cx=c"),
            Some("google_ads")
        );
        for path in [
            "/gtag/js?id=G-XXXX",
            "/gtag/js?id=UA-1234-1",
            "/gtag/js?id=GT-ABC",
            "/gtag/js?id=DC-1",
            "/gtag/js?l=dl&id=G-XXXX",
            "/gtag/js?id=G-XXXX&l=dataLayer&cx=c",
            "/gtag/js",
        ] {
            assert_eq!(owner(path), Some("google_analytics"), "{path}");
        }
        assert_eq!(owner("/gtm.js?id=GTM-1"), Some("google_tag_manager"));
        let items = [("a", "x.ru"), ("b", "x.ru/p?k=v")];
        let pick = |pq| most_specific(items.iter(), |i| [i.1].into_iter(), "x.ru", pq, 0);
        assert_eq!(pick("/p?k=v").map(|(i, n)| (i.0, n)), Some(("b", 10)));
        assert_eq!(pick("/p").map(|(i, n)| (i.0, n)), Some(("a", 4)));
        let among = |host, pq, longer_than| {
            most_specific(items.iter(), |i| [i.1].into_iter(), host, pq, longer_than)
        };
        assert_eq!(among("y.ru", "/", 0), None);
        // Only a pattern longer than the given length can win.
        assert_eq!(among("x.ru", "/p?k=v", 10), None);
        assert_eq!(among("x.ru", "/p?k=v", 9).map(|(i, _)| i.0), Some("b"));
    }

    #[test]
    fn patterns_match_hosts_subdomains_and_path_prefixes() {
        assert!(pattern_matches("yadro.ru", "counter.yadro.ru", "/hit?t50"));
        assert!(pattern_matches("yadro.ru", "yadro.ru", "/"));
        assert!(!pattern_matches("yadro.ru", "notyadro.ru", "/"));
        assert!(!pattern_matches("yadro.ru", "yadro.ru.evil.com", "/"));
        assert!(pattern_matches(
            "vk.com/rtrg",
            "vk.com",
            "/rtrg?p=VK-RTRG-1"
        ));
        assert!(!pattern_matches("vk.com/rtrg", "vk.com", "/feed"));
        assert!(pattern_matches(
            "www.googletagmanager.com/gtag/js?id=AW-",
            "www.googletagmanager.com",
            "/gtag/js?id=AW-123"
        ));
    }

    #[test]
    fn cookie_names_match_exactly_or_by_prefix() {
        assert!(name_matches("_ym_*", "_ym_uid"));
        assert!(!name_matches("_ym_*", "_ymx"));
        assert!(name_matches("_ga", "_ga"));
        assert!(!name_matches("_ga", "_gat"));
    }

    #[test]
    fn lifetimes_parse_and_names_ignore_them() {
        assert_eq!(split_lifetime("_ym_uid@1y"), ("_ym_uid", Some("1y")));
        assert_eq!(split_lifetime("_ym_*"), ("_ym_*", None));
        assert_eq!(
            parse_lifetime("30m"),
            Some(Lifetime::Span(30, Unit::Minutes))
        );
        assert_eq!(parse_lifetime("2y"), Some(Lifetime::Span(2, Unit::Years)));
        assert_eq!(parse_lifetime("session"), Some(Lifetime::Session));
        for bad in ["", "m", "0d", "1w", "-1d", "+1d", "1.5d", "d1", "1д", "д"] {
            assert_eq!(parse_lifetime(bad), None, "{bad}");
        }
        assert!(name_matches("_ym_uid@1y", "_ym_uid"));
        assert!(name_matches("_ga_*@2y", "_ga_ABC"));
        assert!(!name_matches("_ga@2y", "_ga_ABC"));
    }
}
