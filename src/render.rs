//! The component's markup, written once, as HTML text: the whole component
//! for a screen (what a server renders, what [`mount`](crate::mount) and
//! [`ReconnectBank`](crate::ReconnectBank) put in the page), and the
//! sentences of one region (what `patch` in `markup.rs` writes when they
//! change). Pure: every outside text is escaped here, and tested natively.
//!
//! The markup's shape never changes: a busy indicator, the status region,
//! the alert region, the button and the widget's host, in this order, in a
//! `<section class="aerosync-reconnect">`.

use crate::state::{Screen, Tone};
use crate::texts::{Line, Part};

/// The class of the element [`ReconnectBank`](crate::ReconnectBank) wraps the
/// component in: the stylesheet makes it `display: contents`.
pub(crate) const HOST_CLASS: &str = "aerosync-reconnect-host";

/// The whole component showing `screen`: its root's `lang`, `aria-label`
/// (the region's name) and classes, then its five parts.
pub(crate) fn section(screen: &Screen, lang: &str, label: &str, classes: &str) -> String {
    let mut html = String::from("<section class=\"");
    escape_into(&mut html, classes);
    html.push_str("\" lang=\"");
    escape_into(&mut html, lang);
    html.push_str("\" aria-label=\"");
    escape_into(&mut html, label);
    html.push_str("\" data-tone=\"");
    html.push_str(screen.tone.class());
    html.push_str("\" aria-busy=\"");
    html.push_str(bool_text(screen.busy()));
    html.push_str("\"><span class=\"aerosync-reconnect__spinner\" aria-hidden=\"true\"");
    if screen.tone != Tone::Busy {
        html.push_str(" hidden");
    }
    html.push_str("></span><div class=\"aerosync-reconnect__message\" role=\"status\">");
    html.push_str(&region(screen, false));
    html.push_str("</div><div class=\"aerosync-reconnect__message\" role=\"alert\">");
    html.push_str(&region(screen, true));
    // One button for as long as the component lives, hidden while the screen
    // offers no action, so that it keeps the focus while its label and busy
    // state change.
    html.push_str("</div><button type=\"button\" class=\"aerosync-reconnect__button\"");
    let busy = screen.action.as_ref().is_some_and(|a| a.busy);
    if screen.action.is_none() {
        html.push_str(" hidden");
    }
    if busy {
        html.push_str(" disabled");
    }
    html.push_str(" aria-busy=\"");
    html.push_str(bool_text(busy));
    html.push_str("\">");
    escape_into(&mut html, label_of(screen));
    html.push_str("</button><div class=\"aerosync-reconnect__widget-host\"></div></section>");
    html
}

/// The sentences `screen` shows in one region, the status region or (for
/// errors) the alert region: the headline, then the details, each a `<p>`
/// with the account's label isolated in a `<bdi>` (a right-to-left name
/// cannot move the words or digits around it); empty when the screen's
/// sentences go to the other region.
pub(crate) fn region(screen: &Screen, errors: bool) -> String {
    let mut html = String::new();
    let Some((headline, details)) = region_lines(screen, errors) else {
        return html;
    };
    let lines = std::iter::once(("headline", headline)).chain(details.iter().map(|l| ("detail", l)));
    for (class, line) in lines {
        html.push_str("<p class=\"aerosync-reconnect__");
        html.push_str(class);
        html.push_str("\">");
        for part in &line.parts {
            match part {
                Part::Text(text) => escape_into(&mut html, text),
                Part::Account(label) => {
                    html.push_str("<bdi class=\"aerosync-reconnect__account\">");
                    escape_into(&mut html, label);
                    html.push_str("</bdi>");
                }
            }
        }
        html.push_str("</p>");
    }
    html
}

/// The headline and details `screen` shows in one region (see [`region`]);
/// `None` when they go to the other one.
pub(crate) fn region_lines(screen: &Screen, errors: bool) -> Option<(&Line, &[Line])> {
    ((screen.tone == Tone::Error) == errors).then_some((&screen.headline, screen.details.as_slice()))
}

