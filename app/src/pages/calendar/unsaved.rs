//! Asking before unsaved work in the side panel is thrown away: by Escape, a link (the close
//! and Cancel links, a chip, the stepper), a click on a day behind the panel, or leaving the
//! page.

use leptos::prelude::*;

const QUESTION: &str = "Discard your unsaved changes to this release?";

/// Whether the panel's form has changes not saved yet. Typing sets it; a save, a discard, or
/// another panel clears it.
#[derive(Clone, Copy)]
pub struct Unsaved(RwSignal<bool>);

impl Unsaved {
    /// Starts guarding: the listeners stay while the panel is open.
    pub fn guard() -> Self {
        let unsaved = Self(RwSignal::new(false));
        #[cfg(feature = "hydrate")]
        unsaved.listen();
        unsaved
    }

    pub fn changed(self) {
        if !self.0.get_untracked() {
            self.0.set(true);
        }
    }

    pub fn forget(self) {
        self.0.set(false);
    }

    /// Whether the person may go on: nothing is unsaved, or they chose to discard it.
    pub fn may_leave(self) -> bool {
        if !self.0.get_untracked() {
            return true;
        }
        let discard = window().confirm_with_message(QUESTION).unwrap_or(true);
        if discard {
            self.forget();
        }
        discard
    }

    #[cfg(feature = "hydrate")]
    fn listen(self) {
        use send_wrapper::SendWrapper;
        use wasm_bindgen::JsCast;
        use wasm_bindgen::closure::Closure;

        // On the document, in the capture phase: before the router acts on a link (it listens
        // on the window) and before the calendar acts on a day.
        let on_click =
            Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
                if discards(&ev) {
                    self.forget();
                } else if leaves(&ev) && !self.may_leave() {
                    ev.prevent_default();
                    ev.stop_propagation();
                }
            })
            .into_js_value();
        let _ = document().add_event_listener_with_callback_and_bool(
            "click",
            on_click.unchecked_ref(),
            true,
        );
        let on_click = SendWrapper::new(on_click);
        let unload = window_event_listener(leptos::ev::beforeunload, move |ev| {
            if self.0.get_untracked() {
                ev.prevent_default();
            }
        });
        on_cleanup(move || {
            let _ = document().remove_event_listener_with_callback_and_bool(
                "click",
                on_click.unchecked_ref(),
                true,
            );
            unload.remove();
        });
    }
}

/// Whether a click is on a control that throws the changes away on purpose ("Load the current
/// version", marked `data-discards`): nothing to ask.
#[cfg(feature = "hydrate")]
fn discards(ev: &web_sys::MouseEvent) -> bool {
    use wasm_bindgen::JsCast;
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("[data-discards]").ok().flatten())
        .is_some()
}

/// Whether a click would take the person away from the form: any link, or a day of the month
/// (which plans a new release there).
#[cfg(feature = "hydrate")]
fn leaves(ev: &web_sys::MouseEvent) -> bool {
    use wasm_bindgen::JsCast;
    if ev.button() != 0 || ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key() {
        return false;
    }
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("a[href], .day").ok().flatten())
        .is_some()
}
