//! Every word the dialog says, in Russian and English, and which of them a site may override.
//!
//! Russian typography: «» quotes, a non-breaking space (U+00A0) after one- and two-letter
//! prepositions and conjunctions and before dashes, so lines do not break awkwardly on phones.
//! The three banner buttons are fixed by the public contract and are not overridable.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::catalog::{parse_lifetime, Lifetime};
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
    Operator,
    DataCollected,
    Save,
    Close,
    FloatingButton,
    NoCookies,
    AlwaysOn,
    Abroad,
}

impl TextKey {
    /// Every key, in the order of [`TEXT_NAMES`].
    pub const ALL: [TextKey; 14] = [
        TextKey::BannerTitle,
        TextKey::BannerText,
        TextKey::UpdatedTitle,
        TextKey::PolicyLink,
        TextKey::PreferencesTitle,
        TextKey::PreferencesText,
        TextKey::Operator,
        TextKey::DataCollected,
        TextKey::Save,
        TextKey::Close,
        TextKey::FloatingButton,
        TextKey::NoCookies,
        TextKey::AlwaysOn,
        TextKey::Abroad,
    ];
}

/// Config names of the overridable texts (`config.texts`), in the order of [`TextKey::ALL`].
pub const TEXT_NAMES: &[&str] = &[
    "bannerTitle",
    "bannerText",
    "updatedTitle",
    "policyLink",
    "preferencesTitle",
    "preferencesText",
    "operator",
    "dataCollected",
    "save",
    "close",
    "floatingButton",
    "noCookies",
    "alwaysOn",
    "abroad",
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
        (Operator, Lang::Ru) => "Оператор персональных данных",
        (Operator, Lang::En) => "Data controller",
        (DataCollected, Lang::Ru) => "С\u{a0}вашего согласия сервисы получают идентификаторы cookie, IP-адрес, сведения о\u{a0}браузере и\u{a0}устройстве, адреса просмотренных страниц и\u{a0}источник перехода. Отозвать согласие можно здесь или письмом на\u{a0}адрес",
        (DataCollected, Lang::En) => "With your consent the services receive cookie identifiers, your IP address, browser and device details, the pages you view and where you came from. You can withdraw consent here or by writing to",
        (Save, Lang::Ru) => "Сохранить выбор",
        (Save, Lang::En) => "Save my choice",
        (Close, Lang::Ru) => "Закрыть",
        (Close, Lang::En) => "Close",
        (FloatingButton, Lang::Ru) => "Настройки cookie",
        (FloatingButton, Lang::En) => "Cookie settings",
        (NoCookies, Lang::Ru) => "Ваш браузер не\u{a0}сохраняет cookie, поэтому выбор будет действовать только на\u{a0}этой странице.",
        (NoCookies, Lang::En) => "Your browser does not keep cookies, so your choice will apply to this page only.",
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

/// How long a cookie lives, in words: «1 год», «30 минут», «до закрытия браузера».
/// `None` when the lifetime is not given or not understood.
pub fn lifetime(lifetime: &str, lang: Lang) -> Option<String> {
    let Lifetime::Span(n, unit) = parse_lifetime(lifetime)? else {
        return Some(
            match lang {
                Lang::Ru => "до закрытия браузера",
                Lang::En => "until the browser is closed",
            }
            .into(),
        );
    };
    let mut s = String::new();
    crate::core::json::push_u64(&mut s, u64::from(n));
    s.push('\u{a0}');
    let forms: [&str; 3] = match (unit, lang) {
        (b'm', Lang::Ru) => ["минута", "минуты", "минут"],
        (b'h', Lang::Ru) => ["час", "часа", "часов"],
        (b'd', Lang::Ru) => ["день", "дня", "дней"],
        (_, Lang::Ru) => ["год", "года", "лет"],
        (b'm', Lang::En) => ["minute", "minutes", "minutes"],
        (b'h', Lang::En) => ["hour", "hours", "hours"],
        (b'd', Lang::En) => ["day", "days", "days"],
        (_, Lang::En) => ["year", "years", "years"],
    };
    s.push_str(forms[plural_form(n, lang)]);
    Some(s)
}

/// Index into `[one, few, many]`: Russian has three forms (1 год, 2 года, 5 лет, 21 год).
fn plural_form(n: u32, lang: Lang) -> usize {
    match lang {
        Lang::En => usize::from(n != 1),
        Lang::Ru => match (n % 10, n % 100) {
            (1, r) if r != 11 => 0,
            (2..=4, r) if !(12..=14).contains(&r) => 1,
            _ => 2,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifetimes_in_good_russian_and_english() {
        let cases = [
            ("1y", "1\u{a0}год"),
            ("2y", "2\u{a0}года"),
            ("5y", "5\u{a0}лет"),
            ("21d", "21\u{a0}день"),
            ("12h", "12\u{a0}часов"),
            ("22m", "22\u{a0}минуты"),
            ("30m", "30\u{a0}минут"),
            ("111d", "111\u{a0}дней"),
            ("session", "до закрытия браузера"),
        ];
        for (spec, words) in cases {
            assert_eq!(lifetime(spec, Lang::Ru).as_deref(), Some(words), "{spec}");
        }
        assert_eq!(lifetime("1d", Lang::En).as_deref(), Some("1\u{a0}day"));
        assert_eq!(lifetime("2y", Lang::En).as_deref(), Some("2\u{a0}years"));
        assert_eq!(lifetime("soon", Lang::Ru), None);
    }

    #[test]
    fn auto_language_follows_html_lang() {
        assert_eq!(Lang::resolve(Language::Auto, "en-GB"), Lang::En);
        assert_eq!(Lang::resolve(Language::Auto, "ru"), Lang::Ru);
        assert_eq!(Lang::resolve(Language::Auto, ""), Lang::Ru);
        assert_eq!(Lang::resolve(Language::En, "ru"), Lang::En);
    }
}
