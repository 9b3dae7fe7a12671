//! The state machine: phases, events, the effects each transition asks for, and
//! the screen each phase shows.
//!
//! [`Machine::handle`] is the only way the state changes. It never performs
//! side effects itself; it returns [`Effect`]s for the component to run, so
//! every transition is tested natively.

use std::fmt;

use crate::backend::ApiError;
use crate::status::{sentence_start, Account, ConnectionStatus};
use crate::verify::{verify, Verdict};
use crate::widget_error::{WidgetError, GENERIC_WIDGET_ERROR};

/// Delays before re-asking the backend when it still reports the connection
/// as expired right after a widget success (it may lag behind the widget).
pub const RECHECK_DELAYS_MS: [u32; 3] = [1_000, 1_500, 2_500];

/// A widget token: handed to the SDK, never shown, logged or kept.
#[derive(Clone, PartialEq, Eq)]
pub struct WidgetToken(pub String);

impl fmt::Debug for WidgetToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("WidgetToken(<redacted>)")
    }
}

/// Where the component is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    /// No connection id was given.
    Invalid,
    /// The first status request is in flight.
    Loading,
    /// The status request failed.
    LoadFailed(ApiError),
    /// The account is connected.
    Healthy,
    /// Consent expired; `closed_early` when the user just closed the widget.
    Expired {
        /// The user closed the widget without finishing.
        closed_early: bool,
    },
    /// The user removed access at the bank.
    Revoked,
    /// The backend sent a status the component does not know.
    Unknown,
    /// Getting a widget token and opening the widget.
    Launching,
    /// The widget is open.
    WidgetOpen,
    /// The widget reported success; asking the backend again.
    Verifying {
        /// The `connectionId` the widget reported.
        reported: Option<String>,
        /// How many rechecks were already scheduled.
        rechecks: usize,
    },
    /// The request after the widget's success failed.
    VerifyFailed {
        /// Why.
        error: ApiError,
        /// The `connectionId` the widget reported.
        reported: Option<String>,
    },
    /// The backend still reports the connection as expired after success.
    StillExpired,
    /// The same account is connected again.
    Reconnected,
    /// The user linked a different account.
    DifferentAccount,
    /// The widget could not be opened, or reported an error.
    WidgetFailed {
        /// The message to show.
        message: String,
        /// The error code, when the widget gave one.
        code: Option<String>,
    },
}

/// Something that happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Check the connection (on mount).
    Start,
    /// The status request finished.
    StatusLoaded(Result<Account, ApiError>),
    /// The user pressed "Reconnect your bank".
    ReconnectClicked,
    /// The user pressed "Try again".
    RetryClicked,
    /// The widget-token request finished.
    TokenLoaded(Result<WidgetToken, ApiError>),
    /// The SDK launched the widget.
    WidgetLaunched,
    /// The SDK could not be loaded, initialised or launched.
    WidgetLaunchFailed(String),
    /// The widget reported success, with the `connectionId` of its payload.
    WidgetSucceeded(Option<String>),
    /// The widget was closed.
    WidgetClosed,
    /// The widget reported an error.
    WidgetErrored(WidgetError),
    /// The status request after a success finished.
    VerifyLoaded(Result<Account, ApiError>),
    /// A scheduled recheck is due.
    RecheckDue,
}

/// What the host application is told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// The same account is connected again.
    Reconnected,
    /// The user linked a different account.
    DifferentAccount {
        /// The other connection the widget reported; the backend should discard it.
        stray_connection_id: Option<String>,
    },
    /// The user closed the widget without finishing.
    Closed,
    /// Something failed; the message is the one shown to the user.
    Error(String),
}

/// A side effect for the component to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// `GET {base}/accounts/{id}`, answered with [`Event::StatusLoaded`].
    FetchStatus,
    /// `POST {base}/widget-token`, answered with [`Event::TokenLoaded`].
    FetchToken,
    /// Open the widget with this token; answered with [`Event::WidgetLaunched`]
    /// or [`Event::WidgetLaunchFailed`], then the widget's own events.
    LaunchWidget(WidgetToken),
    /// Tear the widget down: closures, listener, overlay.
    CloseWidget,
    /// `GET {base}/accounts/{id}` after success, answered with [`Event::VerifyLoaded`].
    FetchForVerify,
    /// Send [`Event::RecheckDue`] after this many milliseconds.
    ScheduleRecheck(u32),
    /// Tell the host application.
    Notify(Notice),
}

