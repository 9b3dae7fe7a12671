//! [`use_reconnect`]: the whole reconnection flow without markup, for a custom
//! UI. [`ReconnectBank`](crate::ReconnectBank) is a thin view over the same
//! flow, started without the signals and callbacks only a custom UI reads.

use std::cell::RefCell;
use std::fmt;
use std::rc::{Rc, Weak};
use std::sync::Arc;

use leptos::html::{Button, Div};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, Abort};
use crate::backend::Call;
use crate::error::{ReconnectError, WidgetLoadError};
use crate::state::{Action, Command, Event, Machine, Notice, Screen, WidgetToken};
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

/// Handed to `on_different_account` when the user linked another account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DifferentAccount {
    /// The original connection, which stays as it was.
    pub connection_id: String,
    /// The connection the widget reported, when it differs from the original:
    /// your backend should discard it.
    pub stray_connection_id: Option<String>,
}

/// Options of [`use_reconnect`]: the settings and the host's callbacks.
///
/// Every callback is optional; build them with the methods, which take plain
/// closures.
#[derive(Clone, Default)]
pub struct UseReconnectOptions {
    /// Settings. Default: [`ReconnectOptions::default`].
    pub options: ReconnectOptions,
    /// Called with the connection id once the same account is connected
    /// again. Default: none.
    pub on_reconnected: Option<Callback<String>>,
    /// Called when the user linked a different account. Default: none.
    pub on_different_account: Option<Callback<DifferentAccount>>,
    /// Called when the user closed the widget without finishing. Default: none.
    pub on_closed: Option<Callback<()>>,
    /// Called with each failure, when the user sees it. Default: none.
    pub on_error: Option<Callback<ReconnectError>>,
}

impl UseReconnectOptions {
    /// Replaces the settings.
    pub fn options(mut self, options: ReconnectOptions) -> Self {
        self.options = options;
        self
    }

    /// Sets `on_reconnected`.
    pub fn on_reconnected(mut self, f: impl Fn(String) + Send + Sync + 'static) -> Self {
        self.on_reconnected = Some(Callback::new(f));
        self
    }

    /// Sets `on_different_account`.
    pub fn on_different_account(mut self, f: impl Fn(DifferentAccount) + Send + Sync + 'static) -> Self {
        self.on_different_account = Some(Callback::new(f));
        self
    }

    /// Sets `on_closed`.
    pub fn on_closed(mut self, f: impl Fn(()) + Send + Sync + 'static) -> Self {
        self.on_closed = Some(Callback::new(f));
        self
    }

    /// Sets `on_error`.
    pub fn on_error(mut self, f: impl Fn(ReconnectError) + Send + Sync + 'static) -> Self {
        self.on_error = Some(Callback::new(f));
        self
    }
}

/// What [`use_reconnect`] gives a UI.
#[derive(Clone, Copy)]
pub struct UseReconnectReturn {
    /// What to show now: tone, headline, details and the one action, all in
    /// the words of the texts.
    pub screen: ReadSignal<Screen>,
    /// The account's safe label (`Chase Checking ••••1234`), once the backend
    /// named the account.
    pub account_label: ReadSignal<Option<String>>,
    /// Something is under way: show a busy indicator.
    pub busy: Signal<bool>,
    /// Runs the current screen's action (reconnect or retry). Ignored while
    /// busy and on screens without an action.
    pub act: Callback<()>,
    /// Opens the widget, when the screen offers it.
    pub reconnect: Callback<()>,
    /// Tries the failed step again, when the screen offers it.
    pub retry: Callback<()>,
    /// Attach to an empty `<div>` of its own: the widget's overlay and iframe
    /// go into it (the SDK empties it).
    pub widget_host: NodeRef<Div>,
    /// Attach to the action button, if you render one: it gets the focus back
    /// when the widget flow ends.
    pub action_button: NodeRef<Button>,
}

