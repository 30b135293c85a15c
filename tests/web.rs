//! The web layer in real browsers: `wasm-pack test --headless --chrome` and `--firefox`
//! (`make wasm-test`). Each test builds what it needs in the test page's document and removes
//! it again: the tests share one page.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Document, Element, HtmlElement};

use soglasie::core::config::Config;
use soglasie::core::decision::{Engine, LoadVerdict};
use soglasie::core::session::{Action, Gate as Verdict, Page, Part, Session};
use soglasie::core::texts::Lang;
use soglasie::core::view::{Banner, Preferences, Reopen};
use soglasie::web::dialog::{Choice, Dialog};
use soglasie::web::gate::{Gate, Judge};
use soglasie::web::jar::Jar;
use soglasie::web::{record, App};

wasm_bindgen_test_configure!(run_in_browser);

const CONFIG: &str = r#"{
  "operator": {"name": "ООО «Тест»", "address": "г. Москва", "email": "privacy@example.ru"},
  "policy": {"url": "/privacy.html", "revision": "2026-11-01"},
  "services": ["yandex_metrika", "top_mail_ru"]
}"#;

fn document() -> Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a test page")
}

fn engine(config: &str) -> Engine {
    Engine::new(
        Config::from_json(config).expect("a valid config"),
        "",
        1_795_512_600,
    )
}

/// The open shadow root of the part's host.
fn root_of(part: Part) -> web_sys::ShadowRoot {
    document()
        .query_selector(&format!("[data-soglasie={}]", part.name()))
        .ok()
        .flatten()
        .and_then(|host| host.shadow_root())
        .expect("a host with an open shadow root")
}

fn texts(root: &web_sys::ShadowRoot, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).expect("a selector");
    (0..list.length())
        .filter_map(|i| list.item(i)?.text_content())
        .collect()
}

/// The first element of `selector` in `root`.
fn first(root: &web_sys::ShadowRoot, selector: &str) -> Element {
    root.query_selector(selector)
        .ok()
        .flatten()
        .expect(selector)
}

fn click(root: &web_sys::ShadowRoot, selector: &str) {
    root.query_selector(selector)
        .ok()
        .flatten()
        .and_then(|el| el.dyn_into::<HtmlElement>().ok())
        .expect(selector)
        .click();
}

fn remove_hosts() {
    let hosts = document()
        .query_selector_all("[data-soglasie]")
        .expect("a selector");
    for i in 0..hosts.length() {
        if let Some(host) = hosts.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
            host.remove();
        }
    }
}

