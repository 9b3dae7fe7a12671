//! Every shape that crosses the wire or the SDK bridge, as serde types: the
//! backend's answers (account, widget token, error), the widget-token
//! request, the widget's success payload and the widget's configuration.
//!
//! The interop modules move them with `serde-wasm-bindgen` (the browser's
//! `JSON.parse`, then `from_value`; `to_value` the other way); the pure
//! modules read them. Unknown fields are ignored and every field may be
//! missing. A member the component only shows or compares is a [`Scalar`],
//! read leniently: of the wrong type it counts as absent, never as an error.

use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

/// A JSON member read leniently: a string, an integer (kept as its decimal
/// text), or absent: missing, `null`, or of another type (a fraction, a
/// boolean, an array or an object).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) enum Scalar {
    /// Missing, `null` or of another type.
    #[default]
    Absent,
    /// A string, as sent.
    Text(String),
    /// An integer, written in decimal.
    Integer(String),
}

impl Scalar {
    /// The member's text, a string's or an integer's.
    pub(crate) fn text(&self) -> Option<&str> {
        match self {
            Self::Absent => None,
            Self::Text(text) | Self::Integer(text) => Some(text),
        }
    }

    /// The member's text when it is a string.
    pub(crate) fn string(&self) -> Option<&str> {
        match self {
            Self::Text(text) => Some(text),
            _ => None,
        }
    }
}

// Written by hand: serde's derive has no "any type, the wrong ones as
// absent" mode, and a buffering wrapper (such as serde_with's
// `DefaultOnError`) would cost the download far more than this visitor.
impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ScalarVisitor)
    }
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
        Ok(Scalar::Text(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Scalar, E> {
        Ok(Scalar::Text(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
        Ok(Scalar::Integer(v.to_string()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
        Ok(Scalar::Integer(v.to_string()))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Scalar, E> {
        Ok(Scalar::Absent)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Scalar, E> {
        Ok(Scalar::Absent)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Scalar, E> {
        Ok(Scalar::Absent)
    }

    fn visit_none<E: de::Error>(self) -> Result<Scalar, E> {
        Ok(Scalar::Absent)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Scalar, D::Error> {
        Scalar::deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scalar, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Scalar::Absent)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Scalar::Absent)
    }
}

/// Any answer of the backend: `{"account": {...}}` to
/// `GET accounts/{connectionId}`, `{"token": "..."}` to `POST widget-token`,
/// and `{"error": {"code", "message"}}` with an error status (or a 2xx). One
/// type for all three keeps one copy of the decoding code.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Answer {
    /// The error, when the backend reports one.
    pub(crate) error: Option<ErrorBody>,
    /// The account, in the shape of Aerosync's `GET /v2/accounts/{id}`.
    pub(crate) account: Option<AccountAnswer>,
    /// A widget token.
    pub(crate) token: Scalar,
}

/// `{"code", "message"}`: only the code is read (the message is the
/// backend's, never shown).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ErrorBody {
    /// Aerosync's error code, e.g. `AC-104`.
    pub(crate) code: Scalar,
}

/// The account members the component reads; `accountNumber`,
/// `routingNumber` and the rest are never read.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct AccountAnswer {
    pub(crate) account_nickname: Scalar,
    pub(crate) bank_name: Scalar,
    pub(crate) institution_name: Scalar,
    pub(crate) institution_uuid: Scalar,
    pub(crate) account_type: Scalar,
    pub(crate) account_number_display: Scalar,
    pub(crate) connection_status: Scalar,
    pub(crate) connection_expiry: Scalar,
}

/// The body of `POST widget-token`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct WidgetTokenRequest {
    pub(crate) aero_pass_user_uuid: String,
    pub(crate) connection_id: String,
}

/// The widget's success payload, in either of Aerosync's shapes:
/// `{connectionId, clientName, aeroPassUserUuid}`, or with multi-account
/// linking `{accounts: [{connectionId, accountType, accountNumberDisplay}],
/// ...}`. A payload whose `accounts` is not a list of objects is no payload.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct SuccessPayload {
    pub(crate) connection_id: Scalar,
    pub(crate) accounts: Option<Vec<LinkedAccount>>,
}

/// One account of a multi-account success payload.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct LinkedAccount {
    pub(crate) connection_id: Scalar,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_of_the_wrong_type_are_absent_and_unknown_members_ignored() {
        let text = r#"{"account":{"bankName":["x"],"accountNickname":{"a":[1]},"accountType":true,
            "accountNumberDisplay":1234,"connectionExpiry":1.5,"connectionStatus":" EXPIRED ","other":{}},"more":[1]}"#;
        let answer: Answer = serde_json::from_str(text).unwrap_or_default();
        let account = answer.account.unwrap_or_default();
        assert_eq!(account.bank_name, Scalar::Absent);
        assert_eq!(account.account_nickname, Scalar::Absent);
        assert_eq!(account.account_type, Scalar::Absent);
        assert_eq!(account.account_number_display, Scalar::Integer("1234".into()));
        assert_eq!(account.connection_expiry, Scalar::Absent);
        assert_eq!(account.connection_status.text(), Some(" EXPIRED "));
        assert_eq!(Scalar::Integer("7".into()).string(), None);
    }

    #[test]
    fn the_token_request_is_written_in_the_contracts_names() {
        let body = WidgetTokenRequest {
            aero_pass_user_uuid: "u-1".into(),
            connection_id: "c \"1\"".into(),
        };
        assert_eq!(
            serde_json::to_string(&body).unwrap_or_default(),
            r#"{"aeroPassUserUuid":"u-1","connectionId":"c \"1\""}"#
        );
    }
}
