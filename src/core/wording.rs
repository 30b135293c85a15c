//! The preferences dialog's words, for its renderer (`www/preferences.js`), which the loader
//! imports only when a visitor opens «Настроить»: a first visit does not pay for them.
//!
//! `soglasie wording` prints them as JSON and the build bundles that into
//! `dist/soglasie-preferences.js`; the texts themselves live in [`crate::core::texts`] and
//! the catalog, as for everything else the dialog says. The module never reads them back:
//! it hands the renderer a record of what to show ([`crate::core::markup::preferences`]), and
//! the renderer puts this wording around it. Both files carry the build id, so they are
//! always of one build.
//!
//! ```text
//! {"texts": {"policyLink": [ru, en], "preferencesTitle": [ru, en], …},
//!  "categories": {"necessary": [title ru, title en, description ru, description en], …},
//!  "services": [[name, provider, purpose ru, purpose en], …],   catalog entries in order
//!  "lifetimes": [units ru, units en, session ru, session en],
//!  "buttons": [accept all ru, en, decline ru, en]}
//! ```
//! Units are minutes, hours, days and years, each as one, few, many, separated by spaces.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::catalog::ENTRIES;
use crate::core::config::DEFAULT_CATEGORIES;
use crate::core::json::push_string;
use crate::core::texts::{
    self, Lang, TextKey, BUILTIN, BUILTIN_COUNT, CATEGORIES, LIFETIMES, PREFERENCES,
};

/// The wording as the renderer reads it (see the module's documentation).
pub fn json() -> String {
    let mut out = String::from("{\"texts\":{");
    // The policy link is in the banner too; the dialog repeats it.
    let policy_link = TextKey::PolicyLink;
    let texts = core::iter::once((policy_link, &BUILTIN[policy_link as usize])).chain(
        TextKey::ALL[BUILTIN_COUNT..]
            .iter()
            .copied()
            .zip(&PREFERENCES),
    );
    for (i, (key, pair)) in texts.enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_string(&mut out, key.name());
        out.push(':');
        push_list(&mut out, pair);
    }
    out.push_str("},\"categories\":{");
    for (i, (id, [title, description])) in DEFAULT_CATEGORIES.iter().zip(&CATEGORIES).enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_string(&mut out, id);
        out.push(':');
        push_list(
            &mut out,
            &[title[0], title[1], description[0], description[1]],
        );
    }
    out.push_str("},\"services\":[");
    for (i, e) in ENTRIES.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_list(&mut out, &[e.name, e.provider, e.purpose_ru, e.purpose_en]);
    }
    out.push_str("],\"lifetimes\":");
    let [units, session] = LIFETIMES;
    push_list(&mut out, &[units[0], units[1], session[0], session[1]]);
    // The banner's two decision buttons, repeated in the dialog (fixed by the contract).
    out.push_str(",\"buttons\":");
    let (ru, en) = (Lang::Ru, Lang::En);
    let buttons = [
        texts::accept_all(ru),
        texts::accept_all(en),
        texts::decline(ru),
        texts::decline(en),
    ];
    push_list(&mut out, &buttons);
    out.push('}');
    out
}

fn push_list(out: &mut String, items: &[&str]) {
    out.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_string(out, item);
    }
    out.push(']');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::json::{parse, Value};

    fn member<'v>(value: &'v Value, key: &str) -> &'v Value {
        value.member(key).unwrap_or(&Value::Null)
    }

    fn strings(value: &Value) -> Vec<&str> {
        match value {
            Value::Array(items) => items
                .iter()
                .filter_map(|n| match &n.value {
                    Value::String(s) => Some(s.as_str()),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    #[test]
    fn every_word_of_the_dialog_is_there_once_in_both_languages() {
        let wording = parse(&json()).expect("the wording is JSON").value;
        let texts = member(&wording, "texts");
        for key in &TextKey::ALL[BUILTIN_COUNT..] {
            assert_eq!(strings(member(texts, key.name())).len(), 2, "{key:?}");
        }
        assert_eq!(
            strings(member(texts, "save")),
            ["Сохранить выбор", "Save my choice"]
        );
        assert_eq!(
            strings(member(texts, "policyLink")),
            ["Политика обработки персональных данных", "Privacy policy"]
        );
        let ads = strings(member(member(&wording, "categories"), "ads"));
        assert_eq!(ads[..2], ["Рекламные", "Advertising"]);
        assert!(ads[3].starts_with("Measuring adverts"));
        let Value::Array(services) = member(&wording, "services") else {
            panic!("services is a list");
        };
        assert_eq!(services.len(), ENTRIES.len());
        let metrika = crate::catalog::find("yandex_metrika").unwrap_or(usize::MAX);
        let row = strings(&services[metrika].value);
        assert_eq!(row[..2], ["Яндекс Метрика", "ООО «Яндекс»"]);
        assert!(row[3].starts_with("Visit statistics"));
        assert_eq!(strings(member(&wording, "lifetimes")).len(), 4);
        assert_eq!(
            strings(member(&wording, "buttons")),
            ["Принять все", "Accept all", "Отклонить", "Reject all"]
        );
    }
}
