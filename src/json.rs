//! A small JSON reader and string writer, for the backend's answers and the
//! widget's payloads.
//!
//! The component reads a handful of string fields; a general JSON library
//! (with float parsing and formatting and a derive machinery) would be most of
//! its download. Numbers are kept as their text, never converted. Pure:
//! tested natively, and by property tests against arbitrary input.

/// A JSON value. Numbers keep their text; objects keep their members in
/// order (a repeated key: the last one counts, as in most readers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Json {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

/// Nesting deeper than this is refused, so no answer can exhaust the stack.
const MAX_DEPTH: usize = 64;

impl Json {
    /// Reads a whole JSON text; `None` if it is not exactly one valid value
    /// (surrounding white space allowed).
    pub(crate) fn parse(text: &str) -> Option<Json> {
        let mut reader = Reader {
            text,
            bytes: text.as_bytes(),
            at: 0,
        };
        let value = reader.value(0)?;
        reader.space();
        (reader.at == reader.bytes.len()).then_some(value)
    }

    /// The member `key` of an object.
    pub(crate) fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The text of a string.
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(text) => Some(text),
            _ => None,
        }
    }

    /// Whether this is an object.
    pub(crate) fn is_object(&self) -> bool {
        matches!(self, Json::Object(_))
    }
}

