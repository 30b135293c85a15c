//! JSON: a strict, small reader and writer, and the form in which the loader hands the module
//! a JSON value it has read.
//!
//! In the browser the config is read by the browser's own `JSON.parse`, and the loader hands
//! the module the value as request fields ([`read_fields`]): a JSON reader of our own would
//! cost every visitor ~1.5 KB of gzipped Wasm for what every browser already has. The reader
//! here serves the CLI (`soglasie check`, `hash`) and the tests. It is the stricter of the
//! two: besides RFC 8259 it refuses duplicate keys (the browser keeps the last), unpaired
//! surrogates (the browser's text reads them as U+FFFD) and nesting deeper than
//! [`MAX_DEPTH`]; numbers stay as written (the browser writes them as JavaScript does, so
//! `365.0` is `365` there). Both read `\u0000` as U+FFFD: NUL separates the loader's fields.
//! So a config `soglasie check` accepts reads the same in every browser, with the same hash.
//!
//! Why not `serde_json`: it costs ~27 KB of gzipped Wasm (mostly float formatting and error
//! machinery). The config needs none of that: it has strings, booleans, small integers,
//! arrays and objects. The reader reports the line and column of the first error and never
//! panics; it works on bytes (no `char` iteration, no `str` patterns), its functions return
//! `Option` while the parser keeps the one error it stops at, and that byte offset becomes a
//! line and a column once, at the end.

#[allow(unused_imports)]
use crate::prelude::*;

/// Nesting deeper than this is rejected, so hostile input cannot exhaust the stack.
pub const MAX_DEPTH: usize = 32;

/// A parsed JSON value. (Positions are reported for syntax errors only; config errors name
/// the field path instead, which needs no position.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Null,
    Bool(bool),
    /// The number exactly as written (already checked against the JSON grammar).
    Number(String),
    String(String),
    Array(Vec<Node>),
    /// Members in document order; keys are unique.
    Object(Vec<(String, Node)>),
}

impl Value {
    /// The JSON type name, for messages such as `expected a string, found an array`.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }

    /// Member `key` of an object; `None` when there is none, or this is not an object.
    pub fn member(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(members) => members
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, node)| &node.value),
            _ => None,
        }
    }
}

/// Why a text is not JSON, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub line: u32,
    pub column: u32,
    pub message: &'static str,
}

impl core::fmt::Display for ParseError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.describe())
    }
}

impl ParseError {
    /// `invalid JSON at line 3, column 7: expected ',' or '}'` — built without `format!`
    /// so the Wasm build does not pull in the formatting machinery.
    pub fn describe(&self) -> String {
        let mut s = String::from("invalid JSON at line ");
        push_u64(&mut s, self.line as u64);
        s.push_str(", column ");
        push_u64(&mut s, self.column as u64);
        s.push_str(": ");
        s.push_str(self.message);
        s
    }
}

/// Parses a complete JSON text (surrounding whitespace allowed, a UTF-8 BOM tolerated).
pub fn parse(text: &str) -> Result<Node, ParseError> {
    let bytes = match text.as_bytes() {
        [0xEF, 0xBB, 0xBF, rest @ ..] => rest,
        bytes => bytes,
    };
    let mut p = Parser {
        bytes,
        pos: 0,
        error: "",
    };
    if let Some(value) = p.value(0) {
        if p.pos == bytes.len() {
            return Ok(Node { value });
        }
        p.error = "unexpected text after the JSON value";
    }
    // Line and column of the byte the parser stopped at. Every byte before it is valid
    // JSON, so each '\n' there is whitespace (strings reject raw control characters), and
    // the column counts characters: bytes that do not continue a UTF-8 sequence.
    let (mut line, mut column) = (1, 1);
    for &b in bytes.get(..p.pos).unwrap_or(bytes) {
        if b == b'\n' {
            line += 1;
            column = 1;
        } else if b & 0xC0 != 0x80 {
            column += 1;
        }
    }
    Err(ParseError {
        line,
        column,
        message: p.error,
    })
}

struct Parser<'a> {
    /// The text, without a BOM.
    bytes: &'a [u8],
    /// The next byte to read; after an error, where the error is.
    pos: usize,
    /// The error message once a parse has failed.
    error: &'static str,
}

