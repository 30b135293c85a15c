//! The dialog's HTML, built as text from the config.
//!
//! Every config string goes through [`escape`]: site texts are plain text, never HTML, and the
//! only link target (the policy URL) was checked to be `http(s)` or relative when the config
//! was read. Interactive elements carry `data-action`, which the browser layer dispatches on.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::catalog::{parse_lifetime, split_lifetime};
use crate::core::config::{Category, Service};
use crate::core::decision::Engine;
use crate::core::details::Details;
use crate::core::texts::{self, category_default, Lang, TextKey};

/// Appends `s` escaped for HTML text and double-quoted attribute values.
pub fn escape(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // NUL separates the records the loader reads (core::session::SEP); HTML parsers
            // turn it into U+FFFD anyway.
            '\0' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
}

/// What the markup is written in: the language, and the dialog's wording once it loaded.
#[derive(Clone, Copy)]
pub struct Words<'a> {
    pub lang: Lang,
    pub details: Option<&'a Details>,
}

impl Words<'_> {
    /// The banner needs no wording file.
    pub fn banner(lang: Lang) -> Words<'static> {
        Words {
            lang,
            details: None,
        }
    }
}

fn text_of(out: &mut String, engine: &Engine, key: TextKey, words: Words) {
    escape(
        out,
        texts::text(&engine.config, key, words.lang, words.details),
    );
}

fn policy_link(out: &mut String, engine: &Engine, words: Words) {
    out.push_str("<a href=\"");
    escape(out, &engine.config.policy.url);
    out.push_str("\">");
    text_of(out, engine, TextKey::PolicyLink, words);
    out.push_str("</a>");
}

/// Accept and decline share one look: rejecting is exactly as easy as accepting.
fn decision_buttons(out: &mut String, lang: Lang, third: (&str, &str)) {
    out.push_str("<div class=\"actions\"><button type=\"button\" data-action=\"accept\">");
    out.push_str(texts::accept_all(lang));
    out.push_str("</button><button type=\"button\" data-action=\"decline\">");
    out.push_str(texts::decline(lang));
    out.push_str("</button><button type=\"button\" data-action=\"");
    out.push_str(third.0);
    out.push_str("\">");
    escape(out, third.1);
    out.push_str("</button></div>");
}

/// The first-visit banner: a non-modal region that leaves the page readable. When the browser
/// keeps no cookies, it says once that the choice will last for this page only.
pub fn banner(s: &mut String, engine: &Engine, lang: Lang, cookies_blocked: bool) {
    let words = Words::banner(lang);
    s.push_str("<section class=\"banner\" role=\"region\" aria-labelledby=\"sg-title\" aria-describedby=\"sg-text\" lang=\"");
    s.push_str(lang.code());
    s.push_str("\"><h2 id=\"sg-title\">");
    let title = if engine.policy_changed {
        TextKey::UpdatedTitle
    } else {
        TextKey::BannerTitle
    };
    text_of(s, engine, title, words);
    s.push_str("</h2><p id=\"sg-text\">");
    if engine.config.text(TextKey::BannerText).is_none() {
        escape(s, &engine.config.operator.name);
        s.push(' ');
    }
    text_of(s, engine, TextKey::BannerText, words);
    s.push(' ');
    policy_link(s, engine, words);
    s.push_str("</p>");
    if cookies_blocked {
        s.push_str("<p class=\"note\">");
        text_of(s, engine, TextKey::NoCookies, words);
        s.push_str("</p>");
    }
    decision_buttons(s, lang, ("customize", texts::customise(lang)));
    s.push_str("</section>");
}

/// The preferences dialog: every category with its purpose and, under it, every service.
/// Optional categories start unticked unless the visitor allowed them. Without `details`
/// (the wording file could not be loaded) it still works: titles, switches and the mark of
/// data leaving Russia are built in; services are then named by id.
pub fn preferences(s: &mut String, engine: &Engine, words: Words) {
    s.push_str(
        "<dialog class=\"prefs\" aria-modal=\"true\" aria-labelledby=\"sp-title\" aria-describedby=\"sp-text\" lang=\"",
    );
    s.push_str(words.lang.code());
    s.push_str("\"><div class=\"head\"><h2 id=\"sp-title\">");
    text_of(s, engine, TextKey::PreferencesTitle, words);
    s.push_str("</h2><button type=\"button\" class=\"close\" data-action=\"close\" aria-label=\"");
    text_of(s, engine, TextKey::Close, words);
    s.push_str("\">×</button></div><div class=\"body\"><p id=\"sp-text\">");
    text_of(s, engine, TextKey::PreferencesText, words);
    s.push(' ');
    policy_link(s, engine, words);
    s.push_str("</p><ul class=\"cats\">");
    for category in &engine.config.categories {
        category_item(s, engine, category, words);
    }
    s.push_str("</ul>");
    operator(s, engine, words);
    s.push_str("</div>");
    let save = texts::text(&engine.config, TextKey::Save, words.lang, words.details);
    decision_buttons(s, words.lang, ("save", save));
    s.push_str("</dialog>");
}

