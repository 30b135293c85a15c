//! Every word the dialog says, in Russian and English.
//!
//! Russian typography: «» quotes, a non-breaking space (U+00A0) after one- and two-letter
//! prepositions and conjunctions, so lines do not break awkwardly on phones. A site may
//! override most texts (`config.texts`, [`crate::core::config::Texts`]); the three banner
//! buttons are fixed by the public contract.

use crate::catalog::{Lifetime, Unit};
use crate::core::config::Language;

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
                let tag = html_lang.trim().as_bytes();
                if tag.len() >= 2 && tag[..2].eq_ignore_ascii_case(b"en") {
                    Lang::En
                } else {
                    Lang::Ru
                }
            }
        }
    }

    /// The `lang` attribute value.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    /// The built-in words.
    pub fn words(self) -> &'static Words {
        match self {
            Lang::Ru => &RU,
            Lang::En => &EN,
        }
    }
}

/// The built-in words of one language. Those with a twin in
/// [`crate::core::config::Texts`] are the defaults a site may override.
#[derive(Debug)]
pub struct Words {
    pub accept_all: &'static str,
    pub decline: &'static str,
    pub customise: &'static str,
    pub banner_title: &'static str,
    /// Follows the operator's name: "ООО «Клиника» использует…".
    pub banner_text: &'static str,
    pub updated_title: &'static str,
    pub policy_link: &'static str,
    pub floating_button: &'static str,
    pub no_cookies: &'static str,
    pub preferences_title: &'static str,
    pub preferences_text: &'static str,
    pub save: &'static str,
    pub close: &'static str,
    pub always_on: &'static str,
    pub abroad: &'static str,
    pub operator: &'static str,
    /// Followed by the operator's e-mail address.
    pub data_collected: &'static str,
    /// The default categories' titles and descriptions, in the order of
    /// [`crate::core::config::DEFAULT_CATEGORIES`].
    pub categories: [(&'static str, &'static str); 4],
    /// Minutes, hours, days, years: each in the forms [`Words::plural`] picks from.
    pub units: [&'static [&'static str]; 4],
    /// Which form of a unit goes with a number.
    pub plural: fn(u32) -> usize,
    /// A cookie that lives until the browser is closed.
    pub session: &'static str,
    /// «ИНН», «ОГРН».
    pub inn: &'static str,
    pub ogrn: &'static str,
    /// Under a category held on pages about illnesses (`config.sensitive.hold`).
    pub held: &'static str,
    /// What changed since the visitor's last consent (`crate::core::changes`).
    pub changes: ChangeWords,
    /// Month names as a date says them: «1 декабря 2026 г.».
    pub months: [&'static str; 12],
    /// After the year in a date.
    pub year: &'static str,
}

/// The re-prompt's list: each line is a label, then what it is about.
#[derive(Debug)]
pub struct ChangeWords {
    /// Before the list.
    pub lead: &'static str,
    pub operator: &'static str,
    pub operator_details: &'static str,
    /// Followed by « от 1 декабря 2026 г.», or «: » and a revision that is not a date.
    pub revision: &'static str,
    pub revision_of: &'static str,
    pub policy_document: &'static str,
    pub category_added: &'static str,
    pub category_removed: &'static str,
    pub service_added: &'static str,
    pub service_moved: &'static str,
    pub service_changed: &'static str,
    pub service_removed: &'static str,
}

