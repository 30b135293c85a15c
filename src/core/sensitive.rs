//! Pages about illnesses and their treatment.
//!
//! A clinic's page address is health data: `/uslugi/venerologiya/analiz-na-vich/` sent to an
//! advertising network says what a patient may be ill with (152-ФЗ ст. 10 makes data on
//! health a special category; 323-ФЗ ст. 13 protects medical secrecy). A page is sensitive
//! when its path matches one of `config.sensitive.paths`, or when it says so of itself with
//! `<meta name="soglasie" content="sensitive">` (for CMS templates). On such a page the held
//! categories never run, whatever the visitor allowed ([`crate::core::decision::Engine::runs`]),
//! and the referrer policy becomes [`REFERRER_POLICY`], so that the next page's trackers see
//! the clinic's origin, not the illness page's address.

/// The referrer policy of a sensitive page: the origin only, and nothing to plain http.
pub const REFERRER_POLICY: &str = "strict-origin";

/// Referrer policies that already give away no more than [`REFERRER_POLICY`]: a page that
/// has one keeps it.
const AT_LEAST_AS_STRICT: [&str; 3] = ["no-referrer", "same-origin", "strict-origin"];

/// Whether `path` (as in `location.pathname`, or its percent-decoded form) matches one of
/// `patterns`.
pub fn matches_any(patterns: &[String], path: &str) -> bool {
    patterns.iter().any(|pattern| path_matches(pattern, path))
}

/// Whether `path` matches `pattern`, in which `*` stands for any run of characters, `/`
/// included. Letters match regardless of ASCII case (servers commonly answer `/HIV/` and
/// `/hiv/` alike; holding one page too many is the safe mistake). A pattern ending in `/*`
/// also matches its folder without the slash: `/hiv/*` matches `/hiv`.
pub fn path_matches(pattern: &str, path: &str) -> bool {
    let pattern = pattern.to_ascii_lowercase();
    let path = path.to_ascii_lowercase();
    if let Some(folder) = pattern.strip_suffix("/*") {
        if path == folder {
            return true;
        }
    }
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = path.strip_prefix(first) else {
        return false;
    };
    let mut parts = parts.peekable();
    while let Some(part) = parts.next() {
        if parts.peek().is_none() {
            // The last part is anchored at the end.
            return rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    // No `*` at all: the whole path.
    rest.is_empty()
}

/// Whether the page's `<meta name="soglasie" content=…>` declares it sensitive.
pub fn declared(meta_content: &str) -> bool {
    meta_content.trim().eq_ignore_ascii_case("sensitive")
}

/// Whether a page whose referrer policy is `current` (its `<meta name="referrer">`, or empty)
/// needs [`REFERRER_POLICY`] set: unless it is already as strict. A comma-separated list
/// counts by its last policy, as browsers read it.
pub fn needs_referrer_policy(current: &str) -> bool {
    let last = current.rsplit(',').next().unwrap_or_default().trim();
    !AT_LEAST_AS_STRICT
        .iter()
        .any(|strict| last.eq_ignore_ascii_case(strict))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_star_stands_for_any_run_of_characters() {
        let pattern = "/uslugi/venerologiya/*";
        for path in [
            "/uslugi/venerologiya/",
            "/uslugi/venerologiya/analiz-na-vich/",
            "/uslugi/venerologiya",
            "/USLUGI/Venerologiya/priem.html",
        ] {
            assert!(path_matches(pattern, path), "{path}");
        }
        for path in [
            "/uslugi/",
            "/uslugi/venerologiya-old/",
            "/x/uslugi/venerologiya/",
        ] {
            assert!(!path_matches(pattern, path), "{path}");
        }
        assert!(path_matches("*/vich/*", "/uslugi/vich/anonimno/"));
        assert!(path_matches("/uslugi/*/vich*", "/uslugi/analizy/vich-test"));
        assert!(!path_matches("/uslugi/*/vich*", "/uslugi/vich"));
        assert!(path_matches("/*", "/"));
        assert!(path_matches("*", "/anything"));
    }

    #[test]
    fn without_a_star_the_whole_path_must_match() {
        assert!(path_matches("/hiv.html", "/hiv.html"));
        assert!(!path_matches("/hiv.html", "/hiv.html5"));
        assert!(!path_matches("/hiv", "/hiv/"));
    }

    #[test]
    fn cyrillic_patterns_match_decoded_paths() {
        let patterns = vec!["/услуги/венерология/*".to_string()];
        assert!(matches_any(&patterns, "/услуги/венерология/приём"));
        assert!(!matches_any(
            &patterns,
            "/%D1%83%D1%81%D0%BB%D1%83%D0%B3%D0%B8/"
        ));
        assert!(!matches_any(&[], "/услуги/венерология/"));
    }

    #[test]
    fn the_meta_says_sensitive_or_nothing() {
        assert!(declared("sensitive") && declared(" Sensitive "));
        assert!(!declared("") && !declared("insensitive") && !declared("sensitive,ads"));
    }

    #[test]
    fn a_stricter_referrer_policy_is_kept() {
        for kept in [
            "no-referrer",
            "same-origin",
            "strict-origin",
            "origin, no-referrer",
        ] {
            assert!(!needs_referrer_policy(kept), "{kept}");
        }
        for replaced in [
            "",
            "unsafe-url",
            "origin",
            "no-referrer-when-downgrade",
            "strict-origin-when-cross-origin",
            "no-referrer, unsafe-url",
        ] {
            assert!(needs_referrer_policy(replaced), "{replaced}");
        }
    }
}
