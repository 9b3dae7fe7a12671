//! The backend contract, as pure functions: URLs, decoding answers, errors.
//!
//! The component calls the integrator's backend, never Aerosync:
//! - `GET {base}/accounts/{connectionId}`, answered in the shape of Aerosync's
//!   `GET /v2/accounts/{connectionId}`;
//! - `POST {base}/widget-token` with `{"aeroPassUserUuid", "connectionId"}`,
//!   answered `{"token": "..."}`.
//!
//! Errors come as an HTTP status and, ideally, `{"error": {"code", "message"}}`.

use thiserror::Error;

use crate::status::Account;
use crate::texts::Texts;
use crate::wire::{Answer, WidgetTokenRequest};

/// Why a request to the integrator's backend gave no usable answer.
///
/// `Display` is for developers; what the user reads comes from
/// [`Texts`](crate::Texts) (see [`ReconnectError`](crate::ReconnectError)).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ApiError {
    /// The request never got an answer (offline, DNS, CORS, connection reset).
    #[error("the backend could not be reached: {detail}")]
    Network {
        /// What the browser said, for developers (e.g. "Failed to fetch").
        detail: String,
    },
    /// No answer arrived within the timeout; the request was abandoned.
    #[error("the backend did not answer within {timeout_ms} ms")]
    Timeout {
        /// The timeout of one attempt.
        timeout_ms: u32,
    },
    /// The request was cancelled (the component went away or started over).
    /// Never shown: a newer request replaced it.
    #[error("the request was cancelled")]
    Aborted,
    /// The backend answered with an error status (or a 2xx carrying an `error`).
    #[error("the backend answered HTTP {status}{}", code.as_deref().map(|c| format!(" with code {c}")).unwrap_or_default())]
    Http {
        /// The HTTP status.
        status: u16,
        /// Aerosync's error code from the body, e.g. `AC-104`, when there was one.
        code: Option<String>,
        /// Seconds from a `Retry-After` header, when there was one.
        retry_after: Option<u32>,
    },
    /// The answer was not in the contract's shape (HTML, empty, malformed JSON,
    /// no `account`).
    #[error("the backend's answer is not in the contract's shape")]
    Malformed,
    /// The widget-token answer had no usable token.
    #[error("the backend's widget-token answer has no token")]
    NoToken,
}

impl ApiError {
    /// Whether Aerosync said the connection needs to be reconnected (`AC-104`).
    pub fn means_reconnect(&self) -> bool {
        matches!(self, Self::Http { code: Some(code), .. } if code.eq_ignore_ascii_case("AC-104"))
    }

    /// Whether this failure may go away by itself (network, timeout, 429, 5xx).
    pub fn is_transient(&self) -> bool {
        match self {
            Self::Network { .. } | Self::Timeout { .. } => true,
            Self::Http { status, .. } => *status == 429 || (500..=599).contains(status),
            _ => false,
        }
    }

    /// What the user reads about this failure, in the words of `texts`.
    pub fn user_message<'t>(&self, texts: &'t Texts) -> &'t str {
        match self {
            Self::Network { .. } => &texts.network,
            Self::Timeout { .. } => &texts.timeout,
            Self::Aborted => &texts.aborted,
            Self::Malformed => &texts.malformed,
            Self::NoToken => &texts.no_token,
            Self::Http { status, code, .. } => {
                let is = |wanted: &str| code.as_deref().is_some_and(|c| c.eq_ignore_ascii_case(wanted));
                match *status {
                    _ if is("AC-104") => &texts.bank_connection_issue,
                    _ if is("AC-103") => &texts.bank_incomplete,
                    404 => &texts.not_found,
                    _ if is("AC-102") => &texts.not_found,
                    401 | 403 => &texts.refused,
                    _ if is("AC-001") || is("AC-101") => &texts.refused,
                    429 => &texts.too_many_requests,
                    500..=599 => &texts.server_error,
                    _ => &texts.request_failed,
                }
            }
        }
    }
}

