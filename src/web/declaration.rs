//! The policy's cookie section on the page (`data-soglasie="declaration"`): filled once with
//! the section's markup, in light DOM so the site's styles and printing apply; after that only
//! its live lines change, in place, so focus stays where the visitor left it (on the section's
//! button, where the preferences dialog gives it back).

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

use crate::core::declaration::Live;
use crate::web::error::Result;

/// Makes `section` (escaped markup, `crate::core::declaration::html`) the content of `element`.
/// Focus inside what the site wrote there moves to the section's own button.
pub fn fill(element: &Element, section: &str) {
    let focused = element
        .owner_document()
        .and_then(|d| d.active_element())
        .is_some_and(|active| element.contains(Some(&active)));
    element.set_inner_html(section);
    if focused {
        if let Some(button) = button(element) {
            let _ = button.focus();
        }
    }
}

/// Says `live` in the lines of a filled `element`: each category's choice, the consent's line.
pub fn refresh(element: &Element, live: &Live) -> Result<()> {
    let lines = element.query_selector_all(".sg-live")?;
    for i in 0..lines.length() {
        let Some(line) = lines.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        let text = match line.get_attribute("data-sg-for") {
            Some(category) => live.choice(&category).unwrap_or_default(),
            None => &live.consent,
        };
        line.set_text_content(Some(text));
    }
    Ok(())
}

fn button(element: &Element) -> Option<HtmlElement> {
    element
        .query_selector(".sg-change")
        .ok()
        .flatten()
        .and_then(|b| b.dyn_into().ok())
}
