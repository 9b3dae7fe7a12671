//! The state machine: phases, events, the commands each transition asks for,
//! and the screen each phase shows.
//!
//! [`Machine::handle`] is the only way the state changes. It never performs
//! side effects itself; it returns [`Command`]s for the hook to run, so every
//! transition is tested natively. It holds no prose: [`Machine::screen`] puts
//! the words of a [`Texts`] on the current phase.

use crate::backend::{ApiError, Reply, WidgetToken};
use crate::error::{ReconnectError, WidgetLoadError};
use crate::expiry::{expires_soon, parse_timestamp};
use crate::status::{Account, ConnectionStatus};
use crate::texts::{fill, fill_line, Line, Texts};
use crate::verify::{verify, Verdict};
use crate::widget_error::WidgetError;

/// Delays before re-asking the backend when it still reports the connection
/// as expired right after a widget success (it may lag behind the widget).
pub(crate) const RECHECK_DELAYS_MS: [u32; 3] = [1_000, 1_500, 2_500];

/// Where the component is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Phase {
    /// No connection id was given.
    Invalid,
    /// The first status request is in flight.
    Loading,
    /// The status request failed.
    LoadFailed(ApiError),
    /// The account is connected; `warn` when its access ends within the
    /// warning window (or has ended while the backend still says connected).
    Healthy { warn: bool },
    /// Consent expired; `closed_early` when the user just closed the widget.
    Expired { closed_early: bool },
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
    VerifyFailed { error: ApiError, reported: Option<String> },
    /// The backend still reports the connection as expired after success.
    StillExpired,
    /// The same account is connected again.
    Reconnected,
    /// The user linked a different account.
    DifferentAccount,
    /// Getting a token, loading the widget, or the widget itself failed.
    WidgetFailed(ReconnectError),
}

/// Something that happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Event {
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
    WidgetLaunchFailed(WidgetLoadError),
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

impl Event {
    /// The event that brings the answer to the request `command` asked for
    /// (a [`Command::FetchToken`], or the account's status otherwise).
    pub(crate) fn answered(command: &Command, result: Result<Reply, ApiError>) -> Event {
        let account = |result: Result<Reply, ApiError>| match result? {
            Reply::Account(account) => Ok(account),
            Reply::Token(_) => Err(ApiError::Malformed),
        };
        match command {
            Command::FetchToken => Event::TokenLoaded(result.and_then(|reply| match reply {
                Reply::Token(token) => Ok(token),
                Reply::Account(_) => Err(ApiError::NoToken),
            })),
            Command::FetchForVerify => Event::VerifyLoaded(account(result)),
            _ => Event::StatusLoaded(account(result)),
        }
    }

    /// A request result that only says "cancelled": a newer request (or the
    /// end of the component) replaced it, so it changes nothing.
    fn is_abort(&self) -> bool {
        matches!(
            self,
            Event::StatusLoaded(Err(ApiError::Aborted))
                | Event::TokenLoaded(Err(ApiError::Aborted))
                | Event::VerifyLoaded(Err(ApiError::Aborted))
        )
    }
}

/// What the host application is told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Notice {
    /// The same account is connected again.
    Reconnected,
    /// The user linked a different account; the backend should discard the
    /// other connection the widget reported, if any.
    DifferentAccount { stray_connection_id: Option<String> },
    /// The user closed the widget without finishing.
    Closed,
    /// Something failed; the user sees the matching text.
    Error(ReconnectError),
}

/// A side effect for the hook to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Command {
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
pub(crate) struct Machine {
    connection_id: String,
    account: Option<Account>,
    phase: Phase,
    /// The widget flow renews access that has not expired yet.
    renewing: bool,
    /// Days before `connectionExpiry` from which to warn (0: never).
    warning_days: u32,
    /// The current time, set by the caller before each event.
    now_ms: i64,
}

