//! What the dialog shows, as plain data: every text resolved (the site's override, else the
//! built-in words), every choice's state. The web layer (`crate::web::dialog`) puts these on
//! the page as DOM nodes and text nodes — a site's text is never parsed as HTML — and the
//! tests here check what a visitor will read.

use crate::catalog;
use crate::core::changes::Change;
use crate::core::config::{Category, Config};
use crate::core::decision::Engine;
use crate::core::texts::{Lang, Words};

/// The first-visit banner: a non-modal region that leaves the page readable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Banner {
    pub lang: &'static str,
    /// «Мы обновили…» after a policy change.
    pub title: String,
    /// Who uses what and why; followed by the policy link.
    pub text: String,
    pub policy_url: String,
    pub policy_link: String,
    /// After a policy change: what changed since the visitor's last consent, when that is
    /// known for certain (`crate::core::changes`).
    pub changes: Option<ChangeList>,
    /// Said when the browser keeps no cookies: the choice lasts for this page only.
    pub note: Option<String>,
    /// «Принять все», «Отклонить», «Настроить» (fixed by the public contract).
    pub accept_all: &'static str,
    pub decline: &'static str,
    pub customise: &'static str,
}

/// What changed since the last consent: a lead-in, then one line per change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeList {
    pub lead: &'static str,
    pub lines: Vec<String>,
}

/// The preferences dialog (modal): every category, its services, the operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preferences {
    pub lang: &'static str,
    pub title: String,
    pub text: String,
    pub policy_url: String,
    pub policy_link: String,
    pub close: String,
    pub categories: Vec<CategoryRow>,
    /// What is collected, how to withdraw, who the operator is (152-ФЗ ст. 9: consent names
    /// the operator).
    pub operator: String,
    pub accept_all: &'static str,
    pub decline: &'static str,
    pub save: String,
}

/// One category's switch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryRow {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub state: Switch,
    /// «Всегда включены», for `necessary`.
    pub always_on: Option<String>,
    /// That the category never runs on pages about illnesses (`config.sensitive.hold`).
    pub held: Option<String>,
    pub services: Vec<ServiceRow>,
}

/// A category switch's state. Optional categories are never pre-ticked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Switch {
    Off,
    /// The visitor allowed it.
    On,
    /// `necessary`: on, cannot be switched off.
    Always,
}

/// One service under its category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceRow {
    pub name: String,
    /// « — provider. purpose»
    pub detail: String,
    /// «Cookie: _ym_uid (1 год), _ym_d (1 год)», when it sets any.
    pub cookies: Option<String>,
    /// «Данные передаются за пределы России», when they are.
    pub abroad: Option<String>,
}

/// The small re-open control shown after a decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reopen {
    pub lang: &'static str,
    pub label: String,
}

/// The site's text, else the built-in one.
fn or(site: &Option<String>, builtin: &str) -> String {
    site.clone().unwrap_or_else(|| builtin.to_string())
}

/// A category's title: the site's, else the built-in one, else its id.
pub(crate) fn category_title(category: &Category, words: &Words) -> String {
    category
        .title
        .clone()
        .or(words
            .category(&category.id)
            .map(|(title, _)| title.to_string()))
        .unwrap_or_else(|| category.id.clone())
}

/// The operator as consent names it (152-ФЗ ст. 9): «ООО «Клиника», ИНН 7700000000, Москва».
pub(crate) fn operator_identity(op: &crate::core::config::Operator, words: &Words) -> String {
    let mut identity = op.name.clone();
    for (label, number) in [(words.inn, &op.inn), (words.ogrn, &op.ogrn)] {
        if let Some(number) = number {
            identity.push_str(&format!(", {label}\u{a0}{number}"));
        }
    }
    identity.push_str(&format!(", {}", op.address));
    identity
}

/// What a category is for: the site's words, else the built-in ones.
pub(crate) fn category_description(category: &Category, words: &Words) -> Option<String> {
    category.description.clone().or(words
        .category(&category.id)
        .map(|(_, description)| description.to_string()))
}

