//! Flotilla's shared library: domain rules, server functions and the UI, compiled for the
//! server (feature `ssr`) and for the browser (feature `hydrate`).

pub mod api;
#[cfg(feature = "ssr")]
pub mod auth;
pub mod components;
#[cfg(feature = "ssr")]
pub mod csp;
pub mod domain;
pub mod error;
pub mod pages;
pub mod read;
#[cfg(feature = "ssr")]
pub mod store;
pub mod wire;

use components::header::Header;
use components::live::Live;
use components::session::CurrentUser;
use components::toast::{ToastRegion, Toasts};
use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{Lazy, SsrMode, path};
use pages::calendar::CalendarPage;
use pages::not_found::NotFound;
use pages::{
    ChecklistsRoute, MapRoute, PeopleRoute, SetupRoute, ShipsRoute, SignInRoute, TokensRoute,
};

/// Applies the saved theme before first paint, so a dark-mode user never sees a white flash.
const THEME_BOOT: &str = "try{var t=localStorage.getItem('flotilla-theme');if(t)document.documentElement.dataset.theme=t}catch(e){}";

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let nonce = leptos::nonce::use_nonce();
    #[cfg(feature = "ssr")]
    if let Some(nonce) = &nonce {
        csp::send_for_page(nonce);
    }
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <link rel="icon" href="data:," />
                <script nonce=nonce inner_html=THEME_BOOT></script>
                <link rel="stylesheet" href="/pkg/flotilla.css" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Marks the page interactive once the routed page has hydrated (effects run only in the
/// browser, after hydration; a lazy route hydrates only once its code has arrived), for
/// people's tools and the browser tests. Every routed page calls it.
pub fn mark_hydrated() {
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    Toasts::provide();
    let user = CurrentUser::provide();
    Live::provide(user);
    view! {
        <Title formatter=|page: String| {
            if page.is_empty() { "Flotilla".to_owned() } else { format!("{page} · Flotilla") }
        } />
        <Router>
            <a class="skip-link" href="#main">
                "Skip to content"
            </a>
            <Header />
            <main id="main" tabindex="-1">
                <Routes fallback=NotFound>
                    // Async: the server waits for the data before sending the page, so it is
                    // complete without JavaScript (streamed chunks would need a script to show).
                    <Route path=path!("/") view=CalendarPage ssr=SsrMode::Async />
                    <Route path=path!("/ships") view={Lazy::<ShipsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/map") view={Lazy::<MapRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/sign-in") view={Lazy::<SignInRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/setup") view={Lazy::<SetupRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/users") view={Lazy::<PeopleRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/checklists") view={Lazy::<ChecklistsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/settings/tokens") view={Lazy::<TokensRoute>::new()} ssr=SsrMode::Async />
                </Routes>
            </main>
            <ToastRegion />
        </Router>
    }
}
