//! The Leptos view: a thin layer over the flow that [`use_reconnect`](crate::use_reconnect) also runs.

use std::cell::Cell;
use std::rc::Rc;

use leptos::html::Div;
use leptos::prelude::*;

use crate::error::ReconnectError;
use crate::flow::{DifferentAccount, Driver, ReconnectOptions, View};
use crate::hook::{effect, read, start, UseReconnectOptions};
use crate::markup::{button_of, first_markup, widget_host_of, OnClick, Shown};
use crate::render::{self, classes};
use crate::state::Screen;
use crate::widget::Environment;

/// Shows a bank connection's status and lets the user repair it.
///
/// ```no_run
/// use aerosync_reconnect::{Environment, ReconnectBank, ReconnectError};
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
///             on_reconnected=|id: String| leptos::logging::log!("{id} reconnected")
///             on_error=|error: ReconnectError| leptos::logging::warn!("{error}")
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
    /// The Aerosync environment the widget runs against, for the component's
    /// whole life (a deployment's setting, not a reactive one).
    #[prop(into)]
    environment: Environment,
    /// Less common settings and the texts; see [`ReconnectOptions`] for the defaults.
    #[prop(optional)]
    options: ReconnectOptions,
    /// Called with the connection id once the same account is connected again.
    #[prop(optional, into)]
    on_reconnected: Option<Callback<String>>,
    /// Called when the user linked a different account.
    #[prop(optional, into)]
    on_different_account: Option<Callback<DifferentAccount>>,
    /// Called when the user closed the widget without finishing.
    #[prop(optional, into)]
    on_closed: Option<Callback<()>>,
    /// Called with each failure, when the user sees it.
    #[prop(optional, into)]
    on_error: Option<Callback<ReconnectError>>,
    /// More CSS classes for the component's root element, space-separated
    /// (a signal, to change them). Default: none.
    #[prop(optional, into)]
    class: Signal<String>,
) -> impl IntoView {
    // The markup shows the first screen (checking), the same on a server and
    // in the browser, as `render` writes it for every view. In the browser,
    // the flow then brings the markup up to date with each new screen (see
    // `markup::patch`): no reactive node per attribute and line keeps the
    // component small.
    let (first, html) = first_markup(&read(connection_id), &options, &read(class));
    let host = NodeRef::<Div>::new();
    let markup = Rc::new(Markup {
        host,
        shown: Shown::new(first),
        pending: Cell::new(None),
        driver: Cell::new(None),
        on_click: Cell::new(None),
    });
    let (shows, follows, buttons, hosts) = (
        Rc::clone(&markup),
        Rc::clone(&markup),
        Rc::clone(&markup),
        Rc::clone(&markup),
    );
    let flow = start(
        api_base,
        connection_id,
        aero_pass_user_uuid,
        environment,
        UseReconnectOptions {
            options,
            on_reconnected,
            on_different_account,
            on_closed,
            on_error,
        },
        View {
            show: Box::new(move |now| shows.show(now)),
            on_label: None,
            widget_host: Box::new(move || widget_host_of(&hosts.root()?)),
            action_button: Box::new(move || buttons.button()),
        },
    );

    markup.driver.set(Some(flow));
    // Once mounted, and again whenever the `class` prop changes.
    effect(Box::new(move || follows.follow(&class.get())));

    // The component's root is the rendered `<section>`; this element only
    // holds it (the stylesheet makes it `display: contents`). The markup is
    // `render`'s, which escapes every outside text it writes (`escape_into`).
    view! { <div class=render::HOST_CLASS node_ref=host inner_html=html></div> }
}

/// What the markup shows, and a newer screen that came while it was not
/// mounted.
struct Markup {
    /// The element that holds the component's root.
    host: NodeRef<Div>,
    shown: Shown,
    pending: Cell<Option<Screen>>,
    /// The flow the button acts on, until the click handler takes it.
    driver: Cell<Option<Driver>>,
    /// The button's click handler, once the markup is mounted.
    on_click: Cell<Option<OnClick>>,
}

impl Markup {
    /// The component's root, once mounted.
    fn root(&self) -> Option<web_sys::Element> {
        self.host.try_get_untracked().flatten()?.first_element_child()
    }

    fn button(&self) -> Option<web_sys::HtmlButtonElement> {
        button_of(&self.root()?)
    }

    /// Brings the markup to `now`, or keeps `now` until it is mounted.
    fn show(&self, now: Screen) {
        match self.root() {
            Some(root) => self.shown.patch_to(&root, now),
            None => self.pending.set(Some(now)),
        }
    }

    /// In an effect, once the markup is mounted: the root's classes
    /// (the component's, then `extra`), the button's click handler, and a
    /// screen that came before.
    fn follow(&self, extra: &str) {
        let Some(root) = self.root() else {
            return;
        };
        let _ = root.set_attribute("class", &classes(extra));
        if let Some(button) = self.button() {
            if let Some(driver) = self.driver.take() {
                self.on_click.set(Some(OnClick::new(&button, move || driver.act(None))));
            }
        }
        if let Some(now) = self.pending.take() {
            self.show(now);
        }
    }
}
