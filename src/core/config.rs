//! The site's configuration: serde types, Russian defaults, and the checks serde cannot make.
//!
//! A config is read from its JSON text by [`Config::from_json`] — in the page's module and in
//! the CLI alike, so a config reads the same everywhere and hashes the same. Reading has two
//! steps:
//!
//! 1. **serde** ([`ConfigFile`], `deny_unknown_fields` everywhere): the shape. A syntax error,
//!    an unknown or twice-given key, a wrong type or a missing field stops it, with the field's
//!    path (`config.servises: unknown field (did you mean "services"?)`) from
//!    `serde_path_to_error` — which the page's module asks for only when there is such an
//!    error ([`Config::read`], [`Config::shape_error`]).
//! 2. **validation** ([`ConfigFile::validate`]): the values — ids, URLs, catalog services,
//!    categories that exist — every problem found, one line each.
//!
//! Any problem means no config at all: a half-understood config must not run trackers.

use std::fmt;

use serde::de::{self, DeserializeOwned, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use crate::catalog::{self, Entry};

/// The category every config has, always allowed, never switchable.
pub const NECESSARY: &str = "necessary";
/// The categories a config gets when it names none, in dialog order: `necessary`, then the
/// optional ones.
pub const DEFAULT_CATEGORIES: [&str; 4] = [NECESSARY, "functional", "analytics", "ads"];

/// Ten years: long enough for any policy, short enough that seconds never overflow.
const MAX_AGE_DAYS_LIMIT: u32 = 3650;

/// A validated configuration. Build it with [`Config::from_json`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub language: Language,
    pub operator: Operator,
    pub policy: Policy,
    /// `necessary` first, then the optional ones in the order the dialog shows them.
    pub categories: Vec<Category>,
    pub services: Vec<Service>,
    pub cookie: CookieSettings,
    /// Text overrides, plain text (rendered as text, never as HTML).
    pub texts: Texts,
    pub ui: Ui,
    pub crawlers: Crawlers,
    pub sensitive: Sensitive,
    /// Tell Google's tags the visitor's choice (Google Consent Mode v2,
    /// `crate::core::consent_mode`).
    pub google_consent_mode: bool,
    /// Where each decision's receipt is sent (`crate::core::receipt`); `None`: nowhere.
    pub receipts: Option<Receipts>,
}

/// The config file as written: what serde reads before [`ConfigFile::validate`].
#[derive(Debug, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// Where editors find this schema (`https://…/soglasie/soglasie.schema.json`): read and
    /// not used.
    #[serde(rename = "$schema", default)]
    #[allow(dead_code)]
    schema: Option<String>,
    #[serde(default)]
    language: Language,
    #[serde(deserialize_with = "object")]
    operator: Operator,
    #[serde(deserialize_with = "object")]
    policy: Policy,
    categories: Option<Vec<Listed<CategoryObject>>>,
    #[serde(default)]
    services: Vec<Listed<ServiceObject>>,
    #[serde(default, deserialize_with = "object")]
    cookie: CookieSettings,
    #[serde(default, deserialize_with = "object")]
    texts: Texts,
    #[serde(default, deserialize_with = "object")]
    ui: Ui,
    #[serde(default, deserialize_with = "object")]
    crawlers: Crawlers,
    #[serde(default, deserialize_with = "optional_object")]
    #[cfg_attr(not(target_arch = "wasm32"), schemars(with = "SensitiveFile"))]
    sensitive: Option<SensitiveFile>,
    /// Tell Google's tags the visitor's choice with Google Consent Mode v2: `gtag('consent',
    /// 'default', …denied)` before any of them runs, `gtag('consent', 'update', …)` on every
    /// decision.
    #[serde(rename = "googleConsentMode", default)]
    google_consent_mode: bool,
    /// Send a receipt of every decision to `soglasie-server`, so the clinic can prove what
    /// was agreed to (152-ФЗ ст. 9 ч. 3).
    #[serde(default, deserialize_with = "optional_object")]
    #[cfg_attr(not(target_arch = "wasm32"), schemars(with = "Receipts"))]
    receipts: Option<Receipts>,
}

/// Which language the dialog speaks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    Ru,
    En,
    /// English when `<html lang>` starts with `en`, Russian otherwise.
    Auto,
}

/// The operator of personal data (the clinic's legal entity), named in the dialog.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Operator {
    #[serde(deserialize_with = "text")]
    pub name: String,
    #[serde(deserialize_with = "text")]
    pub address: String,
    #[serde(deserialize_with = "text")]
    pub email: String,
    #[serde(default, deserialize_with = "optional_text")]
    pub inn: Option<String>,
    #[serde(default, deserialize_with = "optional_text")]
    pub ogrn: Option<String>,
    #[serde(default, deserialize_with = "optional_text")]
    pub phone: Option<String>,
}

/// The privacy policy the visitor agrees to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Absolute `http(s)` or relative URL, hashed as written.
    #[serde(deserialize_with = "text")]
    pub url: String,
    /// The site's own revision label, e.g. a date; a new one re-prompts.
    #[serde(deserialize_with = "text")]
    pub revision: String,
    /// Optional digest of the policy document itself.
    #[serde(default, deserialize_with = "optional_text")]
    pub digest: Option<String>,
}

/// A consent category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    pub id: String,
    /// The site's own title; `None` means the built-in one for a default id.
    pub title: Option<String>,
    pub description: Option<String>,
}

impl Category {
    fn builtin(id: &str) -> Category {
        Category {
            id: id.into(),
            title: None,
            description: None,
        }
    }

    pub fn is_necessary(&self) -> bool {
        self.id == NECESSARY
    }
}

/// A category written as an object.
#[derive(Debug, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CategoryObject {
    #[serde(deserialize_with = "text")]
    id: String,
    #[serde(default, deserialize_with = "optional_text")]
    title: Option<String>,
    #[serde(default, deserialize_with = "optional_text")]
    description: Option<String>,
}

/// A service (tracker, widget, embed) the site uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    pub id: String,
    /// The catalog's entry, when it is a catalog service (possibly with overrides); `None` for
    /// a service of the site's own.
    pub entry: Option<&'static Entry>,
    /// The site's own wording; `None` means the catalog's.
    pub name: Option<String>,
    pub provider: Option<String>,
    /// Purpose in Russian: the text the visitor agrees to (hashed).
    pub purpose: Option<String>,
    pub category: String,
    pub abroad: bool,
    /// URL patterns (`host`, `host/path`, `host/path?param=`), see
    /// [`catalog::pattern_matches`].
    pub hosts: Vec<String>,
    /// First-party cookies it sets (`name` or `prefix*`, optionally `@lifetime`), removed on
    /// withdrawal.
    pub cookies: Vec<String>,
    /// localStorage keys it sets, same notation without lifetimes.
    pub storage: Vec<String>,
}