pub static RU: Words = Words {
    accept_all: "Принять все",
    decline: "Отклонить",
    customise: "Настроить",
    banner_title: "Cookie и\u{a0}согласие на\u{a0}обработку данных",
    banner_text: "использует cookie, пиксели и\u{a0}веб-маяки. Необходимые нужны для\u{a0}работы сайта. Статистика посещений, реклама и\u{a0}виджеты включаются только с\u{a0}вашего согласия. Его можно изменить или отозвать в\u{a0}любой момент.",
    updated_title: "Мы обновили политику обработки персональных данных",
    policy_link: "Политика обработки персональных данных",
    floating_button: "Настройки cookie",
    no_cookies: "Ваш браузер не\u{a0}сохраняет cookie, поэтому выбор будет действовать только на\u{a0}этой странице.",
    preferences_title: "Настройки cookie",
    preferences_text: "Выберите, на\u{a0}что вы даёте согласие. Необходимые cookie включены всегда: без них сайт не\u{a0}работает. Согласие можно отозвать здесь же в\u{a0}любой момент.",
    save: "Сохранить выбор",
    close: "Закрыть",
    always_on: "Всегда включены",
    abroad: "Данные передаются за\u{a0}пределы России",
    operator: "Оператор персональных данных",
    data_collected: "С\u{a0}вашего согласия сервисы получают идентификаторы cookie, IP-адрес, сведения о\u{a0}браузере и\u{a0}устройстве, адреса просмотренных страниц и\u{a0}источник перехода. Отозвать согласие можно здесь или письмом на\u{a0}адрес",
    categories: [
        (
            "Необходимые",
            "Запоминают ваш выбор о\u{a0}cookie и\u{a0}обеспечивают работу сайта: без них он не\u{a0}откроется правильно. Их нельзя отключить.",
        ),
        (
            "Функциональные",
            "Онлайн-чат, обратный звонок, карты и\u{a0}видео от\u{a0}других компаний.",
        ),
        (
            "Аналитические",
            "Статистика посещений: помогает понять, какие страницы полезны, и\u{a0}улучшать сайт.",
        ),
        (
            "Рекламные",
            "Оценка рекламы и\u{a0}показ объявлений клиники на\u{a0}других сайтах.",
        ),
    ],
    units: [
        &["минута", "минуты", "минут"],
        &["час", "часа", "часов"],
        &["день", "дня", "дней"],
        &["год", "года", "лет"],
    ],
    plural: russian_plural,
    session: "до закрытия браузера",
    inn: "ИНН",
    ogrn: "ОГРН",
    held: "На\u{a0}страницах о\u{a0}заболеваниях и\u{a0}их лечении не\u{a0}запускаются никогда, что бы вы ни\u{a0}выбрали здесь.",
    changes: ChangeWords {
        lead: "Что изменилось с\u{a0}вашего прошлого согласия:",
        operator: "Новый оператор персональных данных: ",
        operator_details: "Изменились адрес, e-mail или реквизиты оператора",
        revision: "Новая редакция политики",
        revision_of: " от\u{a0}",
        policy_document: "Изменились адрес или текст политики",
        category_added: "Новая категория: ",
        category_removed: "Больше не используется категория: ",
        service_added: "Новый сервис: ",
        service_moved: "Сервис перенесён в\u{a0}другую категорию: ",
        service_changed: "Изменились поставщик или цели сервиса: ",
        service_removed: "Больше не используется сервис: ",
    },
    months: [
        "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
        "октября", "ноября", "декабря",
    ],
    year: "\u{a0}г.",
};

pub static EN: Words = Words {
    accept_all: "Accept all",
    decline: "Reject all",
    customise: "Customise",
    banner_title: "Cookies and your consent",
    banner_text: "uses cookies, pixels and web beacons. Necessary ones keep the site working. Visit statistics, advertising and widgets are switched on only with your consent, which you can change or withdraw at any time.",
    updated_title: "We have updated our privacy policy",
    policy_link: "Privacy policy",
    floating_button: "Cookie settings",
    no_cookies: "Your browser does not keep cookies, so your choice will apply to this page only.",
    preferences_title: "Cookie settings",
    preferences_text: "Choose what you consent to. Necessary cookies are always on: the site does not work without them. You can withdraw your consent here at any time.",
    save: "Save my choice",
    close: "Close",
    always_on: "Always on",
    abroad: "Data is transferred outside Russia",
    operator: "Data controller",
    data_collected: "With your consent the services receive cookie identifiers, your IP address, browser and device details, the pages you view and where you came from. You can withdraw consent here or by writing to",
    categories: [
        (
            "Necessary",
            "Remember your cookie choice and keep the site working. They cannot be switched off.",
        ),
        (
            "Functional",
            "Online chat, call-back, maps and videos from other companies.",
        ),
        (
            "Analytics",
            "Visit statistics that show which pages help and how to improve the site.",
        ),
        (
            "Advertising",
            "Measuring adverts and showing the clinic's adverts on other sites.",
        ),
    ],
    units: [
        &["minute", "minutes"],
        &["hour", "hours"],
        &["day", "days"],
        &["year", "years"],
    ],
    plural: english_plural,
    session: "until the browser is closed",
    inn: "INN",
    ogrn: "OGRN",
    held: "Never run on pages about illnesses and their treatment, whatever you choose here.",
    changes: ChangeWords {
        lead: "What has changed since you last agreed:",
        operator: "New data controller: ",
        operator_details: "The data controller's address, e-mail or registration details",
        revision: "New policy revision",
        revision_of: " of ",
        policy_document: "The policy's address or text",
        category_added: "New category: ",
        category_removed: "Category no longer used: ",
        service_added: "New service: ",
        service_moved: "Service moved to another category: ",
        service_changed: "New provider or purpose: ",
        service_removed: "Service no longer used: ",
    },
    months: [
        "January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October", "November", "December",
    ],
    year: "",
};

impl Words {
    /// A default category's built-in title and description.
    pub fn category(&self, id: &str) -> Option<(&'static str, &'static str)> {
        let i = crate::core::config::DEFAULT_CATEGORIES
            .iter()
            .position(|c| *c == id)?;
        Some(self.categories[i])
    }