struct Reader<'a> {
    /// The text being read; `bytes` is the same text. Every run taken out of
    /// it starts and ends next to an ASCII byte, so on a char boundary.
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        if self.peek() == Some(byte) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn word(&mut self, word: &str, value: Json) -> Option<Json> {
        let end = self.at.checked_add(word.len())?;
        (self.bytes.get(self.at..end)? == word.as_bytes()).then(|| {
            self.at = end;
            value
        })
    }

    fn value(&mut self, depth: usize) -> Option<Json> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.space();
        match self.peek()? {
            b'n' => self.word("null", Json::Null),
            b't' => self.word("true", Json::Bool(true)),
            b'f' => self.word("false", Json::Bool(false)),
            b'"' => self.string().map(Json::String),
            b'[' => {
                self.at += 1;
                let mut items = Vec::new();
                self.space();
                if self.eat(b']') {
                    return Some(Json::Array(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.space();
                    if self.eat(b']') {
                        return Some(Json::Array(items));
                    }
                    if !self.eat(b',') {
                        return None;
                    }
                }
            }
            b'{' => {
                self.at += 1;
                let mut members = Vec::new();
                self.space();
                if self.eat(b'}') {
                    return Some(Json::Object(members));
                }
                loop {
                    self.space();
                    let key = self.string()?;
                    self.space();
                    if !self.eat(b':') {
                        return None;
                    }
                    members.push((key, self.value(depth + 1)?));
                    self.space();
                    if self.eat(b'}') {
                        return Some(Json::Object(members));
                    }
                    if !self.eat(b',') {
                        return None;
                    }
                }
            }
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, kept as text.
    fn number(&mut self) -> Option<Json> {
        let start = self.at;
        self.eat(b'-');
        if !self.eat(b'0') {
            if !matches!(self.peek(), Some(b'1'..=b'9')) {
                return None;
            }
            self.digits();
        }
        if self.eat(b'.') && !self.digits() {
            return None;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if !self.eat(b'+') {
                self.eat(b'-');
            }
            if !self.digits() {
                return None;
            }
        }
        let text = self.text.get(start..self.at)?;
        Some(Json::Number(text.to_owned()))
    }

    /// Skips digits; whether there was one.
    fn digits(&mut self) -> bool {
        let start = self.at;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
        self.at > start
    }

    fn string(&mut self) -> Option<String> {
        if !self.eat(b'"') {
            return None;
        }
        let mut out = String::new();
        loop {
            // Copy the run up to the next quote, backslash or control byte.
            let start = self.at;
            while self.peek().is_some_and(|b| b != b'"' && b != b'\\' && b >= 0x20) {
                self.at += 1;
            }
            out.push_str(self.text.get(start..self.at)?);
            match self.peek()? {
                b'"' => {
                    self.at += 1;
                    return Some(out);
                }
                b'\\' => {
                    self.at += 1;
                    let escape = self.peek()?;
                    self.at += 1;
                    match escape {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => out.push(self.unicode_escape()?),
                        _ => return None,
                    }
                }
                // A raw control character inside a string is not JSON.
                _ => return None,
            }
        }
    }

    /// After `\u`: four hex digits, or a surrogate pair written as two escapes.
    /// A lone surrogate becomes U+FFFD.
    fn unicode_escape(&mut self) -> Option<char> {
        let first = self.hex4()?;
        if (0xD800..0xDC00).contains(&first) {
            let rest = self.bytes.get(self.at..self.at + 2);
            if rest == Some(b"\\u".as_slice()) {
                let save = self.at;
                self.at += 2;
                let second = self.hex4()?;
                if (0xDC00..0xE000).contains(&second) {
                    let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                    return Some(char::from_u32(code).unwrap_or('\u{FFFD}'));
                }
                self.at = save;
            }
            return Some('\u{FFFD}');
        }
        Some(char::from_u32(first).unwrap_or('\u{FFFD}'))
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.bytes.get(self.at..self.at + 4)?;
        let mut value = 0;
        for &d in digits {
            value = value * 16 + char::from(d).to_digit(16)?;
        }
        self.at += 4;
        Some(value)
    }
}

#[cfg(test)]
impl From<&serde_json::Value> for Json {
    /// For tests written with `serde_json::json!`.
    fn from(value: &serde_json::Value) -> Self {
        use serde_json::Value;
        match value {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Number(n) => Json::Number(n.to_string()),
            Value::String(s) => Json::String(s.clone()),
            Value::Array(items) => Json::Array(items.iter().map(Json::from).collect()),
            Value::Object(members) => Json::Object(members.iter().map(|(k, v)| (k.clone(), Json::from(v))).collect()),
        }
    }
}

/// `text` as a JSON string, quotes included.
pub(crate) fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let n = u32::from(c) as usize;
                out.push_str("\\u00");
                out.push(char::from(HEX[n >> 4]));
                out.push(char::from(HEX[n & 15]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_read() {
        let json =
            Json::parse(r#" {"a": "x", "b": [1, -2.5e+3, true, false, null], "c": {"d": "\u00e9\ud83d\ude00\n"}} "#);
        let Some(json) = json else { panic!("valid JSON") };
        assert_eq!(json.get("a").and_then(Json::as_str), Some("x"));
        assert_eq!(
            json.get("b"),
            Some(&Json::Array(vec![
                Json::Number("1".into()),
                Json::Number("-2.5e+3".into()),
                Json::Bool(true),
                Json::Bool(false),
                Json::Null,
            ]))
        );
        assert_eq!(
            json.get("c").and_then(|c| c.get("d")).and_then(Json::as_str),
            Some("é😀\n")
        );
        assert!(json.is_object());
    }

    #[test]
    fn the_last_of_repeated_keys_counts() {
        let json = Json::parse(r#"{"k": "first", "k": "last"}"#);
        assert_eq!(
            json.as_ref().and_then(|j| j.get("k")).and_then(Json::as_str),
            Some("last")
        );
    }

    #[test]
    fn anything_else_is_refused() {
        for text in [
            "",
            " ",
            "{",
            "}",
            "[1,]",
            "{\"a\":}",
            "{\"a\" 1}",
            "{a:1}",
            "01",
            "1.",
            "-",
            "1e",
            ".5",
            "+1",
            "\"\\x\"",
            "\"\\u12\"",
            "\"a\nb\"",
            "nul",
            "truex",
            "[1] [2]",
            "'x'",
            "<html>",
        ] {
            assert_eq!(Json::parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn deep_nesting_is_refused_without_overflowing() {
        let deep = "[".repeat(100_000);
        assert_eq!(Json::parse(&deep), None);
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(Json::parse(&ok).is_some());
    }

    #[test]
    fn lone_surrogates_become_replacement_characters() {
        let json = Json::parse(r#""\ud800x\udc00""#);
        assert_eq!(json.as_ref().and_then(Json::as_str), Some("\u{FFFD}x\u{FFFD}"));
    }

    #[test]
    fn quoted_strings_read_back_the_same() {
        for text in [
            "",
            "plain",
            "quote \" backslash \\ slash /",
            "line\nbreak\ttab\r",
            "\u{1}\u{1f}",
            "é😀",
        ] {
            assert_eq!(
                Json::parse(&quote(text)),
                Some(Json::String(text.to_owned())),
                "{text:?}"
            );
        }
    }
}