/// Whom a load goes to ([`Config::owner`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner<'a> {
    /// A service of the config.
    Listed(&'a Service),
    /// A catalog tracker the config does not list.
    Unlisted(&'static Entry),
}

impl Service {
    /// The name shown to the visitor: the site's, else the catalog's, else the id.
    pub fn display_name(&self) -> &str {
        self.name
            .as_deref()
            .or(self.entry.map(|e| e.name))
            .unwrap_or(&self.id)
    }

    /// Who receives the data: the site's wording, else the catalog's.
    pub fn display_provider(&self) -> &str {
        self.provider
            .as_deref()
            .or(self.entry.map(|e| e.provider))
            .unwrap_or("")
    }

    /// The purpose the visitor agrees to, in Russian: the site's wording, else the catalog's.
    pub fn purpose_ru(&self) -> &str {
        self.purpose
            .as_deref()
            .or(self.entry.map(|e| e.purpose_ru))
            .unwrap_or("")
    }
}

/// A service written as an object: a catalog id with overrides, or a service of the site's
/// own. Lists extend the catalog's.
#[derive(Debug, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ServiceObject {
    #[serde(deserialize_with = "text")]
    id: String,
    #[serde(default, deserialize_with = "optional_text")]
    category: Option<String>,
    #[serde(default, deserialize_with = "optional_text")]
    name: Option<String>,
    #[serde(default, deserialize_with = "optional_text")]
    provider: Option<String>,
    /// A rewritten purpose has no reviewed English twin: it is shown in Russian.
    #[serde(default, deserialize_with = "optional_text")]
    purpose: Option<String>,
    abroad: Option<bool>,
    #[serde(default, deserialize_with = "texts")]
    hosts: Vec<String>,
    #[serde(default, deserialize_with = "texts")]
    cookies: Vec<String>,
    #[serde(default, deserialize_with = "texts")]
    storage: Vec<String>,
}

/// A list item written either as an id (a built-in category, a catalog service) or as an
/// object `T`.
#[derive(Debug)]
pub enum Listed<T> {
    Id(String),
    Object(T),
}

/// Where and how long the choice is kept. A receipt carries them too, so that a
/// `soglasie-server` on the site's own origin writes the same cookie (`crate::core::cookie::write`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "camelCase", default)]
pub struct CookieSettings {
    #[serde(deserialize_with = "text")]
    pub name: String,
    pub max_age_days: u32,
    /// `Domain` attribute, to share the choice across subdomains.
    #[serde(
        deserialize_with = "optional_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub domain: Option<String>,
}

impl Default for CookieSettings {
    fn default() -> Self {
        CookieSettings {
            name: "soglasie".into(),
            max_age_days: 365,
            domain: None,
        }
    }
}

/// The texts a site may override (`config.texts`), plain text each. The three banner buttons
/// are fixed by the public contract and have no entry here.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "camelCase", default)]
pub struct Texts {
    #[serde(deserialize_with = "optional_text")]
    pub banner_title: Option<String>,
    /// Replaces the operator's name and the built-in sentence after it.
    #[serde(deserialize_with = "optional_text")]
    pub banner_text: Option<String>,
    #[serde(deserialize_with = "optional_text")]
    pub updated_title: Option<String>,
    #[serde(deserialize_with = "optional_text")]
    pub policy_link: Option<String>,
    #[serde(deserialize_with = "optional_text")]
    pub floating_button: Option<String>,
    #[serde(deserialize_with = "optional_text")]
    pub no_cookies: Option<String>,
    #[serde(deserialize_with = "optional_text")]
    pub preferences_title: Option<String>,
    #[serde(deserialize_with = "optional_text")]
    pub preferences_text: Option<String>,
    #[serde(deserialize_with = "optional_text")]
    pub save: Option<String>,
    #[serde(deserialize_with = "optional_text")]
    pub close: Option<String>,
    #[serde(deserialize_with = "optional_text")]
    pub always_on: Option<String>,
    #[serde(deserialize_with = "optional_text")]
    pub abroad: Option<String>,
    #[serde(deserialize_with = "optional_text")]
    pub operator: Option<String>,
    #[serde(deserialize_with = "optional_text")]
    pub data_collected: Option<String>,
}

/// Presentation switches that do not touch the policy hash.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "camelCase", default)]
pub struct Ui {
    /// The small re-open button in a corner of the page.
    pub floating_button: bool,
    /// Accent colour `#rgb` or `#rrggbb`.
    #[serde(deserialize_with = "optional_text")]
    pub accent: Option<String>,
}

impl Default for Ui {
    fn default() -> Self {
        Ui {
            floating_button: true,
            accent: None,
        }
    }
}

/// How crawlers are treated: no banner and nothing optional, when recognised.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "camelCase", default)]
pub struct Crawlers {
    /// Recognise the built-in crawler tokens (YandexBot, Googlebot, bingbot, Mail.RU_Bot, …).
    pub detect: bool,
    /// More user-agent tokens to treat as crawlers (e.g. the site's own uptime monitor).
    #[serde(deserialize_with = "texts")]
    pub extra_tokens: Vec<String>,
}

impl Default for Crawlers {
    fn default() -> Self {
        Crawlers {
            detect: true,
            extra_tokens: Vec::new(),
        }
    }
}

/// Pages about illnesses (`paths`, patterns with `*`), and the categories that never run on
/// them (`hold`, default `["ads"]`).
#[derive(Debug, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct SensitiveFile {
    #[serde(default, deserialize_with = "texts")]
    paths: Vec<String>,
    #[serde(default, deserialize_with = "optional_texts")]
    hold: Option<Vec<String>>,
}

/// Pages about illnesses and their treatment (`sensitive`): a page whose address says what a
/// patient may be ill with. On such a page the [`hold`](Sensitive::hold) categories never
/// run, whatever the visitor allowed (`crate::core::sensitive`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sensitive {
    /// The config has a `sensitive` member (the dialog then always says what it means).
    pub configured: bool,
    /// Path patterns (`/uslugi/venerologiya/*`).
    pub paths: Vec<String>,
    /// Optional categories held on those pages; `ads` when the config has it and says nothing.
    pub hold: Vec<String>,
}

/// Where receipts go (`receipts`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Receipts {
    /// `soglasie-server`'s `POST /v1/receipts`: absolute http(s), or relative behind the
    /// site's own proxy.
    #[serde(deserialize_with = "text")]
    pub endpoint: String,
    /// How long the clinic keeps receipts (`3y`, `1095d`), as its `soglasie-server prune
    /// --older-than` is run: the policy's cookie section says so (`crate::core::declaration`).
    #[serde(default, deserialize_with = "optional_text")]
    pub retention: Option<String>,
}

/// A receipts retention (`3y`, `1095d`): days or years, the units `soglasie-server prune
/// --older-than` reads the same way.
pub fn retention_of(text: &str) -> Option<crate::catalog::Lifetime> {
    use crate::catalog::{parse_lifetime, Lifetime, Unit};
    parse_lifetime(text).filter(|l| matches!(l, Lifetime::Span(_, Unit::Days | Unit::Years)))
}

/// One problem in a config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// `config.services[1].category`
    pub path: String,
    pub message: String,
}

impl fmt::Display for ConfigError {
    /// The console line: `soglasie: config.policy.url: missing`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "soglasie: {}: {}", self.path, self.message)
    }
}

impl ConfigError {
    fn new(path: impl Into<String>, message: impl Into<String>) -> ConfigError {
        ConfigError {
            path: path.into(),
            message: message.into(),
        }
    }

