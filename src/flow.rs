//! The reconnection flow itself, with no UI framework: the state machine,
//! moved on by the backend's answers, the widget's events and the user's
//! clicks, and the settings it runs with. [`ReconnectBank`](crate::ReconnectBank),
//! [`use_reconnect`](crate::use_reconnect) and [`mount`](crate::mount) are
//! views over it.

use std::cell::RefCell;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::rc::{Rc, Weak};
use std::sync::Arc;

use gloo_timers::future::TimeoutFuture;

use crate::api::{self, Abort};
use crate::backend::Call;
use crate::backend::WidgetToken;
use crate::error::{ReconnectError, WidgetLoadError};
use crate::state::{Action, Command, Event, Machine, Notice, Screen};
use crate::texts::Texts;
use crate::widget::{self, Environment, Theme, WidgetConfig, WidgetSession};

/// Where the component reads the current time: the browser's clock, or one
/// you set (to fix "now" in tests and demos).
#[derive(Clone)]
pub struct Clock(Arc<dyn Fn() -> f64 + Send + Sync>);

impl Clock {
    /// A clock that calls `now` for milliseconds since the Unix epoch.
    pub fn new(now: impl Fn() -> f64 + Send + Sync + 'static) -> Self {
        Self(Arc::new(now))
    }

    /// A clock that stands still at `ms` milliseconds since the Unix epoch.
    ///
    /// ```
    /// use aerosync_reconnect::Clock;
    /// let clock = Clock::fixed(1_767_368_868_000.0);
    /// assert_eq!(clock.now_ms(), 1_767_368_868_000.0);
    /// ```
    pub fn fixed(ms: f64) -> Self {
        Self::new(move || ms)
    }

    /// The browser's clock (`Date.now()`).
    pub fn system() -> Self {
        Self::new(js_sys::Date::now)
    }

    /// The current time in milliseconds since the Unix epoch.
    pub fn now_ms(&self) -> f64 {
        (self.0)()
    }
}

impl Default for Clock {
    /// [`Clock::system`].
    fn default() -> Self {
        Self::system()
    }
}

impl fmt::Debug for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Clock")
    }
}

impl PartialEq for Clock {
    /// The same clock (not merely one that says the same time).
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for Clock {}

/// Settings that most integrations leave as they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReconnectOptions {
    /// The widget's theme. Default: [`Theme::Auto`], the page visitor's
    /// preferred scheme.
    pub theme: Theme,
    /// How long one attempt at a backend request may take before it is
    /// abandoned, in milliseconds; network failures, time-outs, 429 and 5xx
    /// are retried twice, and the error shows within 30 s. Default: 10 000.
    pub timeout_ms: u32,
    /// Where to import the SDK from, when not from the module specifier
    /// `aerosync-web-sdk` (which the page's import map or bundler resolves).
    /// Default: `None`.
    pub sdk_module: Option<String>,
    /// CSS `z-index` of the widget's overlay. Default: `"2147483000"`, above
    /// nearly any page content.
    pub z_index: String,
    /// Every word the component shows, the iframe's title included.
    /// Default: [`Texts::default`] (English).
    pub texts: Texts,
    /// How many days before a healthy connection's `connectionExpiry` to
    /// warn, with a "Reconnect now" button; 0 turns the warning off.
    /// Default: 7.
    pub expiry_warning_days: u32,
    /// The current time. Default: [`Clock::system`].
    pub clock: Clock,
}

impl Default for ReconnectOptions {
    fn default() -> Self {
        Self {
            theme: Theme::Auto,
            timeout_ms: api::DEFAULT_TIMEOUT_MS,
            sdk_module: None,
            z_index: "2147483000".to_owned(),
            texts: Texts::default(),
            expiry_warning_days: 7,
            clock: Clock::default(),
        }
    }
}

/// The screen before the first event (loading): the same on a server and in
/// the browser.
pub(crate) fn first_screen(connection_id: &str, options: &ReconnectOptions) -> Screen {
    let machine = Machine::new(connection_id.to_owned());
    machine.screen(&options.texts, &|ms| crate::page::format_date(&options.texts.lang, ms))
}

/// Handed to `on_different_account` when the user linked another account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DifferentAccount {
    /// The original connection, which stays as it was.
    pub connection_id: String,
    /// The connection the widget reported, when it differs from the original:
    /// your backend should discard it.
    pub stray_connection_id: Option<String>,
}

/// Runs `task` in the page's event loop. (One instantiation of the spawner
/// for every kind of task.)
fn spawn(task: Pin<Box<dyn Future<Output = ()>>>) {
    wasm_bindgen_futures::spawn_local(task);
}

/// What the flow tells its host, when it happens.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReconnectEvent {
    /// The same account is connected again: the connection id, unchanged.
    Reconnected(String),
    /// The user linked a different account; the original stays as it was.
    DifferentAccount(DifferentAccount),
    /// The user closed the widget without finishing.
    Closed,
    /// A failure, when the user sees it.
    Error(ReconnectError),
}

