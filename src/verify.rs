//! The decision after the widget reports success.
//!
//! A success message is only a hint: any script on the page can forge one. The
//! backend's fresh answer for the original connection is the truth, and the
//! original `connectionId` is never replaced by the one the widget reports.

use crate::status::{Account, ConnectionStatus};
use crate::wire::{Scalar, SuccessPayload};

/// What the backend's fresh answer says about the reconnection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// The same account at the same institution is healthy again.
    Reconnected,
    /// The user linked another account (or the widget reported another
    /// connection). `stray_connection_id` is the connection the widget
    /// reported, when it differs from the original: the host's backend should
    /// discard it.
    DifferentAccount {
        /// The other connection the widget reported, if any.
        stray_connection_id: Option<String>,
    },
    /// The backend still reports the connection as expired.
    StillExpired,
    /// The backend now reports that the user revoked access.
    Revoked,
    /// The backend reports a status the component does not know.
    Unknown,
}

/// Decides what a widget success meant.
///
/// - `original_id` and `original`: the connection and account before the widget;
/// - `reported_id`: the `connectionId` of the widget's success payload, if any
///   (missing or empty means "no hint");
/// - `current`: the backend's fresh answer for `original_id`.
///
/// Fields missing on either side are not taken as evidence of a difference;
/// fields present on both must match.
pub(crate) fn verify(original_id: &str, original: &Account, reported_id: Option<&str>, current: &Account) -> Verdict {
    let reported = reported_id.map(str::trim).filter(|id| !id.is_empty());
    if let Some(reported) = reported {
        if reported != original_id.trim() {
            return Verdict::DifferentAccount {
                stray_connection_id: Some(reported.to_owned()),
            };
        }
    }
    match current.status {
        ConnectionStatus::Revoked => Verdict::Revoked,
        ConnectionStatus::Unknown(_) => Verdict::Unknown,
        ConnectionStatus::Expired => Verdict::StillExpired,
        ConnectionStatus::Healthy if same_account(original, current) => Verdict::Reconnected,
        ConnectionStatus::Healthy => Verdict::DifferentAccount {
            stray_connection_id: None,
        },
    }
}

/// The connection a widget success payload names, as a hint for the check
/// against `original_id`. Aerosync sends one of two shapes (see
/// [`SuccessPayload`]):
///
/// - `{connectionId, clientName, aeroPassUserUuid}`: that `connectionId`;
/// - with multi-account linking, `{accounts: [{connectionId, accountType,
///   accountNumberDisplay}], ...}`: `original_id` when any account names it,
///   else the first connection named.
///
/// Ids that are not non-empty strings of at most 200 characters give `None`
/// ("no hint"). Either way the backend decides.
pub(crate) fn reported_connection_id(payload: &SuccessPayload, original_id: &str) -> Option<String> {
    let id = |member: &Scalar| {
        let id = member.string()?.trim();
        (!id.is_empty() && crate::status::char_count(id) <= 200).then(|| id.to_owned())
    };
    if let Some(single) = id(&payload.connection_id) {
        return Some(single);
    }
    let named: Vec<String> = payload
        .accounts
        .iter()
        .flatten()
        .filter_map(|a| id(&a.connection_id))
        .collect();
    named
        .iter()
        .find(|named| named.as_str() == original_id.trim())
        .or(named.first())
        .cloned()
}

/// Same institution, same last four digits, same account type.
pub(crate) fn same_account(a: &Account, b: &Account) -> bool {
    same_institution(a, b)
        && agree(a.last_four.as_deref(), b.last_four.as_deref(), |x, y| x == y)
        && agree(
            a.account_type_key().as_deref(),
            b.account_type_key().as_deref(),
            |x, y| x == y,
        )
}

/// By `institutionUuid` when both have it, else by bank or institution name.
fn same_institution(a: &Account, b: &Account) -> bool {
    if let (Some(x), Some(y)) = (&a.institution_uuid, &b.institution_uuid) {
        return x.trim().eq_ignore_ascii_case(y.trim());
    }
    let names = |acc: &Account| -> Vec<String> {
        [&acc.bank_name, &acc.institution_name]
            .into_iter()
            .flatten()
            .map(|n| n.trim().to_ascii_lowercase())
            .collect()
    };
    let (left, right) = (names(a), names(b));
    left.is_empty() || right.is_empty() || left.iter().any(|n| right.contains(n))
}

