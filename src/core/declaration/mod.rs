//! The privacy policy's cookie section, «Файлы cookie и сторонние сервисы», as plain data:
//! per category what it is for and whether it runs before consent, per service who receives
//! the data, for what, what it keeps on the visitor's device and for how long, where it loads
//! from and whether the data leaves Russia; the legal basis, the choice's own cookie, pages
//! about illnesses, how to change or withdraw a choice, and receipts.
//!
//! One view, two renderers ([`html`], [`markdown`]): `soglasie policy` writes the section for
//! the policy's text, and the module fills `<div data-soglasie="declaration">` with the same
//! HTML plus the visitor's current choice ([`Live`]), so the two always say the same for the
//! same config.
//!
//! The words are statics of this module only: the module's split build moves them, with the
//! code that reads them, into the part loaded when a page has the element.

pub mod html;
pub mod markdown;
mod words;

use crate::catalog::{Lifetime, Unit};
use crate::core::config::{self, Category, Config, Service};
use crate::core::decision::Engine;
use crate::core::texts::Lang;
use crate::core::view;
use crate::core::{receipt, record};
use words::Words;

/// A run of text, or a name to be shown as code (a cookie, a host).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    Code(String),
}

/// A paragraph or a table cell.
pub type Text = Vec<Piece>;

/// The whole section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declaration {
    pub lang: &'static str,
    pub title: &'static str,
    /// «Редакция от 1 ноября 2026 г.»
    pub revision: String,
    pub intro: Vec<Text>,
    /// The tables' column headings: the service, then one per [`Row::cells`].
    pub columns: [&'static str; 6],
    pub categories: Vec<DeclaredCategory>,
    /// After the categories: the choice's cookie, pages about illnesses, receipts, and how to
    /// change or withdraw a choice.
    pub sections: Vec<Section>,
}

/// One category: what it is for, whether it runs before consent, its services.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclaredCategory {
    pub id: String,
    pub title: String,
    pub about: Vec<Text>,
    /// One row per service; empty: `none` says so.
    pub rows: Vec<Row>,
    pub none: Option<&'static str>,
}

/// One service's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub name: String,
    /// Who receives the data, for what, what it keeps, where it loads from, abroad.
    pub cells: [Text; 5],
}

/// A titled part of the section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The heading's id (stable: pages link to it).
    pub id: &'static str,
    pub heading: &'static str,
    pub paragraphs: Vec<Text>,
    /// The «Изменить настройки» button (`data-soglasie-open="preferences"`).
    pub button: Option<&'static str>,
}

/// The id of the section's heading.
pub const TITLE_ID: &str = "sg-cookies";

/// What the live section adds to the written one: the visitor's choice now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Live {
    /// Per optional category (by id), whether the visitor allowed it, in words.
    pub choices: Vec<(String, &'static str)>,
    /// When the choice was made and its id, or that none was made yet.
    pub consent: String,
}

fn text(s: impl Into<String>) -> Piece {
    Piece::Text(s.into())
}

fn code(s: impl Into<String>) -> Piece {
    Piece::Code(s.into())
}