/// The label of a screen's action; empty without one.
pub(crate) fn label_of(screen: &Screen) -> &str {
    screen.action.as_ref().map_or("", |a| a.label.as_str())
}

/// `"true"` or `"false"`, as ARIA writes them.
pub(crate) fn bool_text(value: bool) -> &'static str {
    if value {
        "true"
    } else {
        "false"
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

/// Appends `text`, escaped for HTML text and double-quoted attribute values.
fn escape_into(html: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '"' => html.push_str("&quot;"),
            '\'' => html.push_str("&#39;"),
            other => html.push(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{Action, ScreenAction};

    fn screen(tone: Tone, action: Option<(&str, bool)>) -> Screen {
        Screen {
            tone,
            headline: Line {
                parts: vec![
                    Part::Text("Reconnect <b>".into()),
                    Part::Account("\"Chase\" & Co".into()),
                ],
            },
            details: vec![Line::from("It's fine.")],
            action: action.map(|(label, busy)| ScreenAction {
                action: Action::Reconnect,
                label: label.into(),
                busy,
            }),
        }
    }

    #[test]
    fn the_loading_screen_is_the_documented_markup() {
        let loading = Screen {
            tone: Tone::Busy,
            headline: Line::from("Checking…"),
            details: Vec::new(),
            action: None,
        };
        assert_eq!(
            section(&loading, "en", "Bank connection", "aerosync-reconnect row"),
            concat!(
                r#"<section class="aerosync-reconnect row" lang="en" aria-label="Bank connection" data-tone="busy" aria-busy="true">"#,
                r#"<span class="aerosync-reconnect__spinner" aria-hidden="true"></span>"#,
                r#"<div class="aerosync-reconnect__message" role="status"><p class="aerosync-reconnect__headline">Checking…</p></div>"#,
                r#"<div class="aerosync-reconnect__message" role="alert"></div>"#,
                r#"<button type="button" class="aerosync-reconnect__button" hidden aria-busy="false"></button>"#,
                r#"<div class="aerosync-reconnect__widget-host"></div></section>"#,
            )
        );
    }

    #[test]
    fn outside_text_is_escaped_and_the_account_isolated() {
        let html = region(&screen(Tone::Warning, None), false);
        assert_eq!(
            html,
            concat!(
                r#"<p class="aerosync-reconnect__headline">Reconnect &lt;b&gt;"#,
                r#"<bdi class="aerosync-reconnect__account">&quot;Chase&quot; &amp; Co</bdi></p>"#,
                r#"<p class="aerosync-reconnect__detail">It&#39;s fine.</p>"#
            )
        );
        let html = section(&screen(Tone::Warning, None), "\"><x", "<y>", "a\"b");
        assert!(
            !html.contains("<x") && !html.contains("<y>") && !html.contains("a\"b"),
            "{html}"
        );
    }

    #[test]
    fn errors_go_to_the_alert_region_and_actions_to_the_button() {
        let error = screen(Tone::Error, Some(("Try again", false)));
        assert!(region(&error, false).is_empty());
        assert!(region(&error, true).starts_with("<p class=\"aerosync-reconnect__headline\">"));
        let html = section(&error, "en", "x", "aerosync-reconnect");
        assert!(
            html.contains(
                r#"<button type="button" class="aerosync-reconnect__button" aria-busy="false">Try again</button>"#
            ),
            "{html}"
        );
        assert!(html.contains(r#"aria-hidden="true" hidden>"#), "{html}");
        let busy = section(&screen(Tone::Warning, Some(("Opening…", true))), "en", "x", "c");
        assert!(
            busy.contains(r#" disabled aria-busy="true">Opening…</button>"#),
            "{busy}"
        );
        assert!(busy.contains(r#"data-tone="warning" aria-busy="true""#), "{busy}");
    }

    #[test]
    fn the_root_classes_are_the_components_then_the_hosts() {
        assert_eq!(classes(""), "aerosync-reconnect");
        assert_eq!(classes("  row wide "), "aerosync-reconnect row wide");
    }
}