impl Machine {
    /// A machine for one connection. The connection id never changes.
    pub(crate) fn new(connection_id: impl Into<String>) -> Self {
        Self {
            connection_id: connection_id.into(),
            account: None,
            phase: Phase::Loading,
            renewing: false,
            warning_days: 0,
            now_ms: 0,
        }
    }

    /// Warns this many days before access ends (0: never).
    pub(crate) fn with_expiry_warning(mut self, days: u32) -> Self {
        self.warning_days = days;
        self
    }

    /// Sets the current time, in milliseconds since the Unix epoch.
    pub(crate) fn set_now(&mut self, now_ms: i64) {
        self.now_ms = now_ms;
    }

    /// When access ends, as the backend last said, in ms since the epoch.
    pub(crate) fn expiry_ms(&self) -> Option<i64> {
        self.account
            .as_ref()
            .and_then(|a| a.connection_expiry.as_deref())
            .and_then(parse_timestamp)
    }

    /// The connection this machine is about.
    pub(crate) fn connection_id(&self) -> &str {
        &self.connection_id
    }

    /// The account as first loaded.
    #[cfg(test)]
    pub(crate) fn account(&self) -> Option<&Account> {
        self.account.as_ref()
    }

    /// The current phase.
    #[cfg(test)]
    pub(crate) fn phase(&self) -> &Phase {
        &self.phase
    }

    /// Whether the widget flow is under way (token, widget, verification).
    pub(crate) fn is_away(&self) -> bool {
        matches!(
            self.phase,
            Phase::Launching | Phase::WidgetOpen | Phase::Verifying { .. }
        )
    }

    /// The event a click on `action` sends.
    pub(crate) fn event_for(action: Action) -> Event {
        match action {
            Action::Reconnect => Event::ReconnectClicked,
            Action::Retry => Event::RetryClicked,
        }
    }

