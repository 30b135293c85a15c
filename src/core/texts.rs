//! Every word the dialog says, in Russian and English, and which of them a site may override.
//!
//! Russian typography: «» quotes, a non-breaking space (U+00A0) after one- and two-letter
//! prepositions and conjunctions and before dashes, so lines do not break awkwardly on phones.
//! The three banner buttons are fixed by the public contract and are not overridable.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::config::{Config, Language};

/// Resolved dialog language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Ru,
    En,
}

impl Lang {
    /// `auto` follows `<html lang>`: English only for `en…`, Russian otherwise.
    pub fn resolve(language: Language, html_lang: &str) -> Lang {
        match language {
            Language::Ru => Lang::Ru,
            Language::En => Lang::En,
            Language::Auto => {
                if html_lang.trim().to_ascii_lowercase().starts_with("en") {
                    Lang::En
                } else {
                    Lang::Ru
                }
            }
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }
}

/// Texts a config may override under `texts`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKey {
    BannerTitle,
    BannerText,
    UpdatedTitle,
    PolicyLink,
    PreferencesTitle,
    PreferencesText,
    Save,
    Close,
    FloatingButton,
    AlwaysOn,
    Abroad,
}

/// Config names of the overridable texts.
pub const TEXT_KEYS: &[(&str, TextKey)] = &[
    ("bannerTitle", TextKey::BannerTitle),
    ("bannerText", TextKey::BannerText),
    ("updatedTitle", TextKey::UpdatedTitle),
    ("policyLink", TextKey::PolicyLink),
    ("preferencesTitle", TextKey::PreferencesTitle),
    ("preferencesText", TextKey::PreferencesText),
    ("save", TextKey::Save),
    ("close", TextKey::Close),
    ("floatingButton", TextKey::FloatingButton),
    ("alwaysOn", TextKey::AlwaysOn),
    ("abroad", TextKey::Abroad),
];

/// Fixed button labels (public contract).
pub fn accept_all(lang: Lang) -> &'static str {
    match lang {
        Lang::Ru => "Принять все",
        Lang::En => "Accept all",
    }
}

pub fn decline(lang: Lang) -> &'static str {
    match lang {
        Lang::Ru => "Отклонить",
        Lang::En => "Reject all",
    }
}

pub fn customise(lang: Lang) -> &'static str {
    match lang {
        Lang::Ru => "Настроить",
        Lang::En => "Customise",
    }
}

/// The built-in text for a key.
pub fn default_text(key: TextKey, lang: Lang) -> &'static str {
    use TextKey::*;
    match (key, lang) {
        (BannerTitle, Lang::Ru) => "Cookie и\u{a0}согласие на\u{a0}обработку данных",
        (BannerTitle, Lang::En) => "Cookies and your consent",
        // The operator's name is prepended by the dialog: "«Клиника» использует…".
        (BannerText, Lang::Ru) => "использует cookie, пиксели и\u{a0}веб-маяки. Необходимые нужны для\u{a0}работы сайта. Статистика посещений, реклама и\u{a0}виджеты включаются только с\u{a0}вашего согласия. Его можно изменить или отозвать в\u{a0}любой момент.",
        (BannerText, Lang::En) => "uses cookies, pixels and web beacons. Necessary ones keep the site working. Visit statistics, advertising and widgets are switched on only with your consent, which you can change or withdraw at any time.",
        (UpdatedTitle, Lang::Ru) => "Мы обновили политику обработки персональных данных",
        (UpdatedTitle, Lang::En) => "We have updated our privacy policy",
        (PolicyLink, Lang::Ru) => "Политика обработки персональных данных",
        (PolicyLink, Lang::En) => "Privacy policy",
        (PreferencesTitle, Lang::Ru) => "Настройки cookie",
        (PreferencesTitle, Lang::En) => "Cookie settings",
        (PreferencesText, Lang::Ru) => "Выберите, на\u{a0}что вы даёте согласие. Необходимые cookie включены всегда: без них сайт не\u{a0}работает. Согласие можно отозвать здесь же в\u{a0}любой момент.",
        (PreferencesText, Lang::En) => "Choose what you consent to. Necessary cookies are always on: the site does not work without them. You can withdraw your consent here at any time.",
        (Save, Lang::Ru) => "Сохранить выбор",
        (Save, Lang::En) => "Save my choice",
        (Close, Lang::Ru) => "Закрыть",
        (Close, Lang::En) => "Close",
        (FloatingButton, Lang::Ru) => "Настройки cookie",
        (FloatingButton, Lang::En) => "Cookie settings",
        (AlwaysOn, Lang::Ru) => "Всегда включены",
        (AlwaysOn, Lang::En) => "Always on",
        (Abroad, Lang::Ru) => "Данные передаются за\u{a0}пределы России",
        (Abroad, Lang::En) => "Data is transferred outside Russia",
    }
}

/// The text to show: the site's override, else the built-in one.
pub fn text(config: &Config, key: TextKey, lang: Lang) -> String {
    match config.text(key) {
        Some(t) => t.to_string(),
        None => default_text(key, lang).to_string(),
    }
}

/// Built-in title and description of a default category.
pub fn category_default(id: &str, lang: Lang) -> Option<(&'static str, &'static str)> {
    Some(match (id, lang) {
        ("necessary", Lang::Ru) => ("Необходимые", "Запоминают ваш выбор о\u{a0}cookie и\u{a0}обеспечивают работу сайта: без них он не\u{a0}откроется правильно. Их нельзя отключить."),
        ("necessary", Lang::En) => ("Necessary", "Remember your cookie choice and keep the site working. They cannot be switched off."),
        ("functional", Lang::Ru) => ("Функциональные", "Онлайн-чат, обратный звонок, карты и\u{a0}видео от\u{a0}других компаний."),
        ("functional", Lang::En) => ("Functional", "Online chat, call-back, maps and videos from other companies."),
        ("analytics", Lang::Ru) => ("Аналитические", "Статистика посещений: помогает понять, какие страницы полезны, и\u{a0}улучшать сайт."),
        ("analytics", Lang::En) => ("Analytics", "Visit statistics that show which pages help and how to improve the site."),
        ("ads", Lang::Ru) => ("Рекламные", "Оценка рекламы и\u{a0}показ объявлений клиники на\u{a0}других сайтах."),
        ("ads", Lang::En) => ("Advertising", "Measuring adverts and showing the clinic's adverts on other sites."),
        _ => return None,
    })
}