/// A widget token: handed to the SDK, never shown, logged or kept.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct WidgetToken(pub String);

impl std::fmt::Debug for WidgetToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WidgetToken(<redacted>)")
    }
}

/// A decoded answer of the backend.
#[derive(Debug)]
pub(crate) enum Reply {
    /// `GET {base}/accounts/{connectionId}`.
    Account(Account),
    /// `POST {base}/widget-token`.
    Token(WidgetToken),
}

/// How a call's answer decodes: from its HTTP status, `Retry-After` header
/// and body.
type Decoder = fn(u16, Option<&str>, Option<Answer>) -> Result<Reply, ApiError>;

/// One request to the backend: where it goes, its JSON body (a POST) or none
/// (a GET), and how its answer decodes.
pub(crate) struct Call {
    url: String,
    body: Option<WidgetTokenRequest>,
    decode: Decoder,
}

impl Call {
    /// `GET {base}/accounts/{connectionId}`.
    pub(crate) fn account(base: &str, connection_id: &str) -> Self {
        Self {
            url: accounts_url(base, connection_id),
            body: None,
            decode: |status, retry_after, body| decode_account(status, retry_after, body).map(Reply::Account),
        }
    }

    /// `POST {base}/widget-token` with `{"aeroPassUserUuid", "connectionId"}`.
    pub(crate) fn widget_token(base: &str, aero_pass_user_uuid: &str, connection_id: &str) -> Self {
        Self {
            url: widget_token_url(base),
            body: Some(WidgetTokenRequest {
                aero_pass_user_uuid: aero_pass_user_uuid.to_owned(),
                connection_id: connection_id.to_owned(),
            }),
            decode: |status, retry_after, body| {
                decode_token(status, retry_after, body).map(|token| Reply::Token(WidgetToken(token)))
            },
        }
    }

    /// Where the request goes.
    pub(crate) fn url(&self) -> &str {
        &self.url
    }

    /// The body of a POST, to send as JSON; `None` for a GET.
    pub(crate) fn body(&self) -> Option<&WidgetTokenRequest> {
        self.body.as_ref()
    }

    /// Decodes an answer: its HTTP status, `Retry-After` header and body,
    /// read as an [`Answer`] (`None` when the body is not JSON, or not an
    /// object of that shape).
    pub(crate) fn decode(
        &self,
        status: u16,
        retry_after: Option<&str>,
        body: Option<Answer>,
    ) -> Result<Reply, ApiError> {
        (self.decode)(status, retry_after, body)
    }
}

/// `{base}/accounts/{connectionId}`, with the id percent-encoded as one path
/// segment.
pub(crate) fn accounts_url(base: &str, connection_id: &str) -> String {
    let mut url = without_trailing_slashes(base).to_owned();
    url.push_str("/accounts/");
    url.push_str(&encode_segment(connection_id));
    url
}

/// `{base}/widget-token`.
pub(crate) fn widget_token_url(base: &str) -> String {
    let mut url = without_trailing_slashes(base).to_owned();
    url.push_str("/widget-token");
    url
}

/// `base` without the slashes it ends with.
fn without_trailing_slashes(base: &str) -> &str {
    let mut end = base.len();
    while end > 0 && base.as_bytes().get(end - 1) == Some(&b'/') {
        end -= 1;
    }
    // A '/' is one byte: `end` is always a character boundary.
    base.get(..end).unwrap_or(base)
}

/// Percent-encodes everything but RFC 3986's unreserved characters. A segment
/// of dots alone is encoded too, so that `..` can never climb the path.
fn encode_segment(segment: &str) -> String {
    let only_dots = !segment.is_empty() && segment.bytes().all(|b| b == b'.');
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        let unreserved = byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'~');
        if unreserved || (byte == b'.' && !only_dots) {
            out.push(char::from(byte));
        } else {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 15)]));
        }
    }
    out
}