    /// A value that broke a rule: `"Ads!" — use [a-z][a-z0-9_-]*`.
    fn value(path: impl Into<String>, value: &str, rule: &str) -> ConfigError {
        ConfigError::new(path, format!("{} — {rule}", quoted(value)))
    }

    /// What serde reported, with the path where it stopped.
    fn from_serde(error: serde_path_to_error::Error<serde_json::Error>) -> ConfigError {
        let inner = error.inner();
        let (line, column) = (inner.line(), inner.column());
        // serde_json appends the position to every message; it is said our way below.
        let full = inner.to_string();
        let suffix = format!(" at line {line} column {column}");
        let message = full.strip_suffix(&suffix).unwrap_or(&full);
        if inner.is_syntax() || inner.is_eof() {
            return ConfigError::new(
                "config",
                format!("invalid JSON at line {line}, column {column}: {message}"),
            );
        }
        let mut path = String::from("config");
        let at = error.path().to_string();
        if at != "." {
            path.push('.');
            // A key is the config's own text: no line break or other control character of
            // it may reach a console line.
            path.extend(
                at.chars()
                    .map(|c| if c.is_control() { '\u{fffd}' } else { c }),
            );
        }
        if let Some(expected) = message.strip_prefix("unknown field `") {
            // "unknown field `servises`, expected one of `language`, `operator`, …"
            let known = expected.split('`').skip(2).step_by(2);
            let key = path.rsplit('.').next().unwrap_or("");
            return match nearest(key, known) {
                Some(near) => ConfigError::new(
                    path.clone(),
                    format!("unknown field (did you mean {}?)", quoted(near)),
                ),
                None => ConfigError::new(path, "unknown field"),
            };
        }
        if let Some(rest) = message.strip_prefix("missing field `") {
            let field = rest.split('`').next().unwrap_or("");
            return ConfigError::new(format!("{path}.{field}"), missing(&path, field));
        }
        ConfigError::new(path, message.to_string())
    }
}

/// What a missing required member is for.
fn missing(path: &str, field: &str) -> &'static str {
    match (path, field) {
        ("config", "operator") => "missing (name, address and email of the clinic's legal entity)",
        ("config", "policy") => "missing (url and revision of the privacy policy)",
        _ => "missing",
    }
}

/// Why [`Config::read`] gave no config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unread {
    /// Not a config's shape (a syntax error, an unknown or twice-given key, a wrong type, a
    /// missing field): [`Config::shape_error`] says where.
    Shape,
    /// The values break the rules: every problem found, one line each.
    Invalid(Vec<ConfigError>),
}

/// A byte-order mark (a file saved so, or pasted inline) is not part of the JSON.
fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

impl Config {
    /// Reads and validates a config from its JSON text: the config, or every problem found.
    pub fn from_json(text: &str) -> Result<Config, Vec<ConfigError>> {
        Config::read(text).map_err(|unread| match unread {
            Unread::Shape => Config::shape_error(text).into_iter().collect(),
            Unread::Invalid(errors) => errors,
        })
    }

    /// Reads and validates a config as [`Config::from_json`] does, but only says *that* its
    /// shape is wrong, not where: what the page's module does on every page view. Naming the
    /// field takes `serde_path_to_error`, some 10 KB of every visitor's download; the module
    /// asks [`Config::shape_error`] in a part loaded only for a config that needs it.
    pub fn read(text: &str) -> Result<Config, Unread> {
        let Root(file) = serde_json::from_str(without_bom(text)).map_err(|_| Unread::Shape)?;
        file.validate().map_err(Unread::Invalid)
    }

    /// What is wrong with the shape of a config, with the field's path: `config.servises:
    /// unknown field (did you mean "services"?)`; `None` for a config of the right shape. It
    /// reads as [`Config::read`] does (the fuzz target `config` holds them to that).
    pub fn shape_error(text: &str) -> Option<ConfigError> {
        let mut reader = serde_json::Deserializer::from_str(without_bom(text));
        let read = serde_path_to_error::deserialize(&mut reader).map(|Root(_)| ());
        match read.map(|()| reader.end()) {
            Err(e) => Some(ConfigError::from_serde(e)),
            Ok(Err(e)) => Some(ConfigError::new("config", format!("invalid JSON: {e}"))),
            Ok(Ok(())) => None,
        }
    }

    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    pub fn service(&self, id: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.id == id)
    }

    /// The service a name from other markup means (Klaro's `data-name`): its id, regardless
    /// of ASCII case, `-` and `_` (`googleAnalytics`, `google-analytics` → `google_analytics`).
    pub fn service_named(&self, name: &str) -> Option<&Service> {
        let plain = |s: &str| -> String {
            s.chars()
                .filter(|c| !matches!(c, '-' | '_'))
                .map(|c| c.to_ascii_lowercase())
                .collect()
        };
        let wanted = plain(name);
        self.services.iter().find(|s| plain(&s.id) == wanted)
    }

    /// Who a load of `host` + `path_and_query` (lower-case host, path from `/`) goes to: a
    /// service of this config, a catalog tracker the config does not list, or nobody.
    pub fn owner<'a>(&'a self, host: &str, path_and_query: &str) -> Option<Owner<'a>> {
        // The owner is the most specific match of all, listed or not: with only Google
        // Analytics listed, a Google Ads load (its longer pattern) is not Analytics'. A catalog
        // entry whose pattern beats the listed match is never a listed one (a listed catalog
        // service carries all of its entry's patterns).
        let hosts = |svc: &'a Service| svc.hosts.iter().map(String::as_str);
        let listed = catalog::most_specific(self.services.iter(), hosts, host, path_and_query, 0);
        let length = listed.map_or(0, |(_, n)| n);
        let known = catalog::most_specific(
            catalog::ENTRIES.iter(),
            |e| e.hosts.iter().copied(),
            host,
            path_and_query,
            length,
        );
        match (listed, known) {
            (_, Some((entry, _))) => Some(Owner::Unlisted(entry)),
            (Some((svc, _)), None) => Some(Owner::Listed(svc)),
            (None, None) => None,
        }
    }

    /// Ids of the optional categories in dialog order: all of them, or those in `only`.
    pub fn optional_ids(&self, only: Option<&[&str]>) -> Vec<String> {
        self.categories
            .iter()
            .filter(|c| !c.is_necessary())
            .filter(|c| only.is_none_or(|only| only.contains(&c.id.as_str())))
            .map(|c| c.id.clone())
            .collect()
    }

    /// Whether `id` is an optional category of this config.
    pub fn is_optional(&self, id: &str) -> bool {
        self.category(id).is_some_and(|c| !c.is_necessary())
    }
}

