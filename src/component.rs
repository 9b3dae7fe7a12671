//! The Leptos view: reads the state, renders it, turns clicks and widget
//! callbacks into events, and runs the effects the state machine asks for.

use std::sync::atomic::{AtomicUsize, Ordering};

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, Abort};
use crate::state::{Effect as Step, Event, Machine, Notice, Phase, Tone, WidgetToken};
use crate::widget::{self, Environment, Theme, WidgetConfig, WidgetEvent, WidgetSession};

static NEXT_HOST: AtomicUsize = AtomicUsize::new(1);

/// Settings that most integrations leave as they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReconnectOptions {
    /// Title of the widget's iframe, read by screen readers.
    /// Default: "Reconnect your bank with Aerosync".
    pub iframe_title: String,
    /// The widget's theme. Default: [`Theme::Light`].
    pub theme: Theme,
    /// How long one attempt at a backend request may take before it is
    /// abandoned, in milliseconds; transient failures are retried (see
    /// [`crate::retry`]). Default: [`api::DEFAULT_TIMEOUT_MS`] (10 s).
    pub timeout_ms: u32,
    /// Where to import the SDK from, when not from the module specifier
    /// `aerosync-web-sdk` (which the page's import map or bundler resolves).
    /// Default: `None`.
    pub sdk_module: Option<String>,
    /// CSS `z-index` of the widget's overlay. Default: "2147483000", above
    /// nearly any page content.
    pub z_index: String,
}

