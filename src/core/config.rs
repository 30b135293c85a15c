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
use crate::core::rules::Rule;
use crate::core::scan;
use crate::core::texts::{TextKey, TEXT_NAMES};

/// The category every config has, always allowed, never switchable.
pub const NECESSARY: &str = "necessary";
/// The categories a config gets when it names none, in dialog order: `necessary`, then the
/// optional ones.
pub const DEFAULT_CATEGORIES: [&str; 4] = [NECESSARY, "functional", "analytics", "ads"];

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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Operator {
    pub name: String,
    pub address: String,
    pub email: String,
    pub inn: Option<String>,
    pub ogrn: Option<String>,
    pub phone: Option<String>,
}

/// The privacy policy the visitor agrees to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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
    /// Its index in [`catalog::CATALOG`] (and [`catalog::ENTRIES`]) when it is a catalog
    /// service, possibly with overrides; `None` for a service of the site's own.
    pub entry: Option<usize>,
    /// The site's own wording; `None` means the catalog's, which loads with the preferences
    /// dialog (`core::wording`).
    pub name: Option<String>,
    pub provider: Option<String>,
    /// Purpose in Russian: the text the visitor agrees to (hashed).
    pub purpose: Option<String>,
    pub category: String,
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
        let mut s = String::new();
        self.push_description(&mut s);
        s
    }

    /// Appends [`ConfigError::describe`].
    pub fn push_description(&self, s: &mut String) {
        s.push_str("soglasie: ");
        s.push_str(&self.path);
        s.push_str(": ");
        s.push_str(&self.message);
    }
}

impl Config {
    /// Decodes and validates a JSON config. Every problem found is returned, one per entry.
    pub fn from_json(text: &str) -> Result<Config, Vec<ConfigError>> {
        match json::parse(text) {
            Ok(node) => decode::<true>(&node),
            Err(e) => Err(unreadable(e.describe())),
        }
    }