impl Declaration {
    /// The section for `config` in `lang`; `retention` (`3y`) says how long the clinic keeps
    /// receipts, else the config's `receipts.retention`.
    pub fn of(config: &Config, lang: Lang, retention: Option<Lifetime>) -> Declaration {
        let (w, said) = (Words::of(lang), lang.words());
        let revision = match said.date(&config.policy.revision) {
            Some(date) => format!("{}{date}", w.revision_of),
            None => format!("{}{}", w.revision, config.policy.revision),
        };
        let op = &config.operator;
        let operator = format!(
            "{}{}. {}{}.",
            w.operator,
            view::operator_identity(op, said),
            w.questions,
            op.email
        );
        let intro = vec![
            vec![text(format!("{} {}", op.name, w.uses))],
            vec![text(w.data)],
            vec![text(w.basis)],
            vec![text(w.elsewhere)],
            vec![text(operator)],
        ];
        let categories = config
            .categories
            .iter()
            .map(|c| declared_category(c, config, lang, w))
            .collect();
        let mut sections = vec![consent_cookie(config, lang, w)];
        let held = &config.sensitive.hold;
        if config.sensitive.configured && !held.is_empty() {
            let (open, close) = w.quotes;
            let titles: Vec<String> = config
                .categories
                .iter()
                .filter(|c| held.contains(&c.id))
                .map(|c| format!("{open}{}{close}", view::category_title(c, lang.words())))
                .collect();
            let before = match titles.len() {
                1 => w.sensitive_before_one,
                _ => w.sensitive_before_many,
            };
            sections.push(Section {
                id: "sg-sensitive",
                heading: w.sensitive_heading,
                paragraphs: vec![vec![text(format!(
                    "{before}{}{}",
                    titles.join(", "),
                    w.sensitive_after
                ))]],
                button: None,
            });
        }
        if let Some(receipts) = &config.receipts {
            let mut kept = w.receipts.to_string();
            let retention =
                retention.or_else(|| receipts.retention.as_deref().and_then(config::retention_of));
            if let Some(retention) = retention {
                kept.push_str(&format!(
                    " {}{}{}",
                    w.retention_before,
                    said.lifetime(retention),
                    w.retention_after
                ));
            }
            sections.push(Section {
                id: "sg-receipts",
                heading: w.receipts_heading,
                paragraphs: vec![vec![text(kept)]],
                button: None,
            });
        }
        sections.push(Section {
            id: "sg-change",
            heading: w.change_heading,
            paragraphs: vec![
                vec![text(w.change)],
                vec![text(format!("{}{}.", w.withdraw_by_mail, op.email))],
            ],
            button: Some(w.change_button),
        });
        Declaration {
            lang: lang.code(),
            title: w.title,
            revision,
            intro,
            columns: w.columns,
            categories,
            sections,
        }
    }
}

impl Live {
    /// The visitor's choice as `engine` has it now.
    pub fn of(engine: &Engine, lang: Lang) -> Live {
        let w = Words::of(lang);
        let decided = engine.decided();
        let choices = engine
            .config
            .categories
            .iter()
            .filter(|c| !c.is_necessary())
            .map(|c| {
                let allowed = decided && engine.allows(&c.id);
                let said = if allowed { w.allowed } else { w.not_allowed };
                (c.id.clone(), said)
            })
            .collect();
        let consent = engine.consent();
        let consent = match (consent.at, consent.id) {
            (Some(at), Some(id)) if decided => {
                let date = lang
                    .words()
                    .date(at.get(..10).unwrap_or(""))
                    .unwrap_or_else(|| at.clone());
                let time = at.get(11..16).unwrap_or("");
                format!("{}{date}{}{time}{}{id}.", w.chosen, w.at, w.consent_id)
            }
            _ => w.undecided.to_string(),
        };
        Live { choices, consent }
    }

    /// What the visitor chose for category `id` (`None`: `necessary`, always on).
    pub fn choice(&self, id: &str) -> Option<&'static str> {
        self.choices
            .iter()
            .find(|(category, _)| category == id)
            .map(|(_, said)| *said)
    }
}

fn declared_category(
    category: &Category,
    config: &Config,
    lang: Lang,
    w: &Words,
) -> DeclaredCategory {
    let mut about = Vec::new();
    if let Some(description) = view::category_description(category, lang.words()) {
        about.push(vec![text(description)]);
    }
    about.push(vec![text(if category.is_necessary() {
        w.always_on
    } else {
        w.off_until_allowed
    })]);
    if config.sensitive.configured && config.sensitive.hold.contains(&category.id) {
        about.push(vec![text(w.held)]);
    }
    let mut rows: Vec<Row> = config
        .services
        .iter()
        .filter(|s| s.category == category.id)
        .map(|s| service_row(s, lang, w))
        .collect();
    if category.is_necessary() {
        rows.insert(0, consent_cookie_row(config, lang, w));
    }
    DeclaredCategory {
        id: category.id.clone(),
        title: view::category_title(category, lang.words()),
        about,
        none: rows.is_empty().then_some(w.no_services),
        rows,
    }
}