/// The component's state: the connection, what is known of its account, and
/// the phase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Machine {
    connection_id: String,
    account: Option<Account>,
    phase: Phase,
}

impl Machine {
    /// A machine for one connection. The connection id never changes.
    pub fn new(connection_id: impl Into<String>) -> Self {
        Self {
            connection_id: connection_id.into(),
            account: None,
            phase: Phase::Loading,
        }
    }

    /// The connection this machine is about.
    pub fn connection_id(&self) -> &str {
        &self.connection_id
    }

    /// The account as first loaded.
    pub fn account(&self) -> Option<&Account> {
        self.account.as_ref()
    }

    /// The current phase.
    pub fn phase(&self) -> &Phase {
        &self.phase
    }

    /// Applies an event; returns the effects to run. Events that make no sense
    /// in the current phase (late, doubled or forged) change nothing.
    pub fn handle(&mut self, event: Event) -> Vec<Effect> {
        use Effect::*;
        let phase = std::mem::replace(&mut self.phase, Phase::Loading);
        let (next, effects) = match (phase, event) {
            (_, Event::Start) if self.connection_id.trim().is_empty() => (Phase::Invalid, vec![]),
            (_, Event::Start) => {
                self.account = None;
                (Phase::Loading, vec![CloseWidget, FetchStatus])
            }
            (Phase::Loading, Event::StatusLoaded(Ok(account))) => {
                let next = match account.status {
                    ConnectionStatus::Healthy => Phase::Healthy,
                    ConnectionStatus::Expired => Phase::Expired { closed_early: false },
                    ConnectionStatus::Revoked => Phase::Revoked,
                    ConnectionStatus::Unknown(_) => Phase::Unknown,
                };
                self.account = Some(account);
                (next, vec![])
            }
            (Phase::Loading, Event::StatusLoaded(Err(error))) if error.means_reconnect() => {
                (Phase::Expired { closed_early: false }, vec![])
            }
            (Phase::Loading, Event::StatusLoaded(Err(error))) => (Phase::LoadFailed(error), vec![]),
            (Phase::LoadFailed(_), Event::RetryClicked) => (Phase::Loading, vec![FetchStatus]),
            (
                Phase::Expired { .. } | Phase::StillExpired | Phase::DifferentAccount | Phase::WidgetFailed { .. },
                Event::ReconnectClicked | Event::RetryClicked,
            ) => (Phase::Launching, vec![FetchToken]),
            (Phase::Launching, Event::TokenLoaded(Ok(token))) => (Phase::Launching, vec![LaunchWidget(token)]),
            (Phase::Launching, Event::TokenLoaded(Err(error))) => self.widget_failed(error.to_string(), None),
            (Phase::Launching, Event::WidgetLaunched) => (Phase::WidgetOpen, vec![]),
            (Phase::Launching | Phase::WidgetOpen, Event::WidgetLaunchFailed(message)) => {
                self.widget_failed(message, None)
            }
            (Phase::WidgetOpen, Event::WidgetSucceeded(reported)) => (
                Phase::Verifying { reported, rechecks: 0 },
                vec![CloseWidget, FetchForVerify],
            ),
            (Phase::Launching | Phase::WidgetOpen, Event::WidgetClosed) => (
                Phase::Expired { closed_early: true },
                vec![CloseWidget, Notify(Notice::Closed)],
            ),
            (Phase::Launching | Phase::WidgetOpen, Event::WidgetErrored(error)) => {
                self.widget_failed(error.message, error.code)
            }
            (Phase::Verifying { reported, rechecks }, Event::VerifyLoaded(result)) => {
                self.decide(reported, rechecks, result)
            }
            (phase @ Phase::Verifying { .. }, Event::RecheckDue) => (phase, vec![FetchForVerify]),
            (Phase::VerifyFailed { reported, .. }, Event::RetryClicked) => {
                (Phase::Verifying { reported, rechecks: 0 }, vec![FetchForVerify])
            }
            (phase, _) => (phase, vec![]),
        };
        self.phase = next;
        effects
    }

