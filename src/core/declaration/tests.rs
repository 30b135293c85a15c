use super::*;
use crate::catalog::{self, ENTRIES};
use crate::core::config::Config;
use scraper::{ElementRef, Html, Selector};

const OPERATOR: &str = r#""operator": {"name": "ООО «Клиника»", "address": "Москва", "email": "a@b.ru", "inn": "7700000000"},
    "policy": {"url": "/privacy.html", "revision": "2026-11-01"}"#;

fn config(rest: &str) -> Config {
    let text = format!("{{{OPERATOR}, {rest}}}");
    Config::from_json(&text).unwrap_or_else(|e| panic!("{e:?}"))
}

fn html_of(config: &Config, lang: Lang) -> String {
    html::section(&Declaration::of(config, lang, None), None).into_string()
}

/// What a reader reads: the text, each block and cell apart, whitespace of any kind as one
/// space.
fn words_of_html(html: &str) -> String {
    fn read(element: ElementRef, out: &mut String) {
        for child in element.children() {
            if let Some(text) = child.value().as_text() {
                out.push_str(text);
            } else if let Some(child) = ElementRef::wrap(child) {
                read(child, out);
            }
        }
        if ["p", "h2", "h3", "th", "td", "button"].contains(&element.value().name()) {
            out.push(' ');
        }
    }
    let mut out = String::new();
    read(Html::parse_fragment(html).root_element(), &mut out);
    squeeze(&out)
}