impl Default for ReconnectOptions {
    fn default() -> Self {
        Self {
            iframe_title: "Reconnect your bank with Aerosync".to_owned(),
            theme: Theme::Light,
            timeout_ms: api::DEFAULT_TIMEOUT_MS,
            sdk_module: None,
            z_index: "2147483000".to_owned(),
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

/// Shows a bank connection's status and lets the user repair it.
///
/// ```no_run
/// use aerosync_reconnect::{Environment, ReconnectBank};
/// use leptos::prelude::*;
///
/// #[component]
/// fn Settings() -> impl IntoView {
///     view! {
///         <ReconnectBank
///             api_base="/api/aerosync"
///             connection_id="7b0e6c1a-5d2f-4e8a-9c3b-0001"
///             aero_pass_user_uuid="3f6e1c2a-user"
///             environment=Environment::Production
///             on_reconnected=Callback::new(|id: String| leptos::logging::log!("{id} reconnected"))
///         />
///     }
/// }
/// ```
#[component]
pub fn ReconnectBank(
    /// Base URL under which your backend answers `GET accounts/{connectionId}`
    /// and `POST widget-token` (see the crate docs for the contract).
    #[prop(into)]
    api_base: Signal<String>,
    /// The connection to check and repair. It is never replaced by another.
    #[prop(into)]
    connection_id: Signal<String>,
    /// The user's `aeroPassUserUuid`, handed to the widget.
    #[prop(into)]
    aero_pass_user_uuid: Signal<String>,
    /// The Aerosync environment the widget runs against.
    #[prop(into)]
    environment: Signal<Environment>,
    /// Less common settings; see [`ReconnectOptions`] for the defaults.
    #[prop(optional)]
    options: ReconnectOptions,
    /// Called with the connection id once the same account is connected again.
    #[prop(optional)]
    on_reconnected: Option<Callback<String>>,
    /// Called when the user linked a different account.
    #[prop(optional)]
    on_different_account: Option<Callback<DifferentAccount>>,
    /// Called when the user closed the widget without finishing.
    #[prop(optional)]
    on_closed: Option<Callback<()>>,
    /// Called with the message shown whenever reconnecting fails.
    #[prop(optional)]
    on_error: Option<Callback<String>>,
) -> impl IntoView {
    let host_id = format!(
        "aerosync-reconnect-widget-{}",
        NEXT_HOST.fetch_add(1, Ordering::Relaxed)
    );
    let button_ref = NodeRef::<leptos::html::Button>::new();
    let driver = Driver {
        button_ref,
        machine: RwSignal::new(Machine::new(connection_id.get_untracked())),
        api_base,
        aero_pass_user_uuid,
        environment,
        options: StoredValue::new(options),
        host_id: StoredValue::new(host_id.clone()),
        widget: StoredValue::new_local(None),
        request: StoredValue::new_local(None),
        epoch: StoredValue::new(0),
        callbacks: Callbacks {
            on_reconnected,
            on_different_account,
            on_closed,
            on_error,
        },
    };

    // (Re)start whenever the connection or the backend changes.
    Effect::new(move |_| {
        let id = connection_id.get();
        api_base.track();
        aero_pass_user_uuid.track();
        driver.machine.set(Machine::new(id));
        driver.dispatch(Event::Start);
    });
    on_cleanup(move || {
        // Dropping these aborts the request in flight and closes the widget.
        driver.request.try_set_value(None);
        driver.widget.try_set_value(None);
        driver.epoch.try_update_value(|e| *e = e.wrapping_add(1));
    });

    let screen = Memo::new(move |_| driver.machine.with(Machine::screen));
    let tone = move || screen.with(|s| s.tone);
    let button = Memo::new(move |_| screen.with(|s| s.button.clone()));
    let busy = move || tone() == Tone::Busy || button.with(|b| b.as_ref().is_some_and(|b| b.busy));
    let message = move |errors: bool| {
        move || {
            let screen = screen.get();
            ((screen.tone == Tone::Error) == errors).then(|| {
                view! {
                    <p class="aerosync-reconnect__headline">{screen.headline}</p>
                    {screen
                        .details
                        .into_iter()
                        .map(|line| view! { <p class="aerosync-reconnect__detail">{line}</p> })
                        .collect_view()}
                }
            })
        }
    };

    view! {
        <section
            class="aerosync-reconnect"
            data-tone=move || tone().class()
            aria-label="Bank connection"
            aria-busy=move || busy().to_string()
        >
            <Show when=move || tone() == Tone::Busy>
                <span class="aerosync-reconnect__spinner" aria-hidden="true"></span>
            </Show>
            <div class="aerosync-reconnect__message" role="status">
                {message(false)}
            </div>
            <div class="aerosync-reconnect__message" role="alert">
                {message(true)}
            </div>
            <Show when=move || button.with(Option::is_some)>
                <button
                    node_ref=button_ref
                    type="button"
                    class="aerosync-reconnect__button"
                    disabled=move || button.with(|b| b.as_ref().is_some_and(|b| b.busy))
                    aria-busy=move || button.with(|b| b.as_ref().is_some_and(|b| b.busy)).to_string()
                    on:click=move |_| {
                        if let Some(b) = button.get_untracked() {
                            if !b.busy {
                                driver.dispatch(b.event);
                            }
                        }
                    }
                >
                    {move || button.with(|b| b.as_ref().map(|b| b.label).unwrap_or_default())}
                </button>
            </Show>
            <div id=host_id class="aerosync-reconnect__widget-host"></div>
        </section>
    }
}

#[derive(Clone, Copy)]
struct Callbacks {
    on_reconnected: Option<Callback<String>>,
    on_different_account: Option<Callback<DifferentAccount>>,
    on_closed: Option<Callback<()>>,
    on_error: Option<Callback<String>>,
}

/// Runs the machine: every handle here is a copyable arena handle, disposed
/// with the component.
#[derive(Clone, Copy)]
struct Driver {
    machine: RwSignal<Machine>,
    api_base: Signal<String>,
    aero_pass_user_uuid: Signal<String>,
    environment: Signal<Environment>,
    options: StoredValue<ReconnectOptions>,
    host_id: StoredValue<String>,
    /// The open widget, if any: dropping it closes the widget.
    widget: StoredValue<Option<WidgetSession>, LocalStorage>,
    /// The request in flight, if any: dropping it aborts the request.
    request: StoredValue<Option<Abort>, LocalStorage>,
    /// Bumped for every request and on unmount; a result from an older epoch
    /// is dropped.
    epoch: StoredValue<u64>,
    callbacks: Callbacks,
    /// The action button, focused when the widget flow ends on a screen that
    /// has one (the overlay took the focus with it).
    button_ref: NodeRef<leptos::html::Button>,
}

impl Driver {
    fn dispatch(self, event: Event) {
        let Some((effects, now_here)) = self.machine.try_update(|m| {
            let away = |p: &Phase| matches!(p, Phase::Launching | Phase::WidgetOpen | Phase::Verifying { .. });
            let was_away = away(m.phase());
            let effects = m.handle(event);
            // Only worth building the screen when the widget flow may have ended.
            let now_here = was_away && !away(m.phase()) && m.screen().button.is_some_and(|b| !b.busy);
            (effects, now_here)
        }) else {
            return; // unmounted
        };
        if now_here {
            let button = self.button_ref;
            // Once the view has caught up with the new state.
            request_animation_frame(move || {
                if let Some(button) = button.try_get_untracked().flatten() {
                    let _ = button.focus();
                }
            });
        }
        for effect in effects {
            self.run(effect);
        }
    }

    fn run(self, effect: Step) {
        match effect {
            Step::FetchStatus => self.fetch_account(Event::StatusLoaded),
            Step::FetchForVerify => self.fetch_account(Event::VerifyLoaded),
            Step::FetchToken => self.fetch_token(),
            Step::LaunchWidget(token) => self.launch(token),
            Step::CloseWidget => {
                self.widget.try_set_value(None);
            }
            Step::ScheduleRecheck(delay_ms) => {
                let epoch = self.next_epoch();
                spawn_local(async move {
                    gloo_timers::future::TimeoutFuture::new(delay_ms).await;
                    self.finish(epoch, Event::RecheckDue);
                });
            }
            Step::Notify(notice) => self.notify(notice),
        }
    }

    fn connection_id(self) -> String {
        self.machine
            .try_with_untracked(|m| m.connection_id().to_owned())
            .unwrap_or_default()
    }

    fn timeout_ms(self) -> u32 {
        self.options
            .try_with_value(|o| o.timeout_ms)
            .unwrap_or(api::DEFAULT_TIMEOUT_MS)
    }

    fn next_epoch(self) -> u64 {
        self.epoch
            .try_update_value(|e| {
                *e = e.wrapping_add(1);
                *e
            })
            .unwrap_or(0)
    }

    /// Starts a request: the previous one, if any, is aborted.
    fn begin_request(self) -> Option<(Abort, u64)> {
        let abort = Abort::new();
        let link = abort.link();
        // try_set_value hands the value back only when the slot is gone (unmounted).
        if self.request.try_set_value(Some(abort)).is_some() {
            return None;
        }
        Some((link, self.next_epoch()))
    }

    /// Dispatches `event` unless something newer started meanwhile.
    fn finish(self, epoch: u64, event: Event) {
        if self.epoch.try_get_value() == Some(epoch) {
            self.dispatch(event);
        }
    }

    fn fetch_account(self, wrap: fn(Result<crate::Account, crate::ApiError>) -> Event) {
        let Some((link, epoch)) = self.begin_request() else {
            return;
        };
        let (base, id, timeout) = (self.api_base.get_untracked(), self.connection_id(), self.timeout_ms());
        spawn_local(async move {
            let result = api::fetch_account(&base, &id, &link, timeout).await;
            self.finish(epoch, wrap(result));
        });
    }

    fn fetch_token(self) {
        let Some((link, epoch)) = self.begin_request() else {
            return;
        };
        let (base, id, timeout) = (self.api_base.get_untracked(), self.connection_id(), self.timeout_ms());
        let user = self.aero_pass_user_uuid.get_untracked();
        spawn_local(async move {
            let result = api::fetch_widget_token(&base, &user, &id, &link, timeout).await;
            self.finish(epoch, Event::TokenLoaded(result));
        });
    }

    fn launch(self, token: WidgetToken) {
        let epoch = self.next_epoch();
        let Some(options) = self.options.try_get_value() else {
            return;
        };
        let Some(host_id) = self.host_id.try_get_value() else {
            return;
        };
        let user = self.aero_pass_user_uuid.get_untracked();
        let environment = self.environment.get_untracked();
        let connection_id = self.connection_id();
        spawn_local(async move {
            let config = WidgetConfig {
                element_id: &host_id,
                iframe_title: &options.iframe_title,
                environment,
                token: &token.0,
                aero_pass_user_uuid: &user,
                connection_id: &connection_id,
                theme: options.theme,
                z_index: &options.z_index,
            };
            let on_event = move |event: WidgetEvent| {
                let event = match event {
                    WidgetEvent::Closed => Event::WidgetClosed,
                    WidgetEvent::Succeeded(reported) => Event::WidgetSucceeded(reported),
                    WidgetEvent::Failed(error) => Event::WidgetErrored(error),
                    WidgetEvent::Loaded | WidgetEvent::Other => return,
                };
                // Dispatching may drop the session that owns this very
                // callback: do it once the callback has returned.
                spawn_local(async move { self.dispatch(event) });
            };
            let opened = widget::open(&config, options.sdk_module.as_deref(), on_event).await;
            let still_wanted = self.epoch.try_get_value() == Some(epoch)
                && self.machine.try_with_untracked(|m| *m.phase() == Phase::Launching) == Some(true);
            match opened {
                // Unmounted or moved on while the SDK loaded: dropping the
                // session closes the widget at once.
                Ok(session) if !still_wanted => drop(session),
                Ok(session) => {
                    if self.widget.try_set_value(Some(session)).is_none() {
                        self.dispatch(Event::WidgetLaunched);
                    }
                }
                Err(error) if still_wanted => self.dispatch(Event::WidgetLaunchFailed(error.to_string())),
                Err(_) => {}
            }
        });
    }

    fn notify(self, notice: Notice) {
        let c = self.callbacks;
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
            Notice::Error(message) => {
                if let Some(cb) = c.on_error {
                    cb.try_run(message);
                }
            }
        }
    }
}
