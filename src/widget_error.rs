//! Errors the Aerosync widget reports through `onError`, as typed values.
//!
//! The widget sends strings like
//! `POLLING_TIMEOUT | Code: AR-100 | Message: No response received ...`.
//! Only the message part is ever shown; a string in any other form has no
//! message, so raw widget output never reaches the page.

use thiserror::Error;

use crate::status::clean_text;
use crate::texts::split_at_byte;

/// An error reported by the widget.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("the widget reported {}{}", kind.as_deref().unwrap_or("an error"), code.as_deref().map(|c| format!(" ({c})")).unwrap_or_default())]
pub struct WidgetError {
    /// The leading name, e.g. `POLLING_TIMEOUT`, when present.
    pub kind: Option<String>,
    /// The code, e.g. `AR-100`, when present.
    pub code: Option<String>,
    /// The widget's message, cleaned (long digit runs masked), when it had a
    /// readable one.
    pub message: Option<String>,
}

impl WidgetError {
    /// Parses a widget error string; never fails.
    pub(crate) fn parse(raw: &str) -> Self {
        let mut kind = None;
        let mut code = None;
        let mut message = None;
        // `rest` starts at the current piece; pieces end at a '|'.
        let mut rest = raw;
        let mut first = true;
        loop {
            let (piece, next) = match split_at_byte(rest, b'|') {
                Some((piece, next)) => (piece, Some(next)),
                None => (rest, None),
            };
            let part = piece.trim();
            if let Some(found) = strip_label(part, "code:") {
                code = short_token(found);
            } else if strip_label(part, "message:").is_some() {
                // The message may itself contain '|': keep everything after the label.
                let text = strip_label(rest.trim(), "message:").unwrap_or_default();
                message = Some(clean_text(text, 300)).filter(|m| !m.is_empty());
                break;
            } else if first {
                kind = short_token(part);
            }
            first = false;
            match next {
                Some(next) => rest = next,
                None => break,
            }
        }
        // A string with no recognised part at all is not in the widget's form.
        if code.is_none() && message.is_none() {
            kind = None;
        }
        Self { kind, code, message }
    }
}

fn strip_label<'a>(part: &'a str, label: &str) -> Option<&'a str> {
    let head = part.get(..label.len())?;
    head.eq_ignore_ascii_case(label)
        .then(|| part.get(label.len()..).unwrap_or("").trim())
}

/// A code or kind: letters, digits, `-` and `_` only, at most 32 of them.
fn short_token(text: &str) -> Option<String> {
    let ok =
        !text.is_empty() && text.len() <= 32 && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    ok.then(|| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_form_gives_its_three_parts() {
        let e = WidgetError::parse("POLLING_TIMEOUT | Code: AR-100 | Message: No response received from the user within the expected time frame. Please try again later.");
        assert_eq!(e.kind.as_deref(), Some("POLLING_TIMEOUT"));
        assert_eq!(e.code.as_deref(), Some("AR-100"));
        assert_eq!(
            e.message.as_deref().unwrap_or_default(),
            "No response received from the user within the expected time frame. Please try again later."
        );
    }

    #[test]
    fn a_message_containing_bars_is_kept_whole() {
        let e = WidgetError::parse("INCORRECT_CREDENTIALS | Code: AC-117 | Message: Wrong user | password.");
        assert_eq!(e.message.as_deref(), Some("Wrong user | password."));
    }

    #[test]
    fn labels_are_case_and_space_insensitive() {
        let e = WidgetError::parse("X|code:AR-500|MESSAGE:   Server down ");
        assert_eq!(e.code.as_deref(), Some("AR-500"));
        assert_eq!(e.message.as_deref(), Some("Server down"));
    }

    #[test]
    fn strings_in_other_forms_get_the_generic_message() {
        for raw in [
            "",
            "boom",
            "{\"a\":1}",
            "| | |",
            "Code: | Message:",
            "<img src=x onerror=alert(1)>",
        ] {
            let e = WidgetError::parse(raw);
            assert_eq!(e.message, None, "{raw:?}");
            assert_eq!(e.kind, None, "{raw:?}");
        }
    }

    #[test]
    fn a_code_without_a_message_keeps_the_code() {
        let e = WidgetError::parse("SERVER_ERROR | Code: AR-500");
        assert_eq!(e.code.as_deref(), Some("AR-500"));
        assert_eq!(e.message, None);
    }

    #[test]
    fn account_numbers_in_a_message_are_masked() {
        let e = WidgetError::parse("E | Code: X-1 | Message: Account 00100000987654321 failed");
        assert_eq!(e.message.as_deref(), Some("Account ••••4321 failed"));
        assert_eq!(e.to_string(), "the widget reported E (X-1)");
    }
}