/// How the flow reaches the view it runs for.
pub(crate) struct View {
    /// Given each new screen.
    pub(crate) show: Box<dyn Fn(Screen)>,
    /// Told the account's label after every event, when someone reads it.
    pub(crate) on_label: Option<Box<dyn Fn(Option<String>)>>,
    /// Where the widget goes.
    pub(crate) widget_host: Box<dyn Fn() -> Option<web_sys::Element>>,
    /// Focused when the widget flow ends on a screen with an action (the
    /// overlay took the focus with it), unless disabled.
    pub(crate) action_button: Box<dyn Fn() -> Option<web_sys::HtmlButtonElement>>,
}

/// Owns a flow: dropping it ends the flow. The request in flight is aborted
/// and the widget closed; whatever is still under way finds the flow gone
/// and stops.
pub(crate) struct Running(Rc<Flow>);

impl Running {
    /// A flow for `view`, waiting for [`Driver::start`]; `on_event` is told
    /// what the host should hear of.
    pub(crate) fn new(
        environment: Environment,
        options: ReconnectOptions,
        view: View,
        on_event: Box<dyn Fn(ReconnectEvent)>,
    ) -> Self {
        Self(Rc::new(Flow {
            state: RefCell::new(State {
                machine: Machine::new(String::new()),
                options,
                api_base: String::new(),
                aero_pass_user_uuid: String::new(),
                action: None,
                widget: None,
                request: None,
                epoch: 0,
                gone: false,
            }),
            view,
            on_event,
            environment,
        }))
    }

    /// A handle that does not keep the flow alive.
    pub(crate) fn driver(&self) -> Driver {
        Driver(Rc::downgrade(&self.0))
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let taken = self.0.update(|s| {
            s.gone = true;
            s.epoch = s.epoch.wrapping_add(1);
            (s.request.take(), s.widget.take())
        });
        // Dropping these aborts the request and closes the widget.
        drop(taken);
    }
}

/// Everything the flow keeps between events. Never borrowed across a call
/// out (to the host, to the view, or to JS that may call back: the bridge's
/// `openSession` never does before it returns).
struct State {
    machine: Machine,
    options: ReconnectOptions,
    api_base: String,
    aero_pass_user_uuid: String,
    /// The current screen's action and whether it is busy.
    action: Option<(Action, bool)>,
    /// The open widget, if any: dropping it closes the widget.
    widget: Option<WidgetSession>,
    /// The request in flight, if any: dropping it aborts the request.
    request: Option<Abort>,
    /// Bumped for every request and on unmount; a result from an older epoch
    /// is dropped.
    epoch: u64,
    /// The flow was ended: nothing runs any more.
    gone: bool,
}

/// The flow's handle for the view and the host. It does not keep the flow
/// alive: its [`Running`] does.
#[derive(Clone)]
pub(crate) struct Driver(Weak<Flow>);

impl Driver {
    /// (Re)starts the flow for these props: checks the connection's status,
    /// dropping whatever was under way.
    pub(crate) fn start(&self, api_base: String, connection_id: String, aero_pass_user_uuid: String) {
        let Some(flow) = self.0.upgrade() else {
            return;
        };
        flow.update(|s| {
            s.machine = Machine::new(connection_id).with_expiry_warning(s.options.expiry_warning_days);
            s.api_base = api_base;
            s.aero_pass_user_uuid = aero_pass_user_uuid;
        });
        flow.dispatch(Event::Start);
    }

    /// Runs the current screen's action, when it is `wanted` (any, for
    /// `None`) and not busy.
    pub(crate) fn act(&self, wanted: Option<Action>) {
        let Some(flow) = self.0.upgrade() else {
            return;
        };
        if let Some(Some((action, false))) = flow.with(|s| s.action) {
            if wanted.is_none_or(|w| w == action) {
                flow.dispatch(Machine::event_for(action));
            }
        }
    }
}

/// Runs the machine. The futures it starts hold it until they end; once its
/// [`Running`] is dropped, they find it gone and stop.
struct Flow {
    state: RefCell<State>,
    view: View,
    on_event: Box<dyn Fn(ReconnectEvent)>,
    environment: Environment,
}

impl Flow {
    /// Reads the state, unless the flow is gone (or, which never happens,
    /// already borrowed).
    fn with<R>(&self, f: impl FnOnce(&State) -> R) -> Option<R> {
        let state = self.state.try_borrow().ok()?;
        (!state.gone).then(|| f(&state))
    }

    /// Changes the state, unless the flow is gone.
    fn update<R>(&self, f: impl FnOnce(&mut State) -> R) -> Option<R> {
        let mut state = self.state.try_borrow_mut().ok()?;
        (!state.gone).then(|| f(&mut state))
    }

    fn dispatch(self: &Rc<Self>, event: Event) {
        let Some((commands, back_home, screen, label)) = self.update(|s| {
            // f64 to i64 saturates; any real clock is far inside the range.
            s.machine.set_now(s.options.clock.now_ms() as i64);
            let was_away = s.machine.is_away();
            let commands = s.machine.handle(event);
            let texts = &s.options.texts;
            let screen = s.machine.screen(texts, &|ms| crate::page::format_date(&texts.lang, ms));
            s.action = screen.action.as_ref().map(|a| (a.action, a.busy));
            let label = self.view.on_label.as_ref().map(|_| s.machine.account_label(texts));
            (commands, was_away && !s.machine.is_away(), screen, label)
        }) else {
            return; // ended
        };
        (self.view.show)(screen);
        if let (Some(on_label), Some(label)) = (&self.view.on_label, label) {
            on_label(label);
        }
        if back_home {
            self.focus_later();
        }
        for command in commands {
            self.run(command);
        }
    }

