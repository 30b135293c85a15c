//! What the dialog shows: the banner and the re-open button as HTML, built as text from the
//! config; the preferences dialog as a record for its renderer.
//!
//! Every config string in the HTML goes through [`escape`]: site texts are plain text, never
//! HTML, and the only link target (the policy URL) was checked to be `http(s)` or relative
//! when the config was read. Interactive elements carry `data-action`, which the browser
//! layer dispatches on.
//!
//! The preferences dialog is rendered by `www/preferences.js`, which the loader imports only
//! when a visitor opens «Настроить», together with the dialog's words (`core::wording`): a
//! first visit carries neither its markup nor its words.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::decision::Engine;
use crate::core::json::{push_string, push_u64};
use crate::core::texts::{self, Lang, TextKey};

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
    escape(out, texts::text(&engine.config, key, lang));
}

/// Accept and decline share one look: rejecting is exactly as easy as accepting.
fn decision_buttons(out: &mut String, lang: Lang) {
    out.push_str("<div class=\"actions\"><button type=\"button\" data-action=\"accept\">");
    out.push_str(texts::accept_all(lang));
    out.push_str("</button><button type=\"button\" data-action=\"decline\">");
    out.push_str(texts::decline(lang));
    out.push_str("</button><button type=\"button\" data-action=\"customize\">");
    out.push_str(texts::customise(lang));
    out.push_str("</button></div>");
}

/// The first-visit banner: a non-modal region that leaves the page readable. When the browser
/// keeps no cookies, it says once that the choice will last for this page only.
pub fn banner(s: &mut String, engine: &Engine, lang: Lang, cookies_blocked: bool) {
    s.push_str("<section class=\"banner\" role=\"region\" aria-labelledby=\"sg-title\" aria-describedby=\"sg-text\" lang=\"");
    s.push_str(lang.code());
    s.push_str("\"><h2 id=\"sg-title\">");
    let title = if engine.policy_changed {
        TextKey::UpdatedTitle
    } else {
        TextKey::BannerTitle
    };
    text_of(s, engine, title, lang);
    s.push_str("</h2><p id=\"sg-text\">");
    if engine.config.text(TextKey::BannerText).is_none() {
        escape(s, &engine.config.operator.name);
        s.push(' ');
    }
    text_of(s, engine, TextKey::BannerText, lang);
    s.push_str(" <a href=\"");
    escape(s, &engine.config.policy.url);
    s.push_str("\">");
    text_of(s, engine, TextKey::PolicyLink, lang);
    s.push_str("</a></p>");
    if cookies_blocked {
        s.push_str("<p class=\"note\">");
        text_of(s, engine, TextKey::NoCookies, lang);
        s.push_str("</p>");
    }
    decision_buttons(s, lang);
    s.push_str("</section>");
}

/// The preferences dialog as the record its renderer (`www/preferences.js`) reads, JSON:
///
/// ```text
/// {"lang": "ru", "policy": url, "texts": {name: the site's text, …},
///  "operator": [name, address, email, inn | null, ogrn | null],
///  "categories": [[id, title | null, description | null, state], …],
///  "services": [[category, catalog entry | null, id, name | null, provider | null,
///                purpose | null, abroad 0 | 1, [cookie, …]], …]}
/// ```
/// In dialog order; `null` means the built-in words (the renderer's wording, by category
/// id and catalog entry); `texts` holds only the site's own; a state is 0 (off), 1 (the
/// visitor allowed it) or 2 (`necessary`: always on); cookies are as the config or the
/// catalog write them (`_ym_uid@1y`, checked when the config was read).
pub fn preferences(s: &mut String, engine: &Engine, lang: Lang) {
    let config = &engine.config;
    s.push_str("{\"lang\":\"");
    s.push_str(lang.code());
    s.push_str("\",\"policy\":");
    push_string(s, &config.policy.url);
    s.push_str(",\"texts\":{");
    for (i, (key, text)) in config.texts.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        push_string(s, key.name());
        s.push(':');
        push_string(s, text);
    }
    let op = &config.operator;
    s.push_str("},\"operator\":[");
    push_string(s, &op.name);
    for value in [
        Some(&op.address),
        Some(&op.email),
        op.inn.as_ref(),
        op.ogrn.as_ref(),
    ] {
        push_item(s, value);
    }
    s.push_str("],\"categories\":[");
    for (i, category) in config.categories.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        s.push('[');
        push_string(s, &category.id);
        push_item(s, category.title.as_ref());
        push_item(s, category.description.as_ref());
        s.push_str(if category.is_necessary() {
            ",2]"
        } else if engine.decided() && engine.allows(&category.id) {
            ",1]"
        } else {
            ",0]"
        });
    }
    s.push_str("],\"services\":[");
    for (i, svc) in config.services.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        s.push('[');
        push_string(s, &svc.category);
        s.push(',');
        match svc.entry {
            Some(entry) => push_u64(s, entry as u64),
            None => s.push_str("null"),
        }
        push_item(s, Some(&svc.id));
        for value in [&svc.name, &svc.provider, &svc.purpose] {
            push_item(s, value.as_ref());
        }
        s.push_str(if svc.abroad { ",1,[" } else { ",0,[" });
        for (k, cookie) in svc.cookies.iter().enumerate() {
            if k > 0 {
                s.push(',');
            }
            push_string(s, cookie);
        }
        s.push_str("]]");
    }
    s.push_str("]}");
}

