//! The site's configuration: types, Russian defaults and a strict decoder.
//!
//! The decoder reports every problem as one line that names the field
//! (`soglasie: config.categories[2].id: "Ads!" — use [a-z][a-z0-9_-]*`) and returns no
//! config at all when there is any problem: a half-understood config must not run trackers.
//! Unknown fields are errors with a "did you mean" hint, because a typo such as `"servises"`
//! would otherwise silently drop a tracker's description from the dialog.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::catalog;
use crate::core::json::{self, Node, Value};
use crate::core::texts::{TextKey, TEXT_KEYS};

/// The category every config has, always allowed, never switchable.
pub const NECESSARY: &str = "necessary";
/// Optional categories a config gets when it names none, in dialog order.
pub const DEFAULT_OPTIONAL: [&str; 3] = ["functional", "analytics", "ads"];

const DEFAULT_COOKIE_NAME: &str = "soglasie";
const DEFAULT_MAX_AGE_DAYS: u32 = 365;
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
    /// Text overrides, plain text (rendered escaped, never as HTML).
    pub texts: Vec<(TextKey, String)>,
    pub ui: Ui,
    pub crawlers: Crawlers,
}

/// How crawlers are treated: no banner and nothing optional, when recognised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crawlers {
    /// Recognise the built-in crawler tokens (`crate::core::crawler::TOKENS`).
    pub detect: bool,
    /// More user-agent tokens to treat as crawlers (e.g. the site's own uptime monitor).
    pub extra_tokens: Vec<String>,
}

/// Which language the dialog speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Ru,
    En,
    /// English when `<html lang>` starts with `en`, Russian otherwise.
    Auto,
}

/// The operator of personal data (the clinic's legal entity), named in the dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operator {
    pub name: String,
    pub address: String,
    pub email: String,
    pub inn: Option<String>,
    pub ogrn: Option<String>,
    pub phone: Option<String>,
}

/// The privacy policy the visitor agrees to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// Absolute `http(s)` or relative URL, hashed as written.
    pub url: String,
    /// The site's own revision label, e.g. a date; a new one re-prompts.
    pub revision: String,
    /// Optional digest of the policy document itself.
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
    pub fn is_necessary(&self) -> bool {
        self.id == NECESSARY
    }
}

/// A service (tracker, widget, embed) the site uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    pub id: String,
    pub name: String,
    pub provider: String,
    pub category: String,
    /// Purpose in Russian: the text the visitor agrees to (hashed).
    pub purpose: String,
    /// Purpose in English, when known (catalog entries have one).
    pub purpose_en: Option<String>,
    pub abroad: bool,
    /// URL patterns (`host` or `host/path`), see [`catalog::pattern_matches`].
    pub hosts: Vec<String>,
    /// First-party cookies it sets (`name` or `prefix*`), removed on withdrawal.
    pub cookies: Vec<String>,
    /// localStorage keys it sets, same notation.
    pub storage: Vec<String>,
}

/// Where and how long the choice is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CookieSettings {
    pub name: String,
    pub max_age_days: u32,
    /// `Domain` attribute, to share the choice across subdomains.
    pub domain: Option<String>,
}

/// Presentation switches that do not touch the policy hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ui {
    /// The small re-open button in a corner of the page.
    pub floating_button: bool,
    /// Accent colour `#rgb` or `#rrggbb`.
    pub accent: Option<String>,
}

/// One problem in a config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// `config.services[1].category`
    pub path: String,
    pub message: String,
}

impl ConfigError {
    /// The console line: `soglasie: config.policy.url: missing`.
    pub fn describe(&self) -> String {
        let mut s = String::from("soglasie: ");
        s.push_str(&self.path);
        s.push_str(": ");
        s.push_str(&self.message);
        s
    }
}