impl Parser<'_> {
    /// The next byte, or 0 at the end (callers that must tell the two apart check `pos`).
    /// Out of line: a call is smaller than the bounds check at each of its many uses.
    #[inline(never)]
    fn peek(&self) -> u8 {
        self.bytes.get(self.pos).map_or(0, |&b| b)
    }

    /// Whether `word` is next.
    fn at(&self, word: &[u8]) -> bool {
        self.bytes
            .get(self.pos..)
            .is_some_and(|rest| rest.starts_with(word))
    }

    /// Records the error at the current position; returns `None` for the caller to pass up.
    fn fail<T>(&mut self, message: &'static str) -> Option<T> {
        self.set_error(message);
        None
    }

    /// Out of line: a call is smaller than storing the message at every error site.
    #[inline(never)]
    fn set_error(&mut self, message: &'static str) {
        self.error = message;
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), b' ' | b'\t' | b'\r' | b'\n') {
            self.pos += 1;
        }
    }

    /// A value with the whitespace around it.
    fn value(&mut self, depth: usize) -> Option<Value> {
        self.skip_ws();
        let value = match self.peek() {
            _ if self.pos == self.bytes.len() => return self.fail("unexpected end of input"),
            b'{' | b'[' => self.container(depth)?,
            b'"' => Value::String(self.string()?),
            b'-' | b'0'..=b'9' => Value::Number(self.number()?),
            _ => self.literal()?,
        };
        self.skip_ws();
        Some(value)
    }

    /// `true`, `false` or `null`; anything else is not a value.
    fn literal(&mut self) -> Option<Value> {
        let c = self.peek();
        let word: &[u8] = match c {
            b't' => b"true",
            b'f' => b"false",
            _ => b"null",
        };
        if !self.at(word) {
            return self.fail("expected a value");
        }
        self.pos += word.len();
        Some(if c == b'n' {
            Value::Null
        } else {
            Value::Bool(c == b't')
        })
    }

    /// An array or an object, the parser at its opening bracket.
    fn container(&mut self, depth: usize) -> Option<Value> {
        if depth >= MAX_DEPTH {
            return self.fail("nested too deeply");
        }
        let object = self.peek() == b'{';
        let close = if object { b'}' } else { b']' };
        let mut items = Vec::new();
        let mut members: Vec<(String, Node)> = Vec::new();
        self.pos += 1;
        self.skip_ws();
        if self.peek() != close {
            loop {
                if object {
                    self.skip_ws();
                    let start = self.pos;
                    if self.peek() != b'"' {
                        return self.fail("expected a string key");
                    }
                    let key = self.string()?;
                    if members.iter().any(|(k, _)| *k == key) {
                        self.pos = start;
                        return self.fail("duplicate key");
                    }
                    self.skip_ws();
                    if self.peek() != b':' {
                        return self.fail("expected ':' after the key");
                    }
                    self.pos += 1;
                    let value = self.value(depth + 1)?;
                    members.push((key, Node { value }));
                } else {
                    let value = self.value(depth + 1)?;
                    items.push(Node { value });
                }
                match self.peek() {
                    b',' => self.pos += 1,
                    c if c == close => break,
                    _ if object => return self.fail("expected ',' or '}'"),
                    _ => return self.fail("expected ',' or ']'"),
                }
            }
        }
        self.pos += 1;
        Some(if object {
            Value::Object(members)
        } else {
            Value::Array(items)
        })
    }

    /// A number, checked against the grammar and kept as written.
    fn number(&mut self) -> Option<String> {
        let start = self.pos;
        if self.peek() == b'-' {
            self.pos += 1;
        }
        // A leading zero stands alone ("01" is "0" followed by stray text).
        let ok = if self.peek() == b'0' {
            self.pos += 1;
            true
        } else {
            self.digits()
        };
        let ok = ok && (self.peek() != b'.' || self.part(false));
        let ok = ok && (self.peek() | 0x20 != b'e' || self.part(true));
        if !ok {
            return self.fail("invalid number");
        }
        Some(utf8(
            self.bytes.get(start..self.pos).unwrap_or_default().to_vec(),
        ))
    }

    /// A fraction or an exponent: skips the byte at the parser (`.`, `e` or `E`), a sign
    /// if `signed` allows one, then digits; false when there are none.
    fn part(&mut self, signed: bool) -> bool {
        self.pos += 1;
        if signed && matches!(self.peek(), b'+' | b'-') {
            self.pos += 1;
        }
        self.digits()
    }

    /// Skips digits; false when there are none.
    fn digits(&mut self) -> bool {
        let start = self.pos;
        while self.peek().is_ascii_digit() {
            self.pos += 1;
        }
        self.pos > start
    }

    /// Four hex digits of a `\u` escape; `None` (with the error) on anything else.
    fn hex4(&mut self) -> Option<u32> {
        let mut n = 0;
        for _ in 0..4 {
            let c = self.peek();
            let d = match c {
                b'0'..=b'9' => c - b'0',
                _ => match c | 0x20 {
                    c @ b'a'..=b'f' => c - b'a' + 10,
                    _ => return self.fail("invalid \\u escape"),
                },
            };
            n = n * 16 + d as u32;
            self.pos += 1;
        }
        Some(n)
    }

    /// A string, the parser at its opening quote.
    fn string(&mut self) -> Option<String> {
        let mut out = Vec::new();
        self.pos += 1;
        loop {
            let Some(&c) = self.bytes.get(self.pos) else {
                return self.fail("unterminated string");
            };
            if c < 0x20 {
                return self.fail("control character in string");
            }
            self.pos += 1;
            match c {
                b'"' => return Some(utf8(out)),
                b'\\' => {
                    let e = self.peek();
                    if e == b'u' {
                        self.pos += 1;
                        let c = self.unicode_escape()?;
                        out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                        continue;
                    }
                    let Some(i) = b"\"\\/bfnrt".iter().position(|&x| x == e) else {
                        return self.fail("invalid escape in string");
                    };
                    self.pos += 1;
                    out.push(b"\"\\/\x08\x0c\n\r\t"[i]);
                }
                _ => out.push(c),
            }
        }
    }

    /// The character of a `\u` escape (a surrogate pair counts as one), the parser after
    /// its `u`.
    fn unicode_escape(&mut self) -> Option<char> {
        let mut code = self.hex4()?;
        if (0xD800..0xDC00).contains(&code) {
            if !self.at(b"\\u") {
                return self.fail("unpaired surrogate in \\u escape");
            }
            self.pos += 2;
            let lo = self.hex4()?;
            if !(0xDC00..0xE000).contains(&lo) {
                return self.fail("unpaired surrogate in \\u escape");
            }
            code = 0x10000 + ((code - 0xD800) << 10) + (lo - 0xDC00);
        }
        // Only a lone low surrogate is left that is not a character. NUL reads as U+FFFD,
        // as in the browser (it separates the loader's fields).
        match char::from_u32(code) {
            None => self.fail("unpaired surrogate in \\u escape"),
            Some('\0') => Some('\u{fffd}'),
            c => c,
        }
    }
}