    /// The same for a config the browser's `JSON.parse` read, as the loader hands it over
    /// ([`json::read_fields`]).
    pub fn from_fields<'a>(
        fields: &mut impl Iterator<Item = &'a str>,
    ) -> Result<Config, Vec<ConfigError>> {
        match json::read_fields(fields) {
            Some(node) => decode::<true>(&node),
            None => Err(unreadable("invalid JSON: nested too deeply".into())),
        }
    }

    /// The config, when it has no problem at all; what the problems are is left to
    /// [`Config::from_fields`] (in `soglasie-check.wasm`, loaded only then). Accepts
    /// exactly what it accepts.
    pub fn usable_from_fields<'a>(fields: &mut impl Iterator<Item = &'a str>) -> Option<Config> {
        decode::<false>(&json::read_fields(fields)?).ok()
    }

    /// [`Config::usable_from_fields`] for a JSON text (for the tests and the fuzzer, which
    /// check that it accepts exactly what [`Config::from_json`] accepts).
    pub fn usable_from_json(text: &str) -> Option<Config> {
        decode::<false>(&json::parse(text).ok()?).ok()
    }

    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    pub fn service(&self, id: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.id == id)
    }

    /// Ids of the optional categories in dialog order: all of them, or those in `only`.
    pub fn optional_ids(&self, only: Option<&[&str]>) -> Vec<String> {
        let mut ids = Vec::new();
        for c in &self.categories {
            if !c.is_necessary() && only.is_none_or(|only| only.contains(&c.id.as_str())) {
                ids.push(c.id.clone());
            }
        }
        ids
    }

    /// Whether `id` is an optional category of this config.
    pub fn is_optional(&self, id: &str) -> bool {
        self.category(id).is_some_and(|c| !c.is_necessary())
    }

    pub fn text(&self, key: TextKey) -> Option<&str> {
        self.texts
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// A config that is not JSON: its one problem.
fn unreadable(message: String) -> Vec<ConfigError> {
    vec![ConfigError {
        path: "config".into(),
        message,
    }]
}

/// The members of a JSON object.
type Fields = [(String, Node)];

/// Walks the JSON tree, counting the problems and, when `NAMED`, describing each one.
///
/// Two builds of one walk: the module a page loads only needs to know whether its config is
/// usable (`NAMED` false: no paths, texts or hints, ~1.2 KB gzip less for every visitor);
/// `soglasie-check.wasm`, loaded only when a config has a problem, and the CLI name every
/// problem. Both find the same problems, because every one goes through [`Decoder::error`].
///
/// Why it is shaped like this: every field read is one small call whose path segment is a
/// constant, and the path (`config.services[1]`) is a stack in `path`, built only as the walk
/// goes. Per-call-site string building would cost kilobytes of Wasm.
struct Decoder<const NAMED: bool> {
    /// How many problems were found.
    problems: usize,
    /// What they are (when `NAMED`).
    errors: Vec<ConfigError>,
    /// Where the walk is: `config.services[1]` (when `NAMED`).
    path: String,
}

impl<const NAMED: bool> Decoder<NAMED> {
    /// Descends into member `key`; returns the mark to [`Decoder::leave`] with. A key is the
    /// config's own text, written unquoted into a console line: a control character in it (a
    /// record separator, a line break) becomes U+FFFD.
    fn enter(&mut self, key: &str) -> usize {
        let mark = self.path.len();
        if NAMED {
            self.path.push('.');
            for c in key.chars() {
                self.path.push(if c < ' ' { '\u{fffd}' } else { c });
            }
        }
        mark
    }

    fn enter_index(&mut self, i: usize) -> usize {
        let mark = self.path.len();
        if NAMED {
            self.path.push('[');
            json::push_u64(&mut self.path, i as u64);
            self.path.push(']');
        }
        mark
    }

    fn leave(&mut self, mark: usize) {
        self.path.truncate(mark);
    }

    /// A problem at the current path: every problem comes through here, named or not.
    #[inline(never)]
    fn error(&mut self, message: &str) {
        self.problems += 1;
        if NAMED {
            self.errors.push(ConfigError {
                path: self.path.clone(),
                message: message.into(),
            });
        }
    }

    /// A broken rule at the current path.
    #[inline(never)]
    fn broke(&mut self, rule: Rule) {
        if !NAMED {
            return self.error("");
        }
        let mut m = String::new();
        rule.push(&mut m);
        self.error(&m);
    }

    /// A broken rule at member `key` of the current path.
    #[inline(never)]
    fn error_at(&mut self, key: &str, rule: Rule) {
        let mark = self.enter(key);
        self.broke(rule);
        self.leave(mark);
    }

    #[inline(never)]
    fn wrong_type(&mut self, expected: Rule, node: &Node) {
        if !NAMED {
            return self.error("");
        }
        let mut m = String::from("expected ");
        expected.push(&mut m);
        m.push_str(", found ");
        m.push_str(node.value.kind());
        self.error(&m);
    }

    /// `"Ads!" — use [a-z][a-z0-9_-]*`: the offending value quoted, then what it broke.
    #[inline(never)]
    fn bad_value_because(&mut self, value: &str, because: &str) {
        if !NAMED {
            return self.error("");
        }
        let mut m = String::new();
        json::push_string(&mut m, value);
        m.push_str(" — ");
        m.push_str(because);
        self.error(&m);
    }

    #[inline(never)]
    fn bad_value(&mut self, value: &str, rule: Rule) {
        if !NAMED {
            return self.error("");
        }
        let mut because = String::new();
        rule.push(&mut because);
        self.bad_value_because(value, &because);
    }

    #[inline(never)]
    fn bad_value_at(&mut self, key: &str, value: &str, rule: Rule) {
        let mark = self.enter(key);
        self.bad_value(value, rule);
        self.leave(mark);
    }

    /// The node as an object, or an error at the current path.
    fn object<'n>(&mut self, node: &'n Node) -> Option<&'n Fields> {
        match &node.value {
            Value::Object(fields) => Some(fields),
            _ => {
                self.wrong_type(Rule::AnObject, node);
                None
            }
        }
    }

    /// Member `key` as an object, reported at the current path (absent: `None`, silently).
    fn object_at_here<'n>(&mut self, fields: &'n Fields, key: &str) -> Option<&'n Fields> {
        get(fields, key).and_then(|node| self.object(node))
    }

    /// Reports every key that is not in `known` (names separated by spaces: a packed
    /// string costs no pointer per name), with the nearest known key as a hint.
    #[inline(never)]
    fn check_keys(&mut self, fields: &Fields, known: &str) {
        for (key, _) in fields {
            if scan::pieces(known, b' ').any(|k| k == key) {
                continue;
            }
            if !NAMED {
                self.error("");
                continue;
            }
            let mut m = String::new();
            Rule::UnknownField.push(&mut m);
            if let Some(near) = nearest(key, scan::pieces(known, b' ')) {
                m.push_str(" (did you mean \"");
                m.push_str(near);
                m.push_str("\"?)");
            }
            let mark = self.enter(key);
            self.error(&m);
            self.leave(mark);
        }
    }

    /// The node as a trimmed, non-empty string, or an error at the current path.
    #[inline(never)]
    fn string(&mut self, node: &Node) -> Option<String> {
        match &node.value {
            Value::String(s) => {
                let s = scan::trim(s);
                if s.is_empty() {
                    self.broke(Rule::NotEmpty);
                    return None;
                }
                Some(s.into())
            }
            _ => {
                self.wrong_type(Rule::AString, node);
                None
            }
        }
    }

    /// Member `key` as a string; `required` reports its absence.
    #[inline(never)]
    fn string_at(&mut self, fields: &Fields, key: &str, required: bool) -> Option<String> {
        let mark = self.enter(key);
        let out = match get(fields, key) {
            Some(node) => self.string(node),
            None => {
                if required {
                    self.broke(Rule::Missing);
                }
                None
            }
        };
        self.leave(mark);
        out
    }

    /// Member `key`, which must be a string. A problem is reported and reads as `""`: a
    /// config with any problem is refused whole, so the placeholder never leaves the decoder.
    fn required_string_at(&mut self, fields: &Fields, key: &str) -> String {
        self.string_at(fields, key, true).unwrap_or_default()
    }

    /// The node as `true`/`false`, or an error at the current path.
    #[inline(never)]
    fn boolean(&mut self, node: &Node) -> Option<bool> {
        match node.value {
            Value::Bool(b) => Some(b),
            _ => {
                self.wrong_type(Rule::TrueOrFalse, node);
                None
            }
        }
    }

    /// Member `key` as `true`/`false` (absent: `None`, silently).
    fn bool_at(&mut self, fields: &Fields, key: &str) -> Option<bool> {
        let node = get(fields, key)?;
        let mark = self.enter(key);
        let out = self.boolean(node);
        self.leave(mark);
        out
    }

    /// The node as an array of strings (each checked as by [`Decoder::string`]).
    #[inline(never)]
    fn string_list(&mut self, node: &Node) -> Vec<String> {
        let Value::Array(items) = &node.value else {
            self.wrong_type(Rule::StringList, node);
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let mark = self.enter_index(i);
            if let Some(s) = self.string(item) {
                out.push(s);
            }
            self.leave(mark);
        }
        out
    }
}

