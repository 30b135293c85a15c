//! Lists packed into one string at compile time, each item followed by a separator. A
//! `&[&str]` costs the module eight bytes of pointer and length per item, which gzip can
//! hardly shrink; a packed list costs its text and one byte per item. Read one back with
//! [`crate::core::scan::pieces`] or [`nth`].

use crate::core::scan;

/// Item `i` of a packed list (`""` past its end).
pub fn nth(packed: &'static str, separator: u8, i: usize) -> &'static str {
    scan::pieces(packed, separator).nth(i).unwrap_or("")
}

/// The packed length of `items`: each one and its separator.
pub const fn len(items: &[&str]) -> usize {
    let mut len = 0;
    let mut i = 0;
    while i < items.len() {
        len += items[i].len() + 1;
        i += 1;
    }
    len
}

/// Writes `item` and `separator` into `out` from `at`; returns where they end.
pub const fn put(out: &mut [u8], at: usize, item: &str, separator: u8) -> usize {
    let bytes = item.as_bytes();
    let mut k = 0;
    while k < bytes.len() {
        out[at + k] = bytes[k];
        k += 1;
    }
    out[at + bytes.len()] = separator;
    at + bytes.len() + 1
}

/// The packed bytes as text: whole strings and ASCII separators are valid UTF-8, so the
/// build fails rather than this.
pub const fn as_text(bytes: &'static [u8]) -> &'static str {
    match core::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(_) => panic!("a packed list is made of whole strings"),
    }
}
