//! The top bar: product name, the places, and the theme switch.

use super::theme::ThemeToggle;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Header() -> impl IntoView {
    view! {
        <header class="topbar">
            <a class="brand" href="/">
                <svg class="brand-mark" viewBox="0 0 24 24" aria-hidden="true">
                    <path d="M12 3v13M12 3l7 11h-7M12 5L6 14h6" />
                    <path d="M4 18h16l-2 3H6z" />
                </svg>
                <span class="brand-text">"Flotilla"</span>
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