const CONFIG_KEYS: &str = "language operator policy categories services cookie texts ui crawlers";

fn decode<const NAMED: bool>(root: &Node) -> Result<Config, Vec<ConfigError>> {
    let mut d = Decoder::<NAMED> {
        problems: 0,
        errors: Vec::new(),
        path: String::from("config"),
    };
    let Some(fields) = d.object(root) else {
        return Err(d.errors);
    };
    d.check_keys(fields, CONFIG_KEYS);
    let language = decode_language(&mut d, fields);
    let operator = decode_operator(&mut d, fields);
    let policy = decode_policy(&mut d, fields);
    let problems_before = d.problems;
    let categories = decode_categories(&mut d, fields);
    // After a broken category list, "no such category" lines would only be noise.
    let categories_ok = d.problems == problems_before;
    let services = decode_services(&mut d, fields, &categories, categories_ok);
    let cookie = decode_cookie(&mut d, fields);
    let texts = decode_texts(&mut d, fields);
    let ui = decode_ui(&mut d, fields);
    let crawlers = decode_crawlers(&mut d, fields);
    // Every part that failed was reported, so no problem means the whole config was read.
    if d.problems > 0 {
        return Err(d.errors);
    }
    Ok(Config {
        language,
        operator,
        policy,
        categories,
        services,
        cookie,
        texts,
        ui,
        crawlers,
    })
}