/// `,` and the string, or `,null`.
fn push_item(s: &mut String, value: Option<&String>) {
    s.push(',');
    match value {
        Some(v) => push_string(s, v),
        None => s.push_str("null"),
    }
}

/// The small re-open control shown after a decision.
pub fn reopen_button(s: &mut String, engine: &Engine, lang: Lang) {
    s.push_str("<button type=\"button\" class=\"reopen\" data-action=\"customize\" lang=\"");
    s.push_str(lang.code());
    s.push_str("\">");
    text_of(s, engine, TextKey::FloatingButton, lang);
    s.push_str("</button>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::config::Config;
    use crate::core::json::{parse, Value};

    fn banner_html(engine: &Engine, lang: Lang, cookies_blocked: bool) -> String {
        let mut html = String::new();
        banner(&mut html, engine, lang, cookies_blocked);
        html
    }

    /// The record, read back as JSON.
    fn record(engine: &Engine, lang: Lang) -> Value {
        let mut text = String::new();
        preferences(&mut text, engine, lang);
        parse(&text).expect("the record is JSON").value
    }

    fn member<'v>(value: &'v Value, key: &str) -> &'v Value {
        value.member(key).unwrap_or(&Value::Null)
    }

    /// A JSON value written back compactly, to compare records as text.
    fn compact(value: &Value) -> String {
        let mut out = String::new();
        match value {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) => out.push_str(n),
            Value::String(s) => push_string(&mut out, s),
            Value::Array(items) => {
                let items: Vec<String> = items.iter().map(|n| compact(&n.value)).collect();
                out = format!("[{}]", items.join(","));
            }
            Value::Object(members) => {
                let members: Vec<String> = members
                    .iter()
                    .map(|(k, n)| format!("\"{k}\":{}", compact(&n.value)))
                    .collect();
                out = format!("{{{}}}", members.join(","));
            }
        }
        out
    }

    fn engine(extra: &str) -> Engine {
        let text = format!(
            r#"{{"operator": {{"name": "ООО «Клиника»", "address": "Москва", "email": "a@b.ru", "inn": "7700000000"}},
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
    fn the_preferences_record_lists_every_category_and_service_with_nothing_allowed() {
        let r = record(&engine(""), Lang::Ru);
        assert_eq!(compact(member(&r, "lang")), "\"ru\"");
        assert_eq!(compact(member(&r, "policy")), "\"/privacy.html\"");
        assert_eq!(compact(member(&r, "texts")), "{}");
        assert_eq!(
            compact(member(&r, "operator")),
            r#"["ООО «Клиника»","Москва","a@b.ru","7700000000",null]"#
        );
        assert_eq!(
            compact(member(&r, "categories")),
            r#"[["necessary",null,null,2],["functional",null,null,0],["analytics",null,null,0],["ads",null,null,0]]"#
        );
        let services = compact(member(&r, "services"));
        let metrika = crate::catalog::find("yandex_metrika").unwrap_or(usize::MAX);
        let row = format!(
            r#"["analytics",{metrika},"yandex_metrika",null,null,null,0,["_ym_uid@1y","_ym_d@1y","_ym_isad@2d","_ym_visorc@30m","_ym_*"]"#
        );
        assert!(services.starts_with(&format!("[{row}")), "{services}");
        assert!(services.contains(r#""google_analytics",null,null,null,1,["#));
        assert_eq!(services.matches("[\"ads\",").count(), 1, "VK's pixel");
    }

    #[test]
    fn the_record_carries_the_choice_and_the_sites_own_words() {
        let mut e = engine(
            r#", "categories": ["analytics", {"id": "ads", "title": "Реклама \"</b>", "description": "Для рекламы"}],
               "texts": {"save": "Готово"}"#,
        );
        e.decide(vec!["analytics".into()], 1, &[0; 16]);
        let r = record(&e, Lang::En);
        assert_eq!(compact(member(&r, "lang")), "\"en\"");
        assert_eq!(compact(member(&r, "texts")), r#"{"save":"Готово"}"#);
        assert_eq!(
            compact(member(&r, "categories")),
            r#"[["necessary",null,null,2],["analytics",null,null,1],["ads","Реклама \"</b>","Для рекламы",0]]"#
        );
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