    /// Applies an event; returns the commands to run. Events that make no
    /// sense in the current phase (late, doubled, cancelled or forged) change
    /// nothing.
    pub(crate) fn handle(&mut self, event: Event) -> Vec<Command> {
        use Command::*;
        if event.is_abort() {
            return vec![];
        }
        let phase = std::mem::replace(&mut self.phase, Phase::Loading);
        let (next, commands) = match (phase, event) {
            (_, Event::Start) if self.connection_id.trim().is_empty() => (Phase::Invalid, vec![CloseWidget]),
            (_, Event::Start) => {
                self.account = None;
                self.renewing = false;
                (Phase::Loading, vec![CloseWidget, FetchStatus])
            }
            (Phase::Loading, Event::StatusLoaded(Ok(account))) => {
                let expiry = account.connection_expiry.as_deref().and_then(parse_timestamp);
                let next = match account.status {
                    ConnectionStatus::Healthy => Phase::Healthy {
                        warn: expires_soon(expiry, self.now_ms, self.warning_days),
                    },
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
            (Phase::Loading, Event::StatusLoaded(Err(error))) => {
                let notice = Notify(Notice::Error(ReconnectError::Status(error.clone())));
                (Phase::LoadFailed(error), vec![notice])
            }
            (Phase::LoadFailed(_), Event::RetryClicked) => (Phase::Loading, vec![FetchStatus]),
            (Phase::Healthy { warn: true }, Event::ReconnectClicked) => {
                self.renewing = true;
                (Phase::Launching, vec![FetchToken])
            }
            (Phase::Expired { .. }, Event::ReconnectClicked) => {
                self.renewing = false;
                (Phase::Launching, vec![FetchToken])
            }
            (
                Phase::StillExpired | Phase::DifferentAccount | Phase::WidgetFailed(_),
                Event::ReconnectClicked | Event::RetryClicked,
            ) => (Phase::Launching, vec![FetchToken]),
            (Phase::Launching, Event::TokenLoaded(Ok(token))) => (Phase::Launching, vec![LaunchWidget(token)]),
            (Phase::Launching, Event::TokenLoaded(Err(error))) => Self::widget_failed(ReconnectError::Token(error)),
            (Phase::Launching, Event::WidgetLaunched) => (Phase::WidgetOpen, vec![]),
            (Phase::Launching | Phase::WidgetOpen, Event::WidgetLaunchFailed(error)) => {
                Self::widget_failed(ReconnectError::WidgetUnavailable(error))
            }
            (Phase::WidgetOpen, Event::WidgetSucceeded(reported)) => (
                Phase::Verifying { reported, rechecks: 0 },
                vec![CloseWidget, FetchForVerify],
            ),
            (Phase::Launching | Phase::WidgetOpen, Event::WidgetClosed) => {
                let back = if self.renewing {
                    Phase::Healthy { warn: true }
                } else {
                    Phase::Expired { closed_early: true }
                };
                (back, vec![CloseWidget, Notify(Notice::Closed)])
            }
            (Phase::Launching | Phase::WidgetOpen, Event::WidgetErrored(error)) => {
                Self::widget_failed(ReconnectError::Widget(error))
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
        commands
    }

    fn widget_failed(error: ReconnectError) -> (Phase, Vec<Command>) {
        let notice = Notice::Error(error.clone());
        (
            Phase::WidgetFailed(error),
            vec![Command::CloseWidget, Command::Notify(notice)],
        )
    }

    fn decide(
        &mut self,
        reported: Option<String>,
        rechecks: usize,
        result: Result<Account, ApiError>,
    ) -> (Phase, Vec<Command>) {
        let mut current = match result {
            Ok(current) => current,
            Err(error) => {
                let notice = Command::Notify(Notice::Error(ReconnectError::Verify(error.clone())));
                return (Phase::VerifyFailed { error, reported }, vec![notice]);
            }
        };
        // Nothing was loaded before (the first answer was AC-104): whatever the
        // backend now reports for this very connection is its account.
        let original = self.account.get_or_insert_with(|| current.clone());
        match verify(&self.connection_id, original, reported.as_deref(), &current) {
            Verdict::Reconnected => {
                original.status = ConnectionStatus::Healthy;
                // Taken, not moved: `current` is then dropped whole.
                original.connection_expiry = current.connection_expiry.take();
                (Phase::Reconnected, vec![Command::Notify(Notice::Reconnected)])
            }
            Verdict::DifferentAccount { stray_connection_id } => (
                Phase::DifferentAccount,
                vec![Command::Notify(Notice::DifferentAccount { stray_connection_id })],
            ),
            Verdict::StillExpired => match RECHECK_DELAYS_MS.get(rechecks) {
                Some(&delay) => (
                    Phase::Verifying {
                        reported,
                        rechecks: rechecks + 1,
                    },
                    vec![Command::ScheduleRecheck(delay)],
                ),
                None => (
                    Phase::StillExpired,
                    vec![Command::Notify(Notice::Error(ReconnectError::StillExpired))],
                ),
            },
            Verdict::Revoked => {
                original.status = ConnectionStatus::Revoked;
                (Phase::Revoked, vec![])
            }
            Verdict::Unknown => (Phase::Unknown, vec![]),
        }
    }

    /// The account's label in the words of `texts`, once it is known.
    pub(crate) fn account_label(&self, texts: &Texts) -> Option<String> {
        self.account.as_ref().map(|a| a.label(texts))
    }

    /// What the user sees now, in the words of `texts`; `date` writes a
    /// moment (ms since the epoch) for the texts' language.
    pub(crate) fn screen(&self, texts: &Texts, date: &dyn Fn(i64) -> String) -> Screen {
        let label = self
            .account_label(texts)
            .unwrap_or_else(|| texts.your_account.to_string());
        let with_account = |template: &str| fill_line(template, &[("account", &label)]);
        let text = |t: &crate::texts::Text| Line::from(t.as_ref());
        let expiry = self.expiry_ms();
        let with_date = |template: &str, at: i64| Line::from(fill(template, &[("date", &date(at))]).as_str());
        // Healthy, access ending: when and what to do.
        let ending = |details: &mut Vec<Line>| {
            if let Some(at) = expiry {
                let template = if at <= self.now_ms {
                    &texts.expiry_passed
                } else {
                    &texts.expires_soon
                };
                details.push(with_date(template, at));
            }
        };
        let mut details = Vec::new();
        // The tone, the headline, and the action with whether it is busy.
        let (tone, headline, action) = match &self.phase {
            Phase::Invalid => {
                details.push(text(&texts.invalid_detail));
                (Tone::Error, text(&texts.invalid), None)
            }
            Phase::Loading => (Tone::Busy, text(&texts.loading), None),
            Phase::LoadFailed(error) => {
                details.push(Line::from(error.user_message(texts)));
                (Tone::Error, text(&texts.load_failed), Some((Action::Retry, false)))
            }
            Phase::Healthy { warn: false } => (Tone::Success, with_account(&texts.healthy), None),
            Phase::Healthy { warn: true } => {
                ending(&mut details);
                (
                    Tone::Warning,
                    with_account(&texts.healthy),
                    Some((Action::Reconnect, false)),
                )
            }
            Phase::Expired { closed_early } => {
                details.push(with_account(&texts.expired_kept));
                if *closed_early {
                    details.push(text(&texts.closed_early));
                }
                (
                    Tone::Warning,
                    with_account(&texts.expired),
                    Some((Action::Reconnect, false)),
                )
            }
            Phase::Launching | Phase::WidgetOpen => {
                let open = matches!(self.phase, Phase::WidgetOpen);
                if open {
                    details.push(text(&texts.widget_open));
                } else if self.renewing {
                    ending(&mut details);
                } else {
                    details.push(with_account(&texts.expired_kept));
                }
                let headline = if self.renewing { &texts.healthy } else { &texts.expired };
                (Tone::Warning, with_account(headline), Some((Action::Reconnect, true)))
            }
            Phase::Revoked => {
                details.push(with_account(&texts.revoked_detail));
                (Tone::Neutral, text(&texts.revoked), None)
            }
            Phase::Unknown => (Tone::Neutral, with_account(&texts.unknown), None),
            Phase::Verifying { .. } => (Tone::Busy, with_account(&texts.verifying), None),
            Phase::VerifyFailed { error, .. } => {
                details.push(Line::from(error.user_message(texts)));
                (
                    Tone::Error,
                    with_account(&texts.verify_failed),
                    Some((Action::Retry, false)),
                )
            }
            Phase::StillExpired => {
                details.push(text(&texts.still_expired_detail));
                (
                    Tone::Error,
                    with_account(&texts.still_expired),
                    Some((Action::Retry, false)),
                )
            }
            Phase::Reconnected => {
                details.push(text(&texts.reconnected));
                if let Some(at) = expiry.filter(|at| *at > self.now_ms) {
                    details.push(with_date(&texts.connected_until, at));
                }
                (Tone::Success, with_account(&texts.healthy), None)
            }
            Phase::DifferentAccount => (
                Tone::Error,
                with_account(&texts.different_account),
                Some((Action::Retry, false)),
            ),
            Phase::WidgetFailed(error) => {
                details.push(with_account(if self.renewing {
                    &texts.still_connected
                } else {
                    &texts.still_disconnected
                }));
                if let Some(code) = error.code() {
                    details.push(Line::from(fill(&texts.error_code, &[("code", code)]).as_str()));
                }
                (
                    Tone::Error,
                    Line::from(error.user_message(texts).as_str()),
                    Some((Action::Retry, false)),
                )
            }
        };
        let action = action.map(|(action, busy)| ScreenAction {
            label: match action {
                Action::Reconnect if self.renewing || matches!(self.phase, Phase::Healthy { .. }) => {
                    texts.reconnect_now.to_string()
                }
                Action::Reconnect => texts.reconnect.to_string(),
                Action::Retry => texts.try_again.to_string(),
            },
            action,
            busy,
        });
        Screen {
            tone,
            headline,
            details,
            action,
        }
    }
}

/// How a screen should look and be announced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Waiting: a busy indicator.
    Busy,
    /// Connected.
    Success,
    /// Needs the user's action.
    Warning,
    /// Something failed: announced at once (`role="alert"`).
    Error,
    /// Informational.
    Neutral,
}

impl Tone {
    /// The CSS modifier for this tone (`data-tone` on the component).
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

/// What the one action of a screen does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Open the widget ("Reconnect your bank").
    Reconnect,
    /// Try the failed step again ("Try again").
    Retry,
}

/// The one action a screen offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScreenAction {
    /// What it does.
    pub action: Action,
    /// Its label, from the texts.
    pub label: String,
    /// Under way: show it disabled and busy; clicks are ignored.
    pub busy: bool,
}

/// What the user sees: a headline, detail lines and at most one action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Screen {
    /// How it looks and is announced.
    pub tone: Tone,
    /// The main sentence.
    pub headline: Line,
    /// Further lines.
    pub details: Vec<Line>,
    /// The action, if any.
    pub action: Option<ScreenAction>,
}

impl Screen {
    /// Whether something is under way (a busy indicator, or a busy action).
    pub fn busy(&self) -> bool {
        self.tone == Tone::Busy || self.action.as_ref().is_some_and(|a| a.busy)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en() -> Texts {
        Texts::english()
    }

    #[test]
    fn the_first_screen_is_loading_whatever_the_connection() {
        // The component's markup is written for exactly this screen.
        for id in ["", "  ", "conn_1"] {
            let screen = Machine::new(id).screen(&en(), &|_| String::new());
            assert_eq!(screen.tone, Tone::Busy);
            assert_eq!(screen.headline.text(), en().loading);
            assert!(screen.details.is_empty());
            assert!(screen.action.is_none());
        }
    }

    /// Writes a moment as its ISO date, as a stand-in for the browser's formatter.
    fn date(ms: i64) -> String {
        format!("day {}", ms / 86_400_000)
    }

    use crate::fixture::account;

    fn network() -> ApiError {
        ApiError::Network {
            detail: "Failed to fetch".into(),
        }
    }

    fn token() -> WidgetToken {
        WidgetToken("wt".into())
    }

    /// A machine in `phase`, after the events that lead there.
    fn expired() -> Machine {
        let mut m = Machine::new("c-1");
        assert_eq!(m.handle(Event::Start), vec![Command::CloseWidget, Command::FetchStatus]);
        m.handle(Event::StatusLoaded(Ok(account("EXPIRED_CONSENT", "1234"))));
        m
    }

    fn open() -> Machine {
        let mut m = expired();
        assert_eq!(m.handle(Event::ReconnectClicked), vec![Command::FetchToken]);
        assert_eq!(
            m.handle(Event::TokenLoaded(Ok(token()))),
            vec![Command::LaunchWidget(token())]
        );
        m.handle(Event::WidgetLaunched);
        assert_eq!(m.phase(), &Phase::WidgetOpen);
        m
    }

    fn verifying() -> Machine {
        let mut m = open();
        assert_eq!(
            m.handle(Event::WidgetSucceeded(Some("c-1".into()))),
            vec![Command::CloseWidget, Command::FetchForVerify]
        );
        m
    }

    #[test]
    fn each_answer_comes_back_as_the_event_of_its_request() {
        let status = || Ok(Reply::Account(account("EXPIRED", "1234")));
        let reply = || Ok(Reply::Token(token()));
        assert_eq!(
            Event::answered(&Command::FetchStatus, status()),
            Event::StatusLoaded(Ok(account("EXPIRED", "1234")))
        );
        assert_eq!(
            Event::answered(&Command::FetchForVerify, status()),
            Event::VerifyLoaded(Ok(account("EXPIRED", "1234")))
        );
        assert_eq!(
            Event::answered(&Command::FetchToken, reply()),
            Event::TokenLoaded(Ok(token()))
        );
        assert_eq!(
            Event::answered(&Command::FetchStatus, Err(network())),
            Event::StatusLoaded(Err(network()))
        );
        // A reply of the other kind is a broken answer, never taken as this one.
        assert_eq!(
            Event::answered(&Command::FetchToken, status()),
            Event::TokenLoaded(Err(ApiError::NoToken))
        );
        assert_eq!(
            Event::answered(&Command::FetchStatus, reply()),
            Event::StatusLoaded(Err(ApiError::Malformed))
        );
    }

    #[test]
    fn loading_shows_the_checking_text() {
        let mut m = Machine::new("c-1");
        m.handle(Event::Start);
        assert_eq!(m.screen(&en(), &date).headline, "Checking your bank connection…");
        assert_eq!(m.screen(&en(), &date).tone, Tone::Busy);
    }

    #[test]
    fn an_empty_connection_id_is_invalid_and_requests_nothing() {
        let mut m = Machine::new("  ");
        assert_eq!(m.handle(Event::Start), vec![Command::CloseWidget]);
        assert_eq!(m.phase(), &Phase::Invalid);
        assert_eq!(m.handle(Event::RetryClicked), vec![]);
    }

    #[test]
    fn each_status_leads_to_its_phase_and_text() {
        let cases = [
            (
                "ACTIVE",
                Phase::Healthy { warn: false },
                "Chase Checking ••••1234 is connected",
            ),
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
                "We can't show the status of Chase Checking ••••1234 right now.",
            ),
        ];
        for (status, phase, headline) in cases {
            let mut m = Machine::new("c-1");
            m.handle(Event::Start);
            assert_eq!(m.handle(Event::StatusLoaded(Ok(account(status, "1234")))), vec![]);
            assert_eq!(m.phase(), &phase);
            assert_eq!(m.screen(&en(), &date).headline, headline);
        }
    }