fn decode_language<const NAMED: bool>(d: &mut Decoder<NAMED>, fields: &Fields) -> Language {
    let mark = d.enter("language");
    let language = match get(fields, "language").and_then(|n| d.string(n)).as_deref() {
        Some("en") => Language::En,
        Some("auto") => Language::Auto,
        Some("ru") | None => Language::Ru,
        Some(other) => {
            d.bad_value(other, Rule::Language);
            Language::Ru
        }
    };
    d.leave(mark);
    language
}

/// The operator; a part that could not be read is reported and left empty (see
/// [`Decoder::required_string_at`]).
fn decode_operator<const NAMED: bool>(d: &mut Decoder<NAMED>, fields: &Fields) -> Operator {
    let Some(node) = get(fields, "operator") else {
        d.error_at("operator", Rule::MissingOperator);
        return Operator::default();
    };
    let mark = d.enter("operator");
    let operator = match d.object(node) {
        Some(fields) => {
            d.check_keys(fields, "name address email inn ogrn phone");
            let name = d.required_string_at(fields, "name");
            let address = d.required_string_at(fields, "address");
            let email = d.required_string_at(fields, "email");
            // Empty: already reported.
            if !email.is_empty() && !is_plausible_email(&email) {
                d.bad_value_at("email", &email, Rule::Email);
            }
            Operator {
                name,
                address,
                email,
                inn: d.string_at(fields, "inn", false),
                ogrn: d.string_at(fields, "ogrn", false),
                phone: d.string_at(fields, "phone", false),
            }
        }
        None => Operator::default(),
    };
    d.leave(mark);
    operator
}

/// The policy; a part that could not be read is reported and left empty.
fn decode_policy<const NAMED: bool>(d: &mut Decoder<NAMED>, fields: &Fields) -> Policy {
    let Some(node) = get(fields, "policy") else {
        d.error_at("policy", Rule::MissingPolicy);
        return Policy::default();
    };
    let mark = d.enter("policy");
    let policy = match d.object(node) {
        Some(fields) => {
            d.check_keys(fields, "url revision digest");
            let url = d.required_string_at(fields, "url");
            // Empty: already reported.
            if !url.is_empty() && !is_safe_url(&url) {
                d.bad_value_at("url", &url, Rule::Url);
            }
            Policy {
                url,
                revision: d.required_string_at(fields, "revision"),
                digest: d.string_at(fields, "digest", false),
            }
        }
        None => Policy::default(),
    };
    d.leave(mark);
    policy
}

fn category(id: &str) -> Category {
    Category {
        id: id.into(),
        title: None,
        description: None,
    }
}

/// Whether an id has a built-in title and description.
pub fn is_default_category(id: &str) -> bool {
    DEFAULT_CATEGORIES.contains(&id)
}

fn decode_categories<const NAMED: bool>(d: &mut Decoder<NAMED>, fields: &Fields) -> Vec<Category> {
    let mut out: Vec<Category> = Vec::new();
    let mark = d.enter("categories");
    match get(fields, "categories") {
        Some(Node {
            value: Value::Array(items),
        }) => {
            for (i, item) in items.iter().enumerate() {
                let item_mark = d.enter_index(i);
                decode_category(d, item, &mut out);
                d.leave(item_mark);
            }
        }
        other => {
            if let Some(node) = other {
                d.wrong_type(Rule::CategoryList, node);
            }
            for id in &DEFAULT_CATEGORIES[1..] {
                out.push(category(id));
            }
        }
    }
    d.leave(mark);
    // `necessary` always exists and always comes first, whether listed or not; the others
    // keep their order. (Swapped to the front: `Vec::remove` and `insert` cost a function each.)
    let mut i = match out.iter().position(Category::is_necessary) {
        Some(listed) => listed,
        None => {
            out.push(category(NECESSARY));
            out.len() - 1
        }
    };
    while i > 0 {
        out.swap(i - 1, i);
        i -= 1;
    }
    out
}

