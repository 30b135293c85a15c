//! The consent cookie codec.
//!
//! Value: `1.<policy hash>.<unix seconds>.<consent id>.<allowed optional categories>`,
//! e.g. `1.Qx3…Zk.1795512600.kP0…w8.analytics+ads` (an empty last part means "declined").
//! Every character is cookie-safe without escaping. Reading is strict and total: any value
//! that is not exactly this shape, is of another version, expired, from the future, or names a
//! category the config no longer has, reads as no decision; a well-formed value for another
//! policy hash reads as [`Stored::Stale`] so the dialog can say the policy changed.

use crate::core::config::{is_id, Config, CookieSettings};
use crate::core::policy::{is_base64url, HASH_LEN};

/// Format version written as the first field.
pub const VERSION: &str = "1";
/// Consent ids are 16 random bytes in base64url.
pub const ID_LEN: usize = 22;
/// Longer values are garbage by construction; refuse them before looking closer.
const MAX_VALUE_LEN: usize = 1024;
/// Clocks disagree a little; a decision "from the future" beyond this is forged or broken.
const CLOCK_SKEW_SECONDS: u64 = 300;

/// A visitor's decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// Allowed optional categories, in config order (`necessary` is implied).
    pub allowed: Vec<String>,
    /// Unix seconds when the decision was made.
    pub at: u64,
    /// Random consent id (base64url, 22 characters).
    pub id: String,
}

/// A decision on an earlier policy: which one, and whose (to match the consent record kept
/// with it, `crate::core::record`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Earlier {
    /// The policy hash agreed to then.
    pub policy: String,
    /// The consent id.
    pub id: String,
}

/// What the cookie jar holds for the current config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    /// No usable decision: ask.
    None,
    /// A decision on an earlier policy: ask again, saying the policy changed.
    Stale(Earlier),
    Valid(Choice),
}

/// The cookie value for a decision.
pub fn encode(hash: &str, choice: &Choice) -> String {
    format!(
        "{VERSION}.{hash}.{}.{}.{}",
        choice.at,
        choice.id,
        choice.allowed.join("+")
    )
}

/// The value of the cookie `name` in a `document.cookie` string, if there is exactly one
/// (the same value twice, set for the host and a parent domain, counts as one). Several that
/// disagree are ambiguous: none.
pub fn value_in<'h>(cookie_header: &'h str, name: &str) -> Option<&'h str> {
    let mut found: Option<&str> = None;
    for pair in cookie_header.split(';') {
        let Some((n, v)) = pair.trim().split_once('=') else {
            continue;
        };
        if n.trim() != name {
            continue;
        }
        match found {
            Some(seen) if seen != v => return None,
            _ => found = Some(v),
        }
    }
    found
}

/// The cookie as `document.cookie` takes it and as `soglasie-server` sends it in `Set-Cookie`
/// (one writer, so the two never disagree): `choice` under the policy `hash`, or an expired
/// cookie when there is none. Written after the decision (`now`), it lives only as long as the
/// consent has left.
pub fn write(
    settings: &CookieSettings,
    stored: Option<(&str, &Choice)>,
    secure: bool,
    now: u64,
) -> String {
    let mut s = match stored {
        Some((hash, choice)) => format!(
            "{}={}; Max-Age={}",
            settings.name,
            encode(hash, choice),
            lifetime_left(choice, settings, now)
        ),
        None => format!("{}=; Max-Age=0", settings.name),
    };
    s.push_str("; Path=/; SameSite=Lax");
    if let Some(domain) = &settings.domain {
        s.push_str("; Domain=");
        s.push_str(domain);
    }
    if secure {
        s.push_str("; Secure");
    }
    s
}

/// Seconds the consent `choice` has left at `now`: `maxAgeDays` after it was given, never
/// more (a clock set back cannot lengthen it).
pub fn lifetime_left(choice: &Choice, settings: &CookieSettings, now: u64) -> u64 {
    let max_age = max_age_seconds(settings);
    choice
        .at
        .saturating_add(max_age)
        .saturating_sub(now)
        .min(max_age)
}

/// How long a consent lasts: `maxAgeDays`, in seconds.
fn max_age_seconds(settings: &CookieSettings) -> u64 {
    u64::from(settings.max_age_days) * 86_400
}