impl Config {
    /// Decodes and validates a JSON config. Every problem found is returned, one per entry.
    pub fn from_json(text: &str) -> Result<Config, Vec<ConfigError>> {
        match json::parse(text) {
            Ok(node) => decode(&node),
            Err(e) => Err(vec![ConfigError {
                path: "config".into(),
                message: e.describe(),
            }]),
        }
    }

    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    pub fn service(&self, id: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.id == id)
    }

    /// Ids of the optional categories, in dialog order.
    pub fn optional_ids(&self) -> impl Iterator<Item = &str> {
        self.categories
            .iter()
            .filter(|c| !c.is_necessary())
            .map(|c| c.id.as_str())
    }

    pub fn text(&self, key: TextKey) -> Option<&str> {
        self.texts
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// Collects errors while walking the JSON tree.
struct Decoder {
    errors: Vec<ConfigError>,
}

impl Decoder {
    fn error(&mut self, path: &str, message: &str) {
        self.errors.push(ConfigError {
            path: path.into(),
            message: message.into(),
        });
    }

    fn wrong_type(&mut self, path: &str, expected: &str, node: &Node) {
        let mut m = String::from("expected ");
        m.push_str(expected);
        m.push_str(", found ");
        m.push_str(node.value.kind());
        self.error(path, &m);
    }

    /// `"Ads!" — use [a-z][a-z0-9_-]*`: the offending value quoted, then the rule.
    fn bad_value(&mut self, path: &str, value: &str, rule: &str) {
        let mut m = String::new();
        json::push_string(&mut m, value);
        m.push_str(" — ");
        m.push_str(rule);
        self.error(path, &m);
    }

    fn object<'n>(&mut self, path: &str, node: &'n Node) -> Option<&'n [(String, Node)]> {
        match &node.value {
            Value::Object(fields) => Some(fields),
            _ => {
                self.wrong_type(path, "an object", node);
                None
            }
        }
    }

    /// Reports every key that is not in `known`, with the nearest known key as a hint.
    fn check_keys(&mut self, path: &str, fields: &[(String, Node)], known: &[&str]) {
        for (key, _) in fields {
            if known.contains(&key.as_str()) {
                continue;
            }
            let mut m = String::from("unknown field");
            if let Some(near) = nearest(key, known) {
                m.push_str(" (did you mean \"");
                m.push_str(near);
                m.push_str("\"?)");
            }
            self.error(&child(path, key), &m);
        }
    }

    fn string(&mut self, path: &str, node: &Node) -> Option<String> {
        match &node.value {
            Value::String(s) if s.trim().is_empty() => {
                self.error(path, "must not be empty");
                None
            }
            Value::String(s) => Some(s.trim().to_string()),
            _ => {
                self.wrong_type(path, "a string", node);
                None
            }
        }
    }

    fn bool(&mut self, path: &str, node: &Node) -> Option<bool> {
        match node.value {
            Value::Bool(b) => Some(b),
            _ => {
                self.wrong_type(path, "true or false", node);
                None
            }
        }
    }

    fn url(&mut self, path: &str, node: &Node) -> Option<String> {
        let url = self.string(path, node)?;
        if is_safe_url(&url) {
            Some(url)
        } else {
            self.bad_value(path, &url, "use an absolute http(s) URL or a relative one");
            None
        }
    }

    fn string_list(&mut self, path: &str, node: &Node) -> Vec<String> {
        let Value::Array(items) = &node.value else {
            self.wrong_type(path, "an array of strings", node);
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            if let Some(s) = self.string(&index(path, i), item) {
                out.push(s);
            }
        }
        out
    }

    /// A required string field.
    fn required(&mut self, path: &str, fields: &[(String, Node)], key: &str) -> Option<String> {
        let p = child(path, key);
        match get(fields, key) {
            Some(node) => self.string(&p, node),
            None => {
                self.error(&p, "missing");
                None
            }
        }
    }

    fn optional(&mut self, path: &str, fields: &[(String, Node)], key: &str) -> Option<String> {
        get(fields, key).and_then(|node| self.string(&child(path, key), node))
    }
}

