//! The failures a host is told about, as values it can `match`.
//!
//! `Display` is for developers (logs, error reports). What the user reads
//! comes from [`Texts`]: see [`ReconnectError::user_message`].

use thiserror::Error;

use crate::backend::ApiError;
use crate::texts::{fill, Texts};
use crate::widget_error::WidgetError;

/// Why the widget could not be opened.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum WidgetLoadError {
    /// The SDK module could not be imported (missing import map entry,
    /// network, CSP).
    #[error("the Aerosync SDK module could not be loaded: {detail}")]
    ModuleUnavailable {
        /// What the browser said, for developers.
        detail: String,
    },
    /// The module loaded but has no `initAeroSyncWidget`, or that gave no widget.
    #[error("the loaded module is not the Aerosync SDK")]
    NotAnSdk,
    /// `initAeroSyncWidget` or `launch()` threw.
    #[error("the Aerosync SDK failed to open the widget: {detail}")]
    LaunchFailed {
        /// What the SDK threw, for developers.
        detail: String,
    },
}

/// A failure the host's `on_error` receives; the user sees the matching text
/// at the same time.
///
/// ```
/// use aerosync_reconnect::{ApiError, ReconnectError, Texts};
///
/// fn report(error: &ReconnectError) -> String {
///     match error {
///         ReconnectError::Token(ApiError::Http { status: 401 | 403, .. }) => "sign the user in again".into(),
///         ReconnectError::Widget(reported) => format!("widget code {:?}", reported.code),
///         other => other.to_string(),
///     }
/// }
/// let error = ReconnectError::Status(ApiError::Timeout { timeout_ms: 10_000 });
/// assert_eq!(report(&error), "checking the connection's status failed");
/// assert_eq!(error.user_message(&Texts::default()), "The server took too long to answer. Please try again.");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ReconnectError {
    /// `GET accounts/{connectionId}` failed when first checking the status.
    #[error("checking the connection's status failed")]
    Status(#[source] ApiError),
    /// `POST widget-token` failed.
    #[error("getting a widget token failed")]
    Token(#[source] ApiError),
    /// The SDK could not be loaded or could not open the widget.
    #[error("opening the Aerosync widget failed")]
    WidgetUnavailable(#[source] WidgetLoadError),
    /// The widget reported an error (`{type, code, message}`).
    #[error("the Aerosync widget reported an error")]
    Widget(#[source] WidgetError),
    /// `GET accounts/{connectionId}` failed after the widget's success.
    #[error("checking the account after the widget's success failed")]
    Verify(#[source] ApiError),
    /// The widget reported success, but the backend still reports the
    /// connection as expired after every recheck.
    #[error("the backend still reports the connection as expired after the widget's success")]
    StillExpired,
}

impl ReconnectError {
    /// A short, stable name of the kind of failure: `status`, `token`,
    /// `widget-unavailable`, `widget`, `verify` or `still-expired`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Status(_) => "status",
            Self::Token(_) => "token",
            Self::WidgetUnavailable(_) => "widget-unavailable",
            Self::Widget(_) => "widget",
            Self::Verify(_) => "verify",
            Self::StillExpired => "still-expired",
        }
    }

    /// The code from outside, when there is one: Aerosync's error code from
    /// the backend (`AC-104`…) or the widget's (`AR-100`…).
    pub fn code(&self) -> Option<&str> {
        match self {
            Self::Status(e) | Self::Token(e) | Self::Verify(e) => match e {
                ApiError::Http { code, .. } => code.as_deref(),
                _ => None,
            },
            Self::Widget(e) => e.code.as_deref(),
            Self::WidgetUnavailable(_) | Self::StillExpired => None,
        }
    }

    /// The HTTP status, when the backend answered with an error status.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Self::Status(ApiError::Http { status, .. })
            | Self::Token(ApiError::Http { status, .. })
            | Self::Verify(ApiError::Http { status, .. }) => Some(*status),
            _ => None,
        }
    }

    /// The failure and its cause in one sentence, for developers (logs, error
    /// reports): `Display` of the failure, `": "`, then `Display` of its
    /// cause, when it has one. Never shown to the user.
    ///
    /// ```
    /// use aerosync_reconnect::{ApiError, ReconnectError};
    /// let error = ReconnectError::Status(ApiError::Malformed);
    /// assert_eq!(
    ///     error.developer_message(),
    ///     "checking the connection's status failed: the backend's answer is not in the contract's shape"
    /// );
    /// ```
    pub fn developer_message(&self) -> String {
        // The cause by its own type: `Error::source` would hand it over as
        // `dyn Error`, whose vtable brings every `Debug` formatter along.
        let cause = match self {
            Self::Status(e) | Self::Token(e) | Self::Verify(e) => Some(e.to_string()),
            Self::WidgetUnavailable(e) => Some(e.to_string()),
            Self::Widget(e) => Some(e.to_string()),
            Self::StillExpired => None,
        };
        let mut message = self.to_string();
        if let Some(cause) = cause {
            message.push_str(": ");
            message.push_str(&cause);
        }
        message
    }

    /// What the user reads about this failure, in the words of `texts`.
    pub fn user_message(&self, texts: &Texts) -> String {
        match self {
            Self::Status(e) | Self::Token(e) | Self::Verify(e) => e.user_message(texts).to_owned(),
            Self::WidgetUnavailable(WidgetLoadError::ModuleUnavailable { .. }) => texts.widget_unavailable.to_string(),
            Self::WidgetUnavailable(WidgetLoadError::NotAnSdk) => texts.widget_not_an_sdk.to_string(),
            Self::WidgetUnavailable(WidgetLoadError::LaunchFailed { .. }) => texts.widget_launch_failed.to_string(),
            Self::Widget(WidgetError {
                message: Some(message), ..
            }) => fill(&texts.widget_reported, &[("message", message)]),
            Self::Widget(_) => texts.widget_generic.to_string(),
            Self::StillExpired => texts.still_expired_detail.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::error::Error as _;

    use super::*;

    #[test]
    fn the_cause_is_kept_and_developers_read_it() {
        let error = ReconnectError::Token(ApiError::Http {
            status: 503,
            code: Some("AR-500".into()),
            retry_after: None,
        });
        assert_eq!(error.kind(), "token");
        assert_eq!(error.code(), Some("AR-500"));
        assert_eq!(error.http_status(), Some(503));
        let source = error.source().map(ToString::to_string);
        assert_eq!(
            source.as_deref(),
            Some("the backend answered HTTP 503 with code AR-500")
        );
        assert_eq!(
            error.developer_message(),
            "getting a widget token failed: the backend answered HTTP 503 with code AR-500"
        );
        assert_eq!(
            ReconnectError::StillExpired.developer_message(),
            ReconnectError::StillExpired.to_string()
        );
    }

    #[test]
    fn the_widget_message_shows_in_english_and_a_generic_sentence_in_spanish() {
        let reported = ReconnectError::Widget(WidgetError::parse(
            "POLLING_TIMEOUT | Code: AR-100 | Message: No response.",
        ));
        assert_eq!(reported.user_message(&Texts::english()), "No response.");
        assert_eq!(reported.code(), Some("AR-100"));
        assert_eq!(
            reported.user_message(&Texts::spanish()),
            "La ventana de conexión bancaria informó de un problema."
        );
        let unreadable = ReconnectError::Widget(WidgetError::parse("boom"));
        assert_eq!(
            unreadable.user_message(&Texts::english()),
            Texts::english().widget_generic
        );
    }

    #[test]
    fn every_failure_has_a_sentence_in_each_language() {
        let all = [
            ReconnectError::Status(ApiError::Malformed),
            ReconnectError::Token(ApiError::NoToken),
            ReconnectError::WidgetUnavailable(WidgetLoadError::ModuleUnavailable { detail: "x".into() }),
            ReconnectError::WidgetUnavailable(WidgetLoadError::NotAnSdk),
            ReconnectError::WidgetUnavailable(WidgetLoadError::LaunchFailed { detail: "x".into() }),
            ReconnectError::Widget(WidgetError::parse("")),
            ReconnectError::Verify(ApiError::Network { detail: "x".into() }),
            ReconnectError::StillExpired,
        ];
        for texts in [Texts::english(), Texts::spanish()] {
            for error in &all {
                assert!(error.user_message(&texts).ends_with('.'), "{error:?}");
            }
        }
    }
}
