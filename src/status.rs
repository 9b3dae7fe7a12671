//! Connection status values, the safe account snapshot and its label.
//!
//! Everything here is pure: it reads the backend's answer and never
//! keeps a full account number, routing number or token. Only the fields the
//! component needs are read, so `accountNumber` and `routingNumber` are never
//! copied out of a response.

use crate::texts::{fill, type_key, Texts};
use crate::wire::{AccountAnswer, Scalar};

/// The longest text taken from one field of a backend answer, in characters.
const MAX_FIELD_CHARS: usize = 120;

/// A connection's status, normalised from the many names Aerosync uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectionStatus {
    /// `CONNECTED` or `ACTIVE`: data flows.
    Healthy,
    /// `EXPIRED`, `EXPIRED_CONSENT` or `FAILURE`: consent ran out; offer reconnection.
    Expired,
    /// `REVOKED_BY_USER`: the user removed access at the bank; never refresh.
    Revoked,
    /// Anything else, including a missing or empty value. Holds a short, masked
    /// copy of what was sent, for diagnostics.
    Unknown(String),
}

impl ConnectionStatus {
    /// Normalises a status value: surrounding spaces are ignored, case does not
    /// matter, and spaces or hyphens inside count as underscores.
    pub(crate) fn parse(raw: &str) -> Self {
        let key: String = raw
            .trim()
            .chars()
            .map(|c| match c {
                ' ' | '-' => '_',
                other => other.to_ascii_uppercase(),
            })
            .collect();
        match key.as_str() {
            "CONNECTED" | "ACTIVE" => Self::Healthy,
            "EXPIRED" | "EXPIRED_CONSENT" | "FAILURE" => Self::Expired,
            "REVOKED_BY_USER" => Self::Revoked,
            _ => Self::Unknown(clean_text(raw, 40)),
        }
    }
}

/// What the component knows about the linked account: only what is safe to show
/// or compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// `accountNickname`, e.g. "Chase Checking".
    pub nickname: Option<String>,
    /// `bankName`.
    pub bank_name: Option<String>,
    /// `institutionName`.
    pub institution_name: Option<String>,
    /// `institutionUuid`.
    pub institution_uuid: Option<String>,
    /// `accountType` as sent, e.g. "CHECKING" or "checking".
    pub account_type: Option<String>,
    /// At most the last four digits of `accountNumberDisplay`.
    pub last_four: Option<String>,
    /// `connectionStatus`, normalised.
    pub status: ConnectionStatus,
    /// `connectionExpiry`, as sent.
    pub connection_expiry: Option<String>,
}

impl Account {
    /// Reads an account leniently: a member that is missing, `null`, empty
    /// or of the wrong type is treated as absent, never as an error.
    pub(crate) fn from_answer(answer: AccountAnswer) -> Self {
        Self {
            nickname: text_field(&answer.account_nickname),
            bank_name: text_field(&answer.bank_name),
            institution_name: text_field(&answer.institution_name),
            institution_uuid: text_field(&answer.institution_uuid),
            account_type: text_field(&answer.account_type),
            last_four: text_field(&answer.account_number_display).and_then(|d| last_four_digits(&d)),
            status: ConnectionStatus::parse(text_field(&answer.connection_status).as_deref().unwrap_or("")),
            connection_expiry: text_field(&answer.connection_expiry),
        }
    }

    /// Reads a `serde_json` value, for tests; not an object reads as `{}`.
    #[cfg(test)]
    pub(crate) fn from_value(value: &serde_json::Value) -> Self {
        Self::from_answer(serde_json::from_value(value.clone()).unwrap_or_default())
    }

    /// The account's name for people, in the words of `texts`: the nickname,
    /// else the bank (or institution) name and the account type, then `••••`
    /// and the last four digits. Long digit runs are masked, so no full number
    /// can show.
    pub fn label(&self, texts: &Texts) -> String {
        let bank = self.bank_name.as_deref().or(self.institution_name.as_deref());
        // A type of separators only (`_`) names nothing.
        let kind = self
            .account_type
            .as_deref()
            .map(|t| texts.account_type_name(t))
            .filter(|kind| !kind.is_empty());
        let name = match (&self.nickname, bank, kind) {
            (Some(nickname), _, _) => nickname.clone(),
            (None, Some(bank), Some(kind)) => fill(&texts.label_bank_and_type, &[("bank", bank), ("type", &kind)]),
            (None, Some(bank), None) => bank.to_owned(),
            (None, None, Some(kind)) => fill(&texts.label_type_only, &[("type", &kind)]),
            (None, None, None) => texts.your_account.to_string(),
        };
        let name = clean_text(&name, 60);
        match &self.last_four {
            Some(last) => fill(&texts.label_with_digits, &[("name", &name), ("last4", last)]),
            None => name,
        }
    }

