//! The tracker catalog: every service a clinic site is likely to carry, as plain data.
//!
//! This is the one source of truth for service descriptions in the dialog, for the cookies
//! removed on withdrawal, and for the URL patterns that recognise a tracker's loads. Facts and
//! their sources are in `SOURCES.md` next to this file; where a fact was unconfirmed the
//! entry leaves it out rather than guess (for example, no cookie list for VK's pixel, whose
//! cookies live on vk.com and cannot be removed by the site anyway).

mod data;

pub use data::ENTRIES;

use crate::core::config::DEFAULT_CATEGORIES;
use crate::core::packed;
use crate::core::scan;

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
    /// URL patterns the service loads from or reports to: `host` (with its subdomains) or
    /// `host/path-prefix`. See [`pattern_matches`].
    pub hosts: &'static [&'static str],
    /// First-party cookies the service sets; a trailing `*` means "names starting with", and
    /// `@lifetime` says how long it lives (see [`split_lifetime`]): `_ym_uid@1y`.
    pub cookies: &'static [&'static str],
    /// localStorage keys the service sets, same notation.
    pub storage: &'static [&'static str],
}

/// What decisions need from an entry: everything but its wording. This is all of the catalog
/// the Wasm module carries; names, providers and purposes load with the preferences dialog
/// (`core::wording`), and the policy hash covers them through [`Known::wording`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Known {
    pub id: &'static str,
    /// Where its URL patterns are in [`hosts_text`], its cookies and storage keys in
    /// [`LISTS`], as byte ranges.
    /// (One packed text instead of a `&str` per item: their pointers and lengths were a
    /// kilobyte of the module that gzip can hardly shrink.)
    lists: [(u16, u16); 3],
    /// Its default category, an index into [`DEFAULT_CATEGORIES`].
    category: u8,
    pub abroad: bool,
    /// Digest of the entry's provider and Russian purpose, which the visitor agrees to
    /// (computed at compile time: the texts themselves stay out of the Wasm).
    pub wording: [u8; WORDING_LEN],
}

impl Known {
    /// Default category id ([`Entry::category`]).
    pub fn category(&self) -> &'static str {
        DEFAULT_CATEGORIES[self.category as usize]
    }

    /// URL patterns the service loads from or reports to ([`Entry::hosts`]).
    pub fn hosts(&self) -> impl Iterator<Item = &'static str> + Clone {
        self.list(HOSTS)
    }

    /// First-party cookies it sets ([`Entry::cookies`]).
    pub fn cookies(&self) -> impl Iterator<Item = &'static str> + Clone {
        self.list(COOKIES)
    }

    /// localStorage keys it sets ([`Entry::storage`]).
    pub fn storage(&self) -> impl Iterator<Item = &'static str> + Clone {
        self.list(STORAGE)
    }

    fn list(&self, which: usize) -> impl Iterator<Item = &'static str> + Clone {
        let (start, end) = self.lists[which];
        let all = if which == HOSTS { hosts_text() } else { LISTS };
        let text = all.get(start as usize..end as usize).unwrap_or("");
        scan::pieces(text, LIST_SEPARATOR).filter(|item| !item.is_empty())
    }
}

/// Length of [`Known::wording`]: 48 bits in base64url, plenty to notice an edited text.
pub const WORDING_LEN: usize = 8;

/// Ends every item in [`LISTS`] and the host text; no URL pattern, cookie name or storage
/// key contains it (checked by the catalog's tests).
const LIST_SEPARATOR: u8 = b' ';

/// Every entry's cookies and storage keys, each item followed by [`LIST_SEPARATOR`].
pub static LISTS: &str = packed::as_text(&PACKED_NAMES.0);

/// Which of [`Known::lists`] holds what.
const HOSTS: usize = 0;
const COOKIES: usize = 1;
const STORAGE: usize = 2;

/// The URL patterns are packed apart from the rest: the loader's blocker needs them before
/// the module is up, so it carries them, and the slim module takes its copy from the loader
/// at start ([`receive_hosts`]) instead of shipping it twice (0.4 KB gzip).
const HOST_LISTS: &[usize] = &[HOSTS];
const NAME_LISTS: &[usize] = &[COOKIES, STORAGE];