fn decode(root: &Node) -> Result<Config, Vec<ConfigError>> {
    let mut d = Decoder { errors: Vec::new() };
    let Some(fields) = d.object("config", root) else {
        return Err(d.errors);
    };
    d.check_keys(
        "config",
        fields,
        &[
            "language",
            "operator",
            "policy",
            "categories",
            "services",
            "cookie",
            "texts",
            "ui",
            "crawlers",
        ],
    );
    let language = decode_language(&mut d, get(fields, "language"));
    let operator = decode_operator(&mut d, get(fields, "operator"));
    let policy = decode_policy(&mut d, get(fields, "policy"));
    let errors_before = d.errors.len();
    let categories = decode_categories(&mut d, get(fields, "categories"));
    // After a broken category list, "no such category" lines would only be noise.
    let categories_ok = d.errors.len() == errors_before;
    let services = decode_services(&mut d, get(fields, "services"), &categories, categories_ok);
    let cookie = decode_cookie(&mut d, get(fields, "cookie"));
    let texts = decode_texts(&mut d, get(fields, "texts"));
    let ui = decode_ui(&mut d, get(fields, "ui"));
    let crawlers = decode_crawlers(&mut d, get(fields, "crawlers"));
    match (operator, policy) {
        (Some(operator), Some(policy)) if d.errors.is_empty() => Ok(Config {
            language,
            operator,
            policy,
            categories,
            services,
            cookie,
            texts,
            ui,
            crawlers,
        }),
        _ => Err(d.errors),
    }
}

fn decode_language(d: &mut Decoder, node: Option<&Node>) -> Language {
    let Some(node) = node else {
        return Language::Ru;
    };
    match d.string("config.language", node).as_deref() {
        Some("ru") | None => Language::Ru,
        Some("en") => Language::En,
        Some("auto") => Language::Auto,
        Some(other) => {
            d.bad_value("config.language", other, "use \"ru\", \"en\" or \"auto\"");
            Language::Ru
        }
    }
}

fn decode_operator(d: &mut Decoder, node: Option<&Node>) -> Option<Operator> {
    const PATH: &str = "config.operator";
    let Some(node) = node else {
        d.error(
            PATH,
            "missing (name, address and email of the clinic's legal entity)",
        );
        return None;
    };
    let fields = d.object(PATH, node)?;
    d.check_keys(
        PATH,
        fields,
        &["name", "address", "email", "inn", "ogrn", "phone"],
    );
    let name = d.required(PATH, fields, "name");
    let address = d.required(PATH, fields, "address");
    let email = d.required(PATH, fields, "email");
    if let Some(e) = &email {
        if !is_plausible_email(e) {
            d.bad_value("config.operator.email", e, "expected an e-mail address");
        }
    }
    let inn = d.optional(PATH, fields, "inn");
    let ogrn = d.optional(PATH, fields, "ogrn");
    let phone = d.optional(PATH, fields, "phone");
    Some(Operator {
        name: name?,
        address: address?,
        email: email?,
        inn,
        ogrn,
        phone,
    })
}

fn decode_policy(d: &mut Decoder, node: Option<&Node>) -> Option<Policy> {
    const PATH: &str = "config.policy";
    let Some(node) = node else {
        d.error(PATH, "missing (url and revision of the privacy policy)");
        return None;
    };
    let fields = d.object(PATH, node)?;
    d.check_keys(PATH, fields, &["url", "revision", "digest"]);
    let url = match get(fields, "url") {
        Some(n) => d.url("config.policy.url", n),
        None => {
            d.error("config.policy.url", "missing");
            None
        }
    };
    let revision = d.required(PATH, fields, "revision");
    let digest = d.optional(PATH, fields, "digest");
    Some(Policy {
        url: url?,
        revision: revision?,
        digest,
    })
}

fn default_categories() -> Vec<Category> {
    core::iter::once(NECESSARY)
        .chain(DEFAULT_OPTIONAL)
        .map(|id| Category {
            id: id.into(),
            title: None,
            description: None,
        })
        .collect()
}