    /// Focuses the action button once the view has caught up with the new
    /// state (a task later: a Leptos view updates in a microtask).
    fn focus_later(self: &Rc<Self>) {
        let flow = Rc::downgrade(self);
        spawn(Box::pin(async move {
            TimeoutFuture::new(0).await;
            let button = flow.upgrade().and_then(|f| (f.view.action_button)());
            if let Some(button) = button.filter(|b| !b.disabled()) {
                let _ = button.focus();
            }
        }));
    }

    fn run(self: &Rc<Self>, command: Command) {
        match command {
            Command::FetchStatus | Command::FetchForVerify | Command::FetchToken => self.request(command),
            Command::LaunchWidget(token) => self.launch(token),
            Command::CloseWidget => {
                let widget = self.update(|s| s.widget.take());
                drop(widget);
            }
            Command::ScheduleRecheck(delay_ms) => {
                let epoch = self.next_epoch();
                let flow = Rc::clone(self);
                spawn(Box::pin(async move {
                    TimeoutFuture::new(delay_ms).await;
                    flow.finish(epoch, Event::RecheckDue);
                }));
            }
            Command::Notify(notice) => self.notify(notice),
        }
    }

    fn next_epoch(&self) -> u64 {
        self.update(|s| {
            s.epoch = s.epoch.wrapping_add(1);
            s.epoch
        })
        .unwrap_or(0)
    }

    /// Dispatches `event` unless something newer started meanwhile.
    fn finish(self: &Rc<Self>, epoch: u64, event: Event) {
        if self.with(|s| s.epoch) == Some(epoch) {
            self.dispatch(event);
        }
    }

    /// Sends the request `command` asks for: the account's status, or a
    /// widget token. The previous request, if any, is aborted.
    fn request(self: &Rc<Self>, command: Command) {
        let abort = Abort::new();
        let link = abort.link();
        let Some((previous, epoch, call, timeout)) = self.update(|s| {
            s.epoch = s.epoch.wrapping_add(1);
            let (base, id) = (&s.api_base, s.machine.connection_id());
            let call = match command {
                Command::FetchToken => Call::widget_token(base, &s.aero_pass_user_uuid, id),
                _ => Call::account(base, id),
            };
            (s.request.replace(abort), s.epoch, call, s.options.timeout_ms)
        }) else {
            return;
        };
        drop(previous);
        let flow = Rc::clone(self);
        spawn(Box::pin(async move {
            let result = api::send(call, &link, timeout).await;
            flow.finish(epoch, Event::answered(&command, result));
        }));
    }

    fn launch(self: &Rc<Self>, token: WidgetToken) {
        let listener = Rc::clone(self);
        let on_event = move |event: Event| {
            // Dispatching may drop the session that owns this very
            // callback: do it once the callback has returned.
            let flow = Rc::clone(&listener);
            spawn(Box::pin(async move { flow.dispatch(event) }));
        };
        let opened = match (self.view.widget_host)() {
            // The configuration is read in place: opening a session never
            // calls back before it returns (the bridge loads the SDK later).
            Some(host) => self.with(|s| {
                let o = &s.options;
                let config = WidgetConfig {
                    sdk_module: o.sdk_module.as_deref(),
                    iframe_title: &o.texts.iframe_title,
                    environment: self.environment,
                    token: &token.0,
                    aero_pass_user_uuid: &s.aero_pass_user_uuid,
                    connection_id: s.machine.connection_id(),
                    theme: o.theme,
                    z_index: &o.z_index,
                };
                widget::open(&host, &config, on_event)
            }),
            None => Some(Err(WidgetLoadError::LaunchFailed {
                detail: "no element for the widget: attach `widget_host` to an empty <div>".to_owned(),
            })),
        };
        drop(token);
        match opened {
            // The session is kept from the start: whatever moves the flow on
            // (a restart, the end) closes it, even while the SDK loads.
            Some(Ok(session)) => {
                let previous = self.update(|s| s.widget.replace(session));
                drop(previous);
            }
            Some(Err(error)) => self.dispatch(Event::WidgetLaunchFailed(error)),
            None => {}
        }
    }

    fn notify(&self, notice: Notice) {
        let Some(connection_id) = self.with(|s| s.machine.connection_id().to_owned()) else {
            return; // ended
        };
        (self.on_event)(match notice {
            Notice::Reconnected => ReconnectEvent::Reconnected(connection_id),
            Notice::DifferentAccount { stray_connection_id } => ReconnectEvent::DifferentAccount(DifferentAccount {
                connection_id,
                stray_connection_id,
            }),
            Notice::Closed => ReconnectEvent::Closed,
            Notice::Error(error) => ReconnectEvent::Error(error),
        });
    }
}
