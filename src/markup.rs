//! The component's markup, kept up to date with plain DOM calls, and
//! [`mount`]: the component without Leptos, for any page (the
//! `<aerosync-reconnect>` custom element is a shell over it).
//!
//! The markup's shape never changes: a busy indicator, the status region,
//! the alert region, the button and the widget's host, in this order, in a
//! `<section class="aerosync-reconnect">`.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::flow::{ReconnectEvent, ReconnectOptions, Running, View};
use crate::state::{Screen, Tone};
use crate::texts::{Line, Part};
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
    let root = skeleton(host, &options.texts.lang, &options.texts.region_label);
    let markup = Rc::new(Markup {
        root,
        // Nothing shown yet: the first screen writes every part.
        shown: Shown::new(Screen {
            tone: Tone::Busy,
            headline: Line::default(),
            details: Vec::new(),
            action: None,
        }),
        on_click: Cell::new(None),
    });
    let (shows, buttons, hosts) = (Rc::clone(&markup), Rc::clone(&markup), Rc::clone(&markup));
    let running = Running::new(
        environment,
        options,
        View {
            show: Box::new(move |now| shows.show(now)),
            on_label: None,
            widget_host: Box::new(move || hosts.root.as_ref()?.last_element_child()),
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

    /// The action button: the root's fourth child.
    fn button(&self) -> Option<web_sys::HtmlButtonElement> {
        self.root
            .as_ref()?
            .last_element_child()?
            .previous_element_sibling()?
            .dyn_into()
            .ok()
    }
}

/// The component's root, appended to `host`, with its parts empty and
/// hidden: the first screen fills them. The same markup as the Leptos view
/// (a browser test compares them).
fn skeleton(host: &web_sys::Element, lang: &str, label: &str) -> Option<web_sys::Element> {
    let root = host.owner_document()?.create_element("section").ok()?;
    let _ = root.set_attribute("class", "aerosync-reconnect");
    let _ = root.set_attribute("lang", lang);
    let _ = root.set_attribute("aria-label", label);
    // A constant: no text from outside goes into markup (the texts above are
    // attribute values, the lines are written as text nodes by `patch`).
    root.set_inner_html(concat!(
        r#"<span class="aerosync-reconnect__spinner" aria-hidden="true"></span>"#,
        r#"<div class="aerosync-reconnect__message" role="status"></div>"#,
        r#"<div class="aerosync-reconnect__message" role="alert"></div>"#,
        r#"<button type="button" class="aerosync-reconnect__button" hidden="" aria-busy="false"></button>"#,
        r#"<div class="aerosync-reconnect__widget-host"></div>"#,
    ));
    let _ = host.append_with_node_1(&root);
    Some(root)
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

/// The root's classes: the component's own, then the host's.
pub(crate) fn classes(extra: &str) -> String {
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
        let lines_now = lines(now, errors);
        if lines(was, errors) != lines_now {
            element.set_text_content(None);
            if let Some(document) = element.owner_document() {
                for (class, line) in lines_now {
                    let _ = element.append_with_node_1(&paragraph(&document, class, line));
                }
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
fn paragraph(document: &web_sys::Document, class: &str, line: &Line) -> web_sys::Node {
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