    fn widget_failed(&self, message: String, code: Option<String>) -> (Phase, Vec<Effect>) {
        let message = if message.trim().is_empty() {
            GENERIC_WIDGET_ERROR.to_owned()
        } else {
            message
        };
        let notice = Notice::Error(message.clone());
        (
            Phase::WidgetFailed { message, code },
            vec![Effect::CloseWidget, Effect::Notify(notice)],
        )
    }

    fn decide(
        &mut self,
        reported: Option<String>,
        rechecks: usize,
        result: Result<Account, ApiError>,
    ) -> (Phase, Vec<Effect>) {
        let current = match result {
            Ok(current) => current,
            Err(error) => {
                let notice = Effect::Notify(Notice::Error(error.to_string()));
                return (Phase::VerifyFailed { error, reported }, vec![notice]);
            }
        };
        // Nothing was loaded before (the first answer was AC-104): whatever the
        // backend now reports for this very connection is its account.
        let original = self.account.get_or_insert_with(|| current.clone());
        match verify(&self.connection_id, original, reported.as_deref(), &current) {
            Verdict::Reconnected => {
                original.status = ConnectionStatus::Healthy;
                (Phase::Reconnected, vec![Effect::Notify(Notice::Reconnected)])
            }
            Verdict::DifferentAccount { stray_connection_id } => (
                Phase::DifferentAccount,
                vec![Effect::Notify(Notice::DifferentAccount { stray_connection_id })],
            ),
            Verdict::StillExpired => match RECHECK_DELAYS_MS.get(rechecks) {
                Some(&delay) => (
                    Phase::Verifying {
                        reported,
                        rechecks: rechecks + 1,
                    },
                    vec![Effect::ScheduleRecheck(delay)],
                ),
                None => (Phase::StillExpired, vec![]),
            },
            Verdict::Revoked => {
                original.status = ConnectionStatus::Revoked;
                (Phase::Revoked, vec![])
            }
            Verdict::Unknown => (Phase::Unknown, vec![]),
        }
    }

    /// What the user sees now.
    pub fn screen(&self) -> Screen {
        let label = self
            .account
            .as_ref()
            .map_or_else(|| "your bank account".to_owned(), Account::label);
        let label_start = sentence_start(&label);
        let kept = format!(
            "{label_start} stays linked here, but we can't get new information from your bank until you reconnect it."
        );
        let reconnect = |busy| {
            Some(Button {
                label: RECONNECT,
                event: Event::ReconnectClicked,
                busy,
            })
        };
        let retry = Some(Button {
            label: TRY_AGAIN,
            event: Event::RetryClicked,
            busy: false,
        });
        let screen = |tone, headline: String, details: Vec<String>, button| Screen {
            tone,
            headline,
            details,
            button,
        };
        match &self.phase {
            Phase::Invalid => screen(
                Tone::Error,
                "We can't check this bank connection.".into(),
                vec!["No connection was given to check.".into()],
                None,
            ),
            Phase::Loading => screen(Tone::Busy, "Checking your bank connection…".into(), vec![], None),
            Phase::LoadFailed(error) => screen(
                Tone::Error,
                "We couldn't check your bank connection.".into(),
                vec![error.to_string()],
                retry,
            ),
            Phase::Healthy => screen(Tone::Success, format!("{label_start} is connected"), vec![], None),
            Phase::Expired { closed_early } => {
                let mut details = vec![kept];
                if *closed_early {
                    details.push("The reconnection window was closed, so your account is still disconnected.".into());
                }
                screen(
                    Tone::Warning,
                    format!("Your connection to {label} has expired."),
                    details,
                    reconnect(false),
                )
            }
            Phase::Launching => screen(
                Tone::Warning,
                format!("Your connection to {label} has expired."),
                vec![kept],
                reconnect(true),
            ),
            Phase::WidgetOpen => screen(
                Tone::Warning,
                format!("Your connection to {label} has expired."),
                vec!["Finish reconnecting in the Aerosync window.".into()],
                reconnect(true),
            ),
            Phase::Revoked => screen(
                Tone::Neutral,
                "You removed this connection at your bank, so we can't access this account anymore.".into(),
                vec![format!(
                    "{label_start} stays on your list, but no new information will come from your bank."
                )],
                None,
            ),
            Phase::Unknown => screen(
                Tone::Neutral,
                "We can't show this connection's status right now.".into(),
                vec![],
                None,
            ),
            Phase::Verifying { .. } => screen(Tone::Busy, "Checking the reconnected account…".into(), vec![], None),
            Phase::VerifyFailed { error, .. } => screen(
                Tone::Error,
                "We couldn't check the reconnected account.".into(),
                vec![error.to_string()],
                retry,
            ),
            Phase::StillExpired => screen(
                Tone::Error,
                format!("Your connection to {label} is still expired."),
                vec!["Your bank hasn't confirmed the reconnection. Please try again.".into()],
                retry,
            ),
            Phase::Reconnected => screen(
                Tone::Success,
                format!("{label_start} is connected"),
                vec!["Your bank connection is working again.".into()],
                None,
            ),
            Phase::DifferentAccount => screen(
                Tone::Error,
                format!("That's a different account. Please reconnect {label}, the account you originally linked."),
                vec![],
                retry,
            ),
            Phase::WidgetFailed { message, code } => {
                let mut details = vec!["Your account is still disconnected.".to_owned()];
                if let Some(code) = code {
                    details.push(format!("Error code: {code}"));
                }
                screen(Tone::Error, message.clone(), details, retry)
            }
        }
    }
}