fn agree<T: ?Sized>(a: Option<&T>, b: Option<&T>, eq: impl Fn(&T, &T) -> bool) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => eq(x, y),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn account(extra: Value) -> Account {
        Account::from_value(&crate::fixture::account_json("EXPIRED", "1234", &extra))
    }

    fn healthy(extra: Value) -> Account {
        let mut a = account(extra);
        a.status = ConnectionStatus::Healthy;
        a
    }

    #[test]
    fn same_account_healthy_again_is_reconnected() {
        let before = account(json!({}));
        assert_eq!(
            verify("c-1", &before, Some("c-1"), &healthy(json!({}))),
            Verdict::Reconnected
        );
        // Type in another case, padded id: still the same.
        assert_eq!(
            verify(
                "c-1",
                &before,
                Some(" c-1 "),
                &healthy(json!({"accountType": "checking"}))
            ),
            Verdict::Reconnected
        );
    }

    #[test]
    fn a_missing_or_empty_reported_id_defers_to_the_backend() {
        let before = account(json!({}));
        assert_eq!(verify("c-1", &before, None, &healthy(json!({}))), Verdict::Reconnected);
        assert_eq!(
            verify("c-1", &before, Some("  "), &healthy(json!({}))),
            Verdict::Reconnected
        );
        assert_eq!(verify("c-1", &before, None, &account(json!({}))), Verdict::StillExpired);
    }

    #[test]
    fn another_connection_id_is_a_different_account_whatever_the_backend_says() {
        let before = account(json!({}));
        for current in [
            healthy(json!({})),
            account(json!({})),
            account(json!({"connectionStatus": "REVOKED_BY_USER"})),
        ] {
            assert_eq!(
                verify("c-1", &before, Some("c-2"), &current),
                Verdict::DifferentAccount {
                    stray_connection_id: Some("c-2".into())
                }
            );
        }
    }

    #[test]
    fn another_account_behind_the_same_connection_is_a_different_account() {
        let before = account(json!({}));
        let different = Verdict::DifferentAccount {
            stray_connection_id: None,
        };
        assert_eq!(
            verify(
                "c-1",
                &before,
                Some("c-1"),
                &healthy(json!({"accountNumberDisplay": "9876"}))
            ),
            different
        );
        assert_eq!(
            verify("c-1", &before, Some("c-1"), &healthy(json!({"accountType": "SAVINGS"}))),
            different
        );
        assert_eq!(
            verify(
                "c-1",
                &before,
                Some("c-1"),
                &healthy(json!({"institutionUuid": "other"}))
            ),
            different
        );
        assert_eq!(
            verify(
                "c-1",
                &before,
                None,
                &healthy(json!({"institutionUuid": null, "bankName": "Ally", "institutionName": "Ally"}))
            ),
            different
        );
    }

    #[test]
    fn institution_names_are_compared_when_a_uuid_is_missing() {
        let before = account(json!({"institutionUuid": null}));
        assert_eq!(
            verify(
                "c",
                &before,
                None,
                &healthy(json!({"institutionUuid": null, "bankName": "CHASE "}))
            ),
            Verdict::Reconnected
        );
        assert_eq!(
            verify(
                "c",
                &before,
                None,
                &healthy(json!({"institutionUuid": null, "bankName": null, "institutionName": null}))
            ),
            Verdict::Reconnected
        );
    }

    #[test]
    fn the_reported_id_is_read_from_any_payload_form() {
        // As the bridge reads it: JSON text is parsed first; a payload of
        // another shape reads as `{}`.
        let reported = |payload: &Value| {
            let payload = match payload {
                Value::String(text) => serde_json::from_str(text).unwrap_or_default(),
                other => other.clone(),
            };
            reported_connection_id(&serde_json::from_value(payload).unwrap_or_default(), "c-1")
        };
        assert_eq!(
            reported(&json!({"connectionId": "c-1", "clientName": "x"})),
            Some("c-1".into())
        );
        assert_eq!(reported(&json!(r#"{"connectionId":"c-2"}"#)), Some("c-2".into()));
        // Multi-account linking: the original when any account names it,
        // else the first connection named, in either form.
        let accounts = |ids: &[&str]| json!({ "accounts": ids.iter().map(|id| json!({"connectionId": id, "accountType": "CHECKING", "accountNumberDisplay": "1234"})).collect::<Vec<_>>(), "clientName": "x" });
        assert_eq!(reported(&accounts(&["c-1"])), Some("c-1".into()));
        assert_eq!(reported(&accounts(&["c-9", "c-1"])), Some("c-1".into()));
        assert_eq!(reported(&accounts(&["c-9", "c-8"])), Some("c-9".into()));
        assert_eq!(
            reported(&Value::String(accounts(&["c-9"]).to_string())),
            Some("c-9".into())
        );
        assert_eq!(reported(&accounts(&[])), None);
        assert_eq!(reported(&json!({"accounts": [{"connectionId": 7}, "x", null]})), None);
        assert_eq!(reported(&json!({"accounts": {"connectionId": "c-9"}})), None);
        for payload in [
            json!(null),
            json!(5),
            json!("nope"),
            json!({}),
            json!({"connectionId": ""}),
            json!({"connectionId": 7}),
            json!([1]),
        ] {
            assert_eq!(reported(&payload), None, "{payload}");
        }
        assert_eq!(reported(&json!({ "connectionId": "x".repeat(201) })), None);
    }

    #[test]
    fn other_statuses_after_success() {
        let before = account(json!({}));
        assert_eq!(
            verify(
                "c",
                &before,
                None,
                &account(json!({"connectionStatus": "REVOKED_BY_USER"}))
            ),
            Verdict::Revoked
        );
        assert_eq!(
            verify("c", &before, None, &account(json!({"connectionStatus": "WHO_KNOWS"}))),
            Verdict::Unknown
        );
        assert_eq!(
            verify("c", &before, None, &account(json!({"connectionStatus": "FAILURE"}))),
            Verdict::StillExpired
        );
    }
}
