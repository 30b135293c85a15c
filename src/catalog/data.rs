//! Catalog entries. Sources for every host and cookie name: `SOURCES.md` (section numbers in
//! the comments refer to it). Order: analytics, ads, functional — the order the dialog uses.

use super::Entry;

pub const ENTRIES: &[Entry] = &[
    // §1
    Entry {
        id: "yandex_metrika",
        name: "Яндекс Метрика",
        provider: "ООО «Яндекс»",
        category: "analytics",
        purpose_ru: "Статистика посещений: какие страницы открывают, откуда приходят и как пользуются сайтом (карта кликов, Вебвизор).",
        purpose_en: "Visit statistics: which pages are viewed, where visitors come from and how the site is used (click map, Webvisor).",
        abroad: false,
        hosts: &[
            "mc.yandex.ru", "mc.yandex.com", "mc.yandex.az", "mc.yandex.by", "mc.yandex.co.il",
            "mc.yandex.com.am", "mc.yandex.com.ge", "mc.yandex.com.tr", "mc.yandex.ee",
            "mc.yandex.fr", "mc.yandex.kg", "mc.yandex.kz", "mc.yandex.lt", "mc.yandex.lv",
            "mc.yandex.md", "mc.yandex.tj", "mc.yandex.tm", "mc.yandex.uz", "mc.webvisor.org",
            "mc.webvisor.com", "yastatic.net/s3/metrika/",
            "cdn.jsdelivr.net/npm/yandex-metrica-watch/",
        ],
        // Lifetimes: yandex.ru/support/metrika/general/cookie-usage.html; _ym_uid/_ym_d also
        // yandex/metrica-tag src/utils/uid/uid.ts (365 days). Storage prefix: its localStorage.ts.
        cookies: &["_ym_uid@1y", "_ym_d@1y", "_ym_isad@2d", "_ym_visorc@30m", "_ym_*"],
        storage: &["_ym*"],
    },
    // §6
    Entry {
        id: "liveinternet",
        name: "LiveInternet",
        provider: "LiveInternet",
        category: "analytics",
        purpose_ru: "Счётчик посещений: число просмотров страниц и источники переходов.",
        purpose_en: "Visit counter: page views and referring sites.",
        abroad: false,
        hosts: &["yadro.ru", "liveinternet.ru/click"],
        cookies: &[],
        storage: &[],
    },
    // §7
    Entry {
        id: "rambler_top100",
        name: "Rambler Top-100",
        provider: "ООО «Рамблер Интернет Холдинг»",
        category: "analytics",
        purpose_ru: "Статистика посещений и рейтинг сайтов Top-100.",
        purpose_en: "Visit statistics and the Top-100 site rating.",
        abroad: false,
        hosts: &["st.top100.ru", "kraken.rambler.ru", "counter.rambler.ru"],
        // Names observed; no lifetime is published (SOURCES.md §7).
        cookies: &["top100_id", "t1_sid_*", "t2_sid_*", "t3_sid_*"],
        storage: &[],
    },
    // §8
    Entry {
        id: "google_analytics",
        name: "Google Analytics",
        provider: "Google LLC (США)",
        category: "analytics",
        purpose_ru: "Статистика посещений: просмотры страниц, источники переходов, действия на сайте.",
        purpose_en: "Visit statistics: page views, referrers and actions on the site.",
        abroad: true,
        hosts: &[
            // gtag.js serves every Google tag and the id says whose (developers.google.com/
            // tag-platform/gtagjs/configure): AW- is Google Ads (its more specific pattern in
            // that entry wins); every other form — G- (GA4), UA- (Universal Analytics), GT- (a
            // Google tag for any product), DC- (Floodlight), a renamed dataLayer
            // (`?l=…&id=…`) — is held here, as Analytics, rather than let through.
            "www.googletagmanager.com/gtag/js", "google-analytics.com", "analytics.google.com",
            "stats.g.doubleclick.net",
        ],
        // Lifetimes: support.google.com/analytics/answer/11397207 (_ga, _ga_*),
        // developers.google.com/analytics/resources/concepts/gaConceptsCookies (_gid, _gat,
        // _dc_gtm_), developers.google.com/tag-platform/security/concepts/cookies (FPID, FPLC).
        cookies: &[
            "_ga@2y", "_ga_*@2y", "_gid@24h", "_gat*@1m", "_dc_gtm_*@1m", "AMP_TOKEN", "__utm*",
            "FPID@2y", "FPLC@20h",
        ],
        storage: &[],
    },
    // §9
    Entry {
        id: "google_tag_manager",
        name: "Google Tag Manager",
        provider: "Google LLC (США)",
        category: "analytics",
        purpose_ru: "Загрузка счётчиков и рекламных тегов, настроенных в контейнере Google Tag Manager.",
        purpose_en: "Loads the counters and ad tags configured in a Google Tag Manager container.",
        abroad: true,
        hosts: &["www.googletagmanager.com/gtm.js", "www.googletagmanager.com/ns.html"],
        cookies: &[],
        storage: &[],
    },
    // §12
    Entry {
        id: "calltouch",
        name: "Calltouch",
        provider: "Calltouch",
        category: "analytics",
        purpose_ru: "Коллтрекинг: подменяет номер телефона на сайте, чтобы понять, после какой рекламы позвонили.",
        purpose_en: "Call tracking: swaps the phone number on the site to attribute calls to ads.",
        abroad: false,
        hosts: &["calltouch.ru"],
        cookies: &["_ct", "_ct_*", "call_s", "cted"],
        storage: &[],
    },
    // §13
    Entry {
        id: "roistat",
        name: "Roistat",
        provider: "Roistat",
        category: "analytics",
        purpose_ru: "Сквозная аналитика и коллтрекинг: связывает рекламу, звонки и заявки.",
        purpose_en: "End-to-end analytics and call tracking: links ads, calls and requests.",
        abroad: false,
        hosts: &["cloud.roistat.com", "collector.roistat.com"],
        // The init script writes the same roistat_* names to localStorage (SOURCES.md §13).
        cookies: &["roistat_*"],
        storage: &["roistat_*"],
    },
    // §14
    Entry {
        id: "comagic",
        name: "CoMagic / UIS",
        provider: "UIS (CoMagic)",
        category: "analytics",
        purpose_ru: "Коллтрекинг и аналитика обращений: звонки, заявки и чат связываются с источником визита.",
        purpose_en: "Call tracking and contact analytics: calls, forms and chats are linked to the visit source.",
        abroad: false,
        hosts: &["comagic.ru", "uiscom.ru"],
        cookies: &["_cmg_*", "_comagic_*"],
        storage: &[],
    },
    // §15
    Entry {
        id: "callibri",
        name: "Callibri",
        provider: "Callibri",
        category: "analytics",
        purpose_ru: "Коллтрекинг, онлайн-чат и формы обратной связи с привязкой к источнику визита.",
        purpose_en: "Call tracking, chat and callback forms linked to the visit source.",
        abroad: false,
        hosts: &["callibri.ru"],
        cookies: &[],
        storage: &["callibri", "callibri_phone"],
    },
    // §2: Direct has no site tag of its own; its measurement runs through Metrika.
    Entry {
        id: "yandex_direct",
        name: "Яндекс Директ",
        provider: "ООО «Яндекс»",
        category: "ads",
        purpose_ru: "Оценка эффективности рекламы в Яндекс Директе и показ рекламы посетителям сайта (ретаргетинг).",
        purpose_en: "Measuring Yandex Direct ads and showing ads to site visitors (retargeting).",
        abroad: false,
        hosts: &["an.yandex.ru", "bs.yandex.ru", "yandex.ru/ads/"],
        // Lifetime: the 90-day cookie in yandex.ru/support/metrica/data/get-yclid.html.
        cookies: &["yclid@90d"],
        storage: &[],
    },
    // §3: the Top@Mail.ru counter is the VK Ads pixel (§5 says why VK Реклама has no entry).
    Entry {
        id: "top_mail_ru",
        name: "Пиксель VK Рекламы (Top@Mail.ru)",
        provider: "ООО «ВК»",
        category: "ads",
        purpose_ru: "Измерение рекламы VK Рекламы и myTarget, показ рекламы посетителям сайта, статистика Top@Mail.ru.",
        purpose_en: "Measuring VK Ads and myTarget campaigns, retargeting, Top@Mail.ru statistics.",
        abroad: false,
        hosts: &["top-fwz1.mail.ru"],
        cookies: &["tmr_*"],
        storage: &["tmr_*"],
    },
    // §4
    Entry {
        id: "vk_pixel",
        name: "Пиксель ВКонтакте",
        provider: "ООО «В Контакте»",
        category: "ads",
        purpose_ru: "Ретаргетинг ВКонтакте: показ рекламы посетителям сайта в социальной сети.",
        purpose_en: "VK retargeting: showing ads to site visitors on the social network.",
        abroad: false,
        hosts: &[
            "vk.com/rtrg", "vk.ru/rtrg", "vk.com/js/api/openapi.js", "vk.ru/js/api/openapi.js",
            "userapi.com/js/api/openapi.js",
        ],
        cookies: &[],
        storage: &[],
    },
    // §10
    Entry {
        id: "google_ads",
        name: "Google Ads",
        provider: "Google LLC (США)",
        category: "ads",
        purpose_ru: "Измерение конверсий и ремаркетинг Google Ads.",
        purpose_en: "Google Ads conversion measurement and remarketing.",
        abroad: true,
        hosts: &[
            "www.googletagmanager.com/gtag/js?id=AW-", "googleadservices.com",
            "googleads.g.doubleclick.net", "td.doubleclick.net", "www.google.com/pagead/",
            "www.google.com/ccm/collect", "www.google.com/rmkt/collect", "www.google.com/ads/",
        ],
        // Lifetimes: developers.google.com/tag-platform/security/concepts/cookies
        cookies: &["_gcl_*@90d", "_gac_*@90d", "FPAU", "FPGCLAW", "FPGCLGB"],
        storage: &[],
    },
    // §11
    Entry {
        id: "meta_pixel",
        name: "Meta Pixel",
        provider: "Meta Platforms, Inc. (США)",
        category: "ads",
        purpose_ru: "Измерение рекламы и ретаргетинг в сервисах Meta.",
        purpose_en: "Ad measurement and retargeting on Meta services.",
        abroad: true,
        hosts: &["connect.facebook.net", "www.facebook.com/tr", "facebook.com/tr"],
        // Lifetimes: developers.facebook.com/docs/marketing-api/conversions-api/parameters/fbp-and-fbc
        cookies: &["_fbp@90d", "_fbc@90d"],
        storage: &[],
    },
    // §16
    Entry {
        id: "jivo",
        name: "Jivo",
        provider: "ООО «Живой Сайт»",
        category: "functional",
        purpose_ru: "Онлайн-чат с администратором клиники; запоминает переписку и просмотренные страницы.",
        purpose_en: "Live chat with the clinic's front desk; remembers the conversation and pages viewed.",
        abroad: false,
        hosts: &["jivo.ru", "jivosite.com"],
        cookies: &["jv_*"],
        storage: &[],
    },
    // §17
    Entry {
        id: "bitrix24",
        name: "Битрикс24",
        provider: "Битрикс24",
        category: "functional",
        purpose_ru: "Кнопка связи, обратный звонок и формы заявок; запоминает посетителя для CRM клиники.",
        purpose_en: "Contact button, callback and request forms; remembers the visitor for the clinic's CRM.",
        abroad: false,
        hosts: &[
            "cdn-ru.bitrix24.ru", "cdn.bitrix24.ru", "cdn.bitrix24.com", "cdn.bitrix24.by",
            "cdn.bitrix24.kz", "cdn.bitrix24.de", "cdn.bitrix24.eu", "bitrix.info",
        ],
        cookies: &["b24_*"],
        storage: &["b24_*"],
    },
    // §18
    Entry {
        id: "amocrm",
        name: "amoCRM",
        provider: "АО «амоЦРМ»",
        category: "functional",
        purpose_ru: "Кнопка связи с клиникой в мессенджерах и формы заявок.",
        purpose_en: "Messenger contact button and request forms.",
        abroad: false,
        hosts: &["gso.amocrm.ru", "forms.amocrm.ru", "amojo.amocrm.ru", "forms.amocrm.com"],
        cookies: &["amo-livechat-id"],
        storage: &[],
    },
    // §19
    Entry {
        id: "carrot_quest",
        name: "Carrot quest",
        provider: "Carrot quest",
        category: "functional",
        purpose_ru: "Онлайн-чат и автоматические сообщения; отслеживает действия посетителя на сайте.",
        purpose_en: "Live chat and automated messages; tracks the visitor's actions on the site.",
        abroad: false,
        hosts: &["carrotquest.app", "carrotquest.io"],
        cookies: &["carrotquest_*"],
        storage: &[],
    },
    // §20
    Entry {
        id: "yandex_maps",
        name: "Яндекс Карты",
        provider: "ООО «Яндекс»",
        category: "functional",
        purpose_ru: "Интерактивная карта со схемой проезда к клинике.",
        purpose_en: "Interactive map with directions to the clinic.",
        abroad: false,
        hosts: &["yandex.ru/map-widget/", "api-maps.yandex.ru"],
        cookies: &[],
        storage: &[],
    },
    // §21
    Entry {
        id: "youtube",
        name: "YouTube",
        provider: "Google LLC (США)",
        category: "functional",
        purpose_ru: "Встроенные видеоролики YouTube.",
        purpose_en: "Embedded YouTube videos.",
        abroad: true,
        hosts: &[
            "youtube.com/embed/", "youtube.com/iframe_api", "youtube-nocookie.com",
        ],
        cookies: &[],
        storage: &[],
    },
    // §22
    Entry {
        id: "rutube",
        name: "RUTUBE",
        provider: "ООО «Руформ»",
        category: "functional",
        purpose_ru: "Встроенные видеоролики RUTUBE.",
        purpose_en: "Embedded RUTUBE videos.",
        abroad: false,
        hosts: &[
            "rutube.ru/play/embed/", "rutube.ru/dbg/player_stat", "yast.rutube.ru",
            "a.rutube.ru", "ssp.rutube.ru",
        ],
        cookies: &[],
        storage: &[],
    },
    // §23
    Entry {
        id: "vk_video",
        name: "VK Видео",
        provider: "ООО «В Контакте»",
        category: "functional",
        purpose_ru: "Встроенные видеоролики VK Видео.",
        purpose_en: "Embedded VK Video clips.",
        abroad: false,
        hosts: &[
            "vkvideo.ru/video_ext.php", "vk.com/video_ext.php", "vk.ru/video_ext.php",
            "vk.com/js/api/videoplayer.js", "vk.com/videostats.php",
        ],
        cookies: &[],
        storage: &[],
    },
];