const fn lists_of(e: &Entry) -> [&'static [&'static str]; 3] {
    let mut lists: [&'static [&'static str]; 3] = [&[]; 3];
    lists[HOSTS] = e.hosts;
    lists[COOKIES] = e.cookies;
    lists[STORAGE] = e.storage;
    lists
}

/// The packed length of lists `which` of every entry.
const fn packed_len(which: &[usize]) -> usize {
    let mut len = 0;
    let mut i = 0;
    while i < ENTRIES.len() {
        let lists = lists_of(&ENTRIES[i]);
        let mut l = 0;
        while l < which.len() {
            len += packed::len(lists[which[l]]);
            l += 1;
        }
        i += 1;
    }
    len
}

/// Lists `which` of every entry as bytes, entry by entry, and where each one is in them.
#[allow(clippy::type_complexity)]
const fn pack<const LEN: usize>(which: &[usize]) -> ([u8; LEN], [[(u16, u16); 3]; ENTRIES.len()]) {
    let mut bytes = [0u8; LEN];
    let mut spans = [[(0u16, 0u16); 3]; ENTRIES.len()];
    let mut at = 0;
    let mut i = 0;
    while i < ENTRIES.len() {
        let lists = lists_of(&ENTRIES[i]);
        let mut l = 0;
        while l < which.len() {
            let list = lists[which[l]];
            let start = at;
            let mut j = 0;
            while j < list.len() {
                at = packed::put(&mut bytes, at, list[j], LIST_SEPARATOR);
                j += 1;
            }
            spans[i][which[l]] = (start as u16, at as u16);
            l += 1;
        }
        i += 1;
    }
    assert!(
        at <= u16::MAX as usize,
        "the catalog's lists outgrew u16 offsets"
    );
    (bytes, spans)
}

#[allow(clippy::type_complexity)]
const PACKED_HOSTS: (
    [u8; packed_len(HOST_LISTS)],
    [[(u16, u16); 3]; ENTRIES.len()],
) = pack(HOST_LISTS);
#[allow(clippy::type_complexity)]
const PACKED_NAMES: (
    [u8; packed_len(NAME_LISTS)],
    [[(u16, u16); 3]; ENTRIES.len()],
) = pack(NAME_LISTS);

/// FNV-1a, 32 bits: enough to tell the loader's host text from another build's.
const fn fnv1a(bytes: &[u8]) -> u32 {
    let mut hash = 0x811c_9dc5u32;
    let mut i = 0;
    while i < bytes.len() {
        hash = (hash ^ bytes[i] as u32).wrapping_mul(0x0100_0193);
        i += 1;
    }
    hash
}

/// The catalog's URL patterns, entry by entry, each followed by a space: what `soglasie
/// hosts` prints for the loader, and what [`receive_hosts`] accepts.
#[cfg(not(all(target_arch = "wasm32", feature = "slim")))]
pub fn hosts_text() -> &'static str {
    static TEXT: &str = packed::as_text(&PACKED_HOSTS.0);
    TEXT
}

#[cfg(all(target_arch = "wasm32", feature = "slim"))]
struct Received(core::cell::Cell<&'static str>);

// SAFETY: wasm32 without the atomics feature has exactly one thread.
#[cfg(all(target_arch = "wasm32", feature = "slim"))]
unsafe impl Sync for Received {}

/// The host text the loader handed over; empty until then, so that nothing is taken for
/// nobody's load: the module holds every load before start.
#[cfg(all(target_arch = "wasm32", feature = "slim"))]
static RECEIVED: Received = Received(core::cell::Cell::new(""));

#[cfg(all(target_arch = "wasm32", feature = "slim"))]
pub fn hosts_text() -> &'static str {
    RECEIVED.0.get()
}

