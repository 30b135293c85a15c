//! What a config value must be: the texts of the config's error messages, by number.
//!
//! The Wasm module writes a rule as a marker (`\u{1}` and a letter) and the loader fills in
//! its text from `dist/soglasie-messages.txt` — fetched only when a config has a problem — so
//! the texts (~0.9 KB gzip) cost no visitor of a correct site. Native builds (the CLI, the
//! tests) write the text itself: the console line is the same either way.

#[allow(unused_imports)]
use crate::prelude::*;

/// Declares [`Rule`] and [`RULES`] from one list, so number and text cannot drift apart.
macro_rules! rules {
    ($($name:ident: $text:literal,)*) => {
        /// One rule a config value broke (its text: [`RULES`]).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[repr(u8)]
        pub enum Rule { $($name),* }

        /// Every rule's text, in [`Rule`]'s order: the CLI writes them one per line into
        /// `dist/soglasie-messages.txt`.
        pub const RULES: &[&str] = &[$($text),*];
    };
}

rules! {
    NotEmpty: "must not be empty",
    Missing: "missing",
    UnknownField: "unknown field",
    AnObject: "an object",
    AString: "a string",
    TrueOrFalse: "true or false",
    StringList: "an array of strings",
    Language: "use \"ru\", \"en\" or \"auto\"",
    MissingOperator: "missing (name, address and email of the clinic's legal entity)",
    Email: "expected an e-mail address",
    MissingPolicy: "missing (url and revision of the privacy policy)",
    Url: "use an absolute http(s) URL or a relative one",
    CategoryList: "an array of category ids or objects",
    CategoryItem: "a category id or an object",
    Id: "use [a-z][a-z0-9_-]*",
    ListedTwice: "listed twice",
    MissingTitle: "missing (a category of the site's own needs a title)",
    ServiceList: "an array of service ids or objects",
    NotNecessary: "a tracker cannot be necessary; use an optional category",
    NoSuchCategory: "no such category in config.categories",
    NotInCatalog: "not in the catalog",
    DescribeOwn: "; describe a service of your own as an object",
    ServiceItem: "a catalog id or an object",
    MissingOwn: "missing (required for a service that is not in the catalog)",
    HostPattern: "use host or host/path, without a scheme",
    NamePattern: "use a name or a prefix ending in *, and for cookies optionally @30m, @12h, @7d, @1y or @session",
    CookieName: "use letters, digits, _ and -",
    Days: "use a whole number of days from 1 to 3650",
    ANumberOfDays: "a number of days",
    Domain: "use a host name such as clinic.ru",
    Colour: "use #rgb or #rrggbb",
}

/// The marker that starts a rule in a slim module's console line (the letter after it is
/// `A` + the rule's number). Config text cannot put it there: values are quoted as JSON,
/// which escapes control characters, and keys lose theirs on the way into a path.
pub const MARKER: char = '\u{1}';

impl Rule {
    /// Appends the rule: its text, or in the shipped Wasm module its marker.
    pub fn push(self, out: &mut String) {
        #[cfg(all(target_arch = "wasm32", feature = "slim"))]
        {
            out.push(MARKER);
            out.push(char::from(b'A' + self as u8));
        }
        #[cfg(not(all(target_arch = "wasm32", feature = "slim")))]
        out.push_str(RULES[self as usize]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_one_line_of_text_and_a_marker_letter() {
        assert_eq!(RULES.len(), Rule::Colour as usize + 1);
        // The marker letter must stay printable ASCII, below DEL.
        assert!(b'A' as usize + RULES.len() < 0x7f);
        for text in RULES {
            assert!(!text.is_empty() && !text.contains('\n'), "{text:?}");
        }
        let mut s = String::new();
        Rule::Days.push(&mut s);
        assert_eq!(s, "use a whole number of days from 1 to 3650");
    }
}