/// A JSON value as the loader hands it over (`www/wasm.js`, `jsonFields`), one request field
/// per token: `{`, then each member's key as `"key` and its value, then `}`; `[`, the items,
/// `]`; `"text` a string; `#text` a number as JavaScript writes it; `t`, `f`, `n`. `None` when
/// the fields are not such a value, or it nests deeper than [`MAX_DEPTH`].
pub fn read_fields<'a>(fields: &mut impl Iterator<Item = &'a str>) -> Option<Node> {
    let first = fields.next()?;
    read_field(first, fields, 0).map(|value| Node { value })
}

/// The fields the loader writes for `value` (`www/wasm.js`, `jsonFields`, for a value as
/// JavaScript holds it): the other side of [`read_fields`], for tests and benchmarks.
pub fn write_fields(value: &Value) -> Vec<String> {
    fn field(out: &mut Vec<String>, kind: &str, text: &str) {
        let mut f = String::from(kind);
        f.push_str(text);
        out.push(f);
    }
    fn write(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Null => field(out, "n", ""),
            Value::Bool(b) => field(out, if *b { "t" } else { "f" }, ""),
            Value::Number(n) => field(out, "#", n),
            Value::String(s) => field(out, "\"", s),
            Value::Array(items) => {
                field(out, "[", "");
                for item in items {
                    write(&item.value, out);
                }
                field(out, "]", "");
            }
            Value::Object(members) => {
                field(out, "{", "");
                for (key, node) in members {
                    field(out, "\"", key);
                    write(&node.value, out);
                }
                field(out, "}", "");
            }
        }
    }
    let mut out = Vec::new();
    write(value, &mut out);
    out
}