/// Takes the loader's copy of [`hosts_text`] (the slim module carries only its length and
/// digest); false, and nothing taken, when it is not this build's.
pub fn receive_hosts(text: &str) -> bool {
    const LEN: usize = packed_len(HOST_LISTS);
    const DIGEST: u32 = fnv1a(&PACKED_HOSTS.0);
    if text.len() != LEN || fnv1a(text.as_bytes()) != DIGEST {
        return false;
    }
    #[cfg(all(target_arch = "wasm32", feature = "slim"))]
    RECEIVED.0.set(alloc::string::String::from(text).leak());
    true
}

/// The catalog as decisions see it, in [`ENTRIES`] order.
pub static CATALOG: [Known; ENTRIES.len()] = {
    let mut out = [Known {
        id: "",
        lists: [(0, 0); 3],
        category: 0,
        abroad: false,
        wording: [0; WORDING_LEN],
    }; ENTRIES.len()];
    let mut i = 0;
    while i < ENTRIES.len() {
        let e = &ENTRIES[i];
        out[i] = Known {
            id: e.id,
            category: category_index(e.category),
            abroad: e.abroad,
            lists: [
                PACKED_HOSTS.1[i][HOSTS],
                PACKED_NAMES.1[i][COOKIES],
                PACKED_NAMES.1[i][STORAGE],
            ],
            wording: wording_digest(e.provider, e.purpose_ru),
        };
        i += 1;
    }
    out
};

/// Where `id` is in [`DEFAULT_CATEGORIES`]; the build fails for any other category.
const fn category_index(id: &str) -> u8 {
    let mut i = 0;
    while i < DEFAULT_CATEGORIES.len() {
        if same(DEFAULT_CATEGORIES[i].as_bytes(), id.as_bytes()) {
            return i as u8;
        }
        i += 1;
    }
    panic!("a catalog entry's category must be one of DEFAULT_CATEGORIES");
}

const fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The first [`WORDING_LEN`] base64url characters of SHA-256(`provider` LF `purpose`).
pub const fn wording_digest(provider: &str, purpose: &str) -> [u8; WORDING_LEN] {
    let d = crate::core::sha256::digest_parts(&[provider.as_bytes(), b"\n", purpose.as_bytes()]);
    crate::core::base64::encode_6(&d)
}

/// Looks a service up by id: its index in [`ENTRIES`] and [`CATALOG`].
pub fn find(id: &str) -> Option<usize> {
    CATALOG.iter().position(|e| e.id == id)
}

/// Splits `name@lifetime` into the name pattern and the lifetime (`30m`, `1d`, `2y`,
/// `session`), if any.
pub fn split_lifetime(spec: &str) -> (&str, Option<&str>) {
    match scan::split_once(spec, b'@') {
        Some((name, lifetime)) => (name, Some(lifetime)),
        None => (spec, None),
    }
}

/// How long a cookie lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lifetime {
    /// Until the browser is closed.
    Session,
    /// A count and a unit: `b'm'`inutes, `b'h'`ours, `b'd'`ays, `b'y'`ears.
    Span(u32, u8),
}