/// Whether an id has a built-in title and description.
pub fn is_default_category(id: &str) -> bool {
    id == NECESSARY || DEFAULT_OPTIONAL.contains(&id)
}

fn decode_categories(d: &mut Decoder, node: Option<&Node>) -> Vec<Category> {
    const PATH: &str = "config.categories";
    let Some(node) = node else {
        return default_categories();
    };
    let Value::Array(items) = &node.value else {
        d.wrong_type(PATH, "an array of category ids or objects", node);
        return default_categories();
    };
    let mut out: Vec<Category> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let path = index(PATH, i);
        let category = match &item.value {
            Value::String(_) => d.string(&path, item).map(|id| Category {
                id,
                title: None,
                description: None,
            }),
            Value::Object(fields) => {
                d.check_keys(&path, fields, &["id", "title", "description"]);
                let id = d.required(&path, fields, "id");
                let title = d.optional(&path, fields, "title");
                let description = d.optional(&path, fields, "description");
                id.map(|id| Category {
                    id,
                    title,
                    description,
                })
            }
            _ => {
                d.wrong_type(&path, "a category id or an object", item);
                None
            }
        };
        let Some(category) = category else { continue };
        let id_path = if matches!(item.value, Value::Object(_)) {
            child(&path, "id")
        } else {
            path.clone()
        };
        if !is_id(&category.id) {
            d.bad_value(&id_path, &category.id, "use [a-z][a-z0-9_-]*");
            continue;
        }
        if out.iter().any(|c| c.id == category.id) {
            d.bad_value(&id_path, &category.id, "listed twice");
            continue;
        }
        if category.title.is_none() && !is_default_category(&category.id) {
            d.error(
                &child(&path, "title"),
                "missing (a category of the site's own needs a title)",
            );
        }
        out.push(category);
    }
    // `necessary` always exists and always comes first, whether listed or not.
    match out.iter().position(Category::is_necessary) {
        Some(0) => {}
        Some(i) => {
            let c = out.remove(i);
            out.insert(0, c);
        }
        None => out.insert(
            0,
            Category {
                id: NECESSARY.into(),
                title: None,
                description: None,
            },
        ),
    }
    out
}

const SERVICE_KEYS: &[&str] = &[
    "id", "category", "name", "provider", "purpose", "abroad", "hosts", "cookies", "storage",
];

fn decode_services(
    d: &mut Decoder,
    node: Option<&Node>,
    categories: &[Category],
    check_categories: bool,
) -> Vec<Service> {
    const PATH: &str = "config.services";
    let Some(node) = node else {
        return Vec::new();
    };
    let Value::Array(items) = &node.value else {
        d.wrong_type(PATH, "an array of service ids or objects", node);
        return Vec::new();
    };
    let mut out: Vec<Service> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let path = index(PATH, i);
        let service = match &item.value {
            Value::String(id) => match catalog::find(id.trim()) {
                Some(entry) => Some(from_catalog(entry)),
                None => {
                    let mut rule = String::from("not in the catalog");
                    if let Some(near) = nearest(id, &catalog_ids()) {
                        rule.push_str(" (did you mean \"");
                        rule.push_str(near);
                        rule.push_str("\"?)");
                    }
                    rule.push_str("; describe a service of your own as an object");
                    d.bad_value(&path, id, &rule);
                    None
                }
            },
            Value::Object(fields) => decode_service_object(d, &path, fields),
            _ => {
                d.wrong_type(&path, "a catalog id or an object", item);
                None
            }
        };
        let Some(service) = service else { continue };
        if out.iter().any(|s| s.id == service.id) {
            d.bad_value(&path, &service.id, "listed twice");
            continue;
        }
        if service.category == NECESSARY {
            d.bad_value(
                &child(&path, "category"),
                &service.category,
                "a tracker cannot be necessary; use an optional category",
            );
        } else if check_categories && !categories.iter().any(|c| c.id == service.category) {
            d.bad_value(
                &child(&path, "category"),
                &service.category,
                "no such category in config.categories",
            );
        }
        out.push(service);
    }
    out
}

