//! The top bar: product name, the places, and the theme switch.

use super::theme::ThemeToggle;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Header() -> impl IntoView {
    view! {
        <header class="topbar">
            <a class="brand" href="/">
                <span class="brand-mark" aria-hidden="true">
                    "⛵"
                </span>
                "Flotilla"
            </a>
            <nav class="places" aria-label="Places">
                <A href="/" exact=true>
                    "Calendar"
                </A>
                <A href="/ships">"What ships when"</A>
            </nav>
            <div class="topbar-end">
                <ThemeToggle />
            </div>
        </header>
    }
}