/// Reads `30m`, `12h`, `7d`, `1y` or `session`; `None` when the text is not a lifetime.
pub fn parse_lifetime(lifetime: &str) -> Option<Lifetime> {
    if lifetime == "session" {
        return Some(Lifetime::Session);
    }
    let unit = *lifetime.as_bytes().last()?;
    // The unit is ASCII, so cutting it off stays on a character boundary.
    let count = lifetime.get(..lifetime.len() - 1)?;
    let n = u32::try_from(scan::decimal(count)?).ok()?;
    match unit {
        b'm' | b'h' | b'd' | b'y' if n > 0 => Some(Lifetime::Span(n, unit)),
        _ => None,
    }
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
pub fn tracker(host: &str, path_and_query: &str) -> Option<&'static Known> {
    most_specific(CATALOG.iter(), Known::hosts, host, path_and_query, 0).map(|(e, _)| e)
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
    // The path keeps its leading '/'; `split_once` would drop it, so compare after it.
    let (p_host, p_path) = scan::split_once(pattern, b'/').unwrap_or((pattern, ""));
    // The host first: most patterns are another service's, and fail here.
    let host_ok = host == p_host
        || (host.len() > p_host.len()
            && host.ends_with(p_host)
            && matches!(
                host.as_bytes().get(host.len() - p_host.len() - 1),
                Some(b'.')
            ));
    if !host_ok {
        return false;
    }
    let (p_path, p_param) = scan::split_once(p_path, b'?').unwrap_or((p_path, ""));
    let (path, query) = scan::split_once(path_and_query, b'?').unwrap_or((path_and_query, ""));
    let path_ok = p_path.is_empty()
        || path
            .strip_prefix('/')
            .is_some_and(|rest| rest.starts_with(p_path));
    path_ok
        && (p_param.is_empty() || scan::pieces(query, b'&').any(|param| param.starts_with(p_param)))
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
        assert_eq!(CATALOG.len(), CONTRACT.len());
        for (id, category) in CONTRACT {
            let entry = find(id).unwrap_or_else(|| panic!("{id} missing"));
            assert_eq!(CATALOG[entry].category(), *category, "{id}");
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
    fn packed_lists_give_back_each_entrys_lists() {
        for (known, entry) in CATALOG.iter().zip(ENTRIES) {
            assert_eq!(known.category(), entry.category, "{}", entry.id);
            assert_eq!(
                known.hosts().collect::<Vec<_>>(),
                entry.hosts,
                "{}",
                entry.id
            );
            assert_eq!(
                known.cookies().collect::<Vec<_>>(),
                entry.cookies,
                "{}",
                entry.id
            );
            assert_eq!(
                known.storage().collect::<Vec<_>>(),
                entry.storage,
                "{}",
                entry.id
            );
            let items = entry.hosts.iter().chain(entry.cookies).chain(entry.storage);
            for item in items {
                assert!(
                    !item.is_empty() && !item.as_bytes().contains(&LIST_SEPARATOR),
                    "{item:?}"
                );
            }
        }
    }

    #[test]
    fn the_module_takes_only_this_builds_host_text() {
        let text = hosts_text();
        assert_eq!(
            text.split(' ').filter(|h| !h.is_empty()).count(),
            ENTRIES.iter().map(|e| e.hosts.len()).sum::<usize>()
        );
        assert!(receive_hosts(text));
        // Another build's: one pattern changed, the same length; one dropped; none.
        let edited = text.replacen("mc.yandex.ru", "mc.yandex.rv", 1);
        assert_eq!(edited.len(), text.len());
        assert!(!receive_hosts(&edited));
        assert!(!receive_hosts(text.trim_end()));
        assert!(!receive_hosts(""));
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
            assert!(find(id).is_some_and(|e| CATALOG[e].abroad), "{id}");
        }
        assert!(find("yandex_metrika").is_some_and(|e| !CATALOG[e].abroad));
    }

    #[test]
    fn wording_digests_follow_the_texts() {
        for (known, entry) in CATALOG.iter().zip(ENTRIES) {
            assert_eq!(known.id, entry.id);
            let mut text = String::from(entry.provider);
            text.push('\n');
            text.push_str(entry.purpose_ru);
            let full = crate::core::base64::encode(&crate::core::sha256::digest(text.as_bytes()));
            assert_eq!(
                known.wording,
                full.as_bytes()[..WORDING_LEN],
                "{}",
                entry.id
            );
        }
        let distinct: std::collections::BTreeSet<_> = CATALOG.iter().map(|k| k.wording).collect();
        assert_eq!(distinct.len(), CATALOG.len());
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
        assert_eq!(parse_lifetime("30m"), Some(Lifetime::Span(30, b'm')));
        assert_eq!(parse_lifetime("2y"), Some(Lifetime::Span(2, b'y')));
        assert_eq!(parse_lifetime("session"), Some(Lifetime::Session));
        for bad in ["", "m", "0d", "1w", "-1d", "+1d", "1.5d", "d1", "1д", "д"] {
            assert_eq!(parse_lifetime(bad), None, "{bad}");
        }
        assert!(name_matches("_ym_uid@1y", "_ym_uid"));
        assert!(name_matches("_ga_*@2y", "_ga_ABC"));
        assert!(!name_matches("_ga@2y", "_ga_ABC"));
    }
}