/// The value that starts with `field`.
fn read_field<'a>(
    field: &str,
    fields: &mut impl Iterator<Item = &'a str>,
    depth: usize,
) -> Option<Value> {
    let text = field.get(1..).unwrap_or("");
    Some(match field.as_bytes().first()? {
        b'"' => Value::String(text.into()),
        b'#' => Value::Number(text.into()),
        b't' => Value::Bool(true),
        b'f' => Value::Bool(false),
        b'n' => Value::Null,
        b'[' if depth < MAX_DEPTH => {
            let mut items = Vec::new();
            loop {
                match fields.next()? {
                    "]" => break Value::Array(items),
                    item => items.push(Node {
                        value: read_field(item, fields, depth + 1)?,
                    }),
                }
            }
        }
        b'{' if depth < MAX_DEPTH => {
            let mut members = Vec::new();
            loop {
                let key = fields.next()?;
                if key == "}" {
                    break Value::Object(members);
                }
                let key = key.strip_prefix('"')?;
                let value = read_field(fields.next()?, fields, depth + 1)?;
                members.push((key.into(), Node { value }));
            }
        }
        _ => return None,
    })
}

/// The parser's output bytes as a `String`. They are always UTF-8 (the input's own bytes, in
/// order, between ASCII delimiters; ASCII escapes; encoded `char`s), so this never falls
/// back. (`from_utf8` is in the module anyway; `from_utf8_unchecked` saves ~120 raw bytes
/// but costs gzip bytes, so it does not pay for its `unsafe`.)
fn utf8(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_default()
}

/// Appends `s` as a JSON string literal. Only `"`, `\` and control characters are escaped,
/// so the output is canonical: one text per string (the policy hash relies on this).
pub fn push_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                out.push_str("\\u00");
                let n = c as u32;
                out.push(hex_digit(n >> 4));
                out.push(hex_digit(n & 0xF));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn hex_digit(n: u32) -> char {
    char::from_digit(n, 16).unwrap_or('0')
}

