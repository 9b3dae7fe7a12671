//! What of Aerosync's account answer reaches the browser: a typed allow-list.
//! A field not named here (`accountNumber`, `routingNumber`, anything Aerosync
//! adds later) is never read, so it is never sent on. Every text that is sent
//! is cut to [`MAX_TEXT`] characters and loses its runs of five or more
//! digits, so an account number typed into a nickname never leaves; the
//! expiry is rebuilt from the numbers it parses to, and the institution's id
//! passes unchanged only when it is a UUID.

use serde::{Deserialize, Deserializer, Serialize};

/// The longest text sent to the browser, in characters.
pub const MAX_TEXT: usize = 128;

/// What stands in for a run of five or more digits: always four bullets,
/// whatever the run's length, so not even the length leaves.
pub const MASK: &str = "••••";

/// The safe fields of an account, in Aerosync's names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SafeAccount {
    /// E.g. "Chase Checking".
    #[serde(default, deserialize_with = "text", skip_serializing_if = "Option::is_none")]
    pub account_nickname: Option<String>,
    /// At most the last four digits of the masked number.
    #[serde(default, deserialize_with = "last_four", skip_serializing_if = "Option::is_none")]
    pub account_number_display: Option<String>,
    /// E.g. "CHECKING".
    #[serde(default, deserialize_with = "text", skip_serializing_if = "Option::is_none")]
    pub account_type: Option<String>,
    /// E.g. "Chase".
    #[serde(default, deserialize_with = "text", skip_serializing_if = "Option::is_none")]
    pub bank_name: Option<String>,
    /// E.g. "Chase".
    #[serde(default, deserialize_with = "text", skip_serializing_if = "Option::is_none")]
    pub institution_name: Option<String>,
    /// The institution's id: a UUID as it is, anything else as text.
    #[serde(
        default,
        deserialize_with = "institution_uuid",
        skip_serializing_if = "Option::is_none"
    )]
    pub institution_uuid: Option<String>,
    /// E.g. "CONNECTED", "EXPIRED_CONSENT".
    #[serde(default, deserialize_with = "text", skip_serializing_if = "Option::is_none")]
    pub connection_status: Option<String>,
    /// When consent ends, e.g. "2026-01-02T15:47:48Z": rebuilt from its
    /// parsed numbers (no fraction); absent when it is not a date.
    #[serde(default, deserialize_with = "timestamp", skip_serializing_if = "Option::is_none")]
    pub connection_expiry: Option<String>,
}

/// A string, or a number as its text; anything else counts as absent.
fn raw_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    Ok(match serde_json::Value::deserialize(deserializer)? {
        serde_json::Value::String(s) => Some(s),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

fn text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    Ok(raw_text(deserializer)?.map(|raw| scrub(&raw)).filter(|t| !t.is_empty()))
}

/// `raw` made safe to show: control characters dropped, every run of five or
/// more digits (of any script) replaced by [`MASK`], at most [`MAX_TEXT`]
/// characters, trimmed.
///
/// ```
/// use aerosync_reconnect_server::scrub;
/// assert_eq!(scrub("Checking 00100000987654321"), "Checking ••••");
/// assert_eq!(scrub("Savings 2024"), "Savings 2024");
/// ```
pub fn scrub(raw: &str) -> String {
    let mut out = String::new();
    let mut shown = 0usize;
    let mut chars = raw.chars().filter(|c| !c.is_control()).peekable();
    while shown < MAX_TEXT {
        let Some(c) = chars.next() else { break };
        if !c.is_numeric() {
            out.push(c);
            shown += 1;
            continue;
        }
        // A run of digits: kept when shorter than five, else one mask.
        let mut run = String::from(c);
        while let Some(d) = chars.next_if(|d| d.is_numeric()) {
            run.push(d);
        }
        let piece = if run.chars().count() >= 5 { MASK } else { &run };
        out.push_str(piece);
        shown += piece.chars().count();
    }
    out.chars().take(MAX_TEXT).collect::<String>().trim().to_owned()
}

/// The last (up to) four digits, whatever the masked form.
fn last_four<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    Ok(raw_text(deserializer)?.and_then(|display| {
        let digits: Vec<char> = display.chars().filter(char::is_ascii_digit).collect();
        let start = digits.len().saturating_sub(4);
        let last: String = digits.get(start..).unwrap_or_default().iter().collect();
        (!last.is_empty()).then_some(last)
    }))
}