/// Decodes the answer to `GET {base}/accounts/{id}`.
pub(crate) fn decode_account(
    status: u16,
    retry_after: Option<&str>,
    body: Option<Answer>,
) -> Result<Account, ApiError> {
    let answer = check_status(status, retry_after, body)?;
    answer.account.map(Account::from_answer).ok_or(ApiError::Malformed)
}

/// Decodes the answer to `POST {base}/widget-token`.
pub(crate) fn decode_token(status: u16, retry_after: Option<&str>, body: Option<Answer>) -> Result<String, ApiError> {
    let answer = check_status(status, retry_after, body).map_err(|e| match e {
        ApiError::Malformed => ApiError::NoToken,
        other => other,
    })?;
    match answer.token.string().map(str::trim) {
        Some(token) if !token.is_empty() => Ok(token.to_owned()),
        _ => Err(ApiError::NoToken),
    }
}

/// A 2xx whose body is an object with no `error` member gives that answer;
/// anything else gives the matching error.
fn check_status(status: u16, retry_after: Option<&str>, body: Option<Answer>) -> Result<Answer, ApiError> {
    let error = body.as_ref().and_then(|answer| answer.error.as_ref());
    if !(200..300).contains(&status) || error.is_some() {
        let code = error
            .and_then(|e| e.code.string())
            .map(|c| c.trim().chars().take(16).collect::<String>())
            .filter(|c| !c.is_empty());
        return Err(ApiError::Http {
            status: if (200..300).contains(&status) { 502 } else { status },
            code,
            retry_after: retry_after.and_then(parse_retry_after),
        });
    }
    body.ok_or(ApiError::Malformed)
}