/// Appends a decimal integer without the `fmt` machinery.
pub fn push_u64(out: &mut String, n: u64) {
    if n >= 10 {
        push_u64(out, n / 10);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> Value {
        parse(text)
            .map(|n| n.value)
            .unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn err(text: &str) -> ParseError {
        match parse(text) {
            Ok(n) => panic!("{text} parsed as {n:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn parses_every_kind_of_value() {
        assert_eq!(ok("null"), Value::Null);
        assert_eq!(ok(" true "), Value::Bool(true));
        assert_eq!(ok("false"), Value::Bool(false));
        assert_eq!(ok("-12.5e+3"), Value::Number("-12.5e+3".into()));
        assert_eq!(ok("0"), Value::Number("0".into()));
        assert_eq!(ok(r#""a\"b\\c\/d\n""#), Value::String("a\"b\\c/d\n".into()));
        assert_eq!(ok(r#""\u0416\ud83d\ude00""#), Value::String("Ж😀".into()));
        assert_eq!(
            ok("\"Клиника «Пример»\""),
            Value::String("Клиника «Пример»".into())
        );
        let Value::Object(members) = ok(r#"{"a": [1, {"b": null}], "c": "d"}"#) else {
            panic!("not an object")
        };
        assert_eq!(members.len(), 2);
        assert_eq!(members[0].0, "a");
        assert!(matches!(&members[0].1.value, Value::Array(items) if items.len() == 2));
    }

    #[test]
    fn reports_line_and_column_in_characters() {
        let e = err("{\n  \"имя\": 1,\n  \"b\" 2\n}");
        assert_eq!(
            (e.line, e.column, e.message),
            (3, 7, "expected ':' after the key")
        );
    }

    #[test]
    fn rejects_what_rfc_8259_rejects() {
        for bad in [
            "",
            "{",
            "[1,]",
            "{\"a\":1,}",
            "01",
            "1.",
            ".5",
            "+1",
            "1e",
            "'a'",
            "\"a",
            "\"\t\"",
            "\"\\x\"",
            "\"\\ud800\"",
            "\"\\udc00\"",
            "tru",
            "nul",
            "{a:1}",
            "[1 2]",
            "1 2",
            "NaN",
            "Infinity",
            "-",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} should not parse");
        }
    }

    #[test]
    fn rejects_duplicate_keys_and_deep_nesting() {
        assert_eq!(err(r#"{"a":1,"a":2}"#).message, "duplicate key");
        let deep = "[".repeat(40) + &"]".repeat(40);
        assert_eq!(err(&deep).message, "nested too deeply");
        let ok_depth = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(&ok_depth).is_ok());
    }

    #[test]
    fn writer_round_trips_through_the_reader() {
        for s in [
            "",
            "plain",
            "quo\"te",
            "back\\slash",
            "ctl\u{1}\u{1f}",
            "tab\tnl\n",
            "Ж«»—",
        ] {
            let mut out = String::new();
            push_string(&mut out, s);
            assert_eq!(ok(&out), Value::String(s.into()), "{out}");
        }
    }

    #[test]
    fn integers_are_written_without_fmt() {
        for n in [0u64, 7, 10, 1_764_000_000, u64::MAX] {
            let mut s = String::new();
            push_u64(&mut s, n);
            assert_eq!(s, n.to_string());
        }
    }

    #[test]
    fn every_error_has_its_message_line_and_column() {
        // (text, line, column, message); the column counts characters, not bytes, and a
        // BOM is not part of the text.
        for (text, line, column, message) in [
            ("", 1, 1, "unexpected end of input"),
            ("   \n  ", 2, 3, "unexpected end of input"),
            ("\u{feff}", 1, 1, "unexpected end of input"),
            ("\u{feff}x", 1, 1, "expected a value"),
            ("\u{feff}\u{feff}", 1, 1, "expected a value"),
            ("x", 1, 1, "expected a value"),
            ("«", 1, 1, "expected a value"),
            ("[1,\n «]", 2, 2, "expected a value"),
            ("{\"имя\": 1, \"имя\": 2}", 1, 12, "duplicate key"),
            ("{\n\"a\": 1,\n\"a\": 2}", 3, 1, "duplicate key"),
            (
                "[\n[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n]",
                2,
                32,
                "nested too deeply",
            ),
            ("{\"a\" 1}", 1, 6, "expected ':' after the key"),
            ("{\"a\":1 \"b\":2}", 1, 8, "expected ',' or '}'"),
            ("{1:2}", 1, 2, "expected a string key"),
            ("{\"a\":1,}", 1, 8, "expected a string key"),
            ("[1,]", 1, 4, "expected a value"),
            ("[1 2]", 1, 4, "expected ',' or ']'"),
            ("[\"Ж\" 1]", 1, 6, "expected ',' or ']'"),
            ("-", 1, 2, "invalid number"),
            ("-a", 1, 2, "invalid number"),
            ("01", 1, 2, "unexpected text after the JSON value"),
            ("1.", 1, 3, "invalid number"),
            ("1.e5", 1, 3, "invalid number"),
            ("1e", 1, 3, "invalid number"),
            ("1e+", 1, 4, "invalid number"),
            ("1E-x", 1, 4, "invalid number"),
            ("2 3", 1, 3, "unexpected text after the JSON value"),
            ("\"abc", 1, 5, "unterminated string"),
            ("\"a\u{1}\"", 1, 3, "control character in string"),
            ("\"a\nb\"", 1, 3, "control character in string"),
            ("\"\\x\"", 1, 3, "invalid escape in string"),
            ("\"\\", 1, 3, "invalid escape in string"),
            ("\"\\u12\"", 1, 6, "invalid \\u escape"),
            ("\"\\u12G4\"", 1, 6, "invalid \\u escape"),
            ("\"\\ud800\"", 1, 8, "unpaired surrogate in \\u escape"),
            (
                "\"\\ud800\\u0041\"",
                1,
                14,
                "unpaired surrogate in \\u escape",
            ),
            ("\"\\ud800x\"", 1, 8, "unpaired surrogate in \\u escape"),
            ("\"\\udfff\"", 1, 8, "unpaired surrogate in \\u escape"),
            ("tru", 1, 1, "expected a value"),
            ("nulll", 1, 5, "unexpected text after the JSON value"),
            ("falsy", 1, 1, "expected a value"),
            ("True", 1, 1, "expected a value"),
            ("\r\n\t[\r\n\tnul]", 3, 2, "expected a value"),
            ("\"Ж😀\" x", 1, 6, "unexpected text after the JSON value"),
            (
                "{\"k\":\"«»\",\n  \"k2\": [tru]}",
                2,
                10,
                "expected a value",
            ),
        ] {
            let e = err(text);
            assert_eq!(
                (e.line, e.column, e.message),
                (line, column, message),
                "{text:?}"
            );
        }
    }

    #[test]
    fn tolerates_a_bom_and_keeps_numbers_as_written() {
        assert_eq!(ok("\u{feff} [] "), Value::Array(vec![]));
        assert_eq!(ok("-0.0E-3"), Value::Number("-0.0E-3".into()));
        assert_eq!(
            ok("123456789012345678901234567890"),
            Value::Number("123456789012345678901234567890".into())
        );
        assert_eq!(
            ok(r#""\b\f\r\t\u00e9\u20AC""#),
            Value::String("\u{8}\u{c}\r\té€".into())
        );
    }

    #[test]
    fn the_loaders_fields_read_as_the_same_value() {
        for text in [
            "null",
            "[]",
            "{}",
            r#"{"a": [1, {"b": null, "c": [true, false]}], "": "]", "}": "{", "d": [[], {}]}"#,
            "\"Клиника «Пример» \\u0000\"",
            r#"{"operator": {"name": "ООО «К»"}, "services": ["yandex_metrika", {"id": "x"}]}"#,
        ] {
            let value = ok(text);
            let fields = write_fields(&value);
            let mut iter = fields.iter().map(String::as_str);
            assert_eq!(
                read_fields(&mut iter).map(|n| n.value),
                Some(value),
                "{text}"
            );
        }
        assert_eq!(ok(r#""a\u0000b""#), Value::String("a\u{fffd}b".into()));
    }

    #[test]
    fn fields_that_are_not_a_value_or_nest_too_deeply_are_refused() {
        for fields in [
            &[][..],
            &[""],
            &["x"],
            &["["],
            &["[", "t"],
            &["{", "a", "t", "}"],
            &["{", "\"a"],
            &["{", "\"a", "]"],
            &["Ж"],
        ] {
            assert_eq!(read_fields(&mut fields.iter().copied()), None, "{fields:?}");
        }
        let deep: Vec<&str> = ["["; MAX_DEPTH + 1]
            .into_iter()
            .chain(["]"; MAX_DEPTH + 1])
            .collect();
        assert_eq!(read_fields(&mut deep.iter().copied()), None);
        let ok_depth: Vec<&str> = ["["; MAX_DEPTH]
            .into_iter()
            .chain(["]"; MAX_DEPTH])
            .collect();
        assert!(read_fields(&mut ok_depth.iter().copied()).is_some());
    }

    #[test]
    fn describes_errors_without_fmt() {
        let e = err("{\n  \"a\": tru\n}");
        assert_eq!(
            e.describe(),
            "invalid JSON at line 2, column 8: expected a value"
        );
        assert_eq!(e.to_string(), e.describe());
    }
}

/// Property tests (native only: proptest needs an OS random source).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// An error points into the text: at most one past the last character of its line.
    fn check_position(text: &str) {
        if let Err(e) = parse(text) {
            let text = text.strip_prefix('\u{feff}').unwrap_or(text);
            let line = text.split('\n').nth(e.line as usize - 1);
            let line = line.unwrap_or_else(|| panic!("{text:?}: no line {}", e.line));
            assert!(
                e.column >= 1 && e.column as usize <= line.chars().count() + 1,
                "{text:?}: {e}"
            );
        }
    }

    proptest! {
        #[test]
        fn parse_never_panics(text in "(?s).{0,200}") {
            check_position(&text);
        }

        #[test]
        fn parse_never_panics_on_near_json(text in r#"[\[\]{}":,0-9.eE+\-\\u tfnrsal\n\tЖ😀\u{feff}\u{1}]{0,64}"#) {
            check_position(&text);
        }

        #[test]
        fn the_loaders_fields_never_panic(fields in proptest::collection::vec("[\\[\\]{}\"#tfnЖa]{0,3}", 0..48)) {
            // Read, and decoded as a config, any fields at all are answered, never a panic.
            let _ = read_fields(&mut fields.iter().map(String::as_str));
            let _ = crate::core::config::Config::from_fields(&mut fields.iter().map(String::as_str));
        }

        #[test]
        fn written_strings_read_back(s in "\\PC{0,64}|[\u{0}-\u{7f}]{0,64}") {
            let mut out = String::new();
            push_string(&mut out, &s);
            // NUL reads as U+FFFD, as in the browser.
            let read = s.replace('\0', "\u{fffd}");
            prop_assert_eq!(parse(&out).map(|n| n.value), Ok(Value::String(read)));
        }
    }
}
