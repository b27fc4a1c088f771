//! Live updates in the browser: one EventSource on `/events` for the page's lifetime. Every
//! change anyone commits bumps [`LiveVersion`], and the data that depends on it reloads.

use super::session::CurrentUser;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct LiveVersion(pub RwSignal<u32>);

impl LiveVersion {
    pub fn get() -> Self {
        expect_context()
    }

    /// Provides the counter and, in the browser, connects once someone is signed in.
    pub fn provide(user: CurrentUser) {
        let version = Self(RwSignal::new(0));
        provide_context(version);
        Effect::new(move |connected: Option<bool>| {
            if connected == Some(true) {
                return true;
            }
            if user.now().is_none() {
                return false;
            }
            #[cfg(feature = "hydrate")]
            connect(version.0);
            true
        });
    }
}

#[cfg(feature = "hydrate")]
fn connect(version: RwSignal<u32>) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    let Ok(source) = web_sys::EventSource::new("/events") else {
        return;
    };
    let bump = Closure::<dyn Fn()>::new(move || version.update(|v| *v += 1));
    for event in ["change", "reload"] {
        let _ = source.add_event_listener_with_callback(event, bump.as_ref().unchecked_ref());
    }
    // After a dropped connection the browser reconnects by itself; changes made meanwhile were
    // missed, so reload on every reconnect (not on the first open).
    let opened = std::cell::Cell::new(false);
    let on_open = Closure::<dyn Fn()>::new(move || {
        if opened.replace(true) {
            version.update(|v| *v += 1);
        }
    });
    source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    // The page keeps one connection for as long as it is open.
    bump.forget();
    on_open.forget();
    std::mem::forget(source);
}