/// Reads the decision from a `document.cookie` string.
pub fn read(cookie_header: &str, config: &Config, hash: &str, now: u64) -> Stored {
    match value_in(cookie_header, &config.cookie.name) {
        Some(v) => decode(v, config, hash, now),
        None => Stored::None,
    }
}

/// Decodes one cookie value against the current config and time.
pub fn decode(value: &str, config: &Config, hash: &str, now: u64) -> Stored {
    if value.len() > MAX_VALUE_LEN {
        return Stored::None;
    }
    let parts: Vec<&str> = value.split('.').collect();
    let [version, stored_hash, at, id, cats] = parts[..] else {
        return Stored::None;
    };
    let Some(at) = parse_seconds(at) else {
        return Stored::None;
    };
    let listed: Vec<&str> = if cats.is_empty() {
        Vec::new()
    } else {
        cats.split('+').collect()
    };
    let well_formed = version == VERSION
        && stored_hash.len() == HASH_LEN
        && is_base64url(stored_hash)
        && id.len() == ID_LEN
        && is_base64url(id)
        && listed.iter().all(|c| is_id(c));
    if !well_formed {
        return Stored::None;
    }
    let max_age = max_age_seconds(&config.cookie);
    if at > now.saturating_add(CLOCK_SKEW_SECONDS) || now.saturating_sub(at) > max_age {
        return Stored::None;
    }
    if stored_hash != hash {
        return Stored::Stale(Earlier {
            policy: stored_hash.to_string(),
            id: id.to_string(),
        });
    }
    for (i, c) in listed.iter().enumerate() {
        if !config.is_optional(c) || listed[..i].contains(c) {
            return Stored::None;
        }
    }
    Stored::Valid(Choice {
        // Config order, whatever order the cookie used.
        allowed: config.optional_ids(Some(&listed)),
        at,
        id: id.to_string(),
    })
}