    #[test]
    fn expired_offers_reconnect_and_says_the_account_is_kept() {
        let screen = expired().screen(&en(), &date);
        assert_eq!(
            screen.action.as_ref().map(|b| (b.label.as_str(), b.busy)),
            Some(("Reconnect your bank", false))
        );
        assert!(screen.details[0].text().contains("stays linked"));
    }

    #[test]
    fn revoked_and_unknown_offer_no_action_and_ignore_clicks() {
        for status in ["REVOKED_BY_USER", "??"] {
            let mut m = Machine::new("c-1");
            m.handle(Event::Start);
            m.handle(Event::StatusLoaded(Ok(account(status, "1234"))));
            assert_eq!(m.screen(&en(), &date).action, None);
            assert_eq!(m.handle(Event::ReconnectClicked), vec![]);
            assert_eq!(m.handle(Event::RetryClicked), vec![]);
            assert_eq!(m.handle(Event::RecheckDue), vec![]);
        }
    }

    #[test]
    fn a_failed_status_request_offers_try_again_which_refetches() {
        let mut m = Machine::new("c-1");
        m.handle(Event::Start);
        let error = ApiError::Http {
            status: 500,
            code: None,
            retry_after: None,
        };
        assert_eq!(
            m.handle(Event::StatusLoaded(Err(error.clone()))),
            vec![Command::Notify(Notice::Error(ReconnectError::Status(error)))]
        );
        let screen = m.screen(&en(), &date);
        assert_eq!(screen.tone, Tone::Error);
        assert_eq!(screen.action.map(|b| b.label).as_deref(), Some("Try again"));
        assert_eq!(m.handle(Event::RetryClicked), vec![Command::FetchStatus]);
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
        assert_eq!(
            m.screen(&en(), &date).headline,
            "Your connection to your bank account has expired."
        );
    }