fn catalog_ids() -> Vec<&'static str> {
    catalog::CATALOG.iter().map(|e| e.id).collect()
}

fn from_catalog(entry: &catalog::Entry) -> Service {
    let owned = |list: &[&str]| list.iter().map(|s| s.to_string()).collect();
    Service {
        id: entry.id.into(),
        name: entry.name.into(),
        provider: entry.provider.into(),
        category: entry.category.into(),
        purpose: entry.purpose_ru.into(),
        purpose_en: Some(entry.purpose_en.into()),
        abroad: entry.abroad,
        hosts: owned(entry.hosts),
        cookies: owned(entry.cookies),
        storage: owned(entry.storage),
    }
}

/// A service object: a catalog id with overrides, or a service of the site's own, which
/// must then say who gets the data and why.
fn decode_service_object(
    d: &mut Decoder,
    path: &str,
    fields: &[(String, Node)],
) -> Option<Service> {
    d.check_keys(path, fields, SERVICE_KEYS);
    let id = d.required(path, fields, "id")?;
    if !is_id(&id) {
        d.bad_value(&child(path, "id"), &id, "use [a-z][a-z0-9_-]*");
        return None;
    }
    let mut service = match catalog::find(&id) {
        Some(entry) => from_catalog(entry),
        None => {
            let mut missing = false;
            for key in ["name", "provider", "purpose", "category"] {
                if get(fields, key).is_none() {
                    d.error(
                        &child(path, key),
                        "missing (required for a service that is not in the catalog)",
                    );
                    missing = true;
                }
            }
            if missing {
                return None;
            }
            Service {
                id,
                name: String::new(),
                provider: String::new(),
                category: String::new(),
                purpose: String::new(),
                purpose_en: None,
                abroad: false,
                hosts: Vec::new(),
                cookies: Vec::new(),
                storage: Vec::new(),
            }
        }
    };
    for (key, node) in fields {
        let p = child(path, key);
        match key.as_str() {
            "name" => set(&mut service.name, d.string(&p, node)),
            "provider" => set(&mut service.provider, d.string(&p, node)),
            "category" => set(&mut service.category, d.string(&p, node)),
            "purpose" => {
                if let Some(purpose) = d.string(&p, node) {
                    // A rewritten purpose has no reviewed English twin.
                    service.purpose = purpose;
                    service.purpose_en = None;
                }
            }
            "abroad" => {
                if let Some(b) = d.bool(&p, node) {
                    service.abroad = b;
                }
            }
            // Lists extend the catalog's: a site may know one more host or cookie.
            "hosts" => {
                for host in d.string_list(&p, node) {
                    if is_host_pattern(&host) {
                        service.hosts.push(host.to_ascii_lowercase());
                    } else {
                        d.bad_value(&p, &host, "use host or host/path, without a scheme");
                    }
                }
            }
            "cookies" | "storage" => {
                for name in d.string_list(&p, node) {
                    let (bare, lifetime) = catalog::split_lifetime(&name);
                    let lifetime_ok = lifetime
                        .is_none_or(|l| key == "cookies" && catalog::parse_lifetime(l).is_some());
                    if bare.is_empty() || bare.contains(['=', ';', ' ', ',']) || !lifetime_ok {
                        d.bad_value(
                            &p,
                            &name,
                            "use a name or a prefix ending in *, and for cookies optionally @30m, @12h, @7d, @1y or @session",
                        );
                    } else if key == "cookies" {
                        service.cookies.push(name);
                    } else {
                        service.storage.push(name);
                    }
                }
            }
            _ => {}
        }
    }
    Some(service)
}

fn set(slot: &mut String, value: Option<String>) {
    if let Some(v) = value {
        *slot = v;
    }
}

