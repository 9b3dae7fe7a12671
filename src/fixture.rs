//! The fixture account, shared by the Rust tests, the sandbox backend and the
//! end-to-end tests: `public/sandbox/account.json`, Aerosync's
//! `GET /v2/accounts/{connectionId}` answer, sensitive fields included.

use serde_json::Value;

use crate::status::Account;

/// The fixture file's text.
pub(crate) const ANSWER: &str = include_str!("../public/sandbox/account.json");

/// The whole answer, with `connectionStatus` and `accountNumberDisplay` set.
pub(crate) fn answer(status: &str, last4: &str) -> Value {
    let mut answer: Value = serde_json::from_str(ANSWER).unwrap_or_default();
    if let Some(account) = answer.get_mut("account").and_then(Value::as_object_mut) {
        account.insert("connectionStatus".into(), status.into());
        account.insert("accountNumberDisplay".into(), last4.into());
    }
    answer
}

/// The account object of [`answer`], with `extra` fields replaced or added.
pub(crate) fn account_json(status: &str, last4: &str, extra: &Value) -> Value {
    let mut account = answer(status, last4).get("account").cloned().unwrap_or_default();
    if let (Some(account), Some(extra)) = (account.as_object_mut(), extra.as_object()) {
        for (key, value) in extra {
            account.insert(key.clone(), value.clone());
        }
    }
    account
}

/// The fixture's account, read as the component reads it.
pub(crate) fn account(status: &str, last4: &str) -> Account {
    Account::from_value(&account_json(status, last4, &Value::Null))
}

/// A field of the fixture's account, e.g. its full `accountNumber`.
pub(crate) fn field(name: &str) -> String {
    answer("", "")["account"][name].as_str().unwrap_or_default().to_owned()
}