    #[test]
    fn the_button_is_busy_while_the_token_loads_and_clicks_are_ignored() {
        let mut m = expired();
        m.handle(Event::ReconnectClicked);
        assert_eq!(m.screen(&en(), &date).action.map(|b| b.busy), Some(true));
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
        assert_eq!(
            effects,
            vec![
                Command::CloseWidget,
                Command::Notify(Notice::Error(ReconnectError::Token(ApiError::NoToken)))
            ]
        );
        assert!(matches!(m.phase(), Phase::WidgetFailed(_)));
        assert_eq!(m.screen(&en(), &date).headline, en().no_token.as_ref());
        assert_eq!(m.handle(Event::RetryClicked), vec![Command::FetchToken]);
    }

    #[test]
    fn closing_early_returns_to_expired_with_a_note() {
        let mut m = open();
        assert_eq!(
            m.handle(Event::WidgetClosed),
            vec![Command::CloseWidget, Command::Notify(Notice::Closed)]
        );
        assert_eq!(m.phase(), &Phase::Expired { closed_early: true });
        assert!(m
            .screen(&en(), &date)
            .details
            .iter()
            .any(|d| d.text().contains("still disconnected")));
        // The button works again.
        assert_eq!(m.handle(Event::ReconnectClicked), vec![Command::FetchToken]);
    }

