//! The page for unknown addresses.

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    crate::mark_hydrated();
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Not found" />
        <section class="empty-state">
            <h1>"Nothing here"</h1>
            <p>"This address does not match any page of Flotilla."</p>
            <a class="button primary" href="/">
                "Open the release calendar"
            </a>
        </section>
    }
}