    /// The account type as a comparison key: lower case, `_` and spaces alike.
    pub(crate) fn account_type_key(&self) -> Option<String> {
        self.account_type.as_deref().map(type_key)
    }
}

/// A string or integer member, trimmed, at most [`MAX_FIELD_CHARS`] long.
fn text_field(member: &Scalar) -> Option<String> {
    let text = member.text()?.trim();
    (!text.is_empty()).then(|| text.chars().take(MAX_FIELD_CHARS).collect())
}

/// The last (up to four) digits of a masked account number such as "1234",
/// "****1234" or "xxxx-1234". `None` when it holds no digit.
fn last_four_digits(display: &str) -> Option<String> {
    let digits: Vec<char> = display.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return None;
    }
    let start = digits.len().saturating_sub(4);
    digits.get(start..).map(|d| d.iter().collect())
}

/// Makes outside text safe to show: bidirectional controls are removed (so
/// that no name can reorder the words or digits around it), other control
/// characters become spaces, runs of five or more digits (spaces or hyphens
/// between digits allowed) are masked to `••••` and their last four digits,
/// and the result is cut to `max` chars.
pub(crate) fn clean_text(raw: &str, max: usize) -> String {
    let all: Vec<char> = raw.chars().filter(|c| !is_bidi_control(*c)).collect();
    let start = all.iter().position(|c| !c.is_whitespace()).unwrap_or(all.len());
    let end = all
        .iter()
        .rposition(|c| !c.is_whitespace())
        .map_or(start, |last| last + 1);
    let chars: Vec<char> = all
        .get(start..end)
        .unwrap_or_default()
        .iter()
        .map(|&c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut out = String::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if !c.is_ascii_digit() {
            out.push(c);
            i += 1;
            continue;
        }
        // A run of digits, possibly split by single separators between digits.
        let mut end = i;
        let mut digits = Vec::new();
        while let Some(&d) = chars.get(end) {
            if d.is_ascii_digit() {
                digits.push(d);
                end += 1;
            } else if (d == ' ' || d == '-') && chars.get(end + 1).is_some_and(char::is_ascii_digit) {
                end += 1;
            } else {
                break;
            }
        }
        if digits.len() >= 5 {
            out.push_str("••••");
            out.extend(digits.iter().skip(digits.len() - 4));
        } else {
            out.extend(chars.get(i..end).unwrap_or_default());
        }
        i = end;
    }
    let mut cut: String = out.chars().take(max).collect();
    if char_count(&out) > max {
        cut.push('…');
    }
    cut
}

/// How many characters `text` has (its bytes that do not continue one).
pub(crate) fn char_count(text: &str) -> usize {
    text.bytes().filter(|b| b & 0xC0 != 0x80).count()
}