fn decode_category<const NAMED: bool>(
    d: &mut Decoder<NAMED>,
    item: &Node,
    out: &mut Vec<Category>,
) {
    let (category, id_key) = match &item.value {
        Value::String(_) => (d.string(item).map(|id| category(&id)), None),
        Value::Object(fields) => {
            d.check_keys(fields, "id title description");
            let id = d.string_at(fields, "id", true);
            let title = d.string_at(fields, "title", false);
            let description = d.string_at(fields, "description", false);
            let category = id.map(|id| Category {
                id,
                title,
                description,
            });
            (category, Some("id"))
        }
        _ => {
            d.wrong_type(Rule::CategoryItem, item);
            (None, None)
        }
    };
    let Some(category) = category else { return };
    let rule = if !is_id(&category.id) {
        Some(Rule::Id)
    } else if out.iter().any(|c| c.id == category.id) {
        Some(Rule::ListedTwice)
    } else {
        None
    };
    if let Some(rule) = rule {
        match id_key {
            Some(key) => d.bad_value_at(key, &category.id, rule),
            None => d.bad_value(&category.id, rule),
        }
        return;
    }
    if category.title.is_none() && !is_default_category(&category.id) {
        d.error_at("title", Rule::MissingTitle);
    }
    out.push(category);
}

const SERVICE_KEYS: &str = "id category name provider purpose abroad hosts cookies storage";

fn decode_services<const NAMED: bool>(
    d: &mut Decoder<NAMED>,
    fields: &Fields,
    categories: &[Category],
    check_categories: bool,
) -> Vec<Service> {
    let mut out: Vec<Service> = Vec::new();
    let Some(node) = get(fields, "services") else {
        return out;
    };
    let mark = d.enter("services");
    match &node.value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let item_mark = d.enter_index(i);
                if let Some(service) = decode_service(d, item) {
                    if out.iter().any(|s| s.id == service.id) {
                        d.bad_value(&service.id, Rule::ListedTwice);
                    } else {
                        let rule = if service.category == NECESSARY {
                            Some(Rule::NotNecessary)
                        } else if check_categories
                            && !categories.iter().any(|c| c.id == service.category)
                        {
                            Some(Rule::NoSuchCategory)
                        } else {
                            None
                        };
                        if let Some(rule) = rule {
                            d.bad_value_at("category", &service.category, rule);
                        }
                        out.push(service);
                    }
                }
                d.leave(item_mark);
            }
        }
        _ => d.wrong_type(Rule::ServiceList, node),
    }
    d.leave(mark);
    out
}

fn decode_service<const NAMED: bool>(d: &mut Decoder<NAMED>, item: &Node) -> Option<Service> {
    match &item.value {
        Value::String(id) => {
            let found = catalog::find(scan::trim(id)).map(from_catalog);
            if found.is_none() && !NAMED {
                d.error("");
            } else if found.is_none() {
                let mut because = String::new();
                Rule::NotInCatalog.push(&mut because);
                if let Some(near) = nearest(id, catalog::CATALOG.iter().map(|e| e.id)) {
                    because.push_str(" (did you mean \"");
                    because.push_str(near);
                    because.push_str("\"?)");
                }
                Rule::DescribeOwn.push(&mut because);
                d.bad_value_because(id, &because);
            }
            found
        }
        Value::Object(fields) => decode_service_object(d, fields),
        _ => {
            d.wrong_type(Rule::ServiceItem, item);
            None
        }
    }
}

fn from_catalog(entry: usize) -> Service {
    let known = &catalog::CATALOG[entry];
    Service {
        id: known.id.into(),
        entry: Some(entry),
        name: None,
        provider: None,
        purpose: None,
        category: known.category().into(),
        abroad: known.abroad,
        hosts: owned(known.hosts()),
        cookies: owned(known.cookies()),
        storage: owned(known.storage()),
    }
}

/// Owned copies of a catalog list.
fn owned(list: impl Iterator<Item = &'static str>) -> Vec<String> {
    let mut out = Vec::new();
    for s in list {
        out.push(String::from(s));
    }
    out
}