impl ConfigFile {
    /// Checks every value serde could not, and resolves catalog ids: the config, or every
    /// problem found.
    pub fn validate(self) -> Result<Config, Vec<ConfigError>> {
        let mut errors = Vec::new();
        let mut operator = self.operator;
        if !is_plausible_email(&operator.email) {
            errors.push(ConfigError::value(
                "config.operator.email",
                &operator.email,
                "expected an e-mail address",
            ));
        }
        operator.phone = operator.phone.filter(|p| !p.is_empty());
        if !is_safe_url(&self.policy.url) {
            errors.push(ConfigError::value(
                "config.policy.url",
                &self.policy.url,
                "use an absolute http(s) URL or a relative one",
            ));
        }
        let before = errors.len();
        let categories = categories(self.categories, &mut errors);
        // After a broken category list, "no such category" lines would only be noise.
        let known = (errors.len() == before).then_some(&categories[..]);
        let services = services(self.services, known, &mut errors);
        let cookie = self.cookie.check(&mut errors);
        let sensitive = sensitive(self.sensitive, known, &mut errors);
        if let Some(receipts) = self.receipts.as_ref().filter(|r| !is_safe_url(&r.endpoint)) {
            errors.push(ConfigError::value(
                "config.receipts.endpoint",
                &receipts.endpoint,
                "use an absolute http(s) URL or a relative one",
            ));
        }
        if let Some(retention) = self
            .receipts
            .as_ref()
            .and_then(|r| r.retention.as_deref())
            .filter(|r| retention_of(r).is_none())
        {
            errors.push(ConfigError::value(
                "config.receipts.retention",
                retention,
                "use a count of days or years: 1095d, 3y",
            ));
        }
        if let Some(accent) = self.ui.accent.as_deref().filter(|a| !is_hex_colour(a)) {
            errors.push(ConfigError::value(
                "config.ui.accent",
                accent,
                "use #rgb or #rrggbb",
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Config {
            language: self.language,
            operator,
            policy: self.policy,
            categories,
            services,
            cookie,
            texts: self.texts,
            ui: self.ui,
            crawlers: self.crawlers,
            sensitive,
            google_consent_mode: self.google_consent_mode,
            receipts: self.receipts,
        })
    }
}

/// The categories in dialog order, `necessary` first whether listed or not.
fn categories(
    listed: Option<Vec<Listed<CategoryObject>>>,
    errors: &mut Vec<ConfigError>,
) -> Vec<Category> {
    let Some(listed) = listed else {
        return DEFAULT_CATEGORIES
            .iter()
            .map(|id| Category::builtin(id))
            .collect();
    };
    let mut out = vec![Category::builtin(NECESSARY)];
    let mut necessary_listed = false;
    for (i, item) in listed.into_iter().enumerate() {
        let (category, id_path) = match item {
            Listed::Id(id) => (Category::builtin(&id), format!("config.categories[{i}]")),
            Listed::Object(o) => (
                Category {
                    id: o.id,
                    title: o.title,
                    description: o.description,
                },
                format!("config.categories[{i}].id"),
            ),
        };
        let listed_twice = if category.is_necessary() {
            std::mem::replace(&mut necessary_listed, true)
        } else {
            out.iter().any(|c| c.id == category.id)
        };
        let problem = if !is_id(&category.id) {
            Some("use [a-z][a-z0-9_-]*")
        } else if listed_twice {
            Some("listed twice")
        } else {
            None
        };
        if let Some(rule) = problem {
            errors.push(ConfigError::value(id_path, &category.id, rule));
            continue;
        }
        if category.is_necessary() {
            // Listed where the site likes, perhaps with a title of its own: it stays first.
            out[0] = category;
            continue;
        }
        if category.title.is_none() && !DEFAULT_CATEGORIES.contains(&category.id.as_str()) {
            errors.push(ConfigError::new(
                format!("config.categories[{i}].title"),
                "missing (a category of the site's own needs a title)",
            ));
            continue;
        }
        out.push(category);
    }
    out
}

/// The services, catalog ids resolved; `categories` is `None` when it could not be read.
fn services(
    listed: Vec<Listed<ServiceObject>>,
    categories: Option<&[Category]>,
    errors: &mut Vec<ConfigError>,
) -> Vec<Service> {
    let mut out: Vec<Service> = Vec::new();
    for (i, item) in listed.into_iter().enumerate() {
        let path = format!("config.services[{i}]");
        let service = match item {
            Listed::Id(id) => match catalog::find(&id) {
                Some(entry) => Some(Service::from(entry)),
                None => {
                    let hint = nearest(&id, catalog::ENTRIES.iter().map(|e| e.id))
                        .map(|near| format!(" (did you mean {}?)", quoted(near)))
                        .unwrap_or_default();
                    let rule = format!(
                        "not in the catalog{hint}; describe a service of your own as an object"
                    );
                    errors.push(ConfigError::value(&path, &id, &rule));
                    None
                }
            },
            Listed::Object(o) => service_object(o, &path, errors),
        };
        let Some(service) = service else { continue };
        let problem = if out.iter().any(|s| s.id == service.id) {
            errors.push(ConfigError::value(&path, &service.id, "listed twice"));
            continue;
        } else if service.category == NECESSARY {
            Some("a tracker cannot be necessary; use an optional category")
        } else if categories.is_some_and(|known| !known.iter().any(|c| c.id == service.category)) {
            Some("no such category in config.categories")
        } else {
            None
        };
        if let Some(rule) = problem {
            let at = format!("{path}.category");
            errors.push(ConfigError::value(at, &service.category, rule));
        }
        out.push(service);
    }
    out
}

/// `sensitive`, checked: paths from `/`, held categories that exist and are optional.
/// `categories` is `None` when they could not be read.
fn sensitive(
    file: Option<SensitiveFile>,
    categories: Option<&[Category]>,
    errors: &mut Vec<ConfigError>,
) -> Sensitive {
    let exists = |id: &str| categories.is_none_or(|known| known.iter().any(|c| c.id == id));
    let Some(file) = file else {
        return Sensitive {
            configured: false,
            paths: Vec::new(),
            hold: ["ads"]
                .iter()
                .filter(|id| exists(id))
                .map(|id| id.to_string())
                .collect(),
        };
    };
    for (i, path) in file.paths.iter().enumerate() {
        if !path.starts_with('/') {
            errors.push(ConfigError::value(
                format!("config.sensitive.paths[{i}]"),
                path,
                "use a path from the site's root, such as /uslugi/venerologiya/*",
            ));
        }
    }
    let hold = file.hold.unwrap_or_else(|| vec!["ads".into()]);
    for (i, id) in hold.iter().enumerate() {
        let problem = if id == NECESSARY {
            Some("necessary always runs; hold optional categories")
        } else if !exists(id) {
            Some("no such category in config.categories")
        } else {
            None
        };
        if let Some(rule) = problem {
            errors.push(ConfigError::value(
                format!("config.sensitive.hold[{i}]"),
                id,
                rule,
            ));
        }
    }
    Sensitive {
        configured: true,
        paths: file.paths,
        hold,
    }
}

impl From<&'static Entry> for Service {
    fn from(entry: &'static Entry) -> Service {
        let owned = |list: &[&str]| list.iter().map(|s| s.to_string()).collect();
        Service {
            id: entry.id.into(),
            entry: Some(entry),
            name: None,
            provider: None,
            purpose: None,
            category: entry.category.into(),
            abroad: entry.abroad,
            hosts: owned(entry.hosts),
            cookies: owned(entry.cookies),
            storage: owned(entry.storage),
        }
    }
}

/// A service object: a catalog id with overrides, or a service of the site's own, which must
/// then say who gets the data and why.
fn service_object(o: ServiceObject, path: &str, errors: &mut Vec<ConfigError>) -> Option<Service> {
    if !is_id(&o.id) {
        errors.push(ConfigError::value(
            format!("{path}.id"),
            &o.id,
            "use [a-z][a-z0-9_-]*",
        ));
        return None;
    }
    let mut service = match catalog::find(&o.id) {
        Some(entry) => Service::from(entry),
        None => {
            let required = [
                ("name", o.name.is_none()),
                ("provider", o.provider.is_none()),
                ("purpose", o.purpose.is_none()),
                ("category", o.category.is_none()),
            ];
            let mut complete = true;
            for (key, absent) in required {
                if absent {
                    errors.push(ConfigError::new(
                        format!("{path}.{key}"),
                        "missing (required for a service that is not in the catalog)",
                    ));
                    complete = false;
                }
            }
            if !complete {
                return None;
            }
            Service {
                id: o.id,
                entry: None,
                name: None,
                provider: None,
                purpose: None,
                category: String::new(),
                abroad: false,
                hosts: Vec::new(),
                cookies: Vec::new(),
                storage: Vec::new(),
            }
        }
    };
    service.name = o.name;
    service.provider = o.provider;
    service.purpose = o.purpose;
    if let Some(category) = o.category {
        service.category = category;
    }
    if let Some(abroad) = o.abroad {
        service.abroad = abroad;
    }
    for (i, host) in o.hosts.into_iter().enumerate() {
        if is_host_pattern(&host) {
            service.hosts.push(host.to_ascii_lowercase());
        } else {
            let rule = "use host or host/path, without a scheme";
            errors.push(ConfigError::value(
                format!("{path}.hosts[{i}]"),
                &host,
                rule,
            ));
        }
    }
    for (key, list, target) in [
        ("cookies", o.cookies, &mut service.cookies),
        ("storage", o.storage, &mut service.storage),
    ] {
        for (i, name) in list.into_iter().enumerate() {
            if is_name_pattern(&name, key == "cookies") {
                target.push(name);
            } else {
                let rule = "use a name or a prefix ending in *, and for cookies optionally @30m, @12h, @7d, @1y or @session";
                errors.push(ConfigError::value(
                    format!("{path}.{key}[{i}]"),
                    &name,
                    rule,
                ));
            }
        }
    }
    Some(service)
}

impl CookieSettings {
    /// The settings as they are kept (a domain without its leading dot, in lower case), each
    /// wrong value said in `errors`. `soglasie-server` checks a receipt's copy with it too.
    pub fn check(mut self, errors: &mut Vec<ConfigError>) -> CookieSettings {
        let name_ok = self
            .name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if !name_ok {
            let rule = "use letters, digits, _ and -";
            errors.push(ConfigError::value("config.cookie.name", &self.name, rule));
        }
        if !(1..=MAX_AGE_DAYS_LIMIT).contains(&self.max_age_days) {
            let days = self.max_age_days.to_string();
            let rule = "use a whole number of days from 1 to 3650";
            errors.push(ConfigError::value("config.cookie.maxAgeDays", &days, rule));
        }
        if let Some(domain) = &self.domain {
            let bare = domain.trim_start_matches('.');
            if is_hostname(bare) {
                self.domain = Some(bare.to_ascii_lowercase());
            } else {
                let rule = "use a host name such as clinic.ru";
                errors.push(ConfigError::value("config.cookie.domain", domain, rule));
            }
        }
        self
    }
}

/// `value` in double quotes, as JSON writes it (so a control character shows escaped): how a
/// console line quotes a site's text.
pub fn quoted(value: &str) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// `[a-z][a-z0-9_-]*`, at most 40 characters (ids travel in the cookie).
pub fn is_id(s: &str) -> bool {
    s.len() <= 40
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_' || c == b'-')
}

/// Absolute `http(s)` URLs and relative references are allowed; any other scheme
/// (`javascript:`, `data:`, …) is refused. A relative reference is one with no scheme.
pub fn is_safe_url(url: &str) -> bool {
    if url.chars().any(|c| c.is_control() || c == ' ') {
        return false;
    }
    for scheme in ["http://", "https://"] {
        if url
            .get(..scheme.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(scheme))
        {
            return url.len() > scheme.len();
        }
    }
    // A scheme is what stands before the first ':' that precedes any '/', '?' or '#'.
    url.find([':', '/', '?', '#'])
        .is_none_or(|at| url.as_bytes()[at] != b':')
}

fn is_hostname(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 253
        && s.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

/// `host`, `host/path` or `host/path?param=`: a scheme cannot pass, as ':' is not allowed in
/// a host name.
fn is_host_pattern(s: &str) -> bool {
    is_hostname(s.split('/').next().unwrap_or(""))
}

/// A cookie or storage key name, or a prefix ending in `*`; cookies may say how long they
/// live (`@1y`, see [`catalog::parse_lifetime`]).
fn is_name_pattern(spec: &str, cookie: bool) -> bool {
    let (name, lifetime) = catalog::split_lifetime(spec);
    let lifetime_ok = lifetime.is_none_or(|l| cookie && catalog::parse_lifetime(l).is_some());
    !name.is_empty() && !name.contains(['=', ';', ' ', ',']) && lifetime_ok
}

fn is_plausible_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => !local.is_empty() && domain.contains('.') && !s.contains(' '),
        None => false,
    }
}

