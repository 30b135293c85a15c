//! Every word the dialog says, in Russian and English, and which of them a site may override.
//!
//! Russian typography: «» quotes, a non-breaking space (U+00A0) after one- and two-letter
//! prepositions and conjunctions and before dashes, so lines do not break awkwardly on phones.
//! The three banner buttons are fixed by the public contract and are not overridable.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::catalog::Lifetime;
use crate::core::config::{Config, Language};
use crate::core::details::Details;
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

/// Texts a config may override under `texts`. The first [`BUILTIN_COUNT`] ship in the Wasm
/// module; the rest are [`WORDING`], which loads with the preferences dialog.
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

/// How many keys (from the start of [`TextKey::ALL`]) have their built-in text in [`BUILTIN`].
pub const BUILTIN_COUNT: usize = 11;

/// Built-in texts the banner and the dialog's controls need at once: `[Russian, English]`.
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
    ["Настройки cookie", "Cookie settings"],
    ["Сохранить выбор", "Save my choice"],
    ["Закрыть", "Close"],
    ["Всегда включены", "Always on"],
    ["Данные передаются за\u{a0}пределы России", "Data is transferred outside Russia"],
];

/// The dialog's longer texts, for the keys after [`BUILTIN_COUNT`]: `[Russian, English]`.
/// They ship in `soglasie-details.json` (`core::details`), not in the Wasm module.
pub const WORDING: [[&str; 2]; 3] = [
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

/// Titles of the default categories, `[Russian, English]`, in the order of
/// [`crate::core::config::DEFAULT_CATEGORIES`], separated by spaces (in the Wasm: every
/// switch needs its label).
pub const CATEGORY_TITLES: [&str; 2] = [
    "Необходимые Функциональные Аналитические Рекламные",
    "Necessary Functional Analytics Advertising",
];

/// Descriptions of the default categories, `[Russian, English]`, same order (wording: in
/// `soglasie-details.json`).
pub const CATEGORY_DESCRIPTIONS: [[&str; 2]; 4] = [
    [
        "Запоминают ваш выбор о\u{a0}cookie и\u{a0}обеспечивают работу сайта: без них он не\u{a0}откроется правильно. Их нельзя отключить.",
        "Remember your cookie choice and keep the site working. They cannot be switched off.",
    ],
    [
        "Онлайн-чат, обратный звонок, карты и\u{a0}видео от\u{a0}других компаний.",
        "Online chat, call-back, maps and videos from other companies.",
    ],
    [
        "Статистика посещений: помогает понять, какие страницы полезны, и\u{a0}улучшать сайт.",
        "Visit statistics that show which pages help and how to improve the site.",
    ],
    [
        "Оценка рекламы и\u{a0}показ объявлений клиники на\u{a0}других сайтах.",
        "Measuring adverts and showing the clinic's adverts on other sites.",
    ],
];

impl Lang {
    fn index(self) -> usize {
        match self {
            Lang::Ru => 0,
            Lang::En => 1,
        }
    }
}

/// The text to show for `key`: the site's override, else the built-in one, else the
/// dialog's wording from `details` (empty when it could not be loaded).
pub fn text<'a>(
    config: &'a Config,
    key: TextKey,
    lang: Lang,
    details: Option<&'a Details>,
) -> &'a str {
    if let Some(t) = config.text(key) {
        return t;
    }
    let i = key as usize;
    if i < BUILTIN_COUNT {
        return packed::nth(BUILTIN_PACKED[lang.index()], b'\n', i);
    }
    details.map_or("", |d| d.text(i - BUILTIN_COUNT, lang))
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

/// Built-in title of a default category, and its description from `details`.
pub fn category_default<'a>(
    id: &str,
    lang: Lang,
    details: Option<&'a Details>,
) -> Option<(&'static str, Option<&'a str>)> {
    let i = crate::core::config::DEFAULT_CATEGORIES
        .iter()
        .position(|c| *c == id)?;
    Some((
        packed::nth(CATEGORY_TITLES[lang.index()], b' ', i),
        details.map(|d| d.category_description(i, lang)),
    ))
}

/// Appends how long a cookie lives, in words: «1 год», «30 минут», «до закрытия браузера».
pub fn push_lifetime(out: &mut String, lifetime: Lifetime, lang: Lang) {
    let Lifetime::Span(n, unit) = lifetime else {
        out.push_str(match lang {
            Lang::Ru => "до закрытия браузера",
            Lang::En => "until the browser is closed",
        });
        return;
    };
    crate::core::json::push_u64(out, u64::from(n));
    out.push('\u{a0}');
    let unit = match unit {
        b'm' => 0,
        b'h' => 1,
        b'd' => 2,
        _ => 3,
    };
    out.push_str(packed::nth(
        UNIT_WORDS[lang.index()],
        b' ',
        unit * 3 + plural_form(n, lang),
    ));
}

/// Minutes, hours, days, years, each as one, few, many (separated by spaces), `[Russian,
/// English]`.
const UNIT_WORDS: [&str; 2] = [
    "минута минуты минут час часа часов день дня дней год года лет",
    "minute minutes minutes hour hours hours day days days year years years",
];

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

    /// The words for a lifetime as written in the catalog (`None`: not understood).
    fn lifetime(spec: &str, lang: Lang) -> Option<String> {
        let lifetime = crate::catalog::parse_lifetime(spec)?;
        let mut words = String::new();
        push_lifetime(&mut words, lifetime, lang);
        Some(words)
    }

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
                assert_eq!(text(&config, TextKey::ALL[i], lang, None), *expected);
            }
        }
        let titles = [
            "Необходимые",
            "Функциональные",
            "Аналитические",
            "Рекламные",
        ];
        for (id, title) in crate::core::config::DEFAULT_CATEGORIES.iter().zip(titles) {
            assert_eq!(
                category_default(id, Lang::Ru, None).map(|d| d.0),
                Some(title)
            );
        }
        assert_eq!(
            category_default("ads", Lang::En, None).map(|d| d.0),
            Some("Advertising")
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