/// A service object: a catalog id with overrides, or a service of the site's own, which
/// must then say who gets the data and why.
fn decode_service_object<const NAMED: bool>(
    d: &mut Decoder<NAMED>,
    fields: &Fields,
) -> Option<Service> {
    d.check_keys(fields, SERVICE_KEYS);
    let id = d.string_at(fields, "id", true)?;
    if !is_id(&id) {
        d.bad_value_at("id", &id, Rule::Id);
        return None;
    }
    let mut service = match catalog::find(&id) {
        Some(entry) => from_catalog(entry),
        None => {
            let mut missing = false;
            for key in &["name", "provider", "purpose", "category"] {
                if get(fields, key).is_none() {
                    d.error_at(key, Rule::MissingOwn);
                    missing = true;
                }
            }
            if missing {
                return None;
            }
            Service {
                id,
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
    // Keys are unique (the JSON reader refuses duplicates), so each member is read once: a
    // wording member that fails stays `None`, as it started.
    for (key, node) in fields {
        let mark = d.enter(key);
        match key.as_str() {
            "name" => service.name = d.string(node),
            "provider" => service.provider = d.string(node),
            // A rewritten purpose has no reviewed English twin: shown in Russian.
            "purpose" => service.purpose = d.string(node),
            "category" => {
                if let Some(category) = d.string(node) {
                    service.category = category;
                }
            }
            "abroad" => {
                if let Some(b) = d.boolean(node) {
                    service.abroad = b;
                }
            }
            // Lists extend the catalog's: a site may know one more host or cookie.
            "hosts" => {
                for mut host in d.string_list(node) {
                    if is_host_pattern(&host) {
                        host.make_ascii_lowercase();
                        service.hosts.push(host);
                    } else {
                        d.bad_value(&host, Rule::HostPattern);
                    }
                }
            }
            key @ ("cookies" | "storage") => {
                let cookies = key == "cookies";
                let list = if cookies {
                    &mut service.cookies
                } else {
                    &mut service.storage
                };
                for name in d.string_list(node) {
                    let (bare, lifetime) = catalog::split_lifetime(&name);
                    let lifetime_ok =
                        lifetime.is_none_or(|l| cookies && catalog::parse_lifetime(l).is_some());
                    let forbidden = |&b| matches!(b, b'=' | b';' | b' ' | b',');
                    if bare.is_empty() || bare.as_bytes().iter().any(forbidden) || !lifetime_ok {
                        d.bad_value(&name, Rule::NamePattern);
                    } else {
                        list.push(name);
                    }
                }
            }
            _ => {}
        }
        d.leave(mark);
    }
    Some(service)
}

fn decode_cookie<const NAMED: bool>(d: &mut Decoder<NAMED>, fields: &Fields) -> CookieSettings {
    let mut settings = CookieSettings {
        name: DEFAULT_COOKIE_NAME.into(),
        max_age_days: DEFAULT_MAX_AGE_DAYS,
        domain: None,
    };
    let mark = d.enter("cookie");
    if let Some(fields) = d.object_at_here(fields, "cookie") {
        d.check_keys(fields, "name maxAgeDays domain");
        if let Some(name) = d.string_at(fields, "name", false) {
            if name
                .as_bytes()
                .iter()
                .all(|&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
            {
                settings.name = name;
            } else {
                d.bad_value_at("name", &name, Rule::CookieName);
            }
        }
        if let Some(node) = get(fields, "maxAgeDays") {
            let days_mark = d.enter("maxAgeDays");
            match &node.value {
                Value::Number(n) => match scan::decimal(n).and_then(|d| u32::try_from(d).ok()) {
                    Some(days) if (1..=MAX_AGE_DAYS_LIMIT).contains(&days) => {
                        settings.max_age_days = days
                    }
                    _ => d.bad_value(n, Rule::Days),
                },
                _ => d.wrong_type(Rule::ANumberOfDays, node),
            }
            d.leave(days_mark);
        }
        if let Some(domain) = d.string_at(fields, "domain", false) {
            let mut bare = domain.as_str();
            while let Some(rest) = bare.strip_prefix('.') {
                bare = rest;
            }
            if is_hostname(bare) {
                settings.domain = Some(bare.to_ascii_lowercase());
            } else {
                d.bad_value_at("domain", &domain, Rule::Domain);
            }
        }
    }
    d.leave(mark);
    settings
}

fn decode_texts<const NAMED: bool>(
    d: &mut Decoder<NAMED>,
    fields: &Fields,
) -> Vec<(TextKey, String)> {
    let mut out = Vec::new();
    let mark = d.enter("texts");
    if let Some(fields) = d.object_at_here(fields, "texts") {
        d.check_keys(fields, TEXT_NAMES);
        for (&key, name) in TextKey::ALL.iter().zip(scan::pieces(TEXT_NAMES, b' ')) {
            if let Some(text) = d.string_at(fields, name, false) {
                out.push((key, text));
            }
        }
    }
    d.leave(mark);
    out
}

fn decode_ui<const NAMED: bool>(d: &mut Decoder<NAMED>, fields: &Fields) -> Ui {
    let mut ui = Ui {
        floating_button: true,
        accent: None,
    };
    let mark = d.enter("ui");
    if let Some(fields) = d.object_at_here(fields, "ui") {
        d.check_keys(fields, "floatingButton accent");
        if let Some(b) = d.bool_at(fields, "floatingButton") {
            ui.floating_button = b;
        }
        if let Some(accent) = d.string_at(fields, "accent", false) {
            if is_hex_colour(&accent) {
                ui.accent = Some(accent);
            } else {
                d.bad_value_at("accent", &accent, Rule::Colour);
            }
        }
    }
    d.leave(mark);
    ui
}

fn decode_crawlers<const NAMED: bool>(d: &mut Decoder<NAMED>, fields: &Fields) -> Crawlers {
    let mut crawlers = Crawlers {
        detect: true,
        extra_tokens: Vec::new(),
    };
    let mark = d.enter("crawlers");
    if let Some(fields) = d.object_at_here(fields, "crawlers") {
        d.check_keys(fields, "detect extraTokens");
        if let Some(b) = d.bool_at(fields, "detect") {
            crawlers.detect = b;
        }
        if let Some(n) = get(fields, "extraTokens") {
            let tokens_mark = d.enter("extraTokens");
            crawlers.extra_tokens = d.string_list(n);
            d.leave(tokens_mark);
        }
    }
    d.leave(mark);
    crawlers
}

fn get<'n>(fields: &'n Fields, key: &str) -> Option<&'n Node> {
    fields.iter().find(|(k, _)| k == key).map(|(_, n)| n)
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
    for scheme in ["http://", "https://"] {
        if scan::starts_with_ignoring_case(url, scheme) {
            return url.len() > scheme.len();
        }
    }
    // A scheme is letters/digits/+-. before the first ':' that precedes any '/', '?' or '#'.
    let first = url
        .as_bytes()
        .iter()
        .find(|&&b| matches!(b, b':' | b'/' | b'?' | b'#'));
    !matches!(first, Some(b':'))
}

fn is_hostname(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 253
        && scan::pieces(s, b'.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .as_bytes()
                    .iter()
                    .all(|&b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

fn is_host_pattern(s: &str) -> bool {
    // A scheme cannot pass: ':' is not allowed in a host name. (Upper case passes
    // `is_hostname` as it is; the caller stores the pattern lower-cased.)
    is_hostname(scan::split_once(s, b'/').map_or(s, |(host, _)| host))
}

fn is_plausible_email(s: &str) -> bool {
    match scan::split_once(s, b'@') {
        Some((local, domain)) => {
            !local.is_empty() && scan::contains(domain, b'.') && !scan::contains(s, b' ')
        }
        None => false,
    }
}

fn is_hex_colour(s: &str) -> bool {
    s.strip_prefix('#').is_some_and(|hex| {
        (hex.len() == 3 || hex.len() == 6) && hex.as_bytes().iter().all(u8::is_ascii_hexdigit)
    })
}

/// The closest candidate within two edits, for "did you mean" hints.
fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best = None;
    let mut best_distance = 3;
    for c in candidates {
        let distance = edit_distance(word, c);
        // Strictly closer: the first of equally near candidates wins.
        if distance < best_distance {
            best = Some(c);
            best_distance = distance;
        }
    }
    best
}

/// Levenshtein distance in characters, one row of the table at a time.
#[inline(never)]
fn edit_distance(a: &str, b: &str) -> usize {
    // row[j]: the distance from the part of `a` read so far to the first j characters of `b`.
    let mut row: Vec<usize> = Vec::with_capacity(b.len() + 1);
    row.push(0);
    for _ in b.chars() {
        row.push(row.len());
    }
    for (i, ca) in a.chars().enumerate() {
        // The cells up-left and left of the one being filled in.
        let mut diagonal = i;
        let mut left = i + 1;
        for (cb, cell) in b.chars().zip(row.iter_mut().skip(1)) {
            let up = *cell;
            let distance = if ca == cb {
                diagonal
            } else {
                1 + diagonal.min(up).min(left)
            };
            *cell = distance;
            diagonal = up;
            left = distance;
        }
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
    }
    row.last().copied().unwrap_or(0)
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

    /// The problems of `text`, which the page's quick decoding must refuse too.
    fn errors(text: &str) -> Vec<String> {
        assert_eq!(Config::usable_from_json(text), None, "{text}");
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
    fn quick_decoding_accepts_the_same_configs_as_the_same_values() {
        let full = r##"{"language": "auto",
            "operator": {"name": "ООО «К»", "address": "Москва", "email": "a@k.ru", "inn": "1", "ogrn": "2", "phone": "3"},
            "policy": {"url": "https://k.ru/p", "revision": "1", "digest": "x"},
            "categories": ["analytics", {"id": "chat", "title": "Чат", "description": "Д"}],
            "services": ["yandex_metrika", {"id": "jivo", "category": "chat", "cookies": ["jv_x@1y"]},
                         {"id": "crm", "name": "CRM", "provider": "П", "purpose": "Ц", "category": "chat",
                          "abroad": true, "hosts": ["crm.ru/w"], "cookies": ["crm_*"], "storage": ["crm"]}],
            "cookie": {"name": "c", "maxAgeDays": 30, "domain": ".k.ru"},
            "texts": {"bannerTitle": "Т", "save": "С"},
            "ui": {"floatingButton": false, "accent": "#abc"},
            "crawlers": {"detect": false, "extraTokens": ["Mon"]}}"##;
        for text in [MINIMAL, full] {
            let named = Config::from_json(text).expect("a valid config");
            assert_eq!(Config::usable_from_json(text), Some(named));
        }
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
        assert_eq!(metrika.entry, crate::catalog::find("yandex_metrika"));
        assert_eq!(metrika.provider, None, "the catalog's wording");
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
    fn a_key_cannot_put_control_characters_into_a_console_line() {
        // A NUL would split the loader's records, a line feed the console line.
        let text = MINIMAL.replacen('{', r#"{"a\u0000G\u0001A": 1, "#, 1);
        assert_eq!(
            errors(&text),
            ["soglasie: config.a\u{fffd}G\u{fffd}A: unknown field"]
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
        // Against the whole table, for every pair of short words over a small alphabet.
        let reference = |a: &str, b: &str| {
            let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            let mut t = vec![vec![0; b.len() + 1]; a.len() + 1];
            for i in 0..=a.len() {
                for j in 0..=b.len() {
                    t[i][j] = match (i, j) {
                        (0, j) => j,
                        (i, 0) => i,
                        (i, j) => (t[i - 1][j] + 1)
                            .min(t[i][j - 1] + 1)
                            .min(t[i - 1][j - 1] + usize::from(a[i - 1] != b[j - 1])),
                    };
                }
            }
            t[a.len()][b.len()]
        };
        let mut words = vec![String::new()];
        for _ in 0..3 {
            for w in words.clone() {
                for c in ['a', 'b', 'ж'] {
                    let mut longer = w.clone();
                    longer.push(c);
                    if !words.contains(&longer) {
                        words.push(longer);
                    }
                }
            }
        }
        for a in &words {
            for b in &words {
                assert_eq!(edit_distance(a, b), reference(a, b), "{a} → {b}");
            }
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
