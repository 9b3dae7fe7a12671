//! What the browser is told when something fails: always
//! `{"error": {"code", "message"}}`, where the code is Aerosync's when it sent
//! a well-formed one and the message is always this server's own fixed
//! sentence, never upstream text. The status follows one table, which the
//! crate's docs (`# Errors`) and the README show; `Refusal::upstream` is
//! that table for Aerosync's failures.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::upstream::{Endpoint, UpstreamError};

/// A failure as the browser gets it: a status, a code and a fixed sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The HTTP status.
    pub status: StatusCode,
    /// Aerosync's code, or one of this server's own.
    pub code: String,
    /// This server's sentence for the code.
    pub message: &'static str,
}

impl Refusal {
    /// One of this server's own refusals.
    pub(crate) fn own(status: StatusCode, code: &'static str) -> Self {
        Self {
            status,
            code: code.to_owned(),
            message: sentence(code),
        }
    }

    /// The table: what the browser is told when a call to Aerosync failed.
    pub(crate) fn upstream(error: &UpstreamError) -> Self {
        match error {
            UpstreamError::Timeout => Self::own(StatusCode::GATEWAY_TIMEOUT, "UPSTREAM_TIMEOUT"),
            UpstreamError::Status {
                endpoint: Endpoint::Account,
                status,
                code,
            } => {
                let passes = matches!(status, 400 | 404);
                let status = if passes {
                    StatusCode::from_u16(*status).unwrap_or(StatusCode::BAD_GATEWAY)
                } else {
                    StatusCode::BAD_GATEWAY
                };
                match code {
                    Some(code) => Self {
                        status,
                        code: code.as_str().to_owned(),
                        message: sentence(code.as_str()),
                    },
                    None => Self::own(status, "UPSTREAM_ERROR"),
                }
            }
            // No token: unreachable and timed out as such, else nothing of
            // the token endpoint's answer.
            UpstreamError::Token(cause) => match &**cause {
                UpstreamError::Timeout | UpstreamError::Unreachable(_) => Self::upstream(cause),
                _ => Self::own(StatusCode::BAD_GATEWAY, "UPSTREAM_ERROR"),
            },
            UpstreamError::Status { .. } => Self::own(StatusCode::BAD_GATEWAY, "UPSTREAM_ERROR"),
            UpstreamError::Unreachable(_) => Self::own(StatusCode::BAD_GATEWAY, "UPSTREAM_UNREACHABLE"),
            UpstreamError::Malformed | UpstreamError::TooLarge { .. } => {
                Self::own(StatusCode::BAD_GATEWAY, "UPSTREAM_MALFORMED")
            }
        }
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "error": { "code": self.code, "message": self.message } });
        let mut response = (self.status, Json(body)).into_response();
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        response
    }
}

/// The fixed sentence for a code: Aerosync's documented codes and this
/// server's own; any other code gets a general one.
pub fn sentence(code: &str) -> &'static str {
    match code {
        "AC-100" => "Aerosync could not read the request.",
        "AC-001" | "AC-101" => "Aerosync refused this server's credentials.",
        "AC-102" => "Aerosync does not know this connection.",
        "AC-103" => "The bank sent incomplete data.",
        "AC-104" => "Aerosync is having issues connecting to the bank: reconnect it.",
        "AC-105" | "AC-106" => "Aerosync cannot give this information for this connection.",
        "AC-204" => "The bank sent no account information: choose another bank.",
        "UPSTREAM_TIMEOUT" => "Aerosync did not answer in time.",
        "UPSTREAM_UNREACHABLE" => "Aerosync could not be reached.",
        "UPSTREAM_MALFORMED" => "Aerosync's answer could not be read.",
        "INVALID_CONNECTION_ID" => "The connection id is not valid.",
        "UNSUPPORTED_MEDIA_TYPE" => "The request must be sent as application/json.",
        "BAD_REQUEST" => "The request needs a connectionId.",
        "PAYLOAD_TOO_LARGE" => "The request is too large.",
        "FORBIDDEN" => "This connection does not belong to the signed-in user.",
        "BUSY" => "The server is busy: try again in a moment.",
        "NOT_FOUND" => "There is nothing here.",
        _ => "Aerosync answered with an error.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::upstream::AerosyncCode;

    fn account(status: u16, code: Option<&str>) -> Refusal {
        Refusal::upstream(&UpstreamError::Status {
            endpoint: Endpoint::Account,
            status,
            code: code.and_then(AerosyncCode::parse),
        })
    }

    #[test]
    fn account_400_and_404_pass_with_aerosyncs_code_and_our_sentence() {
        let r = account(400, Some("AC-104"));
        assert_eq!((r.status.as_u16(), r.code.as_str()), (400, "AC-104"));
        assert_eq!(r.message, sentence("AC-104"));
        let r = account(404, Some("AC-102"));
        assert_eq!((r.status.as_u16(), r.code.as_str()), (404, "AC-102"));
        let r = account(400, None);
        assert_eq!((r.status.as_u16(), r.code.as_str()), (400, "UPSTREAM_ERROR"));
    }

    #[test]
    fn other_upstream_statuses_become_502() {
        for status in [301, 307, 401, 403, 405, 422, 429, 500, 503, 200] {
            let r = account(status, Some("AC-101"));
            assert_eq!(r.status, StatusCode::BAD_GATEWAY, "{status}");
            assert_eq!(r.code, "AC-101");
        }
    }

    #[test]
    fn token_endpoints_never_pass_anything_on() {
        for endpoint in [Endpoint::Token, Endpoint::WidgetToken] {
            let r = Refusal::upstream(&UpstreamError::Status {
                endpoint,
                status: 400,
                code: AerosyncCode::parse("AC-100"),
            });
            assert_eq!((r.status.as_u16(), r.code.as_str()), (502, "UPSTREAM_ERROR"));
        }
    }

    #[test]
    fn deadline_unreachable_and_unreadable() {
        assert_eq!(Refusal::upstream(&UpstreamError::Timeout).status.as_u16(), 504);
        assert_eq!(Refusal::upstream(&UpstreamError::Malformed).code, "UPSTREAM_MALFORMED");
        assert_eq!(
            Refusal::upstream(&UpstreamError::TooLarge { limit: 1 }).status.as_u16(),
            502
        );
    }
}
