//! The receipt: what the browser module sends for each decision (docs/receipts.md), and what
//! the server gives back.
//!
//! Reading is two steps: serde checks the shape ([`ReceiptBody`]: exact members, types; a
//! failure is a 400), then [`ReceiptBody::validate`] checks the values (a failure is a 422
//! naming the member).

use serde::{Deserialize, Serialize};
use soglasie::core::config::{CookieSettings, NECESSARY};
use soglasie::core::cookie::{self, Choice, ID_LEN};
use soglasie::core::policy::{is_base64url, HASH_LEN};
use soglasie::core::receipt;
/// What the visitor did: the browser module's own type.
pub use soglasie::core::receipt::Kind;
use time::OffsetDateTime;

use crate::timestamp;

/// The receipt format this server reads (`v`).
pub const FORMAT: u32 = receipt::VERSION as u32;
pub const MAX_CATEGORIES: usize = 32;
/// Category ids are short words; the bound keeps a receipt well under the body limit.
pub const MAX_CATEGORY_LEN: usize = 64;
/// The browser module cuts longer paths to this.
pub const MAX_PATH_LEN: usize = receipt::PATH_LIMIT;
pub const MAX_VERSION_LEN: usize = 32;
/// A scheme, a host name (at most 253 characters) and a port.
pub const MAX_ORIGIN_LEN: usize = 270;

/// A receipt as posted: its shape. Unknown members are refused, so a typo in the browser
/// module shows at once instead of leaving a gap in the proof.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceiptBody {
    pub v: u32,
    pub id: String,
    pub policy: String,
    pub categories: Vec<String>,
    pub kind: Kind,
    pub renewal: bool,
    pub at: String,
    pub origin: String,
    /// Required, but may be `null` (a sensitive page sends only its origin). With
    /// `deserialize_with`, serde no longer treats a missing `Option` member as `None`.
    #[serde(deserialize_with = "Option::deserialize")]
    pub path: Option<String>,
    pub version: String,
    /// The site's cookie settings (not stored), for [`Receipt::lasting_cookie`]; receipts
    /// queued by an earlier version have none.
    #[serde(default)]
    pub cookie: Option<CookieSettings>,
}

/// A receipt whose values passed [`ReceiptBody::validate`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receipt {
    pub id: String,
    pub policy: String,
    pub categories: Vec<String>,
    pub kind: Kind,
    pub renewal: bool,
    /// Microseconds, UTC.
    pub at: OffsetDateTime,
    pub origin: String,
    pub path: Option<String>,
    pub version: String,
    pub cookie: Option<CookieSettings>,
}

/// A value that is not what the receipt format allows: the member and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub member: &'static str,
    pub reason: String,
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.member, self.reason)
    }
}

fn invalid(member: &'static str, reason: impl Into<String>) -> Invalid {
    Invalid {
        member,
        reason: reason.into(),
    }
}

impl ReceiptBody {
    /// Checks every value; `now` is the server's clock (an `at` more than
    /// [`timestamp::MAX_AHEAD`] ahead of it is refused, as is one before 1970).
    pub fn validate(self, now: OffsetDateTime) -> Result<Receipt, Invalid> {
        if self.v != FORMAT {
            return Err(invalid(
                "v",
                format!(
                    "receipt format {} is not known here (this server reads {FORMAT})",
                    self.v
                ),
            ));
        }
        check_token("id", &self.id, ID_LEN)?;
        check_token("policy", &self.policy, HASH_LEN)?;
        check_categories(&self.categories)?;
        let at = timestamp::parse_receipt_time(&self.at).ok_or_else(|| {
            invalid(
                "at",
                "must be an RFC 3339 time in UTC, like 2026-12-04T18:00:00.123Z",
            )
        })?;
        if at > now + timestamp::MAX_AHEAD {
            return Err(invalid(
                "at",
                "is more than a day ahead of the server's clock",
            ));
        }
        if at < timestamp::EARLIEST_RECEIPT {
            return Err(invalid(
                "at",
                "is before 1970: the browser's clock is wrong",
            ));
        }
        check_origin(&self.origin)?;
        if let Some(path) = &self.path {
            check_path(path)?;
        }
        check_version(&self.version)?;
        let cookie = self.cookie.map(check_cookie).transpose()?;
        Ok(Receipt {
            id: self.id,
            policy: self.policy,
            categories: self.categories,
            kind: self.kind,
            renewal: self.renewal,
            at,
            origin: self.origin,
            path: self.path,
            version: self.version,
            cookie,
        })
    }
}

