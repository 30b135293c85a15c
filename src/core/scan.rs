//! Byte-level scanning of text split by ASCII delimiters, and decimal digits.
//!
//! Why not `str::split`, `split_once`, `find` or `str::parse`: each brings core's pattern
//! machinery (char searchers, memchr) or an integer parser with sign and radix handling,
//! about 2 KB of Wasm together, for cookie headers and requests a few hundred bytes long.
//! An ASCII delimiter never occurs inside a multi-byte UTF-8 character, so every piece is
//! still a `str` cut on character boundaries.

/// `s` before and after the first `sep` (ASCII), like `str::split_once`.
#[inline(never)]
pub fn split_once(s: &str, sep: u8) -> Option<(&str, &str)> {
    // A plain loop: `position` goes through `try_fold`, twice the code.
    for (i, &b) in s.as_bytes().iter().enumerate() {
        if b == sep {
            let (head, tail) = s.split_at_checked(i)?;
            return Some((head, tail.get(1..)?));
        }
    }
    None
}

/// Whether `s` contains the byte `b`.
pub fn contains(s: &str, b: u8) -> bool {
    split_once(s, b).is_some()
}

/// The pieces of `s` between `sep` (ASCII) bytes, like `str::split`: `"a;;b"` gives `a`,
/// an empty piece, `b`; an empty `s` gives one empty piece.
pub fn pieces(s: &str, sep: u8) -> Pieces<'_> {
    Pieces { rest: Some(s), sep }
}

/// The iterator of [`pieces`].
#[derive(Debug, Clone)]
pub struct Pieces<'a> {
    /// `None` once the last piece was handed out.
    rest: Option<&'a str>,
    sep: u8,
}

impl<'a> Iterator for Pieces<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        Some(match split_once(rest, self.sep) {
            Some((piece, tail)) => {
                self.rest = Some(tail);
                piece
            }
            None => {
                self.rest = None;
                rest
            }
        })
    }
}

/// `s` without leading and trailing white space, exactly as `str::trim` (Unicode
/// `White_Space`, so a no-break space goes too). One forward pass: core's version is a
/// double-ended pattern searcher twice this size.
#[inline(never)]
pub fn trim(s: &str) -> &str {
    // The first non-space character's start, and the end of the last one.
    let mut start = None;
    let mut end = 0;
    let mut at = 0;
    for c in s.chars() {
        let next = at + c.len_utf8();
        if !c.is_whitespace() {
            start.get_or_insert(at);
            end = next;
        }
        at = next;
    }
    match start {
        Some(start) => s.get(start..end).unwrap_or(""),
        None => "",
    }
}

/// Whether `s` starts with `prefix`, ignoring ASCII case.
pub fn starts_with_ignoring_case(s: &str, prefix: &str) -> bool {
    s.as_bytes()
        .get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// A non-empty run of ASCII digits as a number; `None` for anything else (a sign, a
/// space, a dot) or on overflow. Leading zeros are accepted, as by `str::parse`.
#[inline(never)]
pub fn decimal(s: &str) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    let mut n: u64 = 0;
    for &b in s.as_bytes() {
        if !b.is_ascii_digit() {
            return None;
        }
        let digit = u64::from(b - b'0');
        // Not `checked_mul`: on wasm32 it multiplies in 128 bits to see the overflow.
        if n > (u64::MAX - digit) / 10 {
            return None;
        }
        n = n * 10 + digit;
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prelude::*;

    #[test]
    fn pieces_and_split_once_agree_with_str() {
        for s in ["", ";", "a", "a;b", ";a;;b;", "ключ=значение; b=1", "a=b=c"] {
            let ours: Vec<&str> = pieces(s, b';').collect();
            let std: Vec<&str> = s.split(';').collect();
            assert_eq!(ours, std, "{s:?}");
            assert_eq!(split_once(s, b'='), s.split_once('='), "{s:?}");
            assert_eq!(contains(s, b'='), s.contains('='), "{s:?}");
        }
    }

    #[test]
    fn trim_agrees_with_str() {
        for s in [
            "",
            " ",
            "a",
            " a ",
            "\u{a0}ООО «К»\u{a0}",
            "\t\n x y \r\n",
            "\u{3000}",
            "a\u{2028}",
        ] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
    }

    #[test]
    fn decimal_takes_digits_only_and_refuses_overflow() {
        assert_eq!(decimal("0"), Some(0));
        assert_eq!(decimal("007"), Some(7));
        assert_eq!(decimal("1795512600"), Some(1_795_512_600));
        assert_eq!(decimal("18446744073709551615"), Some(u64::MAX));
        for bad in [
            "",
            "+1",
            "-1",
            " 1",
            "1 ",
            "1.5",
            "1e3",
            "١",
            "18446744073709551616",
        ] {
            assert_eq!(decimal(bad), None, "{bad:?}");
        }
    }
}

/// Property tests (native only: proptest needs an OS random source).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use crate::prelude::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn trim_and_splitting_agree_with_str(s in "[ a;=\u{a0}\u{3000}\tж]{0,12}") {
            prop_assert_eq!(trim(&s), s.trim());
            prop_assert_eq!(pieces(&s, b';').collect::<Vec<_>>(), s.split(';').collect::<Vec<_>>());
            prop_assert_eq!(split_once(&s, b'='), s.split_once('='));
        }

        #[test]
        fn decimal_agrees_with_parse_on_digits(s in "[0-9]{1,21}") {
            prop_assert_eq!(decimal(&s), s.parse::<u64>().ok());
        }
    }
}