const RECONNECT: &str = "Reconnect your bank";
const TRY_AGAIN: &str = "Try again";

/// How a screen should look and be announced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Waiting: a busy indicator.
    Busy,
    /// Connected.
    Success,
    /// Needs the user's action.
    Warning,
    /// Something failed: announced at once.
    Error,
    /// Informational.
    Neutral,
}

impl Tone {
    /// The CSS modifier for this tone.
    pub fn class(self) -> &'static str {
        match self {
            Tone::Busy => "busy",
            Tone::Success => "success",
            Tone::Warning => "warning",
            Tone::Error => "error",
            Tone::Neutral => "neutral",
        }
    }
}

/// The one button a screen can have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Button {
    /// Its text.
    pub label: &'static str,
    /// The event a click sends.
    pub event: Event,
    /// Disabled and busy (never clickable while busy).
    pub busy: bool,
}

/// What the user sees: a headline, detail lines and at most one button.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Screen {
    /// How it looks and is announced.
    pub tone: Tone,
    /// The main sentence.
    pub headline: String,
    /// Further lines.
    pub details: Vec<String>,
    /// The action, if any.
    pub button: Option<Button>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn account(status: &str, last4: &str) -> Account {
        Account::from_json(&json!({
            "accountNickname": "Chase Checking", "accountNumberDisplay": last4, "accountType": "CHECKING",
            "bankName": "Chase", "institutionUuid": "u-1", "connectionStatus": status,
        }))
    }

    fn token() -> WidgetToken {
        WidgetToken("wt".into())
    }

    /// A machine in `phase`, after the events that lead there.
    fn expired() -> Machine {
        let mut m = Machine::new("c-1");
        assert_eq!(m.handle(Event::Start), vec![Effect::CloseWidget, Effect::FetchStatus]);
        m.handle(Event::StatusLoaded(Ok(account("EXPIRED_CONSENT", "1234"))));
        m
    }

    fn open() -> Machine {
        let mut m = expired();
        assert_eq!(m.handle(Event::ReconnectClicked), vec![Effect::FetchToken]);
        assert_eq!(
            m.handle(Event::TokenLoaded(Ok(token()))),
            vec![Effect::LaunchWidget(token())]
        );
        m.handle(Event::WidgetLaunched);
        assert_eq!(m.phase(), &Phase::WidgetOpen);
        m
    }

    fn verifying() -> Machine {
        let mut m = open();
        assert_eq!(
            m.handle(Event::WidgetSucceeded(Some("c-1".into()))),
            vec![Effect::CloseWidget, Effect::FetchForVerify]
        );
        m
    }

    #[test]
    fn loading_shows_the_checking_text() {
        let mut m = Machine::new("c-1");
        m.handle(Event::Start);
        assert_eq!(m.screen().headline, "Checking your bank connection…");
        assert_eq!(m.screen().tone, Tone::Busy);
    }

    #[test]
    fn an_empty_connection_id_is_invalid_and_requests_nothing() {
        let mut m = Machine::new("  ");
        assert_eq!(m.handle(Event::Start), vec![]);
        assert_eq!(m.phase(), &Phase::Invalid);
        assert_eq!(m.handle(Event::RetryClicked), vec![]);
    }

    #[test]
    fn each_status_leads_to_its_phase_and_text() {
        let cases = [
            ("ACTIVE", Phase::Healthy, "Chase Checking ••••1234 is connected"),
            (
                "EXPIRED",
                Phase::Expired { closed_early: false },
                "Your connection to Chase Checking ••••1234 has expired.",
            ),
            (
                "REVOKED_BY_USER",
                Phase::Revoked,
                "You removed this connection at your bank, so we can't access this account anymore.",
            ),
            (
                "NEW_THING",
                Phase::Unknown,
                "We can't show this connection's status right now.",
            ),
        ];
        for (status, phase, headline) in cases {
            let mut m = Machine::new("c-1");
            m.handle(Event::Start);
            assert_eq!(m.handle(Event::StatusLoaded(Ok(account(status, "1234")))), vec![]);
            assert_eq!(m.phase(), &phase);
            assert_eq!(m.screen().headline, headline);
        }
    }

    #[test]
    fn expired_offers_reconnect_and_says_the_account_is_kept() {
        let screen = expired().screen();
        assert_eq!(
            screen.button.as_ref().map(|b| (b.label, b.busy)),
            Some(("Reconnect your bank", false))
        );
        assert!(screen.details[0].contains("stays linked"));
    }

    #[test]
    fn revoked_and_unknown_offer_no_action_and_ignore_clicks() {
        for status in ["REVOKED_BY_USER", "??"] {
            let mut m = Machine::new("c-1");
            m.handle(Event::Start);
            m.handle(Event::StatusLoaded(Ok(account(status, "1234"))));
            assert_eq!(m.screen().button, None);
            assert_eq!(m.handle(Event::ReconnectClicked), vec![]);
            assert_eq!(m.handle(Event::RetryClicked), vec![]);
            assert_eq!(m.handle(Event::RecheckDue), vec![]);
        }
    }

    #[test]
    fn a_failed_status_request_offers_try_again_which_refetches() {
        let mut m = Machine::new("c-1");
        m.handle(Event::Start);
        m.handle(Event::StatusLoaded(Err(ApiError::Http {
            status: 500,
            code: None,
            retry_after: None,
        })));
        let screen = m.screen();
        assert_eq!(screen.tone, Tone::Error);
        assert_eq!(screen.button.map(|b| b.label), Some("Try again"));
        assert_eq!(m.handle(Event::RetryClicked), vec![Effect::FetchStatus]);
        assert_eq!(m.phase(), &Phase::Loading);
    }

    #[test]
    fn ac_104_on_load_means_expired() {
        let mut m = Machine::new("c-1");
        m.handle(Event::Start);
        m.handle(Event::StatusLoaded(Err(ApiError::Http {
            status: 400,
            code: Some("AC-104".into()),
            retry_after: None,
        })));
        assert_eq!(m.phase(), &Phase::Expired { closed_early: false });
        assert_eq!(m.screen().headline, "Your connection to your bank account has expired.");
    }

    #[test]
    fn the_button_is_busy_while_the_token_loads_and_clicks_are_ignored() {
        let mut m = expired();
        m.handle(Event::ReconnectClicked);
        assert_eq!(m.screen().button.map(|b| b.busy), Some(true));
        assert_eq!(m.handle(Event::ReconnectClicked), vec![]);
        assert_eq!(m.handle(Event::RetryClicked), vec![]);
    }

    #[test]
    fn one_widget_at_a_time() {
        let mut m = open();
        assert_eq!(m.handle(Event::ReconnectClicked), vec![]);
        assert_eq!(m.handle(Event::TokenLoaded(Ok(token()))), vec![]);
        assert_eq!(m.phase(), &Phase::WidgetOpen);
    }

    #[test]
    fn a_token_failure_is_a_widget_failure_with_try_again() {
        let mut m = expired();
        m.handle(Event::ReconnectClicked);
        let effects = m.handle(Event::TokenLoaded(Err(ApiError::NoToken)));
        assert_eq!(effects[0], Effect::CloseWidget);
        assert!(matches!(m.phase(), Phase::WidgetFailed { .. }));
        assert_eq!(m.screen().headline, ApiError::NoToken.to_string());
        assert_eq!(m.handle(Event::RetryClicked), vec![Effect::FetchToken]);
    }

    #[test]
    fn closing_early_returns_to_expired_with_a_note() {
        let mut m = open();
        assert_eq!(
            m.handle(Event::WidgetClosed),
            vec![Effect::CloseWidget, Effect::Notify(Notice::Closed)]
        );
        assert_eq!(m.phase(), &Phase::Expired { closed_early: true });
        assert!(m.screen().details.iter().any(|d| d.contains("still disconnected")));
        // The button works again.
        assert_eq!(m.handle(Event::ReconnectClicked), vec![Effect::FetchToken]);
    }

    #[test]
    fn a_widget_error_shows_its_message_and_code() {
        let mut m = open();
        m.handle(Event::WidgetErrored(WidgetError::parse(
            "POLLING_TIMEOUT | Code: AR-100 | Message: No response.",
        )));
        let screen = m.screen();
        assert_eq!(screen.headline, "No response.");
        assert!(screen.details.contains(&"Error code: AR-100".to_owned()));
        assert_eq!(screen.button.map(|b| b.label), Some("Try again"));
    }

    #[test]
    fn a_launch_failure_is_shown() {
        let mut m = expired();
        m.handle(Event::ReconnectClicked);
        m.handle(Event::TokenLoaded(Ok(token())));
        m.handle(Event::WidgetLaunchFailed(
            "We couldn't load the Aerosync widget.".into(),
        ));
        assert_eq!(m.screen().headline, "We couldn't load the Aerosync widget.");
    }

    #[test]
    fn a_failure_without_a_message_still_says_something() {
        let mut m = expired();
        m.handle(Event::ReconnectClicked);
        m.handle(Event::WidgetLaunchFailed(" ".into()));
        assert_eq!(m.screen().headline, GENERIC_WIDGET_ERROR);
    }

    #[test]
    fn success_then_same_account_is_reconnected() {
        let mut m = verifying();
        assert_eq!(m.screen().headline, "Checking the reconnected account…");
        let effects = m.handle(Event::VerifyLoaded(Ok(account("ACTIVE", "1234"))));
        assert_eq!(effects, vec![Effect::Notify(Notice::Reconnected)]);
        assert_eq!(m.phase(), &Phase::Reconnected);
        assert_eq!(m.screen().headline, "Chase Checking ••••1234 is connected");
        assert_eq!(m.connection_id(), "c-1");
    }

    #[test]
    fn success_with_another_account_is_rejected_and_try_again_relaunches() {
        let mut m = open();
        m.handle(Event::WidgetSucceeded(Some("c-9876".into())));
        let effects = m.handle(Event::VerifyLoaded(Ok(account("EXPIRED", "1234"))));
        assert_eq!(
            effects,
            vec![Effect::Notify(Notice::DifferentAccount {
                stray_connection_id: Some("c-9876".into())
            })]
        );
        assert_eq!(
            m.screen().headline,
            "That's a different account. Please reconnect Chase Checking ••••1234, the account you originally linked."
        );
        assert_eq!(m.connection_id(), "c-1");
        assert_eq!(
            m.account().map(Account::label).as_deref(),
            Some("Chase Checking ••••1234")
        );
        assert_eq!(m.handle(Event::RetryClicked), vec![Effect::FetchToken]);
    }

    #[test]
    fn a_different_account_behind_the_same_id_keeps_the_original_label() {
        let mut m = verifying();
        m.handle(Event::VerifyLoaded(Ok(account("ACTIVE", "9876"))));
        assert_eq!(m.phase(), &Phase::DifferentAccount);
        assert_eq!(m.account().and_then(|a| a.last_four.clone()).as_deref(), Some("1234"));
    }

    #[test]
    fn still_expired_is_rechecked_then_reported() {
        let mut m = verifying();
        for delay in RECHECK_DELAYS_MS {
            assert_eq!(
                m.handle(Event::VerifyLoaded(Ok(account("EXPIRED", "1234")))),
                vec![Effect::ScheduleRecheck(delay)]
            );
            assert_eq!(m.handle(Event::RecheckDue), vec![Effect::FetchForVerify]);
        }
        assert_eq!(m.handle(Event::VerifyLoaded(Ok(account("EXPIRED", "1234")))), vec![]);
        assert_eq!(m.phase(), &Phase::StillExpired);
        assert_eq!(m.screen().button.map(|b| b.label), Some("Try again"));
        assert_eq!(m.handle(Event::RetryClicked), vec![Effect::FetchToken]);
    }

    #[test]
    fn the_backend_catching_up_during_rechecks_is_a_reconnection() {
        let mut m = verifying();
        m.handle(Event::VerifyLoaded(Ok(account("EXPIRED", "1234"))));
        m.handle(Event::RecheckDue);
        m.handle(Event::VerifyLoaded(Ok(account("CONNECTED", "1234"))));
        assert_eq!(m.phase(), &Phase::Reconnected);
    }

    #[test]
    fn a_failed_verification_offers_to_check_again() {
        let mut m = verifying();
        let effects = m.handle(Event::VerifyLoaded(Err(ApiError::Network)));
        assert_eq!(
            effects,
            vec![Effect::Notify(Notice::Error(ApiError::Network.to_string()))]
        );
        assert_eq!(m.screen().headline, "We couldn't check the reconnected account.");
        assert_eq!(m.handle(Event::RetryClicked), vec![Effect::FetchForVerify]);
        assert!(matches!(m.phase(), Phase::Verifying { reported: Some(_), .. }));
    }

    #[test]
    fn late_or_doubled_widget_callbacks_change_nothing() {
        let mut m = verifying();
        let before = m.clone();
        assert_eq!(m.handle(Event::WidgetClosed), vec![]);
        assert_eq!(m.handle(Event::WidgetSucceeded(Some("c-2".into()))), vec![]);
        assert_eq!(m.handle(Event::WidgetErrored(WidgetError::parse("x"))), vec![]);
        assert_eq!(m, before);
        m.handle(Event::VerifyLoaded(Ok(account("ACTIVE", "1234"))));
        assert_eq!(m.handle(Event::VerifyLoaded(Ok(account("ACTIVE", "9876")))), vec![]);
        assert_eq!(m.phase(), &Phase::Reconnected);
    }

    #[test]
    fn revoked_after_success_stops_everything() {
        let mut m = verifying();
        m.handle(Event::VerifyLoaded(Ok(account("REVOKED_BY_USER", "1234"))));
        assert_eq!(m.phase(), &Phase::Revoked);
        assert_eq!(m.handle(Event::RetryClicked), vec![]);
    }

    #[test]
    fn no_branch_of_the_account_check_replaces_the_connection() {
        let answers: [Result<Account, ApiError>; 6] = [
            Ok(account("ACTIVE", "1234")),
            Ok(account("ACTIVE", "9876")),
            Ok(account("EXPIRED", "1234")),
            Ok(account("REVOKED_BY_USER", "1234")),
            Ok(account("NEW_THING", "1234")),
            Err(ApiError::Network),
        ];
        for reported in [Some("c-1"), Some("c-stray"), Some(""), None] {
            for answer in answers.clone() {
                let mut m = open();
                m.handle(Event::WidgetSucceeded(reported.map(str::to_owned)));
                m.handle(Event::VerifyLoaded(answer.clone()));
                assert_eq!(m.connection_id(), "c-1", "{reported:?} {answer:?}");
                assert_eq!(
                    m.account().map(Account::label).as_deref(),
                    Some("Chase Checking ••••1234")
                );
            }
        }
    }

    #[test]
    fn tokens_never_print() {
        let text = format!("{:?}", Effect::LaunchWidget(WidgetToken("secret-token".into())));
        assert!(!text.contains("secret-token"));
    }
}
