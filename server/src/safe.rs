//! What of Aerosync's account answer reaches the browser: a typed allow-list.
//! A field not named here (`accountNumber`, `routingNumber`, anything Aerosync
//! adds later) is never read, so it is never sent on.

use serde::{Deserialize, Deserializer, Serialize};

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
    /// The institution's id.
    #[serde(default, deserialize_with = "text", skip_serializing_if = "Option::is_none")]
    pub institution_uuid: Option<String>,
    /// E.g. "CONNECTED", "EXPIRED_CONSENT".
    #[serde(default, deserialize_with = "text", skip_serializing_if = "Option::is_none")]
    pub connection_status: Option<String>,
    /// When consent ends, e.g. "2026-01-02T15:47:48Z".
    #[serde(default, deserialize_with = "text", skip_serializing_if = "Option::is_none")]
    pub connection_expiry: Option<String>,
}

/// A string, or a number as its text; anything else counts as absent.
fn text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    Ok(match serde_json::Value::deserialize(deserializer)? {
        serde_json::Value::String(s) => Some(s),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

/// The last (up to) four digits, whatever the masked form.
fn last_four<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    Ok(text(deserializer)?.and_then(|display| {
        let digits: Vec<char> = display.chars().filter(char::is_ascii_digit).collect();
        let start = digits.len().saturating_sub(4);
        let last: String = digits.get(start..).unwrap_or_default().iter().collect();
        (!last.is_empty()).then_some(last)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_allow_listed_fields_are_kept() {
        let answer = r#"{
            "accountNickname": "Chase Checking", "accountNumber": "00100000987654321",
            "routingNumber": "000000111", "accountNumberDisplay": "1234", "accountType": "CHECKING",
            "bankName": "Chase", "institutionName": "Chase", "institutionUuid": "u-1",
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
}
