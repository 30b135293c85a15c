//! Every word the dialog says, in Russian and English, and which of them a site may override.
//!
//! Russian typography: «» quotes, a non-breaking space (U+00A0) after one- and two-letter
//! prepositions and conjunctions and before dashes, so lines do not break awkwardly on phones.
//! The three banner buttons are fixed by the public contract and are not overridable.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::config::{Config, Language};
use crate::core::packed;

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
                if crate::core::scan::starts_with_ignoring_case(
                    crate::core::scan::trim(html_lang),
                    "en",
                ) {
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

/// Texts a config may override under `texts`. The first [`BUILTIN_COUNT`] are the banner's
/// and ship in the Wasm module; the rest are the preferences dialog's ([`PREFERENCES`]),
/// which its renderer brings when a visitor opens it (`core::wording`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKey {
    BannerTitle,
    BannerText,
    UpdatedTitle,
    PolicyLink,
    FloatingButton,
    NoCookies,
    PreferencesTitle,
    Save,
    Close,
    AlwaysOn,
    Abroad,
    PreferencesText,
    Operator,
    DataCollected,
}

impl TextKey {
    /// Every key, in the order of [`TEXT_NAMES`].
    pub const ALL: [TextKey; 14] = [
        TextKey::BannerTitle,
        TextKey::BannerText,
        TextKey::UpdatedTitle,
        TextKey::PolicyLink,
        TextKey::FloatingButton,
        TextKey::NoCookies,
        TextKey::PreferencesTitle,
        TextKey::Save,
        TextKey::Close,
        TextKey::AlwaysOn,
        TextKey::Abroad,
        TextKey::PreferencesText,
        TextKey::Operator,
        TextKey::DataCollected,
    ];

    /// Its name under `config.texts`.
    pub fn name(self) -> &'static str {
        packed::nth(TEXT_NAMES, b' ', self as usize)
    }
}

/// Config names of the overridable texts (`config.texts`), in the order of [`TextKey::ALL`],
/// separated by spaces.
pub const TEXT_NAMES: &str = "bannerTitle bannerText updatedTitle policyLink floatingButton \
    noCookies preferencesTitle save close alwaysOn abroad preferencesText operator dataCollected";

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

/// How many keys (from the start of [`TextKey::ALL`]) are the banner's, with their built-in
/// text in [`BUILTIN`].
pub const BUILTIN_COUNT: usize = 6;

/// Built-in texts of the banner and the re-open button: `[Russian, English]`.
pub const BUILTIN: [[&str; 2]; BUILTIN_COUNT] = [
    ["Cookie и\u{a0}согласие на\u{a0}обработку данных", "Cookies and your consent"],
    // The operator's name is prepended by the dialog: "«Клиника» использует…".
    [
        "использует cookie, пиксели и\u{a0}веб-маяки. Необходимые нужны для\u{a0}работы сайта. Статистика посещений, реклама и\u{a0}виджеты включаются только с\u{a0}вашего согласия. Его можно изменить или отозвать в\u{a0}любой момент.",
        "uses cookies, pixels and web beacons. Necessary ones keep the site working. Visit statistics, advertising and widgets are switched on only with your consent, which you can change or withdraw at any time.",
    ],
    ["Мы обновили политику обработки персональных данных", "We have updated our privacy policy"],
    ["Политика обработки персональных данных", "Privacy policy"],
    ["Настройки cookie", "Cookie settings"],
    [
        "Ваш браузер не\u{a0}сохраняет cookie, поэтому выбор будет действовать только на\u{a0}этой странице.",
        "Your browser does not keep cookies, so your choice will apply to this page only.",
    ],
];

/// The preferences dialog's texts, for the keys after [`BUILTIN_COUNT`]: `[Russian,
/// English]`. They ship with its renderer (`core::wording`), not in the Wasm module.
pub const PREFERENCES: [[&str; 2]; TextKey::ALL.len() - BUILTIN_COUNT] = [
    ["Настройки cookie", "Cookie settings"],
    ["Сохранить выбор", "Save my choice"],
    ["Закрыть", "Close"],
    ["Всегда включены", "Always on"],
    ["Данные передаются за\u{a0}пределы России", "Data is transferred outside Russia"],
    [
        "Выберите, на\u{a0}что вы даёте согласие. Необходимые cookie включены всегда: без них сайт не\u{a0}работает. Согласие можно отозвать здесь же в\u{a0}любой момент.",
        "Choose what you consent to. Necessary cookies are always on: the site does not work without them. You can withdraw your consent here at any time.",
    ],
    ["Оператор персональных данных", "Data controller"],
    [
        "С\u{a0}вашего согласия сервисы получают идентификаторы cookie, IP-адрес, сведения о\u{a0}браузере и\u{a0}устройстве, адреса просмотренных страниц и\u{a0}источник перехода. Отозвать согласие можно здесь или письмом на\u{a0}адрес",
        "With your consent the services receive cookie identifiers, your IP address, browser and device details, the pages you view and where you came from. You can withdraw consent here or by writing to",
    ],
];

