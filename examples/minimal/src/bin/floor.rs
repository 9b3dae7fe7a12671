//! The floor: a bare Leptos page that shows "hello", built the same way.

use leptos::prelude::*;

fn main() {
    leptos::mount::mount_to_body(|| view! { <p>"hello"</p> });
}