fn decode_cookie(d: &mut Decoder, node: Option<&Node>) -> CookieSettings {
    const PATH: &str = "config.cookie";
    let mut settings = CookieSettings {
        name: DEFAULT_COOKIE_NAME.into(),
        max_age_days: DEFAULT_MAX_AGE_DAYS,
        domain: None,
    };
    let Some(fields) = node.and_then(|n| d.object(PATH, n)) else {
        return settings;
    };
    d.check_keys(PATH, fields, &["name", "maxAgeDays", "domain"]);
    if let Some(name) = d.optional(PATH, fields, "name") {
        if name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            settings.name = name;
        } else {
            d.bad_value("config.cookie.name", &name, "use letters, digits, _ and -");
        }
    }
    if let Some(node) = get(fields, "maxAgeDays") {
        let path = "config.cookie.maxAgeDays";
        match &node.value {
            Value::Number(n) => match n.parse::<u32>() {
                Ok(days) if (1..=MAX_AGE_DAYS_LIMIT).contains(&days) => {
                    settings.max_age_days = days
                }
                _ => d.bad_value(path, n, "use a whole number of days from 1 to 3650"),
            },
            _ => d.wrong_type(path, "a number of days", node),
        }
    }
    if let Some(domain) = d.optional(PATH, fields, "domain") {
        let bare = domain.trim_start_matches('.').to_ascii_lowercase();
        if is_hostname(&bare) {
            settings.domain = Some(bare);
        } else {
            d.bad_value(
                "config.cookie.domain",
                &domain,
                "use a host name such as clinic.ru",
            );
        }
    }
    settings
}

fn decode_texts(d: &mut Decoder, node: Option<&Node>) -> Vec<(TextKey, String)> {
    const PATH: &str = "config.texts";
    let Some(fields) = node.and_then(|n| d.object(PATH, n)) else {
        return Vec::new();
    };
    let names: Vec<&str> = TEXT_KEYS.iter().map(|(name, _)| *name).collect();
    d.check_keys(PATH, fields, &names);
    let mut out = Vec::new();
    for (name, key) in TEXT_KEYS {
        if let Some(text) = d.optional(PATH, fields, name) {
            out.push((*key, text));
        }
    }
    out
}

fn decode_ui(d: &mut Decoder, node: Option<&Node>) -> Ui {
    const PATH: &str = "config.ui";
    let mut ui = Ui {
        floating_button: true,
        accent: None,
    };
    let Some(fields) = node.and_then(|n| d.object(PATH, n)) else {
        return ui;
    };
    d.check_keys(PATH, fields, &["floatingButton", "accent"]);
    if let Some(b) =
        get(fields, "floatingButton").and_then(|n| d.bool("config.ui.floatingButton", n))
    {
        ui.floating_button = b;
    }
    if let Some(accent) = d.optional(PATH, fields, "accent") {
        if is_hex_colour(&accent) {
            ui.accent = Some(accent);
        } else {
            d.bad_value("config.ui.accent", &accent, "use #rgb or #rrggbb");
        }
    }
    ui
}

fn decode_crawlers(d: &mut Decoder, node: Option<&Node>) -> Crawlers {
    const PATH: &str = "config.crawlers";
    let mut crawlers = Crawlers {
        detect: true,
        extra_tokens: Vec::new(),
    };
    let Some(fields) = node.and_then(|n| d.object(PATH, n)) else {
        return crawlers;
    };
    d.check_keys(PATH, fields, &["detect", "extraTokens"]);
    if let Some(b) = get(fields, "detect").and_then(|n| d.bool("config.crawlers.detect", n)) {
        crawlers.detect = b;
    }
    if let Some(n) = get(fields, "extraTokens") {
        crawlers.extra_tokens = d.string_list("config.crawlers.extraTokens", n);
    }
    crawlers
}

fn get<'n>(fields: &'n [(String, Node)], key: &str) -> Option<&'n Node> {
    fields.iter().find(|(k, _)| k == key).map(|(_, n)| n)
}