    /// A policy revision written as a date (`2026-12-01`), in words: «1\u{a0}декабря 2026\u{a0}г.».
    pub fn date(&self, revision: &str) -> Option<String> {
        let mut parts = revision.splitn(3, '-');
        let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
        let number = |s: &str, len: usize| {
            (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse::<usize>().ok())
                .flatten()
        };
        let (month, day) = (number(month, 2)?, number(day, 2)?);
        number(year, 4)?;
        let name = self.months.get(month.checked_sub(1)?)?;
        (1..=31)
            .contains(&day)
            .then(|| format!("{day}\u{a0}{name} {year}{}", self.year))
    }

    /// How long a cookie lives, in words: «1 год», «2 года», «30 минут», «до закрытия браузера».
    pub fn lifetime(&self, lifetime: Lifetime) -> String {
        match lifetime {
            Lifetime::Session => self.session.to_string(),
            Lifetime::Span(n, unit) => {
                let forms = self.units[match unit {
                    Unit::Minutes => 0,
                    Unit::Hours => 1,
                    Unit::Days => 2,
                    Unit::Years => 3,
                }];
                let form = forms.get((self.plural)(n)).unwrap_or(&"");
                format!("{n}\u{a0}{form}")
            }
        }
    }
}

/// Index into `[one, few, many]`: Russian has three forms (1 год, 2 года, 5 лет, 21 год).
fn russian_plural(n: u32) -> usize {
    let (last, tens) = (n % 10, n % 100);
    if last == 1 && tens != 11 {
        0
    } else if (2..=4).contains(&last) && !(12..=14).contains(&tens) {
        1
    } else {
        2
    }
}

/// Index into `[one, many]`.
fn english_plural(n: u32) -> usize {
    usize::from(n != 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_language_follows_html_lang() {
        assert_eq!(Lang::resolve(Language::Auto, "en-GB"), Lang::En);
        assert_eq!(Lang::resolve(Language::Auto, " EN"), Lang::En);
        assert_eq!(Lang::resolve(Language::Auto, "ru"), Lang::Ru);
        assert_eq!(Lang::resolve(Language::Auto, ""), Lang::Ru);
        assert_eq!(Lang::resolve(Language::En, "ru"), Lang::En);
    }

    #[test]
    fn the_contract_buttons_are_exact() {
        // «е», not «ё»; plain spaces.
        assert_eq!(
            [RU.accept_all, RU.decline, RU.customise],
            ["Принять все", "Отклонить", "Настроить"]
        );
        assert_eq!(
            [EN.accept_all, EN.decline, EN.customise],
            ["Accept all", "Reject all", "Customise"]
        );
    }

    #[test]
    fn lifetimes_take_the_right_plural_form() {
        let span = |n, unit| RU.lifetime(Lifetime::Span(n, unit));
        assert_eq!(span(1, Unit::Years), "1\u{a0}год");
        assert_eq!(span(2, Unit::Years), "2\u{a0}года");
        assert_eq!(span(5, Unit::Years), "5\u{a0}лет");
        assert_eq!(span(11, Unit::Days), "11\u{a0}дней");
        assert_eq!(span(21, Unit::Days), "21\u{a0}день");
        assert_eq!(span(22, Unit::Minutes), "22\u{a0}минуты");
        assert_eq!(span(112, Unit::Hours), "112\u{a0}часов");
        assert_eq!(EN.lifetime(Lifetime::Span(1, Unit::Years)), "1\u{a0}year");
        assert_eq!(EN.lifetime(Lifetime::Span(2, Unit::Years)), "2\u{a0}years");
        assert_eq!(EN.lifetime(Lifetime::Span(21, Unit::Days)), "21\u{a0}days");
        assert_eq!(RU.lifetime(Lifetime::Session), "до закрытия браузера");
    }

    #[test]
    fn a_revision_that_is_a_date_is_said_as_one() {
        assert_eq!(
            RU.date("2026-12-01").as_deref(),
            Some("1\u{a0}декабря 2026\u{a0}г.")
        );
        assert_eq!(EN.date("2027-03-15").as_deref(), Some("15\u{a0}March 2027"));
        for not_a_date in [
            "3",
            "v2",
            "2026-13-01",
            "2026-12-00",
            "2026-12-1",
            "26-12-01",
            "2026-12-01x",
        ] {
            assert_eq!(RU.date(not_a_date), None, "{not_a_date}");
        }
    }

    #[test]
    fn every_default_category_has_words() {
        for lang in [Lang::Ru, Lang::En] {
            for id in crate::core::config::DEFAULT_CATEGORIES {
                let (title, description) = lang.words().category(id).unwrap();
                assert!(!title.is_empty() && description.ends_with('.'), "{id}");
            }
            assert_eq!(lang.words().category("video"), None);
        }
    }
}
