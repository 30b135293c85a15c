//! The dialog's markup: each part written once from its view ([`crate::core::view`]) by a
//! template that maud checks at compile time, then set as its shadow root's content in one go
//! (`crate::web::dialog`). Every text a site can set goes through maud's `(…)`, which escapes
//! it: a config's text is always text, never markup.
//!
//! The ids and `aria-*` links are part of what makes the dialog accessible: the banner is a
//! region named by its title and described by its text (and by what changed, after a policy
//! change); each switch is described by what its category is for, and by what pages about
//! illnesses never run.

use maud::{html, Markup};

use crate::core::view::{Banner, CategoryRow, Preferences, Reopen, ServiceRow, Switch};

/// The banner: a non-modal region that leaves the page readable.
pub fn banner(b: &Banner) -> Markup {
    // What changed is part of what the banner says, so it is announced with it.
    let described_by = match b.changes {
        Some(_) => "sg-text sg-changes",
        None => "sg-text",
    };
    html! {
        section class="banner" role="region" aria-labelledby="sg-title"
            aria-describedby=(described_by) lang=(b.lang) {
            h2 id="sg-title" { (b.title) }
            p id="sg-text" { (b.text) " " a href=(b.policy_url) { (b.policy_link) } }
            @if let Some(changes) = &b.changes {
                div id="sg-changes" class="changes" {
                    p { (changes.lead) }
                    ul { @for line in &changes.lines { li { (line) } } }
                }
            }
            @if let Some(note) = &b.note { p class="note" { (note) } }
            (buttons(&[
                ("accept", b.accept_all),
                ("decline", b.decline),
                ("customize", b.customise),
            ]))
        }
    }
}

/// The small re-open control shown after a decision.
pub fn reopen(r: &Reopen) -> Markup {
    html! {
        button type="button" class="reopen" data-action="customize" lang=(r.lang) { (r.label) }
    }
}

/// The preferences dialog (modal): every category, its services, the operator.
pub fn preferences(p: &Preferences) -> Markup {
    html! {
        dialog class="prefs" aria-modal="true" aria-labelledby="sp-title"
            aria-describedby="sp-text" lang=(p.lang) {
            div class="head" {
                h2 id="sp-title" { (p.title) }
                button type="button" class="close" data-action="close" aria-label=(p.close) { "×" }
            }
            div class="body" {
                p id="sp-text" { (p.text) " " a href=(p.policy_url) { (p.policy_link) } }
                ul class="cats" { @for c in &p.categories { (category(c)) } }
                p class="operator" { (p.operator) }
            }
            (buttons(&[("accept", p.accept_all), ("decline", p.decline), ("save", &p.save)]))
        }
    }
}

/// Accept and decline share one look: rejecting is exactly as easy as accepting.
fn buttons(buttons: &[(&str, &str)]) -> Markup {
    html! {
        div class="actions" {
            @for (action, label) in buttons {
                button type="button" data-action=(action) { (label) }
            }
        }
    }
}