/// The reconnection flow, for a UI of your own.
///
/// It asks `GET {api_base}/accounts/{connection_id}` when mounted and whenever
/// `api_base`, `connection_id` or `aero_pass_user_uuid` changes, opens the
/// widget when asked (in `environment`, a deployment's setting fixed for the
/// flow's life), checks the account after the widget's success, and tells
/// the callbacks. Everything it starts (requests, timers, the widget) is torn
/// down with the owner it was called in.
///
/// ```no_run
/// use aerosync_reconnect::{use_reconnect, Environment, UseReconnectOptions};
/// use leptos::prelude::*;
///
/// #[component]
/// fn MyBankRow(connection_id: String) -> impl IntoView {
///     let reconnect = use_reconnect(
///         "/api/aerosync",
///         connection_id,
///         "3f6e1c2a-user",
///         Environment::Production,
///         UseReconnectOptions::default().on_reconnected(|id: String| leptos::logging::log!("{id} is back")),
///     );
///     let screen = reconnect.screen;
///     view! {
///         <div class="my-row">
///             <strong>{move || screen.get().headline.to_string()}</strong>
///             {move || screen.get().action.map(|action| view! {
///                 <button
///                     node_ref=reconnect.action_button
///                     disabled=action.busy
///                     on:click=move |_| reconnect.act.run(())
///                 >
///                     {action.label}
///                 </button>
///             })}
///             <div node_ref=reconnect.widget_host></div>
///         </div>
///     }
/// }
/// ```
pub fn use_reconnect(
    api_base: impl Into<Signal<String>>,
    connection_id: impl Into<Signal<String>>,
    aero_pass_user_uuid: impl Into<Signal<String>>,
    environment: Environment,
    options: UseReconnectOptions,
) -> UseReconnectReturn {
    let connection_id = connection_id.into();
    let screen = RwSignal::new(first_screen(connection_id, &options.options));
    let account_label = RwSignal::new(None);
    // Told the screen and the label after every event; only what changed
    // notifies.
    let (widget_host, action_button) = (NodeRef::<Div>::new(), NodeRef::new());
    let view = View {
        show: Box::new(move |now| set_if_changed(screen, now)),
        on_label: Some(Box::new(move |label| set_if_changed(account_label, label))),
        widget_host: Box::new(move || widget_host.try_get_untracked().flatten().map(Into::into)),
        action_button,
    };
    let driver = start(
        api_base.into(),
        connection_id,
        aero_pass_user_uuid.into(),
        environment,
        options,
        view,
    );
    // Callbacks may be called from anywhere: they reach the flow through the
    // owner's arena.
    let driver = StoredValue::new_local(driver);
    let act = move |wanted| driver.with_value(|d| d.act(wanted));
    UseReconnectReturn {
        screen: screen.read_only(),
        account_label: account_label.read_only(),
        busy: Signal::derive(move || screen.with(Screen::busy)),
        act: Callback::new(move |()| act(None)),
        reconnect: Callback::new(move |()| act(Some(Action::Reconnect))),
        retry: Callback::new(move |()| act(Some(Action::Retry))),
        widget_host,
        action_button,
    }
}

/// An effect: runs `f` once mounted (in the browser only), and again whenever
/// what it read changes. All the crate's effects share this one
/// instantiation of Leptos' effect machinery.
pub(crate) fn effect(f: Box<dyn Fn()>) {
    Effect::new(move |_| f());
}

/// The current value of a prop, without following it. (One kind of read for
/// every string prop, tracked or not, keeps one copy of Leptos' read code.)
pub(crate) fn read(prop: Signal<String>) -> String {
    untrack(|| prop.get())
}

/// Sets `signal` to `value`, notifying only when it changed.
fn set_if_changed<T: PartialEq + Send + Sync + 'static>(signal: RwSignal<T>, value: T) {
    signal.try_maybe_update(|current| {
        let changed = *current != value;
        if changed {
            *current = value;
        }
        (changed, ())
    });
}

/// The screen before the first event (loading): the same on a server and in
/// the browser.
pub(crate) fn first_screen(connection_id: Signal<String>, options: &ReconnectOptions) -> Screen {
    let machine = Machine::new(read(connection_id));
    machine.screen(&options.texts, &|ms| widget::format_date(&options.texts.lang, ms))
}

/// How the flow reaches the view it runs for.
pub(crate) struct View {
    /// Given each new screen (the first being [`first_screen`]).
    pub(crate) show: Box<dyn Fn(Screen)>,
    /// Told the account's label after every event, when someone reads it.
    pub(crate) on_label: Option<Box<dyn Fn(Option<String>)>>,
    /// Where the widget goes.
    pub(crate) widget_host: Box<dyn Fn() -> Option<web_sys::Element>>,
    /// Focused when the widget flow ends on a screen with an action (the
    /// overlay took the focus with it).
    pub(crate) action_button: NodeRef<Button>,
}

