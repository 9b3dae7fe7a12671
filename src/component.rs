//! The Leptos view: a thin layer over [`use_reconnect`].

use leptos::either::Either;
use leptos::prelude::*;

use crate::error::ReconnectError;
use crate::hook::{use_reconnect, DifferentAccount, ReconnectOptions, UseReconnectOptions};
use crate::state::Tone;
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
    /// The Aerosync environment the widget runs against.
    #[prop(into)]
    environment: Signal<Environment>,
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
    /// More CSS classes for the component's root element.
    #[prop(optional, into)]
    class: MaybeProp<String>,
) -> impl IntoView {
    let lang = options.texts.lang.to_string();
    let region_label = options.texts.region_label.to_string();
    let flow = use_reconnect(
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
    );
    let screen = flow.screen;
    let tone = Memo::new(move |_| screen.with(|s| s.tone));
    let has_action = Memo::new(move |_| screen.with(|s| s.action.is_some()));
    let action_busy = move || screen.with(|s| s.action.as_ref().is_some_and(|a| a.busy));
    // The sentences of the current screen, in the status region or (errors)
    // in the alert region.
    let message = move |errors: bool| {
        move || {
            screen.with(|screen| {
                ((screen.tone == Tone::Error) == errors).then(|| {
                    std::iter::once(("aerosync-reconnect__headline", &screen.headline))
                        .chain(screen.details.iter().map(|line| ("aerosync-reconnect__detail", line)))
                        .map(|(class, line)| view! { <p class=class>{line_view(line)}</p> })
                        .collect_view()
                })
            })
        }
    };
    let classes = move || match class.get() {
        Some(extra) if !extra.trim().is_empty() => {
            let mut classes = String::from("aerosync-reconnect ");
            classes.push_str(extra.trim());
            classes
        }
        _ => "aerosync-reconnect".to_owned(),
    };

    view! {
        <section
            class=classes
            lang=lang
            data-tone=move || tone.get().class()
            aria-label=region_label
            aria-busy=move || if flow.busy.get() { "true" } else { "false" }
        >
            {move || {
                (tone.get() == Tone::Busy)
                    .then(|| view! { <span class="aerosync-reconnect__spinner" aria-hidden="true"></span> })
            }}
            <div class="aerosync-reconnect__message" role="status">
                {message(false)}
            </div>
            <div class="aerosync-reconnect__message" role="alert">
                {message(true)}
            </div>
            // One button for as long as the screens offer an action, so that
            // it keeps the focus while its label and busy state change.
            {move || {
                has_action
                    .get()
                    .then(|| {
                        view! {
                            <button
                                node_ref=flow.action_button
                                type="button"
                                class="aerosync-reconnect__button"
                                disabled=action_busy
                                aria-busy=move || if action_busy() { "true" } else { "false" }
                                on:click=move |_| flow.act.run(())
                            >
                                {move || screen.with(|s| s.action.as_ref().map(|a| a.label.clone()).unwrap_or_default())}
                            </button>
                        }
                    })
            }}
            <div node_ref=flow.widget_host class="aerosync-reconnect__widget-host"></div>
        </section>
    }
}

/// A sentence, with the account's label isolated in a `<bdi>`: a
/// right-to-left name cannot move the words or digits around it.
fn line_view(line: &Line) -> impl IntoView {
    line.parts
        .iter()
        .map(|part| match part {
            Part::Text(text) => Either::Left(text.clone()),
            Part::Account(label) => {
                Either::Right(view! { <bdi class="aerosync-reconnect__account">{label.clone()}</bdi> })
            }
        })
        .collect_view()
}