fn is_hex_colour(s: &str) -> bool {
    s.strip_prefix('#').is_some_and(|hex| {
        (hex.len() == 3 || hex.len() == 6) && hex.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

/// The closest candidate within two edits, for "did you mean" hints.
fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|&(distance, _)| distance <= 2)
        // The first of equally near candidates wins.
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, c)| c)
}

/// Levenshtein distance in characters, one row of the table at a time.
fn edit_distance(a: &str, b: &str) -> usize {
    // row[j]: the distance from the part of `a` read so far to the first j characters of `b`.
    let mut row: Vec<usize> = (0..=b.chars().count()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = i;
        row[0] = i + 1;
        for (j, cb) in b.chars().enumerate() {
            let up = row[j + 1];
            row[j + 1] = if ca == cb {
                diagonal
            } else {
                1 + diagonal.min(up).min(row[j])
            };
            diagonal = up;
        }
    }
    row[row.len() - 1]
}

// ---- serde helpers: how values are read ----

/// A string, trimmed; empty is refused.
fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let s = String::deserialize(d)?;
    let trimmed = s.trim();
    if trimmed.is_empty() {
        return Err(de::Error::custom("must not be empty"));
    }
    Ok(trimmed.to_string())
}

fn optional_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    text(d).map(Some)
}

fn optional_texts<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    texts(d).map(Some)
}

/// An array of strings, each as [`text`] reads it.
fn texts<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    struct Item(#[serde(deserialize_with = "text")] String);
    let items = Vec::<Item>::deserialize(d)?;
    Ok(items.into_iter().map(|Item(s)| s).collect())
}

/// A struct that must be written as a JSON object: serde would also take an array of its
/// fields in order, which nobody writes on purpose.
fn object<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<T, D::Error> {
    struct ObjectOnly<T>(std::marker::PhantomData<T>);
    impl<'de, T: DeserializeOwned> Visitor<'de> for ObjectOnly<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::deserialize(de::value::MapAccessDeserializer::new(map))
        }
    }
    d.deserialize_map(ObjectOnly(std::marker::PhantomData))
}