/// The purpose the visitor agrees to, in `lang`. A rewritten purpose has no reviewed English
/// twin: it is shown as written.
pub(crate) fn purpose(service: &crate::core::config::Service, lang: Lang) -> &str {
    match (&service.purpose, service.entry, lang) {
        (None, Some(entry), Lang::En) => entry.purpose_en,
        _ => service.purpose_ru(),
    }
}

/// The title of category `id`, also of one the config no longer has.
fn title_of(config: &Config, id: &str, words: &Words) -> String {
    match config.category(id) {
        Some(category) => category_title(category, words),
        None => words
            .category(id)
            .map_or_else(|| id.to_string(), |(title, _)| title.to_string()),
    }
}

/// The re-prompt's list: one line per change since the visitor's last consent
/// ([`crate::core::changes::since`]), for [`Banner::of`].
pub fn change_lines(changes: &[Change], config: &Config, lang: Lang) -> Vec<String> {
    let words = lang.words();
    changes
        .iter()
        .map(|change| change_line(change, config, words))
        .collect()
}

/// One line of the re-prompt's list.
fn change_line(change: &Change, config: &Config, words: &Words) -> String {
    let said = &words.changes;
    let service = |id: &str| {
        config
            .service(id)
            .map_or(id, |s| s.display_name())
            .to_string()
    };
    let category_of = |id: &str| {
        let category = config.service(id).map_or("", |s| s.category.as_str());
        title_of(config, category, words)
    };
    match change {
        Change::Operator(name) => format!("{}{name}", said.operator),
        Change::OperatorDetails => said.operator_details.to_string(),
        Change::Revision(revision) => match words.date(revision) {
            Some(date) => format!("{}{}{date}", said.revision, said.revision_of),
            None => format!("{}: {revision}", said.revision),
        },
        Change::PolicyDocument => said.policy_document.to_string(),
        Change::CategoryAdded(id) => {
            format!("{}{}", said.category_added, title_of(config, id, words))
        }
        Change::CategoryRemoved(id) => {
            format!("{}{}", said.category_removed, title_of(config, id, words))
        }
        Change::ServiceAdded(id) => {
            format!(
                "{}{} ({})",
                said.service_added,
                service(id),
                category_of(id)
            )
        }
        Change::ServiceMoved(id) => {
            format!(
                "{}{} → {}",
                said.service_moved,
                service(id),
                category_of(id)
            )
        }
        Change::ServiceChanged(id) => format!("{}{}", said.service_changed, service(id)),
        Change::ServiceRemoved(name) => format!("{}{name}", said.service_removed),
    }
}

impl Banner {
    /// The banner; `changes` lists what changed since the visitor's last consent
    /// ([`change_lines`]; empty: nothing known).
    pub fn of(engine: &Engine, lang: Lang, cookies_blocked: bool, changes: &[String]) -> Banner {
        let (config, words) = (&engine.config, lang.words());
        let texts = &config.texts;
        let title = if engine.policy_changed() {
            or(&texts.updated_title, words.updated_title)
        } else {
            or(&texts.banner_title, words.banner_title)
        };
        let text = match &texts.banner_text {
            Some(own) => own.clone(),
            None => format!("{} {}", config.operator.name, words.banner_text),
        };
        Banner {
            lang: lang.code(),
            title,
            text,
            policy_url: config.policy.url.clone(),
            policy_link: or(&texts.policy_link, words.policy_link),
            changes: (engine.policy_changed() && !changes.is_empty()).then(|| ChangeList {
                lead: words.changes.lead,
                lines: changes.to_vec(),
            }),
            note: cookies_blocked.then(|| or(&texts.no_cookies, words.no_cookies)),
            accept_all: words.accept_all,
            decline: words.decline,
            customise: words.customise,
        }
    }
}

