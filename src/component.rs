//! The Leptos view: a thin layer over the flow that [`use_reconnect`](crate::use_reconnect) also runs.

use std::cell::Cell;
use std::rc::Rc;

use leptos::html::Button;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::error::ReconnectError;
use crate::hook::{
    effect, first_screen, read, start, DifferentAccount, Driver, ReconnectOptions, UseReconnectOptions, View,
};
use crate::state::{Screen, Tone};
use crate::texts::{Line, Part};
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
    let lang = options.texts.lang.to_string();
    let region_label = options.texts.region_label.to_string();
    // The markup shows the first screen (checking), the same on a server and
    // in the browser. In the browser, the flow then
    // brings the markup up to date with each new screen (see `patch`): no
    // reactive node per attribute and line keeps the component small.
    let first = first_screen(connection_id, &options);
    // The first screen is always the loading one (see `first_screen`): a
    // busy indicator and one line, no action.
    let loading = first.headline.text();
    let action_button = NodeRef::<Button>::new();
    let markup = Rc::new(Markup {
        button: action_button,
        shown: Cell::new(Some(first)),
        pending: Cell::new(None),
        driver: Cell::new(None),
        on_click: Cell::new(None),
    });
    let (shows, follows) = (Rc::clone(&markup), Rc::clone(&markup));
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
            // The widget's host follows the button.
            widget_host: Box::new(move || action_button.try_get_untracked().flatten()?.next_element_sibling()),
            action_button,
        },
    );

    markup.driver.set(Some(flow));
    // Once mounted, and again whenever the `class` prop changes.
    effect(Box::new(move || follows.follow(&class.get())));

    view! {
        <section
            class=classes(&read(class))
            lang=lang
            data-tone="busy"
            aria-label=region_label
            aria-busy="true"
        >
            <span class="aerosync-reconnect__spinner" aria-hidden="true"></span>
            <div class="aerosync-reconnect__message" role="status">
                <p class="aerosync-reconnect__headline">{loading}</p>
            </div>
            <div class="aerosync-reconnect__message" role="alert"></div>
            // One button for as long as the component lives, hidden while the
            // screen offers no action, so that it keeps the focus while its
            // label and busy state change.
            <button
                node_ref=action_button
                type="button"
                class="aerosync-reconnect__button"
                hidden
                aria-busy="false"
            ></button>
            <div class="aerosync-reconnect__widget-host"></div>
        </section>
    }
}

/// What the markup shows, and a newer screen that came while it was not
/// mounted.
struct Markup {
    button: NodeRef<Button>,
    /// Always there, but while the markup is patched.
    shown: Cell<Option<Screen>>,
    pending: Cell<Option<Screen>>,
    /// The flow the button acts on, until the click handler takes it.
    driver: Cell<Option<Driver>>,
    /// The button's click handler, once the markup is mounted.
    on_click: Cell<Option<OnClick>>,
}

impl Markup {
    /// Brings the markup to `now`, or keeps `now` until it is mounted. The
    /// root is the button's parent.
    fn show(&self, now: Screen) {
        match self
            .button
            .try_get_untracked()
            .flatten()
            .and_then(|b| b.parent_element())
        {
            Some(root) => {
                if let Some(was) = self.shown.take() {
                    patch(&root, &was, &now);
                }
                self.shown.set(Some(now));
            }
            None => self.pending.set(Some(now)),
        }
    }

    /// In an effect, once the markup is mounted: the root's classes
    /// (the component's, then `extra`), the button's click handler, and a
    /// screen that came before.
    fn follow(&self, extra: &str) {
        let Some(button) = self.button.try_get_untracked().flatten() else {
            return;
        };
        if let Some(root) = button.parent_element() {
            let _ = root.set_attribute("class", &classes(extra));
        }
        if let Some(driver) = self.driver.take() {
            self.on_click.set(Some(OnClick::new(&button, move || driver.act(None))));
        }
        if let Some(now) = self.pending.take() {
            self.show(now);
        }
    }
}