/// The embeddings, overrides, isolates and marks of Unicode's bidirectional
/// algorithm: U+202A–U+202E, U+2066–U+2069, U+200E, U+200F and U+061C.
pub(crate) fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture;
    use serde_json::{json, Value};

    #[test]
    fn every_documented_status_value_is_classified() {
        for raw in ["CONNECTED", "ACTIVE", "connected", " active ", "Active\n"] {
            assert_eq!(ConnectionStatus::parse(raw), ConnectionStatus::Healthy, "{raw:?}");
        }
        for raw in ["EXPIRED", "EXPIRED_CONSENT", "FAILURE", "expired consent", " failure"] {
            assert_eq!(ConnectionStatus::parse(raw), ConnectionStatus::Expired, "{raw:?}");
        }
        for raw in ["REVOKED_BY_USER", "revoked_by_user", "Revoked-By-User "] {
            assert_eq!(ConnectionStatus::parse(raw), ConnectionStatus::Revoked, "{raw:?}");
        }
    }

    #[test]
    fn unknown_and_empty_statuses_are_unknown() {
        for raw in ["", "   ", "PENDING", "REVOKED", "EXPIREDX", "✓"] {
            assert!(
                matches!(ConnectionStatus::parse(raw), ConnectionStatus::Unknown(_)),
                "{raw:?}"
            );
        }
    }

    #[test]
    fn the_documented_sample_gives_the_documented_label() {
        let account = crate::fixture::account("CONNECTED", "1234");
        assert_eq!(account.label(&Texts::default()), "Chase Checking ••••1234");
        assert_eq!(account.label(&Texts::spanish()), "Chase Checking ••••1234");
        assert_eq!(account.status, ConnectionStatus::Healthy);
        let debug = format!("{account:?}");
        for secret in [fixture::field("accountNumber"), fixture::field("routingNumber")] {
            assert!(secret.len() >= 9 && !debug.contains(&secret), "{debug}");
        }
    }

    #[test]
    fn label_falls_back_from_nickname_to_bank_and_type() {
        let from = |v| Account::from_value(&v).label(&Texts::default());
        assert_eq!(
            from(json!({"bankName": "Chase", "accountType": "checking", "accountNumberDisplay": "1234"})),
            "Chase Checking ••••1234"
        );
        assert_eq!(
            from(json!({"institutionName": "Ally", "accountType": "MONEY_MARKET"})),
            "Ally Money Market"
        );
        assert_eq!(from(json!({"bankName": "Chase"})), "Chase");
        assert_eq!(
            from(json!({"accountType": "SAVINGS", "accountNumberDisplay": "55"})),
            "Savings account ••••55"
        );
        assert_eq!(from(json!({})), "your bank account");
        let spanish = |v| Account::from_value(&v).label(&Texts::spanish());
        assert_eq!(
            spanish(json!({"bankName": "Chase", "accountType": "CHECKING", "accountNumberDisplay": "1234"})),
            "Cuenta corriente de Chase ••••1234"
        );
        assert_eq!(spanish(json!({"accountType": "SAVINGS"})), "Cuenta de ahorros");
        assert_eq!(spanish(json!({})), "tu cuenta bancaria");
        // A type of separators only names nothing.
        assert_eq!(spanish(json!({"accountType": "_"})), "tu cuenta bancaria");
        assert_eq!(from(json!({"bankName": "Ally", "accountType": " _ "})), "Ally");
        assert_eq!(from(json!({"accountNickname": null, "bankName": 7})), "7");
        assert_eq!(
            from(json!({"accountNickname": "  ", "bankName": ["x"]})),
            "your bank account"
        );
    }

    #[test]
    fn last_four_comes_from_any_masked_form_and_never_more() {
        let last = |d: Value| Account::from_value(&json!({ "accountNumberDisplay": d })).last_four;
        assert_eq!(last(json!("****1234")), Some("1234".into()));
        assert_eq!(last(json!("xxxx-1234")), Some("1234".into()));
        assert_eq!(last(json!(1234)), Some("1234".into()));
        assert_eq!(last(json!("00100000987654321")), Some("4321".into()));
        assert_eq!(last(json!("****")), None);
        assert_eq!(last(json!(null)), None);
    }

    #[test]
    fn long_digit_runs_in_names_are_masked() {
        let account = Account::from_value(
            &json!({"accountNickname": "Checking 0010 0000 9876 5432", "accountNumberDisplay": "5432"}),
        );
        assert_eq!(account.label(&Texts::default()), "Checking ••••5432 ••••5432");
        assert_eq!(clean_text("Savings 2024", 60), "Savings 2024");
        assert_eq!(clean_text("Bank\u{0}Name", 60), "Bank Name");
        assert_eq!(clean_text("abcdef", 3), "abc…");
    }

    #[test]
    fn bidirectional_controls_are_removed_from_outside_text() {
        for c in [
            '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
            '\u{200E}', '\u{200F}', '\u{061C}',
        ] {
            let raw = format!("{c}Chase{c} Checking{c}");
            assert_eq!(clean_text(&raw, 60), "Chase Checking", "U+{:04X}", u32::from(c));
        }
        let account =
            Account::from_value(&json!({"accountNickname": "\u{202E}Chase Checking", "accountNumberDisplay": "1234"}));
        assert_eq!(account.label(&Texts::default()), "Chase Checking ••••1234");
        // Right-to-left letters themselves stay.
        assert_eq!(clean_text("حسابي الجاري", 60), "حسابي الجاري");
    }

    #[test]
    fn account_type_key_ignores_case_and_separators() {
        let key = |t: &str| Account::from_value(&json!({ "accountType": t })).account_type_key();
        assert_eq!(key("CHECKING"), key("checking"));
        assert_eq!(key("MONEY_MARKET"), key("money market"));
        assert_ne!(key("CHECKING"), key("SAVINGS"));
    }
}