    #[test]
    fn a_widget_error_shows_its_message_and_code() {
        let mut m = open();
        m.handle(Event::WidgetErrored(WidgetError::parse(
            "POLLING_TIMEOUT | Code: AR-100 | Message: No response.",
        )));
        let screen = m.screen(&en(), &date);
        assert_eq!(screen.headline, "No response.");
        assert!(screen.details.iter().any(|d| d == "Error code: AR-100"));
        assert_eq!(screen.action.map(|b| b.label).as_deref(), Some("Try again"));
    }

    #[test]
    fn a_launch_failure_is_shown() {
        let mut m = expired();
        m.handle(Event::ReconnectClicked);
        m.handle(Event::TokenLoaded(Ok(token())));
        m.handle(Event::WidgetLaunchFailed(WidgetLoadError::ModuleUnavailable {
            detail: "404".into(),
        }));
        assert_eq!(m.screen(&en(), &date).headline, en().widget_unavailable.as_ref());
    }

    #[test]
    fn a_failure_without_a_message_still_says_something() {
        let mut m = expired();
        m.handle(Event::ReconnectClicked);
        m.handle(Event::TokenLoaded(Ok(token())));
        m.handle(Event::WidgetLaunched);
        m.handle(Event::WidgetErrored(WidgetError::parse(" ")));
        assert_eq!(m.screen(&en(), &date).headline, en().widget_generic.as_ref());
    }