/// How long a cookie of `days` days lives, in words: whole years as years.
fn days(days: u32) -> Lifetime {
    match days {
        d if d % 365 == 0 => Lifetime::Span(d / 365, Unit::Years),
        d => Lifetime::Span(d, Unit::Days),
    }
}

/// The choice's own cookie, as a row of the necessary category.
fn consent_cookie_row(config: &Config, lang: Lang, w: &Words) -> Row {
    let cookie = &config.cookie;
    let life = lang.words().lifetime(days(cookie.max_age_days));
    Row {
        name: w.consent_cookie_name.to_string(),
        cells: [
            vec![text(config.operator.name.clone())],
            vec![text(w.consent_cookie_purpose)],
            consent_kept(config, &life, w),
            vec![text(w.this_site)],
            vec![text(w.no)],
        ],
    }
}

/// What soglasie keeps on the device: the choice's cookie, the consent record, and with
/// receipts their queue (`localStorage` keys of `crate::core::record` and
/// `crate::core::receipt`).
fn consent_kept(config: &Config, life: &str, w: &Words) -> Text {
    let mut kept = vec![
        text(format!("{} ", w.cookie)),
        code(config.cookie.name.clone()),
        text(format!(" ({life}); {} ", w.storage)),
        code(record::KEY),
    ];
    if config.receipts.is_some() {
        kept.extend([text(", "), code(receipt::QUEUE_KEY)]);
    }
    kept
}

/// The section on the choice's own cookie.
fn consent_cookie(config: &Config, lang: Lang, w: &Words) -> Section {
    let life = lang.words().lifetime(days(config.cookie.max_age_days));
    Section {
        id: "sg-consent-cookie",
        heading: w.consent_cookie_heading,
        paragraphs: vec![
            vec![
                text(w.consent_cookie_before),
                code(config.cookie.name.clone()),
                text(format!(
                    "{}{life}{}",
                    w.consent_cookie_for, w.consent_cookie_holds
                )),
            ],
            vec![
                text(w.record_before),
                code(record::KEY),
                text(w.record_after),
            ],
        ],
        button: None,
    }
}

fn service_row(service: &Service, lang: Lang, w: &Words) -> Row {
    let mut keeps: Text = Vec::new();
    for (i, spec) in service.cookies.iter().enumerate() {
        keeps.push(text(match i {
            0 => format!("{} ", w.cookie),
            _ => ", ".to_string(),
        }));
        let (name, life) = view::cookie_and_lifetime(spec, lang);
        keeps.push(code(name));
        if let Some(life) = life {
            keeps.push(text(format!(" ({life})")));
        }
    }
    for (i, key) in service.storage.iter().enumerate() {
        keeps.push(text(match (i, keeps.is_empty()) {
            (0, true) => format!("{} ", w.storage),
            (0, false) => format!("; {} ", w.storage),
            _ => ", ".to_string(),
        }));
        keeps.push(code(key.clone()));
    }
    if keeps.is_empty() {
        keeps.push(text(w.nothing_kept));
    }
    let mut hosts: Text = Vec::new();
    for (i, host) in service.hosts.iter().enumerate() {
        if i > 0 {
            hosts.push(text(", "));
        }
        hosts.push(code(host.clone()));
    }
    if hosts.is_empty() {
        hosts.push(text(w.not_stated));
    }
    Row {
        name: service.display_name().to_string(),
        cells: [
            vec![text(service.display_provider())],
            vec![text(view::purpose(service, lang))],
            keeps,
            hosts,
            vec![text(if service.abroad { w.yes } else { w.no })],
        ],
    }
}

/// The whole text of `pieces`, as a reader reads it.
pub fn plain(pieces: &[Piece]) -> String {
    pieces
        .iter()
        .map(|p| match p {
            Piece::Text(s) | Piece::Code(s) => s.as_str(),
        })
        .collect()
}

// The tests read the HTML back with scraper, a native-only dependency.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