/// A UUID (`8-4-4-4-12` hex digits) as it is; anything else scrubbed as text.
fn institution_uuid<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    Ok(raw_text(deserializer)?.and_then(|raw| {
        let groups: Vec<&str> = raw.split('-').collect();
        let lengths: Vec<usize> = groups.iter().map(|g| g.len()).collect();
        let is_uuid = lengths == [8, 4, 4, 4, 12] && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()));
        let safe = if is_uuid { raw } else { scrub(&raw) };
        (!safe.is_empty()).then_some(safe)
    }))
}

fn timestamp<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    Ok(raw_text(deserializer)?.and_then(|raw| rebuild_timestamp(raw.trim())))
}

/// `YYYY-MM-DD`, optionally followed by `THH:MM:SS`, a fraction (dropped) and
/// `Z` or `±HH:MM`, written again from its numbers; `None` for anything else.
fn rebuild_timestamp(raw: &str) -> Option<String> {
    let b = raw.as_bytes();
    let num = |from: usize, len: usize| -> Option<u32> {
        let part = b.get(from..from.checked_add(len)?)?;
        if !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(part).ok()?.parse().ok()
    };
    let at = |i: usize, c: u8| b.get(i) == Some(&c);
    let (year, month, day) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    if !at(4, b'-') || !at(7, b'-') || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let date = format!("{year:04}-{month:02}-{day:02}");
    if b.len() == 10 {
        return Some(date);
    }
    if !matches!(b.get(10), Some(b'T' | b't' | b' ')) || !at(13, b':') || !at(16, b':') {
        return None;
    }
    let (hour, minute, second) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut i = 19;
    if at(i, b'.') {
        i += 1;
        let digits = b.get(i..)?.iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        i += digits;
    }
    let offset = match b.get(i..)? {
        b"Z" | b"z" => "Z".to_owned(),
        [sign @ (b'+' | b'-'), ..] if b.len() == i + 6 && at(i + 3, b':') => {
            let (h, m) = (num(i + 1, 2)?, num(i + 4, 2)?);
            if h > 23 || m > 59 {
                return None;
            }
            format!("{}{h:02}:{m:02}", char::from(*sign))
        }
        _ => return None,
    };
    Some(format!("{date}T{hour:02}:{minute:02}:{second:02}{offset}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn only_the_allow_listed_fields_are_kept() {
        let answer = r#"{
            "accountNickname": "Chase Checking", "accountNumber": "00100000987654321",
            "routingNumber": "000000111", "accountNumberDisplay": "1234", "accountType": "CHECKING",
            "bankName": "Chase", "institutionName": "Chase", "institutionUuid": "253018d1-578b-4c79-bb85-48b666bbd6e0",
            "connectionStatus": "CONNECTED", "connectionExpiry": "2026-01-02T15:47:48Z",
            "someFieldAddedLater": {"secret": "x"}, "canFetchBalance": true
        }"#;
        let Ok(account) = serde_json::from_str::<SafeAccount>(answer) else {
            panic!("the documented answer reads")
        };
        let sent = serde_json::to_string(&account).unwrap_or_default();
        for gone in [
            "00100000987654321",
            "000000111",
            "someFieldAddedLater",
            "secret",
            "canFetchBalance",
        ] {
            assert!(!sent.contains(gone), "{gone} in {sent}");
        }
        assert!(sent.contains(r#""accountNickname":"Chase Checking""#), "{sent}");
        assert!(sent.contains(r#""connectionExpiry":"2026-01-02T15:47:48Z""#), "{sent}");
        assert!(
            sent.contains(r#""institutionUuid":"253018d1-578b-4c79-bb85-48b666bbd6e0""#),
            "{sent}"
        );
    }

    #[test]
    fn a_full_number_in_the_display_field_is_cut_to_four_digits() {
        let account: SafeAccount =
            serde_json::from_str(r#"{"accountNumberDisplay": "00100000987654321"}"#).unwrap_or_default();
        assert_eq!(account.account_number_display.as_deref(), Some("4321"));
        let account: SafeAccount = serde_json::from_str(r#"{"accountNumberDisplay": 1234}"#).unwrap_or_default();
        assert_eq!(account.account_number_display.as_deref(), Some("1234"));
    }

    #[test]
    fn odd_types_count_as_absent() {
        let account: SafeAccount =
            serde_json::from_str(r#"{"accountNickname": null, "bankName": ["x"], "accountType": {"a": 1}}"#)
                .unwrap_or_default();
        assert_eq!(account, SafeAccount::default());
    }

    #[test]
    fn numbers_in_texts_are_masked() {
        let answer = r#"{
            "accountNickname": "My 00100000987654321 acct", "bankName": "Bank ０１２３４５６",
            "institutionName": 123456789, "institutionUuid": "00100000987654321",
            "connectionStatus": "CONNECTED\u0000\u001b[31m", "accountType": "checking 12345"
        }"#;
        let account: SafeAccount = serde_json::from_str(answer).unwrap_or_default();
        assert_eq!(account.account_nickname.as_deref(), Some("My •••• acct"));
        assert_eq!(account.bank_name.as_deref(), Some("Bank ••••"));
        assert_eq!(account.institution_name.as_deref(), Some("••••"));
        assert_eq!(account.institution_uuid.as_deref(), Some("••••"));
        assert_eq!(account.connection_status.as_deref(), Some("CONNECTED[31m"));
        assert_eq!(account.account_type.as_deref(), Some("checking ••••"));
        assert_eq!(scrub("1234 5678"), "1234 5678", "runs of four stay");
        assert_eq!(scrub(&"a".repeat(10_000)).chars().count(), MAX_TEXT);
    }

    #[test]
    fn expiry_dates_are_rebuilt_or_dropped() {
        for (raw, want) in [
            ("2026-01-02T15:47:48Z", Some("2026-01-02T15:47:48Z")),
            ("2026-01-02T15:47:48.00100000987654321Z", Some("2026-01-02T15:47:48Z")),
            ("2026-01-02t15:47:48+05:30", Some("2026-01-02T15:47:48+05:30")),
            ("2026-01-02", Some("2026-01-02")),
            ("00100000987654321", None),
            ("2026-01-02T15:47:48Z00100000987654321", None),
            ("2026-13-02", None),
            ("2026-01-02T25:00:00Z", None),
            ("soon", None),
            ("", None),
        ] {
            assert_eq!(rebuild_timestamp(raw).as_deref(), want, "{raw}");
        }
    }

    proptest! {
        #[test]
        fn no_run_of_five_digits_survives(raw in "\\PC{0,300}") {
            let out = scrub(&raw);
            let mut run = 0;
            for c in out.chars() {
                run = if c.is_numeric() { run + 1 } else { 0 };
                prop_assert!(run < 5, "{out:?}");
            }
            prop_assert!(out.chars().count() <= MAX_TEXT);
        }

        #[test]
        fn timestamps_never_carry_long_digit_runs(raw in "[0-9T:.Z+-]{0,60}") {
            if let Some(out) = rebuild_timestamp(&raw) {
                prop_assert!(out.len() <= 25, "{out}");
                prop_assert!(!out.contains("00000"), "{out}");
            }
        }
    }
}