fn child(path: &str, key: &str) -> String {
    let mut p = String::with_capacity(path.len() + key.len() + 1);
    p.push_str(path);
    p.push('.');
    p.push_str(key);
    p
}

fn index(path: &str, i: usize) -> String {
    let mut p = String::from(path);
    p.push('[');
    json::push_u64(&mut p, i as u64);
    p.push(']');
    p
}

/// `[a-z][a-z0-9_-]*`, at most 40 characters (ids travel in the cookie).
pub fn is_id(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 40
        && b[0].is_ascii_lowercase()
        && b.iter()
            .all(|&c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_' || c == b'-')
}

/// Absolute `http(s)` URLs and relative references are allowed; any other scheme
/// (`javascript:`, `data:`, …) is refused. A relative reference is one with no scheme.
pub fn is_safe_url(url: &str) -> bool {
    if url.chars().any(|c| c.is_control() || c == ' ') {
        return false;
    }
    let lower = url.to_ascii_lowercase();
    if let Some(rest) = lower
        .strip_prefix("http://")
        .or_else(|| lower.strip_prefix("https://"))
    {
        return !rest.is_empty();
    }
    // A scheme is letters/digits/+-. before the first ':' that precedes any '/', '?' or '#'.
    match url.find([':', '/', '?', '#']) {
        Some(i) => url.as_bytes().get(i) != Some(&b':'),
        None => true,
    }
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

fn is_host_pattern(s: &str) -> bool {
    // A scheme cannot pass: ':' is not allowed in a host name.
    let host = s.split('/').next().unwrap_or("");
    is_hostname(&host.to_ascii_lowercase())
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
fn nearest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(cur).min(row[j])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    pub const MINIMAL: &str = r#"{
      "operator": { "name": "ООО «Клиника Пример»", "address": "г. Москва, ул. Примерная, д. 1",
                    "email": "privacy@example.ru" },
      "policy":   { "url": "/privacy.html", "revision": "2026-11-01" },
      "services": ["yandex_metrika", "top_mail_ru", "vk_pixel"]
    }"#;

    fn errors(text: &str) -> Vec<String> {
        match Config::from_json(text) {
            Ok(c) => panic!("accepted: {c:?}"),
            Err(errs) => errs.iter().map(ConfigError::describe).collect(),
        }
    }

    /// The minimal config with one top-level member replaced or added.
    fn minimal_with(key: &str, value: &str) -> String {
        let mut node = json::parse(MINIMAL).unwrap();
        let Value::Object(fields) = &mut node.value else {
            unreachable!()
        };
        fields.retain(|(k, _)| k != key);
        fields.push((key.into(), json::parse(value).unwrap()));
        let mut out = String::from("{");
        for (i, (k, v)) in fields.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            json::push_string(&mut out, k);
            out.push(':');
            out.push_str(&reserialize(v));
        }
        out.push('}');
        out
    }

    fn reserialize(node: &Node) -> String {
        let mut s = String::new();
        match &node.value {
            Value::Null => s.push_str("null"),
            Value::Bool(b) => s.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) => s.push_str(n),
            Value::String(v) => json::push_string(&mut s, v),
            Value::Array(items) => {
                s.push('[');
                let parts: Vec<String> = items.iter().map(reserialize).collect();
                s.push_str(&parts.join(","));
                s.push(']');
            }
            Value::Object(fields) => {
                s.push('{');
                let parts: Vec<String> = fields
                    .iter()
                    .map(|(k, v)| {
                        let mut p = String::new();
                        json::push_string(&mut p, k);
                        p.push(':');
                        p.push_str(&reserialize(v));
                        p
                    })
                    .collect();
                s.push_str(&parts.join(","));
                s.push('}');
            }
        }
        s
    }

    #[test]
    fn minimal_config_gets_russian_clinic_defaults() {
        let c = Config::from_json(MINIMAL).unwrap();
        assert_eq!(c.language, Language::Ru);
        let ids: Vec<&str> = c.categories.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["necessary", "functional", "analytics", "ads"]);
        assert_eq!(c.cookie.name, "soglasie");
        assert_eq!(c.cookie.max_age_days, 365);
        assert_eq!(c.cookie.domain, None);
        assert!(c.ui.floating_button);
        let metrika = c.service("yandex_metrika").unwrap();
        assert_eq!(metrika.provider, "ООО «Яндекс»");
        assert_eq!(metrika.category, "analytics");
        assert_eq!(c.service("vk_pixel").unwrap().category, "ads");
        assert_eq!(c.operator.email, "privacy@example.ru");
        assert_eq!(c.policy.revision, "2026-11-01");
    }

    #[test]
    fn bad_category_id_names_the_field_and_the_rule() {
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
            [
                r#"soglasie: config.policy.revison: unknown field (did you mean "revision"?)"#,
                "soglasie: config.policy.revision: missing",
            ]
        );
    }

    #[test]
    fn every_problem_is_reported_once() {
        let text = r#"{"operator": {"name": "", "address": 5}, "policy": {"url": "javascript:alert(1)", "revision": "1"}}"#;
        assert_eq!(
            errors(text),
            [
                "soglasie: config.operator.name: must not be empty",
                "soglasie: config.operator.address: expected a string, found a number",
                "soglasie: config.operator.email: missing",
                r#"soglasie: config.policy.url: "javascript:alert(1)" — use an absolute http(s) URL or a relative one"#,
            ]
        );
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
            (crm.provider.as_str(), crm.category.as_str()),
            ("ООО «CRM»", "functional")
        );
        assert_eq!(crm.cookies, ["crm_*"]);
        let metrika = c.service("yandex_metrika").unwrap();
        assert_eq!(metrika.category, "ads");
        assert_eq!(metrika.cookies.last().map(String::as_str), Some("extra"));
        assert!(metrika.cookies.iter().any(|c| c == "_ym_*"));
        assert!(metrika.purpose_en.is_some());
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
    }

    #[test]
    fn cookie_ui_texts_and_language_are_checked() {
        let e = errors(&minimal_with(
            "cookie",
            r#"{"name": "a b", "maxAgeDays": 0, "domain": "http://x"}"#,
        ));
        assert_eq!(
            e,
            [
                r#"soglasie: config.cookie.name: "a b" — use letters, digits, _ and -"#,
                r#"soglasie: config.cookie.maxAgeDays: "0" — use a whole number of days from 1 to 3650"#,
                r#"soglasie: config.cookie.domain: "http://x" — use a host name such as clinic.ru"#,
            ]
        );
        let c = Config::from_json(&minimal_with(
            "cookie",
            r#"{"name": "clinic_consent", "maxAgeDays": 180, "domain": ".clinic.ru"}"#,
        ))
        .unwrap();
        assert_eq!(c.cookie.domain.as_deref(), Some("clinic.ru"));
        assert_eq!(c.cookie.max_age_days, 180);
        let e = errors(&minimal_with(
            "ui",
            r#"{"accent": "red", "floatingButton": 1}"#,
        ));
        assert_eq!(
            e,
            [
                "soglasie: config.ui.floatingButton: expected true or false, found a number",
                r#"soglasie: config.ui.accent: "red" — use #rgb or #rrggbb"#,
            ]
        );
        let e = errors(&minimal_with("language", r#""de""#));
        assert_eq!(
            e,
            [r#"soglasie: config.language: "de" — use "ru", "en" or "auto""#]
        );
        let e = errors(&minimal_with("texts", r#"{"acceptAll": "Да"}"#));
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].starts_with("soglasie: config.texts.acceptAll: unknown field"));
    }

    #[test]
    fn not_json_is_one_line_with_position() {
        assert_eq!(
            errors("{\"operator\": }"),
            ["soglasie: config: invalid JSON at line 1, column 14: expected a value"]
        );
        assert_eq!(
            errors("[]"),
            ["soglasie: config: expected an object, found an array"]
        );
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
