//! The wording only the preferences dialog needs: each catalog service's name, provider and
//! purpose (Russian and English), the dialog's longer texts and the categories' descriptions.
//!
//! It ships as `dist/soglasie-details.json`, which the loader fetches when a visitor opens
//! «Настроить», so a first visit does not pay for it. The file is written by the CLI
//! (`soglasie details`) from the same Rust data, and it carries [`VERSION`], a digest of its
//! contents computed at compile time: the module accepts only the file of its own build.
//!
//! The file is a JSON array of strings: the version, then per catalog entry (in
//! [`ENTRIES`] order) name, provider, Russian and English purpose, then the dialog's
//! [`WORDING`] and the [`CATEGORY_DESCRIPTIONS`], each as Russian, English.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::catalog::ENTRIES;
use crate::core::base64;
use crate::core::json::{self, Value};
use crate::core::sha256;
use crate::core::texts::{Lang, CATEGORY_DESCRIPTIONS, WORDING};

/// The file the loader fetches, relative to `soglasie.js`.
pub const FILE: &str = "soglasie-details.json";

/// Strings per catalog entry: name, provider, purpose (ru), purpose (en).
const PER_ENTRY: usize = 4;
const COUNT: usize =
    ENTRIES.len() * PER_ENTRY + WORDING.len() * 2 + CATEGORY_DESCRIPTIONS.len() * 2;

/// Every string of the file after the version, in file order.
const fn strings() -> [&'static str; COUNT] {
    let mut out = [""; COUNT];
    let mut n = 0;
    let mut i = 0;
    while i < ENTRIES.len() {
        let e = &ENTRIES[i];
        out[n] = e.name;
        out[n + 1] = e.provider;
        out[n + 2] = e.purpose_ru;
        out[n + 3] = e.purpose_en;
        n += PER_ENTRY;
        i += 1;
    }
    i = 0;
    while i < WORDING.len() {
        out[n] = WORDING[i][0];
        out[n + 1] = WORDING[i][1];
        n += 2;
        i += 1;
    }
    i = 0;
    while i < CATEGORY_DESCRIPTIONS.len() {
        out[n] = CATEGORY_DESCRIPTIONS[i][0];
        out[n + 1] = CATEGORY_DESCRIPTIONS[i][1];
        n += 2;
        i += 1;
    }
    out
}

/// Digest of the file's strings (each followed by NUL): changes with any text.
pub const VERSION: [u8; 8] = {
    let strings = strings();
    let mut parts: [&[u8]; 2 * COUNT] = [b""; 2 * COUNT];
    let mut i = 0;
    while i < COUNT {
        parts[2 * i] = strings[i].as_bytes();
        parts[2 * i + 1] = b"\0";
        i += 1;
    }
    base64::encode_6(&sha256::digest_parts(&parts))
};

/// The loaded wording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Details {
    /// In file order, without the version.
    strings: Vec<String>,
}

impl Details {
    /// The wording of this build, from the Rust data (the CLI writes the file from it).
    pub fn builtin() -> Details {
        Details {
            strings: strings().iter().map(|s| s.to_string()).collect(),
        }
    }

    /// The file's text.
    pub fn to_json(&self) -> String {
        let mut out = String::from("[\"");
        out.push_str(version());
        out.push('"');
        for s in &self.strings {
            out.push(',');
            json::push_string(&mut out, s);
        }
        out.push(']');
        out
    }

    /// Reads the file; `None` unless it is exactly this build's (its strings digest to
    /// [`VERSION`]: a stale cached copy or an edited one is refused).
    pub fn from_json(text: &str) -> Option<Details> {
        let Ok(node) = json::parse(text) else {
            return None;
        };
        let Value::Array(items) = &node.value else {
            return None;
        };
        let (first, rest) = items.split_first()?;
        match &first.value {
            Value::String(v) if v == version() => {}
            _ => return None,
        }
        let mut strings = Vec::with_capacity(COUNT);
        // What VERSION digests: every string followed by NUL.
        let mut data = String::new();
        for item in rest {
            let Value::String(s) = &item.value else {
                return None;
            };
            data.push_str(s);
            data.push('\0');
            strings.push(s.clone());
        }
        let digest = base64::encode_6(&sha256::digest(data.as_bytes()));
        (strings.len() == COUNT && digest == VERSION).then_some(Details { strings })
    }

    /// Name, provider, purpose of catalog entry `entry`, in `lang` (English purpose when
    /// the dialog is in English).
    pub fn entry(&self, entry: usize, lang: Lang) -> [&str; 3] {
        let at = entry * PER_ENTRY;
        // The Russian purpose, then the English one.
        [
            self.string(at),
            self.string(at + 1),
            self.pair(at + 2, lang),
        ]
    }

    /// String `i` of the file (after the version); `""` past the end.
    fn string(&self, i: usize) -> &str {
        self.strings.get(i).map_or("", String::as_str)
    }

    /// The Russian string at `at` or the English one after it.
    fn pair(&self, at: usize, lang: Lang) -> &str {
        self.string(at + usize::from(lang == Lang::En))
    }

    /// Wording text `i` (0-based within [`WORDING`]).
    pub fn text(&self, i: usize, lang: Lang) -> &str {
        self.pair(ENTRIES.len() * PER_ENTRY + 2 * i, lang)
    }

    /// Description of default category `i` (order of `config::DEFAULT_CATEGORIES`).
    pub fn category_description(&self, i: usize, lang: Lang) -> &str {
        self.pair(ENTRIES.len() * PER_ENTRY + 2 * WORDING.len() + 2 * i, lang)
    }
}

/// [`VERSION`] as text.
pub fn version() -> &'static str {
    VERSION_TEXT
}

/// Checked at compile time, so the module carries no UTF-8 validator for it (the base64url
/// alphabet is ASCII: the check cannot fail).
const VERSION_TEXT: &str = match core::str::from_utf8(&VERSION) {
    Ok(text) => text,
    Err(_) => panic!("VERSION is base64url"),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_reads_back_as_the_builtin_wording() {
        let builtin = Details::builtin();
        let text = builtin.to_json();
        assert_eq!(Details::from_json(&text), Some(builtin.clone()));
        let metrika = crate::catalog::find("yandex_metrika").unwrap_or(usize::MAX);
        assert_eq!(
            builtin.entry(metrika, Lang::Ru)[..2],
            ["Яндекс Метрика", "ООО «Яндекс»"]
        );
        assert!(builtin.entry(metrika, Lang::En)[2].starts_with("Visit statistics"));
        assert!(builtin.text(0, Lang::Ru).starts_with("Выберите"));
        assert!(builtin
            .category_description(3, Lang::En)
            .starts_with("Measuring adverts"));
    }

    #[test]
    fn another_builds_file_or_garbage_is_refused() {
        let text = Details::builtin().to_json();
        let stale = text.replacen(version(), "AAAAAAAA", 1);
        assert_eq!(Details::from_json(&stale), None);
        let edited = text.replacen("ООО «Яндекс»", "ООО «Не Яндекс»", 1);
        assert_eq!(Details::from_json(&edited), None);
        for bad in ["", "[]", "{}", "[1]", "[\"x\"", "null"] {
            assert_eq!(Details::from_json(bad), None, "{bad}");
        }
        let short = text
            .rsplit_once(',')
            .map(|(head, _)| format!("{head}]"))
            .unwrap_or_default();
        assert_eq!(Details::from_json(&short), None);
    }
}