/// Who the operator is and how else to withdraw (152-ФЗ ст. 9: consent names the operator).
fn operator(s: &mut String, engine: &Engine, words: Words) {
    let op = &engine.config.operator;
    s.push_str("<p class=\"operator\">");
    text_of(s, engine, TextKey::DataCollected, words);
    s.push(' ');
    escape(s, &op.email);
    s.push_str(". ");
    text_of(s, engine, TextKey::Operator, words);
    s.push_str(": ");
    escape(s, &op.name);
    for (label, value) in &[("ИНН", &op.inn), ("ОГРН", &op.ogrn)] {
        if let Some(v) = value {
            s.push_str(", ");
            s.push_str(label);
            s.push('\u{a0}');
            escape(s, v);
        }
    }
    s.push_str(", ");
    escape(s, &op.address);
    s.push_str(".</p>");
}

fn category_item(s: &mut String, engine: &Engine, category: &Category, words: Words) {
    let defaults = category_default(&category.id, words.lang, words.details);
    let title = category
        .title
        .as_deref()
        .or(defaults.map(|d| d.0))
        .unwrap_or(&category.id);
    let description = category
        .description
        .as_deref()
        .or(defaults.and_then(|d| d.1))
        .filter(|d| !d.is_empty());
    let necessary = category.is_necessary();
    s.push_str("<li class=\"cat\"><div class=\"cat-head\"><label><input type=\"checkbox\" role=\"switch\" name=\"category\" id=\"c-");
    s.push_str(&category.id);
    s.push_str("\" value=\"");
    s.push_str(&category.id);
    s.push('"');
    if description.is_some() {
        s.push_str(" aria-describedby=\"d-");
        s.push_str(&category.id);
        s.push('"');
    }
    if necessary {
        s.push_str(" checked disabled");
    } else if engine.decided() && engine.allows(&category.id) {
        s.push_str(" checked");
    }
    s.push_str("><span>");
    escape(s, title);
    s.push_str("</span></label>");
    if necessary {
        s.push_str("<span class=\"always\">");
        text_of(s, engine, TextKey::AlwaysOn, words);
        s.push_str("</span>");
    }
    s.push_str("</div>");
    if let Some(d) = description {
        s.push_str("<p class=\"desc\" id=\"d-");
        s.push_str(&category.id);
        s.push_str("\">");
        escape(s, d);
        s.push_str("</p>");
    }
    let mut listed = false;
    for svc in engine
        .config
        .services
        .iter()
        .filter(|svc| svc.category == category.id)
    {
        if !listed {
            s.push_str("<ul class=\"services\">");
            listed = true;
        }
        service_item(s, engine, svc, words);
    }
    if listed {
        s.push_str("</ul>");
    }
    s.push_str("</li>");
}

/// A service's name, provider and purpose: the config's own words, else the catalog's.
pub fn service_wording<'a>(svc: &'a Service, words: Words<'a>) -> [&'a str; 3] {
    let catalog = match (svc.entry, words.details) {
        (Some(entry), Some(details)) => details.entry(entry, words.lang),
        _ => [svc.id.as_str(), "", ""],
    };
    [
        svc.name.as_deref().unwrap_or(catalog[0]),
        svc.provider.as_deref().unwrap_or(catalog[1]),
        // A rewritten purpose has no reviewed English twin: it is shown as written.
        svc.purpose.as_deref().unwrap_or(catalog[2]),
    ]
}

fn service_item(s: &mut String, engine: &Engine, svc: &Service, words: Words) {
    let [name, provider, purpose] = service_wording(svc, words);
    s.push_str("<li><b>");
    escape(s, name);
    s.push_str("</b>");
    if !provider.is_empty() {
        s.push_str(" — ");
        escape(s, provider);
    }
    if !purpose.is_empty() {
        s.push_str(". ");
        escape(s, purpose);
    }
    if !svc.cookies.is_empty() {
        s.push_str(" <span class=\"cookies\">Cookie: ");
        for (i, spec) in svc.cookies.iter().enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            let (name, lifetime) = split_lifetime(spec);
            escape(s, name);
            if let Some(lifetime) = lifetime.and_then(parse_lifetime) {
                s.push_str(" (");
                texts::push_lifetime(s, lifetime, words.lang);
                s.push(')');
            }
        }
        s.push_str("</span>");
    }
    if svc.abroad {
        s.push_str(" <strong class=\"abroad\">");
        text_of(s, engine, TextKey::Abroad, words);
        s.push_str("</strong>");
    }
    s.push_str("</li>");
}