/// Decimal seconds: digits only, no sign, no leading zeros, at most 12 digits.
fn parse_seconds(s: &str) -> Option<u64> {
    let digits_only = !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits_only || s.len() > 12 || (s.len() > 1 && s.starts_with('0')) {
        return None;
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) const NOW: u64 = 1_795_512_600;
    pub(super) const HASH: &str = "AAAAAAAAAAAAAAAA";
    const ID: &str = "kP0aaaaaaaaaaaaaaaaaw8";

    pub(super) fn config() -> Config {
        Config::from_json(
            r#"{"operator": {"name": "ООО «К»", "address": "Москва", "email": "a@b.ru"},
                "policy": {"url": "/p", "revision": "1"}, "cookie": {"maxAgeDays": 30}}"#,
        )
        .unwrap()
    }

    fn choice(allowed: &[&str]) -> Choice {
        Choice {
            allowed: allowed.iter().map(|s| s.to_string()).collect(),
            at: NOW - 10,
            id: ID.into(),
        }
    }

    #[test]
    fn round_trips_and_keeps_config_order() {
        let c = config();
        for allowed in [&[][..], &["analytics"], &["functional", "analytics", "ads"]] {
            let value = encode(HASH, &choice(allowed));
            assert_eq!(
                decode(&value, &c, HASH, NOW),
                Stored::Valid(choice(allowed))
            );
        }
        let reordered = "1.AAAAAAAAAAAAAAAA.1795512590.kP0aaaaaaaaaaaaaaaaaw8.ads+functional";
        assert_eq!(
            decode(reordered, &c, HASH, NOW),
            Stored::Valid(choice(&["functional", "ads"]))
        );
        assert_eq!(
            encode(HASH, &choice(&["analytics", "ads"])),
            "1.AAAAAAAAAAAAAAAA.1795512590.kP0aaaaaaaaaaaaaaaaaw8.analytics+ads"
        );
    }

    #[test]
    fn reprompts_on_every_kind_of_bad_value() {
        let c = config();
        let good = encode(HASH, &choice(&["analytics"]));
        assert!(matches!(decode(&good, &c, HASH, NOW), Stored::Valid(_)));
        let bad = [
            "",
            "garbage",
            "2.AAAAAAAAAAAAAAAA.1795512590.kP0aaaaaaaaaaaaaaaaaw8.analytics",
            "1.AAAAAAAAAAAAAAA.1795512590.kP0aaaaaaaaaaaaaaaaaw8.analytics",
            "1.AAAAAAAAAAAAAAAA.1795512590.kP0aaaaaaaaaaaaaaaaaw.analytics",
            "1.AAAAAAAAAAAAAAAA.1795512590.kP0aaaaaaaaaaaaaaaaa+8.analytics",
            "1.AAAAAAAAAAAAAAAA.01795512590.kP0aaaaaaaaaaaaaaaaaw8.analytics",
            "1.AAAAAAAAAAAAAAAA.-1.kP0aaaaaaaaaaaaaaaaaw8.analytics",
            "1.AAAAAAAAAAAAAAAA.1795512590.kP0aaaaaaaaaaaaaaaaaw8.analytics.x",
            "1.AAAAAAAAAAAAAAAA.1795512590.kP0aaaaaaaaaaaaaaaaaw8.analytics+analytics",
            "1.AAAAAAAAAAAAAAAA.1795512590.kP0aaaaaaaaaaaaaaaaaw8.video",
            "1.AAAAAAAAAAAAAAAA.1795512590.kP0aaaaaaaaaaaaaaaaaw8.necessary",
            "1.AAAAAAAAAAAAAAAA.1795512590.kP0aaaaaaaaaaaaaaaaaw8.Analytics",
            "1.AAAAAAAAAAAAAAAA.1795512590.kP0aaaaaaaaaaaaaaaaaw8.analytics+",
            // Expired (31 days with a 30-day lifetime) and from the future.
            "1.AAAAAAAAAAAAAAAA.1792834200.kP0aaaaaaaaaaaaaaaaaw8.analytics",
            "1.AAAAAAAAAAAAAAAA.1795522600.kP0aaaaaaaaaaaaaaaaaw8.analytics",
        ];
        for value in bad {
            assert_eq!(decode(value, &c, HASH, NOW), Stored::None, "{value}");
        }
        let oversized = good.clone() + &"+ads".repeat(300);
        assert_eq!(decode(&oversized, &c, HASH, NOW), Stored::None);
    }

    #[test]
    fn another_policy_hash_is_stale() {
        let value = encode("BBBBBBBBBBBBBBBB", &choice(&["ads"]));
        let choice = choice(&["ads"]);
        assert_eq!(
            decode(&value, &config(), HASH, NOW),
            Stored::Stale(Earlier {
                policy: "BBBBBBBBBBBBBBBB".into(),
                id: choice.id
            })
        );
    }

    #[test]
    fn reads_from_a_cookie_header() {
        let c = config();
        let v = encode(HASH, &choice(&["ads"]));
        let header = format!("_ym_uid=1; soglasie={v}; other=2");
        assert_eq!(
            read(&header, &c, HASH, NOW),
            Stored::Valid(choice(&["ads"]))
        );
        assert_eq!(read("_ym_uid=1", &c, HASH, NOW), Stored::None);
        assert_eq!(read("", &c, HASH, NOW), Stored::None);
        // The same value twice (path or domain duplicates) is fine; differing values are not.
        assert!(matches!(
            read(&format!("soglasie={v}; soglasie={v}"), &c, HASH, NOW),
            Stored::Valid(_)
        ));
        let other = encode(HASH, &choice(&["analytics"]));
        assert_eq!(
            read(&format!("soglasie={v}; soglasie={other}"), &c, HASH, NOW),
            Stored::None
        );
        assert_eq!(read(&format!("xsoglasie={v}"), &c, HASH, NOW), Stored::None);
    }
}

/// Property tests (native only: proptest needs an OS random source).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::tests::{config, HASH, NOW};
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn decode_never_panics(value in ".{0,200}") {
            let _ = decode(&value, &config(), HASH, NOW);
            let _ = read(&value, &config(), HASH, NOW);
        }

        #[test]
        fn decode_never_panics_on_near_misses(
            parts in proptest::collection::vec("[A-Za-z0-9_+.-]{0,24}", 0..7)
        ) {
            let _ = decode(&parts.join("."), &config(), HASH, NOW);
        }

        #[test]
        fn every_encoded_choice_round_trips(
            mask in 0u8..8, age in 0u64..(30 * 86_400), id in "[A-Za-z0-9_-]{22}"
        ) {
            let allowed: Vec<String> = ["functional", "analytics", "ads"]
                .iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(_, s)| s.to_string())
                .collect();
            let original = Choice { allowed, at: NOW - age, id };
            let value = encode(HASH, &original);
            prop_assert_eq!(decode(&value, &config(), HASH, NOW), Stored::Valid(original));
        }
    }
}