impl Preferences {
    pub fn of(engine: &Engine, lang: Lang) -> Preferences {
        let (config, words) = (&engine.config, lang.words());
        let texts = &config.texts;
        let categories = config
            .categories
            .iter()
            .map(|c| {
                let state = if c.is_necessary() {
                    Switch::Always
                } else if engine.decided() && engine.allows(&c.id) {
                    Switch::On
                } else {
                    Switch::Off
                };
                // Said wherever pages are held: on every page of a site that configures them,
                // and on a page that declares itself.
                let held = (config.sensitive.configured || engine.sensitive)
                    && config.sensitive.hold.contains(&c.id);
                CategoryRow {
                    id: c.id.clone(),
                    title: category_title(c, words),
                    description: category_description(c, words),
                    state,
                    always_on: (state == Switch::Always)
                        .then(|| or(&texts.always_on, words.always_on)),
                    held: held.then(|| words.held.to_string()),
                    services: config
                        .services
                        .iter()
                        .filter(|s| s.category == c.id)
                        .map(|s| service_row(s, lang, &or(&texts.abroad, words.abroad)))
                        .collect(),
                }
            })
            .collect();
        let op = &config.operator;
        let operator = format!(
            "{} {}. {}: {}.",
            or(&texts.data_collected, words.data_collected),
            op.email,
            or(&texts.operator, words.operator),
            operator_identity(op, words)
        );
        Preferences {
            lang: lang.code(),
            title: or(&texts.preferences_title, words.preferences_title),
            text: or(&texts.preferences_text, words.preferences_text),
            policy_url: config.policy.url.clone(),
            policy_link: or(&texts.policy_link, words.policy_link),
            close: or(&texts.close, words.close),
            categories,
            operator,
            accept_all: words.accept_all,
            decline: words.decline,
            save: or(&texts.save, words.save),
        }
    }
}

fn service_row(service: &crate::core::config::Service, lang: Lang, abroad: &str) -> ServiceRow {
    let provider = service.display_provider();
    let purpose = purpose(service, lang);
    let mut detail = String::new();
    if !provider.is_empty() {
        detail.push_str(" — ");
        detail.push_str(provider);
    }
    if !purpose.is_empty() {
        detail.push_str(". ");
        detail.push_str(purpose);
    }
    let cookies: Vec<String> = service
        .cookies
        .iter()
        .map(|spec| match cookie_and_lifetime(spec, lang) {
            (name, Some(life)) => format!("{name} ({life})"),
            (name, None) => name.to_string(),
        })
        .collect();
    ServiceRow {
        name: service.display_name().to_string(),
        detail,
        cookies: (!cookies.is_empty()).then(|| format!("Cookie: {}", cookies.join(", "))),
        abroad: service.abroad.then(|| abroad.to_string()),
    }
}

/// A cookie of a service (`_ym_uid@1y`): its name, and how long it lives in words when the
/// spec says so.
pub(crate) fn cookie_and_lifetime(spec: &str, lang: Lang) -> (&str, Option<String>) {
    let (name, life) = catalog::split_lifetime(spec);
    let life = life.and_then(catalog::parse_lifetime);
    (name, life.map(|life| lang.words().lifetime(life)))
}