fn optional_object<'de, D: Deserializer<'de>, T: DeserializeOwned>(
    d: D,
) -> Result<Option<T>, D::Error> {
    object(d).map(Some)
}

/// The config as a whole: an object, as [`object`] reads one.
struct Root(ConfigFile);

impl<'de> Deserialize<'de> for Root {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        object(d).map(Root)
    }
}

/// The ids a list of `T` may hold by themselves (`"yandex_metrika"`, `"analytics"`): offered
/// by the schema, so that editors complete them.
#[cfg(not(target_arch = "wasm32"))]
pub trait KnownIds {
    fn known_ids() -> Vec<&'static str>;
}

#[cfg(not(target_arch = "wasm32"))]
impl KnownIds for CategoryObject {
    fn known_ids() -> Vec<&'static str> {
        DEFAULT_CATEGORIES.to_vec()
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl KnownIds for ServiceObject {
    fn known_ids() -> Vec<&'static str> {
        catalog::ENTRIES.iter().map(|e| e.id).collect()
    }
}

/// An id or an object, as serde reads [`Listed`].
#[cfg(not(target_arch = "wasm32"))]
impl<T: schemars::JsonSchema + KnownIds> schemars::JsonSchema for Listed<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Listed{}", T::schema_name()).into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let object = generator.subschema_for::<T>();
        schemars::json_schema!({
            "anyOf": [{ "type": "string", "enum": T::known_ids() }, object]
        })
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Listed<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct IdOrObject<T>(std::marker::PhantomData<T>);
        impl<'de, T: DeserializeOwned> Visitor<'de> for IdOrObject<T> {
            type Value = Listed<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an id or an object")
            }
            fn visit_str<E: de::Error>(self, id: &str) -> Result<Listed<T>, E> {
                text(de::value::StrDeserializer::new(id)).map(Listed::Id)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Listed<T>, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Listed::Object)
            }
        }
        d.deserialize_any(IdOrObject(std::marker::PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_reader_refuses_what_the_full_one_does_naming_only_values() {
        // A misspelled key: the quick reader only knows the shape is wrong; the path is named
        // by the reader the page loads for it.
        let misspelled = MINIMAL.replace("\"services\"", "\"servises\"");
        assert_eq!(Config::read(&misspelled), Err(Unread::Shape));
        let named = Config::shape_error(&misspelled).expect("a shape error");
        assert_eq!(
            named.to_string(),
            "soglasie: config.servises: unknown field (did you mean \"services\"?)"
        );
        assert_eq!(Config::from_json(&misspelled), Err(vec![named]));
        // Trailing text after the config is a shape error too.
        assert_eq!(Config::read(&format!("{MINIMAL} x")), Err(Unread::Shape));
        // Values that break the rules are named by the quick reader itself.
        let bad_url = MINIMAL.replace("/privacy.html", "javascript:alert(1)");
        assert_eq!(Config::shape_error(&bad_url), None);
        let Err(Unread::Invalid(errors)) = Config::read(&bad_url) else {
            panic!("refused")
        };
        assert_eq!(Config::from_json(&bad_url), Err(errors));
        // A good config reads the same either way.
        assert_eq!(Config::read(MINIMAL).ok(), Config::from_json(MINIMAL).ok());
        assert_eq!(Config::shape_error(MINIMAL), None);
    }

    pub const MINIMAL: &str = r#"{
      "operator": { "name": "ООО «Клиника Пример»", "address": "г. Москва, ул. Примерная, д. 1",
                    "email": "privacy@example.ru" },
      "policy":   { "url": "/privacy.html", "revision": "2026-11-01" },
      "services": ["yandex_metrika", "top_mail_ru", "vk_pixel"]
    }"#;

    /// The problems of `text`, one console line each.
    fn errors(text: &str) -> Vec<String> {
        match Config::from_json(text) {
            Ok(c) => panic!("accepted: {c:?}"),
            Err(errs) => errs.iter().map(ConfigError::to_string).collect(),
        }
    }

    /// The minimal config with one top-level member replaced or added.
    fn minimal_with(key: &str, value: &str) -> String {
        let mut config: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(MINIMAL).unwrap();
        config.insert(key.into(), serde_json::from_str(value).unwrap());
        serde_json::to_string(&config).unwrap()
    }

    #[test]
    fn minimal_config_gets_russian_clinic_defaults() {
        let c = Config::from_json(MINIMAL).unwrap();
        assert_eq!(c.language, Language::Ru);
        let ids: Vec<&str> = c.categories.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["necessary", "functional", "analytics", "ads"]);
        assert_eq!(c.cookie, CookieSettings::default());
        assert_eq!(
            (c.cookie.name.as_str(), c.cookie.max_age_days),
            ("soglasie", 365)
        );
        assert!(c.ui.floating_button);
        assert!(c.crawlers.detect);
        let metrika = c.service("yandex_metrika").unwrap();
        assert_eq!(metrika.entry.map(|e| e.id), Some("yandex_metrika"));
        assert_eq!(metrika.provider, None, "the catalog's wording");
        assert_eq!(metrika.display_provider(), "ООО «Яндекс»");
        assert_eq!(metrika.category, "analytics");
        assert_eq!(c.service("vk_pixel").unwrap().category, "ads");
        assert_eq!(c.operator.email, "privacy@example.ru");
        assert_eq!(c.policy.revision, "2026-11-01");
    }

    #[test]
    fn a_full_config_reads_every_member() {
        let full = r##"{"language": "auto",
            "operator": {"name": " ООО «К» ", "address": "Москва", "email": "a@k.ru", "inn": "1", "ogrn": "2", "phone": "3"},
            "policy": {"url": "https://k.ru/p", "revision": "1", "digest": "x"},
            "categories": ["analytics", {"id": "chat", "title": "Чат", "description": "Д"}],
            "services": ["yandex_metrika", {"id": "jivo", "category": "chat", "cookies": ["jv_x@1y"]},
                         {"id": "crm", "name": "CRM", "provider": "П", "purpose": "Ц", "category": "chat",
                          "abroad": true, "hosts": ["CRM.ru/w"], "cookies": ["crm_*"], "storage": ["crm"]}],
            "cookie": {"name": "c", "maxAgeDays": 30, "domain": ".K.ru"},
            "texts": {"bannerTitle": "Т", "save": "С"},
            "ui": {"floatingButton": false, "accent": "#abc"},
            "crawlers": {"detect": false, "extraTokens": ["Mon"]}}"##;
        let c = Config::from_json(full).unwrap();
        assert_eq!(c.language, Language::Auto);
        assert_eq!(c.operator.name, "ООО «К»", "trimmed");
        assert_eq!(c.operator.inn.as_deref(), Some("1"));
        let ids: Vec<&str> = c.categories.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["necessary", "analytics", "chat"]);
        let crm = c.service("crm").unwrap();
        assert_eq!(
            (crm.entry, crm.abroad, crm.hosts.as_slice()),
            (None, true, &["crm.ru/w".to_string()][..])
        );
        let jivo = c.service("jivo").unwrap();
        assert_eq!(jivo.category, "chat");
        assert_eq!(jivo.cookies.last().map(String::as_str), Some("jv_x@1y"));
        assert_eq!(c.cookie.domain.as_deref(), Some("k.ru"));
        assert_eq!(c.texts.banner_title.as_deref(), Some("Т"));
        assert_eq!(c.texts.save.as_deref(), Some("С"));
        assert_eq!(
            c.ui,
            Ui {
                floating_button: false,
                accent: Some("#abc".into())
            }
        );
        assert_eq!(c.crawlers.extra_tokens, ["Mon"]);
    }

    #[test]
    fn bad_category_ids_name_the_field_and_the_rule() {
        let text = minimal_with("categories", r#"["necessary", "analytics", "Ads!"]"#);
        assert_eq!(
            errors(&text),
            [r#"soglasie: config.categories[2]: "Ads!" — use [a-z][a-z0-9_-]*"#]
        );
        let text = minimal_with(
            "categories",
            r#"["analytics", {"id": "Ads!", "title": "x"}]"#,
        );
        assert_eq!(
            errors(&text),
            [r#"soglasie: config.categories[1].id: "Ads!" — use [a-z][a-z0-9_-]*"#]
        );
    }

    #[test]
    fn unknown_fields_are_errors_with_a_hint() {
        let text = MINIMAL.replace("\"services\"", "\"servises\"");
        assert_eq!(
            errors(&text),
            [r#"soglasie: config.servises: unknown field (did you mean "services"?)"#]
        );
        let text = MINIMAL.replace("\"revision\"", "\"revison\"");
        assert_eq!(
            errors(&text),
            [r#"soglasie: config.policy.revison: unknown field (did you mean "revision"?)"#]
        );
        let text = minimal_with("texts", r#"{"acceptAll": "Да"}"#);
        assert_eq!(
            errors(&text),
            ["soglasie: config.texts.acceptAll: unknown field"]
        );
    }

    #[test]
    fn other_markups_names_for_a_service_find_it() {
        let c = Config::from_json(MINIMAL).unwrap();
        for name in [
            "yandex_metrika",
            "yandexMetrika",
            "yandex-metrika",
            "YANDEX_METRIKA",
        ] {
            assert_eq!(
                c.service_named(name).map(|s| s.id.as_str()),
                Some("yandex_metrika"),
                "{name}"
            );
        }
        assert!(c.service_named("metrika").is_none() && c.service_named("").is_none());
    }

    #[test]
    fn sensitive_pages_hold_ads_unless_told_otherwise() {
        let c = Config::from_json(MINIMAL).unwrap();
        assert_eq!(
            (c.sensitive.configured, c.sensitive.hold.as_slice()),
            (false, &["ads".to_string()][..])
        );
        let text = minimal_with("sensitive", r#"{"paths": ["/uslugi/venerologiya/*"]}"#);
        let c = Config::from_json(&text).unwrap();
        assert!(c.sensitive.configured);
        assert_eq!(c.sensitive.paths, ["/uslugi/venerologiya/*"]);
        assert_eq!(c.sensitive.hold, ["ads"]);
        // A site without an `ads` category holds nothing by default.
        let text = minimal_with("categories", r#"["analytics"]"#)
            .replace(r#","top_mail_ru","vk_pixel""#, "");
        assert_eq!(
            Config::from_json(&text).unwrap().sensitive.hold,
            [] as [String; 0]
        );
    }

    #[test]
    fn sensitive_paths_and_held_categories_are_checked() {
        let text = minimal_with(
            "sensitive",
            r#"{"paths": ["uslugi/vich/*", "/hiv/*"], "hold": ["ads", "necessary", "marketing"]}"#,
        );
        assert_eq!(
            errors(&text),
            [
                "soglasie: config.sensitive.paths[0]: \"uslugi/vich/*\" — use a path from the site's root, such as /uslugi/venerologiya/*",
                "soglasie: config.sensitive.hold[1]: \"necessary\" — necessary always runs; hold optional categories",
                "soglasie: config.sensitive.hold[2]: \"marketing\" — no such category in config.categories",
            ]
        );
        let text = minimal_with("sensitive", r#"{"path": ["/hiv/*"]}"#);
        assert_eq!(
            errors(&text),
            ["soglasie: config.sensitive.path: unknown field (did you mean \"paths\"?)"]
        );
        let text = minimal_with("sensitive", r#"["/hiv/*"]"#);
        assert_eq!(
            errors(&text),
            ["soglasie: config.sensitive: invalid type: sequence, expected an object"]
        );
    }

    #[test]
    fn a_key_given_twice_is_refused() {
        let text = MINIMAL.replace(
            r#""revision": "2026-11-01""#,
            r#""revision": "2026-11-01", "revision": "2026-12-01""#,
        );
        let e = errors(&text);
        assert_eq!(e.len(), 1);
        assert!(
            e[0].starts_with("soglasie: config.policy: duplicate field `revision`"),
            "{e:?}"
        );
    }

    #[test]
    fn a_key_cannot_put_control_characters_into_a_console_line() {
        let text = MINIMAL.replacen('{', r#"{"a\u0000G\nA": 1, "#, 1);
        assert_eq!(
            errors(&text),
            ["soglasie: config.a\u{fffd}G\u{fffd}A: unknown field"]
        );
    }

    #[test]
    fn a_missing_member_says_what_it_is_for() {
        assert_eq!(
            errors(r#"{"policy": {"url": "/p", "revision": "1"}}"#),
            ["soglasie: config.operator: missing (name, address and email of the clinic's legal entity)"]
        );
        assert_eq!(
            errors(&MINIMAL.replace(r#""email": "privacy@example.ru""#, r#""phone": "1""#)),
            ["soglasie: config.operator.email: missing"]
        );
    }

    #[test]
    fn values_are_checked_and_every_problem_is_reported() {
        let text = r#"{"operator": {"name": "К", "address": "М", "email": "nobody"},
            "policy": {"url": "javascript:alert(1)", "revision": "1"},
            "ui": {"accent": "red"}, "cookie": {"name": "a b", "maxAgeDays": 0, "domain": "http://x"}}"#;
        assert_eq!(
            errors(text),
            [
                r#"soglasie: config.operator.email: "nobody" — expected an e-mail address"#,
                r#"soglasie: config.policy.url: "javascript:alert(1)" — use an absolute http(s) URL or a relative one"#,
                r#"soglasie: config.cookie.name: "a b" — use letters, digits, _ and -"#,
                r#"soglasie: config.cookie.maxAgeDays: "0" — use a whole number of days from 1 to 3650"#,
                r#"soglasie: config.cookie.domain: "http://x" — use a host name such as clinic.ru"#,
                r##"soglasie: config.ui.accent: "red" — use #rgb or #rrggbb"##,
            ]
        );
    }

    #[test]
    fn wrong_types_and_empty_texts_name_the_field() {
        let e = errors(&MINIMAL.replace(r#""name": "ООО «Клиника Пример»""#, r#""name": 5"#));
        assert_eq!(
            e,
            ["soglasie: config.operator.name: invalid type: integer `5`, expected a string"]
        );
        let e = errors(&MINIMAL.replace(r#""name": "ООО «Клиника Пример»""#, r#""name": "  ""#));
        assert_eq!(e, ["soglasie: config.operator.name: must not be empty"]);
        let e = errors(&minimal_with("ui", r#"{"floatingButton": 1}"#));
        assert_eq!(
            e,
            ["soglasie: config.ui.floatingButton: invalid type: integer `1`, expected a boolean"]
        );
        let e = errors(&minimal_with("language", r#""de""#));
        assert_eq!(e, ["soglasie: config.language: unknown variant `de`, expected one of `ru`, `en`, `auto`"]);
        // Written as an array of its fields: refused, though serde could read it.
        let e = errors(&minimal_with("ui", r##"[true, "#abc"]"##));
        assert_eq!(
            e,
            ["soglasie: config.ui: invalid type: sequence, expected an object"]
        );
        let e = errors(&minimal_with("cookie", r#"{"maxAgeDays": 365.0}"#));
        assert_eq!(e, ["soglasie: config.cookie.maxAgeDays: invalid type: floating point `365.0`, expected u32"]);
    }

    #[test]
    fn services_must_be_known_unique_and_never_necessary() {
        let e = errors(&minimal_with("services", r#"["yandex_metrica"]"#));
        assert_eq!(
            e,
            [
                r#"soglasie: config.services[0]: "yandex_metrica" — not in the catalog (did you mean "yandex_metrika"?); describe a service of your own as an object"#
            ]
        );
        let e = errors(&minimal_with("services", r#"["jivo", "jivo"]"#));
        assert_eq!(
            e,
            [r#"soglasie: config.services[1]: "jivo" — listed twice"#]
        );
        let e = errors(&minimal_with(
            "services",
            r#"[{"id": "yandex_metrika", "category": "necessary"}]"#,
        ));
        assert_eq!(
            e,
            [
                r#"soglasie: config.services[0].category: "necessary" — a tracker cannot be necessary; use an optional category"#
            ]
        );
        let e = errors(&minimal_with("categories", r#"["analytics"]"#));
        assert_eq!(
            e,
            [
                r#"soglasie: config.services[1].category: "ads" — no such category in config.categories"#,
                r#"soglasie: config.services[2].category: "ads" — no such category in config.categories"#,
            ]
        );
        let e = errors(&minimal_with("services", r#"[5]"#));
        assert_eq!(e, ["soglasie: config.services[0]: invalid type: integer `5`, expected an id or an object"]);
    }

    #[test]
    fn own_services_need_a_full_description() {
        let e = errors(&minimal_with(
            "services",
            r#"[{"id": "crm", "name": "CRM"}]"#,
        ));
        assert_eq!(
            e,
            [
                "soglasie: config.services[0].provider: missing (required for a service that is not in the catalog)",
                "soglasie: config.services[0].purpose: missing (required for a service that is not in the catalog)",
                "soglasie: config.services[0].category: missing (required for a service that is not in the catalog)",
            ]
        );
        let c = Config::from_json(&minimal_with(
            "services",
            r#"[{"id": "crm", "name": "CRM", "provider": "ООО «CRM»", "purpose": "Заявки.",
                 "category": "functional", "cookies": ["crm_*"], "hosts": ["crm.example.ru/w"]},
                {"id": "yandex_metrika", "category": "ads", "cookies": ["extra"]}]"#,
        ))
        .unwrap();
        let crm = c.service("crm").unwrap();
        assert_eq!(
            (crm.provider.as_deref(), crm.category.as_str(), crm.entry),
            (Some("ООО «CRM»"), "functional", None)
        );
        assert_eq!(crm.cookies, ["crm_*"]);
        let metrika = c.service("yandex_metrika").unwrap();
        assert_eq!(metrika.category, "ads");
        assert_eq!(metrika.cookies.last().map(String::as_str), Some("extra"));
        assert!(metrika.cookies.iter().any(|c| c == "_ym_*"));
        assert_eq!(
            (metrika.purpose.as_deref(), metrika.entry.is_some()),
            (None, true)
        );
        let e = errors(&minimal_with(
            "services",
            r#"[{"id": "jivo", "hosts": ["https://x.ru"], "cookies": ["a=b", "ok@2w"], "storage": ["k@1y"]}]"#,
        ));
        assert_eq!(e.len(), 4, "{e:?}");
        assert!(
            e[0].starts_with(r#"soglasie: config.services[0].hosts[0]: "https://x.ru" — use host"#)
        );
        assert!(e[3].starts_with(r#"soglasie: config.services[0].storage[0]: "k@1y""#));
    }

    #[test]
    fn categories_keep_necessary_first_and_need_titles_for_own_ids() {
        let c = Config::from_json(&minimal_with(
            "categories",
            r#"["ads", "analytics", {"id": "video", "title": "Видео"}, "necessary"]"#,
        ))
        .unwrap();
        let ids: Vec<&str> = c.categories.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["necessary", "ads", "analytics", "video"]);
        let e = errors(&minimal_with(
            "categories",
            r#"["analytics", "ads", "video"]"#,
        ));
        assert_eq!(
            e,
            ["soglasie: config.categories[2].title: missing (a category of the site's own needs a title)"]
        );
        let e = errors(&minimal_with(
            "categories",
            r#"["analytics", "ads", "analytics"]"#,
        ));
        assert_eq!(
            e,
            [r#"soglasie: config.categories[2]: "analytics" — listed twice"#]
        );
    }

    #[test]
    fn not_json_is_one_line_with_position() {
        assert_eq!(
            errors("{\"operator\": }"),
            ["soglasie: config: invalid JSON at line 1, column 14: expected value"]
        );
        assert_eq!(
            errors("[]"),
            ["soglasie: config: invalid type: sequence, expected an object"]
        );
        assert_eq!(errors(&format!("{MINIMAL} x")).len(), 1);
        // Halves of a character are not text.
        let e = errors(&MINIMAL.replace("Пример»\"", "Пример\\ud800»\""));
        assert!(
            e[0].starts_with("soglasie: config: invalid JSON at line 2"),
            "{e:?}"
        );
        // A byte-order mark is not part of the JSON.
        assert!(Config::from_json(&format!("\u{feff}{MINIMAL}")).is_ok());
    }

    #[test]
    fn edit_distance_counts_characters() {
        for (a, b, distance) in [
            ("", "", 0),
            ("", "abc", 3),
            ("abc", "", 3),
            ("kitten", "sitting", 3),
            ("servises", "services", 1),
            ("ёжик", "ежик", 1),
            ("policy", "policy", 0),
        ] {
            assert_eq!(edit_distance(a, b), distance, "{a} → {b}");
            assert_eq!(edit_distance(b, a), distance, "{b} → {a}");
        }
        assert_eq!(
            nearest("revison", ["url", "revision", "digest"]),
            Some("revision")
        );
        assert_eq!(nearest("colour", ["url", "revision", "digest"]), None);
    }

    #[test]
    fn url_rule_allows_http_and_relative_only() {
        for ok in [
            "/privacy.html",
            "privacy.html",
            "https://a.ru/p",
            "HTTP://a.ru",
            "?p=1",
            "#x",
            "./a:b",
        ] {
            assert!(is_safe_url(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "data:text/html,x",
            "vbscript:x",
            "https://",
            "a b",
            "mailto:x@y.ru",
            "JaVaScRiPt:1",
        ] {
            assert!(!is_safe_url(bad), "{bad}");
        }
    }
}