/// Titles and descriptions of the default categories, `[Russian, English]` each, in the
/// order of [`crate::core::config::DEFAULT_CATEGORIES`] (with the preferences' renderer).
pub const CATEGORIES: [[[&str; 2]; 2]; 4] = [
    [
        ["Необходимые", "Necessary"],
        [
            "Запоминают ваш выбор о\u{a0}cookie и\u{a0}обеспечивают работу сайта: без них он не\u{a0}откроется правильно. Их нельзя отключить.",
            "Remember your cookie choice and keep the site working. They cannot be switched off.",
        ],
    ],
    [
        ["Функциональные", "Functional"],
        [
            "Онлайн-чат, обратный звонок, карты и\u{a0}видео от\u{a0}других компаний.",
            "Online chat, call-back, maps and videos from other companies.",
        ],
    ],
    [
        ["Аналитические", "Analytics"],
        [
            "Статистика посещений: помогает понять, какие страницы полезны, и\u{a0}улучшать сайт.",
            "Visit statistics that show which pages help and how to improve the site.",
        ],
    ],
    [
        ["Рекламные", "Advertising"],
        [
            "Оценка рекламы и\u{a0}показ объявлений клиники на\u{a0}других сайтах.",
            "Measuring adverts and showing the clinic's adverts on other sites.",
        ],
    ],
];

/// How long a cookie lives, in words (with the preferences' renderer, which picks the form):
/// minutes, hours, days, years, each as one, few, many, separated by spaces; then the words
/// for a session cookie. `[Russian, English]`.
pub const LIFETIMES: [[&str; 2]; 2] = [
    [
        "минута минуты минут час часа часов день дня дней год года лет",
        "minute minutes minutes hour hours hours day days days year years years",
    ],
    ["до закрытия браузера", "until the browser is closed"],
];

impl Lang {
    fn index(self) -> usize {
        match self {
            Lang::Ru => 0,
            Lang::En => 1,
        }
    }
}

/// The text to show for one of the banner's keys: the site's override, else the built-in
/// one.
pub fn text(config: &Config, key: TextKey, lang: Lang) -> &str {
    if let Some(t) = config.text(key) {
        return t;
    }
    packed::nth(BUILTIN_PACKED[lang.index()], b'\n', key as usize)
}

/// [`BUILTIN`] as the module carries it: one string per language, each text followed by a
/// line feed (no text has one). A table of `&str` would add eight bytes of pointer per text.
static BUILTIN_PACKED: [&str; 2] = [packed::as_text(&BUILTIN_RU), packed::as_text(&BUILTIN_EN)];

const BUILTIN_RU: [u8; packed_len(0)] = pack(0);
const BUILTIN_EN: [u8; packed_len(1)] = pack(1);

const fn packed_len(lang: usize) -> usize {
    let mut len = 0;
    let mut i = 0;
    while i < BUILTIN_COUNT {
        len += BUILTIN[i][lang].len() + 1;
        i += 1;
    }
    len
}

const fn pack<const N: usize>(lang: usize) -> [u8; N] {
    let mut out = [0; N];
    let mut at = 0;
    let mut i = 0;
    while i < BUILTIN_COUNT {
        at = packed::put(&mut out, at, BUILTIN[i][lang], b'\n');
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_tables_give_back_every_text() {
        assert_eq!(TEXT_NAMES.split(' ').count(), TextKey::ALL.len());
        let config = Config::from_json(
            r#"{"operator": {"name": "ООО «К»", "address": "Москва", "email": "a@k.ru"},
                "policy": {"url": "/p", "revision": "1"}}"#,
        )
        .expect("minimal config");
        for (i, pair) in BUILTIN.iter().enumerate() {
            for (lang, expected) in [Lang::Ru, Lang::En].into_iter().zip(pair) {
                assert!(!expected.contains('\n'));
                assert_eq!(text(&config, TextKey::ALL[i], lang), *expected);
            }
        }
        for (i, name) in TEXT_NAMES.split(' ').enumerate() {
            assert_eq!(TextKey::ALL[i].name(), name);
        }
    }

    #[test]
    fn a_site_text_replaces_the_built_in_one() {
        let config = Config::from_json(
            r#"{"operator": {"name": "ООО «К»", "address": "Москва", "email": "a@k.ru"},
                "policy": {"url": "/p", "revision": "1"}, "texts": {"bannerTitle": "Куки"}}"#,
        )
        .expect("config with a text");
        assert_eq!(text(&config, TextKey::BannerTitle, Lang::En), "Куки");
        assert_eq!(
            text(&config, TextKey::PolicyLink, Lang::En),
            "Privacy policy"
        );
    }

    #[test]
    fn auto_language_follows_html_lang() {
        assert_eq!(Lang::resolve(Language::Auto, "en-GB"), Lang::En);
        assert_eq!(Lang::resolve(Language::Auto, "ru"), Lang::Ru);
        assert_eq!(Lang::resolve(Language::Auto, ""), Lang::Ru);
        assert_eq!(Lang::resolve(Language::En, "ru"), Lang::En);
    }
}