/// Starts the flow for `view` in the current owner: what [`use_reconnect`]
/// and the component share.
pub(crate) fn start(
    api_base: Signal<String>,
    connection_id: Signal<String>,
    aero_pass_user_uuid: Signal<String>,
    environment: Environment,
    options: UseReconnectOptions,
    view: View,
) -> Driver {
    let UseReconnectOptions {
        options,
        on_reconnected,
        on_different_account,
        on_closed,
        on_error,
    } = options;
    let machine = Machine::new(read(connection_id)).with_expiry_warning(options.expiry_warning_days);
    let flow = Rc::new(Flow {
        state: RefCell::new(State {
            machine,
            options,
            callbacks: Callbacks {
                on_reconnected,
                on_different_account,
                on_closed,
                on_error,
            },
            action: None,
            widget: None,
            request: None,
            epoch: 0,
            gone: false,
        }),
        view,
        api_base,
        aero_pass_user_uuid,
        environment,
    });
    // Kept by the owner: its clean-up drops the guard, which ends the flow.
    StoredValue::new_local(Teardown(Rc::clone(&flow)));
    let driver = Driver(Rc::downgrade(&flow));

    // (Re)start whenever the connection or the backend changes. Effects run in
    // the browser only: a server renders the loading screen.
    effect(Box::new(move || {
        let id = connection_id.get();
        // Read to be followed (one kind of read for all the props).
        let _ = (api_base.get(), aero_pass_user_uuid.get());
        flow.update(|s| {
            s.machine = Machine::new(id).with_expiry_warning(s.options.expiry_warning_days);
        });
        flow.dispatch(Event::Start);
    }));
    driver
}

/// Ends the flow when the owner it was started in is cleaned up.
struct Teardown(Rc<Flow>);

impl Drop for Teardown {
    fn drop(&mut self) {
        // Dropping these aborts the request in flight and closes the widget;
        // whatever is still under way finds the flow gone and stops.
        let taken = self.0.update(|s| {
            s.gone = true;
            s.epoch = s.epoch.wrapping_add(1);
            (s.request.take(), s.widget.take())
        });
        drop(taken);
    }
}

#[derive(Clone, Copy)]
struct Callbacks {
    on_reconnected: Option<Callback<String>>,
    on_different_account: Option<Callback<DifferentAccount>>,
    on_closed: Option<Callback<()>>,
    on_error: Option<Callback<ReconnectError>>,
}

/// Everything the flow keeps between events. Never borrowed across a call
/// out (to the host's callbacks, into the reactive system, or to JS that may
/// call back: the bridge's `openSession` never does before it returns).
struct State {
    machine: Machine,
    options: ReconnectOptions,
    callbacks: Callbacks,
    /// The current screen's action and whether it is busy.
    action: Option<(Action, bool)>,
    /// The open widget, if any: dropping it closes the widget.
    widget: Option<WidgetSession>,
    /// The request in flight, if any: dropping it aborts the request.
    request: Option<Abort>,
    /// Bumped for every request and on unmount; a result from an older epoch
    /// is dropped.
    epoch: u64,
    /// The owner was cleaned up: nothing runs any more.
    gone: bool,
}

/// The flow's handle for the view and the host. It does not keep the flow
/// alive: the owner it was started in does.
#[derive(Clone)]
pub(crate) struct Driver(Weak<Flow>);

