//! The dialog's HTML, built as text from the config.
//!
//! Every config string goes through [`escape`]: site texts are plain text, never HTML, and the
//! only link target (the policy URL) was checked to be `http(s)` or relative when the config
//! was read. Interactive elements carry `data-action`, which the browser layer dispatches on.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::catalog::split_lifetime;
use crate::core::config::{Category, Service};
use crate::core::decision::Engine;
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

fn text_of(out: &mut String, engine: &Engine, key: TextKey, lang: Lang) {
    escape(out, &texts::text(&engine.config, key, lang));
}

fn policy_link(out: &mut String, engine: &Engine, lang: Lang) {
    out.push_str("<a href=\"");
    escape(out, &engine.config.policy.url);
    out.push_str("\">");
    text_of(out, engine, TextKey::PolicyLink, lang);
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
pub fn banner(engine: &Engine, lang: Lang, cookies_blocked: bool) -> String {
    let mut s = String::with_capacity(1024);
    s.push_str("<section class=\"banner\" role=\"region\" aria-labelledby=\"sg-title\" aria-describedby=\"sg-text\" lang=\"");
    s.push_str(lang.code());
    s.push_str("\"><h2 id=\"sg-title\">");
    let title = if engine.policy_changed {
        TextKey::UpdatedTitle
    } else {
        TextKey::BannerTitle
    };
    text_of(&mut s, engine, title, lang);
    s.push_str("</h2><p id=\"sg-text\">");
    if engine.config.text(TextKey::BannerText).is_none() {
        escape(&mut s, &engine.config.operator.name);
        s.push(' ');
    }
    text_of(&mut s, engine, TextKey::BannerText, lang);
    s.push(' ');
    policy_link(&mut s, engine, lang);
    s.push_str("</p>");
    if cookies_blocked {
        s.push_str("<p class=\"note\">");
        text_of(&mut s, engine, TextKey::NoCookies, lang);
        s.push_str("</p>");
    }
    decision_buttons(&mut s, lang, ("customize", texts::customise(lang)));
    s.push_str("</section>");
    s
}

/// The preferences dialog: every category with its purpose and, under it, every service.
/// Optional categories start unticked unless the visitor allowed them.
pub fn preferences(engine: &Engine, lang: Lang) -> String {
    let mut s = String::with_capacity(4096);
    s.push_str(
        "<dialog class=\"prefs\" aria-modal=\"true\" aria-labelledby=\"sp-title\" aria-describedby=\"sp-text\" lang=\"",
    );
    s.push_str(lang.code());
    s.push_str("\"><div class=\"head\"><h2 id=\"sp-title\">");
    text_of(&mut s, engine, TextKey::PreferencesTitle, lang);
    s.push_str("</h2><button type=\"button\" class=\"close\" data-action=\"close\" aria-label=\"");
    text_of(&mut s, engine, TextKey::Close, lang);
    s.push_str("\">×</button></div><div class=\"body\"><p id=\"sp-text\">");
    text_of(&mut s, engine, TextKey::PreferencesText, lang);
    s.push(' ');
    policy_link(&mut s, engine, lang);
    s.push_str("</p><ul class=\"cats\">");
    for category in &engine.config.categories {
        category_item(&mut s, engine, category, lang);
    }
    s.push_str("</ul>");
    operator(&mut s, engine, lang);
    s.push_str("</div>");
    let save = texts::text(&engine.config, TextKey::Save, lang);
    decision_buttons(&mut s, lang, ("save", &save));
    s.push_str("</dialog>");
    s
}

/// Who the operator is and how else to withdraw (152-ФЗ ст. 9: consent names the operator).
fn operator(s: &mut String, engine: &Engine, lang: Lang) {
    let op = &engine.config.operator;
    s.push_str("<p class=\"operator\">");
    text_of(s, engine, TextKey::DataCollected, lang);
    s.push(' ');
    escape(s, &op.email);
    s.push_str(". ");
    text_of(s, engine, TextKey::Operator, lang);
    s.push_str(": ");
    escape(s, &op.name);
    for (label, value) in [("ИНН", &op.inn), ("ОГРН", &op.ogrn)] {
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

fn category_item(s: &mut String, engine: &Engine, category: &Category, lang: Lang) {
    let defaults = category_default(&category.id, lang);
    let title = category
        .title
        .as_deref()
        .or(defaults.map(|d| d.0))
        .unwrap_or(&category.id);
    let description = category.description.as_deref().or(defaults.map(|d| d.1));
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
        text_of(s, engine, TextKey::AlwaysOn, lang);
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
    let services: Vec<&Service> = engine
        .config
        .services
        .iter()
        .filter(|svc| svc.category == category.id)
        .collect();
    if !services.is_empty() {
        s.push_str("<ul class=\"services\">");
        for svc in services {
            service_item(s, engine, svc, lang);
        }
        s.push_str("</ul>");
    }
    s.push_str("</li>");
}

fn service_item(s: &mut String, engine: &Engine, svc: &Service, lang: Lang) {
    s.push_str("<li><b>");
    escape(s, &svc.name);
    s.push_str("</b> — ");
    escape(s, &svc.provider);
    s.push_str(". ");
    let purpose = match (lang, &svc.purpose_en) {
        (Lang::En, Some(en)) => en,
        _ => &svc.purpose,
    };
    escape(s, purpose);
    if !svc.cookies.is_empty() {
        s.push_str(" <span class=\"cookies\">Cookie: ");
        for (i, spec) in svc.cookies.iter().enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            let (name, lifetime) = split_lifetime(spec);
            escape(s, name);
            if let Some(words) = lifetime.and_then(|l| texts::lifetime(l, lang)) {
                s.push_str(" (");
                s.push_str(&words);
                s.push(')');
            }
        }
        s.push_str("</span>");
    }
    if svc.abroad {
        s.push_str(" <strong class=\"abroad\">");
        text_of(s, engine, TextKey::Abroad, lang);
        s.push_str("</strong>");
    }
    s.push_str("</li>");
}

/// The small re-open control shown after a decision.
pub fn reopen_button(engine: &Engine, lang: Lang) -> String {
    let mut s =
        String::from("<button type=\"button\" class=\"reopen\" data-action=\"customize\" lang=\"");
    s.push_str(lang.code());
    s.push_str("\">");
    text_of(&mut s, engine, TextKey::FloatingButton, lang);
    s.push_str("</button>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::config::Config;

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
        let html = banner(&engine(""), Lang::Ru, false);
        for label in [">Принять все<", ">Отклонить<", ">Настроить<"] {
            assert_eq!(html.matches(label).count(), 1, "{label}");
        }
        assert!(html.contains("ООО «Клиника» использует cookie"));
        assert!(html.contains("<a href=\"/privacy.html\">"));
        assert!(html.contains("role=\"region\""));
        let en = banner(&engine(""), Lang::En, false);
        assert!(en.contains(">Accept all<") && en.contains(">Reject all<"));
    }

    #[test]
    fn hostile_texts_are_inert() {
        let e = engine(
            r#", "texts": {"bannerTitle": "<img src=x onerror=alert(1)>", "policyLink": "\"><script>"}"#,
        );
        let html = banner(&e, Lang::Ru, false);
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assert!(html.contains("&quot;&gt;&lt;script&gt;"));
        assert!(!html.contains("<img") && !html.contains("<script"));
    }

    #[test]
    fn preferences_list_every_category_and_service_with_nothing_pre_ticked() {
        let html = preferences(&engine(""), Lang::Ru);
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
        let html = preferences(&e, Lang::Ru);
        assert!(html.contains("value=\"analytics\" aria-describedby=\"d-analytics\" checked>"));
        assert!(html.contains("value=\"ads\" aria-describedby=\"d-ads\">"));
    }

    #[test]
    fn a_policy_change_is_announced() {
        let mut e = engine("");
        e.policy_changed = true;
        assert!(banner(&e, Lang::Ru, false).contains("Мы обновили"));
        assert!(!banner(&e, Lang::Ru, false).contains("не\u{a0}сохраняет cookie"));
        assert!(banner(&e, Lang::Ru, true).contains("не\u{a0}сохраняет cookie"));
    }
}