/// CONFIG with a cookie name of its own: the tests share one page, and its cookies.
fn config_with_cookie(name: &str) -> String {
    CONFIG.replace(
        r#""policy""#,
        &format!(r#""cookie": {{"name": "{name}"}}, "policy""#),
    )
}

/// An app on the test page with `config`, started as a page would start it (its first
/// effects carried out): `cookie_header` is what the page's cookie held.
fn started_app(config: &str, cookie_header: &str, now: u64) -> Rc<App> {
    let page = Page {
        cookie_header: cookie_header.into(),
        now,
        cookies_work: true,
        ..Page::default()
    };
    let (session, effects) = Session::start(Some(Config::from_json(config)), &page);
    let jar = Jar::of_document(&document()).expect("a jar");
    let app = App::new(&document(), jar, session, None).expect("an app");
    app.perform(effects);
    app
}

/// A dialog that records the visitor's choices.
fn dialog() -> (Dialog, Rc<RefCell<Vec<Choice>>>) {
    let choices = Rc::new(RefCell::new(Vec::new()));
    let seen = choices.clone();
    (
        Dialog::new(&document(), move |c| seen.borrow_mut().push(c)),
        choices,
    )
}

#[wasm_bindgen_test]
fn the_banner_is_built_in_an_open_shadow_root_with_the_contract_buttons() {
    let e = engine(&CONFIG.replace(
        r#""services""#,
        r#""texts": {"bannerTitle": "<img src=x onerror=alert(1)>"}, "services""#,
    ));
    let (dialog, choices) = dialog();
    dialog
        .render_banner(&Banner::of(&e, Lang::Ru, false, &[]))
        .expect("rendered");
    let host = dialog.element(Part::Banner).expect("a host");
    assert_eq!(host.get_attribute("hidden"), None);
    let root = root_of(Part::Banner);
    assert_eq!(
        texts(&root, "button"),
        ["Принять все", "Отклонить", "Настроить"]
    );
    // A site's text is text: no element came of it.
    assert_eq!(texts(&root, "h2"), ["<img src=x onerror=alert(1)>"]);
    assert!(root.query_selector("img").expect("a selector").is_none());
    let region = first(&root, "section");
    assert_eq!(region.get_attribute("role").as_deref(), Some("region"));
    assert_eq!(
        root.query_selector("a")
            .ok()
            .flatten()
            .and_then(|a| a.get_attribute("href"))
            .as_deref(),
        Some("/privacy.html")
    );
    click(&root, "[data-action=decline]");
    click(&root, "[data-action=customize]");
    assert_eq!(*choices.borrow(), [Choice::Decline, Choice::Customise]);
    dialog.hide(Part::Banner).expect("hidden");
    assert_eq!(host.get_attribute("hidden").as_deref(), Some(""));
    remove_hosts();
}

#[wasm_bindgen_test]
fn the_preferences_open_modal_save_what_is_ticked_and_stay_closed_when_another_part_renders() {
    let mut e = engine(CONFIG);
    e.decide(vec!["ads".into()], 1_795_512_600, &[1; 16]);
    let (dialog, choices) = dialog();
    dialog
        .render_preferences(&Preferences::of(&e, Lang::Ru))
        .expect("rendered");
    let root = root_of(Part::Preferences);
    let modal = root
        .query_selector("dialog")
        .ok()
        .flatten()
        .and_then(|d| d.dyn_into::<web_sys::HtmlDialogElement>().ok())
        .expect("a <dialog>");
    assert!(modal.open());
    assert_eq!(
        texts(&root, ".cat-head label span"),
        [
            "Необходимые",
            "Функциональные",
            "Аналитические",
            "Рекламные"
        ]
    );
    // The earlier choice is ticked; `necessary` is on and cannot be switched off.
    assert_eq!(dialog.ticked(), ["ads"]);
    let necessary = root
        .query_selector("#c-necessary")
        .ok()
        .flatten()
        .expect("a switch");
    assert!(necessary.has_attribute("disabled") && necessary.has_attribute("checked"));
    click(&root, "#c-analytics");
    click(&root, "[data-action=save]");
    assert_eq!(
        *choices.borrow(),
        [Choice::Save(vec!["analytics".into(), "ads".into()])]
    );
    dialog.hide(Part::Preferences).expect("closed");
    assert!(!modal.open());
    // Rendering the re-open button must not bring the modal back.
    dialog
        .render_reopen(&Reopen::of(&e, Lang::Ru))
        .expect("rendered");
    assert!(!modal.open());
    assert_eq!(
        texts(&root_of(Part::Reopen), "button"),
        ["Настройки cookie"]
    );
    remove_hosts();
}

#[wasm_bindgen_test]
fn the_cookie_jar_writes_and_reads_back_through_the_browsers_own_accessors() {
    let jar = Jar::of_document(&document()).expect("document.cookie's accessors");
    jar.write("soglasie_test=1; Path=/; SameSite=Lax");
    assert!(jar.read().split(';').any(|c| c.trim() == "soglasie_test=1"));
    assert!(jar.works());
    jar.write("soglasie_test=; Max-Age=0; Path=/");
    assert!(!jar.read().contains("soglasie_test="));
}

#[wasm_bindgen_test]
fn the_consent_record_is_kept_read_back_and_removed() {
    let mut e = engine(CONFIG);
    e.decide(vec!["analytics".into()], 1_795_512_600, &[2; 16]);
    let kept = e.record().expect("a decision's record");
    record::save(Some(&kept));
    assert_eq!(record::load(), Some(kept));
    assert!(record::keys().iter().any(|k| k == "soglasie.record"));
    // A forged record is no record.
    let storage = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("storage");
    storage
        .set_item("soglasie.record", r#"{"version":1,"policy":"x"}"#)
        .expect("written");
    assert_eq!(record::load(), None);
    record::save(None);
    assert_eq!(storage.get_item("soglasie.record").ok().flatten(), None);
}

#[wasm_bindgen_test]
fn storage_that_throws_changes_nothing_and_nothing_escapes_to_the_page() {
    let window = web_sys::window().expect("a window");
    // What a browser does when the visitor blocks cookies: localStorage throws.
    let block = Function::new_no_args(
        "window.realStorage = Object.getOwnPropertyDescriptor(window, 'localStorage') || Object.getOwnPropertyDescriptor(Window.prototype, 'localStorage');
         Object.defineProperty(window, 'localStorage', { configurable: true, get() { throw new DOMException('blocked', 'SecurityError'); } });",
    );
    block.call0(&JsValue::NULL).expect("storage blocked");
    assert!(window.local_storage().is_err());
    let mut e = engine(CONFIG);
    e.decide(vec![], 1, &[3; 16]);
    assert!(!record::available());
    record::save(e.record().as_ref());
    record::remove("_ym_uid");
    assert_eq!(record::keys(), Vec::<String>::new());
    assert_eq!(record::load(), None);
    Function::new_no_args("delete window.localStorage; if (!('localStorage' in window)) Object.defineProperty(window, 'localStorage', window.realStorage);")
        .call0(&JsValue::NULL)
        .expect("storage back");
    assert!(record::available());
}

/// A judge that allows the categories it is given and ignores every load.
struct Allows(RefCell<Vec<&'static str>>);

impl Judge for Allows {
    fn category(&self, category: &str) -> Verdict {
        if self.0.borrow().contains(&category) {
            Verdict::Release
        } else {
            Verdict::Hold
        }
    }

    fn load(&self, _url: &str) -> LoadVerdict {
        LoadVerdict::Ignore
    }

    /// Klaro's names: `metrika` is an analytics service here.
    fn service_category(&self, name: &str) -> Option<String> {
        (name == "metrika").then(|| "analytics".to_string())
    }
}

#[wasm_bindgen_test]
async fn held_elements_are_released_in_document_order_as_their_category_is_allowed() {
    let d = document();
    let body = d.body().expect("a body");
    let box_ = d.create_element("div").expect("a div");
    // Inline scripts run as they go live; an external one is awaited before the next.
    box_.set_inner_html(
        r#"<script type="text/plain" data-category="analytics">window.order.push(1)</script>
           <script type="text/plain" data-category="ads">window.order.push(2)</script>
           <script type="text/plain" data-category="analytics" src="data:text/javascript,window.order.push(3)"></script>
           <script type="text/plain" data-category="analytics">window.order.push(4)</script>
           <img data-category="ads" data-src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="">"#,
    );
    body.append_child(&box_).expect("appended");
    Reflect::set(&js_sys::global(), &"order".into(), &js_sys::Array::new()).expect("window.order");
    let order = || {
        JSON::stringify(&Reflect::get(&js_sys::global(), &"order".into()).expect("order"))
            .ok()
            .and_then(|s| s.as_string())
    };

    let judge = Rc::new(Allows(RefCell::new(vec!["analytics"])));
    let as_judge: Rc<dyn Judge> = judge.clone();
    let gate = Gate::new(&d, "n0nce");
    gate.scan(&as_judge).expect("scanned");
    // 1 ran; 3 is loading, and 4 waits for it.
    assert_eq!(order().as_deref(), Some("[1]"));
    wait_until(|| order().as_deref() == Some("[1,3,4]")).await;
    let released = box_
        .query_selector_all("script[data-soglasie-state=released]")
        .expect("a selector");
    assert_eq!(released.length(), 3);
    let nonce = released
        .item(0)
        .and_then(|n| n.dyn_into::<Element>().ok())
        .and_then(|s| s.get_attribute("nonce"));
    assert_eq!(nonce.as_deref(), Some("n0nce"));
    assert_eq!(gate.held().len(), 2, "the ads script and image stay held");

    judge.0.borrow_mut().push("ads");
    gate.release(&as_judge).expect("released");
    assert_eq!(order().as_deref(), Some("[1,3,4,2]"));
    let img = box_
        .query_selector("img")
        .ok()
        .flatten()
        .expect("the image");
    assert!(img
        .get_attribute("src")
        .is_some_and(|s| s.starts_with("data:image/gif")));
    assert_eq!(
        img.get_attribute("data-soglasie-state").as_deref(),
        Some("released")
    );
    box_.remove();
}

#[wasm_bindgen_test]
async fn klaro_markup_is_held_for_the_category_of_the_service_it_names() {
    let d = document();
    let box_ = d.create_element("div").expect("a div");
    box_.set_inner_html(
        r#"<script type="text/plain" data-type="text/javascript" data-name="metrika">window.klaro.push(1)</script>
           <script type="text/plain" data-type="text/javascript" data-name="metrika" data-src="data:text/javascript,window.klaro.push(2)"></script>
           <script type="text/plain" data-name="chat">window.klaro.push(3)</script>
           <iframe data-name="metrika" data-src="about:blank"></iframe>
           <form data-name="contact"></form>"#,
    );
    d.body()
        .expect("a body")
        .append_child(&box_)
        .expect("appended");
    Reflect::set(&js_sys::global(), &"klaro".into(), &js_sys::Array::new()).expect("window.klaro");
    let ran = || {
        JSON::stringify(&Reflect::get(&js_sys::global(), &"klaro".into()).expect("klaro"))
            .ok()
            .and_then(|s| s.as_string())
    };
    let judge: Rc<dyn Judge> = Rc::new(Allows(RefCell::new(vec!["analytics"])));
    let gate = Gate::new(&d, "");
    gate.scan(&judge).expect("scanned");
    // `data-src` on a script is its address; `data-type` its type once live.
    wait_until(|| ran().as_deref() == Some("[1,2]")).await;
    let external = box_
        .query_selector("script[src^='data:']")
        .ok()
        .flatten()
        .expect("the external script, live");
    assert_eq!(
        external.get_attribute("type").as_deref(),
        Some("text/javascript")
    );
    let iframe = box_
        .query_selector("iframe")
        .ok()
        .flatten()
        .expect("the iframe");
    assert_eq!(iframe.get_attribute("src").as_deref(), Some("about:blank"));
    // A service the config does not list stays held; an element that is not markup for a
    // consent manager is left alone.
    assert_eq!(gate.held().len(), 1);
    let form = box_
        .query_selector("form")
        .ok()
        .flatten()
        .expect("the form");
    assert_eq!(form.get_attribute("data-soglasie-state"), None);
    box_.remove();
}

/// Polls `done` until it holds (the page's own task loop runs in between), for at most 5 s.
async fn wait_until(done: impl Fn() -> bool) {
    for _ in 0..250 {
        if done() {
            return;
        }
        let tick = js_sys::Promise::new(&mut |resolve, _| {
            let _ = web_sys::window()
                .expect("a window")
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(tick).await;
    }
    panic!("not done in time");
}

#[wasm_bindgen_test]
fn consent_crosses_to_javascript_as_the_contract_says() {
    // Before start: nothing decided, no policy, `null` (not `undefined`) for what is absent.
    let before = soglasie::web::consent();
    assert_eq!(
        JSON::stringify(&before)
            .ok()
            .and_then(|s| s.as_string())
            .as_deref(),
        Some(
            r#"{"decided":false,"categories":["necessary"],"policy":"","at":null,"id":null,"sensitive":false}"#
        )
    );
    assert!(Reflect::get(&before, &"at".into()).expect("at").is_null());
}

#[wasm_bindgen_test]
fn a_decision_writes_the_cookie_and_the_record_then_fires_soglasie_change() {
    let d = document();
    let jar = Jar::of_document(&d).expect("a jar");
    let app = started_app(
        &config_with_cookie("soglasie_web_test"),
        &jar.read(),
        1_795_512_600,
    );
    assert!(d
        .query_selector("[data-soglasie=banner]:not([hidden])")
        .ok()
        .flatten()
        .is_some());

    let detail = Rc::new(RefCell::new(JsValue::UNDEFINED));
    let seen = detail.clone();
    let listener = Closure::<dyn Fn(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| {
        *seen.borrow_mut() = e.detail();
    });
    d.add_event_listener_with_callback("soglasie:change", listener.as_ref().unchecked_ref())
        .expect("listening");
    app.act(Action::Accept(vec!["analytics".into()]));
    d.remove_event_listener_with_callback("soglasie:change", listener.as_ref().unchecked_ref())
        .expect("unlistened");

    let categories = Reflect::get(&detail.borrow(), &"categories".into()).expect("categories");
    assert_eq!(
        JSON::stringify(&categories)
            .ok()
            .and_then(|s| s.as_string())
            .as_deref(),
        Some(r#"["necessary","analytics"]"#)
    );
    assert!(
        jar.read().contains("soglasie_web_test=1."),
        "{}",
        jar.read()
    );
    assert_eq!(app.consent().categories, ["necessary", "analytics"]);
    let kept = record::load().expect("the consent record");
    assert!(kept
        .categories
        .iter()
        .any(|c| c.id == "analytics" && c.allowed));
    // The banner made way for the re-open button.
    assert!(d
        .query_selector("[data-soglasie=banner][hidden]")
        .ok()
        .flatten()
        .is_some());
    assert!(d
        .query_selector("[data-soglasie=reopen]:not([hidden])")
        .ok()
        .flatten()
        .is_some());

    app.act(Action::Reset);
    assert!(!jar.read().contains("soglasie_web_test="));
    assert_eq!(record::load(), None);
    remove_hosts();
}

#[wasm_bindgen_test]
async fn a_click_closes_the_dialog_at_once_and_the_decision_follows_the_paint() {
    let d = document();
    let jar = Jar::of_document(&d).expect("a jar");
    let app = started_app(
        &config_with_cookie("soglasie_click_test"),
        &jar.read(),
        1_795_512_600,
    );
    let shown = |part: Part| {
        d.query_selector(&format!("[data-soglasie={}]:not([hidden])", part.name()))
            .ok()
            .flatten()
            .is_some()
    };
    // «Настроить»: the preferences dialog comes from the part loaded when used.
    click(&root_of(Part::Banner), "[data-action=customize]");
    wait_until(|| shown(Part::Preferences)).await;
    assert!(!shown(Part::Banner), "the banner made way");
    assert_eq!(
        texts(&root_of(Part::Preferences), ".cat-head label span"),
        [
            "Необходимые",
            "Функциональные",
            "Аналитические",
            "Рекламные"
        ]
    );
    // «Принять все»: the dialog is gone before the click returns, and `consent()` says the
    // choice; the cookie, the record and the rest come after the page has painted.
    click(&root_of(Part::Preferences), "[data-action=accept]");
    assert!(!shown(Part::Preferences) && !shown(Part::Banner));
    assert!(app.consent().decided);
    assert!(!jar.read().contains("soglasie_click_test="), "not yet");
    assert!(!shown(Part::Reopen), "not yet");
    wait_until(|| jar.read().contains("soglasie_click_test=1.")).await;
    assert!(shown(Part::Reopen));
    assert_eq!(
        app.consent().categories,
        ["necessary", "functional", "analytics", "ads"]
    );
    // A page that goes away right after the click (a reload, a link) keeps the decision: its
    // work is done as the page leaves.
    app.act(Action::Reset);
    assert!(!jar.read().contains("soglasie_click_test="));
    click(&root_of(Part::Banner), "[data-action=decline]");
    assert!(!jar.read().contains("soglasie_click_test="), "not yet");
    app.leave();
    assert!(
        jar.read().contains("soglasie_click_test=1."),
        "{}",
        jar.read()
    );
    assert_eq!(app.consent().categories, ["necessary"]);
    app.act(Action::Reset);
    remove_hosts();
    record::save(None);
}

#[wasm_bindgen_test]
async fn a_kept_record_tells_the_next_policys_banner_what_changed_as_text() {
    let mut then = engine(CONFIG);
    then.decide(then.all_optional(), 1_795_512_600, &[4; 16]);
    record::save(then.record().as_ref());
    let cookie = then.cookie_write(false, 1_795_512_600);
    let cookie = cookie.split(';').next().unwrap_or_default();
    // A new revision, and a service of the site's own whose name looks like markup.
    let revised = CONFIG.replace("2026-11-01", "2026-12-01").replace(
        r#""top_mail_ru"]"#,
        r#""top_mail_ru", {"id": "own", "name": "<img src=x onerror=alert(1)>",
            "provider": "ООО «Тест»", "purpose": "Подсчёт визитов", "category": "analytics"}]"#,
    );
    // The session asks what changed; the part loaded when used reads the record; then the
    // banner comes, with the list.
    let _app = started_app(&revised, cookie, 1_795_512_700);
    let banner = || {
        document()
            .query_selector("[data-soglasie=banner]:not([hidden])")
            .ok()
            .flatten()
    };
    wait_until(|| banner().is_some()).await;
    let root = root_of(Part::Banner);
    assert_eq!(
        texts(&root, "#sg-changes li"),
        [
            "Новая редакция политики от\u{a0}1\u{a0}декабря 2026\u{a0}г.",
            "Новый сервис: <img src=x onerror=alert(1)> (Аналитические)"
        ]
    );
    assert!(root.query_selector("img").expect("a selector").is_none());
    let region = first(&root, "section");
    assert_eq!(
        region.get_attribute("aria-describedby").as_deref(),
        Some("sg-text sg-changes")
    );
    remove_hosts();
    record::save(None);
}

#[wasm_bindgen_test]
fn a_page_about_an_illness_gets_a_strict_referrer_policy_unless_it_has_one() {
    let d = document();
    let policies = || {
        let metas = d
            .query_selector_all("meta[name=referrer]")
            .expect("a selector");
        (0..metas.length())
            .filter_map(|i| metas.item(i)?.dyn_into::<Element>().ok())
            .filter_map(|m| m.get_attribute("content"))
            .collect::<Vec<_>>()
    };
    let remove_all = || {
        let metas = d
            .query_selector_all("meta[name=referrer]")
            .expect("a selector");
        for i in 0..metas.length() {
            if let Some(m) = metas.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                m.remove();
            }
        }
    };
    remove_all();
    soglasie::web::hide_referrer(&d).expect("inserted");
    assert_eq!(policies(), ["strict-origin"]);
    assert!(d
        .head()
        .expect("a head")
        .query_selector("meta[name=referrer]")
        .ok()
        .flatten()
        .is_some());
    // Once is enough.
    soglasie::web::hide_referrer(&d).expect("checked");
    assert_eq!(policies(), ["strict-origin"]);
    remove_all();
    // A page's own looser policy is overridden; a stricter one is kept.
    let own = |content: &str| {
        let meta = d.create_element("meta").expect("a meta");
        meta.set_attribute("name", "referrer").expect("named");
        meta.set_attribute("content", content).expect("set");
        d.head()
            .expect("a head")
            .append_child(&meta)
            .expect("appended");
    };
    own("unsafe-url");
    soglasie::web::hide_referrer(&d).expect("inserted");
    assert_eq!(policies(), ["unsafe-url", "strict-origin"]);
    remove_all();
    own("no-referrer");
    soglasie::web::hide_referrer(&d).expect("checked");
    assert_eq!(policies(), ["no-referrer"]);
    remove_all();
}

#[wasm_bindgen_test]
async fn a_receipt_waits_in_local_storage_until_a_server_answers_for_it() {
    use gloo_storage::{LocalStorage, Storage};
    use soglasie::core::receipt::{Kind, Receipt, QUEUE_KEY};
    LocalStorage::delete(QUEUE_KEY);
    let receipt = |id: &str| Receipt {
        v: 1,
        id: id.into(),
        policy: "Sc6g9MiUiyLwqLH2".into(),
        categories: vec!["necessary".into()],
        kind: Kind::Decline,
        renewal: false,
        at: "2026-12-04T18:00:00.123Z".into(),
        origin: "http://127.0.0.1".into(),
        path: Some("/".into()),
        version: "0.2.0",
        cookie: Default::default(),
    };
    let queued = || LocalStorage::get::<Vec<String>>(QUEUE_KEY).unwrap_or_default();
    // Kept first (what every decision does), then sent (by the part loaded when used).
    let kept = soglasie::web::receipts::keep(&receipt("waiting")).expect("kept");
    assert!(kept.queued && kept.json.contains(r#""id":"waiting""#));
    assert_eq!(queued().len(), 1, "queued before it is sent");
    assert!(soglasie::web::receipts::waiting());
    // Nothing listens on the discard port: the post fails, and the receipt stays queued.
    soglasie::web::receipts::deliver("http://127.0.0.1:9/v1/receipts", None);
    let unanswered = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window()
            .expect("a window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 500);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(unanswered).await;
    assert_eq!(queued().len(), 1, "kept: no server answered");
    assert!(queued()[0].contains(r#""id":"waiting""#));
    // The test page's own server answers (it has no such endpoint: a 4xx, refused for good):
    // flushing there settles every receipt waiting.
    soglasie::web::receipts::deliver("/no-receipts-here", None);
    wait_until(|| queued().is_empty()).await;
    assert!(!soglasie::web::receipts::waiting());
    assert_eq!(LocalStorage::raw().get_item(QUEUE_KEY).ok().flatten(), None);
}

#[wasm_bindgen_test]
async fn the_declaration_is_filled_in_light_dom_and_follows_the_choice() {
    let d = document();
    let element = d.create_element("div").expect("a div");
    element
        .set_attribute("data-soglasie", "declaration")
        .expect("marked");
    element.set_inner_html("<p>what the site wrote</p>");
    d.body()
        .expect("a body")
        .append_child(&element)
        .expect("appended");
    let config = config_with_cookie("sg_declaration").replace(
        r#""top_mail_ru"]"#,
        r#""top_mail_ru", {"id": "own", "name": "<img src=x onerror=window.pwned=1>", "provider": "P", "purpose": "Q", "category": "analytics"}]"#,
    );
    let app = started_app(&config, "", 1_796_554_800);
    app.scan();
    let line = |category: &str| {
        element
            .query_selector(&format!(r#".sg-choice[data-sg-for="{category}"]"#))
            .ok()
            .flatten()
            .and_then(|e| e.text_content())
            .unwrap_or_default()
    };
    wait_until(|| line("analytics") == "Ваш выбор: не\u{a0}разрешены.").await;
    // In light DOM, in place of what the site wrote; a config's text stays text.
    assert!(element.shadow_root().is_none());
    assert!(!element.inner_html().contains("what the site wrote"));
    assert!(element
        .query_selector("h2#sg-cookies")
        .ok()
        .flatten()
        .is_some());
    assert!(element.query_selector("img").ok().flatten().is_none());
    assert!(element
        .text_content()
        .is_some_and(|t| t.contains("<img src=x onerror=window.pwned=1>")));

    // The gate's next look at the page neither holds the section's lines nor fills it again.
    let filled = element.inner_html();
    app.scan();
    assert!(element
        .query_selector("[data-soglasie-state]")
        .ok()
        .flatten()
        .is_none());
    assert_eq!(element.inner_html(), filled);

    app.act(Action::Accept(vec!["analytics".into()]));
    wait_until(|| line("analytics") == "Ваш выбор: разрешены.").await;
    assert_eq!(line("ads"), "Ваш выбор: не\u{a0}разрешены.");
    app.act(Action::Reset);
    wait_until(|| line("analytics") == "Ваш выбор: не\u{a0}разрешены.").await;
    remove_hosts();
}