/// The Markdown as a static-site generator renders it (CommonMark with tables).
fn read_back(markdown: &str) -> String {
    use pulldown_cmark::{html::push_html, Options, Parser};
    let mut html = String::new();
    push_html(&mut html, Parser::new_ext(markdown, Options::ENABLE_TABLES));
    html
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_catalog_service_is_declared_with_every_catalog_fact() {
    let ids: Vec<String> = ENTRIES.iter().map(|e| format!("\"{}\"", e.id)).collect();
    let c = config(&format!(r#""services": [{}]"#, ids.join(", ")));
    let d = Declaration::of(&c, Lang::Ru, None);
    let html = html::section(&d, None).into_string();
    let page = Html::parse_fragment(&html);
    let rows = Selector::parse("tbody tr").unwrap();
    let cell = Selector::parse("th, td").unwrap();
    for entry in ENTRIES {
        let row = page
            .select(&rows)
            .find(|r| {
                r.select(&cell)
                    .next()
                    .is_some_and(|th| th.text().collect::<String>() == entry.name)
            })
            .unwrap_or_else(|| panic!("no row for {}", entry.id));
        let cells: Vec<String> = row
            .select(&cell)
            .map(|c| squeeze(&c.text().collect::<String>()))
            .collect();
        assert_eq!(cells.len(), 6, "{}", entry.id);
        assert_eq!(cells[1], entry.provider, "{}", entry.id);
        assert_eq!(cells[2], squeeze(entry.purpose_ru), "{}", entry.id);
        for spec in entry.cookies {
            let (name, life) = catalog::split_lifetime(spec);
            let said = match life.and_then(catalog::parse_lifetime) {
                Some(life) => format!("{name} ({})", squeeze(&Lang::Ru.words().lifetime(life))),
                None => name.to_string(),
            };
            assert!(
                cells[3].contains(&said),
                "{}: {said} in {}",
                entry.id,
                cells[3]
            );
        }
        for key in entry.storage {
            assert!(cells[3].contains(key), "{}: {key}", entry.id);
        }
        if entry.cookies.is_empty() && entry.storage.is_empty() {
            assert_eq!(cells[3], "Ничего на домене сайта", "{}", entry.id);
        }
        for host in entry.hosts {
            assert!(cells[4].contains(host), "{}: {host}", entry.id);
        }
        assert_eq!(
            cells[5],
            if entry.abroad { "Да" } else { "Нет" },
            "{}",
            entry.id
        );
        // Under its category's heading.
        let category = d
            .categories
            .iter()
            .find(|c| c.rows.iter().any(|r| r.name == entry.name))
            .map(|c| c.id.as_str());
        assert_eq!(category, Some(entry.category), "{}", entry.id);
    }
}

#[test]
fn a_sites_own_service_is_declared_with_its_own_facts() {
    let c = config(
        r#""services": [{"id": "booking", "name": "Онлайн-запись", "provider": "ООО «Запись»",
            "purpose": "Запись на приём", "category": "functional", "abroad": true,
            "hosts": ["booking.example.ru"], "cookies": ["bk_session@session", "bk_*@30d"],
            "storage": ["bk_state"]},
            {"id": "counter", "name": "Счётчик", "provider": "ООО «Клиника»",
            "purpose": "Подсчёт визитов", "category": "analytics"}]"#,
    );
    let text = words_of_html(&html_of(&c, Lang::Ru));
    assert!(
        text.contains(
            "Онлайн-запись ООО «Запись» Запись на приём cookie bk_session (до закрытия браузера), \
             bk_* (30 дней); локальное хранилище bk_state booking.example.ru Да"
        ),
        "{text}"
    );
    // No hosts named: the section does not guess where it loads from.
    assert!(
        text.contains(
            "Счётчик ООО «Клиника» Подсчёт визитов Ничего на домене сайта не указано Нет"
        ),
        "{text}"
    );
}

#[test]
fn optional_categories_are_off_until_allowed_and_the_choice_cookie_is_declared() {
    let c = config(r#""services": ["yandex_metrika"], "cookie": {"maxAgeDays": 180}"#);
    let d = Declaration::of(&c, Lang::Ru, None);
    let about = |id: &str| {
        let c = d.categories.iter().find(|c| c.id == id).unwrap();
        c.about.iter().map(|p| plain(p)).collect::<Vec<_>>()
    };
    assert!(about("necessary")
        .contains(&"Работают всегда: согласие на\u{a0}них не\u{a0}спрашивается.".to_string()));
    for id in ["functional", "analytics", "ads"] {
        assert!(
            about(id).contains(&"Выключены, пока вы их не\u{a0}разрешите.".to_string()),
            "{id}"
        );
    }
    let text = words_of_html(&html::section(&d, None).into_string());
    assert!(text.contains("Ваш выбор о cookie ООО «Клиника»"), "{text}");
    assert!(
        text.contains(
            "cookie soglasie (180 дней); локальное хранилище soglasie.record сам сайт Нет"
        ),
        "{text}"
    );
    assert!(
        text.contains("Ваш выбор хранится в cookie soglasie на домене сайта 180 дней."),
        "{text}"
    );
    assert!(text.contains("хэш политики"), "{text}");
    assert!(
        text.contains("статья 9 Федерального закона от 27.07.2006 № 152-ФЗ"),
        "{text}"
    );
    assert!(text.contains("Редакция от 1 ноября 2026 г."), "{text}");
    assert!(
        text.contains("Оператор персональных данных: ООО «Клиника», ИНН 7700000000, Москва."),
        "{text}"
    );
    // A year's cookie is said in years.
    let year = words_of_html(&html_of(&config(r#""services": []"#), Lang::Ru));
    assert!(year.contains("на домене сайта 1 год."), "{year}");
    // A category without services says so instead of an empty table.
    assert!(
        text.contains("Сейчас на сайте нет сервисов этой категории."),
        "{text}"
    );
}

#[test]
fn pages_about_illnesses_say_what_never_runs_there() {
    let c = config(
        r#""services": ["yandex_metrika", "vk_pixel"],
           "sensitive": {"paths": ["/hiv/*"], "hold": ["ads", "analytics"]}"#,
    );
    let d = Declaration::of(&c, Lang::Ru, None);
    let held: Vec<&str> = d
        .categories
        .iter()
        .filter(|c| {
            c.about
                .iter()
                .any(|p| plain(p).starts_with("При открытии страниц о\u{a0}заболеваниях"))
        })
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(held, ["analytics", "ads"]);
    let text = words_of_html(&html::section(&d, None).into_string());
    assert!(
        text.contains(
            "сервисы категорий «Аналитические», «Рекламные» не запускаются, что бы вы ни выбрали."
        ),
        "{text}"
    );
    // One held category is said in the singular; English has its own quotes.
    let one = config(r#""services": ["vk_pixel"], "sensitive": {"paths": ["/hiv/*"]}"#);
    let text = words_of_html(&html_of(&one, Lang::Ru));
    assert!(
        text.contains("сервисы категории «Рекламные» не запускаются"),
        "{text}"
    );
    let text = words_of_html(&html_of(&one, Lang::En));
    assert!(
        text.contains("the services of the category \u{201c}Advertising\u{201d} do not start"),
        "{text}"
    );
    // Without `sensitive`, nothing is said about such pages.
    let plain_site = words_of_html(&html_of(&config(r#""services": ["vk_pixel"]"#), Lang::Ru));
    assert!(!plain_site.contains("заболевани"), "{plain_site}");
}

#[test]
fn receipts_are_declared_with_how_long_they_are_kept() {
    let c =
        config(r#""services": [], "receipts": {"endpoint": "/v1/receipts", "retention": "3y"}"#);
    let text = words_of_html(&html_of(&c, Lang::Ru));
    assert!(text.contains("Подтверждение согласия"), "{text}");
    // Their queue is among what soglasie keeps on the device.
    assert!(
        text.contains("локальное хранилище soglasie.record, soglasie.receipts сам сайт"),
        "{text}"
    );
    assert!(text.contains("ни имени, ни IP-адреса"), "{text}");
    assert!(
        text.contains("Записи хранятся 3 года, затем удаляются."),
        "{text}"
    );
    // The command line's --retention says it instead.
    let d = Declaration::of(&c, Lang::Ru, config::retention_of("1095d"));
    let text = words_of_html(&html::section(&d, None).into_string());
    assert!(
        text.contains("Записи хранятся 1095 дней, затем удаляются."),
        "{text}"
    );
    // Without a retention, no length is claimed; without receipts, no section.
    let c = config(r#""services": [], "receipts": {"endpoint": "/v1/receipts"}"#);
    assert!(!words_of_html(&html_of(&c, Lang::Ru)).contains("Записи хранятся"));
    assert!(
        !words_of_html(&html_of(&config(r#""services": []"#), Lang::Ru)).contains("Подтверждение")
    );
}

#[test]
fn a_retention_is_days_or_years() {
    for good in ["3y", "1095d"] {
        assert!(config::retention_of(good).is_some(), "{good}");
    }
    for bad in ["3", "session", "30m", "12h", "-3y", "y"] {
        assert!(config::retention_of(bad).is_none(), "{bad}");
    }
    let errors = Config::from_json(&format!(
        r#"{{{OPERATOR}, "services": [], "receipts": {{"endpoint": "/r", "retention": "forever"}}}}"#
    ))
    .unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].path, "config.receipts.retention");
}

#[test]
fn the_html_is_well_formed_semantic_and_script_free() {
    let c = config(
        r#""services": ["yandex_metrika", "google_analytics", "jivo"],
           "sensitive": {"paths": ["/hiv/*"]}, "receipts": {"endpoint": "/r", "retention": "3y"}"#,
    );
    let html = html_of(&c, Lang::Ru);
    let page = Html::parse_fragment(&html);
    // The parser changed nothing: no element was implied or closed early, no text moved.
    // (The fragment's own root is not in the source.)
    let elements = page
        .root_element()
        .descendants()
        .skip(1)
        .filter(|n| n.value().is_element())
        .count();
    assert_eq!(
        elements,
        html.matches('<').count() - html.matches("</").count()
    );
    let ids: Vec<&str> = page
        .select(&Selector::parse("[id]").unwrap())
        .map(|e| e.value().id().unwrap_or(""))
        .collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(ids.len(), unique.len(), "{ids:?}");
    for id in [
        "sg-cookies",
        "sg-category-necessary",
        "sg-category-analytics",
        "sg-consent-cookie",
        "sg-sensitive",
        "sg-receipts",
        "sg-change",
    ] {
        assert!(ids.contains(&id), "{id}: {ids:?}");
    }
    // Every heading has an id; one table per category with services, each row as wide as
    // its head.
    for heading in page.select(&Selector::parse("h2, h3").unwrap()) {
        assert!(
            heading.value().id().is_some_and(|id| id.starts_with("sg-")),
            "{}",
            heading.html()
        );
    }
    let tables: Vec<_> = page.select(&Selector::parse("table").unwrap()).collect();
    assert_eq!(
        tables.len(),
        3,
        "necessary (the choice's cookie), functional, analytics"
    );
    for table in tables {
        let labelled = table.value().attr("aria-labelledby").unwrap_or("");
        assert!(labelled.starts_with("sg-category-") && ids.contains(&labelled));
        // In a region named the same, reachable by keyboard when a site lets it scroll.
        let region = table
            .parent()
            .and_then(ElementRef::wrap)
            .map(|e| e.value().clone());
        let region = region.expect("the table's box");
        assert_eq!(
            (
                region.attr("class"),
                region.attr("role"),
                region.attr("aria-labelledby"),
                region.attr("tabindex")
            ),
            (Some("sg-table"), Some("region"), Some(labelled), Some("0"))
        );
        let width = table.select(&Selector::parse("thead th").unwrap()).count();
        for row in table.select(&Selector::parse("tbody tr").unwrap()) {
            assert_eq!(
                row.select(&Selector::parse("th, td").unwrap()).count(),
                width
            );
        }
    }
    for forbidden in ["<script", "style=", "<style", "onclick", " on"] {
        assert!(!html.contains(forbidden), "{forbidden}");
    }
    for element in page.select(&Selector::parse("[class]").unwrap()) {
        for class in element.value().classes() {
            assert!(class.starts_with("sg-"), "{class}");
        }
    }
    let button = page
        .select(&Selector::parse("button[data-soglasie-open=preferences]").unwrap())
        .next()
        .map(|b| b.text().collect::<String>());
    assert_eq!(button.as_deref(), Some("Изменить настройки"));
}

#[test]
fn markdown_and_html_say_the_same() {
    let c = config(
        r#""services": ["yandex_metrika", "top_mail_ru", "google_analytics", "yandex_maps",
             {"id": "own", "name": "Свой *счётчик* | [1]", "provider": "ООО <Своё> & Co",
              "purpose": "Счёт_визитов \\ `код`", "category": "analytics", "hosts": ["own.example.ru/a|b"]}],
           "sensitive": {"paths": ["/hiv/*"]}, "receipts": {"endpoint": "/r", "retention": "3y"}"#,
    );
    for lang in [Lang::Ru, Lang::En] {
        let d = Declaration::of(&c, lang, None);
        let html = words_of_html(&html::section(&d, None).into_string());
        let markdown = markdown::section(&d);
        let said = words_of_html(&read_back(&markdown));
        let same = said
            .chars()
            .zip(html.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let at = |s: &str| {
            s.chars()
                .skip(same.saturating_sub(40))
                .take(120)
                .collect::<String>()
        };
        assert_eq!(
            said,
            html,
            "Markdown: …{}…\nHTML: …{}…",
            at(&said),
            at(&html)
        );
        // A site's text is escaped, not read as Markdown.
        assert!(
            markdown.contains(r"Свой \*счётчик\* \| \[1\]"),
            "{markdown}"
        );
        assert!(markdown.contains(r"ООО \<Своё\> \& Co"), "{markdown}");
        assert!(markdown.contains("`_ym_uid` (1\u{a0}"), "{markdown}");
        // One table per category with services, rows as wide as the head.
        let rules = markdown.lines().filter(|l| l.starts_with("|---")).count();
        assert_eq!(rules, 4, "{markdown}");
        for line in markdown.lines().filter(|l| l.starts_with("| ")) {
            let cells = line.replace(r"\|", "").matches('|').count();
            assert_eq!(cells, 7, "{line}");
        }
    }
}

#[test]
fn the_markdown_reads_back_as_the_same_section_whatever_the_sites_text() {
    // Site texts that would be Markdown syntax at the start of a line, or break one.
    let text = r#"{"operator": {"name": "1. ООО «Клиника»", "address": "- Москва", "email": "a@b.ru"},
            "policy": {"url": "/privacy.html", "revision": "= 7"},
            "categories": ["analytics", {"id": "video", "title": "Видео\n---", "description": "+ ролики\nи *ещё*"}],
            "services": ["yandex_metrika", {"id": "own", "name": "Свой | [1]", "provider": "ООО <Своё> & Co",
              "purpose": "Строка 1\nСтрока 2 | `код`", "category": "video", "cookies": ["a|b@1d"]}],
            "receipts": {"endpoint": "/r", "retention": "3y"}}"#;
    let c = Config::from_json(text).unwrap_or_else(|e| panic!("{e:?}"));
    for lang in [Lang::Ru, Lang::En] {
        let d = Declaration::of(&c, lang, None);
        let markdown = markdown::section(&d);
        let read_back = read_back(&markdown);
        let page = Html::parse_fragment(&read_back);
        let count = |selector: &str| page.select(&Selector::parse(selector).unwrap()).count();
        assert_eq!(
            words_of_html(&read_back),
            words_of_html(&html::section(&d, None).into_string())
        );
        assert_eq!(count("h2"), 1);
        assert_eq!(count("h3"), d.categories.len() + d.sections.len());
        assert_eq!(
            count("table"),
            d.categories.iter().filter(|c| !c.rows.is_empty()).count()
        );
        assert_eq!(
            count("ol, ul, li, hr, h1, h4, em, strong, a, img"),
            0,
            "{read_back}"
        );
        assert_eq!(count("button[data-soglasie-open=preferences]"), 1);
    }
}

#[test]
fn language_en_is_said_in_english_with_the_catalogs_english_purposes() {
    let c = config(r#""language": "en", "services": ["yandex_metrika"]"#);
    let text = words_of_html(&html_of(&c, Lang::En));
    let metrika = crate::catalog::find("yandex_metrika").unwrap();
    assert!(
        text.starts_with("Cookies and third-party services Revision of 1 November 2026"),
        "{text}"
    );
    assert!(text.contains(&squeeze(metrika.purpose_en)), "{text}");
    assert!(
        text.contains("Article 9 of Federal Law No. 152-FZ"),
        "{text}"
    );
    assert!(html_of(&c, Lang::En).contains(r#"lang="en""#));
    assert!(!text.contains("Выключены"), "{text}");
}

#[test]
fn a_sites_text_is_escaped() {
    let c = config(
        r#""services": [{"id": "own", "name": "<img src=x onerror=alert(1)>", "provider": "P", "purpose": "Q", "category": "analytics"}]"#,
    );
    let html = html_of(&c, Lang::Ru);
    assert!(!html.contains("<img"), "{html}");
    assert!(
        html.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "{html}"
    );
}

#[test]
fn the_live_section_adds_the_choice_and_the_consent() {
    let c = config(r#""services": ["yandex_metrika", "vk_pixel"]"#);
    let mut engine = Engine::new(c, "", 0);
    let d = Declaration::of(&engine.config, Lang::Ru, None);
    let live = Live::of(&engine, Lang::Ru);
    assert_eq!(
        live.choice("analytics"),
        Some("Ваш выбор: не\u{a0}разрешены.")
    );
    assert_eq!(live.choice("necessary"), None);
    assert_eq!(
        live.consent,
        "Вы ещё не\u{a0}сделали выбор: работают только необходимые cookie."
    );
    engine.decide(vec!["analytics".into()], 1_796_554_800, &[7; 16]);
    let live = Live::of(&engine, Lang::Ru);
    assert_eq!(live.choice("analytics"), Some("Ваш выбор: разрешены."));
    assert_eq!(live.choice("ads"), Some("Ваш выбор: не\u{a0}разрешены."));
    let id = engine.consent().id.unwrap();
    assert_eq!(
        live.consent,
        format!(
            "Ваш выбор сделан 6\u{a0}декабря 2026\u{a0}г. в\u{a0}11:00 UTC, номер согласия: {id}."
        )
    );
    // The live section is the written one plus its `sg-live` lines.
    let written = html::section(&d, None).into_string();
    let shown = html::section(&d, Some(&live)).into_string();
    let mut without = shown.clone();
    let mut live_lines = 0;
    while let Some(start) = without.find(r#"<p class="sg-live"#) {
        let end = start + without[start..].find("</p>").map_or(0, |e| e + 4);
        without.replace_range(start..end, "");
        live_lines += 1;
    }
    assert_eq!(live_lines, 4, "functional, analytics, ads, the consent");
    assert_eq!(without, written);
}
