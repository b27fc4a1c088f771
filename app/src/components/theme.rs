//! Light/dark switch. Follows the system until the person picks one; the pick is remembered.

use leptos::prelude::*;

#[component]
pub fn ThemeToggle() -> impl IntoView {
    let on_click = move |_| {
        #[cfg(feature = "hydrate")]
        {
            let Some(root) = document().document_element() else {
                return;
            };
            let current = root.get_attribute("data-theme").unwrap_or_else(|| {
                let dark = window()
                    .match_media("(prefers-color-scheme: dark)")
                    .ok()
                    .flatten()
                    .is_some_and(|m| m.matches());
                if dark { "dark" } else { "light" }.to_owned()
            });
            let next = if current == "dark" { "light" } else { "dark" };
            let _ = root.set_attribute("data-theme", next);
            if let Ok(Some(storage)) = window().local_storage() {
                let _ = storage.set_item("flotilla-theme", next);
            }
        }
    };
    view! {
        <button
            type="button"
            class="icon-button theme-toggle"
            on:click=on_click
            aria-label="Switch between light and dark theme"
            title="Switch theme"
        >
            <span class="theme-icon-light" aria-hidden="true">
                "☀"
            </span>
            <span class="theme-icon-dark" aria-hidden="true">
                "☾"
            </span>
        </button>
    }
}
