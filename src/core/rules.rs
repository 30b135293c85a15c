//! What a config value must be: the texts of the config's error messages, each rule once.
//!
//! They reach a browser only in `soglasie-check.wasm`, which the loader fetches when a config
//! has a problem (the module every page loads only counts problems, see
//! `core::config::Decoder`): the texts cost no visitor of a correct site.

#[allow(unused_imports)]
use crate::prelude::*;

/// Declares [`Rule`] and [`RULES`] from one list, so a rule and its text cannot drift apart.
macro_rules! rules {
    ($($name:ident: $text:literal,)*) => {
        /// One rule a config value broke (its text: [`RULES`]).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[repr(u8)]
        pub enum Rule { $($name),* }

        /// Every rule's text, in [`Rule`]'s order.
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

impl Rule {
    /// Appends the rule's text.
    pub fn push(self, out: &mut String) {
        out.push_str(RULES[self as usize]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_one_line_of_text() {
        assert_eq!(RULES.len(), Rule::Colour as usize + 1);
        for text in RULES {
            assert!(!text.is_empty() && !text.contains('\n'), "{text:?}");
        }
        let mut s = String::new();
        Rule::Days.push(&mut s);
        assert_eq!(s, "use a whole number of days from 1 to 3650");
    }
}