/// A click handler set on an element; dropping it takes it off again.
struct OnClick {
    element: web_sys::HtmlElement,
    _handler: Closure<dyn Fn()>,
}

impl OnClick {
    fn new(element: &web_sys::HtmlElement, handler: impl Fn() + 'static) -> Self {
        let handler = Closure::<dyn Fn()>::new(handler);
        element.set_onclick(Some(handler.as_ref().unchecked_ref()));
        Self {
            element: element.clone(),
            _handler: handler,
        }
    }
}

impl Drop for OnClick {
    fn drop(&mut self) {
        self.element.set_onclick(None);
    }
}

/// The root's classes: the component's own, then the host's.
fn classes(extra: &str) -> String {
    let mut classes = String::from("aerosync-reconnect");
    let extra = extra.trim();
    if !extra.is_empty() {
        classes.push(' ');
        classes.push_str(extra);
    }
    classes
}

fn bool_text(value: bool) -> &'static str {
    if value {
        "true"
    } else {
        "false"
    }
}

/// The sentences a screen shows in one region, the status region or (for
/// errors) the alert region, with their classes: the headline, then the
/// details; none when the screen's sentences go to the other region.
fn lines(screen: &Screen, errors: bool) -> Vec<(&'static str, &Line)> {
    let mut lines = Vec::new();
    if (screen.tone == Tone::Error) == errors {
        lines.push(("aerosync-reconnect__headline", &screen.headline));
        for line in &screen.details {
            lines.push(("aerosync-reconnect__detail", line));
        }
    }
    lines
}

/// Brings the markup from screen `was` to screen `now`. The markup's shape
/// never changes: a busy indicator, the status region, the alert region, the
/// button and the widget's host, in this order. A region is rewritten only
/// when its sentences change, so that nothing is announced twice.
fn patch(root: &web_sys::Element, was: &Screen, now: &Screen) {
    let _ = root.set_attribute("data-tone", now.tone.class());
    let _ = root.set_attribute("aria-busy", bool_text(now.busy()));
    let Some(spinner) = root.first_element_child() else {
        return;
    };
    let _ = spinner.toggle_attribute_with_force("hidden", now.tone != Tone::Busy);
    let mut region = spinner.next_element_sibling();
    for errors in [false, true] {
        let Some(element) = region else {
            return;
        };
        let lines_now = lines(now, errors);
        if lines(was, errors) != lines_now {
            element.set_text_content(None);
            for (class, line) in lines_now {
                let _ = element.append_with_node_1(&paragraph(class, line));
            }
        }
        region = element.next_element_sibling();
    }
    let Some(button) = region else {
        return;
    };
    let busy = now.action.as_ref().is_some_and(|a| a.busy);
    let _ = button.toggle_attribute_with_force("hidden", now.action.is_none());
    let _ = button.toggle_attribute_with_force("disabled", busy);
    let _ = button.set_attribute("aria-busy", bool_text(busy));
    if label(was) != label(now) {
        button.set_text_content(Some(label(now)));
    }
}

/// The label of a screen's action; empty without one.
fn label(screen: &Screen) -> &str {
    screen.action.as_ref().map_or("", |a| a.label.as_str())
}

/// A sentence, with the account's label isolated in a `<bdi>`: a
/// right-to-left name cannot move the words or digits around it.
fn paragraph(class: &str, line: &Line) -> web_sys::Node {
    let document = document();
    let Ok(p) = document.create_element("p") else {
        return document.create_text_node(&line.text()).into();
    };
    p.set_class_name(class);
    for part in &line.parts {
        match part {
            Part::Text(text) => {
                let _ = p.append_with_str_1(text);
            }
            Part::Account(label) => {
                if let Ok(bdi) = document.create_element("bdi") {
                    bdi.set_class_name("aerosync-reconnect__account");
                    bdi.set_text_content(Some(label));
                    let _ = p.append_with_node_1(&bdi);
                }
            }
        }
    }
    p.into()
}