/// `Retry-After` in seconds; an HTTP date or anything else is ignored.
pub(crate) fn parse_retry_after(value: &str) -> Option<u32> {
    value.trim().parse::<u32>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::status::ConnectionStatus;

    use crate::fixture::ANSWER as SAMPLE;

    #[test]
    fn connection_ids_are_one_encoded_path_segment() {
        assert_eq!(
            accounts_url("https://x.test/api", "abc-123"),
            "https://x.test/api/accounts/abc-123"
        );
        assert_eq!(accounts_url("/api///", "a/b?c#d"), "/api/accounts/a%2Fb%3Fc%23d");
        assert_eq!(accounts_url("/api", "é %"), "/api/accounts/%C3%A9%20%25");
        assert_eq!(accounts_url("/api", ".."), "/api/accounts/%2E%2E");
        assert_eq!(accounts_url("/api", "v1.2"), "/api/accounts/v1.2");
        assert_eq!(widget_token_url("/api/"), "/api/widget-token");
    }

    /// A body as the browser reads it: JSON, then the answer's shape.
    fn json(body: &str) -> Option<Answer> {
        serde_json::from_str(body).ok()
    }

    #[test]
    fn a_documented_answer_decodes_to_its_account() {
        let Ok(account) = decode_account(200, None, json(SAMPLE)) else {
            panic!("the documented sample decodes")
        };
        assert_eq!(account.status, ConnectionStatus::Expired);
        assert_eq!(account.label(&Texts::default()), "Chase Checking ••••1234");
    }

    #[test]
    fn error_statuses_keep_their_status_code_and_retry_after() {
        let body = r#"{"error":{"code":"AC-104","message":"We are having issues connecting to your bank."}}"#;
        let err = decode_account(503, Some("7"), json(body)).unwrap_err();
        assert_eq!(
            err,
            ApiError::Http {
                status: 503,
                code: Some("AC-104".into()),
                retry_after: Some(7)
            }
        );
        assert!(err.means_reconnect());
        let err = decode_account(404, None, json("<html>Not found</html>")).unwrap_err();
        assert_eq!(
            err,
            ApiError::Http {
                status: 404,
                code: None,
                retry_after: None
            }
        );
        assert_eq!(
            err.user_message(&Texts::default()),
            "We couldn't find this bank connection."
        );
        assert_eq!(err.to_string(), "the backend answered HTTP 404");
    }

    #[test]
    fn an_error_body_with_a_200_is_still_an_error() {
        let err = decode_account(200, None, json(r#"{"error":{"code":"AC-102"}}"#)).unwrap_err();
        assert!(matches!(err, ApiError::Http { code: Some(ref c), .. } if c == "AC-102"));
    }

    #[test]
    fn unreadable_answers_are_malformed() {
        for body in [
            "",
            "<html></html>",
            "{",
            "[]",
            "null",
            r#"{"status":"success"}"#,
            r#"{"account":"x"}"#,
        ] {
            assert_eq!(
                decode_account(200, None, json(body)),
                Err(ApiError::Malformed),
                "{body:?}"
            );
        }
    }

    #[test]
    fn tokens_must_be_non_empty_strings() {
        assert_eq!(decode_token(200, None, json(r#"{"token":"wt-1"}"#)), Ok("wt-1".into()));
        for body in [
            "",
            "{}",
            r#"{"token":""}"#,
            r#"{"token":null}"#,
            r#"{"token":5}"#,
            "<p>",
        ] {
            assert_eq!(decode_token(200, None, json(body)), Err(ApiError::NoToken), "{body:?}");
        }
        assert!(matches!(
            decode_token(500, None, json("")),
            Err(ApiError::Http { status: 500, .. })
        ));
    }

    #[test]
    fn each_call_goes_to_its_url_with_its_body_and_decodes_its_answer() {
        let status = Call::account("/api/", "c 1");
        assert_eq!((status.url(), status.body()), ("/api/accounts/c%201", None));
        let answer = r#"{"account":{"connectionStatus":"EXPIRED"}}"#;
        assert!(
            matches!(status.decode(200, None, json(answer)), Ok(Reply::Account(a)) if a.status == crate::ConnectionStatus::Expired)
        );
        assert!(matches!(
            status.decode(503, Some("2"), json("")),
            Err(ApiError::Http {
                status: 503,
                retry_after: Some(2),
                ..
            })
        ));

        let token = Call::widget_token("/api", "u-1", "c-1");
        assert_eq!(token.url(), "/api/widget-token");
        let body = token.body().map(|b| serde_json::to_string(b).unwrap_or_default());
        assert_eq!(
            body.as_deref(),
            Some(r#"{"aeroPassUserUuid":"u-1","connectionId":"c-1"}"#)
        );
        assert!(matches!(token.decode(200, None, json(r#"{"token":"wt"}"#)), Ok(Reply::Token(t)) if t.0 == "wt"));
        assert!(matches!(token.decode(200, None, json(answer)), Err(ApiError::NoToken)));
    }

    #[test]
    fn every_error_has_a_message_for_people_in_each_language() {
        for texts in [Texts::english(), Texts::spanish()] {
            let mut errors: Vec<ApiError> = [400, 401, 403, 404, 429, 500, 502, 503]
                .into_iter()
                .map(|status| ApiError::Http {
                    status,
                    code: None,
                    retry_after: None,
                })
                .collect();
            errors.extend([
                ApiError::Network { detail: "x".into() },
                ApiError::Timeout { timeout_ms: 1 },
                ApiError::Malformed,
                ApiError::NoToken,
            ]);
            for error in errors {
                let text = error.user_message(&texts);
                assert!(text.ends_with('.') && !text.contains("HTTP"), "{error:?}: {text}");
            }
        }
        assert!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT").is_none());
        assert_eq!(parse_retry_after(" 30 "), Some(30));
    }

    #[test]
    fn developers_read_the_status_and_code() {
        let error = ApiError::Http {
            status: 400,
            code: Some("AC-104".into()),
            retry_after: None,
        };
        assert_eq!(error.to_string(), "the backend answered HTTP 400 with code AC-104");
    }
}