impl Receipt {
    /// The `Set-Cookie` line that answers this receipt when the site's own pages sent it
    /// (`soglasie-server` behind the site's web server): the cookie the browser sent
    /// (`cookie_header`), written again by the module's own code to last the consent's whole
    /// lifetime, which Safari does not cap as it caps a cookie written by script (7 days).
    /// Only when that cookie is this receipt's choice: a receipt that arrives late never brings
    /// an older choice back, and a withdrawal (its cookie is gone) sets nothing.
    pub fn lasting_cookie(&self, cookie_header: &str, now: OffsetDateTime) -> Option<String> {
        let settings = self.cookie.as_ref()?;
        let sent = cookie::value_in(cookie_header, &settings.name)?;
        let choice = Choice {
            allowed: self
                .categories
                .iter()
                .filter(|c| *c != NECESSARY)
                .cloned()
                .collect(),
            at: u64::try_from(self.at.unix_timestamp()).ok()?,
            id: self.id.clone(),
        };
        if self.kind == Kind::Withdraw || cookie::encode(&self.policy, &choice) != sent {
            return None;
        }
        let secure = self.origin.starts_with("https://");
        let now = u64::try_from(now.unix_timestamp()).ok()?;
        Some(cookie::write(
            settings,
            Some((&self.policy, &choice)),
            secure,
            now,
        ))
    }
}

/// The cookie settings as the config reader takes them.
fn check_cookie(settings: CookieSettings) -> Result<CookieSettings, Invalid> {
    let mut errors = Vec::new();
    let settings = settings.check(&mut errors);
    match errors.into_iter().next() {
        None => Ok(settings),
        Some(e) => Err(invalid(
            "cookie",
            format!("{}: {}", e.path.trim_start_matches("config."), e.message),
        )),
    }
}

/// The consent id and the policy hash: base64url of a fixed length.
fn check_token(member: &'static str, value: &str, len: usize) -> Result<(), Invalid> {
    if value.len() == len && is_base64url(value) {
        Ok(())
    } else {
        Err(invalid(
            member,
            format!("must be {len} base64url characters"),
        ))
    }
}

/// The same rule as the config's category ids (DESIGN.md): `[a-z][a-z0-9_-]*`.
fn is_category_id(id: &str) -> bool {
    let mut bytes = id.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_lowercase())
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

fn check_categories(categories: &[String]) -> Result<(), Invalid> {
    if categories.len() > MAX_CATEGORIES {
        return Err(invalid(
            "categories",
            format!("at most {MAX_CATEGORIES} entries"),
        ));
    }
    for (i, id) in categories.iter().enumerate() {
        if id.len() > MAX_CATEGORY_LEN || !is_category_id(id) {
            return Err(invalid(
                "categories",
                format!("entry {i} is not a category id ([a-z][a-z0-9_-]*, at most {MAX_CATEGORY_LEN} characters)"),
            ));
        }
        if categories[..i].contains(id) {
            return Err(invalid("categories", format!("\"{id}\" is listed twice")));
        }
    }
    if !categories.iter().any(|c| c == NECESSARY) {
        return Err(invalid("categories", "must include \"necessary\""));
    }
    Ok(())
}

/// `scheme://host[:port]` exactly as a browser serialises an origin: the url crate's own
/// serialisation must give the same text back (so no path, no default port, no upper case).
fn check_origin(origin: &str) -> Result<(), Invalid> {
    let reason = "must be an http(s) origin as browsers write it: scheme://host[:port], no path";
    if origin.len() > MAX_ORIGIN_LEN {
        return Err(invalid("origin", reason));
    }
    let url = url::Url::parse(origin).map_err(|_| invalid("origin", reason))?;
    let web = matches!(url.scheme(), "http" | "https");
    if web && url.origin().ascii_serialization() == origin {
        Ok(())
    } else {
        Err(invalid("origin", reason))
    }
}

/// `location.pathname`: percent-encoded, so printable ASCII only.
fn check_path(path: &str) -> Result<(), Invalid> {
    if path.len() > MAX_PATH_LEN {
        return Err(invalid(
            "path",
            format!("at most {MAX_PATH_LEN} characters"),
        ));
    }
    if !path.starts_with('/') {
        return Err(invalid("path", "must start with /"));
    }
    if path.contains(['?', '#']) {
        return Err(invalid("path", "must not carry a query or a fragment"));
    }
    if !path.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(invalid(
            "path",
            "must be percent-encoded (printable ASCII, no spaces)",
        ));
    }
    Ok(())
}

/// The module's version, e.g. `0.2.0` or `0.3.0-rc.1+build.7`. Only version characters: the
/// value ends up in CSV exports that people open in spreadsheets.
fn check_version(version: &str) -> Result<(), Invalid> {
    let version_char = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'+' | b'_');
    let starts_well = version
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphanumeric());
    if version.len() <= MAX_VERSION_LEN && starts_well && version.bytes().all(version_char) {
        Ok(())
    } else {
        Err(invalid(
            "version",
            format!("must be a version like 0.2.0 (at most {MAX_VERSION_LEN} characters)"),
        ))
    }
}

