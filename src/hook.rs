//! [`use_reconnect`]: the whole reconnection flow without markup, for a custom
//! UI, and what the Leptos views share: the flow started in the current
//! owner, following the props' signals.
//! [`ReconnectBank`](crate::ReconnectBank) is a thin view over the same flow,
//! started without the signals only a custom UI reads.

use leptos::html::{Button, Div};
use leptos::prelude::*;

use crate::error::ReconnectError;
use crate::flow::{first_screen, DifferentAccount, Driver, ReconnectEvent, ReconnectOptions, Running, View};
use crate::state::{Action, Screen};
use crate::widget::Environment;

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
    let screen = RwSignal::new(first_screen(&read(connection_id), &options.options));
    let account_label = RwSignal::new(None);
    // Told the screen and the label after every event; only what changed
    // notifies.
    let (widget_host, action_button) = (NodeRef::<Div>::new(), NodeRef::new());
    let view = View {
        show: Box::new(move |now| set_if_changed(screen, now)),
        on_label: Some(Box::new(move |label| set_if_changed(account_label, label))),
        widget_host: Box::new(move || widget_host.try_get_untracked().flatten().map(Into::into)),
        action_button: focus_target(action_button),
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

/// The flow's focus target for the button behind `node` (none until it is
/// rendered).
pub(crate) fn focus_target(node: NodeRef<Button>) -> Box<dyn Fn() -> Option<web_sys::HtmlButtonElement>> {
    Box::new(move || node.try_get_untracked().flatten())
}

/// Starts the flow for `view` in the current owner: what [`use_reconnect`]
/// and the component share. The owner keeps the flow (its clean-up ends it);
/// an effect (re)starts it whenever the connection, the backend or the user
/// changes. Effects run in the browser only: a server renders the loading
/// screen.
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
    let running = Running::new(
        environment,
        options,
        view,
        Box::new(move |event| match event {
            ReconnectEvent::Reconnected(id) => tell(on_reconnected, id),
            ReconnectEvent::DifferentAccount(different) => tell(on_different_account, different),
            ReconnectEvent::Closed => tell(on_closed, ()),
            ReconnectEvent::Error(error) => tell(on_error, error),
        }),
    );
    let driver = running.driver();
    // Kept by the owner: its clean-up drops it, which ends the flow.
    StoredValue::new_local(running);
    let restart = driver.clone();
    effect(Box::new(move || {
        restart.start(api_base.get(), connection_id.get(), aero_pass_user_uuid.get());
    }));
    driver
}

/// Calls the host's callback, if it gave one and it is still alive.
fn tell<T: 'static>(callback: Option<Callback<T>>, value: T) {
    if let Some(callback) = callback {
        callback.try_run(value);
    }
}