    #[test]
    fn success_then_same_account_is_reconnected() {
        let mut m = verifying();
        assert_eq!(
            m.screen(&en(), &date).headline,
            "Checking that Chase Checking ••••1234 is reconnected…"
        );
        let effects = m.handle(Event::VerifyLoaded(Ok(account("ACTIVE", "1234"))));
        assert_eq!(effects, vec![Command::Notify(Notice::Reconnected)]);
        assert_eq!(m.phase(), &Phase::Reconnected);
        assert_eq!(m.screen(&en(), &date).headline, "Chase Checking ••••1234 is connected");
        assert_eq!(m.connection_id(), "c-1");
    }

    #[test]
    fn success_with_another_account_is_rejected_and_try_again_relaunches() {
        let mut m = open();
        m.handle(Event::WidgetSucceeded(Some("c-9876".into())));
        let effects = m.handle(Event::VerifyLoaded(Ok(account("EXPIRED", "1234"))));
        assert_eq!(
            effects,
            vec![Command::Notify(Notice::DifferentAccount {
                stray_connection_id: Some("c-9876".into())
            })]
        );
        assert_eq!(
            m.screen(&en(), &date).headline,
            "That's a different account. Please reconnect Chase Checking ••••1234, the account you originally linked."
        );
        assert_eq!(m.connection_id(), "c-1");
        assert_eq!(
            m.account().map(|a| a.label(&en())).as_deref(),
            Some("Chase Checking ••••1234")
        );
        assert_eq!(m.handle(Event::RetryClicked), vec![Command::FetchToken]);
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
                vec![Command::ScheduleRecheck(delay)]
            );
            assert_eq!(m.handle(Event::RecheckDue), vec![Command::FetchForVerify]);
        }
        assert_eq!(
            m.handle(Event::VerifyLoaded(Ok(account("EXPIRED", "1234")))),
            vec![Command::Notify(Notice::Error(ReconnectError::StillExpired))]
        );
        assert_eq!(m.phase(), &Phase::StillExpired);
        assert_eq!(
            m.screen(&en(), &date).action.map(|b| b.label).as_deref(),
            Some("Try again")
        );
        assert_eq!(m.handle(Event::RetryClicked), vec![Command::FetchToken]);
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
        let effects = m.handle(Event::VerifyLoaded(Err(network())));
        assert_eq!(
            effects,
            vec![Command::Notify(Notice::Error(ReconnectError::Verify(network())))]
        );
        assert_eq!(
            m.screen(&en(), &date).headline,
            "We couldn't check Chase Checking ••••1234 after you reconnected it."
        );
        assert_eq!(m.handle(Event::RetryClicked), vec![Command::FetchForVerify]);
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
            Err(network()),
        ];
        for reported in [Some("c-1"), Some("c-stray"), Some(""), None] {
            for answer in answers.clone() {
                let mut m = open();
                m.handle(Event::WidgetSucceeded(reported.map(str::to_owned)));
                m.handle(Event::VerifyLoaded(answer.clone()));
                assert_eq!(m.connection_id(), "c-1", "{reported:?} {answer:?}");
                assert_eq!(
                    m.account().map(|a| a.label(&en())).as_deref(),
                    Some("Chase Checking ••••1234")
                );
            }
        }
    }

    #[test]
    fn a_cancelled_request_changes_nothing() {
        let mut m = Machine::new("c-1");
        m.handle(Event::Start);
        assert_eq!(m.handle(Event::StatusLoaded(Err(ApiError::Aborted))), vec![]);
        assert_eq!(m.phase(), &Phase::Loading);
        let mut m = verifying();
        let before = m.clone();
        assert_eq!(m.handle(Event::VerifyLoaded(Err(ApiError::Aborted))), vec![]);
        assert_eq!(m, before);
    }

    #[test]
    fn every_screen_speaks_spanish_with_spanish_texts() {
        let es = Texts::spanish();
        let expired = expired();
        assert_eq!(
            expired.screen(&es, &date).headline,
            "Tu conexión con Chase Checking ••••1234 ha caducado."
        );
        assert_eq!(
            expired.screen(&es, &date).action.map(|a| a.label),
            Some("Vuelve a conectar tu banco".to_owned())
        );
        let mut m = open();
        m.handle(Event::WidgetErrored(WidgetError::parse(
            "POLLING_TIMEOUT | Code: AR-100 | Message: No response.",
        )));
        let screen = m.screen(&es, &date);
        assert_eq!(screen.headline, es.widget_reported.as_ref());
        assert!(screen.details.iter().any(|d| d == "Código de error: AR-100"));
    }

    #[test]
    fn tokens_never_print() {
        let text = format!("{:?}", Command::LaunchWidget(WidgetToken("secret-token".into())));
        assert!(!text.contains("secret-token"));
    }
}