impl Driver {
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

/// Runs the machine. The futures it starts hold it until they end; once the
/// owner is cleaned up, they find it gone and stop.
struct Flow {
    state: RefCell<State>,
    view: View,
    api_base: Signal<String>,
    aero_pass_user_uuid: Signal<String>,
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
            let screen = s.machine.screen(texts, &|ms| widget::format_date(&texts.lang, ms));
            s.action = screen.action.as_ref().map(|a| (a.action, a.busy));
            let label = self.view.on_label.as_ref().map(|_| s.machine.account_label(texts));
            (commands, was_away && !s.machine.is_away(), screen, label)
        }) else {
            return; // unmounted
        };
        (self.view.show)(screen);
        if let (Some(on_label), Some(label)) = (&self.view.on_label, label) {
            on_label(label);
        }
        if back_home {
            let button = self.view.action_button;
            // Once the view has caught up with the new state.
            request_animation_frame(move || {
                if let Some(button) = button.try_get_untracked().flatten() {
                    if !button.disabled() {
                        let _ = button.focus();
                    }
                }
            });
        }
        for command in commands {
            self.run(command);
        }
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
                spawn_local(async move {
                    gloo_timers::future::TimeoutFuture::new(delay_ms).await;
                    flow.finish(epoch, Event::RecheckDue);
                });
            }
            Command::Notify(notice) => self.notify(notice),
        }
    }

    fn connection_id(&self) -> String {
        self.with(|s| s.machine.connection_id().to_owned()).unwrap_or_default()
    }

    fn next_epoch(&self) -> u64 {
        self.update(|s| {
            s.epoch = s.epoch.wrapping_add(1);
            s.epoch
        })
        .unwrap_or(0)
    }

    /// Starts a request: the previous one, if any, is aborted. Gives the
    /// request's link, its epoch, the backend's base URL, the connection id
    /// and the timeout.
    fn begin_request(&self) -> Option<(Abort, u64, String, String, u32)> {
        let abort = Abort::new();
        let link = abort.link();
        let (previous, epoch, id, timeout) = self.update(|s| {
            s.epoch = s.epoch.wrapping_add(1);
            let id = s.machine.connection_id().to_owned();
            (s.request.replace(abort), s.epoch, id, s.options.timeout_ms)
        })?;
        drop(previous);
        Some((link, epoch, read(self.api_base), id, timeout))
    }

    /// Dispatches `event` unless something newer started meanwhile.
    fn finish(self: &Rc<Self>, epoch: u64, event: Event) {
        if self.with(|s| s.epoch) == Some(epoch) {
            self.dispatch(event);
        }
    }

    /// Sends the request `command` asks for: the account's status, or a
    /// widget token.
    fn request(self: &Rc<Self>, command: Command) {
        let Some((link, epoch, base, id, timeout)) = self.begin_request() else {
            return;
        };
        let call = match command {
            Command::FetchToken => Call::widget_token(&base, &read(self.aero_pass_user_uuid), &id),
            _ => Call::account(&base, &id),
        };
        let flow = Rc::clone(self);
        spawn_local(async move {
            let result = api::send(call, &link, timeout).await;
            flow.finish(epoch, Event::answered(&command, result));
        });
    }

    fn launch(self: &Rc<Self>, token: WidgetToken) {
        let user = read(self.aero_pass_user_uuid);
        let listener = Rc::clone(self);
        let on_event = move |event: Event| {
            // Dispatching may drop the session that owns this very
            // callback: do it once the callback has returned.
            let flow = Rc::clone(&listener);
            spawn_local(async move { flow.dispatch(event) });
        };
        let opened = match (self.view.widget_host)() {
            // The configuration is read in place: opening a session never
            // calls back before it returns (the bridge loads the SDK later).
            Some(host) => self.with(|s| {
                let o = &s.options;
                let config = WidgetConfig {
                    iframe_title: &o.texts.iframe_title,
                    environment: self.environment,
                    token: &token.0,
                    aero_pass_user_uuid: &user,
                    connection_id: s.machine.connection_id(),
                    theme: o.theme,
                    z_index: &o.z_index,
                };
                widget::open(&host, &config, o.sdk_module.as_deref(), on_event)
            }),
            None => Some(Err(WidgetLoadError::LaunchFailed {
                detail: "no element for the widget: attach `widget_host` to an empty <div>".to_owned(),
            })),
        };
        drop(token);
        match opened {
            // The session is kept from the start: whatever moves the flow on
            // (a restart, the unmount) closes it, even while the SDK loads.
            Some(Ok(session)) => {
                let previous = self.update(|s| s.widget.replace(session));
                drop(previous);
            }
            Some(Err(error)) => self.dispatch(Event::WidgetLaunchFailed(error)),
            None => {}
        }
    }

    fn notify(&self, notice: Notice) {
        let Some(c) = self.with(|s| s.callbacks) else {
            return;
        };
        match notice {
            Notice::Reconnected => {
                if let Some(cb) = c.on_reconnected {
                    cb.try_run(self.connection_id());
                }
            }
            Notice::DifferentAccount { stray_connection_id } => {
                if let Some(cb) = c.on_different_account {
                    cb.try_run(DifferentAccount {
                        connection_id: self.connection_id(),
                        stray_connection_id,
                    });
                }
            }
            Notice::Closed => {
                if let Some(cb) = c.on_closed {
                    cb.try_run(());
                }
            }
            Notice::Error(error) => {
                if let Some(cb) = c.on_error {
                    cb.try_run(error);
                }
            }
        }
    }
}
