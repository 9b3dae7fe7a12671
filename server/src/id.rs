//! The connection id's grammar, checked before anything else: 1 to 128
//! characters from `A-Z a-z 0-9 - _ .`, not all dots. Anything else is
//! refused with a 400 and Aerosync is never called, so no id can change the
//! shape of the URL sent to Aerosync (no `/`, `%`, `?`, `#`, space, tab,
//! newline, `.` or `..` segment) and no two spellings name one connection.

use std::fmt;

/// The longest connection id accepted.
pub const MAX_LEN: usize = 128;

/// A connection id that follows the grammar.
///
/// ```
/// use aerosync_reconnect_server::ConnectionId;
/// assert!(ConnectionId::parse("conn-1").is_some());
/// assert!(ConnectionId::parse("conn-1\n").is_none());
/// assert!(ConnectionId::parse("..").is_none());
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ConnectionId(String);

impl ConnectionId {
    /// The id, if `raw` follows the grammar.
    pub fn parse(raw: &str) -> Option<Self> {
        let allowed = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.');
        let ok = (1..=MAX_LEN).contains(&raw.len()) && raw.bytes().all(allowed) && !raw.bytes().all(|b| b == b'.');
        ok.then(|| Self(raw.to_owned()))
    }

    /// The id itself.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The id shortened for logs: its first four characters and `…`, so that
    /// an operator can tell requests apart without the id in full.
    pub fn short(&self) -> String {
        short(&self.0)
    }
}

/// `raw`'s first four printable ASCII characters and `…` (the whole of a
/// shorter one): no id in full, and nothing that could start a log line of
/// its own.
pub(crate) fn short(raw: &str) -> String {
    let mut printable = raw.chars().filter(char::is_ascii_graphic);
    let mut out: String = printable.by_ref().take(4).collect();
    if printable.next().is_some() {
        out.push('…');
    }
    out
}

/// Shortened, as in logs: a `Debug` of a request never holds the id in full.
impl fmt::Debug for ConnectionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ConnectionId({})", self.short())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_grammar() {
        for good in ["conn-1", "a", "A_b.c-9", "..a", &"x".repeat(MAX_LEN)] {
            assert!(ConnectionId::parse(good).is_some(), "{good:?}");
        }
        for bad in [
            "",
            ".",
            "..",
            "...",
            "conn-1\n",
            ".\t.",
            "a/b",
            "a%2Fb",
            "a b",
            "a?b",
            "a#b",
            "ü",
            "conn-1 ",
            &"x".repeat(MAX_LEN + 1),
        ] {
            assert!(ConnectionId::parse(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn logs_get_a_short_form() {
        let id = ConnectionId::parse("conn-12345").map(|id| id.short());
        assert_eq!(id.as_deref(), Some("conn…"));
        assert_eq!(short("abc"), "abc");
        let debug = format!("{:?}", ConnectionId::parse("conn-12345"));
        assert!(!debug.contains("conn-12345"), "{debug}");
    }

    proptest! {
        /// Every id of the grammar is sent to Aerosync as it is, one path
        /// segment: none of its characters needs escaping in a URL path.
        #[test]
        fn every_grammar_id_is_one_unescaped_path_segment(id in "[A-Za-z0-9._-]{1,128}") {
            prop_assume!(!id.bytes().all(|b| b == b'.'));
            let parsed = ConnectionId::parse(&id);
            prop_assert!(parsed.is_some());
            let mut url = reqwest::Url::parse("https://api.test/v2/accounts/").map_err(|e| TestCaseError::fail(e.to_string()))?;
            if let Ok(mut segments) = url.path_segments_mut() {
                segments.pop_if_empty().push(&id);
            }
            prop_assert_eq!(url.as_str(), format!("https://api.test/v2/accounts/{id}"));
        }
    }
}