/// A receipt as stored, as `GET /v1/receipts/{id}` and the export show it: the posted members
/// and `received`, the server's time of storing it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredReceipt {
    pub v: u32,
    pub id: String,
    pub policy: String,
    pub categories: Vec<String>,
    pub kind: Kind,
    pub renewal: bool,
    pub at: String,
    pub origin: String,
    pub path: Option<String>,
    pub version: String,
    pub received: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn valid() -> Value {
        json!({
            "v": 1, "id": "AAAAAAAAAAAAAAAAAAAAAA", "policy": "BBBBBBBBBBBBBBBB",
            "categories": ["necessary", "analytics"], "kind": "accept_all", "renewal": false,
            "at": "2026-12-04T18:00:00.123Z", "origin": "https://clinic.example",
            "path": "/uslugi/", "version": "0.2.0"
        })
    }

    fn now() -> OffsetDateTime {
        timestamp::parse_receipt_time("2026-12-04T18:00:01Z").unwrap()
    }

    fn check(body: Value) -> Result<Receipt, String> {
        let body: ReceiptBody = serde_json::from_value(body).map_err(|e| format!("shape: {e}"))?;
        body.validate(now()).map_err(|e| e.to_string())
    }

    fn with(member: &str, value: Value) -> Value {
        let mut body = valid();
        body[member] = value;
        body
    }

    #[test]
    fn the_documented_example_is_valid() {
        let r = check(valid()).unwrap();
        assert_eq!(r.kind, Kind::AcceptAll);
        assert_eq!(r.path.as_deref(), Some("/uslugi/"));
        assert_eq!(timestamp::shown(r.at), "2026-12-04T18:00:00.123Z");
        assert!(check(with("path", Value::Null)).unwrap().path.is_none());
        for kind in ["decline", "custom", "withdraw"] {
            assert!(check(with("kind", json!(kind))).is_ok(), "{kind}");
        }
    }

    #[test]
    fn the_shape_is_strict() {
        let mut extra = valid();
        extra["ip"] = json!("10.0.0.1");
        assert!(check(extra).unwrap_err().contains("unknown field `ip`"));
        let mut no_path = valid();
        no_path.as_object_mut().unwrap().remove("path");
        assert!(check(no_path).unwrap_err().contains("missing field `path`"));
        assert!(check(with("kind", json!("accept")))
            .unwrap_err()
            .starts_with("shape"));
        assert!(check(with("renewal", json!("false")))
            .unwrap_err()
            .starts_with("shape"));
        assert!(check(with("v", json!(-1)))
            .unwrap_err()
            .starts_with("shape"));
    }

    #[test]
    fn each_value_is_checked_and_named() {
        let cases = [
            ("v", json!(2), "v: receipt format 2"),
            ("id", json!("short"), "id: must be 22"),
            ("id", json!("AAAAAAAAAAAAAAAAAAAA+/"), "id: must be 22"),
            ("policy", json!("BBBBBBBBBBBBBBB="), "policy: must be 16"),
            ("categories", json!([]), "must include \"necessary\""),
            (
                "categories",
                json!(["analytics"]),
                "must include \"necessary\"",
            ),
            ("categories", json!(["necessary", "Ads"]), "entry 1 is not"),
            ("categories", json!(["necessary", "1ads"]), "entry 1 is not"),
            ("categories", json!(["necessary", ""]), "entry 1 is not"),
            (
                "categories",
                json!(["necessary", "necessary"]),
                "listed twice",
            ),
            (
                "at",
                json!("2026-12-04T21:00:00+03:00"),
                "at: must be an RFC 3339",
            ),
            ("at", json!("2026-12-06T18:00:00Z"), "more than a day ahead"),
            ("at", json!("0000-01-01T00:00:00Z"), "before 1970"),
            ("at", json!("1969-12-31T23:59:59.999Z"), "before 1970"),
            ("origin", json!("https://clinic.example/"), "origin:"),
            ("origin", json!("https://clinic.example/uslugi"), "origin:"),
            ("origin", json!("https://Clinic.example"), "origin:"),
            ("origin", json!("https://clinic.example:443"), "origin:"),
            ("origin", json!("ftp://clinic.example"), "origin:"),
            ("origin", json!("null"), "origin:"),
            ("path", json!("uslugi/"), "path: must start with /"),
            ("path", json!("/uslugi/?q=1"), "path: must not carry"),
            ("path", json!("/uslugi/#top"), "path: must not carry"),
            ("path", json!("/услуги/"), "path: must be percent-encoded"),
            ("path", json!("/a b"), "path: must be percent-encoded"),
            ("version", json!(""), "version:"),
            ("version", json!("=HYPERLINK(1)"), "version:"),
            (
                "version",
                json!("0.2.0-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
                "version:",
            ),
        ];
        for (member, value, expected) in cases {
            let err = check(with(member, value.clone())).unwrap_err();
            assert!(err.contains(expected), "{member}={value}: {err}");
        }
        let many: Vec<String> = std::iter::once("necessary".to_string())
            .chain((0..32).map(|i| format!("c{i}")))
            .collect();
        assert!(check(with("categories", json!(many)))
            .unwrap_err()
            .contains("at most 32"));
        let long = format!("/{}", "a".repeat(MAX_PATH_LEN));
        assert!(check(with("path", json!(long)))
            .unwrap_err()
            .contains("at most 512"));
    }

    #[test]
    fn a_browser_origin_with_a_port_or_an_ip_is_fine() {
        for origin in [
            "http://127.0.0.1:8080",
            "http://localhost:8080",
            "https://xn--80aswg.xn--p1ai",
            "http://[::1]:8080",
        ] {
            assert!(check(with("origin", json!(origin))).is_ok(), "{origin}");
        }
    }
}
