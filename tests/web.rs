//! Browser-layer tests, run in headless Chromium by `wasm-pack test --headless --chrome`.
//!
//! All steps share one Wasm instance (the module keeps page state), so the life cycle is one
//! ordered scenario: start → hold → accept → release in order → withdraw → reset.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Document, Element, HtmlDocument};

use soglasie::web;

wasm_bindgen_test_configure!(run_in_browser);

const CONFIG: &str = r#"{
  "operator": {"name": "ООО «Тест»", "address": "г. Москва", "email": "privacy@example.ru"},
  "policy": {"url": "/privacy.html", "revision": "2026-11-01"},
  "services": ["yandex_metrika", "top_mail_ru"]
}"#;

fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

fn cookies() -> String {
    document()
        .dyn_into::<HtmlDocument>()
        .unwrap()
        .cookie()
        .unwrap()
}

fn add(html: &str) -> Element {
    let holder = document().create_element("div").unwrap();
    holder.set_inner_html(html);
    document().body().unwrap().append_child(&holder).unwrap();
    holder
}

/// What the released scripts pushed onto `window.ran`.
fn ran() -> Vec<String> {
    let value = Reflect::get(&web_sys::window().unwrap(), &"ran".into()).unwrap();
    if value.is_undefined() {
        return Vec::new();
    }
    Array::from(&value)
        .iter()
        .filter_map(|v| v.as_string())
        .collect()
}

async fn sleep(ms: i32) {
    let p = Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(p).await.unwrap();
}

fn push(tag: &str) -> String {
    format!("(window.ran = window.ran || []).push('{tag}')")
}

fn banner_buttons() -> Vec<String> {
    let host = document()
        .query_selector("[data-soglasie=banner]:not([hidden])")
        .unwrap()
        .expect("visible banner host");
    let root = host.shadow_root().expect("open shadow root");
    let list = root.query_selector_all("button").unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().text_content().unwrap())
        .collect()
}

#[wasm_bindgen_test]
async fn consent_life_cycle() {
    // A tracker cookie from an earlier visit, to be removed on withdrawal.
    document()
        .dyn_into::<HtmlDocument>()
        .unwrap()
        .set_cookie("_ym_uid=123; Path=/")
        .unwrap();
    let page = add(&format!(
        r#"<script type="text/plain" data-category="analytics" src="data:text/javascript,{ext}"></script>
           <script type="text/plain" data-category="analytics">{a2}</script>
           <script type="text/plain" data-category="necessary">{n1}</script>
           <script type="text/plain" data-category="ads">{ads}</script>
           <script type="text/plain" data-category="mystery">{m}</script>
           <img data-category="analytics" data-src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="">"#,
        ext = js_sys::encode_uri_component(&push("a1")),
        a2 = push("a2"),
        n1 = push("n1"),
        ads = push("ads"),
        m = push("mystery"),
    ));

    let changes = Array::new();
    let on_change = {
        let changes = changes.clone();
        Closure::<dyn FnMut(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| {
            changes.push(&e.detail());
        })
    };
    document()
        .add_event_listener_with_callback("soglasie:change", on_change.as_ref().unchecked_ref())
        .unwrap();
    on_change.forget();

    web::start(Some(CONFIG.into()), "n0nce".into(), JsValue::UNDEFINED);

    // Before a decision: only necessary runs; the banner asks, with the contract's buttons.
    assert_eq!(ran(), ["n1"]);
    assert_eq!(banner_buttons(), ["Принять все", "Отклонить", "Настроить"]);
    let consent = web::consent();
    assert!(
        consent.starts_with(r#"{"decided":false,"categories":["necessary"],"policy":""#),
        "{consent}"
    );
    assert!(consent.ends_with(r#","at":null,"id":null}"#));
    let img = page.query_selector("img").unwrap().unwrap();
    assert!(!img.has_attribute("src"));
    assert_eq!(
        img.get_attribute("data-soglasie-state").as_deref(),
        Some("held")
    );
    assert_eq!(changes.length(), 0, "no change event on load");

    // Unknown categories and non-arrays change nothing.
    web::accept(Some("marketing".into()));
    web::accept(None);
    assert!(!cookies().contains("soglasie="));

    // Accept analytics: the external script loads first, then the inline one, in order.
    web::accept(Some("analytics".into()));
    assert!(cookies().contains("soglasie=1."), "{}", cookies());
    assert_eq!(changes.length(), 1);
    let detail = js_sys::JSON::stringify(&changes.get(0))
        .unwrap()
        .as_string()
        .unwrap();
    assert!(
        detail.contains(r#""decided":true,"categories":["necessary","analytics"]"#),
        "{detail}"
    );
    assert!(banner_host_hidden());
    sleep(200).await;
    assert_eq!(ran(), ["n1", "a1", "a2"]);
    assert!(img.has_attribute("src") && !img.has_attribute("data-src"));
    let released = page
        .query_selector("script[data-soglasie-state=released][src]")
        .unwrap()
        .expect("live copy of the external script");
    assert_eq!(released.get_attribute("nonce").as_deref(), Some("n0nce"));
    assert!(!released.has_attribute("type"));

    // Elements added later are held and released by the same rules.
    let later = add(&format!(
        r#"<script type="text/plain" data-category="analytics">{}</script><script type="text/plain" data-category="ads">{}</script>"#,
        push("later-analytics"),
        push("later-ads")
    ));
    web::scan(later.into());
    assert_eq!(ran(), ["n1", "a1", "a2", "later-analytics"]);

    // Accepting the same set again is not a change.
    web::accept(Some("analytics".into()));
    assert_eq!(changes.length(), 1);

    // Decline after accept: the analytics service's first-party cookies are removed.
    assert!(cookies().contains("_ym_uid=123"));
    web::decline();
    assert_eq!(changes.length(), 2);
    assert!(!cookies().contains("_ym_uid"), "{}", cookies());
    assert!(cookies().contains("soglasie=1."));

    // Reset: our cookie is gone, the banner is back, nothing optional was released.
    web::reset();
    assert_eq!(changes.length(), 3);
    assert!(!cookies().contains("soglasie="), "{}", cookies());
    assert_eq!(banner_buttons().len(), 3);
    assert!(!ran().iter().any(|r| r.contains("ads") || r == "mystery"));
    assert!(web::consent().contains(r#""decided":false"#));
}

fn banner_host_hidden() -> bool {
    document()
        .query_selector("[data-soglasie=banner]:not([hidden])")
        .unwrap()
        .is_none()
}
