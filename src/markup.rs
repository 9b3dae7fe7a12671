//! The component's markup in the page: put there as [`render`](crate::render)
//! writes it, then kept up to date with plain DOM calls; and [`mount`]: the
//! component without Leptos, for any page (the `<aerosync-reconnect>` custom
//! element is a shell over it).

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::flow::{first_screen, ReconnectEvent, ReconnectOptions, Running, View};
use crate::render::{self, bool_text, label_of};
use crate::state::{Screen, Tone};
use crate::widget::Environment;

/// The props of [`mount`]: those of [`ReconnectBank`](crate::ReconnectBank),
/// as plain values.
#[derive(Debug, Clone, Default)]
pub struct MountProps {
    /// Base URL under which your backend answers `GET accounts/{connectionId}`
    /// and `POST widget-token`.
    pub api_base: String,
    /// The connection to check and repair. It is never replaced by another.
    pub connection_id: String,
    /// The user's `aeroPassUserUuid`, handed to the widget.
    pub aero_pass_user_uuid: String,
    /// The Aerosync environment the widget runs against.
    pub environment: Environment,
    /// Less common settings and the texts.
    pub options: ReconnectOptions,
}

/// The component mounted by [`mount`]. Dropping it unmounts it: the request
/// in flight is aborted, the widget closed, the markup and its listener
/// removed.
#[must_use = "dropping it unmounts the component"]
pub struct Mounted {
    _running: Running,
    markup: Rc<Markup>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.markup.on_click.take();
        if let Some(root) = &self.markup.root {
            root.remove();
        }
    }
}

/// Mounts the component at the end of `host` without Leptos: the same
/// markup, texts and flow as [`ReconnectBank`](crate::ReconnectBank), and
/// `on_event` told what its callbacks would be. It checks the connection's
/// status at once. To follow new props, drop it and mount again.
///
/// ```no_run
/// use aerosync_reconnect::{mount, Environment, MountProps, Mounted, ReconnectEvent};
///
/// fn show_in(host: &web_sys::Element) -> Mounted {
///     let props = MountProps {
///         api_base: "/api/aerosync".into(),
///         connection_id: "7b0e6c1a-5d2f-4e8a-9c3b-0001".into(),
///         aero_pass_user_uuid: "3f6e1c2a-user".into(),
///         environment: Environment::Production,
///         ..MountProps::default()
///     };
///     mount(host, props, |event| {
///         if let ReconnectEvent::Reconnected(id) = event {
///             web_sys::console::log_1(&id.into());
///         }
///     })
/// }
/// // Dropping what `show_in` returned unmounts the component.
/// ```
pub fn mount(host: &web_sys::Element, props: MountProps, on_event: impl Fn(ReconnectEvent) + 'static) -> Mounted {
    let MountProps {
        api_base,
        connection_id,
        aero_pass_user_uuid,
        environment,
        options,
    } = props;
    let (first, html) = first_markup(&connection_id, &options, "");
    // `render` escapes every outside text it writes (see `escape_into`).
    let _ = host.insert_adjacent_html("beforeend", &html);
    let markup = Rc::new(Markup {
        root: host.last_element_child(),
        shown: Shown::new(first),
        on_click: Cell::new(None),
    });
    let (shows, buttons, hosts) = (Rc::clone(&markup), Rc::clone(&markup), Rc::clone(&markup));
    let running = Running::new(
        environment,
        options,
        View {
            show: Box::new(move |now| shows.show(now)),
            on_label: None,
            widget_host: Box::new(move || widget_host_of(hosts.root.as_ref()?)),
            action_button: Box::new(move || buttons.button()),
        },
        Box::new(on_event),
    );
    let driver = running.driver();
    if let Some(button) = markup.button() {
        let acts = driver.clone();
        markup.on_click.set(Some(OnClick::new(&button, move || acts.act(None))));
    }
    driver.start(api_base, connection_id, aero_pass_user_uuid);
    Mounted {
        _running: running,
        markup,
    }
}

/// What [`mount`] keeps of its markup.
struct Markup {
    /// Always there: every element belongs to a document.
    root: Option<web_sys::Element>,
    shown: Shown,
    on_click: Cell<Option<OnClick>>,
}

impl Markup {
    fn show(&self, now: Screen) {
        if let Some(root) = &self.root {
            self.shown.patch_to(root, now);
        }
    }

    fn button(&self) -> Option<web_sys::HtmlButtonElement> {
        button_of(self.root.as_ref()?)
    }
}

/// The first screen (loading) and the component's markup for it, with
/// `extra` classes on the root: what every view puts in the page first.
pub(crate) fn first_markup(connection_id: &str, options: &ReconnectOptions, extra: &str) -> (Screen, String) {
    let first = first_screen(connection_id, options);
    let texts = &options.texts;
    let html = render::section(&first, &texts.lang, &texts.region_label, &render::classes(extra));
    (first, html)
}

/// The action button in the component's `root`: its fourth child.
pub(crate) fn button_of(root: &web_sys::Element) -> Option<web_sys::HtmlButtonElement> {
    root.last_element_child()?.previous_element_sibling()?.dyn_into().ok()
}

/// The widget's host in the component's `root`: its last child.
pub(crate) fn widget_host_of(root: &web_sys::Element) -> Option<web_sys::Element> {
    root.last_element_child()
}

/// The screen the markup shows now (always there, but while it is patched).
pub(crate) struct Shown(Cell<Option<Screen>>);

impl Shown {
    pub(crate) fn new(screen: Screen) -> Self {
        Self(Cell::new(Some(screen)))
    }

    /// Brings `root`'s markup to `now`.
    pub(crate) fn patch_to(&self, root: &web_sys::Element, now: Screen) {
        if let Some(was) = self.0.take() {
            patch(root, &was, &now);
        }
        self.0.set(Some(now));
    }
}

/// A click handler set on an element; dropping it takes it off again.
pub(crate) struct OnClick {
    element: web_sys::HtmlElement,
    _handler: Closure<dyn Fn()>,
}

impl OnClick {
    pub(crate) fn new(element: &web_sys::HtmlElement, handler: impl Fn() + 'static) -> Self {
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

/// Brings the markup from screen `was` to screen `now`, in the shape
/// [`render::section`] wrote it. A region is rewritten only when its
/// sentences change, so that nothing is announced twice.
pub(crate) fn patch(root: &web_sys::Element, was: &Screen, now: &Screen) {
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
        if render::region_lines(was, errors) != render::region_lines(now, errors) {
            // `render` escapes every outside text it writes (see `escape_into`).
            element.set_inner_html(&render::region(now, errors));
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
    if label_of(was) != label_of(now) {
        button.set_text_content(Some(label_of(now)));
    }
}
