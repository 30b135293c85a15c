//! The names a privacy policy calls each catalog service by, for `soglasie scan --policy`: a
//! policy that never names a tracker the site carries has not informed the visitor of it
//! (152-ФЗ ст. 9: consent is informed), which is the first thing an audit looks for.
//!
//! Policies name services loosely: «Яндекс.Метрика», «Яндекс Метрика», «Yandex Metrica»; the
//! ad networks by their older brands («Google Adwords», «MyTarget», «VK Target»). Matching
//! ignores case, «ё», spaces and punctuation ([`normalised`]), so each row lists spellings, not
//! punctuation variants, and stems where Russian declines the name («Яндекс Метрик» finds
//! «Яндекс.Метрики» and «Яндекс Метрикой»). A row names the service, never only its company
//! («ООО «Яндекс»» says who, not which of its counters) nor a bare common word («Директ» is
//! also the start of «директор»).

/// Spellings by catalog id, besides the entry's own `name`.
const NAMES: &[(&str, &[&str])] = &[
    (
        "yandex_metrika",
        &["Яндекс Метрик", "Yandex Metri", "Вебвизор"],
    ),
    ("liveinternet", &["LiveInternet", "Лайвинтернет"]),
    (
        "rambler_top100",
        &["Top-100", "Top100", "Рамблер Топ-100", "Rambler Top100"],
    ),
    ("google_analytics", &["Google Analytics", "Гугл Аналитикс"]),
    ("google_tag_manager", &["Google Tag Manager", "GTM"]),
    ("calltouch", &["Calltouch", "Коллтач"]),
    ("roistat", &["Roistat", "Ройстат"]),
    ("comagic", &["CoMagic", "Комеджик"]),
    ("callibri", &["Callibri", "Каллибри"]),
    ("yandex_direct", &["Яндекс Директ", "Yandex Direct"]),
    (
        "top_mail_ru",
        &[
            "Top@Mail.ru",
            "Top Mail.Ru",
            "Рейтинг@Mail.ru",
            "MyTarget",
            "VK Реклама",
            "VK Рекламы",
            "VK Ads",
        ],
    ),
    (
        "vk_pixel",
        &[
            "Пиксел ВКонтакте",
            "Пиксел VK",
            "VK Pixel",
            "VK Target",
            "Ретаргетинг ВКонтакте",
            "VK Retargeting",
        ],
    ),
    ("google_ads", &["Google Ads", "Google Adwords", "AdWords"]),
    (
        "meta_pixel",
        &[
            "Meta Pixel",
            "Facebook Pixel",
            "Пиксел Facebook",
            "Пиксел Meta",
        ],
    ),
    ("jivo", &["Jivo", "JivoSite", "Живосайт", "Jivo Chat"]),
    ("bitrix24", &["Битрикс24", "Bitrix24"]),
    ("amocrm", &["amoCRM", "амоЦРМ"]),
    ("carrot_quest", &["Carrot quest", "Carrot"]),
    ("yandex_maps", &["Яндекс Карт", "Yandex Maps"]),
    ("youtube", &["YouTube", "Ютуб"]),
    ("rutube", &["RUTUBE", "Рутуб"]),
    ("vk_video", &["VK Видео", "VK Video", "Видео ВКонтакте"]),
];

/// A text in the form names are compared in: lower case, «ё» as «е», only letters and digits.
pub fn normalised(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ё' { 'е' } else { c })
        .collect()
}

/// The spellings a policy may name catalog service `id` by (the entry's name first); empty for
/// an id that is not in the catalog.
pub fn names_of(id: &str) -> Vec<&'static str> {
    let own = super::find(id).map(|e| e.name);
    let more = NAMES
        .iter()
        .find(|(row, _)| *row == id)
        .map_or(&[][..], |(_, names)| names);
    own.into_iter().chain(more.iter().copied()).collect()
}

/// Whether a policy's text (already [`normalised`]) names catalog service `id`.
pub fn named_in(normalised_policy: &str, id: &str) -> bool {
    names_of(id)
        .iter()
        .any(|name| normalised_policy.contains(&normalised(name)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::ENTRIES;

    #[test]
    fn every_catalog_service_has_a_row_and_only_those() {
        for entry in ENTRIES {
            assert!(NAMES.iter().any(|(id, _)| *id == entry.id), "{}", entry.id);
        }
        for (id, names) in NAMES {
            assert!(crate::catalog::find(id).is_some(), "{id}");
            assert!(!names.is_empty(), "{id}");
        }
    }

    #[test]
    fn spellings_and_old_brands_name_the_service() {
        // The way a real clinic policy lists its ad networks (our own sentence, same names).
        let policy = normalised(
            "Сайт использует пиксели рекламных систем: Яндекс.Директ, Google AdWords, myTarget \
             и VK Target, а также счётчик Яндекс.Метрики.",
        );
        for id in [
            "yandex_direct",
            "google_ads",
            "top_mail_ru",
            "vk_pixel",
            "yandex_metrika",
        ] {
            assert!(named_in(&policy, id), "{id}");
        }
        let director = normalised("Генеральный директор ООО «Яндекс»");
        assert!(!named_in(&director, "yandex_direct"));
        for id in ["google_analytics", "liveinternet", "jivo", "calltouch"] {
            assert!(!named_in(&policy, id), "{id}");
        }
    }

    #[test]
    fn normalising_drops_case_yo_and_punctuation() {
        assert_eq!(normalised("Top@Mail.Ru"), "topmailru");
        assert_eq!(
            normalised("Счётчик  Яндекс.Метрики"),
            "счетчикяндексметрики"
        );
        assert!(names_of("nope").is_empty());
        assert_eq!(names_of("jivo").first(), Some(&"Jivo"));
    }
}