impl Reopen {
    pub fn of(engine: &Engine, lang: Lang) -> Reopen {
        Reopen {
            lang: lang.code(),
            label: or(
                &engine.config.texts.floating_button,
                lang.words().floating_button,
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::config::Config;

    fn engine(extra: &str) -> Engine {
        let text = format!(
            r#"{{"operator": {{"name": "ООО «Клиника»", "address": "Москва", "email": "a@b.ru", "inn": "7700000000"}},
                "policy": {{"url": "/privacy.html", "revision": "1"}},
                "services": ["yandex_metrika", "google_analytics", "vk_pixel"]{extra}}}"#
        );
        Engine::new(Config::from_json(&text).unwrap(), "", 0)
    }

    #[test]
    fn the_banner_names_the_operator_and_has_the_contract_buttons() {
        let b = Banner::of(&engine(""), Lang::Ru, false, &[]);
        assert_eq!(
            (b.accept_all, b.decline, b.customise),
            ("Принять все", "Отклонить", "Настроить")
        );
        assert!(
            b.text.starts_with("ООО «Клиника» использует cookie"),
            "{}",
            b.text
        );
        assert_eq!(b.policy_url, "/privacy.html");
        assert_eq!(b.note, None);
        let en = Banner::of(&engine(""), Lang::En, false, &[]);
        assert_eq!(
            (en.accept_all, en.decline, en.lang),
            ("Accept all", "Reject all", "en")
        );
    }

    #[test]
    fn a_policy_change_and_blocked_cookies_are_said() {
        let mut e = engine("");
        e.earlier = Some(crate::core::cookie::Earlier {
            policy: "AAAAAAAAAAAAAAAA".into(),
            id: "AAAAAAAAAAAAAAAAAAAAAA".into(),
        });
        let b = Banner::of(&e, Lang::Ru, true, &[]);
        assert_eq!(
            b.title,
            "Мы обновили политику обработки персональных данных"
        );
        assert!(b
            .note
            .is_some_and(|n| n.contains("не\u{a0}сохраняет cookie")));
    }

    #[test]
    fn site_texts_replace_the_built_in_ones_but_never_the_buttons() {
        let e = engine(
            r#", "texts": {"bannerTitle": "<img src=x>", "bannerText": "Свой текст.", "save": "Готово"}"#,
        );
        let b = Banner::of(&e, Lang::Ru, false, &[]);
        assert_eq!(
            (b.title.as_str(), b.text.as_str()),
            ("<img src=x>", "Свой текст.")
        );
        assert_eq!(b.accept_all, "Принять все");
        assert_eq!(Preferences::of(&e, Lang::Ru).save, "Готово");
    }

    #[test]
    fn preferences_list_every_category_and_service_with_nothing_pre_ticked() {
        let p = Preferences::of(&engine(""), Lang::Ru);
        let rows: Vec<(&str, Switch, usize)> = p
            .categories
            .iter()
            .map(|c| (c.id.as_str(), c.state, c.services.len()))
            .collect();
        assert_eq!(
            rows,
            [
                ("necessary", Switch::Always, 0),
                ("functional", Switch::Off, 0),
                ("analytics", Switch::Off, 2),
                ("ads", Switch::Off, 1)
            ]
        );
        assert_eq!(
            p.categories[0].always_on.as_deref(),
            Some("Всегда включены")
        );
        assert_eq!(p.categories[2].title, "Аналитические");
        let metrika = &p.categories[2].services[0];
        assert_eq!(metrika.name, "Яндекс Метрика");
        assert!(metrika
            .detail
            .starts_with(" — ООО «Яндекс». Статистика посещений"));
        assert_eq!(
            metrika.cookies.as_deref(),
            Some("Cookie: _ym_uid (1\u{a0}год), _ym_d (1\u{a0}год), _ym_isad (2\u{a0}дня), _ym_visorc (30\u{a0}минут), _ym_*")
        );
        assert_eq!(metrika.abroad, None);
        let google = &p.categories[2].services[1];
        assert_eq!(
            google.abroad.as_deref(),
            Some("Данные передаются за\u{a0}пределы России")
        );
        assert_eq!(
            p.operator,
            "С\u{a0}вашего согласия сервисы получают идентификаторы cookie, IP-адрес, сведения о\u{a0}браузере и\u{a0}устройстве, адреса просмотренных страниц и\u{a0}источник перехода. Отозвать согласие можно здесь или письмом на\u{a0}адрес a@b.ru. Оператор персональных данных: ООО «Клиника», ИНН\u{a0}7700000000, Москва."
        );
    }

    #[test]
    fn preferences_carry_the_choice_and_the_sites_own_words() {
        let mut e = engine(
            r#", "categories": ["analytics", {"id": "ads", "title": "Реклама", "description": "Для рекламы"}]"#,
        );
        e.decide(vec!["analytics".into()], 1, &[0; 16]);
        let p = Preferences::of(&e, Lang::En);
        assert_eq!(p.lang, "en");
        let states: Vec<Switch> = p.categories.iter().map(|c| c.state).collect();
        assert_eq!(states, [Switch::Always, Switch::On, Switch::Off]);
        assert_eq!(p.categories[2].title, "Реклама");
        assert_eq!(p.categories[2].description.as_deref(), Some("Для рекламы"));
        assert!(p.categories[1].services[0]
            .detail
            .contains("Visit statistics"));
    }

    #[test]
    fn the_reopen_control_has_its_label() {
        assert_eq!(Reopen::of(&engine(""), Lang::Ru).label, "Настройки cookie");
    }
}