/// One category's switch, what it is for, and its services.
fn category(c: &CategoryRow) -> Markup {
    let (description_id, held_id) = (format!("d-{}", c.id), format!("h-{}", c.id));
    let described_by: Vec<&str> = [
        c.description.as_ref().map(|_| description_id.as_str()),
        c.held.as_ref().map(|_| held_id.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect();
    let described_by = (!described_by.is_empty()).then(|| described_by.join(" "));
    html! {
        li class="cat" {
            div class="cat-head" {
                label {
                    input type="checkbox" role="switch" name="category" id={ "c-" (c.id) }
                        value=(c.id) aria-describedby=[described_by]
                        checked[c.state != Switch::Off] disabled[c.state == Switch::Always];
                    span { (c.title) }
                }
                @if let Some(always_on) = &c.always_on { span class="always" { (always_on) } }
            }
            @if let Some(description) = &c.description {
                p class="desc" id=(description_id) { (description) }
            }
            @if let Some(held) = &c.held { p class="held" id=(held_id) { (held) } }
            @if !c.services.is_empty() {
                ul class="services" { @for s in &c.services { (service(s)) } }
            }
        }
    }
}

fn service(s: &ServiceRow) -> Markup {
    html! {
        li {
            b { (s.name) } (s.detail)
            @if let Some(cookies) = &s.cookies { " " span class="cookies" { (cookies) } }
            @if let Some(abroad) = &s.abroad { " " strong class="abroad" { (abroad) } }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::config::Config;
    use crate::core::decision::Engine;
    use crate::core::texts::Lang;

    const HOSTILE: &str = r#"<img src=x onerror=alert(1)> & "quoted""#;

    fn engine(extra: &str) -> Engine {
        let text = format!(
            r#"{{"operator": {{"name": "ООО «Клиника»", "address": "Москва", "email": "a@b.ru"}},
                "policy": {{"url": "/privacy.html?a=1&b=2", "revision": "1"}},
                "services": ["yandex_metrika", {{"id": "own", "name": {name}, "provider": "ООО «Клиника»",
                              "purpose": "Подсчёт визитов", "category": "analytics"}}]{extra}}}"#,
            name = serde_json::to_string(HOSTILE).unwrap()
        );
        Engine::new(Config::from_json(&text).unwrap(), "", 0)
    }

    #[test]
    fn a_sites_text_is_escaped_everywhere_it_goes() {
        let texts = format!(
            r#", "texts": {{"bannerTitle": {t}, "close": {t}}}"#,
            t = serde_json::to_string(HOSTILE).unwrap()
        );
        let e = engine(&texts);
        let banner =
            super::banner(&Banner::of(&e, Lang::Ru, false, &[HOSTILE.to_string()])).into_string();
        let prefs = preferences(&Preferences::of(&e, Lang::Ru)).into_string();
        let escaped = "&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quoted&quot;";
        for html in [&banner, &prefs] {
            assert!(!html.contains("<img"), "{html}");
            assert!(html.contains(escaped), "{html}");
        }
        // In an attribute (the close button's name) as in text.
        assert!(
            prefs.contains(&format!(r#"aria-label="{escaped}""#)),
            "{prefs}"
        );
        assert!(
            banner.contains(r#"href="/privacy.html?a=1&amp;b=2""#),
            "{banner}"
        );
    }

    #[test]
    fn the_banner_is_a_region_named_and_described_with_the_contract_buttons() {
        let e = engine("");
        let html = super::banner(&Banner::of(&e, Lang::Ru, false, &[])).into_string();
        assert!(html.starts_with(
            r#"<section class="banner" role="region" aria-labelledby="sg-title" aria-describedby="sg-text" lang="ru">"#
        ));
        assert!(html.contains(concat!(
            r#"<div class="actions"><button type="button" data-action="accept">Принять все</button>"#,
            r#"<button type="button" data-action="decline">Отклонить</button>"#,
            r#"<button type="button" data-action="customize">Настроить</button></div>"#
        )));
    }

    #[test]
    fn each_switch_is_described_by_its_purpose_and_what_illness_pages_hold() {
        let e = engine(r#", "sensitive": {"paths": ["/hiv/*"]}"#);
        let html = preferences(&Preferences::of(&e, Lang::Ru)).into_string();
        assert!(html.contains(
            r#"<input type="checkbox" role="switch" name="category" id="c-necessary" value="necessary" aria-describedby="d-necessary" checked disabled>"#
        ), "{html}");
        assert!(html.contains(
            r#"<input type="checkbox" role="switch" name="category" id="c-ads" value="ads" aria-describedby="d-ads h-ads">"#
        ), "{html}");
        assert!(html.contains(r#"<p class="held" id="h-ads">"#));
        assert!(html.contains(r#"<p class="desc" id="d-ads">"#));
    }
}