/// The small re-open control shown after a decision.
pub fn reopen_button(s: &mut String, engine: &Engine, lang: Lang) {
    s.push_str("<button type=\"button\" class=\"reopen\" data-action=\"customize\" lang=\"");
    s.push_str(lang.code());
    s.push_str("\">");
    text_of(s, engine, TextKey::FloatingButton, Words::banner(lang));
    s.push_str("</button>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::config::Config;

    fn words(lang: Lang) -> Words<'static> {
        Words {
            lang,
            details: Some(Box::leak(Box::new(Details::builtin()))),
        }
    }

    fn banner_html(engine: &Engine, lang: Lang, cookies_blocked: bool) -> String {
        let mut html = String::new();
        banner(&mut html, engine, lang, cookies_blocked);
        html
    }

    fn preferences_html(engine: &Engine, words: Words) -> String {
        let mut html = String::new();
        preferences(&mut html, engine, words);
        html
    }

    fn engine(extra: &str) -> Engine {
        let text = format!(
            r#"{{"operator": {{"name": "ООО «Клиника»", "address": "Москва", "email": "a@b.ru"}},
                "policy": {{"url": "/privacy.html", "revision": "1"}},
                "services": ["yandex_metrika", "google_analytics", "vk_pixel"]{extra}}}"#
        );
        Engine::new(Config::from_json(&text).unwrap(), "", 0)
    }

    #[test]
    fn banner_has_the_three_contract_buttons_and_names_the_operator() {
        let html = banner_html(&engine(""), Lang::Ru, false);
        for label in [">Принять все<", ">Отклонить<", ">Настроить<"] {
            assert_eq!(html.matches(label).count(), 1, "{label}");
        }
        assert!(html.contains("ООО «Клиника» использует cookie"));
        assert!(html.contains("<a href=\"/privacy.html\">"));
        assert!(html.contains("role=\"region\""));
        let en = banner_html(&engine(""), Lang::En, false);
        assert!(en.contains(">Accept all<") && en.contains(">Reject all<"));
    }

    #[test]
    fn hostile_texts_are_inert() {
        let e = engine(
            r#", "texts": {"bannerTitle": "<img src=x onerror=alert(1)>", "policyLink": "\"><script>"}"#,
        );
        let html = banner_html(&e, Lang::Ru, false);
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assert!(html.contains("&quot;&gt;&lt;script&gt;"));
        assert!(!html.contains("<img") && !html.contains("<script"));
    }

    #[test]
    fn preferences_list_every_category_and_service_with_nothing_pre_ticked() {
        let html = preferences_html(&engine(""), words(Lang::Ru));
        for title in [
            "Необходимые",
            "Функциональные",
            "Аналитические",
            "Рекламные",
        ] {
            assert!(html.contains(title), "{title}");
        }
        for name in [
            "Яндекс Метрика",
            "Google Analytics",
            "ООО «Яндекс»",
            "Cookie: _ym_uid (1\u{a0}год), _ym_d (1\u{a0}год), _ym_isad (2\u{a0}дня), _ym_visorc (30\u{a0}минут), _ym_*",
            "_ga (2\u{a0}года)",
        ] {
            assert!(html.contains(name), "{name}");
        }
        assert_eq!(
            html.matches(" checked").count(),
            1,
            "only necessary is ticked"
        );
        assert!(
            html.contains("value=\"necessary\" aria-describedby=\"d-necessary\" checked disabled")
        );
        assert_eq!(html.matches("class=\"abroad\"").count(), 1, "Google only");
    }

    #[test]
    fn preferences_reflect_an_earlier_choice() {
        let mut e = engine("");
        e.decide(vec!["analytics".into()], 1, &[0; 16]);
        let html = preferences_html(&e, words(Lang::Ru));
        assert!(html.contains("value=\"analytics\" aria-describedby=\"d-analytics\" checked>"));
        assert!(html.contains("value=\"ads\" aria-describedby=\"d-ads\">"));
    }

    #[test]
    fn a_policy_change_is_announced() {
        let mut e = engine("");
        e.policy_changed = true;
        assert!(banner_html(&e, Lang::Ru, false).contains("Мы обновили"));
        assert!(!banner_html(&e, Lang::Ru, false).contains("не\u{a0}сохраняет cookie"));
        assert!(banner_html(&e, Lang::Ru, true).contains("не\u{a0}сохраняет cookie"));
    }
}
